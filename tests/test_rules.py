"""The checker on the sample (seed 003) and on small modifications of it: every rule fires on a
case and keeps quiet on another; the seed's findings are exactly what a careful reviewer raises."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from hypothesis import HealthCheck, given, settings

from forms.model import FLAGS, YesNo
from forms.rules import REGISTRY, Finding, Severity, check, iter_rules, locate
from forms.rules.engine import cell_for, rule
from forms.rules.packs import Pack, load_pack, pack_for
from tests.strategies import submissions
from tests.test_rules_cases import FIRE, QUIET, SEED_RULES, fix_everything

OWN_GROUPS = ("FUND", "TP", "PROC", "GPS", "FLAG", "BASIC", "BUILD", "PERF", "REV", "TEXT", "CONT", "CODE", "DOC", "DETAIL")


def own_rules() -> list[str]:
    return [r.id for r in iter_rules() if r.id.rpartition("-")[0] in OWN_GROUPS]


def ids(findings: list[Finding]) -> list[str]:
    return sorted({f.rule for f in findings})


def of(findings: list[Finding], rule_id: str) -> list[Finding]:
    return [f for f in findings if f.rule == rule_id]


@pytest.fixture
def seed(sample):
    return check(sample)


# --- the seed -----------------------------------------------------------------------------------

def test_seed_fires_exactly_the_reviewers_rules(seed):
    assert ids(seed) == SEED_RULES


def test_seed_no_false_alarm_on_arithmetic(seed):
    arithmetic = [f for f in seed if f.rule.startswith(("FUND", "TP-0")) and f.rule != "TP-08"]
    arithmetic += [f for f in seed if f.rule in {"REV-01", "REV-02", "REV-03", "REV-04", "BUILD-02"}]
    assert arithmetic == []


def test_seed_area_gap(seed):
    found = of(seed, "BUILD-05")
    assert [f.field for f in found] == ["narratives.content", "budget_review.sections[0].groups[1].items[1].summary"]
    msg = found[0].message
    for expected in ("22,440.28", "13,205.02 + 4,710.56 + 3,074.96 = 20,990.54", "相差 1,449.74", "6.46%"):
        assert expected in msg


def test_seed_time_and_count_indicators(seed):
    assert [(f.field, f.severity) for f in of(seed, "PERF-05")] == [("performance.indicators[4].value", Severity.ERROR)]
    assert "2021年一季度" in of(seed, "PERF-05")[0].message
    units = of(seed, "PERF-06")
    assert [f.field for f in units] == ["performance.indicators[4].unit", "performance.indicators[5].unit"]
    assert "“%”" in units[0].message and "时间" in units[0].message
    assert "“年”" in units[1].message and "户" in units[1].message


def test_seed_copied_narratives(seed):
    copies = of(seed, "TEXT-02")
    assert copies[0].field == "narratives.financial_management"
    assert "项目的内控机制" in copies[0].message and "完全相同" in copies[0].message


def test_seed_ten_blank_flags(seed):
    flags = of(seed, "FLAG-01")
    assert len(flags) == 10 and all(f.severity is Severity.ERROR for f in flags)
    assert [f.field for f in flags] == [f"basic.flags.{spec.key}" for spec in FLAGS]


def test_seed_construction(seed):
    (flag,) = of(seed, "BUILD-01")
    assert flag.field == "basic.flags.construction" and flag.severity is Severity.ERROR
    assert {f.field for f in of(seed, "BUILD-03")} == {"construction_review.sections[0].items[0].self_score",
                                                       "construction_review.sections[0].items[0].finance_score"}
    blank = [f.field for f in of(seed, "BUILD-04")]
    assert blank == [f"construction_review.sections[{s}].items[{i}].summary" for s, i in ((1, 1), (1, 4), (1, 5), (2, 1), (2, 2))]
    (invest,) = of(seed, "BUILD-06")
    assert invest.field == "performance.annual_goals[0].note"
    assert "130,000,000.00" in invest.message and "114,000,000.00" in invest.message and "14.0%" in invest.message


def test_seed_phone_and_relative_time(seed):
    phones = of(seed, "CONT-01")
    assert [f.field for f in phones] == ["basic.competent_phone", "basic.unit_phone"]
    assert "0877-2025172" in phones[0].message
    assert of(seed, "TEXT-01")[0].field == "narratives.content" and "明年" in of(seed, "TEXT-01")[0].message


def test_seed_deductions_without_opinion(seed):
    found = of(seed, "REV-05")
    assert [f.field for f in found] == ["budget_review.sections[1].groups[1].items[0].opinion",
                                        "budget_review.sections[2].groups[0].items[2].opinion"]
    assert "4/8" in found[0].message and "1/2" in found[1].message


def test_seed_findings_sorted_errors_first(seed):
    ranks = [f.severity.rank for f in seed]
    assert ranks == sorted(ranks)


# --- every rule fires on one case and keeps quiet on another -----------------------------------

def test_every_rule_has_a_firing_and_a_quiet_case():
    for rid in own_rules():
        assert (rid in FIRE) != (rid in SEED_RULES), rid
        assert (rid in QUIET) == (rid in SEED_RULES), rid


@pytest.mark.parametrize("rule_id", sorted(FIRE))
def test_rule_fires(sample, rule_id):
    assert not of(check(sample, [rule_id]), rule_id), "the unmodified sample must pass this rule"
    FIRE[rule_id](sample)
    found = of(check(sample, [rule_id]), rule_id)
    assert found, rule_id
    for f in found:
        assert f.message and f.field and f.table
        assert "：" in f.message or "，" in f.message  # what is wrong, then what would fix it


@pytest.mark.parametrize("rule_id", sorted(QUIET))
def test_rule_keeps_quiet(sample, rule_id):
    assert of(check(sample, [rule_id]), rule_id), "the unmodified sample breaks this rule"
    QUIET[rule_id](sample)
    assert of(check(sample, [rule_id]), rule_id) == []


@pytest.mark.parametrize("rule_id", sorted(FIRE))
def test_fired_rule_fields_exist_in_the_model(sample, rule_id):
    """Field paths are attribute paths into the model, with list indices: each resolves."""
    FIRE[rule_id](sample)
    for f in of(check(sample, [rule_id]), rule_id):
        obj = sample
        for part in f.field.replace("[", ".[").split("."):
            if part.startswith("["):
                obj = obj[int(part[1:-1])]
            else:
                obj = getattr(obj, part)


def test_fixed_sample_has_no_errors(sample):
    found = check(fix_everything(sample))
    assert [f for f in found if f.severity is Severity.ERROR] == []
    assert ids(found) == []


# --- messages -----------------------------------------------------------------------------------

def test_funding_message_has_the_numbers(sample):
    sample.basic.funding[1].local = D("36000000.00")
    (f,) = check(sample, ["FUND-01"])
    assert f.field == "basic.funding[1].total"
    assert f.message.startswith("2021年 合计 37,000,000.00 ≠ 上级补助 0.00 + 本级财政安排 36,000,000.00 + 部门自筹 0.00，相差 1,000,000.00")


def test_transfer_total_mismatch_points_at_the_column(sample):
    sample.transfers.declared_total[0].local = D("19000000.00")
    found = check(sample, ["TP-04"])
    assert [f.field for f in found] == ["transfers.declared_total[0].local"]
    assert "19,000,000.00" in found[0].message and "20,000,000.00" in found[0].message


def test_review_total_mismatch(sample):
    sample.budget_review.sections[1].groups[1].items[0].finance_score = D("5.00")
    found = check(sample, ["REV-03"])
    assert [f.field for f in found] == ["budget_review.table_score.finance_score"]
    assert "76" in found[0].message and "77" in found[0].message


def test_supplement_partly_scored_points_at_each_item(sample):
    sample.basic.flags.construction = YesNo.YES
    for *_, item in sample.construction_review.items():
        item.self_score = item.weight
    sample.construction_review.sections[1].items[2].self_score = None
    sample.construction_review.sections[0].items[1].self_score = D("12")
    fields = [f.field for f in check(sample, ["BUILD-03"]) if f.field.endswith("self_score")]
    assert fields == ["construction_review.sections[1].items[2].self_score", "construction_review.sections[0].items[1].self_score"]


def test_narrative_construction_without_supplement_is_a_warning(sample):
    sample.construction_review = None
    (f,) = check(sample, ["BUILD-01"])
    assert f.severity is Severity.WARNING and "总建筑面积" in f.message


def test_consistent_weight_edit_caught_only_by_the_template(sample):
    FIRE["REV-10"](sample)
    assert check(sample, ["REV-01"]) == []
    assert [f.field for f in check(sample, ["REV-10"])] == [
        "budget_review.sections[0].groups[0].weight", "budget_review.sections[0].groups[0].items[0].weight",
        "budget_review.sections[0].groups[1].weight", "budget_review.sections[0].groups[1].items[0].weight"]


def test_qualitative_operator_normalised(sample):
    sample.performance.indicators[0].operator = "＞＝"
    assert check(sample, ["PERF-04"]) == []


def test_duplicate_region_and_transfer_total(sample):
    sample.transfers.regions.append(sample.transfers.regions[0].model_copy(deep=True))
    assert {f.rule for f in check(sample, ["TP-09", "TP-04"])} == {"TP-09", "TP-04"}


# --- packs --------------------------------------------------------------------------------------

def test_cost_indicators_required_from_2021(sample):
    assert check(sample, ["PERF-03"]) == []
    found = check(sample, ["PERF-03"], pack=2021)
    assert [f.message for f in found] == ["绩效指标中没有“成本指标”：请至少设置一个成本指标"]
    sample.basic.budget_year = 2022
    assert of(check(sample), "PERF-03"), "a 2022 submission gets the 2021+ pack by default"


def test_pack_for_year_falls_back(sample):
    assert pack_for(2020).name == "2020" and pack_for(2019).name == "2020" and pack_for(2030).name == "2022"
    assert load_pack("2021").rules["PERF-11"]["severity"] == "warning"
    sample.basic.budget_year = 2021
    (f,) = of(check(sample), "PERF-11")
    assert f.severity is Severity.WARNING


def test_region_pack_checks_postcode_and_area_code(sample):
    sample.basic.unit_postcode = "100000"
    sample.basic.unit_phone = "010-12345678"
    assert check(sample, ["CONT-02"]) == []
    assert of(check(sample, ["CONT-02"], pack="2020-yunnan"), "CONT-02")
    assert [f.field for f in check(sample, ["CONT-01"], pack="2020-yunnan")] == ["basic.competent_phone", "basic.unit_phone"]


def test_pack_can_switch_a_rule_off_and_change_severity(sample):
    pack = Pack("test", 2020, rules={"TEXT-04": {"enabled": False}, "CONT-01": {"severity": "error"}})
    found = check(sample, pack=pack)
    assert not of(found, "TEXT-04")
    assert {f.severity for f in of(found, "CONT-01")} == {Severity.ERROR}


def test_unknown_pack_is_a_user_error(sample):
    from forms.errors import UserError

    with pytest.raises(UserError, match="规则包"):
        check(sample, pack="1999-atlantis")


def test_rule_not_in_any_pack_runs_by_default(sample):
    @rule("ZZZ-99", Severity.INFO, "basic", "测试规则")
    def probe(ctx):
        yield ctx.finding("basic.name", f"看到 {ctx.submission.basic.name}")

    try:
        found = of(check(sample), "ZZZ-99")
        assert [(f.table, f.field) for f in found] == [("项目基本信息表", "basic.name")]
    finally:
        del REGISTRY["ZZZ-99"]
    assert not of(check(sample), "ZZZ-99")


# --- cells, json ---------------------------------------------------------------------------------

def test_cells_longest_prefix():
    cells = {"basic.funding[1]": "项目基本信息表!E14", "basic.funding[1].total": "项目基本信息表!E15", "basic": "项目基本信息表!A1"}
    assert cell_for("basic.funding[1].total", cells) == "项目基本信息表!E15"
    assert cell_for("basic.funding[1].local", cells) == "项目基本信息表!E14"
    assert cell_for("basic.flags.major", cells) == "项目基本信息表!A1"
    assert cell_for("performance.indicators[4].unit", cells) is None


def test_check_fills_cells(sample):
    sample.basic.funding[1].local = D("36000000.00")
    (f,) = check(sample, ["FUND-01"], cells={"basic.funding[1].total": "项目基本信息表!E15"})
    assert f.cell == "项目基本信息表!E15"
    assert locate([f], None) == [f]


def test_finding_json_contract(seed):
    data = seed[0].to_json()
    assert list(data) == ["rule", "severity", "table", "field", "cell", "message"]
    assert data["severity"] in {"error", "warning", "info"} and data["cell"] is None


def test_severity_labels():
    assert [s.label for s in Severity] == ["错误", "警告", "提示"]


# --- robustness ---------------------------------------------------------------------------------

@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(submissions())
def test_checker_never_crashes(sub):
    for f in check(sub):
        assert isinstance(f, Finding) and f.message and f.rule in REGISTRY


# --- false alarms a real submission must not get --------------------------------------------------

@pytest.mark.parametrize("text", ["取得实实在在的成效", "的的确确提高了通关效率", "问题不了了之", "城镇居民受益"])
def test_proofreading_leaves_good_chinese_alone(sample, text):
    sample.narratives.beneficiaries.html = f"<p>{text}，{sample.narratives.beneficiaries.text}</p>"
    assert [f for f in check(sample, ["TEXT-04"]) if f.field == "narratives.beneficiaries"] == []


def test_misspelled_name_only_for_proper_names(sample):
    sample.basic.name = "城乡居民基本医疗保险补助"
    sample.narratives.beneficiaries.html = "<p>城镇居民和农村居民</p>"
    assert [f for f in check(sample, ["TEXT-04"]) if f.field == "narratives.beneficiaries"] == []


def test_two_phone_numbers_accepted(sample):
    sample.basic.unit_phone = "0877-2025172/13812345678"
    sample.basic.competent_phone = "(0877)2025172转8001"
    assert check(sample, ["CONT-01"]) == []


def test_vague_table_references_not_flagged(sample):
    sample.narratives.funding_standard.html += "<p>测算过程详见附表1，标准详见下表。</p>"
    assert [f for f in check(sample, ["DOC-01"]) if f.field.startswith("narratives")] == []


@pytest.mark.parametrize("formula,total", [("average", "88.00"), ("sum", "176.00"), ("table", "76.00")])
def test_total_score_formula_from_the_pack(sample, formula, total):
    br = sample.budget_review
    br.supplement_score.finance_score = D("100")
    pack = Pack("test", 2020, rules={"REV-04": {"params": {"formula": formula}}})
    br.total_score.finance_score = D(total)
    assert [f for f in check(sample, ["REV-04"], pack=pack) if "finance" in f.field] == []
    br.total_score.finance_score = D("76.50")
    (f,) = [f for f in check(sample, ["REV-04"], pack=pack) if "finance" in f.field]
    assert f.field == "budget_review.total_score.finance_score" and str(D(total).normalize()) in f.message


def test_region_overlay_on_a_later_year(sample):
    pack = load_pack("2021-yunnan")
    assert pack.year == 2021
    assert "成本指标" in pack.rules["PERF-03"]["params"]["required_level1"]
    assert "0877" in pack.rules["CONT-01"]["params"]["area_codes"]


def test_named_pack_brings_its_years_code_lists(sample):
    """Checked against the 2021 rules, a 2020 submission with 成本指标 as its own 一级 (财预〔2021〕101号)
    is right; against its own year's tree it is not."""
    from forms.model import Indicator

    sample.performance.indicators.append(Indicator(level1="成本指标", level2="经济成本指标", name="单位面积造价", operator="≤",
                                                   value="5000", unit="元/平方米", kind="定量指标", basis="可研批复"))
    assert check(sample, ["PERF-02", "PERF-03"], pack=2021) == []
    assert [f.field for f in check(sample, ["PERF-02"])] == ["performance.indicators[7].level1"]


