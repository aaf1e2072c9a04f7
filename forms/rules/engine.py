"""The rule engine: findings, severities, the registry of rules and the run over a submission.

A rule is one small function registered with :func:`rule`: a stable ID (``FUND-01``), a severity,
the table it bears on and a Chinese title saying what it checks. It receives a :class:`Context`
and yields :class:`Finding` objects (usually through :meth:`Context.finding`). Which rules run,
with which severity and parameters, is decided by the rule pack of the budget year
(:mod:`forms.rules.packs`); a rule the pack does not mention runs with its own defaults.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from enum import Enum
from functools import cache
from types import MappingProxyType
from typing import Any

from ..codes import CodeLists, code_lists
from ..model import TABLE_NAMES, Submission


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
    params: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    """Default parameters; the rule pack of the year may override them."""
    reads: frozenset[str] | None = None
    """The parts of the submission the rule reads (``"basic.funding"``, ``"transfers"``: a path
    and everything under it), or ``None`` for everything. After an edit the incremental checker
    (:mod:`forms.rules.incremental`) runs again only the rules whose parts changed; a rule that
    declares nothing runs every time, so it is never stale."""


REGISTRY: dict[str, Rule] = {}


def rule(rule_id: str, severity: Severity, table: str, title: str, *,
         params: Mapping[str, Any] | None = None,
         reads: Iterable[str] | None = None) -> Callable[[RuleFunc], RuleFunc]:
    """Register a rule function under a stable ID. *table* is the table's Chinese name (or its
    model attribute, ``basic``); *params* are defaults that a rule pack may override; *reads* the
    parts of the submission it looks at (model paths such as ``"basic.flags"``; ``None``: all)."""

    table = TABLE_NAMES.get(table, table)

    def register(func: RuleFunc) -> RuleFunc:
        if rule_id in REGISTRY and REGISTRY[rule_id].func.__qualname__ != func.__qualname__:
            raise ValueError(f"duplicate rule id {rule_id}")
        doc = (func.__doc__ or "").strip()
        REGISTRY[rule_id] = Rule(rule_id, severity, table, title, func, doc,
                                 MappingProxyType(dict(params or {})),
                                 None if reads is None else frozenset(reads))
        return func

    return register


@dataclass
class Context:
    """What a rule sees: the submission, the code lists of its year, the parameters the pack gives
    the current rule, and a per-run cache for things several rules derive (plain narrative texts)."""

    submission: Submission
    codes: CodeLists
    params: Mapping[str, Any] = field(default_factory=dict)
    current: Rule | None = None
    severity: Severity | None = None
    cache: dict[str, Any] = field(default_factory=dict)

    def finding(self, field_path: str, message: str, *, table: str | None = None,
                severity: Severity | None = None) -> Finding:
        assert self.current is not None
        return Finding(
            rule=self.current.id,
            severity=severity or self.severity or self.current.severity,
            table=TABLE_NAMES.get(table, table) if table else self.current.table,
            field=field_path,
            message=message,
        )

    def param(self, name: str, default: Any = None) -> Any:
        return self.params.get(name, default)

    def cached(self, key: str, make: Callable[[], Any]) -> Any:
        """A value computed once per check run (shared between rules)."""
        try:
            return self.cache[key]
        except KeyError:
            value = self.cache[key] = make()
            return value


def iter_rules() -> Iterator[Rule]:
    load_rule_modules()
    yield from sorted(REGISTRY.values(), key=lambda r: sort_key(r.id))


@cache
def sort_key(rule_id: str) -> tuple[str, int]:
    head, _, num = rule_id.rpartition("-")
    return (head, int(num) if num.isdigit() else 0)


_LOADED = False
_SKIP = {"engine", "packs", "catalogue"}


def load_rule_modules() -> None:
    """Import every rule module of :mod:`forms.rules` so that their rules register."""
    global _LOADED
    if _LOADED:
        return
    import importlib
    import pkgutil

    from .. import rules as package

    for info in pkgutil.iter_modules(package.__path__):
        if info.name not in _SKIP and not info.name.startswith("_"):
            importlib.import_module(f"{package.__name__}.{info.name}")
    _LOADED = True


_load_rule_modules = load_rule_modules  # the old private name


def locate(findings: Iterable[Finding], cells: Mapping[str, str] | None) -> list[Finding]:
    """Fill ``Finding.cell`` from a received workbook's ``{field path: cell}`` map: the cell of the
    longest prefix of the finding's field that has one (``basic.funding[1].total`` →
    ``basic.funding[1]`` → ``basic.funding`` → ``basic``)."""
    findings = list(findings)
    if not cells:
        return findings
    out = []
    for f in findings:
        if f.cell is None:
            cell = cell_for(f.field, cells)
            if cell is not None:
                f = Finding(f.rule, f.severity, f.table, f.field, f.message, cell)
        out.append(f)
    return out


def cell_for(path: str, cells: Mapping[str, str]) -> str | None:
    while path:
        cell = cells.get(path)
        if cell is not None:
            return cell
        cut = max(path.rfind("."), path.rfind("["))
        if cut <= 0:
            return None
        path = path[:cut]
    return None


def _codes(year: int | None) -> CodeLists:
    # code_lists caches by year itself, and forgets when an official list is imported
    return code_lists(year)


def run(submission: Submission, rule_ids: Iterable[str] | None = None,
        params: dict[str, Any] | None = None, *, pack: Any = None,
        cells: Mapping[str, str] | None = None) -> list[Finding]:
    """Run the rules of the pack (the budget year's by default), or only *rule_ids*, and return
    their findings sorted by severity, then rule ID, in the order each rule found them. The code
    lists are those of the budget year, or of the pack's year when a pack is named."""
    from .packs import compiled, resolve

    load_rule_modules()
    year = submission.basic.budget_year
    if pack is not None:
        pack = resolve(pack, year)
        year = pack.year or year
    ctx = Context(submission, _codes(year))
    only = set(rule_ids) if rule_ids is not None else None
    extra = params or {}
    findings: list[Finding] = []
    for r, severity, rule_params in compiled(pack, year):
        if only is not None and r.id not in only:
            continue
        ctx.current = r
        ctx.severity = severity
        ctx.params = {**rule_params, **extra.get(r.id, {})} if extra else rule_params
        findings.extend(r.func(ctx))
    findings.sort(key=lambda f: (f.severity.rank, sort_key(f.rule)))
    return locate(findings, cells) if cells else findings
