"""The building blocks of the printed forms: paragraph styles, and :class:`Grid`, a table whose
borders are drawn around *logical* cells.

Paper forms merge cells down the left (基本信息, a narrative's label beside its 简述 and 上传依据
rows). reportlab cannot break a page inside a row span, so a merge that may run across pages is
drawn instead: the cells stay separate and only the lines around the block are drawn
(:meth:`Grid.block`). Real spans (:class:`C` ``span``) are used across columns, which never hinder a
page break, and down rows only where the block is known to be short (基本信息 beside its fixed
rows, the transfer table's two header rows).

Page breaks are the grid's own (:class:`GroupTable`): between rows, never inside a row span, with
the header rows repeated and the label of every group a break falls into repeated marked （续）;
a cell taller than a good part of a page is cut into rows when it is added, so that every row
fits on a page. If a row still cannot fit (a fixed height taller than the page), the message
names the table, the row and the column (:class:`LayoutProblem`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Table, TableStyle

from ..model import format_money
from .richtext import plain_markup

LINE = 0.6
SHADE = colors.Color(0.90, 0.90, 0.90)
LIGHT = colors.Color(0.96, 0.96, 0.96)

PAGE_W, PAGE_H = A4
MARGIN = 15 * mm
TOP = 20 * mm
BOTTOM = 17 * mm


class Para(Paragraph):
    """A paragraph whose lines stay within its width. reportlab lets a character that may not begin
    a line (）。，、) hang past the right edge instead of moving the character before it down; in a
    table cell that is across the border into the next cell. Such a paragraph is wrapped again one
    character narrower (once), so that the punctuation ends the line inside the cell."""

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803 - reportlab's names
        size = super().wrap(availWidth, availHeight)
        narrower = availWidth - self.style.fontSize
        if narrower > 2 * self.style.fontSize and _hangs(self):
            return super().wrap(narrower, availHeight)
        return size


def _hangs(p: Paragraph) -> bool:
    """Whether a line of the wrapped *p* runs past its width."""
    para = getattr(p, "blPara", None)
    for line in getattr(para, "lines", None) or ():
        extra = getattr(line, "extraSpace", None)
        if extra is None and isinstance(line, tuple):
            extra = line[0]
        if extra is not None and extra < -0.5:
            return True
    return False


class Styles:
    """The paragraph styles of one document, all in the one CJK font."""

    def __init__(self, font: str) -> None:
        self.font = font

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

    def grid(self, widths_mm: Sequence[float]) -> Grid:
        """A :class:`Grid` whose cells default to this document's font."""
        return Grid(widths_mm, self.font)

    def p(self, markup: str, style: ParagraphStyle | None = None) -> Paragraph:
        return Para(markup, style or self.body)

    def text(self, value: Any, style: ParagraphStyle | None = None) -> Paragraph | str:
        """A plain user value as a wrapping cell; blank stays an empty cell."""
        s = "" if value is None else str(value)
        if not s.strip():
            return ""
        return Para(plain_markup(s), style or self.body)

    def label_text(self, label: str, style: ParagraphStyle | None = None) -> Paragraph:
        return Para(plain_markup(label), style or self.label)

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
            return Para(text, base)
        return Para(f'<font size="{size:.1f}">{text}</font>', base)

    def vertical(self, label: str) -> Paragraph:
        """A group label written top to bottom, one character a line, as on the paper forms."""
        return Para("<br/>".join(plain_markup(ch) for ch in label), self.group)


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


@dataclass
class Continued:
    """A group of rows (*first*…*last*) whose label is repeated when a page break falls inside it:
    either whole *rows* inserted at the top of the continued part (the 一级/二级 label rows of the
    indicator table), or *cells* replacing cells of the part's first row (a label written in the
    first column of the group, as beside the narratives)."""

    first: int
    last: int
    rows: list[list[Any]] = field(default_factory=list)
    cells: dict[int, Any] = field(default_factory=dict)


class LayoutProblem(Exception):
    """A row that cannot be laid out even on an empty page; ``str()`` names table, row and column."""


def continued(label: str) -> str:
    """The label of a group continued from the previous page."""
    return f"{label}（续）"


def _pieces(content: Any, width: float, limit: float) -> list[Any]:
    """*content* cut into pieces no taller than *limit* points at *width* (only a long paragraph is
    ever cut; everything else stays one piece)."""
    if not isinstance(content, Paragraph):
        return [content]
    style = content.style
    per_line = max(1.0, width / style.fontSize)
    if len(getattr(content, "text", "") or "") / per_line * style.leading < 0.6 * limit:
        return [content]  # short: not worth measuring
    out: list[Any] = []
    p = content
    while True:
        _, h = p.wrap(width, 1e9)
        if h <= limit:
            out.append(p)
            return out
        parts = p.split(width, limit)
        if len(parts) < 2:
            out.append(p)
            return out
        out.append(parts[0])
        p = parts[1]


