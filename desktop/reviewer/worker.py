"""The batch check off the UI thread: a worker object moved to a QThread, reporting progress."""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject, Signal

from forms.batch import run_batch
from forms.errors import UserError


class BatchWorker(QObject):
    """Runs :func:`forms.batch.run_batch` on *paths*; ``cancel()`` may be called from any thread."""

    progress = Signal(int, int)
    finished = Signal(object)  # BatchResult
    failed = Signal(str)

    def __init__(self, paths: list[str], **options) -> None:
        super().__init__()
        self.paths = paths
        self.options = options
        self._cancel = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    def run(self) -> None:
        try:
            result = run_batch(self.paths, progress=self.progress.emit, cancel=self._cancel.is_set, **self.options)
        except UserError as exc:
            self.failed.emit(str(exc))
            return
        except Exception as exc:  # never a traceback for the user
            self.failed.emit(f"批量检查失败：{type(exc).__name__}: {exc}")
            return
        self.finished.emit(result)


class ReportWorker(QObject):
    """Writes the batch report (:func:`forms.reports.write_report`) off the UI thread: a PDF of a
    thousand submissions takes a while."""

    finished = Signal(str, object)  # the path written, a warning for the user or None
    failed = Signal(str)

    def __init__(self, result, path: str) -> None:
        super().__init__()
        self.result = result
        self.path = path

    def cancel(self) -> None:
        """A report being written is finished, not cut off (closing the window waits for it)."""

    def run(self) -> None:
        from forms import reports

        try:
            out = reports.write_report(self.result, self.path)
        except UserError as exc:
            self.failed.emit(str(exc))
            return
        except Exception as exc:  # never a traceback for the user
            self.failed.emit(f"导出报告失败：{type(exc).__name__}: {exc}")
            return
        self.finished.emit(str(out), reports.last_warning)
