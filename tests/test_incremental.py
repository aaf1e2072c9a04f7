"""Incremental checking (issue 19): after any sequence of edits, the incremental checker's findings
are exactly a full check's, and after one edit it runs only the rules that read the edited part."""

from __future__ import annotations

import copy
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, ValidationError

from forms.model import ConstructionReview, Submission, YesNo
from forms.rules import REGISTRY, check, iter_rules
from forms.rules.incremental import Checker, changed_parts, snapshot, touches

from .strategies import money, submissions

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "seeds" / "sample-yuxi-customs-2020.bfproj"
EXAMPLE = ROOT / "seeds" / "example-huaning-education-2024.bfproj"

WORDS = ["", "下级", "本级", "专项业务类", "事业发展类", "公开招标", "询价", "A 货物", "C 服务", "≥", "≤", "%", "平方米",
         "定量指标", "定性指标", "玉溪市红塔区", "第一条", "《中华人民共和国预算法》", "<p>项目依据</p>", "2020", "12.5", "-3"]
CODES = ["", "2011304 对外贸易管理", "80602社会管理服务类", "A02010104 台式计算机", "30201 办公费", "x"]


def _slots(obj: BaseModel, prefix: str, out: list) -> list:
    """Every place an edit can go: (model path, owner, field name, annotation text) for leaves and lists."""
    for name, info in type(obj).model_fields.items():
        value = getattr(obj, name)
        path = f"{prefix}.{name}" if prefix else name
        out.append((path, obj, name, str(info.annotation)))
        if isinstance(value, BaseModel):
            _slots(value, path, out)
        elif isinstance(value, list):
            for i, item in enumerate(value):
                if isinstance(item, BaseModel):
                    _slots(item, f"{path}[{i}]", out)
    return out


def _texts(sub: Submission) -> list[str]:
    """Strings already in the submission (copying them around makes duplicates and matches)."""
    found = []
    for _path, owner, name, _ in _slots(sub, "", []):
        value = getattr(owner, name)
        if isinstance(value, str) and value:
            found.append(value)
    return found[:200]


NO_EDIT = object()
"""What :func:`_new_value` gives for a slot it does not edit (a plain sub-model)."""


def _new_value(draw, sub: Submission, name: str, value, kind: str, spare_review: ConstructionReview | None):
    """A new value for the slot *name* (holding *value*, annotated *kind*), or :data:`NO_EDIT`."""
    if name == "construction_review":
        new = None if value is not None else copy.deepcopy(spare_review or ConstructionReview())
    elif isinstance(value, BaseModel) and "Coded" in kind:
        new = draw(st.sampled_from(CODES))
    elif isinstance(value, BaseModel) and "Narrative" in kind:
        new = draw(st.sampled_from(WORDS + _texts(sub)))
    elif isinstance(value, BaseModel):
        return NO_EDIT
    elif "YesNo" in kind:
        new = draw(st.sampled_from(list(YesNo)))
    elif "Decimal" in kind:
        new = draw(money)
    elif "date" in kind:
        new = draw(st.one_of(st.none(), st.dates(min_value=date(2015, 1, 1), max_value=date(2030, 12, 31))))
    elif "int" in kind:
        new = draw(st.one_of(st.none(), st.integers(2015, 2030), st.integers(-1, 5)))
    else:
        new = draw(st.sampled_from(WORDS + _texts(sub)))
    return new


def _edit(draw, sub: Submission, spare_review: ConstructionReview | None) -> None:
    slots = _slots(sub, "", [])
    _path, owner, name, kind = draw(st.sampled_from(slots))
    value = getattr(owner, name)
    if isinstance(value, list):
        if value and draw(st.booleans()):
            del value[draw(st.integers(0, len(value) - 1))]
        elif value:
            item = copy.deepcopy(value[draw(st.integers(0, len(value) - 1))])
            value.insert(draw(st.integers(0, len(value))), item)
        return
    new = _new_value(draw, sub, name, value, kind, spare_review)
    if new is NO_EDIT:
        return
    try:
        setattr(owner, name, new)
    except (ValidationError, TypeError, ValueError):
        pass


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                               HealthCheck.too_slow])
@given(data=st.data())
def test_incremental_equals_full_after_every_edit(seeds, data):
    base = data.draw(st.one_of(st.sampled_from(seeds).map(copy.deepcopy), submissions()))
    spare = next((s.construction_review for s in seeds if s.construction_review is not None), None)
    checker = Checker()
    assert checker.check(base) == check(base)
    for _ in range(data.draw(st.integers(1, 8))):
        _edit(data.draw, base, spare)
        assert checker.check(base) == check(base)


