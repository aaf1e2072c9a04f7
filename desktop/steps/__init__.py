"""The steps of the navigator, in the order a submission is drafted, and which step shows a field."""

from __future__ import annotations

from functools import lru_cache

from forms.model import NARRATIVES

STEP_NAMES: tuple[str, ...] = (
    "基本信息", "申请金额", "项目目标", "项目计划", "项目管理", "年度目标", "绩效指标",
    "对下转移支付", "政府采购", "政府购买服务", "支出明细", "基建补充编审", "预算编审",
)

_NARRATIVE_STEP = {spec.key: spec.group for spec in NARRATIVES}

_PREFIXES: tuple[tuple[str, str], ...] = (
    ("basic.funding", "申请金额"),
    ("basic", "基本信息"),
    ("performance.annual_goals", "年度目标"),
    ("performance", "绩效指标"),
    ("transfers", "对下转移支付"),
    ("procurement", "政府采购"),
    ("services", "政府购买服务"),
    ("detail", "支出明细"),
    ("construction_review", "基建补充编审"),
    ("budget_review", "预算编审"),
)


@lru_cache(maxsize=8192)
def step_for(path: str) -> str:
    """The step whose page shows the field at *path* (a finding's ``field``)."""
    path = (path or "").strip()
    if path.startswith("narratives"):
        rest = path[len("narratives"):].lstrip(".")
        key = rest.split(".", 1)[0].split("[", 1)[0]
        return _NARRATIVE_STEP.get(key, "项目目标")
    for prefix, step in _PREFIXES:
        if path == prefix or path.startswith(prefix + ".") or path.startswith(prefix + "["):
            return step
    return "基本信息"


def page_classes() -> dict[str, type]:
    from .basic import BasicPage, FundingPage
    from .detail import DetailPage
    from .narratives import GoalsPage, ManagementPage, PlanPage
    from .performance import AnnualGoalsPage, IndicatorsPage
    from .review import BudgetReviewPage, ConstructionPage
    from .tables import ProcurementPage, ServicesPage, TransfersPage

    classes = (BasicPage, FundingPage, GoalsPage, PlanPage, ManagementPage, AnnualGoalsPage, IndicatorsPage,
               TransfersPage, ProcurementPage, ServicesPage, DetailPage, ConstructionPage, BudgetReviewPage)
    return {cls.step: cls for cls in classes}
