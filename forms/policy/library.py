"""The policy library: the seed documents shipped in ``seeds/`` plus the documents the user adds
(copied into the app's data folder), each split into clauses, with a search index kept on disk.

The index file (``policy-index.json`` in the data folder) holds, for each document's content hash,
its heading, clauses and the terms of every clause. Loading the library hashes the files and reads
the index; only a document whose content changed (or a new one) is parsed again, and only then is
the index file rewritten.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path

from ..errors import UserError
from ..locations import data_dir, shipped_dir
from . import clauses as clause_split
from .clauses import OTHER_ARTICLE, Clause
from .index import BM25, search_terms, unit_terms
from .text import (
    SUFFIXES,
    language,
    looks_like_submission,
    normalize,
    normalize_title,
    read_heading,
    read_text,
)

log = logging.getLogger(__name__)

INDEX_VERSION = 3
"""Bump when parsing or terms change: an index of another version is rebuilt from the files."""


@lru_cache(maxsize=1)
def index_version() -> str:
    """:data:`INDEX_VERSION` and a fingerprint of the code that parses and tokenises, so that an
    index written by other code is never trusted (a forgotten bump cannot serve stale clauses)."""
    digest = hashlib.sha256()
    for name in ("text.py", "clauses.py", "index.py"):
        try:
            digest.update((Path(__file__).with_name(name)).read_bytes())
        except OSError:  # a frozen build without sources: the number alone
            pass
    return f"{INDEX_VERSION}-{digest.hexdigest()[:12]}"
INDEX_NAME = "policy-index.json"
USER_FOLDER = "policies"
SEEDS_DIR = shipped_dir("seeds")



@dataclass
class Document:
    id: str
    """Stable across re-indexing and edits: the file's name without its suffix."""
    path: str
    source: str
    """``seed`` (shipped with the app) or ``user`` (added by the user)."""
    sha256: str
    title: str
    issuer: str
    date: date | None
    lang: str
    aliases: list[str] = field(default_factory=list)
    clauses: list[Clause] = field(default_factory=list)
    terms: list[dict[str, float]] = field(default_factory=list)
    """The terms of each clause, in the order of :attr:`clauses`."""

    @property
    def year(self) -> int | None:
        return self.date.year if self.date else None

    def clause(self, clause_id: str) -> Clause | None:
        return next((c for c in self.clauses if c.id == clause_id), None)

    def clause_by_ref(self, ref: str) -> Clause | None:
        want = normalize(ref)
        for c in self.clauses:
            if want and want in (normalize(c.ref), normalize(c.number)):
                return c
        return None

    def numbered(self) -> list[Clause]:
        return [c for c in self.clauses if c.number]

    def full_text(self) -> str:
        """The document's own text (without another article printed on the same page)."""
        return "\n".join(c.text for c in self.clauses if c.kind != OTHER_ARTICLE)

    def contains_quote(self, quote: str) -> bool:
        return text_contains(self.full_text(), quote)

    def matches_title(self, title: str) -> bool:
        want = normalize_title(title)
        return bool(want) and any(want == normalize_title(t) for t in [self.title, *self.aliases])

    def to_json(self) -> dict:
        return {
            "title": self.title, "issuer": self.issuer, "lang": self.lang, "aliases": self.aliases,
            "date": self.date.isoformat() if self.date else None,
            "clauses": [c.to_json() for c in self.clauses], "terms": self.terms,
        }

    @classmethod
    def from_json(cls, doc_id: str, path: Path, source: str, sha: str, data: dict) -> Document:
        return cls(
            id=doc_id, path=str(path), source=source, sha256=sha, title=data["title"],
            issuer=data["issuer"], date=date.fromisoformat(data["date"]) if data["date"] else None,
            lang=data["lang"], aliases=list(data["aliases"]),
            clauses=[Clause.from_json(c) for c in data["clauses"]], terms=list(data["terms"]),
        )


def text_contains(text: str, quote: str) -> bool:
    """Whether the quoted sentence is in *text*, ignoring spacing, quote styles and the final
    punctuation; ``……`` / ``...`` in a quote stand for omitted words (the parts must come in order)."""
    body = normalize(text)
    parts = normalize(quote).replace("……", "\x00").replace("...", "\x00").split("\x00")
    pos = 0
    found_any = False
    for part in parts:
        part = part.strip("。．.，,；;：:！!？?\"'")
        if not part:
            continue
        at = body.find(part, pos)
        if at < 0:
            return False
        pos = at + len(part)
        found_any = True
    return found_any


class NotAPolicy(UserError):
    """A file that is not a policy document (a submission, an empty file)."""


