"""An error that escapes a slot: a crash report in the log folder, a Chinese dialog naming it, the
edits in the recovery copy, the app still running. Also the rotating log and 关于."""

from __future__ import annotations

import logging
import sys
import threading

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton

from desktop import app as desktop_app
from desktop import logs as desktop_logs
from desktop import storage
from desktop.main_window import MainWindow
from forms import files, locations

pytestmark = pytest.mark.qt_no_exception_capture  # the app's own sys.excepthook is under test


@pytest.fixture
def window(qtbot, tmp_path, monkeypatch):
    monkeypatch.setenv("BUDGETFORMS_DATA_DIR", str(tmp_path / "data"))
    # closing the window at the end drops the edits without asking
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Discard))
    old_hook, old_thread_hook = sys.excepthook, threading.excepthook
    desktop_logs.setup_logging()
    w = MainWindow(remember_geometry=False)
    qtbot.addWidget(w)
    desktop_app.install_excepthook(w)
    desktop_app.install_about(w)
    w.show()
    yield w
    sys.excepthook, threading.excepthook = old_hook, old_thread_hook
    desktop_logs.close_logging()


def _answer_modal(qtbot, seen: dict, button_text: str | None = None) -> None:
    """When the next modal dialog is up, note its text and close it with a real click."""
    def close() -> None:
        box = QApplication.activeModalWidget()
        if box is None:
            QTimer.singleShot(20, close)
            return
        seen["box"] = box
        if isinstance(box, QMessageBox):
            seen["text"] = box.text() + "\n" + box.informativeText()
            qtbot.mouseClick(box.button(QMessageBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
        else:
            seen["text"] = box.message.text()
            box.reject()

    QTimer.singleShot(0, close)


def _crashing_button(qtbot) -> QPushButton:
    button = QPushButton("出错")
    qtbot.addWidget(button)

    def slot() -> None:
        raise RuntimeError("injected failure 42")

    button.clicked.connect(slot)
    return button


def test_crash_in_a_slot_writes_the_log_keeps_the_edits_and_says_so(qtbot, window, sample_path):
    assert window.open_path(str(sample_path), ask=False)
    window.show_step("申请金额")
    field = window.page("申请金额").fields["basic.funding[2].own"]
    field.edit.setFocus()
    QTest.keyClicks(field.edit, "1234.5")
    QTest.keyClick(field.edit, Qt.Key.Key_Tab)
    assert window.doc.is_dirty()

    seen: dict = {}
    _answer_modal(qtbot, seen)
    qtbot.mouseClick(_crashing_button(qtbot), Qt.MouseButton.LeftButton)

    logs = locations.log_dir()
    (crash,) = logs.glob("crash-*.log")
    report = crash.read_text(encoding="utf-8")
    assert "RuntimeError: injected failure 42" in report and "Traceback" in report
    assert f"budgetforms {locations.version()}" in report
    assert seen["box"].objectName() == "crashDialog"
    text = seen["text"]
    assert "内部错误（RuntimeError）" in text and str(crash) in text
    assert "修改已保存在恢复副本中" in text

    copy, _note = storage._own_paths()
    assert files.load(copy).basic.funding[2].own is not None, "the edit is in the recovery copy"
    logged = (logs / "budgetforms.log").read_text(encoding="utf-8")
    assert "ERROR desktop.app: unhandled RuntimeError: injected failure 42" in logged
    assert "Traceback (most recent call last)" in logged and 'raise RuntimeError("injected failure 42")' in logged
    assert window.isVisible(), "the app keeps running"


def test_crash_without_edits_says_nothing_is_lost(qtbot, window):
    seen: dict = {}
    _answer_modal(qtbot, seen)
    qtbot.mouseClick(_crashing_button(qtbot), Qt.MouseButton.LeftButton)
    assert "没有未保存的修改" in seen["text"]
    assert len(list(locations.log_dir().glob("crash-*.log"))) == 1


def test_crash_report_that_cannot_be_written_is_said(qtbot, window, monkeypatch, capsys):
    monkeypatch.setattr(desktop_app, "write_crash_log", lambda *exc: None)
    seen: dict = {}
    _answer_modal(qtbot, seen)
    qtbot.mouseClick(_crashing_button(qtbot), Qt.MouseButton.LeftButton)
    assert "错误记录未能写入文件" in seen["text"]
    assert "injected failure 42" in capsys.readouterr().err


def test_the_log_rotates(window):
    path = locations.log_dir() / desktop_app.LOG_NAME
    for i in range(2 * desktop_app.LOG_BYTES // 500 + 10):
        logging.getLogger("desktop.app").info("line %d %s", i, "x" * 480)
    assert path.stat().st_size <= desktop_app.LOG_BYTES
    assert (path.parent / f"{desktop_app.LOG_NAME}.1").exists()
    assert not (path.parent / f"{desktop_app.LOG_NAME}.{desktop_app.LOG_BACKUPS + 1}").exists()
    logging.getLogger("forms.sub").info("from a child logger")
    assert "from a child logger" in path.read_text(encoding="utf-8")


def test_about_shows_version_data_and_log_folders(qtbot, window):
    seen: dict = {}
    _answer_modal(qtbot, seen)
    window.act_about.trigger()
    text = seen["text"]
    assert seen["box"].objectName() == "aboutDialog"
    assert locations.version() in text
    assert str(locations.data_dir()) in text and str(locations.log_dir()) in text


def test_about_is_in_the_help_menu(window):
    assert window.help_menu.menuAction() in window.menuBar().actions()
    assert window.help_menu.title() == "帮助(&H)"
    assert window.act_about in window.help_menu.actions()


def test_a_hard_crash_leaves_its_stack_in_faults_log(tmp_path):
    import os
    import subprocess

    env = dict(os.environ, BUDGETFORMS_DATA_DIR=str(tmp_path / "data"))
    code = "from desktop.app import enable_fault_log; enable_fault_log(); import faulthandler; faulthandler._sigsegv()"
    proc = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, timeout=120)
    assert proc.returncode != 0
    text = (tmp_path / "data" / "logs" / "faults.log").read_text(encoding="utf-8")
    assert "budgetforms" in text and "Fatal Python error: Segmentation fault" in text
