"""The desktop side of 提示性校验 and drafts, driven by real key events: a warning marked 已核实 with a
reason (greyed in the findings panel, undoable, kept through save and load), an error refused; the
panel folded to a one-line summary that remembers its height; export and print asking
“还有 N 个错误，仍要导出？” and the PDF marked 草稿 on every page until the submission is clean."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QFileDialog, QLineEdit, QMessageBox

from desktop.main_window import MainWindow
from forms import files
from forms.rules import Severity


def answer_errors_box(go: bool, seen: list | None = None, tries: int = 300) -> None:
    """When the “还有 N 个错误” box comes up, press 仍要… (Space on it) or Escape, as a user would."""

    def answer(left=tries):
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox) or box.objectName() != "errorsLeftBox":
            if left:
                QTimer.singleShot(10, lambda: answer(left - 1))
            return
        if seen is not None:
            seen.append((box.text(), [b.text() for b in box.buttons()]))
        if go:
            button = next(b for b in box.buttons() if b.text().startswith("仍要"))
            QTest.keyClick(button, Qt.Key.Key_Space)
        else:
            QTest.keyClick(box, Qt.Key.Key_Escape)

    QTimer.singleShot(0, answer)


@pytest.fixture(autouse=True)
def no_save_question(monkeypatch):
    """Closing a window with unsaved edits at the end of a test discards them without asking."""
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Discard))


@pytest.fixture
def window(qtbot, data_dir, sample_path):
    w = MainWindow()
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    assert w.open_path(str(sample_path))
    return w


def select_finding(qtbot, panel, rule, field):
    """Walk the list with the Down key from its first row to the finding."""
    tree = panel.tree
    tree.setFocus()
    tree.setCurrentItem(tree.topLevelItem(0))
    for _ in range(tree.topLevelItemCount()):
        f = panel.current_finding()
        if f.rule == rule and f.field == field:
            return f
        QTest.keyClick(tree, Qt.Key.Key_Down)
    raise AssertionError(f"{rule} {field} not listed")


def type_reason_when_asked(text: str) -> None:
    def answer(left=300):
        dialog = QApplication.activeModalWidget()
        if dialog is None or dialog.objectName() != "reasonDialog":
            if left:
                QTimer.singleShot(10, lambda: answer(left - 1))
            return
        edit = dialog.findChild(QLineEdit, "verifyReason")
        QTest.keyClicks(edit, text)
        QTest.keyClick(edit, Qt.Key.Key_Return)

    QTimer.singleShot(0, answer)


def test_a_warning_marked_verified_is_greyed_undoable_and_survives_save_and_load(qtbot, window, tmp_path):
    w = window
    panel = w.findings_panel
    warnings_before = sum(1 for f in w.doc.findings if f.severity is Severity.WARNING)
    f = select_finding(qtbot, panel, "CONT-01", "basic.competent_phone")
    assert panel.verify_button.isEnabled() and panel.verify_button.text() == "核实…"
    type_reason_when_asked("checked by phone 2026-12-01")
    QTest.keyClick(panel.tree, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: len(w.doc.submission.verified) == 1)
    mark = w.doc.submission.verified[0]
    assert (mark.rule, mark.field, mark.reason) == ("CONT-01", "basic.competent_phone", "checked by phone 2026-12-01")
    assert f not in w.doc.findings
    assert sum(1 for g in w.doc.findings if g.severity is Severity.WARNING) == warnings_before - 1
    # listed after the open findings, greyed, with the reason
    item = panel.item_for(f)
    assert item is not None and panel.row_of(item)[2]
    assert item.text(0) == "已核实" and "已核实：checked by phone 2026-12-01" in item.text(3)
    assert item.foreground(3).color().name() == "#8a8a8a"
    assert panel.tree.indexOfTopLevelItem(item) == len(w.doc.findings)
    assert panel.toggles["verified"].text() == "已核实 1"
    assert "1 个已核实" in panel.summary_text()
    # the navigator no longer counts it
    assert w.step_counts("基本信息")[1] == sum(
        1 for g in w.doc.findings if g.severity is Severity.WARNING and g.field.startswith("basic.") and
        not g.field.startswith("basic.funding"))

    # one undo step takes it away, redo brings it back
    w.activateWindow()  # the reason dialog had the focus
    qtbot.waitUntil(w.isActiveWindow)
    w.setFocus()
    QTest.keyClick(w, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert w.doc.submission.verified == []
    w.doc.flush_check()
    assert f in w.doc.findings
    QTest.keyClick(w, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    w.doc.flush_check()
    assert len(w.doc.submission.verified) == 1 and f not in w.doc.findings

    path = tmp_path / "核实后.bfproj"
    assert w.save_to(path)
    again = MainWindow(remember_geometry=False)
    qtbot.addWidget(again)
    again.show()
    again.activateWindow()
    qtbot.waitUntil(again.isActiveWindow)
    assert again.open_path(str(path))
    assert [v.mark.reason for v in again.doc.marks.verified] == ["checked by phone 2026-12-01"]
    assert f not in again.doc.findings
    assert again.findings_panel.item_for(f).text(0) == "已核实"

    # Ctrl+K on a verified finding takes the mark away again
    panel2 = again.findings_panel
    panel2.tree.setFocus()
    panel2.tree.setCurrentItem(panel2.item_for(f))
    assert panel2.verify_button.text() == "取消核实"
    QTest.keyClick(panel2.tree, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    assert again.doc.submission.verified == [] and f in again.doc.findings


def test_an_error_cannot_be_marked(qtbot, window):
    w = window
    panel = w.findings_panel
    asked = []
    panel.ask_reason = lambda *a: asked.append(a) or "x"
    f = select_finding(qtbot, panel, "FLAG-01", "basic.flags.major")
    assert f.severity is Severity.ERROR
    assert not panel.verify_button.isEnabled()
    assert "错误不能标记为已核实" in panel.verify_button.toolTip()
    QTest.keyClick(panel.tree, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    assert asked == [] and w.doc.submission.verified == []
    assert "错误不能标记为已核实" in w.statusBar().currentMessage()
    assert not w.verify_finding(f, "强行标记")  # the document refuses too
    assert w.doc.submission.verified == []


def test_an_edit_of_the_checked_value_brings_the_warning_back(qtbot, window):
    w = window
    f = next(g for g in w.doc.findings if g.rule == "CONT-01" and g.field == "basic.competent_phone")
    assert w.verify_finding(f, "核实无误")
    w.doc.set("basic.competent_phone", "8772025999")
    w.doc.flush_check()
    again = next(g for g in w.doc.findings if g.rule == "CONT-01" and g.field == "basic.competent_phone")
    item = w.findings_panel.item_for(again)
    assert "曾核实：核实无误" in item.text(3) and "请重新核实" in item.text(3)
    # marked again: the old mark is replaced, not doubled
    assert w.verify_finding(again, "新号码也已核实")
    assert [m.reason for m in w.doc.submission.verified] == ["新号码也已核实"]
    assert again not in w.doc.findings


def test_the_panel_folds_to_one_line_and_remembers_its_height(qtbot, window, sample_path):
    w = window
    panel = w.findings_panel
    qtbot.waitUntil(lambda: panel._restored)
    w.resizeDocks([w.findings_dock], [300], Qt.Orientation.Vertical)
    qtbot.waitUntil(lambda: abs(w.findings_dock.height() - 300) <= 4)
    tall = w.findings_dock.height()
    panel.fold_button.setFocus()
    QTest.keyClick(panel.fold_button, Qt.Key.Key_Space)
    assert panel.folded and not panel.tree.isVisible() and panel.summary.isVisible()
    errors = sum(1 for f in w.doc.findings if f.severity is Severity.ERROR)
    warnings = sum(1 for f in w.doc.findings if f.severity is Severity.WARNING)
    assert panel.summary.text().startswith(f"{errors} 个错误 · {warnings} 个警告 · ")
    qtbot.waitUntil(lambda: w.findings_dock.height() < 90)
    assert w.centralWidget().height() > 300
    w.save_geometry()
    w.close()

    # the next window starts folded, and unfolds to the height the panel had
    second = MainWindow()
    qtbot.addWidget(second)
    second.show()
    qtbot.waitExposed(second)
    qtbot.waitUntil(lambda: second.findings_panel._restored)
    assert second.findings_panel.folded
    qtbot.waitUntil(lambda: second.findings_dock.height() < 90)
    second.findings_panel.setFocus()
    QTest.keyClick(second.findings_panel, Qt.Key.Key_K,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert not second.findings_panel.folded and second.findings_panel.tree.isVisible()
    qtbot.waitUntil(lambda: abs(second.findings_dock.height() - tall) <= 6)


def pdf_pages_text(path):
    from pypdf import PdfReader

    return [page.extract_text() for page in PdfReader(path).pages]


def test_export_with_errors_asks_and_marks_every_page_draft(qtbot, window, monkeypatch, tmp_path):
    w = window
    errors = sum(1 for f in w.doc.findings if f.severity is Severity.ERROR)
    assert errors
    targets = iter([tmp_path / "草稿版", tmp_path / "不导出"])
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(next(targets)), "")))
    seen: list = []
    answer_errors_box(go=True, seen=seen)
    w.setFocus()
    QTest.keyClick(w, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert seen[0][0] == f"还有 {errors} 个错误，仍要导出？"
    assert seen[0][1] == ["仍要导出", "取消，先去修改"]
    pages = pdf_pages_text(tmp_path / "草稿版.pdf")
    assert len(pages) >= 5 and all("草稿" in text for text in pages)
    assert "草稿" in w.statusBar().currentMessage()

    # Escape cancels: nothing asked for a file, nothing written
    answer_errors_box(go=False)
    QTest.keyClick(w, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert not (tmp_path / "不导出.pdf").exists() and next(targets, None) == tmp_path / "不导出"


def test_a_clean_submission_exports_without_asking_and_without_the_mark(qtbot, data_dir, monkeypatch, tmp_path, sample):
    from forms.pdf import export_pdf
    from forms.rules import check
    from tests.test_batch import clean

    sub = clean(sample)
    assert not [f for f in check(sub) if f.severity is Severity.ERROR]
    path = tmp_path / "干净.bfproj"
    files.save(sub, path)
    w = MainWindow(remember_geometry=False)
    qtbot.addWidget(w)
    assert w.open_path(str(path))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(tmp_path / "正式"), "")))
    asked = []
    monkeypatch.setattr(QMessageBox, "exec", lambda self: asked.append(self.text()) or 0)
    assert w.export_pdf()
    assert asked == []
    assert not any("草稿" in text for text in pdf_pages_text(tmp_path / "正式.pdf"))
    # the domain's switch, for the record: the same submission drafted has the word on every page
    export_pdf(sub, tmp_path / "试.pdf", draft=True)
    assert all("草稿" in text for text in pdf_pages_text(tmp_path / "试.pdf"))


def test_print_with_errors_asks_first(qtbot, window, monkeypatch):
    from desktop.printing import PreviewDialog

    opened = []
    monkeypatch.setattr(PreviewDialog, "exec", lambda self: opened.append(self.draft) or 0)
    seen: list = []
    answer_errors_box(go=False, seen=seen)
    window.print_preview()
    assert seen and seen[0][0].endswith("仍要打印？") and opened == []
    answer_errors_box(go=True)
    window.print_preview()
    assert opened == [True]
