"""Old and other formats behind a guard suited to each container, and the one file collector.

.xls and .ods are LibreOffice's, made from our own export (:mod:`tests.corpus`), then damaged
here record by record. No library here writes .xlsb (LibreOffice cannot, xlsxwriter and openpyxl
write .xlsx only): its guard is tested on zips built here, with BIFF12 records written by hand.
"""

from __future__ import annotations

import json
import struct
import zipfile
from pathlib import Path

import pytest

from forms.errors import UserError
from forms.xlsx import guard
from forms.xlsx.guard_ole import BOF, FILEPASS, MERGEDCELLS, NUMBER, _records, scan_biff

pytestmark = pytest.mark.slow


def refused(path: Path, *words: str) -> str:
    with pytest.raises(UserError) as exc:
        guard.inspect(path)
    message = str(exc.value)
    assert path.name in message and all(w in message for w in words), message
    return message


# --- .xls / .et: OLE2 and BIFF --------------------------------------------------------------------

def rewrite_workbook_stream(src: Path, dst: Path, change) -> None:
    """*src* with its Workbook stream changed in place by *change(bytearray)* (same length)."""
    import olefile

    dst.write_bytes(src.read_bytes())
    with olefile.OleFileIO(str(dst), write_mode=True) as ole:
        data = bytearray(ole.openstream("Workbook").read())
        change(data)
        ole.write_stream("Workbook", bytes(data))


def first(data: bytes, rtype: int, start: int = 0) -> tuple[int, int]:
    return next((body, length) for t, body, length in _records(data, start) if t == rtype)


def test_xls_sheets_formulas_and_errors_are_noted(corpus):
    info = guard.inspect(corpus["formulas-lo.xls"])
    basic = next(s for s in info.sheets if s.name == "项目基本信息表")
    assert {"D13", "F13"} <= set(basic.formulas) and basic.uncached_formulas == [] and basic.errors == {}
    assert [s.name for s in info.sheets][:3] == ["项目基本信息表", "项目绩效目标表", "对下专项转移支付支出预算明细表"]


def test_an_encrypted_xls_is_refused_with_the_reason(corpus, tmp_path):
    def add_filepass(data: bytearray) -> None:
        body, _ = first(data, 0x00E1)  # INTERFACEHDR, the record after BOF: now a FILEPASS of its length
        struct.pack_into("<H", data, body - 4, FILEPASS)

    bad = tmp_path / "secret.xls"
    rewrite_workbook_stream(corpus["sample-lo.xls"], bad, add_filepass)
    refused(bad, "打开密码", "取消密码")


def test_an_xls_cell_far_out_is_refused_before_calamine_reads_it(corpus, tmp_path):
    def far_row(data: bytearray) -> None:
        sheet = next(o for t, body, n in _records(data, 0) if t == 0x0085 for o in [struct.unpack_from("<I", data, body)[0]])
        body, _ = first(data, NUMBER, sheet)
        struct.pack_into("<H", data, body, 60000)

    bad = tmp_path / "far.xls"
    rewrite_workbook_stream(corpus["sample-lo.xls"], bad, far_row)
    refused(bad, "第 60,001 行", "远超申报表的范围")


def test_an_xls_merge_over_the_sheet_is_refused(corpus, tmp_path):
    def huge_merge(data: bytearray) -> None:
        body, _ = first(data, MERGEDCELLS)
        struct.pack_into("<HHHH", data, body + 2, 0, 65535, 0, 255)

    bad = tmp_path / "merge.xls"
    rewrite_workbook_stream(corpus["sample-lo.xls"], bad, huge_merge)
    refused(bad, "合并的单元格", "A1:IV65536")


def test_an_ole_file_without_a_workbook_is_no_workbook(corpus, tmp_path):
    raw = corpus["sample-lo.xls"].read_bytes()
    name = "Workbook".encode("utf-16-le")
    assert raw.count(name) == 1
    doc = tmp_path / "报告.xls"
    doc.write_bytes(raw.replace(name, "WordDocx".encode("utf-16-le")))
    refused(doc, "不是 Excel 工作簿", "其他 Office 文档")


