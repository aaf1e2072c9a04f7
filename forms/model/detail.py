"""项目支出预算明细表: the project's money broken down by economic classification, one line of spending
a row, with an amount per year of the 申请金额 grid.

Like the other money tables it keeps its 合计 row as written on the form (``declared_total``) beside
the lines, so that the checker can re-add the lines and compare. Older three-year layouts (经济科目,
第一年, 第二年, 第三年, 备注) fit the same model: the 经济科目 goes to ``dept_economic`` and the three
years to the grid years.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import NamedTuple

from pydantic import Field

from .common import Coded, CodedValue, Flag, Model, Money, Text, YesNo

DETAIL_TABLE = "项目支出预算明细表"
"""The table's name on the form; among :data:`~forms.model.submission.TABLES` after 表6, where the
workbook, the PDF and the GUI steps put it."""

DETAIL_SOURCES: tuple[str, ...] = ("上级补助", "本级财政安排", "部门自筹")
"""资金来源 of a line: the rows of the 申请金额 grid under 合计."""

SOURCE_KEYS: dict[str, str] = {"上级补助": "superior", "本级财政安排": "local", "部门自筹": "own"}
"""资金来源 → the attribute of :class:`~forms.model.basic.FundingYear` it is a row of."""

FUND_NATURES: tuple[str, ...] = ("一般公共预算拨款", "政府性基金拨款", "国有资本经营预算拨款", "财政专户管理资金", "单位资金")
"""资金性质 as the 一体化 front ends offer it (local systems may name them differently)."""


class DetailAmount(Model):
    """One year's amount of a line (or of the 合计 row)."""

    year: int
    amount: Money = Field(default=None, title="金额")


class DetailLine(Model):
    """One line of spending."""

    function_subject: CodedValue = Field(default_factory=Coded, title="支出功能分类")
    dept_economic: CodedValue = Field(default_factory=Coded, title="部门预算支出经济分类")
    gov_economic: CodedValue = Field(default_factory=Coded, title="政府预算支出经济分类")
    source: Text = Field(default="", title="资金来源")
    nature: Text = Field(default="", title="资金性质")
    amounts: list[DetailAmount] = Field(default_factory=list, title="申请金额")
    basis: Text = Field(default="", title="测算依据")
    procurement: Flag = Field(default=YesNo.UNSET, title="是否政府采购")
    purchased_services: Flag = Field(default=YesNo.UNSET, title="是否政府购买服务")
    note: Text = Field(default="", title="备注")

    def amount(self, year: int) -> Decimal | None:
        """The line's amount of *year* as written (``None`` when blank or absent)."""
        for a in self.amounts:
            if a.year == year:
                return a.amount
        return None

    def total(self) -> Decimal:
        """All years together, blanks as 0."""
        return sum((a.amount or Decimal(0) for a in self.amounts), Decimal(0))

    def has_money(self) -> bool:
        return any(a.amount for a in self.amounts)

    def is_blank(self) -> bool:
        return (self.function_subject.is_blank() and self.dept_economic.is_blank() and self.gov_economic.is_blank()
                and not self.source.strip() and not self.basis.strip() and not self.has_money())


class DetailTable(Model):
    """项目支出预算明细表: the 合计 row as written, then the lines."""

    declared_total: list[DetailAmount] = Field(default_factory=list, title="合计")
    lines: list[DetailLine] = Field(default_factory=list, title="明细")

    def is_empty(self) -> bool:
        return all(line.is_blank() for line in self.lines)

    def computed_total(self, year: int, source: str | None = None) -> Decimal:
        """Σ of the lines' amounts of *year* (only the lines of 资金来源 *source* when given)."""
        total = Decimal(0)
        for line in self.lines:
            if source is not None and line.source.strip() != source:
                continue
            total += line.amount(year) or Decimal(0)
        return total

    def declared(self, year: int) -> Decimal | None:
        for a in self.declared_total:
            if a.year == year:
                return a.amount
        return None

    def ensure_years(self, years: list[int]) -> None:
        """Give the 合计 row and every line an entry for each of *years* (the grid's,
        :meth:`~forms.model.submission.Submission.grid_years`), blank where there was none, in year
        order; entries of other years are kept for the checker to judge."""
        for amounts in [self.declared_total, *(line.amounts for line in self.lines)]:
            have = {a.year for a in amounts}
            amounts.extend(DetailAmount(year=y) for y in years if y not in have)
            amounts.sort(key=lambda a: a.year)

    def years(self) -> list[int]:
        """Every year any line or the 合计 row has an entry for, in order."""
        found = {a.year for a in self.declared_total}
        for line in self.lines:
            found.update(a.year for a in line.amounts)
        return sorted(found)

    def shown_years(self, grid_years: list[int]) -> list[int]:
        """The year columns to show the table in (PDF, ``show``): the grid's *grid_years* and any
        other year in which a line or the 合计 row holds an amount, in order: nothing written is hidden."""
        found = set(grid_years) | {a.year for a in self.declared_total if a.amount is not None}
        for line in self.lines:
            found.update(a.year for a in line.amounts if a.amount is not None)
        return sorted(found)


