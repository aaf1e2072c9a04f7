"""项目绩效目标表: the annual goals (表2.1) and the indicator tree 一级 → 二级 → 三级.

Indicators are kept as a flat list in the form's order, each naming its 一级 and 二级; the tree is
derived from it (:func:`indicator_tree`). Operator, value and unit are kept as typed (``>=``,
``2021年一季度``, ``年``): the checker normalises and judges them.
"""

from __future__ import annotations

from pydantic import Field

from .common import Flag, Model, Text, YesNo


class AnnualGoal(Model):
    """One row of 年度目标: 财年, 目标, 备注."""

    year: int | None = Field(default=None, title="财年")
    goal: Text = Field(default="", title="目标")
    note: Text = Field(default="", title="备注")


class Indicator(Model):
    """A 三级指标 with the 一级 and 二级 it sits under."""

    level1: Text = Field(default="", title="一级指标")
    level2: Text = Field(default="", title="二级指标")
    name: Text = Field(default="", title="指标名称")
    operator: Text = Field(default="", title="指标性质")
    value: Text = Field(default="", title="指标值")
    unit: Text = Field(default="", title="度量单位")
    kind: Text = Field(default="", title="指标类型")
    basis: Text = Field(default="", title="绩效指标值设定依据及数据来源")
    note: Text = Field(default="", title="说明")
    core: Flag = Field(default=YesNo.UNSET, title="是否核心指标")


INDICATOR_COLUMNS: tuple[str, ...] = (
    "name", "operator", "value", "unit", "kind", "basis", "note", "core",
)
"""The columns of the indicator table, in the form's order."""


class Performance(Model):
    annual_goals: list[AnnualGoal] = Field(default_factory=list, title="年度目标")
    indicators: list[Indicator] = Field(default_factory=list, title="绩效指标")


def indicator_tree(indicators: list[Indicator]) -> list[tuple[str, list[tuple[str, list[int]]]]]:
    """Group indicators as the form shows them: ``[(一级, [(二级, [index, …]), …]), …]``, in order
    of first appearance, so that the form's label rows can be drawn."""
    tree: list[tuple[str, list[tuple[str, list[int]]]]] = []
    for i, ind in enumerate(indicators):
        if not tree or tree[-1][0] != ind.level1:
            found = next((node for node in tree if node[0] == ind.level1), None)
            if found is None:
                found = (ind.level1, [])
                tree.append(found)
        else:
            found = tree[-1]
        seconds = found[1]
        sub = next((node for node in seconds if node[0] == ind.level2), None)
        if sub is None:
            sub = (ind.level2, [])
            seconds.append(sub)
        sub[1].append(i)
    return tree
