"""The DETAIL rules of the 项目支出预算明细表: each fires on a case of the sample and of the second
sample, keeps quiet on both as written, names the numbers and points at a field that exists; DOC-01
goes quiet once the table has lines."""

from __future__ import annotations

from decimal import Decimal as D
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from forms import files
from forms.model import DetailAmount, DetailLine, ServiceItem, Submission, YesNo, basis_product
from forms.rules import REGISTRY, check, iter_rules
from forms.rules.detail import NEEDS_QUANTITY_AND_PRICE, states_quantity_and_price
from tests.test_rules_cases import FIRE, SEED_RULES, with_detail

EXAMPLE = Path(__file__).resolve().parent.parent / "seeds" / "example-huaning-education-2024.bfproj"
DETAIL_RULES = [r.id for r in iter_rules() if r.id.startswith("DETAIL-")]


def ids(findings) -> list[str]:
    return sorted({f.rule for f in findings})


def of(findings, rule_id: str) -> list:
    return [f for f in findings if f.rule == rule_id]


@pytest.fixture
def example() -> Submission:
    return files.load(EXAMPLE)


# --- the rules: each fires, and keeps quiet on a table written as it should be ---------------------

def test_there_are_at_least_ten_detail_rules_with_chinese_titles():
    assert len(DETAIL_RULES) >= 10
    for rid in DETAIL_RULES:
        r = REGISTRY[rid]
        assert r.title and any("\u4e00" <= c <= "\u9fff" for c in r.title), rid


def test_detail_rules_are_quiet_on_the_sample_without_and_with_its_table(sample):
    assert [f for f in check(sample) if f.rule.startswith("DETAIL-")] == []
    assert [f for f in check(with_detail(sample)) if f.rule.startswith("DETAIL-")] == []


def test_sample_with_its_table_loses_only_doc01(sample):
    assert ids(check(with_detail(sample))) == [r for r in SEED_RULES if r != "DOC-01"]


def test_doc01_still_fires_when_the_table_has_only_blank_lines(sample):
    sample.detail.lines = [DetailLine()]
    assert any("项目支出预算明细表" in f.message for f in check(sample, ["DOC-01"]))


@pytest.mark.parametrize("rule_id", [r for r in FIRE if r.startswith("DETAIL-")])
def test_detail_rule_fires_on_the_sample_case_with_a_chinese_fix(sample, rule_id):
    FIRE[rule_id](sample)
    found = of(check(sample), rule_id)
    assert found, rule_id
    assert all("：" in f.message for f in found)  # what is wrong : what would fix it


def _ex_line(ex: Submission, code: str) -> DetailLine:
    return next(line for line in ex.detail.lines if line.dept_economic.code == code)


def _ex_01(ex):
    _ex_line(ex, "30216").source = "上级补助"


def _ex_02(ex):
    ex.detail.declared_total[1].amount = D("520000.00")


def _ex_03(ex):
    _ex_line(ex, "30216").amounts.append(DetailAmount(year=2027, amount=D("1.00")))


def _ex_04(ex):
    _ex_line(ex, "30216").gov_economic = ""


def _ex_05(ex):
    _ex_line(ex, "30216").nature = "预算内资金"


def _ex_06(ex):
    _ex_line(ex, "31002").basis = " "


def _ex_07(ex):
    _ex_line(ex, "30216").basis = "教师信息化教学应用培训"


def _ex_08(ex):
    ex.procurement.items[3].unit_price = D("4800.00")


def _ex_09(ex):
    ex.procurement.items[3].dept_economic = "31007 信息网络及软件购置更新"


def _ex_10(ex):
    ex.basic.flags.purchased_services = YesNo.YES
    ex.services.items.append(ServiceItem(catalogue="技术服务", purchase_way="委托", method="公开招标", amount=D("24000.00"),
                                         summary="设备安装调试技术服务", dept_economic="30227 委托业务费",
                                         gov_economic="50205 委托业务费"))
    ex.services.declared_total = D("24000.00")
    _ex_line(ex, "30216").purchased_services = YesNo.YES


def _ex_11(ex):
    _ex_line(ex, "30216").procurement = YesNo.YES


def _ex_12(ex):
    _ex_line(ex, "30216").purchased_services = YesNo.YES


def _ex_13(ex):
    _ex_line(ex, "31002").dept_economic = "30902 办公设备购置"


def _ex_14(ex):
    line = _ex_line(ex, "30216")
    line.dept_economic, line.gov_economic = "30217 公务接待费", "50206 公务接待费"


def _ex_15(ex):
    line = _ex_line(ex, "30216")
    line.dept_economic, line.gov_economic = "30102 津贴补贴", "50101 工资奖金津补贴"


def _ex_16(ex):
    _ex_line(ex, "30216").gov_economic = "51301 上下级政府间转移性支出"


def _ex_17(ex):
    ex.procurement.items[3].dept_economic = "31003 专用设备购置"


def _ex_18(ex):
    _ex_line(ex, "30216").function_subject = "2011302 一般行政管理事务"


