"""Frozen panes for a grid: the 合计 rows at its top and its first column stay in view.

The header row is the view's own and never scrolls. When the table is scrolled down, a pane showing
the leading 合计 rows lies over the top of the rows; when it is scrolled right, a pane showing the
first column (the 地区名称 / 指标名称 the row is about) lies over its left edge; where both meet a
corner pane shows the 合计 row's first cell. The panes only show: a click on one selects that cell
in the grid, and the grid scrolls so that the current cell is never hidden under a pane.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from desktop.qt import QAbstractItemModel, QAbstractItemView, QFrame, QModelIndex, QPersistentModelIndex, Qt, QTreeView

if TYPE_CHECKING:
    from .grid import Grid, GridModel, Row

    _View = QTreeView  # what mypy checks the mixin as: the grid's Qt base
else:
    _View = object  # at run time a plain mixin before QTreeView in Grid's bases


class _Pane(QTreeView):
    def __init__(self, grid: Grid, model: QAbstractItemModel, first_column_only: bool, header: bool):
        super().__init__(grid)
        self.grid = grid
        self.setModel(model)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setFrameShape(QFrame.Shape.NoFrame)
        # its own delegate (a delegate talks to one view); the first-column pane's rows are as tall as
        # the grid's, whose text may wrap in a column the pane does not show
        self.setItemDelegate(_row_following(grid, self) if first_column_only and model is grid.model_
                             else type(grid.itemDelegate())(grid))
        self.setRootIsDecorated(grid.rootIsDecorated())
        self.setItemsExpandable(False)
        self.setWordWrap(grid.wordWrap())
        self.setUniformRowHeights(grid.uniformRowHeights())
        self.setHeaderHidden(not header)
        self.header().setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
        self.header().setMinimumHeight(grid.header().minimumHeight())
        self.first_column_only = first_column_only
        self.setStyleSheet("QTreeView { border-right: 1px solid #b8c0cc; background: white; }" if first_column_only
                           else "QTreeView { border-bottom: 1px solid #b8c0cc; background: white; }")
        self.hide()

    def mousePressEvent(self, e) -> None:  # noqa: N802 - Qt override
        index = self.indexAt(e.position().toPoint())
        target = self.grid.grid_index_of_pane(self, index)
        if target.isValid():
            self.grid.scroll_to_origin(horizontal=self.first_column_only, vertical=not self.first_column_only)
            self.grid._go(target)
        self.grid.setFocus(Qt.FocusReason.MouseFocusReason)

    def mouseDoubleClickEvent(self, e) -> None:  # noqa: N802
        self.mousePressEvent(e)
        index = self.grid.currentIndex()
        if index.isValid() and index.flags() & Qt.ItemFlag.ItemIsEditable:
            self.grid.edit(index)


def _row_following(grid, pane):
    """A delegate like the grid's whose rows, while *pane* shows, are as tall as the grid's rows
    (measured by the pane alone, a row whose text wraps in another column came out short, and a
    pane's own wrapping measure without a cell width came out two lines high for every row). A
    hidden pane is not measured against the grid: a page's first show stays as fast."""
    base = type(grid.itemDelegate())

    class RowFollowing(base):  # type: ignore[misc, valid-type]
        def sizeHint(self, option, index):  # noqa: N802 - Qt override
            hint = super().sizeHint(option, index)
            if pane.isVisible():
                height = grid.rowHeight(index) or grid.indexRowSizeHint(index)  # as laid out, else as it will be
                if height > 0:
                    hint.setHeight(height)
            return hint

    return RowFollowing(grid)


class FrozenPanes(_View):
    """Mixed into the grid (a QTreeView with a GridModel in ``model_``)."""

    if TYPE_CHECKING:  # provided by the grid (desktop.widgets.grid.Grid)
        model_: GridModel

    def setup_frozen(self) -> None:
        from .grid import GridModel

        self._pinned_model = GridModel(self.model_.titles, self)
        self._pinned_model.marks = self.model_.marks
        grid = cast("Grid", self)  # the panes are mixed into Grid only
        self._left = _Pane(grid, self.model_, first_column_only=True, header=True)
        self._left.setSelectionModel(self.selectionModel())
        self._top = _Pane(grid, self._pinned_model, first_column_only=False, header=False)
        self._corner = _Pane(grid, self._pinned_model, first_column_only=True, header=False)
        for pane in (self._left, self._corner):
            for c in range(1, self.model_.columnCount()):
                pane.setColumnHidden(c, True)
        self.header().sectionResized.connect(self._frozen_resized)
        self.verticalScrollBar().valueChanged.connect(self._frozen_scrolled)
        self.horizontalScrollBar().valueChanged.connect(self._frozen_scrolled)
        self.expanded.connect(self._follow_expanded)
        self.collapsed.connect(self._follow_collapsed)
        self._expanding_all = False
        self._pinned_count = 0

    # following the grid ----------------------------------------------------------------------
    def expand_all(self) -> None:
        self._expanding_all = True
        try:
            self.expandAll()
            self._left.expandAll()
        finally:
            self._expanding_all = False

    def _follow_expanded(self, index) -> None:
        if not self._expanding_all:
            self._left.expand(index)

    def _follow_collapsed(self, index) -> None:
        if not self._expanding_all:
            self._left.collapse(index)

    def wrapping_changed(self) -> None:
        for pane in (self._left, self._top, self._corner):
            pane.setUniformRowHeights(self.uniformRowHeights())
            pane.setWordWrap(self.wordWrap())

    def rows_changed(self, rows, rebuilt: bool) -> None:
        pinned = []
        for row in rows:
            if row.role != "total" or row.children:
                break
            pinned.append(row)
        if rebuilt or len(pinned) != self._pinned_count:
            self._pinned_model.rebuild([_copy(r) for r in pinned])
            self._pinned_count = len(pinned)
            for c in range(self.model_.columnCount()):
                self._top.setColumnWidth(c, self.columnWidth(c))
            self._corner.setColumnWidth(0, self.columnWidth(0))
            self._left.setColumnWidth(0, self.columnWidth(0))
        else:
            self._pinned_model.update([_copy(r) for r in pinned])
        self._left.setRootIsDecorated(self.rootIsDecorated())
        self._place_frozen()

    def marks_changed(self, keys) -> None:
        self._pinned_model.marks = self.model_.marks
        self._pinned_model.repaint_keys(keys)

    def _frozen_resized(self, column: int, _old: int, new: int) -> None:
        self._top.setColumnWidth(column, new)
        if column > 0 and self._left.isVisible():
            self._left.scheduleDelayedItemsLayout()  # a column's width can change the rows' heights
        if column == 0:
            self._left.setColumnWidth(0, new)
            self._corner.setColumnWidth(0, new)
        self._place_frozen()

    def _frozen_scrolled(self, *_args) -> None:
        self._left.verticalScrollBar().setValue(self.verticalScrollBar().value())
        self._top.horizontalScrollBar().setValue(self.horizontalScrollBar().value())
        self._place_frozen()

    def updateGeometries(self) -> None:  # noqa: N802 - Qt override
        super().updateGeometries()
        if hasattr(self, "_left"):
            self._place_frozen()

    def _pinned_height(self) -> int:
        return sum(max(self.rowHeight(self.model_.index(r, 0)), 0) for r in range(self._pinned_count))

    def _place_frozen(self) -> None:
        view = self.viewport().geometry()
        header = self.header().height()
        left_on = self.horizontalScrollBar().value() > 0 and self.model_.columnCount() > 1
        top_on = self.verticalScrollBar().value() > 0 and self._pinned_count > 0
        width = self.columnWidth(0) + 1
        pinned = self._pinned_height() if top_on else 0
        shown = self._left.isVisible()
        self._left.setVisible(left_on)
        if left_on and not shown:
            self._left.scheduleDelayedItemsLayout()  # measured against the grid's rows now that it shows
        self._top.setVisible(top_on and pinned > 0)
        self._corner.setVisible(left_on and top_on and pinned > 0)
        if left_on:
            self._left.header().setFixedHeight(header)
            self._left.setGeometry(view.left(), view.top() - header, width, view.height() + header)
            self._left.verticalScrollBar().setValue(self.verticalScrollBar().value())
            self._left.raise_()
        if top_on and pinned > 0:
            self._top.setGeometry(view.left(), view.top(), view.width(), pinned + 1)
            self._top.horizontalScrollBar().setValue(self.horizontalScrollBar().value())
            self._top.raise_()
            if left_on:
                self._corner.setGeometry(view.left(), view.top(), width, pinned + 1)
                self._corner.raise_()

    # the panes never hide the current cell ----------------------------------------------------
    def scrollTo(self, index: QModelIndex | QPersistentModelIndex, hint=QAbstractItemView.ScrollHint.EnsureVisible) -> None:  # noqa: N802
        super().scrollTo(index, hint)
        if not hasattr(self, "_left") or not index.isValid():
            return
        rect = self.visualRect(index)
        if self._pinned_count and self.verticalScrollBar().value() > 0 and index.internalId() == 0 \
                and index.row() >= self._pinned_count:
            pinned = self._pinned_height()
            if rect.top() < pinned:
                bar = self.verticalScrollBar()
                bar.setValue(max(0, bar.value() - (pinned - rect.top())))
        if index.column() > 0 and self.horizontalScrollBar().value() > 0:
            width = self.columnWidth(0)
            if rect.left() < width:
                bar = self.horizontalScrollBar()
                bar.setValue(max(0, bar.value() - (width - rect.left())))

    def scroll_to_origin(self, horizontal: bool, vertical: bool) -> None:
        if horizontal:
            self.horizontalScrollBar().setValue(0)
        if vertical:
            self.verticalScrollBar().setValue(0)

    def grid_index_of_pane(self, pane, index: QModelIndex) -> QModelIndex:
        if not index.isValid():
            return QModelIndex()
        if pane is self._left:
            return index
        row, cell = self._pinned_model.cell_at(index)
        key = cell.path or row.key
        where = self.model_.by_path.get(key) if key else None
        if where is None:
            return self.model_.index(index.row(), index.column())
        return self.model_.index_of(*where)


def _copy(row: Row) -> Row:
    from .grid import Row

    return Row(cells=row.cells, role=row.role, key=row.key)
