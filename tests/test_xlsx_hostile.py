"""Broken and hostile workbooks: each gives a clear Chinese message naming the file, in bounded time,
before any parser reads the dangerous part."""

from __future__ import annotations

import re
import time
import zipfile

import openpyxl
import pytest

from forms.errors import UserError
from forms.xlsx import export_workbook, guard, import_workbook


@pytest.fixture
def good(sample, tmp_path):
    out = tmp_path / "good.xlsx"
    export_workbook(sample, out)
    return out


def refused(path, *fragments, seconds: float = 3.0) -> str:
    t0 = time.perf_counter()
    with pytest.raises(UserError) as exc:
        import_workbook(path)
    elapsed = time.perf_counter() - t0
    message = str(exc.value)
    assert path.name in message
    for fragment in fragments:
        assert fragment in message, message
    assert elapsed < seconds, f"took {elapsed:.1f} s"
    return message


def rezip(src, dst, replace: dict[str, bytes] | None = None, add: dict[str, bytes] | None = None,
          level: int = zipfile.ZIP_DEFLATED) -> None:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", level) as zout:
        for info in zin.infolist():
            data = (replace or {}).get(info.filename, zin.read(info.filename))
            zout.writestr(info.filename, data)
        for name, data in (add or {}).items():
            zout.writestr(name, data)


def test_truncated_file(good, tmp_path):
    cut = tmp_path / "cut.xlsx"
    cut.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    refused(cut, "不完整或已损坏")


def test_not_a_workbook(tmp_path):
    txt = tmp_path / "report.xlsx"
    txt.write_text("项目名称,金额\n玉溪,100\n", encoding="utf-8")
    refused(txt, "不是 Excel 工作簿")


def test_empty_file_and_missing_file(tmp_path):
    empty = tmp_path / "empty.xlsx"
    empty.write_bytes(b"")
    refused(empty, "空的")
    refused(tmp_path / "missing.xlsx", "不存在")


def test_zip_that_is_not_a_workbook(tmp_path):
    z = tmp_path / "photos.xlsx"
    with zipfile.ZipFile(z, "w") as zf:
        zf.writestr("a.txt", "hello")
    refused(z, "缺少 xl/workbook.xml")


def test_an_ole_file_with_a_broken_header_is_damaged_not_old(tmp_path):
    xls = tmp_path / "old.xlsx"
    xls.write_bytes(guard.OLE_SIGNATURE + b"\x00" * 4096)
    refused(xls, "文件已损坏", "Excel 97–2003")


def test_encrypted_workbook(tmp_path):
    enc = tmp_path / "secret.xlsx"
    enc.write_bytes(guard.OLE_SIGNATURE + b"\x00" * 512 + "EncryptionInfo".encode("utf-16-le") + b"\x00" * 512)
    refused(enc, "加密", "取消密码")


def test_zip_bomb_by_size(good, tmp_path):
    bomb = tmp_path / "bomb.xlsx"
    huge = b"<!-- " + b" " * (guard.MAX_ENTRY_BYTES + 10) + b" -->"
    rezip(good, bomb, add={"xl/media/padding.xml": huge})
    assert bomb.stat().st_size < 1_000_000  # small on disk, 40 MB inside
    refused(bomb, "压缩炸弹")


def test_zip_bomb_by_ratio(good, tmp_path):
    bomb = tmp_path / "ratio.xlsx"
    with zipfile.ZipFile(good) as zf:
        sheet = zf.read("xl/worksheets/sheet1.xml")
    padded = sheet.replace(b"</worksheet>", b"<!--" + b"A" * 8_000_000 + b"--></worksheet>")
    rezip(good, bomb, replace={"xl/worksheets/sheet1.xml": padded})
    refused(bomb, "压缩比异常")


def test_too_many_entries(good, tmp_path):
    many = tmp_path / "many.xlsx"
    rezip(good, many, add={f"xl/media/x{i}.bin": b"x" for i in range(guard.MAX_ENTRIES + 1)})
    refused(many, "个文件")


