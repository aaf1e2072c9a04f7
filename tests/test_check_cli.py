"""``budgetforms check`` and ``budgetforms rules``: text and JSON output, exit codes, folders,
unreadable files, workbook cells and import findings."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from forms import files
from forms.cli import main
from forms.commands import check as check_cmd
from forms.documents import Opened
from forms.rules import Finding, Severity, iter_rules
from forms.xlsx import IMPORT_RULES
from tests.test_rules_cases import SEED_RULES, fix_everything


def run_json(capsys, *argv: str) -> tuple[int, dict]:
    code = main(["check", "--format", "json", *argv])
    return code, json.loads(capsys.readouterr().out)


def test_json_contract(sample_path, capsys):
    code, data = run_json(capsys, str(sample_path))
    assert code == 1
    assert list(data) == ["files"]
    (entry,) = data["files"]
    assert list(entry) == ["path", "readable", "error", "findings"]
    assert entry["path"] == str(sample_path) and entry["readable"] is True and entry["error"] is None
    assert sorted({f["rule"] for f in entry["findings"]}) == SEED_RULES
    for f in entry["findings"]:
        assert list(f) == ["rule", "severity", "table", "field", "cell", "message"]
        assert f["severity"] in {"error", "warning", "info"} and f["cell"] is None
        assert all(isinstance(f[k], str) and f[k] for k in ("rule", "table", "field", "message"))


def test_text_format(sample_path, capsys):
    assert main(["check", str(sample_path)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == f"== {sample_path}"
    assert "错误 FLAG-01 项目基本信息表 basic.flags.major  是否重大项目未选择" in "\n".join(lines)
    assert any(line.startswith("警告 BUILD-05 项目基本信息表 narratives.content  ") for line in lines)
    data = [line for line in lines[1:] if line]
    assert data[-1].startswith("共 ") and "错误 " in data[-1] and "警告 " in data[-1] and "提示 " in data[-1]
    n = int(data[-1].split()[1])
    assert n == len(data) - 1


def test_clean_file_exits_0(sample, tmp_path, capsys):
    path = tmp_path / "fixed.bfproj"
    files.save(fix_everything(sample), path)
    assert main(["check", str(path)]) == 0
    assert capsys.readouterr().out.splitlines()[1] == "未发现问题"


def test_unreadable_file_exit_2_others_still_checked(sample_path, tmp_path, capsys):
    broken = tmp_path / "broken.bfproj"
    broken.write_text('{"schema_version": 1, "submission": {', encoding="utf-8")
    code, data = run_json(capsys, str(broken), str(sample_path), str(tmp_path / "missing.xlsx"))
    assert code == 2
    first, second, third = data["files"]
    assert first["readable"] is False and "broken.bfproj" in first["error"] and first["findings"] == []
    assert second["readable"] is True and second["findings"]
    assert third["readable"] is False and "missing.xlsx" in third["error"]


def test_folder_sorted_and_recursive(sample, sample_path, tmp_path, capsys):
    (tmp_path / "b").mkdir()
    shutil.copy(sample_path, tmp_path / "b" / "z.bfproj")
    files.save(fix_everything(sample), tmp_path / "a.bfproj")
    (tmp_path / "notes.txt").write_text("x", encoding="utf-8")
    (tmp_path / "~$a.xlsx").write_bytes(b"lock")
    code, data = run_json(capsys, str(tmp_path))
    assert code == 1
    assert [Path(e["path"]).relative_to(tmp_path).as_posix() for e in data["files"]] == ["a.bfproj", "b/z.bfproj"]


def test_empty_folder_is_reported(tmp_path, capsys):
    code, data = run_json(capsys, str(tmp_path))
    assert code == 2 and data["files"][0]["readable"] is False and "没有可检查" in data["files"][0]["error"]


def test_workbook_cells_and_import_findings(sample, tmp_path, monkeypatch, capsys):
    """A received workbook: the import's findings come first and every finding gets its cell."""
    imported = Finding("IMP-01", Severity.WARNING, "项目基本信息表", "basic.unit_email", "邮箱单元格无法识别", "项目基本信息表!F20")
    cells = {"basic.flags.major": "项目基本信息表!C7", "basic.flags": "项目基本信息表!C7:G10", "basic.unit_phone": "项目基本信息表!F18"}
    path = tmp_path / "received.xlsx"
    path.write_bytes(b"not really a workbook")
    monkeypatch.setattr("forms.documents.open_document", lambda p: Opened(Path(p), sample, "workbook", [imported], cells))
    entry = check_cmd.check_path(path)
    assert entry["readable"] is True
    assert entry["findings"][0] == imported.to_json()
    by_field = {f["field"]: f["cell"] for f in entry["findings"]}
    assert by_field["basic.flags.major"] == "项目基本信息表!C7"
    assert by_field["basic.flags.fund"] == "项目基本信息表!C7:G10"  # longest prefix with a cell
    assert by_field["basic.unit_phone"] == "项目基本信息表!F18"
    assert by_field["narratives.content"] is None
    assert main(["check", str(path)]) == 1
    assert "错误 FLAG-01 项目基本信息表 basic.flags.major [项目基本信息表!C7]  " in capsys.readouterr().out


