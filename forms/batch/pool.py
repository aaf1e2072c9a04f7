"""The batch's pool: files run through worker processes on all cores, with results in input order,
watched by a watchdog that kills a worker holding a file past its time; the files in flight when a
worker died are run again one at a time, so that only the culprit is reported."""

from __future__ import annotations

import logging
import math
import multiprocessing
import os
import signal
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from .. import collect as _collect
from ..errors import UserError
from .duplicates import find_duplicates
from .results import BatchResult, CheckFunc, FileResult, ProgressFunc, _sha256, _unreadable
from .worker import DONE, PENDING, RUNNING, _init_worker, _run_chunk, crashed, too_slow

DEFAULT_TIMEOUT = 30.0
"""Seconds one file may take before it is reported as too slow (a hostile or broken file)."""
DEFAULT_MEMORY_MB = 1024
"""Memory (MB) a worker may take on top of what it holds when it starts."""
WATCHDOG_GRACE = 3.0
"""Seconds past the per-file alarm after which the watchdog kills the worker holding the file."""
log = logging.getLogger(__name__)




class BatchError(UserError):
    """A batch that cannot start (no such folder, nothing to check)."""



def collect(paths: Iterable[str | os.PathLike[str]], exclude: Iterable[str | os.PathLike[str]] = ()) -> list[Path]:
    """The files to check, in order (:func:`forms.checking.collect`, the one file collector)."""
    return _collect.collect(paths, exclude)


# --- the driver ---------------------------------------------------------------------------------------

def _preload() -> list[str]:
    """Modules the fork server imports once, so that every worker starts warm."""
    import pkgutil

    from .. import rules

    names = ["forms.batch", "forms.documents", "forms.checking", "forms.xlsx", "forms.rules"]
    names += [f"forms.rules.{m.name}" for m in pkgutil.iter_modules(rules.__path__)]
    return names + ["forms._forkserver"]  # last: warms what the first check of each worker would load


def _context():
    """Workers come from a fork server (POSIX): forked from a clean, pre-loaded process, never from
    the caller, which may be the GUI with its threads; elsewhere they are spawned."""
    methods = multiprocessing.get_all_start_methods()
    if "forkserver" in methods:
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(_preload())
        return ctx
    return multiprocessing.get_context("spawn")


def default_workers() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


class _Driver:
    """Runs files through a pool, watches it, and rebuilds it when a worker dies or hangs."""

    def __init__(self, paths: list[Path], workers: int, timeout: float, memory_mb: int,
                 progress: ProgressFunc | None, cancel: Callable[[], bool] | None,
                 check: CheckFunc | None, chunk_size: int | None):
        self.paths = paths
        self.workers = workers
        self.timeout = timeout
        self.memory_mb = memory_mb
        self.progress = progress
        self.cancel = cancel or (lambda: False)
        self.check = check
        self.chunk_size = chunk_size
        self.ctx = _context()
        n = len(paths)
        self.state = self.ctx.RawArray("b", n)
        self.started = self.ctx.RawArray("d", n)
        self.owners = self.ctx.RawArray("i", n)
        self.results: dict[int, FileResult] = {}
        self.cancelled = False
        self._last_progress = -1.0

    def _report(self, force: bool = False) -> None:
        if self.progress is None:
            return
        now = time.monotonic()
        if not force and now - self._last_progress < 0.1:
            return
        self._last_progress = now
        done = sum(1 for i in range(len(self.paths)) if i in self.results or self.state[i] == DONE)
        self.progress(done, len(self.paths))

    def run(self) -> dict[int, FileResult]:
        todo = list(range(len(self.paths)))
        stalled = 0
        while todo and not self.cancelled:
            before = len(self.results)
            suspects = self._pool_pass(todo, self.workers, self.chunk_size, isolated=False)
            if len(self.results) == before and not suspects:
                stalled += 1  # the pool broke before any file started: it cannot start at all
                if stalled >= 2:
                    raise BatchError("无法启动检查进程（多进程启动失败）：请从 budgetforms 命令或程序菜单启动批量检查")
            else:
                stalled = 0
            for index in suspects:  # in flight when a worker died: one at a time, alone
                if self.cancelled:
                    break
                self.state[index] = PENDING
                self._pool_pass([index], 1, 1, isolated=True)
            todo = [i for i in range(len(self.paths)) if i not in self.results]
        self._report(force=True)
        return self.results

    def _chunks(self, indices: list[int], workers: int, chunk_size: int | None) -> list[list[int]]:
        """Files in chunks for the workers: up to 16 files (fewer round trips), then smaller and
        smaller towards the end, so that no worker sits idle long while another ends a big chunk."""
        if chunk_size:
            return [indices[i:i + chunk_size] for i in range(0, len(indices), chunk_size)]
        chunks, i = [], 0
        while i < len(indices):
            size = max(1, min(16, math.ceil((len(indices) - i) / (workers * 4))))
            chunks.append(indices[i:i + size])
            i += size
        return chunks

    def _pool_pass(self, indices: list[int], workers: int, chunk_size: int | None, isolated: bool) -> list[int]:
        """Run *indices* through one pool. Returns the files that were in flight when the pool
        broke (to be re-run alone); in an isolated pass such a file is the culprit and gets its entry."""
        workers = max(1, min(workers, len(indices)))
        executor = ProcessPoolExecutor(
            max_workers=workers, mp_context=self.ctx, initializer=_init_worker,
            initargs=(self.state, self.started, self.owners, self.memory_mb, self.timeout, self.check),
        )
        broken = False
        killed: set[int] = set()
        try:
            futures = {
                executor.submit(_run_chunk, [(i, str(self.paths[i])) for i in chunk]): chunk
                for chunk in self._chunks(indices, workers, chunk_size)
            }
            pending = set(futures)
            while pending:
                done, pending = wait(pending, timeout=0.05, return_when=FIRST_COMPLETED)
                for fut in done:
                    try:
                        for index, result in fut.result():
                            self.results[index] = result
                    except BrokenProcessPool:
                        broken = True
                    except Exception:  # pragma: no cover - a result that could not come back
                        broken = True
                self._report()
                if self.cancel():
                    self.cancelled = True
                    self._kill_running(indices)
                    break
                killed |= self._watchdog(indices)
                if broken:
                    break
        finally:
            executor.shutdown(wait=not self.cancelled and not broken, cancel_futures=True)
        for index in killed:
            path = self.paths[index]
            self.results.setdefault(index, FileResult(path, _unreadable(path, too_slow(path, self.timeout)), _sha256(path)))
        if self.cancelled:
            return []
        in_flight = [i for i in indices if i not in self.results and self.state[i] == RUNNING]
        if isolated:
            for index in in_flight:
                path = self.paths[index]
                log.warning("batch: %s took its worker down (checked alone)", path)
                self.results[index] = FileResult(path, _unreadable(path, crashed(path)), _sha256(path))
            return []
        if broken:
            log.warning("batch: a worker died with %d file(s) in flight; they are run again one at a time", len(in_flight))
            for i in indices:
                if i not in self.results and self.state[i] != RUNNING:
                    self.state[i] = PENDING
        return in_flight

    def _watchdog(self, indices: list[int]) -> set[int]:
        """Kill the worker of any file that overstayed its alarm (stuck where the alarm cannot reach)."""
        if self.timeout <= 0:
            return set()
        limit = time.time() - self.timeout - WATCHDOG_GRACE
        stuck = set()
        for i in indices:
            if self.state[i] == RUNNING and i not in self.results and self.started[i] < limit:
                stuck.add(i)
                self.state[i] = DONE
                log.warning("batch: %s still running %.0f s past its alarm, worker %d killed",
                            self.paths[i], WATCHDOG_GRACE, self.owners[i])
                _kill(self.owners[i])
        return stuck

    def _kill_running(self, indices: list[int]) -> None:
        for i in indices:
            if self.state[i] == RUNNING:
                _kill(self.owners[i])


