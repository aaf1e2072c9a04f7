"""The money tables of rows: 对下专项转移支付支出预算明细表 (a column group of four per year),
项目政府采购表 (表5) and 项目政府购买服务表 (表6)."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from ...layouts import FieldSpec
from ...layouts import tables as L_tables
from ...model.submission import Submission
from ...model.tables import TransferYear
from ..cells import YEAR_FORMAT
from .sheet import SheetWriter


def write_transfers(w: SheetWriter, sub: Submission, template: bool = False) -> None:
    t = sub.transfers
    years: list[int | None] = list(t.years) or [None, None, None]
    sub_cols = L_tables.TRANSFER_SUBCOLUMNS
    ncols = 1 + 4 * len(years)
    for col in range(2, ncols + 1):
        w.set_width(col, 15)
    w.widths = w.widths[:ncols]
    w.title(1, L_tables.TRANSFERS.name)
    w.caption(2, right=L_tables.UNIT_CAPTION)
    w.cell(3, 1, L_tables.TRANSFER_REGION, r1=4, kind="header")
    for i, y in enumerate(years):
        c0 = 2 + 4 * i
        w.cell(3, c0, y, c1=c0 + 3, kind="header", fmt=YEAR_FORMAT)
        for j, (_key, label, _aliases) in enumerate(sub_cols):
            w.cell(4, c0 + j, label, kind="header")
    r = 5
    rows: list[tuple[str | None, Callable[[Any], TransferYear | None]]] = [(L_tables.TOTAL, lambda y: t.declared(y) if y is not None else None)]
    for region in t.regions:
        rows.append((region.name, region.year))
    if template and not t.regions:
        rows += [(None, lambda y: None)] * 3  # blank region rows to fill in
    for name, lookup in rows:
        w.cell(r, 1, name, kind="label" if name == L_tables.TOTAL and r == 5 else "value")
        for i, y in enumerate(years):
            ty = lookup(y) if y is not None else None
            for j, (key, _label, _aliases) in enumerate(sub_cols):
                w.cell(r, 2 + 4 * i + j, getattr(ty, key) if ty else None, kind="number")
        r += 1
    w.note(r + 1, L_tables.TRANSFER_NOTE)
    w.finish((3, 4), freeze="B5")


EXTRA_WIDTH = {"coded": 22.0}
"""Widths of the 一体化 columns after the seed's (``PROCUREMENT_EXTRA``, ``SERVICE_EXTRA``), by kind;
14 otherwise."""


def write_items(w: SheetWriter, caption: str, columns: tuple[FieldSpec, ...], items: list, total: Decimal | None,
                template: bool) -> None:
    """表5 / 表6: *columns* are the seed's then the 一体化 ones (those beyond the spec's widths get
    :data:`EXTRA_WIDTH`); the 合计 row holds *total* under 金额 only."""
    for c in range(len(w.widths) + 1, len(columns) + 1):
        w.set_width(c, EXTRA_WIDTH.get(columns[c - 1].kind, 14.0))
    w.caption(1, caption)
    w.title(2, w.spec.name)
    w.caption(3, right=L_tables.UNIT_CAPTION)
    for c, spec in enumerate(columns, 1):
        w.cell(4, c, spec.label, kind="header")
    w.cell(5, 1, L_tables.TOTAL, kind="label")
    for c, spec in enumerate(columns[1:], 2):
        w.cell(5, c, total if spec.path == "amount" else None, kind="number")
    r = 6
    rows = items or ([None] * 5 if template else [])
    for item in rows:
        for c, spec in enumerate(columns, 1):
            w.typed(r, c, spec, getattr(item, spec.path) if item else None)
        r += 1
    w.finish((4, 4), freeze="A5")
