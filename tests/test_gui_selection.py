"""What a spreadsheet user looks for first: which cells are selected. The grids' item style sheet
(borders, padding) replaces the platform's item drawing, so it paints the selection in the grid's
own highlight colour (grid.SELECTION, also its palette's), which it would otherwise lose."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QColor, QPalette

from desktop.widgets.grid import SELECTION as GRID_SELECTION
from tests.test_gui_tables import select

EXAMPLE = Path(__file__).resolve().parent.parent / "seeds" / "example-huaning-education-2024.bfproj"

SELECTED = QColor(GRID_SELECTION)


def cell_colour(grid, path: str) -> QColor:
    """The colour of the cell at *path* as painted, sampled just inside its left edge (not its text)."""
    rect = grid.visualRect(grid.index_for(path))
    image = grid.viewport().grab().toImage()
    return image.pixelColor(rect.left() + 3, rect.top() + 3)


def test_the_selected_cells_are_painted_as_selected(qtbot, window):
    w = window
    assert w.open_path(str(EXAMPLE))
    w.show_step("政府采购")
    grid = w.page("政府采购").grid
    assert grid.palette().color(QPalette.ColorGroup.Active, QPalette.ColorRole.Highlight) == SELECTED
    path, other = "procurement.items[0].name", "procurement.items[0].unit"
    before = cell_colour(grid, path)
    assert before != SELECTED
    select(grid, path)
    grid.selectionModel().select(grid.index_for(other), QItemSelectionModel.SelectionFlag.Select)
    qtbot.waitUntil(lambda: cell_colour(grid, path) == SELECTED)
    assert cell_colour(grid, other) == SELECTED, "every cell of the selection, not only the current one"
    rect = grid.visualRect(grid.index_for(path))
    edge = grid.viewport().grab().toImage().pixelColor(rect.left() + 1, rect.center().y())
    assert grid.hasFocus() and edge == QColor("#2e6da4"), "the current cell framed while the grid has the focus"
    qtbot.keyClick(grid, Qt.Key.Key_Down)  # the selection moves with the arrow keys
    qtbot.waitUntil(lambda: cell_colour(grid, path) == before)
    assert cell_colour(grid, "procurement.items[1].name") == SELECTED

