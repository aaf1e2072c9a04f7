"""已核实 marks (forms.verified): a checked warning or hint is set aside with its reason, kept in the
project file, shown in the check output and the report; an error cannot be set aside; an edit of
what was checked brings the finding back."""

from __future__ import annotations

import json

import pytest

from forms import files, verified
from forms.errors import UserError
from forms.rules import Severity, check


def finding(sub, rule, field=None):
    return next(f for f in check(sub) if f.rule == rule and (field is None or f.field == field))


def test_a_marked_warning_is_set_aside_and_survives_save_and_load(sample, tmp_path):
    phone = finding(sample, "CONT-01", "basic.competent_phone")
    sample.verified.append(verified.make_mark(sample, phone, "已电话核实，号码无误（本地固话不加区号）"))
    path = tmp_path / "p.bfproj"
    files.save(sample, path)
    again = files.load(path)
    assert again.verified[0].reason == "已电话核实，号码无误（本地固话不加区号）"
    applied = verified.apply(again, check(again))
    assert [v.finding.field for v in applied.verified] == ["basic.competent_phone"]
    assert phone not in applied.open
    # the other phone's warning of the same rule stays open
    assert any(f.rule == "CONT-01" and f.field == "basic.unit_phone" for f in applied.open)


def test_an_old_file_without_marks_loads_with_none(sample_path):
    raw = json.loads(sample_path.read_text(encoding="utf-8"))
    assert "verified" not in raw["submission"]
    assert files.load(sample_path).verified == []


def test_errors_cannot_be_marked_and_a_mark_on_an_error_is_ignored(sample):
    error = finding(sample, "FLAG-01", "basic.flags.major")
    assert error.severity is Severity.ERROR
    with pytest.raises(UserError, match="错误不能标记为已核实"):
        verified.make_mark(sample, error, "不需要")
    # a file carrying one anyway (hand-edited, or the rule became an error in another pack)
    forged = verified.make_mark(sample, finding(sample, "CONT-01", "basic.unit_phone"), "x")
    forged = forged.model_copy(update={"rule": error.rule, "field": error.field,
                                       "fingerprint": verified.fingerprint(sample, error)})
    sample.verified.append(forged)
    applied = verified.apply(sample, check(sample))
    assert error in applied.open and not applied.verified


def test_a_mark_needs_a_reason(sample):
    with pytest.raises(UserError, match="理由"):
        verified.make_mark(sample, finding(sample, "CONT-01"), "  ")


def test_editing_the_checked_value_brings_the_finding_back_as_outdated(sample):
    phone = finding(sample, "CONT-01", "basic.competent_phone")
    sample.verified.append(verified.make_mark(sample, phone, "核实无误"))
    sample.basic.competent_phone = "8772025999"  # still no leading 0: the same rule fires, on another number
    applied = verified.apply(sample, check(sample))
    again = next(f for f in applied.open if f.rule == "CONT-01" and f.field == "basic.competent_phone")
    assert not applied.verified
    assert applied.mark_for(again).reason == "核实无误"
    assert (again, sample.verified[0]) in applied.outdated
    # fixed for good: the mark matches nothing and is reported unused
    sample.basic.competent_phone = "0877-2025999"
    applied = verified.apply(sample, check(sample))
    assert applied.unused == sample.verified and not applied.outdated


def test_a_row_moved_under_the_same_index_does_not_inherit_the_mark(sample):
    unit = finding(sample, "PERF-06", "performance.indicators[5].unit")
    sample.verified.append(verified.make_mark(sample, unit, "户/年 已与主管部门确认"))
    assert verified.apply(sample, check(sample)).verified
    rows = sample.performance.indicators
    rows[4], rows[5] = rows[5], rows[4]  # the 时间 indicator now sits at [5] and has its own PERF-06
    applied = verified.apply(sample, check(sample))
    assert not any(v.finding.field == "performance.indicators[5].unit" for v in applied.verified)
    assert any(f.field == "performance.indicators[5].unit" for f in applied.open)


def test_two_findings_of_one_rule_on_one_field_are_told_apart(sample):
    from forms.rules import Finding

    first, second = (Finding("TEXT-04", Severity.INFO, "项目基本信息表", "narratives.organization", m)
                     for m in ("“由由”多了一个“由”", "句末的“○”应为“。”"))
    sample.verified.append(verified.make_mark(sample, first, "原文如此"))
    applied = verified.apply(sample, [first, second])
    assert [v.finding for v in applied.verified] == [first]
    assert applied.open == [second] and not applied.outdated


def test_the_check_json_and_text_and_the_report_show_the_mark(sample, tmp_path, capsys):
    from openpyxl import load_workbook

    from forms.cli import main

    sample.verified.append(verified.make_mark(sample, finding(sample, "CONT-01", "basic.competent_phone"), "号码核实无误"))
    path = tmp_path / "marked.bfproj"
    files.save(sample, path)
    assert main(["check", str(path), "--format", "json"]) == 1
    entry = json.loads(capsys.readouterr().out)["files"][0]
    marked = [f for f in entry["findings"] if f.get("verified")]
    assert [(f["rule"], f["field"], f["verified"]["reason"]) for f in marked] == \
        [("CONT-01", "basic.competent_phone", "号码核实无误")]
    main(["check", str(path)])
    text = capsys.readouterr().out
    assert "basic.competent_phone" in text and "（已核实：号码核实无误）" in text
    report = tmp_path / "报告.xlsx"
    main(["check", str(path), "--report", str(report)])
    capsys.readouterr()
    ws = load_workbook(report)["检查结果明细"]
    values = [[c for c in row if c is not None] for row in ws.iter_rows(values_only=True)]
    hit = [row for row in values if "警告（已核实）" in row]
    assert len(hit) == 1 and any("【已核实：号码核实无误】" in str(c) for c in hit[0])


def test_the_command_line_marks_a_pdf_draft_while_errors_remain(sample, tmp_path, capsys):
    from pypdf import PdfReader

    from forms.cli import main
    from tests.test_batch import clean

    files.save(sample, tmp_path / "有错误.bfproj")
    files.save(clean(sample), tmp_path / "无错误.bfproj")
    assert main(["export", str(tmp_path / "有错误.bfproj"), "--pdf", str(tmp_path / "有错误.pdf")]) == 0
    assert "每页标有“草稿”" in capsys.readouterr().out
    assert all("草稿" in p.extract_text() for p in PdfReader(tmp_path / "有错误.pdf").pages)
    assert main(["export", str(tmp_path / "无错误.bfproj"), "--pdf", str(tmp_path / "无错误.pdf")]) == 0
    assert "草稿" not in capsys.readouterr().out
    assert not any("草稿" in p.extract_text() for p in PdfReader(tmp_path / "无错误.pdf").pages)