@pytest.mark.parametrize("name,unit,fits", [
    ("单位面积造价", "元/平方米", True), ("单位面积造价", "平方米", False), ("成本节约率", "%", True),
    ("项目完成时间", "季度", True), ("项目完成时间", "%", False), ("服务企业户数", "户/年", True),
    ("培训人次", "人次", True), ("培训人次", "次", False), ("绿化面积", "亩", True), ("资金拨付及时率", "天", False),
])
def test_unit_fits_name(sample, name, unit, fits):
    ind = sample.performance.indicators[0]
    ind.name, ind.unit, ind.value = name, unit, "1"
    fired = any(f.field == "performance.indicators[0].unit" for f in check(sample, ["PERF-06"]))
    assert fired is not fits


# --- REV-08: the review table's 简述 against the narratives ---------------------------------------

SAVINGS = (2, 0, 2)  # 3.1(3) 项目是否有节支或增效的改进措施, reviewed against narratives.savings


def _rev08(sample, summary: str, narrative: str | None = None) -> list[Finding]:
    s, g, i = SAVINGS
    if narrative is not None:
        sample.narratives.savings.html = f"<p>{narrative}</p>"
    sample.budget_review.sections[s].groups[g].items[i].summary = summary
    return [f for f in check(sample, ["REV-08"]) if f.field == f"budget_review.sections[{s}].groups[{g}].items[{i}].summary"]


