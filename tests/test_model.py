"""Model types keep what was typed; code lists are data keyed by budget year."""

from datetime import date

import pytest

from forms.codes import code_lists
from forms.model import Coded, Narrative, Submission, YesNo, format_date, parse_date


@pytest.mark.parametrize("text,value", [
    ("2020年1月1日", date(2020, 1, 1)), ("2020-01-01", date(2020, 1, 1)), ("2020/1/1", date(2020, 1, 1)),
    ("２０２０年１月１日", date(2020, 1, 1)), ("2020-01-01T00:00:00", date(2020, 1, 1)),
    ("2020年2月30日", "2020年2月30日"), ("明年", "明年"), ("", None), (None, None),
])
def test_dates_keep_what_was_typed(text, value):
    assert parse_date(text) == value


def test_format_date():
    assert format_date(date(2020, 1, 1)) == "2020年1月1日"
    assert format_date("2020年2月30日") == "2020年2月30日"


@pytest.mark.parametrize("text,code,name", [
    ("80602社会管理服务类", "80602", "社会管理服务类"), ("099 其他", "099", "其他"),
    ("2011304 对外贸易管理", "2011304", "对外贸易管理"), ("201130", "201130", ""), ("其他", "", "其他"), ("", "", ""),
])
def test_coded_values(text, code, name):
    c = Coded.parse(text)
    assert (c.code, c.name) == (code, name)


@pytest.mark.parametrize("text,flag", [
    ("是", YesNo.YES), ("否", YesNo.NO), ("", YesNo.UNSET), (None, YesNo.UNSET), ("Y", YesNo.YES), ("？", YesNo.UNSET),
])
def test_flags(text, flag):
    s = Submission()
    s.basic.flags.major = text
    assert s.basic.flags.major is flag


def test_narrative_keeps_markup_and_gives_text():
    n = Narrative(html="<p>面积22440.28m<sup>2</sup></p><p>H<sub>2</sub>O &amp; 其他</p>")
    assert "<sup>2</sup>" in n.html
    assert n.text == "面积22440.28m2\nH2O & 其他"
    assert Narrative().is_blank()


def test_grid_follows_budget_year():
    s = Submission()
    s.basic.budget_year = 2023
    s.ensure_grid()
    assert [c.year for c in s.basic.funding] == [2023, 2024, 2025]
    assert [t.year for t in s.transfers.declared_total] == [2023, 2024, 2025]


def test_code_lists_are_keyed_by_year():
    assert "2011304" in code_lists(2020)["function_subject"]
    assert code_lists(2020)["function_subject"].names["2011304"] == "对外贸易管理"
    assert "成本指标" not in code_lists(2020)["indicator_tree"]
    assert "成本指标" in code_lists(2021)["indicator_tree"]
    assert code_lists(2019).year == 2020  # before every file: the oldest
    assert code_lists(2030).year == max(code_lists(y).year for y in (2020, 2021, 2022))
    assert "框架协议采购" in code_lists(2023)["procurement_method"]
    assert "框架协议采购" not in code_lists(2020)["procurement_method"]


def test_forms_never_imports_qt():
    import pathlib
    root = pathlib.Path(__file__).resolve().parent.parent / "forms"
    offenders = [p.name for p in root.rglob("*.py") if "PySide6" in p.read_text(encoding="utf-8") or "PyQt" in p.read_text(encoding="utf-8")]
    assert offenders == []
