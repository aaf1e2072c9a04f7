"""The reader's primitives shared by every table: findings and the cells they point at, values typed
at the one boundary where a cell's value enters (money, numbers, years, flags, dates), the value
right of a label, and the 简述 / 上传依据 kept in the app's hidden sheet."""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError
from python_calamine import CalamineWorkbook

from ...findings import IMPORT, Finding, Severity, codes, register_code
from ...layouts import FieldSpec
from ...model import Attachment, Citation, Coded, MoneyError, Submission, YesNo
from ...model.money import from_float, parse_amount_cell
from ...values import parse_flag
from .. import guard
from ..cells import cell_text, cell_to_html, html_visible, norm_label, parse_date_cell, parse_int, parse_year
from .grid import Grid

CENT = Decimal("0.01")

# Import findings: stable IDs, one meaning each, in the one registry of codes (forms.findings).
MISSING_TABLE = register_code("IMP-01", IMPORT, "工作簿缺少申报表")           # a table (sheet) is not in the workbook
MISSING_LABEL = register_code("IMP-02", IMPORT, "表中找不到栏目")             # a label of the table is not found: its field stays blank
BAD_VALUE = register_code("IMP-03", IMPORT, "单元格的值无法识别")             # a value that is not of the field's kind (money, year, 是/否 …)
UNCACHED_FORMULA = register_code("IMP-04", IMPORT, "公式没有保存计算结果")    # a formula with no cached value: left blank, never read as 0
UNPLACED = register_code("IMP-05", IMPORT, "单元格内容无法归入任何栏目")      # a filled cell that belongs to no field: not imported
EXTRA_SHEET = register_code("IMP-06", IMPORT, "多余的工作表")                 # a sheet that is none of the tables: ignored
HIDDEN_DATA = register_code("IMP-07", IMPORT, "隐藏数据表已损坏")             # the app's hidden sheet is damaged: the visible cells are used
ERROR_VALUE = register_code("IMP-08", IMPORT, "单元格是错误值")               # a cell showing an error value (#DIV/0!, #REF!): left blank
WAN_UNIT = register_code("IMP-09", IMPORT, "表中金额以万元填报，已换算为元")  # a table (or column) in 万元: its amounts were turned into 元
SUM_RANGE = register_code("IMP-10", IMPORT, "合计公式漏掉了表中的行")         # a 合计 that is a SUM whose range leaves out a row of the table

IMPORT_RULES: dict[str, str] = {c.id: c.title for c in codes(IMPORT)}
"""The import's codes: ID → what it means (the same as the registry's)."""


_OWN_UNIT = re.compile(r"[万亿千百元]")
"""A text amount that carries its own unit (2000万): not scaled again in a table in 万元."""


_SUM_FORMULA = re.compile(r"^(?:SUM\(|[A-Z]{1,3}\d+|[:,;+()\s])*$")
_REF = re.compile(r"([A-Z]{1,3})(\d+)(?::([A-Z]{1,3})(\d+))?")


def _summed_rows(formula: str, c: int) -> set[int] | None:
    """The 0-based sheet rows a sum down column *c* adds (``SUM(C5:C8)``, ``SUM(C5:C8,C10)``,
    ``C5+C6+C7``); None for any other formula (another column, another sheet, a function)."""
    f = formula.replace("$", "").upper()
    if not _SUM_FORMULA.match(f):
        return None
    rows: set[int] = set()
    for m in _REF.finditer(f):
        c0 = guard.col_index(m[1]) - 1
        c1 = guard.col_index(m[3]) - 1 if m[3] else c0
        if not c0 == c1 == c:
            return None
        r0, r1 = int(m[2]) - 1, int(m[4] or m[2]) - 1
        if r1 - r0 > 10000:
            return None
        rows.update(range(min(r0, r1), max(r0, r1) + 1))
    return rows or None


def _percent_text(v: float | int) -> str:
    """A percent-formatted number as the percentage shown: 0.9 → ``90``, 1.1 → ``110``."""
    try:
        d = from_float(float(v)) * 100
    except MoneyError:
        return cell_text(v)
    d = d.quantize(Decimal(1)) if d == d.to_integral_value() else d.normalize()
    return f"{d:f}"


@dataclass
class ImportResult:
    submission: Submission
    findings: list[Finding] = field(default_factory=list)
    cells: dict[str, str] = field(default_factory=dict)
    """Model field path (``basic.funding[1].total``) → ``Sheet!A1`` address it was read from."""



