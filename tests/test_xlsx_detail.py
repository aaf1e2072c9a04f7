"""The 项目支出预算明细表 in the workbook: the example's export reads back the same submission (the
明细表 and the 表5/表6 一体化 columns) with its seal intact; the blank template carries the sheet
with its drop-downs; workbooks typed by hand (万元, hostile cells, year headings in the header row,
no 明细表 at all) read as their cells say."""

from __future__ import annotations

from decimal import Decimal as D
from pathlib import Path

import openpyxl
import pytest

from forms import files
from forms.cli import main
from forms.layouts import tables as L_tables
from forms.model import Coded, DetailAmount, DetailLine, YesNo
from forms.model.detail import DETAIL_SOURCES, DETAIL_TABLE, FUND_NATURES
from forms.seal import workbook_state
from forms.verifying import verify
from forms.xlsx import export_workbook, import_workbook, write_template
from tests.corpus import edit, variant, without_app_sheets

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "seeds" / "example-huaning-education-2024.bfproj"


@pytest.fixture(scope="module")
def example():
    return files.load(EXAMPLE)


@pytest.fixture(scope="module")
def exported(example, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("detail") / "example.xlsx"
    export_workbook(example, out)
    return out


@pytest.fixture(scope="module")
def twin(exported) -> Path:
    """The export without the app's hidden sheets: the official layout filled in by hand."""
    return edit(exported, exported.parent / "twin.xlsx", without_app_sheets)


def sheet_values(path: Path, name: str) -> list[tuple]:
    return list(openpyxl.load_workbook(path)[name].iter_rows(values_only=True))


# --- the app's own export -------------------------------------------------------------------

def test_the_example_reads_back_the_same_with_its_detail_table(example, exported):
    result = import_workbook(exported)
    assert result.findings == []
    assert result.submission == example
    detail = result.submission.detail
    assert [str(line.dept_economic) for line in detail.lines] == [
        "31003 专用设备购置", "31003 专用设备购置", "31002 办公设备购置", "30216 培训费"]
    assert detail.lines[1].amounts == [DetailAmount(year=2024, amount=D("300000.00")),
                                       DetailAmount(year=2025, amount=D("500000.00")), DetailAmount(year=2026)]
    assert detail.declared(2025) == D("524000.00")
    assert result.submission.procurement.items[3].item_code == "A02010104"
    assert result.submission.procurement.items[3].unit_price == D("5000.00")
    # the cells the checker's findings point at
    assert result.cells["detail.lines[1].amounts[1].amount"] == f"{DETAIL_TABLE}!G8"
    assert result.cells["detail.declared_total[0].amount"] == f"{DETAIL_TABLE}!F6"
    assert result.cells["procurement.items[0].unit_price"] == "项目政府采购表!I6"


def test_the_example_sheet_as_laid_out(exported):
    wb = openpyxl.load_workbook(exported)
    assert wb.sheetnames.index(DETAIL_TABLE) == wb.sheetnames.index("项目政府购买服务表") + 1
    ws = wb[DETAIL_TABLE]
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][0] == "附件1：表2-1" and rows[1][0] == DETAIL_TABLE and rows[2][-1] == "单位：元"
    assert rows[3] == ("支出功能分类", "部门预算支出经济分类", "政府预算支出经济分类", "资金来源", "资金性质", "申请金额",
                       None, None, "测算依据", "是否政府采购", "是否政府购买服务", "备注")
    assert rows[4][5:8] == (2024, 2025, 2026) and ws["F5"].number_format == '0"年"'
    assert rows[5][:8] == ("合计", None, None, None, None, 1404000, 524000, None)
    assert rows[6][:6] == ("2050202 小学教育", "31003 专用设备购置", "50306 设备购置", "上级补助", "一般公共预算拨款", 1000000)
    assert ws["F7"].number_format == "#,##0.00"
    assert "F4:H4" in {str(r) for r in ws.merged_cells.ranges}
    assert ws.page_setup.orientation == "landscape" and ws.print_title_rows == "$4:$5"
    # 表5 and 表6: the 一体化 columns after the seed's, 合计 only under 金额
    procurement = sheet_values(exported, "项目政府采购表")
    assert procurement[3][7:] == tuple(spec.label for spec in L_tables.PROCUREMENT_EXTRA)
    assert procurement[4][6:] == (1880000, None, None, None, None)
    services = sheet_values(exported, "项目政府购买服务表")
    assert services[3][5:] == tuple(spec.label for spec in L_tables.SERVICE_EXTRA)


