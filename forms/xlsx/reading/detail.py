"""项目支出预算明细表 (declared in :mod:`forms.layouts.detail`), read by its labels: the header row,
the year headings under 申请金额 (or year headings standing in the header row itself), the 合计
row as written, then a line a row. The older three-year layout (经济科目, 第一年, 第二年, 第三年,
备注) is read into the same model, its years being the grid's, or those its headings name
(第一年（2024年）)."""

from __future__ import annotations

import re
from decimal import Decimal

from ...layouts import FieldSpec
from ...layouts import detail as L_detail
from ...layouts import tables as L_tables
from ...model.detail import DetailAmount, DetailLine
from ...rules.engine import Severity
from ..cells import cell_text, norm_label, parse_year
from .base import BAD_VALUE, MISSING_LABEL, Reader
from .grid import Grid, body_rows

_OLD_YEARS = tuple(spec for spec in L_detail.OLD_LAYOUT if spec.path.startswith("amounts["))
_COLUMNS = tuple(spec for spec in L_detail.DETAIL_COLUMNS if spec.path != "amounts")
_AMOUNT = next(spec for spec in L_detail.DETAIL_COLUMNS if spec.path == "amounts")
_TOTALS = frozenset(norm_label(x) for x in (L_tables.TOTAL, *L_tables.TOTAL_ALIASES))


_NAMED_YEAR = re.compile(r"\s*(第[一二三]年)\s*[（(]\s*(\d{4})\s*年?度?\s*[)）]\s*")
"""An older layout's year heading that names its year: 第一年（2024年）, 第二年(2025), 第三年（2026年度）."""


def _named_years(g: Grid) -> dict[tuple[int, int], int]:
    """The cells headed like 第一年（2024年）, each with the year it names; the cell is rewritten to its
    plain heading (第一年) in the grid, so that the header is found by the layout's labels."""
    named: dict[tuple[int, int], int] = {}
    for r in range(g.nrows):
        row = g.rows[r]
        for c in g.filled(r):
            v = row[c]
            if isinstance(v, str) and "年" in v and (m := _NAMED_YEAR.fullmatch(v)):
                named[(r, c)] = int(m[2])
                row[c] = m[1]
    return named


def _year_of(v: object) -> int | None:
    """The year a heading cell names (2024, ``2024年``, ``2024年度``), ``None`` for anything else."""
    if v is None or isinstance(v, bool):
        return None
    try:
        return parse_year(v)
    except (ValueError, OverflowError):
        return None