def parse_document(path: Path, source: str, data: bytes | None = None) -> Document:
    """Read and split one file. Raises :class:`UserError` when it cannot be read and
    :class:`NotAPolicy` when it is no policy document."""
    text = read_text(path, data)
    sha = hashlib.sha256(path.read_bytes() if data is None else data).hexdigest()
    if looks_like_submission(text):
        raise NotAPolicy(f"“{path.name}”是一份项目申报，不是政策文件，不能加入政策库")
    if not text.strip():
        raise NotAPolicy(f"“{path.name}”是空文件")
    lang = language(text)
    heading_lines, parts = clause_split.split(text)
    heading = read_heading(heading_lines, lang)
    terms = [unit_terms(c.title, c.text) for c in parts]
    return Document(
        id=path.stem, path=str(path), source=source, sha256=sha, title=heading.title,
        issuer=heading.issuer, date=heading.date, lang=lang, aliases=heading.aliases,
        clauses=parts, terms=terms,
    )


def _parse_entry(path: Path, source: str, data: bytes) -> dict:
    """A document's index entry, or ``{"skip": reason}`` for a file the library cannot take; a
    hostile or odd file never stops the library from loading the others."""
    try:
        return parse_document(path, source, data).to_json()
    except UserError as exc:
        log.info("policy document %s skipped: %s", path, exc)
        return {"skip": str(exc)}
    except Exception:  # noqa: BLE001 - a parser bug on one file must not take the library down
        log.exception("policy document %s could not be parsed", path)
        return {"skip": f"无法解析“{path.name}”的内容"}


def searchable(c: Clause) -> bool:
    """A clause that only heads its sub-clauses (``Fourth, focus on …`` with nothing else) is
    structure, not content: its sub-clauses are the hits. Another article of the same newspaper
    page is not the document at all."""
    if c.kind == OTHER_ARTICLE:
        return False
    return not (c.has_children and len(c.text) <= len(c.title) + 2)


@dataclass
class Skipped:
    path: str
    reason: str