def test_the_seal_verifies_and_a_changed_amount_shows(exported, tmp_path):
    verdict = verify(exported)
    assert verdict.code == 0, verdict.lines
    assert workbook_state(exported, import_workbook(exported).submission) == "一致"
    wb = openpyxl.load_workbook(exported)
    wb[DETAIL_TABLE]["G8"] = 400000  # the 初中 line's 2025 amount
    wb[DETAIL_TABLE]["H9"] = 1000  # a year that was blank
    changed = tmp_path / "changed.xlsx"
    wb.save(changed)
    verdict = verify(changed)
    assert verdict.code == 1
    assert [(d.cell, d.field, d.old, d.new) for d in verdict.differences] == [
        (f"{DETAIL_TABLE}!G8", "detail.lines[1].amounts[1].amount", "500000.00", "400000.00"),
        (f"{DETAIL_TABLE}!H9", "detail.lines[2].amounts[2].amount", "", "1000.00"),
    ]


def test_a_project_whose_lines_lack_blank_years_still_verifies(example, tmp_path):
    """A line holding only the years it has money in (as before the grid grew a year) reads back
    with a blank entry for every year column: the seal's comparison gives both sides the sheet's
    entries."""
    sub = example.model_copy(deep=True)
    for line in sub.detail.lines:
        line.amounts = [a for a in line.amounts if a.amount is not None]
    sub.detail.declared_total = sub.detail.declared_total[:2]
    out = tmp_path / "sparse.xlsx"
    export_workbook(sub, out)
    assert verify(out).code == 0


def test_a_year_outside_the_grid_gets_its_column(example, tmp_path):
    sub = example.model_copy(deep=True)
    sub.detail.lines[3].amounts.append(DetailAmount(year=2027, amount=D("100.00")))
    out = tmp_path / "outside.xlsx"
    export_workbook(sub, out)
    assert sheet_values(out, DETAIL_TABLE)[4][5:9] == (2024, 2025, 2026, 2027)
    back = import_workbook(out).submission.detail
    assert back.lines[3].amount(2027) == D("100.00") and back.lines[0].amount(2027) is None
    assert verify(out).code == 0


# --- the blank template ---------------------------------------------------------------------

def _list_of(wb, dv) -> list[str]:
    sheet, ref = dv.formula1.split("!")
    col = ref.split("$")[1]
    return [c.value for c in wb[sheet.strip("'")][col] if c.value]


def _dropdowns(wb, ws) -> dict[str, list[str]]:
    """Column letter → the items of the list its line cells offer."""
    out = {}
    for dv in ws.data_validations.dataValidation:
        for rng in dv.sqref.ranges:
            out.setdefault(str(rng).rstrip("0123456789"), _list_of(wb, dv))
    return out


def test_the_template_has_the_detail_sheet_with_dropdowns(tmp_path, capsys):
    out = tmp_path / "template.xlsx"
    assert main(["export", "--template", str(out)]) == 0
    assert "已导出空白模板" in capsys.readouterr().out
    wb = openpyxl.load_workbook(out)
    ws = wb[DETAIL_TABLE]
    rows = list(ws.iter_rows(values_only=True))
    assert rows[3][:6] == ("支出功能分类", "部门预算支出经济分类", "政府预算支出经济分类", "资金来源", "资金性质", "申请金额")
    assert rows[4][5:8] == (None, None, None)  # year headings to fill in
    assert rows[5][0] == "合计"
    lists = _dropdowns(wb, ws)
    assert lists["D"] == list(DETAIL_SOURCES) and lists["E"] == list(FUND_NATURES)
    assert "30201 办公费" in lists["B"] and "31002 办公设备购置" in lists["B"]
    assert "50201 办公经费" in lists["C"] and "51301 上下级政府间转移性支出" in lists["C"]
    assert "2050202 小学教育" in lists["A"]
    assert lists["J"] == lists["K"] == ["是", "否"]
    covered = {str(r) for dv in ws.data_validations.dataValidation for r in dv.sqref.ranges}
    assert {f"D{r}" for r in range(7, 12)} <= covered  # five blank lines to fill in
    # 表5 / 表6: the economic codes are drop-downs too
    for name, first in (("项目政府采购表", "J"), ("项目政府购买服务表", "G")):
        sheet = wb[name]
        assert "30201 办公费" in _dropdowns(wb, sheet)[first], name
    assert [c.value for c in wb["项目政府采购表"][4]][7:] == [s.label for s in L_tables.PROCUREMENT_EXTRA]
    result = import_workbook(out)
    assert result.findings == []
    assert result.submission.detail.lines == [] and result.submission.detail.declared_total == []


