"""The three money tables that go with a submission:
对下专项转移支付支出预算明细表, 项目政府采购表 (表5) and 项目政府购买服务表 (表6).

Each keeps its 合计 row as written on the form (``declared_total…``) beside the rows, so that the
checker can re-add the rows and compare.
"""

from __future__ import annotations

from decimal import Decimal

from pydantic import Field

from .common import Coded, CodedValue, FlexDate, Model, Money, Text

# --- 对下专项转移支付支出预算明细表 (单位：元) ------------------------------------------------------

class TransferYear(Model):
    """One year's four columns: 资金规模, 上级补助, 本级财政安排, 单位自筹."""

    year: int
    scale: Money = Field(default=None, title="资金规模")
    superior: Money = Field(default=None, title="上级补助")
    local: Money = Field(default=None, title="本级财政安排")
    own: Money = Field(default=None, title="单位自筹")

    @property
    def computed_scale(self) -> Decimal:
        return sum((v or Decimal(0) for v in (self.superior, self.local, self.own)), Decimal(0))

    def has_money(self) -> bool:
        return any(v for v in (self.scale, self.superior, self.local, self.own))


TRANSFER_COLUMNS: tuple[tuple[str, str], ...] = (
    ("scale", "资金规模"),
    ("superior", "上级补助"),
    ("local", "本级财政安排"),
    ("own", "单位自筹"),
)


class TransferRegion(Model):
    name: Text = Field(default="", title="地区名称")
    years: list[TransferYear] = Field(default_factory=list)

    def year(self, year: int) -> TransferYear | None:
        return next((y for y in self.years if y.year == year), None)


class Transfers(Model):
    years: list[int] = Field(default_factory=list, title="年度")
    declared_total: list[TransferYear] = Field(default_factory=list, title="合计")
    regions: list[TransferRegion] = Field(default_factory=list, title="地区")

    def is_empty(self) -> bool:
        return not any(r.name.strip() or any(y.has_money() for y in r.years) for r in self.regions)

    def computed_total(self, year: int, column: str) -> Decimal:
        total = Decimal(0)
        for region in self.regions:
            y = region.year(year)
            if y is not None:
                total += getattr(y, column) or Decimal(0)
        return total

    def declared(self, year: int) -> TransferYear | None:
        return next((y for y in self.declared_total if y.year == year), None)


# --- 项目政府采购表 (附件1 表5) -------------------------------------------------------------------

class ProcurementItem(Model):
    name: Text = Field(default="", title="采购项目名称")
    catalogue: Text = Field(default="", title="政府采购目录")
    method: Text = Field(default="", title="政府采购方式")
    unit: Text = Field(default="", title="计量单位")
    quantity: Money = Field(default=None, title="数量")
    need_time: FlexDate = Field(default=None, title="需求时间")
    amount: Money = Field(default=None, title="金额（元）")
    # the 一体化 政府采购预算表's further columns (blank in files older than schema 2)
    item_code: Text = Field(default="", title="政府采购品目代码")
    unit_price: Money = Field(default=None, title="单价")
    dept_economic: CodedValue = Field(default_factory=Coded, title="部门预算支出经济分类")
    gov_economic: CodedValue = Field(default_factory=Coded, title="政府预算支出经济分类")


PROCUREMENT_COLUMNS: tuple[str, ...] = (
    "name", "catalogue", "method", "unit", "quantity", "need_time", "amount",
)
"""The seed's columns of 表5, in the form's order."""

PROCUREMENT_EXTRA_COLUMNS: tuple[str, ...] = ("item_code", "unit_price", "dept_economic", "gov_economic")
"""The columns the 一体化 政府采购预算表 adds."""


class Procurement(Model):
    items: list[ProcurementItem] = Field(default_factory=list)
    declared_total: Money = Field(default=None, title="合计")

    def computed_total(self) -> Decimal:
        return sum((i.amount or Decimal(0) for i in self.items), Decimal(0))


# --- 项目政府购买服务表 (附件1 表6) ---------------------------------------------------------------

class ServiceItem(Model):
    catalogue: Text = Field(default="", title="政府购买服务目录")
    purchase_way: Text = Field(default="", title="购买方式")
    method: Text = Field(default="", title="政府采购方式")
    amount: Money = Field(default=None, title="金额（元）")
    summary: Text = Field(default="", title="购买内容简述")
    # the 一体化 政府购买服务表's further columns (blank in files older than schema 2)
    quantity: Money = Field(default=None, title="数量")
    dept_economic: CodedValue = Field(default_factory=Coded, title="部门预算支出经济分类")
    gov_economic: CodedValue = Field(default_factory=Coded, title="政府预算支出经济分类")


SERVICE_COLUMNS: tuple[str, ...] = ("catalogue", "purchase_way", "method", "amount", "summary")
"""The seed's columns of 表6, in the form's order."""

SERVICE_EXTRA_COLUMNS: tuple[str, ...] = ("quantity", "dept_economic", "gov_economic")
"""The columns the 一体化 政府购买服务表 adds."""


class Services(Model):
    items: list[ServiceItem] = Field(default_factory=list)
    declared_total: Money = Field(default=None, title="合计")

    def computed_total(self) -> Decimal:
        return sum((i.amount or Decimal(0) for i in self.items), Decimal(0))
