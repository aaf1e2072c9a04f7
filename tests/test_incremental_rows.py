"""Incremental checking by rows (issue 19): the rules that read the transfer regions or the
procurement rows row by row (``by_rows``) re-check only the rows a told edit lies in, and the
result is always a full check's: after random edits of cells of long tables (amounts with many
decimals, negative, blank, dates moved between years), after edits outside the tables, with rows
that share an object, and with sums too long to move exactly."""

from __future__ import annotations

import copy
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from forms.model import ProcurementItem, TransferRegion, TransferYear
from forms.rules import REGISTRY, check
from forms.rules.engine import Context, _codes, load_rule_modules
from forms.rules.incremental import ByRow, ByRowSum, Checker, add_shares, row_spec

ROW_RULES = ("TP-03", "TP-04", "TP-08", "TP-10", "PROC-02", "PROC-03", "PROC-04")


def _long(seed, regions: int = 12, items: int = 15):
    """The seed with long tables: its first region and procurement row repeated (each a copy)."""
    sub = copy.deepcopy(seed)
    region = sub.transfers.regions[0] if sub.transfers.regions else TransferRegion(
        name="红塔区", years=[TransferYear(year=y, local=Decimal(100)) for y in sub.transfers.years or [2020]])
    item = sub.procurement.items[0] if sub.procurement.items else ProcurementItem(
        name="台式计算机", catalogue="A02010104 台式计算机", method="公开招标", quantity=Decimal(1),
        need_time=date(2020, 3, 1), amount=Decimal(5000))
    sub.transfers.regions = [copy.deepcopy(region) for _ in range(regions)]
    for k, r in enumerate(sub.transfers.regions):
        r.name = f"{k}号县"
    sub.procurement.items = [copy.deepcopy(item) for _ in range(items)]
    return sub


def test_every_row_rule_is_marked_and_its_function_is_its_rows(seeds):
    load_rule_modules()
    for rule_id in ROW_RULES:
        spec = row_spec(REGISTRY[rule_id])
        assert isinstance(spec, ByRow | ByRowSum), rule_id
    for seed in seeds:
        sub = _long(seed)
        for rule_id in ROW_RULES:
            r = REGISTRY[rule_id]
            ctx = Context(sub, _codes(sub.basic.budget_year), current=r)
            assert list(r.func(ctx)) == row_spec(r).findings(ctx)


_MONEY = st.one_of(st.none(), st.decimals(min_value=-10**6, max_value=10**9, places=2),
                   st.decimals(min_value=0, max_value=10**6, places=3),
                   st.just(Decimal("0.1234567890123456789012345678")), st.just(Decimal("123456789012345.987654321")))


@st.composite
def _row_edit(draw, sub):
    """An edit of one cell of a long table (or of what the row rules read besides), as the GUI's
    document writes it; returns the path written."""
    kind = draw(st.sampled_from(["region", "region", "item", "item", "date", "name", "total", "funding", "catalogue"]))
    if kind == "region" and sub.transfers.regions:
        r = draw(st.integers(0, len(sub.transfers.regions) - 1))
        j = draw(st.integers(0, len(sub.transfers.regions[r].years) - 1))
        key = draw(st.sampled_from(["scale", "superior", "local", "own"]))
        setattr(sub.transfers.regions[r].years[j], key, draw(_MONEY))
        return f"transfers.regions[{r}].years[{j}].{key}"
    if kind == "name" and sub.transfers.regions:
        r = draw(st.integers(0, len(sub.transfers.regions) - 1))
        sub.transfers.regions[r].name = draw(st.sampled_from(["", "高新区", "通海县", "某某", "0号县"]))
        return f"transfers.regions[{r}].name"
    if kind == "total" and sub.transfers.declared_total:
        j = draw(st.integers(0, len(sub.transfers.declared_total) - 1))
        sub.transfers.declared_total[j].local = draw(_MONEY)
        return f"transfers.declared_total[{j}].local"
    if kind == "funding" and sub.basic.funding:
        sub.basic.funding[0].total = draw(_MONEY)
        return "basic.funding[0].total"
    if kind in ("item", "date", "catalogue") and sub.procurement.items:
        i = draw(st.integers(0, len(sub.procurement.items) - 1))
        item = sub.procurement.items[i]
        if kind == "item":
            item.amount = draw(_MONEY)
            return f"procurement.items[{i}].amount"
        if kind == "date":
            item.need_time = draw(st.sampled_from([None, "明年", date(2019, 5, 1), date(2020, 5, 1), date(2021, 5, 1),
                                                   date(2031, 5, 1)]))
            return f"procurement.items[{i}].need_time"
        item.method = draw(st.sampled_from(["公开招标", "询价", "乱填", ""]))
        return f"procurement.items[{i}].method"
    return None


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data())
def test_row_edits_rechecked_by_rows_equal_a_full_check(seeds, data):
    sub = _long(data.draw(st.sampled_from(seeds)))
    checker = Checker()
    assert checker.check(sub) == check(sub)
    for _ in range(data.draw(st.integers(1, 8))):
        touched = [p for p in (data.draw(_row_edit(sub)) for _ in range(data.draw(st.integers(1, 3)))) if p]
        assert checker.check(sub, touched) == check(sub)


