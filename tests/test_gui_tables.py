"""Every table works as a spreadsheet does: Tab and Enter move on, typing replaces, F2 edits in place,
Delete clears, Ctrl+C / Ctrl+V carry tab-separated blocks to and from Excel and WPS, Ctrl+D fills
down, and the 合计 row and the first column stay in view. Real key events throughout; keys go to the
widget that has the focus, as a user's keys do."""

from __future__ import annotations

from decimal import Decimal as D

from PySide6.QtCore import QItemSelection, QItemSelectionModel, Qt
from PySide6.QtGui import QGuiApplication, QInputMethodEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from desktop.widgets.sheet import format_tsv, parse_tsv


def focused():
    return QApplication.focusWidget()


def keys(qtbot, text: str) -> None:
    """ASCII typed key by key into whatever has the focus (the grid, then the editor it opened)."""
    for ch in text:
        QTest.keyClicks(focused(), ch)


def key(qtbot, k, mods=Qt.KeyboardModifier.NoModifier) -> None:
    QTest.keyClick(focused(), k, mods)


def chinese(text: str) -> None:
    """Chinese as an input method commits it, into the widget with the focus."""
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(focused(), event)


def select(grid, path: str) -> None:
    index = grid.index_for(path)
    assert index.isValid(), path
    grid.setFocus()
    grid.selectionModel().setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)


def select_block(grid, top: str, bottom: str) -> None:
    a, b = grid.index_for(top), grid.index_for(bottom)
    grid.setFocus()
    grid.selectionModel().setCurrentIndex(a, QItemSelectionModel.SelectionFlag.ClearAndSelect)
    grid.selectionModel().select(QItemSelection(a, b), QItemSelectionModel.SelectionFlag.ClearAndSelect)


def procurement(qtbot, window, rows: int = 2):
    window.show_step("政府采购")
    page = window.page("政府采购")
    for _ in range(rows):
        page.add()
    return page, page.grid, window.doc.submission.procurement.items


# --- moving -------------------------------------------------------------------------------------

def test_tab_moves_cell_by_cell_wraps_and_adds_a_row_at_the_end(qtbot, window):
    page, grid, items = procurement(qtbot, window)
    select(grid, "procurement.items[0].name")
    keys(qtbot, "desk")
    key(qtbot, Qt.Key.Key_Tab)
    assert items[0].name == "desk", "Tab commits the edit"
    assert grid.current_path() == "procurement.items[0].catalogue", "and moves to the next cell"
    assert grid.state() != grid.State.EditingState, "the next cell is selected, not opened"
    for _ in range(5):
        key(qtbot, Qt.Key.Key_Tab)
    assert grid.current_path() == "procurement.items[0].amount"
    for _ in range(4):  # the 一体化 columns after 金额: 品目代码, 单价, the two economic classifications
        key(qtbot, Qt.Key.Key_Tab)
    assert grid.current_path() == "procurement.items[0].gov_economic"
    key(qtbot, Qt.Key.Key_Tab)
    assert grid.current_path() == "procurement.items[1].name", "past the last column Tab wraps to the next row"
    key(qtbot, Qt.Key.Key_Backtab)
    assert grid.current_path() == "procurement.items[0].gov_economic", "Shift+Tab goes back"
    select(grid, "procurement.items[1].amount")
    keys(qtbot, "500")
    for _ in range(5):
        key(qtbot, Qt.Key.Key_Tab)
    assert items[1].amount == D("500")
    assert len(items) == 3, "Tab past the last cell of a table that grows adds a row"
    assert grid.current_path() == "procurement.items[2].name"


def test_tab_skips_computed_cells(qtbot, sample_window):
    w = sample_window
    w.show_step("对下转移支付")
    grid = w.page("对下转移支付").grid
    select(grid, "transfers.regions[0].name")
    key(qtbot, Qt.Key.Key_Tab)
    assert grid.current_path() == "transfers.regions[0].years[0].superior", "资金规模 is computed: skipped"


