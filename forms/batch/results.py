"""What a batch gives: one :class:`FileResult` per file (the checker's entry, SHA-256, the
:class:`Summary` the report and the reviewer's list show), the :class:`Duplicate` findings across
files, and the :class:`BatchResult` holding them."""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

ProgressFunc = Callable[[int, int], None]
CheckFunc = Callable[[Path], tuple[dict[str, Any], Any]]


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
    from ..rules._util import nfkc  # NFKC, quick on text that is NFKC already

    return nfkc(text).translate(_DROP)


def _normalised_clauses(text: str) -> str:
    """*text* in NFKC, one clause a line (split at 。；;！!？?，, and line breaks), without
    whitespace or punctuation, blank clauses left out."""
    from ..rules._util import nfkc

    return "\n".join(c for c in nfkc(text).translate(_CLAUSES).split("\n") if c)


def summarize(submission) -> Summary:
    """The summary of a submission (see :class:`Summary`)."""
    from ..model import NARRATIVES
    from ..reviewing import overall

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



def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    try:
        with open(path, "rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                h.update(block)
    except OSError:
        return ""
    return h.hexdigest()
