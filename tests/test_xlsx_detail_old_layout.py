"""The older three-year 明细表 (经济科目, 第一年, 第二年, 第三年, 备注) as county templates have it, typed
without this app's exporter (openpyxl, its 合计 a SUM) and re-saved by LibreOffice as .xlsx and
.xls the way a department's office suite leaves it: its lines read into the model, the three years
being the grid's."""

from __future__ import annotations

import os
from decimal import Decimal as D
from pathlib import Path

import openpyxl
import pytest

from forms import files
from forms.model import Coded, DetailAmount, Submission
from forms.model.detail import DETAIL_TABLE
from forms.xlsx import export_workbook, import_workbook
from tests.corpus import convert, edit, without_app_sheets

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "seeds" / "example-huaning-education-2024.bfproj"
SHEET = "项目支出明细表"


def _old_sheet(wb) -> None:
    """The county's three-year sheet in place of the app's 明细表."""
    if DETAIL_TABLE in wb.sheetnames:
        wb.remove(wb[DETAIL_TABLE])
    ws = wb.create_sheet(SHEET)
    ws.append(["附件2"])
    ws.append(["项目支出明细表"])
    ws.merge_cells("A2:E2")
    ws.append(["填报单位（盖章）：华宁县教育体育局", None, None, None, "单位：元"])
    ws.append(["经济科目", "第一年", "第二年", "第三年", "备注"])
    ws.append(["合计", "=SUM(B6:B8)", "=SUM(C6:C8)", "=SUM(D6:D8)", None])
    ws.append(["31003 专用设备购置", 1300000, 500000, None, "交互式智能平板"])
    ws.append(["31002 办公设备购置", 80000, None, None, None])
    ws.append(["30216 培训费", 24000, 24000.5, None, "每年 2 期"])
    ws.append(["注：金额单位为元，第一年为预算年度"])
    for col, width in zip("ABCDE", (24, 14, 14, 14, 20), strict=True):
        ws.column_dimensions[col].width = width


def _workbook(sub: Submission, folder: Path, name: str) -> Path:
    """*sub* exported, without the app's hidden sheets, with the older 明细表 typed into it."""
    export_workbook(sub, folder / f"{name}-export.xlsx")
    return edit(folder / f"{name}-export.xlsx", folder / f"{name}.xlsx", lambda wb: (without_app_sheets(wb), _old_sheet(wb)))


@pytest.fixture(scope="module")
def resaved(tmp_path_factory) -> dict[str, Path]:
    """The example with the older sheet, and a project that has only a budget year (no 申请金额
    grid yet), each re-saved by LibreOffice as .xlsx and .xls."""
    folder = tmp_path_factory.mktemp("old-layout")
    budget_only = Submission()
    budget_only.basic.budget_year = 2025
    budget_only.basic.name = "年度未分列的项目"
    sources = [_workbook(files.load(EXAMPLE), folder, "example"), _workbook(budget_only, folder, "budget-only")]
    profile = folder / f"lo-profile-{os.getpid()}"
    out: dict[str, Path] = {}
    for fmt in ("xlsx", "xls"):
        convert(sources, fmt, folder / fmt, profile)
        for src in sources:
            out[f"{src.stem}.{fmt}"] = folder / fmt / f"{src.stem}.{fmt}"
    return out


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["xlsx", "xls"])
def test_the_older_layout_reads_into_the_grid_years(resaved, fmt):
    result = import_workbook(resaved[f"example.{fmt}"])
    assert [f for f in result.findings if f.table == DETAIL_TABLE] == []
    detail = result.submission.detail
    assert [line.dept_economic for line in detail.lines] == [
        Coded(code="31003", name="专用设备购置"), Coded(code="31002", name="办公设备购置"), Coded(code="30216", name="培训费")]
    assert [[(a.year, a.amount) for a in line.amounts] for line in detail.lines] == [
        [(2024, D("1300000.00")), (2025, D("500000.00")), (2026, None)],
        [(2024, D("80000.00")), (2025, None), (2026, None)],
        [(2024, D("24000.00")), (2025, D("24000.50")), (2026, None)],
    ]
    assert [line.note for line in detail.lines] == ["交互式智能平板", "", "每年 2 期"]
    # the 合计 as LibreOffice computed it (a SUM of blanks is 0)
    assert detail.declared_total == [DetailAmount(year=2024, amount=D("1404000.00")),
                                     DetailAmount(year=2025, amount=D("524000.50")),
                                     DetailAmount(year=2026, amount=D("0.00"))]
    assert result.cells["detail.lines[2].amounts[1].amount"] == f"{SHEET}!C8"
    # what the older layout does not say stays blank for the officer to fill in
    assert all(line.source == "" and line.function_subject.is_blank() for line in detail.lines)


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["xlsx", "xls"])
def test_without_a_grid_the_years_are_the_budget_year_and_the_two_after(resaved, fmt):
    result = import_workbook(resaved[f"budget-only.{fmt}"])
    assert [f for f in result.findings if f.table == DETAIL_TABLE] == []
    assert result.submission.basic.funding == []
    assert [[(a.year, a.amount) for a in line.amounts] for line in result.submission.detail.lines][0] == [
        (2025, D("1300000.00")), (2026, D("500000.00")), (2027, None)]


def test_without_any_year_the_amounts_are_not_guessed(tmp_path):
    """The older sheet alone (no 项目基本信息表, so no year at all): one finding naming the header, the
    codes and notes read, no amount put under a made-up year."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    _old_sheet(wb)
    path = tmp_path / "alone.xlsx"
    wb.save(path)
    result = import_workbook(path)
    mine = [(f.rule, f.cell) for f in result.findings if f.table == DETAIL_TABLE]
    assert mine == [("IMP-02", f"{SHEET}!B4")]
    detail = result.submission.detail
    assert [str(line.dept_economic) for line in detail.lines] == ["31003 专用设备购置", "31002 办公设备购置", "30216 培训费"]
    assert all(line.amounts == [] for line in detail.lines)


@pytest.mark.slow
def test_headings_that_name_their_year_give_that_year(tmp_path):
    """第一年（2024年）, 第二年(2025), 第三年（2026年度）: with no 项目基本信息表 at all the years are the
    headings' own, in LibreOffice's .xlsx and .xls re-saves (which compute the 合计 SUMs); no finding
    that the years are unknown."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    _old_sheet(wb)
    ws = wb[SHEET]
    ws["B4"], ws["C4"], ws["D4"] = "第一年（2024年）", "第二年(2025)", "第三年（2026年度）"
    path = tmp_path / "named.xlsx"
    wb.save(path)
    for fmt in ("xlsx", "xls"):
        convert([path], fmt, tmp_path / fmt, tmp_path / f"lo-profile-{os.getpid()}")
    for source in (tmp_path / "xlsx" / "named.xlsx", tmp_path / "xls" / "named.xls"):
        result = import_workbook(source)
        assert [f for f in result.findings if f.table == DETAIL_TABLE] == [], source.suffix
        lines = result.submission.detail.lines
        assert [[(a.year, a.amount) for a in line.amounts] for line in lines][0] == [
            (2024, D("1300000.00")), (2025, D("500000.00")), (2026, None)], source.suffix
