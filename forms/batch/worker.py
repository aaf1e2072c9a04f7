"""The batch's worker processes: the per-file check (:func:`forms.checking.check_file`, through
:func:`default_check`), the memory bound and the per-file alarm each worker runs under, and the
warm-up that loads the checker once per process."""

from __future__ import annotations

import os
import signal
import sys
import time
from pathlib import Path
from typing import Any

from .results import CheckFunc, FileResult, _sha256, _unreadable, summarize


def default_check(path: Path, pack: str | None = None) -> tuple[dict[str, Any], Any]:
    """Check one file exactly as ``budgetforms check FILE`` does (:func:`forms.checking.check_file`)
    and return its JSON entry with the submission that was read (``None`` when unreadable)."""
    from ..checking import check_file

    loaded = None
    if pack:
        from ..rules.packs import load_pack

        loaded = load_pack(pack)
    result = check_file(path, pack=loaded)
    return result.to_json(), (result.submission if result.readable else None)


class FileTimeout(BaseException):
    """Raised by the per-file alarm; a BaseException so that no ``except Exception`` swallows it."""


def check_one(path: Path, check: CheckFunc | None = None) -> FileResult:
    """Check one file in this process: the checker's entry, SHA-256 and summary. Never raises for a
    bad file (except :class:`FileTimeout` and :class:`MemoryError`, which the worker reports)."""
    t0 = time.perf_counter()
    path = Path(path)
    entry, submission = (check or default_check)(path)
    summary = summarize(submission) if submission is not None and entry.get("readable") else None
    if summary is not None and path.suffix.lower() in (".xlsx", ".xlsm"):
        from ..seal import workbook_state

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
        from ..rules.registry import load_rule_modules

        load_rule_modules()
        from .. import checking  # noqa: F401
    except Exception:  # pragma: no cover - a broken import shows up per file instead
        pass
    try:
        from .. import xlsx  # noqa: F401
    except Exception:  # pragma: no cover
        pass
    if deep:
        try:
            from ..model import Submission
            from ..policy import default_library
            from ..rules import check as check_rules

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
                result = check_one(path, check)
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
