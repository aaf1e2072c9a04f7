"""Export a submission to one workbook in the official layout, one sheet per table, as declared in
:mod:`forms.layouts`; and the blank template (the same layout, empty, with drop-downs).

Money cells hold numbers formatted ``#,##0.00``; every user text goes through
:func:`~forms.xlsx.cells.put_text`. Each sheet is set up for A4 (orientation per table, fit to width,
repeated header rows, margins, page numbers in the footer). The 简述 cells show readable text with
real superscripts; the exact markup, attachment paths and citations, which a cell cannot show, are
kept in a very hidden sheet (``_budgetforms``) and used on import only while the visible text is
unchanged.
"""

from __future__ import annotations

import json
import math
import os
import re
import unicodedata
from copy import copy
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.cell_range import CellRange
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.page import PageMargins

from ..codes import code_lists
from ..errors import UserError
from ..layouts import FieldSpec, SheetSpec
from ..layouts import basic as L_basic
from ..layouts import performance as L_perf
from ..layouts import review as L_review
from ..layouts import tables as L_tables
from ..model import (
    Attachment,
    BudgetReview,
    ConstructionReview,
    Indicator,
    Narrative,
    Submission,
    YesNo,
)
from .cells import (
    FONT_NAME,
    FONT_SIZE,
    MONEY_FORMAT,
    NUMBER_FORMAT,
    YEAR_FORMAT,
    cell_to_html,
    flag_text,
    format_date_cell,
    html_runs,
    html_visible,
    put_text,
    rich_value,
)

META_SHEET = "_budgetforms"
LISTS_SHEET = "_lists"
HIDDEN_SHEETS = (META_SHEET, LISTS_SHEET, "_seal")  # _seal: forms.seal.SEAL_SHEET
META_HEADER = ("path", "part", "visible", "payload")
META_CHUNK = 30000

_THIN = Side(style="thin", color="000000")
BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
FONT = Font(name=FONT_NAME, size=FONT_SIZE)
BOLD = Font(name=FONT_NAME, size=FONT_SIZE, bold=True)
TITLE_FONT = Font(name=FONT_NAME, size=16, bold=True)
LABEL_FILL = PatternFill("solid", fgColor="F2F2F2")
BAND_FILL = PatternFill("solid", fgColor="E7EEF7")
WRAP_LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)
WRAP_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
RIGHT = Alignment(horizontal="right", vertical="center")
LINE_PT = 13.5
ROW_PT = 18


def _display_width(text: str) -> float:
    """Width of *text* in column-width units (a 10-point Chinese character is about 1.7)."""
    return sum(1.7 if unicodedata.east_asian_width(ch) in "WF" else 0.95 for ch in text)


def lines_needed(text: str, width_chars: float) -> int:
    per_line = max(width_chars - 1.5, 4)
    return sum(max(1, math.ceil(_display_width(line) / per_line)) for line in (text or "").split("\n"))


@dataclass
class Meta:
    rows: list[tuple[str, str, str, str]] = field(default_factory=list)

    def add(self, path: str, part: str, visible: str, payload: Any) -> None:
        self.rows.append((path, part, visible, json.dumps(payload, ensure_ascii=False)))


class Styles:
    """Cell styles built once per workbook and copied onto cells (assigning fonts, fills and
    borders one by one costs openpyxl a hash of each style object on every cell)."""

    def __init__(self, wb: Workbook):
        self.wb = wb
        self.scratch = wb.create_sheet("_styles")
        self.cache: dict[tuple[str, str | None], Any] = {}

    def get(self, kind: str, fmt: str | None) -> Any:
        key = (kind, fmt)
        if key not in self.cache:
            cell = self.scratch.cell(1, len(self.cache) + 1)
            font, fill, align, border = {
                "label": (FONT, LABEL_FILL, WRAP_CENTER, BORDER),
                "header": (BOLD, LABEL_FILL, WRAP_CENTER, BORDER),
                "band": (BOLD, BAND_FILL, WRAP_LEFT, BORDER),
                "band_number": (BOLD, BAND_FILL, RIGHT, BORDER),
                "number": (FONT, None, RIGHT, BORDER),
                "title": (TITLE_FONT, None, WRAP_CENTER, None),
                "plain": (FONT, None, WRAP_LEFT, None),
                "plain_right": (FONT, None, RIGHT, None),
                "bold": (BOLD, None, WRAP_LEFT, BORDER),
                "value": (FONT, None, WRAP_LEFT, BORDER),
            }[kind]
            cell.font, cell.alignment = font, align
            if fill is not None:
                cell.fill = fill
            if border is not None:
                cell.border = border
            if fmt:
                cell.number_format = fmt
            self.cache[key] = copy(cell._style)
        return self.cache[key]

    def done(self) -> None:
        self.wb.remove(self.scratch)


