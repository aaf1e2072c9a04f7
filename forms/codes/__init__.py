"""Code lists, kept as data because they change every budget year.

Shipped lists live in ``resources/codes/<year>.json``; the big trees (支出功能分类, the two economic
classifications and their 对照表, the 政府采购品目 catalogue) are stored once in
``resources/codes/shared/`` and a year names its base (a shared file, or an earlier year) plus that
year's changes (``add`` / ``rename`` / ``remove``). A finance bureau's official list, imported with
``budgetforms codes import``, lives in the data folder (``codes/<year>/<key>.json``) and is preferred
to a shipped one.

``code_lists(2021)`` gives the lists in force for budget year 2021: for each list, the newest one at
or before that year (an imported one when it is at least as new as the shipped one), and the oldest
shipped lists for years before all of them. :meth:`CodeLists.hint` says when the year had none of
its own.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from .. import locations
from .lists import IMPORTED, PATH_SEPARATOR, SHIPPED, CodeList, Entry

__all__ = [
    "CODES_DIR", "IMPORTED", "KIND_NAMES", "PATH_SEPARATOR", "RESOURCES", "SHARED_DIR", "SHIPPED", "TREES",
    "CodeList", "CodeLists", "Entry", "available_years", "code_lists", "imported_dir", "kind_key",
    "reload", "year_in_force",
]

RESOURCES = locations.shipped_dir("resources")
CODES_DIR = RESOURCES / "codes"
SHARED_DIR = CODES_DIR / "shared"

TREES: dict[str, tuple[str, tuple[int, ...]]] = {
    "function": ("功能科目", (3, 5, 7)),
    "econ_dept": ("部门经济分类", (3, 5)),
    "econ_gov": ("政府经济分类", (3, 5)),
    "procurement_items": ("采购品目", (1, 3, 5, 7, 9)),
}
"""The coded trees: key → (the kind a user names, code lengths from the top)."""

KIND_NAMES: dict[str, str] = {
    "功能科目": "function", "支出功能分类": "function", "支出功能分类科目": "function", "功能分类": "function",
    "部门经济分类": "econ_dept", "部门预算支出经济分类": "econ_dept", "部门预算经济分类": "econ_dept",
    "政府经济分类": "econ_gov", "政府预算支出经济分类": "econ_gov", "政府预算经济分类": "econ_gov",
    "采购品目": "procurement_items", "政府采购品目": "procurement_items", "政府采购品目分类目录": "procurement_items",
    "对照表": "econ_map", "经济分类对照表": "econ_map",
}
"""Names a user may give a list on the command line (besides its key and its title)."""

DERIVED = {"function_class": ("功能科目 类", 0), "function_subject": ("功能科目", 2)}
"""Lists kept for the rules and layouts that use them: views of the 功能科目 tree (its 类, its 项)."""


@dataclass(frozen=True)
class CodeLists:
    year: int
    """The year of the shipped lists in force."""
    source: str
    lists: dict[str, CodeList]
    requested: int | None = None
    """The budget year asked for."""
    pairs: Mapping[str, Mapping[str, tuple[str, ...]]] = field(default_factory=dict)
    """Mapping tables (``econ_map``: 部门经济分类 款 → the 政府经济分类 款 it may go with)."""

    def __getitem__(self, key: str) -> CodeList:
        return self.lists[key]

    def coded_list(self, key: str) -> CodeList:
        """The coded list *key*, or :class:`~forms.errors.UserError` for a mapping or a plain list."""
        from ..errors import UserError

        cl = self.lists.get(key)
        if cl is None or not cl.coded:
            title = cl.title if cl is not None else "经济分类对照表"
            raise UserError(f"“{title}”不是编码表：只有编码表（功能科目、经济分类、采购品目、支出保障分类、项目绩效分类）能导入、导出")
        return cl

    def describe(self, key: str = "function") -> str:
        """Where a list comes from, for the user: ``2022 年内置代码表（未核实完整）`` or
        ``2027 年导入的正式代码表``."""
        cl = self.lists[key]
        if cl.origin == IMPORTED:
            return f"{cl.data_year} 年导入的" + ("正式代码表" if cl.complete else "代码表（未标记完整）")
        return f"{cl.data_year or self.year} 年内置代码表" + ("" if cl.complete else "（未核实完整）")

    def fallback(self) -> bool:
        """Whether the 功能科目 list in force is not the budget year's own."""
        cl = self.lists.get("function")
        return self.requested is not None and cl is not None and cl.data_year != self.requested

    def hint(self) -> str:
        """One sentence when the budget year has no lists of its own, else ``""``."""
        if self.requested is None or (not self.fallback() and self.year == self.requested):
            return ""
        head = f"项目实施年度 {self.requested} 年没有自己的代码表"
        if self.fallback() and self.lists["function"].origin == SHIPPED:
            return f"{head}，使用 {self.describe()}"
        if self.fallback():
            return f"{head}：功能科目使用 {self.describe()}，其他代码表使用 {self.year} 年内置代码表"
        return f"项目实施年度 {self.requested} 年：功能科目使用 {self.describe()}，其他代码表使用 {self.year} 年内置代码表"

    def status_text(self, short: bool = False) -> str:
        """Which year's lists the submission uses: ``使用 2022 年的代码表（内置，未核实完整；2027 年没有）``;
        *short* for the status bar: ``代码表 2022 年（内置；2027 年没有）``."""
        cl = self.lists["function"]
        if cl.origin == IMPORTED:
            origin = ("导入正式" if short else "导入的正式代码表") if cl.complete else "导入，未标记完整"
        else:
            origin = "内置" if cl.complete or short else "内置，未核实完整"
        text = f"代码表 {cl.data_year} 年（{origin}" if short else f"使用 {cl.data_year} 年的代码表（{origin}"
        if self.fallback():
            text += f"；{self.requested} 年没有"
        return text + "）"


