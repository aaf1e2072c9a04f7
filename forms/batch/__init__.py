"""Batch check: a folder (recursively) or a list of files, project files and workbooks mixed.

Every file is checked exactly as ``budgetforms check FILE`` checks it alone (the entry of each
:class:`FileResult` *is* the checker's JSON file entry), on all cores, with results in input order.
One broken, hostile or foreign file is reported as that file's ``readable: false`` entry and never
stops or slows the rest:

- each worker process runs under a memory bound (``RLIMIT_AS`` on POSIX) and a per-file alarm
  (``SIGALRM``), so a file that eats memory or loops in Python code fails alone;
- a watchdog in the parent sees a file that overstays its time even in C code and kills the worker
  that holds it; the files that were in flight when a worker died are run again one at a time, in
  a pool of their own, so that the culprit (and only it) is reported.

Around the per-file results the batch adds what only a batch can see: the same project handed in
twice, and narratives copied between submissions (:func:`find_duplicates`).
"""

from .. import collect as _collect
from .cache import FILE_NAME as CACHE_FILE_NAME
from .duplicates import MIN_COPY_CHARS, NEAR_COPY, SAME_PROJECT_NAME, SAME_PROJECT_TEXTS, find_duplicates
from .pool import (
    DEFAULT_MEMORY_MB,
    DEFAULT_TIMEOUT,
    WATCHDOG_GRACE,
    BatchError,
    _context,
    _Driver,
    _preload,
    collect,
    default_workers,
    run_batch,
)
from .progress import TerminalProgress
from .results import BatchResult, CheckFunc, Duplicate, FileResult, ProgressFunc, Summary, _normalise, _sha256, _unreadable, summarize
from .verb import BATCH_MIN_FILES, check_entries
from .worker import FileTimeout, check_one, crashed, default_check, too_big, too_slow, warm_up

SKIPPED_NAMES = _collect.SKIPPED_NAMES
FOLDER_SUFFIXES = _collect.SUFFIXES
"""What a folder scan picks up, and what it passes over: one list for the batch, the check verb
and reviewer mode (:mod:`forms.collect`)."""

__all__ = [
    "BATCH_MIN_FILES", "CACHE_FILE_NAME", "DEFAULT_MEMORY_MB", "DEFAULT_TIMEOUT", "FOLDER_SUFFIXES", "MIN_COPY_CHARS", "NEAR_COPY",
    "SAME_PROJECT_NAME", "SAME_PROJECT_TEXTS", "SKIPPED_NAMES", "WATCHDOG_GRACE", "BatchError", "BatchResult", "CheckFunc", "Duplicate",
    "FileResult", "FileTimeout", "ProgressFunc", "Summary", "TerminalProgress", "_Driver", "_context", "_normalise", "_preload",
    "_sha256", "_unreadable", "check_entries", "check_one", "collect", "crashed", "default_check", "default_workers",
    "find_duplicates", "run_batch", "summarize", "too_big", "too_slow", "warm_up",
]
