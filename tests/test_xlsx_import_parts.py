"""The importer's parts one by one: a spreadsheet float entering as money, the blank markers, the
limits, the sheet XML read for percent formats and formula texts, the titles and captions."""

from __future__ import annotations

import io
import math
import zipfile
from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from forms.model import MoneyError, parse_money
from forms.model.money import from_float, parse_amount_cell
from forms.xlsx.cells import norm_label
from forms.xlsx.reading.base import _summed_rows
from forms.xlsx.reading.grid import _is_caption, title_of, wan_caption, wan_heading
from forms.xlsx.reading.sheetxml import read_extras


@pytest.mark.parametrize("value, expected", [
    (20000000.00000001, "20000000"), (76.00000000000001, "76"), (0.1 + 0.2, "0.3"), (2020.0, "2020"),
    (1234.567, "1234.567"), (2300000.567, "2300000.567"), (7.5, "7.5"), (sum([0.1] * 10), "1"),
    (100000000000000.02, "100000000000000.02"), (0.333333333333, "0.333333333333"),
])
def test_a_float_enters_as_the_decimal_that_was_typed(value, expected):
    assert str(from_float(value)) == expected
    assert parse_money(value) == D(expected)


@given(st.integers(min_value=-10**13, max_value=10**13))
def test_every_cent_amount_survives_float_noise(cents):
    exact = D(cents) / 100
    noisy = math.nextafter(math.nextafter(float(exact), math.inf), math.inf)
    assert from_float(noisy) == exact


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf, 1e308, 1e15, -2e15])
def test_nan_infinite_and_huge_floats_are_refused_with_a_message(value):
    with pytest.raises(MoneyError, match="数字|范围"):
        from_float(value)


@pytest.mark.parametrize("text", ["9" * 16, "1" * 400, "20000000亿", 10**20, -(10**15)])
def test_huge_texts_are_refused(text):
    with pytest.raises(MoneyError, match="范围"):
        parse_money(text)


@pytest.mark.parametrize("marker", ["—", "－", "-", "/", "／", "无", " — ", "——"])
def test_blank_markers_are_blank_in_a_cell(marker):
    assert parse_amount_cell(marker) is None


def test_parse_money_itself_keeps_its_api():
    assert parse_money("2,000万") == D(20000000)
    assert parse_money("") is None
    with pytest.raises(MoneyError):
        parse_money("—")  # the GUI's field: a dash is no amount there


@pytest.mark.parametrize("formula, col, rows", [
    ("SUM(G6:G8)", 6, {5, 6, 7}), ("SUM($G$6:$G$7,G9)", 6, {5, 6, 8}), ("G6+G7", 6, {5, 6}),
    ("SUM(F6:G8)", 6, None), ("SUM(G6:G8)*2", 6, None), ("Sheet2!G6", 6, None), ("ROUND(G6,2)", 6, None),
])
def test_summed_rows(formula, col, rows):
    assert _summed_rows(formula, col) == rows