def test_sheet_reaching_row_a_million_is_refused_before_reading(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "项目基本信息表"
    ws["B2"], ws["C2"] = "项目名称", "某项目"
    ws["Z1048576"] = "far away"
    far = tmp_path / "far.xlsx"
    wb.save(far)
    # calamine would allocate the whole 1,048,576 × 26 grid (about 1 GB, 4 s) for this sheet
    refused(far, "第 1,048,576 行", "项目基本信息表", seconds=1.5)


def test_dimension_claiming_a_million_rows_is_harmless(good, tmp_path):
    with zipfile.ZipFile(good) as zf:
        sheet = zf.read("xl/worksheets/sheet1.xml")
    claimed = tmp_path / "claim.xlsx"
    sheet = re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:XFD1048576"/>', sheet)
    assert b"XFD1048576" in sheet
    rezip(good, claimed, replace={"xl/worksheets/sheet1.xml": sheet})
    t0 = time.perf_counter()
    result = import_workbook(claimed)
    assert time.perf_counter() - t0 < 1.5
    assert result.submission.basic.name == "玉溪海关综合业务用房项目补助资金"


def test_xml_entity_bomb_is_refused(good, tmp_path):
    with zipfile.ZipFile(good) as zf:
        workbook = zf.read("xl/workbook.xml")
    laughs = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
              b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
              b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>')
    body = workbook.split(b"?>", 1)[1] if workbook.startswith(b"<?xml") else workbook
    bomb = tmp_path / "laughs.xlsx"
    rezip(good, bomb, replace={"xl/workbook.xml": laughs + body.replace(b"<sheets>", b"<sheets>&lol3;", 1)})
    refused(bomb, "不是有效的 XML")


def test_corrupt_part_crc(good, tmp_path):
    data = bytearray(good.read_bytes())
    with zipfile.ZipFile(good) as zf:
        info = zf.getinfo("xl/worksheets/sheet1.xml")
    # flip bytes inside the compressed sheet data
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra) + 20
    for i in range(start, start + 8):
        data[i] ^= 0xFF
    broken = tmp_path / "crc.xlsx"
    broken.write_bytes(bytes(data))
    refused(broken, "损坏")


def test_defusedxml_must_be_active(good, monkeypatch):
    monkeypatch.setattr(openpyxl, "DEFUSEDXML", False)
    with pytest.raises(UserError) as exc:
        import_workbook(good)
    assert "defusedxml" in str(exc.value)


def test_defusedxml_is_active_in_this_environment():
    assert openpyxl.DEFUSEDXML is True


def test_workbook_without_any_table(tmp_path):
    wb = openpyxl.Workbook()
    wb.active["A1"] = "购物清单"
    other = tmp_path / "other.xlsx"
    wb.save(other)
    refused(other, "找不到任何申报表")


def test_open_document_passes_messages_through(tmp_path):
    from forms.documents import open_document

    txt = tmp_path / "fake.xlsx"
    txt.write_bytes(b"%PDF-1.4 not a workbook")
    with pytest.raises(UserError) as exc:
        open_document(txt)
    assert "fake.xlsx" in str(exc.value)


def test_memory_stays_bounded_on_a_bomb(good, tmp_path):
    import tracemalloc

    bomb = tmp_path / "mem.xlsx"
    rezip(good, bomb, add={"xl/worksheets/padding.xml": b" " * (guard.MAX_ENTRY_BYTES + 1)})
    tracemalloc.start()
    with pytest.raises(UserError):
        import_workbook(bomb)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < 20 * 1024 * 1024  # refused from the zip directory, nothing inflated



def test_formatted_far_rows_without_content_are_harmless(tmp_path):
    """A whole range formatted down to row 1,048,576 (styles, row heights, no values) is nothing a
    reader loads: the workbook imports."""
    from openpyxl.styles import Font

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "项目基本信息表"
    ws["B2"], ws["C2"] = "项目名称", "某项目"
    for r in (60000, 1048576):
        ws.cell(r, 26).font = Font(bold=True)
    ws.row_dimensions[1048570].height = 30
    path = tmp_path / "styled.xlsx"
    wb.save(path)
    t0 = time.perf_counter()
    assert import_workbook(path).submission.basic.name == "某项目"
    assert time.perf_counter() - t0 < 1.5


