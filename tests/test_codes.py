"""The shipped code lists (every year loads, codes unique, every child under its parent), the year
in force, search by code, name and pinyin initials, and CODE-01 against the 功能科目 tree."""

from __future__ import annotations

import json
import re

import pytest

from forms.codes import CODES_DIR, SHARED_DIR, TREES, available_years, code_lists
from forms.rules import check, run


@pytest.fixture(autouse=True)
def data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("BUDGETFORMS_DATA_DIR", str(tmp_path / "data"))
    return tmp_path / "data"


YEARS = available_years()


def test_years_shipped():
    assert YEARS == [2020, 2021, 2022]


@pytest.mark.parametrize("year", YEARS)
def test_every_shipped_list_loads(year):
    lists = code_lists(year)
    assert lists.year == year
    for key in ("project_category", "guarantee_class", "perf_class", "procurement_method", "purchase_way",
                "unit", "indicator_tree", "function", "function_class", "function_subject", "econ_dept",
                "econ_gov", "procurement_items"):
        assert len(lists[key]) > 0, key
    assert lists["function"].kind == "功能科目" and not lists["function"].complete


@pytest.mark.parametrize("year", YEARS)
@pytest.mark.parametrize("key", list(TREES))
def test_tree_codes_have_their_shape_and_parent(year, key):
    cl = code_lists(year)[key]
    assert cl.levels == TREES[key][1]
    shape = {"function": r"\d{3}(\d{2}){0,2}", "econ_dept": r"\d{3}(\d{2})?", "econ_gov": r"\d{3}(\d{2})?",
             "procurement_items": r"[ABC](\d{2}){0,4}"}[key]
    for code, name in cl.names.items():
        assert re.fullmatch(shape, code), code
        assert name.strip() == name and name, code
        parent = cl.parent(code)
        assert parent is None or parent in cl.names, f"{code} {name}: no parent {parent}"


@pytest.mark.parametrize("name", sorted(p.name for p in SHARED_DIR.glob("*.json")))
def test_shared_files_hold_no_duplicate_codes(name):
    # json.loads keeps the last of two equal keys: read the pairs to see duplicates
    pairs = json.loads((SHARED_DIR / name).read_text(encoding="utf-8"),
                       object_pairs_hook=lambda kv: kv)
    codes = dict(pairs).get("codes") or dict(pairs).get("pairs")
    keys = [k for k, _ in codes]
    assert len(keys) == len(set(keys))


def test_function_tree_has_every_class_and_education():
    f = code_lists(2024)["function"]
    classes = f.at_level(0)
    for code in ("201", "205", "208", "210", "212", "213", "224", "229", "230", "231", "232"):
        assert code in classes
    assert all(201 <= int(c) <= 233 for c in classes)
    assert [f.names[c] for c in ("2050201", "2050202", "2050203", "2050204")] == ["学前教育", "小学教育", "初中教育", "高中教育"]
    assert f.path_text("2050202") == "205 教育支出 › 20502 普通教育 › 2050202 小学教育"
    assert f.names["2011304"] == "对外贸易管理"


def test_year_changes_apply_on_the_earlier_year():
    assert code_lists(2020)["function"].names["21305"] == "扶贫"
    assert code_lists(2021)["function"].names["21305"] == "巩固脱贫衔接乡村振兴"
    assert code_lists(2022)["function"].names["21305"] == "巩固脱贫衔接乡村振兴"
    raw = json.loads((CODES_DIR / "2022.json").read_text(encoding="utf-8"))
    assert raw["lists"]["function"] == {"title": "支出功能分类科目", "base": 2021}, "years refer, they do not copy"


def test_economic_map_pairs_exist_in_both_lists():
    lists = code_lists(2022)
    pairs = lists.pairs["econ_map"]
    assert pairs["30201"] == ("50201", "50502") and pairs["30217"] == ("50206", "50502")
    for dept, govs in pairs.items():
        assert dept in lists["econ_dept"].names
        assert all(g in lists["econ_gov"].names for g in govs)


def test_year_without_lists_uses_the_nearest_earlier_and_says_so():
    lists = code_lists(2027)
    assert lists.year == 2022 and lists["function"].data_year == 2022
    assert lists.hint() == "项目实施年度 2027 年没有自己的代码表，使用 2022 年内置代码表（未核实完整）"
    assert lists.status_text() == "使用 2022 年的代码表（内置，未核实完整；2027 年没有）"
    assert code_lists(2021).hint() == ""


@pytest.mark.parametrize("text, first", [
    ("小学教育", "2050202"), ("初中教育", "2050203"), ("xxjy", "2050202"), ("2050202", "2050202"),
    ("20502", "20502"), ("XXJY", "2050202"), ("dwmygl", "2011304"),
])
def test_search_by_code_name_and_initials(text, first):
    hits = code_lists(2024)["function"].search(text)
    assert hits and hits[0].code == first


def test_search_by_a_class_name_finds_the_items_below():
    codes = [e.code for e in code_lists(2024)["function"].search("普通教育", level=2)]
    assert codes[0] == "2050299", "a name holding the words comes before the items under a matching 款"
    assert codes[1:5] == ["2050201", "2050202", "2050203", "2050204"]


def _coded(sample, value):
    sample.basic.function_subject = value
    return [f for f in run(sample, ["CODE-01"])]


def test_known_item_raises_no_code_finding(sample):
    assert _coded(sample, "2050202 小学教育") == []
    assert [f for f in check(sample) if f.rule == "CODE-01"] == []


def test_unknown_item_is_a_warning_with_suggestions_against_a_shipped_list(sample):
    (f,) = _coded(sample, "2050288 小学教育")
    assert f.severity.name == "WARNING" and f.field == "basic.function_subject"
    assert "2050288" in f.message and "2020 年内置代码表（未核实完整）" in f.message
    assert "相近的有 2050202 小学教育、2050201 学前教育" in f.message


def test_wrong_name_is_a_warning(sample):
    (f,) = _coded(sample, "2050202 初中教育")
    assert f.severity.name == "WARNING"
    assert "名称应为“小学教育”" in f.message and "205 教育支出 › 20502 普通教育" in f.message


def test_a_class_code_is_an_error_naming_its_items(sample):
    (f,) = _coded(sample, "20502 普通教育")
    assert f.severity.name == "ERROR" and "20502 普通教育 下的项有 2050201 学前教育" in f.message
