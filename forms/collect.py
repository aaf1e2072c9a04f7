"""Which files of a folder are submissions: the one list of suffixes and the one set of skip rules
that ``budgetforms check FOLDER``, the batch and reviewer mode all use, so that they pick the same
files from the same folder.

A folder is walked recursively and sorted by path. Left out: hidden files and folders (``.x``),
Office and WPS lock files (``~$x.xlsx``), LibreOffice lock files (``.~lock.x.xlsx#``), our own
backups (``x.bfproj.bak``) and temporary files (``.tmp``, ``~`` at the end: editors' and our atomic
save's). A file named on its own is always taken, whatever it is: the check reports it.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from pathlib import Path

PROJECT_SUFFIXES = (".bfproj",)
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".et", ".ods", ".xlsb")
"""The workbooks the import reads: Excel (.xlsx/.xlsm, old .xls, binary .xlsb), WPS's .et and
LibreOffice's .ods (python-calamine reads them all)."""
SUFFIXES = PROJECT_SUFFIXES + WORKBOOK_SUFFIXES
"""What a folder scan picks up."""

SKIPPED_NAMES = re.compile(r"^(\.|~\$)|\.(bak|tmp|temp)$|~$|#$", re.I)
"""Names a folder scan passes over: hidden files (LibreOffice's ``.~lock.…#`` among them), Office
lock files (``~$x.xlsx``), backups, temporary files."""


def skipped(name: str) -> bool:
    """Whether a folder scan passes over a file of this name."""
    return bool(SKIPPED_NAMES.search(name)) or Path(name).suffix.lower() not in SUFFIXES


def scan(folder: str | os.PathLike[str]) -> list[Path]:
    """The submissions under *folder*, recursively, sorted by path (hidden folders left out)."""
    found: list[Path] = []
    for where, dirs, names in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        found.extend(Path(where) / n for n in names if not skipped(n))
    return [f for f in sorted(found, key=lambda q: q.as_posix()) if f.is_file()]


def collect(paths: Iterable[str | os.PathLike[str]], exclude: Iterable[str | os.PathLike[str]] = (),
            keep_empty: bool = False) -> list[Path]:
    """The files to check, in order and each once: a file as given (a missing or odd file is
    reported by the check, not dropped); a folder as :func:`scan` finds it. Paths in *exclude*
    (e.g. the report being written into the folder) are left out. With *keep_empty* a folder
    without any submission stays in the list as itself, so that the check can say so."""
    skip = {Path(p).resolve() for p in exclude}
    out: list[Path] = []
    seen: set[Path] = set()

    def add(p: Path) -> None:
        key = p.resolve()
        if key in skip or key in seen:
            return
        seen.add(key)
        out.append(p)

    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            found = scan(p)
            for f in found:
                add(f)
            if not found and keep_empty:
                add(p)
        else:
            add(p)
    return out
