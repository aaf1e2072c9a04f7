"""The citation panel on its own: type a query, pick a hit, choose the sentence, insert."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QDialog, QVBoxLayout

from desktop.widgets.citation_panel import CitationPanel
from forms.model import Citation
from forms.policy import Library
from tests.test_policy import SEED_000, SEED_004, farmland_submission

TITLE_004 = "中共中央 国务院关于做好2023年全面推进乡村振兴重点工作的意见"


@pytest.fixture
def panel(qtbot, tmp_path, monkeypatch):
    monkeypatch.setenv("BUDGETFORMS_DATA_DIR", str(tmp_path / "data"))
    widget = CitationPanel(library=Library.open(tmp_path / "data"))
    qtbot.addWidget(widget)
    widget.resize(760, 600)
    widget.show()
    return widget


def type_chinese(widget, text):
    """Chinese arrives through the input method as a commit string (QTest types ASCII only)."""
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def row_of(panel, doc_id, ref):
    for row in range(panel.results.count()):
        hit = panel.hits[row]
        if (hit.document.id, hit.clause.ref) == (doc_id, ref):
            return row
    raise AssertionError(f"{doc_id} {ref} not among the hits")


def click_row(qtbot, panel, row):
    item = panel.results.item(row)
    panel.results.scrollToItem(item)
    rect = panel.results.visualItemRect(item)
    qtbot.mouseClick(panel.results.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert panel.results.currentRow() == row


def test_type_pick_insert(qtbot, panel):
    assert panel.library.documents and not panel.insert_button.isEnabled()
    panel.search_edit.setFocus()
    type_chinese(panel.search_edit, "高标准农田")
    assert panel.search_edit.text() == "高标准农田"
    qtbot.waitUntil(lambda: panel.results.count() > 0)  # after the typing pause
    assert panel.status.text().startswith("找到")
    row = row_of(panel, SEED_004, "（七）")
    click_row(qtbot, panel, row)
    assert "<b>高标准农田</b>" in panel.results.item(row).data(Qt.ItemDataRole.UserRole + 2)
    preview = panel.preview.toPlainText()
    assert preview.startswith(f"《{TITLE_004}》")
    assert "二、加强农业基础设施建设\n（七） 加强高标准农田建设。完成高标准农田新建" in preview
    assert panel.insert_button.isEnabled()

    with qtbot.waitSignal(panel.citationChosen, timeout=1000) as blocker:
        qtbot.mouseClick(panel.insert_button, Qt.MouseButton.LeftButton)
    citation, text = blocker.args
    assert citation == Citation(doc_id=SEED_004, title=TITLE_004, clause="（七）", quote="加强高标准农田建设。")
    assert text == f"《{TITLE_004}》（七）：“加强高标准农田建设。”"


def test_choose_another_sentence_of_the_clause(qtbot, panel):
    qtbot.keyClicks(panel.search_edit, "foreign trade")
    qtbot.keyClick(panel.search_edit, Qt.Key.Key_Return)
    assert (panel.hits[0].document.id, panel.hits[0].clause.number) == (SEED_000, "(seventeen)")
    assert panel.results.currentRow() == 0
    combo = panel.quote_choice
    sentences = [combo.itemData(i) for i in range(combo.count())]
    assert sentences[0] == "to support the development of foreign trade."
    credit = next(i for i, s in enumerate(sentences) if "special foreign trade credit line" in s)
    combo.setCurrentIndex(credit)
    with qtbot.waitSignal(panel.citationChosen, timeout=1000) as blocker:
        qtbot.mouseClick(panel.insert_button, Qt.MouseButton.LeftButton)
    citation, text = blocker.args
    assert citation.clause == "(seventeen)" and citation.quote == sentences[credit]
    assert panel.library.get(SEED_000).contains_quote(citation.quote)
    assert text.endswith(f"：“{sentences[credit]}”")


def test_double_click_inserts_and_nothing_found_disables(qtbot, panel):
    type_chinese(panel.search_edit, "乡村振兴 人才")
    qtbot.keyClick(panel.search_edit, Qt.Key.Key_Return)
    item = panel.results.item(0)
    rect = panel.results.visualItemRect(item)
    qtbot.mouseClick(panel.results.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    with qtbot.waitSignal(panel.citationChosen, timeout=1000) as blocker:
        qtbot.mouseDClick(panel.results.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert blocker.args[0].clause == "（三十二）"

    panel.search_edit.clear()
    type_chinese(panel.search_edit, "量子计算机")
    qtbot.keyClick(panel.search_edit, Qt.Key.Key_Return)
    assert panel.results.count() == 0 and panel.status.text() == "没有找到相关条款"
    assert not panel.insert_button.isEnabled() and panel.preview.toPlainText() == ""
    with qtbot.assertNotEmitted(panel.citationChosen):
        panel.insert()


def test_suggest_for_a_submission(qtbot, panel):
    hits = panel.suggest_for(farmland_submission(2023))
    assert (SEED_004, "（七）") in [(h.document.id, h.clause.ref) for h in hits[:3]]
    assert panel.results.count() == len(hits) and panel.status.text().startswith("为本项目推荐")


def test_add_a_document_from_the_panel(qtbot, panel, tmp_path, monkeypatch):
    doc = tmp_path / "纪要.md"
    doc.write_text("# 某县人民政府常务会议纪要\n\n2022年3月1日\n\n一、同意实施县城污水管网改造项目。\n", encoding="utf-8")
    monkeypatch.setattr("desktop.widgets.citation_panel.QFileDialog.getOpenFileName",
                        lambda *args, **kwargs: (str(doc), ""))
    type_chinese(panel.search_edit, "污水管网")
    qtbot.keyClick(panel.search_edit, Qt.Key.Key_Return)
    assert all(h.document.id != "纪要" for h in panel.hits)
    qtbot.mouseClick(panel.add_button, Qt.MouseButton.LeftButton)
    assert panel.status.text() == "已加入《某县人民政府常务会议纪要》（1 条）"
    assert panel.hits[0].document.id == "纪要" and panel.hits[0].clause.ref == "第一部分"

    warnings = []
    monkeypatch.setattr("desktop.widgets.citation_panel.QMessageBox.warning",
                        lambda parent, title, text: warnings.append(text))
    assert panel.add_document(str(doc)) is None
    assert len(warnings) == 1 and "已在政策库中" in warnings[0]


def test_enter_in_a_dialog_searches_and_inserts_nothing(qtbot, tmp_path, monkeypatch):
    """Placed in a QDialog (as the app does), Enter in the search line must not press 插入引用."""
    monkeypatch.setenv("BUDGETFORMS_DATA_DIR", str(tmp_path / "data"))
    dialog = QDialog()
    qtbot.addWidget(dialog)
    panel = CitationPanel(dialog, Library.open(tmp_path / "data"))
    QVBoxLayout(dialog).addWidget(panel)
    dialog.show()
    panel.search_edit.setFocus()
    type_chinese(panel.search_edit, "外贸")
    with qtbot.assertNotEmitted(panel.citationChosen):
        qtbot.keyClick(panel.search_edit, Qt.Key.Key_Return)
        qtbot.keyClick(panel.search_edit, Qt.Key.Key_Enter)
    assert panel.results.count() > 0 and dialog.isVisible()