def _kill(pid: int) -> None:
    if pid <= 0 or pid == os.getpid():
        return
    try:
        os.kill(pid, getattr(signal, "SIGKILL", signal.SIGTERM))
    except (ProcessLookupError, PermissionError):
        pass


def run_batch(paths: Sequence[str | os.PathLike[str]], *, workers: int | None = None,
              timeout: float = DEFAULT_TIMEOUT, memory_mb: int = DEFAULT_MEMORY_MB,
              progress: ProgressFunc | None = None, cancel: Callable[[], bool] | None = None,
              check: CheckFunc | None = None, chunk_size: int | None = None,
              exclude: Iterable[str | os.PathLike[str]] = (), duplicates: bool = True,
              expand_folders: bool = True, cache: bool = False) -> BatchResult:
    """Check every file of *paths* (folders recursively) and return the results in input order.

    *progress(done, total)* is called from this thread about ten times a second; *cancel()* is
    polled as often and, when true, stops the batch (the result holds what was checked and
    ``cancelled``). *check* replaces the per-file check (a module-level function or a
    ``functools.partial`` of one, e.g. ``partial(default_check, pack="2021")``). With *cache*,
    files already checked with the same content, packs and version are not read again
    (:mod:`forms.batch.cache`).
    """
    t0 = time.perf_counter()
    if expand_folders:
        for raw in paths:
            p = Path(raw)
            if not p.exists() and not p.suffix:
                raise BatchError(f"找不到文件夹“{p}”")
        files = collect(paths, exclude)
    else:  # the caller's list as it is (the check verb's own expansion)
        files = [Path(p) for p in paths]
    if not files:
        raise BatchError("没有可检查的文件：文件夹是空的，或只有隐藏文件和备份")

    def drive(todo: list[Path]) -> tuple[dict[int, FileResult], bool]:
        driver = _Driver(todo, workers or default_workers(), timeout, memory_mb, progress, cancel, check, chunk_size)
        return driver.run(), driver.cancelled

    found = None
    if cache:
        from .cache import run_cached

        results, cancelled, found = run_cached(files, check, drive, duplicates)
    else:
        results, cancelled = drive(files)
    ordered = [results[i] for i in range(len(files)) if i in results]
    result = BatchResult(ordered, cancelled=cancelled)
    if duplicates:
        result.duplicates = found if found is not None else find_duplicates(ordered)
    result.seconds = time.perf_counter() - t0
    for r in ordered:  # the workers log nothing (no handler there): their refusals are logged here
        if not r.readable:
            log.warning("batch: %s not read: %s", r.path, r.error)
    log.info("batch: %d file(s) in %.1f s%s", len(ordered), result.seconds, " (cancelled)" if cancelled else "")
    return result
