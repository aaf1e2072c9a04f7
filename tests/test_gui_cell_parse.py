"""A cell of the app refuses what is not of its kind, with the reason at the cell (real key events)."""

from __future__ import annotations

from PySide6.QtCore import Qt


def test_one_and_a_half_typed_into_the_year_cell_is_refused_at_the_cell(qtbot, sample_window):  # noqa: F811
    w = sample_window
    w.show_step("年度目标")
    page = w.page("年度目标")
    path = "performance.annual_goals[0].year"
    before = w.doc.submission.performance.annual_goals[0].year
    index = page.grid.index_for(path)
    page.grid.setFocus()
    page.grid.setCurrentIndex(index)
    qtbot.keyClick(page.grid, Qt.Key.Key_F2)
    editor = page.grid.indexWidget(index)
    editor.selectAll()
    qtbot.keyClicks(editor, "1.5")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.grid.indexWidget(index) is None)
    assert w.doc.submission.performance.annual_goals[0].year == before, "1.5 is not cut to 1"
    assert "“1.5”不是整数" in w.statusBar().currentMessage()
    assert page.cell_note is not None and page.cell_note.isVisible() and "1.5" in page.cell_note.text()
    assert "1.5" in (page.grid.index_for(path).data(Qt.ItemDataRole.ToolTipRole) or "")
