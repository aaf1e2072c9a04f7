"""Checks a received workbook before any parser sees it: the file is a workbook (a zip: .xlsx,
.xlsm, .ods, .xlsb; or an OLE2 compound file: .xls, .et, see :mod:`.guard_ole`) and not an
encrypted one, its entries are few and small enough (no zip bomb, no name twice), and no sheet or
merged range reaches further than a form ever does (a cell written at row 1,048,576 would make the
reader allocate the whole grid). .ods and .xlsb are walked in :mod:`.guard_zip`.

:func:`inspect` reads every part a parser will read through :mod:`zipfile`, which stops at the
declared size and verifies the CRC, so a lying size header is caught here too. It also notes, per
worksheet, the formula cells that carry no cached value (a reader sees them as blank).
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

from .guard_base import (
    MAX_COLS,
    MAX_ENTRIES,
    MAX_ENTRY_BYTES,
    MAX_FILE_BYTES,
    MAX_RATIO,
    MAX_ROWS,
    MAX_TOTAL_BYTES,
    RATIO_FLOOR,
    SheetInfo,
    WorkbookInfo,
    _parse_xml,
    _read_part,
    fail,
    workbook_targets,
)
from .guard_ole import inspect_ole
from .guard_zip import inspect_ods, inspect_xlsb

__all__ = ["MAX_COLS", "MAX_ENTRIES", "MAX_ENTRY_BYTES", "MAX_FILE_BYTES", "MAX_RATIO", "MAX_ROWS", "MAX_TOTAL_BYTES",
           "OLE_SIGNATURE", "RATIO_FLOOR", "SheetInfo", "WorkbookInfo", "check_entries", "check_merges",
           "check_signature", "col_index", "fail", "inspect", "workbook_targets"]

OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_NS_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_NS_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"

_CELL = re.compile(rb"<c\b([^>]*?)(?:/>|>([^<]*(?:<(?!/c>)[^<]*)*)</c>)")
"""A cell: its attributes and its body up to the first ``</c>`` (the lazy ``(.*?)</c>`` unrolled,
which matches the same and runs about three times faster)."""
_ATTR_R = re.compile(rb'\br="([A-Z]{1,3}\d{1,7})"')
_ANY_R = re.compile(rb'\br="([^"]*)"')
_MERGE_REF = re.compile(rb'<mergeCell\b[^>]*?\bref="([^"]*)"')
_RANGE = re.compile(rb"^([A-Z]{1,3})(\d{1,7})(?::([A-Z]{1,3})(\d{1,7}))?$")
_ERROR_TYPE = re.compile(rb'\bt="e"')
_FORMULA = re.compile(rb"<f\b")
_VALUE = re.compile(rb"<v>([^<]*)</v>")


_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")


def _inline_with_runs(data: bytes) -> list[bytes]:
    """The bodies of the inline strings (``<is>…</is>``) that set a superscript or subscript: found
    from each ``vertAlign`` back to its string, not by a search through every string."""
    out: list[bytes] = []
    at = data.find(b"vertAlign")
    while at >= 0:
        start, end = data.rfind(b"<is>", 0, at), data.find(b"</is>", at)
        if start < 0 or end < 0:
            break
        if data.rfind(b"</is>", start, at) < 0:  # the vertAlign is inside this string
            out.append(data[start + 4:end])
        at = data.find(b"vertAlign", end)
    return out


def _runs_of(el) -> list[tuple[str, str | None]]:
    runs: list[tuple[str, str | None]] = []
    for r in el.iter(f"{_NS_MAIN}r"):
        t = "".join(x.text or "" for x in r.iter(f"{_NS_MAIN}t"))
        va = r.find(f"{_NS_MAIN}rPr/{_NS_MAIN}vertAlign")
        vert = va.get("val") if va is not None else None
        runs.append((_ESCAPE.sub(lambda m: chr(int(m[1], 16)), t), vert if vert in ("superscript", "subscript") else None))
    return runs


def _collect_rich(items, out: dict[str, list[tuple[str, str | None]]]) -> None:
    for el in items:
        runs = _runs_of(el)
        if any(v for _, v in runs):
            out["".join(t for t, _ in runs)] = runs


def col_index(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + (ord(ch) - 64)
    return n


def check_signature(path: Path) -> str:
    """``"ole"`` (an .xls or .et: OLE2 compound file) or ``"zip"`` (.xlsx, .xlsm, .ods, .xlsb); a
    missing, empty, oversized, encrypted or foreign file is refused."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise fail(path, "文件不存在") from None
    except OSError as exc:
        raise fail(path, f"无法读取（{exc.strerror or exc}）") from None
    if path.is_dir():
        raise fail(path, "这是一个文件夹，不是工作簿")
    if size == 0:
        raise fail(path, "文件是空的")
    if size > MAX_FILE_BYTES:
        raise fail(path, f"文件过大（{size // 1024 // 1024} MB），不像是申报工作簿")
    try:
        with path.open("rb") as fh:
            head = fh.read(8)
            if head == OLE_SIGNATURE:
                body = head + fh.read(min(size, 4 * 1024 * 1024))
                if "EncryptionInfo".encode("utf-16-le") in body:
                    raise fail(path, "工作簿设置了打开密码（已加密），请在 Excel 或 WPS 中取消密码后再导入")
                return "ole"
    except OSError as exc:
        raise fail(path, f"无法读取（{exc.strerror or exc}）") from None
    if head[:2] != b"PK":
        raise fail(path, "不是 Excel 工作簿（.xlsx、.xls、.et、.ods、.xlsb）：文件内容不是工作簿格式")
    return "zip"