def test_rev08_identical_summary_is_quiet(sample):
    assert _rev08(sample, sample.narratives.savings.text) == []


@pytest.mark.parametrize("old,new", [("规范组织", "规范组识"), ("有效控制", "有效地控制"), ("公开招标，", "公开招标、"),
                                     ("审计下浮3%", "审计下浮 3 %")])
def test_rev08_small_edit_is_quiet(sample, old, new):
    text = sample.narratives.savings.text
    assert old in text
    assert _rev08(sample, text.replace(old, new, 1)) == []


def test_rev08_two_typos_in_different_clauses_are_quiet(sample):
    text = sample.narratives.savings.text.replace("规范组织", "规范组识").replace("总承包", "总成包")
    assert _rev08(sample, text) == []


def test_rev08_dropped_clause_fires_and_quotes_it(sample):
    clause = "严禁擅自扩大项目建设规模，"  # 12 characters and its comma
    narrative = f"严格按照基本建设程序，规范组织项目实施，{clause}有效控制项目投资。采取设计+采购+施工EPC工程总承包模式，公开招标。"
    (f,) = _rev08(sample, narrative.replace(clause, ""), narrative)
    assert "少了“严禁擅自扩大项目建设规模,”" in f.message and "多了" not in f.message


def test_rev08_dropped_clause_made_of_words_found_elsewhere_fires(sample):
    """The seed's case: the dropped clause's words (下设办公室在, 办公室主任) recur in the clauses kept,
    but the clause itself is gone."""
    text = sample.narratives.organization.text
    clause = "综合协调组下设办公室在玉溪市商务局，赵琼兼任办公室主任，"
    assert clause in text
    sample.budget_review.sections[2].groups[0].items[0].summary = text.replace(clause, "")
    (f,) = [f for f in check(sample, ["REV-08"]) if f.field == "budget_review.sections[2].groups[0].items[0].summary"]
    assert "少了“综合协调组下设办公室在玉溪市商务局,赵琼兼任办公室主任,”" in f.message