def test_a_biff_stream_cut_short_ends_the_walk_quietly():
    bof = struct.pack("<HH", BOF, 16) + b"\x00" * 16
    assert scan_biff(bof + struct.pack("<HH", 0x0085, 200) + b"\x00" * 10, Path("x.xls")) == []


def test_a_wps_et_is_read_as_the_xls_it_is(corpus):
    from forms.documents import open_document

    assert open_document(corpus["sample-lo.et"]).submission == open_document(corpus["sample-lo.xls"]).submission


# --- .ods ---------------------------------------------------------------------------------------

def rezip(src: Path, dst: Path, change) -> None:
    with zipfile.ZipFile(src) as zf:
        parts = {i.filename: zf.read(i) for i in zf.infolist()}
    change(parts)
    with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as out:
        for name, data in parts.items():
            out.writestr(name, data, compress_type=zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED)


def test_ods_formulas_and_errors_are_noted_and_a_far_cell_refused(corpus, tmp_path):
    info = guard.inspect(corpus["formulas-lo.ods"])
    basic = next(s for s in info.sheets if s.name == "项目基本信息表")
    assert {"D13", "F13"} <= set(basic.formulas) and basic.uncached_formulas == []

    def far(parts):
        parts["content.xml"] = parts["content.xml"].replace(b"<table:table-row ", b'<table:table-row table:number-rows-repeated="70000" ', 1)

    bad = tmp_path / "far.ods"
    rezip(corpus["sample-lo.ods"], bad, far)
    refused(bad, "远超申报表的范围")


def test_ods_that_is_no_spreadsheet_or_is_encrypted_is_refused(corpus, tmp_path):
    text = tmp_path / "信.ods"
    rezip(corpus["sample-lo.ods"], text, lambda p: p.update(mimetype=b"application/vnd.oasis.opendocument.text"))
    refused(text, "不是电子表格", "opendocument.text")
    secret = tmp_path / "secret.ods"
    rezip(corpus["sample-lo.ods"], secret, lambda p: p.update({"META-INF/manifest.xml": p["META-INF/manifest.xml"].replace(
        b"</manifest:manifest>", b"<manifest:encryption-data/></manifest:manifest>", 1)}))
    refused(secret, "打开密码")
    broken = tmp_path / "repeat.ods"
    rezip(corpus["sample-lo.ods"], broken, lambda p: p.update({"content.xml": p["content.xml"].replace(
        b"<table:table-cell ", b'<table:table-cell table:number-columns-repeated="many" ', 1)}))
    refused(broken, "文件已损坏", "many")


# --- .xlsb: built here ----------------------------------------------------------------------------

def varint(n: int) -> bytes:
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        out.append(b | (0x80 if n else 0))
        if not n:
            return bytes(out)


def record(rtype: int, body: bytes = b"") -> bytes:
    return varint(rtype) + varint(len(body)) + body


def wide(text: str) -> bytes:
    return struct.pack("<I", len(text)) + text.encode("utf-16-le")


def xlsb(path: Path, cells: list[bytes], extra: dict[str, bytes] | None = None) -> Path:
    """A minimal .xlsb: one sheet 项目基本信息表 whose sheet part holds *cells* (records)."""
    workbook = record(131) + record(143) + record(156, struct.pack("<II", 0, 1) + wide("rId1") + wide("项目基本信息表")) + record(144) + record(132)
    rels = (b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
            b'Target="worksheets/sheet1.bin"/></Relationships>')
    sheet = record(129) + record(145) + b"".join(cells) + record(146) + record(130)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", b"<Types/>")
        zf.writestr("xl/workbook.bin", workbook)
        zf.writestr("xl/_rels/workbook.bin.rels", rels)
        zf.writestr("xl/worksheets/sheet1.bin", sheet)
        for name, data in (extra or {}).items():
            zf.writestr(name, data)
    return path


def row(r: int) -> bytes:
    return record(0, struct.pack("<I", r) + b"\x00" * 13)


