"""The three money tables (declared in :mod:`forms.layouts.tables`): 对下专项转移支付支出预算明细表
(a column group per year), 项目政府采购表 and 项目政府购买服务表 (a row per item under a 合计)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ...layouts import FieldSpec
from ...layouts import tables as L_tables
from ...model import ProcurementItem, ServiceItem, TransferRegion, TransferYear
from ...rules.engine import Severity
from ..cells import cell_text, norm_label, parse_year
from .base import BAD_VALUE, MISSING_LABEL, Reader
from .grid import Grid, _is_caption, _is_note, body_rows, caption_row


class TablesReader(Reader):
    def read_transfers(self, g: Grid) -> None:
        t = self.sub.transfers
        head = g.find([L_tables.TRANSFER_REGION, *L_tables.TRANSFER_REGION_ALIASES])
        if head is None:
            self.finding(MISSING_LABEL, Severity.WARNING, "transfers", "找不到“地区名称”表头，对下转移支付表按空白导入")
            return
        hr, hc = head
        g.use(hr, hc)
        self.cells["transfers.regions"] = self.cells["transfers.years"] = g.addr(hr, hc)
        sub_r = hr + 1
        year_at: dict[int, int | None] = {}
        current: int | None = None
        years: list[int] = []
        for c in range(hc + 1, g.ncols):
            if (hr, c) not in g.covered:
                v = g.value(hr, c)
                g.use(hr, c)
                if v is not None or (hr, c) in g.merge_end:
                    current = None  # a blank merged header is a year not filled in
                if v is not None:
                    try:
                        current = parse_year(v)
                    except ValueError:
                        self.finding(BAD_VALUE, Severity.ERROR, "transfers.years", f"年度“{cell_text(v)}”不是年份，该年各列未导入", g.addr(hr, c))
                    if current is not None and current not in years:
                        years.append(current)
            year_at[c] = current
        sub_labels = {norm_label(lab): key for key, label, aliases in L_tables.TRANSFER_SUBCOLUMNS for lab in (label, *aliases)}
        columns: list[tuple[int, str, int]] = []  # (column, key, year)
        for c in range(hc + 1, g.ncols):
            key = sub_labels.get(g.label(sub_r, c))
            if key is not None:
                g.use(sub_r, c)
                year = year_at.get(c)
                if year is not None:
                    columns.append((c, key, year))
        t.years = years
        total_labels = {norm_label(x) for x in (L_tables.TOTAL, *L_tables.TOTAL_ALIASES)}
        label_of = {key: label for key, label, _ in L_tables.TRANSFER_SUBCOLUMNS}
        declared: list[TransferYear] | None = None
        total_row, region_rows = -1, []
        for r in range(sub_r + 1, g.nrows):
            name_v = g.text(r, hc)
            if _is_note(g.label(r, hc)):
                break
            money_cells = [c for c in g.filled(r) if c > hc]
            if (not money_cells and _is_caption(g.label(r, hc))) or caption_row(g, r):
                for c in g.filled(r):  # captions, 填报单位 and sign-off lines: no region
                    g.use(r, c)
                continue
            if not name_v and not money_cells:
                continue
            is_total = g.label(r, hc) in total_labels and declared is None
            if is_total:
                prefix = "transfers.declared_total"
                g.use(r, hc)
                self.cells[prefix] = g.addr(r, hc)
                for k in range(len(years)):
                    self.cells[f"{prefix}[{k}]"] = g.addr(r, hc)
                declared = [TransferYear(year=y) for y in years]
                target = declared
                total_row = r
            else:
                i = len(t.regions)
                prefix = f"transfers.regions[{i}]"
                self.cells[prefix] = g.addr(r, hc)
                region = TransferRegion(name=self.typed(g, r, hc, "text", f"{prefix}.name", "地区名称"),
                                        years=[TransferYear(year=y) for y in years])
                t.regions.append(region)
                target = region.years
                region_rows.append(r)
            for c, key, y in columns:
                k = years.index(y)
                value = self.typed(g, r, c, "money", f"{prefix}[{k}].{key}" if is_total else f"{prefix}.years[{k}].{key}",
                                   f"{y}年{label_of[key]}")
                setattr(target[k], key, value)
            for c in money_cells:  # cells under a blank year belong to the table too
                if year_at.get(c) is None and (r, c) not in g.used:
                    if g.value(r, c) is not None:
                        self.finding(BAD_VALUE, Severity.WARNING, "transfers", f"金额“{g.text(r, c)}”所在列没有年度，未导入", g.addr(r, c))
                    g.use(r, c)
        t.declared_total = declared or []
        if declared:  # a 合计 that is a SUM missing a region's row
            for c, key, y in columns:
                k = years.index(y)
                self.check_sum(g, total_row, c, region_rows, getattr(declared[k], key),
                               [getattr(region.years[k], key) for region in t.regions],
                               f"transfers.declared_total[{k}].{key}", f"{y}年{label_of[key]}合计")

    def read_items(self, g: Grid, columns: tuple[FieldSpec, ...], attr: str, make: Callable[..., Any]) -> None:
        table = getattr(self.sub, attr)
        head = g.find_header(columns, 2)
        if head is None:
            self.finding(MISSING_LABEL, Severity.WARNING, attr, f"找不到“{columns[0].label}”表头，按空白导入")
            return
        hr = head[0]
        cols = self.header_columns(g, hr, columns)
        self.cells[f"{attr}.items"] = g.addr(*head)
        first = min(cols.values())
        total_labels = {norm_label(x) for x in (L_tables.TOTAL, *L_tables.TOTAL_ALIASES)}
        amount = next((s for s in columns if s.path == "amount"), None)  # (单价 is money too)
        total_seen = False
        total_row, item_rows = -1, []
        for r, filled in body_rows(g, hr + 1, first):
            if not total_seen and any(g.label(r, c) in total_labels for c in filled if c <= first):
                total_seen = True
                for c in filled:
                    if c <= first:
                        g.use(r, c)
                self.cells[f"{attr}.declared_total"] = g.addr(r, first)
                if amount is not None and amount.path in cols:
                    table.declared_total = self.typed(g, r, cols[amount.path], "money", f"{attr}.declared_total", "合计")
                    total_row = r
                continue
            if not any(c in cols.values() for c in filled):
                continue
            i = len(table.items)
            self.cells[f"{attr}.items[{i}]"] = g.addr(r, first)
            values = {spec.path: self.typed(g, r, cols[spec.path], spec.kind, f"{attr}.items[{i}].{spec.path}", spec.label)
                      for spec in columns if spec.path in cols}
            table.items.append(make(**values))
            item_rows.append(r)
        if total_row >= 0 and amount is not None:  # a 合计 that is a SUM missing an item's row
            self.check_sum(g, total_row, cols[amount.path], item_rows, table.declared_total,
                           [getattr(item, amount.path) for item in table.items], f"{attr}.declared_total", "合计")

    def read_procurement(self, g: Grid) -> None:
        self.read_items(g, L_tables.PROCUREMENT_COLUMNS + L_tables.PROCUREMENT_EXTRA, "procurement", ProcurementItem)

    def read_services(self, g: Grid) -> None:
        self.read_items(g, L_tables.SERVICE_COLUMNS + L_tables.SERVICE_EXTRA, "services", ServiceItem)

