"""Test set-up: Qt runs offscreen (set before Qt loads) and Qt warnings fail tests (pyproject)."""

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# offscreen's screen is 800×800; windows are fitted to the office laptop's screen instead
os.environ.setdefault("BUDGETFORMS_SCREEN", "1366x768")
os.environ.setdefault("OPENPYXL_DEFUSEDXML", "True")

import atexit
import shutil
import tempfile

import pytest

# The app's data folder (policy index, recovery copies, settings) never lands in the real home
# folder during tests; tests that care set their own with monkeypatch. The folder made here goes
# when the run ends.
if "BUDGETFORMS_DATA_DIR" not in os.environ:
    os.environ["BUDGETFORMS_DATA_DIR"] = tempfile.mkdtemp(prefix="budgetforms-test-data-")
    atexit.register(shutil.rmtree, os.environ["BUDGETFORMS_DATA_DIR"], ignore_errors=True)

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "seeds" / "sample-yuxi-customs-2020.bfproj"
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


@pytest.fixture
def sample_path() -> Path:
    return SAMPLE


@pytest.fixture
def sample():
    from forms import files

    return files.load(SAMPLE)


@pytest.fixture(scope="session")
def corpus(tmp_path_factory) -> dict[str, Path]:
    """The workbook variants of tests/corpus.py (LibreOffice conversions included), built once per run."""
    from tests.corpus import build

    return build(tmp_path_factory.mktemp("corpus"))


# --- the desktop app (Qt is imported inside the fixtures: the domain's tests never load it) -----

@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    folder = tmp_path / "appdata"
    monkeypatch.setenv("BUDGETFORMS_DATA_DIR", str(folder))
    return folder


@pytest.fixture
def dialogs(monkeypatch):
    """Records every message box; 'question' answers Discard unless a test says otherwise."""
    from PySide6.QtWidgets import QMessageBox

    seen: list[tuple[str, str]] = []
    answers = {"question": QMessageBox.StandardButton.Discard}

    def box(kind):
        def show(parent, title, text, *args, **kwargs):
            seen.append((kind, text))
            return answers.get(kind, QMessageBox.StandardButton.Ok)
        return staticmethod(show)

    for kind in ("question", "critical", "warning", "information"):
        monkeypatch.setattr(QMessageBox, kind, box(kind))
    seen_answers = answers
    return seen, seen_answers


@pytest.fixture
def window(qtbot, data_dir, dialogs):
    """The main window, shown, with the data folder and the message boxes of the two fixtures above."""
    from desktop.main_window import MainWindow

    w = MainWindow()
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    return w


@pytest.fixture
def sample_window(window, sample_path):
    assert window.open_path(str(sample_path))
    return window


@pytest.fixture(scope="module")
def seeds():
    """The two shipped submissions, the seed and the 华宁 example (the incremental-check properties start from them)."""
    from forms import files

    return [files.load(SAMPLE), files.load(ROOT / "seeds" / "example-huaning-education-2024.bfproj")]
