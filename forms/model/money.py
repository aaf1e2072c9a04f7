"""Money: Decimal amounts in 元, parsing what people type, and formatting for the forms.

Amounts are never floats. The model keeps what was entered (three decimals stay three decimals,
a negative stays negative) so that the checker can judge it; formatting rounds for display only.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

import cn2an

CENT = Decimal("0.01")

_UNITS = {"万": Decimal(10_000), "亿": Decimal(100_000_000), "千": Decimal(1000), "百": Decimal(100)}
_NUMBER = re.compile(r"^([+-]?)(\d+(?:\.\d*)?|\.\d+)(亿|万|千|百)?(?:元|圆)?(?:整)?$")


class MoneyError(ValueError):
    """A text that is not an amount of money; the message is Chinese and says why."""


def parse_money(text: object) -> Decimal | None:
    """Read an amount as people type it: ``20000000``, ``20,000,000.00``, ``2,000万``,
    ``１２３`` (full-width), ``1.14亿元``, ``￥3,000``. Blank gives ``None``.

    Raises :class:`MoneyError` for anything else.
    """
    if text is None:
        return None
    if isinstance(text, bool):
        raise MoneyError(f"“{text}”不是金额")
    if isinstance(text, Decimal):
        return text
    if isinstance(text, int):
        return Decimal(text)
    if isinstance(text, float):
        # Spreadsheet readers hand back floats; go through repr so 0.1 stays 0.1.
        return Decimal(repr(text))
    raw = str(text)
    s = unicodedata.normalize("NFKC", raw).strip()
    if not s:
        return None
    s = re.sub(r"[\s,，_']", "", s)
    s = s.lstrip("¥￥").removeprefix("人民币").removeprefix("RMB")
    m = _NUMBER.match(s)
    if not m:
        raise MoneyError(f"“{raw}”不是金额：请填写数字，如 20000000、20,000,000.00 或 2000万")
    sign, digits, unit = m.groups()
    try:
        value = Decimal(digits)
    except InvalidOperation as exc:  # pragma: no cover - the regex admits only digits
        raise MoneyError(f"“{raw}”不是金额") from exc
    if unit:
        value *= _UNITS[unit]
        if value == value.to_integral_value():
            value = value.quantize(Decimal(1))
    return -value if sign == "-" else value


def format_money(value: Decimal | None, blank: str = "") -> str:
    """``20000000`` → ``20,000,000.00``; ``None`` → *blank*."""
    if value is None:
        return blank
    return f"{value.quantize(CENT, rounding=ROUND_HALF_UP):,.2f}"


def format_wan(value: Decimal | None) -> str:
    """An amount in 万元 for prose: ``20000000`` → ``2,000万元``."""
    if value is None:
        return ""
    wan = (value / 10_000).normalize()
    text = f"{wan:,f}" if wan != wan.to_integral_value() else f"{int(wan):,}"
    return f"{text}万元"


def capital_rmb(value: Decimal | None) -> str:
    """大写金额 after 会计基础工作规范 第五十二条, through cn2an's RMB mode:
    ``20000000`` → ``人民币贰仟万元整``, ``6007.14`` → ``人民币陆仟零柒元壹角肆分``.
    """
    if value is None:
        return ""
    value = value.quantize(CENT, rounding=ROUND_HALF_UP)
    words = cn2an.an2cn(str(abs(value)), "rmb")
    return ("人民币负" if value < 0 else "人民币") + words
