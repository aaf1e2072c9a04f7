"""``export_pdf``: the printable submission, A4, the eight tables in the seed's order (the
项目支出预算明细表 after 表6, :mod:`.detail`).

The 项目基本信息表 and the two review tables are portrait; the 绩效目标表 and the money tables
(the transfer table has 1 + 12 columns) are landscape. Every page carries the project's name and
项目主码 at the top and, at the foot, the seal's short form (:mod:`forms.seal`), ``第 N 页 共 M 页``
and the export date: the canvas keeps each page until the document is complete, then decorates
them (it only then knows M) with the functions of :data:`DECORATIONS`. The whole seal is in the
PDF's metadata (``/Keywords`` ``budgetforms-seal:<hex>``, and in ``/Subject``).

Any table prints at any size: the tables break their own pages (:class:`~.layout.GroupTable`),
repeating the header and the labels of the groups a break falls into.
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from functools import partial
from pathlib import Path

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, CondPageBreak, Frame, NextPageTemplate, PageBreak, PageTemplate, Spacer
from reportlab.platypus.doctemplate import LayoutError

from .. import seal as seal_module
from ..errors import UserError
from ..model import TABLES, Submission
from . import detail, tables
from .annex import Annex, findings_annex
from .draft import mark_every_page
from .fonts import FontCandidate, PdfFont, find_font
from .layout import BOTTOM, MARGIN, TOP, LayoutProblem, Styles


@dataclass(frozen=True)
class PdfInfo:
    """What :func:`export_pdf` made: the font it used and whether it is embedded, the pages and
    the seal (SHA-256 of the submission's canonical content, :mod:`forms.seal`)."""

    font_name: str
    font_path: str | None
    embedded: bool
    warning: str | None
    pages: int
    seal: str = ""


@dataclass(frozen=True)
class Page:
    """What a page decoration knows: the page's number, the page count, its size, the document."""

    number: int
    total: int
    width: float
    height: float
    doc: Decor


@dataclass(frozen=True)
class Decor:
    """The facts every page's decoration draws: the header's project name and code, the export
    date, the seal, and the font."""

    name: str
    code: str
    day: str
    seal: str
    font: str


Decoration = Callable[[Canvas, Page], None]


def draw_header(canvas: Canvas, page: Page) -> None:
    """项目名称 (shrunk to fit) on the left, 项目主码 on the right, a rule under them."""
    d = page.doc
    y = page.height - 12 * mm
    right = f"项目主码：{d.code}"
    right_w = stringWidth(right, d.font, 8.5)
    left = f"项目名称：{d.name}"
    room = page.width - 2 * MARGIN - right_w - 8 * mm
    size = 8.5
    while size > 5 and stringWidth(left, d.font, size) > room:
        size -= 0.5
    canvas.setFont(d.font, size)
    canvas.drawString(MARGIN, y, left)
    canvas.setFont(d.font, 8.5)
    canvas.drawRightString(page.width - MARGIN, y, right)
    canvas.line(MARGIN, y - 2 * mm, page.width - MARGIN, y - 2 * mm)


def draw_footer(canvas: Canvas, page: Page) -> None:
    """The seal's short form on the left, 第 N 页 共 M 页 in the middle, the export date right."""
    d = page.doc
    canvas.setFont(d.font, 8.5)
    if d.seal:
        canvas.setFont(d.font, 7.5)
        canvas.drawString(MARGIN, 9 * mm, f"印记：{seal_module.short(d.seal)}")
        canvas.setFont(d.font, 8.5)
    canvas.drawCentredString(page.width / 2, 9 * mm, f"第 {page.number} 页 共 {page.total} 页")
    canvas.drawRightString(page.width - MARGIN, 9 * mm, f"导出日期：{d.day}")


DECORATIONS: tuple[Decoration, ...] = (draw_header, draw_footer)
"""What every page gets, drawn in this order once the page count is known; a further decoration
is one more function ``(canvas, page) -> None`` passed to :class:`_FormCanvas`."""


class _FormCanvas(Canvas):
    """Holds every page back until the end, then decorates each knowing the page count."""

    def __init__(self, *args, decor: Decor, decorations: tuple[Decoration, ...], pages: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self._saved: list[dict] = []
        self._decor = decor
        self._decorations = decorations
        self._pages = pages

    def showPage(self) -> None:  # noqa: N802 - reportlab's name
        self._saved.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._saved)
        for number, state in enumerate(self._saved, start=1):
            self.__dict__.update(state)
            width, height = self._pagesize
            page = Page(number, total, width, height, self._decor)
            for decorate in self._decorations:
                self.saveState()
                self.setLineWidth(0.5)
                decorate(self, page)
                self.restoreState()
            super().showPage()
        self._pages.append(total)
        super().save()


def _templates(first: str = "portrait") -> list[PageTemplate]:
    portrait = A4
    wide = landscape(A4)

    def frame(size: tuple[float, float], name: str) -> Frame:
        return Frame(MARGIN, BOTTOM, size[0] - 2 * MARGIN, size[1] - TOP - BOTTOM, id=name,
                     leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)

    both = [PageTemplate("portrait", [frame(portrait, "p")], pagesize=portrait),
            PageTemplate("landscape", [frame(wide, "l")], pagesize=wide)]
    return both if first == "portrait" else both[::-1]


TABLE_KEYS: tuple[str, ...] = tuple(key for key, _ in TABLES)
"""The tables that can be printed, in the seed's order (``basic`` … ``budget_review``)."""
_LANDSCAPE = {"performance", "transfers", "procurement", "services", "detail"}
_FLOWING = {"procurement", "services", "detail"}
"""Tables that follow the one before them on the same page when there is room."""


def build_story(sub: Submission, st: Styles, tables_: Iterable[str] | None = None,
                annex: Annex | None = None) -> list:
    """The submission as flowables, table by table in the seed's order: all tables, or those of
    *tables_* (keys of :data:`TABLE_KEYS`); then the sign-off, then the 检查结果 annex if asked."""
    chosen = set(TABLE_KEYS if tables_ is None else tables_)
    unknown = chosen - set(TABLE_KEYS)
    if unknown:
        raise UserError(f"没有这张表：{'、'.join(sorted(unknown))}（可选：{'、'.join(TABLE_KEYS)}）")
    builders = {"basic": tables.basic_info, "performance": tables.performance, "transfers": tables.transfers,
                "procurement": tables.procurement, "services": tables.services, "detail": detail.detail_table,
                "construction_review": tables.construction_review, "budget_review": tables.budget_review}
    story: list = []
    orientation = "portrait"
    for key in TABLE_KEYS:
        if key not in chosen:
            continue
        wanted = "landscape" if key in _LANDSCAPE else "portrait"
        if story:
            if wanted != orientation:
                story.append(NextPageTemplate(wanted))
                story.append(PageBreak())
            elif key not in _FLOWING:
                story.append(PageBreak())
        elif wanted != orientation:  # the first page's template
            story.append(NextPageTemplate(wanted))
            story.append(PageBreak())
        orientation = wanted
        part = builders[key](sub, st)
        if not story or isinstance(story[-1], PageBreak):
            part = [f for f in part if not isinstance(f, (Spacer, CondPageBreak))] if key in _FLOWING else part
        story += part
    if chosen:
        story += tables.sign_off(sub, st)
    if annex is not None:
        if orientation != "portrait":
            story.append(NextPageTemplate("portrait"))
        if story:
            story.append(PageBreak())
        story += findings_annex(annex, st)
    return story


def render(sub: Submission, *, today: date | None = None,
           fonts: Iterable[FontCandidate | str | os.PathLike[str]] | None = None,
           tables: Iterable[str] | None = None, annex: Annex | None = None,
           draft: bool = False) -> tuple[bytes, PdfInfo]:
    """The PDF's bytes and what went into it. *tables* chooses the tables (all by default),
    *annex* adds the 检查结果 pages, *draft* marks every page 草稿 (:mod:`forms.pdf.draft`: the
    checker still finds errors); *fonts* replaces the system font search (tests)."""
    font: PdfFont = find_font(fonts)
    st = Styles(font.name)
    day = today or date.today()
    seal = seal_module.digest(sub)
    pages: list[int] = []
    decor = Decor(sub.basic.name, sub.basic.main_code, f"{day.year}年{day.month}月{day.day}日", seal, font.name)
    canvasmaker = partial(_FormCanvas, decor=decor, decorations=DECORATIONS, pages=pages)
    buf = io.BytesIO()
    title = sub.basic.name or "项目支出预算申报"
    story = build_story(sub, st, tables, annex)
    if not story:
        raise UserError("没有选择要打印的表")
    first = "portrait"
    if isinstance(story[0], NextPageTemplate):  # begins landscape: that template first, no blank page
        first = "landscape"
        story = story[2:]
    doc = BaseDocTemplate(buf, pagesize=A4, pageTemplates=_templates(first), title=title, author=sub.basic.unit_name,
                          subject=f"项目支出预算申报 印记 SHA-256 {seal}",
                          keywords=[f"{seal_module.PDF_KEYWORD}{seal}"],
                          creator="项目预算申报助手 budgetforms",
                          leftMargin=MARGIN, rightMargin=MARGIN, topMargin=TOP, bottomMargin=BOTTOM,
                          initialFontName=font.name, initialFontSize=9, initialLeading=12)
    if draft:
        mark_every_page(doc, font.name)
    try:
        doc.build(story, canvasmaker=canvasmaker)
    except LayoutProblem as exc:
        raise UserError(f"无法排版 PDF：{exc}；请把这一格的内容缩短或分成几行后再导出") from None
    except LayoutError as exc:  # pragma: no cover - every table breaks its own pages; kept as a net
        raise UserError(f"无法排版 PDF：{_flowable_place(str(exc))}有一部分比一页纸还大") from None
    info = PdfInfo(font_name=font.display, font_path=font.path, embedded=font.embedded, warning=font.warning,
                   pages=pages[-1] if pages else 0, seal=seal)
    return buf.getvalue(), info


def _flowable_place(message: str) -> str:
    for _key, name in TABLES:
        if name in message:
            return f"《{name}》"
    return ""


def export_pdf(submission: Submission, path: str | os.PathLike[str], *, today: date | None = None,
               fonts: Iterable[FontCandidate | str | os.PathLike[str]] | None = None,
               tables: Iterable[str] | None = None, annex: Annex | None = None,
               draft: bool = False) -> PdfInfo:
    """Write *submission* as a printable PDF to *path*; return the font used, the page count and
    the seal. Nothing is written unless the whole PDF was made. *draft*: every page marked 草稿."""
    data, info = render(submission, today=today, fonts=fonts, tables=tables, annex=annex, draft=draft)
    from ..files import write_atomic

    path = Path(path)
    try:
        write_atomic(path, data, keep_backup=False)
    except OSError as exc:
        raise UserError(f"无法写入 PDF“{path.name}”：{exc.strerror or exc}") from None
    return info
