"""项目支出预算明细表: caption, title, 单位：元, a two-row header (申请金额 merged over one column per
year), the 合计 row as written, then the lines; drop-downs on the coded columns, the fixed lists
(资金来源, 资金性质) and the 是/否 flags."""

from __future__ import annotations

from ...layouts import detail as L_detail
from ...layouts import tables as L_tables
from ...model.detail import DetailLine
from ...model.submission import GRID_YEARS, Submission
from ..cells import YEAR_FORMAT
from .sheet import SheetWriter

HEADER, YEARS_ROW, TOTAL_ROW = 4, 5, 6
"""The sheet's rows: the header, the year headings under 申请金额, the 合计 row (the lines follow)."""

_AMOUNTS = next(i for i, spec in enumerate(L_detail.DETAIL_COLUMNS) if spec.path == "amounts")
BEFORE = L_detail.DETAIL_COLUMNS[:_AMOUNTS]
AMOUNT = L_detail.DETAIL_COLUMNS[_AMOUNTS]
AFTER = L_detail.DETAIL_COLUMNS[_AMOUNTS + 1:]


def write_detail(w: SheetWriter, sub: Submission, template: bool = False) -> None:
    t = sub.detail
    years: list[int | None] = list(L_detail.sheet_years(sub)) or [None] * GRID_YEARS  # blank headings to fill in
    spec_widths = L_detail.DETAIL.widths
    w.set_widths([*spec_widths[:len(BEFORE)], *[L_detail.YEAR_WIDTH] * len(years), *spec_widths[-len(AFTER):]])
    first_year = len(BEFORE) + 1
    after = first_year + len(years)
    w.caption(1, L_detail.DETAIL_CAPTION)
    w.title(2, L_detail.DETAIL.name)
    w.caption(3, right=L_detail.UNIT_CAPTION)
    for c, spec in enumerate(BEFORE, 1):
        w.cell(HEADER, c, spec.label, r1=YEARS_ROW, kind="header")
    w.cell(HEADER, first_year, AMOUNT.label, c1=after - 1, kind="header")
    for i, y in enumerate(years):
        w.cell(YEARS_ROW, first_year + i, y, kind="header", fmt=YEAR_FORMAT)
    for c, spec in enumerate(AFTER, after):
        w.cell(HEADER, c, spec.label, r1=YEARS_ROW, kind="header")
    w.cell(TOTAL_ROW, 1, L_tables.TOTAL, kind="label")
    for c in range(2, w.ncols + 1):
        year = years[c - first_year] if first_year <= c < after else None
        w.cell(TOTAL_ROW, c, t.declared(year) if year is not None else None, kind="number")
    lines = list(t.lines) or ([DetailLine()] * 5 if template else [])  # the template: blank lines to fill in
    r = TOTAL_ROW + 1
    for line in lines:
        for c, spec in enumerate(BEFORE, 1):
            w.typed(r, c, spec, getattr(line, spec.path))
        for i, y in enumerate(years):
            w.typed(r, first_year + i, AMOUNT, line.amount(y) if y is not None else None)
        for c, spec in enumerate(AFTER, after):
            w.typed(r, c, spec, getattr(line, spec.path))
        r += 1
    w.finish((HEADER, YEARS_ROW), freeze=f"A{TOTAL_ROW + 1}")
