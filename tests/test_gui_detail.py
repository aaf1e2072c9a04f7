"""The 支出明细 step driven as a user drives it: real key events into whatever has the focus (the
grid, the editor a cell opened, the 测算依据 helper), the checker's findings in the panel."""

from __future__ import annotations

from decimal import Decimal as D
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from desktop.steps.detail import DetailPage
from desktop.widgets.code_combo import TreeCodeCombo
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
    keys(qtbot, "50203")
    popup = grid.indexWidget(grid.currentIndex()).search_completer.popup()
    qtbot.waitUntil(popup.isVisible)
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
