"""Round trip with generated submissions: export → import gives an equal submission, and
export → import → export gives the same cell values."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from python_calamine import CalamineWorkbook

from forms.model import Coded, Submission, YesNo
from forms.seal import SEAL_SHEET
from forms.xlsx import export_workbook, import_workbook
from tests.strategies import submissions

CN_NUMERALS = "一二三四五六七八九十"
NOT_XML = str.maketrans("", "", "\ufffe\uffff")


def _blank(model, skip: tuple[str, ...] = ()) -> bool:
    for name, value in model:
        if name in skip:
            continue
        if isinstance(value, Coded) and not (value.code or value.name):
            continue  # an economic classification left unpicked (表5/表6's 一体化 columns)
        if value not in (None, "", YesNo.UNSET, [], ()):
            return False
    return True


def representable(sub: Submission) -> Submission:
    """The narrower strategy: *sub* as a workbook can hold it. Each narrowing is a limit of the
    form on paper, not of the importer:

    - U+FFFE and U+FFFF are not XML characters: no cell can hold them (the exporter drops them).
    - A row with every field blank is no row: blank rows are skipped on import, since templates
      carry blank rows to fill in. So annual goals, indicators, transfer regions, procurement and
      service items and 明细 lines with nothing in them are left out.
    - Review rows are told apart by their numbers, as a reader of the form does: sections are
      numbered 一、二…, sub-sections 1.1, 1.2…, items (1), (2)… (generated numbers are any text).
    - A 明细表 with no line and a blank 合计 row is the empty table (no sheet cell says otherwise).
    - A capital-construction supplement with no section and no score is the empty sheet, which
      reads back as "no supplement" (None).
    """
    data = sub.model_dump(mode="json")

    def clean(value):
        if isinstance(value, str):
            return value.translate(NOT_XML)
        if isinstance(value, list):
            return [clean(v) for v in value]
        if isinstance(value, dict):
            return {k: clean(v) for k, v in value.items()}
        return value

    sub = Submission.model_validate(clean(data))
    perf = sub.performance
    perf.annual_goals = [g for g in perf.annual_goals if not _blank(g)]
    perf.indicators = [i for i in perf.indicators if not _blank(i, skip=("level1", "level2"))]
    sub.transfers.regions = [r for r in sub.transfers.regions
                             if r.name or any(y.has_money() for y in r.years)]
    sub.procurement.items = [i for i in sub.procurement.items if not _blank(i)]
    sub.services.items = [i for i in sub.services.items if not _blank(i)]
    sub.detail.lines = [line for line in sub.detail.lines if not line.is_blank()]
    if not sub.detail.lines and all(a.amount is None for a in sub.detail.declared_total):
        sub.detail.declared_total = []
    for s, section in enumerate(sub.budget_review.sections):
        section.number = CN_NUMERALS[s]
        for g, group in enumerate(section.groups):
            group.number = f"{s + 1}.{g + 1}"
            for i, item in enumerate(group.items):
                item.number = f"({i + 1})"
    cr = sub.construction_review
    if cr is not None:
        for s, section in enumerate(cr.sections):
            section.number = CN_NUMERALS[s]
            for i, item in enumerate(section.items):
                item.number = f"({i + 1})"
        if not cr.sections and cr.total_score.self_score is None and cr.total_score.finance_score is None:
            sub.construction_review = None
    return sub


def cell_values(path: Path) -> dict[str, list[list]]:
    wb = CalamineWorkbook.from_path(str(path))
    return {n: wb.get_sheet_by_name(n).to_python(skip_empty_area=False) for n in wb.sheet_names}


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(submissions().map(representable))
def test_export_import_gives_an_equal_submission(sub):
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "gen.xlsx"
        export_workbook(sub, out)
        result = import_workbook(out)
        assert result.submission == sub
        assert [f for f in result.findings if f.rule != "IMP-02"] == []


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(submissions().map(representable))
def test_export_import_export_gives_the_same_cells(sub):
    """What the first export wrote, the export of its import writes again, cell for cell (the
    hidden sheets included: markup, attachment paths and citations are not lost on the way)."""
    with tempfile.TemporaryDirectory() as tmp:
        first, second = Path(tmp) / "1.xlsx", Path(tmp) / "2.xlsx"
        export_workbook(sub, first)
        export_workbook(import_workbook(first).submission, second)
        a, b = cell_values(first), cell_values(second)
        assert list(a) == list(b)
        for name in a:
            if name == SEAL_SHEET:  # the seal is of each export's own content (a score 8.00 is read back as 8)
                continue
            assert a[name] == b[name], name
