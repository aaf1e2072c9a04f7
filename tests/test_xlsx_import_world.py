"""Received workbooks as departments really make them, each checked against its clean twin.

The twin is the sample submission (with two procurement items) exported by this app and re-saved
by openpyxl without the app's hidden sheets, so that it reads like the official template filled in
by hand. Each variant changes it the way the world does — binary noise in the amounts, blank
markers, tables in 万元, the whole form on one sheet, template captions and sign-off lines, label
variants, percent and date cells, SUM totals — and some are re-saved by LibreOffice as well. A
variant must read the same values and give the same findings as the twin, except for what it
deliberately adds.
"""

from __future__ import annotations

import math
import os
import shutil
import subprocess
import zipfile
from copy import copy
from datetime import date
from decimal import Decimal as D
from pathlib import Path

import openpyxl
import pytest

from forms import files
from forms.commands.check import check_path
from forms.model import ProcurementItem
from forms.xlsx import export_workbook, import_workbook
from tests.corpus import edit, variant, without_app_sheets

SAMPLE = Path(__file__).resolve().parent.parent / "seeds" / "sample-yuxi-customs-2020.bfproj"
MONEY_SHEETS = ("项目基本信息表", "对下专项转移支付支出预算明细表", "项目政府采购表")


def _submission():
    sub = files.load(SAMPLE)
    sub.procurement.items = [
        ProcurementItem(name="办公桌椅", catalogue="A060000 家具用具", method="公开招标", unit="套", quantity=D(50),
                        amount=D("1500000.00")),
        ProcurementItem(name="电梯", catalogue="A020000 设备", method="公开招标", unit="台", quantity=D(4),
                        amount=D("2300000.50")),
    ]
    sub.procurement.declared_total = D("3800000.50")
    return sub


@pytest.fixture(scope="module")
def twin(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("world")
    export_workbook(_submission(), folder / "export.xlsx")
    return edit(folder / "export.xlsx", folder / "twin.xlsx", without_app_sheets)


def libreoffice(path: Path) -> Path:
    """*path* opened and saved again as .xlsx by LibreOffice Calc (formulas recalculated)."""
    outdir = path.parent / f"lo-{path.stem}"
    outdir.mkdir(exist_ok=True)
    profile = path.parent / f"lo-profile-{os.getpid()}"
    subprocess.run(
        [shutil.which("soffice") or "soffice", f"-env:UserInstallation=file://{profile}", "--headless",
         "--calc", "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", str(outdir), str(path)],
        check=True, capture_output=True, timeout=180)
    out = outdir / path.name
    assert out.exists()
    return out


def findings(path: Path) -> list[tuple[str, str, str]]:
    entry = check_path(path)
    assert entry["readable"], entry["error"]
    return sorted((f["rule"], f["severity"], f["field"]) for f in entry["findings"])


def imp(path: Path) -> list[tuple[str, str | None, str]]:
    return [(f.rule, f.cell, f.message) for f in import_workbook(path).findings]


def same_as_twin(twin: Path, path: Path, *, extra: tuple[str, ...] = ()) -> None:
    """The variant reads the twin's values and gives the twin's findings (plus *extra* rules)."""
    assert import_workbook(path).submission == import_workbook(twin).submission
    got = [f for f in findings(path) if f[0] not in extra]
    assert got == findings(twin)


# --- numbers as spreadsheets store them -------------------------------------------------------

def _noisy(wb) -> None:
    """Every amount and score a few units in the last place off, as a SUM or a paste leaves it."""
    for name in (*MONEY_SHEETS, "项目支出预算编审表", "基本建设项目支出预算补充编审表"):
        ws = wb[name]
        for row in ws.iter_rows():
            for cell in row:
                if type(cell.value) in (int, float) and cell.number_format in ("#,##0.00", "0.00") and cell.value:
                    cell.value = math.nextafter(math.nextafter(float(cell.value), math.inf), math.inf)
    wb["项目基本信息表"]["D13"] = 20000000.00000001
    wb["项目支出预算编审表"]["D5"] = 8.000000000000002


def test_float_noise_raises_no_false_finding(twin):
    noisy = variant(twin, "noisy", _noisy)
    assert openpyxl.load_workbook(noisy)["项目基本信息表"]["D13"].value == 20000000.00000001
    same_as_twin(twin, noisy)
    sub = import_workbook(noisy).submission
    assert sub.basic.funding[0].total == D("20000000.00") and str(sub.basic.funding[0].total) == "20000000.00"
    assert sub.budget_review.sections[0].groups[0].items[0].self_score == D(8)


def test_float_noise_resaved_by_libreoffice(twin):
    same_as_twin(twin, libreoffice(variant(twin, "noisy-lo", _noisy)))


def test_a_third_decimal_really_typed_is_still_found(twin):
    def change(wb):
        wb["项目政府采购表"]["G6"] = "1500000.005"  # text
        wb["项目政府采购表"]["G7"] = 2300000.567  # a float far from any cent
    path = variant(twin, "third-decimal", change)
    items = import_workbook(path).submission.procurement.items
    assert [i.amount for i in items] == [D("1500000.005"), D("2300000.567")]
    extra = [f for f in findings(path) if f not in findings(twin)]
    assert {f[2] for f in extra} >= {"procurement.items[0].amount", "procurement.items[1].amount"}


@pytest.mark.parametrize("marker", ["—", "－", "-", "/", "无", "——"])
def test_blank_markers_in_empty_money_cells_are_blank(twin, marker):
    def change(wb):
        wb["项目基本信息表"]["D14"] = marker  # 上级补助 2020
        wb["项目基本信息表"]["G13"] = marker  # 合计 2022
        wb["对下专项转移支付支出预算明细表"]["C6"] = marker
        wb["项目政府采购表"]["E6"] = None
    path = variant(twin, f"blank-{ord(marker[0])}", change)
    sub = import_workbook(path).submission
    assert sub.basic.funding[0].superior is None and sub.basic.funding[2].total is None
    assert sub.transfers.regions[0].years[0].superior is None
    assert not [f for f in findings(path) if f[0] == "IMP-03"]


def _replace_value(path: Path, sheet_part: str, old: bytes, new: bytes) -> None:
    with zipfile.ZipFile(path) as zf:
        parts = {i.filename: zf.read(i.filename) for i in zf.infolist()}
    assert old in parts[sheet_part]
    parts[sheet_part] = parts[sheet_part].replace(old, new, 1)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)


