"""docs/rules.md is generated from the code (``budgetforms rules --format markdown``), never by hand."""

from pathlib import Path

from forms.rules import iter_rules
from forms.rules.catalogue import as_markdown

DOC = Path(__file__).resolve().parent.parent / "docs" / "rules.md"


def test_docs_rules_md_is_the_generated_text():
    assert DOC.read_text(encoding="utf-8") == as_markdown(), (
        "docs/rules.md is out of date: run `.venv/bin/budgetforms rules --format markdown > docs/rules.md`")


def test_every_rule_documented():
    text = as_markdown()
    for r in iter_rules():
        assert f"| {r.id} | {r.severity.label} | {r.table} |" in text
        assert r.doc, f"{r.id} has no docstring"
