"""The fields by keyboard: Tab in the order they are shown on every page, dates typed as people write
them, 是/否 with the arrow keys, Enter in a money field, and Qt's own texts in Chinese."""

from __future__ import annotations

import itertools
from datetime import date
from decimal import Decimal as D

import pytest
from PySide6.QtCore import QDate, QLocale, QPoint, Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox, QTableView, QWidget

from desktop.steps import STEP_NAMES
from desktop.steps.base import tab_stops
from forms.model import YesNo, parse_date
from tests.test_gui import type_text


def _rect(page, widget):
    top_left = widget.mapTo(page, QPoint(0, 0))
    return top_left.x(), top_left.y(), top_left.x() + widget.width(), top_left.y() + widget.height()


def _after(page, a, b) -> bool:
    """*b* comes after *a* in reading order: on a later line, or on the same line further right."""
    ax0, ay0, ax1, ay1 = _rect(page, a)
    bx0, by0, bx1, by1 = _rect(page, b)
    if by0 >= ay1 - 4:
        return True
    same_line = by0 < ay1 and by1 > ay0
    return same_line and bx0 >= ax1 - 4


def _chain(page) -> list[QWidget]:
    """The page's widgets in Qt's focus chain, as Tab visits them (each widget that takes Tab once)."""
    stops = [w for w in tab_stops(page.layout()) if w.isVisibleTo(page) and w.isEnabled()]
    owner = {}
    for s in stops:
        owner[s] = s
    seen: list[QWidget] = []
    w = stops[0]
    for _ in range(5000):
        stop = next((s for s in stops if s is w or s.isAncestorOf(w)), None)
        if stop is not None and w.focusPolicy() & Qt.FocusPolicy.TabFocus and w.isVisible() and w.isEnabled():
            if not seen or seen[-1] is not stop:
                if stop in seen:
                    break
                seen.append(stop)
        w = w.nextInFocusChain()
        if w is stops[0]:
            break
    return seen


@pytest.mark.parametrize("step", STEP_NAMES)
def test_tab_follows_the_visual_order_on_every_page(qtbot, sample_window, step):
    w = sample_window
    w.show_step(step)
    page = w.page(step)
    chain = _chain(page)
    stops = [s for s in tab_stops(page.layout()) if s.isVisibleTo(page) and s.isEnabled()]
    assert chain == stops, "Qt's focus chain visits every field once, in the page's order"
    wrong = [(a.objectName() or type(a).__name__, b.objectName() or type(b).__name__)
             for a, b in itertools.pairwise(chain) if not _after(page, a, b)]
    assert not wrong, f"Tab goes backwards on {step}: {wrong}"


def test_tab_follows_the_contact_fields_as_shown_not_as_made(qtbot, window):
    # the form's order (forms/layouts/basic.py): 地址 has a line of its own under 填报人员
    window.show_step("基本信息")
    f = window.page("基本信息").fields
    f["basic.unit_name"].setFocus()
    for key, expected in (("basic.unit_name", "basic.filler"), ("basic.filler", "basic.unit_address"),
                          ("basic.unit_address", "basic.unit_leader"),
                          ("basic.unit_leader", "basic.unit_phone"), ("basic.unit_phone", "basic.unit_postcode"),
                          ("basic.unit_postcode", "basic.unit_email")):
        assert QApplication.focusWidget() is f[key]
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        assert QApplication.focusWidget() is f[expected], (key, QApplication.focusWidget())


@pytest.mark.parametrize("typed", ["2027-01-01", "2027/1/1", "20270101", "2027年1月1日", "２０２７-1-1"])
def test_dates_typed_as_people_write_them_and_left_with_tab(qtbot, window, typed):
    window.show_step("基本信息")
    field = window.page("基本信息").fields["basic.start_date"]
    field.edit.setFocus()
    type_text(qtbot, field.edit, typed)
    qtbot.keyClick(field.edit, Qt.Key.Key_Tab)
    assert window.doc.submission.basic.start_date == date(2027, 1, 1)
    assert field.edit.text() == "2027年1月1日"
    assert not field.isAncestorOf(QApplication.focusWidget()), "Tab leaves the date"


