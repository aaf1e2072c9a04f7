"""The checker: rules with stable IDs, grouped in modules, selected by the rule pack of the year."""

from .engine import REGISTRY, Context, Finding, Rule, Severity, iter_rules, rule, run


def check(submission, rule_ids=None, params=None):
    """Check a submission with every registered rule; findings sorted errors first."""
    return run(submission, rule_ids, params)


__all__ = ["REGISTRY", "Context", "Finding", "Rule", "Severity", "check", "iter_rules", "rule", "run"]