def test_one_edit_runs_only_the_rules_that_read_it(seeds):
    sub = copy.deepcopy(seeds[0])
    checker = Checker()
    checker.check(sub)
    everything = checker.last_run
    checker.check(sub)
    assert checker.last_run == len([r for r in iter_rules() if r.reads is None and r.id in _ids(sub)])
    sub.transfers.regions[0].years[0].local = Decimal("123.45")
    assert checker.check(sub) == check(sub)
    ran = checker.last_run
    assert 0 < ran < everything / 2
    sub.narratives.savings.html = "<p>厉行节约</p>"
    assert checker.check(sub) == check(sub)
    sub.basic.budget_year = 2021  # another year: another pack and code lists, so everything again
    assert checker.check(sub) == check(sub)
    assert checker.last_run == len(_ids(sub))


def _ids(sub: Submission) -> set[str]:
    from forms.rules.packs import compiled

    return {r.id for r, _, _ in compiled(None, sub.basic.budget_year)}


def test_a_new_submission_object_is_checked_in_full(seeds):
    checker = Checker()
    a, b = copy.deepcopy(seeds[0]), copy.deepcopy(seeds[0])
    checker.check(a)
    b.basic.name = "另一个项目"
    assert checker.check(b) == check(b)
    assert checker.last_run == len(_ids(b))


def test_snapshot_names_the_edited_part(seeds):
    sub = copy.deepcopy(seeds[0])
    before = snapshot(sub)
    sub.basic.funding[0].local = Decimal("1")
    sub.transfers.regions.pop()
    assert changed_parts(before, snapshot(sub)) == {"basic.funding", "transfers.regions"}
    sub.construction_review = None
    assert "construction_review" in changed_parts(before, snapshot(sub))


def test_touches_matches_paths_above_and_below():
    assert touches(frozenset({"basic.flags"}), {"basic.flags"})
    assert touches(frozenset({"transfers"}), {"transfers.regions"})
    assert touches(frozenset({"basic.flags.procurement"}), {"basic.flags"})
    assert not touches(frozenset({"basic.flags"}), {"basic.funding"})
    assert not touches(frozenset({"basic.fund"}), {"basic.funding"})
    assert touches(None, set())


def test_every_rule_declares_what_it_reads_except_those_reading_outside_the_submission():
    # POL-02/03 compare quotations with the policy library, which can change under an open file
    assert {r.id for r in iter_rules() if r.reads is None} >= {"POL-02", "POL-03"}
    parts = set(Submission.model_fields)
    for r in REGISTRY.values():
        for path in r.reads or ():
            assert path.split(".")[0] in parts, (r.id, path)


def test_check_again_follows_each_submission_it_is_given(seeds):
    from forms.rules.incremental import check_again

    a, b = copy.deepcopy(seeds[0]), copy.deepcopy(seeds[1])
    for sub in (a, b, a):
        assert check_again(sub) == check(sub)
    a.basic.flags.procurement = YesNo.NO
    b.narratives.savings.html = ""
    assert check_again(a) == check(a)
    assert check_again(b) == check(b)


def test_a_rule_that_fails_leaves_no_stale_state(seeds):
    sub = copy.deepcopy(seeds[0])
    checker = Checker()
    checker.check(sub)
    rule = REGISTRY["TP-03"]
    original = rule.func

    def broken(ctx):
        raise RuntimeError("a bug")

    object.__setattr__(rule, "func", broken)  # Rule is frozen
    try:
        sub.transfers.regions[0].years[0].local = Decimal("9")
        with pytest.raises(RuntimeError):
            checker.check(sub)
    finally:
        object.__setattr__(rule, "func", original)
    assert checker.check(sub) == check(sub)
    assert checker.last_run == len(_ids(sub))


@given(st.decimals(allow_nan=True, allow_infinity=True))
def test_over_two_decimals_is_decimals_above_two(value):
    from forms.rules._util import decimals, over_two_decimals

    assert over_two_decimals(value) == (decimals(value) > 2)
