"""The whole workbook: which sheet (or which rows of a sheet) holds which table, the app's hidden
sheet, and what is left over once every table is read (captions, notes, cells of no field)."""

from __future__ import annotations

from collections.abc import Callable

from ...model import TABLES
from ...rules.engine import Severity
from .. import guard
from ..cells import norm_label
from ..export import HIDDEN_SHEETS, META_SHEET
from .base import EXTRA_SHEET, MISSING_TABLE, UNPLACED, WAN_UNIT, ImportResult
from .basic import BasicReader
from .detail import DetailReader
from .grid import _CAPTION, Grid, _is_note, caption_row, title_of, wan_caption, wan_heading
from .performance import PerformanceReader
from .review import ReviewReader
from .sheetxml import SheetExtras, read_extras
from .tables import TablesReader

_MONEY_TABLES = frozenset({"basic", "transfers", "procurement", "services", "detail"})
_OPTIONAL_TABLES = frozenset({"detail"})
"""Tables a workbook may well lack without anything to say about it (the seed's form has no
明细表): read as empty, no finding."""


def _bands(g: Grid) -> list[tuple[str, int, int]]:
    """The tables whose titles stand on the sheet, as (table, first row, end row): each from its
    title row (with the 附件 / 单位 captions right above it) to the next table's. A table that
    has more than one title (项目绩效目标表（年度目标） and （绩效目标）) is one band."""
    titles = []  # a title is the first text of its row (merged across the table or not)
    for r, row in enumerate(g.rows):
        for v in row:  # (a plain look at the row: calamine leaves merged-over cells blank)
            if v != "" and v is not None:
                break
        else:
            continue
        if type(v) is str and "表" in v:
            attr = title_of(g.label(r, row.index(v)))
            if attr:
                titles.append((r, attr))
    starts: list[tuple[int, str]] = []
    for r, attr in titles:
        if not starts or starts[-1][1] != attr:
            if starts and r == starts[-1][0]:
                continue  # two titles on one row: the first names the table
            starts.append((r, attr))
    if len(starts) < 2:
        return [(attr, 0, g.nrows) for _, attr in starts[:1]]
    out: list[tuple[str, int, int]] = []
    for i, (r, attr) in enumerate(starts):
        if i:
            floor = starts[i - 1][0] + 1
            while r - 1 >= floor and r - 1 >= starts[i][0] - 2 and g.filled(r - 1) and all(
                    _CAPTION.match(g.label(r - 1, c)) for c in g.filled(r - 1)):
                r -= 1
        out.append((attr, r if i else 0, g.nrows))
        if i:
            out[i - 1] = (out[i - 1][0], out[i - 1][1], r)
    seen: set[str] = set()
    kept = []
    for b in out:  # a table's first start only
        if b[0] not in seen:
            seen.add(b[0])
            kept.append(b)
    return kept


