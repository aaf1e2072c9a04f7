"""The reviewer's workspace: scores, opinions and 已审 / 退回 marks kept beside the received folder,
never in it; the folder reopened shows the same submissions with their saved scores; a file
changed since is noticed; each submission prints as a 评审意见书."""

from __future__ import annotations

import hashlib
import subprocess
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox

from desktop.reviewer import ReviewerWindow
from desktop.reviewer.scoring import COL_FINANCE, COL_OPINION
from desktop.reviewer.table import COLUMN
from forms import files, review_workspace, verified
from forms.errors import UserError
from forms.rules import check
from forms.xlsx import export_workbook
from tests.test_reviewer import type_into_cell


@pytest.fixture(autouse=True)
def no_modal_boxes(monkeypatch):
    seen = []
    for kind in ("warning", "information", "critical"):
        monkeypatch.setattr(QMessageBox, kind, staticmethod(lambda *a, **k: seen.append(a[2]) or QMessageBox.StandardButton.Ok))
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Discard))
    return seen


@pytest.fixture
def inbox(tmp_path, sample):
    folder = tmp_path / "收到的申报"
    (folder / "二科").mkdir(parents=True)
    marked = sample.model_copy(deep=True)
    phone = next(f for f in check(marked) if f.rule == "CONT-01" and f.field == "basic.unit_phone")
    marked.verified.append(verified.make_mark(marked, phone, "单位电话为本地固话，已核实"))
    files.save(marked, folder / "01-玉溪海关.bfproj", keep_backup=False)
    other = sample.model_copy(deep=True)
    other.basic.name = "某县农贸市场改造项目"
    other.basic.main_code = "C205010103099"
    export_workbook(other, folder / "二科" / "02-农贸市场.xlsx")
    return folder


def snapshot(folder):
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def open_folder(qtbot, folder, **kwargs) -> ReviewerWindow:
    window = ReviewerWindow()
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.batch_finished, timeout=120_000):
        window.open_folder(folder)
    return window


def test_a_review_saved_and_reopened_leaves_the_received_folder_unchanged(qtbot, inbox, tmp_path):
    before = snapshot(inbox)
    window = open_folder(qtbot, inbox)
    duplicates = [(d.kind, d.files) for d in window.result.duplicates]
    assert window.open_submission(0)
    # the department's 已核实 mark is shown to the reviewer, greyed, with its reason
    shown = [(window.findings.item(r, 0).text(), window.findings.item(r, 5).text(),
              window.findings.item(r, 0).foreground().color().name()) for r in range(window.findings.rowCount())]
    marked = [row for row in shown if row[0] == "警告（已核实）"]
    assert len(marked) == 1 and "【已核实：单位电话为本地固话，已核实】" in marked[0][1] and marked[0][2] == "#8a8a8a"
    scoring = window.scoring
    row = scoring.row_of("2.2(3)")
    type_into_cell(qtbot, scoring.table, row, COL_FINANCE, "7.5")
    type_into_cell(qtbot, scoring.table, row, COL_OPINION, "unit of one indicator wrong")
    # the conclusion by keyboard: 未定 → 已审 → 退回
    window.conclusion.setFocus()
    QTest.keyClick(window.conclusion, Qt.Key.Key_Down)
    QTest.keyClick(window.conclusion, Qt.Key.Key_Down)
    assert window.conclusion.currentText() == "退回"
    QTest.keyClicks(window.remark, "please fix the flags and resend")
    assert window.proxy.data(window.proxy.index(0, COLUMN["review"])) == "退回"
    assert window.open_submission(1)
    type_into_cell(qtbot, window.scoring.table, window.scoring.row_of("3.1(4)"), COL_FINANCE, "3")
    window.conclusion.setFocus()
    QTest.keyClick(window.conclusion, Qt.Key.Key_Down)
    assert window.conclusion.currentText() == "已审"

    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    QTest.keyClick(window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)  # 保存评审
    workspace = tmp_path / "收到的申报-评审"
    assert (workspace / "评审.json").exists() and not window.dirty
    assert snapshot(inbox) == before, "nothing written into the received folder"
    totals = [window.proxy.data(window.proxy.index(r, COLUMN["finance"])) for r in range(2)]
    window.close()

    # reopened: the same two submissions, their scores and marks back, the folder still as received
    again = open_folder(qtbot, inbox)
    assert [r.path.name for r in again.result.files] == ["01-玉溪海关.bfproj", "02-农贸市场.xlsx"]
    assert [(d.kind, d.files) for d in again.result.duplicates] == duplicates, "no scored copy, no false duplicate"
    assert [again.proxy.data(again.proxy.index(r, COLUMN["review"])) for r in range(2)] == ["退回", "已审"]
    assert [again.proxy.data(again.proxy.index(r, COLUMN["finance"])) for r in range(2)] == totals
    assert again.open_submission(0)
    item = again.opened[0].submission.budget_review.sections[1].groups[1].items[2]
    assert (item.finance_score, item.opinion) == (Decimal("7.5"), "unit of one indicator wrong")
    assert again.scoring.table.item(again.scoring.row_of("2.2(3)"), COL_FINANCE).text() == "7.50"
    assert (again.conclusion.currentText(), again.remark.text()) == ("退回", "please fix the flags and resend")
    assert again.open_submission(1)
    assert again.opened[1].submission.budget_review.sections[2].groups[0].items[3].finance_score == Decimal(3)
    assert snapshot(inbox) == before

    # the 评审意见书: scores, opinions, the conclusion and the findings with the 已核实 reason
    assert again.open_submission(0)
    pdf = again.print_opinion()
    assert pdf.parent == workspace and pdf.suffix == ".pdf"
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    for words in ("项目支出预算评审意见书", "玉溪海关综合业务用房项目补助资金", "退回修改", "please fix the flags",
                  "unit of one indicator wrong", "7.50", "FLAG-01", "已核实：单位电话为本地固话，已核实",
                  before["01-玉溪海关.bfproj"]):
        assert words in text.replace("\n", ""), words
    assert snapshot(inbox) == before


