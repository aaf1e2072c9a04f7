"""The window fits the screen it opens on: 1366×768 with the status bar in view, 1920×1080 at 150 %,
and a geometry saved on a larger screen is fitted again; the screenshot verb honours the screen."""

from __future__ import annotations

import subprocess
import sys

import pytest
from PySide6.QtCore import QRect
from PySide6.QtGui import QImage

from desktop.main_window import FRAME_ALLOWANCE, MainWindow, available_area
from desktop.steps import STEP_NAMES
from tests.test_gui_recovery import ROOT, _env

LAPTOP = QRect(0, 0, 1366, 768)
SCALED = QRect(0, 0, 1280, 690)  # 1920×1080 at 150 %, less a task bar


def _inside(window, area: QRect) -> bool:
    """The window with its frame (as the window system reports it, else the allowance) in *area*."""
    frame = window.frameGeometry()
    if frame.size() == window.geometry().size():
        frame = frame.adjusted(0, 0, FRAME_ALLOWANCE.width(), FRAME_ALLOWANCE.height())
    return area.contains(frame)


@pytest.mark.parametrize("area", [LAPTOP, SCALED], ids=["1366x768", "1920x1080@150%"])
def test_the_window_fits_the_screen_with_its_status_bar(qtbot, sample_window, area):
    w = sample_window
    w.fit_to_screen(area)
    assert _inside(w, area), w.geometry()
    for step in STEP_NAMES:
        w.show_step(step)
        qtbot.wait(1)
        hint = w.minimumSizeHint()
        assert hint.width() <= area.width() - FRAME_ALLOWANCE.width(), (step, hint)
        assert hint.height() <= area.height() - FRAME_ALLOWANCE.height(), (step, hint)
        assert _inside(w, area), (step, w.geometry())
        bar = w.statusBar()
        assert bar.isVisible() and bar.geometry().bottom() < w.height(), "the year totals are in view"
        assert "合计" in w.totals_label.text()
        assert w.totals_label.geometry().right() <= bar.width(), "the totals are not cut off"


def test_a_geometry_saved_on_a_larger_screen_is_fitted(qtbot, data_dir, dialogs, monkeypatch):
    first = MainWindow()
    qtbot.addWidget(first)
    first.resize(1900, 1150)
    first.save_geometry()
    first.close()
    monkeypatch.setenv("BUDGETFORMS_SCREEN", "1366x768")
    assert available_area().size() == LAPTOP.size()
    second = MainWindow()
    qtbot.addWidget(second)
    assert _inside(second, LAPTOP), second.geometry()


@pytest.mark.slow
def test_cli_screenshot_at_a_given_screen_fits_it(tmp_path, sample_path):
    out = tmp_path / "shot.png"
    env = _env(tmp_path / "appdata")
    proc = subprocess.run([sys.executable, "-m", "desktop", "gui", str(sample_path), "--step", "对下转移支付",
                           "--screen", "1366x768", "--screenshot", str(out)], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    image = QImage(str(out))
    assert image.width() <= 1366 and image.height() <= 768 - 30
    assert image.width() >= 1300
    env["QT_SCALE_FACTOR"] = "1.5"
    proc = subprocess.run([sys.executable, "-m", "desktop", "gui", str(sample_path), "--screen", "1920x1080",
                           "--screenshot", str(out)], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    image = QImage(str(out))
    assert 1800 <= image.width() <= 1920 and image.height() <= 1080, (image.width(), image.height())


def test_cli_bad_screen_size_is_a_clear_error(tmp_path, sample_path):
    proc = subprocess.run([sys.executable, "-m", "desktop", "gui", str(sample_path), "--screen", "大",
                           "--screenshot", str(tmp_path / "x.png")], cwd=ROOT, env=_env(tmp_path / "appdata"),
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2 and "1366x768" in proc.stderr and "Traceback" not in proc.stderr