_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")
_TIMES = re.compile(r"[×xX*✕]|乘以?")
_BREAK = re.compile(r"[=＝、，,;；。]|合计|共计|小计")


def basis_product(text: str) -> Decimal | None:
    """The amount a 测算依据 written as a product comes to: ``专家评审费 10 人 × 2 天 × 1,000 元`` →
    20000, ``2期×60人×200元/人·期`` → 24000, ``300 元/人 * 50 人`` → 15000. ``None`` when the text
    holds no product of two or more numbers (``按实际需要购置``, ``2024年 30 台、2025年 50 台``), or
    more than one (one a year: the text then states no single amount).

    A product is a chain of numbers joined by × (or x, *, 乘); it stops at ``=``, a comma or a full
    stop, so ``… × 200 元 = 24,000 元`` is read up to 200. This is what the quantity × unit price
    helper fills the amount with, and what DETAIL-19 compares the line's amount to."""
    s = unicodedata.normalize("NFKC", text or "")
    chains: list[list[re.Match[str]]] = []
    for match in _NUMBER.finditer(s):
        if chains:
            gap = s[chains[-1][-1].end():match.start()]
            if _TIMES.search(gap) and not _BREAK.search(gap) and len(gap) <= 16:
                chains[-1].append(match)
                continue
        chains.append([match])
    products = [c for c in chains if len(c) >= 2]
    if len(products) != 1:
        return None  # no product, or one a year (2024年 20台×5000元；2025年 …): not one amount
    best = products[0]
    product = Decimal(1)
    try:
        for match in best:
            product *= Decimal(match[0].replace(",", ""))
            if s[match.end():match.end() + 3].lstrip().startswith("万"):  # 1.5 万元/台
                product *= 10_000
    except InvalidOperation:  # pragma: no cover - the pattern admits only numbers
        return None
    return product.quantize(Decimal(1)) if product == product.to_integral_value() else product


DETAIL_COLUMNS: tuple[tuple[str, str], ...] = (
    ("function_subject", "支出功能分类"),
    ("dept_economic", "部门预算支出经济分类"),
    ("gov_economic", "政府预算支出经济分类"),
    ("source", "资金来源"),
    ("nature", "资金性质"),
    ("amounts", "申请金额"),
    ("basis", "测算依据"),
    ("procurement", "是否政府采购"),
    ("purchased_services", "是否政府购买服务"),
    ("note", "备注"),
)
"""The columns of a line in the form's order (``amounts`` stands for one column per grid year)."""


# --- the quantity × unit price helper ------------------------------------------------------------

CENT = Decimal("0.01")
_UNIT_REFUSED = re.compile(r"[\d×xX*✕=＝、，,;；。]|乘")


class BasisFactor(NamedTuple):
    """One factor of a 测算依据: ``60 人``, ``2 期``, and last the unit price ``200 元/人·期``."""

    value: Decimal
    unit: str = ""


