"""The desktop app driven through its real widgets: open, see findings, jump to them, edit, undo, save.

Modal dialogs never block: QMessageBox and QFileDialog statics are patched in every test. Settings and
recovery copies live in a temporary folder (BUDGETFORMS_DATA_DIR).
"""

from __future__ import annotations

from decimal import Decimal as D

from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QDropEvent, QInputMethodEvent
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QPushButton

from desktop.main_window import MainWindow
from desktop.steps import STEP_NAMES, step_for
from forms import files
from forms.rules import Severity, check


def type_text(qtbot, widget, text: str) -> None:
    """Type *text* into *widget*: ASCII as key clicks, Chinese and full-width characters as an input
    method commits them, a run at a time (QTest can only synthesise ASCII keys)."""
    run = ""
    for ch in text + "\0":
        if ch != "\0" and not ch.isascii():
            run += ch
            continue
        if run:
            event = QInputMethodEvent("", [])
            event.setCommitString(run)
            QApplication.sendEvent(widget, event)
            run = ""
        if ch != "\0":
            qtbot.keyClicks(widget, ch)


def click_finding(qtbot, window, finding) -> None:
    panel = window.findings_panel
    item = panel.item_for(finding)
    assert item is not None and not item.isHidden()
    panel.tree.scrollToItem(item)
    rect = panel.tree.visualItemRect(item)
    qtbot.mouseClick(panel.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


# --- opening and findings ---------------------------------------------------------------------

def test_sample_findings_are_listed_and_counted_per_step(sample_window, sample):
    w = sample_window
    expected = check(sample)
    assert expected, "the checker finds problems in the sample"
    assert [f.rule for f in w.findings_panel.findings] == [f.rule for f in expected]
    assert w.findings_panel.tree.topLevelItemCount() == len(expected)
    # badges: each step counts the errors and warnings whose field it shows
    for step in STEP_NAMES:
        errors = sum(1 for f in expected if f.severity is Severity.ERROR and step_for(f.field) == step)
        warnings = sum(1 for f in expected if f.severity is Severity.WARNING and step_for(f.field) == step)
        assert w.step_counts(step) == (errors, warnings), step
    assert w.step_counts("基本信息")[0] >= 10  # the ten blank flags
    rules = {f.rule for f in expected}
    assert {"FLAG-01", "PERF-06"} <= rules


def test_findings_filter_by_text_and_severity(qtbot, sample_window):
    panel = sample_window.findings_panel
    qtbot.keyClicks(panel.filter, "flag-01")
    visible = panel.visible_findings()
    assert visible and all(f.rule == "FLAG-01" for f in visible)
    panel.filter.clear()
    qtbot.mouseClick(panel.toggles[Severity.ERROR], Qt.MouseButton.LeftButton)
    assert all(f.severity is not Severity.ERROR for f in panel.visible_findings())
    assert len(panel.visible_findings()) < len(panel.findings)


def test_every_sample_finding_lands_on_a_field(sample_window):
    """Every path the checker names on the sample maps to a step and a widget or cell."""
    w = sample_window
    for f in w.doc.findings:
        assert w.goto_finding(f), f"{f.rule} {f.field}"
        assert w.current_step() == step_for(f.field)


def test_click_flag_finding_focuses_the_flag(qtbot, sample_window):
    w = sample_window
    w.show_step("预算编审")
    finding = next(f for f in w.doc.findings if f.field == "basic.flags.construction")
    click_finding(qtbot, w, finding)
    assert w.current_step() == "基本信息"
    flag = w.page("基本信息").fields["basic.flags.construction"]
    qtbot.waitUntil(lambda: flag.isAncestorOf(QApplication.focusWidget()) or flag.hasFocus())
    assert flag.property("severity") == "error"
    assert "是否基本建设项目" in flag.toolTip()


def test_click_indicator_finding_selects_its_cell(qtbot, sample_window):
    w = sample_window
    finding = next(f for f in w.doc.findings if f.field.startswith("performance.indicators[") and f.rule == "PERF-06")
    click_finding(qtbot, w, finding)
    assert w.current_step() == "绩效指标"
    grid = w.page("绩效指标").grid
    assert grid.hasFocus()
    current = grid.current_path()
    assert current == finding.field or current.startswith(finding.field)


# --- editing, totals, undo --------------------------------------------------------------------

def test_funding_edit_updates_total_findings_status_and_undoes(qtbot, sample_window):
    w = sample_window
    w.show_step("申请金额")
    page = w.page("申请金额")
    own_2022 = page.fields["basic.funding[2].own"]
    total_2022 = page.fields["basic.funding[2].total"]
    before = {(f.rule, f.field) for f in w.doc.findings}
    assert not any(f.field.startswith("basic.funding[2]") for f in w.doc.findings)

    qtbot.mouseClick(own_2022.edit, Qt.MouseButton.LeftButton)
    type_text(qtbot, own_2022.edit, "５００万")  # full-width digits and 万
    assert w.doc.submission.basic.funding[2].own == D("5000000")
    assert w.doc.submission.basic.funding[2].total == D("5000000"), "合计 follows its sources"
    assert total_2022.edit.text() == "5,000,000.00"
    assert own_2022.hint.text() == "人民币伍佰万元整"
    assert "2022年 合计 5,000,000.00" in w.totals_label.text()
    assert w.windowTitle().startswith("*")
    qtbot.waitUntil(lambda: any(f.field.startswith("basic.funding[2]") for f in w.findings_panel.findings))
    assert any(f.rule == "FUND-03" for f in w.doc.findings), "money outside the implementation period"

    qtbot.keyClick(own_2022.edit, Qt.Key.Key_Tab)
    assert own_2022.edit.text() == "5,000,000.00"
    qtbot.keyClick(w, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert w.doc.submission.basic.funding[2].own is None
    assert w.doc.submission.basic.funding[2].total is None
    assert total_2022.edit.text() == ""
    qtbot.waitUntil(lambda: {(f.rule, f.field) for f in w.findings_panel.findings} == before)
    assert not w.windowTitle().startswith("*")
    qtbot.keyClick(w, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert w.doc.submission.basic.funding[2].total == D("5000000")


def test_bad_money_is_marked_and_not_written(qtbot, sample_window):
    w = sample_window
    w.show_step("申请金额")
    field = w.page("申请金额").fields["basic.funding[0].superior"]
    type_text(qtbot, field.edit, "十块")
    assert field.edit.property("invalid") is True
    assert "不是金额" in field.edit.toolTip()
    assert w.doc.submission.basic.funding[0].superior is None
    assert not w.doc.is_dirty()


def test_indicator_rows_add_from_template_move_remove_undo(qtbot, sample_window):
    w = sample_window
    w.show_step("绩效指标")
    page = w.page("绩效指标")
    n = len(w.doc.submission.performance.indicators)
    menu = page.templates.menu()
    cost = next(m for m in menu.actions() if m.text() == "产出指标 › 成本指标")
    cost.menu().actions()[0].trigger()
    inds = w.doc.submission.performance.indicators
    assert len(inds) == n + 1
    added = next(i for i, ind in enumerate(inds) if ind.name == "项目成本控制率")
    assert (inds[added].level1, inds[added].level2) == ("产出指标", "成本指标")
    assert inds[added - 1].level1 == "产出指标", "inserted after the 产出 indicators, not at the end"
    assert page.grid.current_path() == f"performance.indicators[{added}].name"
    # edit a cell through the delegate: double click opens the editor
    grid = page.grid
    index = grid.index_for(f"performance.indicators[{added}].value")
    grid.setCurrentIndex(index)
    qtbot.keyClick(grid, Qt.Key.Key_F2)  # the edit key opens the cell's editor
    editor = grid.indexWidget(index)
    assert editor is not None
    editor.selectAll()
    qtbot.keyClicks(editor, "95")
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # the delegate commits on the next event-loop turn
    qtbot.waitUntil(lambda: w.doc.submission.performance.indicators[added].value == "95")
    assert grid.index_for(f"performance.indicators[{added}].value").data() == "95"
    page.remove()
    assert len(w.doc.submission.performance.indicators) == n
    w.doc.undo_stack.undo()
    w.doc.undo_stack.undo()
    assert w.doc.submission.performance.indicators[added].value == "100"
    w.doc.undo_stack.undo()
    assert len(w.doc.submission.performance.indicators) == n
    assert not w.doc.is_dirty()


def test_narrative_rich_text_keeps_paragraphs_and_superscript(qtbot, window):
    w = window
    w.show_step("项目目标")
    field = w.page("项目目标").editors["content"]
    editor = field.editor
    assert editor.objectName() == "narrative_content"
    editor.setFocus()
    type_text(qtbot, editor, "总建筑面积100m")
    qtbot.mouseClick(field.sup, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(editor, "2")
    qtbot.mouseClick(field.sup, Qt.MouseButton.LeftButton)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    type_text(qtbot, editor, "第二段")
    html = w.doc.submission.narratives.content.html
    assert html == "<p>总建筑面积100m<sup>2</sup></p><p>第二段</p>"
    assert w.doc.submission.narratives.content.text == "总建筑面积100m2\n第二段"
    # the keystrokes of one field make one undo step
    w.doc.undo_stack.undo()
    assert w.doc.submission.narratives.content.html == ""
    assert editor.toPlainText() == ""


def test_narrative_attachments_add_and_remove(qtbot, window, monkeypatch, tmp_path):
    doc = tmp_path / "批复.pdf"
    doc.write_bytes(b"%PDF-1.4")
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", staticmethod(lambda *a, **k: ([str(doc)], "")))
    window.show_step("项目计划")
    field = window.page("项目计划").editors["pre_assessment"]
    add = next(b for b in field.findChildren(type(field.open_btn)) if b.text() == "添加依据文件…")
    qtbot.mouseClick(add, Qt.MouseButton.LeftButton)
    atts = window.doc.submission.narratives.pre_assessment.attachments
    assert [(a.name, a.path) for a in atts] == [("批复.pdf", str(doc))]
    assert field.files.count() == 1
    field.files.setCurrentRow(0)
    qtbot.mouseClick(field.remove_btn, Qt.MouseButton.LeftButton)
    assert window.doc.submission.narratives.pre_assessment.attachments == []


def test_yes_no_flag_shows_unset_and_clicks(qtbot, window):
    window.show_step("基本信息")
    flag = window.page("基本信息").fields["basic.flags.fund"]
    assert flag.unset.isVisible()
    qtbot.mouseClick(flag.buttons[next(iter(flag.buttons))], Qt.MouseButton.LeftButton)
    assert window.doc.submission.basic.flags.fund.value == "是"
    assert not flag.unset.isVisible()
    qtbot.mouseClick(flag.buttons[next(iter(flag.buttons))], Qt.MouseButton.LeftButton)
    assert window.doc.submission.basic.flags.fund.value == "未填", "clicking the chosen answer clears it"


def test_budget_year_moves_the_empty_year_columns(qtbot, window):
    w = window
    w.show_step("基本信息")
    year = w.page("基本信息").fields["basic.budget_year"]
    year.lineEdit().selectAll()
    qtbot.keyClicks(year, "2031")
    qtbot.keyClick(year, Qt.Key.Key_Return)
    assert w.doc.submission.basic.budget_year == 2031
    assert [c.year for c in w.doc.submission.basic.funding] == [2031, 2032, 2033]
    w.show_step("申请金额")
    assert w.page("申请金额").grid.itemAtPosition(0, 1).widget().text() == "2031年"
    w.doc.undo_stack.undo()
    assert [c.year for c in w.doc.submission.basic.funding] != [2031, 2032, 2033]


# --- files ------------------------------------------------------------------------------------

def test_save_as_then_save_clears_the_star(qtbot, window, monkeypatch, tmp_path):
    w = window
    target = tmp_path / "out" / "申报"
    target.parent.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), "")))
    w.show_step("基本信息")
    name = w.page("基本信息").fields["basic.name"]
    type_text(qtbot, name, "测试项目")
    assert w.windowTitle().startswith("*未命名申报")
    qtbot.keyClick(w, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    saved = target.with_name("申报.bfproj")
    assert saved.exists()
    assert files.load(saved).basic.name == "测试项目"
    assert w.windowTitle() == "申报.bfproj - 项目预算申报助手"
    assert w.saved_label.text() == "已保存"
    type_text(qtbot, name, "二")
    assert w.windowTitle().startswith("*")
    assert w.save()
    assert files.load(saved).basic.name == "测试项目二"
    assert saved.with_name("申报.bfproj.bak").exists()


def test_failed_save_says_so_and_keeps_the_edits(qtbot, window, dialogs, monkeypatch, tmp_path):
    """Saving into a folder that is gone (a removed USB drive) fails with a message; nothing is lost."""
    seen, _ = dialogs
    gone = tmp_path / "removed-drive" / "x.bfproj"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(gone), "")))
    window.show_step("基本信息")
    type_text(qtbot, window.page("基本信息").fields["basic.name"], "不会丢")
    assert not window.save()
    assert seen and seen[-1][0] == "critical"
    assert "保存失败" in seen[-1][1] and "没有丢失" in seen[-1][1]
    assert window.doc.is_dirty()
    assert window.doc.submission.basic.name == "不会丢"
    assert window.windowTitle().startswith("*")
    assert not gone.parent.exists()