@pytest.mark.parametrize("value", [b"NaN", b"INF", b"-inf", b"1e308", b"1.7976931348623157E+308", b"9" * 60])
def test_extreme_numbers_are_findings_naming_the_cell(twin, value):
    path = variant(twin, f"extreme-{len(value)}-{value[:3].decode()}", lambda wb: None)
    # 项目政府采购表 is the fourth sheet; G6 holds 1500000
    _replace_value(path, "xl/worksheets/sheet4.xml", b"<v>1500000</v>", b"<v>" + value + b"</v>")
    entry = check_path(path)
    assert entry["readable"], entry["error"]
    bad = [f for f in entry["findings"] if f["rule"] == "IMP-03"]
    assert [f["cell"] for f in bad] == ["项目政府采购表!G6"]
    assert import_workbook(path).submission.procurement.items[0].amount is None


def test_huge_text_amount_is_a_finding(twin):
    path = variant(twin, "huge-text", lambda wb: wb["项目政府采购表"].__setitem__("G6", "9" * 400))
    assert [(r, c) for r, c, _ in imp(path) if r == "IMP-03"] == [("IMP-03", "项目政府采购表!G6")]


def test_percent_cells_read_as_percent_and_110_is_caught(twin):
    def change(wb):
        ws = wb["项目绩效目标表"]
        rows = {ws.cell(r, 1).value: r for r in range(1, ws.max_row + 1)}
        r = rows["服务企业满意程度"]
        ws.cell(r, 3).value, ws.cell(r, 3).number_format, ws.cell(r, 4).value = 1.1, "0%", None
        r = rows["工程验收合格率"]
        ws.cell(r, 3).value, ws.cell(r, 3).number_format = 1.0, "0.0%"
    path = variant(twin, "percent", change)
    for p in (path, libreoffice(path)):
        inds = {i.name: i for i in import_workbook(p).submission.performance.indicators}
        assert (inds["服务企业满意程度"].value, inds["服务企业满意程度"].unit) == ("110", "%")
        assert (inds["工程验收合格率"].value, inds["工程验收合格率"].unit) == ("100", "%")
        assert "performance.indicators[6].value" in {f[2] for f in findings(p) if f[0] == "PERF-07"}


def test_dates_and_years_as_spreadsheets_store_them(twin):
    def change(wb):
        ws = wb["项目基本信息表"]
        ws["G6"], ws["G6"].number_format = date(2020, 1, 1), "yyyy/m/d"  # a date cell, not text
        ws["C6"] = 2020.0  # the year as a float
        ws["D12"], ws["F12"] = 2020.0, 2021
        ws["F12"].number_format = "yyyy-mm-dd"  # a year typed into a cell formatted as a date
        wb["项目绩效目标表"]["A4"] = 2020.0
    path = variant(twin, "dates", change)
    sub = import_workbook(path).submission
    assert sub.basic.start_date == date(2020, 1, 1) and sub.basic.budget_year == 2020
    assert [f.year for f in sub.basic.funding] == [2020, 2021, 2022]
    same_as_twin(twin, path)