def _ex_19(ex):
    _ex_line(ex, "31002").basis = "教师备课用台式计算机 16 台 × 5,500 元/台"


ON_EXAMPLE = {f"DETAIL-{n:02d}": fn for n, fn in enumerate(
    (_ex_01, _ex_02, _ex_03, _ex_04, _ex_05, _ex_06, _ex_07, _ex_08, _ex_09, _ex_10, _ex_11, _ex_12, _ex_13, _ex_14,
     _ex_15, _ex_16, _ex_17, _ex_18, _ex_19), start=1)}


def test_every_detail_rule_has_a_case_on_the_example():
    assert sorted(ON_EXAMPLE) == DETAIL_RULES


@pytest.mark.parametrize("rule_id", sorted(ON_EXAMPLE))
def test_detail_rule_fires_on_the_example(example, rule_id):
    assert of(check(example), rule_id) == []  # quiet on the table as written
    ON_EXAMPLE[rule_id](example)
    found = of(check(example), rule_id)
    assert found, rule_id
    assert {f.severity for f in found} == {REGISTRY[rule_id].severity}


def test_grid_mismatch_names_year_source_and_amounts(example):
    _ex_01(example)
    messages = [f.message for f in of(check(example), "DETAIL-01")]
    assert any(m.startswith("2024年 上级补助") and "1,024,000.00" in m and "1,000,000.00" in m for m in messages)
    assert any(m.startswith("2024年 本级财政安排") and "380,000.00" in m for m in messages)
    assert any(m.startswith("2025年 上级补助") for m in messages)


def test_total_row_mismatch_points_at_its_year(example):
    _ex_02(example)
    (f,) = of(check(example), "DETAIL-02")
    assert f.field == "detail.declared_total[1].amount" and "2025年" in f.message and "4,000.00" in f.message


def test_unit_price_times_quantity_rounds_to_the_fen(example):
    item = example.procurement.items[3]
    item.unit_price, item.quantity, item.amount = D("3333.333"), D("3"), D("10000.00")
    assert of(check(example), "DETAIL-08") == []
    item.amount = D("9999.99")
    (f,) = of(check(example), "DETAIL-08")
    assert f.field == "procurement.items[3].amount" and "10,000.00" in f.message


def test_unit_price_without_quantity_asks_for_it(example):
    example.procurement.items[3].quantity = None
    assert [f.field for f in of(check(example), "DETAIL-08")] == ["procurement.items[3].quantity"]


def test_procurement_row_covered_only_by_enough_lines(example):
    example.procurement.items[3].amount = D("90000.00")
    example.procurement.items[3].unit_price = None
    (f,) = of(check(example), "DETAIL-09")
    assert f.field == "procurement.items[3].dept_economic" and "90,000.00" in f.message and "80,000.00" in f.message


def test_row_with_only_a_government_code_is_matched_by_it(example):
    item = example.procurement.items[3]
    item.dept_economic = ""
    assert of(check(example), "DETAIL-09") == []  # 50306 lines come to far more than 80,000
    item.gov_economic = "50205 委托业务费"
    assert [f.field for f in of(check(example), "DETAIL-09")] == ["procurement.items[3].gov_economic"]


def test_row_without_an_economic_code_is_asked_for_one(example):
    item = example.procurement.items[3]
    item.dept_economic = item.gov_economic = ""
    (f,) = of(check(example), "DETAIL-09")
    assert f.field == "procurement.items[3].dept_economic" and "第4行没有填写经济分类" in f.message


def test_procurement_lines_must_add_up_to_table_5(example):
    example.procurement.items.pop()
    example.procurement.declared_total = D("1800000.00")
    (f,) = of(check(example), "DETAIL-11")
    assert "1,880,000.00" in f.message and "1,800,000.00" in f.message


def test_flag_no_with_marked_lines_points_at_the_flag(example):
    example.basic.flags.procurement = YesNo.NO
    assert "basic.flags.procurement" in [f.field for f in of(check(example), "DETAIL-11")]


def test_construction_project_without_309_lines(example):
    example.basic.flags.construction = YesNo.YES
    (f,) = of(check(example), "DETAIL-13")
    assert "309" in f.message and "310" in f.message


@pytest.mark.parametrize("text, states", [
    ("专家评审费 10 人 × 2 天 × 1,000 元", True),
    ("每年 2 期 × 60 人 × 200 元/人·期", True),
    ("培训费 300元/人·天，培训 50人", True),
    ("差旅费：往返 ３ 次，每次 1500 元", True),  # full-width digits
    ("聘请专家评审", False),
    ("按标准 200 元", False),
    ("培训 3 期", False),
    ("", False),
])
def test_quantity_and_price_recognised(text, states):
    assert states_quantity_and_price(text) is states


def test_other_items_of_the_same_class_are_fine(example):
    assert {line.function_subject.code for line in example.detail.lines} == {"2050202", "2050203"}
    assert of(check(example), "DETAIL-18") == []
    example.basic.function_subject = "205"  # not a 项: CODE-01's finding, not this rule's
    assert of(check(example), "DETAIL-18") == []


