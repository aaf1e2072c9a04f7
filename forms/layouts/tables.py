"""The three money tables: 对下专项转移支付支出预算明细表 (a column group of four per year),
项目政府采购表 (表5) and 项目政府购买服务表 (表6). Each has its 单位：元 caption, a 合计 row right
under the header, the rows, and (transfers) the note under the table."""

from __future__ import annotations

from ..model import TRANSFER_COLUMNS
from . import FieldSpec, SheetSpec

TRANSFERS = SheetSpec("transfers", "对下专项转移支付支出预算明细表", landscape=True, widths=(24,) + (15,) * 12)
TRANSFER_REGION = "地区名称"
TRANSFER_REGION_ALIASES = ("地区", "地区（县区）名称", "县区名称")
TRANSFER_SUBCOLUMNS: tuple[tuple[str, str, tuple[str, ...]], ...] = tuple(
    (key, label, ("部门自筹", "自筹资金") if key == "own" else ()) for key, label in TRANSFER_COLUMNS
)
TRANSFER_NOTE = "注：州市承担金额分解到县区；县级项目不填报此表"

UNIT_CAPTION = "单位：元"
TOTAL = "合计"
TOTAL_ALIASES = ("总计", "合 计", "合计金额")

PROCUREMENT = SheetSpec("procurement", "项目政府采购表", landscape=True, widths=(28, 18, 16, 10, 10, 16, 18))
PROCUREMENT_CAPTION = "附件1：表5"
PROCUREMENT_COLUMNS: tuple[FieldSpec, ...] = (
    FieldSpec("采购项目名称", "name", aliases=("采购项目",)),
    FieldSpec("政府采购目录", "catalogue", choices="procurement_catalogue", aliases=("采购目录", "采购品目")),
    FieldSpec("政府采购方式", "method", choices="procurement_method", aliases=("采购方式",)),
    FieldSpec("计量单位", "unit", aliases=("单位",)),
    FieldSpec("数量", "quantity", "number"),
    FieldSpec("需求时间", "need_time", "date", aliases=("需求日期",)),
    FieldSpec("金额（元）", "amount", "money", aliases=("金额", "金额(元)", "采购金额", "金额（万元）", "采购金额（元）",
                                                   "采购金额（万元）", "预算金额（元）", "预算金额（万元）")),
)

SERVICES = SheetSpec("services", "项目政府购买服务表", landscape=True, widths=(26, 14, 16, 18, 44))
SERVICES_CAPTION = "附件1：表6"
SERVICE_COLUMNS: tuple[FieldSpec, ...] = (
    FieldSpec("政府购买服务目录", "catalogue", choices="service_catalogue", aliases=("购买服务目录",)),
    FieldSpec("购买方式", "purchase_way", choices="purchase_way"),
    FieldSpec("政府采购方式", "method", choices="procurement_method", aliases=("采购方式",)),
    FieldSpec("金额（元）", "amount", "money", aliases=("金额", "金额(元)", "金额（万元）", "预算金额（元）", "预算金额（万元）")),
    FieldSpec("购买内容简述", "summary", aliases=("购买内容", "简述")),
)

PROCUREMENT_EXTRA: tuple[FieldSpec, ...] = (
    FieldSpec("政府采购品目代码", "item_code", aliases=("品目代码", "采购品目代码")),
    FieldSpec("单价（元）", "unit_price", "money", aliases=("单价", "单价(元)", "单价（万元）")),
    FieldSpec("部门预算支出经济分类", "dept_economic", "coded", "econ_dept",
              aliases=("部门经济分类", "部门预算经济分类", "经济分类")),
    FieldSpec("政府预算支出经济分类", "gov_economic", "coded", "econ_gov", aliases=("政府经济分类", "政府预算经济分类")),
)
"""The columns the 一体化 政府采购预算表 adds to 表5 (model: ``PROCUREMENT_EXTRA_COLUMNS``), written
after 金额（元） and read by label wherever they stand; a workbook without them reads them blank."""

SERVICE_EXTRA: tuple[FieldSpec, ...] = (
    FieldSpec("数量", "quantity", "number"),
    FieldSpec("部门预算支出经济分类", "dept_economic", "coded", "econ_dept",
              aliases=("部门经济分类", "部门预算经济分类", "经济分类")),
    FieldSpec("政府预算支出经济分类", "gov_economic", "coded", "econ_gov", aliases=("政府经济分类", "政府预算经济分类")),
)
"""The columns the 一体化 政府购买服务表 adds to 表6 (model: ``SERVICE_EXTRA_COLUMNS``), after 购买内容简述."""
