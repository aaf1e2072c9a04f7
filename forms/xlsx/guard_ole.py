"""The guard of an old-format workbook (.xls as Excel 97–2003 and WPS save it, WPS's own .et):
an OLE2 compound file holding a BIFF8 ``Workbook`` stream.

Before python-calamine reads it: the compound file's header and sector tables are sane (olefile
refuses a header that lies about its sectors, a chain that loops or leaves the file), the file
holds a workbook stream of a sane size, the workbook is not password-protected (``FILEPASS``), and
no sheet has a cell beyond the bounds of a form. The walk over the BIFF records notes, as the
.xlsx guard does, the formula cells and the cells holding an error value (calamine reads those as
blank). A BIFF formula always carries its result, so an .xls has no uncached formulas.
"""

from __future__ import annotations

import io
import struct
from pathlib import Path

from .guard_base import MAX_COLS, MAX_ENTRY_BYTES, MAX_ROWS, SheetInfo, WorkbookInfo, fail
from .guard_base import column_letters as _column_letters

BOF, EOF, BOUNDSHEET, FILEPASS = 0x0809, 0x000A, 0x0085, 0x002F
MERGEDCELLS = 0x00E5
FORMULA, BOOLERR, NUMBER, RK, LABEL, LABELSST, MULRK, RSTRING = 0x0006, 0x0205, 0x0203, 0x027E, 0x0204, 0x00FD, 0x00BD, 0x00D6
_VALUE_CELLS = {FORMULA, BOOLERR, NUMBER, RK, LABEL, LABELSST, RSTRING}
"""Cell records that hold a value (BLANK and MULBLANK carry only a style: nothing a reader loads
beyond the grid it already has)."""

ERROR_CODES = {0x00: "#NULL!", 0x07: "#DIV/0!", 0x0F: "#VALUE!", 0x17: "#REF!", 0x1D: "#NAME?",
               0x24: "#NUM!", 0x2A: "#N/A", 0x2B: "#GETTING_DATA"}

_STREAMS = ("Workbook", "Book")
"""The workbook stream: ``Workbook`` (BIFF8, Excel 97 on, WPS), ``Book`` (BIFF5)."""


def inspect_ole(path: Path, raw: bytes) -> WorkbookInfo:
    import olefile

    try:
        ole = olefile.OleFileIO(io.BytesIO(raw))
    except Exception as exc:  # olefile raises OleFileError / OSError / struct.error … on a damaged file
        raise fail(path, f"文件已损坏（不是完整的 Excel 97–2003 / WPS 工作簿：{_reason(exc)}），请让对方重新发送") from None
    try:
        stream = next((s for s in _STREAMS if ole.exists(s) and ole.get_type(s) == olefile.STGTY_STREAM), None)
        if stream is None:
            if ole.exists("EncryptedPackage") or ole.exists("EncryptionInfo"):
                raise fail(path, "工作簿设置了打开密码（已加密），请在 Excel 或 WPS 中取消密码后再导入")
            raise fail(path, "不是 Excel 工作簿：这个文件是其他 Office 文档（如 Word 文档），其中没有工作表")
        size = ole.get_size(stream)
        if size > MAX_ENTRY_BYTES:
            raise fail(path, f"工作簿数据有 {size // 1024 // 1024} MB，远超申报表的大小，可能是恶意构造的文件")
        try:
            data = ole.openstream(stream).read()
        except Exception as exc:
            raise fail(path, f"文件已损坏（工作簿数据读取失败：{_reason(exc)}），请让对方重新发送") from None
    finally:
        ole.close()
    return WorkbookInfo(scan_biff(data, path), {}, raw)


def _reason(exc: Exception) -> str:
    text = str(exc).strip()
    return f"{type(exc).__name__}: {text[:80]}" if text else type(exc).__name__


def _records(data: bytes, start: int):
    """``(type, offset of the body, length)`` of each BIFF record from *start* to the stream's end
    (a record cut short ends the walk: calamine decides about what is left)."""
    at, end = start, len(data)
    unpack = struct.unpack_from
    while at + 4 <= end:
        rtype, length = unpack("<HH", data, at)
        body = at + 4
        if body + length > end:
            return
        yield rtype, body, length
        at = body + length


