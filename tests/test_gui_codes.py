"""The 功能科目 combo searches the whole tree: pinyin initials, names, codes, with the path shown; the
status bar says which year's lists the submission uses; the 代码表 menu loads an official list."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt

from desktop.widgets.code_combo import PATH_ROLE, TreeCodeCombo
from forms.codes import code_lists
from tests.test_gui import type_text

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support (raise|grabbing)")  # popups, offscreen


def _combo(window) -> TreeCodeCombo:
    window.show_step("基本信息")
    combo = window.page("基本信息").fields["basic.function_subject"]
    assert isinstance(combo, TreeCodeCombo)
    return combo


def test_pinyin_initials_find_primary_education(qtbot, sample_window):
    combo = _combo(sample_window)
    edit = combo.lineEdit()
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClicks(edit, "xxjy")
    popup = combo.completer().popup()
    qtbot.waitUntil(popup.isVisible)
    model = popup.model()
    first = model.index(0, 0)
    assert first.data() == "2050202 小学教育"
    assert first.data(PATH_ROLE) == "205 教育支出 › 20502 普通教育"
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    fs = sample_window.doc.submission.basic.function_subject
    assert (fs.code, fs.name) == ("2050202", "小学教育")
    assert edit.text() == "2050202 小学教育"
    qtbot.waitUntil(lambda: not any(f.rule == "CODE-01" for f in sample_window.doc.findings))


def test_a_class_name_lists_its_items_and_a_code_prefix_too(qtbot, sample_window):
    combo = _combo(sample_window)
    edit = combo.lineEdit()
    edit.selectAll()
    type_text(qtbot, edit, "普通教育")
    popup = combo.completer().popup()
    qtbot.waitUntil(popup.isVisible)
    shown = [popup.model().index(i, 0).data() for i in range(popup.model().rowCount())]
    assert "2050201 学前教育" in shown and "2050204 高中教育" in shown
    edit.selectAll()
    qtbot.keyClicks(edit, "2050203")
    qtbot.waitUntil(lambda: popup.model().rowCount() == 1)
    assert popup.model().index(0, 0).data() == "2050203 初中教育"


def test_long_names_fit_the_popup(qtbot, sample_window):
    combo = _combo(sample_window)
    edit = combo.lineEdit()
    edit.selectAll()
    type_text(qtbot, edit, "党委办公厅")
    popup = combo.completer().popup()
    qtbot.waitUntil(popup.isVisible)
    widest = max(popup.fontMetrics().horizontalAdvance(popup.model().index(i, 0).data())
                 for i in range(popup.model().rowCount()))
    assert popup.width() >= widest, "the longest 项 name is not cut"
    assert popup.width() <= sample_window.screen().availableGeometry().width()


def test_status_bar_names_the_year_of_the_lists(qtbot, sample_window):
    label = sample_window.findChild(type(sample_window.file_label), "codesYear")
    assert label.text() == "代码表 2020 年（内置）"
    assert "未核实完整" in label.toolTip()
    _combo(sample_window)
    page = sample_window.page("基本信息")
    year = page.fields["basic.budget_year"]
    year.lineEdit().selectAll()
    qtbot.keyClicks(year, "2027")
    qtbot.keyClick(year, Qt.Key.Key_Return)
    assert sample_window.doc.submission.basic.budget_year == 2027
    qtbot.waitUntil(lambda: label.text() == "代码表 2022 年（内置；2027 年没有）")
    assert "2027 年没有自己的代码表" in label.toolTip()


def test_menu_loads_an_exported_list(qtbot, sample_window, tmp_path, monkeypatch, data_dir):
    from desktop import codes_menu

    record = {"format": "budgetforms-codes", "key": "function", "kind": "功能科目", "year": 2020, "complete": True,
              "codes": {"201": "一般公共服务支出", "20113": "商贸事务", "2011304": "对外贸易管理",
                        "205": "教育支出", "20502": "普通教育", "2050202": "小学教育"}}
    path = tmp_path / "功能科目2020.json"
    path.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    monkeypatch.setattr(codes_menu, "open_file_name", lambda *a, **k: str(path))
    action = sample_window.findChild(type(sample_window.act_check), "actCodesImport")
    action.trigger()
    assert code_lists(2020)["function"].origin == "imported"
    label = sample_window.findChild(type(sample_window.file_label), "codesYear")
    qtbot.waitUntil(lambda: label.text() == "代码表 2020 年（导入正式）")
    combo = _combo(sample_window)
    assert combo.count() == 2, "the combo offers the 项 of the imported list"


def test_menu_refuses_a_bad_workbook_with_its_rows(qtbot, sample_window, tmp_path, monkeypatch, dialogs, data_dir):
    from openpyxl import Workbook

    from desktop import codes_menu

    wb = Workbook()
    for row in (("编码", "名称"), ("205", "教育支出"), ("2050301", "初等职业教育")):
        wb.active.append(row)
    path = tmp_path / "bad.xlsx"
    wb.save(path)
    monkeypatch.setattr(codes_menu, "open_file_name", lambda *a, **k: str(path))
    monkeypatch.setattr(codes_menu, "choose_kind", lambda *a, **k: "功能科目")
    monkeypatch.setattr(codes_menu, "choose_year", lambda *a, **k: 2020)
    sample_window.findChild(type(sample_window.act_check), "actCodesImport").trigger()
    seen, _answers = dialogs
    assert seen and seen[-1][0] == "warning"
    assert "第 3 行项 2050301“初等职业教育”的上级 20503 不在表中" in seen[-1][1]
    assert code_lists(2020)["function"].origin == "shipped"
    assert not (data_dir / "codes").exists()