def test_prompt_before_opening_over_unsaved_edits(qtbot, window, dialogs, sample_path):
    seen, answers = dialogs
    type_text(qtbot, window.page("基本信息").fields["basic.name"], "草稿")
    answers["question"] = QMessageBox.StandardButton.Cancel
    assert not window.open_path(str(sample_path))
    assert seen[-1][0] == "question" and "未保存" in seen[-1][1]
    assert window.doc.submission.basic.name == "草稿"
    answers["question"] = QMessageBox.StandardButton.Discard
    assert window.open_path(str(sample_path))
    assert window.doc.submission.basic.name == "玉溪海关综合业务用房项目补助资金"


def test_close_with_unsaved_edits_can_be_cancelled(qtbot, window, dialogs):
    seen, answers = dialogs
    type_text(qtbot, window.page("基本信息").fields["basic.name"], "草稿")
    answers["question"] = QMessageBox.StandardButton.Cancel
    assert not window.close()
    assert window.isVisible()
    answers["question"] = QMessageBox.StandardButton.Discard
    assert window.close()


def test_open_a_broken_file_says_why(window, dialogs, tmp_path):
    seen, _ = dialogs
    bad = tmp_path / "坏.bfproj"
    bad.write_text('{"schema_version": 1, "submission": {', encoding="utf-8")
    assert not window.open_path(str(bad))
    assert seen[-1][0] == "critical" and "坏.bfproj" in seen[-1][1]


