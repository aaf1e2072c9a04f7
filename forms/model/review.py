"""The two review tables: 基本建设项目支出预算补充编审表 and 项目支出预算编审表.

Each item has a weight, a 部门自评 and a 财政评审 score, a 财政评审意见 and a 简述. Sections and
sub-sections carry their own weight and may carry an opinion (the seed puts one on 2.3). The totals
written on the form (总得分, 本表得分, 基建项目补充表得分, 总分) are kept as written; the checker re-adds.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

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


class ReviewGroup(Model):
    """A sub-section of 项目支出预算编审表 (1.1 项目依据是否充分(8分))."""

    number: Text = ""
    title: Text = ""
    weight: Score = None
    opinion: Text = ""
    items: list[ReviewItem] = Field(default_factory=list)


class BudgetReviewSection(Model):
    """一、项目目标(23分) and its sub-sections."""

    number: Text = ""
    title: Text = ""
    weight: Score = None
    opinion: Text = ""
    groups: list[ReviewGroup] = Field(default_factory=list)


class BudgetReview(Model):
    """项目支出预算编审表."""

    sections: list[BudgetReviewSection] = Field(default_factory=list)
    table_score: ScorePair = Field(default_factory=ScorePair, title="本表得分")
    supplement_score: ScorePair = Field(default_factory=ScorePair, title="基建项目补充表得分")
    total_score: ScorePair = Field(default_factory=ScorePair, title="总分")

    def items(self) -> Iterator[tuple[int, int, int, ReviewItem]]:
        """Every item with its section, group and item index."""
        for s, section in enumerate(self.sections):
            for g, group in enumerate(section.groups):
                for i, item in enumerate(group.items):
                    yield s, g, i, item

    def computed(self, column: str) -> Decimal:
        return sum((getattr(it, column) or Decimal(0) for *_, it in self.items()), Decimal(0))


class ConstructionSection(Model):
    """一、建设立项要素（25分） and its items."""

    number: Text = ""
    title: Text = ""
    weight: Score = None
    opinion: Text = ""
    items: list[ReviewItem] = Field(default_factory=list)


class ConstructionReview(Model):
    """基本建设项目支出预算补充编审表."""

    sections: list[ConstructionSection] = Field(default_factory=list)
    total_score: ScorePair = Field(default_factory=ScorePair, title="总得分")

    def items(self) -> Iterator[tuple[int, int, ReviewItem]]:
        for s, section in enumerate(self.sections):
            for i, item in enumerate(section.items):
                yield s, i, item

    def computed(self, column: str) -> Decimal:
        return sum((getattr(it, column) or Decimal(0) for *_, it in self.items()), Decimal(0))

    def is_scored(self) -> bool:
        return any(it.self_score is not None or it.finance_score is not None for *_, it in self.items())