# --- the shipped lists ----------------------------------------------------------------------------

def available_years() -> list[int]:
    return list(_years())


@cache
def _years() -> tuple[int, ...]:
    # the shipped data files do not change while the program runs: the folder is listed once
    return tuple(sorted(int(p.stem) for p in CODES_DIR.glob("*.json") if p.stem.isdigit()))


def year_in_force(year: int | None, years: list[int]) -> int:
    """The data year that applies to *year*: the newest at or before it, else the oldest."""
    if not years:
        raise FileNotFoundError(f"{CODES_DIR} 中没有任何年度的数据文件")
    if year is None:
        return years[-1]
    earlier = [y for y in years if y <= year]
    return earlier[-1] if earlier else years[0]


@cache
def _shared(name: str) -> dict[str, Any]:
    return json.loads((CODES_DIR / name).read_text(encoding="utf-8"))


@cache
def _raw(data_year: int) -> dict[str, Any]:
    return json.loads((CODES_DIR / f"{data_year}.json").read_text(encoding="utf-8"))


def _tree_codes(key: str, spec: Mapping[str, Any], data_year: int) -> tuple[dict[str, str], dict[str, Any]]:
    """The codes of a tree list of *data_year*: its base (a shared file or an earlier year's list of
    the same key) with the year's changes applied; and the base file's header."""
    base = spec.get("base")
    if isinstance(base, int):
        codes, head = _tree_codes(key, _raw(base)["lists"][key], base)
        codes = dict(codes)
    else:
        shared = _shared(str(base))
        codes, head = dict(shared.get("codes", {})), shared
    changes = spec.get("changes") or {}
    for code in changes.get("remove", ()):
        codes.pop(code, None)
    for code, name in (changes.get("rename") or {}).items():
        if code in codes:
            codes[code] = name
    codes.update(changes.get("add") or {})
    if changes.get("add"):
        codes = dict(sorted(codes.items()))
    return codes, head


@cache
def _load(data_year: int) -> CodeLists:
    raw = _raw(data_year)
    lists: dict[str, CodeList] = {}
    pairs: dict[str, dict[str, tuple[str, ...]]] = {}
    for key, spec in raw["lists"].items():
        if "base" in spec:
            codes, head = _tree_codes(key, spec, data_year)
            if "pairs" in head:
                pairs[key] = {d: tuple(g) for d, g in head["pairs"].items()}
                continue
            kind, levels = TREES.get(key, (spec.get("title", key), tuple(head.get("levels", ()))))
            levels = tuple(head["levels"]) if "levels" in head else levels
            lists[key] = CodeList(key, spec.get("title") or head.get("title", key), tuple(codes), codes,
                                  kind=kind, levels=levels,
                                  complete=bool(spec.get("complete", head.get("complete", False))),
                                  origin=SHIPPED, data_year=data_year,
                                  source=spec.get("note", "") or head.get("source", ""))
            continue
        values = spec.get("values", [])
        common = dict(kind=spec["title"], complete=bool(spec.get("complete", False)), origin=SHIPPED,
                      data_year=data_year)
        if isinstance(values, dict):
            lists[key] = CodeList(key, spec["title"], tuple(values), dict(values), **common)
        elif "tree" in spec:
            tree = {k: tuple(v) for k, v in spec["tree"].items()}
            lists[key] = CodeList(key, spec["title"], tuple(tree), tree=tree, **common)
        else:
            lists[key] = CodeList(key, spec["title"], tuple(values), **common)
    _derive(lists)
    return CodeLists(raw["year"], raw.get("source", ""), lists, pairs=pairs)


