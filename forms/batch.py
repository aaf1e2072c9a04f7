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

from __future__ import annotations

import hashlib
import math
import multiprocessing
import os
import signal
import sys
import time
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from decimal import Decimal
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

from . import collect as _collect
from .errors import UserError

DEFAULT_TIMEOUT = 30.0
"""Seconds one file may take before it is reported as too slow (a hostile or broken file)."""
DEFAULT_MEMORY_MB = 1024
"""Memory (MB) a worker may take on top of what it holds when it starts."""
WATCHDOG_GRACE = 3.0
"""Seconds past the per-file alarm after which the watchdog kills the worker holding the file."""

SKIPPED_NAMES = _collect.SKIPPED_NAMES
FOLDER_SUFFIXES = _collect.SUFFIXES
"""What a folder scan picks up, and what it passes over: one list for the batch, the check verb
and reviewer mode (:mod:`forms.collect`)."""

ProgressFunc = Callable[[int, int], None]
CheckFunc = Callable[[Path], tuple[dict[str, Any], Any]]


class BatchError(UserError):
    """A batch that cannot start (no such folder, nothing to check)."""


# --- what one file gives ------------------------------------------------------------------------

@dataclass
class Summary:
    """What the report and the reviewer's list show of one readable submission."""

    name: str = ""
    main_code: str = ""
    competent_dept: str = ""
    unit_name: str = ""
    budget_year: int | None = None
    period_years: int | None = None
    funding: list[tuple[int, Decimal | None]] = field(default_factory=list)
    """(year, 合计) for every year with money; 合计 as written, or the sources' sum when blank."""
    self_total: Decimal = Decimal(0)
    finance_total: Decimal = Decimal(0)
    """总分 of 部门自评 and of 财政评审, re-added from the items: 项目支出预算编审表 combined with the
    scored supplement by the rule pack's formula (:func:`forms.reviewing.overall`)."""
    supplement_self: Decimal | None = None
    supplement_finance: Decimal | None = None
    """The same for the capital-construction supplement, ``None`` when the submission has none."""
    narratives: dict[str, str] = field(default_factory=dict)
    """Normalised 简述 text by narrative key, one clause a line (for the duplicate search)."""
    seal: str = ""
    """A received workbook's seal state (:func:`forms.seal.workbook_state`); ``""`` for a project file."""

    @property
    def total_amount(self) -> Decimal:
        return sum((v or Decimal(0) for _, v in self.funding), Decimal(0))

    @property
    def years_text(self) -> str:
        if self.budget_year is None:
            return ""
        if self.period_years and self.period_years > 1:
            return f"{self.budget_year}–{self.budget_year + self.period_years - 1}"
        return str(self.budget_year)


@dataclass
class FileResult:
    """One file of the batch: the checker's entry, the file's SHA-256 and, if readable, a summary."""

    path: Path
    entry: dict[str, Any]
    sha256: str = ""
    summary: Summary | None = None
    seconds: float = 0.0

    @property
    def readable(self) -> bool:
        return bool(self.entry.get("readable"))

    @property
    def error(self) -> str:
        return self.entry.get("error") or ""

    @property
    def findings(self) -> list[dict[str, Any]]:
        return list(self.entry.get("findings") or [])

    def count(self, severity: str) -> int:
        return sum(1 for f in self.findings if f.get("severity") == severity)

    @property
    def errors(self) -> int:
        return self.count("error")

    @property
    def warnings(self) -> int:
        return self.count("warning")

    @property
    def infos(self) -> int:
        return self.count("info")

    @property
    def status(self) -> str:
        """A word for the list: 无法读取 / 有错误 / 有警告 / 通过."""
        if not self.readable:
            return "无法读取"
        if self.errors:
            return "有错误"
        if self.warnings:
            return "有警告"
        return "通过"


@dataclass
class Duplicate:
    """A finding across submissions: ``kind`` is ``same_code``, ``same_project`` or ``copied_text``;
    ``files`` are indices into :attr:`BatchResult.files`; ``message`` says it in Chinese."""

    kind: str
    files: list[int]
    message: str
    similarity: float = 1.0
    narratives: list[tuple[int, str]] = field(default_factory=list)
    """For ``copied_text``: (file index, narrative key) of every copy."""

    KIND_LABELS = {"same_code": "项目主码相同", "same_project": "疑似重复申报", "copied_text": "简述雷同"}

    @property
    def label(self) -> str:
        return self.KIND_LABELS.get(self.kind, self.kind)


