"""An editable table (or tree-table) whose cells are bound to field paths of the model.

A page describes its rows (:class:`Row`, each a list of :class:`Cell`); the grid draws them, lets the
user edit a cell with the right editor (money, code list, 是/否, date, text) and reports
``cellEdited(path, kind, text)``; the page writes the value through the undo stack. 合计 rows and
header rows are read-only. Cells with findings get a colour and the messages as their tooltip.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

from PySide6.QtCore import QModelIndex, QTimer, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QHeaderView, QLineEdit, QStyledItemDelegate, QTreeView, QWidget,
)

PATH_ROLE = Qt.ItemDataRole.UserRole + 1
KIND_ROLE = Qt.ItemDataRole.UserRole + 2
CHOICES_ROLE = Qt.ItemDataRole.UserRole + 3
ROWKEY_ROLE = Qt.ItemDataRole.UserRole + 4
ROLE_ROLE = Qt.ItemDataRole.UserRole + 5

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


@dataclass
class Row:
    cells: list[Cell]
    role: str = "data"  # data | group (bold, its cells with a path editable) | header (spanned) | total
    key: str = ""
    """The row's own path (``performance.indicators[3]``) for add / remove / move."""
    children: list["Row"] = field(default_factory=list)


class _Delegate(QStyledItemDelegate):
    def __init__(self, grid: "Grid"):
        super().__init__(grid)
        self.grid = grid

    def createEditor(self, parent, option, index):  # noqa: N802 - Qt override
        kind = index.data(KIND_ROLE) or "text"
        choices = index.data(CHOICES_ROLE)
        if kind == "yesno":
            box = QComboBox(parent)
            box.addItems(["未填", "是", "否"])
            return box
        if choices:
            box = QComboBox(parent)
            box.setEditable(True)
            box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
            box.addItems(list(choices))
            return box
        edit = QLineEdit(parent)
        if kind in ("money", "number", "score"):
            edit.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return edit

    def setEditorData(self, editor, index):  # noqa: N802
        text = index.data(Qt.ItemDataRole.EditRole) or ""
        if isinstance(editor, QComboBox):
            if index.data(KIND_ROLE) == "yesno":
                editor.setCurrentText(text or "未填")
            else:
                i = editor.findText(text)
                editor.setCurrentIndex(i)
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


