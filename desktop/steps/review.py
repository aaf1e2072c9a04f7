"""The two review tables: 基本建设项目支出预算补充编审表 and 项目支出预算编审表.

Items carry their weight (from the template, read-only), 部门自评, 财政评审, 财政评审意见 and 简述;
section rows show their weight and the sums of their items. 总得分 and 本表得分 are computed from the
items; 总分 is entered (how it combines the two tables is the finance bureau's rule).

The column labels, the table titles and the total rows' labels are the layout's
(:mod:`forms.layouts.review`); the page keeps only its column widths. Both tables are drawn by one
``_heading_row`` (a section or a sub-section, :class:`~forms.model.review.ReviewHeading`).
"""

from __future__ import annotations

from decimal import Decimal

from desktop.qt import QHBoxLayout, QLabel, QPushButton, QWidget
from forms.layouts import review as L
from forms.model import format_money, html_to_text
from forms.model.review import ReviewHeading

from ..templates import construction_template
from ..widgets.fields import show_cell
from ..widgets.grid import Cell, Row
from .base import Page

SHOWN: tuple[tuple[str, int], ...] = (("title", 380), ("weight", 60), ("self_score", 80), ("finance_score", 80),
                                      ("opinion", 200), ("summary", 360))
"""The item fields shown, with their column widths (px); 序号 is shown with the title."""
COLUMNS = [(L.ITEM_FIELDS[key].label, width) for key, width in SHOWN]


def _weight(w: Decimal | None) -> str:
    if w is None:
        return ""
    return f"{w.normalize():f}分"


_NUMERALS = set("一二三四五六七八九十")


def heading(number: str, title: str) -> str:
    """``一`` + ``项目目标`` → ``一、项目目标``; ``1.1`` + ``项目依据是否充分`` → ``1.1 项目依据是否充分``."""
    number, title = number.strip(), title.strip()
    if not number:
        return title
    if number[-1] in _NUMERALS:
        return f"{number}、{title}"
    return f"{number} {title}"


def _sum(items, column: str) -> str:
    values = [getattr(it, column) for it in items if getattr(it, column) is not None]
    return format_money(sum(values, Decimal(0))) if values else ""


def _item_row(p: str, it) -> Row:
    return Row([
        Cell(f"{p}.title", "text", heading(it.number, it.title), editable=False),
        Cell(f"{p}.weight", "score", _weight(it.weight), editable=False),
        Cell(f"{p}.self_score", "score", show_cell("score", it.self_score)),
        Cell(f"{p}.finance_score", "score", show_cell("score", it.finance_score)),
        Cell(f"{p}.opinion", "text", it.opinion),
        Cell(f"{p}.summary", "text", html_to_text(it.summary).replace("\n", " ")),
    ], key=p)


def _heading_row(p: str, node: ReviewHeading) -> Row:
    """A section or sub-section row of either table: its number and title, its weight, the sums of
    the items under it and its opinion."""
    items = list(node.leaves())
    return Row([Cell(text=heading(node.number, node.title)), Cell(text=_weight(node.weight)),
                Cell(text=_sum(items, "self_score")), Cell(text=_sum(items, "finance_score")),
                Cell(f"{p}.opinion", "text", node.opinion)], role="group", key=p)


def _score_row(title: str, path: str, pair, editable: bool, role: str) -> Row:
    return Row([
        Cell(text=title), Cell(),
        Cell(f"{path}.self_score", "score", show_cell("score", pair.self_score), editable=editable),
        Cell(f"{path}.finance_score", "score", show_cell("score", pair.finance_score), editable=editable),
    ], role=role, key=path)


class ConstructionPage(Page):
    step = "基建补充编审"
    intro = (f"{L.CONSTRUCTION.name}：“是否基本建设项目”为“是”时填写。各项得分不超过权重，"
             f"{L.CONSTRUCTION_TOTAL[0]}自动相加。选中单元格直接输入即可修改，Tab 到下一格。")

    def __init__(self, doc, parent: QWidget | None = None):
        super().__init__(doc, parent)
        row = QHBoxLayout()
        self.status = QLabel(self)
        self.add_btn = QPushButton("按模板添加补充编审表", self)
        self.add_btn.setObjectName("addConstructionReview")
        self.add_btn.clicked.connect(lambda: self.doc.set("construction_review", construction_template(),
                                                          "添加基建补充编审表"))
        self.remove_btn = QPushButton("删除补充编审表", self)
        self.remove_btn.clicked.connect(lambda: self.doc.set("construction_review", None, "删除基建补充编审表"))
        row.addWidget(self.status)
        row.addStretch(1)
        row.addWidget(self.add_btn)
        row.addWidget(self.remove_btn)
        self.outer.addLayout(row)
        self.grid = self.page_grid(COLUMNS, "constructionGrid", tree=True)

    def refresh_grids(self) -> None:
        cr = self.doc.submission.construction_review
        self.add_btn.setVisible(cr is None)
        self.remove_btn.setVisible(cr is not None)
        self.grid.setVisible(cr is not None)
        self.status.setText("本申报没有补充编审表。" if cr is None else "")
        if cr is None:
            self.grid.set_rows([])
            return
        rows = [_score_row(label, f"construction_review.{key}", getattr(cr, key), False, "total")
                for key, (label, _aliases) in L.CONSTRUCTION_TOTALS]
        for s, section in enumerate(cr.sections):
            p = f"construction_review.sections[{s}]"
            top = _heading_row(p, section)
            for i, it in enumerate(section.items):
                top.children.append(_item_row(f"{p}.items[{i}]", it))
            rows.append(top)
        self.grid.set_rows(rows)


class BudgetReviewPage(Page):
    step = "预算编审"
    intro = (f"{L.BUDGET.name}：{L.SELF[0]}由申报单位填写，{L.FINANCE[0]}及意见由财政部门填写。得分不超过{L.WEIGHT[0]}，"
             f"扣分时请写评审意见。{L.TABLE_SCORE[0]}自动相加。")

    def __init__(self, doc, parent: QWidget | None = None):
        super().__init__(doc, parent)
        self.grid = self.page_grid(COLUMNS, "budgetReviewGrid", tree=True)

    def refresh_grids(self) -> None:
        br = self.doc.submission.budget_review
        rows = []
        for s, section in enumerate(br.sections):
            p = f"budget_review.sections[{s}]"
            top = _heading_row(p, section)
            for g, group in enumerate(section.groups):
                gp = f"{p}.groups[{g}]"
                mid = _heading_row(gp, group)
                for i, it in enumerate(group.items):
                    mid.children.append(_item_row(f"{gp}.items[{i}]", it))
                top.children.append(mid)
            rows.append(top)
        for key, (label, _aliases) in L.BUDGET_TOTALS:
            entered = key == "total_score"  # 总分 is entered; the others are the sums
            rows.append(_score_row(label, f"budget_review.{key}", getattr(br, key), entered, "group" if entered else "total"))
        self.grid.set_rows(rows)
