"""One parser per field kind (forms/values.py), shared by the workbook import and the app's cells:
what each kind accepts and refuses, and — for any text — the import and a cell of the app read it
the same way."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.widgets.fields import parse_cell
from forms import values
from forms.model import Coded, YesNo
from forms.xlsx.reading.base import BAD_VALUE, Reader
from forms.xlsx.reading.grid import Grid


@pytest.mark.parametrize("kind, text, expected", [
    ("int", "2", 2), ("int", "２", 2), ("int", "2年", 2), ("int", "+3", 3), ("int", " ", None), ("int", "", None),
    ("year", "2020", 2020), ("year", "2020年度", 2020), ("year", "２０２０", 2020), ("year", "", None),
    ("money", "2,000万", D("20000000")), ("money", "—", None), ("money", "１２３.５", D("123.5")),
    ("number", "3.5", D("3.5")), ("score", "8", D("8")),
    ("date", "2027/1/1", date(2027, 1, 1)), ("date", "明年一月", "明年一月"), ("date", "", None),
    ("flag", "是", YesNo.YES), ("yesno", "n", YesNo.NO), ("flag", "", YesNo.UNSET), ("flag", "未填", YesNo.UNSET),
    ("coded", "80602社会管理服务类", Coded(code="80602", name="社会管理服务类")),
    ("text", "\xa0 玉溪市商务局 ", "玉溪市商务局"), ("rich", "<p>m<sup>2</sup></p>", "<p>m<sup>2</sup></p>"),
])
def test_each_kind_reads_what_people_type(kind, text, expected):
    assert values.parse(kind, text) == expected


@pytest.mark.parametrize("kind, text, reason", [
    ("int", "1.5", "“1.5”不是整数（不能有小数）：请填写整数，如 2"),
    ("int", "两年", "“两年”不是整数：请填写整数，如 2"),
    ("int", "9999999999", "不是整数"),
    ("year", "1.5", "“1.5”不是年份：请填写四位年份，如 2020"),
    ("year", "20201", "不是年份"),
    ("money", "三千", "“三千”不是金额"),
    ("number", "很多", "“很多”不是数字"),
    ("flag", "也许", "应填“是”或“否”，“也许”无法识别"),
])
def test_a_value_not_of_its_kind_is_refused_with_a_chinese_reason(kind, text, reason):
    with pytest.raises(ValueError) as caught:
        values.parse(kind, text)
    assert reason in str(caught.value)


def test_one_and_a_half_is_never_cut_to_one():
    for kind in ("int", "year"):
        with pytest.raises(values.ValueProblem):
            values.parse(kind, "1.5")
        with pytest.raises(ValueError):
            parse_cell(kind, "1.5")


def test_spreadsheet_values_enter_as_their_kind():
    assert values.parse_int(3.0) == 3 and values.parse_year(2020.0) == 2020
    assert values.parse_flag(1.0) is YesNo.YES and values.parse_flag(True) is YesNo.YES
    assert values.parse_date_value(date(2020, 1, 1)) == date(2020, 1, 1)
    with pytest.raises(values.ValueProblem, match="不能有小数"):
        values.parse_int(2.5)


def test_every_kind_of_the_layouts_has_its_parser():
    from forms.layouts import basic, detail, performance, tables

    specs = [*basic.all_fields(), *performance.INDICATOR_COLUMNS, *(s for s, _a, _b in performance.GOAL_COLUMNS),
             *tables.PROCUREMENT_COLUMNS, *tables.SERVICE_COLUMNS, *detail.DETAIL_COLUMNS]
    assert {s.kind for s in specs} <= set(values.KINDS) == set(values.PARSERS)


# --- the import and the app read any text the same -----------------------------------------------

def _imported(kind: str, text: str):
    """What the workbook import makes of *text* in a cell of *kind*: the value, or ``ValueError``
    when it reports the cell as not of its kind."""
    reader = Reader(Path("received.xlsx"), None, None)  # type: ignore[arg-type]  # no workbook: one cell
    grid = Grid("项目基本信息表", [[text]], [], [])
    value = reader.typed(grid, 0, 0, kind, "basic.x", "栏目")
    if any(f.rule == BAD_VALUE for f in reader.findings):
        return ValueError
    return value


def _typed_in_app(kind: str, text: str):
    try:
        return parse_cell("yesno" if kind == "flag" else kind, text)
    except ValueError:
        return ValueError


PIECES = st.sampled_from(["0", "1", "2", "5", "9", "2020", "１", "２０２７", ".", ",", "-", "+", "—", "/", " ", "\u3000",
                          "\xa0", "年", "年度", "月", "日", "万", "亿", "元", "是", "否", "y", "n", "未填", "无",
                          "e", "x", "1e5", "¥", "(", "80602", "社会管理服务类", "①", "\n"])
TEXTS = st.one_of(st.lists(PIECES, max_size=8).map("".join), st.text(max_size=12))


@settings(max_examples=400, deadline=None)
@given(kind=st.sampled_from(["int", "year", "money", "number", "date", "flag", "coded", "text"]), text=TEXTS)
def test_the_import_and_a_cell_of_the_app_read_any_text_the_same(kind, text):
    assert _imported(kind, text) == _typed_in_app(kind, text)
