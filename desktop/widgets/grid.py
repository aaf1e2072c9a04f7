"""An editable table (or tree-table) whose cells are bound to field paths of the model.

A page describes its rows (:class:`Row`, each a list of :class:`Cell`); the grid shows them through a
model of its own (:class:`~desktop.widgets.grid_model.GridModel`: no item or widget per cell, so a page
of 1,200 rows shows at once), lets the user edit a cell with the right editor (money, code list, 是/否,
date, text) and reports ``cellEdited(path, kind, text)``, or — for a paste, fill-down or clearing — hands
the page all cells at once (:meth:`Page.grid_write`) so that they make one undo step. 合计 rows and header
rows are read-only. Cells with findings get a colour and the messages as their tooltip. The keys work as
in a spreadsheet (:mod:`desktop.widgets.sheet`); the 合计 rows at the top and the first column stay in
view (:mod:`desktop.widgets.frozen`). The rows, cells and model are :mod:`desktop.widgets.grid_model`.
"""

from __future__ import annotations

from collections.abc import Iterable

from desktop.qt import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QColor,
    QComboBox,
    QHeaderView,
    QLineEdit,
    QModelIndex,
    QPalette,
    QRect,
    QSize,
    QStyledItemDelegate,
    Qt,
    QTimer,
    QTreeView,
    QWidget,
    Signal,
)

from .code_combo import TreeCodeCombo
from .frozen import FrozenPanes
from .grid_model import (
    CHOICES_ROLE,
    EMPTY,
    KIND_ROLE,
    NUMERIC,
    PATH_ROLE,
    ROLE_ROLE,
    ROWKEY_ROLE,
    Cell,
    GridModel,
    Row,
)
from .sheet import SheetKeys

__all__ = ["Cell", "Grid", "GridModel", "Row"]  # a page builds its rows from Cell and Row

SELECTION = "#cce4f7"
"""The light blue of selected cells, as in Excel and WPS (the palette's highlight, and the main
window's style sheet for the grids' items, whose own drawing replaces the palette's)."""

WRAP_ROWS_MAX = 300
"""Up to this many rows, long text wraps and each row is as high as its text needs; a longer table
keeps one line a row (its full text in the tooltip), so that it lays out at once."""
WRAP_LINES_MAX = 4


class _Delegate(QStyledItemDelegate):
    def __init__(self, grid: Grid):
        super().__init__(grid)
        self.grid = grid
        self.replace = False
        """Set while a typed key opens the editor: the editor starts empty (type-over)."""
        self._base: QSize | None = None

    def createEditor(self, parent, option, index):  # noqa: N802 - Qt override
        kind = index.data(KIND_ROLE) or "text"
        choices = index.data(CHOICES_ROLE)
        if kind == "yesno":
            box = QComboBox(parent)
            box.addItems(["未填", "是", "否"])
            return box
        codes = self.grid.model_.cell_at(index)[1].codes if index.model() is self.grid.model_ else None
        if codes is not None:
            combo = TreeCodeCombo(parent)
            combo.set_tree(codes)
            # a code picked from the search is the answer: written, and the cell below selected, as Enter does
            combo.search_completer.activated[str].connect(lambda _text, combo=combo: self._picked(combo))  # type: ignore[index]  # the str overload (no SignalInstance.__getitem__ in the stub)
            return combo
        if choices:
            box = QComboBox(parent)
            box.setEditable(True)
            box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
            box.addItems(list(choices))
            return box
        edit = QLineEdit(parent)
        if kind in NUMERIC:
            edit.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return edit

    def _picked(self, editor: QWidget) -> None:
        self.commitData.emit(editor)
        self.closeEditor.emit(editor, QAbstractItemDelegate.EndEditHint.SubmitModelCache)

    def setEditorData(self, editor, index):  # noqa: N802
        text = "" if self.replace else (index.data(Qt.ItemDataRole.EditRole) or "")
        if isinstance(editor, QComboBox):
            if index.data(KIND_ROLE) == "yesno":
                editor.setCurrentText(text or "未填")
            else:
                editor.setCurrentIndex(editor.findText(text))
                editor.setEditText(text)
        else:
            editor.setText(text)

    def setModelData(self, editor, model, index):  # noqa: N802
        text = editor.currentText() if isinstance(editor, QComboBox) else editor.text()
        if index.data(KIND_ROLE) == "yesno" and text == "未填":
            text = ""
        path = index.data(PATH_ROLE)
        if text == (index.data(Qt.ItemDataRole.EditRole) or ""):
            return  # opened and closed without a change: the model keeps its value as it is
        if path:
            self.grid.cellEdited.emit(path, index.data(KIND_ROLE) or "text", text)

    def sizeHint(self, option, index) -> QSize:  # noqa: N802
        """One line's height (measured once: font, padding), taller where long text wraps; the
        cells are read from the grid's rows directly, as a table of 1,000 rows asks for every one."""
        row, cell = self.grid.model_.cell_at(index)
        text = cell.text
        if self._base is None:
            if not text:  # an empty cell measures no line: the height is taken from one with text
                return super().sizeHint(option, index)
            self._base = super().sizeHint(option, index)
            self._base.setHeight(max(self._base.height(), option.fontMetrics.lineSpacing() + 8))
        base = self._base
        if not self.grid.wrapping:
            return base
        if not text or cell.kind in NUMERIC:
            return base
        metrics = option.fontMetrics
        width = self.grid.columnWidth(index.column()) - 12
        if index.column() == 0:
            width -= self.grid.indentation() * _depth(index)
        if width <= 20 or ("\n" not in text and metrics.horizontalAdvance(text) <= width):
            return base
        flags = int(Qt.TextFlag.TextWordWrap | Qt.TextFlag.TextWrapAnywhere)
        limit = metrics.lineSpacing() * WRAP_LINES_MAX
        rect = metrics.boundingRect(QRect(0, 0, width, limit), flags, text)
        extra = base.height() - metrics.lineSpacing()
        return QSize(base.width(), max(base.height(), min(rect.height(), limit) + extra))


