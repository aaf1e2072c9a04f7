"""Where the app keeps its own things: settings, recent files and recovery copies.

The folder is the app's one data folder (:func:`forms.locations.data_dir`, ``BUDGETFORMS_DATA_DIR``
when set: tests use it so that they never touch the user's settings). Settings are an INI file in that folder.

A *recovery copy* of the open submission is written a few seconds after each edit, beside a small JSON
note (which file it came from, which process wrote it). A clean exit or a save removes it; a copy
left by a process that is no longer running is offered on the next start (:func:`pending`). The delay
is 3 s (``BUDGETFORMS_RECOVERY_DELAY_MS`` changes it, for tests).
"""

from __future__ import annotations

import json
import logging
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from forms import files, locations
from forms.errors import UserError
from forms.model import Submission

ENV_DATA_DIR = locations.ENV_DATA_DIR
log = logging.getLogger(__name__)


def data_dir() -> Path:
    """The app's one data folder, shared with the policy library (:func:`forms.locations.data_dir`)."""
    return locations.data_dir()


def settings():
    from desktop.qt import QSettings

    return QSettings(str(data_dir() / "settings.ini"), QSettings.Format.IniFormat)


# --- recovery copies ----------------------------------------------------------------------------

def recovery_dir() -> Path:
    folder = data_dir() / "recovery"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@dataclass
class RecoveryEntry:
    copy: Path
    note: Path
    original: str | None
    """The file the submission was opened from or saved to, or ``None`` for a new one."""
    title: str
    saved_at: float
    pid: int

    def load(self) -> Submission:
        return files.load(self.copy)

    def discard(self) -> None:
        self.copy.unlink(missing_ok=True)
        self.note.unlink(missing_ok=True)

    @property
    def when(self) -> str:
        return time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(self.saved_at))


def _own_paths(pid: int | None = None) -> tuple[Path, Path]:
    pid = os.getpid() if pid is None else pid
    folder = recovery_dir()
    return folder / f"recovery-{pid}{files.EXTENSION}", folder / f"recovery-{pid}.json"


def write_recovery(submission: Submission, original: Path | None, title: str) -> Path:
    """Write this process's recovery copy (atomically, no .bak) and its note."""
    copy, note = _own_paths()
    files.write_atomic(copy, files.dumps(submission), keep_backup=False)
    meta = {"original": str(original) if original else None, "title": title,
            "saved_at": time.time(), "pid": os.getpid()}
    files.write_atomic(note, json.dumps(meta, ensure_ascii=False), keep_backup=False)
    return copy


def clear_recovery() -> None:
    for p in _own_paths():
        p.unlink(missing_ok=True)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    if sys.platform == "win32":  # pragma: no cover - no cheap check; a left copy is a crash
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:
        return False
    return True


def pending() -> list[RecoveryEntry]:
    """Recovery copies left by processes that are no longer running, newest first."""
    out: list[RecoveryEntry] = []
    for note in recovery_dir().glob("recovery-*.json"):
        copy = note.with_suffix(files.EXTENSION)
        try:
            meta = json.loads(note.read_text(encoding="utf-8"))
            pid = int(meta.get("pid", 0))
        except (OSError, ValueError, TypeError, AttributeError) as exc:
            log.warning("recovery note %s unreadable, passed over: %s", note, exc)
            continue
        if not copy.exists() or _alive(pid):
            continue
        out.append(RecoveryEntry(copy, note, meta.get("original"), str(meta.get("title", "")),
                                 float(meta.get("saved_at", 0)), pid))
    out.sort(key=lambda e: e.saved_at, reverse=True)
    return out


def load_recovery(entry: RecoveryEntry) -> Submission:
    try:
        return entry.load()
    except UserError as exc:
        log.warning("recovery copy %s unreadable, discarded: %s", entry.copy, exc)
        entry.discard()
        raise