class WorkbookReader(BasicReader, PerformanceReader, TablesReader, DetailReader, ReviewReader):
    """Reads every table of a workbook into one submission (:meth:`run`)."""

    _all_extras: dict[str, SheetExtras] | None = None

    def grid(self, name: str) -> Grid:
        sheet = self.wb.get_sheet_by_name(name)
        rows = sheet.to_python(skip_empty_area=False)
        info = next((s for s in self.info.sheets if s.name == name), None)
        return Grid(name, rows, sheet.merged_cell_ranges or [], info.uncached_formulas if info else [],
                    info.errors if info else {}, extras=lambda: self.sheet_extras(name))

    def sheet_extras(self, name: str) -> tuple[set[tuple[int, int]], dict[tuple[int, int], str]]:
        """The percent cells and formula texts of sheet *name*, which python-calamine does not give
        (xlsx only): read for every sheet at once, the first time any is asked for."""
        if self._all_extras is None:
            wanted = {s.name: (s.part, s.formulas) for s in self.info.sheets}
            self._all_extras = read_extras(self.info.data, wanted) if self.info.data and wanted else {}
        extras = self._all_extras.get(name)
        return (extras.percent, extras.formulas) if extras else (set(), {})

    def run(self) -> ImportResult:
        names = [n for n in self.wb.sheet_names]
        self._all_extras = None
        self.clean_spaces = not any(n in names for n in HIDDEN_SHEETS)  # made by hand, not by this app
        if META_SHEET in names:
            self.read_meta(self.grid(META_SHEET))
        candidates = [n for n in names if n not in HIDDEN_SHEETS]
        grids: dict[str, Grid] = {}

        def grid_of(n: str) -> Grid:
            if n not in grids:
                grids[n] = self.grid(n)
            return grids[n]

        assigned: dict[str, Grid] = {}
        taken: set[str] = set()
        # a sheet that holds several tables, each under its title row (the whole form stacked on
        # one sheet): one band of rows a table
        stacked: dict[str, list[tuple[str, int, int]]] = {}
        for n in candidates:
            bands = _bands(grid_of(n))
            if len({attr for attr, _, _ in bands}) >= 2:
                stacked[n] = bands
        for attr, table in TABLES:
            for n in candidates:
                if n not in taken and n not in stacked and norm_label(n) == norm_label(table):
                    assigned[attr] = grid_of(n)
                    taken.add(n)
                    break
        for n, bands in stacked.items():
            taken.add(n)
            for attr, r0, r1 in bands:
                if attr not in assigned:
                    assigned[attr] = grid_of(n).band(r0, r1)
        # then by a sheet name that contains the table's name, then by the title on the sheet
        # (its first rows): the exact title first, a title that merely mentions it last
        for exact in (True, False):
            for attr, table in TABLES:
                if attr in assigned:
                    continue
                key = norm_label(table)
                for n in candidates:
                    if n in taken:
                        continue
                    if exact and key in norm_label(n):
                        assigned[attr] = grid_of(n)
                        taken.add(n)
                        break
                    g = grid_of(n)
                    heads = [g.label(r, c) for r in range(min(6, g.nrows)) for c in range(min(12, g.ncols))]
                    if any(h == key or h.startswith(key + "(") or title_of(h) == attr if exact else key in h for h in heads):
                        assigned[attr] = g
                        taken.add(n)
                        break
        if not assigned:
            raise guard.fail(self.path, "找不到任何申报表（项目基本信息表、项目绩效目标表……），不像是项目支出预算申报工作簿")
        readers: dict[str, Callable[[Grid], None]] = {
            "basic": self.read_basic, "performance": self.read_performance, "transfers": self.read_transfers,
            "procurement": self.read_procurement, "services": self.read_services, "detail": self.read_detail,
            "construction_review": self.read_construction, "budget_review": self.read_budget_review,
        }
        for attr, table in TABLES:
            self.table = table
            if attr not in assigned:
                if attr in _OPTIONAL_TABLES:
                    continue
                important = attr in ("basic", "performance", "budget_review")
                self.finding(MISSING_TABLE, Severity.WARNING if important else Severity.INFO, attr,
                             f"工作簿中没有“{table}”，该表按空白导入")
                continue
            self.table_attr = attr
            g = assigned[attr]
            self.current = g
            self.cells.setdefault(attr, g.addr(0, 0))
            self.scale = self.table_scale(g, attr, table)
            readers[attr](g)
            self.scale = 1
            self.mark_decorations(g, table)
            self.report_unplaced(g)
        self.current = None
        for n in candidates:
            if n not in taken:
                self.finding(EXTRA_SHEET, Severity.INFO, "", f"工作表“{n}”不是申报表，已忽略", f"{n}!A1", table="")
        return ImportResult(self.sub, self.findings, self.cells)

    def table_scale(self, g: Grid, attr: str, table: str) -> int:
        """10000 when the table's caption says 单位：万元 or a heading says （万元） (申请金额（万元）,
        金额（万元）): its amounts are turned into 元, and an info finding says so. Each table on its
        own: a workbook may give the basic table in 元 and the transfers in 万元."""
        if attr not in _MONEY_TABLES:
            return 1
        for r, row in enumerate(g.rows):
            for c, v in enumerate(row):
                if type(v) is not str or "万" not in v:  # (a plain look at each text, no normalising)
                    continue
                lab = g.label(r, c)
                if not (wan_caption(lab) or wan_heading(lab)):
                    continue
                shown = v.strip()
                self.finding(WAN_UNIT, Severity.INFO, attr,
                             f"“{table}”的金额以万元填报（“{shown}”），已按 1 万元 = 10,000 元换算为元导入：请核对换算后的金额",
                             g.addr(r, c))
                return 10000
        return 1

    def read_meta(self, g: Grid) -> None:
        for r in range(1, g.nrows):
            path, part, visible = g.text(r, 0), g.text(r, 1), g.text(r, 2)
            payload = "".join(g.text(r, c) for c in range(3, g.ncols))
            if path and part:
                self.meta[(path, part)] = (visible, payload)

    def mark_decorations(self, g: Grid, table: str) -> None:
        """Titles, captions (单位：元, 附件1：表5) and notes (注：…) belong to no field."""
        key = norm_label(table)
        for r in range(g.nrows):
            for c in g.filled(r):
                if (r, c) in g.used:
                    continue
                lab = g.label(r, c)
                if not lab:
                    continue
                if key in lab or _is_note(lab) or _CAPTION.match(lab) or title_of(lab) or wan_caption(lab):
                    g.use(r, c)
                elif c == g.filled(r)[0] and caption_row(g, r):
                    for cc in g.filled(r):  # a 填报单位 / sign-off line: its names and numbers too
                        g.use(r, cc)
                    break

    def report_unplaced(self, g: Grid) -> None:
        for r in range(g.nrows):
            for c in g.filled(r):
                if (r, c) not in g.used:
                    text = g.text(r, c)
                    short = text if len(text) <= 30 else text[:30] + "…"
                    self.finding(UNPLACED, Severity.WARNING, "", f"单元格内容“{short}”无法归入“{g.name}”的任何栏目，未导入，请核对",
                                 g.addr(r, c))