class SheetWriter:
    """Writes one table: cells, merged ranges, borders, row heights, drop-downs, print setup."""

    def __init__(self, wb: Workbook, spec: SheetSpec, lists: Lists, meta: Meta, styles: Styles):
        self.styles = styles
        self.ws = wb.create_sheet(spec.name)
        self.spec = spec
        self.lists = lists
        self.meta = meta
        self.widths = list(spec.widths)
        self.heights: dict[int, float] = {}
        self.validations: dict[str, list[str]] = {}
        for i, w in enumerate(self.widths, 1):
            self.ws.column_dimensions[get_column_letter(i)].width = w

    @property
    def ncols(self) -> int:
        return len(self.widths)

    def width(self, c0: int, c1: int) -> float:
        return sum(self.widths[c - 1] if c - 1 < len(self.widths) else 14 for c in range(c0, c1 + 1))

    def set_width(self, col: int, width: float) -> None:
        while len(self.widths) < col:
            self.widths.append(width)
        self.ws.column_dimensions[get_column_letter(col)].width = self.widths[col - 1]

    # --- cells ---------------------------------------------------------------------------------
    def cell(self, r: int, c: int, value: Any = None, *, c1: int | None = None, r1: int | None = None,
             kind: str = "value", fmt: str | None = None, text: str | None = None):
        """Write *value* at (r, c), merged to (r1, c1); style by *kind* (label, header, value,
        number, band, title, plain). Grows the row height to fit wrapped text."""
        c1 = c1 or c
        r1 = r1 or r
        cell = self.ws.cell(r, c)
        if isinstance(value, (Decimal, int)) and not isinstance(value, bool):
            cell.value = value
            fmt = fmt or MONEY_FORMAT
        else:
            put_text(cell, value)
            if kind in ("number", "header"):
                fmt = fmt or (MONEY_FORMAT if kind == "number" else None)
        style = self.styles.get(kind, fmt)
        cell._style = copy(style)
        if c1 > c or r1 > r:
            for rr in range(r, r1 + 1):
                for cc in range(c, c1 + 1):
                    if (rr, cc) != (r, c):
                        self.ws.cell(rr, cc)._style = copy(style)
            # Registered directly: merge_cells() would re-draw each edge cell's border through
            # style proxies, which costs several times the rest of the export. The covered cells
            # keep the range's style (borders) and no value.
            self.ws.merged_cells.add(CellRange(
                f"{get_column_letter(c)}{r}:{get_column_letter(c1)}{r1}"))
        shown = text if text is not None else (value if isinstance(value, str) else "")
        if shown and r1 == r:
            need = lines_needed(shown, self.width(c, c1)) * LINE_PT + 4
            if need > self.heights.get(r, ROW_PT):
                self.heights[r] = min(need, 409)
        return cell

    def typed(self, r: int, c: int, spec: FieldSpec, value: Any, c1: int | None = None) -> None:
        kind = spec.kind
        if kind in ("money", "number", "year", "int") and value is not None:
            fmt = {"money": MONEY_FORMAT, "year": NUMBER_FORMAT, "int": NUMBER_FORMAT}.get(kind, NUMBER_FORMAT)
            self.cell(r, c, value, c1=c1, kind="number", fmt=fmt)
        elif kind == "flag":
            self.cell(r, c, flag_text(value), c1=c1)
        elif kind == "date":
            self.cell(r, c, format_date_cell(value), c1=c1)
        elif kind == "coded":
            self.cell(r, c, str(value), c1=c1)
        else:
            self.cell(r, c, "" if value is None else str(value), c1=c1)
        if spec.choices:
            self.validate(spec.choices, r, c)

    def rich(self, r: int, c: int, c1: int, path: str, markup: str) -> None:
        """A 简述: readable text with superscripts; the exact markup goes to the hidden sheet when
        the visible text alone would not give it back."""
        value = rich_value(markup)
        visible = html_visible(markup)
        self.cell(r, c, value, c1=c1, text=visible)
        if cell_to_html(html_runs(markup)) != markup or any(v for _, v in html_runs(markup)):
            self.meta.add(path, "html", visible, markup)

    def attachments(self, r: int, c: int, c1: int, path: str, narrative: Narrative) -> None:
        names = "\n".join(a.name for a in narrative.attachments)
        self.cell(r, c, names, c1=c1)
        derived = [Attachment(name=line) for line in names.split("\n") if line.strip()]
        if derived != narrative.attachments:
            self.meta.add(path, "attachments", names, [a.model_dump(mode="json") for a in narrative.attachments])
        if narrative.citations:
            self.meta.add(path, "citations", "", [c.model_dump(mode="json") for c in narrative.citations])

    def validate(self, key: str, r: int, c: int) -> None:
        self.validations.setdefault(key, []).append(f"{get_column_letter(c)}{r}")

    # --- whole rows ----------------------------------------------------------------------------
    def title(self, r: int, text: str) -> None:
        self.cell(r, 1, text, c1=self.ncols, kind="title")
        self.heights[r] = 30

    def caption(self, r: int, left: str = "", right: str = "") -> None:
        if left:
            self.cell(r, 1, left, kind="plain")
        if right:
            self.cell(r, self.ncols, right, kind="plain_right")

    def note(self, r: int, text: str) -> None:
        self.cell(r, 1, text, c1=self.ncols, kind="plain")

    def finish(self, header_rows: tuple[int, int] | None, freeze: str | None = None) -> None:
        ws = self.ws
        if freeze:
            ws.freeze_panes = freeze  # the headings stay in sight while rows are filled in
        for r, h in self.heights.items():
            ws.row_dimensions[r].height = h
        for key, cells in self.validations.items():
            ref = self.lists.ref(key)
            if ref is None:
                continue
            dv = DataValidation(type="list", formula1=ref, allow_blank=True, showErrorMessage=True,
                                errorStyle="warning", error="不在代码表中，请从下拉列表中选择", errorTitle="提示")
            for addr in cells:
                dv.add(addr)
            ws.add_data_validation(dv)
        ps = ws.page_setup
        ps.paperSize = ws.PAPERSIZE_A4
        ps.orientation = "landscape" if self.spec.landscape else "portrait"
        ps.fitToWidth = 1
        ps.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.page_margins = PageMargins(left=0.5, right=0.5, top=0.6, bottom=0.7, header=0.3, footer=0.3)
        ws.print_options.horizontalCentered = True
        ws.oddFooter.center.text = "第 &P 页，共 &N 页"
        ws.oddFooter.center.font = FONT_NAME
        ws.oddFooter.center.size = 9
        if header_rows:
            ws.print_title_rows = f"{header_rows[0]}:{header_rows[1]}"
        ws.sheet_view.showGridLines = False


