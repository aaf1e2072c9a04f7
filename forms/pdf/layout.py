"""The building blocks of the printed forms: paragraph styles, and :class:`Grid`, a table whose
borders are drawn around *logical* cells.

Paper forms merge cells down the left (基本信息, a narrative's label beside its 简述 and 上传依据
rows). reportlab cannot break a page inside a row span, so a merge that may run across pages is
drawn instead: the cells stay separate and only the lines around the block are drawn
(:meth:`Grid.block`). Real spans (:class:`C` ``span``) are used across columns, which never hinder a
page break, and down rows only where the block is known to be short (基本信息 beside its fixed
rows, the transfer table's two header rows).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph, Table, TableStyle

from ..model import format_money
from .richtext import plain_markup

LINE = 0.6
SHADE = colors.Color(0.90, 0.90, 0.90)
LIGHT = colors.Color(0.96, 0.96, 0.96)


class Styles:
    """The paragraph styles of one document, all in the one CJK font."""

    def __init__(self, font: str) -> None:
        self.font = font
        self.longest = ""
        """The longest plain cell text so far: named in the message when a cell outgrows a page."""

        def style(name: str, size: float = 9, leading: float | None = None, align: int = TA_LEFT, **kw: Any) -> ParagraphStyle:
            return ParagraphStyle(name, fontName=font, fontSize=size, leading=leading or size * 1.35,
                                  alignment=align, wordWrap="CJK", **kw)

        self.body = style("body")
        self.indented = style("indented", leftIndent=12)
        self.label = style("label")
        self.center = style("center", align=TA_CENTER)
        self.right = style("right", align=TA_RIGHT)
        self.small = style("small", 8)
        self.small_center = style("small_center", 8, align=TA_CENTER)
        self.small_right = style("small_right", 8, align=TA_RIGHT)
        self.narrative = style("narrative", 9, 13, spaceAfter=2)
        self.title = style("title", 15, 20, TA_CENTER, spaceAfter=2 * mm)
        self.subtitle = style("subtitle", 11, 15, TA_CENTER, spaceBefore=3 * mm, spaceAfter=2 * mm)
        self.annex = style("annex", 9, 12)
        self.unit = style("unit", 9, 12, TA_RIGHT, spaceAfter=1 * mm)
        self.note = style("note", 8.5, 12, spaceBefore=1.5 * mm)
        self.section = style("section", 9.5, 13)
        self.group = style("group", 10, 13, TA_CENTER)

    def grid(self, widths_mm: list[float]) -> "Grid":
        """A :class:`Grid` whose cells default to this document's font."""
        return Grid(widths_mm, self.font)

    def p(self, markup: str, style: ParagraphStyle | None = None) -> Paragraph:
        return Paragraph(markup, style or self.body)

    def text(self, value: Any, style: ParagraphStyle | None = None) -> Paragraph | str:
        """A plain user value as a wrapping cell; blank stays an empty cell."""
        s = "" if value is None else str(value)
        if not s.strip():
            return ""
        if len(s) > len(self.longest):
            self.longest = s
        return Paragraph(plain_markup(s), style or self.body)

    def label_text(self, label: str, style: ParagraphStyle | None = None) -> Paragraph:
        return Paragraph(plain_markup(label), style or self.label)

    def money(self, value: Decimal | None, width: float, style: ParagraphStyle | None = None,
              padding: float = 3) -> Paragraph | str:
        """An amount ``20,000,000.00``, right-aligned, in a size that fits a cell *width* points wide
        (with *padding* each side) on one line."""
        if value is None:
            return ""
        text = format_money(value)
        base = style or self.right
        size = fit_size(text, self.font, width - 2 * padding - 1.5, base.fontSize)
        if size == base.fontSize:
            return Paragraph(text, base)
        return Paragraph(f'<font size="{size:.1f}">{text}</font>', base)

    def vertical(self, label: str) -> Paragraph:
        """A group label written top to bottom, one character a line, as on the paper forms."""
        return Paragraph("<br/>".join(plain_markup(ch) for ch in label), self.group)


