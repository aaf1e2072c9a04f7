"""项目支出预算明细表: one line of spending a row, in the columns of the 一体化 front ends, with one
amount column per year of the 申请金额 grid (``amounts`` below stands for those). A 合计 row stands
right under the header, as on the other money tables; the 单位：元 caption above.

The older three-year layout met in county templates (经济科目, 第一年, 第二年, 第三年, 备注) maps to
the same model: 经济科目 → ``dept_economic`` and the three years → the grid's years in order
(:data:`OLD_LAYOUT`).

Export, import, the PDF and the GUI step read their labels and drop-downs from here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..model.detail import DETAIL_TABLE
from . import FieldSpec, SheetSpec

if TYPE_CHECKING:
    from ..model.submission import Submission

DETAIL = SheetSpec("detail", DETAIL_TABLE, landscape=True,
                   widths=(22, 22, 22, 12, 14, 14, 14, 14, 36, 10, 10, 14))
"""Widths: the five columns before 申请金额, one per grid year (three shown), then the four after
it; a sheet with more or fewer years keeps the first five and the last four (:data:`YEAR_WIDTH`
a year)."""
YEAR_WIDTH = 14
DETAIL_CAPTION = "附件1：表2-1"
UNIT_CAPTION = "单位：元"

DETAIL_COLUMNS: tuple[FieldSpec, ...] = (
    FieldSpec("支出功能分类", "function_subject", "coded", "function_subject",
              aliases=("功能科目", "支出功能分类科目", "功能分类")),
    FieldSpec("部门预算支出经济分类", "dept_economic", "coded", "econ_dept",
              aliases=("部门经济分类", "部门预算经济分类", "经济科目", "经济分类", "支出经济分类")),
    FieldSpec("政府预算支出经济分类", "gov_economic", "coded", "econ_gov",
              aliases=("政府经济分类", "政府预算经济分类")),
    FieldSpec("资金来源", "source", choices="detail_source", aliases=("资金来源渠道",)),
    FieldSpec("资金性质", "nature", choices="fund_nature", aliases=("资金性质（类型）",)),
    FieldSpec("申请金额", "amounts", "money", aliases=("金额", "申请金额（元）", "申请金额（万元）", "金额（元）", "金额（万元）",
                                                   "预算金额", "预算金额（元）", "预算金额（万元）")),
    FieldSpec("测算依据", "basis", aliases=("测算依据及说明", "计算依据", "测算说明")),
    FieldSpec("是否政府采购", "procurement", "flag", "yes_no"),
    FieldSpec("是否政府购买服务", "purchased_services", "flag", "yes_no"),
    FieldSpec("备注", "note", aliases=("说明",)),
)
"""The columns in the form's order; ``amounts`` is one ``money`` column per grid year, headed
``2024年`` … under a merged 申请金额 cell. ``detail_source`` and ``fund_nature`` are the fixed lists
:data:`~forms.model.detail.DETAIL_SOURCES` and :data:`~forms.model.detail.FUND_NATURES` (not year
code lists)."""

FIXED_CHOICES = {"detail_source": "DETAIL_SOURCES", "fund_nature": "FUND_NATURES"}
"""Drop-downs whose items are constants of :mod:`forms.model.detail`, by ``choices`` key."""

OLD_LAYOUT: tuple[FieldSpec, ...] = (
    FieldSpec("经济科目", "dept_economic", "coded", "econ_dept", aliases=("经济分类科目", "支出经济科目")),
    FieldSpec("第一年", "amounts[0]", "money"),
    FieldSpec("第二年", "amounts[1]", "money"),
    FieldSpec("第三年", "amounts[2]", "money"),
    FieldSpec("备注", "note", aliases=("说明",)),
)
"""The older three-year layout: its header row is 经济科目, 第一年, 第二年, 第三年, 备注; the years are
the grid's (``basic.funding``) in order, or the budget year and the two after it."""


def sheet_years(sub: Submission) -> list[int]:
    """The year columns of the 明细表 as the workbook writes them: the grid's years
    (:meth:`~forms.model.submission.Submission.grid_years`) and any other year a line or the 合计 row
    has an entry for (the checker asks about those; the sheet must not lose them), in order."""
    return sorted(set(sub.grid_years()) | set(sub.detail.years()))