def test_rev08_short_dropped_passage_is_quiet(sample):
    text = sample.narratives.savings.text
    assert _rev08(sample, text.replace("公开招标，", "")) == []  # 5 characters: below min_chars


def test_rev08_added_clause_fires_and_quotes_it(sample):
    text = sample.narratives.savings.text
    added = "项目建成后由玉溪海关负责日常维护管理。"
    (f,) = _rev08(sample, text + added)
    assert f"多了“{added}”" in f.message and "少了" not in f.message


def test_rev08_wholly_different_texts_fire_with_a_short_quote(sample):
    other = sample.narratives.organization.text  # 351 characters on another subject
    (f,) = _rev08(sample, other)
    assert "少了“" in f.message and "多了“" in f.message
    quoted = f.message.split("多了“", 1)[1]
    assert "……”（共 " in quoted and len(quoted.split("……”", 1)[0]) == 40


def test_rev08_summary_shorter_than_a_window(sample):
    (f,) = _rev08(sample, "无")
    assert "少了“严格按照基本建设程序" in f.message and "多了" not in f.message
    assert _rev08(sample, "节省", "节约") == []  # both below min_chars


def test_rev08_reference_to_another_table_is_left_alone(sample):
    assert _rev08(sample, "详见项目实施方案") == []


def test_rev08_gaps_are_linear_on_long_texts():
    """Two unrelated 20,000-character texts over 100 characters: the gaps are found without a
    quadratic comparison (difflib took over a second here; the k-gram cover takes ~15 ms)."""
    import random
    import time

    from forms.rules.review import _gaps

    rng = random.Random(8)
    a = "".join(chr(0x4E00 + rng.randrange(100)) for _ in range(20_000))
    b = "".join(chr(0x4E00 + rng.randrange(100)) for _ in range(20_000))
    t0 = time.perf_counter()
    dropped, added = _gaps(a, b, 10)
    assert time.perf_counter() - t0 < 0.5
    assert len(dropped) >= 10 and dropped in a and len(added) >= 10 and added in b