class Grid:
    """Rows of cells with explicit column widths (in mm); borders drawn per logical cell.

    :meth:`table` makes a :class:`GroupTable`, which breaks pages between rows itself: the
    header rows repeat, the label of every group the break falls into repeats marked （续）
    (:meth:`continued`), rows kept together (:meth:`keep`) stay together where the page allows,
    and a cell taller than :data:`CELL_LIMIT` of a page is cut into rows as it is added."""

    def __init__(self, widths_mm: Sequence[float], font: str | None = None, title: str = "",
                 columns: list[str] | None = None) -> None:
        self.widths = [w * mm for w in widths_mm]
        self.title = title
        self.columns = columns or []
        self.rows: list[list[Any]] = []
        self.heights: list[float | None] = []
        self.keeps: list[tuple[int, int]] = []
        self.groups: list[Continued] = []
        self.cmds: list[tuple] = [
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("LEFTPADDING", (0, 0), (-1, -1), 3),
            ("RIGHTPADDING", (0, 0), (-1, -1), 3),
            ("TOPPADDING", (0, 0), (-1, -1), 2.5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ]
        if font:
            self.cmds.append(("FONTNAME", (0, 0), (-1, -1), font))
        self.frame_height = frame_height(sum(self.widths))
        self.cell_limit = CELL_LIMIT * self.frame_height

    @property
    def ncols(self) -> int:
        return len(self.widths)

    def width(self, first: int, span: int = 1) -> float:
        """The width in points of *span* columns from *first*."""
        return sum(self.widths[first:first + span])

    def _cells(self, cells: tuple[Any, ...]) -> list[C]:
        out = [cell if isinstance(cell, C) else C(cell) for cell in cells]
        if sum(c.span for c in out) != self.ncols:
            raise ValueError(f"row {len(self.rows)} has {sum(c.span for c in out)} columns, the grid {self.ncols}")
        return out

    def cells_data(self, cells: list[C], r: int, boxed: bool = True) -> tuple[list[Any], list[tuple]]:
        """The table data of one row of logical cells placed at row *r*, and its style commands."""
        data: list[Any] = []
        cmds: list[tuple] = []
        c = 0
        for cell in cells:
            data.append(cell.content)
            data.extend([""] * (cell.span - 1))
            last = c + cell.span - 1
            if cell.span > 1:
                cmds.append(("SPAN", (c, r), (last, r)))
            if cell.box and boxed:
                cmds.append(("BOX", (c, r), (last, r), LINE, colors.black))
            if cell.shade is not None:
                cmds.append(("BACKGROUND", (c, r), (last, r), cell.shade))
            c = last + 1
        return data, cmds

    def row(self, *cells: Any, height: float | None = None) -> int:
        """Append a row; each cell is a :class:`C` or bare content (one column, boxed). A cell
        taller than a good part of a page continues in rows below it, inside the same border;
        returns the (first) row's index."""
        logical = self._cells(cells)
        r = len(self.rows)
        pieces, c = [], 0
        for cell in logical:
            pieces.append(_pieces(cell.content, self.width(c, cell.span) - 6, self.cell_limit))
            c += cell.span
        n = max(len(p) for p in pieces)
        if n == 1:
            data, cmds = self.cells_data(logical, r)
            self.rows.append(data)
            self.heights.append(height)
            self.cmds.extend(cmds)
            return r
        for i in range(n):
            part = [C(p[i] if i < len(p) else "", cell.span, False, cell.shade) for cell, p in zip(logical, pieces, strict=False)]
            data, cmds = self.cells_data(part, r + i)
            self.rows.append(data)
            self.heights.append(None)
            self.cmds.extend(cmds)
        c = 0
        for cell in logical:
            if cell.box:
                self.block(c, r, c + cell.span - 1, r + n - 1)
            c += cell.span
        for i in range(n - 1):  # the continuation rows join without a seam
            self.cmds += [("BOTTOMPADDING", (0, r + i), (-1, r + i), 0), ("TOPPADDING", (0, r + i + 1), (-1, r + i + 1), 0)]
        return r

    def block(self, c0: int, r0: int, c1: int, r1: int, top: bool = True, bottom: bool = True) -> None:
        """Border around the cells (c0, r0)…(c1, r1) as one, without lines inside."""
        self.cmds.append(("LINEBEFORE", (c0, r0), (c0, r1), LINE, colors.black))
        self.cmds.append(("LINEAFTER", (c1, r0), (c1, r1), LINE, colors.black))
        if top:
            self.cmds.append(("LINEABOVE", (c0, r0), (c1, r0), LINE, colors.black))
        if bottom:
            self.cmds.append(("LINEBELOW", (c0, r1), (c1, r1), LINE, colors.black))

    def keep(self, first: int, last: int) -> None:
        """Rows *first*…*last* stay on one page where the page has room for them."""
        if last > first:
            self.keeps.append((first, last))

    def continued(self, first: int, last: int, rows: list[list[Any]] | None = None,
                  cells: dict[int, Any] | None = None) -> None:
        """Rows *first*…*last* form a group: a page break inside it repeats *rows* (lists of
        cells, as for :meth:`row`) at the top of the next page, or puts *cells* (column → content)
        into the first row there. Declare outer groups before inner ones."""
        if last > first:
            self.groups.append(Continued(first, last, list(rows or []), dict(cells or {})))

    def style(self, *cmds: tuple) -> None:
        for cmd in cmds:
            if cmd[0] == "NOSPLIT":  # the page breaks are ours: a keep range
                (_, r0), (_, r1) = cmd[1], cmd[2]
                n = len(self.rows)
                self.keep(r0 + n if r0 < 0 else r0, r1 + n if r1 < 0 else r1)
            else:
                self.cmds.append(cmd)

    def table(self, repeat_rows: int = 0) -> GroupTable:
        return GroupTable(_Layout(self, repeat_rows), repeat_rows, len(self.rows))


CELL_LIMIT = 0.45
"""A cell taller than this share of the page's frame is cut into rows (so that a row, the header
and the continued labels always fit on one page)."""


class KeepShort(KeepTogether):
    """Its flowables (a table's heading and the table) on one page when together they fit on one:
    a short table that does not fit the rest of a page begins the next one instead of leaving its
    heading and a row or two behind. A longer run flows on from where it stands, splitting as usual."""

    def split(self, aW: float, aH: float) -> list[Flowable]:  # noqa: N803 - reportlab's names
        if getattr(self, "_wrapInfo", None) != (aW, aH):
            self.wrap(aW, aH)
        if self._H > frame_height(aW):
            return list(self._content)
        return super().split(aW, aH)


def frame_height(width: float) -> float:
    """The height in points of the frame a table *width* points wide is printed in."""
    portrait = width <= PAGE_W - 2 * MARGIN + 1
    return (PAGE_H if portrait else PAGE_W) - TOP - BOTTOM


class _Layout:
    """A grid frozen for page breaking: style commands with their rows resolved, the rows each
    page break must keep together, the groups, and the row heights measured so far (a part of
    the table that starts lower reuses them instead of measuring every paragraph again)."""

    def __init__(self, grid: Grid, repeat: int) -> None:
        self.grid = grid
        self.repeat = repeat
        n = len(grid.rows)
        self.n = n
        self.cmds: list[tuple[tuple, int, int]] = []
        for cmd in grid.cmds:
            (r0, r1) = cmd[1][1], cmd[2][1]
            if isinstance(r0, str) or isinstance(r1, str):
                continue
            r0 = r0 + n if r0 < 0 else r0
            r1 = r1 + n if r1 < 0 else r1
            self.cmds.append((cmd, r0, r1))
        self.kept = bytearray(n + 1)
        """``kept[b]``: a page break before row *b* splits a keep range."""
        for r0, r1 in grid.keeps:
            for b in range(r0 + 1, min(r1, n - 1) + 1):
                self.kept[b] = 1
        self.measured: list[float | None] = list(grid.heights)
        grid.groups.sort(key=lambda g: (g.first, -g.last))  # outer labels before inner ones

    def groups_at(self, start: int) -> list[Continued]:
        """The groups a part beginning at row *start* continues (outer first)."""
        if start <= self.repeat:
            return []
        return [g for g in self.grid.groups if g.first < start <= g.last]

    def part(self, start: int, end: int) -> tuple[list[list[Any]], list[float | None], list[tuple], int]:
        """Data, row heights and style commands of the rows *start*…*end*-1 under the header, with
        the continued labels; and how many rows come before row *start*."""
        g = self.grid
        groups = self.groups_at(start)
        data = [list(r) for r in g.rows[:self.repeat]]
        heights = self.measured[:self.repeat]
        extra: list[tuple] = []
        for group in groups:
            for cells in group.rows:
                row_data, row_cmds = g.cells_data(g._cells(tuple(cells)), len(data))
                data.append(row_data)
                heights.append(None)
                extra += row_cmds
        lead = len(data)
        body = [list(r) for r in g.rows[start:end]]
        body_h = self.measured[start:end]
        overrides = {col: content for group in groups for col, content in group.cells.items()}
        if overrides and body:
            for col, content in overrides.items():
                body[0][col] = content
            body_h[0] = None
        data += body
        heights += body_h
        shift = lead - start
        cmds: list[tuple] = []
        for cmd, r0, r1 in self.cmds:
            if r0 == 0 and r1 == self.n - 1:  # the whole table: the inserted rows too
                cmds.append((cmd[0], (cmd[1][0], 0), (cmd[2][0], -1), *cmd[3:]))
                continue
            if r0 < self.repeat:
                h1 = min(r1, self.repeat - 1)
                cmds.append((cmd[0], (cmd[1][0], r0), (cmd[2][0], h1), *cmd[3:]))
            b0, b1 = max(r0, start), min(r1, end - 1)
            if b0 > b1:
                continue
            if cmd[0] == "SPAN" and (b0 != r0 or b1 != r1):
                continue  # never cut a span: its content would be lost
            cmds.append((cmd[0], (cmd[1][0], b0 + shift), (cmd[2][0], b1 + shift), *cmd[3:]))
        cmds += extra
        # close the borders where the page break cuts the table
        if start > self.repeat and len(data) > self.repeat:
            cmds.append(("LINEABOVE", (0, self.repeat), (-1, self.repeat), LINE, colors.black))
        if end < self.n:
            cmds.append(("LINEBELOW", (0, -1), (-1, -1), LINE, colors.black))
        return data, heights, cmds, shift

    def describe(self, row: int) -> str:
        """A row for a message: the table, the row number under the header and its tallest column."""
        g = self.grid
        where = f"《{g.title}》" if g.title else "表格"
        return f"{where}第 {row - self.repeat + 1} 行"


WINDOW = 160
"""Rows a part of a long table builds at a time: more than two pages even of the lowest rows, so
that the part is always split before its unbuilt rows would be needed, and building what is left
after each page costs the same on page 3 as on page 300."""


class GroupTable(Table):
    """The rows *start*…*end*-1 of a grid laid out under its header; splits between rows itself
    (see :class:`Grid`). Only the first :data:`WINDOW` rows are built; while rows are left
    unbuilt, the part says it is taller than any page, so that the frame splits it."""

    def __init__(self, layout: _Layout, start: int, end: int) -> None:
        self._layout = layout
        self._start, self._end = start, end
        self._built = min(end, start + WINDOW)
        data, heights, cmds, self._shift = layout.part(start, self._built)
        self._lead = start + self._shift
        self._fresh = self._lead + (1 if any(g.cells for g in layout.groups_at(start)) else 0)
        """The first row whose measured height is the row's own (not one with a continued label)."""
        super().__init__(data, colWidths=layout.grid.widths, rowHeights=heights, hAlign="LEFT")
        self.setStyle(TableStyle(cmds))

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        size = super().wrap(availWidth, availHeight)
        measured = self._layout.measured
        for i, h in enumerate(self._rowHeights[self._fresh:], start=self._fresh - self._shift):
            if h is not None and i < self._end and measured[i] is None:
                measured[i] = h
        if self._built < self._end:  # more rows to come: never drawn as it is
            return size[0], size[1] + 10 * self._layout.grid.frame_height
        return size

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        self._calc(availWidth, availHeight)
        heights = self._rowHeights
        layout = self._layout
        used = sum(h or 0 for h in heights[:self._lead])
        best = first_fit = None
        for i in range(self._lead, len(heights)):
            h = heights[i]
            if h is None:
                break
            used += h
            if used > availHeight + 1e-6:
                break
            after = i - self._shift + 1
            if after >= self._end:
                break
            if after >= self._built:  # the window fits on this page (rows lower than the window assumes)
                best = after
                break
            first_fit = first_fit or after
            if not layout.kept[after]:
                best = after
        if best is None and first_fit is not None:
            # rows kept together that no page can hold: break inside them after all
            needed = sum(h or 0 for h in heights[:self._lead])
            b = self._start
            while b < self._end and (b == self._start or layout.kept[b]):
                needed += layout.measured[b] or 0
                b += 1
            if needed > layout.grid.frame_height:
                best = first_fit
        if best is None:
            first = self._lead
            if first < len(heights) and sum(heights[:first + 1]) > layout.grid.frame_height:
                raise LayoutProblem(self._too_tall(first))
            return []
        return [GroupTable(layout, self._start, best), GroupTable(layout, best, self._end)]

    def _too_tall(self, local_row: int) -> str:
        layout = self._layout
        row = local_row - self._shift
        values = self._cellvalues[local_row]
        tallest, tallest_h = 0, -1.0
        for col, v in enumerate(values):
            if isinstance(v, (list, tuple, Flowable)):
                items = v if isinstance(v, (list, tuple)) else [v]
                h = sum(f.wrap(self._colWidths[col], 1e9)[1] for f in items if isinstance(f, Flowable))
                if h > tallest_h:
                    tallest, tallest_h = col, h
        cols = layout.grid.columns
        column = f"“{cols[tallest]}”列" if tallest < len(cols) else f"第 {tallest + 1} 列"
        return f"{layout.describe(row)}{column}的内容比一页纸还高"
