"""Starting points for a new submission: blank, or the sample.

The review tables' structure (sections, items, weights) is the template's, taken from the sample
submission with every score, opinion and 简述 cleared, so that a blank submission has the same
编审要点 the finance bureau scores.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from forms import files
from forms.model import BudgetReview, ConstructionReview, Submission

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "seeds" / "sample-yuxi-customs-2020.bfproj"


@lru_cache(maxsize=1)
def _sample_text() -> str:
    return SAMPLE.read_text(encoding="utf-8")


def sample_submission() -> Submission:
    return files.loads(_sample_text(), SAMPLE)


def _clear_items(items) -> None:
    for it in items:
        it.self_score = None
        it.finance_score = None
        it.opinion = ""
        it.summary = ""


def budget_review_template() -> BudgetReview:
    br = sample_submission().budget_review
    for section in br.sections:
        section.opinion = ""
        for group in section.groups:
            group.opinion = ""
            _clear_items(group.items)
    return BudgetReview(sections=br.sections)


def construction_template() -> ConstructionReview:
    cr = sample_submission().construction_review or ConstructionReview()
    for section in cr.sections:
        section.opinion = ""
        _clear_items(section.items)
    return ConstructionReview(sections=cr.sections)


def blank_submission(budget_year: int | None = None) -> Submission:
    """An empty submission for *budget_year* with its year columns and the review template."""
    sub = Submission()
    sub.budget_review = budget_review_template()
    if budget_year is not None:
        sub.basic.budget_year = budget_year
        sub.ensure_grid()
    return sub
