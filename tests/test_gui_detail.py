"""The 支出明细 step driven as a user drives it: real key events into whatever has the focus (the
grid, the editor a cell opened, the 测算依据 helper), the checker's findings in the panel."""

from __future__ import annotations

from decimal import Decimal as D
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from desktop.steps.detail import DetailPage
from desktop.widgets.code_combo import TreeCodeCombo
from forms import files
from tests.test_gui import click_finding
from tests.test_gui_tables import chinese, select

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "seeds" / "example-huaning-education-2024.bfproj"


pytestmark = pytest.mark.qt_log_ignore("This plugin does not support (raise|grabbing)")  # popups, offscreen


def focused():
    """Where a key goes: an open pop-up (a completer's list) first, else the widget with the focus."""
    return QApplication.activePopupWidget() or QApplication.focusWidget()


def keys(qtbot, text: str) -> None:
    for ch in text:
        QTest.keyClicks(focused(), ch)


def key(qtbot, k, mods=Qt.KeyboardModifier.NoModifier) -> None:
    QTest.keyClick(focused(), k, mods)


@pytest.fixture
def example_window(window):
    assert window.open_path(str(EXAMPLE))
    return window


def detail_page(window) -> DetailPage:
    window.show_step("支出明细")
    page = window.page("支出明细")
    assert isinstance(page, DetailPage)
    return page


def sigma_findings(window) -> list[str]:
    window.doc.flush_check()
    return [f.message for f in window.findings_panel.findings if f.rule == "DETAIL-01"]


