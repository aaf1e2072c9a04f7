"""What every check says, whoever makes it: :class:`Severity`, :class:`Finding`, and one registry of
finding codes.

A code is a stable ID with one meaning: the checker's rules (``FUND-01``, registered by
:func:`forms.rules.engine.rule`) and the import's findings (``IMP-01`` …, registered by
:mod:`forms.xlsx.reading.base`) go into the same :data:`CODES`, so that no ID is given twice and the
catalogue (``budgetforms rules``, ``docs/rules.md``) lists them all from one place.

This module depends on nothing else of the domain: the importer, the checker, the PDF and the GUI
all import it, and it imports none of them.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Any

RULE = "rule"
"""A code of the checker (:mod:`forms.rules`), run under the rule pack of the year."""
IMPORT = "import"
"""A code of the import (:mod:`forms.xlsx`), given while reading a workbook (no rule pack)."""
KINDS = (RULE, IMPORT)


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def label(self) -> str:
        return {"error": "错误", "warning": "警告", "info": "提示"}[self.value]

    @property
    def rank(self) -> int:
        return _RANK[self.value]

    @classmethod
    def parse(cls, value: str | Severity) -> Severity:
        if isinstance(value, Severity):
            return value
        for s in cls:
            if value in (s.value, s.label, s.name):
                return s
        raise ValueError(f"unknown severity {value!r}")


_RANK = {"error": 0, "warning": 1, "info": 2}


@dataclass(frozen=True)
class Finding:
    """One thing a check found.

    ``field`` is a path into the model (``basic.funding[1].local``,
    ``performance.indicators[4].unit``) that the GUI jumps to; ``cell`` is the address in a
    received workbook (``项目基本信息表!D14``) when the submission came from one.
    """

    rule: str
    severity: Severity
    table: str
    field: str
    message: str
    cell: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "severity": self.severity.value,
            "table": self.table,
            "field": self.field,
            "cell": self.cell,
            "message": self.message,
        }


@dataclass(frozen=True)
class Code:
    """A registered finding code: its ID, who gives it (:data:`RULE` or :data:`IMPORT`) and what it
    means in a few Chinese words."""

    id: str
    kind: str
    title: str


CODES: dict[str, Code] = {}
"""Every finding code registered so far, by ID."""


def register_code(code_id: str, kind: str, title: str) -> str:
    """Register *code_id* (returned, so that a module can keep it as a constant). Registering the
    same ID again with the same kind is allowed (a module reloaded); another kind is an error."""
    if kind not in KINDS:
        raise ValueError(f"unknown kind of code {kind!r}")
    known = CODES.get(code_id)
    if known is not None and known.kind != kind:
        raise ValueError(f"code {code_id} registered twice ({known.kind} and {kind})")
    CODES[code_id] = Code(code_id, kind, title)
    return code_id


def codes(kind: str | None = None) -> list[Code]:
    """The registered codes (of one *kind*), in the order they were registered."""
    return [c for c in CODES.values() if kind is None or c.kind == kind]
