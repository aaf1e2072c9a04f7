"""Field paths (forms.paths) and the undoable document (desktop.document) over any submission:
every path the checker names resolves and has a step; edits, row operations and undo restore exactly;
written totals follow their parts."""

from __future__ import annotations

import copy
from decimal import Decimal as D

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.document import Document
from desktop.steps import STEP_NAMES, step_for
from forms import paths
from forms.model import Indicator, ProcurementItem, Submission
from forms.rules import check
from tests.strategies import submissions


def test_parse_and_join():
    keys = paths.parse("budget_review.sections[0].groups[1].items[2].finance_score")
    assert keys == ["budget_review", "sections", 0, "groups", 1, "items", 2, "finance_score"]
    assert paths.join(keys) == "budget_review.sections[0].groups[1].items[2].finance_score"
    for bad in ("basic..name", "basic[x]", "basic.", "basic name"):
        with pytest.raises(paths.PathError):
            paths.get(Submission(), bad)


def test_get_and_set(sample):
    assert paths.get(sample, "transfers.regions[0].years[1].scale") == D("37000000.00")
    paths.set_value(sample, "basic.funding[1].own", "1,000")  # validated by the model
    assert sample.basic.funding[1].own == D("1000")
    assert not paths.exists(sample, "basic.funding[9].own")
    assert not paths.exists(sample, "basic.nonsense")


def _resolvable(sub, path: str) -> bool:
    """The path itself, or the nearest container it names (a finding on a whole list or row)."""
    keys = paths.parse(path)
    while keys:
        if paths.exists(sub, paths.join(keys)):
            return True
        keys = keys[:-1]
    return False


def test_every_sample_finding_path_resolves(sample):
    for f in check(sample):
        assert paths.exists(sample, f.field), (f.rule, f.field)
        assert step_for(f.field) in STEP_NAMES


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(submissions())
def test_every_finding_on_any_submission_has_a_step_and_a_place(sub):
    for f in check(sub):
        assert step_for(f.field) in STEP_NAMES, f
        assert _resolvable(sub, f.field), (f.rule, f.field)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                 HealthCheck.function_scoped_fixture])
@given(submissions(), st.data())
def test_edits_and_row_operations_undo_exactly(qapp, sub, data):
    doc = Document()
    doc.load(sub, None)
    original = copy.deepcopy(doc.submission)
    for _ in range(data.draw(st.integers(1, 6))):
        action = data.draw(st.sampled_from(["money", "text", "insert", "remove", "move"]))
        if action == "money" and doc.submission.basic.funding:
            i = data.draw(st.integers(0, len(doc.submission.basic.funding) - 1))
            column = data.draw(st.sampled_from(["superior", "local", "own"]))
            value = data.draw(st.one_of(st.none(), st.decimals(0, 10**9, places=2)))
            steps = doc.undo_stack.count()
            doc.set(f"basic.funding[{i}].{column}", value)
            col = doc.submission.basic.funding[i]
            parts = [v for v in (col.superior, col.local, col.own) if v is not None]
            if parts and doc.undo_stack.count() > steps:
                assert col.total == sum(parts, D(0)), "the written 合计 follows its sources"
        elif action == "text":
            doc.set("basic.name", data.draw(st.text(max_size=5)), merge=True)
        elif action == "insert":
            n = len(doc.submission.performance.indicators)
            doc.insert_row("performance.indicators", data.draw(st.integers(0, n)), Indicator(name="新"))
        elif action == "remove" and doc.submission.performance.annual_goals:
            n = len(doc.submission.performance.annual_goals)
            doc.remove_row("performance.annual_goals", data.draw(st.integers(0, n - 1)))
        elif action == "move" and len(doc.submission.performance.indicators) > 1:
            n = len(doc.submission.performance.indicators)
            doc.move_row("performance.indicators", data.draw(st.integers(0, n - 1)), data.draw(st.integers(0, n - 1)))
    while doc.undo_stack.canUndo():
        doc.undo_stack.undo()
    assert doc.submission == original
    assert not doc.is_dirty()


def test_totals_follow_rows(qapp, sample):
    doc = Document()
    doc.load(sample, None)
    doc.insert_row("procurement.items", 0, ProcurementItem(amount="5"))
    assert doc.submission.procurement.declared_total == D("5")
    doc.remove_row("procurement.items", 0)
    assert doc.submission.procurement.declared_total is None
    doc.set("budget_review.sections[0].groups[0].items[0].finance_score", D("8"))
    assert doc.submission.budget_review.table_score.finance_score == D("77.00")
    doc.undo_stack.undo()
    assert doc.submission.budget_review.table_score.finance_score == D("76.00")


def test_budget_year_regrid_keeps_the_years_with_money(sample):
    edits = dict(paths.regrid_edits(sample, 2030))
    assert [c.year for c in edits["basic.funding"]] == [2020, 2021, 2030, 2031, 2032], \
        "the sample's 2020 and 2021 hold money: they stay beside the new years"
    assert edits["basic.funding"][0].local == sample.basic.funding[0].local
    assert edits["transfers.years"] == [2020, 2021, 2030, 2031, 2032]
    dropped = dict(paths.regrid_edits(sample, 2030, keep_money=False))
    assert [c.year for c in dropped["basic.funding"]] == [2030, 2031, 2032], "only when the user says so"
    assert paths.regrid_edits(sample, 2020) == [], "nothing to change"
    blank = type(sample)()
    blank.basic.budget_year = 2020
    blank.ensure_grid()
    edits = dict(paths.regrid_edits(blank, 2031))
    assert [c.year for c in edits["basic.funding"]] == [2031, 2032, 2033]
    assert edits["transfers.years"] == [2031, 2032, 2033]
    assert not any(p.startswith("performance") for p in edits), "the goals are the user's"
