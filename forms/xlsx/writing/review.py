"""The two 编审表: 基本建设项目支出预算补充编审表 and 项目支出预算编审表 (sections, groups, items
with their 简述, and the score rows)."""

from __future__ import annotations

from ...layouts import review as L_review
from ...model.review import BudgetReview, ConstructionReview
from ..cells import NUMBER_FORMAT
from .sheet import SheetWriter


def _review_row(w: SheetWriter, r: int, number: str, title: str, weight, opinion: str, *, band: bool,
                self_score=None, finance_score=None, bold: bool = False) -> None:
    kind = "band" if band else "value"
    number_kind = "band_number" if band else "number"
    w.cell(r, 1, number, kind=kind)
    w.cell(r, 2, title, kind="bold" if bold else kind)
    w.cell(r, 3, weight, kind=number_kind, fmt=NUMBER_FORMAT)
    w.cell(r, 4, self_score, kind=number_kind, fmt="0.00")
    w.cell(r, 5, finance_score, kind=number_kind, fmt="0.00")
    w.cell(r, 6, opinion, kind=kind)


def _review_item(w: SheetWriter, r: int, item, path: str) -> int:
    _review_row(w, r, item.number, item.title, item.weight, item.opinion, band=False,
                self_score=item.self_score, finance_score=item.finance_score)
    w.cell(r + 1, 1, L_review.SUMMARY, kind="label")
    w.rich(r + 1, 2, 6, f"{path}.summary", item.summary)
    return r + 2


def _review_header(w: SheetWriter, r: int) -> None:
    for c, (label, _aliases) in enumerate(L_review.COLUMNS, 1):
        w.cell(r, c, label, kind="header")


def _score_row(w: SheetWriter, r: int, label: str, pair) -> None:
    w.cell(r, 1, None, kind="label")
    w.cell(r, 2, label, kind="label")
    w.cell(r, 3, None)
    w.cell(r, 4, pair.self_score, kind="number", fmt="0.00")
    w.cell(r, 5, pair.finance_score, kind="number", fmt="0.00")
    w.cell(r, 6, None)


def write_construction(w: SheetWriter, review: ConstructionReview | None) -> None:
    w.title(1, L_review.CONSTRUCTION.name)
    _review_header(w, 2)
    review = review or ConstructionReview()
    _score_row(w, 3, L_review.CONSTRUCTION_TOTAL[0], review.total_score)
    r = 4
    for s, section in enumerate(review.sections):
        _review_row(w, r, section.number, section.title, section.weight, section.opinion, band=True)
        r += 1
        for i, item in enumerate(section.items):
            r = _review_item(w, r, item, f"construction_review.sections[{s}].items[{i}]")
    w.finish((2, 2), freeze="A3")


def write_budget_review(w: SheetWriter, review: BudgetReview) -> None:
    w.title(1, L_review.BUDGET.name)
    _review_header(w, 2)
    r = 3
    for s, section in enumerate(review.sections):
        _review_row(w, r, section.number, section.title, section.weight, section.opinion, band=True)
        r += 1
        for g, group in enumerate(section.groups):
            _review_row(w, r, group.number, group.title, group.weight, group.opinion, band=False, bold=True)
            r += 1
            for i, item in enumerate(group.items):
                r = _review_item(w, r, item, f"budget_review.sections[{s}].groups[{g}].items[{i}]")
    for label, pair in ((L_review.TABLE_SCORE[0], review.table_score),
                        (L_review.SUPPLEMENT_SCORE[0], review.supplement_score),
                        (L_review.TOTAL_SCORE[0], review.total_score)):
        _score_row(w, r, label, pair)
        r += 1
    w.finish((2, 2), freeze="A3")
