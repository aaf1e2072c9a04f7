"""The rows of a grid and the Qt model that shows them (:class:`GridModel`: no item or widget per cell, so
a page of 1,200 rows shows at once).

A page describes its rows (:class:`Row`, each a list of :class:`Cell` bound to a field path of the
model); the model reads the cells straight from those objects, finds a cell by its path, colours the
cells with findings (their messages as tooltips) and repaints only the rows that changed. The view,
its editors and its keys are :mod:`desktop.widgets.grid`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, overload

from desktop.qt import (
    QAbstractItemModel,
    QBrush,
    QColor,
    QFont,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QWidget,
)

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
