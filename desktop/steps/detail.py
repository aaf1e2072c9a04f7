"""支出明细: the 项目支出预算明细表, one line of spending a row in the columns of
:data:`forms.layouts.detail.DETAIL_COLUMNS`, with one amount column per year of the 申请金额 grid.

The 合计 row comes first and is added up by the app (:func:`forms.paths.synced_totals`), as on the
other money tables. The classifications are chosen with a code search (code, name or pinyin
initials); 资金来源 and 资金性质 from the fixed lists. F4 on a line opens the 测算依据 helper
(数量 × 单价, :mod:`desktop.steps.detail_basis`), which writes the basis and fills the amount.

A line may lack an entry for a year of the grid (older files, imports, a grid that grew): its cell
then stands for ``detail.lines[i].amounts@YEAR`` and writing it gives the line that year (and the 合计
row too), in the same undo step.
"""

from __future__ import annotations

import re
from typing import Any

from desktop.qt import QAction, QComboBox, QKeySequence, QModelIndex, QPushButton, Qt, QWidget
from forms.codes import CodeList, CodeLists, code_lists
from forms.layouts import FieldSpec
from forms.layouts.detail import DETAIL_COLUMNS, FIXED_CHOICES
from forms.model import detail as detail_model
from forms.model import format_money
from forms.model.detail import DetailAmount, DetailLine, amount_from_basis, parse_basis
from forms.rules.detail import NEEDS_QUANTITY_AND_PRICE

from ..widgets.fields import show_cell
from ..widgets.grid import Cell, Grid, Row
from .detail_basis import BasisDialog
from .performance import _row_index
from .tables import RowsPage, paired_gov_codes

WIDTHS = {"function_subject": 190, "dept_economic": 170, "gov_economic": 170, "source": 104, "nature": 136,
          "amounts": 116, "basis": 280, "procurement": 96, "purchased_services": 124, "note": 140}
TREES = {"function_subject": "function", "econ_dept": "econ_dept", "econ_gov": "econ_gov"}
"""The code tree a coded column is chosen in (``function_subject`` is the 项 of the 功能科目 tree)."""
BASIS_KEY = "F4"
BASIS_TIP = "测算依据助手（数量 × 单价，F4）：写入测算依据并填入金额"

_MISSING = re.compile(r"^detail\.lines\[(\d+)\]\.amounts@(\d{4})$")
_PRESENT = re.compile(r"^detail\.lines\[(\d+)\]\.amounts\[(\d+)\]\.amount$")


def missing_path(line: int, year: int) -> str:
    """The cell of a line's *year* that the line has no entry for yet."""
    return f"detail.lines[{line}].amounts@{year}"