def test_drop_a_file_onto_the_window_opens_it(qtbot, window, sample_path):
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(sample_path))])
    event = QDropEvent(QPoint(50, 50), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)
    window.dropEvent(event)
    qtbot.waitUntil(lambda: window.doc.path == sample_path)
    assert window.doc.submission.basic.name == "玉溪海关综合业务用房项目补助资金"


def test_recent_files_and_geometry_are_remembered(qtbot, data_dir, dialogs, sample_path):
    first = MainWindow()
    qtbot.addWidget(first)
    first.show()
    first.resize(701, 503)
    first.open_path(str(sample_path))
    assert first.close()
    assert (data_dir / "settings.ini").exists()
    second = MainWindow()
    qtbot.addWidget(second)
    assert (second.width(), second.height()) == (701, 503)
    recent = [a.text() for a in second.recent_menu.actions()]
    assert recent == [str(sample_path.resolve())]


def test_new_from_sample_and_blank(window, sample):
    assert window.new_from_sample()
    assert window.doc.submission == sample
    assert window.doc.path is None
    assert window.new_blank()
    sub = window.doc.submission
    assert sub.basic.name == "" and len(sub.basic.funding) == 3
    assert sub.budget_review.sections, "a blank submission has the review table's items and weights"
    assert all(it.self_score is None for *_, it in sub.budget_review.items())