def scan_biff(data: bytes, path: Path) -> list[SheetInfo]:
    """The sheets of a BIFF workbook stream, each with its formula and error cells; refuses an
    encrypted workbook and a sheet that reaches beyond a form's bounds."""
    sheets: list[tuple[str, int]] = []
    for rtype, body, length in _records(data, 0):
        if rtype == FILEPASS:
            raise fail(path, "工作簿设置了打开密码（已加密），请在 Excel 或 WPS 中取消密码后再导入")
        if rtype == BOUNDSHEET and length >= 8:
            offset, _visibility, kind = struct.unpack_from("<IBB", data, body)
            if kind == 0:  # a worksheet (not a chart, macro or dialog sheet)
                sheets.append((_sheet_name(data[body + 6:body + length]), offset))
        elif rtype == EOF:
            break
    return [_scan_sheet(name, data, offset, path) for name, offset in sheets if 0 <= offset < len(data)]


def _sheet_name(raw: bytes) -> str:
    """A ShortXLUnicodeString: its length in characters, a flag (bit 0: two bytes a character)."""
    if len(raw) < 2:
        return ""
    count, flags = raw[0], raw[1]
    if flags & 1:
        return raw[2:2 + 2 * count].decode("utf-16-le", "replace")
    return raw[2:2 + count].decode("latin-1")


def _scan_sheet(name: str, data: bytes, offset: int, path: Path) -> SheetInfo:
    info = SheetInfo(name, f"Workbook@{offset}")
    max_row = max_col = 0
    unpack = struct.unpack_from
    first = True
    for rtype, body, length in _records(data, offset):
        if first:
            first = False
            if rtype != BOF:
                break  # the offset does not point at a sheet: calamine says what it makes of it
            continue
        if rtype == EOF:
            break
        if rtype == MERGEDCELLS and length >= 2:
            for k in range(min(unpack("<H", data, body)[0], (length - 2) // 8)):
                _r0, r1, _c0, c1 = unpack("<HHHH", data, body + 2 + 8 * k)
                if r1 + 1 > MAX_ROWS or c1 + 1 > MAX_COLS:
                    ref = f"{_column_letters(_c0)}{_r0 + 1}:{_column_letters(c1)}{r1 + 1}"
                    raise fail(path, f"工作表“{name}”中合并的单元格“{ref}”远超申报表的范围（最多 {MAX_ROWS} 行、{MAX_COLS} 列），"
                                     "文件可能已损坏或是恶意构造的，请删除多余的合并后再导入")
            continue
        if rtype in _VALUE_CELLS and length >= 6:
            row, col = unpack("<HH", data, body)
            last = col
        elif rtype == MULRK and length >= 6:
            row, col = unpack("<HH", data, body)
            last = unpack("<H", data, body + length - 2)[0]
        else:
            continue
        max_row, max_col = max(max_row, row + 1), max(max_col, last + 1)
        addr = f"{_column_letters(col)}{row + 1}"
        if rtype == FORMULA and length >= 14:
            info.formulas.append(addr)
            result = data[body + 6:body + 14]
            if result[6:8] == b"\xff\xff" and result[0] == 2:  # the cached result is an error value
                info.errors[addr] = ERROR_CODES.get(result[2], "#错误")
        elif rtype == BOOLERR and length >= 8 and data[body + 7] == 1:
            info.errors[addr] = ERROR_CODES.get(data[body + 6], "#错误")
    if max_row > MAX_ROWS or max_col > MAX_COLS:
        where = f"第 {max_row:,} 行" if max_row > MAX_ROWS else f"第 {max_col:,} 列"
        raise fail(path, f"工作表“{name}”的内容一直写到{where}，远超申报表的范围（最多 {MAX_ROWS} 行、{MAX_COLS} 列），"
                         "请删除多余的行列后再导入")
    return info