class Lists:
    """The code lists offered as drop-downs, written to a very hidden sheet (a list validation
    given inline may hold only 255 characters)."""

    def __init__(self, wb: Workbook, year: int | None):
        self.wb = wb
        self.codes = code_lists(year)
        self.ws = None
        self.refs: dict[str, str] = {}

    def ref(self, key: str) -> str | None:
        if key in self.refs:
            return self.refs[key]
        if key not in self.codes.lists:
            return None
        values = self.codes[key].choices()
        if not values:
            return None
        if self.ws is None:
            self.ws = self.wb.create_sheet(LISTS_SHEET)
            self.ws.sheet_state = "veryHidden"
        col = len(self.refs) + 1
        for i, v in enumerate(values, 1):
            put_text(self.ws.cell(i, col), v)
        letter = get_column_letter(col)
        self.refs[key] = f"'{LISTS_SHEET}'!${letter}$1:${letter}${len(values)}"
        return self.refs[key]


# --- the tables ----------------------------------------------------------------------------------

def _get(obj: Any, path: str) -> Any:
    for part in path.split("."):
        obj = getattr(obj, part)
    return obj


def _year_spans(n: int, first: int = 4, last: int = 7) -> list[tuple[int, int]]:
    """Columns for *n* year columns in D…G (more than four spill over to the right)."""
    if n <= 0:
        n = 3
    if n == 1:
        return [(first, last)]
    if n == 2:
        return [(first, first + 1), (first + 2, last)]
    if n == 3:
        return [(first, first + 1), (first + 2, first + 2), (last, last)]
    return [(first + i, first + i) for i in range(n)]


