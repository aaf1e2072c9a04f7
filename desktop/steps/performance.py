"""项目绩效目标表: 年度目标 (one row a year) and 绩效指标 (a tree-table 一级 → 二级 → 指标).

The columns are the layout's (:mod:`forms.layouts.performance`: labels, model fields, the code list
each offers); the pages keep only their column widths."""

from __future__ import annotations

import json

from desktop.qt import QComboBox, QHBoxLayout, QLabel, QMenu, QPushButton, QToolButton, QWidget
from forms.codes import RESOURCES, code_lists
from forms.layouts import FieldSpec
from forms.layouts import performance as L
from forms.model import AnnualGoal, Indicator, YesNo, indicator_tree

from ..widgets.fields import show_cell
from ..widgets.grid import Cell, Grid, Row
from .base import Page

TEMPLATES = RESOURCES / "indicator_templates.json"


GOAL_FIELDS = tuple(spec for spec, _first, _last in L.GOAL_COLUMNS)
GOAL_WIDTHS = {"year": 90, "goal": 520, "note": 300}
"""Column widths (px) by the annual goal's field."""
GOAL_COLUMNS = [(spec.label, GOAL_WIDTHS[spec.path]) for spec in GOAL_FIELDS]
RIGHT_ALIGNED = {"value"}
CELL_KIND = {"year": "int", "flag": "yesno"}
"""The grid's cell kind for a field kind (the rest are text cells)."""


def _cell(row_path: str, spec: FieldSpec, value, choices: list[str] | None = None) -> Cell:
    """The cell of *spec*'s field in the row at *row_path*."""
    kind = CELL_KIND.get(spec.kind, "text")
    text = show_cell(kind, value) if kind != "text" else value
    return Cell(f"{row_path}.{spec.path}", kind, text, choices=choices, align_right=spec.path in RIGHT_ALIGNED)


def _row_index(key: str) -> int | None:
    if not key or not key.endswith("]"):
        return None
    return int(key.rsplit("[", 1)[1][:-1])


class AnnualGoalsPage(Page):
    step = "年度目标"
    intro = f"{L.GOALS_TITLE}：实施期间每一年一行，写明当年要达到的目标。"

    def __init__(self, doc, parent: QWidget | None = None):
        super().__init__(doc, parent)
        self.grid = self.add_grid(Grid(GOAL_COLUMNS, self))
        self.grid.setObjectName("goalsGrid")
        self.outer.addLayout(self.buttons(("添加年度", self.add), ("删除", self.remove),
                                          ("上移", lambda: self.move_row(-1)), ("下移", lambda: self.move_row(1))))
        self.outer.addWidget(self.grid, 1)
        self.hint = QLabel(self)
        self.hint.setObjectName("formNote")
        self.outer.addWidget(self.hint)

    def refresh_grids(self) -> None:
        rows = []
        for i, g in enumerate(self.doc.submission.performance.annual_goals):
            p = f"performance.annual_goals[{i}]"
            rows.append(Row([_cell(p, spec, getattr(g, spec.path)) for spec in GOAL_FIELDS], key=p))
        self.grid.set_rows(rows)
        period = self.doc.submission.basic.period()
        self.hint.setText(f"实施期间：{period.start}–{period.stop - 1}年，共 {len(period)} 年。" if period else
                          "请先在“基本信息”中填写项目实施年度和周期。")

    def add(self) -> None:
        sub = self.doc.submission
        goals = sub.performance.annual_goals
        years = [g.year for g in goals if g.year]
        period = list(sub.basic.period())
        missing = [y for y in period if y not in years]
        year = missing[0] if missing else (max(years) + 1 if years else sub.basic.budget_year)
        self.doc.insert_row("performance.annual_goals", len(goals), AnnualGoal(year=year), "添加年度目标")
        self.grid.focus_path(f"performance.annual_goals[{len(goals) - 1}].goal")

    def grid_grow(self, grid, n: int) -> bool:
        """Tab past the last goal, or a paste of more years: *n* more years, one undo step."""
        sub = self.doc.submission
        goals = sub.performance.annual_goals
        years = [g.year for g in goals if g.year]
        missing = [y for y in sub.basic.period() if y not in years]
        after = max(years + list(sub.basic.period()) or [sub.basic.budget_year or 0])
        new = (missing + [after + 1 + i for i in range(n)])[:n]
        self.doc.insert_rows("performance.annual_goals", len(goals), [AnnualGoal(year=y) for y in new],
                             "添加年度目标")
        return True

    def remove(self) -> None:
        i = _row_index(self.grid.current_row_key())
        if i is not None:
            self.doc.remove_row("performance.annual_goals", i, "删除年度目标")

    def move_row(self, delta: int) -> None:
        i = _row_index(self.grid.current_row_key())
        n = len(self.doc.submission.performance.annual_goals)
        if i is not None and 0 <= i + delta < n:
            self.doc.move_row("performance.annual_goals", i, i + delta, "移动年度目标")
            self.grid.select_row_key(f"performance.annual_goals[{i + delta}]")


