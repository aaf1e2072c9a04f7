"""The printed shape of the two review tables when a submission has none yet.

Staff print blank forms to fill by hand, so an empty 编审表 still prints its sections, items and
weights (forms.md §6 and §7, the seed's wording).
"""

from __future__ import annotations

from decimal import Decimal

from ..model import BudgetReview, BudgetReviewSection, ConstructionReview, ConstructionSection, ReviewGroup, ReviewItem

CONSTRUCTION = (
    ("一", "建设立项要素", 25, (
        ("(1)", "项目是否具备政府决定", 5),
        ("(2)", "项目是否编制可行性研究报告", 10),
        ("(3)", "项目可行性研究报告是否批复", 10),
    )),
    ("二", "项目开工建设条件", 50, (
        ("(1)", "项目是否编制环境影响评价文件并通过审批", 6),
        ("(2)", "项目是否通过建设用地预审", 8),
        ("(3)", "项目是否编制初步设计", 10),
        ("(4)", "项目初步设计是否批复", 10),
        ("(5)", "项目是否办理完成其他必要的行政许可事项", 8),
        ("(6)", "项目是否存在影响开工建设的重大障碍", 8),
    )),
    ("三", "项目年度预算", 25, (
        ("(1)", "项目是否编制年度建设计划", 10),
        ("(2)", "项目是否编制预算年度资金安排使用计划", 10),
        ("(3)", "上年延续项目以前年度资金安排及使用情况", 5),
    )),
)

BUDGET = (
    ("一", "项目目标", 23, (
        ("1.1", "项目依据是否充分", 8, (("(1)", "项目的法律、法规、政策、会议纪要、领导批示等依据", 8),)),
        ("1.2", "项目目标是否明确", 15, (
            ("(1)", "项目是否符合各级党委、政府确定的工作目标", 6),
            ("(2)", "项目目标是否明确", 6),
            ("(3)", "项目是否有明确的受益对象", 3),
        )),
    )),
    ("二", "项目计划", 57, (
        ("2.1", "项目计划是否可行", 10, (("(1)", "项目实施(工作)方案是否合理可行", 10),)),
        ("2.2", "项目绩效目标是否科学", 27, (
            ("(1)", "项目绩效目标是否与部门整体支出绩效目标相符", 8),
            ("(2)", "项目绩效目标是否全面", 6),
            ("(3)", "项目绩效指标是否量化、可考核", 8),
            ("(4)", "项目是否具备相应的预算绩效管理制度", 5),
        )),
        ("2.3", "项目资金是否合理", 20, (
            ("(1)", "项目资金安排是否有明确的标准或依据", 10),
            ("(2)", "项目资金安排是否充分细化，并在预算明细表中反映", 10),
        )),
    )),
    ("三", "项目管理", 20, (
        ("3.1", "项目管理是否有效", 15, (
            ("(1)", "项目组织机构是否健全", 4),
            ("(2)", "项目实施主体责任是否明确", 4),
            ("(3)", "项目是否有节支或增效的改进措施", 2),
            ("(4)", "项目是否有规范的内控机制", 5),
        )),
        ("3.2", "财务管理是否规范", 5, (("(1)", "项目是否有健全的财务管理制度", 5),)),
    )),
)


def blank_construction_review() -> ConstructionReview:
    return ConstructionReview(sections=[
        ConstructionSection(number=n, title=t, weight=Decimal(w), items=[
            ReviewItem(number=i_n, title=i_t, weight=Decimal(i_w)) for i_n, i_t, i_w in items
        ]) for n, t, w, items in CONSTRUCTION
    ])


def blank_budget_review() -> BudgetReview:
    return BudgetReview(sections=[
        BudgetReviewSection(number=n, title=t, weight=Decimal(w), groups=[
            ReviewGroup(number=g_n, title=g_t, weight=Decimal(g_w), items=[
                ReviewItem(number=i_n, title=i_t, weight=Decimal(i_w)) for i_n, i_t, i_w in items
            ]) for g_n, g_t, g_w, items in groups
        ]) for n, t, w, groups in BUDGET
    ])