def test_print_renders_the_submission(window, sample_path, tmp_path):
    import io

    from PySide6.QtPrintSupport import QPrinter

    window.open_path(str(sample_path))
    printer = window._printer()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    out = tmp_path / "print.pdf"
    printer.setOutputFileName(str(out))
    window._render(printer)
    assert out.stat().st_size > 5000
    # the pages of the PDF export, drawn as images: the same count and orientation
    from pypdf import PdfReader

    from forms.pdf import render

    def shape(reader):
        return [float(p.mediabox.width) > float(p.mediabox.height) for p in reader.pages]

    exported = PdfReader(io.BytesIO(render(window.doc.submission)[0]))
    assert shape(PdfReader(str(out))) == shape(exported)


# --- policy citations and reviewer mode -----------------------------------------------------

def test_policy_citation_is_inserted_at_the_cursor_as_one_undo_step(qtbot, sample_window):
    from forms.model import Citation

    w = sample_window
    w.show_step("项目目标")
    page = w.page("项目目标")
    button = page.findChild(QPushButton, "cite_basis")
    assert button is not None and button.text() == "引用政策…"
    editor = page.editors["basis"].editor
    cursor = editor.textCursor()
    cursor.setPosition(0)
    editor.setTextCursor(cursor)
    before_html = w.doc.submission.narratives.basis.html
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    dialog = page._citation_dialog
    assert dialog.isVisible()
    from desktop.widgets.citation_panel import CitationPanel

    panel = dialog.findChild(CitationPanel)
    citation = Citation(doc_id="doc-004", title="中共中央 国务院关于做好2023年全面推进乡村振兴重点工作的意见",
                        clause="（七）", quote="加快发展现代乡村服务业。")
    text = "《中共中央 国务院关于做好2023年全面推进乡村振兴重点工作的意见》（七）：“加快发展现代乡村服务业。”"
    panel.citationChosen.emit(citation, text)
    narrative = w.doc.submission.narratives.basis
    assert narrative.text.startswith(text)
    assert "经玉溪市人民政府申请" in narrative.text
    assert narrative.citations == [citation]
    w.doc.undo_stack.undo()
    assert w.doc.submission.narratives.basis.html == before_html
    assert w.doc.submission.narratives.basis.citations == []
    assert not editor.toPlainText().startswith("《")
    dialog.close()


