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