def test_enter_commits_and_moves_down(qtbot, window):
    page, grid, items = procurement(qtbot, window, rows=3)
    select(grid, "procurement.items[0].quantity")
    keys(qtbot, "12")
    key(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: grid.current_path() == "procurement.items[1].quantity")
    assert items[0].quantity == D("12")
    key(qtbot, Qt.Key.Key_Return)
    assert grid.current_path() == "procurement.items[2].quantity", "Enter on a selected cell moves down"


def test_typing_replaces_and_f2_edits_in_place(qtbot, sample_window):
    w = sample_window
    w.show_step("绩效指标")
    grid = w.page("绩效指标").grid
    inds = w.doc.submission.performance.indicators
    i = next(k for k, ind in enumerate(inds) if ind.unit == "年")
    select(grid, f"performance.indicators[{i}].unit")
    chinese("户")  # a selected drop-down cell holding 年, and 户 typed on it
    key(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: inds[i].unit == "户")
    assert grid.index_for(f"performance.indicators[{i}].unit").data() == "户", "户, not 年户"
    select(grid, f"performance.indicators[{i}].name")
    before = inds[i].name
    key(qtbot, Qt.Key.Key_F2)
    keys(qtbot, "2")
    key(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: inds[i].name == before + "2")


def test_yes_no_cell_takes_the_keyboard_and_delete_clears(qtbot, sample_window):
    w = sample_window
    w.show_step("绩效指标")
    grid = w.page("绩效指标").grid
    select(grid, "performance.indicators[0].core")
    keys(qtbot, "n")
    assert w.doc.submission.performance.indicators[0].core.value == "否"
    chinese("是")
    assert w.doc.submission.performance.indicators[0].core.value == "是"
    key(qtbot, Qt.Key.Key_Delete)
    assert w.doc.submission.performance.indicators[0].core.value == "未填"


def test_delete_clears_the_selected_block_as_one_step(qtbot, window):
    page, grid, items = procurement(qtbot, window, rows=2)
    page.doc.edit([("procurement.items[0].unit", "台"), ("procurement.items[1].unit", "套"),
                   ("procurement.items[0].amount", D("10")), ("procurement.items[1].amount", D("20"))])
    select_block(grid, "procurement.items[0].unit", "procurement.items[1].amount")
    key(qtbot, Qt.Key.Key_Delete)
    assert [(it.unit, it.amount) for it in items] == [("", None), ("", None)]
    assert window.doc.submission.procurement.declared_total in (None, D("0"))
    window.doc.undo_stack.undo()
    assert [(it.unit, it.amount) for it in items] == [("台", D("10")), ("套", D("20"))]


# --- clipboard ----------------------------------------------------------------------------------

def test_tsv_as_excel_writes_it():
    assert parse_tsv("a\tb\r\nc\t\"d\r\ne\"\r\n") == [["a", "b"], ["c", "d\ne"]]
    assert parse_tsv("") == []
    assert parse_tsv(format_tsv([["x\ty", "1,000.00"], ["", "“引号”\"q\""]])) == [["x\ty", "1,000.00"],
                                                                                   ["", "“引号”\"q\""]]