def fit_size(text: str, font: str, width: float, size: float, smallest: float = 5.5) -> float:
    """The largest font size ≤ *size* at which *text* fits *width* points (not below *smallest*)."""
    w = stringWidth(text, font, size)
    if w <= width:
        return size
    return max(smallest, size * width / w)


def number(value: Decimal | None) -> str:
    """A weight as the forms write it: ``8``, ``2.5``."""
    if value is None:
        return ""
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def score(value: Decimal | None) -> str:
    """A score as the forms write it: ``76.00``."""
    return "" if value is None else format_money(value)


@dataclass
class C:
    """One logical cell: its content, how many columns it spans, whether it gets its own border."""

    content: Any = ""
    span: int = 1
    box: bool = True
    shade: Any = None


class Grid:
    """Rows of cells with explicit column widths (in mm); borders drawn per logical cell."""

    def __init__(self, widths_mm: list[float], font: str | None = None) -> None:
        self.widths = [w * mm for w in widths_mm]
        self.rows: list[list[Any]] = []
        self.heights: list[float | None] = []
        self.cmds: list[tuple] = [
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("LEFTPADDING", (0, 0), (-1, -1), 3),
            ("RIGHTPADDING", (0, 0), (-1, -1), 3),
            ("TOPPADDING", (0, 0), (-1, -1), 2.5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ]
        if font:
            self.cmds.append(("FONTNAME", (0, 0), (-1, -1), font))

    @property
    def ncols(self) -> int:
        return len(self.widths)

    def width(self, first: int, span: int = 1) -> float:
        """The width in points of *span* columns from *first*."""
        return sum(self.widths[first:first + span])

    def row(self, *cells: Any, height: float | None = None) -> int:
        """Append a row; each cell is a :class:`C` or bare content (one column, boxed)."""
        r = len(self.rows)
        data: list[Any] = []
        c = 0
        for cell in cells:
            if not isinstance(cell, C):
                cell = C(cell)
            data.append(cell.content)
            data.extend([""] * (cell.span - 1))
            last = c + cell.span - 1
            if cell.span > 1:
                self.cmds.append(("SPAN", (c, r), (last, r)))
            if cell.box:
                self.cmds.append(("BOX", (c, r), (last, r), LINE, colors.black))
            if cell.shade is not None:
                self.cmds.append(("BACKGROUND", (c, r), (last, r), cell.shade))
            c = last + 1
        if c != self.ncols:
            raise ValueError(f"row {r} has {c} columns, the grid {self.ncols}")
        self.rows.append(data)
        self.heights.append(height)
        return r

    def block(self, c0: int, r0: int, c1: int, r1: int, top: bool = True, bottom: bool = True) -> None:
        """Border around the cells (c0, r0)…(c1, r1) as one, without lines inside."""
        self.cmds.append(("LINEBEFORE", (c0, r0), (c0, r1), LINE, colors.black))
        self.cmds.append(("LINEAFTER", (c1, r0), (c1, r1), LINE, colors.black))
        if top:
            self.cmds.append(("LINEABOVE", (c0, r0), (c1, r0), LINE, colors.black))
        if bottom:
            self.cmds.append(("LINEBELOW", (c0, r1), (c1, r1), LINE, colors.black))

    def style(self, *cmds: tuple) -> None:
        self.cmds.extend(cmds)

    def table(self, repeat_rows: int = 0) -> Table:
        t = Table(self.rows, colWidths=self.widths, rowHeights=self.heights, repeatRows=repeat_rows,
                  hAlign="LEFT")
        # close the borders where a page break cuts a block
        split = [("LINEBELOW", (0, "splitlast"), (-1, "splitlast"), LINE, colors.black),
                 ("LINEABOVE", (0, "splitfirst"), (-1, "splitfirst"), LINE, colors.black)]
        t.setStyle(TableStyle(self.cmds + split))
        return t
