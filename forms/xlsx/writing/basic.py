"""项目基本信息表: the label/value pairs, the 申请金额 grid (a column per year, a row per source) and
the 简述 / 上传依据 of each narrative."""

from __future__ import annotations

from ...layouts import FieldSpec
from ...layouts import basic as L_basic
from ...model.common import Narrative
from ...model.submission import Submission
from ..cells import YEAR_FORMAT
from .sheet import SheetWriter, _get, _year_spans


def _pairs(w: SheetWriter, r: int, sub: Submission, row: tuple[FieldSpec, ...]) -> None:
    if len(row) == 1:
        slots = [(2, 3, 7)]
    elif len(row) == 2:
        slots = [(2, 3, 4), (5, 6, 7)]
    else:
        slots = [(2, 3, 3), (4, 5, 5), (6, 7, 7)]
    for spec, (lc, vc, vc1) in zip(row, slots, strict=False):
        w.cell(r, lc, spec.label, kind="label")
        w.typed(r, vc, spec, _get(sub, spec.path), c1=vc1)


def write_basic(w: SheetWriter, sub: Submission) -> None:
    b = sub.basic
    w.title(1, L_basic.SHEET.name)
    r = 2
    first = r
    for row in L_basic.INFO_ROWS:
        _pairs(w, r, sub, row)
        r += 1
    # 申请金额(元): a column per year, a row per source
    # the model's columns as they are (Submission.ensure_grid gives a new submission its years);
    # with none, blank year headers to fill in, as in the template
    years = [c.year for c in b.funding]
    spans = _year_spans(len(years))
    for col in range(8, spans[-1][1] + 1):
        w.set_width(col, 16)
    w.cell(r, 2, L_basic.FUNDING_LABEL, r1=r + len(L_basic.FUNDING_ROWS), kind="label")
    w.cell(r, 3, L_basic.FUNDING_HEADER, kind="header")
    for i, (c0, c1) in enumerate(spans):
        year = years[i] if i < len(years) else None
        w.cell(r, c0, year, c1=c1, kind="header", fmt=YEAR_FORMAT)
    for j, (key, label, _aliases) in enumerate(L_basic.FUNDING_ROWS, 1):
        w.cell(r + j, 3, label, kind="label")
        for i, (c0, c1) in enumerate(spans):
            column = b.funding[i] if i < len(b.funding) else None
            w.cell(r + j, c0, getattr(column, key) if column else None, c1=c1, kind="number")
    r += len(L_basic.FUNDING_ROWS) + 1
    for row in L_basic.CONTACT_ROWS:
        _pairs(w, r, sub, row)
        r += 1
    last_col = max(7, spans[-1][1])
    w.cell(first, 1, L_basic.INFO_GROUP, r1=r - 1, kind="label")
    # 项目目标, 项目计划, 项目管理: 简述 and 上传依据 for each narrative
    for group in ("项目目标", "项目计划", "项目管理"):
        rows = [(label, path) for g, label, path in L_basic.NARRATIVE_ROWS if g == group]
        w.cell(r, 1, group, r1=r + 2 * len(rows) - 1, kind="label")
        for label, path in rows:
            narrative: Narrative = _get(sub, path)
            w.cell(r, 2, label, r1=r + 1, kind="label")
            w.cell(r, 3, L_basic.SUMMARY, kind="label")
            w.rich(r, 4, last_col, path, narrative.html)
            w.cell(r + 1, 3, L_basic.ATTACHMENTS, kind="label")
            w.attachments(r + 1, 4, last_col, path, narrative)
            r += 2
    w.note(r + 1, L_basic.NOTE)
    w.finish(None)
