"""Export a submission to one workbook in the official layout, one sheet per table, as declared in
:mod:`forms.layouts`; and the blank template (the same layout, empty, with drop-downs).

Money cells hold numbers formatted ``#,##0.00``; every user text goes through
:func:`~forms.xlsx.cells.put_text`. Each sheet is set up for A4 (orientation per table, fit to width,
repeated header rows, margins, page numbers in the footer). The 简述 cells show readable text with
real superscripts; the exact markup, attachment paths and citations, which a cell cannot show, are
kept in a very hidden sheet (``_budgetforms``) and used on import only while the visible text is
unchanged.

The tables are written by :mod:`.writing`, one module a table group; this module is its entry.
"""

from __future__ import annotations

import os
from pathlib import Path

from openpyxl import Workbook

from ..errors import UserError
from ..layouts import SheetSpec
from ..layouts import basic as L_basic
from ..layouts import detail as L_detail
from ..layouts import performance as L_perf
from ..layouts import review as L_review
from ..layouts import tables as L_tables
from ..model.submission import Submission
from .cells import put_text
from .writing.basic import write_basic
from .writing.detail import write_detail
from .writing.performance import write_performance
from .writing.review import write_budget_review, write_construction
from .writing.sheet import (  # noqa: F401  (the hidden sheets' names are the importer's too)
    HIDDEN_SHEETS,
    LISTS_SHEET,
    META_CHUNK,
    META_HEADER,
    META_SHEET,
    Lists,
    Meta,
    SheetWriter,
    Styles,
    lines_needed,
)
from .writing.tables import write_items, write_transfers

# --- the workbook --------------------------------------------------------------------------------

def build_workbook(sub: Submission, template: bool = False) -> Workbook:
    wb = Workbook()
    for ws in list(wb.worksheets):
        wb.remove(ws)
    lists = Lists(wb, sub.basic.budget_year)
    meta = Meta()
    styles = Styles(wb)

    def sheet(spec: SheetSpec) -> SheetWriter:
        return SheetWriter(wb, spec, lists, meta, styles)

    write_basic(sheet(L_basic.SHEET), sub)
    write_performance(sheet(L_perf.SHEET), sub, template)
    write_transfers(sheet(L_tables.TRANSFERS), sub, template)
    write_items(sheet(L_tables.PROCUREMENT), L_tables.PROCUREMENT_CAPTION,
                L_tables.PROCUREMENT_COLUMNS + L_tables.PROCUREMENT_EXTRA, sub.procurement.items,
                sub.procurement.declared_total, template)
    write_items(sheet(L_tables.SERVICES), L_tables.SERVICES_CAPTION,
                L_tables.SERVICE_COLUMNS + L_tables.SERVICE_EXTRA, sub.services.items, sub.services.declared_total,
                template)
    write_detail(sheet(L_detail.DETAIL), sub, template)
    write_construction(sheet(L_review.CONSTRUCTION), sub.construction_review)
    write_budget_review(sheet(L_review.BUDGET), sub.budget_review)
    styles.done()
    if meta.rows:
        ws = wb.create_sheet(META_SHEET)
        ws.sheet_state = "veryHidden"
        for c, h in enumerate(META_HEADER, 1):
            put_text(ws.cell(1, c), h)
        for r, (path, part, visible, payload) in enumerate(meta.rows, 2):
            put_text(ws.cell(r, 1), path)
            put_text(ws.cell(r, 2), part)
            put_text(ws.cell(r, 3), visible)
            for k in range(0, len(payload), META_CHUNK):
                put_text(ws.cell(r, 4 + k // META_CHUNK), payload[k:k + META_CHUNK])
    for name in HIDDEN_SHEETS:  # the hidden helpers go after the tables
        if name in wb.sheetnames:
            wb.move_sheet(name, offset=len(wb.sheetnames) - 1 - wb.sheetnames.index(name))
    wb.active = 0
    if sub.basic.name:
        wb.properties.title = sub.basic.name
    wb.properties.creator = "项目预算申报助手"
    return wb


def _save(wb: Workbook, path: str | os.PathLike[str]) -> None:
    path = Path(path)
    try:
        wb.save(path)
    except OSError as exc:
        raise UserError(f"无法导出到“{path.name}”：{exc.strerror or exc}") from None


def export_workbook(submission: Submission, path: str | os.PathLike[str]) -> None:
    """Write *submission* to *path* in the official layout, one sheet per table, sealed
    (:mod:`forms.seal`)."""
    from ..seal import seal_workbook

    wb = build_workbook(submission)
    seal_workbook(wb, submission)
    _save(wb, path)


def write_template(path: str | os.PathLike[str]) -> None:
    """The blank template: the same layout, empty, with the standard review items and drop-downs."""
    sub = Submission()
    sub.construction_review = L_review.standard_construction_review()
    sub.budget_review = L_review.standard_budget_review()
    _save(build_workbook(sub, template=True), path)
