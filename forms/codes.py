"""Code lists, kept as data in ``resources/codes/<year>.json`` because they change every budget year.

``code_lists(2021)`` gives the lists in force for budget year 2021: the file for that year, or the
newest earlier one when the year has no file of its own (and the oldest for years before all files).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache

from . import locations

RESOURCES = locations.shipped_dir("resources")
CODES_DIR = RESOURCES / "codes"


@dataclass(frozen=True)
class CodeList:
    key: str
    title: str
    values: tuple[str, ...] = ()
    names: dict[str, str] = field(default_factory=dict)
    """For coded lists (code → name); empty for plain value lists."""
    tree: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def coded(self) -> bool:
        return bool(self.names)

    def __contains__(self, value: object) -> bool:
        if self.names:
            return value in self.names
        if self.tree:
            return value in self.tree
        return value in self.values

    def choices(self) -> list[str]:
        """What a drop-down offers: ``code name`` for coded lists, the values otherwise."""
        if self.names:
            return [f"{c} {n}" for c, n in self.names.items()]
        if self.tree:
            return list(self.tree)
        return list(self.values)


@dataclass(frozen=True)
class CodeLists:
    year: int
    source: str
    lists: dict[str, CodeList]

    def __getitem__(self, key: str) -> CodeList:
        return self.lists[key]


def available_years() -> list[int]:
    return list(_years())


@lru_cache(maxsize=None)
def _years() -> tuple[int, ...]:
    # the shipped data files do not change while the program runs: the folder is listed once
    # (it was listed on every code-list lookup, many times per checked file)
    return tuple(sorted(int(p.stem) for p in CODES_DIR.glob("*.json") if p.stem.isdigit()))


def year_in_force(year: int | None, years: list[int]) -> int:
    """The data year that applies to *year*: the newest at or before it, else the oldest."""
    if not years:
        raise FileNotFoundError(f"{CODES_DIR} 中没有任何年度的数据文件")
    if year is None:
        return years[-1]
    earlier = [y for y in years if y <= year]
    return earlier[-1] if earlier else years[0]


@lru_cache(maxsize=None)
def _load(data_year: int) -> CodeLists:
    raw = json.loads((CODES_DIR / f"{data_year}.json").read_text(encoding="utf-8"))
    lists: dict[str, CodeList] = {}
    for key, spec in raw["lists"].items():
        values = spec.get("values", [])
        if isinstance(values, dict):
            lists[key] = CodeList(key, spec["title"], tuple(values), dict(values))
        elif "tree" in spec:
            tree = {k: tuple(v) for k, v in spec["tree"].items()}
            lists[key] = CodeList(key, spec["title"], tuple(tree), tree=tree)
        else:
            lists[key] = CodeList(key, spec["title"], tuple(values))
    return CodeLists(raw["year"], raw.get("source", ""), lists)


def code_lists(year: int | None) -> CodeLists:
    """The code lists in force for budget *year*."""
    return _load(year_in_force(year, available_years()))