def check_unit(unit: str, price: bool = False) -> str:
    """*unit* as written into a 测算依据 (``人``, ``期``; for the price what follows 元, ``/人·期``),
    stripped and otherwise as typed; ``ValueError`` with the Chinese reason when the text would be
    read as part of the sum (a digit, ×, =, a comma, a leading 万 that :func:`basis_product`
    multiplies by) or, for the price, names 元 or 万元 again (the helper works in 元)."""
    text = (unit or "").strip()
    seen = unicodedata.normalize("NFKC", text)  # as the checker reads it: full-width digits are digits
    if _UNIT_REFUSED.search(seen):
        raise ValueError(f"单位“{text}”不能含数字、乘号、等号或逗号：请只写单位，如 人、天、台")
    if price and seen.startswith(("万", "元")):
        raise ValueError(f"单价单位“{text}”：单价以元计，单位一栏只写“元”后面的部分，如 /人·天，或留空")
    if seen.startswith("万"):
        raise ValueError(f"单位“{text}”不能以“万”开头（会被当作万元计算）：请把数量折算后填写，如 20000 册")
    return text


def format_factor(value: Decimal) -> str:
    """A factor as the 测算依据 writes it: ``60``, ``1.5``, ``10,000``, ``12.50`` (thousands grouped,
    no trailing zeros on a whole number)."""
    if value == value.to_integral_value():
        return f"{value.quantize(Decimal(1)):,}"
    return f"{value.normalize():,f}"


def basis_text(factors: Sequence[BasisFactor], label: str = "") -> str:
    """The 测算依据 the helper writes: *label* then the factors joined by ×, the last being the unit
    price in 元 — ``业务培训 2 期 × 60 人 × 200 元/人·期``. It states a quantity and a price (what
    DETAIL-07 asks of 劳务费, 培训费 …) and :func:`basis_product` reads it back as
    :func:`amount_from_basis`. ``ValueError`` (Chinese) for fewer than two factors, a factor that is
    not positive, or a unit that would spoil the sum (:func:`check_unit`)."""
    if len(factors) < 2:
        raise ValueError("测算依据至少要有数量和单价两项")
    parts = []
    for n, factor in enumerate(factors):
        last = n == len(factors) - 1
        if factor.value <= 0:
            raise ValueError(f"第 {n + 1} 项“{format_factor(factor.value)}”须大于 0" if not last
                             else f"单价“{format_factor(factor.value)}”须大于 0")
        unit = check_unit(factor.unit, price=last)
        if last:
            parts.append(f"{format_factor(factor.value)} 元{unit}")
        else:
            parts.append(f"{format_factor(factor.value)} {unit}".rstrip())
    head = (label or "").strip()
    if _UNIT_REFUSED.search(unicodedata.normalize("NFKC", head)):
        raise ValueError(f"说明“{label.strip()}”不能含数字、乘号、等号或逗号：数量请填在下面各项中")
    return f"{head} {' × '.join(parts)}".strip()


def amount_from_basis(factors: Sequence[BasisFactor]) -> Decimal:
    """The amount the factors come to, in 元 to the fen (half up): 2 × 60 × 200 → 24000.00."""
    product = Decimal(1)
    for factor in factors:
        product *= factor.value
    return product.quantize(CENT, rounding=ROUND_HALF_UP)


def parse_basis(text: str) -> tuple[str, list[BasisFactor]] | None:
    """The label and factors of a 测算依据 :func:`basis_text` wrote (to open the helper on it again);
    ``None`` for any other text."""
    s = (text or "").strip()
    m = re.match(r"^([^\d×]*?)\s*(\d.*)$", s)
    if m is None:
        return None
    label, rest = m[1].strip(), m[2]
    pieces = [p.strip() for p in rest.split("×")]
    factors: list[BasisFactor] = []
    for n, piece in enumerate(pieces):
        fm = re.fullmatch(r"(\d[\d,]*(?:\.\d+)?)\s*(.*)", piece)
        if fm is None:
            return None
        unit = fm[2].strip()
        if n == len(pieces) - 1:
            if not unit.startswith("元"):
                return None
            unit = unit[1:]
        try:
            factors.append(BasisFactor(Decimal(fm[1].replace(",", "")), unit))
        except InvalidOperation:  # pragma: no cover - the pattern admits only numbers
            return None
    if len(factors) < 2:
        return None
    try:
        if basis_text(factors, label) != s:
            return None
    except ValueError:
        return None
    return label, factors
