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

Every pack file is validated when it is read (:func:`validate`): a key the format does not have, a
rule ID no module registers, a parameter the rule does not take, a value of the wrong type or an
unknown severity is a :class:`~forms.errors.UserError` naming the file and the key, not a pack
that silently does nothing.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from ..codes import RESOURCES, year_in_force
from ..errors import UserError
from ..findings import Severity
from .registry import REGISTRY, Rule, load_rule_modules, sort_key

PACKS_DIR = RESOURCES / "packs"
log = logging.getLogger(__name__)


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


def _pack_path(name: str) -> Path:
    path = PACKS_DIR / f"{name}.json"
    if not path.is_file():
        raise UserError(f"没有名为“{name}”的规则包（可用：{'、'.join(available_packs())}）")
    return path


def _read_path(path: Path) -> dict[str, Any]:
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise UserError(f"规则包文件“{path}”无法读取：{exc.strerror or exc}") from None
    except ValueError as exc:
        raise UserError(f"规则包文件“{path}”不是有效的 JSON：{exc}") from None
    pack = validate(raw, path)
    log.debug("rule pack %s read", path)
    return pack


def _read(name: str) -> dict[str, Any]:
    return _read_path(_pack_path(name))


# --- validation ---------------------------------------------------------------------------------

PACK_KEYS: dict[str, str] = {"name": "text", "year": "int", "extends": "text", "title": "text",
                             "basis": "text list", "rules": "object"}
"""The keys a pack file may have, with the kind of value each takes."""
RULE_KEYS: dict[str, str] = {"enabled": "bool", "severity": "severity", "params": "object"}
"""The keys of a rule's entry under ``rules``."""

_KIND_NAMES = {"text": "文本（带引号的字符串）", "int": "整数", "number": "数",
               "numeric": "数（或写成文本的数，如 \"0.10\"）", "bool": "true 或 false",
               "list": "列表 [...]", "text list": "文本的列表 [\"…\", …]", "number list": "数的列表 [1, 2, …]",
               "object": "对象 {...}", "severity": "error、warning 或 info（或 错误、警告、提示）"}


def _kind_of_default(value: Any) -> str | None:
    """What a parameter of a rule takes, judged from the default it was registered with (``None``:
    anything)."""
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int"
    if isinstance(value, (float, Decimal)):
        return "number"
    if isinstance(value, str):
        return "numeric" if _is_number_text(value) else "text"
    if isinstance(value, (list, tuple)):
        kinds = {_kind_of_default(v) for v in value}
        if kinds == {"text"}:
            return "text list"
        if kinds and kinds <= {"int", "number"}:
            return "number list"
        return "list"
    if isinstance(value, Mapping):
        return "object"
    return None


def _is_number_text(text: str) -> bool:
    try:
        return Decimal(text.strip()).is_finite()
    except InvalidOperation:
        return False


def _fits(value: Any, kind: str) -> bool:
    if kind == "text":
        return isinstance(value, str)
    if kind == "bool":
        return isinstance(value, bool)
    if kind == "int":
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == "number":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if kind == "numeric":
        return _is_number_text(value) if isinstance(value, str) else _fits(value, "number")
    if kind == "list":
        return isinstance(value, list)
    if kind == "text list":
        return isinstance(value, list) and all(isinstance(v, str) for v in value)
    if kind == "number list":
        return isinstance(value, list) and all(_fits(v, "number") for v in value)
    if kind == "object":
        return isinstance(value, dict)
    if kind == "severity":
        try:
            Severity.parse(value)
        except (ValueError, TypeError):
            return False
        return True
    raise AssertionError(kind)


def _shown(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 40 else text[:39] + "…"


def validate(raw: Any, path: str | Path) -> dict[str, Any]:
    """*raw* (a pack file's JSON) when it is a valid pack; else ``UserError`` naming *path* and the
    key (``rules.PERF-03.params.required_level1``) and saying what is expected there."""
    where = f"规则包文件“{path}”"
    if not isinstance(raw, dict):
        raise UserError(f"{where}应是一个 JSON 对象 {{...}}，这里是 {_shown(raw)}")

    def check(value: Any, kind: str, key: str) -> None:
        if not _fits(value, kind):
            raise UserError(f"{where}中 {key} 应为{_KIND_NAMES[kind]}，这里是 {_shown(value)}")

    for key, value in raw.items():
        if key not in PACK_KEYS:
            raise UserError(f"{where}中有不认识的键“{key}”（规则包的键：{'、'.join(PACK_KEYS)}）")
        check(value, PACK_KEYS[key], key)
    load_rule_modules()
    for rule_id, spec in raw.get("rules", {}).items():
        key = f"rules.{rule_id}"
        known = REGISTRY.get(rule_id)
        if known is None:
            raise UserError(f"{where}中 {key}：没有编号为“{rule_id}”的规则（用 budgetforms rules 查看全部规则）")
        check(spec, "object", key)
        for name, value in spec.items():
            if name not in RULE_KEYS:
                raise UserError(f"{where}中 {key} 有不认识的键“{name}”（可用：{'、'.join(RULE_KEYS)}）")
            check(value, RULE_KEYS[name], f"{key}.{name}")
        for name, value in spec.get("params", {}).items():
            if name not in known.params:
                takes = "、".join(known.params) or "无"
                raise UserError(f"{where}中 {key}.params.{name}：规则 {rule_id} 没有参数“{name}”（它的参数：{takes}）")
            kind = _kind_of_default(known.params[name])
            if kind is not None:
                check(value, kind, f"{key}.params.{name}")
    return raw


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
    before it), or a year and a region overlay (``"2021-yunnan"`` = ``2021`` + ``region-yunnan``).
    Every file read on the way is validated (:func:`validate`)."""
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

    def setting(self, r: Rule) -> tuple[bool, Severity, dict[str, Any]]:
        return self.pack.setting(r)