def test_reviewer_mode_opens_from_the_menu(qtbot, window):
    window.act_reviewer.trigger()
    reviewer = window._reviewer
    qtbot.addWidget(reviewer)
    assert reviewer.isVisible()
    assert type(reviewer).__name__ == "ReviewerWindow"


# --- exports, workbooks, keyboard undo ------------------------------------------------------

def test_export_excel_and_pdf_from_the_menu(qtbot, sample_window, monkeypatch, tmp_path):
    import subprocess

    targets = iter([tmp_path / "申报", tmp_path / "申报打印"])
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(next(targets)), "")))
    from tests.test_gui_verified import answer_errors_box

    answer_errors_box(go=True)  # the sample has errors: “还有 N 个错误，仍要导出？”
    qtbot.keyClick(sample_window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    workbook = tmp_path / "申报.xlsx"
    assert workbook.exists()
    from forms.xlsx import import_workbook

    assert import_workbook(workbook).submission.basic.name == "玉溪海关综合业务用房项目补助资金"
    answer_errors_box(go=True)
    sample_window.act_export_pdf.trigger()
    pdf = tmp_path / "申报打印.pdf"
    assert pdf.exists()
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    assert "玉溪海关综合业务用房项目补助资金" in text
    from forms.pdf.fonts import find_font

    assert f"字体：{find_font().display}" in sample_window.statusBar().currentMessage(), "the app says which font it embedded"


def test_open_a_received_workbook_keeps_its_findings_and_asks_where_to_save(
        qtbot, window, monkeypatch, tmp_path, sample):
    from forms.xlsx import export_workbook

    workbook = tmp_path / "收到的申报.xlsx"
    export_workbook(sample, workbook)
    assert window.open_path(str(workbook))
    assert window.doc.kind == "workbook"
    assert window.doc.submission.basic.name == sample.basic.name
    assert window.windowTitle().startswith("*收到的申报.xlsx")
    asked = []

    def save_as(*a, **k):
        asked.append(a)
        return str(tmp_path / "转存"), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(save_as))
    assert window.save()
    assert asked, "a workbook is never overwritten by a project file: Save asks where"
    assert (tmp_path / "转存.bfproj").exists()
    assert workbook.read_bytes()[:2] == b"PK"


