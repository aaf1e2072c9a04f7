"""A rules module's docstring names the rule IDs it registers (``PERF-01 … PERF-15``): every rule it
registers is named, and every ID it names in its own families (PERF-…) is one of its own (another
module's rule may be mentioned: "DOC-01 says it is missing", "CODE-01 … is in .codelists")."""

from __future__ import annotations

import importlib
import re
from collections import defaultdict

from forms.rules.engine import REGISTRY, iter_rules

RANGE = re.compile(r"\b([A-Z]+)-(\d{2}) … \1-(\d{2})\b")
SINGLE = re.compile(r"\b([A-Z]+-\d{2})\b")


def named(doc: str) -> set[str]:
    ids = set(SINGLE.findall(RANGE.sub("", doc)))
    for prefix, first, last in RANGE.findall(doc):
        ids |= {f"{prefix}-{n:02d}" for n in range(int(first), int(last) + 1)}
    return ids


def test_named_expands_ranges():
    assert named("(PROC-01 … PROC-03, GPS-02; CODE-01 is elsewhere)") == {"PROC-01", "PROC-02", "PROC-03", "GPS-02", "CODE-01"}


def test_every_rules_module_docstring_names_exactly_its_rules():
    list(iter_rules())  # imports every rules module
    registered: dict[str, set[str]] = defaultdict(set)
    for rule_id, r in REGISTRY.items():
        registered[r.func.__module__].add(rule_id)
    wrong = {}
    for module, ids in registered.items():
        doc = importlib.import_module(module).__doc__ or ""
        # "CODE-01, the 功能科目, is in .codelists": an ID a docstring says lives elsewhere is not its own
        families = {i.split("-")[0] for i in ids}
        mentioned = {i for i in named(doc) if i.split("-")[0] in families and not re.search(rf"{i}[^.;)]*\bis in\b", doc)}
        if mentioned != ids:
            wrong[module] = {"named, not registered": sorted(mentioned - ids), "registered, not named": sorted(ids - mentioned)}
    assert not wrong, wrong
