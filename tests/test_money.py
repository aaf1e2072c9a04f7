from decimal import Decimal as D

import pytest

from forms.model import MoneyError, capital_rmb, format_money, parse_money


@pytest.mark.parametrize("text,value", [
    ("20000000", D("20000000")), ("20,000,000.00", D("20000000.00")), ("2,000万", D("20000000")),
    ("２０００万", D("20000000")), ("1.14亿元", D("114000000")), ("￥3,000", D("3000")),
    ("  ", None), ("", None), (None, None), (12.5, D("12.5")), (7, D(7)), ("-5", D("-5")),
])
def test_parse_money(text, value):
    assert parse_money(text) == value


@pytest.mark.parametrize("text", ["abc", "12元3", "1..2", "万", True])
def test_parse_money_refuses_non_amounts(text):
    with pytest.raises(MoneyError, match="不是金额"):
        parse_money(text)


def test_format_money():
    assert format_money(D("20000000")) == "20,000,000.00"
    assert format_money(D("0.005")) == "0.01"
    assert format_money(None, "-") == "-"


@pytest.mark.parametrize("value,words", [
    ("20000000", "人民币贰仟万元整"), ("57000000", "人民币伍仟柒佰万元整"),
    ("6007.14", "人民币陆仟零柒元壹角肆分"), ("100000", "人民币壹拾万元整"),
    ("100010000", "人民币壹亿零壹万元整"), ("105", "人民币壹佰零伍元整"),
])
def test_capital_rmb(value, words):
    assert capital_rmb(D(value)) == words
