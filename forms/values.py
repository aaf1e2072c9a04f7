"""One parser per field kind (:attr:`forms.layouts.FieldSpec.kind`), shared by the workbook import
and the app's cells, so that a text means the same value wherever it is typed or read.

Each parser takes what a cell holds (a typed text, or the int, float, date or bool a spreadsheet
reader hands back) and returns the model's value, or raises :class:`ValueError` whose message is
the Chinese reason (:class:`ValueProblem`; :class:`~forms.model.MoneyError` for amounts). Blank
— ``None``, ``""`` or only spaces — is no value (``None``, ``""`` or 未填), never an error.

The caller says where: the import names the label and the cell in its finding, the app names the
column at the cell. What stays the import's own is the workbook's business (formulas without a
cached value, error values, a table in 万元, percent-formatted cells): see
:meth:`forms.xlsx.reading.base.Reader.typed`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from functools import lru_cache
from typing import Any

from .model.common import Coded, YesNo, parse_date
from .model.money import MoneyError, parse_amount_cell

KINDS = ("text", "coded", "flag", "int", "year", "date", "money", "number", "rich")
"""The field kinds of :class:`forms.layouts.FieldSpec`."""

ALIASES = {"yesno": "flag", "score": "number"}
"""Names the app's grid gives some kinds (a 是/否 cell, a review score)."""


class ValueProblem(ValueError):
    """A value that is not of its field's kind; ``str()`` is the Chinese reason and says how to fix it."""


# --- showing a raw cell value as text ------------------------------------------------------------

def format_date_cell(value: date | str | None) -> str:
    """A date as the forms write it (``2020年1月1日``; years below 1000 zero-padded so that they read
    back as dates); text is kept as entered."""
    if value is None:
        return ""
    if isinstance(value, date):
        return f"{value.year:04d}年{value.month}月{value.day}日"
    return value


def cell_text(value: Any) -> str:
    """A cell's value as text: floats without a spurious ``.0``, dates as the forms write them."""
    if type(value) is str:  # most cells: text is itself
        return value
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return f"{value:.15g}"  # without binary noise: 76.00000000000001 shows as 76
    if isinstance(value, datetime):
        return format_date_cell(value.date())
    if isinstance(value, date):
        return format_date_cell(value)
    return str(value)


def _shown(value: Any) -> str:
    text = cell_text(value).strip()
    return text if len(text) <= 30 else text[:30] + "…"


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


# --- text, code + name, rich text --------------------------------------------------------------

def parse_text(value: Any) -> str:
    """Text as entered, without the spaces around it (non-breaking spaces of a pasted or hand-made
    cell are spaces)."""
    return cell_text(value).replace("\xa0", " ").strip()


def parse_coded(value: Any) -> Coded:
    """``80602社会管理服务类`` → code 80602, name 社会管理服务类 (:meth:`Coded.parse`)."""
    if isinstance(value, Coded):
        return value
    return Coded.parse(parse_text(value))


def parse_rich(value: Any) -> str:
    """A 简述's markup, kept as it is."""
    return "" if value is None else str(value)


# --- 是 / 否 -------------------------------------------------------------------------------------

def parse_flag(value: Any) -> YesNo:
    """是 / 否 (also y/n, 1/0, √/×); blank or 未填 is 未填; anything else is refused."""
    if isinstance(value, YesNo):
        return value
    text = cell_text(value).strip()  # a spreadsheet's 1.0 is "1", True is 是
    flag = YesNo.parse(text)
    if text and flag is YesNo.UNSET and text != YesNo.UNSET.value:
        raise ValueProblem(f"应填“是”或“否”，“{_shown(value)}”无法识别")
    return flag


# --- whole numbers: years and counts -----------------------------------------------------------

_YEAR = re.compile(r"^\s*(\d{4})\s*(?:年度|年)?\s*$")
_INT = re.compile(r"^\s*([+-]?\d+)\s*(?:年)?\s*$")
_DECIMAL = re.compile(r"^\s*[+-]?\d*\.\d+\s*(?:年)?\s*$")
_EXCEL_EPOCH = date(1899, 12, 30)
INT_LIMIT = 10**9
"""No count of a form reaches a thousand million: a bigger whole number is a damaged cell."""