def _pairs(w: SheetWriter, r: int, sub: Submission, row: tuple[FieldSpec, ...]) -> None:
    if len(row) == 1:
        slots = [(2, 3, 7)]
    elif len(row) == 2:
        slots = [(2, 3, 4), (5, 6, 7)]
    else:
        slots = [(2, 3, 3), (4, 5, 5), (6, 7, 7)]
    for spec, (lc, vc, vc1) in zip(row, slots):
        w.cell(r, lc, spec.label, kind="label")
        w.typed(r, vc, spec, _get(sub, spec.path), c1=vc1)


def write_basic(w: SheetWriter, sub: Submission) -> None:
    b = sub.basic
    w.title(1, L_basic.SHEET.name)
    r = 2
    first = r
    for row in L_basic.INFO_ROWS:
        _pairs(w, r, sub, row)
        r += 1
    # 申请金额(元): a column per year, a row per source
    # the model's columns as they are (Submission.ensure_grid gives a new submission its years);
    # with none, blank year headers to fill in, as in the template
    years = [c.year for c in b.funding]
    spans = _year_spans(len(years))
    for col in range(8, spans[-1][1] + 1):
        w.set_width(col, 16)
    w.cell(r, 2, L_basic.FUNDING_LABEL, r1=r + len(L_basic.FUNDING_ROWS), kind="label")
    w.cell(r, 3, L_basic.FUNDING_HEADER, kind="header")
    for i, (c0, c1) in enumerate(spans):
        year = years[i] if i < len(years) else None
        w.cell(r, c0, year, c1=c1, kind="header", fmt=YEAR_FORMAT)
    for j, (key, label, _aliases) in enumerate(L_basic.FUNDING_ROWS, 1):
        w.cell(r + j, 3, label, kind="label")
        for i, (c0, c1) in enumerate(spans):
            column = b.funding[i] if i < len(b.funding) else None
            w.cell(r + j, c0, getattr(column, key) if column else None, c1=c1, kind="number")
    r += len(L_basic.FUNDING_ROWS) + 1
    for row in L_basic.CONTACT_ROWS:
        _pairs(w, r, sub, row)
        r += 1
    last_col = max(7, spans[-1][1])
    w.cell(first, 1, L_basic.INFO_GROUP, r1=r - 1, kind="label")
    # 项目目标, 项目计划, 项目管理: 简述 and 上传依据 for each narrative
    for group in ("项目目标", "项目计划", "项目管理"):
        rows = [(label, path) for g, label, path in L_basic.NARRATIVE_ROWS if g == group]
        w.cell(r, 1, group, r1=r + 2 * len(rows) - 1, kind="label")
        for label, path in rows:
            narrative: Narrative = _get(sub, path)
            w.cell(r, 2, label, r1=r + 1, kind="label")
            w.cell(r, 3, L_basic.SUMMARY, kind="label")
            w.rich(r, 4, last_col, path, narrative.html)
            w.cell(r + 1, 3, L_basic.ATTACHMENTS, kind="label")
            w.attachments(r + 1, 4, last_col, path, narrative)
            r += 2
    w.note(r + 1, L_basic.NOTE)
    w.finish(None)


