"""``export_pdf``: the printable submission, A4, the seven tables in the seed's order.

The 项目基本信息表 and the two review tables are portrait; the 绩效目标表 and the money tables
(the transfer table has 1 + 12 columns) are landscape. Every page carries the project's name and
项目主码 at the top and ``第 N 页 共 M 页`` with the export date at the foot: the canvas keeps each
page until the document is complete, then numbers them (it only then knows M).
"""

from __future__ import annotations

import io
import os
from dataclasses import dataclass
from datetime import date
from functools import partial
from pathlib import Path
from typing import Iterable

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Frame, NextPageTemplate, PageBreak, PageTemplate
from reportlab.platypus.doctemplate import LayoutError

from ..errors import UserError
from ..model import Submission
from . import tables
from .draft import mark_every_page
from .fonts import FontCandidate, PdfFont, find_font
from .layout import Styles

MARGIN = 15 * mm
TOP = 20 * mm
BOTTOM = 17 * mm


@dataclass(frozen=True)
class PdfInfo:
    """What :func:`export_pdf` made: the font it used and whether it is embedded, and the pages."""

    font_name: str
    font_path: str | None
    embedded: bool
    warning: str | None
    pages: int


class _FormCanvas(Canvas):
    """Holds every page back until the end, then draws header and footer knowing the page count."""

    def __init__(self, *args, header: tuple[str, str], footer_date: str, font: str, pages: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self._saved: list[dict] = []
        self._header = header
        self._footer_date = footer_date
        self._font = font
        self._pages = pages

    def showPage(self) -> None:  # noqa: N802 - reportlab's name
        self._saved.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._saved)
        for number, state in enumerate(self._saved, start=1):
            self.__dict__.update(state)
            self._decorate(number, total)
            super().showPage()
        self._pages.append(total)
        super().save()

    def _decorate(self, number: int, total: int) -> None:
        width, height = self._pagesize
        name, code = self._header
        self.saveState()
        self.setLineWidth(0.5)
        y = height - 12 * mm
        right = f"项目主码：{code}"
        right_w = stringWidth(right, self._font, 8.5)
        left = f"项目名称：{name}"
        room = width - 2 * MARGIN - right_w - 8 * mm
        size = 8.5
        while size > 5 and stringWidth(left, self._font, size) > room:
            size -= 0.5
        self.setFont(self._font, size)
        self.drawString(MARGIN, y, left)
        self.setFont(self._font, 8.5)
        self.drawRightString(width - MARGIN, y, right)
        self.line(MARGIN, y - 2 * mm, width - MARGIN, y - 2 * mm)
        self.setFont(self._font, 8.5)
        self.drawCentredString(width / 2, 9 * mm, f"第 {number} 页 共 {total} 页")
        self.drawRightString(width - MARGIN, 9 * mm, f"导出日期：{self._footer_date}")
        self.restoreState()


def _templates() -> list[PageTemplate]:
    portrait = A4
    wide = landscape(A4)

    def frame(size: tuple[float, float], name: str) -> Frame:
        return Frame(MARGIN, BOTTOM, size[0] - 2 * MARGIN, size[1] - TOP - BOTTOM, id=name,
                     leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)

    return [PageTemplate("portrait", [frame(portrait, "p")], pagesize=portrait),
            PageTemplate("landscape", [frame(wide, "l")], pagesize=wide)]


def build_story(sub: Submission, st: Styles) -> list:
    """The whole submission as flowables, table by table in the seed's order."""
    story: list = []
    story += tables.basic_info(sub, st)
    story += [NextPageTemplate("landscape"), PageBreak()]
    story += tables.performance(sub, st)
    story += [PageBreak()]
    story += tables.transfers(sub, st)
    story += tables.procurement(sub, st)
    story += tables.services(sub, st)
    story += [NextPageTemplate("portrait"), PageBreak()]
    story += tables.construction_review(sub, st)
    story += [PageBreak()]
    story += tables.budget_review(sub, st)
    story += tables.sign_off(sub, st)
    return story


def render(sub: Submission, *, today: date | None = None,
           fonts: Iterable[FontCandidate | str | os.PathLike[str]] | None = None,
           draft: bool = False) -> tuple[bytes, PdfInfo]:
    """The PDF's bytes and what went into it. *fonts* replaces the system font search (tests);
    *draft* marks every page 草稿 (:mod:`forms.pdf.draft`: the checker still finds errors)."""
    font: PdfFont = find_font(fonts)
    st = Styles(font.name)
    day = today or date.today()
    pages: list[int] = []
    canvasmaker = partial(_FormCanvas, header=(sub.basic.name, sub.basic.main_code),
                          footer_date=f"{day.year}年{day.month}月{day.day}日", font=font.name, pages=pages)
    buf = io.BytesIO()
    title = sub.basic.name or "项目支出预算申报"
    doc = BaseDocTemplate(buf, pagesize=A4, pageTemplates=_templates(), title=title, author=sub.basic.unit_name,
                          subject="项目支出预算申报", creator="项目预算申报助手 budgetforms",
                          leftMargin=MARGIN, rightMargin=MARGIN, topMargin=TOP, bottomMargin=BOTTOM,
                          initialFontName=font.name, initialFontSize=9, initialLeading=12)
    if draft:
        mark_every_page(doc, font.name)
    try:
        doc.build(build_story(sub, st), canvasmaker=canvasmaker)
    except LayoutError:
        cell = st.longest
        preview = cell[:20] + ("…" if len(cell) > 20 else "")
        raise UserError(f"无法排版 PDF：单元格“{preview}”（{len(cell)} 字）太长，一页纸放不下；"
                        "请把它缩短或移到简述中后再导出") from None
    info = PdfInfo(font_name=font.display, font_path=font.path, embedded=font.embedded, warning=font.warning,
                   pages=pages[-1] if pages else 0)
    return buf.getvalue(), info


def export_pdf(submission: Submission, path: str | os.PathLike[str], *, today: date | None = None,
               fonts: Iterable[FontCandidate | str | os.PathLike[str]] | None = None,
               draft: bool = False) -> PdfInfo:
    """Write *submission* as a printable PDF to *path*; return the font used and the page count.
    Nothing is written unless the whole PDF was made. *draft*: every page marked 草稿."""
    data, info = render(submission, today=today, fonts=fonts, draft=draft)
    path = Path(path)
    tmp = path.with_name(path.name + ".tmp")
    try:
        tmp.write_bytes(data)
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise UserError(f"无法写入 PDF“{path.name}”：{exc.strerror or exc}") from None
    return info
