"""提示性校验: warnings and hints that a person has checked can be marked 已核实 with a reason.

The marks live in the submission (:attr:`Submission.verified`, saved in the project file). After a
check, :func:`apply` sets aside every warning or hint that a mark covers; errors are never set aside
(a mark on a rule that has become an error, e.g. in another year's rule pack, is ignored).

**What a mark covers.** A mark names a finding by its rule ID and field path, and carries a
*fingerprint*: a digest of the finding's message and of the value at the field path when it was
marked. It covers a finding only when all three match, so that

- an edit of the value the finding points at (the phone number, the 简述 text, the indicator row)
  un-covers the finding: what was checked is not what is there now;
- a row moved under the same index (``performance.indicators[4]`` is now another indicator) does
  not inherit the mark, since that row's value differs;
- two findings of one rule on one field (two typos in one 简述) are told apart by their messages.

A mark that matches a finding by rule and field but not by fingerprint is *outdated*: the finding
is shown as open again, with the old reason beside it, and marking it again replaces the mark.
A mark that matches nothing is *unused* (the problem is gone): it stays in the file, harmless,
until the person removes it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from pydantic import BaseModel

from . import paths
from .errors import UserError
from .model import Submission, VerifiedMark
from .rules import Finding, Severity

REFUSE_ERROR = "错误不能标记为已核实：请按提示修改"


def _value_text(sub: Submission, path: str) -> str:
    try:
        value = paths.get(sub, path)
    except paths.PathError:
        return "\0missing"
    if isinstance(value, BaseModel):
        value = value.model_dump(mode="json")
    elif isinstance(value, list):
        value = [v.model_dump(mode="json") if isinstance(v, BaseModel) else v for v in value]
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def fingerprint(sub: Submission, finding: Finding) -> str:
    """The digest that ties a mark to *finding* as it is now: its message and the value at its field."""
    h = hashlib.sha256()
    for part in (finding.rule, finding.field, finding.message, _value_text(sub, finding.field)):
        h.update(part.encode("utf-8"))
        h.update(b"\0")
    return h.hexdigest()[:20]


def can_mark(finding: Finding) -> bool:
    return finding.severity is not Severity.ERROR


def make_mark(sub: Submission, finding: Finding, reason: str, now: datetime | None = None) -> VerifiedMark:
    """A mark for *finding*; :class:`UserError` for an error or an empty reason."""
    if not can_mark(finding):
        raise UserError(REFUSE_ERROR)
    reason = (reason or "").strip()
    if not reason:
        raise UserError("请写明核实的理由（例如：已到现场核对，确为维修改造工程）")
    moment = (now or datetime.now()).isoformat(timespec="minutes")
    return VerifiedMark(rule=finding.rule, field=finding.field, reason=reason, message=finding.message,
                        fingerprint=fingerprint(sub, finding), marked_at=moment)


@dataclass(frozen=True)
class Verified:
    """A finding set aside by a mark."""

    finding: Finding
    mark: VerifiedMark


@dataclass
class Applied:
    """What :func:`apply` made of the findings and the marks."""

    open: list[Finding] = field(default_factory=list)
    """The findings still to look at (errors, and warnings and hints no mark covers), in order."""
    verified: list[Verified] = field(default_factory=list)
    outdated: list[tuple[Finding, VerifiedMark]] = field(default_factory=list)
    """Open findings whose mark no longer fits (the value or the message changed since)."""
    unused: list[VerifiedMark] = field(default_factory=list)
    """Marks that match no finding any more."""

    def mark_for(self, finding: Finding) -> VerifiedMark | None:
        """The mark covering *finding*, or the outdated one beside it."""
        for v in self.verified:
            if v.finding == finding:
                return v.mark
        for f, m in self.outdated:
            if f == finding:
                return m
        return None


def apply(sub: Submission, findings: Iterable[Finding], marks: Iterable[VerifiedMark] | None = None) -> Applied:
    """Split *findings* into open ones and those the marks (the submission's by default) cover."""
    findings = list(findings)
    marks = list(sub.verified if marks is None else marks)
    out = Applied()
    if not marks:
        out.open = findings
        return out
    by_place: dict[tuple[str, str], list[VerifiedMark]] = {}
    for m in marks:
        by_place.setdefault((m.rule, m.field), []).append(m)
    used: set[int] = set()
    for f in findings:
        candidates = by_place.get((f.rule, f.field))
        if not candidates or not can_mark(f):
            out.open.append(f)
            continue
        print_ = fingerprint(sub, f)
        hit = next((m for m in candidates if m.fingerprint == print_ and id(m) not in used), None)
        if hit is not None:
            used.add(id(hit))
            out.verified.append(Verified(f, hit))
            continue
        out.open.append(f)
        stale = next((m for m in candidates if id(m) not in used), None)
        if stale is not None:
            out.outdated.append((f, stale))
    covered = used | {id(m) for _, m in out.outdated}
    out.unused = [m for m in marks if id(m) not in covered]
    return out


def index_of(sub: Submission, mark: VerifiedMark) -> int | None:
    """The mark's index in :attr:`Submission.verified` (by identity first, then by equality)."""
    for i, m in enumerate(sub.verified):
        if m is mark:
            return i
    for i, m in enumerate(sub.verified):
        if m == mark:
            return i
    return None


def to_json(sub: Submission, findings: Iterable[Finding]) -> list[dict[str, Any]]:
    """The findings' JSON (the check contract), each covered one with ``"verified": {reason,
    marked_at}`` added; an outdated mark adds ``"verified_outdated"`` with the old reason."""
    findings = list(findings)
    applied = apply(sub, findings)
    covered = {id(v.finding): v.mark for v in applied.verified}
    stale = {id(f): m for f, m in applied.outdated}
    out = []
    for f in findings:
        entry = f.to_json()
        mark = covered.get(id(f))
        if mark is not None:
            entry["verified"] = {"reason": mark.reason, "marked_at": mark.marked_at}
        elif id(f) in stale:
            entry["verified_outdated"] = {"reason": stale[id(f)].reason, "marked_at": stale[id(f)].marked_at}
        out.append(entry)
    return out