def test_a_filled_in_template_reads_its_year_headings(tmp_path):
    out = tmp_path / "template.xlsx"
    write_template(out)
    wb = openpyxl.load_workbook(out)
    ws = wb[DETAIL_TABLE]
    ws["F5"], ws["G5"] = "2025年", 2026
    ws["A7"], ws["B7"], ws["D7"], ws["F7"], ws["G7"] = "2080101 行政运行", "30215 会议费", "本级财政安排", 3000, "4,000.50"
    ws["I7"], ws["J7"] = "2 次 × 30 人 × 50 元", "否"
    ws["F6"], ws["G6"] = 3000, 4000.5
    filled = tmp_path / "filled.xlsx"
    wb.save(filled)
    result = import_workbook(filled)
    assert result.findings == []
    detail = result.submission.detail
    assert detail.declared_total == [DetailAmount(year=2025, amount=D("3000.00")),
                                     DetailAmount(year=2026, amount=D("4000.50"))]
    assert detail.lines == [DetailLine(function_subject="2080101 行政运行", dept_economic="30215 会议费",
                                       source="本级财政安排", basis="2 次 × 30 人 × 50 元", procurement=YesNo.NO,
                                       amounts=[DetailAmount(year=2025, amount=D("3000.00")),
                                                DetailAmount(year=2026, amount=D("4000.50"))])]


# --- workbooks made by hand ------------------------------------------------------------------

def test_a_workbook_without_the_detail_table_reads_it_empty(twin):
    path = variant(twin, "no-detail", lambda wb: wb.remove(wb[DETAIL_TABLE]))
    result = import_workbook(path)
    assert result.findings == []  # the seed's form has no 明细表: nothing to say about it
    assert result.submission.detail.lines == [] and result.submission.detail.declared_total == []


@pytest.mark.parametrize(("cell", "text"), [("L3", "单位：万元"), ("F4", "申请金额（万元）")])
def test_a_detail_table_in_wan_yuan(twin, cell, text):
    """In 万元 by its caption or by the 申请金额 heading: read in 元, with the finding that says so."""
    def in_wan(wb) -> None:
        ws = wb[DETAIL_TABLE]
        ws[cell] = text
        for row in ws.iter_rows(min_row=6, min_col=6, max_col=8):
            for c in row:
                if isinstance(c.value, (int, float)):
                    c.value = c.value / 10000

    result = import_workbook(variant(twin, f"wan-{cell}", in_wan))
    assert [(f.rule, f.cell) for f in result.findings] == [("IMP-09", f"{DETAIL_TABLE}!{cell}")]
    assert result.submission.detail == import_workbook(twin).submission.detail
    assert result.submission.detail.lines[3].amount(2025) == D("24000.00")
    assert result.submission.detail.declared(2024) == D("1404000.00")


def test_text_in_an_amount_cell_is_named(twin):
    def hostile(wb):
        ws = wb[DETAIL_TABLE]
        ws["G8"] = "五十万"
        ws["F5"] = "明年"

    result = import_workbook(variant(twin, "hostile", hostile))
    found = [(f.rule, f.severity.value, f.cell, f.message) for f in result.findings]
    assert ("IMP-03", "error", f"{DETAIL_TABLE}!G8",
            "“第 2 行 2025年申请金额”的值“五十万”不是数字，未导入：请填写数字") in found
    assert any(rule == "IMP-03" and cell == f"{DETAIL_TABLE}!F5" and "“明年”不是年份" in message
               for rule, _, cell, message in found)
    assert any(rule == "IMP-03" and cell == f"{DETAIL_TABLE}!F7" and "所在列没有年度" in message
               for rule, _, cell, message in found)
    line = result.submission.detail.lines[1]
    assert line.amounts == [DetailAmount(year=2025, amount=None), DetailAmount(year=2026)]
    assert line.dept_economic == Coded(code="31003", name="专用设备购置")


