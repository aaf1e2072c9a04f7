"""The check verb's batch: many files (or a report) go through the pool, with a progress line and
the report written at the end."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..errors import UserError
from .pool import run_batch
from .progress import TerminalProgress
from .worker import default_check

# --- for the check verb ---------------------------------------------------------------------------------

BATCH_MIN_FILES = 8
"""From this many files the check verb runs them through the batch (below, the pool's start-up
costs more than it saves); with ``--report`` always."""


def check_entries(paths: Sequence[Path], pack: str | None = None, report: str | None = None,
                  stream=None, cache: bool = True) -> list[dict[str, Any]]:
    """The check verb's entries for *paths* (its own expansion of the arguments), checked by the
    batch: in input order and identical to :func:`forms.commands.check.check_path` on each. A
    progress line goes to *stream* (stderr) for long batches; with *report* the report is written
    (``.xlsx`` or ``.pdf``) and the report file itself is never checked. With *cache* (the
    default; ``--no-cache`` turns it off), unchanged files are not read again."""
    from functools import partial

    from ..reports import write_report

    stream = stream or sys.stderr
    if report:
        out = Path(report).resolve()
        paths = [p for p in paths if Path(p).resolve() != out]
        if Path(report).suffix.lower() not in (".xlsx", ".pdf"):
            raise UserError(f"无法写出报告“{Path(report).name}”：报告只能是 .xlsx 工作簿或 .pdf 文件")
    bar = TerminalProgress(stream)
    try:
        result = run_batch(paths, check=partial(default_check, pack=pack), progress=bar,
                           expand_folders=False, duplicates=bool(report), cache=cache)
    finally:
        bar.close()
    if report:
        written = write_report(result, report)
        stream.write(f"已写出检查报告：{report}（{len(result.files)} 个文件）\n")
        if written.warning:
            stream.write(f"budgetforms: 警告：{written.warning}\n")
    return [r.entry for r in result.files]
