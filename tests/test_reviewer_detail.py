"""Reviewer mode and the 项目支出预算明细表: the checker's findings of the table, as the batch hands
them to the reviewer window (JSON), are suggested beside 2.3(1) 项目资金安排是否有明确的标准或依据 and
2.3(2) 项目资金安排是否充分细化，并在预算明细表中反映 of the 项目支出预算编审表."""

from __future__ import annotations

import pytest

from forms import files, reviewing
from forms.rules import check
from tests.conftest import ROOT
from tests.test_rules_cases import FIRE

EXAMPLE = ROOT / "seeds" / "example-huaning-education-2024.bfproj"
DETAIL_FIRE = sorted(r for r in FIRE if r.startswith("DETAIL-"))


def _suggested(sub, rule_id: str) -> tuple[list[dict], dict[str, list[str]]]:
    found = [f.to_json() for f in check(sub) if f.rule == rule_id]
    got = reviewing.suggestions(sub, found)
    return found, {label: [s.message for s in items if s.rule == rule_id] for label, items in got.items()}


def test_the_two_items_are_the_ones_that_send_the_reviewer_to_the_table(sample):
    titles = {r.label: r.title for r, _ in reviewing.items(sample)}
    assert "标准或依据" in titles[reviewing.BASIS_ITEM]
    assert "预算明细表" in titles[reviewing.DETAIL_ITEM]


@pytest.mark.parametrize("rule_id", DETAIL_FIRE)
def test_every_finding_of_the_table_is_suggested_beside_2_3_2(sample, rule_id):
    FIRE[rule_id](sample)
    found, by_item = _suggested(sample, rule_id)
    assert found, rule_id
    messages = [f["message"] for f in found]
    assert by_item.get("2.3(2)") == list(dict.fromkeys(messages)), rule_id
    if rule_id in reviewing.BASIS_RULES:  # how the money was worked out: 标准或依据 too
        assert by_item.get("2.3(1)") == list(dict.fromkeys(messages)), rule_id
    else:
        assert "2.3(1)" not in by_item, rule_id
    assert set(by_item) <= {"2.3(1)", "2.3(2)"}, rule_id


def test_the_basis_rules_are_rules_that_exist_and_fire():
    assert reviewing.BASIS_RULES <= set(DETAIL_FIRE)


def test_a_line_without_a_basis_in_the_example_is_suggested_beside_both(sample):
    example = files.load(EXAMPLE)
    assert reviewing.suggestions(example, [f.to_json() for f in check(example)]) == {}  # checks clean: nothing to suggest
    example.detail.lines[3].basis = ""
    found, by_item = _suggested(example, "DETAIL-06")
    assert len(found) == 1 and "30216 培训费" in found[0]["message"]
    assert by_item == {"2.3(1)": [found[0]["message"]], "2.3(2)": [found[0]["message"]]}


def test_the_seed_without_a_table_gets_doc01_beside_the_two_items(sample):
    found, by_item = _suggested(sample, "DOC-01")
    assert len(found) == 2
    assert [len(by_item.get(label, [])) for label in ("2.3(1)", "2.3(2)")] == [1, 1]
    assert all("项目支出预算明细表" in m for m in by_item["2.3(1)"] + by_item["2.3(2)"])


def test_the_seed_with_its_table_has_nothing_beside_2_3_from_the_table(sample):
    from tests.test_rules_cases import with_detail

    sub = with_detail(sample)
    got = reviewing.suggestions(sub, [f.to_json() for f in check(sub)])
    beside = [s.rule for label in ("2.3(1)", "2.3(2)") for s in got.get(label, [])]
    assert not [r for r in beside if r.startswith("DETAIL-") or r == "DOC-01"], beside