def _derive(lists: dict[str, CodeList]) -> None:
    """The 功能科目 类 and 项 lists the older rules and layouts use, cut from the tree."""
    tree = lists.get("function")
    if tree is None:
        return
    for key, (title, level) in DERIVED.items():
        names = tree.at_level(level)
        lists[key] = CodeList(key, title, tuple(names), names, kind=tree.kind, levels=tree.levels,
                              complete=tree.complete, origin=tree.origin, data_year=tree.data_year,
                              source=tree.source)


# --- imported lists -------------------------------------------------------------------------------

def imported_dir() -> Path:
    """Where imported lists are kept: ``codes/`` in the app's data folder."""
    return locations.data_dir() / "codes"


_GENERATION = 0


def reload() -> None:
    """Forget what was read, after an import changed the data folder."""
    global _GENERATION
    _GENERATION += 1
    _resolve.cache_clear()
    _imported_index.cache_clear()


@cache
def _imported_index(folder: str, generation: int) -> dict[str, tuple[int, ...]]:
    root = Path(folder)
    out: dict[str, list[int]] = {}
    try:
        years = [p for p in root.iterdir() if p.is_dir() and p.name.isdigit()]
    except OSError:
        return {}
    for ydir in years:
        for f in ydir.glob("*.json"):
            out.setdefault(f.stem, []).append(int(ydir.name))
    return {k: tuple(sorted(v)) for k, v in out.items()}


def read_imported(path: Path) -> CodeList:
    raw = json.loads(path.read_text(encoding="utf-8"))
    key = raw["key"]
    codes = dict(raw["codes"])
    kind, levels = TREES.get(key, (raw.get("kind", key), ()))
    return CodeList(key, raw.get("title", kind), tuple(codes), codes, kind=kind,
                    levels=tuple(raw.get("levels", levels)), complete=bool(raw.get("complete", True)),
                    origin=IMPORTED, data_year=int(raw["year"]), source=raw.get("source", ""))


def code_lists(year: int | None) -> CodeLists:
    """The code lists in force for budget *year*."""
    return _resolve(year, str(imported_dir()), _GENERATION)


@lru_cache(maxsize=256)
def _resolve(year: int | None, folder: str, generation: int) -> CodeLists:
    years = available_years()
    data_year = year_in_force(year, years)
    base = _load(data_year)
    index = _imported_index(folder, generation)
    if not index:
        return CodeLists(base.year, base.source, base.lists, year, base.pairs)
    shipped_in_force = data_year if year is None or data_year <= year else -1
    lists = dict(base.lists)
    for key, imported_years in index.items():
        candidates = [y for y in imported_years if year is None or y <= year]
        if not candidates or candidates[-1] < shipped_in_force:
            continue
        try:
            lists[key] = read_imported(Path(folder) / str(candidates[-1]) / f"{key}.json")
        except (OSError, ValueError, KeyError, TypeError):  # a damaged file: the shipped list stays
            continue
    _derive(lists)
    return CodeLists(base.year, base.source, lists, year, base.pairs)


def kind_key(kind: str | None, lists: CodeLists | None = None) -> str:
    """The list key a user means by *kind* (``功能科目``, ``项目分类``, ``function`` …); ``function``
    when none is given. Unknown kinds raise :class:`~forms.errors.UserError` naming the known ones."""
    from ..errors import UserError

    if not kind:
        return "function"
    kind = kind.strip()
    if kind in KIND_NAMES:
        return KIND_NAMES[kind]
    lists = lists or code_lists(None)
    if kind in lists.lists:
        return kind
    for key, cl in lists.lists.items():
        if kind in (cl.title, cl.kind):
            return key
    known = "、".join(dict.fromkeys([*[TREES[k][0] for k in TREES],
                                     *[cl.title for k, cl in lists.lists.items() if k not in TREES and k not in DERIVED]]))
    raise UserError(f"没有名为“{kind}”的代码表：可用的有 {known}")


def write_atomic(path: Path, text: str) -> None:
    """Write *text* to *path* whole or not at all (temp file in the same folder, fsync, rename)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()