@dataclass
class BatchResult:
    files: list[FileResult]
    duplicates: list[Duplicate] = field(default_factory=list)
    cancelled: bool = False
    seconds: float = 0.0

    @property
    def unreadable(self) -> int:
        return sum(1 for f in self.files if not f.readable)

    @property
    def with_errors(self) -> int:
        return sum(1 for f in self.files if f.readable and f.errors)

    def exit_code(self) -> int:
        """The check contract: 2 a file unreadable, else 1 an error found, else 0."""
        if self.unreadable:
            return 2
        return 1 if any(f.errors for f in self.files) else 0


# --- which files ----------------------------------------------------------------------------------

def collect(paths: Iterable[str | os.PathLike[str]], exclude: Iterable[str | os.PathLike[str]] = ()) -> list[Path]:
    """The files to check, in order (:func:`forms.collect.collect`, the one file collector)."""
    return _collect.collect(paths, exclude)


# --- checking one file (in a worker) ----------------------------------------------------------------

class _DropTable(dict):
    """A :meth:`str.translate` table, filled as characters are met: the characters of *keep_as*
    map to what it says; other whitespace, punctuation, separators and symbols to ``None``
    (dropped); every other character to itself."""

    def __init__(self, keep_as: dict[str, str] | None = None):
        super().__init__({ord(k): v for k, v in (keep_as or {}).items()})

    def __missing__(self, code: int) -> str | None:
        ch = chr(code)
        value = None if ch.isspace() or unicodedata.category(ch)[0] in "PZS" else ch
        self[code] = value
        return value


_DROP = _DropTable()
_CLAUSES = _DropTable({ch: "\n" for ch in "。;!?,\n"})
"""As :data:`_DROP`, but a clause's end (in NFKC form: ，；！？ are , ; ! ?) becomes a line break."""


def _normalise(text: str) -> str:
    """Narrative text for comparison: NFKC, no whitespace or punctuation."""
    from .rules._util import nfkc  # NFKC, quick on text that is NFKC already

    return nfkc(text).translate(_DROP)


def _normalised_clauses(text: str) -> str:
    """*text* in NFKC, one clause a line (split at 。；;！!？?，, and line breaks), without
    whitespace or punctuation, blank clauses left out."""
    from .rules._util import nfkc

    return "\n".join(c for c in nfkc(text).translate(_CLAUSES).split("\n") if c)


def summarize(submission) -> Summary:
    """The summary of a submission (see :class:`Summary`)."""
    from .model import NARRATIVES
    from .reviewing import overall

    b = submission.basic
    funding = []
    for column in b.funding:
        if column.has_money():
            funding.append((column.year, column.total if column.total is not None else column.computed_total))
    cr = submission.construction_review
    narratives = {}
    for spec in NARRATIVES:
        text = _normalised_clauses(getattr(submission.narratives, spec.key).text)
        if text:
            narratives[spec.key] = text
    return Summary(
        name=b.name.strip(),
        main_code=b.main_code.strip(),
        competent_dept=b.competent_dept.strip(),
        unit_name=b.unit_name.strip(),
        budget_year=b.budget_year,
        period_years=b.period_years,
        funding=funding,
        self_total=overall(submission, "self_score"),
        finance_total=overall(submission, "finance_score"),
        supplement_self=cr.computed("self_score") if cr is not None else None,
        supplement_finance=cr.computed("finance_score") if cr is not None else None,
        narratives=narratives,
    )


def _unreadable(path: Path, message: str) -> dict[str, Any]:
    return {"path": str(path), "readable": False, "error": message, "findings": []}


