"""Helpers shared by the rule modules: plain texts of every prose field, numbers, labels."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from decimal import ROUND_DOWN, Decimal, InvalidOperation
from functools import lru_cache
from typing import NamedTuple

from ..model import NARRATIVES, format_money, html_to_text
from .engine import Context

ZERO = Decimal(0)


def m(value: Decimal | None) -> str:
    """An amount as the forms write it, blank as 0.00: ``37,000,000.00``."""
    return format_money(value if value is not None else ZERO)


def num(value: Decimal) -> str:
    """A measure (area, score) without money rounding: ``20,990.54``, ``76``."""
    text = f"{value:,f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


@lru_cache(maxsize=4096)
def plain(markup: str) -> str:
    """Plain, NFKC-normalised text of a rich-text or plain field (``m<sup>2</sup>`` → ``m2``)."""
    if not markup:
        return ""
    text = html_to_text(markup) if "<" in markup or "&" in markup else markup
    return nfkc(text).strip()


_WIDE = re.compile("[\uff01-\uff5e\u3000]")
_NARROW = {chr(c): unicodedata.normalize("NFKC", chr(c)) for c in (*range(0xFF01, 0xFF5F), 0x3000)}


def nfkc(text: str) -> str:
    """``unicodedata.normalize("NFKC", text)``, quicker on Chinese prose: its full-width punctuation
    (，：（）％, the ideographic space) is replaced by the ASCII it normalises to, and the rest is
    normalised only when it is not NFKC already (rare: ㎡, …, ①). The result is the same, since those
    characters decompose to one ASCII character each."""
    if text.isascii() or unicodedata.is_normalized("NFKC", text):
        return text
    for wide in set(_WIDE.findall(text)):
        text = text.replace(wide, _NARROW[wide])
    return text if unicodedata.is_normalized("NFKC", text) else unicodedata.normalize("NFKC", text)


_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")


def to_decimal(text: str) -> Decimal | None:
    """A bare number (``13205.02``, ``1,000``, ``９０``) or ``None``."""
    s = unicodedata.normalize("NFKC", text or "").strip().replace(",", "")
    if not _NUMBER.match(s):
        return None
    try:
        return Decimal(s)
    except InvalidOperation:  # pragma: no cover - the pattern admits only numbers
        return None


def decimals(value: Decimal) -> int:
    """Decimals written, trailing zeros beyond the second not counted: ``7.005`` → 3, ``7.500`` → 1,
    ``76.00`` → 2, ``100`` → 0. Only "more than two" matters to the rules."""
    exp = value.as_tuple().exponent
    if not isinstance(exp, int) or exp >= -2:
        return max(0, -exp) if isinstance(exp, int) else 0
    exp = value.normalize().as_tuple().exponent
    return -exp if isinstance(exp, int) and exp < 0 else 0


_CENT = Decimal("0.01")


def over_two_decimals(value: Decimal) -> bool:
    """``decimals(value) > 2``, without taking the number apart (the rules ask it of every amount
    of a 1,200-row table): a value with more than two decimals is changed by cutting it to cents."""
    if not value.is_finite():
        return False
    if value.adjusted() >= 24:  # the cut would need more digits than the context has
        return decimals(value) > 2
    return value != value.quantize(_CENT, rounding=ROUND_DOWN)


class Prose(NamedTuple):
    path: str
    table: str
    label: str
    text: str


def narrative_texts(ctx: Context) -> list[Prose]:
    """The 13 简述 of 项目基本信息表, as plain text."""
    def make() -> list[Prose]:
        n = ctx.submission.narratives
        return [Prose(f"narratives.{spec.key}", "项目基本信息表", spec.label, plain(getattr(n, spec.key).html))
                for spec in NARRATIVES]
    texts: list[Prose] = ctx.cached("narratives", make)
    return texts


def review_label(section_index: int, group_number: str, item_number: str) -> str:
    return f"{group_number}{item_number}" if group_number else f"{'一二三四五六'[section_index % 6]}{item_number}"


def review_texts(ctx: Context) -> list[Prose]:
    """The 简述 of 项目支出预算编审表 items."""
    def make() -> list[Prose]:
        out = []
        for s, g, i, item in ctx.submission.budget_review.items():
            group = ctx.submission.budget_review.sections[s].groups[g]
            out.append(Prose(f"budget_review.sections[{s}].groups[{g}].items[{i}].summary", "项目支出预算编审表",
                             f"{group.number}{item.number} {item.title}", plain(item.summary)))
        return out
    texts: list[Prose] = ctx.cached("review", make)
    return texts


def construction_texts(ctx: Context) -> list[Prose]:
    """The 简述 of the capital-construction supplement's items."""
    def make() -> list[Prose]:
        cr = ctx.submission.construction_review
        if cr is None:
            return []
        return [Prose(f"construction_review.sections[{s}].items[{i}].summary", "基本建设项目支出预算补充编审表",
                      f"{cr.sections[s].number}{item.number} {item.title}", plain(item.summary))
                for s, i, item in cr.items()]
    texts: list[Prose] = ctx.cached("construction", make)
    return texts