# --- units -----------------------------------------------------------------------------------

def _in_wan(wb, sheet: str, cells: list[str]) -> None:
    for addr in cells:
        v = wb[sheet][addr].value
        if isinstance(v, (int, float)):
            wb[sheet][addr].value = v / 10000


def test_tables_in_wan_yuan_are_read_in_yuan_each_on_its_own(twin):
    def change(wb):
        t = wb["对下专项转移支付支出预算明细表"]
        t["M2"] = "（单位：万元）"
        _in_wan(wb, "对下专项转移支付支出预算明细表", [f"{c}{r}" for c in "BCDEFGHIJKLM" for r in (5, 6)])
        p = wb["项目政府采购表"]
        p["G3"], p["G4"] = None, "金额（万元）"
        _in_wan(wb, "项目政府采购表", ["G5", "G6", "G7"])
    path = variant(twin, "wan", change)
    for p in (path, libreoffice(path)):
        same_as_twin(twin, p, extra=("IMP-09",))
        wan = [(r, c) for r, c, _ in imp(p) if r == "IMP-09"]
        assert wan == [("IMP-09", "对下专项转移支付支出预算明细表!M2"), ("IMP-09", "项目政府采购表!G4")]
    sub = import_workbook(path).submission
    assert sub.procurement.items[1].amount == D("2300000.50")
    assert sub.transfers.regions[0].years[0].scale == D("20000000.00")


def test_funding_heading_in_wan_yuan(twin):
    def change(wb):
        ws = wb["项目基本信息表"]
        ws["B12"] = "申请金额（万元）"
        _in_wan(wb, "项目基本信息表", [f"{c}{r}" for c in "DEFG" for r in range(13, 17)])
        ws["D15"] = "2000万"  # a text with its own unit is not scaled again
    path = variant(twin, "wan-basic", change)
    sub = import_workbook(path).submission
    assert [f.total for f in sub.basic.funding[:2]] == [D("20000000.00"), D("37000000.00")]
    assert sub.basic.funding[0].local == D("20000000.00")
    assert [c for r, c, _ in imp(path) if r == "IMP-09"] == ["项目基本信息表!B12"]


# --- layouts people make -----------------------------------------------------------------------

def _copy_sheet(src, dst, top: int, left: int = 0) -> int:
    """Copy *src*'s cells, formats and merges onto *dst* from row *top* (0-based offsets); the row
    after the last one copied."""
    for row in src.iter_rows():
        for cell in row:
            if cell.value is not None:
                new = dst.cell(cell.row + top, cell.column + left, cell.value)
                new.number_format = cell.number_format
                new.font = copy(cell.font)
    for rng in src.merged_cells.ranges:
        dst.merge_cells(start_row=rng.min_row + top, start_column=rng.min_col + left,
                        end_row=rng.max_row + top, end_column=rng.max_col + left)
    return top + src.max_row


def _one_sheet(wb) -> None:
    ws = wb.create_sheet("Sheet1", 0)
    top = 0
    for name in [n for n in wb.sheetnames if n != "Sheet1"]:
        top = _copy_sheet(wb[name], ws, top, left=1 if name == "项目政府采购表" else 0) + 2
        wb.remove(wb[name])
    for row in ws.iter_rows():
        for cell in row:
            if cell.value == "项目绩效目标表（年度目标）":
                cell.value = "2020年项目支出绩效目标表（年度目标）"


def test_whole_form_on_one_sheet_reads_every_table(twin):
    path = variant(twin, "one-sheet", _one_sheet)
    for p in (path, libreoffice(path)):
        assert openpyxl.load_workbook(p, read_only=True).sheetnames == ["Sheet1"]
        same_as_twin(twin, p)
        result = import_workbook(p)
        assert result.cells["procurement.items[0].amount"].startswith("Sheet1!H")  # pasted one column right
        assert not [f for f in result.findings if f.rule.startswith("IMP")]


def test_several_tables_on_one_sheet_and_the_rest_on_their_own(twin):
    def change(wb):
        ws = wb["项目政府采购表"]
        _copy_sheet(wb["项目政府购买服务表"], ws, ws.max_row + 3, left=2)
        wb.remove(wb["项目政府购买服务表"])
        ws.title = "采购和购买服务"
    path = variant(twin, "two-on-one", change)
    same_as_twin(twin, path)


CAPTIONS = [
    ["附件1：表1"],
    ["填报单位（盖章）：", "玉溪市商务局", None, "填报日期：", date(2020, 1, 10)],
]
SIGN_OFF = [
    ["单位负责人：赵琼", None, "填表人：赵翠玲", None, "联系电话：0877-2025172"],
    ["财务负责人：", "李四", "审核人：", "王五"],
]


