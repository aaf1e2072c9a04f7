"""Incremental checking: after an edit, run again only the rules whose inputs changed.

:class:`Checker` keeps, between two checks of the same submission, a snapshot of its parts (the
JSON of every field one level below the tables: ``basic.funding``, ``basic.flags``,
``narratives.savings``, ``procurement.items`` …) and the findings of every rule. ``check(sub)``
takes a new snapshot, sees which parts differ, and runs again the rules that read one of them
(:attr:`forms.rules.engine.Rule.reads`; a rule that declares nothing runs every time); their
findings replace the old ones. The caller says nothing about what changed, so it cannot forget.

A caller through which every edit passes (the GUI's :class:`desktop.document.Document`) may instead
say what it edited: ``check(sub, touched=paths)`` takes the model paths written since the previous
call (``basic.funding[0].superior``, ``procurement.items`` for a row added …) as the changed parts
and skips the snapshot, which at 1,200 procurement rows costs more than the rules it spares
(:func:`parts_of` maps paths to parts). A later call without *touched* checks in full, since the
last snapshot no longer tells what changed.

The result is always the one :func:`forms.rules.engine.run` gives (same findings, same order): a
different submission object, budget year, pack or code lists means a full check.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel
from pydantic_core import to_json

from ..model.submission import Submission
from .engine import Context, Finding, Rule, _codes, load_rule_modules, sort_key

Snapshot = dict[str, bytes | None]

_PARTS = tuple(Submission.model_fields)


def snapshot(sub: Submission) -> Snapshot:
    """``{part path: its JSON}`` for every field of every table (``None`` for an absent table)."""
    snap: Snapshot = {}
    for name in _PARTS:
        part = getattr(sub, name)
        if part is None:
            snap[name] = None
            continue
        if not isinstance(part, BaseModel):  # a list beside the tables (the 已核实 marks): one part
            snap[name] = to_json(part)
            continue
        serializer = part.__pydantic_serializer__
        for key in type(part).model_fields:
            snap[f"{name}.{key}"] = serializer.to_json(part, include={key})
    return snap


def changed_parts(old: Snapshot, new: Snapshot) -> set[str]:
    """The part paths whose JSON differs (or that appeared or went away)."""
    out = {k for k, v in new.items() if old.get(k, b"\0") != v}
    out.update(k for k in old if k not in new)
    return out


def part_of(path: str) -> str:
    """The part (as :func:`snapshot` names them) a model *path* lies in: ``basic.funding[0].local`` →
    ``basic.funding``, ``verified[2]`` → ``verified``, ``basic`` → ``basic`` (a whole table, which
    :func:`touches` matches with every part below it). ``""`` (the whole submission) stays ``""``."""
    m = _PART.match(path)
    return m.group(0) if m else path


_PART = re.compile(r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)?")


def parts_of(paths: Iterable[str]) -> set[str]:
    """The parts the model *paths* lie in (see :func:`part_of`)."""
    return {part_of(p) for p in paths}


def touches(reads: frozenset[str] | None, changed: Iterable[str]) -> bool:
    """Whether a rule reading *reads* (``None``: everything) may see one of the *changed* paths:
    equal paths, or one under the other."""
    if reads is None:
        return True
    for c in changed:
        for r in reads:
            if c == r or c.startswith(r) and c[len(r)] in ".[" or r.startswith(c) and r[len(c)] in ".[":
                return True
    return False


class Checker:
    """The checker of one edited submission (the GUI keeps one per open document).

    ``Checker().check(sub)`` returns what ``forms.rules.check(sub)`` returns; the first call (and
    any call after the submission, its year or the pack changed) runs every rule, later calls only
    those whose parts changed since the previous call. *pack* is as for
    :func:`forms.rules.check` (``None``: the budget year's)."""

    def __init__(self, pack: Any = None):
        self.pack = pack
        self.last_run: int = 0
        """How many rules the last call ran (for tests and benchmarks)."""
        self._forget()

    def _forget(self) -> None:
        self._sub: Submission | None = None
        self._snap: Snapshot | None = None  # None: unknown (after a call told what changed)
        self._key: tuple[int, int] | None = None
        self._by_rule: dict[str, list[Finding]] = {}

    def full(self, sub: Submission) -> list[Finding]:
        """Check every rule (and remember the result for the next :meth:`check`)."""
        self._forget()
        return self.check(sub)

    def check(self, sub: Submission, touched: Iterable[str] | None = None) -> list[Finding]:
        """The findings of *sub*. *touched*: every model path written since the previous call (see
        the module's notes); ``None``: find the changed parts by comparing snapshots."""
        from .packs import compiled, resolve

        load_rule_modules()
        year = sub.basic.budget_year
        pack = self.pack
        if pack is not None:
            pack = resolve(pack, year)
            year = pack.year or year
        codes = _codes(year)
        rules = compiled(pack, year)
        key = (id(rules), id(codes))
        snap: Snapshot | None = None
        changed: set[str] | None = None
        if touched is not None:
            changed = parts_of(touched)
            if "" in changed:  # the whole submission
                changed = None
        else:
            snap = snapshot(sub)
            if self._snap is not None:
                changed = changed_parts(self._snap, snap)
        if sub is not self._sub or key != self._key or changed is None:
            todo = rules
        else:
            todo = tuple(entry for entry in rules if touches(entry[0].reads, changed))
        ctx = Context(sub, codes)
        by_rule = dict(self._by_rule) if todo is not rules else {}
        try:
            for r, severity, params in todo:
                ctx.current = r
                ctx.severity = severity
                ctx.params = params
                by_rule[r.id] = list(r.func(ctx))
        except BaseException:
            self._forget()  # half a run is no state to build on: the next call checks in full
            raise
        self._sub, self._snap, self._key, self._by_rule = sub, snap, key, by_rule
        self.last_run = len(todo)
        findings: list[Finding] = []
        for r, _, _ in rules:
            findings.extend(by_rule[r.id])
        findings.sort(key=lambda f: (f.severity.rank, sort_key(f.rule)))
        return findings


_RECENT: OrderedDict[int, Checker] = OrderedDict()
_KEEP = 4


def check_again(sub: Submission) -> list[Finding]:
    """What ``forms.rules.check(sub)`` returns, re-running only the rules whose parts changed since
    the previous call on the same submission object (the last few submissions are remembered, each
    with its :class:`Checker`). For the GUI's re-check after an edit."""
    checker = _RECENT.pop(id(sub), None)
    if checker is None or checker._sub is not sub:
        checker = Checker()
    _RECENT[id(sub)] = checker
    while len(_RECENT) > _KEEP:
        _RECENT.popitem(last=False)
    return checker.check(sub)


def rules_reading_everything() -> list[Rule]:
    """The rules that declare no reads (they run on every incremental check)."""
    from .engine import iter_rules

    return [r for r in iter_rules() if r.reads is None]