def test_unexpected_error_while_opening_is_an_entry(tmp_path, monkeypatch):
    def boom(path):
        raise KeyError("xl/workbook.xml")

    monkeypatch.setattr("forms.documents.open_document", boom)
    entry = check_cmd.check_path(tmp_path / "odd.xlsx")
    assert entry["readable"] is False and "odd.xlsx" in entry["error"] and "Traceback" not in entry["error"]


def test_pack_option(sample_path, capsys):
    code, data = run_json(capsys, "--pack", "2021", str(sample_path))
    assert any(f["rule"] == "PERF-03" and "成本指标" in f["message"] for f in data["files"][0]["findings"])
    assert main(["check", "--pack", "1999", str(sample_path)]) == 1  # a year before all packs: the oldest
    capsys.readouterr()
    assert main(["check", "--pack", "nowhere", str(sample_path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "规则包" in err


def test_rules_lists_the_catalogue(capsys):
    assert main(["rules"]) == 0
    out = capsys.readouterr().out
    for r in iter_rules():
        assert f"  {r.id + ' ':<9}{r.severity.label}  {r.table}：{r.title}" in out
    assert out.rstrip().endswith(f"共 {len(list(iter_rules()))} 条规则，另有 {len(IMPORT_RULES)} 种读取工作簿时的提示。")


def test_rules_json_with_pack(capsys):
    assert main(["rules", "--format", "json", "--pack", "2021"]) == 0
    rules = {r["rule"]: r for r in json.loads(capsys.readouterr().out)["rules"]}
    assert rules["PERF-03"]["params"]["required_level1"] == ["产出指标", "成本指标", "效益指标", "满意度指标"]
    assert rules["PERF-11"]["severity"] == "warning"


def test_console_script_json_subprocess(sample_path, tmp_path):
    exe = os.path.join(os.path.dirname(sys.executable), "budgetforms")
    broken = tmp_path / "x.bfproj"
    broken.write_bytes(b"\x00\x01garbage")
    proc = subprocess.run([exe, "check", "--format", "json", str(sample_path), str(broken)],
                          capture_output=True, text=True, encoding="utf-8", timeout=120)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    data = json.loads(proc.stdout)
    assert [e["readable"] for e in data["files"]] == [True, False]


@pytest.mark.parametrize("argv", [["check"], ["check", "--format", "xml", "a.bfproj"]])
def test_bad_arguments(argv, capsys):
    with pytest.raises(SystemExit) as exc:
        main(argv)
    assert exc.value.code == 2
    assert capsys.readouterr().err.count("\n") == 1


def test_exported_workbook_checks_like_the_project_file(sample, tmp_path, capsys):
    """A received workbook (the sample exported to the official layout and read back): the same
    rules fire, and every finding names its sheet and cell."""
    from forms.xlsx import export_workbook

    path = tmp_path / "玉溪海关.xlsx"
    export_workbook(sample, path)
    code, data = run_json(capsys, str(path))
    assert code == 1
    (entry,) = data["files"]
    assert sorted({f["rule"] for f in entry["findings"] if not f["rule"].startswith("IMP")}) == SEED_RULES
    cells = {f["field"]: f["cell"] for f in entry["findings"]}
    assert all(cells.values())
    assert cells["basic.flags.major"].startswith("项目基本信息表!")
    assert cells["performance.indicators[4].unit"].startswith("项目绩效目标表!")