class Library:
    """The documents of the seed folder and the user's folder, and a BM25 index over their clauses."""

    def __init__(self, folders: list[tuple[Path, str]], index_path: Path | None = None,
                 user_folder: Path | None = None):
        self.folders = folders
        self.index_path = index_path
        self.user_folder = user_folder
        self.documents: list[Document] = []
        self.skipped: list[Skipped] = []
        self.units: list[tuple[Document, Clause]] = []
        self.unit_terms: list[dict[str, float]] = []
        self.bm25 = BM25()
        self.rebuilt = 0
        """How many documents the last :meth:`refresh` had to parse (0: all came from the index)."""
        self.refresh()

    @classmethod
    def open(cls, folder: Path | None = None, seeds: Path | None = SEEDS_DIR) -> Library:
        """The app's library: the seeds plus ``<data folder>/policies``."""
        folder = Path(folder) if folder else data_dir()
        user = folder / USER_FOLDER
        folders = ([(Path(seeds), "seed")] if seeds else []) + [(user, "user")]
        return cls(folders, folder / INDEX_NAME, user)

    # --- loading ------------------------------------------------------------------------------

    def _files(self) -> list[tuple[Path, str]]:
        out = []
        for folder, source in self.folders:
            if folder.is_dir():
                out += [(p, source) for p in sorted(folder.iterdir())
                        if p.is_file() and p.suffix.lower() in SUFFIXES and not p.name.startswith((".", "~$"))]
        return out

    def _read_index(self) -> dict:
        if not self.index_path or not self.index_path.exists():
            return {}
        try:
            data = json.loads(self.index_path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            log.warning("policy index %s unreadable, rebuilt: %s", self.index_path, exc)
            return {}  # a broken index is only a cache: rebuild it
        if not isinstance(data, dict) or data.get("version") != index_version():
            return {}
        entries = data.get("documents")
        return entries if isinstance(entries, dict) else {}

    def refresh(self) -> None:
        """Re-scan the folders; parse only the documents the index does not know by content."""
        cached = self._read_index()
        fresh: dict[str, dict] = {}
        documents: list[Document] = []
        skipped: list[Skipped] = []
        seen_ids: set[str] = set()
        self.rebuilt = 0
        for path, source in self._files():
            try:
                data = path.read_bytes()
            except OSError as exc:
                log.warning("policy document %s unreadable: %s", path, exc)
                skipped.append(Skipped(str(path), "无法读取"))
                continue
            sha = hashlib.sha256(data).hexdigest()
            entry = cached.get(sha)
            if entry is None:
                self.rebuilt += 1
                entry = _parse_entry(path, source, data)
            fresh[sha] = entry
            if "skip" in entry:
                skipped.append(Skipped(str(path), entry["skip"]))
                continue
            doc_id = path.stem if path.stem not in seen_ids else f"{source}:{path.stem}"
            seen_ids.add(doc_id)
            try:
                documents.append(Document.from_json(doc_id, path, source, sha, entry))
            except (KeyError, TypeError, ValueError, AttributeError):  # a damaged index entry
                log.warning("policy index entry of %s damaged, parsed again", path)
                self.rebuilt += 1
                entry = fresh[sha] = _parse_entry(path, source, data)
                if "skip" in entry:
                    skipped.append(Skipped(str(path), entry["skip"]))
                else:
                    documents.append(Document.from_json(doc_id, path, source, sha, entry))
        if self.index_path and (self.rebuilt or set(fresh) != set(cached)):
            self._write_index(fresh)
        self.documents = documents
        self.skipped = skipped
        self.units = [(d, c) for d in documents for c in d.clauses if searchable(c)]
        terms = {(id(d), c.id): t for d in documents for c, t in zip(d.clauses, d.terms, strict=False)}  # an index read from disk may be short
        self.unit_terms = [terms[(id(d), c.id)] for d, c in self.units]
        self.bm25 = BM25.build(self.unit_terms)

    def _write_index(self, entries: dict) -> None:
        from ..files import write_atomic

        text = json.dumps({"version": index_version(), "documents": entries}, ensure_ascii=False,
                          separators=(",", ":"))
        if self.index_path is None:  # a library without an index file keeps its index in memory
            return
        try:
            self.index_path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(self.index_path, text, keep_backup=False)
        except OSError as exc:  # a read-only data folder: the library still works, it is parsed each time
            log.warning("policy index %s not written: %s", self.index_path, exc)

    # --- lookup -------------------------------------------------------------------------------

    def get(self, doc_id: str) -> Document | None:
        return next((d for d in self.documents if d.id == doc_id), None)

    def find_title(self, title: str) -> Document | None:
        return next((d for d in self.documents if d.matches_title(title)), None)

    def resolve(self, doc_id: str = "", title: str = "") -> Document | None:
        """The document a citation points at: by id first, then by its cited title."""
        return (self.get(doc_id) if doc_id else None) or (self.find_title(title) if title else None)

    # --- adding -------------------------------------------------------------------------------

    def add(self, path: str | os.PathLike[str]) -> Document:
        """Copy a .txt/.md/.docx policy document into the user's folder and index it."""
        src = Path(path)
        if not src.is_file():
            raise UserError(f"无法加入“{src.name}”：文件不存在")
        if self.user_folder is None:
            raise UserError("这个政策库没有用户文件夹，不能加入文件")
        doc = parse_document(src, "user")
        same = next((d for d in self.documents if d.sha256 == doc.sha256), None)
        if same is not None:
            raise UserError(f"“{src.name}”已在政策库中（{same.title or same.id}）")
        self.user_folder.mkdir(parents=True, exist_ok=True)
        target = self.user_folder / src.name
        n = 2
        taken = {d.id for d in self.documents}
        while target.exists() or target.stem in taken:
            target = self.user_folder / f"{src.stem}-{n}{src.suffix}"
            n += 1
        try:
            shutil.copyfile(src, target)
        except OSError as exc:
            raise UserError(f"无法把“{src.name}”复制到数据文件夹（{self.user_folder}）：{exc.strerror or exc}") from None
        self.refresh()
        added = self.get(target.stem)
        assert added is not None
        return added

    def remove(self, doc_id: str) -> Document:
        """Delete a user-added document from the user's folder (seed documents cannot be removed)."""
        doc = self.get(doc_id)
        if doc is None:
            raise UserError(f"政策库中没有编号为“{doc_id}”的文件（用 budgetforms policy list 查看）")
        if doc.source != "user":
            raise UserError(f"“{doc.title}”随软件提供，不能删除")
        try:
            Path(doc.path).unlink()
        except OSError as exc:
            raise UserError(f"无法删除“{Path(doc.path).name}”：{exc.strerror or exc}") from None
        self.refresh()
        return doc

    # --- searching ----------------------------------------------------------------------------

    def search(self, query: str, limit: int = 10, *, lang: str | None = None,
               not_after_year: int | None = None, weights: dict[str, float] | None = None):
        """Clauses ranked by BM25 for *query* (or for explicit term *weights*)."""
        from .search import Hit, best_sentence

        terms = weights if weights is not None else search_terms(query)
        if not terms:
            return []
        allowed = None
        if lang or not_after_year:
            allowed = {i for i, (d, _) in enumerate(self.units)
                       if (not lang or d.lang == lang)
                       and (not not_after_year or d.year is None or d.year <= not_after_year)}
        scores = self.bm25.scores(terms, allowed)
        ranked = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]
        hits = []
        for unit, score in ranked:
            doc, clause = self.units[unit]
            sentence, spans, marked = best_sentence(clause, terms, self.bm25, self.unit_terms[unit])
            hits.append(Hit(doc, clause, round(score, 4), sentence, spans, marked))
        return hits


_DEFAULT: dict[str, Library] = {}


def default_library(refresh: bool = False) -> Library:
    """The app's library for the current data folder, loaded once per process."""
    key = str(data_dir())
    lib = _DEFAULT.get(key)
    if lib is None:
        lib = _DEFAULT[key] = Library.open()
    elif refresh:
        lib.refresh()
    return lib
