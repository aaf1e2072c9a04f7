"""Field paths into a submission: read and write a value by the path a finding names.

A path is what :class:`~forms.rules.Finding` carries: attribute names joined by dots, list indices in
brackets (``basic.funding[1].total``, ``transfers.regions[0].years[1].scale``). The desktop app edits
the model only through these functions, so every edit can be undone by writing the old value back.

:func:`synced_totals` tells which written 合计 cells follow from an edit: the app keeps the written
totals equal to the sum of their parts while the user types the parts (the checker still compares
them, since imported workbooks may carry wrong ones).
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from pydantic import BaseModel

from .model import FundingYear, Submission, TransferYear

_TOKEN = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]|(\.)")

Key = str | int


class PathError(KeyError):
    """A path that does not lead to a value of this submission."""


_PATH = re.compile(r"^[A-Za-z_]\w*(?:\[\d+\])*(?:\.[A-Za-z_]\w*(?:\[\d+\])*)*$")


def parse(path: str) -> list[Key]:
    """``basic.funding[1].total`` → ``["basic", "funding", 1, "total"]``."""
    if not _PATH.match(path):
        raise PathError(path)
    keys: list[Key] = []
    for m in _TOKEN.finditer(path):
        if m[1]:
            keys.append(m[1])
        elif m[2]:
            keys.append(int(m[2]))
    return keys


def join(keys: Iterable[Key]) -> str:
    out = ""
    for k in keys:
        if isinstance(k, int):
            out += f"[{k}]"
        else:
            out += ("." if out else "") + k
    return out


def _step(obj: Any, key: Key, path: str) -> Any:
    try:
        if isinstance(key, int):
            return obj[key]
        if isinstance(obj, BaseModel):
            if key not in type(obj).model_fields:
                raise PathError(path)
            return getattr(obj, key)
        return obj[key]
    except (IndexError, KeyError, TypeError, AttributeError):
        raise PathError(path) from None


def get(root: Any, path: str) -> Any:
    """The value at *path*; :class:`PathError` when there is none."""
    obj = root
    for key in parse(path):
        obj = _step(obj, key, path)
    return obj


def exists(root: Any, path: str) -> bool:
    try:
        get(root, path)
    except PathError:
        return False
    return True


def set_value(root: Any, path: str, value: Any) -> None:
    """Write *value* at *path* (validated by the model when the parent is a model)."""
    keys = parse(path)
    if not keys:
        raise PathError(path)
    parent = root
    for key in keys[:-1]:
        parent = _step(parent, key, path)
    last = keys[-1]
    try:
        if isinstance(last, int):
            parent[last] = value
        else:
            setattr(parent, last, value)
    except (IndexError, TypeError, AttributeError):
        raise PathError(path) from None


def snapshot(value: Any) -> Any:
    """A copy of a value that later edits of the model cannot change."""
    if isinstance(value, (BaseModel, list, dict)):
        return copy.deepcopy(value)
    return value


# --- rows ---------------------------------------------------------------------------------------

def get_list(root: Any, path: str) -> list:
    value = get(root, path)
    if not isinstance(value, list):
        raise PathError(path)
    return value


def insert(root: Any, list_path: str, index: int, item: Any) -> None:
    rows = get_list(root, list_path)
    rows.insert(max(0, min(index, len(rows))), item)


def remove(root: Any, list_path: str, index: int) -> Any:
    rows = get_list(root, list_path)
    try:
        return rows.pop(index)
    except IndexError:
        raise PathError(f"{list_path}[{index}]") from None


def move(root: Any, list_path: str, source: int, target: int) -> None:
    rows = get_list(root, list_path)
    if not (0 <= source < len(rows) and 0 <= target < len(rows)):
        raise PathError(f"{list_path}[{source}]")
    rows.insert(target, rows.pop(source))


# --- totals that follow their parts -------------------------------------------------------------

def _sum(values: Iterable[Decimal | None]) -> Decimal | None:
    """The sum of the filled values, or ``None`` when every one is blank (a blank total stays blank)."""
    filled = [v for v in values if v is not None]
    if not filled:
        return None
    return sum(filled, Decimal(0))


def _funding_totals(sub: Submission) -> Iterable[tuple[str, Any]]:
    for i, col in enumerate(sub.basic.funding):
        yield f"basic.funding[{i}].total", _sum((col.superior, col.local, col.own))


def _transfer_totals(sub: Submission) -> Iterable[tuple[str, Any]]:
    t = sub.transfers
    for r, region in enumerate(t.regions):
        for y, ty in enumerate(region.years):
            yield f"transfers.regions[{r}].years[{y}].scale", _sum((ty.superior, ty.local, ty.own))
    for y, ty in enumerate(t.declared_total):
        for column in ("superior", "local", "own"):
            values = [getattr(ry, column) for reg in t.regions for ry in reg.years if ry.year == ty.year]
            yield f"transfers.declared_total[{y}].{column}", _sum(values)
        scales = [_sum((ry.superior, ry.local, ry.own)) for reg in t.regions for ry in reg.years
                  if ry.year == ty.year]
        yield f"transfers.declared_total[{y}].scale", _sum(scales)


def _procurement_totals(sub: Submission) -> Iterable[tuple[str, Any]]:
    yield "procurement.declared_total", _sum(i.amount for i in sub.procurement.items)


def _service_totals(sub: Submission) -> Iterable[tuple[str, Any]]:
    yield "services.declared_total", _sum(i.amount for i in sub.services.items)


def _detail_totals(sub: Submission) -> Iterable[tuple[str, Any]]:
    lines = sub.detail.lines
    for j, total in enumerate(sub.detail.declared_total):
        yield f"detail.declared_total[{j}].amount", _sum(a.amount for line in lines for a in line.amounts
                                                         if a.year == total.year)


def _construction_totals(sub: Submission) -> Iterable[tuple[str, Any]]:
    cr = sub.construction_review
    if cr is None:
        for column in ("self_score", "finance_score"):
            yield f"budget_review.supplement_score.{column}", None
        return
    for column in ("self_score", "finance_score"):
        total = _sum(getattr(it, column) for *_, it in cr.items())
        yield f"construction_review.total_score.{column}", total
        yield f"budget_review.supplement_score.{column}", total


def _review_totals(sub: Submission) -> Iterable[tuple[str, Any]]:
    br = sub.budget_review
    for column in ("self_score", "finance_score"):
        yield f"budget_review.table_score.{column}", _sum(getattr(it, column) for *_, it in br.items())


_SYNCED = (
    ("basic.funding", _funding_totals),
    ("transfers", _transfer_totals),
    ("procurement", _procurement_totals),
    ("services", _service_totals),
    ("detail", _detail_totals),
    ("construction_review", _construction_totals),
    ("budget_review", _review_totals),
)

_TOTAL_LEAVES = re.compile(
    r"^(basic\.funding\[\d+\]\.total|transfers\.regions\[\d+\]\.years\[\d+\]\.scale|transfers\.declared_total.*"
    r"|procurement\.declared_total|services\.declared_total|detail\.declared_total.*|construction_review\.total_score.*"
    r"|budget_review\.(table_score|supplement_score).*)$"
)


def is_synced_total(path: str) -> bool:
    """Whether *path* is a 合计 cell that the app computes from its parts (read-only in the app)."""
    return bool(_TOTAL_LEAVES.match(path))


def synced_totals(sub: Submission, edited: Iterable[str]) -> list[tuple[str, Any]]:
    """The 合计 cells that must change after edits at the *edited* paths, with their new values:
    only the totals of the tables touched, and only those that differ from what is written."""
    touched = list(edited)
    out: list[tuple[str, Any]] = []
    for prefix, compute in _SYNCED:
        if not any(p == prefix or p.startswith(prefix + ".") or p.startswith(prefix + "[")
                   or prefix.startswith(p + ".") or p == "" for p in touched):
            continue
        for path, value in compute(sub):
            current = get(sub, path)
            if current != value or (value is None) != (current is None):
                out.append((path, value))
    return out


# --- the grid of years --------------------------------------------------------------------------

def regrid_edits(sub: Submission, budget_year: int | None, period_years: int | None = None,
                 keep_money: bool = True) -> list[tuple[str, Any]]:
    """The edits by which the year columns of the funding grid and the transfer table follow
    项目实施年度 and 周期 (*period_years*, else the submission's), as :meth:`Submission.year_plan`
    says: the period's years are added, empty years outside it go, a year that holds money stays
    — unless *keep_money* is false (the user chose to delete those amounts)."""
    if budget_year is None:
        return []
    if period_years is None:
        period_years = sub.basic.period_years
    plan = sub.year_plan(budget_year, period_years)
    years, t_years = plan.funding_years, plan.transfer_years
    if not keep_money:
        years = [y for y in years if y not in plan.funding_outside]
        t_years = [y for y in t_years if y not in plan.transfer_outside]
    edits: list[tuple[str, Any]] = []
    b, t = sub.basic, sub.transfers
    if [c.year for c in b.funding] != years:
        edits.append(("basic.funding", [_column(b.funding, y, FundingYear) for y in years]))
    if list(t.years) != t_years:
        edits.append(("transfers.years", list(t_years)))
    if [y.year for y in t.declared_total] != t_years:
        edits.append(("transfers.declared_total", [_column(t.declared_total, y, TransferYear) for y in t_years]))
    for r, region in enumerate(t.regions):
        if [y.year for y in region.years] != t_years:
            edits.append((f"transfers.regions[{r}].years", [_column(region.years, y, TransferYear) for y in t_years]))
    return edits


def _column(columns: list, year: int, kind):
    """The column of *year* as it is (a copy), or a new empty one."""
    for column in columns:
        if column.year == year:
            return column.model_copy(deep=True)
    return kind(year=year)