def _whole(value: Any, pattern: re.Pattern[str], limit: int) -> int | None:
    """A whole number: blank → None; a whole int/float as is; text as *pattern*'s group 1 (after
    NFKC); anything else raises ``ValueError`` — NaN, infinities and numbers of *limit* or beyond
    too (a damaged cell's 1e308 is no year and no count)."""
    if _blank(value):
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if isinstance(value, float) and not math.isfinite(value):
            raise ValueError(value)
        if float(value).is_integer() and abs(value) < limit:
            return int(value)
        raise ValueError(value)
    from .rules._util import nfkc  # unicodedata.normalize("NFKC"), quicker on text NFKC already

    m = pattern.match(nfkc(str(value)))
    if not m or abs(n := int(m[1])) >= limit:
        raise ValueError(value)
    return n


def parse_year(value: Any) -> int | None:
    """``2020``, ``2020.0``, ``2020年``, ``2020年度`` → 2020; blank → None. A year typed into a cell
    formatted as a date comes back as the date of serial 2020 (1905-07-12): it is the year 2020; a
    whole date in a year cell gives its year. Anything else (``1.5``, a number beyond four digits)
    raises :class:`ValueProblem`."""
    if isinstance(value, date):
        day = value.date() if isinstance(value, datetime) else value
        serial = (day - _EXCEL_EPOCH).days
        return serial if 1900 <= serial <= 2200 else day.year
    try:
        return _whole(value, _YEAR, 10_000)
    except (ValueError, OverflowError):
        raise ValueProblem(f"“{_shown(value)}”不是年份：请填写四位年份，如 2020") from None


def parse_int(value: Any) -> int | None:
    """``2``, ``2.0``, ``2年``, ``+2`` → 2; blank → None; ``1.5`` or any other text raises
    :class:`ValueProblem` (never rounded or cut to 1)."""
    try:
        return _whole(value, _INT, INT_LIMIT)
    except (ValueError, OverflowError):
        fraction = _DECIMAL.match(cell_text(value)) is not None or (
            isinstance(value, float) and math.isfinite(value) and not value.is_integer())
        why = "不是整数（不能有小数）" if fraction else "不是整数"
        raise ValueProblem(f"“{_shown(value)}”{why}：请填写整数，如 2") from None


# --- dates ---------------------------------------------------------------------------------------

def parse_date_value(value: Any) -> date | str | None:
    """``2020年1月1日``, ``2020-01-01``, ``2020/1/1``, ``20200101`` or a spreadsheet date → a date;
    other text is kept as entered (the checker says why it is no date); blank → None."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if type(value) is str:
        return _parse_date_text(value)
    return parse_date(cell_text(value))


@lru_cache(maxsize=4096)
def _parse_date_text(text: str) -> date | str | None:
    # pure, and a column of dates repeats the same few texts (2020年3月1日) a row each: memoised
    return parse_date(text)


# --- amounts and numbers -------------------------------------------------------------------------

def parse_money(value: Any) -> Decimal | None:
    """An amount in 元 as people type it (``20000000``, ``2,000万``, full-width digits, the blank
    markers ``—`` ``/`` ``无``); raises :class:`~forms.model.MoneyError` with the reason."""
    return parse_amount_cell(value)


def parse_number(value: Any) -> Decimal | None:
    """A quantity or a score: a decimal number, as :func:`parse_money` reads it."""
    try:
        return parse_amount_cell(value)
    except MoneyError as exc:
        if "范围" in str(exc):
            raise
        raise MoneyError(f"“{_shown(value)}”不是数字：请填写数字，如 12 或 3.5") from None


PARSERS: dict[str, Callable[[Any], Any]] = {
    "text": parse_text,
    "coded": parse_coded,
    "flag": parse_flag,
    "int": parse_int,
    "year": parse_year,
    "date": parse_date_value,
    "money": parse_money,
    "number": parse_number,
    "rich": parse_rich,
}


def parser(kind: str) -> Callable[[Any], Any]:
    """The parser of *kind* (a :data:`KINDS` name or one of :data:`ALIASES`)."""
    return PARSERS[ALIASES.get(kind, kind)]


def parse(kind: str, value: Any) -> Any:
    """*value* as a value of *kind*; raises ``ValueError`` with the Chinese reason."""
    return parser(kind)(value)
