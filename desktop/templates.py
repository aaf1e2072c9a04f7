"""Starting points for a new submission: blank, or the sample.

The review tables' structure (sections, items, weights) is the standard one declared once in
:mod:`forms.layouts.review`, so that a blank submission has the same 编审要点 the finance bureau scores.
"""

from __future__ import annotations

from functools import lru_cache

from forms import files, locations
from forms.layouts.review import standard_budget_review, standard_construction_review
from forms.model import BudgetReview, ConstructionReview, Submission

SAMPLE = locations.sample_path()


@lru_cache(maxsize=1)
def _sample_text() -> str:
    return SAMPLE.read_text(encoding="utf-8")


def sample_submission() -> Submission:
    return files.loads(_sample_text(), SAMPLE)


def budget_review_template() -> BudgetReview:
    """The 编审表's standard sections, items and weights, unscored (declared in forms.layouts)."""
    return standard_budget_review()


def construction_template() -> ConstructionReview:
    """The capital-construction supplement's standard items and weights, unscored."""
    return standard_construction_review()


def blank_submission(budget_year: int | None = None) -> Submission:
    """An empty submission for *budget_year* with its year columns and the review template."""
    sub = Submission()
    sub.budget_review = budget_review_template()
    if budget_year is not None:
        sub.basic.budget_year = budget_year
        sub.ensure_grid()
    return sub
