"""``budgetforms codes``: list, search, diff, import (good and bad workbooks), export, and the app's
preference for an imported official list."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest
from openpyxl import Workbook

from forms.cli import main
from forms.codes import code_lists
from forms.rules import run


@pytest.fixture(autouse=True)
def data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("BUDGETFORMS_DATA_DIR", str(tmp_path / "data"))
    return tmp_path / "data"


def _book(path, rows):
    wb = Workbook()
    ws = wb.active
    for r in rows:
        ws.append(list(r))
    wb.save(path)
    return path


MOF_ROWS = [  # the 财政部 layout: a title, a two-row header, 类 and 款 carried down, 款/项 as 2 digits
    ("2027年政府收支分类科目 支出功能分类科目",),
    ("科目编码", None, None, "科目名称", "说明"),
    ("类", "款", "项", None, None),
    (205, None, None, "教育支出", "反映政府教育事务支出"),
    (None, "01", None, "教育管理事务", ""),
    (None, None, "01", "行政运行", ""),
    (None, "02", None, "普通教育", ""),
    (None, None, "01", "学前教育", ""),
    (None, None, "02", "小学教育", ""),
    (None, None, "03", "初中教育", ""),
    (None, None, "04", "高中教育", ""),
    (None, None, "06", "县域普通高中提升", ""),
]


def test_search_prints_code_and_name(capsys):
    assert main(["codes", "search", "小学教育", "--year", "2024"]) == 0
    out, err = capsys.readouterr()
    assert out.splitlines()[0] == "2050202 小学教育"
    assert "2024 年没有自己的代码表，使用 2022 年内置代码表" in err
    assert main(["codes", "search", "初中教育"]) == 0
    assert "2050203 初中教育" in capsys.readouterr().out.splitlines()


def test_search_pinyin_and_other_kinds(capsys):
    assert main(["codes", "search", "xxjy"]) == 0
    assert capsys.readouterr().out.splitlines()[0] == "2050202 小学教育"
    assert main(["codes", "search", "办公", "--kind", "部门经济分类"]) == 0
    assert "30201 办公费" in capsys.readouterr().out.splitlines()
    assert main(["codes", "search", "台式", "--kind", "采购品目"]) == 0
    assert capsys.readouterr().out == "A02010104 台式计算机\n"


def test_search_without_hits_exits_1(capsys):
    assert main(["codes", "search", "量子计算机"]) == 1
    assert "没有与“量子计算机”相符的编码" in capsys.readouterr().err


def test_unknown_kind_is_one_line_exit_2(capsys):
    assert main(["codes", "list", "--kind", "星座"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("budgetforms: 没有名为“星座”的代码表：可用的有 功能科目、部门经济分类") and err.count("\n") == 1


def test_list_counts_and_one_kind(capsys):
    assert main(["codes", "list", "--year", "2022"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == "2022 年：使用 2022 年的代码表（内置，未核实完整）"
    line = next(ln for ln in out.splitlines() if "\tfunction " in ln or "\tfunction\t" in ln or " function " in ln)
    assert "条（27、" in line and "2022 年内置，未核实完整" in line
    assert main(["codes", "list", "--kind", "项目分类"]) == 0
    assert capsys.readouterr().out.splitlines() == ["事业发展类", "专项业务类", "基本建设类", "其他类"]


def test_diff_between_years(capsys):
    assert main(["codes", "diff", "2020", "2021", "--kind", "功能科目"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert "~ 21305 扶贫 → 巩固脱贫衔接乡村振兴" in out
    assert out[-1] == "新增 0，删除 0，改名 1"


def test_import_good_workbook_is_preferred_and_checked_as_official(tmp_path, capsys, sample, data_dir):
    book = _book(tmp_path / "2027功能科目.xlsx", MOF_ROWS)
    assert main(["codes", "import", str(book), "--year", "2027", "--kind", "功能科目"]) == 0
    out = capsys.readouterr().out
    assert "已导入 2027 年功能科目代码表 9 条（类 1、款 2、项 6）" in out
    assert (data_dir / "codes" / "2027" / "function.json").is_file()

    lists = code_lists(2027)
    assert lists["function"].origin == "imported" and lists["function"].complete
    assert lists.describe() == "2027 年导入的正式代码表"
    assert code_lists(2026)["function"].origin == "shipped", "an import for 2027 leaves 2026 alone"
    assert code_lists(2029)["function"].data_year == 2027

    assert main(["codes", "search", "县域", "--year", "2027"]) == 0
    assert capsys.readouterr().out == "2050206 县域普通高中提升\n"

    sample.basic.budget_year = 2027
    sample.basic.function_subject = "2050202 小学教育"
    assert run(sample, ["CODE-01"]) == []
    sample.basic.function_subject = "2050288 小学教育"
    (f,) = run(sample, ["CODE-01"])
    assert f.severity.name == "ERROR", "a code missing from an official list is an error"
    assert "2027 年导入的正式代码表" in f.message and "相近的有 2050202 小学教育" in f.message
    assert "未核实完整" not in f.message


def test_import_libreoffice_resaved_xls(tmp_path, capsys):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice is installed by ./test"
    book = _book(tmp_path / "official.xlsx", MOF_ROWS)
    profile = tmp_path / "lo-profile"
    subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "xls",
                    "--outdir", str(tmp_path / "xls"), str(book)], check=True, capture_output=True, timeout=180)
    xls = tmp_path / "xls" / "official.xls"
    assert main(["codes", "import", str(xls), "--year", "2027"]) == 0
    assert "9 条" in capsys.readouterr().out
    assert code_lists(2027)["function"].names["2050101"] == "行政运行"


@pytest.mark.parametrize("rows, expected", [
    ([("代码表",), ("序号", "说明"), (1, "x")], "没有找到表头：需要“编码”和“名称”两列"),
    ([("编码", "名称"), ("205", "教育支出"), ("20502", "普通教育"), ("2050202", "小学教育"), ("2050202", "小学教育")],
     "第 5 行编码 2050202 与第 4 行重复"),
    ([("编码", "名称"), ("205", "教育支出"), ("20502", "普通教育"), ("2050202", "小学教育"), ("2050202", "小学")],
     "第 5 行编码 2050202“小学”与第 4 行“小学教育”冲突"),
    ([("编码", "名称"), ("205", "教育支出"), ("20502", "普通教育"), ("2050301", "初等职业教育")],
     "第 4 行项 2050301“初等职业教育”的上级 20503 不在表中（款缺失）"),
    ([("编码", "名称"), ("205", "教育支出"), ("205020", "普通教育")],
     "第 3 行编码“205020”格式不对"),
    ([("编码", "名称"), ("205", "教育支出"), ("20502", "")], "第 3 行编码 20502 没有名称"),
])
def test_bad_workbook_is_refused_whole(tmp_path, capsys, data_dir, rows, expected):
    before = code_lists(2027)["function"]
    book = _book(tmp_path / "bad.xlsx", rows)
    assert main(["codes", "import", str(book), "--year", "2027", "--kind", "功能科目"]) == 2
    err = capsys.readouterr().err
    assert expected in err and "Traceback" not in err
    assert not (data_dir / "codes" / "2027").exists(), "nothing half-loaded"
    assert code_lists(2027)["function"] is before


def test_bad_workbook_lists_every_problem_by_row(tmp_path, capsys):
    rows = [("编码", "名称"), ("205", "教育支出"), ("2050301", "初等职业教育"), ("205", "教育"), ("x1", "坏")]
    book = _book(tmp_path / "bad.xlsx", rows)
    assert main(["codes", "import", str(book), "--year", "2027"]) == 2
    lines = capsys.readouterr().err.splitlines()
    assert lines[0] == "budgetforms: 代码表工作簿“bad.xlsx”有 3 处问题，整份未导入（原有代码表不变）："
    assert [ln.split("行")[0].strip() for ln in lines[1:]] == ["第 3", "第 4", "第 5"]


def test_a_refused_import_keeps_the_earlier_official_list(tmp_path, capsys, data_dir):
    assert main(["codes", "import", str(_book(tmp_path / "good.xlsx", MOF_ROWS)), "--year", "2027"]) == 0
    good = (data_dir / "codes" / "2027" / "function.json").read_bytes()
    bad = _book(tmp_path / "bad.xlsx", [("编码", "名称"), ("2050301", "初等职业教育")])
    assert main(["codes", "import", str(bad), "--year", "2027"]) == 2
    assert (data_dir / "codes" / "2027" / "function.json").read_bytes() == good
    assert [p.name for p in (data_dir / "codes" / "2027").iterdir()] == ["function.json"], "no temp file left"


def test_workbook_import_needs_a_year(tmp_path, capsys):
    assert main(["codes", "import", str(_book(tmp_path / "g.xlsx", MOF_ROWS))]) == 2
    assert "请用 --year 指定预算年度" in capsys.readouterr().err


def test_export_and_load_elsewhere(tmp_path, capsys, monkeypatch, data_dir):
    assert main(["codes", "import", str(_book(tmp_path / "good.xlsx", MOF_ROWS)), "--year", "2027"]) == 0
    out = tmp_path / "功能科目2027.json"
    assert main(["codes", "export", str(out), "--year", "2027", "--kind", "功能科目"]) == 0
    assert "已导出功能科目代码表 9 条（2027 年导入的正式代码表）" in capsys.readouterr().out
    record = json.loads(out.read_text(encoding="utf-8"))
    assert record["year"] == 2027 and record["key"] == "function" and record["codes"]["2050206"] == "县域普通高中提升"

    # a department's computer: another data folder, the file loaded without naming year or kind
    monkeypatch.setenv("BUDGETFORMS_DATA_DIR", str(tmp_path / "department"))
    assert code_lists(2027)["function"].origin == "shipped"
    assert main(["codes", "import", str(out)]) == 0
    assert code_lists(2027)["function"].names == record["codes"]
    assert code_lists(2027)["function"].complete


def test_export_workbook_reads_back(tmp_path, capsys, data_dir):
    out = tmp_path / "部门经济分类.xlsx"
    assert main(["codes", "export", str(out), "--kind", "部门经济分类"]) == 0
    assert main(["codes", "import", str(out), "--year", "2026", "--kind", "部门经济分类"]) == 0
    assert code_lists(2026)["econ_dept"].names == code_lists(2022)["econ_dept"].names


def test_check_output_names_the_year_in_force(tmp_path, capsys, sample):
    from forms import files

    sample.basic.budget_year = 2026
    path = tmp_path / "p.bfproj"
    files.save(sample, path)
    main(["check", str(path)])
    lines = capsys.readouterr().out.splitlines()
    assert lines[1] == "提示：项目实施年度 2026 年没有自己的代码表，使用 2022 年内置代码表（未核实完整）"
    main(["check", str(path), "--format", "json"])
    entry = json.loads(capsys.readouterr().out)["files"][0]
    assert entry["codes_hint"].startswith("项目实施年度 2026 年没有自己的代码表")


def _bought(sample, catalogue):
    from datetime import date
    from decimal import Decimal

    from forms.model import ProcurementItem

    sample.procurement.items.append(ProcurementItem(name="办公电脑", catalogue=catalogue, method="询价", unit="台",
                                                    quantity=10, need_time=date(2020, 6, 1), amount=Decimal("60000.00")))
    return run(sample, ["CODE-06"])


def test_procurement_item_codes_against_the_shipped_catalogue(sample):
    assert _bought(sample, "A02010104 台式计算机") == []
    sample.procurement.items.clear()
    assert _bought(sample, "A02010199 其他计算机") == [], "the shipped catalogue is too short to call a code wrong"
    sample.procurement.items.clear()
    (f,) = _bought(sample, "A02010104 笔记本电脑")
    assert f.severity.name == "WARNING" and f.field == "procurement.items[0].catalogue"
    assert "名称应为“台式计算机”（A 货物 › A02 设备 › A0201 信息化设备 › A020101 计算机 › A02010104 台式计算机）" in f.message


def test_procurement_item_codes_against_an_official_catalogue(tmp_path, capsys, sample):
    rows = [("品目编码", "品目名称"), ("A", "货物"), ("A02", "设备"), ("A0201", "信息化设备"), ("A020101", "计算机"),
            ("A02010104", "台式计算机"), ("A02010105", "便携式计算机")]
    assert main(["codes", "import", str(_book(tmp_path / "品目.xlsx", rows)), "--year", "2020", "--kind", "采购品目"]) == 0
    assert _bought(sample, "A02010105 便携式计算机") == []
    sample.procurement.items.clear()
    (f,) = _bought(sample, "A02010109 便携式计算机")
    assert f.severity.name == "ERROR"
    assert "不在 2020 年导入的正式代码表中：相近的有 A02010105 便携式计算机" in f.message


@pytest.mark.parametrize("argv, expected", [
    (["codes", "export", "x.json", "--kind", "对照表"], "“经济分类对照表”不是编码表"),
    (["codes", "diff", "2020", "2022", "--kind", "对照表"], "对照表不能比较"),
    (["codes", "import", "book.xlsx", "--year", "2027", "--kind", "项目分类"], "“项目分类”不是编码表"),
    (["codes", "import", "missing.xlsx", "--year", "2027"], "找不到代码表工作簿“missing.xlsx”"),
    (["codes", "import", "bad.json"], "无法读取代码表文件“bad.json”"),
])
def test_wrong_kinds_and_files_are_one_line_exit_2(tmp_path, monkeypatch, capsys, argv, expected):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "bad.json").write_text("{nope", encoding="utf-8")
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert expected in err and err.count("\n") == 1


def test_list_of_the_economic_map(capsys):
    assert main(["codes", "list", "--kind", "对照表"]) == 0
    assert "30201 办公费 → 50201、50502" in capsys.readouterr().out.splitlines()
