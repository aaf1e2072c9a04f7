"""The desktop app at size (issue 19), on ``large.make_large(n)``; N = 1 is the sample itself.

- ``keystroke_large_N_ms``: one keystroke in a money field of 申请金额 (``basic.funding[0].superior``)
  until the findings panel shows the re-checked findings, measured as ``keystroke_ms`` in
  ``bench_gui.py`` (the 200 ms debounce skipped, the pending check run at once). Goal at N = 400:
  at most 50 ms.
- ``open_large_N_s``: from launching ``python -m desktop gui FILE`` (the large submission saved as a
  project file) to the main window shown with it open and checked, as ``startup_s``; median of five
  launches, interpreter start included.
- ``page_first_show_large_N_ms``: the first visit to the largest table page, 政府采购 with 3N rows:
  the page built, the grid filled and marked with every finding, the window painted. Median of five
  fresh windows. Goal at N = 400: at most 150 ms.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import ROOT, SAMPLE, median_ms
from large import make_large

SIZES = (1, 100, 400)
FIELD = "basic.funding[0].superior"


def _submission(n: int):
    from forms import files

    return files.load(SAMPLE) if n == 1 else make_large(n)


def _project_file(n: int, folder: Path) -> Path:
    if n == 1:
        return SAMPLE
    from forms import files

    path = folder / f"large-{n}.bfproj"
    files.save(make_large(n), path, keep_backup=False)
    return path


def open_s(path: Path, runs: int = 5) -> float:
    """Median seconds from launching the app on *path* to its first shown window."""
    times = []
    with tempfile.TemporaryDirectory() as data:
        env = dict(os.environ, BUDGETFORMS_STARTUP_PROBE="1", BUDGETFORMS_DATA_DIR=data,
                   QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
        for _ in range(runs):
            t0 = time.perf_counter()
            proc = subprocess.Popen([sys.executable, "-m", "desktop", "gui", str(path)], cwd=ROOT, env=env,
                                    stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
            line = proc.stdout.readline()
            elapsed = time.perf_counter() - t0
            proc.wait(60)
            if line.strip() != "shown":
                raise RuntimeError("the app did not report a shown window")
            times.append(elapsed)
    return round(statistics.median(times), 3)


def _keystroke_ms(path: Path) -> float:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from desktop.app import create_app
    from desktop.main_window import MainWindow

    app = create_app()
    window = MainWindow(remember_geometry=False)
    window.show()
    window.open_path(str(path), ask=False)
    window.show_step("申请金额")
    field = window.page("申请金额").fields[FIELD].edit
    field.setFocus()
    panel = window.findings_panel
    state = {"typed": False}

    def keystroke() -> None:
        # alternately type a digit and erase it, so every keystroke changes the amount
        QTest.keyClick(field, Qt.Key.Key_Backspace if state["typed"] else Qt.Key.Key_5)
        state["typed"] = not state["typed"]
        window.doc.flush_check()
        app.processEvents()
        assert panel.findings == window.doc.findings

    result = median_ms(keystroke, repeat=40, warmup=4)
    window.doc.undo_stack.setClean()
    window.close()
    window.deleteLater()
    app.processEvents()
    return result


def _page_first_show_ms(n: int, runs: int = 5) -> float:
    return first_show_ms(_submission(n), "政府采购", runs)


def first_show_ms(sub, step: str, runs: int = 5) -> float:
    """Median ms from a fresh window's first visit to *step* until it is painted, *sub* loaded."""
    from desktop.app import create_app
    from desktop.main_window import MainWindow

    app = create_app()
    times = []
    for _ in range(runs):
        window = MainWindow(remember_geometry=False)
        window.show()
        window.doc.load(sub.model_copy(deep=True), None)
        app.processEvents()
        t0 = time.perf_counter()
        window.show_step(step)
        window.repaint()
        app.processEvents()
        times.append((time.perf_counter() - t0) * 1000)
        window.doc.undo_stack.setClean()
        window.close()
        window.deleteLater()
        app.processEvents()
    return round(statistics.median(times), 3)


def run() -> dict[str, tuple[float, str]]:
    out: dict[str, tuple[float, str]] = {}
    with tempfile.TemporaryDirectory() as data:
        os.environ["BUDGETFORMS_DATA_DIR"] = data
        for n in SIZES:
            path = _project_file(n, Path(data))
            out[f"keystroke_large_{n}_ms"] = (_keystroke_ms(path), "ms")
            out[f"page_first_show_large_{n}_ms"] = (_page_first_show_ms(n), "ms")
            out[f"open_large_{n}_s"] = (open_s(path), "s")
    return out
