"""项目绩效目标表: the annual goals, then the indicators under their 一级 / 二级 bands."""

from __future__ import annotations

import re
from decimal import Decimal

from ...codes import code_lists
from ...layouts import performance as L_perf
from ...model.common import YesNo
from ...model.performance import AnnualGoal, Indicator
from ...model.submission import Submission
from ..cells import NUMBER_FORMAT
from .sheet import SheetWriter


def _numeric_text(value: str) -> Decimal | None:
    """An indicator value (text in the model) is written as a number when reading the number back
    gives the same text (``100``, ``13205.02``; not ``90.0`` or ``007``)."""
    from ..cells import cell_text

    if not re.fullmatch(r"-?\d{1,12}(\.\d{1,6})?", value or ""):
        return None
    return Decimal(value) if cell_text(float(value)) == value else None


def write_performance(w: SheetWriter, sub: Submission, template: bool) -> None:
    perf = sub.performance
    w.caption(1, L_perf.GOALS_CAPTION)
    w.title(2, L_perf.GOALS_TITLE)
    r = 3
    for spec, c0, c1 in L_perf.GOAL_COLUMNS:
        w.cell(r, c0, spec.label, c1=c1, kind="header")
    r += 1
    goals: list[AnnualGoal | None] = list(perf.annual_goals) or ([None] * 3 if template else [])
    for goal in goals:
        for spec, c0, c1 in L_perf.GOAL_COLUMNS:
            w.typed(r, c0, spec, getattr(goal, spec.path) if goal else None, c1=c1)
        r += 1
    r += 1
    w.title(r, L_perf.INDICATORS_TITLE)
    r += 1
    header = r
    for c, spec in enumerate(L_perf.INDICATOR_COLUMNS, 1):
        w.cell(r, c, spec.label, kind="header")
    r += 1
    indicators: list[Indicator] = list(perf.indicators)
    if template and not indicators:
        tree = code_lists(sub.basic.budget_year)["indicator_tree"].tree
        indicators = []
        for l1, l2s in tree.items():
            for l2 in l2s:
                indicators.append(Indicator(level1=l1, level2=l2))
    prev: tuple[str, str] | None = None
    for ind in indicators:
        if prev is None or ind.level1 != prev[0]:
            w.cell(r, 1, ind.level1, c1=w.ncols, kind="band")
            r += 1
            w.cell(r, 1, ind.level2, c1=w.ncols, kind="band")
            r += 1
        elif ind.level2 != prev[1]:
            w.cell(r, 1, ind.level2, c1=w.ncols, kind="band")
            r += 1
        prev = (ind.level1, ind.level2)
        for c, spec in enumerate(L_perf.INDICATOR_COLUMNS, 1):
            value = getattr(ind, spec.path)
            if template and not perf.indicators:
                value = None if spec.kind != "flag" else YesNo.UNSET
            if spec.path == "value" and _numeric_text(value or "") is not None:
                w.cell(r, c, _numeric_text(value), kind="number", fmt=NUMBER_FORMAT)
                if spec.choices:
                    w.validate(spec.choices, r, c)
            else:
                w.typed(r, c, spec, value)
        r += 1
    w.finish((header, header))
