"""The citation panel inside the app: a citation inserted through the UI lands in the narrative's
text and in the model (as a reference), is one undoable edit, and is checked (POL-03)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QPushButton

from desktop.main_window import MainWindow
from desktop.widgets.citation_panel import CitationPanel
from forms.model import Citation
from tests.test_policy import SEED_000
from tests.test_policy_panel import type_chinese

TITLE_000 = "Some policies and measures for steady growth in 2022"
INSERTED = f"《{TITLE_000}》(seventeen)：“to support the development of foreign trade.”"


@pytest.fixture
def window(qtbot, tmp_path, monkeypatch, sample_path):
    monkeypatch.setenv("BUDGETFORMS_DATA_DIR", str(tmp_path / "data"))
    # closing at teardown must not wait on “save changes?”
    monkeypatch.setattr("desktop.window_files.QMessageBox.question",
                        lambda *args, **kwargs: QMessageBox.StandardButton.Discard)
    w = MainWindow(remember_geometry=False)
    qtbot.addWidget(w)
    assert w.open_path(str(sample_path), ask=False)
    w.show()
    return w


def test_citation_inserted_through_the_ui_lands_in_narrative_and_model(qtbot, window):
    window.show_step("项目目标")
    page = window.page("项目目标")
    basis = window.doc.submission.narratives.basis
    before_citations = list(basis.citations)
    assert before_citations == []

    qtbot.mouseClick(page.findChild(QPushButton, "cite_basis"), Qt.MouseButton.LeftButton)
    panel = page.findChild(CitationPanel)
    assert panel is not None and panel.isVisible()
    panel.search_edit.setFocus()
    type_chinese(panel.search_edit, "外贸")
    qtbot.keyClick(panel.search_edit, Qt.Key.Key_Return)
    assert (panel.hits[0].document.id, panel.hits[0].clause.ref) == (SEED_000, "(seventeen)")
    qtbot.mouseClick(panel.insert_button, Qt.MouseButton.LeftButton)

    basis = window.doc.submission.narratives.basis
    assert basis.citations == [Citation(doc_id=SEED_000, title=TITLE_000, clause="(seventeen)",
                                        quote="to support the development of foreign trade.")]
    assert INSERTED in basis.text and "玉溪海关于2018年12月获国家海关总署批准设立" in basis.text
    assert INSERTED in page.editors["basis"].editor.toPlainText()

    # the 2020 submission now rests on a 2022 document: the checker says so
    window.doc.flush_check()
    pol = [f for f in window.doc.findings if f.rule == "POL-03"]
    assert [f.field for f in pol] == ["narratives.basis"]
    window.show_step("基本信息")
    assert window.goto_finding(pol[0]) and window.current_step() == "项目目标"  # the finding leads back

    window.doc.undo_stack.undo()  # text and reference go together
    basis = window.doc.submission.narratives.basis
    assert basis.citations == before_citations and INSERTED not in basis.text
