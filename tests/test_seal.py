"""The seal of an export and ``budgetforms verify``: a fresh export is 与导出时一致, an edit after
the export names its cell with the old and new value, a LibreOffice re-save keeps the seal."""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import Qt

from forms import files, seal, verifying
from forms.cli import main
from forms.pdf import export_pdf
from forms.xlsx import export_workbook
from tests.conftest import SAMPLE


@pytest.fixture
def exported(tmp_path):
    sub = files.load(SAMPLE)
    path = tmp_path / "sample.xlsx"
    export_workbook(sub, path)
    return sub, path


def _verify(capsys, *args) -> tuple[int, str]:
    code = main(["verify", *map(str, args)])
    out = capsys.readouterr()
    return code, out.out + out.err


def _money_cell(path: Path, value: Decimal) -> str:
    wb = openpyxl.load_workbook(path)
    ws = wb["项目基本信息表"]
    for row in ws.iter_rows():
        for cell in row:
            if isinstance(cell.value, (int, float)) and Decimal(str(cell.value)) == value:
                return cell.coordinate
    raise AssertionError("no such money cell")


def test_canonical_content_leaves_out_the_volatile_parts():
    sub = files.load(SAMPLE)
    before = seal.digest(sub)
    narrative = sub.narratives.basis
    if narrative.attachments:
        narrative.attachments[0].path = "/home/someone/else/file.pdf"
        assert seal.digest(sub) == before  # where a document lies on disk is not content
    sub.basic.unit_phone = "0877-1234567"
    assert seal.digest(sub) != before
    assert len(seal.short(before)) == 19 and seal.short(before).count("-") == 3


def test_a_fresh_export_verifies(exported, capsys):
    sub, path = exported
    code, out = _verify(capsys, path)
    assert code == 0 and seal.SAME in out and seal.short(seal.digest(sub)) in out
    code, out = _verify(capsys, path, "--against", SAMPLE)
    assert code == 0 and seal.SAME in out


def test_a_money_cell_edited_after_the_export_is_named_with_old_and_new_value(exported, capsys):
    _, path = exported
    address = _money_cell(path, Decimal("20000000"))
    wb = openpyxl.load_workbook(path)
    wb["项目基本信息表"][address] = 20000001
    edited = path.with_name("edited.xlsx")
    wb.save(edited)
    code, out = _verify(capsys, edited)
    assert code == 1 and seal.CHANGED in out and "（1 处）" in out
    assert f"项目基本信息表!{address}" in out and "20000000.00" in out and "20000001" in out
    assert seal.workbook_state(edited, _imported(edited)) == "导出后手工改动 1 处"


def _imported(path):
    from forms.xlsx.import_ import import_workbook

    return import_workbook(path).submission


def test_a_workbook_without_a_seal_and_an_unreadable_file(tmp_path, capsys):
    from forms.xlsx.export import build_workbook

    plain = tmp_path / "plain.xlsx"
    build_workbook(files.load(SAMPLE)).save(plain)
    code, out = _verify(capsys, plain)
    assert code == 2 and seal.NONE in out
    assert seal.workbook_state(plain, _imported(plain)) == "无印记"
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"not a zip")
    code, out = _verify(capsys, broken)
    assert code == 2 and "无法读取" in out and "Traceback" not in out
    code, out = _verify(capsys, tmp_path / "x.pdf")
    assert code == 2


def test_a_tampered_seal_sheet_is_a_change(exported, capsys):
    _, path = exported
    wb = openpyxl.load_workbook(path)
    ws = wb[seal.SEAL_SHEET]
    ws.cell(3, 2).value = ws.cell(3, 2).value.replace("玉溪", "昆明", 1)
    wb.save(path)
    code, out = _verify(capsys, path)
    assert code == 1 and "印记部分" in out


def test_against_a_different_project_names_the_fields(exported, tmp_path, capsys):
    sub, path = exported
    sub.basic.unit_phone = "0877-7654321"
    other = tmp_path / "other.bfproj"
    files.save(sub, other)
    code, out = _verify(capsys, path, "--against", other)
    assert code == 1 and "basic.unit_phone" in out and "0877-7654321" in out


def test_the_pdf_seal_and_verify(tmp_path, capsys):
    sub = files.load(SAMPLE)
    path = tmp_path / "sample.pdf"
    export_pdf(sub, path)
    code, out = _verify(capsys, path)
    assert code == 0 and seal.SAME in out
    code, out = _verify(capsys, path, "--against", SAMPLE)
    assert code == 0
    sub.basic.unit_phone = "0877-7654321"
    other = tmp_path / "other.bfproj"
    files.save(sub, other)
    code, out = _verify(capsys, path, "--against", other)
    assert code == 1 and seal.CHANGED in out
    # a page taken from another export carries another seal
    from pypdf import PdfReader, PdfWriter

    other_pdf = tmp_path / "other.pdf"
    export_pdf(sub, other_pdf)
    mixed = PdfWriter(clone_from=str(path))
    mixed.insert_page(PdfReader(str(other_pdf)).pages[0], index=1)
    mixed_path = tmp_path / "mixed.pdf"
    with open(mixed_path, "wb") as fh:
        mixed.write(fh)
    code, out = _verify(capsys, mixed_path)
    assert code == 1 and "第 2 页的印记" in out


