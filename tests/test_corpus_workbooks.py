"""Workbooks made the way the world makes them (:mod:`tests.corpus`) read exactly as their clean
twin, the sample exported by this app: the same submission, the same findings at the same cells.

Known differences, by format: python-calamine reports no merged ranges for an .ods (the labels
are found all the same); superscripts typed in a cell by hand are read from .xlsx only (the last
test).
"""

from __future__ import annotations

import pytest

from tests.corpus import LO_FROM

pytestmark = pytest.mark.slow


def read(path):
    from forms.commands.check import check_path
    from forms.documents import open_document

    entry = check_path(path)
    assert entry["readable"], entry["error"]
    return open_document(path).submission, entry["findings"]


VARIANTS = (["shared-strings.xlsx", "formulas-lo.xlsx", "dates.xlsx", "protected.xlsx", "image.xlsx", "comments.xlsx",
             "all-lo.xlsx", "sample-lo.et"]
            + [f"{n}-lo.{fmt}" for fmt, names in LO_FROM.items() for n in names if not (n == "all" and fmt == "xlsx")])


@pytest.mark.parametrize("variant", sorted(set(VARIANTS)))
def test_variant_reads_as_its_clean_twin(corpus, variant):
    twin_sub, twin_findings = read(corpus["sample.xlsx"])
    sub, findings = read(corpus[variant])
    assert sub == twin_sub
    assert findings == twin_findings


def test_formulas_without_cached_values_are_reported_not_read_as_zero(corpus):
    """openpyxl writes a formula without its result: each 合计 is an IMP-04 at its cell (until a
    spreadsheet program recalculates and saves it: ``formulas-lo.*`` read as the twin)."""
    _, findings = read(corpus["formulas.xlsx"])
    uncached = sorted(f["cell"] for f in findings if f["rule"] == "IMP-04")
    assert uncached == ["项目基本信息表!D13", "项目基本信息表!F13"]


def test_an_error_value_in_xls_and_ods_is_the_finding_it_is_in_xlsx(corpus, tmp_path):
    """A 合计 showing #DIV/0! (the formula divides by zero) is IMP-08 at its cell in every format."""
    import openpyxl

    from tests.corpus import convert

    src = tmp_path / "div0.xlsx"
    wb = openpyxl.load_workbook(corpus["sample.xlsx"])
    wb["项目基本信息表"]["D13"] = "=1/0"
    wb.save(src)
    convert([src], "xls", tmp_path / "xls", tmp_path / "lo-profile")
    convert([src], "ods", tmp_path / "ods", tmp_path / "lo-profile")
    convert([src], "xlsx", tmp_path / "xlsx", tmp_path / "lo-profile")
    for path in (tmp_path / "xlsx" / "div0.xlsx", tmp_path / "xls" / "div0.xls", tmp_path / "ods" / "div0.ods"):
        _, findings = read(path)
        errors = [(f["rule"], f["cell"]) for f in findings if f["rule"] == "IMP-08"]
        assert errors == [("IMP-08", "项目基本信息表!D13")], path.name


def test_superscripts_typed_in_a_cell_are_read_from_xlsx_only(corpus, tmp_path):
    """The one difference between the formats: a 简述 typed with a superscript (m²) and no hidden
    markup sheet gives ``<sup>`` from .xlsx; .xls and .ods give the plain text (calamine reads no
    runs, and their run formats are not walked)."""
    import openpyxl
    from openpyxl.cell.rich_text import CellRichText, TextBlock
    from openpyxl.cell.text import InlineFont

    from forms.documents import open_document
    from tests.corpus import convert

    src = tmp_path / "rich.xlsx"
    wb = openpyxl.load_workbook(corpus["sample.xlsx"])
    del wb["_budgetforms"]
    wb["项目基本信息表"]["D22"] = CellRichText(["面积5000m", TextBlock(InlineFont(vertAlign="superscript"), "2"), "，用房"])
    wb.save(src)
    convert([src], "xls", tmp_path, tmp_path / "lo-profile")
    convert([src], "ods", tmp_path, tmp_path / "lo-profile")
    html = {p.suffix: open_document(p).submission.narratives.basis.html for p in (src, tmp_path / "rich.xls", tmp_path / "rich.ods")}
    assert html == {".xlsx": "<p>面积5000m<sup>2</sup>，用房</p>", ".xls": "面积5000m2，用房", ".ods": "面积5000m2，用房"}
