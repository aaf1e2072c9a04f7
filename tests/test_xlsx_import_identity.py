"""The importer's quick paths give what the plain ones give: the visible text of a markup, a cell
as text, the quick NFKC on scores and numbers, a review node built from its scores in one go."""

from __future__ import annotations

import unicodedata
from datetime import date, datetime
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from forms.model import BudgetReviewSection, ReviewGroup, ReviewItem
from forms.rules._util import nfkc
from forms.xlsx.cells import cell_text, html_runs, html_visible, parse_int, parse_year

PIECES = ["<p>", "</p>", "<sup>", "</sup>", "<sub>", "</sub>", "<br/>", "<br>", "<div>", "</div>", "<SUP>",
          "<sup/>", "<span class='x'>", "</span>", "<li>", "<p >", " ", "\n", "\t", "\u3000", "&amp;", "&lt;",
          "&nbsp;", "a", "中文", "m", "2", "（5分）"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=14).map("".join))
def test_visible_text_is_the_text_of_the_runs(markup):
    assert html_visible(markup) == "".join(t for t, _ in html_runs(markup))


class Text(str):
    pass


@pytest.mark.parametrize("value, expected", [
    (None, ""), ("", ""), ("文字", "文字"), (Text(""), ""), (Text("文字"), "文字"), (True, "是"), (False, "否"),
    (5.0, "5"), (5.5, "5.5"), (1e16, "1e+16"), (7, "7"), (Decimal("1.50"), "1.50"),
    (datetime(2020, 1, 2, 3, 4), "2020年1月2日"), (date(987, 5, 6), "0987年5月6日"),
])
def test_cell_text(value, expected):
    assert cell_text(value) == expected


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="0123456789２０年度 \u3000（）()+-①", max_size=10))
def test_whole_numbers_read_as_after_plain_nfkc(text):
    assert nfkc(text) == unicodedata.normalize("NFKC", text)
    for parse in (parse_year, parse_int):
        try:
            got = parse(text)
        except ValueError:
            got = ValueError
        assert got in (ValueError, None) or isinstance(got, int)


@pytest.mark.parametrize("cls", [ReviewItem, ReviewGroup, BudgetReviewSection])
def test_a_node_built_from_its_scores_equals_one_assigned_field_by_field(cls):
    values = {"weight": Decimal("8"), "opinion": "意见"}
    assigned = cls(number="1.1", title="项目依据")
    for key, value in values.items():
        setattr(assigned, key, value)
    assert cls(number="1.1", title="项目依据", **values) == assigned
