"""The whole workbook: which sheet (or which rows of a sheet) holds which table, the app's hidden
sheet, and what is left over once every table is read (captions, notes, cells of no field)."""

from __future__ import annotations

from typing import Callable

from ...model import TABLES
from ...rules.engine import Severity
from .. import guard
from ..cells import norm_label
from ..export import HIDDEN_SHEETS, META_SHEET
from .base import EXTRA_SHEET, MISSING_TABLE, UNPLACED, ImportResult
from .basic import BasicReader
from .grid import _CAPTION, Grid, _is_note
from .performance import PerformanceReader
from .review import ReviewReader
from .tables import TablesReader


class WorkbookReader(BasicReader, PerformanceReader, TablesReader, ReviewReader):
    """Reads every table of a workbook into one submission (:meth:`run`)."""

    def grid(self, name: str) -> Grid:
        sheet = self.wb.get_sheet_by_name(name)
        rows = sheet.to_python(skip_empty_area=False)
        info = next((s for s in self.info.sheets if s.name == name), None)
        return Grid(name, rows, sheet.merged_cell_ranges or [], info.uncached_formulas if info else [],
                    info.errors if info else {})

    def run(self) -> ImportResult:
        names = [n for n in self.wb.sheet_names]
        if META_SHEET in names:
            self.read_meta(self.grid(META_SHEET))
        candidates = [n for n in names if n not in HIDDEN_SHEETS]
        assigned: dict[str, str] = {}
        titles: dict[str, Grid] = {}
        for attr, table in TABLES:
            for n in candidates:
                if n not in assigned.values() and norm_label(n) == norm_label(table):
                    assigned[attr] = n
                    break
        # then by a sheet name that contains the table's name, then by the title on the sheet
        # (its first rows): the exact title first, a title that merely mentions it last
        for exact in (True, False):
            for attr, table in TABLES:
                if attr in assigned:
                    continue
                key = norm_label(table)
                for n in candidates:
                    if n in assigned.values():
                        continue
                    if exact and key in norm_label(n):
                        assigned[attr] = n
                        break
                    if n not in titles:
                        titles[n] = self.grid(n)
                    g = titles[n]
                    heads = [g.label(r, c) for r in range(min(6, g.nrows)) for c in range(min(12, g.ncols))]
                    if any(h == key or h.startswith(key + "(") if exact else key in h for h in heads):
                        assigned[attr] = n
                        break
        if not assigned:
            raise guard.fail(self.path, "找不到任何申报表（项目基本信息表、项目绩效目标表……），不像是项目支出预算申报工作簿")
        readers: dict[str, Callable[[Grid], None]] = {
            "basic": self.read_basic, "performance": self.read_performance, "transfers": self.read_transfers,
            "procurement": self.read_procurement, "services": self.read_services,
            "construction_review": self.read_construction, "budget_review": self.read_budget_review,
        }
        for attr, table in TABLES:
            self.table = table
            if attr not in assigned:
                important = attr in ("basic", "performance", "budget_review")
                self.finding(MISSING_TABLE, Severity.WARNING if important else Severity.INFO, attr,
                             f"工作簿中没有“{table}”，该表按空白导入")
                continue
            name = assigned[attr]
            self.table_attr = attr
            g = titles.get(name) or self.grid(name)
            self.current = g
            self.cells.setdefault(attr, g.addr(0, 0))
            readers[attr](g)
            self.mark_decorations(g, table)
            self.report_unplaced(g)
        self.current = None
        for n in candidates:
            if n not in assigned.values():
                self.finding(EXTRA_SHEET, Severity.INFO, "", f"工作表“{n}”不是申报表，已忽略", f"{n}!A1", table="")
        return ImportResult(self.sub, self.findings, self.cells)

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
                if key in lab or _is_note(lab) or _CAPTION.match(lab):
                    g.use(r, c)

    def report_unplaced(self, g: Grid) -> None:
        for r in range(g.nrows):
            for c in g.filled(r):
                if (r, c) not in g.used:
                    text = g.text(r, c)
                    short = text if len(text) <= 30 else text[:30] + "…"
                    self.finding(UNPLACED, Severity.WARNING, "", f"单元格内容“{short}”无法归入“{g.name}”的任何栏目，未导入，请核对",
                                 g.addr(r, c))

