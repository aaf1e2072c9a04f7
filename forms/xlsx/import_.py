"""Import a workbook into a submission by its labels, never by fixed coordinates.

The workbook may come from this app or from someone who filled the official template by hand in
Excel or WPS: rows inserted or deleted, columns shifted, sheets reordered, renamed or extra, money
typed as text (``20,000,000.00``, full-width digits, ``2000万``), years as ``2020年``, flags 是/否 or
blank. Values are read with python-calamine (about ten times faster than openpyxl); the
superscripts of a 简述 typed by hand are taken from the string table that :mod:`.guard` has read.

Whatever cannot be read or placed becomes an import finding (``IMP-…``) naming the sheet and cell:
a value of the wrong kind, a formula without a cached value (never read as 0), a label that is
missing, a cell that belongs to no field. Totals are read as written; the checker recomputes them.
"""

from __future__ import annotations

import io
import json
import os
import re
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Iterable

import openpyxl
from openpyxl.utils import get_column_letter
from pydantic import ValidationError
from python_calamine import CalamineWorkbook

from ..codes import available_years, code_lists
from ..errors import UserError
from ..layouts import FieldSpec
from ..layouts import basic as L_basic
from ..layouts import performance as L_perf
from ..layouts import review as L_review
from ..layouts import tables as L_tables
from ..model import (
    Attachment, BasicInfo, BudgetReview, BudgetReviewSection, Citation, Coded, ConstructionReview, ConstructionSection,
    FundingYear, Indicator, AnnualGoal, MoneyError, ProcurementItem, ReviewGroup, ReviewItem, ServiceItem,
    Submission, TABLES, TransferRegion, TransferYear, YesNo, parse_money,
)
from ..rules._util import nfkc
from ..rules.engine import Finding, Severity
from . import guard
from .cells import _norm_label, cell_text, cell_to_html, html_visible, norm_label, parse_date_cell, parse_int, parse_year
from .export import HIDDEN_SHEETS, META_SHEET


CENT = Decimal("0.01")

# Import findings: stable IDs, one meaning each.
MISSING_TABLE = "IMP-01"      # a table (sheet) is not in the workbook
MISSING_LABEL = "IMP-02"      # a label of the table is not found: its field stays blank
BAD_VALUE = "IMP-03"          # a value that is not of the field's kind (money, year, 是/否 …)
UNCACHED_FORMULA = "IMP-04"   # a formula with no cached value: left blank, never read as 0
UNPLACED = "IMP-05"           # a filled cell that belongs to no field: not imported
EXTRA_SHEET = "IMP-06"        # a sheet that is none of the tables: ignored
HIDDEN_DATA = "IMP-07"        # the app's hidden sheet is damaged: the visible cells are used
ERROR_VALUE = "IMP-08"        # a cell showing an error value (#DIV/0!, #REF!): left blank

IMPORT_RULES: dict[str, str] = {
    MISSING_TABLE: "工作簿缺少申报表",
    MISSING_LABEL: "表中找不到栏目",
    BAD_VALUE: "单元格的值无法识别",
    UNCACHED_FORMULA: "公式没有保存计算结果",
    UNPLACED: "单元格内容无法归入任何栏目",
    EXTRA_SHEET: "多余的工作表",
    HIDDEN_DATA: "隐藏数据表已损坏",
    ERROR_VALUE: "单元格是错误值",
}


@dataclass
class ImportResult:
    submission: Submission
    findings: list[Finding] = field(default_factory=list)
    cells: dict[str, str] = field(default_factory=dict)
    """Model field path (``basic.funding[1].total``) → ``Sheet!A1`` address it was read from."""


# --- one sheet as a grid -------------------------------------------------------------------------

_CN_NUM = "一二三四五六七八九十"


@lru_cache(maxsize=None)
def _column_letter(c: int) -> str:
    """Letters of the 0-based column *c* (``A`` for 0)."""
    return get_column_letter(c + 1)


class Grid:
    """A sheet's values (0-based rows and columns), its merged ranges, and which cells were used."""

    def __init__(self, name: str, rows: list[list[Any]], merges: Iterable, uncached: Iterable[str],
                 errors: dict[str, str] | None = None):
        self.name = name
        self.rows = rows
        self.nrows = len(rows)
        self.ncols = max(map(len, rows), default=0)
        self.merge_end: dict[tuple[int, int], tuple[int, int]] = {}
        self.covered: set[tuple[int, int]] = set()
        for (r0, c0), (r1, c1) in merges:
            self.merge_end[(r0, c0)] = (r1, c1)
            # every cell of the range but its first (top left), which holds the value
            self.covered.update([(r, c) for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)][1:])
        self.uncached = {_parse_addr(a) for a in uncached}
        self.errors = {_parse_addr(a): e for a, e in (errors or {}).items()}
        self.used: set[tuple[int, int]] = set()
        self._filled: dict[int, list[int]] = {}
        self._labels: dict[str, list[tuple[int, int]]] | None = None

    @property
    def labels(self) -> dict[str, list[tuple[int, int]]]:
        """Where each text stands, by the text as compared (:func:`norm_label`). Built when first
        asked for: the app's hidden sheet, all long markup, is read without it."""
        if self._labels is None:
            self._labels = {}
            for r, row in enumerate(self.rows):
                for c, v in enumerate(row):
                    if isinstance(v, str) and v:
                        self._labels.setdefault(_norm_label(v), []).append((r, c))
        return self._labels

    def value(self, r: int, c: int) -> Any:
        if 0 <= r < self.nrows:
            row = self.rows[r]
            if 0 <= c < len(row):
                v = row[c]
                return None if v == "" else v
        return None

    def text(self, r: int, c: int) -> str:
        return cell_text(self.value(r, c))

    def label(self, r: int, c: int) -> str:
        """The text at (r, c) as compared (:func:`norm_label`); "" for a blank or anything but
        text. (Asked for thousands of times per workbook: written out rather than through
        :meth:`value`.)"""
        if 0 <= r < self.nrows:
            row = self.rows[r]
            if 0 <= c < len(row):
                v = row[c]
                if v and isinstance(v, str):
                    return _norm_label(v)
        return ""

    def addr(self, r: int, c: int) -> str:
        return f"{self.name}!{_column_letter(c)}{r + 1}"

    def span(self, r: int, c: int) -> tuple[int, int]:
        return self.merge_end.get((r, c), (r, c))

    def find(self, labels: Iterable[str], rows: range | None = None) -> tuple[int, int] | None:
        """The first cell (reading order) holding the first of *labels* that occurs (a label's
        other wordings are tried only when it is absent), skipping cells already read as values."""
        for lab in labels:
            best = None
            for r, c in self.labels.get(norm_label(lab), ()):
                if (rows is not None and r not in rows) or (r, c) in self.used:
                    continue
                if best is None or (r, c) < best:
                    best = (r, c)
            if best is not None:
                return best
        return None

    def places(self, label: str, rows: range, after: int) -> list[tuple[int, int]]:
        """The cells in *rows* right of column *after* that hold *label* (as compared), in reading
        order."""
        return sorted((r, c) for r, c in self.labels.get(label, ()) if r in rows and c > after)

    def find_header(self, specs: Iterable[FieldSpec], least: int) -> tuple[int, int] | None:
        """The first row holding at least *least* of the column labels of *specs* (a value that
        happens to read like one heading is no heading row); the cell of the first spec found."""
        by_label = {norm_label(lab): i for i, spec in enumerate(specs) for lab in spec.labels}
        for r in range(self.nrows):
            hits = {}
            for c in self.filled(r):
                i = by_label.get(self.label(r, c))
                if i is not None and (r, c) not in self.used:
                    hits.setdefault(i, c)
            if len(hits) >= least:
                return r, hits[min(hits)]
        return None

    def use(self, r: int, c: int) -> None:
        self.used.add((r, c))

    def filled(self, r: int) -> list[int]:
        """Columns of the non-blank cells of row *r* (merge continuations excluded)."""
        if not 0 <= r < self.nrows:
            return []
        # Memoised per row (asked for many times while a table is walked): the reader never blanks a
        # cell (it only rewrites a score such as “(5分)” as “5”), so a row's filled columns do not
        # change. Callers read the list and never change it.
        cached = self._filled.get(r)
        if cached is None:
            covered = self.covered
            cached = self._filled[r] = [c for c, v in enumerate(self.rows[r])
                                        if v != "" and v is not None and (r, c) not in covered]
        return cached