class DetailReader(Reader):
    def read_detail(self, g: Grid) -> None:
        named = _named_years(g)
        old = g.find_header(_OLD_YEARS, 2)
        new = g.find_header(L_detail.DETAIL_COLUMNS, 2)
        if old is not None and (new is None or old[0] <= new[0]):
            self._read_old(g, old[0], named)
        elif new is not None:
            self._read_new(g, new[0])
        elif any(g.filled(r) for r in range(g.nrows)):
            self.finding(MISSING_LABEL, Severity.WARNING, "detail",
                         f"找不到“{L_detail.DETAIL_COLUMNS[1].label}”“{_AMOUNT.label}”等表头，明细表按空白导入")

    # --- the 一体化 layout ---------------------------------------------------------------------
    def _read_new(self, g: Grid, hr: int) -> None:
        cols = self.header_columns(g, hr, _COLUMNS)
        years: list[tuple[int, int | None, int | None]] = []  # (column, row of its year heading, or the year)
        report_yearless = True
        amount_at = next((c for c in g.filled(hr) if g.label(hr, c) in {norm_label(x) for x in _AMOUNT.labels}), None)
        if amount_at is not None:
            g.use(hr, amount_at)
            _, c_end = g.span(hr, amount_at)
            c = amount_at
            while c < g.ncols and (c <= c_end or (_year_of(g.value(hr + 1, c)) is not None and not g.value(hr, c))):
                years.append((c, hr + 1, None))
                c += 1
            if c_end == amount_at and _year_of(g.value(hr + 1, amount_at)) is None:
                # one 申请金额 column and no year under it: the budget year's amounts
                grid = self.sub.grid_years()
                years = [(amount_at, None, grid[0] if grid else None)]
                if not grid:
                    report_yearless = False  # said once here, not again for each amount
                    self.finding(MISSING_LABEL, Severity.WARNING, "detail.lines",
                                 f"“{_AMOUNT.label}”没有年度，且项目基本信息表没有填写年度：明细表的金额未导入，"
                                 "请在“申请金额”下填写年度（如 2024年）", g.addr(hr, amount_at))
        else:  # year headings in the header row itself (2024年 … beside 测算依据)
            years = [(c, hr, None) for c in g.filled(hr) if c not in cols.values() and _year_of(g.value(hr, c))]
        year_cols = self._year_columns(g, years)
        first = min([*cols.values(), *(c for c, _ in year_cols)], default=0)
        rows_from = hr + 1 + (1 if any(r == hr + 1 for _, r, _ in years) else 0)
        self.cells["detail.lines"] = self.cells["detail.declared_total"] = g.addr(hr, first)
        self._read_rows(g, rows_from, first, cols, _COLUMNS, year_cols, report_yearless)

    def _year_columns(self, g: Grid, years: list[tuple[int, int | None, int | None]]) -> list[tuple[int, int | None]]:
        """(column, year) of each amount column, from its heading (or as given, without one); a
        heading that is no year, or a year met twice, gives ``None`` (its amounts are not
        imported, with a finding when there are any)."""
        out: list[tuple[int, int | None]] = []
        seen: set[int] = set()
        for c, r, given in years:
            if r is None:
                out.append((c, given))
                continue
            g.use(r, c)
            v = g.value(r, c)
            year = _year_of(v)
            if v is not None and year is None:
                self.finding(BAD_VALUE, Severity.ERROR, "detail.lines",
                             f"“{_AMOUNT.label}”下的年度“{cell_text(v)}”不是年份：该列金额未导入，请填写四位年份，如 2024年",
                             g.addr(r, c))
            elif year in seen:
                self.finding(BAD_VALUE, Severity.ERROR, "detail.lines",
                             f"“{_AMOUNT.label}”下的年度 {year}年 出现了两次：后一列的金额未导入，请改正年度", g.addr(r, c))
                year = None
            if year is not None:
                seen.add(year)
            out.append((c, year))
        return out

    # --- the older three-year layout ------------------------------------------------------------
    def _read_old(self, g: Grid, hr: int, named: dict[tuple[int, int], int]) -> None:
        cols = self.header_columns(g, hr, L_detail.OLD_LAYOUT)
        grid = self.sub.grid_years()
        start = grid[0] if grid else None
        year_cols: list[tuple[int, int | None]] = []
        for k, spec in enumerate(_OLD_YEARS):
            if spec.path not in cols:
                continue
            c = cols.pop(spec.path)
            year = named.get((hr, c)) or (grid[k] if k < len(grid) else (start + k if start is not None else None))
            year_cols.append((c, year))
        if any(y is None for _, y in year_cols):
            self.finding(MISSING_LABEL, Severity.WARNING, "detail.lines",
                         "明细表按“第一年、第二年、第三年”填报，但项目基本信息表没有填写年度：各年金额未导入，"
                         "请先填写项目基本信息表的申请金额年度", g.addr(hr, min(c for c, _ in year_cols)))
        first = min([*cols.values(), *(c for c, _ in year_cols)])
        self.cells["detail.lines"] = self.cells["detail.declared_total"] = g.addr(hr, first)
        self._read_rows(g, hr + 1, first, cols, L_detail.OLD_LAYOUT, year_cols,
                        report_yearless=not any(y is None for _, y in year_cols))

    # --- the rows under the header, either layout ----------------------------------------------
    def _read_rows(self, g: Grid, r0: int, first: int, cols: dict[str, int], specs: tuple[FieldSpec, ...],
                   year_cols: list[tuple[int, int | None]], report_yearless: bool = True) -> None:
        """The 合计 row and the lines from row *r0* on; *report_yearless* off when the table as a
        whole has been reported as having no years (not each of its amounts again)."""
        t = self.sub.detail
        columns = set(cols.values()) | {c for c, _ in year_cols}
        declared: list[DetailAmount] | None = None
        total_row, line_rows = -1, []
        for r, filled in body_rows(g, r0, first):
            if declared is None and any(g.label(r, c) in _TOTALS for c in filled if c <= first):
                for c in filled:
                    if c <= first:  # the 合计 label (the amounts are read below)
                        g.use(r, c)
                declared = self._amounts(g, r, year_cols, "detail.declared_total[{k}].amount", "合计", report_yearless)
                self.cells["detail.declared_total"] = g.addr(r, first)
                total_row = r
                continue
            if not any(c in columns for c in filled):
                continue
            i = len(t.lines)
            prefix = f"detail.lines[{i}]"
            self.cells[prefix] = g.addr(r, first)
            values = {spec.path: self.typed(g, r, cols[spec.path], spec.kind, f"{prefix}.{spec.path}", spec.label)
                      for spec in specs if spec.path in cols}
            amounts = self._amounts(g, r, year_cols, prefix + ".amounts[{k}].amount", f"第 {i + 1} 行", report_yearless)
            t.lines.append(DetailLine(**values, amounts=amounts))
            line_rows.append(r)
        if declared is not None and (t.lines or any(a.amount is not None for a in declared)):
            t.declared_total = declared
        elif not t.lines:
            t.declared_total = []  # an empty table: as a new project holds it
        if declared is not None and total_row >= 0:  # a 合计 that is a SUM missing a line's row
            k = 0
            for c, y in year_cols:
                if y is None:
                    continue
                self.check_sum(g, total_row, c, line_rows, declared[k].amount,
                               [line.amounts[k].amount for line in t.lines], f"detail.declared_total[{k}].amount",
                               f"{y}年合计")
                k += 1

    def _amounts(self, g: Grid, r: int, year_cols: list[tuple[int, int | None]], path: str,
                 where: str, report_yearless: bool = True) -> list[DetailAmount]:
        """The row's amount of each year column (in the columns' order); an amount under a column
        without a year is reported, not imported."""
        out: list[DetailAmount] = []
        for c, y in year_cols:
            if y is None:
                if g.value(r, c) is not None and report_yearless:
                    self.finding(BAD_VALUE, Severity.WARNING, "detail.lines",
                                 f"{where}的金额“{g.text(r, c)}”所在列没有年度，未导入：请在“{_AMOUNT.label}”下填写年度",
                                 g.addr(r, c))
                g.use(r, c)
                continue
            k = len(out)
            amount: Decimal | None = self.typed(g, r, c, "money", path.format(k=k), f"{where} {y}年{_AMOUNT.label}")
            out.append(DetailAmount(year=y, amount=amount))
        return out
