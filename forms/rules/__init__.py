"""The checker: rules with stable IDs, grouped in modules by table, selected by the rule pack of the
budget year (``resources/packs/<year>.json``).

``check(submission)`` returns the findings, errors first; the GUI calls it on every keystroke, so the
pack is compiled once and cached, and the rules keep their patterns precompiled.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from ..model import Submission
from .engine import REGISTRY, Context, Finding, Rule, Severity, iter_rules, locate, rule, run
from .packs import Pack, load_pack, pack_for


def check(submission: Submission, rule_ids: Iterable[str] | None = None, params: dict[str, Any] | None = None, *,
          pack: Any = None, cells: Mapping[str, str] | None = None) -> list[Finding]:
    """Check *submission* with the rules of *pack* (``None``: the pack of its budget year; or a
    year, a pack name such as ``"2020-yunnan"``, or a :class:`Pack`). With *cells* (a received
    workbook's ``{field path: cell}``), each finding gets the cell of its field."""
    return run(submission, rule_ids, params, pack=pack, cells=cells)


def clear_caches() -> None:
    """Forget the texts scanned so far (the memo of per-text scans that keeps re-checks fast)."""
    import sys

    for name, module in list(sys.modules.items()):
        if name.startswith(__name__ + "."):
            for value in vars(module).values():
                if callable(getattr(value, "cache_clear", None)) and getattr(value, "__module__", "") == name:
                    value.cache_clear()


__all__ = ["REGISTRY", "Context", "Finding", "Pack", "Rule", "Severity", "check", "clear_caches", "iter_rules", "load_pack",
           "locate", "pack_for", "rule", "run"]