def test_copy_a_block_as_tab_separated_text(qtbot, sample_window):
    w = sample_window
    w.show_step("对下转移支付")
    grid = w.page("对下转移支付").grid
    select_block(grid, "transfers.regions[0].name", "transfers.regions[0].years[0].local")
    key(qtbot, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QGuiApplication.clipboard().text() == "玉溪市高新技术开发区\t20,000,000.00\t\t20,000,000.00\r\n"


def test_paste_100_rows_into_transfers_is_one_undo_step(qtbot, sample_window):
    w = sample_window
    w.show_step("对下转移支付")
    grid = w.page("对下转移支付").grid
    t = w.doc.submission.transfers
    before = t.model_dump()
    steps = w.doc.undo_stack.count()
    # 地区名称, then 2020 资金规模 (computed, left empty as Excel users copy it), 上级补助, 本级, 自筹
    lines = [f"县{i}\t\t{i},000.00\t{i}万\t" for i in range(1, 101)]
    QGuiApplication.clipboard().setText("\r\n".join(lines) + "\r\n")
    select(grid, "transfers.regions[0].name")
    key(qtbot, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert len(t.regions) == 100, "the one region is overwritten and 99 rows are added"
    assert t.regions[0].name == "县1" and t.regions[99].name == "县100"
    assert t.regions[41].years[0].superior == D("42000") and t.regions[41].years[0].local == D("420000")
    assert t.regions[41].years[0].scale == D("462000"), "资金规模 follows its parts"
    assert t.declared_total[0].superior == sum(D(i * 1000) for i in range(1, 101))
    assert w.doc.undo_stack.count() == steps + 1, "one undo step"
    assert grid.index_for("transfers.regions[99].years[0].local").data() == "1,000,000.00"
    w.doc.undo_stack.undo()
    assert t.model_dump() == before


def test_a_paste_that_does_not_fit_pastes_nothing_and_says_where(qtbot, sample_window, dialogs):
    seen, _answers = dialogs
    w = sample_window
    w.show_step("对下转移支付")
    grid = w.page("对下转移支付").grid
    t = w.doc.submission.transfers
    before = t.model_dump()
    steps = w.doc.undo_stack.count()
    QGuiApplication.clipboard().setText("县1\t\t1000\r\n县2\t\t一千\r\n县3\t\t3000\r\n")
    select(grid, "transfers.regions[0].name")
    key(qtbot, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert t.model_dump() == before, "nothing half-pasted"
    assert w.doc.undo_stack.count() == steps and not w.doc.undo_stack.canRedo(), "no trace on the undo stack"
    assert seen and "第 2 行“2020年上级补助”" in seen[-1][1] and "一千" in seen[-1][1]


def test_paste_dates_and_money_as_the_fields_parse_them(qtbot, window):
    page, grid, items = procurement(qtbot, window, rows=1)
    QGuiApplication.clipboard().setText("2027/3/1\t１２万\n2027-04-02\t3,000.50\n")
    select(grid, "procurement.items[0].need_time")
    key(qtbot, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert len(items) == 2
    assert str(items[0].need_time) == "2027-03-01" and items[0].amount == D("120000")
    assert str(items[1].need_time) == "2027-04-02" and items[1].amount == D("3000.50")


def test_fill_down(qtbot, window):
    page, grid, items = procurement(qtbot, window, rows=3)
    page.doc.edit([("procurement.items[0].method", "公开招标"), ("procurement.items[0].unit", "台")])
    select_block(grid, "procurement.items[0].method", "procurement.items[2].unit")
    key(qtbot, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert [(it.method, it.unit) for it in items] == [("公开招标", "台")] * 3
    window.doc.undo_stack.undo()
    assert [(it.method, it.unit) for it in items][1:] == [("", "")] * 2
    select(grid, "procurement.items[1].unit")
    key(qtbot, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert items[1].unit == "台", "one cell takes the cell above"


# --- what stays in view -------------------------------------------------------------------------

def test_total_row_and_first_column_stay_in_view(qtbot, window):
    w = window
    page, grid, items = procurement(qtbot, w, rows=0)
    page.grid_grow(grid, 60)
    w.show_step("政府采购")
    qtbot.waitUntil(lambda: grid.verticalScrollBar().maximum() > 0)
    grid.verticalScrollBar().setValue(grid.verticalScrollBar().maximum())
    assert grid._top.isVisible(), "scrolled down, the 合计 row is shown over the rows"
    assert grid._top.model().index(0, 0).data() == "合计"
    assert grid._top.height() >= grid.visualRect(grid.index_for("procurement.items[59].name")).height()
    select(grid, "procurement.items[59].amount")
    w.show_step("对下转移支付")
    tgrid = w.page("对下转移支付").grid
    w.page("对下转移支付").grid_grow(tgrid, 3)
    qtbot.waitUntil(lambda: tgrid.horizontalScrollBar().maximum() > 0)
    tgrid.horizontalScrollBar().setValue(tgrid.horizontalScrollBar().maximum())
    assert tgrid.horizontalScrollBar().value() > 0
    assert tgrid._left.isVisible(), "scrolled right, the 地区名称 column stays"
    assert tgrid._left.geometry().width() == tgrid.columnWidth(0) + 1
    select(tgrid, "transfers.regions[0].years[0].superior")
    tgrid.scrollTo(tgrid.currentIndex())
    rect = tgrid.visualRect(tgrid.currentIndex())
    assert rect.left() >= tgrid.columnWidth(0), "the current cell is never under the frozen column"


def test_long_text_wraps_with_a_row_height_that_fits(qtbot, window):
    w = window
    w.show_step("政府购买服务")
    page = w.page("政府购买服务")
    page.add()
    page.add()
    w.doc.edit([("services.items[0].summary", "购买内容" * 60)])
    grid = page.grid
    tall = grid.visualRect(grid.index_for("services.items[0].summary")).height()
    short = grid.visualRect(grid.index_for("services.items[1].summary")).height()
    assert tall >= 2 * short, (tall, short)


def test_annual_goals_grow_by_tab_with_the_next_year(qtbot, sample_window):
    w = sample_window
    w.show_step("年度目标")
    grid = w.page("年度目标").grid
    goals = w.doc.submission.performance.annual_goals
    n = len(goals)
    select(grid, f"performance.annual_goals[{n - 1}].note")
    key(qtbot, Qt.Key.Key_Tab)
    assert len(goals) == n + 1 and goals[-1].year == max(g.year for g in goals[:-1]) + 1
    assert grid.current_path() == f"performance.annual_goals[{n}].year"


def test_the_review_table_takes_the_same_keys(qtbot, sample_window):
    w = sample_window
    w.show_step("预算编审")
    grid = w.page("预算编审").grid
    br = w.doc.submission.budget_review
    first = "budget_review.sections[0].groups[0].items[0]"
    select(grid, f"{first}.self_score")
    keys(qtbot, "7")
    key(qtbot, Qt.Key.Key_Tab)
    assert br.sections[0].groups[0].items[0].self_score == D("7")
    assert grid.current_path() == f"{first}.finance_score"
    key(qtbot, Qt.Key.Key_Tab)
    key(qtbot, Qt.Key.Key_Tab)
    key(qtbot, Qt.Key.Key_Tab)
    assert grid.current_path() == "budget_review.sections[0].groups[1].opinion", \
        "past the item's 简述: the next row's first cell that takes a value (the group's 意见)"
    second = "budget_review.sections[0].groups[1].items"
    QGuiApplication.clipboard().setText("1\n2\n3\n")
    select(grid, f"{second}[0].finance_score")
    key(qtbot, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert [it.finance_score for it in br.sections[0].groups[1].items] == [D("1"), D("2"), D("3")]


def test_tab_out_of_a_drop_down_editor_and_paste_into_an_empty_table(qtbot, window):
    page, grid, items = procurement(qtbot, window, rows=1)
    select(grid, "procurement.items[0].method")
    chinese("公开招标")
    assert grid.state() == grid.State.EditingState
    key(qtbot, Qt.Key.Key_Tab)
    assert items[0].method == "公开招标", "Tab commits the drop-down's text"
    assert grid.current_path() == "procurement.items[0].unit"
    page.remove()
    assert items == []
    select(grid, "procurement.declared_total")  # the 合计 row is all an empty table has
    grid.selectionModel().setCurrentIndex(grid.model_.index(0, 0), grid.selectionModel().SelectionFlag.ClearAndSelect)
    QGuiApplication.clipboard().setText("桌子\t\t\t张\t2\t\t300\n椅子\t\t\t把\t4\t\t200\n")
    key(qtbot, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert [(it.name, it.unit, it.amount) for it in items] == [("桌子", "张", D("300")), ("椅子", "把", D("200"))]
    assert window.doc.submission.procurement.declared_total == D("500")


def test_a_selected_cell_keeps_its_text_readable(qtbot):
    from PySide6.QtGui import QPalette

    from desktop.widgets.grid import Grid

    grid = Grid([("地区名称", 160)])
    qtbot.addWidget(grid)
    for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
        p = grid.palette()
        assert p.color(group, QPalette.ColorRole.HighlightedText) == p.color(group, QPalette.ColorRole.Text)
        assert p.color(group, QPalette.ColorRole.Highlight) != p.color(group, QPalette.ColorRole.Text)