# --- the prose patterns, written so the regex engine can skip ahead, still find the same ------------

@pytest.mark.parametrize("text,word", [("以前年度结余", None), ("提前年底完成", None), ("前年已开工", "前年"),
                                       ("工程前年开工", "前年"), ("明年建成", "明年")])
def test_relative_time_words(sample, text, word):
    sample.narratives.beneficiaries.html = f"<p>{text}</p>"
    found = [f for f in check(sample, ["TEXT-01"]) if f.field == "narratives.beneficiaries"]
    assert (f"相对时间“{word}”" in found[0].message) if word else not found


@pytest.mark.parametrize("text,doubled", [("工作人员由由商务局派员", "由由"), ("实实在在在在", "在在"), ("的的确确", None),
                                          ("实实在在", None), ("按按规定", "按按")])
def test_doubled_words(sample, text, doubled):
    sample.narratives.beneficiaries.html = f"<p>{text}</p>"
    found = [f for f in check(sample, ["TEXT-04"]) if f.field == "narratives.beneficiaries"]
    assert (f"“{doubled}”多了一个" in found[0].message) if doubled else not found


@pytest.mark.parametrize("text", ["请查看项目支出预算明细表", "查看项目支出预算明细表", "详见《项目支出预算明细表》"])
def test_table_reference_forms(sample, text):
    sample.narratives.funding_standard.html = f"<p>{text}。</p>"
    found = [f for f in check(sample, ["DOC-01"]) if f.field == "narratives.funding_standard"]
    assert len(found) == 1 and "项目支出预算明细表" in found[0].message


@pytest.mark.parametrize("text", ["", "a", "ab", "aba", "玉溪海关综合业务用房", "玉溪玉溪玉溪", "𠀀𠀁𠀀𠀁x", "a\ud800b\udc00c", "ｍ²，m2"])
def test_bigram_numbers_stand_for_the_bigrams(text):
    """TEXT-02's bigram sets hold numbers, one per distinct character pair (odd lengths, characters
    outside the BMP and lone surrogates included)."""
    from forms.rules.text import _bare, _shingles

    s = _bare(text)
    strings = {s[i:i + 2] for i in range(len(s) - 1)}
    assert len(_shingles(text)) == len(strings)
    other = "玉溪海关综合" + text[::-1]
    o = _bare(other)
    assert len(_shingles(text) & _shingles(other)) == len(strings & {o[i:i + 2] for i in range(len(o) - 1)})