def _numeric_text(value: str) -> Decimal | None:
    """An indicator value (text in the model) is written as a number when reading the number back
    gives the same text (``100``, ``13205.02``; not ``90.0`` or ``007``)."""
    from .cells import cell_text

    if not re.fullmatch(r"-?\d{1,12}(\.\d{1,6})?", value or ""):
        return None
    return Decimal(value) if cell_text(float(value)) == value else None


def write_performance(w: SheetWriter, sub: Submission, template: bool) -> None:
    perf = sub.performance
    w.caption(1, L_perf.GOALS_CAPTION)
    w.title(2, L_perf.GOALS_TITLE)
    r = 3
    for spec, c0, c1 in L_perf.GOAL_COLUMNS:
        w.cell(r, c0, spec.label, c1=c1, kind="header")
    r += 1
    goals = perf.annual_goals or ([] if not template else [None] * 3)
    for goal in goals:
        for spec, c0, c1 in L_perf.GOAL_COLUMNS:
            w.typed(r, c0, spec, getattr(goal, spec.path) if goal else None, c1=c1)
        r += 1
    r += 1
    w.title(r, L_perf.INDICATORS_TITLE)
    r += 1
    header = r
    for c, spec in enumerate(L_perf.INDICATOR_COLUMNS, 1):
        w.cell(r, c, spec.label, kind="header")
    r += 1
    indicators: list[Indicator | None] = list(perf.indicators)
    if template and not indicators:
        tree = code_lists(sub.basic.budget_year)["indicator_tree"].tree
        indicators = []
        for l1, l2s in tree.items():
            for l2 in l2s:
                indicators.append(Indicator(level1=l1, level2=l2))
    prev: tuple[str, str] | None = None
    for ind in indicators:
        if prev is None or ind.level1 != prev[0]:
            w.cell(r, 1, ind.level1, c1=w.ncols, kind="band")
            r += 1
            w.cell(r, 1, ind.level2, c1=w.ncols, kind="band")
            r += 1
        elif ind.level2 != prev[1]:
            w.cell(r, 1, ind.level2, c1=w.ncols, kind="band")
            r += 1
        prev = (ind.level1, ind.level2)
        for c, spec in enumerate(L_perf.INDICATOR_COLUMNS, 1):
            value = getattr(ind, spec.path)
            if template and not perf.indicators:
                value = None if spec.kind != "flag" else YesNo.UNSET
            if spec.path == "value" and _numeric_text(value or "") is not None:
                w.cell(r, c, _numeric_text(value), kind="number", fmt=NUMBER_FORMAT)
                if spec.choices:
                    w.validate(spec.choices, r, c)
            else:
                w.typed(r, c, spec, value)
        r += 1
    w.finish((header, header))


def write_transfers(w: SheetWriter, sub: Submission, template: bool = False) -> None:
    t = sub.transfers
    years: list[int | None] = list(t.years) or [None, None, None]
    sub_cols = L_tables.TRANSFER_SUBCOLUMNS
    ncols = 1 + 4 * len(years)
    for col in range(2, ncols + 1):
        w.set_width(col, 15)
    w.widths = w.widths[:ncols]
    w.title(1, L_tables.TRANSFERS.name)
    w.caption(2, right=L_tables.UNIT_CAPTION)
    w.cell(3, 1, L_tables.TRANSFER_REGION, r1=4, kind="header")
    for i, y in enumerate(years):
        c0 = 2 + 4 * i
        w.cell(3, c0, y, c1=c0 + 3, kind="header", fmt=YEAR_FORMAT)
        for j, (_key, label, _aliases) in enumerate(sub_cols):
            w.cell(4, c0 + j, label, kind="header")
    r = 5
    rows = [(L_tables.TOTAL, lambda y: t.declared(y) if y is not None else None)]
    for region in t.regions:
        rows.append((region.name, region.year))
    if template and not t.regions:
        rows += [(None, lambda y: None)] * 3  # blank region rows to fill in
    for name, lookup in rows:
        w.cell(r, 1, name, kind="label" if name == L_tables.TOTAL and r == 5 else "value")
        for i, y in enumerate(years):
            ty = lookup(y) if y is not None else None
            for j, (key, _label, _aliases) in enumerate(sub_cols):
                w.cell(r, 2 + 4 * i + j, getattr(ty, key) if ty else None, kind="number")
        r += 1
    w.note(r + 1, L_tables.TRANSFER_NOTE)
    w.finish((3, 4), freeze="B5")


