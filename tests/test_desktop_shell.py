"""The main window opens a submission in a CJK font."""

import pytest

from desktop.main_window import MainWindow


@pytest.fixture(autouse=True)
def isolated_data(tmp_path, monkeypatch):
    monkeypatch.setenv("BUDGETFORMS_DATA_DIR", str(tmp_path / "appdata"))


def test_main_window_opens_sample(qtbot, sample_path):
    w = MainWindow()
    qtbot.addWidget(w)
    assert w.open_path(str(sample_path))
    assert w.doc.submission.basic.name == "玉溪海关综合业务用房项目补助资金"
    assert sample_path.name in w.windowTitle()
    assert not w.windowTitle().startswith("*")


def test_ui_font_is_a_cjk_family(qapp):
    from desktop.fonts import ui_font_family
    assert ui_font_family() is not None, "no CJK font installed: Chinese would render as boxes"


def test_qt_calls_keep_none_alive(qapp):
    """PySide6 6.12.0 under Python 3.11 dropped a reference to None on every call of a void method,
    so the app aborted ("deallocating None") after a few thousand calls. The pinned version must not."""
    import sys

    from PySide6.QtWidgets import QWidget

    w = QWidget()
    before = sys.getrefcount(None)
    for _ in range(20000):
        w.setToolTip("x")
    assert before - sys.getrefcount(None) < 100
