"""A progress line on the terminal for long batches (``budgetforms check FOLDER``)."""

from __future__ import annotations

import sys
import time

# --- a terminal progress line -------------------------------------------------------------------------

class TerminalProgress:
    """A progress line on *stream* (stderr) for batches of at least *min_files* files: rewritten in
    place on a terminal, one line per tenth otherwise."""

    def __init__(self, stream=None, min_files: int = 20):
        self.stream = stream or sys.stderr
        self.min_files = min_files
        self.tty = bool(getattr(self.stream, "isatty", lambda: False)())
        self.t0 = time.perf_counter()
        self._last_tenth = -1
        self._shown = False

    def __call__(self, done: int, total: int) -> None:
        if total < self.min_files:
            return
        rate = done / max(time.perf_counter() - self.t0, 1e-6)
        line = f"已检查 {done}/{total} 个文件（{rate:.0f} 个/秒）"
        if self.tty:
            self.stream.write("\r" + line)
            self._shown = True
        else:
            tenth = done * 10 // total
            if tenth == self._last_tenth:
                return
            self._last_tenth = tenth
            self.stream.write(line + "\n")
        self.stream.flush()

    def close(self) -> None:
        if self.tty and self._shown:
            self.stream.write("\n")
            self.stream.flush()
