"""Nothing is lost: a real app process is killed after an edit; the next start offers the edit back.

Also the ``budgetforms gui --screenshot`` path, which runs the real app in a subprocess.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from decimal import Decimal as D
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QDialog

from desktop import storage
from desktop.main_window import MainWindow

ROOT = Path(__file__).resolve().parent.parent

EDIT_AND_WAIT = r"""
import sys
from PySide6.QtCore import QTimer
from PySide6.QtTest import QTest
from desktop.app import create_app
app = create_app()
from desktop import storage
from desktop.main_window import MainWindow
w = MainWindow()
w.show()
assert w.open_path(sys.argv[1], ask=False)
w.show_step("申请金额")
field = w.page("申请金额").fields["basic.funding[2].own"]
field.edit.setFocus()
QTest.keyClicks(field.edit, "1234.5")
def poll():
    if list(storage.recovery_dir().glob("recovery-*.bfproj")):
        print("READY", flush=True)
    else:
        QTimer.singleShot(50, poll)
poll()
app.exec()
"""


@pytest.fixture(autouse=True)
def no_modal_boxes(monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    for kind in ("question", "critical", "warning", "information"):
        monkeypatch.setattr(QMessageBox, kind, staticmethod(lambda *a, **k: QMessageBox.StandardButton.Discard))


def _env(data_dir: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(QT_QPA_PLATFORM="offscreen", BUDGETFORMS_DATA_DIR=str(data_dir),
               BUDGETFORMS_RECOVERY_DELAY_MS="500", PYTHONPATH=str(ROOT))
    return env


def _crash_after_edit(data_dir: Path, sample_path: Path) -> None:
    """Start the app in a subprocess, type into a money field, SIGKILL it once the copy is written."""
    proc = subprocess.Popen([sys.executable, "-c", EDIT_AND_WAIT, str(sample_path)], cwd=ROOT,
                            env=_env(data_dir), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        line = ""
        while time.monotonic() < deadline:
            line = proc.stdout.readline()
            if line.strip() == "READY" or not line:
                break
        assert line.strip() == "READY", proc.stderr.read() if proc.poll() is not None else "no READY"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(10)
        assert proc.returncode == -signal.SIGKILL
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


@pytest.mark.slow
def test_killed_app_offers_its_edit_on_next_start(qtbot, tmp_path, monkeypatch, sample_path):
    data_dir = tmp_path / "appdata"
    _crash_after_edit(data_dir, sample_path)

    monkeypatch.setenv("BUDGETFORMS_DATA_DIR", str(data_dir))
    entries = storage.pending()
    assert len(entries) == 1, "the killed process left one recovery copy"
    assert entries[0].original == str(sample_path)

    w = MainWindow()
    qtbot.addWidget(w)
    w.show()

    def click_restore(dialog: QDialog) -> bool:
        dialog.open()  # window-modal, does not block the test
        assert "玉溪海关综合业务用房项目补助资金" in dialog.message.text()
        assert str(sample_path) in dialog.message.text()
        qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
        return dialog.result() == QDialog.DialogCode.Accepted

    assert w.offer_recovery(ask=click_restore)
    sub = w.doc.submission
    assert sub.basic.funding[2].own == D("1234.5"), "the edit made before the kill is back"
    assert sub.basic.funding[2].total == D("1234.5")
    assert sub.basic.name == "玉溪海关综合业务用房项目补助资金"
    assert w.doc.path == sample_path and w.doc.is_dirty()
    assert w.windowTitle().startswith("*")
    assert storage.pending() == [], "the offered copy is not offered again"


@pytest.mark.slow
def test_declined_recovery_is_discarded(qtbot, tmp_path, monkeypatch, sample_path):
    data_dir = tmp_path / "appdata"
    _crash_after_edit(data_dir, sample_path)
    monkeypatch.setenv("BUDGETFORMS_DATA_DIR", str(data_dir))
    w = MainWindow()
    qtbot.addWidget(w)

    def click_discard(dialog: QDialog) -> bool:
        dialog.open()
        qtbot.mouseClick(dialog.discard_button, Qt.MouseButton.LeftButton)
        return dialog.result() == QDialog.DialogCode.Accepted

    assert not w.offer_recovery(ask=click_discard)
    assert w.doc.submission.basic.name == ""
    assert storage.pending() == []
    assert not list(storage.recovery_dir().glob("recovery-*"))


def test_clean_close_leaves_no_recovery_copy(qtbot, tmp_path, monkeypatch, sample_path):
    monkeypatch.setenv("BUDGETFORMS_DATA_DIR", str(tmp_path / "appdata"))
    w = MainWindow()
    qtbot.addWidget(w)
    w.open_path(str(sample_path))
    w.doc.set("basic.name", "改过")
    w.write_recovery()
    assert list(storage.recovery_dir().glob("recovery-*.bfproj"))
    assert storage.pending() == [], "a running process's own copy is not offered"
    assert w.close()
    assert not list(storage.recovery_dir().glob("recovery-*"))


@pytest.mark.slow
def test_cli_screenshot_renders_the_step(tmp_path, sample_path):
    out = tmp_path / "shot.png"
    proc = subprocess.run([sys.executable, "-m", "desktop", "gui", str(sample_path), "--step", "绩效指标",
                           "--screenshot", str(out)], cwd=ROOT, env=_env(tmp_path / "appdata"),
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    image = QImage(str(out))
    assert 1200 <= image.width() <= 1366 and 600 <= image.height() <= 768, "offscreen: the office laptop's screen"
    colours = {image.pixel(x, y) for x in range(0, image.width(), 37) for y in range(0, image.height(), 23)}
    assert len(colours) > 20, "a real rendering, not a blank image"


def test_cli_unknown_step_is_a_clear_error(tmp_path, sample_path):
    proc = subprocess.run([sys.executable, "-m", "desktop", "gui", str(sample_path), "--step", "不存在",
                           "--screenshot", str(tmp_path / "x.png")], cwd=ROOT, env=_env(tmp_path / "appdata"),
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2
    assert "没有名为“不存在”的步骤" in proc.stderr
    assert "Traceback" not in proc.stderr