def goal_texts(ctx: Context) -> list[Prose]:
    """年度目标 (目标, 备注) and the 说明 of each indicator."""
    def make() -> list[Prose]:
        p = ctx.submission.performance
        out = []
        for i, g in enumerate(p.annual_goals):
            out.append(Prose(f"performance.annual_goals[{i}].goal", "项目绩效目标表", f"{g.year or ''}年度目标", plain(g.goal)))
            out.append(Prose(f"performance.annual_goals[{i}].note", "项目绩效目标表", f"{g.year or ''}年度目标备注", plain(g.note)))
        for i, ind in enumerate(p.indicators):
            out.append(Prose(f"performance.indicators[{i}].note", "项目绩效目标表", f"指标“{ind.name}”的说明", plain(ind.note)))
        return out
    texts: list[Prose] = ctx.cached("goals", make)
    return texts


def all_prose(ctx: Context) -> list[Prose]:
    """Every prose field of the submission, in the form's order."""
    texts: list[Prose] = ctx.cached("all_prose", lambda: [p for p in narrative_texts(ctx) + goal_texts(ctx) + construction_texts(ctx)
                                                          + review_texts(ctx) if p.text])
    return texts


def snippet(text: str, start: int, end: int, pad: int = 8) -> str:
    a, b = max(0, start - pad), min(len(text), end + pad)
    return ("…" if a else "") + text[a:b].replace("\n", " ") + ("…" if b < len(text) else "")


_NEEDS: dict[re.Pattern[str], tuple[str, ...]] = {}


def needs(pattern: re.Pattern[str], *literals: str) -> re.Pattern[str]:
    """Declare that every match of *pattern* contains one of *literals* (``财政承担``, ``元``):
    :func:`scan` then skips the texts that hold none of them with a substring search, which is
    much quicker than the regex engine trying the pattern at every character."""
    _NEEDS[pattern] = literals
    return pattern


def iter_money_amounts(text: str) -> Iterator[tuple[re.Match[str], Decimal]]:
    """Amounts written in prose: ``2000 万元``, ``1.14亿元``, ``57,000,000.00元``."""
    for match in scan(_PROSE_MONEY, text):
        value = Decimal(match["n"].replace(",", ""))
        unit = match["u"]
        if unit == "亿":
            value *= 100_000_000
        elif unit == "万":
            value *= 10_000
        yield match, value


_PROSE_MONEY = needs(re.compile(r"(?P<n>\d[\d,]*(?:\.\d+)?)\s*(?P<u>亿|万)?\s*元"), "元")


@lru_cache(maxsize=8192)
def scan(pattern: re.Pattern[str], text: str) -> tuple[re.Match[str], ...]:
    """``pattern.finditer(text)``, remembered: the GUI re-checks on every keystroke, when all texts
    but one are unchanged, so each text is scanned once per pattern."""
    literals = _NEEDS.get(pattern)
    if literals is not None and not any(literal in text for literal in literals):
        return ()
    return tuple(pattern.finditer(text))


def first(pattern: re.Pattern[str], text: str) -> re.Match[str] | None:
    found = scan(pattern, text)
    return found[0] if found else None
