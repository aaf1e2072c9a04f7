"""The two review tables: 基本建设项目支出预算补充编审表 and 项目支出预算编审表.

Items carry their weight (from the template, read-only), 部门自评, 财政评审, 财政评审意见 and 简述;
section rows show their weight and the sums of their items. 总得分 and 本表得分 are computed from the
items; 总分 is entered (how it combines the two tables is the finance bureau's rule).
"""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from forms.model import format_money, html_to_text

from ..templates import construction_template
from ..widgets.fields import show_cell
from ..widgets.grid import Cell, Row
from .base import Page

COLUMNS = [("编审要点", 380), ("权重", 60), ("部门自评", 80), ("财政评审", 80), ("财政评审意见", 200), ("简述", 360)]


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


def _score_row(title: str, path: str, pair, editable: bool, role: str) -> Row:
    return Row([
        Cell(text=title), Cell(),
        Cell(f"{path}.self_score", "score", show_cell("score", pair.self_score), editable=editable),
        Cell(f"{path}.finance_score", "score", show_cell("score", pair.finance_score), editable=editable),
    ], role=role, key=path)


class ConstructionPage(Page):
    step = "基建补充编审"
    intro = ("基本建设项目支出预算补充编审表：“是否基本建设项目”为“是”时填写。各项得分不超过权重，"
             "总得分自动相加。选中单元格直接输入即可修改，Tab 到下一格。")

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
        rows = [_score_row("总得分", "construction_review.total_score", cr.total_score, False, "total")]
        for s, section in enumerate(cr.sections):
            p = f"construction_review.sections[{s}]"
            top = Row([Cell(text=heading(section.number, section.title)), Cell(text=_weight(section.weight)),
                       Cell(text=_sum(section.items, "self_score")), Cell(text=_sum(section.items, "finance_score")),
                       Cell(f"{p}.opinion", "text", section.opinion)], role="group", key=p)
            for i, it in enumerate(section.items):
                top.children.append(_item_row(f"{p}.items[{i}]", it))
            rows.append(top)
        self.grid.set_rows(rows)


class BudgetReviewPage(Page):
    step = "预算编审"
    intro = ("项目支出预算编审表：部门自评由申报单位填写，财政评审及意见由财政部门填写。得分不超过权重，"
             "扣分时请写评审意见。本表得分自动相加。")

    def __init__(self, doc, parent: QWidget | None = None):
        super().__init__(doc, parent)
        self.grid = self.page_grid(COLUMNS, "budgetReviewGrid", tree=True)

    def refresh_grids(self) -> None:
        br = self.doc.submission.budget_review
        rows = []
        for s, section in enumerate(br.sections):
            p = f"budget_review.sections[{s}]"
            items = [it for g in section.groups for it in g.items]
            top = Row([Cell(text=heading(section.number, section.title)), Cell(text=_weight(section.weight)),
                       Cell(text=_sum(items, "self_score")), Cell(text=_sum(items, "finance_score")),
                       Cell(f"{p}.opinion", "text", section.opinion)], role="group", key=p)
            for g, group in enumerate(section.groups):
                gp = f"{p}.groups[{g}]"
                mid = Row([Cell(text=heading(group.number, group.title)), Cell(text=_weight(group.weight)),
                           Cell(text=_sum(group.items, "self_score")), Cell(text=_sum(group.items, "finance_score")),
                           Cell(f"{gp}.opinion", "text", group.opinion)], role="group", key=gp)
                for i, it in enumerate(group.items):
                    mid.children.append(_item_row(f"{gp}.items[{i}]", it))
                top.children.append(mid)
            rows.append(top)
        rows.append(_score_row("本表得分", "budget_review.table_score", br.table_score, False, "total"))
        rows.append(_score_row("基建项目补充表得分", "budget_review.supplement_score", br.supplement_score, False,
                               "total"))
        rows.append(_score_row("总分", "budget_review.total_score", br.total_score, True, "group"))
        self.grid.set_rows(rows)