def write_items(w: SheetWriter, caption: str, columns: tuple[FieldSpec, ...], items: list, total: Decimal | None,
                template: bool) -> None:
    w.caption(1, caption)
    w.title(2, w.spec.name)
    w.caption(3, right=L_tables.UNIT_CAPTION)
    for c, spec in enumerate(columns, 1):
        w.cell(4, c, spec.label, kind="header")
    w.cell(5, 1, L_tables.TOTAL, kind="label")
    for c, spec in enumerate(columns[1:], 2):
        w.cell(5, c, total if spec.kind == "money" else None, kind="number")
    r = 6
    rows = items or ([None] * 5 if template else [])
    for item in rows:
        for c, spec in enumerate(columns, 1):
            w.typed(r, c, spec, getattr(item, spec.path) if item else None)
        r += 1
    w.finish((4, 4), freeze="A5")


def _review_row(w: SheetWriter, r: int, number: str, title: str, weight, opinion: str, *, band: bool,
                self_score=None, finance_score=None, bold: bool = False) -> None:
    kind = "band" if band else "value"
    number_kind = "band_number" if band else "number"
    w.cell(r, 1, number, kind=kind)
    w.cell(r, 2, title, kind="bold" if bold else kind)
    w.cell(r, 3, weight, kind=number_kind, fmt=NUMBER_FORMAT)
    w.cell(r, 4, self_score, kind=number_kind, fmt="0.00")
    w.cell(r, 5, finance_score, kind=number_kind, fmt="0.00")
    w.cell(r, 6, opinion, kind=kind)


def _review_item(w: SheetWriter, r: int, item, path: str) -> int:
    _review_row(w, r, item.number, item.title, item.weight, item.opinion, band=False,
                self_score=item.self_score, finance_score=item.finance_score)
    w.cell(r + 1, 1, L_review.SUMMARY, kind="label")
    w.rich(r + 1, 2, 6, f"{path}.summary", item.summary)
    return r + 2


def _review_header(w: SheetWriter, r: int) -> None:
    for c, (label, _aliases) in enumerate(L_review.COLUMNS, 1):
        w.cell(r, c, label, kind="header")


def _score_row(w: SheetWriter, r: int, label: str, pair) -> None:
    w.cell(r, 1, None, kind="label")
    w.cell(r, 2, label, kind="label")
    w.cell(r, 3, None)
    w.cell(r, 4, pair.self_score, kind="number", fmt="0.00")
    w.cell(r, 5, pair.finance_score, kind="number", fmt="0.00")
    w.cell(r, 6, None)


def write_construction(w: SheetWriter, review: ConstructionReview | None) -> None:
    w.title(1, L_review.CONSTRUCTION.name)
    _review_header(w, 2)
    review = review or ConstructionReview()
    _score_row(w, 3, L_review.CONSTRUCTION_TOTAL[0], review.total_score)
    r = 4
    for s, section in enumerate(review.sections):
        _review_row(w, r, section.number, section.title, section.weight, section.opinion, band=True)
        r += 1
        for i, item in enumerate(section.items):
            r = _review_item(w, r, item, f"construction_review.sections[{s}].items[{i}]")
    w.finish((2, 2), freeze="A3")


