"""The money tables: 对下专项转移支付支出预算明细表, 项目政府采购表 (表5), 项目政府购买服务表 (表6).

Each shows its 合计 row first, as the forms do; 合计 and 资金规模 are computed from their parts and
read-only here.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from forms.codes import code_lists
from forms.model import (
    TRANSFER_COLUMNS,
    ProcurementItem,
    ServiceItem,
    TransferRegion,
    TransferYear,
    format_money,
)

from ..widgets.fields import show_cell
from ..widgets.grid import Cell, Grid, Row
from .base import Page
from .performance import _row_index


class RowsPage(Page):
    """A page with one grid of list rows and add / remove / move buttons."""

    list_path = ""
    noun = "行"

    def rows_toolbar(self) -> None:
        self.outer.addLayout(self.buttons((f"添加{self.noun}", self.add), ("删除", self.remove),
                                          ("上移", lambda: self.move(-1)), ("下移", lambda: self.move(1))))

    def _rows(self) -> list:
        return self.doc.get(self.list_path) or []

    def new_item(self):
        raise NotImplementedError

    def add(self) -> None:
        at = len(self._rows())
        self.doc.insert_row(self.list_path, at, self.new_item(), f"添加{self.noun}")
        self.grid.focus_path(f"{self.list_path}[{at}]")

    def grid_grow(self, grid, n: int) -> bool:
        """Tab past the last cell, or a paste longer than the table: *n* new rows, one undo step."""
        at = len(self._rows())
        self.doc.insert_rows(self.list_path, at, [self.new_item() for _ in range(n)], f"添加{self.noun}")
        return True

    def remove(self) -> None:
        i = _row_index(self.grid.current_row_key())
        if i is not None:
            self.doc.remove_row(self.list_path, i, f"删除{self.noun}")

    def move(self, delta: int) -> None:
        i = _row_index(self.grid.current_row_key())
        if i is not None and 0 <= i + delta < len(self._rows()):
            self.doc.move_row(self.list_path, i, i + delta, f"移动{self.noun}")
            self.grid.select_row_key(f"{self.list_path}[{i + delta}]")

    def note(self, text: str) -> None:
        lab = QLabel(text, self)
        lab.setObjectName("formNote")
        lab.setWordWrap(True)
        self.outer.addWidget(lab)


class TransfersPage(RowsPage):
    step = "对下转移支付"
    intro = ("对下专项转移支付支出预算明细表（单位：元）。项目级次为“下级”时填写，每个接收地区一行；资金规模和合计自动相加。"
             "可从 Excel 或 WPS 复制整块内容后按 Ctrl+V 粘贴，行数不够时自动添加。")
    list_path = "transfers.regions"
    noun = "地区"

    def __init__(self, doc, parent: QWidget | None = None):
        super().__init__(doc, parent)
        self.rows_toolbar()
        self.grid: Grid | None = None
        self._years: list[int] | None = None
        self._period: range | None = None
        self.holder = self.outer
        self.note("注：州市承担金额分解到县区；县级项目不填报此表")

    def _make_grid(self, years: list[int]) -> None:
        if self.grid is not None:
            self.grids.remove(self.grid)
            self.grid.deleteLater()
        columns = [("地区名称", 170)]
        period = self.doc.submission.basic.period()
        for y in years:
            year = f"{y}年" if not period or y in period else f"{y}年（期外）"
            columns += [(f"{year}\n{title}", 118) for _key, title in TRANSFER_COLUMNS]
        self.grid = self.add_grid(Grid(columns, self))
        self.grid.setObjectName("transfersGrid")
        self.grid.header().setMinimumHeight(44)
        self.outer.insertWidget(self.outer.count() - 1, self.grid, 1)
        self._years = years
        self.order_tabs()

    def new_item(self):
        return TransferRegion(years=[TransferYear(year=y) for y in self._table_years()])

    def _table_years(self) -> list[int]:
        t = self.doc.submission.transfers
        return list(t.years) or self.doc.submission.grid_years()

    def _with_years(self, action) -> None:
        """*action*, preceded (in the same undo step) by the table's year columns when it has none."""
        t = self.doc.submission.transfers
        if t.years:
            action()
            return
        years = self._table_years()
        stack = self.doc.undo_stack
        stack.beginMacro("添加地区")
        try:
            self.doc.edit([("transfers.years", years),
                           ("transfers.declared_total", [TransferYear(year=y) for y in years])])
            action()
        finally:
            stack.endMacro()

    def add(self) -> None:
        self._with_years(super().add)

    def grid_grow(self, grid, n: int) -> bool:
        self._with_years(lambda: RowsPage.grid_grow(self, grid, n))
        return True

    def refresh_grids(self) -> None:
        t = self.doc.submission.transfers
        years = self._table_years()
        if (years, self.doc.submission.basic.period()) != (self._years, self._period):
            self._make_grid(years)
            self._period = self.doc.submission.basic.period()
        total = [Cell(text="合计")]
        for y in years:
            idx = next((i for i, ty in enumerate(t.declared_total) if ty.year == y), None)
            for key, _title in TRANSFER_COLUMNS:
                if idx is None:
                    total.append(Cell(text=""))
                else:
                    value = getattr(t.declared_total[idx], key)
                    total.append(Cell(f"transfers.declared_total[{idx}].{key}", "money", format_money(value),
                                      editable=False))
        rows = [Row(total, role="total", key="transfers.declared_total")]
        for r, region in enumerate(t.regions):
            p = f"transfers.regions[{r}]"
            cells = [Cell(f"{p}.name", "text", region.name)]
            for y in years:
                idx = next((i for i, ty in enumerate(region.years) if ty.year == y), None)
                for key, _title in TRANSFER_COLUMNS:
                    if idx is None:
                        cells.append(Cell(text=""))
                        continue
                    value = getattr(region.years[idx], key)
                    cells.append(Cell(f"{p}.years[{idx}].{key}", "money", format_money(value),
                                      editable=(key != "scale")))
            rows.append(Row(cells, key=p))
        self.grid.set_rows(rows)