def test_a_file_changed_since_the_review_is_noticed_and_not_given_the_old_scores(qtbot, inbox, sample):
    window = open_folder(qtbot, inbox)
    assert window.open_submission(0)
    type_into_cell(qtbot, window.scoring.table, window.scoring.row_of("2.2(3)"), COL_FINANCE, "2")
    assert window.save_review()
    window.close()
    changed = files.load(inbox / "01-玉溪海关.bfproj")
    changed.basic.unit_phone = "0877-2025172"  # the department sent a corrected file under the same name
    files.save(changed, inbox / "01-玉溪海关.bfproj", keep_backup=False)
    again = open_folder(qtbot, inbox)
    assert again.proxy.data(again.proxy.index(0, COLUMN["review"])) == "文件已改动"
    assert "1 个文件与评审时不同" in again.statusBar().currentMessage()
    assert again.open_submission(0)
    item = again.opened[0].submission.budget_review.sections[1].groups[1].items[2]
    assert item.finance_score == Decimal("6.00"), "the received file's own value, not the old review's 2"


def test_the_workspace_is_never_inside_the_received_folder(qtbot, inbox, tmp_path, no_modal_boxes):
    with pytest.raises(UserError, match="不能放在收到的申报所在的文件夹"):
        review_workspace.Workspace.open(inbox, inbox / "评审")
    with pytest.raises(UserError):
        review_workspace.Workspace.open(inbox, inbox)
    window = open_folder(qtbot, inbox)
    assert not window.set_workspace(inbox / "二科")
    assert "不能放在" in no_modal_boxes[-1]
    chosen = tmp_path / "我的评审"
    with qtbot.waitSignal(window.batch_finished, timeout=120_000):
        assert window.set_workspace(chosen)
    assert window.workspace.folder == chosen.resolve()
    assert window.open_submission(0)
    assert window.export_project(inbox / "评分.bfproj") is None
    assert window.save_review() == chosen.resolve() / "评审.json"


def test_a_broken_workspace_file_is_reported_not_overwritten(tmp_path, inbox):
    folder = review_workspace.default_folder(inbox)
    folder.mkdir()
    (folder / "评审.json").write_text("{", encoding="utf-8")
    with pytest.raises(UserError, match="无法读取"):
        review_workspace.Workspace.open(inbox)
    assert (folder / "评审.json").read_text(encoding="utf-8") == "{"


def test_the_review_verb_refuses_a_workspace_inside_the_received_folder(inbox, capsys):
    from desktop.cli import main

    assert main(["review", str(inbox), "--workspace", str(inbox / "评审")]) == 2
    assert "不能放在收到的申报所在的文件夹" in capsys.readouterr().err
    assert sorted(p.name for p in inbox.iterdir()) == ["01-玉溪海关.bfproj", "二科"]