_CAPTION = re.compile(r"^(单位:(元|万元)|附件\d*:?表[\d.]+|附表[\d.]+)$")
"""单位：元, 附件1：表5 (as compared: :func:`norm_label`)."""


def _is_caption(label: str) -> bool:
    """单位：元, 附件1：表5, a table's title: text around a table, never a row of it."""
    return bool(_CAPTION.match(label)) or any(key in label for key in _table_keys())


@lru_cache(maxsize=1)
def _table_keys() -> tuple[str, ...]:
    """The tables' names as compared (a constant of the forms)."""
    return tuple(norm_label(t) for _, t in TABLES)


def _is_note(label: str) -> bool:
    """The note under a table (注：…) ends it."""
    return label.startswith("注:")


@lru_cache(maxsize=1)
def _review_headers() -> frozenset[str]:
    """The review tables' column headings as compared (a constant of the layout)."""
    return frozenset(norm_label(lab) for (label, aliases) in L_review.COLUMNS for lab in (label, *aliases))


_ADDR = re.compile(r"([A-Z]+)(\d+)")


def _parse_addr(addr: str) -> tuple[int, int]:
    m = _ADDR.match(addr)
    assert m
    return int(m[2]) - 1, guard.col_index(m[1]) - 1


# The review tables' rows: a title with its number in front (一、 1.1 （1）) or its weight behind
# (……（8分）), the numbers that make a row a section, a group or an item, a score typed as “(5分)”.
_NUMBERED_TITLE = re.compile(r"^\s*([一二三四五六七八九十]+、?|\d+\.\d+|[(（]\s*\d+\s*[)）])\s*(.*)$", re.S)
_WEIGHTED_TITLE = re.compile(r"^(.*?)\s*[(（]\s*(\d+(?:\.\d+)?)\s*分\s*[)）]\s*$", re.S)
_SECTION_NUMBER = re.compile(r"[一二三四五六七八九十]+、?")
_GROUP_NUMBER = re.compile(r"\d+\.\d+")
_ITEM_NUMBER = re.compile(r"\(\s*\d+\s*\)")
_SCORE_COLUMNS = (("weight", "权重"), ("self_score", "部门自评"), ("finance_score", "财政评审"))
"""The review tables' number columns: field and heading, in the order they are read."""
_OPINION_LABEL = "财政评审意见"
_COLUMN_LABELS = {**dict(_SCORE_COLUMNS), "opinion": _OPINION_LABEL}
_SCORE_TEXT = re.compile(r"[(]?\s*(-?\d+(?:\.\d+)?)\s*分?\s*[)]?")


# --- the reader ----------------------------------------------------------------------------------

@lru_cache(maxsize=None)
def _field_names(cls: type) -> frozenset[str]:
    """The fields of a model class (pydantic's ``model_fields`` is a property, slow to ask per row)."""
    return frozenset(cls.model_fields)


def _nested(values: dict[str, Any]) -> dict[str, Any]:
    """Values by dotted path as nested keyword arguments: ``{"flags.major": x, "name": y}`` →
    ``{"flags": {"major": x}, "name": y}``."""
    out: dict[str, Any] = {}
    for path, value in values.items():
        *parents, last = path.split(".")
        level = out
        for part in parents:
            level = level.setdefault(part, {})
        level[last] = value
    return out


@lru_cache(maxsize=1)
def _basic_labels() -> frozenset[str]:
    """Every label of 项目基本信息表 as compared: a value is looked for right of its label, up to
    the next one (a constant of the layout)."""
    fields = L_basic.all_fields()
    stop = {norm_label(lab) for f in fields for lab in f.labels}
    stop |= {norm_label(x) for x in (L_basic.FUNDING_LABEL, L_basic.FUNDING_HEADER, L_basic.SUMMARY, L_basic.ATTACHMENTS)}
    stop |= {norm_label(x) for x in (L_basic.INFO_GROUP, "项目目标", "项目计划", "项目管理")}
    return frozenset(stop)


