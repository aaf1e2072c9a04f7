"""An editable table (or tree-table) whose cells are bound to field paths of the model.

A page describes its rows (:class:`Row`, each a list of :class:`Cell`); the grid shows them through a
model of its own (:class:`GridModel`: no item or widget per cell, so a page of 1,200 rows shows at
once), lets the user edit a cell with the right editor (money, code list, 是/否, date, text) and
reports ``cellEdited(path, kind, text)``, or — for a paste, fill-down or clearing — hands the page all
cells at once (:meth:`Page.grid_write`) so that they make one undo step. 合计 rows and header rows are
read-only. Cells with findings get a colour and the messages as their tooltip. The keys work as in a
spreadsheet (:mod:`desktop.widgets.sheet`); the 合计 rows at the top and the first column stay in view
(:mod:`desktop.widgets.frozen`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, overload

from desktop.qt import (
    QAbstractItemDelegate,
    QAbstractItemModel,
    QAbstractItemView,
    QBrush,
    QColor,
    QComboBox,
    QFont,
    QHeaderView,
    QLineEdit,
    QModelIndex,
    QObject,
    QPalette,
    QPersistentModelIndex,
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
from .sheet import SheetKeys

_STEP = re.compile(r"[.\[]")

AnyIndex = QModelIndex | QPersistentModelIndex
"""What Qt passes a model's methods as an index."""

PATH_ROLE = Qt.ItemDataRole.UserRole + 1
KIND_ROLE = Qt.ItemDataRole.UserRole + 2
CHOICES_ROLE = Qt.ItemDataRole.UserRole + 3
ROWKEY_ROLE = Qt.ItemDataRole.UserRole + 4
ROLE_ROLE = Qt.ItemDataRole.UserRole + 5

NUMERIC = ("money", "number", "score", "int")

COLOURS = {
    "error": QColor("#fde0e0"),
    "warning": QColor("#fff3d1"),
    "info": QColor("#e6f0fb"),
    "flash": QColor("#ffe066"),
    "header": QColor("#eef1f5"),
    "total": QColor("#f3f3f3"),
}

WRAP_ROWS_MAX = 300
"""Up to this many rows, long text wraps and each row is as high as its text needs; a longer table
keeps one line a row (its full text in the tooltip), so that it lays out at once."""
WRAP_LINES_MAX = 4


@dataclass
class Cell:
    path: str | None = None
    kind: str = "text"
    text: str = ""
    editable: bool = True
    choices: list[str] | None = None
    align_right: bool = False
    codes: Any = field(default=None, compare=False)
    """A code tree (:class:`forms.codes.CodeList`): the cell is edited with a code search by code,
    name or pinyin initials (:class:`~desktop.widgets.code_combo.TreeCodeCombo`)."""


EMPTY = Cell()


@dataclass
class Row:
    cells: list[Cell]
    role: str = "data"  # data | group (bold, its cells with a path editable) | header (spanned) | total
    key: str = ""
    """The row's own path (``performance.indicators[3]``) for add / remove / move."""
    children: list[Row] = field(default_factory=list)
    # where the row sits in the grid's model (set by GridModel)
    nid: int = field(default=0, repr=False, compare=False)
    pid: int = field(default=0, repr=False, compare=False)
    pos: int = field(default=0, repr=False, compare=False)


_TOP = Row(cells=[])
"""Stands for the top level in :attr:`GridModel.nodes` (no row has the id 0)."""


def is_editable(row: Row, cell: Cell) -> bool:
    return bool(cell.path) and cell.editable and row.role in ("data", "group")