def _depth(index: QModelIndex) -> int:
    depth = 0
    parent = index.parent()
    while parent.isValid():
        depth += 1
        parent = parent.parent()
    return depth


class Grid(SheetKeys, FrozenPanes, QTreeView):
    """A table of bound cells; rows with children show as a tree (一级 → 二级 → 指标)."""

    cellEdited = Signal(str, str, str)
    PATH, KIND, ROLE, ROWKEY = PATH_ROLE, KIND_ROLE, ROLE_ROLE, ROWKEY_ROLE

    def __init__(self, columns: list[tuple[str, int]], parent: QWidget | None = None, tree: bool = False):
        super().__init__(parent)
        self.columns = columns
        self.sink = None
        """The page that writes a batch of cells as one undo step and adds rows (set by the page)."""
        self.model_ = GridModel([c[0] for c in columns], self)
        self.setModel(self.model_)
        self.delegate = _Delegate(self)
        self.setItemDelegate(self.delegate)
        self.setRootIsDecorated(tree)
        self.setItemsExpandable(tree)
        self.wrapping = True
        self.setWordWrap(True)
        self.setUniformRowHeights(False)
        self.setAlternatingRowColors(False)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ContiguousSelection)
        self._readable_selection()
        self.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                             | QAbstractItemView.EditTrigger.EditKeyPressed
                             | QAbstractItemView.EditTrigger.AnyKeyPressed)
        self.setTabKeyNavigation(True)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setObjectName("grid")
        header = self.header()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
        header.setStretchLastSection(True)
        header.setMinimumHeight(30)
        header.setSectionsMovable(False)
        for i, (_title, width) in enumerate(columns):
            header.resizeSection(i, width)
            header.setSectionResizeMode(i, QHeaderView.ResizeMode.Interactive)
        header.sectionResized.connect(self._section_resized)
        self._signature: list = []
        self.setup_frozen()

    # building --------------------------------------------------------------------------------
    def set_rows(self, rows: list[Row]) -> None:
        signature = list(_signature(rows))
        if signature == self._signature:
            self.model_.update(rows)
            self._wrap_as_needed()
            self.rows_changed(rows, rebuilt=False)
            return
        current = self.current_path()
        scroll = self.verticalScrollBar().value()
        self.model_.rebuild(rows)
        self._wrap_as_needed()
        self._signature = signature
        self._span_headers(self.model_.top, QModelIndex())
        if any(row.children for row in rows):
            self.expand_all()
        if current and current in self.model_.by_path:
            self.setCurrentIndex(self.index_for(current))
        self.verticalScrollBar().setValue(scroll)
        self.rows_changed(rows, rebuilt=True)

    def _span_headers(self, rows: list[Row], parent: QModelIndex) -> None:
        for r, row in enumerate(rows):
            if row.role == "header":
                self.setFirstColumnSpanned(r, parent, True)
            if row.children:
                self._span_headers(row.children, self.model_.index(r, 0, parent))

    def _section_resized(self, *_args) -> None:
        if not self._wrap_as_needed() and self.wrapping:
            self.scheduleDelayedItemsLayout()

    def _wrap_as_needed(self) -> bool:
        """Rows as high as their text only when some text is longer than its column (and the table
        is not too long): one line a row lays out much faster. ``True`` when that changed."""
        nodes = self.model_.nodes
        wrapping = len(nodes) - 1 <= WRAP_ROWS_MAX and self._long_text()
        if wrapping == self.wrapping:
            return False
        self.wrapping = wrapping
        self.setUniformRowHeights(not wrapping)
        self.setWordWrap(wrapping)
        self.wrapping_changed()
        self.scheduleDelayedItemsLayout()
        return True

    def _long_text(self) -> bool:
        metrics = self.fontMetrics()
        widths = [self.columnWidth(c) - 12 for c in range(len(self.columns))]
        for node in self.model_.nodes[1:]:
            for c, cell in enumerate(node.cells[:len(widths)]):
                text = cell.text
                if len(text) > 3 and cell.kind not in NUMERIC and (
                        "\n" in text or metrics.horizontalAdvance(text) > widths[c] - (20 if c == 0 else 0)):
                    return True
        return False

    # locating --------------------------------------------------------------------------------
    def mark_key(self, path: str) -> str | None:
        """The key under which a finding on *path* marks this grid (its cell's path, or the row's key
        for a row's first cell), or ``None`` when the grid does not show *path*."""
        where = self.model_.by_path.get(path) or self.model_.prefixes().get(path)
        if where is None:
            return None
        row = self.model_.nodes[where[0]]
        cell = row.cells[where[1]] if where[1] < len(row.cells) else EMPTY
        return GridModel._mark_key(row, cell, where[1]) or None

    def _readable_selection(self) -> None:
        """Selected cells keep their text colour on a light blue, as in Excel and WPS: with the
        style's own highlighted-text colour a selected cell (and a whole pasted block) was drawn
        with its text invisible on the light inactive highlight."""
        palette = self.palette()
        for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
            palette.setColor(group, QPalette.ColorRole.Highlight, QColor(SELECTION))
            palette.setColor(group, QPalette.ColorRole.HighlightedText, palette.color(group, QPalette.ColorRole.Text))
        self.setPalette(palette)

    def index_for(self, path: str) -> QModelIndex:
        # a finding on a whole row (``performance.indicators[4]``) or a list: its first cell
        where = self.model_.by_path.get(path) or self.model_.prefixes().get(path)
        return self.model_.index_of(*where) if where is not None else QModelIndex()

    def focus_path(self, path: str) -> bool:
        index = self.index_for(path)
        if not index.isValid():
            return False
        self.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)
        self.setCurrentIndex(index)
        self.setFocus(Qt.FocusReason.OtherFocusReason)
        old = self.model_.flash
        self.model_.flash = index.data(PATH_ROLE) or index.data(ROWKEY_ROLE)
        self.model_.repaint_keys([k for k in (old, self.model_.flash) if k])
        QTimer.singleShot(1500, self, self._end_flash)
        return True

    def _end_flash(self) -> None:
        old, self.model_.flash = self.model_.flash, None
        if old:
            self.model_.repaint_keys([old])

    def current_path(self) -> str | None:
        index = self.currentIndex()
        return index.data(PATH_ROLE) if index.isValid() else None

    def current_row_key(self) -> str:
        index = self.currentIndex()
        if not index.isValid() or index.data(ROLE_ROLE) not in ("data", "group"):
            return ""
        return index.data(ROWKEY_ROLE) or ""

    def select_row_key(self, key: str) -> None:
        where = self.model_.by_path.get(key)
        if where is not None and self.model_.nodes[where[0]].role == "data":
            self.setCurrentIndex(self.model_.index_of(where[0], 0))

    # marks -----------------------------------------------------------------------------------
    def mark(self, marks: dict[str, tuple[str, str]]) -> None:
        """``{path: (severity, message)}`` for the cells of this grid."""
        old = self.model_.marks
        self.model_.marks = marks
        changed = {k for k in old.keys() | marks.keys() if old.get(k) != marks.get(k)}
        self.model_.repaint_keys(changed)
        self.marks_changed(changed)


def _signature(rows: Iterable[Row], depth: int = 0):
    for row in rows:
        yield (depth, row.role, row.key, tuple([(c.path, c.kind, c.editable) for c in row.cells]))
        yield from _signature(row.children, depth + 1)
