"""The two review tables share one heading base and one table base: the structure is written once,
and what a project file, a workbook and the checker see of it is unchanged."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from forms import files, locations
from forms.model import (
    BudgetReview,
    BudgetReviewSection,
    ConstructionReview,
    ConstructionSection,
    ReviewGroup,
    ReviewItem,
)
from forms.model.review import ItemHeading, ReviewHeading, ReviewTable
from forms.xlsx import export_workbook, import_workbook

HEADING_KEYS = ["number", "title", "weight", "opinion"]
SEED_FILES = sorted(locations.seed().glob("*.bfproj"))


def test_both_tables_build_on_one_heading_and_one_table_base():
    for cls in (BudgetReviewSection, ConstructionSection, ReviewGroup):
        assert issubclass(cls, ReviewHeading)
    assert issubclass(ConstructionSection, ItemHeading) and issubclass(ReviewGroup, ItemHeading)
    assert issubclass(BudgetReview, ReviewTable) and issubclass(ConstructionReview, ReviewTable)
    # the base declares the shared fields once; the subclasses add only their children
    for cls in (BudgetReviewSection, ConstructionSection, ReviewGroup):
        own = [k for k in cls.model_fields if k not in ReviewHeading.model_fields]
        assert own == (["groups"] if cls is BudgetReviewSection else ["items"])


def test_fields_come_in_the_forms_order():
    """What the model gives (the JSON of ``check``, the workbook's columns follow the layout) keeps
    the order it had before the bases: heading fields first, then the children; sections before the
    totals."""
    assert list(BudgetReview().model_dump()) == ["sections", "table_score", "supplement_score", "total_score"]
    assert list(ConstructionReview().model_dump()) == ["sections", "total_score"]
    assert list(BudgetReviewSection().model_dump()) == [*HEADING_KEYS, "groups"]
    assert list(ConstructionSection().model_dump()) == [*HEADING_KEYS, "items"]
    assert list(ReviewGroup().model_dump()) == [*HEADING_KEYS, "items"]


def test_seeds_round_trip_byte_for_byte():
    assert len(SEED_FILES) >= 2
    for path in SEED_FILES:
        sub = files.load(path)
        text = files.dumps(sub)
        assert files.dumps(files.loads(text)) == text, path.name
        data = json.loads(text)["submission"]
        for section in data["budget_review"]["sections"]:
            assert sorted(section) == sorted([*HEADING_KEYS, "groups"])
        if data.get("construction_review"):
            for section in data["construction_review"]["sections"]:
                assert sorted(section) == sorted([*HEADING_KEYS, "items"])


def test_the_example_seed_is_written_back_unchanged():
    (example,) = [p for p in SEED_FILES if p.name.startswith("example-")]
    assert files.dumps(files.load(example)) == example.read_text(encoding="utf-8")


def test_review_tables_survive_the_workbook(tmp_path):
    for path in SEED_FILES:
        sub = files.load(path)
        out = tmp_path / f"{path.stem}.xlsx"
        export_workbook(sub, out)
        back = import_workbook(out).submission
        # compared as models: a workbook's 8 and a file's "8.00" are the same score
        assert back.budget_review == sub.budget_review, path.name
        assert back.construction_review == sub.construction_review, path.name


@pytest.mark.parametrize("column", ["self_score", "finance_score"])
def test_sums_and_scored_come_from_the_same_leaves(sample, column):
    br, cr = sample.budget_review, sample.construction_review
    assert cr is not None
    assert br.computed(column) == sum((getattr(it, column) or Decimal(0) for *_, it in br.items()), Decimal(0))
    assert cr.computed(column) == sum((getattr(it, column) or Decimal(0) for *_, it in cr.items()), Decimal(0))
    assert [it for *_, it in br.items()] == list(br.leaves())
    assert [it for *_, it in cr.items()] == list(cr.leaves())


def test_is_scored_on_both_tables():
    blank = ConstructionReview(sections=[ConstructionSection(items=[ReviewItem(title="a")])])
    assert not blank.is_scored()
    blank.sections[0].items[0].finance_score = Decimal("3")
    assert blank.is_scored()
    budget = BudgetReview(sections=[BudgetReviewSection(groups=[ReviewGroup(items=[ReviewItem(self_score=Decimal(1))])])])
    assert budget.is_scored() and budget.computed("self_score") == Decimal(1)
    assert BudgetReview().computed("finance_score") == Decimal(0)
