"""Rule packs: which rules apply in a budget year (and region), with which severity and parameters.

A pack is data, ``resources/packs/<name>.json``::

    {"name": "2021", "year": 2021, "extends": "2020", "title": "…", "basis": ["财预〔2021〕101号"],
     "rules": {"PERF-03": {"params": {"required_level1": [...]}},
               "PERF-11": {"severity": "warning"},
               "TP-06":   {"enabled": false}}}

A rule the pack does not mention runs with the defaults it was registered with, so that rules added
by other modules apply without editing packs. ``extends`` merges a parent pack first (region
variants such as ``2020-yunnan`` extend their year). The pack for a submission is the newest year
pack at or before its budget year (the oldest one for earlier years).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import Any

from ..codes import RESOURCES, year_in_force
from ..errors import UserError
from ..findings import Severity
from .registry import REGISTRY, Rule, load_rule_modules, sort_key

PACKS_DIR = RESOURCES / "packs"


@dataclass(frozen=True)
class Pack:
    name: str
    year: int
    title: str = ""
    basis: tuple[str, ...] = ()
    rules: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)

    def setting(self, r: Rule) -> tuple[bool, Severity, dict[str, Any]]:
        """Whether *r* runs under this pack, with which severity and parameters."""
        spec = self.rules.get(r.id, {})
        params = {**r.params, **spec.get("params", {})}
        severity = Severity.parse(spec["severity"]) if "severity" in spec else r.severity
        return bool(spec.get("enabled", True)), severity, params


@lru_cache(maxsize=1)
def _pack_files() -> tuple[str, ...]:
    return tuple(sorted(p.stem for p in PACKS_DIR.glob("*.json")))


def available_packs() -> list[str]:
    """Year packs (``2020``) and region overlays (``region-yunnan``, used as ``2021-yunnan``)."""
    return list(_pack_files())


def year_packs() -> list[int]:
    return sorted(int(n) for n in _pack_files() if n.isdigit())


def regions() -> list[str]:
    return [n.removeprefix("region-") for n in _pack_files() if n.startswith("region-")]


def _read(name: str) -> dict[str, Any]:
    path = PACKS_DIR / f"{name}.json"
    if not path.is_file():
        raise UserError(f"没有名为“{name}”的规则包（可用：{'、'.join(available_packs())}）")
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise UserError(f"规则包“{name}”无法读取：{exc}") from None


def _merge(parent: dict[str, Any], child: dict[str, Any]) -> dict[str, Any]:
    rules = {k: dict(v) for k, v in parent.get("rules", {}).items()}
    for rid, spec in child.get("rules", {}).items():
        merged = dict(rules.get(rid, {}))
        merged.update({k: v for k, v in spec.items() if k != "params"})
        merged["params"] = {**rules.get(rid, {}).get("params", {}), **spec.get("params", {})}
        rules[rid] = merged
    out = {**parent, **{k: v for k, v in child.items() if k != "rules"}}
    out["basis"] = list(parent.get("basis", [])) + [b for b in child.get("basis", []) if b not in parent.get("basis", [])]
    out["rules"] = rules
    return out


@cache
def load_pack(name: str) -> Pack:
    """The pack *name* with its ``extends`` chain merged: a year (``"2021"``, or the newest pack
    before it), or a year and a region overlay (``"2021-yunnan"`` = ``2021`` + ``region-yunnan``)."""
    year_part, _, region = name.partition("-")
    if region and year_part.isdigit() and not (PACKS_DIR / f"{name}.json").is_file():
        base = load_pack(year_part)
        overlay = _read(f"region-{region}")
        merged = _merge({"rules": base.rules, "basis": list(base.basis)}, overlay)
        return Pack(name=name, year=base.year, title=f"{base.title}；{overlay.get('title', region)}",
                    basis=tuple(merged["basis"]), rules=merged["rules"])
    if name.isdigit() and not (PACKS_DIR / f"{name}.json").is_file() and year_packs():
        return load_pack(str(year_in_force(int(name), year_packs())))
    raw = _read(name)
    seen = {name}
    while "extends" in raw:
        parent_name = raw.pop("extends")
        if parent_name in seen:
            raise UserError(f"规则包“{name}”的 extends 形成了循环")
        seen.add(parent_name)
        parent = _read(parent_name)
        child = raw
        raw = _merge({k: v for k, v in parent.items() if k != "extends"}, child)
        if "extends" in parent:
            raw["extends"] = parent["extends"]
    return Pack(name=name, year=int(raw.get("year", 0)), title=raw.get("title", ""),
                basis=tuple(raw.get("basis", ())), rules=raw.get("rules", {}))


@cache
def pack_for(year: int | None) -> Pack:
    """The default pack of a budget year."""
    return load_pack(str(year_in_force(year, year_packs())))


def resolve(pack: Any, year: int | None) -> Pack:
    """*pack* may be ``None`` (the budget year's), a year, a pack name or a :class:`Pack`."""
    if pack is None:
        return pack_for(year)
    if isinstance(pack, Pack):
        return pack
    if isinstance(pack, int):
        return pack_for(pack)
    return load_pack(str(pack))


Compiled = tuple[tuple[Rule, Severity, Mapping[str, Any]], ...]


@lru_cache(maxsize=64)
def _compile(pack: Pack, registry_size: int) -> Compiled:
    out = []
    for r in sorted(REGISTRY.values(), key=lambda r: sort_key(r.id)):
        enabled, severity, params = pack.setting(r)
        if enabled:
            out.append((r, severity, params))
    return tuple(out)


def compiled(pack: Any, year: int | None) -> Compiled:
    """The rules to run, with their severity and parameters, cached per pack (and recompiled when
    a module registers more rules)."""
    load_rule_modules()
    return _compile(_hashable(resolve(pack, year)), len(REGISTRY))


def _hashable(pack: Pack) -> Pack:
    # Pack holds dicts, so it is not hashable by value; key the cache by identity instead.
    return _Keyed(pack)  # type: ignore[return-value]


class _Keyed:
    __slots__ = ("pack",)

    def __init__(self, pack: Pack):
        self.pack = pack

    def __hash__(self) -> int:
        return id(self.pack)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Keyed) and other.pack is self.pack

    def setting(self, r: Rule):
        return self.pack.setting(r)
