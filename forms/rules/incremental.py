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

Told paths go further for the rules that read a long table row by row (:func:`by_rows`: TP-03,
TP-04, TP-08, TP-10 over the 400 transfer regions, PROC-02, PROC-03, PROC-04 over the 1,200
procurement rows): when every touched path such a rule reads lies in rows of its table
(``procurement.items[600].amount``), only those rows are looked at again. A :class:`ByRow` rule's
findings are its rows' findings in row order (between a head and a tail that always run); a
:class:`ByRowSum` rule keeps each row's share of its sums and moves the sums by the edited rows'
difference, in exact decimal arithmetic (a difference that would round sends the rule back to its
full run). Each such rule's own function is built from the same pieces, so the two cannot differ.

The result is always the one :func:`forms.rules.engine.run` gives (same findings, same order): a
different submission object, budget year, pack or code lists means a full check.
"""

from __future__ import annotations

import decimal
import re
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
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


# --- rules that read a table row by row -----------------------------------------------------------

@dataclass(frozen=True)
class ByRow:
    """A rule whose findings are ``head``'s, then each row's (``row(ctx, i)`` for the rows of the
    list at *rows*, in order), then ``tail``'s. ``row`` reads row *i* only (and what the rule reads
    outside the table); ``head`` and ``tail`` may read anything the rule reads and run every time."""

    rows: str
    row: Callable[[Context, int], list[Finding]]
    """Row *i*'s findings (a list: most rows have none, and a generator per row costs more than the
    look at the row)."""
    head: Callable[[Context], Iterable[Finding]] | None = None
    tail: Callable[[Context], Iterable[Finding]] | None = None
    alone: bool = False
    """``row`` reads its row only (and the code lists): an edit outside the table runs the head and
    the tail again, no row."""
    objects: Callable[[Any], tuple[Any, ...]] = lambda row: (row,)
    """The objects of a row the rule reads (the row itself; a region and its years): no two rows
    may share one for an edit of a row to be re-checked on that row alone (see :func:`_owners`)."""

    def findings(self, ctx: Context) -> list[Finding]:
        """The rule's findings, all rows read (what the rule's own function returns)."""
        out = list(self.head(ctx)) if self.head else []
        row = self.row
        for i in range(len(_rows(ctx, self.rows))):
            found = row(ctx, i)
            if found:
                out += found
        if self.tail:
            out += self.tail(ctx)
        return out


@dataclass(frozen=True)
class ByRowSum:
    """A rule whose findings come from sums over the rows of the list at *rows*: ``share(ctx, i)`` is
    row *i*'s share (key → amount; it reads row *i* only, so an edit outside the table moves no
    sum), ``findings_of(ctx, sums)`` the findings from the sums of every row's shares (a key no
    row has is absent; the order of the keys means nothing)."""

    rows: str
    share: Callable[[Context, int], Mapping[Any, Decimal]]
    findings_of: Callable[[Context, Mapping[Any, Decimal]], Iterable[Finding]]
    objects: Callable[[Any], tuple[Any, ...]] = lambda row: (row,)
    """As :attr:`ByRow.objects`."""

    def findings(self, ctx: Context) -> list[Finding]:
        """The rule's findings, all rows read (what the rule's own function returns)."""
        return list(self.findings_of(ctx, add_shares(self.share(ctx, i) for i in range(len(_rows(ctx, self.rows))))))


def add_shares(shares: Iterable[Mapping[Hashable, Decimal]]) -> dict[Hashable, Decimal]:
    """The sums of *shares*, key by key, added in row order."""
    sums: dict[Hashable, Decimal] = {}
    for share in shares:
        for key, value in share.items():
            sums[key] = sums.get(key, _ZERO) + value
    return sums


_ZERO = Decimal(0)


def by_rows(spec: ByRow | ByRowSum) -> Callable[[Callable[[Context], Any]], Callable[[Context], Any]]:
    """Mark a rule function (under its :func:`~forms.rules.engine.rule`) as reading the table at
    ``spec.rows`` row by row, as *spec* says; the function must return ``spec.findings(ctx)``.
    The checker re-checks by rows only through the function so marked (one put in its place is
    run as it is)."""
    def mark(func: Callable[[Context], Any]) -> Callable[[Context], Any]:
        setattr(func, "row_spec", spec)  # noqa: B010  (an attribute of a function)
        return func

    return mark


def row_spec(r: Rule) -> ByRow | ByRowSum | None:
    """How rule *r*'s findings split by rows, if they do (:func:`by_rows`)."""
    return getattr(r.func, "row_spec", None)


def _rows(ctx: Context, path: str) -> list[Any]:
    owner: Any = ctx.submission
    for name in path.split("."):
        owner = getattr(owner, name)
    return owner  # type: ignore[no-any-return]


def _joined(spec: ByRow, ctx: Context, per_row: list[list[Finding]]) -> list[Finding]:
    out = list(spec.head(ctx)) if spec.head else []
    for found in per_row:
        if found:
            out += found
    if spec.tail:
        out += spec.tail(ctx)
    return out


_ROW_PATH = re.compile(r"(.*?)\[(\d+)\](?:[.\[]|$)")


def _edited_rows(reads: frozenset[str] | None, rows: str, touched: list[str]) -> tuple[set[int], bool] | None:
    """The rows of the list at *rows* that the *touched* paths a rule reading *reads* sees lie in,
    and whether one of them lies outside the table; ``None`` when one is the list itself (or
    what holds it): rows added, removed or moved."""
    out: set[int] = set()
    outside = False
    for path in touched:
        if not touches(reads, (path,)):
            continue
        m = _ROW_PATH.match(path)
        if m is not None and m.group(1) == rows:
            out.add(int(m.group(2)))
        elif path == rows or rows.startswith(path) and rows[len(path)] in ".[" or path.startswith(rows):
            return None
        else:
            outside = True
    return out, outside


