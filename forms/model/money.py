"""Money: Decimal amounts in 元, parsing what people type, and formatting for the forms.

Amounts are never floats. The model keeps what was entered (three decimals stay three decimals,
a negative stays negative) so that the checker can judge it; formatting rounds for display only.
"""

from __future__ import annotations

import math
import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

CENT = Decimal("0.01")

_UNITS = {"万": Decimal(10_000), "亿": Decimal(100_000_000), "千": Decimal(1000), "百": Decimal(100)}
_NUMBER = re.compile(r"^([+-]?)(\d+(?:\.\d*)?|\.\d+)(亿|万|千|百)?(?:元|圆)?(?:整)?$")


MAX_AMOUNT = Decimal(10) ** 15
"""No amount of a submission comes near a thousand trillion 元 (1,000万亿): beyond it a number is a
mistake or a damaged cell (1e308), refused before any rounding could overflow."""

BLANK_MARKERS = frozenset({"-", "--", "---", "—", "——", "–", "/", "\\", "无", "空"})
"""What people type into an empty amount cell (after NFKC: ``－`` is ``-``, ``／`` is ``/``)."""

_NOISE_FLOOR = 1e-9


class MoneyError(ValueError):
    """A text that is not an amount of money; the message is Chinese and says why."""


def from_float(value: float) -> Decimal:
    """A number as a spreadsheet stored it (a binary float) as the decimal that was typed: the
    shortest decimal (up to six places) within the float's own noise, so that
    ``20000000.00000001`` (a SUM of cents) is 20000000 and ``76.00000000000001`` is 76, while
    ``1234.567`` — a third decimal someone typed, far from any cent — stays 1234.567.

    Raises :class:`MoneyError` for NaN, infinities and numbers beyond :data:`MAX_AMOUNT`."""
    if not math.isfinite(value):
        raise MoneyError(f"“{value}”不是有效的数字")
    if abs(value) >= MAX_AMOUNT:
        raise MoneyError(f"“{value:g}”超出金额的合理范围（不到 1,000万亿元）")
    if value.is_integer():
        return Decimal(int(value))
    text = repr(value)
    if "e" not in text and len(text) - text.index(".") <= 3:  # whole cents already (most cells): no noise to take off
        return Decimal(text)
    d = Decimal(text)
    # a few units in the last place (a SUM's rounding), never more than a twentieth of a cent
    tolerance = min(max(8 * math.ulp(value), _NOISE_FLOOR), 0.0005)
    for places in range(7):
        rounded = round(value, places)
        if abs(rounded - value) <= tolerance:
            return Decimal(repr(rounded)).quantize(Decimal(1).scaleb(-places)) if places else Decimal(int(rounded))
    return d


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
        if abs(text) >= MAX_AMOUNT:
            raise MoneyError(f"“{text}”超出金额的合理范围（不到 1,000万亿元）")
        return Decimal(text)
    if isinstance(text, float):
        # Spreadsheet readers hand back floats: the decimal typed, without the binary noise.
        return from_float(text)
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
    if len(digits) > 40:
        raise MoneyError(f"“{raw[:20]}…”超出金额的合理范围（不到 1,000万亿元）")
    if unit:
        value *= _UNITS[unit]
        if value == value.to_integral_value():
            value = value.quantize(Decimal(1))
    if value >= MAX_AMOUNT:
        raise MoneyError(f"“{raw}”超出金额的合理范围（不到 1,000万亿元）")
    return -value if sign == "-" else value


def parse_amount_cell(value: object) -> Decimal | None:
    """A spreadsheet cell's amount: :func:`parse_money`, plus the blank markers people type into an
    empty amount cell (``—``, ``－``, ``-``, ``/``, ``无``), which are blank."""
    if isinstance(value, str):
        s = unicodedata.normalize("NFKC", value).strip()
        if s in BLANK_MARKERS:
            return None
    return parse_money(value)


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
    import cn2an  # (~0.15 s to import, most of it its own start-up: paid by the first 大写金额, not by every start)

    value = value.quantize(CENT, rounding=ROUND_HALF_UP)
    words: str = cn2an.an2cn(str(abs(value)), "rmb")
    return ("人民币负" if value < 0 else "人民币") + words