def test_a_row_edit_reruns_the_row_rules_on_that_row(seeds):
    sub = _long(seeds[0], regions=30)
    checker = Checker()
    checker.check(sub)
    before = checker._rows["TP-10"].per_row
    untouched = before[5]
    sub.transfers.regions[3].years[0].local = Decimal("-7")
    found = checker.check(sub, ["transfers.regions[3].years[0].local"])
    assert found == check(sub)
    assert any(f.rule == "TP-10" and f.field == "transfers.regions[3].years[0].local" for f in found)
    assert checker._rows["TP-10"].per_row is before and checker._rows["TP-10"].per_row[5] is untouched
    sub.transfers.regions[3].years[0].local = Decimal("7")
    assert checker.check(sub, ["transfers.regions[3].years[0].local"]) == check(sub)


def test_the_total_row_follows_an_edited_region(seeds):
    sub = _long(seeds[0])
    checker = Checker()
    checker.check(sub)
    sub.transfers.regions[2].years[0].local += Decimal("0.01")
    found = checker.check(sub, ["transfers.regions[2].years[0].local"])
    assert found == check(sub)
    assert any(f.rule == "TP-04" for f in found)
    sub.transfers.regions[2].years[0].local -= Decimal("0.01")
    assert checker.check(sub, ["transfers.regions[2].years[0].local"]) == check(sub)


def test_a_year_that_no_row_has_any_more_leaves_the_sums(seeds):
    """PROC-03 compares each year's procurement with the year's funding: when the one row dated
    2021 moves to 2020, 2021 is no year of the sums (a negative 2021 funding stays unflagged)."""
    sub = _long(seeds[0], items=4)
    for item in sub.procurement.items:
        item.need_time = date(2020, 3, 1)
    sub.procurement.items[1].need_time = date(2021, 3, 1)
    sub.basic.funding[1].total = Decimal("-1")
    checker = Checker()
    assert any(f.rule == "PROC-03" and "2021年" in f.message for f in checker.check(sub))
    sub.procurement.items[1].need_time = date(2020, 3, 1)
    found = checker.check(sub, ["procurement.items[1].need_time"])
    assert found == check(sub)
    assert not any(f.rule == "PROC-03" and "2021年" in f.message for f in found)


def test_sums_too_long_to_move_exactly_are_added_again(seeds):
    sub = _long(seeds[0])
    checker = Checker()
    checker.check(sub)
    for k, value in enumerate(["0.1234567890123456789012345678", "123456789012345.987654321", "3", "0.1"]):
        sub.transfers.regions[k].years[0].local = Decimal(value)
        assert checker.check(sub, [f"transfers.regions[{k}].years[0].local"]) == check(sub)


def test_rows_that_share_an_object_are_rechecked_in_full(seeds):
    """A model built by hand may put one object in two rows: an edit of one is an edit of both."""
    sub = _long(seeds[0])
    shared = sub.transfers.regions[1].years[0]
    sub.transfers.regions[4].years[0] = shared
    checker = Checker()
    checker.check(sub)
    shared.local = Decimal("-3")
    assert checker.check(sub, ["transfers.regions[1].years[0].local"]) == check(sub)
    # and one put into another row by an edit (told as that row's)
    other = _long(seeds[0])
    checker = Checker()
    checker.check(other)
    other.procurement.items[6] = other.procurement.items[2]
    assert checker.check(other, ["procurement.items[6]"]) == check(other)
    other.procurement.items[2].amount = Decimal("-1")
    assert checker.check(other, ["procurement.items[2].amount"]) == check(other)


@pytest.mark.parametrize("path", ["transfers.regions", "transfers", "procurement.items", "procurement"])
def test_rows_added_or_removed_are_rechecked_in_full(seeds, path):
    sub = _long(seeds[0])
    checker = Checker()
    checker.check(sub)
    if path.startswith("transfers"):
        del sub.transfers.regions[3]
    else:
        sub.procurement.items.insert(0, copy.deepcopy(sub.procurement.items[-1]))
        sub.procurement.items[0].amount = Decimal("-2")
    assert checker.check(sub, [path]) == check(sub)


def test_add_shares_adds_key_by_key_in_row_order():
    assert add_shares([{"a": Decimal(1)}, {"a": Decimal("0.5"), "b": Decimal(2)}, {}]) == {"a": Decimal("1.5"), "b": Decimal(2)}
