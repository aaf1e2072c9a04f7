"""The root of a submission (项目申报): the seven tables of the seed and the 项目支出预算明细表, in the order the forms come."""

from __future__ import annotations

from dataclasses import dataclass, field

from pydantic import Field

from .basic import BasicInfo, FundingYear, Narratives
from .common import Model
from .detail import DETAIL_TABLE, DetailTable
from .performance import Performance
from .review import BudgetReview, ConstructionReview
from .tables import Procurement, Services, Transfers, TransferYear
from .verified import VerifiedMark

TABLES: tuple[tuple[str, str], ...] = (
    ("basic", "项目基本信息表"),
    ("performance", "项目绩效目标表"),
    ("transfers", "对下专项转移支付支出预算明细表"),
    ("procurement", "项目政府采购表"),
    ("services", "项目政府购买服务表"),
    ("detail", DETAIL_TABLE),
    ("construction_review", "基本建设项目支出预算补充编审表"),
    ("budget_review", "项目支出预算编审表"),
)
"""Every table: the model attribute and the table's name, in the seed's order, with the 明细表 (which the
seed's 编审表 asks for but does not carry) after 表6."""

TABLE_NAMES: dict[str, str] = dict(TABLES)

GRID_YEARS = 3
"""The funding grid and the transfer table show the budget year and the two years after it."""


class Submission(Model):
    """One project's whole submission."""

    basic: BasicInfo = Field(default_factory=BasicInfo)
    narratives: Narratives = Field(default_factory=Narratives)
    performance: Performance = Field(default_factory=Performance)
    transfers: Transfers = Field(default_factory=Transfers)
    procurement: Procurement = Field(default_factory=Procurement)
    services: Services = Field(default_factory=Services)
    detail: DetailTable = Field(default_factory=DetailTable)
    construction_review: ConstructionReview | None = None
    budget_review: BudgetReview = Field(default_factory=BudgetReview)
    verified: list[VerifiedMark] = Field(default_factory=list)
    """已核实 marks on warnings and hints (:mod:`forms.verified`); files without them load empty."""

    def grid_years(self) -> list[int]:
        """The year columns of the funding grid: those present, or the budget year and the two
        after it when the grid is still empty."""
        if self.basic.funding:
            return [c.year for c in self.basic.funding]
        if self.basic.budget_year is None:
            return []
        return [self.basic.budget_year + i for i in range(GRID_YEARS)]

    def year_plan(self, budget_year: int | None, period_years: int | None) -> YearPlan:
        """The year columns of the funding grid and of the transfer table once 项目实施年度 and
        周期 are *budget_year* and *period_years*: the years of the period (at least the form's
        three, from the budget year on), plus every present year that holds money — a column is
        dropped only while it is empty, so that no amount is lost on the way."""
        if budget_year is None:
            return YearPlan(self.grid_years(), list(self.transfers.years), [], [])
        wanted = [budget_year + i for i in range(max(GRID_YEARS, period_years or 1))]
        money = {c.year for c in self.basic.funding if c.has_money()}
        t = self.transfers
        t_money = {y.year for y in t.declared_total if y.has_money()} | \
            {y.year for r in t.regions for y in r.years if y.has_money()}
        return YearPlan(sorted(set(wanted) | money), sorted(set(wanted) | t_money),
                        sorted(money - set(wanted)), sorted(t_money - set(wanted)))

    def ensure_grid(self) -> None:
        """Give the funding grid and the transfer table one column per grid year."""
        years = self.grid_years()
        have = {c.year for c in self.basic.funding}
        for y in years:
            if y not in have:
                self.basic.funding.append(FundingYear(year=y))
        self.basic.funding.sort(key=lambda c: c.year)
        if not self.transfers.years:
            self.transfers.years = list(years)
        have_t = {t.year for t in self.transfers.declared_total}
        for y in self.transfers.years:
            if y not in have_t:
                self.transfers.declared_total.append(TransferYear(year=y))
        for region in self.transfers.regions:
            have_r = {t.year for t in region.years}
            for y in self.transfers.years:
                if y not in have_r:
                    region.years.append(TransferYear(year=y))
            region.years.sort(key=lambda t: t.year)
        self.transfers.declared_total.sort(key=lambda t: t.year)


@dataclass
class YearPlan:
    """The year columns :meth:`Submission.year_plan` gives for a budget year and a period."""

    funding_years: list[int]
    transfer_years: list[int]
    funding_outside: list[int] = field(default_factory=list)
    """Years kept in the funding grid only because they hold money (outside the new columns)."""
    transfer_outside: list[int] = field(default_factory=list)

    @property
    def outside(self) -> list[int]:
        return sorted(set(self.funding_outside) | set(self.transfer_outside))
