"""Reviewer mode, driven through its widgets: open a folder, wait for the check, sort by errors,
open the worst submission, score an item above its weight and see it refused, score it within,
save the scored submission, export the report."""

from __future__ import annotations

from decimal import Decimal

import pytest
from openpyxl import Workbook, load_workbook
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QAbstractItemView, QLineEdit

from desktop.reviewer import ReviewerWindow
from desktop.reviewer.scoring import COL_FINANCE
from desktop.reviewer.table import COLUMN
from forms import files
from forms.model import FundingYear


@pytest.fixture
def folder(tmp_path, sample):
    inbox = tmp_path / "收到的申报"
    inbox.mkdir()
    files.save(sample, inbox / "01-玉溪海关.bfproj", keep_backup=False)
    faulty = sample.model_copy(deep=True)
    faulty.basic.name = "某县农贸市场改造项目"
    faulty.basic.main_code = "C999"
    faulty.basic.funding[0] = FundingYear(year=2020, total=Decimal("20000000"), local=Decimal("19000000"))
    files.save(faulty, inbox / "02-有错误.bfproj", keep_backup=False)
    (inbox / "03-损坏.bfproj").write_text('{"schema_version": 1, "submission": {', encoding="utf-8")
    wb = Workbook()
    wb.active["A1"] = "工资表"
    wb.save(inbox / "04-别的表.xlsx")
    (inbox / "说明.txt").write_text("不是申报", encoding="utf-8")  # not a submission's suffix: left alone
    return inbox


def click_header(qtbot, view, column):
    header = view.horizontalHeader()
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2))


def column_values(window, column):
    proxy = window.proxy
    return [proxy.data(proxy.index(r, column)) for r in range(proxy.rowCount())]


def type_into_cell(qtbot, table, row, column, text):
    table.setCurrentCell(row, column)
    table.editItem(table.item(row, column))
    editors = [e for e in table.viewport().findChildren(QLineEdit) if e.isVisible()]
    assert len(editors) == 1
    editor = editors[0]
    editor.selectAll()
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: table.state() != QAbstractItemView.State.EditingState)  # the commit is queued


