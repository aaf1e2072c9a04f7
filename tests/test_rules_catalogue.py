"""docs/rules.md is generated from the code (``budgetforms rules --format markdown``), never by hand."""

from pathlib import Path

from forms.catalogue import as_markdown
from forms.rules import iter_rules

DOC = Path(__file__).resolve().parent.parent / "docs" / "rules.md"


def test_docs_rules_md_is_the_generated_text():
    assert DOC.read_text(encoding="utf-8") == as_markdown(), (
        "docs/rules.md is out of date: run `.venv/bin/budgetforms rules --format markdown > docs/rules.md`")


def test_every_rule_documented():
    text = as_markdown()
    for r in iter_rules():
        assert f"| {r.id} | {r.severity.label} | {r.table} |" in text
        assert r.doc, f"{r.id} has no docstring"


def test_import_findings_are_in_the_catalogue(capsys):
    """The IMP-… findings of reading a workbook have stable IDs too: the catalogue lists them in
    every format, apart from the rules (no pack switches them)."""
    import json

    from forms.cli import main
    from forms.xlsx import IMPORT_RULES

    assert "| IMP-05 | 单元格内容无法归入任何栏目 |" in as_markdown()
    assert main(["rules"]) == 0
    text = capsys.readouterr().out
    assert "【读取工作簿】" in text and "IMP-04" in text and f"另有 {len(IMPORT_RULES)} 种" in text
    assert main(["rules", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {e["rule"] for e in data["import_findings"]} == set(IMPORT_RULES)
    assert not any(e["rule"].startswith("IMP-") for e in data["rules"])