class ProcurementPage(RowsPage):
    step = "政府采购"
    intro = "项目政府采购表（附件1 表5，单位：元）。“是否政府采购”选“是”时填写；合计自动相加。"
    list_path = "procurement.items"
    noun = "采购项目"

    def __init__(self, doc, parent: QWidget | None = None):
        super().__init__(doc, parent)
        self.rows_toolbar()
        self.grid = self.page_grid([("采购项目名称", 200), ("政府采购目录", 120), ("政府采购方式", 120),
                                    ("计量单位", 80), ("数量", 80), ("需求时间", 130), ("金额（元）", 150)],
                                   "procurementGrid")

    def new_item(self):
        return ProcurementItem()

    def refresh_grids(self) -> None:
        sub = self.doc.submission
        lists = code_lists(sub.basic.budget_year)
        catalogue = lists["procurement_catalogue"].choices()
        methods = lists["procurement_method"].choices()
        rows = [Row([Cell(text="合计")] + [Cell()] * 5 +
                    [Cell("procurement.declared_total", "money", format_money(sub.procurement.declared_total),
                          editable=False)], role="total", key="procurement.declared_total")]
        for i, it in enumerate(sub.procurement.items):
            p = f"procurement.items[{i}]"
            rows.append(Row([
                Cell(f"{p}.name", "text", it.name),
                Cell(f"{p}.catalogue", "text", it.catalogue, choices=catalogue),
                Cell(f"{p}.method", "text", it.method, choices=methods),
                Cell(f"{p}.unit", "text", it.unit),
                Cell(f"{p}.quantity", "number", show_cell("number", it.quantity)),
                Cell(f"{p}.need_time", "date", show_cell("date", it.need_time)),
                Cell(f"{p}.amount", "money", format_money(it.amount)),
            ], key=p))
        self.grid.set_rows(rows)


class ServicesPage(RowsPage):
    step = "政府购买服务"
    intro = "项目政府购买服务表（附件1 表6，单位：元）。“是否政府购买服务”选“是”时填写；合计自动相加。"
    list_path = "services.items"
    noun = "购买服务"

    def __init__(self, doc, parent: QWidget | None = None):
        super().__init__(doc, parent)
        self.rows_toolbar()
        self.grid = self.page_grid([("政府购买服务目录", 170), ("购买方式", 100), ("政府采购方式", 120),
                                    ("金额（元）", 150), ("购买内容简述", 360)], "servicesGrid")

    def new_item(self):
        return ServiceItem()

    def refresh_grids(self) -> None:
        sub = self.doc.submission
        lists = code_lists(sub.basic.budget_year)
        catalogue = lists["service_catalogue"].choices()
        ways = lists["purchase_way"].choices()
        methods = lists["procurement_method"].choices()
        rows = [Row([Cell(text="合计"), Cell(), Cell(),
                     Cell("services.declared_total", "money", format_money(sub.services.declared_total),
                          editable=False), Cell()], role="total", key="services.declared_total")]
        for i, it in enumerate(sub.services.items):
            p = f"services.items[{i}]"
            rows.append(Row([
                Cell(f"{p}.catalogue", "text", it.catalogue, choices=catalogue),
                Cell(f"{p}.purchase_way", "text", it.purchase_way, choices=ways),
                Cell(f"{p}.method", "text", it.method, choices=methods),
                Cell(f"{p}.amount", "money", format_money(it.amount)),
                Cell(f"{p}.summary", "text", it.summary),
            ], key=p))
        self.grid.set_rows(rows)
