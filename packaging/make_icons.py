"""Render resources/icons/budgetforms.svg to the PNG sizes desktops use (16 … 256), with Qt's own
SVG renderer: ``.venv/bin/python packaging/make_icons.py``. The PNGs are committed; run it again
after changing the SVG."""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtGui import QGuiApplication, QImage, QPainter  # noqa: E402
from PySide6.QtSvg import QSvgRenderer  # noqa: E402

ICONS = Path(__file__).resolve().parent.parent / "resources" / "icons"
SIZES = (16, 22, 24, 32, 48, 64, 128, 256)


def render(svg: Path, size: int, out: Path) -> None:
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"{svg}: not a valid SVG")
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    out.parent.mkdir(parents=True, exist_ok=True)
    if not image.save(str(out)):
        raise SystemExit(f"{out}: not written")


def main() -> int:
    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    svg = ICONS / "budgetforms.svg"
    for size in SIZES:
        render(svg, size, ICONS / "hicolor" / f"{size}x{size}" / "apps" / "budgetforms.png")
    print(f"{len(SIZES)} PNGs under {ICONS / 'hicolor'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
