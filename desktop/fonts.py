"""The UI font, named explicitly so that Chinese never falls to a font without CJK glyphs."""

from __future__ import annotations

import sys

from desktop.qt import QFont, QFontDatabase

PREFERRED = {
    "win32": ("Microsoft YaHei UI", "Microsoft YaHei", "SimSun", "SimHei"),
    "darwin": ("PingFang SC", "Hiragino Sans GB", "Songti SC", "STHeiti"),
}
LINUX = ("WenQuanYi Micro Hei", "Noto Sans CJK SC", "Source Han Sans SC", "Droid Sans Fallback")


def ui_font_family() -> str | None:
    """The first installed CJK family of this platform's list, else the font a frozen bundle
    carries (packaging/budgetforms.spec), or ``None``."""
    families = set(QFontDatabase.families())
    for name in PREFERRED.get(sys.platform, LINUX):
        if name in families:
            return name
    from forms.locations import resource

    bundled = resource("fonts", "wqy-microhei.ttc")
    if bundled.is_file():
        loaded = QFontDatabase.addApplicationFont(str(bundled))
        if loaded >= 0:
            names = QFontDatabase.applicationFontFamilies(loaded)
            if names:
                return names[0]
    return None


def apply_ui_font(app) -> str | None:
    family = ui_font_family()
    if family:
        font = QFont(family)
        font.setPointSize(10)
        app.setFont(font)
    return family
