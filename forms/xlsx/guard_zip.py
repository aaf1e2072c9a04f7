"""The guards of the other zipped workbooks: LibreOffice's .ods and Excel's binary .xlsb. Both
have passed :func:`.guard.check_entries` (entry count, sizes, ratio, no name twice, no encryption
flag); here every part python-calamine reads is read once through :mod:`zipfile` (CRC and real
size verified), and the sheets are walked as the .xlsx guard walks them: the reach of the cells
that hold something (a cell far out would make the reader allocate the whole grid), the formula
cells, those without a cached value, and the cells holding an error value.
"""

from __future__ import annotations

import struct
import zipfile
from pathlib import Path

from .guard_base import MAX_COLS, MAX_ROWS, SheetInfo, WorkbookInfo, _parse_xml, _read_part, fail, workbook_targets
from .guard_base import column_letters as _column_letters

ODS_MIME = b"application/vnd.oasis.opendocument.spreadsheet"
_T = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_O = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
_X = "{urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0}"
_TEXT_P = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}p"
_MANIFEST = "{urn:oasis:names:tc:opendocument:xmlns:manifest:1.0}"


def _too_far(path: Path, name: str, max_row: int, max_col: int) -> None:
    if max_row > MAX_ROWS or max_col > MAX_COLS:
        where = f"第 {max_row:,} 行" if max_row > MAX_ROWS else f"第 {max_col:,} 列"
        raise fail(path, f"工作表“{name}”的内容一直写到{where}，远超申报表的范围（最多 {MAX_ROWS} 行、{MAX_COLS} 列），"
                         "请删除多余的行列后再导入")


def _count(el, attr: str, path: Path) -> int:
    value = el.get(attr)
    if value is None:
        return 1
    try:
        n = int(value)
    except ValueError:
        raise fail(path, f"文件已损坏（content.xml 中的重复次数“{value[:20]}”不是数字），请让对方重新发送") from None
    if n < 1:
        raise fail(path, f"文件已损坏（content.xml 中的重复次数为 {n}），请让对方重新发送")
    return n


# --- .ods ---------------------------------------------------------------------------------------

def inspect_ods(zf: zipfile.ZipFile, names: dict[str, zipfile.ZipInfo], raw: bytes, path: Path) -> WorkbookInfo:
    if "mimetype" in names:
        mime = _read_part(zf, names["mimetype"], path).strip()
        if mime != ODS_MIME:
            raise fail(path, f"不是电子表格：这是其他 OpenDocument 文档（{mime[:60].decode('ascii', 'replace')}），其中没有工作表")
    if "content.xml" not in names:
        raise fail(path, "不是 OpenDocument 电子表格（缺少 content.xml），文件可能已损坏")
    manifest = "META-INF/manifest.xml"
    if manifest in names:
        data = _read_part(zf, names[manifest], path)
        if b"encryption-data" in data:
            raise fail(path, "工作簿设置了打开密码（已加密），请在 LibreOffice 或 WPS 中取消密码后再导入")
    for name in ("styles.xml", "meta.xml", "settings.xml"):  # calamine does not read them; checked all the same
        if name in names:
            _read_part(zf, names[name], path)
    root = _parse_xml(_read_part(zf, names["content.xml"], path), "content.xml", path)
    return WorkbookInfo([_scan_table(t, path) for t in root.iter(f"{_T}table")], {}, raw)


def _scan_table(table, path: Path) -> SheetInfo:
    name = table.get(f"{_T}name", "")
    info = SheetInfo(name, "content.xml")
    row = max_row = max_col = 0
    for tr in table.iter(f"{_T}table-row"):
        rows = _count(tr, f"{_T}number-rows-repeated", path)
        col = 0
        for cell in tr:
            if cell.tag not in (f"{_T}table-cell", f"{_T}covered-table-cell"):
                continue
            cols = _count(cell, f"{_T}number-columns-repeated", path)
            formula = cell.get(f"{_T}formula")
            kind = cell.get(f"{_O}value-type")
            if kind is not None or formula is not None or cell.find(_TEXT_P) is not None:
                max_row, max_col = max(max_row, row + rows), max(max_col, col + cols)
                _too_far(path, name, max_row, max_col)
                addr = f"{_column_letters(col)}{row + 1}"
                if formula is not None:
                    info.formulas.append(addr)
                    if kind is None:
                        info.uncached_formulas.append(addr)
                if cell.get(f"{_X}value-type") == "error":
                    info.errors[addr] = "".join(cell.find(_TEXT_P).itertext()) if cell.find(_TEXT_P) is not None else "#错误"
            col += cols
        row += rows
    return info