def test_ctrl_z_in_a_text_field_undoes_the_model_edit(qtbot, window):
    name = window.page("基本信息").fields["basic.name"]
    name.setFocus()
    qtbot.keyClicks(name, "abc")
    qtbot.keyClick(name, Qt.Key.Key_Tab)
    other = window.page("基本信息").fields["basic.filler"]
    qtbot.keyClicks(other, "xy")
    qtbot.keyClick(other, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.doc.submission.basic.filler == ""
    assert other.text() == ""
    qtbot.keyClick(other, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.doc.submission.basic.name == ""
    assert name.text() == ""
    qtbot.keyClick(other, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert window.doc.submission.basic.name == "abc"


def _edit_cell(qtbot, grid, path: str, text: str) -> None:
    index = grid.index_for(path)
    assert index.isValid(), path
    grid.setCurrentIndex(index)
    qtbot.keyClick(grid, Qt.Key.Key_F2)
    editor = grid.indexWidget(index)
    line = editor.lineEdit() if hasattr(editor, "lineEdit") and callable(editor.lineEdit) else editor
    line.selectAll()
    type_text(qtbot, line, text)
    qtbot.keyClick(line, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: grid.indexWidget(index) is None)


def test_transfer_region_rows_and_computed_totals(qtbot, sample_window):
    w = sample_window
    w.show_step("对下转移支付")
    page = w.page("对下转移支付")
    add = next(b for b in page.findChildren(QPushButton) if b.text() == "添加地区")
    qtbot.mouseClick(add, Qt.MouseButton.LeftButton)
    t = w.doc.submission.transfers
    assert len(t.regions) == 2 and [y.year for y in t.regions[1].years] == [2020, 2021, 2022]
    _edit_cell(qtbot, page.grid, "transfers.regions[1].name", "红塔区")
    _edit_cell(qtbot, page.grid, "transfers.regions[1].years[0].superior", "1,000万")
    assert t.regions[1].years[0].scale == D("10000000"), "资金规模 = its sources"
    assert t.declared_total[0].superior == D("10000000")
    assert t.declared_total[0].scale == D("30000000"), "合计 = the regions"
    total_cell = page.grid.index_for("transfers.declared_total[0].scale")
    assert total_cell.data() == "30,000,000.00"
    assert not (total_cell.flags() & Qt.ItemFlag.ItemIsEditable), "合计 is read-only"
    page.grid.select_row_key("transfers.regions[1]")
    qtbot.mouseClick(next(b for b in page.findChildren(QPushButton) if b.text() == "上移"), Qt.MouseButton.LeftButton)
    assert t.regions[0].name == "红塔区"
    w.doc.undo_stack.undo()
    assert t.regions[1].name == "红塔区"
    w.doc.undo_stack.undo()
    assert t.declared_total[0].scale == D("20000000") and t.declared_total[0].superior is None


def test_procurement_rows_and_total(qtbot, window):
    w = window
    w.show_step("政府采购")
    page = w.page("政府采购")
    page.add()
    page.add()
    _edit_cell(qtbot, page.grid, "procurement.items[0].name", "办公设备")
    _edit_cell(qtbot, page.grid, "procurement.items[0].method", "公开招标")
    _edit_cell(qtbot, page.grid, "procurement.items[0].need_time", "2027年3月1日")
    _edit_cell(qtbot, page.grid, "procurement.items[0].amount", "12万")
    _edit_cell(qtbot, page.grid, "procurement.items[1].amount", "3000.5")
    items = w.doc.submission.procurement.items
    assert items[0].method == "公开招标" and str(items[0].need_time) == "2027-03-01"
    assert w.doc.submission.procurement.declared_total == D("123000.5")
    assert page.grid.index_for("procurement.declared_total").data() == "123,000.50"
    _edit_cell(qtbot, page.grid, "procurement.items[1].amount", "三千")
    assert items[1].amount == D("3000.5"), "a bad amount is refused, the cell keeps its value"
    assert "不是金额" in w.statusBar().currentMessage()
    page.grid.select_row_key("procurement.items[1]")
    page.remove()
    assert w.doc.submission.procurement.declared_total == D("120000")


