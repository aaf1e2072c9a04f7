"""The money tables: 对下专项转移支付支出预算明细表, 项目政府采购表 (表5), 项目政府购买服务表 (表6).

Each shows its 合计 row first, as the forms do; 合计 and 资金规模 are computed from their parts and
read-only here.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from desktop.qt import QLabel, QWidget
from forms.codes import CodeList, CodeLists, code_lists
from forms.layouts import FieldSpec
from forms.layouts.tables import PROCUREMENT_COLUMNS, PROCUREMENT_EXTRA, SERVICE_COLUMNS, SERVICE_EXTRA
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
    grid: Grid | None = None

    def rows_toolbar(self, *extra: tuple[str, Any]) -> None:
        """添加, 删除, 上移, 下移 for the table's rows, then the page's *extra* (label, action) buttons."""
        self.outer.addLayout(self.buttons((f"添加{self.noun}", self.add), ("删除", self.remove),
                                          ("上移", lambda: self.move_row(-1)), ("下移", lambda: self.move_row(1)), *extra))

    def _rows(self) -> list:
        return self.doc.get(self.list_path) or []

    def new_item(self):
        raise NotImplementedError

    def add(self) -> None:
        at = len(self._rows())
        self.doc.insert_row(self.list_path, at, self.new_item(), f"添加{self.noun}")
        if self.grid is not None:
            self.grid.focus_path(f"{self.list_path}[{at}]")

    def grid_grow(self, grid, n: int) -> bool:
        """Tab past the last cell, or a paste longer than the table: *n* new rows, one undo step."""
        at = len(self._rows())
        self.doc.insert_rows(self.list_path, at, [self.new_item() for _ in range(n)], f"添加{self.noun}")
        return True

    def remove(self) -> None:
        i = _row_index(self.grid.current_row_key()) if self.grid is not None else None
        if i is not None:
            self.doc.remove_row(self.list_path, i, f"删除{self.noun}")

    def move_row(self, delta: int) -> None:
        """The current row *delta* places up (−1) or down (+1)."""
        grid = self.grid
        i = _row_index(grid.current_row_key()) if grid is not None else None
        if grid is not None and i is not None and 0 <= i + delta < len(self._rows()):
            self.doc.move_row(self.list_path, i, i + delta, f"移动{self.noun}")
            grid.select_row_key(f"{self.list_path}[{i + delta}]")

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
        self.grid = None
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
        assert self.grid is not None  # made above
        self.grid.set_rows(rows)


_paired: tuple[CodeLists | None, dict[str, CodeList]] = (None, {})


def paired_gov_codes(lists: CodeLists, dept: str) -> CodeList:
    """The 政府预算支出经济分类 offered beside 部门预算支出经济分类 *dept*: those the 对照表 pairs with
    it (with their 类, so the search shows the path), or the whole list when the 对照表 has no row
    for it. Only the offer narrows; any code can still be typed (the pair is the checker's)."""
    global _paired
    tree = lists["econ_gov"]
    dept = dept.strip()
    allowed = lists.pairs.get("econ_map", {}).get(dept)
    if not allowed or not any(code in tree.names for code in allowed):
        return tree
    if _paired[0] is not lists:  # another year's lists, or an imported one
        _paired = (lists, {})
    found = _paired[1].get(dept)
    if found is None:
        codes = {c for code in allowed if code in tree.names for c in (*tree.ancestors(code), code)}
        found = dataclasses.replace(tree, names={c: n for c, n in tree.names.items() if c in codes},
                                    title=f"{tree.title}（对照表中与 {dept} 对应的）")
        _paired[1][dept] = found
    return found


def spec_cell(spec: FieldSpec, path: str, value, lists, dept: str = "") -> Cell:
    """The cell of a 表5 / 表6 column as its layout declares it: a code search for the economic
    classifications (the 政府 one narrowed by the row's 部门 code, *dept*), a drop-down for a code
    list, else the field's kind."""
    if spec.kind == "coded" and spec.choices:
        codes = paired_gov_codes(lists, dept) if spec.choices == "econ_gov" else lists[spec.choices]
        return Cell(path, "coded", str(value), codes=codes)
    if spec.choices:
        return Cell(path, "text", value, choices=lists[spec.choices].choices())
    if spec.kind == "money":
        return Cell(path, "money", format_money(value))
    if spec.kind in ("number", "date"):
        return Cell(path, spec.kind, show_cell(spec.kind, value))
    return Cell(path, "text", value)


class SpecRowsPage(RowsPage):
    """A money table whose columns are the layout's (:mod:`forms.layouts.tables`): the form's own,
    then the 一体化 system's extra ones; the 合计 row under the header adds up 金额."""

    specs: tuple[FieldSpec, ...] = ()
    widths: dict[str, int] = {}
    grid_name = ""

    def __init__(self, doc, parent: QWidget | None = None):
        super().__init__(doc, parent)
        self.rows_toolbar()
        self.grid = self.table_grid = self.page_grid([(spec.label, self.widths.get(spec.path, 120)) for spec in self.specs],
                                                     self.grid_name)

    def table(self):
        return self.doc.get(self.list_path.rsplit(".", 1)[0])

    def refresh_grids(self) -> None:
        lists = code_lists(self.doc.submission.basic.budget_year)
        table = self.table()
        total_path = self.list_path.rsplit(".", 1)[0] + ".declared_total"
        total = [Cell(total_path, "money", format_money(table.declared_total), editable=False) if spec.path == "amount"
                 else Cell() for spec in self.specs]
        total[0] = Cell(text="合计")
        rows = [Row(total, role="total", key=total_path)]
        for i, item in enumerate(table.items):
            p = f"{self.list_path}[{i}]"
            dept = item.dept_economic.code
            rows.append(Row([spec_cell(spec, f"{p}.{spec.path}", getattr(item, spec.path), lists, dept)
                             for spec in self.specs], key=p))
        self.table_grid.set_rows(rows)


class ProcurementPage(SpecRowsPage):
    step = "政府采购"
    intro = ("项目政府采购表（附件1 表5，单位：元）。“是否政府采购”选“是”时填写；合计自动相加。"
             "单价 × 数量应等于金额；经济分类可输入编码、名称或拼音首字母搜索。")
    list_path = "procurement.items"
    noun = "采购项目"
    specs = PROCUREMENT_COLUMNS + PROCUREMENT_EXTRA
    widths = {"name": 200, "catalogue": 120, "method": 120, "unit": 80, "quantity": 80, "need_time": 130,
              "amount": 150, "item_code": 130, "unit_price": 120, "dept_economic": 170, "gov_economic": 170}
    grid_name = "procurementGrid"

    def new_item(self):
        return ProcurementItem()


class ServicesPage(SpecRowsPage):
    step = "政府购买服务"
    intro = ("项目政府购买服务表（附件1 表6，单位：元）。“是否政府购买服务”选“是”时填写；合计自动相加。"
             "经济分类可输入编码、名称或拼音首字母搜索。")
    list_path = "services.items"
    noun = "购买服务"
    specs = SERVICE_COLUMNS + SERVICE_EXTRA
    widths = {"catalogue": 170, "purchase_way": 100, "method": 120, "amount": 150, "summary": 300, "quantity": 80,
              "dept_economic": 170, "gov_economic": 170}
    grid_name = "servicesGrid"

    def new_item(self):
        return ServiceItem()
