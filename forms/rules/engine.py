"""The rule engine: the run of a submission through the rules of its pack.

A rule is one small function registered with :func:`rule` (:mod:`forms.rules.registry`): a stable ID (``FUND-01``), a severity,
the table it bears on and a Chinese title saying what it checks. It receives a :class:`Context`
and yields :class:`~forms.findings.Finding` objects (usually through :meth:`Context.finding`). Which rules run,
with which severity and parameters, is decided by the rule pack of the budget year
(:mod:`forms.rules.packs`); a rule the pack does not mention runs with its own defaults.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from ..codes import CodeLists, code_lists
from ..findings import Finding, Severity
from ..model import Submission
from .packs import compiled, resolve
from .registry import REGISTRY, Context, Rule, RuleFunc, cell_for, iter_rules, load_rule_modules, locate, rule, sort_key

__all__ = ["REGISTRY", "Context", "Finding", "Rule", "RuleFunc", "Severity", "cell_for", "iter_rules", "load_rule_modules",
           "locate", "rule", "run", "sort_key"]


def _codes(year: int | None) -> CodeLists:
    # code_lists caches by year itself, and forgets when an official list is imported
    return code_lists(year)


def run(submission: Submission, rule_ids: Iterable[str] | None = None,
        params: dict[str, Any] | None = None, *, pack: Any = None,
        cells: Mapping[str, str] | None = None) -> list[Finding]:
    """Run the rules of the pack (the budget year's by default), or only *rule_ids*, and return
    their findings sorted by severity, then rule ID, in the order each rule found them. The code
    lists are those of the budget year, or of the pack's year when a pack is named."""
    load_rule_modules()
    year = submission.basic.budget_year
    if pack is not None:
        pack = resolve(pack, year)
        year = pack.year or year
    ctx = Context(submission, _codes(year))
    only = set(rule_ids) if rule_ids is not None else None
    extra = params or {}
    findings: list[Finding] = []
    for r, severity, rule_params in compiled(pack, year):
        if only is not None and r.id not in only:
            continue
        ctx.current = r
        ctx.severity = severity
        ctx.params = {**rule_params, **extra.get(r.id, {})} if extra else rule_params
        findings.extend(r.func(ctx))
    findings.sort(key=lambda f: (f.severity.rank, sort_key(f.rule)))
    return locate(findings, cells) if cells else findings
