"""The two review tables: 基本建设项目支出预算补充编审表 and 项目支出预算编审表.

Six columns: 序号, 编审要点, 权重, 部门自评, 财政评审, 财政评审意见. Section rows (一、), sub-section
rows (1.1, budget review only) and item rows ((1)) carry their number, title and weight in their own
cells; under each item a 简述 row holds its summary across 编审要点…财政评审意见. The totals come
where the seed has them: 总得分 on top of the supplement, 本表得分 / 基建项目补充表得分 / 总分 under
the review table.

The standard items and weights (docs/domain.md §2.8) are declared here too: the blank template
offers them, so that a reviewer scores a ready table.
"""

from __future__ import annotations

from decimal import Decimal

from ..model import (
    BudgetReview,
    BudgetReviewSection,
    ConstructionReview,
    ConstructionSection,
    ReviewGroup,
    ReviewItem,
)
from . import FieldSpec, SheetSpec

CONSTRUCTION = SheetSpec("construction_review", "基本建设项目支出预算补充编审表", landscape=False, widths=(7, 44, 8, 10, 10, 22))
BUDGET = SheetSpec("budget_review", "项目支出预算编审表", landscape=False, widths=(7, 44, 8, 10, 10, 22))

NUMBER = ("序号", ("编号",))
POINT = ("编审要点", ("评审要点", "审核要点", "内容"))
WEIGHT = ("权重", ("分值", "标准分"))
SELF = ("部门自评", ("自评", "自评得分", "部门自评得分"))
FINANCE = ("财政评审", ("评审", "财政评审得分"))
OPINION = ("财政评审意见", ("评审意见", "意见"))
COLUMNS = (NUMBER, POINT, WEIGHT, SELF, FINANCE, OPINION)
SUMMARY = "简述"

ITEM_FIELDS: dict[str, FieldSpec] = {
    spec.path: spec for spec in (
        FieldSpec(NUMBER[0], "number", aliases=NUMBER[1]),
        FieldSpec(POINT[0], "title", aliases=POINT[1]),
        FieldSpec(WEIGHT[0], "weight", "number", aliases=WEIGHT[1]),
        FieldSpec(SELF[0], "self_score", "number", aliases=SELF[1]),
        FieldSpec(FINANCE[0], "finance_score", "number", aliases=FINANCE[1]),
        FieldSpec(OPINION[0], "opinion", aliases=OPINION[1]),
        FieldSpec(SUMMARY, "summary", "rich"),
    )
}
"""What a row of either table holds, by its field under the item (``self_score``): the sheet's
columns and the 简述 row below each item. The app's pages head their columns with these labels."""

CONSTRUCTION_TOTAL = ("总得分", ("合计得分", "得分"))
TABLE_SCORE = ("本表得分", ())
SUPPLEMENT_SCORE = ("基建项目补充表得分", ("基建补充表得分", "基本建设项目补充表得分"))
TOTAL_SCORE = ("总分", ("总得分",))
CONSTRUCTION_TOTALS: tuple[tuple[str, tuple[str, tuple[str, ...]]], ...] = (("total_score", CONSTRUCTION_TOTAL),)
BUDGET_TOTALS: tuple[tuple[str, tuple[str, tuple[str, ...]]], ...] = (
    ("table_score", TABLE_SCORE), ("supplement_score", SUPPLEMENT_SCORE), ("total_score", TOTAL_SCORE))
"""The total rows of each table by their model attribute, in the form's order, with their labels."""

_CONSTRUCTION: tuple[tuple[str, str, int, tuple[tuple[str, int], ...]], ...] = (
    ("一", "建设立项要素", 25, (
        ("项目是否具备政府决定", 5), ("项目是否编制可行性研究报告", 10), ("项目可行性研究报告是否批复", 10))),
    ("二", "项目开工建设条件", 50, (
        ("项目是否编制环境影响评价文件并通过审批", 6), ("项目是否通过建设用地预审", 8), ("项目是否编制初步设计", 10),
        ("项目初步设计是否批复", 10), ("项目是否办理完成其他必要的行政许可事项", 8), ("项目是否存在影响开工建设的重大障碍", 8))),
    ("三", "项目年度预算", 25, (
        ("项目是否编制年度建设计划", 10), ("项目是否编制预算年度资金安排使用计划", 10), ("上年延续项目以前年度资金安排及使用情况", 5))),
)

_BUDGET: tuple[tuple[str, str, int, tuple[tuple[str, str, int, tuple[tuple[str, int], ...]], ...]], ...] = (
    ("一", "项目目标", 23, (
        ("1.1", "项目依据是否充分", 8, (("项目的法律、法规、政策、会议纪要、领导批示等依据", 8),)),
        ("1.2", "项目目标是否明确", 15, (
            ("项目是否符合各级党委、政府确定的工作目标", 6), ("项目目标是否明确", 6), ("项目是否有明确的受益对象", 3))),
    )),
    ("二", "项目计划", 57, (
        ("2.1", "项目计划是否可行", 10, (("项目实施(工作)方案是否合理可行", 10),)),
        ("2.2", "项目绩效目标是否科学", 27, (
            ("项目绩效目标是否与部门整体支出绩效目标相符", 8), ("项目绩效目标是否全面", 6),
            ("项目绩效指标是否量化、可考核", 8), ("项目是否具备相应的预算绩效管理制度", 5))),
        ("2.3", "项目资金是否合理", 20, (
            ("项目资金安排是否有明确的标准或依据", 10), ("项目资金安排是否充分细化，并在预算明细表中反映", 10))),
    )),
    ("三", "项目管理", 20, (
        ("3.1", "项目管理是否有效", 15, (
            ("项目组织机构是否健全", 4), ("项目实施主体责任是否明确", 4), ("项目是否有节支或增效的改进措施", 2),
            ("项目是否有规范的内控机制", 5))),
        ("3.2", "财务管理是否规范", 5, (("项目是否有健全的财务管理制度", 5),)),
    )),
)


def _items(specs: tuple[tuple[str, int], ...]) -> list[ReviewItem]:
    return [ReviewItem(number=f"({i})", title=t, weight=Decimal(w)) for i, (t, w) in enumerate(specs, 1)]


def standard_construction_review() -> ConstructionReview:
    """The supplement's standard items and weights, unscored."""
    return ConstructionReview(sections=[
        ConstructionSection(number=n, title=t, weight=Decimal(w), items=_items(items)) for n, t, w, items in _CONSTRUCTION
    ])


def standard_budget_review() -> BudgetReview:
    """The review table's standard sections, sub-sections, items and weights, unscored."""
    return BudgetReview(sections=[
        BudgetReviewSection(number=n, title=t, weight=Decimal(w), groups=[
            ReviewGroup(number=gn, title=gt, weight=Decimal(gw), items=_items(items)) for gn, gt, gw, items in groups
        ]) for n, t, w, groups in _BUDGET
    ])