# --- .xlsb --------------------------------------------------------------------------------------

_ROW_HDR = 0
_CELL_RECORDS = range(2, 12)
"""BrtCellRk … BrtFmlaError: the cell records that hold a value (1, BrtCellBlank, holds only a style)."""
_CELL_ERROR, _FMLA_ERROR = 3, 11
_FORMULAS = range(8, 12)
_BUNDLE_SH = 156
_XLSB_ERRORS = {0x00: "#NULL!", 0x07: "#DIV/0!", 0x0F: "#VALUE!", 0x17: "#REF!", 0x1D: "#NAME?",
                0x24: "#NUM!", 0x2A: "#N/A", 0x2B: "#GETTING_DATA"}


def biff12_records(data: bytes):
    """``(type, body offset, length)`` of each BIFF12 record: type and length are variable-length
    integers (seven bits a byte, the high bit says another byte follows). A record cut short ends
    the walk."""
    at, end = 0, len(data)
    while at < end:
        rtype = shift = 0
        for _ in range(2):
            if at >= end:
                return
            b = data[at]
            at += 1
            rtype |= (b & 0x7F) << shift
            shift += 7
            if not b & 0x80:
                break
        length = shift = 0
        for _ in range(4):
            if at >= end:
                return
            b = data[at]
            at += 1
            length |= (b & 0x7F) << shift
            shift += 7
            if not b & 0x80:
                break
        if at + length > end:
            return
        yield rtype, at, length
        at += length


def _wide_string(data: bytes, at: int) -> tuple[str, int]:
    """An XLWideString at *at*: its text and the offset after it."""
    if at + 4 > len(data):
        return "", len(data)
    n = struct.unpack_from("<I", data, at)[0]
    end = min(at + 4 + 2 * n, len(data))
    return data[at + 4:end].decode("utf-16-le", "replace"), end


def inspect_xlsb(zf: zipfile.ZipFile, names: dict[str, zipfile.ZipInfo], raw: bytes, path: Path) -> WorkbookInfo:
    workbook = _read_part(zf, names["xl/workbook.bin"], path)
    for name in ("xl/sharedStrings.bin", "xl/styles.bin", "[Content_Types].xml"):
        if name in names:
            _read_part(zf, names[name], path)
    targets = workbook_targets(zf, names, "xl/_rels/workbook.bin.rels", path)
    sheets: list[SheetInfo] = []
    for rtype, body, length in biff12_records(workbook):
        if rtype != _BUNDLE_SH or length < 12:
            continue
        rel_id, at = _wide_string(workbook[:body + length], body + 8)
        name, _ = _wide_string(workbook[:body + length], at)
        part = targets.get(rel_id, "")
        if part in names:
            sheets.append(scan_xlsb_sheet(name, part, _read_part(zf, names[part], path), path))
    return WorkbookInfo(sheets, {}, raw)


def scan_xlsb_sheet(name: str, part: str, data: bytes, path: Path) -> SheetInfo:
    """A binary sheet's reach, formula cells and error cells (a cell record starts with its column,
    the row is the last BrtRowHdr's)."""
    info = SheetInfo(name, part)
    row = max_row = max_col = 0
    unpack = struct.unpack_from
    for rtype, body, length in biff12_records(data):
        if rtype == _ROW_HDR and length >= 4:
            row = unpack("<I", data, body)[0]
        elif rtype in _CELL_RECORDS and length >= 8:
            col = unpack("<I", data, body)[0]
            max_row, max_col = max(max_row, row + 1), max(max_col, col + 1)
            _too_far(path, name, max_row, max_col)
            addr = f"{_column_letters(col)}{row + 1}"
            if rtype in _FORMULAS:
                info.formulas.append(addr)
            if rtype in (_CELL_ERROR, _FMLA_ERROR) and length >= 9:
                info.errors[addr] = _XLSB_ERRORS.get(data[body + 8], "#错误")
    return info
