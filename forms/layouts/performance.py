"""项目绩效目标表: 年度目标 (财年 / 目标 / 备注) above the indicator table, whose tree is drawn as
label rows (一级, then 二级, each merged across the table) with the indicators under them.
Eight columns, landscape."""

from __future__ import annotations

from . import FieldSpec, SheetSpec

SHEET = SheetSpec("performance", "项目绩效目标表", landscape=True, widths=(24, 9, 13, 9, 10, 36, 34, 11))

GOALS_TITLE = "项目绩效目标表（年度目标）"
GOALS_CAPTION = "附件1：表2.1"
GOAL_COLUMNS: tuple[tuple[FieldSpec, int, int], ...] = (
    (FieldSpec("财年", "year", "year", aliases=("年度", "年份")), 1, 1),
    (FieldSpec("目标", "goal", aliases=("年度目标",)), 2, 5),
    (FieldSpec("备注", "note"), 6, 8),
)
"""Annual goal columns with the first and last sheet column they span."""

INDICATORS_TITLE = "项目绩效目标表（绩效目标）"
INDICATOR_COLUMNS: tuple[FieldSpec, ...] = (
    FieldSpec("指标名称", "name", aliases=("三级指标", "绩效指标", "指标内容")),
    FieldSpec("指标性质", "operator", choices="operator", aliases=("计算符号", "指标值符号", "符号")),
    FieldSpec("指标值", "value", aliases=("目标值", "指标值(数值)")),
    FieldSpec("度量单位", "unit", choices="unit", aliases=("计量单位", "单位")),
    FieldSpec("指标类型", "kind", choices="indicator_kind", aliases=("指标类别",)),
    FieldSpec("绩效指标值设定依据及数据来源", "basis", aliases=("指标值设定依据及数据来源", "设定依据及数据来源", "数据来源")),
    FieldSpec("说明", "note", aliases=("备注", "指标说明")),
    FieldSpec("是否核心指标", "core", "flag", "yes_no", aliases=("核心指标",)),
)
LEVEL1_HEADER = ("一级指标",)
LEVEL2_HEADER = ("二级指标",)
"""Hand-made workbooks sometimes give the tree its own columns instead of label rows."""
