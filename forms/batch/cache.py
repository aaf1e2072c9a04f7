"""A batch that remembers (issue 19): each file's result kept in the data folder, so that checking a
folder again reads only the files whose content changed.

A result is stored under the file's SHA-256 and path, and the *context* it was made in: the app's
version and source, the rule packs and code lists (every file of ``resources/``), the policy
library (POL-02/03 compare quotations with it), and the pack the batch was asked for. Anything of
these changes, and every file is checked again. A changed file has another SHA-256, so it is
always checked again.

The store is one SQLite file, ``<data folder>/batch-cache.sqlite3``. Nothing in it is trusted:
every row carries the SHA-256 of its own payload and a row that does not match, does not decode
or does not rebuild into a result is checked again (and overwritten); a file that is not a
database is deleted and rebuilt. Results that depend on the machine rather than on the file (a
file that took too long, ran out of memory, crashed a worker or met a bug) are never stored.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import asdict, fields
from decimal import Decimal
from functools import partial
from pathlib import Path
from typing import Any

from .duplicates import find_duplicates
from .results import Duplicate, FileResult, Summary, _sha256
from .worker import default_check

FILE_NAME = "batch-cache.sqlite3"
FORMS_DIR = Path(__file__).resolve().parent.parent
"""The domain's source: a stored result is only as good as the code that made it."""

_MACHINE_DEPENDENT = ("处理超过", "占用内存超过上限", "检查进程异常退出", "处理时出错")
"""Words of the unreadable messages that depend on the run, not on the file (see forms.batch)."""

Drive = Callable[[list[Path]], tuple[dict[int, FileResult], bool]]


def cache_path() -> Path:
    from ..locations import data_dir

    return data_dir() / FILE_NAME


def _pack_of(check: Any) -> tuple[bool, str | None]:
    """(cacheable, pack name) for the batch's per-file check: only the default check (or a
    ``partial`` of it naming a pack) is known well enough to cache."""
    if check is None or check is default_check:
        return True, None
    if isinstance(check, partial) and check.func is default_check and not check.args \
            and set(check.keywords) <= {"pack"}:
        return True, check.keywords.get("pack")
    return False, None


def _version() -> str:
    try:
        from importlib.metadata import version

        return version("budgetforms")
    except Exception:  # pragma: no cover - a frozen build without metadata
        return "unknown"


def context_key(pack: str | None) -> str:
    """What a stored result depends on besides the file (see the module's notes)."""
    from ..policy.library import SEEDS_DIR, USER_FOLDER, data_dir

    h = hashlib.sha256()
    h.update(f"v1\0{_version()}\0{pack}\0".encode())
    from ..locations import shipped_dir

    for folder, suffix in ((FORMS_DIR, "*.py"), (shipped_dir("resources"), "*")):
        for p in sorted(folder.rglob(suffix)):
            if p.is_file() and "__pycache__" not in p.parts:
                h.update(str(p.relative_to(folder)).encode() + b"\0")
                h.update(p.read_bytes())
    for folder in (SEEDS_DIR, data_dir() / USER_FOLDER):  # the policy library: names, sizes, times
        if folder.is_dir():
            for p in sorted(folder.rglob("*")):
                if p.is_file():
                    st = p.stat()
                    h.update(f"{p}\0{st.st_size}\0{st.st_mtime_ns}\0".encode())
    return h.hexdigest()


# --- rows ----------------------------------------------------------------------------------------

_DECIMALS = ("self_total", "finance_total", "supplement_self", "supplement_finance")


