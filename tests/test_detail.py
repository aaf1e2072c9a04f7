"""项目支出预算明细表: the model, the schema-2 migration, ``show``, and the clean second sample (the
DETAIL rules are tests/test_detail_rules.py)."""

from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal as D
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from forms import files
from forms.commands.show import summary
from forms.model import (
    DetailAmount,
    DetailLine,
    DetailTable,
    ProcurementItem,
    ServiceItem,
    Submission,
    YesNo,
    basis_product,
)
from forms.rules import Severity, check
from tests.conftest import SAMPLE
from tests.strategies import submissions

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "seeds" / "example-huaning-education-2024.bfproj"


@pytest.fixture
def example() -> Submission:
    return files.load(EXAMPLE)


# --- the model ----------------------------------------------------------------------------------

def test_line_keeps_amounts_as_typed_and_adds_by_year_and_source():
    table = DetailTable(lines=[
        DetailLine(dept_economic="30201办公费", source="本级财政安排",
                   amounts=[{"year": 2024, "amount": "1,000.005"}, {"year": 2025, "amount": "-5"}]),
        DetailLine(dept_economic="30216 培训费", source="上级补助", amounts=[{"year": 2024, "amount": "2万"}]),
    ], declared_total=[{"year": 2024, "amount": "21000"}])
    first = table.lines[0]
    assert first.dept_economic.code == "30201" and first.dept_economic.name == "办公费"
    assert first.amount(2024) == D("1000.005") and first.amount(2025) == D("-5")  # wrong values kept
    assert first.amount(2026) is None
    assert table.computed_total(2024) == D("21000.005")
    assert table.computed_total(2024, "上级补助") == D("20000")
    assert table.declared(2024) == D("21000") and table.declared(2025) is None
    assert table.years() == [2024, 2025]
    assert isinstance(first.total(), D) and first.total() == D("995.005")


@pytest.mark.parametrize("text, amount", [
    ("专家评审费 10 人 × 2 天 × 1,000 元", "20000"),
    ("每年 2 期 × 60 人 × 200 元/人·期", "24000"),
    ("300 元/人 * 50 人", "15000"),
    ("16 台 × 5,000 元/台 = 80,000 元", "80000"),  # the stated result is not a factor
    ("差旅 ３ 次 ✕ 1500 元", "4500"),  # full-width digit
    ("设备 2 台 × 1.5 万元/台", "30000"),
    ("单价 0.35 元 x 1000 份", "350"),
    ("按实际需要购置", None),
    ("2024年 30 台、2025年 50 台，每台 10,000 元", None),
    ("2024年：20台×5000元；2025年：10台×5000元", None),  # one product a year: no single amount
    ("", None),
])
def test_basis_product(text, amount):
    assert basis_product(text) == (None if amount is None else D(amount))


@given(st.lists(st.integers(1, 10**6), min_size=2, max_size=4), st.sampled_from(["×", " × ", "*", " x "]))
def test_basis_product_multiplies_any_chain(factors, sign):
    units = ["人", "天", "次", "元"]
    text = "测算：" + sign.join(f"{n:,} {units[i % 4]}" for i, n in enumerate(factors))
    expected = D(1)
    for n in factors:
        expected *= n
    assert basis_product(text) == expected


def test_blank_lines_leave_the_table_empty():
    assert DetailTable().is_empty()
    assert DetailTable(lines=[DetailLine(), DetailLine(amounts=[DetailAmount(year=2024)])]).is_empty()
    assert not DetailTable(lines=[DetailLine(basis="10 人 × 200 元")]).is_empty()


def test_ensure_years_gives_every_row_the_grid_years(example):
    table = DetailTable(lines=[DetailLine(amounts=[{"year": 2027, "amount": "5"}, {"year": 2024, "amount": "1"}])])
    table.ensure_years(example.grid_years())
    assert [a.year for a in table.declared_total] == [2024, 2025, 2026]
    assert [(a.year, a.amount) for a in table.lines[0].amounts] == [(2024, D("1")), (2025, None), (2026, None), (2027, D("5"))]
    before = example.detail.model_copy(deep=True)
    example.detail.ensure_years(example.grid_years())
    assert example.detail.computed_total(2024) == before.computed_total(2024)
    assert all(len(line.amounts) >= 3 for line in example.detail.lines)
    assert check(example) == []  # blank entries of the grid's years change nothing


