"""The CJK font of the PDF: a TrueType-outline font found on this machine, embedded as a subset.

reportlab embeds TrueType (``glyf``) outlines only; OpenType/CFF fonts such as Noto CJK fail with
"postscript outlines are not supported", so every candidate is tried and the first that loads and
has Chinese glyphs wins. When none does, the PDF falls back to reportlab's built-in
``STSong-Light``, which is *not* embedded: the PDF then depends on the reader's fonts, and the
caller is told so (:attr:`PdfFont.warning`).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont

FALLBACK = "STSong-Light"
FALLBACK_WARNING = (
    "未找到可嵌入的中文 TrueType 字体，已改用 PDF 阅读器自带的 STSong-Light 字体（未嵌入）："
    "这份 PDF 不是自包含的，在其他电脑或打印机上中文可能显示为空白或被替换。"
    "请安装 文泉驿微米黑（fonts-wqy-microhei）、宋体或微软雅黑后重新导出。"
)


@dataclass(frozen=True)
class FontCandidate:
    """A font file to try: its path, the face inside a ``.ttc`` collection, and a display name."""

    path: str
    name: str
    subfont: int = 0


@dataclass(frozen=True)
class PdfFont:
    """The font the PDF is set in."""

    name: str
    """The reportlab font name to use in styles."""
    display: str
    """The font's own name, shown to the user (``WenQuanYi Micro Hei``, ``STSong-Light``)."""
    path: str | None
    embedded: bool
    warning: str | None = None


def _windows_fonts() -> list[FontCandidate]:
    root = Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts"
    return [
        FontCandidate(str(root / "simsun.ttc"), "SimSun"),
        FontCandidate(str(root / "simhei.ttf"), "SimHei"),
        FontCandidate(str(root / "msyh.ttc"), "Microsoft YaHei"),
        FontCandidate(str(root / "msyh.ttf"), "Microsoft YaHei"),
        FontCandidate(str(root / "simkai.ttf"), "KaiTi"),
        FontCandidate(str(root / "simfang.ttf"), "FangSong"),
    ]


def _mac_fonts() -> list[FontCandidate]:
    return [
        FontCandidate("/System/Library/Fonts/Supplemental/Songti.ttc", "Songti SC"),
        FontCandidate("/Library/Fonts/Songti.ttc", "Songti SC"),
        FontCandidate("/System/Library/Fonts/PingFang.ttc", "PingFang SC"),
        FontCandidate("/System/Library/Fonts/STHeiti Light.ttc", "STHeiti"),
        FontCandidate("/System/Library/Fonts/STHeiti Medium.ttc", "STHeiti"),
        FontCandidate("/Library/Fonts/Arial Unicode.ttf", "Arial Unicode MS"),
        FontCandidate("/System/Library/Fonts/Supplemental/Arial Unicode.ttf", "Arial Unicode MS"),
    ]


def _linux_fonts() -> list[FontCandidate]:
    return [
        FontCandidate("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", "WenQuanYi Micro Hei"),
        FontCandidate("/usr/share/fonts/wqy-microhei/wqy-microhei.ttc", "WenQuanYi Micro Hei"),
        FontCandidate("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", "WenQuanYi Zen Hei"),
        FontCandidate("/usr/share/fonts/truetype/arphic/uming.ttc", "AR PL UMing"),
        FontCandidate("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf", "Droid Sans Fallback"),
    ]


def _bundled_fonts() -> list[FontCandidate]:
    """The font a frozen bundle carries (packaging/budgetforms.spec), for machines without one."""
    from ..locations import resource

    return [FontCandidate(str(resource("fonts", "wqy-microhei.ttc")), "WenQuanYi Micro Hei")]


def default_candidates() -> list[FontCandidate]:
    """This platform's usual CJK TrueType fonts, best first, then the one a bundle carries."""
    if sys.platform == "win32":
        return _windows_fonts() + _bundled_fonts()
    if sys.platform == "darwin":
        return _mac_fonts() + _bundled_fonts()
    return _linux_fonts() + _bundled_fonts()


@cache
def _register_ttf(path: str, subfont: int) -> str | None:
    """Register *path* with reportlab once; its reportlab name, or ``None`` when it cannot be used
    (missing, PostScript outlines, no Chinese glyphs)."""
    if not os.path.isfile(path):
        return None
    rl_name = f"BF-{Path(path).stem}-{subfont}"
    try:
        font = TTFont(rl_name, path, subfontIndex=subfont)
    except Exception:  # reportlab raises TTFError and assorted errors for unusable files
        return None
    if not all(ord(ch) in font.face.charToGlyph for ch in "申报项目金额"):
        return None
    pdfmetrics.registerFont(font)
    # one face for every style: the forms use size, not weight, to mark titles
    pdfmetrics.registerFontFamily(rl_name, normal=rl_name, bold=rl_name, italic=rl_name, boldItalic=rl_name)
    return rl_name


@cache
def _register_fallback() -> str:
    pdfmetrics.registerFont(UnicodeCIDFont(FALLBACK))
    pdfmetrics.registerFontFamily(FALLBACK, normal=FALLBACK, bold=FALLBACK, italic=FALLBACK, boldItalic=FALLBACK)
    return FALLBACK


def find_font(candidates: Iterable[FontCandidate | str | os.PathLike[str]] | None = None) -> PdfFont:
    """The first usable CJK TrueType font of *candidates* (default: this platform's list), or the
    non-embedded ``STSong-Light`` fallback with a warning. Paths may be given as plain strings."""
    seq: Sequence = default_candidates() if candidates is None else list(candidates)
    for cand in seq:
        if not isinstance(cand, FontCandidate):
            cand = FontCandidate(os.fspath(cand), Path(cand).stem)
        rl_name = _register_ttf(cand.path, cand.subfont)
        if rl_name is not None:
            return PdfFont(name=rl_name, display=cand.name, path=cand.path, embedded=True)
    return PdfFont(name=_register_fallback(), display=FALLBACK, path=None, embedded=False, warning=FALLBACK_WARNING)

