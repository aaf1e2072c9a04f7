"""The quantity × unit price helper of the 明细表 (forms.model.detail): the text it writes states a
quantity and a price as DETAIL-07 asks, the checker reads it back as the amount it fills (DETAIL-19
stays quiet), and what would spoil the sum is refused with a Chinese reason."""

from __future__ import annotations

from decimal import ROUND_HALF_UP
from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from forms.model.detail import (
    BasisFactor,
    amount_from_basis,
    basis_product,
    basis_text,
    check_unit,
    format_factor,
    parse_basis,
)
from forms.rules.detail import states_quantity_and_price

TRAINING = [BasisFactor(D(2), "期"), BasisFactor(D(60), "人"), BasisFactor(D(200), "/人·期")]


def test_training_basis_reads_as_the_rules_want_it():
    text = basis_text(TRAINING, "业务培训")
    assert text == "业务培训 2 期 × 60 人 × 200 元/人·期"
    assert amount_from_basis(TRAINING) == D("24000.00")
    assert states_quantity_and_price(text), "DETAIL-07 accepts it"
    assert basis_product(text) == D(24000), "DETAIL-19 reads the same amount"


def test_two_factors_and_a_grouped_price():
    factors = [BasisFactor(D(16), "台"), BasisFactor(D(5000), "/台")]
    assert basis_text(factors, "台式计算机") == "台式计算机 16 台 × 5,000 元/台"
    assert amount_from_basis(factors) == D("80000.00")
    assert basis_product(basis_text(factors)) == D(80000)


def test_fractions_round_to_the_fen_half_up():
    factors = [BasisFactor(D("3"), "人"), BasisFactor(D("33.335"), "")]
    assert amount_from_basis(factors) == D("100.01")
    assert basis_text(factors) == "3 人 × 33.335 元"
    assert format_factor(D("12.50")) == "12.5"
    assert format_factor(D("10000.00")) == "10,000"


def test_without_a_label_or_units():
    assert basis_text([BasisFactor(D(10), "人"), BasisFactor(D(2), "天"), BasisFactor(D(1000), "")]) \
        == "10 人 × 2 天 × 1,000 元"


@pytest.mark.parametrize("factors, why", [
    ([BasisFactor(D(10), "人")], "至少要有数量和单价"),
    ([BasisFactor(D(0), "人"), BasisFactor(D(10), "")], "第 1 项"),
    ([BasisFactor(D(3), "人"), BasisFactor(D(-5), "")], "单价"),
    ([BasisFactor(D(3), "m2"), BasisFactor(D(5), "")], "不能含数字"),
    ([BasisFactor(D(3), "人，"), BasisFactor(D(5), "")], "不能含数字"),
    ([BasisFactor(D(3), "台"), BasisFactor(D("1.5"), "万元/台")], "单价以元计"),
    ([BasisFactor(D(2), "万册"), BasisFactor(D(3), "/册")], "万"),
])
def test_what_would_spoil_the_sum_is_refused(factors, why):
    with pytest.raises(ValueError, match=why):
        basis_text(factors)


def test_a_label_with_numbers_is_refused():
    with pytest.raises(ValueError, match="说明"):
        basis_text(TRAINING, "2024年培训")


def test_check_unit_strips_and_normalises():
    assert check_unit("  人 ") == "人"
    assert check_unit("／人・天", price=True) == "／人・天", "kept as typed"
    with pytest.raises(ValueError, match="不能含数字"):
        check_unit("ｍ２")  # full-width digits are digits to the checker


def test_parse_basis_opens_what_the_helper_wrote():
    text = basis_text(TRAINING, "业务培训")
    assert parse_basis(text) == ("业务培训", TRAINING)
    assert parse_basis("教师培训：每年 2 期 × 60 人 × 200 元/人·期") == ("教师培训：每年", TRAINING), "kept as written"
    assert parse_basis("按实际需要购置") is None
    assert parse_basis("初中教室交互式智能平板 2024年 30 台、2025年 50 台，每台 10,000 元") is None
    assert parse_basis("10 人 × 2 天") is None, "no price in 元"


units = st.sampled_from(["人", "天", "期", "台", "次", "人次", ""])
values = st.decimals(min_value=D("0.01"), max_value=D(100_000), places=2, allow_nan=False, allow_infinity=False)


@given(st.lists(st.tuples(values, units), min_size=1, max_size=3), values,
       st.sampled_from(["", "/人", "/人·天", "/台"]), st.sampled_from(["", "专家评审费", "业务培训"]))
def test_the_checker_reads_back_the_amount_the_helper_fills(quantities, price, price_unit, label):
    factors = [BasisFactor(v, u) for v, u in quantities] + [BasisFactor(price, price_unit)]
    text = basis_text(factors, label)
    read = basis_product(text)
    assert read is not None and read.quantize(D("0.01"), rounding=ROUND_HALF_UP) == amount_from_basis(factors)
    assert parse_basis(text) == (label, factors), "the helper opens on its own text again"


# --- the 合计 row follows the lines (forms.paths.synced_totals) ------------------------------------

def test_the_written_total_row_follows_the_lines(seeds):
    from forms import paths

    sub = seeds[1].model_copy(deep=True)
    assert paths.synced_totals(sub, ["detail"]) == [], "the example's 合计 row is right"
    sub.detail.lines[3].amounts[1].amount = D(30000)
    assert paths.synced_totals(sub, ["detail.lines[3].amounts[1].amount"]) == \
        [("detail.declared_total[1].amount", D("530000.00"))]
    assert paths.synced_totals(sub, ["procurement.items"]) == [], "only the tables an edit touched"
    assert paths.is_synced_total("detail.declared_total[2].amount")
    for line in sub.detail.lines:
        for a in line.amounts:
            a.amount = None
    assert ("detail.declared_total[0].amount", None) in paths.synced_totals(sub, ["detail.lines"]), \
        "a total of blanks is blank"