def _money_out(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _money_in(value: Any) -> Decimal | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError("not an amount")
    return Decimal(value)


def _encode(result: FileResult) -> str:
    summary = None
    if result.summary is not None:
        summary = asdict(result.summary)
        for key in _DECIMALS:
            summary[key] = _money_out(summary[key])
        summary["funding"] = [[year, _money_out(value)] for year, value in summary["funding"]]
    return json.dumps({"entry": result.entry, "summary": summary}, ensure_ascii=False)


def _decode(path: Path, sha: str, payload: str) -> FileResult:
    raw = json.loads(payload)
    entry = raw["entry"]
    if not isinstance(entry, dict) or entry.get("path") != str(path):
        raise ValueError("not this file's entry")
    summary = None
    if raw["summary"] is not None:
        data = dict(raw["summary"])
        if set(data) != _SUMMARY_FIELDS:
            raise ValueError("another summary")
        for key in _DECIMALS:
            data[key] = _money_in(data[key])
        data["funding"] = [(int(year), _money_in(value)) for year, value in data["funding"]]
        summary = Summary(**data)
    return FileResult(path, entry, sha, summary, 0.0)


_SUMMARY_FIELDS = {f.name for f in fields(Summary)}


def _worth_keeping(result: FileResult) -> bool:
    if not result.sha256:
        return False
    return result.readable or not any(word in result.error for word in _MACHINE_DEPENDENT)


# --- the store -----------------------------------------------------------------------------------

class BatchCache:
    """The store of one batch run's context (see :func:`run_cached`)."""

    def __init__(self, path: Path, context: str):
        self.path = path
        self.context = context
        self.db: sqlite3.Connection | None = None
        try:
            self.db = self._open()
        except (sqlite3.Error, OSError):
            self._rebuild()

    def _open(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(self.path, timeout=5)
        db.execute("CREATE TABLE IF NOT EXISTS results (sha TEXT, path TEXT, context TEXT, payload TEXT,"
                   " digest TEXT, PRIMARY KEY (sha, path, context))")
        db.execute("CREATE TABLE IF NOT EXISTS batches (key TEXT, context TEXT, payload TEXT, digest TEXT,"
                   " PRIMARY KEY (key, context))")
        db.execute("SELECT count(*) FROM results").fetchone()
        db.execute("SELECT count(*) FROM batches").fetchone()
        return db

    def _rebuild(self) -> None:
        """A store that is not a database (torn, overwritten): delete it and start afresh."""
        if self.db is not None:
            self.db.close()
            self.db = None
        try:
            self.path.unlink(missing_ok=True)
            self.db = self._open()
        except (sqlite3.Error, OSError):
            self.db = None  # no cache this time (a read-only data folder): check everything

    def lookup(self, paths: Sequence[Path]) -> dict[int, FileResult]:
        """The stored results of the files whose content (and path) they were made for."""
        if self.db is None:
            return {}
        shas = [_sha256(p) for p in paths]
        try:
            rows = self.db.execute("SELECT sha, path, payload, digest FROM results WHERE context = ?",
                                   (self.context,)).fetchall()
        except sqlite3.Error:
            self._rebuild()
            return {}
        stored = {(sha, path): (payload, digest) for sha, path, payload, digest in rows}
        hits: dict[int, FileResult] = {}
        for i, (p, sha) in enumerate(zip(paths, shas, strict=True)):
            row = stored.get((sha, str(p))) if sha else None
            if row is None or not isinstance(row[0], str):
                continue
            payload, digest = row
            if hashlib.sha256(payload.encode()).hexdigest() != digest:
                continue
            try:
                hits[i] = _decode(p, sha, payload)
            except (ValueError, TypeError, KeyError, AttributeError, ArithmeticError):
                continue
        return hits

    def store(self, results: Sequence[FileResult]) -> None:
        if self.db is None:
            return
        rows = []
        for r in results:
            if _worth_keeping(r):
                payload = _encode(r)
                rows.append((r.sha256, str(r.path), self.context, payload, hashlib.sha256(payload.encode()).hexdigest()))
        try:
            with self.db:
                self.db.executemany("INSERT OR REPLACE INTO results VALUES (?, ?, ?, ?, ?)", rows)
                # results of older contexts are of no more use: keep the store the size of what is checked
                self.db.execute("DELETE FROM results WHERE context != ?", (self.context,))
        except sqlite3.Error:
            self._rebuild()

    def duplicates(self, results: Sequence[FileResult]) -> list[Duplicate]:
        """:func:`forms.batch.find_duplicates` of *results*, stored under the list of their paths
        and SHA-256s (in order: the duplicates name files by index)."""
        if self.db is None or not all(r.sha256 for r in results):
            return find_duplicates(results)
        key = hashlib.sha256(json.dumps([[str(r.path), r.sha256] for r in results]).encode()).hexdigest()
        try:
            row = self.db.execute("SELECT payload, digest FROM batches WHERE key = ? AND context = ?",
                                  (key, self.context)).fetchone()
        except sqlite3.Error:
            self._rebuild()
            row = None
        if row is not None and isinstance(row[0], str) and hashlib.sha256(row[0].encode()).hexdigest() == row[1]:
            try:
                return [Duplicate(str(d["kind"]), [int(i) for i in d["files"]], str(d["message"]), float(d["similarity"]),
                                  [(int(i), str(k)) for i, k in d["narratives"]]) for d in json.loads(row[0])]
            except (ValueError, TypeError, KeyError):
                pass
        found = find_duplicates(results)
        payload = json.dumps([asdict(d) for d in found], ensure_ascii=False)
        try:
            with self.db:
                self.db.execute("INSERT OR REPLACE INTO batches VALUES (?, ?, ?, ?)",
                                (key, self.context, payload, hashlib.sha256(payload.encode()).hexdigest()))
                self.db.execute("DELETE FROM batches WHERE context != ? OR rowid NOT IN"
                                " (SELECT rowid FROM batches ORDER BY rowid DESC LIMIT 20)", (self.context,))
        except sqlite3.Error:
            self._rebuild()
        return found

    def close(self) -> None:
        if self.db is not None:
            self.db.close()
            self.db = None


def run_cached(paths: list[Path], check: Any, drive: Drive,
               duplicates: bool = True) -> tuple[dict[int, FileResult], bool, list[Duplicate] | None]:
    """:func:`forms.batch.run_batch`'s run through the store: the files with a stored result are
    not read again, the others go to *drive* (the pool) and their results are stored. Returns
    ``({index: result}, cancelled)`` as *drive* does, indexed as *paths*, and (with *duplicates*)
    the duplicates of the results in order, also from the store when no file changed."""
    cacheable, pack = _pack_of(check)
    if not cacheable:
        results, cancelled = drive(paths)
        ordered = [results[i] for i in range(len(paths)) if i in results]
        return results, cancelled, find_duplicates(ordered) if duplicates else None
    cache = BatchCache(cache_path(), context_key(pack))
    try:
        hits = cache.lookup(paths)
        todo = [i for i in range(len(paths)) if i not in hits]
        results, cancelled = drive([paths[i] for i in todo]) if todo else ({}, False)
        fresh = {todo[j]: r for j, r in results.items()}
        cache.store(list(fresh.values()))
        merged = {**hits, **fresh}
        found = None
        if duplicates:
            found = cache.duplicates([merged[i] for i in range(len(paths)) if i in merged])
        return merged, cancelled, found
    finally:
        cache.close()
