"""Incremental checking told what changed (issue 19): ``Checker.check(sub, touched=paths)`` skips the
snapshot and trusts the edited paths, as the GUI's document passes them. After any sequence of
edits through :mod:`forms.paths` (values, rows added, removed and moved), with several edits between
two checks, the findings are exactly a full check's; so are the document's after edits, undo and
redo."""

from __future__ import annotations

import copy
from decimal import Decimal
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from forms import paths
from forms.model import ConstructionReview, ProcurementItem, Submission
from forms.rules import check
from forms.rules.incremental import Checker, part_of, parts_of

from .strategies import submissions
from .test_incremental import NO_EDIT, _new_value, _slots

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "seeds" / "sample-yuxi-customs-2020.bfproj"
EXAMPLE = ROOT / "seeds" / "example-huaning-education-2024.bfproj"


def _edit(draw, sub: Submission, spare: ConstructionReview | None) -> str | None:
    """One edit through forms.paths, as the document makes it; returns the path it wrote."""
    path, owner, name, kind = draw(st.sampled_from(_slots(sub, "", [])))
    value = getattr(owner, name)
    if isinstance(value, list):
        if value and draw(st.integers(0, 2)) == 0:
            paths.remove(sub, path, draw(st.integers(0, len(value) - 1)))
        elif value and draw(st.booleans()):
            paths.move(sub, path, draw(st.integers(0, len(value) - 1)), draw(st.integers(0, len(value) - 1)))
        elif value:
            item = copy.deepcopy(value[draw(st.integers(0, len(value) - 1))])
            paths.insert(sub, path, draw(st.integers(0, len(value))), item)
        else:
            return None
        return path
    new = _new_value(draw, sub, name, value, kind, spare)
    if new is NO_EDIT:
        return None
    try:
        paths.set_value(sub, path, new)
    except (ValidationError, TypeError, ValueError, paths.PathError):
        return None
    return path


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                               HealthCheck.too_slow])
@given(data=st.data())
def test_told_incremental_equals_full_after_every_edit(seeds, data):
    sub = data.draw(st.one_of(st.sampled_from(seeds).map(copy.deepcopy), submissions()))
    spare = next((s.construction_review for s in seeds if s.construction_review is not None), None)
    checker = Checker()
    assert checker.check(sub, touched=[]) == check(sub)  # a new submission: everything, told or not
    for _ in range(data.draw(st.integers(1, 6))):
        touched = []
        for _ in range(data.draw(st.integers(1, 3))):  # several edits before the debounced check
            path = _edit(data.draw, sub, spare)
            if path is not None:
                touched.append(path)
        assert checker.check(sub, touched) == check(sub)


def test_parts_of_paths():
    assert part_of("basic.funding[0].superior") == "basic.funding"
    assert part_of("procurement.items") == "procurement.items"
    assert part_of("verified[2]") == "verified"
    assert part_of("narratives.savings.html") == "narratives.savings"
    assert part_of("construction_review") == "construction_review"
    assert parts_of(["transfers.regions[3].years[0].local", "transfers.declared_total[0].local"]) == {
        "transfers.regions", "transfers.declared_total"}


def test_told_nothing_runs_only_the_rules_reading_everything(seeds):
    sub = copy.deepcopy(seeds[0])
    checker = Checker()
    everything = checker.check(sub)
    assert checker.check(sub, []) == everything
    assert checker.last_run < 10
    sub.basic.funding[0].local = Decimal("7")
    assert checker.check(sub, ["basic.funding[0].local"]) == check(sub)
    assert 0 < checker.last_run < 40


def test_after_a_told_check_an_untold_one_checks_in_full(seeds):
    sub = copy.deepcopy(seeds[0])
    checker = Checker()
    checker.check(sub)
    checker.check(sub, [])
    sub.transfers.regions[0].years[0].local = Decimal("1")  # not told, and no snapshot to diff against
    assert checker.check(sub) == check(sub)
    assert checker.last_run == len(checker._by_rule)


def test_the_whole_submission_touched_checks_in_full(seeds):
    sub = copy.deepcopy(seeds[0])
    checker = Checker()
    checker.check(sub)
    sub.basic.name = ""
    assert checker.check(sub, [""]) == check(sub)
    assert checker.last_run == len(checker._by_rule)


def test_the_documents_findings_follow_edits_undo_and_redo(qapp, seeds):
    from desktop.document import Document

    doc = Document()
    doc.load(copy.deepcopy(seeds[0]), None)
    sub = doc.submission
    doc.set("basic.funding[0].local", Decimal("12345.67"))
    doc.insert_row("procurement.items", 0, ProcurementItem(name="台式计算机", amount=Decimal("6000.005")))
    doc.set("transfers.regions[0].years[0].local", Decimal("-5"))
    doc.run_check()
    assert doc.checker.last_run < len(doc.checker._by_rule)
    assert doc.findings == _open(sub)
    for _ in range(3):
        doc.undo_stack.undo()
        doc.run_check()
        assert doc.findings == _open(sub)
    doc.remove_row("transfers.regions", 0)
    doc.run_check()
    assert doc.findings == _open(sub)
    doc.undo_stack.undo()
    doc.undo_stack.redo()
    doc.undo_stack.redo()
    doc.run_check()
    assert doc.findings == _open(sub)
    doc.undo_stack.setClean()


def _open(sub: Submission) -> list:
    from forms import verified

    return verified.apply(sub, check(sub)).open
