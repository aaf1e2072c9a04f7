"""The two review tables: 基本建设项目支出预算补充编审表 and 项目支出预算编审表.

Each item has a weight, a 部门自评 and a 财政评审 score, a 财政评审意见 and a 简述. Sections and
sub-sections carry their own weight and may carry an opinion (the seed puts one on 2.3): one
:class:`ReviewHeading` for both tables, and one :class:`ReviewTable` over their sections. The totals
written on the form (总得分, 本表得分, 基建项目补充表得分, 总分) are kept as written; the checker re-adds.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Generic, TypeVar

from pydantic import Field

from .common import Model, Money, Text

Score = Money
"""A score: a Decimal, or ``None`` when the cell is blank."""


class ScorePair(Model):
    self_score: Score = Field(default=None, title="部门自评")
    finance_score: Score = Field(default=None, title="财政评审")


class ReviewItem(Model):
    number: Text = Field(default="", title="序号")
    title: Text = Field(default="", title="编审要点")
    weight: Score = Field(default=None, title="权重")
    self_score: Score = Field(default=None, title="部门自评")
    finance_score: Score = Field(default=None, title="财政评审")
    opinion: Text = Field(default="", title="财政评审意见")
    summary: Text = Field(default="", title="简述")


class ReviewHeading(Model):
    """What every section and sub-section row of the two tables carries: its number, title and
    weight, and an opinion (the seed puts one on 2.3). The scored rows are the
    :class:`ReviewItem` leaves under it (:meth:`leaves`)."""

    number: Text = ""
    title: Text = ""
    weight: Score = None
    opinion: Text = ""

    def leaves(self) -> Iterator[ReviewItem]:
        raise NotImplementedError


class ItemHeading(ReviewHeading):
    """A heading whose children are the scored items themselves."""

    items: list[ReviewItem] = Field(default_factory=list)

    def leaves(self) -> Iterator[ReviewItem]:
        yield from self.items


class ReviewGroup(ItemHeading):
    """A sub-section of 项目支出预算编审表 (1.1 项目依据是否充分(8分))."""


class ConstructionSection(ItemHeading):
    """一、建设立项要素（25分） and its items."""


class BudgetReviewSection(ReviewHeading):
    """一、项目目标(23分) and its sub-sections."""

    groups: list[ReviewGroup] = Field(default_factory=list)

    def leaves(self) -> Iterator[ReviewItem]:
        for group in self.groups:
            yield from group.items


SectionT = TypeVar("SectionT", bound=ReviewHeading)


class ReviewTable(Model, Generic[SectionT]):
    """A review table: its sections, the items under them, the sums the checker compares with
    the totals written on the form. Each table adds its own total rows after ``sections``."""

    sections: list[SectionT] = Field(default_factory=list)

    def leaves(self) -> Iterator[ReviewItem]:
        """Every item, in the order of the form."""
        for section in self.sections:
            yield from section.leaves()

    def computed(self, column: str) -> Decimal:
        """The sum of *column* (``self_score``, ``finance_score``) over the items; a blank is 0."""
        return sum((getattr(it, column) or Decimal(0) for it in self.leaves()), Decimal(0))

    def is_scored(self) -> bool:
        """Whether any item carries a 部门自评 or 财政评审 score."""
        return any(it.self_score is not None or it.finance_score is not None for it in self.leaves())


class BudgetReview(ReviewTable[BudgetReviewSection]):
    """项目支出预算编审表."""

    table_score: ScorePair = Field(default_factory=ScorePair, title="本表得分")
    supplement_score: ScorePair = Field(default_factory=ScorePair, title="基建项目补充表得分")
    total_score: ScorePair = Field(default_factory=ScorePair, title="总分")

    def items(self) -> Iterator[tuple[int, int, int, ReviewItem]]:
        """Every item with its section, group and item index."""
        for s, section in enumerate(self.sections):
            for g, group in enumerate(section.groups):
                for i, item in enumerate(group.items):
                    yield s, g, i, item


class ConstructionReview(ReviewTable[ConstructionSection]):
    """基本建设项目支出预算补充编审表."""

    total_score: ScorePair = Field(default_factory=ScorePair, title="总得分")

    def items(self) -> Iterator[tuple[int, int, ReviewItem]]:
        """Every item with its section and item index."""
        for s, section in enumerate(self.sections):
            for i, item in enumerate(section.items):
                yield s, i, item