def test_reviewer_checks_a_folder_scores_one_and_exports_the_report(qtbot, folder, tmp_path):
    window = ReviewerWindow()
    qtbot.addWidget(window)
    window.show()
    progress_seen = []
    window.progress.valueChanged.connect(progress_seen.append)

    window.open_folder(folder)
    assert window.busy and window.progress_box.isVisible()
    with qtbot.waitSignal(window.batch_finished, timeout=120_000) as finished:
        pass
    result = finished.args[0]
    assert not window.busy and not window.progress_box.isVisible()
    assert progress_seen and progress_seen[-1] == 4
    assert window.proxy.rowCount() == 4
    assert [r.path.name for r in result.files] == ["01-玉溪海关.bfproj", "02-有错误.bfproj", "03-损坏.bfproj", "04-别的表.xlsx"]
    assert column_values(window, COLUMN["status"])[2:] == ["无法读取", "无法读取"]

    # sort by errors, most first
    view = window.view
    click_header(qtbot, view, COLUMN["errors"])
    if view.horizontalHeader().sortIndicatorOrder() != Qt.SortOrder.DescendingOrder:
        click_header(qtbot, view, COLUMN["errors"])
    errors = [int(v) for v in column_values(window, COLUMN["errors"])]
    assert errors == sorted(errors, reverse=True) and errors[0] > errors[1]
    assert window.proxy.data(window.proxy.index(0, COLUMN["file"])) == "02-有错误.bfproj"

    # filter: only the unreadable ones, then all again
    window.status_filter.setCurrentText("无法读取")
    assert sorted(column_values(window, COLUMN["file"])) == ["03-损坏.bfproj", "04-别的表.xlsx"]
    window.status_filter.setCurrentText("全部")
    window.filter_edit.setText("农贸")  # (QTest cannot type Chinese: an input method would)
    assert column_values(window, COLUMN["file"]) == ["02-有错误.bfproj"]
    window.filter_edit.clear()

    # open the one with most errors by double-clicking its row
    rect = view.visualRect(window.proxy.index(0, COLUMN["name"]))
    with qtbot.waitSignal(window.submission_opened, timeout=10_000):
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.current == 1
    entry = result.files[1]
    assert window.findings.rowCount() == len(entry.findings)
    messages = [window.findings.item(r, 5).text() for r in range(window.findings.rowCount())]
    assert any("2020" in m for m in messages)

    # suggestions next to the items they bear on
    scoring = window.scoring
    indicator_findings = [f for f in entry.findings if f["field"].startswith("performance.indicators")]
    assert indicator_findings
    for f in indicator_findings:
        assert f["message"] in scoring.suggestion_text("2.2(3)")
    copied = [f for f in entry.findings if f["rule"] == "TEXT-02" and f["field"].startswith("narratives.")]
    assert copied, "the sample's copied 内控机制 / 财务管理制度 narratives are found"
    assert copied[0]["message"] in scoring.suggestion_text("3.1(4)")
    assert copied[0]["message"] in scoring.suggestion_text("3.2(1)")

    # a score above the weight is refused, the old one stays, the totals do not move
    row = scoring.row_of("2.2(3)")
    before = scoring.totals.text()
    assert "财政评审 76.00" in before
    type_into_cell(qtbot, scoring.table, row, COL_FINANCE, "9")
    assert scoring.table.item(row, COL_FINANCE).text() == "6.00"
    assert "超过该项权重 8 分" in scoring.message.text()
    assert scoring.totals.text() == before
    assert window.opened[1].submission.budget_review.sections[1].groups[1].items[2].finance_score == Decimal("6.00")

    # within the weight it is taken and the totals are re-added at once
    type_into_cell(qtbot, scoring.table, row, COL_FINANCE, "7.5")
    assert scoring.table.item(row, COL_FINANCE).text() == "7.50"
    assert scoring.message.text() == ""
    assert "财政评审 77.50" in scoring.totals.text()
    assert window.proxy.data(window.proxy.index(0, COLUMN["finance"])) == "77.50"

    saved = window.save_review()  # into the workspace beside the received folder, not into it
    assert saved == folder.parent / "收到的申报-评审" / "评审.json"
    assert not (folder / "02-有错误.bfproj.bak").exists()
    kept = window.workspace.entries["02-有错误.bfproj"]
    assert kept.scores["budget_review.sections[1].groups[1].items[2]"]["finance_score"] == "7.5"
    assert Decimal(kept.finance_total) == Decimal("77.5")
    assert not window.dirty

    # the report, with the new score
    out = window.export_report(tmp_path / "报告.xlsx")
    wb = load_workbook(out)
    assert wb.sheetnames[:2] == ["汇总", "检查结果明细"]
    ws = wb["汇总"]
    header_row = next(r for r in range(1, 10) if ws.cell(r, 1).value == "序号")
    rows = list(ws.iter_rows(min_row=header_row + 1, values_only=True))
    assert [r[1] for r in rows] == [f.path.name for f in result.files]
    headers = [c.value for c in ws[header_row]]
    assert rows[1][headers.index("财政评审总分")] == 77.5
    assert rows[1][headers.index("错误")] == entry.errors


def test_a_received_workbook_is_scored_and_saved_as_a_project_file(qtbot, tmp_path, sample):
    from forms.xlsx import export_workbook

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    export_workbook(sample, inbox / "收到.xlsx")
    window = ReviewerWindow()
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.batch_finished, timeout=120_000):
        window.open_folder(inbox)
    assert window.open_submission(0)
    row = window.scoring.row_of("3.1(4)")
    type_into_cell(qtbot, window.scoring.table, row, COL_FINANCE, "3")
    opinion_row = window.scoring.row_of("3.1(4)")
    window.scoring.table.item(opinion_row, 4).setText("内控机制与财务管理制度雷同，酌情给分")
    saved = window.export_project(tmp_path / "评审结果")
    assert saved == tmp_path / "评审结果.bfproj"
    again = files.load(saved)
    item = again.budget_review.sections[2].groups[0].items[3]
    assert (item.finance_score, item.opinion) == (Decimal(3), "内控机制与财务管理制度雷同，酌情给分")
    assert again.budget_review.table_score.finance_score == Decimal(79)
    assert (inbox / "收到.xlsx").exists() and not (inbox / "收到.bfproj").exists()
    assert window.save_review() == tmp_path / "inbox-评审" / "评审.json"
    assert sorted(p.name for p in inbox.iterdir()) == ["收到.xlsx"]