INDICATOR_WIDTHS = {"name": 230, "operator": 70, "value": 110, "unit": 80, "kind": 90, "basis": 240, "note": 220,
                    "core": 90}
"""Column widths (px) by the indicator's field."""
COLUMNS = [(spec.label, INDICATOR_WIDTHS[spec.path]) for spec in L.INDICATOR_COLUMNS]


class IndicatorsPage(Page):
    step = "绩效指标"
    intro = ("三级指标按一级、二级分组。至少要有产出、效益、满意度指标各一个；定量指标填数值和单位，"
             "定性指标的指标性质选“定性”。选中单元格直接输入即可修改，Ctrl+V 粘贴从 Excel 复制的整块内容。")

    def __init__(self, doc, parent: QWidget | None = None):
        super().__init__(doc, parent)
        tools = QHBoxLayout()
        tools.addWidget(QLabel("分类：", self))
        self.level1 = QComboBox(self)
        self.level1.setObjectName("indicatorLevel1")
        self.level2 = QComboBox(self)
        self.level2.setObjectName("indicatorLevel2")
        self.level2.setMinimumWidth(150)
        self.level1.currentTextChanged.connect(self._fill_level2)
        tools.addWidget(self.level1)
        tools.addWidget(self.level2)
        for text, slot, name in (("添加指标", self.add, "addIndicator"),
                                 ("移到此分类", self.move_to_level, "moveToLevel")):
            b = QPushButton(text, self)
            b.setObjectName(name)
            b.clicked.connect(slot)
            tools.addWidget(b)
        self.templates = QToolButton(self)
        self.templates.setText("从模板添加")
        self.templates.setObjectName("indicatorTemplates")
        self.templates.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.templates.setToolTip("本年度指标体系中的常用指标，选用后再按项目修改")
        tools.addWidget(self.templates)
        for text, slot in (("删除", self.remove), ("上移", lambda: self.move_row(-1)), ("下移", lambda: self.move_row(1))):
            b = QPushButton(text, self)
            b.clicked.connect(slot)
            tools.addWidget(b)
        tools.addStretch(1)
        self.outer.addLayout(tools)
        self.grid = self.add_grid(Grid(COLUMNS, self, tree=True))
        self.grid.setObjectName("indicatorGrid")
        self.empty = QLabel("还没有绩效指标：在“分类”中选好一级、二级指标后点“添加指标”，或点“从模板添加”选用常用指标。", self)
        self.empty.setObjectName("formNote")
        self.outer.addWidget(self.empty)
        self.outer.addWidget(self.grid, 1)
        self._tree_year: object = "unset"

    # code lists ------------------------------------------------------------------------------
    def _lists(self):
        return code_lists(self.doc.submission.basic.budget_year)

    def _fill_level2(self, level1: str) -> None:
        self.level2.clear()
        self.level2.addItems(list(self._lists()["indicator_tree"].tree.get(level1, ())))

    def _template_menu(self) -> QMenu:
        """The templates whose 一级 / 二级 belong to this budget year's indicator tree."""
        menu = QMenu(self)
        tree = self._lists()["indicator_tree"].tree
        try:
            data = json.loads(TEMPLATES.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            menu.addAction("（模板文件无法读取）").setEnabled(False)
            return menu
        groups: dict[str, QMenu] = {}
        for t in data.get("templates", []):
            if t.get("level2") not in tree.get(t.get("level1"), ()):
                continue
            key = f"{t['level1']} › {t['level2']}"
            if key not in groups:
                groups[key] = menu.addMenu(key)
            action = groups[key].addAction(t["name"])
            action.triggered.connect(lambda _=False, t=t: self.add_template(t))
        return menu

    # rows ------------------------------------------------------------------------------------
    def refresh_grids(self) -> None:
        sub = self.doc.submission
        year = sub.basic.budget_year
        if year != self._tree_year:
            current = self.level1.currentText()
            self.level1.blockSignals(True)
            self.level1.clear()
            self.level1.addItems(list(self._lists()["indicator_tree"].tree))
            self.level1.blockSignals(False)
            if current:
                self.level1.setCurrentText(current)
            self._fill_level2(self.level1.currentText())
            old = self.templates.menu()
            self.templates.setMenu(self._template_menu())
            if old is not None:
                old.deleteLater()
            self._tree_year = year
        lists = self._lists()
        choices = {spec.path: lists[spec.choices].choices() for spec in L.INDICATOR_COLUMNS
                   if spec.choices and spec.kind != "flag"}
        indicators = sub.performance.indicators
        rows = []
        for level1, seconds in indicator_tree(indicators):
            top = Row([Cell(text=level1 or "（未选一级指标）")], role="header", key=f"level1:{level1}")
            for level2, members in seconds:
                mid = Row([Cell(text=level2 or "（未选二级指标）")], role="header", key=f"level2:{level1}/{level2}")
                for i in members:
                    ind = indicators[i]
                    p = f"performance.indicators[{i}]"
                    mid.children.append(Row([_cell(p, spec, getattr(ind, spec.path), choices.get(spec.path))
                                             for spec in L.INDICATOR_COLUMNS], key=p))
                top.children.append(mid)
            rows.append(top)
        self.grid.set_rows(rows)
        self.empty.setVisible(not indicators)

    def _selected(self) -> int | None:
        return _row_index(self.grid.current_row_key())

    def _insert_at(self, level1: str, level2: str) -> int:
        indicators = self.doc.submission.performance.indicators
        same = [i for i, ind in enumerate(indicators) if ind.level1 == level1 and ind.level2 == level2]
        if same:
            return same[-1] + 1
        top = [i for i, ind in enumerate(indicators) if ind.level1 == level1]
        return top[-1] + 1 if top else len(indicators)

    def add(self) -> None:
        self._insert(Indicator(level1=self.level1.currentText(), level2=self.level2.currentText(), core=YesNo.UNSET))

    def add_template(self, t: dict) -> None:
        fields = {k: t.get(k, "") for k in ("level1", "level2", "name", "operator", "value", "unit", "kind",
                                            "basis", "note")}
        self._insert(Indicator(**fields))

    def _insert(self, indicator: Indicator) -> None:
        at = self._insert_at(indicator.level1, indicator.level2)
        self.doc.insert_row("performance.indicators", at, indicator, "添加绩效指标")
        self.grid.focus_path(f"performance.indicators[{at}].name")

    def remove(self) -> None:
        i = self._selected()
        if i is not None:
            self.doc.remove_row("performance.indicators", i, "删除绩效指标")

    def move_row(self, delta: int) -> None:
        """Move the indicator up or down within its 二级 group."""
        i = self._selected()
        if i is None:
            return
        indicators = self.doc.submission.performance.indicators
        me = indicators[i]
        group = [j for j, ind in enumerate(indicators) if (ind.level1, ind.level2) == (me.level1, me.level2)]
        pos = group.index(i) + delta
        if 0 <= pos < len(group):
            self.doc.move_row("performance.indicators", i, group[pos], "移动绩效指标")
            self.grid.select_row_key(f"performance.indicators[{group[pos]}]")

    def move_to_level(self) -> None:
        """Put the selected indicator under the chosen 一级 / 二级."""
        i = self._selected()
        if i is None:
            return
        l1, l2 = self.level1.currentText(), self.level2.currentText()
        p = f"performance.indicators[{i}]"
        self.doc.edit([(f"{p}.level1", l1), (f"{p}.level2", l2)], "修改指标分类")
