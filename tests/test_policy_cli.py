"""``budgetforms policy``: list, search, show, suggest, add, remove — and one-line errors."""

from __future__ import annotations

import pytest

from forms import files
from forms.cli import main
from tests.test_policy import farmland_submission


@pytest.fixture(autouse=True)
def data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("BUDGETFORMS_DATA_DIR", str(tmp_path / "data"))
    return tmp_path / "data"


def test_list(capsys):
    assert main(["policy", "list"]) == 0
    out = capsys.readouterr().out
    assert "004_e42eb1c3c63a5298  2023-01-02  随附   42 条  中共中央 国务院关于做好2023年全面推进乡村振兴重点工作的意见" in out
    assert "Some policies and measures for steady growth in 2022" in out
    assert "未收录 003_9bf916aa446f0126.txt" in out and "项目申报" in out


def test_search_brackets_when_not_a_terminal(capsys):
    assert main(["policy", "search", "外贸", "-n", "2"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == " 1. 《Some policies and measures for steady growth in 2022》(seventeen)  to support the development of foreign trade"
    assert out[1] == "    to support the development of 【foreign】 【trade】."
    assert out[3].startswith(" 2. ") and len(out) == 6


def test_search_in_colour(capsys):
    assert main(["policy", "search", "高标准农田", "--color", "always"]) == 0
    assert "\033[1;31m高标准农田\033[0m" in capsys.readouterr().out


def test_search_without_hits_exits_1(capsys):
    assert main(["policy", "search", "量子计算机"]) == 1
    assert "没有与“量子计算机”相关的条款" in capsys.readouterr().out


def test_show(capsys):
    assert main(["policy", "show", "004_e42eb1c3c63a5298"]) == 0
    out = capsys.readouterr().out
    assert "二、 加强农业基础设施建设\n    （六） 加强耕地保护和用途管控\n    （七） 加强高标准农田建设\n" in out


def test_suggest_for_a_project_file(tmp_path, capsys):
    path = tmp_path / "farmland.bfproj"
    files.save(farmland_submission(2023), path)
    assert main(["policy", "suggest", str(path), "-n", "3"]) == 0
    out = capsys.readouterr().out
    assert "《中共中央 国务院关于做好2023年全面推进乡村振兴重点工作的意见》（七）  加强高标准农田建设" in out


def test_add_list_remove(tmp_path, capsys):
    doc = tmp_path / "纪要.md"
    doc.write_text("# 某县人民政府常务会议纪要\n\n2022年3月1日\n\n一、同意实施县城污水管网改造项目。\n", encoding="utf-8")
    assert main(["policy", "add", str(doc)]) == 0
    assert "已加入政策库：纪要  2022-03-01  用户    1 条  某县人民政府常务会议纪要" in capsys.readouterr().out
    assert main(["policy", "search", "污水管网"]) == 0
    assert "《某县人民政府常务会议纪要》第一部分" in capsys.readouterr().out
    assert main(["policy", "remove", "纪要"]) == 0
    assert "已从政策库删除：某县人民政府常务会议纪要" in capsys.readouterr().out
    main(["policy", "search", "污水管网"])
    assert "会议纪要" not in capsys.readouterr().out


@pytest.mark.parametrize("argv,problem", [
    (["policy", "show", "nope"], "没有编号为“nope”的文件"),
    (["policy", "add", "missing.txt"], "文件不存在"),
    (["policy", "remove", "004_e42eb1c3c63a5298"], "随软件提供，不能删除"),
    (["policy", "search", " "], "请给出检索词"),
    (["policy", "search", "x", "-n", "0"], "-n 须为正整数"),
])
def test_errors_are_one_line_exit_2(capsys, argv, problem):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert problem in err and err.count("\n") == 1 and "Traceback" not in err
