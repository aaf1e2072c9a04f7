"""The year columns of 申请金额 and 对下转移支付 follow 项目实施年度 and 周期; a year that holds money is
never dropped silently: the user is asked, and a kept year is marked 期外."""

from __future__ import annotations

from decimal import Decimal as D

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox


def set_spin(qtbot, spin, text: str) -> None:
    spin.setFocus()
    spin.lineEdit().selectAll()
    qtbot.keyClicks(spin, text)
    qtbot.keyClick(spin, Qt.Key.Key_Return)


def funding_years(w):
    return [c.year for c in w.doc.submission.basic.funding]


def heads(w):
    grid = w.page("申请金额").grid
    return [grid.itemAtPosition(0, c).widget().text() for c in range(1, grid.columnCount())
            if grid.itemAtPosition(0, c) is not None]


def test_the_years_follow_the_budget_year_and_the_period(qtbot, window):
    w = window
    w.show_step("基本信息")
    f = w.page("基本信息").fields
    set_spin(qtbot, f["basic.budget_year"], "2028")
    set_spin(qtbot, f["basic.period_years"], "3")
    assert funding_years(w) == [2028, 2029, 2030]
    w.show_step("申请金额")
    money = w.page("申请金额").fields["basic.funding[2].local"]
    money.edit.setFocus()
    qtbot.keyClicks(money.edit, "30000")
    qtbot.keyClick(money.edit, Qt.Key.Key_Tab)
    assert w.doc.submission.basic.funding[2].local == D("30000"), "2030 money can be entered"
    w.show_step("基本信息")
    set_spin(qtbot, f["basic.period_years"], "5")
    assert funding_years(w) == [2028, 2029, 2030, 2031, 2032]
    assert w.doc.submission.transfers.years == [2028, 2029, 2030, 2031, 2032]
    assert w.doc.submission.basic.funding_for(2030).local == D("30000")
    w.show_step("申请金额")
    assert heads(w) == ["2028年", "2029年", "2030年", "2031年", "2032年"]
    w.show_step("对下转移支付")
    titles = w.page("对下转移支付").grid.model_.titles
    assert titles[-1] == "2032年\n单位自筹"
    w.doc.undo_stack.undo()
    assert funding_years(w) == [2028, 2029, 2030], "the period and its columns are one undo step"


def test_a_year_with_money_is_kept_and_marked_when_the_user_says_so(qtbot, sample_window, dialogs):
    seen, answers = dialogs
    w = sample_window
    answers["question"] = QMessageBox.StandardButton.Yes
    before = w.doc.submission.basic.model_dump()["funding"]
    w.show_step("基本信息")
    set_spin(qtbot, w.page("基本信息").fields["basic.budget_year"], "2030")
    assert seen and "2020年、2021年" in seen[-1][1] and "57,000,000.00" in seen[-1][1]
    assert funding_years(w) == [2020, 2021, 2030, 2031, 2032]
    kept = {c.year: c.local for c in w.doc.submission.basic.funding}
    assert kept[2020] == D("20000000") and kept[2021] == D("37000000"), "no amount lost"
    w.show_step("申请金额")
    assert heads(w)[:3] == ["2020年（期外）", "2021年（期外）", "2030年"]
    w.doc.flush_check()
    assert any(f.rule == "FUND-03" for f in w.doc.findings), "the checker says to move them"
    t = w.doc.submission.transfers
    assert t.years == [2020, 2021, 2030, 2031, 2032] and t.regions[0].year(2021).local == D("37000000")
    w.show_step("对下转移支付")
    assert w.page("对下转移支付").grid.model_.titles[1] == "2020年（期外）\n资金规模"
    w.doc.undo_stack.undo()
    assert w.doc.submission.basic.model_dump()["funding"] == before


def test_deleting_the_money_is_the_users_choice_and_undoes(qtbot, sample_window, dialogs):
    seen, answers = dialogs
    w = sample_window
    answers["question"] = QMessageBox.StandardButton.No
    w.show_step("基本信息")
    set_spin(qtbot, w.page("基本信息").fields["basic.budget_year"], "2030")
    assert funding_years(w) == [2030, 2031, 2032]
    assert w.doc.submission.transfers.regions[0].years[0].year == 2030
    w.doc.undo_stack.undo()
    assert funding_years(w) == [2020, 2021, 2022]
    assert w.doc.submission.basic.funding[1].local == D("37000000")


def test_cancel_leaves_the_year_as_it_was(qtbot, sample_window, dialogs):
    seen, answers = dialogs
    w = sample_window
    answers["question"] = QMessageBox.StandardButton.Cancel
    steps = w.doc.undo_stack.count()
    w.show_step("基本信息")
    year = w.page("基本信息").fields["basic.budget_year"]
    set_spin(qtbot, year, "2030")
    assert w.doc.submission.basic.budget_year == 2020 and year.value() == 2020
    assert funding_years(w) == [2020, 2021, 2022] and w.doc.undo_stack.count() == steps
