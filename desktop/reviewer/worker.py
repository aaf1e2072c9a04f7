"""The batch check off the UI thread: a worker object moved to a QThread, reporting progress."""

from __future__ import annotations

import threading
from typing import Any

from desktop.qt import QObject, Signal
from forms.batch import run_batch
from forms.errors import UserError


def _attempt(failed, failure: str, call) -> tuple[bool, Any]:
    """``(True, call())``; or, when it raises, ``(False, None)`` with the message emitted on
    *failed*: a :class:`UserError`'s own, anything else as ``{failure}：Type: message`` (never a
    traceback for the user)."""
    try:
        return True, call()
    except UserError as exc:
        failed.emit(str(exc))
    except Exception as exc:  # never a traceback for the user
        failed.emit(f"{failure}：{type(exc).__name__}: {exc}")
    return False, None


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
        ok, result = _attempt(self.failed, "批量检查失败", lambda: run_batch(
            self.paths, progress=self.progress.emit, cancel=self._cancel.is_set, **self.options))
        if ok:
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
        from forms.reports import write_report

        ok, written = _attempt(self.failed, "导出报告失败", lambda: write_report(self.result, self.path))
        if ok:
            self.finished.emit(str(written.path), written.warning)