@lru_cache(maxsize=1)
def _known_tree() -> tuple[frozenset[str], frozenset[str]]:
    """Every 一级 and 二级 indicator heading of the code lists of all years (constant data)."""
    level1: set[str] = set()
    level2: set[str] = set()
    for year in available_years():
        tree = code_lists(year)["indicator_tree"].tree
        level1.update(tree)
        for subs in tree.values():
            level2.update(subs)
    level1.add("成本指标")
    return frozenset(level1), frozenset(level2)


class Reader:
    def __init__(self, path: Path, wb: CalamineWorkbook, info: guard.WorkbookInfo):
        self.path = path
        self.wb = wb
        self.info = info
        self.sub = Submission()
        self.findings: list[Finding] = []
        self.cells: dict[str, str] = {}
        self.meta: dict[tuple[str, str], tuple[str, str]] = {}
        self.table = ""
        self.current: Grid | None = None

    # findings and cells
    def finding(self, rule: str, severity: Severity, path: str, message: str, cell: str | None = None,
                table: str | None = None) -> None:
        if cell is None and self.current is not None and rule != MISSING_TABLE:
            cell = self.current.addr(0, 0)  # the table as a whole: its sheet's first cell
        self.findings.append(Finding(rule, severity, self.table if table is None else table, path, message, cell))

    def record(self, g: Grid, r: int, c: int, path: str) -> None:
        self.cells[path] = g.addr(r, c)
        g.used.add((r, c))

    # typed values
    def raw(self, g: Grid, r: int, c: int, path: str, label: str) -> Any:
        """The value at (r, c), recorded as *path*; a formula without cached value is reported
        and read as blank."""
        self.record(g, r, c, path)
        if not g.uncached and not g.errors:  # the usual workbook: every value readable as it is
            return g.value(r, c)
        if (r, c) in g.uncached:
            self.finding(UNCACHED_FORMULA, Severity.ERROR, path,
                         f"“{label}”是公式，但工作簿没有保存计算结果，无法读取（未按 0 处理）：请在 Excel 或 WPS 中打开并保存后再导入，或直接填写数值",
                         g.addr(r, c))
            return None
        if (r, c) in g.errors:
            self.finding(ERROR_VALUE, Severity.ERROR, path,
                         f"“{label}”显示错误值“{g.errors[(r, c)]}”（公式或引用出错），未导入：请在原表中改正后再导入", g.addr(r, c))
            return None
        return g.value(r, c)

    def typed(self, g: Grid, r: int, c: int, kind: str, path: str, label: str) -> Any:
        v = self.raw(g, r, c, path, label)
        where = self.cells[path]  # the address raw() has recorded
        if kind in ("money", "number"):
            if v is None:  # blank (most score cells): no amount
                return None
            if isinstance(v, str):
                v = v.strip()
            try:
                d = parse_money(v if not isinstance(v, float) or not v.is_integer() else int(v))
                if d is not None and (not d.is_finite() or d.adjusted() >= 15):  # NaN, inf, 1e308: no amount
                    raise MoneyError(str(v))
            except MoneyError:
                self.finding(BAD_VALUE, Severity.ERROR, path, f"“{label}”的值“{cell_text(v)}”不是数字，未导入", where)
                return None
            if d is not None and kind == "money" and d == d.quantize(CENT) and d.as_tuple().exponent > -2:
                d = d.quantize(CENT)
            return d
        if kind in ("year", "int"):
            try:
                n = parse_year(v) if kind == "year" else parse_int(v)
                if n is not None and abs(n) >= 10**9:  # 1e308 is a whole number, but no year or count
                    raise ValueError(v)
                return n
            except (ValueError, OverflowError):  # OverflowError: int(inf)
                self.finding(BAD_VALUE, Severity.ERROR, path,
                             f"“{label}”的值“{cell_text(v)}”不是{'年份' if kind == 'year' else '整数'}，未导入", where)
                return None
        if kind == "flag":
            text = cell_text(v).strip()
            flag = YesNo.parse(text)
            if text and flag == YesNo.UNSET and text != YesNo.UNSET.value:
                self.finding(BAD_VALUE, Severity.WARNING, path, f"“{label}”应填“是”或“否”，“{text}”无法识别，按未填处理", where)
            return flag
        if kind == "date":
            return parse_date_cell(v)
        if kind == "coded":
            return Coded.parse(cell_text(v))
        return cell_text(v)

    def right_of(self, g: Grid, r: int, c: int, stop: set[str] | frozenset[str]) -> int:
        """The value column of the label at (r, c): the first filled cell to its right before the
        next label, else the cell right after it."""
        _, c_end = g.span(r, c)
        first = c_end + 1
        for cc in range(c_end + 1, g.ncols):
            if (r, cc) in g.covered:
                continue
            v = g.value(r, cc)
            if v is None:
                continue
            if isinstance(v, str) and norm_label(v) in stop:
                return first
            return cc
        return first

    # rich text
    def rich_html(self, g: Grid, r: int, c: int, path: str, part: str = "html") -> str:
        visible = g.text(r, c)
        stored = self.meta.get((path, part))
        if stored is not None and stored[0] == visible:
            try:
                markup = json.loads(stored[1])
            except ValueError:
                markup = None
            if isinstance(markup, str) and html_visible(markup) == visible:
                return markup  # only markup that shows exactly what the cell shows
            self.finding(HIDDEN_DATA, Severity.INFO, path, "隐藏数据表中的简述格式已损坏，按单元格文字导入", g.addr(r, c))
        return cell_to_html(self.info.rich.get(visible) or [(visible, None)])

    def attachments(self, g: Grid, r: int, c: int, path: str) -> list[Attachment]:
        visible = g.text(r, c)
        stored = self.meta.get((path, "attachments"))
        if stored is not None and stored[0] == visible:
            try:
                stored_list = [Attachment.model_validate(a) for a in json.loads(stored[1])]
                if "\n".join(a.name for a in stored_list) == visible:
                    return stored_list
                raise ValueError("names differ from the cell")
            except (ValueError, ValidationError, TypeError):
                self.finding(HIDDEN_DATA, Severity.INFO, path, "隐藏数据表中的上传依据已损坏，按单元格内容导入", g.addr(r, c))
        return [Attachment(name=line) for line in visible.split("\n") if line.strip()]

    def citations(self, path: str) -> list[Citation]:
        stored = self.meta.get((path, "citations"))
        if not stored:
            return []
        try:
            return [Citation.model_validate(a) for a in json.loads(stored[1])]
        except (ValueError, ValidationError, TypeError):
            self.finding(HIDDEN_DATA, Severity.INFO, path, "隐藏数据表中的政策依据引用已损坏，未导入")
            return []

    # --- the run ---------------------------------------------------------------------------------
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

    # --- 项目基本信息表 ---------------------------------------------------------------------------
    def read_basic(self, g: Grid) -> None:
        fields = L_basic.all_fields()
        stop = _basic_labels()
        values: dict[str, Any] = {}  # by path; the table is built from them in one go (not field by field)
        for spec in fields:
            pos = g.find(spec.labels)
            if pos is None:
                self.finding(MISSING_LABEL, Severity.WARNING, spec.path, f"找不到“{spec.label}”一栏，该项按空白导入")
                continue
            g.use(*pos)
            r, _ = pos
            c = self.right_of(g, *pos, stop)
            values[spec.path] = self.typed(g, r, c, spec.kind, spec.path, spec.label)
        nested = _nested(values)
        self.sub.basic = BasicInfo(**nested.pop("basic", {}))
        assert not nested, "the fields of 项目基本信息表 all lie under basic"
        for lab in (L_basic.INFO_GROUP, "项目目标", "项目计划", "项目管理", *L_basic.FUNDING_ALIASES, L_basic.FUNDING_LABEL):
            for pos in g.labels.get(norm_label(lab), ()):
                g.use(*pos)
        self.read_funding(g)
        self.read_narratives(g)

    def read_funding(self, g: Grid) -> None:
        head = g.find([L_basic.FUNDING_HEADER])
        if head is None:
            pos = g.find([L_basic.FUNDING_LABEL, *L_basic.FUNDING_ALIASES])
            if pos is None:
                self.finding(MISSING_LABEL, Severity.WARNING, "basic.funding", "找不到“申请金额(元)”表格，各年金额按空白导入")
                return
            head = (pos[0], g.span(*pos)[1] + 1)
        hr, hc = head
        g.use(hr, hc)
        self.cells["basic.funding"] = g.addr(hr, hc)
        years: list[tuple[int, int]] = []
        for c in range(g.span(hr, hc)[1] + 1, g.ncols):
            if (hr, c) in g.covered:
                continue
            g.use(hr, c)
            v = g.value(hr, c)
            if v is None:
                continue
            if (hr, c) in g.uncached:
                self.raw(g, hr, c, f"basic.funding[{len(years)}].year", "年度")
                continue
            try:
                y = parse_year(v)
            except ValueError:
                self.finding(BAD_VALUE, Severity.ERROR, "basic.funding", f"申请金额的年度“{cell_text(v)}”不是年份，该列未导入", g.addr(hr, c))
                continue
            if y is not None:
                self.cells[f"basic.funding[{len(years)}].year"] = g.addr(hr, c)
                self.cells[f"basic.funding[{len(years)}]"] = g.addr(hr, c)
                years.append((y, c))
        labels = {norm_label(lab): key for key, label, aliases in L_basic.FUNDING_ROWS for lab in (label, *aliases)}
        columns = [FundingYear(year=y) for y, _ in years]
        seen: set[str] = set()
        for r in range(hr + 1, min(hr + 13, g.nrows)):
            key = labels.get(g.label(r, hc))
            if key is None or key in seen:
                continue
            seen.add(key)
            g.use(r, hc)
            label = dict((k, lab) for k, lab, _ in L_basic.FUNDING_ROWS)[key]
            for i, (y, c) in enumerate(years):
                setattr(columns[i], key, self.typed(g, r, c, "money", f"basic.funding[{i}].{key}", f"{y}年{label}"))
            for c in range(hc + 1, g.ncols):  # cells of blank year columns belong to the grid too
                if all(c != cc for _, cc in years) and g.value(hr, c) is None and (hr, c) not in g.covered:
                    if g.value(r, c) is not None:
                        self.finding(BAD_VALUE, Severity.WARNING, "basic.funding", f"{label}的金额“{g.text(r, c)}”所在列没有年度，未导入", g.addr(r, c))
                    g.use(r, c)
        for key, label, _ in L_basic.FUNDING_ROWS:
            if key not in seen:
                self.finding(MISSING_LABEL, Severity.WARNING, "basic.funding", f"申请金额表格中找不到“{label}”一行，按空白导入", g.addr(hr, hc))
        self.sub.basic.funding = columns

    def read_narratives(self, g: Grid) -> None:
        summary_key, attach_key = norm_label(L_basic.SUMMARY), norm_label(L_basic.ATTACHMENTS)
        found = {path: g.find([label]) for _group, label, path in L_basic.NARRATIVE_ROWS}
        starts = sorted(p[0] for p in found.values() if p is not None)
        for _group, label, path in L_basic.NARRATIVE_ROWS:
            pos = found[path]
            if pos is None:
                self.finding(MISSING_LABEL, Severity.WARNING, path, f"找不到“{label}”的简述，按空白导入")
                continue
            g.use(*pos)
            r, c = pos
            r_end = max(g.span(r, c)[0], r + 1)
            # its 简述 and 上传依据 lie in its own rows, before the next narrative's label
            limit = min([x for x in starts if x > r] + [r_end + 2, g.nrows])
            summaries = g.places(summary_key, range(r, limit), c)
            s_pos = summaries[0] if summaries else None
            # its 上传依据: the first one before its 简述 or in a row below it
            a_pos = next((p for p in g.places(attach_key, range(r, limit), c)
                          if s_pos is None or p < s_pos or p[0] > s_pos[0]), None)
            narrative = getattr(self.sub.narratives, path.split(".")[1])
            if s_pos is None:
                self.finding(MISSING_LABEL, Severity.WARNING, path, f"“{label}”下找不到“简述”，按空白导入", g.addr(r, c))
            else:
                g.use(*s_pos)
                vc = self.right_of(g, *s_pos, {attach_key, summary_key})
                self.raw(g, s_pos[0], vc, path, label)
                self.cells[f"{path}.html"] = g.addr(s_pos[0], vc)
                narrative.html = self.rich_html(g, s_pos[0], vc, path)
            if a_pos is not None:
                g.use(*a_pos)
                vc = self.right_of(g, *a_pos, {attach_key, summary_key})
                self.record(g, a_pos[0], vc, f"{path}.attachments")
                narrative.attachments = self.attachments(g, a_pos[0], vc, path)
            narrative.citations = self.citations(path)

    # --- 项目绩效目标表 ---------------------------------------------------------------------------
    def header_columns(self, g: Grid, r: int, specs: Iterable[FieldSpec]) -> dict[str, int]:
        """Column of each spec in header row *r*, matched by label."""
        found: dict[str, int] = {}
        by_label = {norm_label(lab): spec for spec in specs for lab in spec.labels}
        for c in g.filled(r):
            spec = by_label.get(g.label(r, c))
            if spec is not None and spec.path not in found:
                found[spec.path] = c
                g.use(r, c)
        return found

    def read_performance(self, g: Grid) -> None:
        perf = self.sub.performance
        ind_head = g.find_header(L_perf.INDICATOR_COLUMNS, 3)
        goal_head = g.find_header([spec for spec, _, _ in L_perf.GOAL_COLUMNS], 2)
        if goal_head is not None and ind_head is not None and goal_head[0] > ind_head[0]:
            goal_head = None
        end_goals = ind_head[0] if ind_head else g.nrows
        title = g.find([L_perf.INDICATORS_TITLE])
        if title is not None and goal_head is not None and title[0] > goal_head[0]:
            end_goals = min(end_goals, title[0])
        if goal_head is None:
            self.finding(MISSING_LABEL, Severity.WARNING, "performance.annual_goals", "找不到年度目标表格（财年、目标、备注），按空白导入")
        else:
            cols = self.header_columns(g, goal_head[0], [spec for spec, _, _ in L_perf.GOAL_COLUMNS])
            self.cells["performance.annual_goals"] = g.addr(*goal_head)
            for r in range(goal_head[0] + 1, end_goals):
                if not any(c in cols.values() for c in g.filled(r)):
                    continue
                i = len(perf.annual_goals)
                values = {}
                self.cells[f"performance.annual_goals[{i}]"] = g.addr(r, min(cols.values()))
                for spec, _, _ in L_perf.GOAL_COLUMNS:
                    if spec.path in cols:
                        values[spec.path] = self.typed(g, r, cols[spec.path], spec.kind,
                                                       f"performance.annual_goals[{i}].{spec.path}", spec.label)
                perf.annual_goals.append(AnnualGoal(**values))
        if ind_head is None:
            self.finding(MISSING_LABEL, Severity.WARNING, "performance.indicators", "找不到绩效指标表格（指标名称……），按空白导入")
            return
        hr = ind_head[0]
        self.cells["performance.indicators"] = g.addr(*ind_head)
        cols = self.header_columns(g, hr, L_perf.INDICATOR_COLUMNS)
        lvl = self.header_columns(g, hr, [FieldSpec(L_perf.LEVEL1_HEADER[0], "level1"), FieldSpec(L_perf.LEVEL2_HEADER[0], "level2")])
        name_col = cols.get("name", 0)
        known1, known2 = _known_tree()
        known = known1 | known2
        level1 = level2 = ""
        at1 = at2 = None  # the label rows' cells
        pending: list[tuple[int, int, str]] = []  # a run of label rows

        def settle() -> None:
            nonlocal level1, level2, at1, at2
            if not pending:
                return
            texts = [t for _, _, t in pending]
            first, last = g.addr(*pending[0][:2]), g.addr(*pending[-1][:2])
            if len(texts) == 1:
                t = texts[0]
                if t in known1 and t not in known2:
                    level1, level2, at1, at2 = t, "", first, first
                else:
                    level2, at2 = t, first
            elif texts[0] in known2 and texts[0] not in known1:
                level2, at2 = texts[-1], last
            else:
                level1, level2, at1, at2 = texts[0], texts[-1], first, last
            pending.clear()

        # Label rows (一级, 二级) are merged across the table where the workbook merges them (this
        # app's export, most templates): then an unmerged row is an indicator, whatever its name.
        # Without merges a row with only a known 一级/二级 name in it is a label row.
        wide = {r for (r, c), (_r1, c1) in g.merge_end.items() if r > hr and c <= name_col and c1 - c >= 2}
        for r in range(hr + 1, g.nrows):
            filled = g.filled(r)
            merged_label = r in wide
            if not filled and not merged_label:
                continue
            by_name = not wide and len(filled) == 1 and filled[0] <= name_col and g.text(r, filled[0]).strip() in known
            if not lvl and (merged_label or by_name):
                c = filled[0] if filled else min(c for c in range(0, name_col + 1) if (r, c) in g.merge_end)
                g.use(r, c)
                pending.append((r, c, g.text(r, c)))
                continue
            settle()
            i = len(perf.indicators)
            values: dict[str, Any] = {}
            self.cells[f"performance.indicators[{i}]"] = g.addr(r, cols.get("name", filled[0]))
            for key, at in (("level1", at1), ("level2", at2)):
                if at:
                    self.cells[f"performance.indicators[{i}].{key}"] = at
            if lvl:
                for key in ("level1", "level2"):
                    if key in lvl and g.value(r, lvl[key]) is not None:
                        g.use(r, lvl[key])
                        if key == "level1":
                            level1, level2 = g.text(r, lvl[key]), ""
                        else:
                            level2 = g.text(r, lvl[key])
                if not any(c in cols.values() for c in filled):
                    continue
            for spec in L_perf.INDICATOR_COLUMNS:
                if spec.path in cols:
                    values[spec.path] = self.typed(g, r, cols[spec.path], spec.kind,
                                                   f"performance.indicators[{i}].{spec.path}", spec.label)
            perf.indicators.append(Indicator(level1=level1, level2=level2, **values))

    # --- the money tables ------------------------------------------------------------------------
    def read_transfers(self, g: Grid) -> None:
        t = self.sub.transfers
        head = g.find([L_tables.TRANSFER_REGION, *L_tables.TRANSFER_REGION_ALIASES])
        if head is None:
            self.finding(MISSING_LABEL, Severity.WARNING, "transfers", "找不到“地区名称”表头，对下转移支付表按空白导入")
            return
        hr, hc = head
        g.use(hr, hc)
        self.cells["transfers.regions"] = self.cells["transfers.years"] = g.addr(hr, hc)
        sub_r = hr + 1
        year_at: dict[int, int | None] = {}
        current: int | None = None
        years: list[int] = []
        for c in range(hc + 1, g.ncols):
            if (hr, c) not in g.covered:
                v = g.value(hr, c)
                g.use(hr, c)
                if v is not None or (hr, c) in g.merge_end:
                    current = None  # a blank merged header is a year not filled in
                if v is not None:
                    try:
                        current = parse_year(v)
                    except ValueError:
                        self.finding(BAD_VALUE, Severity.ERROR, "transfers.years", f"年度“{cell_text(v)}”不是年份，该年各列未导入", g.addr(hr, c))
                    if current is not None and current not in years:
                        years.append(current)
            year_at[c] = current
        sub_labels = {norm_label(lab): key for key, label, aliases in L_tables.TRANSFER_SUBCOLUMNS for lab in (label, *aliases)}
        columns: list[tuple[int, str, int]] = []  # (column, key, year)
        for c in range(hc + 1, g.ncols):
            key = sub_labels.get(g.label(sub_r, c))
            if key is not None:
                g.use(sub_r, c)
                if year_at.get(c) is not None:
                    columns.append((c, key, year_at[c]))
        t.years = years
        total_labels = {norm_label(x) for x in (L_tables.TOTAL, *L_tables.TOTAL_ALIASES)}
        label_of = {key: label for key, label, _ in L_tables.TRANSFER_SUBCOLUMNS}
        declared: list[TransferYear] | None = None
        for r in range(sub_r + 1, g.nrows):
            name_v = g.text(r, hc)
            if _is_note(g.label(r, hc)):
                break
            money_cells = [c for c in g.filled(r) if c > hc]
            if not money_cells and _is_caption(g.label(r, hc)):
                g.use(r, hc)
                continue
            if not name_v and not money_cells:
                continue
            is_total = g.label(r, hc) in total_labels and declared is None
            if is_total:
                prefix = "transfers.declared_total"
                g.use(r, hc)
                self.cells[prefix] = g.addr(r, hc)
                for k in range(len(years)):
                    self.cells[f"{prefix}[{k}]"] = g.addr(r, hc)
                declared = [TransferYear(year=y) for y in years]
                target = declared
            else:
                i = len(t.regions)
                prefix = f"transfers.regions[{i}]"
                self.cells[prefix] = g.addr(r, hc)
                region = TransferRegion(name=self.typed(g, r, hc, "text", f"{prefix}.name", "地区名称"),
                                        years=[TransferYear(year=y) for y in years])
                t.regions.append(region)
                target = region.years
            for c, key, y in columns:
                k = years.index(y)
                value = self.typed(g, r, c, "money", f"{prefix}[{k}].{key}" if is_total else f"{prefix}.years[{k}].{key}",
                                   f"{y}年{label_of[key]}")
                setattr(target[k], key, value)
            for c in money_cells:  # cells under a blank year belong to the table too
                if year_at.get(c) is None and (r, c) not in g.used:
                    if g.value(r, c) is not None:
                        self.finding(BAD_VALUE, Severity.WARNING, "transfers", f"金额“{g.text(r, c)}”所在列没有年度，未导入", g.addr(r, c))
                    g.use(r, c)
        t.declared_total = declared or []

    def read_items(self, g: Grid, columns: tuple[FieldSpec, ...], attr: str, make: Callable[..., Any]) -> None:
        table = getattr(self.sub, attr)
        head = g.find_header(columns, 2)
        if head is None:
            self.finding(MISSING_LABEL, Severity.WARNING, attr, f"找不到“{columns[0].label}”表头，按空白导入")
            return
        hr = head[0]
        cols = self.header_columns(g, hr, columns)
        self.cells[f"{attr}.items"] = g.addr(*head)
        first = min(cols.values())
        total_labels = {norm_label(x) for x in (L_tables.TOTAL, *L_tables.TOTAL_ALIASES)}
        amount = next((s for s in columns if s.kind == "money"), None)
        total_seen = False
        for r in range(hr + 1, g.nrows):
            filled = g.filled(r)
            if not filled:
                continue
            if _is_note(g.label(r, first)):
                break
            if len(filled) == 1 and _is_caption(g.label(r, filled[0])):
                g.use(r, filled[0])
                continue
            if not total_seen and any(g.label(r, c) in total_labels for c in filled if c <= first):
                total_seen = True
                for c in filled:
                    if c <= first:
                        g.use(r, c)
                self.cells[f"{attr}.declared_total"] = g.addr(r, first)
                if amount is not None and amount.path in cols:
                    table.declared_total = self.typed(g, r, cols[amount.path], "money", f"{attr}.declared_total", "合计")
                continue
            if not any(c in cols.values() for c in filled):
                continue
            i = len(table.items)
            self.cells[f"{attr}.items[{i}]"] = g.addr(r, first)
            values = {spec.path: self.typed(g, r, cols[spec.path], spec.kind, f"{attr}.items[{i}].{spec.path}", spec.label)
                      for spec in columns if spec.path in cols}
            table.items.append(make(**values))

    def read_procurement(self, g: Grid) -> None:
        self.read_items(g, L_tables.PROCUREMENT_COLUMNS, "procurement", ProcurementItem)

    def read_services(self, g: Grid) -> None:
        self.read_items(g, L_tables.SERVICE_COLUMNS, "services", ServiceItem)

    # --- the two review tables -------------------------------------------------------------------
    def review_rows(self, g: Grid, on_row: Callable[..., None],
                    totals: dict[str, str]) -> None:
        """Walk a review table: classify each row as section, group, item, 简述 or total, and hand
        it to *on_row(kind, r, values, path_hint)*."""
        specs = [FieldSpec(label, key, aliases=aliases) for (label, aliases), key in
                 zip(L_review.COLUMNS, ("number", "title", "weight", "self_score", "finance_score", "opinion"))]
        head = g.find_header(specs, 2)
        if head is None:
            self.finding(MISSING_LABEL, Severity.WARNING, "", "找不到“编审要点”表头，按空白导入")
            return
        hr = head[0]
        cols = self.header_columns(g, hr, specs)
        self.cells[f"{self.table_attr}.sections"] = g.addr(*head)
        headers = {norm_label(lab) for s in specs for lab in s.labels}
        summary = norm_label(L_review.SUMMARY)
        total_labels = {norm_label(lab): key for key, (label, aliases) in totals.items() for lab in (label, *aliases)}
        by_label = {norm_label(lab): s.path for s in specs for lab in s.labels}
        for c in g.filled(hr):
            key = total_labels.get(g.label(hr, c))
            if key is not None:  # the seed's supplement puts 总得分 in its heading row
                g.use(hr, c)
                on_row("total", hr, {"key": key}, cols)
        rows = [r for r in range(hr + 1, g.nrows) if g.filled(r)]
        # each row's texts as compared, once (a row's cells are read by on_row only after its
        # labels have been looked at, and it changes no other row)
        row_labels = [[g.label(r, c) for c in g.filled(r)] for r in rows]
        for k, r in enumerate(rows):
            filled, labels = g.filled(r), row_labels[k]
            repeated = {by_label[lab]: c for c, lab in zip(filled[1:], labels[1:]) if lab in by_label}
            if len(repeated) >= 2:  # a section row that repeats the headings: it places the columns
                for key, c in repeated.items():
                    if key not in ("number", "title"):
                        cols[key] = c
            first_label = labels[0]
            if first_label in total_labels or (len(filled) > 1 and labels[1] in total_labels and first_label == ""):
                i = 0 if first_label in total_labels else 1
                g.use(r, filled[i])
                on_row("total", r, {"key": total_labels[labels[i]]}, cols)
                continue
            if first_label == summary:
                g.use(r, filled[0])
                on_row("summary", r, {"at": filled[0]}, cols)
                continue
            followed = k + 1 < len(rows) and row_labels[k + 1][0] == summary
            number = g.text(r, cols["number"]) if "number" in cols else ""
            title = g.text(r, cols["title"]) if "title" in cols else g.text(r, filled[0])
            parsed_weight = None
            if "number" not in cols or not number:
                m = _NUMBERED_TITLE.match(title)
                if m:
                    number, title = m[1].rstrip("、"), m[2]
            m = _WEIGHTED_TITLE.match(title) if "分" in title else None  # (the pattern backtracks over a long title)
            if m:
                title, parsed_weight = m[1], Decimal(m[2])
            num = nfkc(number).strip()
            if _SECTION_NUMBER.fullmatch(num):
                kind = "section"
            elif _GROUP_NUMBER.fullmatch(num):
                kind = "group"
            elif _ITEM_NUMBER.fullmatch(num) or followed:
                kind = "item"
            else:
                kind = "group_or_section"
            for c, lab in zip(filled, labels):
                if lab in headers and c not in (cols.get("number"), cols.get("title")):
                    g.use(r, c)  # a section row that repeats the column headings (seed style)
            on_row(kind, r, {"number": number, "title": title, "parsed_weight": parsed_weight}, cols)

    def _scores(self, g: Grid, r: int, cols: dict[str, int], path: str, parsed_weight=None,
                with_weight: bool = True, what: str = "") -> dict[str, Any]:
        """The weight, scores and opinion of row *r* that are filled in, by field name, recorded
        under ``path`` (a caller builds its node from them in one go rather than field by field)."""
        headers = _review_headers()
        values: dict[str, Any] = {}
        for key, label in _SCORE_COLUMNS:
            if key == "weight" and not with_weight:
                continue
            if key in cols:
                c = cols[key]
                v = g.value(r, c)
                if isinstance(v, str):
                    if norm_label(v) in headers:
                        continue
                    s = nfkc(v).strip()
                    m = _SCORE_TEXT.fullmatch(s)
                    if m and s != m[1]:
                        g.rows[r][c] = m[1]
                value = self.typed(g, r, c, "number", f"{path}.{key}", f"{what}{label}")
                if value is not None:
                    values[key] = value
        if with_weight and values.get("weight") is None and parsed_weight is not None:
            values["weight"] = parsed_weight
        if "opinion" in cols and g.label(r, cols["opinion"]) not in headers:
            opinion = self.typed(g, r, cols["opinion"], "text", f"{path}.opinion", _OPINION_LABEL)
            if opinion:
                values["opinion"] = opinion
        elif "opinion" in cols:
            g.use(r, cols["opinion"])
        return values

    def _assign(self, target: Any, values: dict[str, Any], path: str) -> None:
        """Set *values* on an existing node (read under ``path``), field by field. A value in a
        column the node has no field for (a 部门自评 score on a section row, an opinion on the
        总得分 row) is not imported: a finding at its cell says so."""
        fields = _field_names(type(target))
        for key, value in values.items():
            if key in fields:
                setattr(target, key, value)
                continue
            where = self.cells.pop(f"{path}.{key}", None)
            label = _COLUMN_LABELS.get(key, key)
            shown = cell_text(value) if not isinstance(value, Decimal) else f"{value:f}"
            self.finding(UNPLACED, Severity.WARNING, path,
                         f"这一行不填“{label}”，这里的“{shown}”未导入：分数和意见请填在各编审要点（小项）所在的行",
                         where)

    def read_construction(self, g: Grid) -> None:
        review = ConstructionReview()
        state: dict[str, Any] = {"item": None, "path": ""}

        def on_row(kind: str, r: int, v: dict, cols: dict[str, int]) -> None:
            if kind == "total":
                self._assign(review.total_score,
                             self._scores(g, r, cols, "construction_review.total_score", with_weight=False, what="总得分的"),
                             "construction_review.total_score")
                return
            if kind == "summary":
                self._summary(g, r, v["at"], cols, state)
                return
            if kind != "item":
                s = len(review.sections)
                self._review_node(g, r, cols, v, ConstructionSection, review.sections, f"construction_review.sections[{s}]")
                state["item"] = None
                return
            if not review.sections:
                review.sections.append(ConstructionSection())
            s = len(review.sections) - 1
            i = len(review.sections[s].items)
            path = f"construction_review.sections[{s}].items[{i}]"
            item = self._review_node(g, r, cols, v, ReviewItem, review.sections[s].items, path)
            state.update(item=item, path=path)

        self.review_rows(g, on_row, {"total_score": L_review.CONSTRUCTION_TOTAL})
        empty = not review.sections and review.total_score.self_score is None and review.total_score.finance_score is None
        self.sub.construction_review = None if empty else review

    def read_budget_review(self, g: Grid) -> None:
        review = BudgetReview()
        state: dict[str, Any] = {"item": None, "path": "", "section_open": False}

        def on_row(kind: str, r: int, v: dict, cols: dict[str, int]) -> None:
            if kind == "total":
                key = v["key"]
                what = {"table_score": "本表得分", "supplement_score": "基建项目补充表得分", "total_score": "总分"}[key]
                self._assign(getattr(review, key), self._scores(g, r, cols, f"budget_review.{key}", with_weight=False, what=f"{what}的"),
                             f"budget_review.{key}")
                return
            if kind == "summary":
                self._summary(g, r, v["at"], cols, state)
                return
            if kind == "group_or_section":
                kind = "group" if review.sections and not state.get("after_item_group") else "section"
            if kind == "section":
                s = len(review.sections)
                self._review_node(g, r, cols, v, BudgetReviewSection, review.sections, f"budget_review.sections[{s}]")
                state["item"] = None
                return
            if not review.sections:
                review.sections.append(BudgetReviewSection())
            s = len(review.sections) - 1
            section = review.sections[s]
            if kind == "group":
                gi = len(section.groups)
                self._review_node(g, r, cols, v, ReviewGroup, section.groups, f"budget_review.sections[{s}].groups[{gi}]")
                state["item"] = None
                return
            if not section.groups:
                section.groups.append(ReviewGroup())
            gi = len(section.groups) - 1
            i = len(section.groups[gi].items)
            path = f"budget_review.sections[{s}].groups[{gi}].items[{i}]"
            item = self._review_node(g, r, cols, v, ReviewItem, section.groups[gi].items, path)
            state.update(item=item, path=path)

        self.review_rows(g, on_row, {
            "table_score": L_review.TABLE_SCORE, "supplement_score": L_review.SUPPLEMENT_SCORE,
            "total_score": L_review.TOTAL_SCORE})
        self.sub.budget_review = review

    def _review_node(self, g: Grid, r: int, cols: dict[str, int], v: dict, cls: type, siblings: list, path: str) -> Any:
        """A review table's section, group or item row: read its number, title and scores under
        ``path`` and append it to ``siblings``."""
        self._head_cells(g, r, cols, path)
        values = self._scores(g, r, cols, path, v["parsed_weight"])
        fields = _field_names(cls)
        own = {key: value for key, value in values.items() if key in fields}
        node = cls(number=v["number"], title=v["title"], **own)
        # a score in a column the node has no field for (a section's 部门自评): reported, not imported
        self._assign(node, {key: value for key, value in values.items() if key not in own}, path)
        siblings.append(node)
        return node

    def _head_cells(self, g: Grid, r: int, cols: dict[str, int], path: str) -> None:
        if "number" in cols:
            self.record(g, r, cols["number"], f"{path}.number")
        if "title" in cols:
            self.record(g, r, cols["title"], f"{path}.title")
        self.cells[path] = g.addr(r, cols.get("title", cols.get("number", 0)))

    def _summary(self, g: Grid, r: int, at: int, cols: dict[str, int], state: dict[str, Any]) -> None:
        item = state.get("item")
        if item is None:
            c = self.right_of(g, r, at, set())
            if g.value(r, c) is not None:
                g.use(r, c)
                self.finding(UNPLACED, Severity.WARNING, "", "这一行“简述”前面没有编审要点，未导入", g.addr(r, c))
            return
        path = state["path"]
        score_cols = {cols.get(k) for k in ("weight", "self_score", "finance_score", "opinion")}
        c = self.right_of(g, r, at, set())
        if c in score_cols:
            c = at + 1
        self.record(g, r, c, f"{path}.summary")
        item.summary = self.rich_html(g, r, c, f"{path}.summary")
        # the seed puts the scores and the opinion on the 简述 row
        for key, label in _SCORE_COLUMNS:
            if key in cols and cols[key] != c and g.value(r, cols[key]) is not None and getattr(item, key) is None:
                setattr(item, key, self._scores(g, r, {key: cols[key]}, path, with_weight=key == "weight").get(key))
        oc = cols.get("opinion")
        if oc is not None and oc != c and g.value(r, oc) is not None and not item.opinion:
            item.opinion = self.typed(g, r, oc, "text", f"{path}.opinion", _OPINION_LABEL)