def test_missing_function_code_suggests_the_projects(sample):
    with_detail(sample).detail.lines[0].function_subject = ""
    (f,) = of(check(sample), "DETAIL-04")
    assert f.field == "detail.lines[0].function_subject" and "2011304 对外贸易管理" in f.message
    sample.basic.function_subject = ""
    (f,) = of(check(sample), "DETAIL-04")
    assert "如 2050202 小学教育" in f.message


def test_basis_product_matches_a_year_or_the_total(example):
    line = _ex_line(example, "30216")  # 24,000 a year, 48,000 in all
    for basis in ("每年 2 期 × 60 人 × 200 元", "两年共 4 期 × 60 人 × 200 元", "按标准测算"):
        line.basis = basis
        assert of(check(example), "DETAIL-19") == [], basis
    line.basis = "2 期 × 60 人 × 220 元"
    (f,) = of(check(example), "DETAIL-19")
    assert "26,400.00" in f.message and "2024年 24,000.00" in f.message


@pytest.mark.parametrize("code", sorted(NEEDS_QUANTITY_AND_PRICE))
def test_the_example_each_message_suggests_would_pass(example, code):
    label, suggested = NEEDS_QUANTITY_AND_PRICE[code]
    assert states_quantity_and_price(suggested) and basis_product(suggested) is not None
    line = _ex_line(example, "30216")
    line.dept_economic, line.basis = f"{code} {label}", "见附件"
    (f,) = of(check(example), "DETAIL-07")
    assert label in f.message and suggested in f.message
    line.basis = suggested
    assert of(check(example), "DETAIL-07") == []


def test_basis_without_quantity_is_quiet_for_other_codes(example):
    _ex_line(example, "31002").basis = "按实际需要购置"
    assert of(check(example), "DETAIL-07") == []


def test_transfers_of_a_lower_level_project_agree_by_year(sample):
    with_detail(sample)
    assert of(check(sample), "DETAIL-16") == []
    sample.transfers.declared_total[1].scale = D("36000000.00")
    (f,) = of(check(sample), "DETAIL-16")
    assert f.message.startswith("2021年") and "37,000,000.00" in f.message and "36,000,000.00" in f.message


@pytest.mark.parametrize("rule_id", sorted(ON_EXAMPLE))
def test_findings_point_at_fields_that_exist(example, rule_id):
    ON_EXAMPLE[rule_id](example)
    for f in check(example):
        obj = example
        for part in f.field.replace("[", ".[").split("."):
            obj = obj[int(part[1:-1])] if part.startswith("[") else getattr(obj, part)


_money = st.one_of(st.none(), st.decimals(min_value=-10**7, max_value=10**8, places=3, allow_nan=False, allow_infinity=False))
_code = st.sampled_from(["", "30216 培训费", "301", "30101 基本工资", "31002", "30902 办公设备购置", "abc", "51301", "30217"])
_lines = st.lists(st.builds(
    DetailLine, function_subject=_code, dept_economic=_code, gov_economic=_code,
    source=st.sampled_from(["", "上级补助", "本级财政安排", "部门自筹", "其他"]), nature=st.text(max_size=6),
    amounts=st.lists(st.builds(DetailAmount, year=st.integers(2018, 2030), amount=_money), max_size=4),
    basis=st.text(max_size=30), procurement=st.sampled_from(list(YesNo)), purchased_services=st.sampled_from(list(YesNo)),
), max_size=5)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(lines=_lines, total=st.lists(st.builds(DetailAmount, year=st.integers(2018, 2030), amount=_money), max_size=3))
def test_checker_never_crashes_on_any_table(example, lines, total):
    example.detail.lines, example.detail.declared_total = lines, total
    for f in check(example):
        assert f.message


# --- the 明细表's codes against the year's lists (CODE-07, CODE-08) ---------------------------------

def test_code07_suggests_the_nearest_codes_and_is_a_warning_against_shipped_lists(sample):
    FIRE["CODE-07"](sample)
    (f,) = of(check(sample, ["CODE-07"]), "CODE-07")
    assert f.severity.value == "warning" and f.field.endswith(".dept_economic")
    assert "30288" in f.message and "30201 办公费" in f.message and "未核实完整" in f.message


def test_code07_names_a_wrong_name(example):
    example.detail.lines[0].gov_economic = "50306 专用设备"
    (f,) = of(check(example, ["CODE-07"]), "CODE-07")
    assert "设备购置" in f.message and f.field == "detail.lines[0].gov_economic"


def test_code08_names_the_pairs_the_table_allows(sample):
    FIRE["CODE-08"](sample)
    (f,) = of(check(sample, ["CODE-08"]), "CODE-08")
    assert "50203" in f.message and "50306 设备购置" in f.message


def test_code07_and_code08_are_quiet_on_the_example(example):
    assert of(check(example, ["CODE-07", "CODE-08"]), "CODE-07") == []
    assert of(check(example, ["CODE-07", "CODE-08"]), "CODE-08") == []