def test_flags_of_a_line_take_the_apps_yes_no():
    line = DetailLine(procurement="是", purchased_services="")
    assert line.procurement == YesNo.YES and line.purchased_services == YesNo.UNSET


def test_richer_procurement_and_service_rows_are_blank_by_default():
    item, service = ProcurementItem(), ServiceItem()
    assert item.item_code == "" and item.unit_price is None and item.dept_economic.is_blank() and item.gov_economic.is_blank()
    assert service.quantity is None and service.dept_economic.is_blank() and service.gov_economic.is_blank()
    item = ProcurementItem(item_code="A02010104", unit_price="4,800", dept_economic="31002 办公设备购置")
    assert item.unit_price == D("4800") and item.dept_economic.code == "31002"


# --- files: schema 2 and the migration from 1 ------------------------------------------------------

def _v1_file(tmp_path: Path, submission: dict) -> Path:
    path = tmp_path / "old.bfproj"
    path.write_text(json.dumps({"app": "budgetforms", "schema_version": 1, "submission": submission}, ensure_ascii=False),
                    encoding="utf-8")
    return path


def test_schema_version_is_2_with_a_step_from_1():
    assert files.SCHEMA_VERSION == 2
    assert 1 in files.MIGRATIONS


def test_version_1_file_loads_with_the_table_empty_and_new_row_fields_blank(tmp_path):
    old = {
        "basic": {"name": "旧项目", "budget_year": 2020},
        "procurement": {"items": [{"name": "台式计算机", "quantity": "10", "amount": "50000.00"}], "declared_total": "50000.00"},
        "services": {"items": [{"catalogue": "技术服务", "amount": "8000.00"}], "declared_total": "8000.00"},
    }
    sub = files.load(_v1_file(tmp_path, old))
    assert sub.basic.name == "旧项目"
    assert sub.detail.lines == [] and sub.detail.declared_total == []
    item = sub.procurement.items[0]
    assert (item.name, item.quantity, item.amount) == ("台式计算机", D("10"), D("50000.00"))
    assert item.item_code == "" and item.unit_price is None and item.dept_economic.is_blank()
    service = sub.services.items[0]
    assert service.amount == D("8000.00") and service.quantity is None and service.gov_economic.is_blank()


@settings(max_examples=40, deadline=None)
@given(sub=submissions())
def test_any_version_1_file_loads_as_the_submission_it_was(sub):
    """A schema-1 file (no ``detail``, 表5/表6 rows without the new columns) loads as the same
    submission with the new parts blank."""
    data = sub.model_dump(mode="json")
    del data["detail"]
    for table, keys in (("procurement", ("item_code", "unit_price", "dept_economic", "gov_economic")),
                        ("services", ("quantity", "dept_economic", "gov_economic"))):
        for row in data[table]["items"]:
            for key in keys:
                del row[key]
    text = json.dumps({"app": "budgetforms", "schema_version": 1, "submission": data}, ensure_ascii=False)
    # what a schema-1 file could hold: the submission without the 明细表 and with the new columns blank
    as_it_was = sub.model_copy(deep=True)
    as_it_was.detail = type(sub.detail)()
    for rows, keys in ((as_it_was.procurement.items, ("item_code", "unit_price", "dept_economic", "gov_economic")),
                       (as_it_was.services.items, ("quantity", "dept_economic", "gov_economic"))):
        for row in rows:
            for key in keys:
                setattr(row, key, type(row).model_fields[key].get_default(call_default_factory=True))
    assert files.loads(text) == as_it_was


