"""The writer every table's sheet shares: cell styles built once per workbook, the sheet writer
(cells, merged ranges, row heights, drop-downs, print setup), the code lists behind the drop-downs
and the app's hidden sheet of what a cell cannot show."""

from __future__ import annotations

import json
import math
import unicodedata
from copy import copy
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.cell_range import CellRange, MultiCellRange
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.worksheet import Worksheet

from ...codes import code_lists
from ...layouts import FieldSpec, SheetSpec
from ...layouts.detail import FIXED_CHOICES
from ...model import detail as detail_model
from ...model.common import Attachment, Narrative
from ..cells import (
    FONT_NAME,
    FONT_SIZE,
    MONEY_FORMAT,
    NUMBER_FORMAT,
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
        self.validations: dict[str, list[tuple[int, int]]] = {}
        for i, w in enumerate(self.widths, 1):
            self.ws.column_dimensions[get_column_letter(i)].width = w

    @property
    def ncols(self) -> int:
        return len(self.widths)

    def width(self, c0: int, c1: int) -> float:
        return sum(self.widths[c - 1] if c - 1 < len(self.widths) else 14 for c in range(c0, c1 + 1))

    def set_widths(self, widths: list[float]) -> None:
        """Columns A, B, … of these widths instead of the spec's (a table whose columns grow with
        its years)."""
        for i in range(len(widths), len(self.widths)):
            self.ws.column_dimensions.pop(get_column_letter(i + 1), None)
        self.widths = list(widths)
        for i, w in enumerate(self.widths, 1):
            self.ws.column_dimensions[get_column_letter(i)].width = w

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
            self.cell(r, c, "" if value is None else str(value), c1=c1)
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
        self.validations.setdefault(key, []).append((r, c))

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
            # given at once: adding the cells one by one (dv.add) costs openpyxl a containment test
            # against every cell added before, quadratic in the rows (2 s of a 1,200-row 表5)
            dv.sqref = MultiCellRange(" ".join(f"{get_column_letter(c)}{r}" for r, c in dict.fromkeys(cells)))
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
        self.ws: Worksheet | None = None
        self.refs: dict[str, str] = {}

    def ref(self, key: str) -> str | None:
        if key in self.refs:
            return self.refs[key]
        if key in FIXED_CHOICES:  # 资金来源, 资金性质: constants of the model, not year code lists
            values = list(getattr(detail_model, FIXED_CHOICES[key]))
        elif key in self.codes.lists:
            values = self.codes[key].choices()
        else:
            return None
        if not values:
            return None
        ws = self.ws
        if ws is None:
            ws = self.ws = self.wb.create_sheet(LISTS_SHEET)
            ws.sheet_state = "veryHidden"
        col = len(self.refs) + 1
        for i, v in enumerate(values, 1):
            put_text(ws.cell(i, col), v)
        letter = get_column_letter(col)
        self.refs[key] = f"'{LISTS_SHEET}'!${letter}$1:${letter}${len(values)}"
        return self.refs[key]


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