class Grid(QTreeView):
    """A table of bound cells; rows with children show as a tree (一级 → 二级 → 指标)."""

    cellEdited = Signal(str, str, str)

    def __init__(self, columns: list[tuple[str, int]], parent: QWidget | None = None, tree: bool = False):
        super().__init__(parent)
        self.columns = columns
        self.model_ = QStandardItemModel(0, len(columns), self)
        self.model_.setHorizontalHeaderLabels([c[0] for c in columns])
        self.setModel(self.model_)
        self.setItemDelegate(_Delegate(self))
        self.setRootIsDecorated(tree)
        self.setItemsExpandable(tree)
        self.setUniformRowHeights(True)
        self.setAlternatingRowColors(False)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                             | QAbstractItemView.EditTrigger.EditKeyPressed
                             | QAbstractItemView.EditTrigger.AnyKeyPressed)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setObjectName("grid")
        header = self.header()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
        header.setStretchLastSection(True)
        header.setMinimumHeight(30)
        for i, (_title, width) in enumerate(columns):
            header.resizeSection(i, width)
            header.setSectionResizeMode(i, QHeaderView.ResizeMode.Interactive)
        self._signature: list = []
        self._items: dict[str, QStandardItem] = {}
        self._marks: dict[str, tuple[str, str]] = {}
        self._flash: str | None = None

    # building --------------------------------------------------------------------------------
    def set_rows(self, rows: list[Row]) -> None:
        signature = list(_signature(rows))
        if signature == self._signature:
            self._update(rows)
            return
        current = self.current_path()
        scroll = self.verticalScrollBar().value()
        self.model_.removeRows(0, self.model_.rowCount())
        self._items = {}
        root = self.model_.invisibleRootItem()
        for row in rows:
            self._add(root, row)
        self._signature = signature
        self.expandAll()
        self._apply_marks()
        if current and current in self._items:
            self.setCurrentIndex(self._items[current].index())
        self.verticalScrollBar().setValue(scroll)

    def _add(self, parent: QStandardItem, row: Row) -> None:
        items = [self._make(row, i, c) for i, c in enumerate(_padded(row.cells, len(self.columns)))]
        parent.appendRow(items)
        if row.role == "header":
            self.setFirstColumnSpanned(parent.rowCount() - 1, parent.index(), True)
        for child in row.children:
            self._add(items[0], child)

    def _make(self, row: Row, column: int, cell: Cell) -> QStandardItem:
        item = QStandardItem(cell.text)
        # strings and lists only: None in item data has upset PySide's reference counting
        item.setData(cell.path or "", PATH_ROLE)
        item.setData(cell.kind, KIND_ROLE)
        item.setData(list(cell.choices or []), CHOICES_ROLE)
        item.setData(row.key or "", ROWKEY_ROLE)
        item.setData(row.role, ROLE_ROLE)
        item.setToolTip(cell.text if len(cell.text) > 12 else "")
        editable = bool(cell.path) and cell.editable and row.role in ("data", "group")
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if editable:
            flags |= Qt.ItemFlag.ItemIsEditable
        item.setFlags(flags)
        if cell.align_right or cell.kind in ("money", "number", "score"):
            item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if row.role in ("header", "group", "total"):
            font = QFont(self.font())
            font.setBold(True)
            item.setFont(font)
            if not editable:
                item.setBackground(QBrush(COLOURS[_colour(row.role)]))
        elif not editable and cell.path:
            item.setBackground(QBrush(COLOURS["total"]))
        if cell.path:
            self._items[cell.path] = item
        elif column == 0 and row.key:
            self._items.setdefault(row.key, item)
        return item

    def _update(self, rows: list[Row]) -> None:
        def walk(parent: QStandardItem, rows: list[Row]) -> None:
            for r, row in enumerate(rows):
                for c, cell in enumerate(_padded(row.cells, len(self.columns))):
                    item = parent.child(r, c)
                    if item is not None and item.text() != cell.text:
                        item.setText(cell.text)
                        if not self._marks.get(cell.path or ""):
                            item.setToolTip(cell.text if len(cell.text) > 12 else "")
                if row.children:
                    walk(parent.child(r, 0), row.children)

        walk(self.model_.invisibleRootItem(), rows)

    # locating --------------------------------------------------------------------------------
    def has_path(self, path: str) -> bool:
        return self._item_for(path) is not None

    def _item_for(self, path: str) -> QStandardItem | None:
        if path in self._items:
            return self._items[path]
        # a finding on a whole row (``performance.indicators[4]``): its first cell
        for key, item in self._items.items():
            if key.startswith(path + ".") or key.startswith(path + "["):
                return item
        return None

    def focus_path(self, path: str) -> bool:
        item = self._item_for(path)
        if item is None:
            return False
        index = item.index()
        self.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)
        self.setCurrentIndex(index)
        self.setFocus(Qt.FocusReason.OtherFocusReason)
        self._flash = item.data(PATH_ROLE) or item.data(ROWKEY_ROLE)
        self._apply_marks()
        QTimer.singleShot(1500, self, self._end_flash)
        return True

    def _end_flash(self) -> None:
        self._flash = None
        self._apply_marks()

    def current_path(self) -> str | None:
        index = self.currentIndex()
        return index.data(PATH_ROLE) if index.isValid() else None

    def current_row_key(self) -> str:
        index = self.currentIndex()
        if not index.isValid() or index.data(ROLE_ROLE) not in ("data", "group"):
            return ""
        return index.data(ROWKEY_ROLE) or ""

    def index_for(self, path: str) -> QModelIndex:
        item = self._item_for(path)
        return item.index() if item is not None else QModelIndex()

    def select_row_key(self, key: str) -> None:
        for item in self._items.values():
            if item.data(ROWKEY_ROLE) == key and item.data(ROLE_ROLE) == "data":
                self.setCurrentIndex(item.index())
                return

    # marks -----------------------------------------------------------------------------------
    def mark(self, marks: dict[str, tuple[str, str]]) -> None:
        """``{path: (severity, message)}`` for the cells of this grid."""
        self._marks = marks
        self._apply_marks()

    def _apply_marks(self) -> None:
        for path, item in self._items.items():
            role = item.data(ROLE_ROLE)
            mark = self._marks.get(path)
            if self._flash and path == self._flash:
                item.setBackground(QBrush(COLOURS["flash"]))
            elif mark:
                item.setBackground(QBrush(COLOURS[mark[0]]))
            elif role in ("header", "group", "total") and not (item.flags() & Qt.ItemFlag.ItemIsEditable):
                item.setBackground(QBrush(COLOURS[_colour(role)]))
            elif not (item.flags() & Qt.ItemFlag.ItemIsEditable) and item.data(PATH_ROLE):
                item.setBackground(QBrush(COLOURS["total"]))
            else:
                item.setBackground(QBrush())
            if mark:
                item.setToolTip(mark[1])
            else:
                text = item.text()
                item.setToolTip(text if len(text) > 12 else "")


def _colour(role: str) -> str:
    return "total" if role == "total" else "header"


def _padded(cells: list[Cell], n: int) -> list[Cell]:
    return list(cells[:n]) + [Cell() for _ in range(n - len(cells))]


def _signature(rows: Iterable[Row], depth: int = 0):
    for row in rows:
        yield (depth, row.role, row.key, tuple((c.path, c.kind, c.editable) for c in row.cells))
        yield from _signature(row.children, depth + 1)