def default_check(path: Path, pack: str | None = None) -> tuple[dict[str, Any], Any]:
    """Check one file exactly as ``budgetforms check FILE`` does (it *is*
    :func:`forms.commands.check.check_path`) and return its JSON entry with the submission that
    was read (``None`` when unreadable). The submission is caught on its way through
    :func:`forms.documents.open_document` in this worker, so that the file is read only once."""
    from . import documents
    from .commands import check as check_command

    caught: list = []
    original = documents.open_document

    def catching(p):
        opened = original(p)
        caught.append(opened)
        return opened

    documents.open_document = catching
    try:
        loaded = None
        if pack:
            from .rules.packs import load_pack

            loaded = load_pack(pack)
        entry = check_command.check_path(path, pack=loaded)
    finally:
        documents.open_document = original
    submission = None
    if entry.get("readable"):
        if caught:
            submission = caught[-1].submission
        else:  # the check read the file some other way: read it again for the summary
            try:
                submission = original(path).submission
            except Exception:
                submission = None
    return entry, submission


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    try:
        with open(path, "rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                h.update(block)
    except OSError:
        return ""
    return h.hexdigest()


class FileTimeout(BaseException):
    """Raised by the per-file alarm; a BaseException so that no ``except Exception`` swallows it."""


def check_file(path: Path, check: CheckFunc | None = None) -> FileResult:
    """Check one file in this process: the checker's entry, SHA-256 and summary. Never raises for a
    bad file (except :class:`FileTimeout` and :class:`MemoryError`, which the worker reports)."""
    t0 = time.perf_counter()
    path = Path(path)
    entry, submission = (check or default_check)(path)
    summary = summarize(submission) if submission is not None and entry.get("readable") else None
    if summary is not None and path.suffix.lower() in (".xlsx", ".xlsm"):
        from .seal import workbook_state

        summary.seal = workbook_state(path, submission)
    return FileResult(path, entry, _sha256(path), summary, time.perf_counter() - t0)


# --- the worker processes ---------------------------------------------------------------------------

_W: dict[str, Any] = {}
"""Per-worker state set by :func:`_init_worker`."""

PENDING, RUNNING, DONE = 0, 1, 2


def _on_alarm(signum, frame):  # pragma: no cover - runs in workers
    raise FileTimeout()


def _init_worker(state, started, owners, memory_mb: int, timeout: float, check: CheckFunc | None) -> None:
    _W.update(state=state, started=started, owners=owners, timeout=timeout, check=check)
    if memory_mb and sys.platform != "win32":
        import resource

        try:
            with open("/proc/self/statm") as fh:
                current = int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
        except OSError:
            current = 512 * 1024 * 1024
        limit = current + memory_mb * 1024 * 1024
        try:
            soft, hard = resource.getrlimit(resource.RLIMIT_AS)
            if hard != resource.RLIM_INFINITY:
                limit = min(limit, hard)
            resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
        except (ValueError, OSError):  # not enforced here (macOS): the watchdog still bounds time
            pass
    if hasattr(signal, "SIGALRM"):
        signal.signal(signal.SIGALRM, _on_alarm)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    warm_up()


def warm_up(deep: bool = False) -> None:
    """Import the checker and the readers once per process, not once per file. *deep* also loads
    what a first check would otherwise load on its way (the policy library, the rule packs, the
    patterns compiled on first use: about 0.1 s), as the fork server does once for all workers."""
    try:
        from .rules import engine

        engine._load_rule_modules()
        from .commands import check  # noqa: F401
    except Exception:  # pragma: no cover - a broken import shows up per file instead
        pass
    try:
        from . import xlsx  # noqa: F401
    except Exception:  # pragma: no cover
        pass
    if deep:
        try:
            from .model import Submission
            from .policy import default_library
            from .rules import check as check_rules

            default_library()
            check_rules(Submission())
        except Exception:  # pragma: no cover - the first file pays for it instead
            pass


def _run_chunk(items: list[tuple[int, str]]) -> list[tuple[int, FileResult]]:
    state, started, owners = _W["state"], _W["started"], _W["owners"]
    timeout, check = _W["timeout"], _W["check"]
    pid = os.getpid()
    out = []
    for index, raw in items:
        path = Path(raw)
        owners[index] = pid
        started[index] = time.time()
        state[index] = RUNNING
        alarm = hasattr(signal, "setitimer") and timeout > 0
        try:
            if alarm:
                signal.setitimer(signal.ITIMER_REAL, timeout)
            try:
                result = check_file(path, check)
            finally:  # disarmed inside the try: an alarm that rings just now is still caught below
                if alarm:
                    signal.setitimer(signal.ITIMER_REAL, 0)
        except FileTimeout:
            result = FileResult(path, _unreadable(path, too_slow(path, timeout)), _sha256(path))
        except MemoryError:
            result = FileResult(path, _unreadable(path, too_big(path)), _sha256(path))
        except Exception as exc:  # a bug met on a hostile file: report it on that file
            result = FileResult(path, _unreadable(path, f"无法检查“{path.name}”：处理时出错（{type(exc).__name__}），文件可能已损坏"), _sha256(path))
        state[index] = DONE
        out.append((index, result))
    return out


def too_slow(path: Path, timeout: float) -> str:
    return f"无法检查“{path.name}”：处理超过 {timeout:g} 秒仍未完成，文件可能已损坏或含有恶意内容，已跳过"


def too_big(path: Path) -> str:
    return f"无法检查“{path.name}”：读取时占用内存超过上限，文件可能已损坏或是压缩炸弹，已跳过"


def crashed(path: Path) -> str:
    return f"无法检查“{path.name}”：读取时检查进程异常退出，文件可能已损坏或含有恶意内容，已跳过"


# --- the driver ---------------------------------------------------------------------------------------

def _preload() -> list[str]:
    """Modules the fork server imports once, so that every worker starts warm."""
    import pkgutil

    from . import rules

    names = ["forms.batch", "forms.documents", "forms.commands.check", "forms.xlsx", "forms.rules"]
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
                self.results[index] = FileResult(path, _unreadable(path, crashed(path)), _sha256(path))
            return []
        if broken:
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
    (:mod:`forms.batch_cache`).
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
        from .batch_cache import run_cached

        results, cancelled, found = run_cached(files, check, drive, duplicates)
    else:
        results, cancelled = drive(files)
    ordered = [results[i] for i in range(len(files)) if i in results]
    result = BatchResult(ordered, cancelled=cancelled)
    if duplicates:
        result.duplicates = found if found is not None else find_duplicates(ordered)
    result.seconds = time.perf_counter() - t0
    return result


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

    from .reports import write_report

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
        from . import reports

        write_report(result, report)
        stream.write(f"已写出检查报告：{report}（{len(result.files)} 个文件）\n")
        if reports.last_warning:
            stream.write(f"budgetforms: 警告：{reports.last_warning}\n")
    return [r.entry for r in result.files]


# --- duplicates across the batch ------------------------------------------------------------------------

MIN_COPY_CHARS = 30
"""A 简述 shorter than this (after normalising) is too short to call a copy (\"无\", \"详见附件\")."""
NEAR_COPY = 0.9
"""Similarity from which two 简述 count as copies of each other (as TEXT-02 within a submission)."""
SAME_PROJECT_NAME = 0.9
SAME_PROJECT_TEXTS = 0.6
"""Two submissions are the same project when their names are this alike and at least this share of
their 简述 are copies of each other."""
_MIN_CLAUSE = 4
_COMMON_CLAUSE = 40


def _narrative_label(key: str) -> str:
    from .model import NARRATIVES

    return next((spec.label for spec in NARRATIVES if spec.key == key), key)


def _similar(a: str, b: str) -> float:
    if a == b:
        return 1.0
    m = SequenceMatcher(None, a, b, autojunk=False)
    if m.real_quick_ratio() < NEAR_COPY or m.quick_ratio() < NEAR_COPY:
        return 0.0
    return m.ratio()


def _text_groups(texts: list[str]) -> list[list[int]]:
    """Indices of *texts* (clauses one a line) grouped into copies: identical ones, then
    near-identical distinct ones (candidate pairs from shared clauses, which survive a small edit
    elsewhere in the text; confirmed by :class:`SequenceMatcher`). Clauses found in many texts
    (boilerplate) do not make candidates."""
    by_text: dict[str, list[int]] = {}
    for i, t in enumerate(texts):
        by_text.setdefault(t.replace("\n", ""), []).append(i)
    distinct = list(by_text)
    parent = list(range(len(distinct)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    clauses = [{c for c in texts[by_text[t][0]].split("\n") if len(c) >= _MIN_CLAUSE} for t in distinct]
    sizes = [len(cs) for cs in clauses]
    index: defaultdict[str, list[int]] = defaultdict(list)
    for d, cs in enumerate(clauses):
        for c in cs:
            index[c].append(d)
    for d, cs in enumerate(clauses):
        counts: dict[int, int] = {}
        get = counts.get
        for c in cs:
            posting = index[c]
            if len(posting) > _COMMON_CLAUSE:
                continue
            for other in posting:
                if other > d:
                    counts[other] = get(other, 0) + 1
        size = sizes[d]
        for other, shared in counts.items():
            if 2 * shared < size and 2 * shared < sizes[other]:
                continue  # they share fewer than half the clauses of each
            if find(d) != find(other) and _similar(distinct[d], distinct[other]) >= NEAR_COPY:
                parent[find(d)] = find(other)
    groups: dict[int, list[int]] = {}
    for d, t in enumerate(distinct):
        groups.setdefault(find(d), []).extend(by_text[t])
    return [sorted(g) for g in groups.values() if len(g) > 1]


def _names_alike(a: str, b: str) -> bool:
    """Near-identical project names: almost the same characters, or one inside the other
    (``…补助资金`` and ``…补助资金（2020年）``)."""
    na, nb = _normalise(a), _normalise(b)
    if not na or not nb:
        return False
    short, long_ = sorted((na, nb), key=len)
    if len(short) >= 6 and short in long_:
        return True
    return SequenceMatcher(None, na, nb).ratio() >= SAME_PROJECT_NAME


def find_duplicates(results: Sequence[FileResult]) -> list[Duplicate]:
    """The same project handed in twice (same 项目主码; or near-identical name and 简述), and 简述
    copied between different submissions."""
    out: list[Duplicate] = []
    readable = [(i, r.summary) for i, r in enumerate(results) if r.summary is not None]

    by_code: dict[str, list[int]] = {}
    for i, s in readable:
        code = unicodedata.normalize("NFKC", s.main_code).strip().upper()
        if code:
            by_code.setdefault(code, []).append(i)
    for code, members in by_code.items():
        if len(members) > 1:
            names = "、".join(results[i].path.name for i in members)
            out.append(Duplicate("same_code", members, f"项目主码 {code} 出现在 {len(members)} 份申报中：{names}"))

    # every 简述 of every submission, grouped into copies
    keys: list[tuple[int, str]] = []
    texts: list[str] = []
    for i, s in readable:
        for key, text in s.narratives.items():
            if len(text) - text.count("\n") >= MIN_COPY_CHARS:
                keys.append((i, key))
                texts.append(text)
    groups = _text_groups(texts)

    # pairs of submissions sharing copies → same project when the names agree too
    shared: dict[tuple[int, int], int] = {}
    for g in groups:
        files = sorted({keys[m][0] for m in g})
        if len(files) > 50:  # boilerplate in half the batch says nothing about two projects
            continue
        for a in range(len(files)):
            for b in range(a + 1, len(files)):
                pair = (files[a], files[b])
                shared[pair] = shared.get(pair, 0) + 1
    summaries = dict(readable)
    parent = {i: i for i, _ in readable}

    def find(x: int) -> int:
        while parent[x] != x:
            x = parent[x]
        return x

    for (a, b), n in sorted(shared.items()):
        sa, sb = summaries[a], summaries[b]
        base = max(1, min(len(sa.narratives), len(sb.narratives)))
        if n / base < SAME_PROJECT_TEXTS:
            continue
        if _names_alike(sa.name, sb.name):
            parent[find(a)] = find(b)
    projects: dict[int, list[int]] = {}
    for i, _ in readable:
        projects.setdefault(find(i), []).append(i)
    same_project_of: dict[int, int] = {}
    for members in projects.values():
        if len(members) > 1:
            for m in members:
                same_project_of[m] = members[0]
            names = "、".join(f"{results[i].path.name}（{summaries[i].name}）" for i in members)
            out.append(Duplicate("same_project", members, f"{len(members)} 份申报的项目名称和简述几乎相同，疑为同一项目重复申报：{names}"))

    # copies between submissions, one entry for each set of submissions sharing them
    shared_by: dict[tuple[int, ...], list[tuple[list[tuple[int, str]], float]]] = {}
    for g in groups:
        members = [keys[m] for m in g]
        files = tuple(sorted({i for i, _ in members}))
        if len(files) < 2 or len({same_project_of.get(i, -1 - i) for i in files}) == 1:
            continue  # within one submission (TEXT-02's business) or one project handed in twice
        sim = 1.0 if len({texts[m] for m in g}) == 1 else NEAR_COPY
        shared_by.setdefault(files, []).append((members, sim))
    for files, entries in shared_by.items():
        members = [m for ms, _ in entries for m in ms]
        sim = min(s_ for _, s_ in entries)
        if len(entries) == 1:
            parts = "；".join(f"{results[i].path.name}“{_narrative_label(k)}”" for i, k in members)
            message = f"{len(files)} 份申报的简述相同或几乎相同：{parts}"
        else:
            labels = "、".join(dict.fromkeys(f"“{_narrative_label(k)}”" for _, k in members))
            names = "、".join(results[i].path.name for i in files)
            message = f"{len(files)} 份申报有 {len(entries)} 处简述相同或几乎相同（{labels}）：{names}"
        out.append(Duplicate("copied_text", list(files), message, sim, members))
    return out


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


