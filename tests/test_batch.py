"""The batch check on real files: a folder with clean, faulty, broken and foreign submissions, each
checked exactly as ``budgetforms check FILE`` checks it alone, the check verb's ``--report`` and
exit codes, and the report workbook and PDF."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from pypdf import PdfReader

from forms import batch, files, reviewing
from forms.cli import main
from forms.commands.check import check_path, expand
from forms.model import FLAGS, FundingYear, YesNo
from forms.xlsx import export_workbook


def clean(sample):
    """The sample with every error a careful officer would fix, fixed."""
    s = sample.model_copy(deep=True)
    for spec in FLAGS:
        setattr(s.basic.flags, spec.key, YesNo.NO)
    s.basic.flags.construction = YesNo.YES
    s.basic.flags.major = YesNo.YES
    ind = s.performance.indicators[4]
    ind.operator, ind.kind, ind.unit = "定性", "定性指标", ""
    for *_, item in s.construction_review.items():
        item.self_score = item.weight
        item.finance_score = item.weight
    s.construction_review.total_score.self_score = s.construction_review.computed("self_score")
    s.budget_review.supplement_score.self_score = s.construction_review.computed("self_score")
    s.budget_review.total_score.self_score = reviewing.overall(s, "self_score")
    reviewing.update_totals(s)
    return s


@pytest.fixture
def inbox(tmp_path, sample):
    folder = tmp_path / "收到的申报"
    (folder / "二科").mkdir(parents=True)
    files.save(clean(sample), folder / "01-无错误.bfproj", keep_backup=False)
    faulty = clean(sample)
    faulty.basic.name = "某县农贸市场改造项目"
    faulty.basic.main_code = "C205010103099"
    faulty.basic.funding[0] = FundingYear(year=2020, total=Decimal("20000000"), local=Decimal("19000000"))
    export_workbook(faulty, folder / "02-合计不符.xlsx")
    over = clean(sample)
    over.budget_review.sections[0].groups[0].items[0].finance_score = Decimal(9)  # weight 8
    files.save(over, folder / "二科" / "03-超权重.bfproj", keep_backup=False)
    export_workbook(sample, folder / "二科" / "04-原样.xlsx")
    good = folder / "05-截断.xlsx"
    export_workbook(sample, good)
    good.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    wb = Workbook()
    wb.active["A1"] = "工资表"
    wb.save(folder / "06-别的表.xlsx")
    bomb(folder / "二科" / "07-压缩炸弹.xlsx", good_source=folder / "02-合计不符.xlsx")
    (folder / "说明.txt").write_text("不是申报", encoding="utf-8")
    return folder


def bomb(path: Path, good_source: Path) -> None:
    """A workbook whose first sheet inflates from a few KB to 8 MB of zeros."""
    with zipfile.ZipFile(good_source) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                head, _, tail = data.decode().partition("</sheetData>")
                filler = "0" * (8 * 1024 * 1024)
                data = f"{head}<row r='9999'><c r='A9999' t='inlineStr'><is><t>{filler}</t></is></c></row></sheetData>{tail}".encode()
            out.writestr(info.filename, data)


def test_every_file_is_checked_exactly_as_alone(inbox):
    result = batch.run_batch([inbox])
    names = [r.path.relative_to(inbox).as_posix() for r in result.files]
    assert names == ["01-无错误.bfproj", "02-合计不符.xlsx", "05-截断.xlsx", "06-别的表.xlsx", "二科/03-超权重.bfproj",
                     "二科/04-原样.xlsx", "二科/07-压缩炸弹.xlsx"]
    for r in result.files:
        assert r.entry == check_path(r.path)
        assert r.sha256 == hashlib.sha256(r.path.read_bytes()).hexdigest()
    by_name = {r.path.name: r for r in result.files}
    assert by_name["01-无错误.bfproj"].readable and by_name["01-无错误.bfproj"].errors == 0
    assert {f["rule"] for f in by_name["02-合计不符.xlsx"].findings if f["severity"] == "error"} >= {"FUND-01"}
    fund = next(f for f in by_name["02-合计不符.xlsx"].findings if f["rule"] == "FUND-01")
    assert fund["cell"] and fund["cell"].startswith("项目基本信息表!")
    assert "REV-02" in {f["rule"] for f in by_name["03-超权重.bfproj"].findings}
    assert not by_name["05-截断.xlsx"].readable and "05-截断.xlsx" in by_name["05-截断.xlsx"].error
    assert not by_name["06-别的表.xlsx"].readable and "不像是" in by_name["06-别的表.xlsx"].error
    assert not by_name["07-压缩炸弹.xlsx"].readable and "压缩炸弹" in by_name["07-压缩炸弹.xlsx"].error
    assert by_name["01-无错误.bfproj"].summary.name == "玉溪海关综合业务用房项目补助资金"
    assert by_name["01-无错误.bfproj"].summary.total_amount == Decimal("57000000")
    kinds = {d.kind: d for d in result.duplicates}
    same = kinds["same_code"]  # 01, 03 and 04 all carry the sample's 项目主码
    assert [result.files[i].path.name for i in same.files] == ["01-无错误.bfproj", "03-超权重.bfproj", "04-原样.xlsx"]
    assert result.exit_code() == 2


def run_cli(capsys, *argv):
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_check_folder_report_workbook(inbox, tmp_path, capsys):
    report = tmp_path / "报告.xlsx"
    code, out, err = run_cli(capsys, "check", str(inbox), "--format", "json", "--report", str(report))
    data = json.loads(out)
    assert code == 2  # a file could not be read
    assert [e["path"] for e in data["files"]] == [str(p) for p in expand([inbox])]
    assert data["files"] == [check_path(p) for p in expand([inbox])]
    assert "已写出检查报告" in err

    wb = load_workbook(report)
    assert wb.sheetnames == ["汇总", "检查结果明细", "重复与雷同"]
    ws = wb["汇总"]
    head = next(r for r in range(1, 10) if ws.cell(r, 1).value == "序号")
    headers = [c.value for c in ws[head]]
    rows = [dict(zip(headers, r, strict=True)) for r in ws.iter_rows(min_row=head + 1, values_only=True)]
    assert len(rows) == len(data["files"])
    for row, entry in zip(rows, data["files"], strict=True):
        path = Path(entry["path"])
        assert row["文件"] == path.name
        assert row["错误"] == sum(f["severity"] == "error" for f in entry["findings"])
        assert row["警告"] == sum(f["severity"] == "warning" for f in entry["findings"])
        assert row["SHA-256"] == hashlib.sha256(path.read_bytes()).hexdigest()
        if entry["readable"]:
            assert row["检查结论"].startswith(("通过", "无错误", "有 "))
        else:
            assert row["检查结论"] == f"无法读取：{entry['error']}"
    first = rows[0]
    assert (first["项目名称"], first["主管部门"], first["基层项目单位"]) == ("玉溪海关综合业务用房项目补助资金", "玉溪市商务局", "玉溪市商务局")
    assert first["实施年度"] == "2020–2021" and first["申请金额合计(元)"] == 57000000
    assert "2020年 20,000,000.00" in first["各年申请金额(元)"]
    assert (first["部门自评总分"], first["财政评审总分"]) == (100, 88)  # (76 + supplement 100) ÷ 2, the 2020 pack

    detail = wb["检查结果明细"]
    dhead = next(r for r in range(1, 10) if detail.cell(r, 1).value == "序号")
    dheaders = [c.value for c in detail[dhead]]
    drows = [dict(zip(dheaders, r, strict=True)) for r in detail.iter_rows(min_row=dhead + 1, values_only=True)]
    expected = sum(len(e["findings"]) if e["readable"] else 1 for e in data["files"])
    assert len(drows) == expected
    fund = next(r for r in drows if r["规则"] == "FUND-01")
    assert fund["文件"] == "02-合计不符.xlsx" and fund["单元格"].startswith("项目基本信息表!")
    assert any(r["严重程度"] == "无法读取" and r["文件"] == "05-截断.xlsx" for r in drows)
    dups = wb["重复与雷同"]
    assert any(c.value == "项目主码相同" for row in dups.iter_rows() for c in row)


def test_check_folder_report_pdf(inbox, tmp_path, capsys):
    report = tmp_path / "报告.pdf"
    code, out, err = run_cli(capsys, "check", str(inbox), "--report", str(report))
    assert code == 2
    text = "".join(page.extract_text() for page in PdfReader(report).pages)
    assert "项目支出预算申报批量检查报告" in text
    for name in ("01-无错误.bfproj", "02-合计不符.xlsx", "05-截断.xlsx", "FUND-01"):
        assert name in text
    fonts = {str(f.get("/BaseFont")) for page in PdfReader(report).pages
             for f in (page["/Resources"].get("/Font") or {}).values()
             for f in [f.get_object()]}
    assert any("WenQuanYi" in f or "CJK" in f or "+" in f for f in fonts)


def test_exit_codes_follow_the_check_contract(inbox, tmp_path, capsys):
    only = tmp_path / "只有两份"
    only.mkdir()
    (inbox / "01-无错误.bfproj").rename(only / "01-无错误.bfproj")
    code, _, _ = run_cli(capsys, "check", str(only), "--report", str(tmp_path / "a.xlsx"))
    assert code == 0
    (inbox / "02-合计不符.xlsx").rename(only / "02-合计不符.xlsx")
    code, _, _ = run_cli(capsys, "check", str(only), "--report", str(tmp_path / "b.xlsx"))
    assert code == 1


def test_a_report_in_the_folder_is_not_checked_and_a_bad_suffix_is_refused(inbox, capsys):
    report = inbox / "报告.xlsx"
    run_cli(capsys, "check", str(inbox), "--report", str(report))
    code, out, _ = run_cli(capsys, "check", str(inbox), "--format", "json", "--report", str(report))
    assert "报告.xlsx" not in {Path(e["path"]).name for e in json.loads(out)["files"]}
    code, _, err = run_cli(capsys, "check", str(inbox), "--report", str(inbox / "r.docx"))
    assert code == 2 and "只能是 .xlsx 工作簿或 .pdf" in err


def test_many_files_go_through_the_batch_with_a_progress_line(sample, tmp_path, capsys):
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(20):
        s = sample.model_copy(deep=True)
        s.basic.main_code = f"C{i:03d}"
        files.save(s, folder / f"{i:02d}.bfproj", keep_backup=False)
    code, out, err = run_cli(capsys, "check", str(folder), "--format", "json")
    assert code == 1
    assert len(json.loads(out)["files"]) == 20
    assert "已检查 20/20 个文件" in err
    assert json.loads(out)["files"][7] == check_path(folder / "07.bfproj")


def test_terminal_progress_rewrites_one_line_on_a_terminal():
    class Tty(io.StringIO):
        def isatty(self):
            return True

    out = Tty()
    bar = batch.TerminalProgress(out, min_files=2)
    bar(1, 3)
    bar(3, 3)
    bar.close()
    assert out.getvalue().startswith("\r已检查 1/3 个文件") and "\r已检查 3/3 个文件" in out.getvalue()
    assert out.getvalue().endswith("\n")


def test_the_pack_reaches_the_workers(inbox, tmp_path, capsys):
    from forms.rules.packs import load_pack

    code, out, _ = run_cli(capsys, "check", str(inbox), "--format", "json", "--pack", "2021",
                           "--report", str(tmp_path / "r.xlsx"))
    pack = load_pack("2021")
    data = json.loads(out)["files"]
    assert data == [check_path(p, pack=pack) for p in expand([inbox])]
    assert data != [check_path(p) for p in expand([inbox])]  # the 2021 pack judges differently