@cache
def _field_names(cls: type[BaseModel]) -> frozenset[str]:
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
        self.scale = 1
        """10000 while a table whose caption says 单位：万元 is read (its amounts become 元)."""
        self.percent_read = False
        self.clean_spaces = True
        """Strip the spaces around texts (off for this app's own export, see :meth:`typed`)."""
        """Set when a value was read from a percent-formatted cell (its unit is %)."""

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
        return self._raw(g, r, c, path, label)[0]

    def _raw(self, g: Grid, r: int, c: int, path: str, label: str) -> tuple[Any, str]:
        """:meth:`raw`, and the cell's address (recorded for *path*). (Once per cell read: the
        recording is written out rather than through :meth:`record`.)"""
        where = self.cells[path] = g.addr(r, c)
        g.used.add((r, c))
        if not g.uncached and not g.errors:  # the usual workbook: every value readable as it is
            if 0 <= r < g.nrows:  # (Grid.value, written out)
                row = g.rows[r]
                if 0 <= c < len(row):
                    v = row[c]
                    return (None if v == "" else v), where
            return None, where
        if (r, c) in g.uncached:
            self.finding(UNCACHED_FORMULA, Severity.ERROR, path,
                         f"“{label}”是公式，但工作簿没有保存计算结果，无法读取（未按 0 处理）："
                         "请在 Excel 或 WPS 中打开并保存后再导入，或直接填写数值",
                         where)
            return None, where
        if (r, c) in g.errors:
            self.finding(ERROR_VALUE, Severity.ERROR, path,
                         f"“{label}”显示错误值“{g.errors[(r, c)]}”（公式或引用出错），未导入：请在原表中改正后再导入", where)
            return None, where
        return g.value(r, c), where

    def typed(self, g: Grid, r: int, c: int, kind: str, path: str, label: str) -> Any:
        """The value at (r, c) as a value of *kind*: the one boundary where a cell's value enters.
        A number the spreadsheet stored as a float comes without its binary noise
        (:func:`~forms.model.money.from_float`); an amount of a table read in 万元 is turned into
        元 (:attr:`scale`); a cell formatted as percent gives the percentage it shows."""
        v, where = self._raw(g, r, c, path, label)
        if kind in ("money", "number"):
            if v is None:  # blank (most score cells): no amount
                return None
            try:
                # (a number cell, the usual amount, straight to the float's decimal)
                d = from_float(v) if type(v) is float else parse_amount_cell(v)
            except MoneyError as exc:
                shown = cell_text(v)
                shown = shown if len(shown) <= 30 else shown[:30] + "…"
                why = "超出合理范围" if "范围" in str(exc) else "不是数字" if not isinstance(v, float) else "不是有效的数字"
                self.finding(BAD_VALUE, Severity.ERROR, path, f"“{label}”的值“{shown}”{why}，未导入：请填写数字", where)
                return None
            if d is None:
                return None
            if kind == "money":
                if self.scale != 1 and not (isinstance(v, str) and _OWN_UNIT.search(v)):
                    d = d * self.scale  # exact: Decimal × 10000
                exponent = d.as_tuple().exponent
                if isinstance(exponent, int) and exponent > -2:  # (fewer than two places: whole cents)
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
            try:
                return parse_flag(v)
            except ValueError:
                self.finding(BAD_VALUE, Severity.WARNING, path, f"“{label}”应填“是”或“否”，“{cell_text(v).strip()}”无法识别，按未填处理", where)
                return YesNo.UNSET
        if kind == "date":
            return parse_date_cell(v)
        if type(v) is float and not math.isfinite(v):
            self.finding(BAD_VALUE, Severity.ERROR, path, f"“{label}”的值“{v}”不是有效的数字，未导入", where)
            return "" if kind != "coded" else Coded.parse("")
        # a percent cell holds the fraction (1 is 100%): only a small number sends for the formats
        if kind == "text" and type(v) in (float, int) and -10 <= v <= 10 and (r, c) in g.percent:
            self.percent_read = True
            return _percent_text(v)
        text = cell_text(v)
        if text and self.clean_spaces and (text[-1].isspace() or text[0].isspace() or "\xa0" in text):
            # non-breaking, full-width and trailing spaces of a workbook made by hand (this app's own
            # export holds the texts exactly as they were typed in the app, and gives them back so)
            text = text.replace("\xa0", " ").strip()
        if kind == "coded":
            return Coded.parse(text)
        return text

    def formulas_on(self, sheet: str) -> bool:
        """Whether the guard has seen any formula on *sheet* (else its XML is never looked at)."""
        return any(s.formulas for s in self.info.sheets if s.name == sheet)

    def check_sum(self, g: Grid, r: int, c: int, part_rows: list[int], declared: Decimal | None,
                  parts: list[Decimal | None], path: str, label: str) -> None:
        """A 合计 at (r, c) that is a SUM (or a sum of cells) down its column whose range leaves out
        rows of the table (*part_rows*, with their amounts *parts*) and whose value therefore
        disagrees with them: a finding that names the formula and the rows it misses."""
        if declared is None or not self.formulas_on(g.name):
            return
        formula = g.formulas.get((r, c))
        if not formula:
            return
        covered = _summed_rows(formula, c)
        if covered is None:
            return
        covered = {row - g.r_off for row in covered}
        missed = [pr for pr, v in zip(part_rows, parts, strict=False) if pr not in covered and v is not None]
        total = sum((v for v in parts if v is not None), Decimal(0))
        if not missed or total == declared:
            return
        rows = "、".join(f"第 {pr + 1 + g.r_off} 行" for pr in missed)
        filled = [pr for pr, v in zip(part_rows, parts, strict=False) if v is not None]
        col = g.addr(0, c).split("!")[1].rstrip("0123456789")
        fix = f"=SUM({col}{min(filled) + 1 + g.r_off}:{col}{max(filled) + 1 + g.r_off})"
        self.finding(SUM_RANGE, Severity.WARNING, path,
                     f"“{label}”的公式“={formula}”没有包括{rows}：合计 {declared:,f} 与各行之和 {total:,f} 不符，"
                     f"请把公式改为“{fix}”（包括表中各行）", g.addr(r, c))

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

