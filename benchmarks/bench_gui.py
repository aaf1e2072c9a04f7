"""startup_s and keystroke_ms: the desktop app's responsiveness.

- ``startup_s``: from launching ``python -m desktop gui SAMPLE`` to the main window shown with the sample
  open and checked (the app prints ``shown`` when ``BUDGETFORMS_STARTUP_PROBE`` is set); median of
  three launches, interpreter start included. Goal ≤ 1.5 s.
- ``keystroke_ms``: one keystroke in a money field of 申请金额 until the findings panel shows the
  re-checked findings: the key event, the undoable model edit, the 合计 update, the page refresh, the
  full check and the panel rebuild. The 200 ms debounce in between is skipped (the pending check is
  run at once), so this is the work a keystroke costs. Goal ≤ 50 ms.
- ``paste_100_rows_ms``: Ctrl+V of a 100-row block of tab-separated text (地区名称 and one year's four
  amounts, as copied from Excel) onto 对下转移支付 of the sample: parsing every cell, adding 99 rows,
  the one undo step, the page refresh, the full check and the findings panel. Median of 15 (each
  undone before the next). Goal ≤ 200 ms.
- ``table_1200_rows_show_ms``: the first visit to 政府采购 with 1,200 procurement rows (the sample's
  other tables as they are): the rows built, the model/view grid filled and marked with every finding,
  the page painted. Median of 5 fresh windows.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time

from common import SAMPLE, median_ms


def _startup_s() -> float:
    from bench_gui_large import open_s

    return open_s(SAMPLE, runs=3)


def _keystroke_ms() -> float:
    with tempfile.TemporaryDirectory() as data:
        os.environ["BUDGETFORMS_DATA_DIR"] = data
        from PySide6.QtCore import Qt
        from PySide6.QtTest import QTest

        from desktop.app import create_app
        from desktop.main_window import MainWindow

        app = create_app()
        window = MainWindow(remember_geometry=False)
        window.show()
        window.open_path(str(SAMPLE), ask=False)
        window.show_step("申请金额")
        field = window.page("申请金额").fields["basic.funding[0].superior"].edit
        field.setFocus()
        panel = window.findings_panel
        state = {"typed": False}

        def keystroke() -> None:
            # alternately type a digit and erase it, so every keystroke changes the amount
            if state["typed"]:
                QTest.keyClick(field, Qt.Key.Key_Backspace)
            else:
                QTest.keyClick(field, Qt.Key.Key_5)
            state["typed"] = not state["typed"]
            window.doc.flush_check()
            app.processEvents()
            assert panel.findings is window.doc.findings or panel.findings == window.doc.findings

        result = median_ms(keystroke, repeat=60, warmup=4)
        window.doc.undo_stack.setClean()
        window.close()
        return result


def _paste_100_rows_ms() -> float:
    with tempfile.TemporaryDirectory() as data:
        os.environ["BUDGETFORMS_DATA_DIR"] = data
        from PySide6.QtCore import QItemSelectionModel, Qt
        from PySide6.QtGui import QGuiApplication
        from PySide6.QtTest import QTest

        from desktop.app import create_app
        from desktop.main_window import MainWindow

        app = create_app()
        window = MainWindow(remember_geometry=False)
        window.show()
        window.open_path(str(SAMPLE), ask=False)
        window.show_step("对下转移支付")
        app.processEvents()
        page = window.page("对下转移支付")
        rows = "\r\n".join(f"县{i}\t\t{i},000.00\t{i}万\t" for i in range(1, 101)) + "\r\n"
        times = []
        for i in range(18):
            QGuiApplication.clipboard().setText(rows)
            grid = page.grid
            grid.setFocus()
            grid.selectionModel().setCurrentIndex(grid.index_for("transfers.regions[0].name"),
                                                  QItemSelectionModel.SelectionFlag.ClearAndSelect)
            t0 = time.perf_counter()
            QTest.keyClick(grid, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
            window.doc.flush_check()
            app.processEvents()
            elapsed = (time.perf_counter() - t0) * 1000
            if len(window.doc.submission.transfers.regions) != 100:
                raise RuntimeError("the paste did not add the rows")
            if i >= 3:
                times.append(elapsed)
            window.doc.undo_stack.undo()
            window.doc.flush_check()
            app.processEvents()
        window.doc.undo_stack.setClean()
        window.close()
        return round(statistics.median(times), 3)


def _table_1200_rows_show_ms() -> float:
    with tempfile.TemporaryDirectory() as data:
        os.environ["BUDGETFORMS_DATA_DIR"] = data
        from decimal import Decimal

        from bench_gui_large import first_show_ms

        from forms import files
        from forms.model import ProcurementItem

        sub = files.load(SAMPLE)
        sub.procurement.items = [ProcurementItem(name=f"办公设备{i}", unit="台", quantity=Decimal(2),
                                                 amount=Decimal(1000 + i)) for i in range(1200)]
        return first_show_ms(sub, "政府采购")


def run() -> dict[str, tuple[float, str]]:
    return {"startup_s": (_startup_s(), "s"), "keystroke_ms": (_keystroke_ms(), "ms"),
            "paste_100_rows_ms": (_paste_100_rows_ms(), "ms"),
            "table_1200_rows_show_ms": (_table_1200_rows_show_ms(), "ms")}