def inspect(path: Path) -> WorkbookInfo:
    """Run every check; raise :class:`UserError` with a Chinese message on the first failure.

    The container decides the guard: an OLE2 file (.xls, .et) goes to :mod:`.guard_ole`; a zip is
    held to the limits of :func:`check_entries` and then read as the workbook it holds (.xlsx
    here, .ods and .xlsb in :mod:`.guard_zip`)."""
    kind = check_signature(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise fail(path, f"无法读取（{exc.strerror or exc}）") from None
    if kind == "ole":
        return inspect_ole(path, raw)
    try:
        zf = zipfile.ZipFile(io.BytesIO(raw))
    except zipfile.BadZipFile:
        raise fail(path, "文件不完整或已损坏（可能在传输时被截断），请让对方重新发送") from None
    except (OSError, ValueError, EOFError) as exc:
        raise fail(path, f"文件已损坏，无法读取（{type(exc).__name__}）") from None
    with zf:
        names = check_entries(zf, path)
        if "xl/workbook.xml" in names:
            return _inspect_xlsx(zf, names, raw, path)
        if "xl/workbook.bin" in names:
            return inspect_xlsb(zf, names, raw, path)
        if "content.xml" in names or "mimetype" in names:
            return inspect_ods(zf, names, raw, path)
        raise fail(path, "不是 Excel 工作簿（缺少 xl/workbook.xml），请确认文件是 .xlsx、.xls、.et、.ods 或 .xlsb 格式")


def check_entries(zf: zipfile.ZipFile, path: Path) -> dict[str, zipfile.ZipInfo]:
    """The limits every zipped workbook is held to (.xlsx, .ods, .xlsb): few entries, none
    encrypted, none too large or compressed beyond reason, not too much in all, no name twice.
    Returns the entries by name."""
    infos = zf.infolist()
    if len(infos) > MAX_ENTRIES:
        raise fail(path, f"压缩包内有 {len(infos)} 个文件，不像是申报工作簿（可能是恶意构造的文件）")
    total = 0
    names: dict[str, zipfile.ZipInfo] = {}
    for info in infos:
        if info.flag_bits & 0x1:
            raise fail(path, "工作簿已加密，请取消密码后再导入")
        if info.file_size > MAX_ENTRY_BYTES:
            raise fail(path, f"“{info.filename}”解压后有 {info.file_size // 1024 // 1024} MB，可能是恶意构造的文件（压缩炸弹）")
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise fail(path, f"“{info.filename}”的压缩比异常（{info.file_size // max(info.compress_size, 1)} 倍），可能是恶意构造的文件（压缩炸弹）")
        if info.filename in names:
            raise fail(path, f"压缩包内“{info.filename}”出现了两次，文件已损坏或是恶意构造的，请让对方重新发送")
        names[info.filename] = info
        total += info.file_size
    if total > MAX_TOTAL_BYTES:
        raise fail(path, f"解压后共 {total // 1024 // 1024} MB，不像是申报工作簿（可能是压缩炸弹）")
    return names


def _inspect_xlsx(zf: zipfile.ZipFile, names: dict[str, zipfile.ZipInfo], raw: bytes, path: Path) -> WorkbookInfo:
    # Every part the readers open is read once here (CRC and real size verified).
    rich: dict[str, list[tuple[str, str | None]]] = {}
    for name in ("xl/sharedStrings.xml", "xl/styles.xml", "[Content_Types].xml"):
        if name in names:
            data = _read_part(zf, names[name], path)
            if name == "xl/sharedStrings.xml" and b"vertAlign" in data:
                _collect_rich(_parse_xml(data, name, path).iter(f"{_NS_MAIN}si"), rich)
    workbook = _parse_xml(_read_part(zf, names["xl/workbook.xml"], path), "xl/workbook.xml", path)
    targets = workbook_targets(zf, names, "xl/_rels/workbook.xml.rels", path)
    sheets: list[SheetInfo] = []
    for el in workbook.iter(f"{_NS_MAIN}sheet"):
        name = el.get("name", "")
        part = targets.get(el.get(f"{_NS_REL}id", ""), "")
        if part not in names:
            continue
        data = _read_part(zf, names[part], path)
        if b"vertAlign" in data:
            blocks = [b'<is xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' + body + b"</is>"
                      for body in _inline_with_runs(data)]
            _collect_rich((_parse_xml(b, part, path) for b in blocks), rich)
        sheets.append(_scan_sheet(name, part, data, path))
    return WorkbookInfo(sheets, rich, raw)


_UNADDRESSED_CELL = re.compile(rb'<c(?:[>/]|\s(?!r="[A-Z]{1,3}\d{1,7}"))')
"""A cell that does not start with its address (Excel, WPS and openpyxl write it first): one
that leaves it out, or writes it late (``<col``, ``<cfRule`` … are not cells)."""
_FAR_REF = re.compile(rb'r="(?:[A-Z]{2,3}\d|[A-Z]0*[1-9]\d{3,}")')
"""An address at row 1000 or beyond, or in column AA or beyond (or some other attribute that
reads like one): only then are the cells' addresses weighed."""
_FORMULA_TAG = re.compile(rb"<f[\s>/]")
"""A formula element (the ``<formula1>`` of a drop-down list is not one)."""
_ERROR_MARK = re.compile(rb't="e"')
"""Maybe an error value (a plain literal, found fast; :func:`_note_cell` checks the cell). Two
patterns with a literal start each: one alternation of both would be searched far slower."""
_AFTER_C = frozenset((b" ", b">", b"/", b"\n", b"\r", b"\t"))


def _scan_sheet(name: str, part: str, data: bytes, path: Path) -> SheetInfo:
    """The reach of the cells that hold something (a value, a string, a formula: a cell with only a
    style, or a formatted row, is nothing a reader loads), and the formula and error cells.

    Most sheets are judged without a look at each cell: when every cell carries its address and
    even the farthest cell (filled or not) is within the bounds, the sheet passes, and only the
    cells around a formula or an error value are read. A sheet that fails that quick test is
    looked at cell by cell (:func:`_scan_cells`), which decides exactly."""
    if b"<mergeCell " in data:
        check_merges(name, [(m.group(1)) for m in _MERGE_REF.finditer(data)], path)
    if _UNADDRESSED_CELL.search(data):
        return _scan_cells(name, part, data, path)  # addresses left out or written late: one by one
    if _FAR_REF.search(data) and not _addresses_within(data):
        return _scan_cells(name, part, data, path)  # far out, or only formatted cells there: look closer
    info = SheetInfo(name, part)
    marks = sorted([m.start() for m in _FORMULA_TAG.finditer(data)] + [m.start() for m in _ERROR_MARK.finditer(data)])
    seen: set[int] = set()
    for at in marks:
        start = data.rfind(b"<c", 0, at)
        while start >= 0 and data[start + 2:start + 3] not in _AFTER_C:  # <col, <cfRule …: not a cell
            start = data.rfind(b"<c", 0, start)
        if start < 0 or start in seen:
            continue
        m = _CELL.match(data, start)
        if m is None or not m.start() <= at < m.end():
            continue  # not inside a cell (a formula of a defined range, say)
        seen.add(start)
        attrs, body = m.groups()
        ref = _ATTR_R.search(attrs)
        if body and ref and (b"<v>" in body or b"<is>" in body or b"<f" in body):
            _note_cell(info, ref.group(1).decode(), attrs, body)
    return info


_CELL_ROW = re.compile(rb'<c\sr="[A-Z]{1,3}(\d{1,7})"')
_CELL_COLUMN = re.compile(rb'<c\sr="([A-Z]{1,3})\d')


def _addresses_within(data: bytes) -> bool:
    """Every cell's address (filled or not) within :data:`MAX_ROWS` × :data:`MAX_COLS`, when the
    far-reaching look has found a row of 1000 or beyond (a 1,200-row procurement table): one
    search of all the addresses, which every cell starts with (:data:`_UNADDRESSED_CELL` found
    none that does not), instead of a look at each cell. False sends the sheet to the exact look."""
    rows = _CELL_ROW.findall(data)
    if not rows:
        return True
    if max(map(int, rows)) > MAX_ROWS:
        return False
    return max(col_index(letters.decode()) for letters in set(_CELL_COLUMN.findall(data))) <= MAX_COLS


def check_merges(name: str, refs: list[bytes], path: Path) -> None:
    """Merged ranges within a form's bounds (a reader lists every cell of a merged range: one
    over the whole sheet is a billion cells); a range that is no range is left to the reader."""
    for ref in refs:
        m = _RANGE.match(ref)
        if m is None:
            continue
        row = int(m.group(4) or m.group(2))
        col = col_index((m.group(3) or m.group(1)).decode())
        if row > MAX_ROWS or col > MAX_COLS:
            raise fail(path, f"工作表“{name}”中合并的单元格“{ref.decode()}”远超申报表的范围（最多 {MAX_ROWS} 行、{MAX_COLS} 列），"
                             "文件可能已损坏或是恶意构造的，请删除多余的合并后再导入")


def _note_cell(info: SheetInfo, addr: str, attrs: bytes, body: bytes) -> None:
    """Note the error value and the formula (with or without a cached value) of the cell at *addr*."""
    if _ERROR_TYPE.search(attrs):
        v = _VALUE.search(body)
        info.errors[addr] = v.group(1).decode("utf-8", "replace") if v else "#错误"
    if _FORMULA.search(body):
        info.formulas.append(addr)
        v = _VALUE.search(body)
        if v is None or not v.group(1).strip():
            info.uncached_formulas.append(addr)


def _scan_cells(name: str, part: str, data: bytes, path: Path) -> SheetInfo:
    """:func:`_scan_sheet` cell by cell: the reach of the cells that hold something, and the
    formula and error cells."""
    info = SheetInfo(name, part)
    max_row = unaddressed = 0
    columns: set[str] = set()
    # A sheet without any error value or formula (most of them) needs no per-cell look for them.
    # (plain substring tests: necessary for the patterns to match, and far cheaper than a regex
    # search of the whole sheet)
    any_error = b't="e"' in data
    any_formula = b"<f" in data
    attr_r = _ATTR_R.search
    for m in _CELL.finditer(data):
        attrs, body = m.groups()
        if not body or not (b"<v>" in body or b"<is>" in body or b"<f" in body):
            continue
        ref = attr_r(attrs)
        if not ref and (any_ref := _ANY_R.search(attrs)):  # an address, but not one a sheet can have
            bad = any_ref.group(1).decode("utf-8", "replace")[:30]
            raise fail(path, f"工作表“{name}”中有单元格地址“{bad}”无效（不是 A1 这样的地址），文件已损坏，请让对方重新发送")
        if not ref:  # a cell may leave out its address (it follows the one before)
            unaddressed += 1
            if unaddressed > MAX_ROWS:
                raise fail(path, f"工作表“{name}”的单元格过多，远超申报表的范围，可能是恶意构造的文件")
            continue
        addr = ref.group(1).decode()
        letters = addr.rstrip("0123456789")
        row = int(addr[len(letters):])
        if row > max_row:
            max_row = row
        columns.add(letters)
        if any_error or any_formula:
            _note_cell(info, addr, attrs, body)
    max_col = max((col_index(letters) for letters in columns), default=0)
    if max_row > MAX_ROWS or max_col > MAX_COLS:
        where = f"第 {max_row:,} 行" if max_row > MAX_ROWS else f"第 {max_col:,} 列"
        raise fail(path, f"工作表“{name}”的内容一直写到{where}，远超申报表的范围（最多 {MAX_ROWS} 行、{MAX_COLS} 列），"
                         "请删除多余的行列后再导入")
    return info