def _with_captions(wb) -> None:
    for ws in wb.worksheets:
        ws.insert_rows(1, len(CAPTIONS))
        for r, row in enumerate(CAPTIONS, 1):
            for c, v in enumerate(row, 1):
                if v is not None:
                    ws.cell(r, c, v)
        bottom = ws.max_row + 2
        for r, row in enumerate(SIGN_OFF, bottom):
            for c, v in enumerate(row, 1):
                if v is not None:
                    ws.cell(r, c, v)


def _shift_merges(wb, rows: int) -> None:
    # openpyxl's insert_rows leaves merged ranges where they were: move them with the cells
    for ws in wb.worksheets:
        ranges = list(ws.merged_cells.ranges)
        for rng in ranges:
            ws.merged_cells.remove(rng)
        for rng in ranges:
            ws.merge_cells(start_row=rng.min_row + rows, start_column=rng.min_col,
                           end_row=rng.max_row + rows, end_column=rng.max_col)


def test_template_captions_and_sign_off_lines_give_no_import_finding(twin):
    def change(wb):
        _with_captions(wb)
        _shift_merges(wb, len(CAPTIONS))
    path = variant(twin, "captions", change)
    for p in (path, libreoffice(path)):
        assert [f for f in imp(p) if f[0].startswith("IMP")] == []
        same_as_twin(twin, p)


def test_captions_on_a_one_sheet_form(twin):
    def change(wb):
        _with_captions(wb)
        _shift_merges(wb, len(CAPTIONS))
        _one_sheet(wb)
    path = variant(twin, "captions-one-sheet", change)
    assert [f for f in imp(path) if f[0].startswith("IMP")] == []
    same_as_twin(twin, path)


def test_label_variants_and_spaces_around_values(twin):
    def change(wb):
        b = wb["项目基本信息表"]
        b["B4"], b["B6"], b["C13"] = "项 目 名 称", "项目实施年度：", "合　　计"
        b["B12"] = "申请金额（元）"
        b["C4"] = "\u3000玉溪海关综合业务用房项目补助资金 \xa0"
        b["C17"] = "玉溪市商务局  "
        p = wb["项目政府采购表"]
        p["A4"], p["A5"] = "采购项目\n名称", "合 计"
        p["D4"] = "计量单位："
    path = variant(twin, "labels", change)
    same_as_twin(twin, path)


# --- formulas --------------------------------------------------------------------------------

def test_a_sum_that_leaves_out_a_row_is_named(twin):
    def change(wb):
        wb["项目政府采购表"]["G5"] = "=SUM(G6:G6)"  # misses row 7
        wb["项目基本信息表"]["D13"] = "=SUM(D14:D16)"  # right
        wb["对下专项转移支付支出预算明细表"]["B5"] = "=B6"  # right
    path = libreoffice(variant(twin, "sum", change))
    sub = import_workbook(path).submission
    assert sub.procurement.declared_total == D("1500000.00")  # the cached value, as written
    sums = [(c, m) for r, c, m in imp(path) if r == "IMP-10"]
    assert len(sums) == 1
    cell, message = sums[0]
    assert cell == "项目政府采购表!G5" and "=SUM(G6:G6)" in message and "第 7 行" in message
    assert "=SUM(G6:G7)" in message  # the fix


def test_a_transfer_total_missing_a_region_row(twin):
    def change(wb):
        ws = wb["对下专项转移支付支出预算明细表"]
        ws.insert_rows(7)
        ws["A7"], ws["B7"], ws["D7"] = "华宁县", 1000, 1000
        ws["B5"], ws["D5"] = "=SUM(B6:B6)", "=SUM(D6:D7)"
        _fix_note_merge(ws)
    path = libreoffice(variant(twin, "sum-transfers", change))
    sums = [(c, m) for r, c, m in imp(path) if r == "IMP-10"]
    assert [c for c, _ in sums] == ["对下专项转移支付支出预算明细表!B5"]
    assert "第 7 行" in sums[0][1]


def _fix_note_merge(ws) -> None:
    for rng in list(ws.merged_cells.ranges):
        if rng.min_row == 8 and rng.max_row == 8:
            ws.merged_cells.remove(rng)
            ws.merge_cells(start_row=9, start_column=rng.min_col, end_row=9, end_column=rng.max_col)


def test_a_renamed_sheet_found_by_a_title_with_a_year(twin):
    def change(wb):
        ws = wb["项目绩效目标表"]
        ws.title = "Sheet2"
        ws["A2"] = "2020年项目支出绩效目标表（年度目标）"
    path = variant(twin, "year-title", change)
    same_as_twin(twin, path)
    assert import_workbook(path).cells["performance.indicators[0].name"].startswith("Sheet2!")