def _xlsx(sheet: bytes, styles: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr("xl/styles.xml", styles)
        zf.writestr("xl/worksheets/sheet1.xml", sheet)
    return out.getvalue()


STYLES = b"""<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<numFmts count="2"><numFmt numFmtId="164" formatCode="0.0%"/><numFmt numFmtId="165" formatCode="0&quot;%&quot;"/></numFmts>
<cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="9"/><xf numFmtId="164"/><xf numFmtId="165"/></cellXfs></styleSheet>"""


def test_percent_cells_and_shared_formulas_from_the_sheet_xml():
    sheet = b"""<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
<row r="1"><c r="A1" s="1"><v>0.9</v></c><c r="B1" s="2"><v>1.1</v></c><c s="3" r="C1"><v>5</v></c><c r="D1" s="0"><v>1</v></c></row>
<row r="5"><c r="B5"><f t="shared" ref="B5:D5" si="0">SUM(B6:B8)</f><v>3</v></c><c r="C5"><f t="shared" si="0"/><v>4</v></c>
<c r="D5"><f>SUM(D6:D9)&lt;&gt;0</f><v>1</v></c></row></sheetData></worksheet>"""
    extras = read_extras(_xlsx(sheet, STYLES), {"S": ("xl/worksheets/sheet1.xml", ["B5", "C5", "D5"])})["S"]
    assert extras.percent == {(0, 0), (0, 1)}  # 0"%" shows a literal %, no percentage
    assert extras.formulas == {(4, 1): "SUM(B6:B8)", (4, 2): "SUM(C6:C8)", (4, 3): "SUM(D6:D9)<>0"}


def test_no_percent_format_means_no_look_at_the_cells():
    sheet = b'<worksheet><sheetData><row r="1"><c r="A1" s="1"><v>0.9</v></c></row></sheetData></worksheet>'
    styles = b'<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><cellXfs><xf numFmtId="4"/></cellXfs></styleSheet>'
    assert read_extras(_xlsx(sheet, styles), {"S": ("xl/worksheets/sheet1.xml", [])}) == {}
    assert read_extras(b"not a zip", {"S": ("xl/worksheets/sheet1.xml", [])}) == {}


@pytest.mark.parametrize("title, table", [
    ("项目绩效目标表", "performance"), ("2020年项目支出绩效目标表", "performance"),
    ("项目绩效目标表（年度目标）", "performance"), ("附件1：项目政府采购表", "procurement"),
    ("2020年度 项目基本信息表", "basic"), ("项目支出预算编审表", "budget_review"),
    ("基本建设项目支出预算补充编审表", "construction_review"), ("项目名称", None), ("基建项目补充表得分", None),
])
def test_titles(title, table):
    assert title_of(norm_label(title)) == table


@pytest.mark.parametrize("text, caption", [
    ("附件1：表5", True), ("附件1", True), ("单位：元", True), ("（单位：万元）", True), ("单位:万元", True),
    ("填报单位（盖章）：玉溪市商务局", True), ("填报日期：2020年1月1日", True),
    ("单位负责人：赵琼  填表人：赵翠玲  联系电话：0877-2025172", True), ("填表人：", True),
    ("办公桌椅", False), ("项目名称", False), ("主管部门联系电话", False), ("填报人员", False),
])
def test_captions(text, caption):
    assert _is_caption(norm_label(text)) is caption


def test_wan_yuan_captions_and_headings():
    assert wan_caption(norm_label("（单位：万元）")) and wan_caption(norm_label("金额单位：万元"))
    assert not wan_caption(norm_label("单位：元"))
    assert wan_heading(norm_label("申请金额（万元）")) and wan_heading(norm_label("金额(万元)"))
    assert not wan_heading(norm_label("金额（元）"))


@pytest.mark.parametrize("value", [1e308, math.nan, math.inf, 10_000, 2020.5, -1e300])
def test_a_year_cell_beyond_four_digits_or_not_whole_is_no_year(value):
    from forms.xlsx.cells import parse_year

    with pytest.raises(ValueError):
        parse_year(value)


def test_cell_text_shows_a_float_without_its_noise():
    from forms.xlsx.cells import cell_text

    assert cell_text(76.00000000000001) == "76"
    assert cell_text(0.1 + 0.2) == "0.3"
    assert cell_text(13205.02) == "13205.02"
    assert cell_text(2020.0) == "2020"


def test_prose_that_mentions_wan_yuan_is_no_caption():
    prose = norm_label("本项目总投资1.3亿元，其中本级财政安排2000万元（单位：万元，详见附表），用于综合业务用房建设")
    assert not wan_caption(prose) and not wan_heading(prose)


def test_a_year_in_a_date_cell_is_the_year():
    from datetime import date, datetime

    from forms.xlsx.cells import parse_year

    assert parse_year(date(1905, 7, 12)) == 2020  # 2020 typed into a cell formatted as a date
    assert parse_year(datetime(1905, 7, 12)) == 2020
    assert parse_year(date(2021, 3, 1)) == 2021