def test_pdf_without_a_seal(tmp_path, capsys):
    from reportlab.pdfgen.canvas import Canvas

    path = tmp_path / "plain.pdf"
    c = Canvas(str(path))
    c.drawString(100, 100, "plain")
    c.save()
    code, out = _verify(capsys, path)
    assert code == 2 and seal.NONE in out


@pytest.mark.slow
def test_the_seal_survives_a_libreoffice_resave(exported, tmp_path, capsys):
    _, path = exported
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice is needed: ./test installs it"
    out_dir = tmp_path / "lo"
    subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}", "--headless", "--convert-to",
                    "xlsx", "--outdir", str(out_dir), str(path)], check=True, capture_output=True, timeout=240)
    resaved = out_dir / path.name
    with zipfile.ZipFile(resaved) as z:
        assert "docProps/custom.xml" in z.namelist()
        assert seal.SEAL_PROPERTY in z.read("docProps/custom.xml").decode()
    code, out = _verify(capsys, resaved)
    assert code == 0 and seal.SAME in out


@pytest.fixture
def sealed_inbox(tmp_path):
    from forms.xlsx.export import build_workbook

    sub = files.load(SAMPLE)
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    export_workbook(sub, inbox / "1-原样.xlsx")
    export_workbook(sub, inbox / "2-改过.xlsx")
    address = _money_cell(inbox / "2-改过.xlsx", Decimal("20000000"))
    wb = openpyxl.load_workbook(inbox / "2-改过.xlsx")
    wb["项目基本信息表"][address] = 20000001
    wb["项目基本信息表"][_money_cell(inbox / "2-改过.xlsx", Decimal("37000000"))] = 37000002
    wb.save(inbox / "2-改过.xlsx")
    build_workbook(sub).save(inbox / "3-无印记.xlsx")
    files.save(sub, inbox / "4-项目.bfproj")
    return inbox


def test_the_batch_report_shows_each_workbooks_seal_state(sealed_inbox, tmp_path):
    from forms import batch
    from forms.reports import write_report

    result = batch.run_batch([sealed_inbox], workers=1)
    states = {r.path.name: r.summary.seal for r in result.files}
    assert states == {"1-原样.xlsx": "一致", "2-改过.xlsx": "导出后手工改动 2 处", "3-无印记.xlsx": "无印记",
                      "4-项目.bfproj": ""}
    report = write_report(result, tmp_path / "report.xlsx").path
    ws = openpyxl.load_workbook(report).worksheets[0]
    values = [str(c.value) for row in ws.iter_rows() for c in row if c.value is not None]
    assert "印记" in values and "导出后手工改动 2 处" in values and "无印记" in values
    from pypdf import PdfReader

    pdf = write_report(result, tmp_path / "report.pdf").path
    text = "".join("".join(p.extract_text().split()) for p in PdfReader(str(pdf)).pages)
    assert "导出后手工改动2处" in text and "无印记" in text


def test_reviewer_mode_lists_the_seal_state(qtbot, sealed_inbox):
    from desktop.reviewer.table import COLUMN, SubmissionsModel
    from forms import batch

    model = SubmissionsModel()
    model.set_results(batch.run_batch([sealed_inbox], workers=1).files)
    shown = [model.data(model.index(row, COLUMN["seal"])) for row in range(model.rowCount())]
    assert shown == ["一致", "导出后手工改动 2 处", "无印记", ""]
    assert model.headerData(COLUMN["seal"], Qt.Orientation.Horizontal) == "印记"


def test_what_the_workbook_cannot_carry_is_no_change(tmp_path):
    """The second sample has a 明细表, 表5 rows with 品目代码 and 单价, and an 已核实 mark: none of these
    are in the workbook's cells, so a fresh export verifies; an edited amount still does not."""
    example = files.load(SAMPLE.parent / "example-huaning-education-2024.bfproj")
    example.verified = [{"rule": "DETAIL-14", "field": "detail.lines[0]", "reason": "已核对"}]
    out = tmp_path / "example.xlsx"
    export_workbook(example, out)
    assert verifying.verify(out).code == 0
    wb = openpyxl.load_workbook(out)
    ws = wb["项目政府采购表"]
    cell = next(c for row in ws.iter_rows() for c in row if isinstance(c.value, (int, float)) and c.value > 1000)
    cell.value = cell.value + 1
    wb.save(out)
    verdict = verifying.verify(out)
    assert verdict.code == 1 and any(cell.coordinate in line for line in verdict.lines)


def test_the_batch_state_of_the_example_is_consistent(tmp_path):
    from forms.xlsx.import_ import import_workbook

    example = files.load(SAMPLE.parent / "example-huaning-education-2024.bfproj")
    out = tmp_path / "example.xlsx"
    export_workbook(example, out)
    assert seal.workbook_state(out, import_workbook(out).submission) == "一致"