def test_a_line_added_by_keyboard_with_codes_and_the_helper_clears_the_sigma_check(qtbot, example_window):
    w = example_window
    sub = w.doc.submission
    # the applicant has put 12,000 more of 本级财政安排 into 2024 than the 明细表 breaks down
    w.doc.edit([("basic.funding[0].local", sub.basic.funding[0].local + 12000)])
    assert any("2024年 本级财政安排" in m for m in sigma_findings(w))
    page = detail_page(w)
    grid = page.grid
    n = len(sub.detail.lines)
    select(grid, f"detail.lines[{n - 1}].note")
    key(qtbot, Qt.Key.Key_Tab)
    assert len(sub.detail.lines) == n + 1, "Tab past the last cell adds a line"
    assert grid.current_path() == f"detail.lines[{n}].function_subject"
    assert str(sub.detail.lines[n].function_subject) == "2050202 小学教育", "the project's 功能科目 to start with"
    key(qtbot, Qt.Key.Key_Tab)
    assert grid.current_path() == f"detail.lines[{n}].dept_economic"
    keys(qtbot, "pxf")  # pinyin initials of 培训费
    combo = grid.indexWidget(grid.currentIndex())
    assert isinstance(combo, TreeCodeCombo)
    popup = combo.search_completer.popup()
    qtbot.waitUntil(popup.isVisible)
    assert popup.model().index(0, 0).data() == "30216 培训费"
    key(qtbot, Qt.Key.Key_Down)
    key(qtbot, Qt.Key.Key_Return)
    assert str(sub.detail.lines[n].dept_economic) == "30216 培训费", "the code picked is written at once"
    assert grid.state() != grid.State.EditingState
    select(grid, f"detail.lines[{n}].gov_economic")
    keys(qtbot, "50")
    combo = grid.indexWidget(grid.currentIndex())
    popup = combo.search_completer.popup()
    qtbot.waitUntil(popup.isVisible)
    offered = [popup.model().index(r, 0).data() for r in range(popup.model().rowCount())]
    assert offered == ["50203 培训费", "50502 商品和服务支出"], "what the 对照表 pairs with 30216"
    key(qtbot, Qt.Key.Key_Down)
    key(qtbot, Qt.Key.Key_Return)
    assert str(sub.detail.lines[n].gov_economic) == "50203 培训费"
    select(grid, f"detail.lines[{n}].source")
    chinese("本级财政安排")
    key(qtbot, Qt.Key.Key_Tab)
    assert sub.detail.lines[n].source == "本级财政安排"
    assert grid.current_path() == f"detail.lines[{n}].nature"
    chinese("一般公共预算拨款")
    key(qtbot, Qt.Key.Key_Tab)
    assert sub.detail.lines[n].nature == "一般公共预算拨款"
    assert grid.current_path() == f"detail.lines[{n}].amounts[0].amount"
    for _ in range(3):
        key(qtbot, Qt.Key.Key_Tab)
    assert grid.current_path() == f"detail.lines[{n}].basis"
    assert "F4" in w.statusBar().currentMessage(), "the 测算依据 cell tells of its helper"

    key(qtbot, Qt.Key.Key_F4)
    dialog = page.basis_dialog
    assert dialog is not None and dialog.isVisible() and dialog.isModal()
    qtbot.waitUntil(lambda: focused() is dialog.label_edit)
    chinese("教师培训")
    key(qtbot, Qt.Key.Key_Tab)
    keys(qtbot, "60")
    key(qtbot, Qt.Key.Key_Tab)
    chinese("人")
    key(qtbot, Qt.Key.Key_Tab)
    assert focused() is dialog.price
    keys(qtbot, "200")
    assert "12,000.00" in dialog.preview.text()
    key(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    qtbot.waitUntil(lambda: focused() is grid, timeout=3000)  # back on the table
    line = sub.detail.lines[n]
    assert line.basis == "教师培训 60 人 × 200 元"
    assert line.amount(2024) == D("12000.00"), "the helper fills the amount of the year"
    assert grid.index_for(f"detail.lines[{n}].amounts[0].amount").data() == "12,000.00"
    assert sub.detail.declared(2024) == D("1416000.00"), "the 合计 row follows"
    assert sigma_findings(w) == [], "the Σ check is quiet: the grid's cell is broken down to the fen"
    assert not [f for f in w.doc.findings if f.field.startswith(f"detail.lines[{n}]")], "and the new line is clean"

    key(qtbot, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert line.basis == "" and line.amount(2024) is None, "one undo takes back basis and amount"
    assert sub.detail.declared(2024) == D("1404000.00")
    assert any("2024年 本级财政安排" in m for m in sigma_findings(w))
    key(qtbot, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert line.basis == "教师培训 60 人 × 200 元" and line.amount(2024) == D("12000.00")


def test_a_finding_of_the_table_jumps_to_its_cell(qtbot, example_window):
    w = example_window
    w.doc.edit([("detail.lines[2].basis", "")])  # DETAIL-06: a line with money and no 测算依据
    w.doc.flush_check()
    finding = next(f for f in w.findings_panel.findings if f.rule == "DETAIL-06")
    assert finding.field == "detail.lines[2].basis"
    w.show_step("基本信息")
    click_finding(qtbot, w, finding)
    assert w.current_step() == "支出明细"
    grid = detail_page(w).grid
    assert grid.current_path() == "detail.lines[2].basis"
    assert grid.hasFocus()
    assert "测算依据" in grid.model().headerData(grid.currentIndex().column(), Qt.Orientation.Horizontal)
    index = grid.index_for("detail.lines[2].basis")
    assert "没有测算依据" in index.data(Qt.ItemDataRole.ToolTipRole), "the cell carries the message"
    # a finding on the table as a whole (DETAIL-01 names detail.lines) lands on the table
    w.doc.edit([("basic.funding[1].local", D(1))])
    w.doc.flush_check()
    sigma = next(f for f in w.findings_panel.findings if f.rule == "DETAIL-01")
    click_finding(qtbot, w, sigma)
    assert w.current_step() == "支出明细" and grid.current_path() == "detail.lines[0].function_subject"


def test_a_year_a_line_has_no_entry_for_takes_an_amount_in_one_undo_step(qtbot, window, tmp_path):
    # a project file written by hand or by an older version: the first line has an entry for 2024 only
    sparse = files.load(EXAMPLE)
    sparse.detail.lines[0].amounts = [a for a in sparse.detail.lines[0].amounts if a.year == 2024]
    files.save(sparse, tmp_path / "sparse.bfproj")
    assert window.open_path(str(tmp_path / "sparse.bfproj"))
    w = window
    sub = w.doc.submission
    grid = detail_page(w).grid
    line = sub.detail.lines[0]
    assert [a.year for a in line.amounts] == [2024], "the first line is of 2024 only"
    select(grid, "detail.lines[0].amounts@2025")
    keys(qtbot, "5000")
    key(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: sub.detail.lines[0].amount(2025) is not None)  # Enter commits (queued)
    line = sub.detail.lines[0]
    assert line.amount(2025) == D(5000) and [a.year for a in line.amounts] == [2024, 2025]
    assert sub.detail.declared(2025) == D("529000.00"), "the 合计 row adds it"
    cell = grid.index_for("detail.lines[0].amounts[1].amount")
    assert cell.isValid() and cell.data() == "5,000.00", "the cell is now the line's own"
    w.doc.undo_stack.undo()
    line = sub.detail.lines[0]
    assert [a.year for a in line.amounts] == [2024] and sub.detail.declared(2025) == D("524000.00")
    assert grid.index_for("detail.lines[0].amounts@2025").isValid()


def test_paste_a_block_from_a_spreadsheet_adds_lines(qtbot, example_window):
    w = example_window
    sub = w.doc.submission
    grid = detail_page(w).grid
    n = len(sub.detail.lines)
    block = "30201 办公费\t50201 办公经费\t本级财政安排\t一般公共预算拨款\t3000\t\t\t按实际\t否\t否\n" \
            "30202 印刷费\t50201 办公经费\t本级财政安排\t一般公共预算拨款\t1000\t2000\t\t按实际\t否\t否\n"
    select(grid, f"detail.lines[{n - 1}].dept_economic")
    QGuiApplication.clipboard().setText(block)
    key(qtbot, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    # the paste starts on the current line: two lines written, one of them new, as one undo step
    assert len(sub.detail.lines) == n + 1
    assert str(sub.detail.lines[n - 1].dept_economic) == "30201 办公费"
    assert sub.detail.lines[n].amount(2025) == D(2000)
    assert sub.detail.lines[n].procurement.value == "否"
    w.doc.undo_stack.undo()
    assert len(sub.detail.lines) == n and str(sub.detail.lines[n - 1].dept_economic) == "30216 培训费"


def test_f4_without_a_line_says_what_to_do(qtbot, window):
    page = detail_page(window)
    page.grid.setFocus()
    key(qtbot, Qt.Key.Key_F4)
    assert page.basis_dialog is None
    assert "请先选中一行明细" in window.statusBar().currentMessage()
    page.add()
    assert len(window.doc.submission.detail.lines) == 1
    assert [a.year for a in window.doc.submission.detail.declared_total] == window.doc.submission.grid_years(), \
        "the first line gives the 合计 row its years"
    window.doc.undo_stack.undo()
    assert window.doc.submission.detail.lines == [] and window.doc.submission.detail.declared_total == [], \
        "one undo takes both back"


def test_the_helper_opens_on_a_basis_it_can_read_refuses_bad_numbers_and_cancels(qtbot, example_window):
    w = example_window
    page = detail_page(w)
    grid = page.grid
    select(grid, "detail.lines[3].amounts[1].amount")  # 培训费, 2025
    key(qtbot, Qt.Key.Key_F4)
    dialog = page.basis_dialog
    qtbot.waitUntil(lambda: focused() is dialog.label_edit)
    assert dialog.year() == 2025, "the year of the current cell"
    assert dialog.label_edit.text() == "教师信息化教学应用培训：每年"
    assert [(q.value.text(), q.unit.text()) for q in dialog.quantities] == [("2", "期"), ("60", "人")]
    assert (dialog.price.text(), dialog.price_unit.text()) == ("200", "/人·期")
    ok = dialog.buttons.button(dialog.buttons.StandardButton.Ok)
    assert ok.isEnabled() and "24,000.00" in dialog.preview.text()
    key(qtbot, Qt.Key.Key_Tab)
    key(qtbot, Qt.Key.Key_Tab)
    key(qtbot, Qt.Key.Key_Tab)
    assert focused() is dialog.quantities[1].value
    dialog.quantities[1].value.selectAll()
    keys(qtbot, "3x")
    assert not ok.isEnabled() and "数量 2" in dialog.preview.text(), "a bad number is named, nothing can be written"
    key(qtbot, Qt.Key.Key_Backspace)
    keys(qtbot, "0")
    assert ok.isEnabled() and "12,000.00" in dialog.preview.text()
    before = w.doc.undo_stack.count()
    key(qtbot, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert w.doc.undo_stack.count() == before, "cancelled: nothing written"
    qtbot.waitUntil(lambda: focused() is grid, timeout=3000)
    key(qtbot, Qt.Key.Key_F4)
    dialog = page.basis_dialog
    qtbot.waitUntil(lambda: focused() is dialog.label_edit)
    dialog.quantities[1].value.setText("30")
    dialog.add_quantity()
    dialog.quantities[2].value.setText("2")
    dialog.quantities[2].unit.setText("天")
    assert "24,000.00" in dialog.preview.text()
    dialog.remove_quantity(dialog.quantities[2])
    key(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    line = w.doc.submission.detail.lines[3]
    assert line.basis == "教师信息化教学应用培训：每年 2 期 × 30 人 × 200 元/人·期"
    assert line.amount(2025) == D(12000) and line.amount(2024) == D(24000), "only the chosen year is filled"
    w.doc.flush_check()
    assert any(f.rule == "DETAIL-01" and "2025年" in f.message for f in w.doc.findings), \
        "the grid still says 24,000 more: the Σ check tells"


def test_new_from_example_menu_opens_an_untitled_copy(qtbot, window, monkeypatch):
    from desktop.templates import SAMPLES

    menu = window.samples_menu
    titles = [a.text() for a in menu.actions()]
    assert len(titles) == 2 and "华宁县" in titles[1] and "玉溪海关" in titles[0]
    assert all(s.path.is_file() for s in SAMPLES)
    seed_bytes = EXAMPLE.read_bytes()
    # 文件 ▸ 从示例新建 ▸ 华宁县… by keyboard
    QTest.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is not None)
    file_menu = QApplication.activePopupWidget()
    key(qtbot, Qt.Key.Key_Down)
    assert file_menu.activeAction().menu() is menu
    key(qtbot, Qt.Key.Key_Right)
    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is menu)
    key(qtbot, Qt.Key.Key_Down)
    assert menu.activeAction() is menu.actions()[1]
    key(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.doc.submission.basic.name != "")
    sub = window.doc.submission
    assert sub.basic.name == "华宁县义务教育学校教学设备更新项目"
    assert window.doc.path is None and "未命名申报" in window.windowTitle()
    window.doc.flush_check()
    assert not [f for f in window.doc.findings if f.severity.value in ("error", "warning")], "the example checks clean"
    window.show_step("支出明细")
    assert window.page("支出明细").grid.index_for("detail.lines[3].basis").data().startswith("教师信息化")
    asked = []
    monkeypatch.setattr("desktop.window_files.QFileDialog.getSaveFileName",
                        lambda *a, **k: (asked.append(a[2]) or "", ""))
    assert not window.save(), "Save asks for a new name"
    assert asked and not asked[0].startswith(str(EXAMPLE.parent)), asked
    assert EXAMPLE.read_bytes() == seed_bytes, "the example itself is never written"


def test_procurement_extra_columns_take_codes_and_prices(qtbot, example_window):
    w = example_window
    w.show_step("政府采购")
    grid = w.page("政府采购").grid
    items = w.doc.submission.procurement.items
    headers = [grid.model().headerData(c, Qt.Orientation.Horizontal) for c in range(grid.model().columnCount())]
    assert headers[-4:] == ["政府采购品目代码", "单价（元）", "部门预算支出经济分类", "政府预算支出经济分类"]
    assert grid.index_for("procurement.items[3].item_code").data() == "A02010104"
    select(grid, "procurement.items[3].unit_price")
    keys(qtbot, "4800")
    key(qtbot, Qt.Key.Key_Tab)
    assert items[3].unit_price == D(4800)
    assert grid.current_path() == "procurement.items[3].dept_economic"
    keys(qtbot, "31002")
    popup = grid.indexWidget(grid.currentIndex()).search_completer.popup()
    qtbot.waitUntil(popup.isVisible)
    key(qtbot, Qt.Key.Key_Down)
    key(qtbot, Qt.Key.Key_Return)
    assert str(items[3].dept_economic) == "31002 办公设备购置"
    select(grid, "procurement.items[3].gov_economic")
    keys(qtbot, "50")
    popup = grid.indexWidget(grid.currentIndex()).search_completer.popup()
    qtbot.waitUntil(popup.isVisible)
    assert [popup.model().index(r, 0).data().split()[0] for r in range(popup.model().rowCount())] == \
        ["50306", "50404", "50601"], "the 对照表's pairs of 31002"
    key(qtbot, Qt.Key.Key_Escape)
    key(qtbot, Qt.Key.Key_Escape)
    w.doc.flush_check()
    assert any(f.rule == "DETAIL-08" and f.field == "procurement.items[3].amount" for f in w.doc.findings), \
        "单价 × 数量 ≠ 金额 is found"


def test_services_extra_columns(qtbot, window):
    window.show_step("政府购买服务")
    page = window.page("政府购买服务")
    page.add()
    grid = page.grid
    headers = [grid.model().headerData(c, Qt.Orientation.Horizontal) for c in range(grid.model().columnCount())]
    assert headers[-3:] == ["数量", "部门预算支出经济分类", "政府预算支出经济分类"]
    select(grid, "services.items[0].quantity")
    keys(qtbot, "12")
    key(qtbot, Qt.Key.Key_Tab)
    keys(qtbot, "30227")
    popup = grid.indexWidget(grid.currentIndex()).search_completer.popup()
    qtbot.waitUntil(popup.isVisible)
    key(qtbot, Qt.Key.Key_Down)
    key(qtbot, Qt.Key.Key_Return)
    item = window.doc.submission.services.items[0]
    assert item.quantity == D(12) and str(item.dept_economic) == "30227 委托业务费"


def test_the_frozen_first_column_lines_up_with_the_rows_when_scrolled_right(qtbot, example_window):
    grid = detail_page(example_window).grid
    qtbot.waitUntil(lambda: grid.horizontalScrollBar().maximum() > 0)
    grid.horizontalScrollBar().setValue(grid.horizontalScrollBar().maximum())
    pane = grid._left
    qtbot.waitUntil(pane.isVisible)
    model = grid.model()
    heights = [grid.rowHeight(model.index(r, 0)) for r in range(model.rowCount())]
    assert len(set(heights)) > 1, "the 测算依据 texts wrap: rows of different heights"
    qtbot.waitUntil(lambda: [pane.rowHeight(model.index(r, 0)) for r in range(model.rowCount())] == heights)
    for r in range(model.rowCount()):
        assert pane.visualRect(model.index(r, 0)).top() == grid.visualRect(model.index(r, 0)).top(), r


def test_the_helper_on_a_basis_cell_fills_the_year_the_basis_came_to(qtbot, example_window):
    page = detail_page(example_window)
    select(page.grid, "detail.lines[3].basis")
    key(qtbot, Qt.Key.Key_F4)
    dialog = page.basis_dialog
    assert dialog.year() == 2024, "24,000 is the line's 2024 amount"
    dialog.reject()
    select(page.grid, "detail.lines[0].basis")
    key(qtbot, Qt.Key.Key_F4)
    dialog = page.basis_dialog
    assert (dialog.label_edit.text(), dialog.year()) == ("小学教室交互式智能平板", 2024), "100 台 × 10,000 元/台"
    dialog.reject()
    select(page.grid, "detail.lines[1].basis")  # 2024年 30 台、2025年 50 台，每台 10,000 元: not the helper's
    key(qtbot, Qt.Key.Key_F4)
    dialog = page.basis_dialog
    assert dialog.year() == 2026, "the first year without an amount"
    assert dialog.label_edit.text() == "" and not dialog.buttons.button(dialog.buttons.StandardButton.Ok).isEnabled()
    dialog.reject()


def headers(grid) -> list[str]:
    return [grid.model().headerData(c, Qt.Orientation.Horizontal) for c in range(grid.model().columnCount())]


def test_the_year_columns_follow_the_grid(qtbot, example_window):
    from forms.model import FundingYear

    w = example_window
    page = detail_page(w)
    assert [h for h in headers(page.grid) if h.startswith("申请金额")] == \
        ["申请金额\n2024年", "申请金额\n2025年", "申请金额\n2026年"]
    funding = [c.model_copy() for c in w.doc.submission.basic.funding] + [FundingYear(year=2027)]
    w.doc.edit([("basic.funding", funding)])
    grid = page.grid
    assert "申请金额\n2027年" in headers(grid), "a year added to the grid is a column of the table"
    assert grid.index_for("detail.lines[0].amounts@2027").isValid()
    w.doc.undo_stack.undo()
    # a line's money in a year the grid does not have stays in view, marked
    w.doc.edit([("detail.lines[0].amounts", [a.model_copy() for a in w.doc.submission.detail.lines[0].amounts]
                 + [type(w.doc.submission.detail.lines[0].amounts[0])(year=2030, amount=D(5))])])
    grid = page.grid
    assert "申请金额\n2030年（表外）" in headers(grid)
    w.doc.flush_check()
    finding = next(f for f in w.doc.findings if f.rule == "DETAIL-03")
    assert w.goto_finding(finding) and grid.current_path() == finding.field


def test_f4_on_a_drop_down_cell_opens_its_list(qtbot, example_window):
    page = detail_page(example_window)
    grid = page.grid
    select(grid, "detail.lines[0].source")
    key(qtbot, Qt.Key.Key_F4)
    assert page.basis_dialog is None
    editor = grid.indexWidget(grid.currentIndex())
    assert editor is not None
    qtbot.waitUntil(editor.view().isVisible)
    key(qtbot, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not editor.view().isVisible())


def test_the_government_classification_offered_follows_the_mapping_table(qtbot, example_window):
    from forms.codes import code_lists

    page = detail_page(example_window)
    lists = code_lists(2024)
    paired = page.gov_codes(lists, "31002")
    assert set(paired.at_level(paired.leaf_level)) == set(lists.pairs["econ_map"]["31002"])
    assert page.gov_codes(lists, "31002") is paired, "made once per code"
    assert page.gov_codes(lists, "30226") is lists["econ_gov"], "no row in the 对照表: the whole list"
    assert page.gov_codes(lists, "") is lists["econ_gov"]
    # a code outside the offer can still be typed: the 对照表 check is the checker's
    grid = page.grid
    select(grid, "detail.lines[2].gov_economic")
    keys(qtbot, "50299")
    key(qtbot, Qt.Key.Key_Tab)
    assert example_window.doc.submission.detail.lines[2].gov_economic.code == "50299"