class DetailPage(RowsPage):
    step = "支出明细"
    intro = ("项目支出预算明细表（单位：元）。按经济分类逐行填写，每年各资金来源的明细之和应等于申请金额表的该格；合计自动相加。"
             "经济分类可输入编码、名称或拼音首字母搜索；测算依据可按 F4 用“数量 × 单价”助手填写，并自动填入金额。")
    list_path = "detail.lines"
    noun = "明细行"

    def __init__(self, doc, parent: QWidget | None = None):
        super().__init__(doc, parent)
        self.rows_toolbar(("测算依据助手（F4）", self.open_basis_helper))
        helper = self.findChildren(QPushButton)[-1]
        helper.setObjectName("basisHelperButton")
        helper.setToolTip(BASIS_TIP)
        helper.setStatusTip(BASIS_TIP)
        self._shape: tuple | None = None
        self.basis_dialog: BasisDialog | None = None
        self.specs: dict[str, FieldSpec] = {spec.path: spec for spec in DETAIL_COLUMNS}

    # the columns ------------------------------------------------------------------------------
    def years(self) -> list[int]:
        """The grid's years, and any other year a line holds money for (shown so it can be fixed)."""
        sub = self.doc.submission
        years = set(sub.grid_years())
        for line in sub.detail.lines:
            years.update(a.year for a in line.amounts if a.amount)
        return sorted(years)

    def _make_grid(self, years: list[int]) -> None:
        at = self.outer.count()
        if self.grid is not None:
            at = self.outer.indexOf(self.grid)
            self.grids.remove(self.grid)
            self.outer.removeWidget(self.grid)
            self.grid.deleteLater()
        grid_years = set(self.doc.submission.grid_years())
        columns: list[tuple[str, int]] = []
        self.columns: list[tuple[str, int | None]] = []
        for spec in DETAIL_COLUMNS:
            if spec.path == "amounts":
                for y in years:
                    year = f"{y}年" if y in grid_years else f"{y}年（表外）"
                    columns.append((f"{spec.label}\n{year}", WIDTHS["amounts"]))
                    self.columns.append(("amounts", y))
            else:
                columns.append((spec.label, WIDTHS.get(spec.path, 120)))
                self.columns.append((spec.path, None))
        grid = self.add_grid(Grid(columns, self))
        grid.setObjectName("detailGrid")
        grid.header().setMinimumHeight(44)
        self.outer.insertWidget(at, grid, 1)
        action = QAction("测算依据助手", grid)
        action.setObjectName("actBasisHelper")
        action.setShortcut(QKeySequence(BASIS_KEY))
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.setToolTip(BASIS_TIP)
        action.setStatusTip(BASIS_TIP)
        action.triggered.connect(lambda _checked=False: self.f4())
        grid.addAction(action)
        grid.selectionModel().currentChanged.connect(self._current_changed)
        self.grid = grid
        self.order_tabs()

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid() and self.column_key(current.column()) == ("basis", None):
            self.status(BASIS_TIP)

    def status(self, message: str) -> None:
        bar = getattr(self.window(), "statusBar", None)
        if callable(bar):
            bar().showMessage(message, 6000)

    def column_key(self, column: int) -> tuple[str, int | None]:
        return self.columns[column] if 0 <= column < len(self.columns) else ("", None)

    # the rows ---------------------------------------------------------------------------------
    def new_item(self) -> DetailLine:
        """A line with the project's 功能科目 (a line normally has it) and a blank amount a grid year."""
        sub = self.doc.submission
        return DetailLine(function_subject=sub.basic.function_subject.model_copy(),
                          amounts=[DetailAmount(year=y) for y in sub.grid_years()])

    def _declared_with(self, years: set[int]) -> list[DetailAmount] | None:
        """The 合计 row with an entry for each grid year and each of *years*; ``None`` when it has them."""
        declared = self.doc.submission.detail.declared_total
        have = {a.year for a in declared}
        need = (set(self.doc.submission.grid_years()) | years) - have
        if not need:
            return None
        return sorted([a.model_copy() for a in declared] + [DetailAmount(year=y) for y in need], key=lambda a: a.year)

    def _with_total_row(self, action, label: str) -> None:
        """*action*, preceded (in the same undo step) by the 合计 row's year entries when it lacks some."""
        declared = self._declared_with(set())
        if declared is None:
            action()
            return
        stack = self.doc.undo_stack
        stack.beginMacro(label)
        try:
            self.doc.edit([("detail.declared_total", declared)], label)
            action()
        finally:
            stack.endMacro()

    def add(self) -> None:
        self._with_total_row(lambda: RowsPage.add(self), f"添加{self.noun}")

    def grid_grow(self, grid, n: int) -> bool:
        self._with_total_row(lambda: RowsPage.grid_grow(self, grid, n), f"添加{self.noun}")
        return True

    # writing ----------------------------------------------------------------------------------
    def expand(self, edits: list[tuple[str, Any]]) -> list[tuple[str, Any]]:
        """*edits* as paths of the model: a cell of a year a line has no entry for becomes the line's
        whole list of amounts with that year (the line's other amounts written in the same batch
        folded in), and the 合计 row gets the year too."""
        sub = self.doc.submission
        lines = {int(m[1]) for m in (_MISSING.match(p) for p, _v in edits) if m}
        if not lines:
            return edits
        amounts = {i: [a.model_copy() for a in sub.detail.lines[i].amounts] for i in lines}
        years: set[int] = set()
        out: list[tuple[str, Any]] = []
        for path, value in edits:
            missing, present = _MISSING.match(path), _PRESENT.match(path)
            if missing is not None:
                i, year = int(missing[1]), int(missing[2])
                years.add(year)
                have = next((a for a in amounts[i] if a.year == year), None)
                if have is None:
                    amounts[i].append(DetailAmount(year=year, amount=value))
                else:
                    have.amount = value
            elif present is not None and int(present[1]) in lines:
                amounts[int(present[1])][int(present[2])].amount = value
            else:
                out.append((path, value))
        declared = self._declared_with(years)
        head = [("detail.declared_total", declared)] if declared is not None else []
        return head + out + [(f"detail.lines[{i}].amounts", sorted(a, key=lambda x: x.year)) for i, a in amounts.items()]

    def write(self, edits: list[tuple[str, Any]], label: str) -> None:
        self.doc.edit(self.expand(edits), label)

    # showing ----------------------------------------------------------------------------------
    def gov_codes(self, lists: CodeLists, dept: str) -> CodeList:
        return paired_gov_codes(lists, dept)

    def refresh_grids(self) -> None:
        sub = self.doc.submission
        years = self.years()
        shape = (years, tuple(sub.grid_years()))
        if shape != self._shape or self.grid is None:
            self._make_grid(years)
            self._shape = shape
        assert self.grid is not None
        lists = code_lists(sub.basic.budget_year)
        trees = {key: lists[tree] for key, tree in TREES.items()}
        fixed = {key: list(getattr(detail_model, name)) for key, name in FIXED_CHOICES.items()}
        detail = sub.detail
        total: list[Cell] = []
        for path, year in self.columns:
            if path != "amounts" or year is None:
                total.append(Cell())
                continue
            j = next((k for k, a in enumerate(detail.declared_total) if a.year == year), None)
            total.append(Cell() if j is None else Cell(f"detail.declared_total[{j}].amount", "money",
                                                       format_money(detail.declared_total[j].amount), editable=False))
        total[0] = Cell(text="合计")
        rows = [Row(total, role="total", key="detail.declared_total")]
        for i, line in enumerate(detail.lines):
            p = f"detail.lines[{i}]"
            cells = []
            for path, year in self.columns:
                if year is not None:
                    j = next((k for k, a in enumerate(line.amounts) if a.year == year), None)
                    cells.append(Cell(missing_path(i, year), "money", "") if j is None else
                                 Cell(f"{p}.amounts[{j}].amount", "money", format_money(line.amounts[j].amount)))
                    continue
                spec = self.specs[path]
                value = getattr(line, path)
                if spec.kind == "coded":
                    codes = self.gov_codes(lists, line.dept_economic.code) if path == "gov_economic" \
                        else trees[spec.choices or ""]
                    cells.append(Cell(f"{p}.{path}", "coded", str(value), codes=codes))
                elif spec.kind == "flag":
                    cells.append(Cell(f"{p}.{path}", "yesno", show_cell("yesno", value)))
                elif spec.choices in fixed:
                    cells.append(Cell(f"{p}.{path}", "text", value, choices=fixed[spec.choices or ""]))
                else:
                    cells.append(Cell(f"{p}.{path}", "text", value))
            rows.append(Row(cells, key=p))
        self.grid.set_rows(rows)

    # the 测算依据 helper ---------------------------------------------------------------------------
    def f4(self) -> None:
        """F4 opens the list of a drop-down cell (as on every drop-down of the app), and the
        测算依据 helper of the current line anywhere else."""
        grid = self.grid
        if grid is None:
            return
        index = grid.currentIndex()
        spec = self.specs.get(self.column_key(index.column())[0]) if index.isValid() else None
        if spec is not None and spec.choices and index.flags() & Qt.ItemFlag.ItemIsEditable:
            if grid.state() != grid.State.EditingState:
                grid.edit(index)
            editor = grid.indexWidget(index)
            if isinstance(editor, QComboBox):
                editor.showPopup()
                return
        self.open_basis_helper()

    def open_basis_helper(self) -> BasisDialog | None:
        """The helper for the current line (opened window-modal; its 填入 writes the basis and the
        amount as one undo step). ``None`` when no line is selected (the status bar says so)."""
        grid = self.grid
        if grid is None:
            return None
        if grid.state() == grid.State.EditingState:
            grid._commit_editor()  # F4 while typing in a cell: what was typed is kept first
        i = _row_index(grid.current_row_key())
        lines = self.doc.submission.detail.lines
        if i is None or not 0 <= i < len(lines):
            self.status("请先选中一行明细（或点“添加明细行”），再打开测算依据助手")
            return None
        line = lines[i]
        grid_years = self.doc.submission.grid_years()
        parsed = parse_basis(line.basis)
        label, factors = parsed if parsed is not None else ("", [])
        _key, year = self.column_key(grid.currentIndex().column())
        if year is None or year not in grid_years:
            # the year of the cell; else the year the basis came to; else the first without an amount
            came_to = amount_from_basis(factors) if factors else None
            year = next((y for y in grid_years if came_to is not None and line.amount(y) == came_to),
                        next((y for y in grid_years if not line.amount(y)), grid_years[0] if grid_years else None))
        spec = NEEDS_QUANTITY_AND_PRICE.get(line.dept_economic.code.strip())
        hint = f"{spec[0]}须写明数量和单价，如“{spec[1]}”" if spec else ""
        dialog = BasisDialog(self, grid_years, year, label, factors,
                             old_basis="" if parsed is not None else line.basis.strip(), hint=hint)
        dialog.finished.connect(lambda result: self._basis_done(i, dialog, result))
        self.basis_dialog = dialog
        dialog.open()
        dialog.activateWindow()
        dialog.label_edit.setFocus()
        return dialog

    def _basis_done(self, i: int, dialog: BasisDialog, result: int) -> None:
        dialog.deleteLater()
        self.basis_dialog = None
        if self.grid is not None:  # back on the table, accepted or not
            self.window().activateWindow()
            self.grid.setFocus()
        year = dialog.year()
        if result != BasisDialog.DialogCode.Accepted or not dialog.text or dialog.amount is None or year is None:
            return
        if not 0 <= i < len(self.doc.submission.detail.lines):
            return  # the line went while the helper was open (an undo)
        line = self.doc.submission.detail.lines[i]
        j = next((k for k, a in enumerate(line.amounts) if a.year == year), None)
        amount = missing_path(i, year) if j is None else f"detail.lines[{i}].amounts[{j}].amount"
        self.write([(f"detail.lines[{i}].basis", dialog.text), (amount, dialog.amount)], "测算依据助手")
        self.status(f"已填入测算依据，{year}年金额 {format_money(dialog.amount)} 元")
