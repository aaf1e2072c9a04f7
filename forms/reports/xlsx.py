"""The batch report as a workbook: 汇总 (one row a submission), 检查结果明细 (the findings of each
submission with their cell addresses), 重复与雷同 (duplicates across the batch)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.utils import get_column_letter

from ..errors import UserError
from .rows import DETAIL_COLUMNS, DUPLICATE_COLUMNS, SUMMARY_COLUMNS, detail_rows, duplicate_rows, overview, summary_rows

SHEET_SUMMARY = "汇总"
SHEET_DETAIL = "检查结果明细"
SHEET_DUPLICATES = "重复与雷同"

_THIN = Side(style="thin", color="808080")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEAD_FILL = PatternFill("solid", fgColor="DDE6F0")
_FILLS = {
    "错误": PatternFill("solid", fgColor="F8D7DA"),
    "无法读取": PatternFill("solid", fgColor="E2E3E5"),
    "警告": PatternFill("solid", fgColor="FFF3CD"),
}
_FONT = "宋体"
MONEY_FORMAT = "#,##0.00"


class _Styles:
    """Named cell styles, registered once per workbook: assigning a style by name is cheap, while
    setting font, border, fill and alignment cell by cell costs seconds on a thousand submissions."""

    def __init__(self, wb: Workbook) -> None:
        self.wb = wb
        self.names: set[str] = set()

    def get(self, kind: str, fill: str | None = None, number_format: str | None = None) -> str:
        """*kind*: ``text`` (wrapped, top), ``number`` (right), ``head`` (bold, centred, shaded),
        ``title``, ``plain``."""
        name = f"bf-{kind}-{fill or ''}-{number_format or ''}"
        if name in self.names:
            return name
        style = NamedStyle(name=name)
        style.font = Font(name=_FONT, size=14 if kind == "title" else 10, bold=kind in ("head", "title"))
        if kind in ("text", "number", "head"):
            style.border = _BORDER
        if kind == "head":
            style.fill = _HEAD_FILL
            style.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        elif kind == "number":
            style.alignment = Alignment(horizontal="right", vertical="top")
        elif kind == "text":
            style.alignment = Alignment(vertical="top", wrap_text=True)
        if fill:
            style.fill = _FILLS[fill]
        if number_format:
            style.number_format = number_format
        self.wb.add_named_style(style)
        self.names.add(name)
        return name


def _put(ws, row: int, col: int, value: Any, style: str):
    """Write one cell; text is always stored as text (a leading ``=`` never becomes a formula)."""
    cell = ws.cell(row=row, column=col)
    if isinstance(value, (int, Decimal)) and not isinstance(value, bool):
        cell.value = value
    elif value is not None:
        cell.value = str(value)
        cell.data_type = "s"
    cell.style = style
    return cell


def _table(ws, styles: _Styles, top: int, columns, rows: list[dict[str, Any]], formats: dict[str, str],
           fill_key: str | None = None) -> None:
    head = styles.get("head")
    for c, (_, header, width) in enumerate(columns, 1):
        _put(ws, top, c, header, head)
        ws.column_dimensions[get_column_letter(c)].width = width
    for r, row in enumerate(rows, top + 1):
        ws.row_dimensions[r].height = _LINE_HEIGHT * max(
            _lines(row.get(key), width) for key, _, width in columns)
        fill: str | None = None
        if fill_key:
            status = str(row.get(fill_key, ""))
            fill = None if "已核实" in status else next((word for word in _FILLS if status.startswith(word)), None)
        for c, (key, _, _) in enumerate(columns, 1):
            value = row.get(key)
            numeric = isinstance(value, (int, Decimal)) and not isinstance(value, bool)
            style = styles.get("number", fill, formats.get(key)) if numeric else styles.get("text", fill)
            _put(ws, r, c, value, style)
    ws.freeze_panes = ws.cell(row=top + 1, column=3)
    last = get_column_letter(len(columns))
    ws.auto_filter.ref = f"A{top}:{last}{top + max(len(rows), 1)}"
    ws.print_title_rows = f"{top}:{top}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


_LINE_HEIGHT = 13.5


def _lines(value: Any, width: float) -> int:
    """How many lines *value* takes in a wrapped column of *width* characters (CJK count double):
    readers do not grow row heights by themselves, so the writer sets them."""
    if value is None or isinstance(value, (int, Decimal)):
        return 1
    total = 0
    for part in str(value).split("\n"):
        chars = (len(part.encode("utf-8")) + len(part)) // 2  # CJK: 3 bytes → 2 columns, ASCII: 1
        total += max(1, -(-chars // max(int(width) - 1, 1)))
    return min(total, 30)


def _title(ws, styles: _Styles, text: str, lines: list[str], width: int) -> int:
    last = get_column_letter(width)
    _put(ws, 1, 1, text, styles.get("title"))
    ws.merge_cells(f"A1:{last}1")
    for i, line in enumerate(lines, 2):
        _put(ws, i, 1, line, styles.get("plain"))
        ws.merge_cells(f"A{i}:{last}{i}")
    return len(lines) + 3


def write_xlsx(result, path: str | Path) -> None:
    """Write the report workbook; a failure to write is a :class:`UserError` naming the file."""
    path = Path(path)
    info = overview(result)
    wb = Workbook()
    styles = _Styles(wb)
    ws = wb.worksheets[0]  # the sheet a new workbook has
    ws.title = SHEET_SUMMARY
    top = _title(ws, styles, info.title, info.lines(), len(SUMMARY_COLUMNS))
    _table(ws, styles, top, SUMMARY_COLUMNS, summary_rows(result),
           {"total": MONEY_FORMAT, "self_total": "0.00", "finance_total": "0.00"}, fill_key="status")

    ws = wb.create_sheet(SHEET_DETAIL)
    note = "按申报逐条列出检查结果；“单元格”是收到的工作簿中出错的位置，“字段”是申报中的项目。"
    top = _title(ws, styles, "检查结果明细", [note], len(DETAIL_COLUMNS))
    _table(ws, styles, top, DETAIL_COLUMNS, detail_rows(result), {}, fill_key="severity")

    ws = wb.create_sheet(SHEET_DUPLICATES)
    dups = duplicate_rows(result)
    note = "同一项目重复申报（项目主码相同，或名称与简述几乎相同），以及不同申报之间相同或几乎相同的简述。"
    top = _title(ws, styles, "重复与雷同", [note if dups else "未发现跨申报的重复或雷同。"], len(DUPLICATE_COLUMNS))
    _table(ws, styles, top, DUPLICATE_COLUMNS, dups, {})
    try:
        wb.save(path)
    except OSError as exc:
        raise UserError(f"无法写出报告“{path.name}”：{exc.strerror or exc}") from None