class _RowState:
    """What a row rule's last run left: each row's findings (:class:`ByRow`) or shares and their
    sums (:class:`ByRowSum`), and which row owns each object the rule reads (``None`` when two
    rows share one: then every run reads every row, see :func:`_owners`)."""

    __slots__ = ("per_row", "owners", "sums", "counts", "exact")

    def __init__(self, per_row: list[Any], owners: dict[int, int] | None, sums: dict[Hashable, Decimal] | None = None,
                 counts: dict[Hashable, int] | None = None, exact: bool = True):
        self.per_row = per_row
        self.owners = owners
        self.sums = sums
        self.counts = counts
        self.exact = exact


def _owners(spec: ByRow | ByRowSum, rows: list[Any]) -> dict[int, int] | None:
    """Which row each object a row rule reads lies in (by ``id``), or ``None`` when two rows share
    one: an edit of one would be an edit of the other, which no told path names (a model built by
    hand may share them)."""
    owners: dict[int, int] = {}
    for i, row in enumerate(rows):
        for obj in spec.objects(row):
            if owners.setdefault(id(obj), i) != i:
                return None
    return owners


def _still_own(spec: ByRow | ByRowSum, rows: list[Any], owners: dict[int, int], edited: set[int]) -> bool:
    """The edited rows share no object with another row (an edit may have put one row's object
    into another): each of their objects is new or theirs already, and is noted as theirs. (An
    object that has left a row stays noted as its: at worst a later edit is re-checked in full.)"""
    for i in edited:
        for obj in spec.objects(rows[i]):
            if owners.setdefault(id(obj), i) != i:
                return False
    return True


def _row_run(spec: ByRow | ByRowSum, ctx: Context, state: _RowState | None,
             told: tuple[set[int], bool] | None) -> tuple[list[Finding], _RowState]:
    """The findings of a row rule and its state: the edited rows only when *state* is the state
    of the previous run and *told* the rows changed since (see :func:`_edited_rows`), else every
    row."""
    rows = _rows(ctx, spec.rows)
    n = len(rows)
    edited = told[0] if told is not None and not (told[1] and isinstance(spec, ByRow) and not spec.alone) else None
    if (state is None or edited is None or state.owners is None or len(state.per_row) != n or any(i >= n for i in edited)
            or not _still_own(spec, rows, state.owners, edited)):
        return _full_row_run(spec, ctx, rows)
    if isinstance(spec, ByRow):
        per_row = state.per_row
        for i in edited:
            per_row[i] = spec.row(ctx, i)
        return _joined(spec, ctx, per_row), state
    if not state.exact:
        return _full_row_run(spec, ctx, rows)
    assert state.sums is not None and state.counts is not None
    sums, counts = state.sums, state.counts
    try:
        with decimal.localcontext() as exact:
            exact.traps[decimal.Inexact] = True
            for i in edited:
                new = spec.share(ctx, i)
                for key, value in state.per_row[i].items():
                    sums[key] -= value
                    counts[key] -= 1
                    if not counts[key]:
                        del sums[key], counts[key]
                for key, value in new.items():
                    if not value.is_finite():
                        raise decimal.Inexact  # (NaN - NaN is no difference)
                    sums[key] = sums.get(key, _ZERO) + value
                    counts[key] = counts.get(key, 0) + 1
                state.per_row[i] = new
    except decimal.Inexact:  # a difference that would round: every row again
        return _full_row_run(spec, ctx, rows)
    return list(spec.findings_of(ctx, sums)), state


def _full_row_run(spec: ByRow | ByRowSum, ctx: Context, rows: list[Any]) -> tuple[list[Finding], _RowState]:
    """A row rule's run over every row, and the state it leaves."""
    n = len(rows)
    owners = _owners(spec, rows)
    if isinstance(spec, ByRow):
        row = spec.row
        per_row = [row(ctx, i) for i in range(n)]
        return _joined(spec, ctx, per_row), _RowState(per_row, owners)
    shares = [spec.share(ctx, i) for i in range(n)]
    sums: dict[Hashable, Decimal] = {}
    counts: dict[Hashable, int] = {}
    exact_sums = True
    try:
        with decimal.localcontext() as exact:
            exact.traps[decimal.Inexact] = True
            for share in shares:
                for key, value in share.items():
                    if not value.is_finite():
                        raise decimal.Inexact
                    sums[key] = sums.get(key, _ZERO) + value
                    counts[key] = counts.get(key, 0) + 1
    except decimal.Inexact:  # sums that round (absurd amounts): added as the rule adds them, never moved
        sums, exact_sums = add_shares(shares), False
    return list(spec.findings_of(ctx, sums)), _RowState(shares, owners, sums, counts, exact_sums)


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
        self._rows: dict[str, _RowState] = {}

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
        told: list[str] | None = None
        if touched is not None:
            told = list(touched)
            changed = parts_of(told)
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
        row_states = self._rows if todo is not rules else {}
        try:
            for r, severity, params in todo:
                ctx.current = r
                ctx.severity = severity
                ctx.params = params
                spec = row_spec(r)
                if spec is None:
                    by_rule[r.id] = list(r.func(ctx))
                    continue
                edited = _edited_rows(r.reads, spec.rows, told) if told is not None and todo is not rules else None
                by_rule[r.id], row_states[r.id] = _row_run(spec, ctx, row_states.get(r.id), edited)
        except BaseException:
            self._forget()  # half a run is no state to build on: the next call checks in full
            raise
        self._sub, self._snap, self._key, self._by_rule, self._rows = sub, snap, key, by_rule, row_states
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