def test_many_rows_without_addresses_are_refused(good, tmp_path):
    """Cells may leave out their address; a sheet of 100,000 such rows is refused before reading."""
    with zipfile.ZipFile(good) as zf:
        sheet = zf.read("xl/worksheets/sheet1.xml")
    rows = b"".join(b'<row><c t="n"><v>%d</v></c></row>' % (i * 7919 % 100_003) for i in range(100_000))
    sheet = re.sub(rb"<sheetData>.*</sheetData>", lambda m: b"<sheetData>" + rows + b"</sheetData>", sheet, flags=re.S)
    many = tmp_path / "rows.xlsx"
    rezip(good, many, replace={"xl/worksheets/sheet1.xml": sheet})
    refused(many, "单元格过多")


def test_far_cell_with_its_address_written_late_is_refused(good, tmp_path):
    """The quick look counts cells that start with their address; a cell that writes its style
    first (``<c s="1" r="…">``) still has its reach weighed."""
    with zipfile.ZipFile(good) as zf:
        sheet = zf.read("xl/worksheets/sheet1.xml")
    far = b'<row r="1048576"><c s="0" r="B1048576" t="n"><v>7</v></c></row>'
    sheet = sheet.replace(b"</sheetData>", far + b"</sheetData>")
    path = tmp_path / "late.xlsx"
    rezip(good, path, replace={"xl/worksheets/sheet1.xml": sheet})
    refused(path, "第 1,048,576 行")


SHEET_CASES = {
    "plain": b'<row r="1"><c r="A1" t="n"><v>1</v></c><c r="B1" s="2"/></row>',
    "formulas": (b'<row r="1"><c r="A1"><f>1+1</f><v>2</v></c><c r="B1"><f>A1*2</f></c>'
                 b'<c r="C1"><f t="shared" ref="C1:C2" si="0">A1</f><v></v></c></row>'
                 b'<row r="2"><c r="C2"><f t="shared" si="0"/></c><c r="D2" t="e"><f>1/0</f><v>#DIV/0!</v></c>'
                 b'<c r="E2" t="e"><v>#REF!</v></c><c r="F2" t="str"><f>"e"</f><v>e</v></c></row>'),
    "lookalikes": (b'<row r="1"><c r="A1" t="inlineStr"><is><t>t="e" &lt;f&gt; &lt;f/&gt;</t></is></c></row>'
                   b'</sheetData><dataValidations><dataValidation sqref="A1"><formula1>"yes,no"</formula1>'
                   b'</dataValidation></dataValidations><sheetData>'),
    "unaddressed": b'<row><c t="n"><v>1</v></c><c><f>1+2</f></c></row><row r="3"><c r="A3"><f>1</f></c></row>',
    "far formatted": b'<row r="1"><c r="A1" t="n"><v>1</v></c></row><row r="900000"><c r="AZ900000" s="3"/></row>',
    "wide": b'<row r="1"><c r="A1" t="n"><v>1</v></c><c r="GS1" t="n"><v>2</v></c></row>',
}


@pytest.mark.parametrize("case", sorted(SHEET_CASES))
def test_quick_sheet_scan_agrees_with_the_cell_by_cell_one(case, tmp_path):
    """The quick scan (counts and a few searches) gives what the cell-by-cell scan gives: the same
    formulas, uncached formulas and error values, and the same refusal."""
    data = b'<worksheet xmlns="x"><sheetData>' + SHEET_CASES[case] + b"</sheetData></worksheet>"

    def outcome(scan):
        try:
            info = scan("表", "xl/worksheets/sheet1.xml", data, tmp_path / "x.xlsx")
        except UserError as exc:
            return str(exc)
        return info.formulas, info.uncached_formulas, info.errors

    exact = outcome(guard._scan_cells)
    assert outcome(guard._scan_sheet) == exact
    if case == "formulas":
        assert exact == (["A1", "B1", "C1", "C2", "D2", "F2"], ["B1", "C1", "C2"], {"D2": "#DIV/0!", "E2": "#REF!"})
    if case == "wide":
        assert "第 201 列" in exact