def test_migration_step_leaves_its_input_alone_and_keeps_what_is_there():
    old = {"procurement": {"items": [{"name": "x", "unit_price": "3"}]}, "detail": {"lines": [{"basis": "b"}]}}
    before = json.dumps(old, sort_keys=True)
    new = files.MIGRATIONS[1](old)
    assert json.dumps(old, sort_keys=True) == before
    assert new["procurement"]["items"][0]["unit_price"] == "3"  # a value already there wins
    assert new["procurement"]["items"][0]["item_code"] == ""
    assert new["detail"] == {"lines": [{"basis": "b"}]}


def test_migration_tolerates_odd_shapes(tmp_path):
    # rows that are not objects are left for validation to judge; a non-object table is left alone
    assert files.MIGRATIONS[1]({"procurement": {"items": ["x"]}, "services": []})["procurement"]["items"] == ["x"]
    with pytest.raises(files.ProjectFileError, match="procurement"):
        files.load(_v1_file(tmp_path, {"procurement": {"items": ["x"]}}))


def test_seed_sample_stays_loadable_and_migrates_on_load():
    raw = json.loads(SAMPLE.read_text(encoding="utf-8"))
    sub = files.load(SAMPLE)
    assert sub.basic.name == raw["submission"]["basic"]["name"]
    assert sub.detail.is_empty()
    assert files.loads(files.dumps(sub)) == sub


def test_detail_round_trips_through_a_file(example, tmp_path):
    path = tmp_path / "x.bfproj"
    files.save(example, path)
    again = files.load(path)
    assert again == example
    assert again.detail.lines[0].amount(2024) == D("1000000.00")
    assert again.procurement.items[3].item_code == "A02010104" and again.procurement.items[3].unit_price == D("5000.00")
    assert json.loads(path.read_text(encoding="utf-8"))["schema_version"] == 2


# --- the second sample ----------------------------------------------------------------------------

def test_example_checks_clean_under_the_whole_rule_set(example):
    found = check(example)
    assert [f for f in found if f.severity in (Severity.ERROR, Severity.WARNING)] == []
    assert found == []


def test_example_is_what_the_build_script_makes():
    sys.path.insert(0, str(ROOT / "seeds"))
    try:
        import build_example
    finally:
        sys.path.remove(str(ROOT / "seeds"))
    assert files.dumps(build_example.build()) == EXAMPLE.read_text(encoding="utf-8")


def test_example_is_a_county_project_with_every_table_it_needs(example):
    b = example.basic
    assert b.budget_year == 2024 and b.period_years == 2 and b.level == "本级"
    assert [c.year for c in b.funding if c.has_money()] == [2024, 2025]
    assert {i.level1 for i in example.performance.indicators} == {"产出指标", "成本指标", "效益指标", "满意度指标"}
    codes = {line.dept_economic.code for line in example.detail.lines}
    assert codes == {"31002", "31003", "30216"}
    assert all(item.item_code and item.unit_price for item in example.procurement.items)


def test_check_cli_on_the_example_reports_nothing():
    out = subprocess.run([sys.executable, "-m", "forms", "check", str(EXAMPLE)], capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "未发现问题" in out.stdout


# --- show ---------------------------------------------------------------------------------------

def test_show_prints_the_lines_and_totals_per_year(example):
    text = summary(example, [])
    assert "项目支出预算明细表(元)  4 行" in text
    row = next(line for line in text.splitlines() if "30216 培训费" in line)
    assert row.split()[-3:] == ["24,000.00", "24,000.00", "-"]
    declared = next(line for line in text.splitlines() if "合计（表中所写）" in line)
    assert declared.split()[-3:] == ["1,404,000.00", "524,000.00", "-"]


def test_show_says_when_the_table_is_missing(sample):
    assert "项目支出预算明细表  未填写" in summary(sample, [])


def test_show_reveals_a_wrong_written_total(example):
    example.detail.declared_total[0].amount = D("1.00")
    lines = summary(example, []).splitlines()
    assert next(line for line in lines if "合计（表中所写）" in line).split()[-3] == "1.00"
    assert next(line for line in lines if "合计（各行之和）" in line).split()[-3] == "1,404,000.00"
