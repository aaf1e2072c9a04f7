"""DOC-01: a 简述 that sends the reader to a table must name one the submission has. The seed sends
the reviewer to a 项目支出预算明细表 twice (2.3(1), 2.3(2)) without one; the rule goes quiet once the
table has a written line, and says how to fill it while it has none."""

from __future__ import annotations

from decimal import Decimal as D

from forms import files
from forms.model import DETAIL_TABLE, DetailAmount, DetailLine
from forms.rules import check
from tests.conftest import ROOT
from tests.test_rules_cases import with_detail

EXAMPLE = ROOT / "seeds" / "example-huaning-education-2024.bfproj"


def doc01(sub) -> list:
    return check(sub, ["DOC-01"])


def test_fires_on_the_seed_at_both_summaries_with_a_fix(sample):
    found = doc01(sample)
    assert [f.field for f in found] == ["budget_review.sections[1].groups[2].items[0].summary",
                                        "budget_review.sections[1].groups[2].items[1].summary"]
    for f in found:
        assert f"要求查看“{DETAIL_TABLE}”" in f.message
        present = f.message[f.message.index("现有："):f.message.index("）")]
        assert DETAIL_TABLE not in present and "项目政府购买服务表" in present  # the seed has the other tables
        assert f"请填写{DETAIL_TABLE}" in f.message and "测算依据" in f.message


def test_quiet_once_the_table_has_a_written_line(sample):
    assert doc01(with_detail(sample)) == []


def test_quiet_on_the_example_and_fires_when_its_table_is_emptied():
    example = files.load(EXAMPLE)
    assert doc01(example) == []
    example.detail.lines = []
    found = doc01(example)
    assert len(found) == 1 and found[0].field.endswith("groups[2].items[1].summary")


def test_blank_lines_are_not_a_table(sample):
    sample.detail.lines = [DetailLine(), DetailLine(note="")]
    assert len(doc01(sample)) == 2


def test_one_line_with_only_an_amount_counts_as_the_table(sample):
    sample.detail.lines = [DetailLine(amounts=[DetailAmount(year=2020, amount=D("1"))])]
    assert doc01(sample) == []


def test_another_missing_table_keeps_the_old_fix(sample):
    sample.budget_review.sections[0].groups[0].items[0].summary = "请查看项目资金测算表"
    found = [f for f in doc01(with_detail(sample)) if "项目资金测算表" in f.message]
    assert len(found) == 1 and "请附上该表" in found[0].message
    assert DETAIL_TABLE in found[0].message[found[0].message.index("现有："):]  # the written table is listed as present
