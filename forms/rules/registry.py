"""The registry of rules: :class:`Rule`, the :func:`rule` decorator that registers one, the
:class:`Context` a rule sees, and the loading of every rule module.

The run over a submission is :mod:`forms.rules.engine` (which needs the rule packs); the packs
(:mod:`forms.rules.packs`) need only this registry, so that neither imports the other.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from types import MappingProxyType
from typing import Any

from ..codes import CodeLists
from ..findings import RULE, Finding, Severity, register_code
from ..model import TABLE_NAMES, Submission

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
        register_code(rule_id, RULE, title)
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
_SKIP = {"engine", "packs", "registry", "incremental"}


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
