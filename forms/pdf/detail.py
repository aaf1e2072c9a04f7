"""项目支出预算明细表 on A4 landscape, laid out like the other money tables: the caption (附件1：表2-1),
the title, 单位：元, a two-row header whose 申请金额 cell spans one column per year, the 合计 row as
written right under the header, then one row per line of spending.

Labels come from :mod:`forms.layouts.detail`; this module decides only how they look on paper.

- The year columns are the 申请金额 grid's years, plus any year in which a line or the 合计 row holds
  an amount (DETAIL-03 asks about those; on paper nothing written is lost). Up to three years keep
  the widths below (fewer years leave the text columns wider); more years share a wider band and
  the text columns narrow in proportion.
- 测算依据 and every text cell wrap (small type, 8 pt). A long table splits between rows with its
  two header rows repeated on each page; a 测算依据 taller than a good part of a page continues in
  rows below, inside the same border (:class:`~.layout.Grid`).
- **An empty table** (no line, or only blank lines) prints the way the other empty tables do
  (对下专项转移支付, 表5, 表6): its whole shape — caption, title, header with the grid's years (or three
  unnamed ones), the 合计 row as written (blank when nothing is written) — and :data:`~.tables.BLANK_ROWS`
  empty rows to fill in by hand.
- Like 表5 and 表6 it follows the table before it on the same page when there is room (at least 60 mm
  left, and the whole table when it is short enough for one page: :class:`~.layout.KeepShort`).
- A blank line among written ones prints as an empty row (no 未填 in its 是/否 columns).
"""

from __future__ import annotations

from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, Spacer

from ..layouts import FieldSpec
from ..layouts import detail as detail_layout
from ..layouts.tables import TOTAL
from ..model import DetailLine, Submission
from .layout import LIGHT, C, KeepShort, Styles
from .tables import BLANK_ROWS, LANDSCAPE_MM, _flag, _heading, _year_label, _years

TEXT_WIDTHS: dict[str, float] = {
    "function_subject": 25, "dept_economic": 27, "gov_economic": 22, "source": 13, "nature": 17,
    "basis": 60, "procurement": 10, "purchased_services": 10, "note": 17,
}
"""Widths in mm of the columns other than the years, with up to three years (22 mm each): 267 mm.
测算依据 gets the most, as it holds the most text; a code and its name (``2050202 小学教育``,
``31003 专用设备购置``) fit one line of the classification columns."""

YEAR_MM = 22
"""A year column's width with up to three years; more years get 18 mm each, 120 mm together at most
(the other columns give up the room in proportion)."""


def _year_columns(sub: Submission) -> list[int | None]:
    """The grid's years and any other year the table holds an amount in, in order."""
    return _years(sub, sub.detail.shown_years(sub.grid_years()))


def widths_for(n_years: int) -> tuple[list[float], float]:
    """The columns' widths in mm (in the form's order, one entry per year) and a year column's width."""
    band = YEAR_MM * n_years if n_years <= 3 else min(18 * n_years, 120)
    year_w = band / n_years if n_years else YEAR_MM
    scale = (LANDSCAPE_MM - band) / sum(TEXT_WIDTHS.values())
    widths: list[float] = []
    for spec in detail_layout.DETAIL_COLUMNS:
        if spec.path == "amounts":
            widths += [year_w] * n_years
        else:
            widths.append(TEXT_WIDTHS[spec.path] * scale)
    return widths, year_w


def detail_table(sub: Submission, st: Styles) -> list[Flowable]:
    d = sub.detail
    part = _heading(st, detail_layout.DETAIL.name, annex=detail_layout.DETAIL_CAPTION, unit=detail_layout.UNIT_CAPTION)
    years = _year_columns(sub)
    widths, year_w = widths_for(len(years))
    columns = detail_layout.DETAIL_COLUMNS
    amount_at = next(i for i, spec in enumerate(columns) if spec.path == "amounts")
    g = st.grid(widths)
    g.title = detail_layout.DETAIL.name
    g.columns = [label for spec in columns
                 for label in ([f"{spec.label}{_year_label(y)}" for y in years] if spec.path == "amounts" else [spec.label])]

    # the header: every label spans both rows, but 申请金额 spans the year columns above their years
    top: list[C] = []
    for spec in columns:
        if spec.path == "amounts":
            top.append(C(st.label_text(spec.label, st.small_center), len(years)))
        else:
            top.append(C(st.label_text(spec.label, st.small_center), box=False))
    g.row(*top)
    g.row(*_second_header(st, columns, years))
    col = 0
    for spec in columns:
        if spec.path == "amounts":
            col += len(years)
            continue
        g.style(("SPAN", (col, 0), (col, 1)))
        g.block(col, 0, col, 1)
        col += 1
    g.style(("BACKGROUND", (0, 0), (-1, 1), LIGHT),
            ("LEFTPADDING", (0, 0), (-1, -1), 2), ("RIGHTPADDING", (0, 0), (-1, -1), 2))
    w = year_w * mm

    def amounts(find: Any) -> list[Any]:
        return [st.money(find(y) if y is not None else None, w, st.small_right, padding=2) for y in years]

    after = len(columns) - amount_at - 1
    g.row(C(st.label_text(TOTAL, st.center), amount_at), *amounts(d.declared), *[""] * after)
    written = [line for line in d.lines if not line.is_blank()]
    if not written:
        for _ in range(BLANK_ROWS):
            g.row(*[""] * g.ncols, height=8 * mm)
    else:
        for line in d.lines:
            if line.is_blank():
                g.row(*[""] * g.ncols, height=8 * mm)
            else:
                g.row(*_line_cells(st, line, columns, amounts))
    part.append(g.table(repeat_rows=2))
    return [Spacer(1, 6 * mm), CondPageBreak(60 * mm), KeepShort(part)]


def _second_header(st: Styles, columns: tuple[FieldSpec, ...], years: list[int | None]) -> list[C]:
    cells: list[C] = []
    for spec in columns:
        if spec.path == "amounts":
            cells += [C(st.label_text(_year_label(y), st.small_center)) for y in years]
        else:
            cells.append(C("", box=False))
    return cells


def _line_cells(st: Styles, line: DetailLine, columns: tuple[FieldSpec, ...], amounts: Any) -> list[Any]:
    cells: list[Any] = []
    for spec in columns:
        if spec.path == "amounts":
            cells += amounts(line.amount)
        elif spec.kind == "flag":
            cells.append(st.text(_flag(getattr(line, spec.path)), st.small_center))
        elif spec.path == "source":
            cells.append(st.text(line.source, st.small_center))
        else:
            cells.append(st.text(str(getattr(line, spec.path)), st.small))
    return cells