def write_budget_review(w: SheetWriter, review: BudgetReview) -> None:
    w.title(1, L_review.BUDGET.name)
    _review_header(w, 2)
    r = 3
    for s, section in enumerate(review.sections):
        _review_row(w, r, section.number, section.title, section.weight, section.opinion, band=True)
        r += 1
        for g, group in enumerate(section.groups):
            _review_row(w, r, group.number, group.title, group.weight, group.opinion, band=False, bold=True)
            r += 1
            for i, item in enumerate(group.items):
                r = _review_item(w, r, item, f"budget_review.sections[{s}].groups[{g}].items[{i}]")
    for label, pair in ((L_review.TABLE_SCORE[0], review.table_score),
                        (L_review.SUPPLEMENT_SCORE[0], review.supplement_score),
                        (L_review.TOTAL_SCORE[0], review.total_score)):
        _score_row(w, r, label, pair)
        r += 1
    w.finish((2, 2), freeze="A3")


# --- the workbook --------------------------------------------------------------------------------

def build_workbook(sub: Submission, template: bool = False) -> Workbook:
    wb = Workbook()
    wb.remove(wb.active)
    lists = Lists(wb, sub.basic.budget_year)
    meta = Meta()
    styles = Styles(wb)

    def sheet(spec: SheetSpec) -> SheetWriter:
        return SheetWriter(wb, spec, lists, meta, styles)

    write_basic(sheet(L_basic.SHEET), sub)
    write_performance(sheet(L_perf.SHEET), sub, template)
    write_transfers(sheet(L_tables.TRANSFERS), sub, template)
    write_items(sheet(L_tables.PROCUREMENT), L_tables.PROCUREMENT_CAPTION,
                L_tables.PROCUREMENT_COLUMNS, sub.procurement.items, sub.procurement.declared_total, template)
    write_items(sheet(L_tables.SERVICES), L_tables.SERVICES_CAPTION,
                L_tables.SERVICE_COLUMNS, sub.services.items, sub.services.declared_total, template)
    write_construction(sheet(L_review.CONSTRUCTION), sub.construction_review)
    write_budget_review(sheet(L_review.BUDGET), sub.budget_review)
    styles.done()
    if meta.rows:
        ws = wb.create_sheet(META_SHEET)
        ws.sheet_state = "veryHidden"
        for c, h in enumerate(META_HEADER, 1):
            put_text(ws.cell(1, c), h)
        for r, (path, part, visible, payload) in enumerate(meta.rows, 2):
            put_text(ws.cell(r, 1), path)
            put_text(ws.cell(r, 2), part)
            put_text(ws.cell(r, 3), visible)
            for k in range(0, len(payload), META_CHUNK):
                put_text(ws.cell(r, 4 + k // META_CHUNK), payload[k:k + META_CHUNK])
    for name in HIDDEN_SHEETS:  # the hidden helpers go after the seven tables
        if name in wb.sheetnames:
            wb.move_sheet(name, offset=len(wb.sheetnames) - 1 - wb.sheetnames.index(name))
    wb.active = 0
    if sub.basic.name:
        wb.properties.title = sub.basic.name
    wb.properties.creator = "项目预算申报助手"
    return wb


def _save(wb: Workbook, path: str | os.PathLike[str]) -> None:
    path = Path(path)
    try:
        wb.save(path)
    except OSError as exc:
        raise UserError(f"无法导出到“{path.name}”：{exc.strerror or exc}") from None


def export_workbook(submission: Submission, path: str | os.PathLike[str]) -> None:
    """Write *submission* to *path* in the official layout, one sheet per table, sealed
    (:mod:`forms.seal`)."""
    from ..seal import seal_workbook

    wb = build_workbook(submission)
    seal_workbook(wb, submission)
    _save(wb, path)


def write_template(path: str | os.PathLike[str]) -> None:
    """The blank template: the same layout, empty, with the standard review items and drop-downs."""
    sub = Submission()
    sub.construction_review = L_review.standard_construction_review()
    sub.budget_review = L_review.standard_budget_review()
    _save(build_workbook(sub, template=True), path)