class GridModel(QAbstractItemModel):
    """The rows of a grid as a Qt model. An index's internal id is the id of its row's parent row
    (0 for the top level); the cells are read straight from the :class:`Row` objects."""

    def __init__(self, titles: list[str], parent: QWidget):
        super().__init__(parent)
        self.titles = titles
        self.top: list[Row] = []
        self.nodes: list[Row] = [_TOP]
        """The rows by id; id 0 (a placeholder) is the top level, whose rows are ``top``."""
        self.by_path: dict[str, tuple[int, int]] = {}
        """A cell's path, or a row's key, → (node id, column)."""
        self._prefixes: dict[str, tuple[int, int]] | None = None
        self.marks: dict[str, tuple[str, str]] = {}
        self.flash: str | None = None
        self.bold = QFont(parent.font())
        self.bold.setBold(True)

    # structure -------------------------------------------------------------------------------
    def rebuild(self, rows: list[Row]) -> None:
        self.beginResetModel()
        self.top = list(rows)
        self.nodes = [_TOP]
        self.by_path = {}
        self._prefixes = None
        self._register(self.top, 0)
        self.endResetModel()

    def _register(self, rows: list[Row], pid: int) -> None:
        for pos, row in enumerate(rows):
            row.nid, row.pid, row.pos = len(self.nodes), pid, pos
            self.nodes.append(row)
            for c, cell in enumerate(row.cells):
                if cell.path:
                    self.by_path[cell.path] = (row.nid, c)
            if row.key:
                self.by_path.setdefault(row.key, (row.nid, 0))
            self._register(row.children, row.nid)

    def prefixes(self) -> dict[str, tuple[int, int]]:
        """Every path that a cell's path continues (``transfers.regions[2]``) → its first cell."""
        if self._prefixes is None:
            found: dict[str, tuple[int, int]] = {}
            for path, where in self.by_path.items():
                for m in _STEP.finditer(path, 1):
                    found.setdefault(path[:m.start()], where)
            self._prefixes = found
        return self._prefixes

    def update(self, rows: list[Row]) -> None:
        """The same structure with new texts: swap the cells in, repaint the rows that changed."""
        last = self.columnCount() - 1
        changed: list[Row] = []

        def walk(old: list[Row], new: list[Row]) -> None:
            for o, n in zip(old, new, strict=True):  # the same structure, by contract
                if o.cells != n.cells:
                    o.cells = n.cells
                    changed.append(o)
                walk(o.children, n.children)

        walk(self.top, rows)
        for row in changed:
            self.dataChanged.emit(self.createIndex(row.pos, 0, row.pid), self.createIndex(row.pos, last, row.pid))

    def children_of(self, nid: int) -> list[Row]:
        return self.top if nid == 0 else self.nodes[nid].children

    def row_at(self, index: AnyIndex) -> Row:
        return self.children_of(index.internalId())[index.row()]

    def index_of(self, nid: int, column: int) -> QModelIndex:
        node = self.nodes[nid]
        return self.createIndex(node.pos, column, node.pid)

    def cell_at(self, index: AnyIndex) -> tuple[Row, Cell]:
        row = self.row_at(index)
        c = index.column()
        return row, (row.cells[c] if c < len(row.cells) else EMPTY)

    # Qt's model interface --------------------------------------------------------------------
    def index(self, row: int, column: int, parent: AnyIndex = QModelIndex()) -> QModelIndex:
        pid = self.row_at(parent).nid if parent.isValid() else 0
        if row < 0 or column < 0 or column >= len(self.titles) or row >= len(self.children_of(pid)):
            return QModelIndex()
        return self.createIndex(row, column, pid)

    @overload
    def parent(self) -> QObject | None: ...
    @overload
    def parent(self, index: AnyIndex) -> QModelIndex: ...

    def parent(self, index: AnyIndex | None = None) -> QObject | QModelIndex | None:  # noqa: D401 - Qt's name
        """The parent of the cell *index* (what the views ask); without an index, the model's own
        QObject parent, as Qt's two overloads of ``parent`` have it."""
        if index is None:
            return QObject.parent(self)
        if not index.isValid():
            return QModelIndex()
        pid = index.internalId()
        if pid == 0:
            return QModelIndex()
        node = self.nodes[pid]
        return self.createIndex(node.pos, 0, node.pid)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: N802 - Qt's name
        if not parent.isValid():
            return len(self.top)
        if parent.column() > 0:
            return 0
        return len(self.row_at(parent).children)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: N802
        return len(self.titles)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.titles[section]
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        row, cell = self.cell_at(index)
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if is_editable(row, cell):
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row, cell = self.cell_at(index)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return cell.text
        if role == Qt.ItemDataRole.BackgroundRole:
            return self._background(row, cell, index.column())
        if role == Qt.ItemDataRole.ToolTipRole:
            mark = self.marks.get(self._mark_key(row, cell, index.column()))
            if mark:
                return mark[1]
            return cell.text if len(cell.text) > 12 else None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if cell.align_right or cell.kind in NUMERIC:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole:
            return self.bold if row.role in ("header", "group", "total") else None
        if role == PATH_ROLE:
            return cell.path or ""
        if role == KIND_ROLE:
            return cell.kind
        if role == CHOICES_ROLE:
            return list(cell.choices or [])
        if role == ROWKEY_ROLE:
            return row.key or ""
        if role == ROLE_ROLE:
            return row.role
        return None

    @staticmethod
    def _mark_key(row: Row, cell: Cell, column: int) -> str:
        return cell.path or (row.key if column == 0 else "") or ""

    def _background(self, row: Row, cell: Cell, column: int):
        key = self._mark_key(row, cell, column)
        if key and key == self.flash:
            return QBrush(COLOURS["flash"])
        mark = self.marks.get(key) if key else None
        if mark:
            return QBrush(COLOURS[mark[0]])
        editable = is_editable(row, cell)
        if row.role in ("header", "group", "total") and not editable:
            return QBrush(COLOURS["total" if row.role == "total" else "header"])
        if not editable and cell.path:
            return QBrush(COLOURS["total"])
        return None

    def repaint_all(self) -> None:
        last = self.columnCount() - 1
        if self.top:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.top) - 1, last))
        for node in self.nodes[1:]:
            if node.children:
                parent = self.createIndex(node.pos, 0, node.pid)
                self.dataChanged.emit(self.index(0, 0, parent), self.index(len(node.children) - 1, last, parent))

    def repaint_keys(self, keys: Iterable[str]) -> None:
        keys = list(keys)
        if len(keys) > 64:
            self.repaint_all()
            return
        for key in keys:
            where = self.by_path.get(key)
            if where is not None:
                index = self.index_of(*where)
                self.dataChanged.emit(index, index)


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

    def has_path(self, path: str) -> bool:
        return self.index_for(path).isValid()

    def _readable_selection(self) -> None:
        """Selected cells keep their text colour on a light blue, as in Excel and WPS: with the
        style's own highlighted-text colour a selected cell (and a whole pasted block) was drawn
        with its text invisible on the light inactive highlight."""
        palette = self.palette()
        for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
            palette.setColor(group, QPalette.ColorRole.Highlight, QColor("#cce4f7"))
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