def import_workbook(path: str | os.PathLike[str]) -> ImportResult:
    """Read a workbook in the official layout (made by this app or by hand) into a submission."""
    path = Path(path)
    if not openpyxl.DEFUSEDXML:
        raise UserError("无法导入工作簿：安全组件 defusedxml 未启用（环境变量 OPENPYXL_DEFUSEDXML 被设为 False），为防范恶意文件已拒绝读取")
    info = guard.inspect(path)
    try:
        # the bytes the guard has checked: the file is read once, and what is read is what was checked
        wb = CalamineWorkbook.from_filelike(io.BytesIO(info.data)) if info.data else CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine raises its own error types for broken parts
        raise guard.fail(path, f"工作簿内容已损坏，无法读取（{type(exc).__name__}）") from None
    try:
        return Reader(path, wb, info).run()
    except UserError:
        raise
    except Exception as exc:  # calamine errors while loading a sheet
        tb = exc.__traceback__
        while tb is not None and tb.tb_next is not None:
            tb = tb.tb_next
        # calamine's own errors, and the OSError/ValueError it raises on a damaged .xlsb/.xls sheet
        if (type(exc).__module__.startswith("python_calamine") or "Calamine" in type(exc).__name__
                or (tb is not None and tb.tb_frame.f_code is Reader.grid.__code__)):
            raise guard.fail(path, f"工作表内容已损坏，无法读取（{exc}）") from None
        raise
    finally:
        close = getattr(wb, "close", None)
        if close:
            close()