def test_a_date_being_typed_is_never_mangled_and_bad_text_is_kept(qtbot, window):
    window.show_step("基本信息")
    field = window.page("基本信息").fields["basic.start_date"]
    field.edit.setFocus()
    qtbot.keyClicks(field.edit, "2027")
    assert field.edit.text() == "2027", "not 未填027"
    qtbot.keyClick(field.edit, Qt.Key.Key_Tab)
    assert window.doc.submission.basic.start_date == "2027", "kept as typed; the checker says what is wrong"
    window.doc.flush_check()
    marks = [f.message for f in window.doc.findings if f.field == "basic.start_date"]
    assert marks and marks[0] in field.edit.toolTip() and "2027" in marks[0], marks
    window.doc.undo_stack.undo()
    assert window.doc.submission.basic.start_date is None and field.edit.text() == ""


def test_compact_dates_in_the_domain_parser():
    assert parse_date("20270315") == date(2027, 3, 15)
    assert parse_date("20271399") == "20271399"


def test_the_calendar_opens_on_the_budget_year_in_chinese(qtbot, window):
    window.show_step("基本信息")
    window.doc.edit([("basic.budget_year", 2028)])
    field = window.page("基本信息").fields["basic.start_date"]
    cal = field.prepare_calendar()  # what the 日历 button pops up (the popup itself needs a real screen)
    assert (cal.yearShown(), cal.monthShown()) == (2028, 1)
    assert cal.locale().language() == QLocale.Language.Chinese
    assert cal.locale().monthName(1) == "一月"
    cells = cal.findChild(QTableView)
    qtbot.keyClick(cells, Qt.Key.Key_Right)  # 1 January → 2 January, then Enter picks it
    qtbot.keyClick(cells, Qt.Key.Key_Return)
    assert window.doc.submission.basic.start_date == date(2028, 1, 2)


def test_flags_by_keyboard_with_a_focus_mark(qtbot, window):
    window.show_step("基本信息")
    flag = window.page("基本信息").fields["basic.flags.fund"]
    flags = window.doc.submission.basic.flags
    flag.setFocus()
    assert flag.hasFocus()
    before = QImage(flag.grab().toImage())
    qtbot.keyClick(flag, Qt.Key.Key_Right)
    assert flags.fund is YesNo.YES
    qtbot.keyClick(flag, Qt.Key.Key_Right)
    assert flags.fund is YesNo.NO and not flag.unset.isVisible()
    qtbot.keyClick(flag, Qt.Key.Key_Left)
    assert flags.fund is YesNo.YES
    qtbot.keyClick(flag, Qt.Key.Key_N)
    assert flags.fund is YesNo.NO
    qtbot.keyClick(flag, Qt.Key.Key_Delete)
    assert flags.fund is YesNo.UNSET and flag.unset.isVisible()
    qtbot.keyClick(flag, Qt.Key.Key_Tab)
    assert not flag.hasFocus(), "one tab stop for the pair"
    after = QImage(flag.grab().toImage())
    assert before != after, "the focused flag looks different (its focus frame)"


def test_enter_in_a_money_field_formats_and_selects_the_amount(qtbot, window):
    window.show_step("申请金额")
    money = window.page("申请金额").fields["basic.funding[0].local"]
    money.edit.setFocus()
    qtbot.keyClicks(money.edit, "12000")
    qtbot.keyClick(money.edit, Qt.Key.Key_Return)
    assert money.edit.text() == "12,000.00"
    assert money.edit.selectedText() == "12,000.00"
    qtbot.keyClicks(money.edit, "5")
    assert window.doc.submission.basic.funding[0].local == D("5"), "the next typing replaces the amount"


def test_qt_standard_buttons_speak_chinese(qtbot):
    from desktop.app import create_app

    create_app()
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
    qtbot.addWidget(box)
    assert box.button(QDialogButtonBox.StandardButton.Save).text() == "保存"
    assert box.button(QDialogButtonBox.StandardButton.Cancel).text() == "取消"
    message = QMessageBox(QMessageBox.Icon.Question, "t", "x",
                          QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard)
    qtbot.addWidget(message)
    assert message.button(QMessageBox.StandardButton.Discard).text() in ("放弃", "不保存", "丢弃")
    assert QDate(2027, 1, 1).toString("MMMM") in ("一月", "1月") or QLocale().monthName(1) == "一月"





def test_f4_opens_the_calendar_from_the_keyboard(qtbot, window, monkeypatch):
    window.show_step("基本信息")
    field = window.page("基本信息").fields["basic.start_date"]
    opened = []
    monkeypatch.setattr(field, "open_calendar", lambda: opened.append(True))  # the popup needs a real screen
    field.edit.setFocus()
    qtbot.keyClick(field.edit, Qt.Key.Key_F4)
    qtbot.keyClick(field.edit, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert opened == [True, True]