def _typed_by_hand(wb) -> None:
    """The 一体化 columns as a county's own sheet words them: year headings in the header row, no
    merged 申请金额, other wordings of the labels, a 合计 at the bottom."""
    wb.remove(wb[DETAIL_TABLE])
    ws = wb.create_sheet("明细")
    ws.append(["2024年项目支出明细表"])
    ws.append(["单位：元"])
    ws.append(["功能科目", "部门经济分类", "政府经济分类", "资金来源", "2024年", "2025年", "测算依据", "说明"])
    ws.append(["2050202 小学教育", "31003 专用设备购置", "50306 设备购置", "上级补助", 1000000, None, "100 台 × 10,000 元", ""])
    ws.append(["2050202 小学教育", "30216 培训费", "50203 培训费", "本级财政安排", 24000, 24000.0, "2 期 × 60 人 × 200 元", "县标准"])
    ws.append(["合计", None, None, None, "=SUM(E4:E5)", "=SUM(F4:F5)"])


def test_the_columns_typed_by_hand_with_year_headings(twin):
    path = variant(twin, "by-hand", _typed_by_hand)
    result = import_workbook(path)
    assert [f.rule for f in result.findings] == ["IMP-04", "IMP-04"]  # openpyxl saves no cached SUM
    detail = result.submission.detail
    assert [(str(x.function_subject), str(x.dept_economic), x.source, x.amount(2024), x.amount(2025), x.note)
            for x in detail.lines] == [
        ("2050202 小学教育", "31003 专用设备购置", "上级补助", D("1000000.00"), None, ""),
        ("2050202 小学教育", "30216 培训费", "本级财政安排", D("24000.00"), D("24000.00"), "县标准"),
    ]
    assert detail.lines[1].basis == "2 期 × 60 人 × 200 元"



@pytest.mark.slow
def test_libreoffice_resaves_read_back_the_same_detail_table(example, exported, tmp_path):
    """Opened and saved again by LibreOffice as .xlsx and .xls (merged 申请金额 heading, numbers
    as doubles, the hidden sheets made merely hidden): the same 明细表 and 表5 columns."""
    from tests.corpus import convert

    for fmt in ("xlsx", "xls"):
        convert([exported], fmt, tmp_path / fmt, tmp_path / "lo-profile")
        result = import_workbook(tmp_path / fmt / f"example.{fmt}")
        assert [f.rule for f in result.findings] == [], fmt
        assert result.submission.detail == example.detail, fmt
        assert result.submission.procurement == example.procurement, fmt


def test_the_detail_table_stacked_with_the_others_on_one_sheet(twin):
    """The whole form pasted onto one sheet, the 明细表 between 表6 and the 编审表: found by its title,
    its rows read up to the next table's caption."""
    from tests.test_xlsx_import_world import _copy_sheet

    def one_sheet(wb):
        ws = wb.create_sheet("Sheet1", 0)
        top = 0
        for name in [n for n in wb.sheetnames if n != "Sheet1"]:
            top = _copy_sheet(wb[name], ws, top, left=0) + 2
            wb.remove(wb[name])

    path = variant(twin, "stacked", one_sheet)
    result = import_workbook(path)
    assert [f for f in result.findings if f.rule.startswith("IMP")] == []
    assert result.submission.detail == import_workbook(twin).submission.detail
    assert result.cells["detail.lines[0].amounts[0].amount"].startswith("Sheet1!F")


def _one_year_sheet(wb) -> None:
    """A one-year 明细表: a single 申请金额 column with no year under it."""
    if DETAIL_TABLE in wb.sheetnames:
        wb.remove(wb[DETAIL_TABLE])
    ws = wb.create_sheet(DETAIL_TABLE)
    ws.append([DETAIL_TABLE])
    ws.append(["部门预算支出经济分类", "资金来源", "申请金额", "测算依据"])
    ws.append(["30227 委托业务费", "本级财政安排", "12,000.00", "评审 1 项 × 12,000 元"])


def test_a_single_amount_column_is_the_budget_years(twin, tmp_path):
    result = import_workbook(variant(twin, "one-year", _one_year_sheet))
    assert [f for f in result.findings if f.table == DETAIL_TABLE] == []
    assert result.submission.detail.lines[0].amounts == [DetailAmount(year=2024, amount=D("12000.00"))]
    # without any year to go by: said once, the amount not put under a made-up year
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    _one_year_sheet(wb)
    wb.save(tmp_path / "alone.xlsx")
    result = import_workbook(tmp_path / "alone.xlsx")
    assert [(f.rule, f.cell) for f in result.findings if f.table == DETAIL_TABLE] == [("IMP-02", f"{DETAIL_TABLE}!C2")]
    assert result.submission.detail.lines[0].amounts == []
    assert result.submission.detail.lines[0].basis == "评审 1 项 × 12,000 元"
