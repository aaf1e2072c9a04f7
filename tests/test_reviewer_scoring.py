"""forms.reviewing: scores held to their weights, totals re-added, suggestions placed by finding."""

from __future__ import annotations

from decimal import Decimal

import pytest

from forms import reviewing
from forms.errors import UserError


def ref(sub, label):
    return next(r for r, _ in reviewing.items(sub) if r.label == label)


def test_items_carry_the_labels_reviewers_use(sample):
    labels = [r.label for r, _ in reviewing.items(sample)]
    assert labels[:16] == ["1.1(1)", "1.2(1)", "1.2(2)", "1.2(3)", "2.1(1)", "2.2(1)", "2.2(2)", "2.2(3)", "2.2(4)",
                           "2.3(1)", "2.3(2)", "3.1(1)", "3.1(2)", "3.1(3)", "3.1(4)", "3.2(1)"]
    assert labels[16:19] == ["基建一(1)", "基建一(2)", "基建一(3)"] and len(labels) == 16 + 12
    assert sum(r.weight for r, _ in reviewing.items(sample) if r.table == reviewing.BUDGET) == 100


@pytest.mark.parametrize("text, problem", [("9", "超过该项权重 8 分"), ("-1", "不能为负数"), ("7.125", "两位小数"), ("好", "不是分数")])
def test_a_bad_score_is_refused_and_leaves_the_submission_unchanged(sample, text, problem):
    r = ref(sample, "2.2(3)")
    with pytest.raises(UserError, match=problem) as err:
        reviewing.set_score(sample, r, text)
    assert "2.2(3)" in str(err.value)
    assert reviewing.item_at(sample, r).finance_score == Decimal("6.00")
    assert sample.budget_review.table_score.finance_score == Decimal("76.00")


def test_scores_within_the_weight_are_taken_and_the_totals_re_added(sample):
    reviewing.set_score(sample, ref(sample, "2.2(3)"), "8")
    reviewing.set_score(sample, ref(sample, "3.1(4)"), "2.5")
    assert reviewing.totals(sample).table_finance == Decimal("80.5")
    assert sample.budget_review.table_score.finance_score == Decimal("80.5")
    reviewing.set_score(sample, ref(sample, "3.1(4)"), "")
    assert reviewing.item_at(sample, ref(sample, "3.1(4)")).finance_score is None
    assert sample.budget_review.table_score.finance_score == Decimal("78")


def test_supplement_scores_have_their_own_total(sample):
    reviewing.set_score(sample, ref(sample, "基建一(1)"), "5")
    reviewing.set_score(sample, ref(sample, "基建二(3)"), "9")
    with pytest.raises(UserError, match="权重 6 分"):
        reviewing.set_score(sample, ref(sample, "基建二(1)"), "7")
    t = reviewing.totals(sample)
    assert (t.supplement_finance, t.table_finance) == (Decimal(14), Decimal("76.00"))
    assert sample.construction_review.total_score.finance_score == Decimal(14)
    assert sample.budget_review.supplement_score.finance_score == Decimal(14)
    assert sample.budget_review.total_score.finance_score == (Decimal("76.00") + 14) / 2  # the 2020 pack: average
    from forms.rules import check

    assert not [f for f in check(sample) if f.rule == "REV-04" and "finance" in f.field]


def test_a_submission_without_a_review_table_gets_the_standard_one(sample):
    sample.budget_review = type(sample.budget_review)()
    assert reviewing.ensure_review_table(sample)
    assert [r.weight for r, _ in reviewing.items(sample)][:16] == [8, 6, 6, 3, 10, 8, 6, 8, 5, 10, 10, 4, 4, 2, 5, 5]
    assert not reviewing.ensure_review_table(sample)


def test_suggestions_sit_next_to_the_items_the_findings_bear_on(sample):
    findings = [
        {"rule": "PERF-06", "severity": "warning", "field": "performance.indicators[4].unit", "message": "单位不对"},
        {"rule": "TEXT-02", "severity": "warning", "field": "narratives.financial_management",
         "message": "“项目的财务管理制度”与“项目的内控机制”的简述完全相同"},
        {"rule": "REV-05", "severity": "warning", "field": "budget_review.sections[1].groups[1].items[0].opinion", "message": "扣分无意见"},
        {"rule": "FUND-01", "severity": "error", "field": "basic.funding[0].total", "message": "合计不等"},
        {"rule": "BUILD-04", "severity": "warning", "field": "construction_review.sections[1].items[1].summary", "message": "简述空"},
        {"rule": "CONT-01", "severity": "warning", "field": "basic.unit_phone", "message": "电话"},
    ]
    got = reviewing.suggestions(sample, findings, copied=[("basis", "与 b.xlsx 的依据相同")])
    assert [s.message for s in got["2.2(3)"]] == ["单位不对"]
    assert [s.message for s in got["3.1(4)"]] == [findings[1]["message"]]
    assert [s.message for s in got["3.2(1)"]] == [findings[1]["message"]]
    assert [s.message for s in got["2.2(1)"]] == ["扣分无意见"]
    assert [s.message for s in got["2.3(2)"]] == ["合计不等"]
    assert [s.message for s in got["基建二(2)"]] == ["简述空"]
    assert [s.message for s in got["1.1(1)"]] == ["与 b.xlsx 的依据相同"]
    assert got["2.2(3)"][0].text == "【警告 PERF-06】单位不对"
    assert not any("电话" == s.message for v in got.values() for s in v)


def test_findings_of_the_detail_table_sit_next_to_2_3(sample):
    findings = [
        {"rule": "DETAIL-07", "severity": "warning", "field": "detail.lines[1].basis", "message": "培训费无单价"},
        {"rule": "DETAIL-01", "severity": "error", "field": "detail.lines", "message": "明细之和不等"},
        {"rule": "CODE-08", "severity": "warning", "field": "detail.lines[0].gov_economic", "message": "对照表不符"},
    ]
    got = reviewing.suggestions(sample, findings)
    assert [s.message for s in got["2.3(1)"]] == ["培训费无单价"]
    assert [s.message for s in got["2.3(2)"]] == ["培训费无单价", "明细之和不等", "对照表不符"]
