"""Starting points for a new submission: blank, or one of the shipped examples (:data:`SAMPLES`).

The review tables' structure (sections, items, weights) is the standard one declared once in
:mod:`forms.layouts.review`, so that a blank submission has the same 编审要点 the finance bureau scores.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from forms import files, locations
from forms.layouts.review import standard_budget_review, standard_construction_review
from forms.model import BudgetReview, ConstructionReview, Submission

SAMPLE = locations.sample_path()


class Sample(NamedTuple):
    """A shipped submission a new one can start from: its file in ``seeds/`` and what the menu says."""

    name: str
    title: str
    tip: str

    @property
    def path(self) -> Path:
        return locations.seed(self.name)


SAMPLES: tuple[Sample, ...] = (
    Sample(locations.SAMPLE_NAME, "玉溪海关综合业务用房项目补助资金（2020 年，样表）",
           "样表原样：玉溪市商务局 2020 年的下级补助项目，保留原表的问题，可看检查结果如何提示"),
    Sample("example-huaning-education-2024.bfproj", "华宁县义务教育学校教学设备更新项目（2024 年，含支出明细）",
           "规范示例：华宁县教育体育局的本级项目，两年资金、各级绩效指标、支出明细表和政府采购表，检查无错误、无警告"),
)
"""The shipped examples, in the order of the 从示例新建 menu (the first is the seed)."""


@lru_cache(maxsize=4)
def _sample_text(name: str) -> str:
    return locations.seed(name).read_text(encoding="utf-8")


def sample_submission(name: str = locations.SAMPLE_NAME) -> Submission:
    """A fresh copy of the shipped example *name* (the seed by default): the file is only read."""
    return files.loads(_sample_text(name), locations.seed(name))


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