def test_the_progress_bar_cancels_a_batch_stuck_on_hostile_files(qtbot, tmp_path):
    from tests.test_batch_engine import fake_check

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for i, kind in enumerate(["ok", "ok", "stuck", "stuck", "stuck"] + ["ok"] * 10):
        (inbox / f"{i:02d}.xlsx").write_text(kind + "\n", encoding="utf-8")
    window = ReviewerWindow()
    window.batch_options = {"check": fake_check, "timeout": 300}
    qtbot.addWidget(window)
    window.show()
    window.open_folder(inbox)
    qtbot.waitUntil(lambda: window.progress.maximum() == 15 and window.progress.value() >= 2, timeout=60_000)
    assert window.progress_box.isVisible() and not window.open_action.isEnabled()
    with qtbot.waitSignal(window.batch_finished, timeout=60_000) as finished:
        qtbot.mouseClick(window.cancel_button, Qt.MouseButton.LeftButton)
    result = finished.args[0]
    assert result.cancelled and len(result.files) < 15
    assert window.statusBar().currentMessage().startswith("已取消")
    assert window.proxy.rowCount() == len(result.files)
    assert not window.busy and window.open_action.isEnabled()


def test_the_pdf_report_is_exported_in_the_background(qtbot, folder, tmp_path):
    from pypdf import PdfReader

    window = ReviewerWindow()
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.batch_finished, timeout=120_000):
        window.open_folder(folder)
    out = tmp_path / "报告.pdf"
    with qtbot.waitSignal(window.report_exported, timeout=120_000) as exported:
        window.start_export(out)
        assert window.busy and not window.export_action.isEnabled()
    assert exported.args == [str(out)]
    assert not window.busy and window.export_action.isEnabled()
    text = "".join(page.extract_text() for page in PdfReader(out).pages)
    for name in ("01-玉溪海关.bfproj", "02-有错误.bfproj", "03-损坏.bfproj", "04-别的表.xlsx", "FUND-01"):
        assert name in text


def test_a_folder_checked_again_reads_only_the_changed_file_and_shows_the_same_list(qtbot, folder, data_dir):
    def check(window):
        window.open_folder(folder)
        with qtbot.waitSignal(window.batch_finished, timeout=120_000) as finished:
            pass
        result = finished.args[0]
        return [(r.path.name, r.entry, r.summary, r.seconds) for r in result.files]

    from forms.batch.cache import cache_path

    window = ReviewerWindow()
    qtbot.addWidget(window)
    window.show()
    first = check(window)
    assert cache_path().is_file(), "the batch kept its results in the data folder"
    changed = files.load(folder / "02-有错误.bfproj")
    changed.basic.funding[0] = FundingYear(year=2020)
    files.save(changed, folder / "02-有错误.bfproj", keep_backup=False)
    again = check(window)
    assert [row[0] for row in again] == [row[0] for row in first]
    unchanged = [0, 2, 3]
    assert [again[i][:3] for i in unchanged] == [first[i][:3] for i in unchanged], "unchanged files give what they gave"
    assert [again[i][3] for i in unchanged] == [0.0] * 3, "taken from the store (no time spent reading them)"
    assert again[1][1] != first[1][1] and again[1][3] > 0, "the changed file was checked again"
    window.batch_options = {"cache": False}
    fresh = check(window)
    assert [row[:3] for row in fresh] == [row[:3] for row in again], "the list is the same without the cache"
