"""The 年度目标, 绩效指标, 基建补充编审, 预算编审 and narrative pages name what the layouts name: the
grids' headers are the layout's labels, each column's cells edit the field the layout gives that
label, and the total rows, the titles and the narrative groups and items come from forms/layouts."""

from __future__ import annotations

import re
from pathlib import Path

from desktop.qt import QGroupBox, Qt
from desktop.steps import performance as perf_page
from desktop.steps import review as review_page
from forms.layouts import narratives as LN
from forms.layouts import performance as LP
from forms.layouts import review as LR


def headers(grid) -> list[str]:
    model = grid.model()
    return [str(model.headerData(c, Qt.Orientation.Horizontal)) for c in range(model.columnCount())]


def _data_rows(grid):
    """Every data row under the grid's rows (the tree's leaves)."""
    stack = list(grid.model().top)
    while stack:
        row = stack.pop(0)
        if row.role == "data":
            yield row
        stack[:0] = row.children


def _field(path: str | None) -> str | None:
    """The field a cell edits, under its row: ``performance.indicators[3].unit`` → ``unit``."""
    return None if path is None else re.sub(r"^.*\]\.", "", path)


def test_annual_goals_headers_are_the_layouts(sample_window):
    sample_window.show_step("年度目标")
    grid = sample_window.page("年度目标").grid
    specs = [spec for spec, _first, _last in LP.GOAL_COLUMNS]
    assert headers(grid) == [spec.label for spec in specs] == ["财年", "目标", "备注"]
    rows = list(_data_rows(grid))
    assert rows, "the sample has annual goals"
    for row in rows:
        assert [_field(c.path) for c in row.cells] == [spec.path for spec in specs]


def test_indicator_headers_are_the_layouts_and_each_column_edits_its_field(sample_window):
    sample_window.show_step("绩效指标")
    grid = sample_window.page("绩效指标").grid
    assert headers(grid) == [spec.label for spec in LP.INDICATOR_COLUMNS]
    rows = list(_data_rows(grid))
    assert len(rows) == len(sample_window.doc.submission.performance.indicators)
    for row in rows:
        assert [_field(c.path) for c in row.cells] == [spec.path for spec in LP.INDICATOR_COLUMNS]
        by_field = {_field(c.path): c for c in row.cells}
        assert by_field["core"].kind == "yesno" and by_field["unit"].choices, "flag and code-list columns kept"


def test_review_headers_are_the_layouts(sample_window):
    expected = [LR.ITEM_FIELDS[key].label for key, _width in review_page.SHOWN]
    assert expected == ["编审要点", "权重", "部门自评", "财政评审", "财政评审意见", "简述"]
    for step in ("基建补充编审", "预算编审"):
        sample_window.show_step(step)
        grid = sample_window.page(step).grid
        assert headers(grid) == expected, step
        for row in _data_rows(grid):
            fields = [_field(c.path) for c in row.cells]
            assert fields == [key for key, _width in review_page.SHOWN], (step, fields)


def _total_rows(grid) -> list[tuple[str, str]]:
    """(the text shown in the first column, the row's model path) of the top-level score rows."""
    model = grid.model()
    out = []
    for r, row in enumerate(model.top):
        if row.key and row.key.endswith("_score"):
            out.append((str(model.data(model.index(r, 0), Qt.ItemDataRole.DisplayRole)), row.key))
    return out


def test_review_total_rows_and_titles_are_the_layouts(sample_window):
    sample_window.show_step("基建补充编审")
    page = sample_window.page("基建补充编审")
    assert _total_rows(page.grid) == [(label, f"construction_review.{key}") for key, (label, _a) in LR.CONSTRUCTION_TOTALS]
    assert page.intro.startswith(LR.CONSTRUCTION.name + "：")
    sample_window.show_step("预算编审")
    page = sample_window.page("预算编审")
    assert _total_rows(page.grid) == [(label, f"budget_review.{key}") for key, (label, _a) in LR.BUDGET_TOTALS]
    assert [label for label, _key in _total_rows(page.grid)] == ["本表得分", "基建项目补充表得分", "总分"]
    assert page.intro.startswith(LR.BUDGET.name + "：")
    goals = sample_window.page("年度目标")
    assert goals.intro.startswith(LP.GOALS_TITLE + "：")


def test_narrative_pages_are_the_layouts_groups_and_items(sample_window):
    assert LN.GROUPS == ("项目目标", "项目计划", "项目管理")
    for group in LN.GROUPS:
        sample_window.show_step(group)
        page = sample_window.page(group)
        boxes = [b.title() for b in page.findChildren(QGroupBox)]
        assert boxes == [spec.label for spec in LN.fields_of(group)], group
        assert list(page.editors) == [LN.key_of(spec) for spec in LN.fields_of(group)]
    assert [spec.path for g in LN.GROUPS for spec in LN.fields_of(g)] == [spec.path for spec in LN.FIELDS]


def test_page_modules_declare_no_column_label_of_their_own():
    """The labels are not written in the page modules: a label of the layout found as a string
    literal in the source is a second declaration."""
    import ast

    from desktop.steps import narratives as narrative_page

    labels = ({spec.label for spec, *_ in LP.GOAL_COLUMNS} | {spec.label for spec in LP.INDICATOR_COLUMNS}
              | {spec.label for spec in LR.ITEM_FIELDS.values()} | {spec.label for spec in LN.FIELDS}
              | {label for _key, (label, _a) in LR.CONSTRUCTION_TOTALS + LR.BUDGET_TOTALS} | set(LN.GROUPS))
    for module in (perf_page, review_page, narrative_page):
        assert module.__file__ is not None
        tree = ast.parse(Path(module.__file__).read_text(encoding="utf-8"))
        literals = {n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)}
        assert not literals & labels, (module.__name__, literals & labels)
