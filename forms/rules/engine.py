"""The rule engine: findings, severities, the registry of rules and the run over a submission.

A rule is one small function registered with :func:`rule`: a stable ID (``FUND-01``), a severity,
the table it bears on and a Chinese title saying what it checks. It receives a :class:`Context`
and yields :class:`Finding` objects (usually through :meth:`Context.finding`). Which rules run,
and with which parameters, is decided by the rule pack of the budget year (:mod:`forms.rules.packs`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Callable, Iterable, Iterator

from ..codes import CodeLists, code_lists
from ..model import Submission


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def label(self) -> str:
        return {"error": "错误", "warning": "警告", "info": "提示"}[self.value]

    @property
    def rank(self) -> int:
        return {"error": 0, "warning": 1, "info": 2}[self.value]


@dataclass(frozen=True)
class Finding:
    """One thing the checker found.

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


RuleFunc = Callable[["Context"], Iterable[Finding]]


@dataclass(frozen=True)
class Rule:
    id: str
    severity: Severity
    table: str
    title: str
    func: RuleFunc
    doc: str = ""


REGISTRY: dict[str, Rule] = {}


def rule(rule_id: str, severity: Severity, table: str, title: str) -> Callable[[RuleFunc], RuleFunc]:
    """Register a rule function under a stable ID."""

    def register(func: RuleFunc) -> RuleFunc:
        if rule_id in REGISTRY and REGISTRY[rule_id].func is not func:
            raise ValueError(f"duplicate rule id {rule_id}")
        doc = (func.__doc__ or "").strip()
        REGISTRY[rule_id] = Rule(rule_id, severity, table, title, func, doc)
        return func

    return register


@dataclass
class Context:
    """What a rule sees: the submission, the code lists and the pack parameters of its year."""

    submission: Submission
    codes: CodeLists
    params: dict[str, Any] = field(default_factory=dict)
    current: Rule | None = None

    def finding(self, field_path: str, message: str, *, table: str | None = None,
                severity: Severity | None = None) -> Finding:
        assert self.current is not None
        return Finding(
            rule=self.current.id,
            severity=severity or self.current.severity,
            table=table or self.current.table,
            field=field_path,
            message=message,
        )


def iter_rules() -> Iterator[Rule]:
    _load_rule_modules()
    yield from sorted(REGISTRY.values(), key=lambda r: _sort_key(r.id))


def _sort_key(rule_id: str) -> tuple[str, int]:
    head, _, num = rule_id.rpartition("-")
    return (head, int(num) if num.isdigit() else 0)


_LOADED = False


def _load_rule_modules() -> None:
    """Import every rule module of :mod:`forms.rules` so that their rules register."""
    global _LOADED
    if _LOADED:
        return
    import importlib
    import pkgutil

    from .. import rules as package

    for info in pkgutil.iter_modules(package.__path__):
        if info.name not in {"engine", "packs"}:
            importlib.import_module(f"{package.__name__}.{info.name}")
    _LOADED = True


def run(submission: Submission, rule_ids: Iterable[str] | None = None,
        params: dict[str, Any] | None = None) -> list[Finding]:
    """Run the given rules (all registered ones by default) and return their findings, errors first."""
    _load_rule_modules()
    ctx = Context(submission, code_lists(submission.basic.budget_year), dict(params or {}))
    ids = list(rule_ids) if rule_ids is not None else list(REGISTRY)
    findings: list[Finding] = []
    for rid in ids:
        r = REGISTRY.get(rid)
        if r is None:
            continue
        ctx.current = r
        findings.extend(r.func(ctx))
    findings.sort(key=lambda f: f.severity.rank)
    return findings