def real(col: int, value: float) -> bytes:
    return record(5, struct.pack("<II", col, 0) + struct.pack("<d", value))


def error(col: int, code: int, formula: bool = False) -> bytes:
    return record(11 if formula else 3, struct.pack("<II", col, 0) + bytes([code]) + (b"\x00" * 6 if formula else b""))


def test_xlsb_sheets_are_walked_for_errors_formulas_and_reach(tmp_path):
    info = guard.inspect(xlsb(tmp_path / "ok.xlsb", [row(12), real(3, 2e7), error(4, 0x07), error(5, 0x2A, formula=True)]))
    [sheet] = info.sheets
    assert (sheet.name, sheet.errors, sheet.formulas) == ("项目基本信息表", {"E13": "#DIV/0!", "F13": "#N/A"}, ["F13"])
    refused(xlsb(tmp_path / "far.xlsb", [row(9000), real(0, 1)]), "第 9,001 行")
    refused(xlsb(tmp_path / "wide.xlsb", [row(1), real(16000, 1)]), "第 16,001 列")


def test_xlsb_zip_limits_entries_ratio_crc_and_twice(tmp_path):
    many = {f"xl/media/{i}.bin": b"x" for i in range(guard.MAX_ENTRIES)}
    refused(xlsb(tmp_path / "many.xlsb", [], many), "个文件")
    refused(xlsb(tmp_path / "bomb.xlsb", [], {"xl/media/z.bin": b"\x00" * (4 * 1024 * 1024)}), "压缩比异常")
    good = xlsb(tmp_path / "crc.xlsb", [row(1), real(1, 5)])
    raw = bytearray(good.read_bytes())
    at = raw.find(b"xl/worksheets/sheet1.bin") + len("xl/worksheets/sheet1.bin")  # its local header's name, then data
    raw[at + 3] ^= 0xFF
    good.write_bytes(bytes(raw))
    refused(good, "已损坏")
    twice = tmp_path / "twice.xlsb"
    xlsb(twice, [])
    with zipfile.ZipFile(twice, "a") as zf, pytest.warns(UserWarning):
        zf.writestr("xl/workbook.bin", b"")
    refused(twice, "出现了两次")


def test_a_built_xlsb_is_checked_without_an_unexpected_error(tmp_path):
    from forms.commands.check import check_path

    entry = check_path(xlsb(tmp_path / "收到.xlsb", [row(0), real(0, 1)]))
    assert entry["readable"] or "意外" not in entry["error"]


# --- one collector --------------------------------------------------------------------------------

FOLDER = ["01.bfproj", "02.xlsx", "03.xlsm", "04.xls", "05.et", "06.ods", "07.xlsb", "sub/08.XLSX", "说明.txt",
          ".hidden.xlsx", "~$02.xlsx", ".~lock.02.xlsx#", "01.bfproj.bak", "02.xlsx.tmp", "02.xlsx~", ".git/x.xlsx",
          ".cache/y.bfproj", "sub/~$08.XLSX"]


def test_the_check_verb_and_reviewer_mode_pick_the_same_files(qtbot, tmp_path, capsys, sample):
    from desktop.reviewer import ReviewerWindow
    from forms import files
    from forms.cli import main

    inbox = tmp_path / "inbox"
    for name in FOLDER:
        (inbox / name).parent.mkdir(parents=True, exist_ok=True)
        (inbox / name).write_text("x")
    files.save(sample, inbox / "01.bfproj", keep_backup=False)
    main(["check", str(inbox), "--format", "json"])
    cli = [Path(e["path"]) for e in json.loads(capsys.readouterr().out)["files"]]
    window = ReviewerWindow()
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.batch_finished, timeout=120_000):
        window.open_folder(inbox)
    reviewer = [r.path for r in window.result.files]
    expected = [inbox / n for n in ["01.bfproj", "02.xlsx", "03.xlsm", "04.xls", "05.et", "06.ods", "07.xlsb", "sub/08.XLSX"]]
    assert cli == reviewer == expected
