"""The keys of every table, as in Excel and WPS (mixed into :class:`desktop.widgets.grid.Grid`).

- Tab / Shift+Tab move to the next / previous cell that can be edited, wrapping to the next row; at
  the end of a table that grows (the page adds rows) Tab adds a row; past the first or last cell the
  focus leaves the table.
- Enter commits the edit and moves down; on a selected cell it moves down.
- Typing on a selected cell replaces its content (the editor opens empty); F2 edits in place;
  Backspace opens it empty; Delete clears the selected cells; 是/否 cells take 是/否/y/n/1/0.
- Ctrl+C copies the selected block as tab-separated text, Ctrl+V pastes such a block (from Excel,
  WPS or this app) at the current cell, adding rows to a table that grows; Ctrl+D fills down.

A paste, a fill-down or a clearing is handed to the page as one batch (``sink.grid_write``), which
parses every cell as the fields parse it and writes them as one undo step — or, when a cell cannot
take its value, writes nothing and the grid lists the cells in a message.
"""

from __future__ import annotations

import csv
import io
from typing import TYPE_CHECKING, ClassVar, Protocol, cast

from desktop.qt import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QEvent,
    QGuiApplication,
    QInputMethodEvent,
    QItemSelection,
    QItemSelectionModel,
    QKeyEvent,
    QKeySequence,
    QLineEdit,
    QMenu,
    QMessageBox,
    QModelIndex,
    Qt,
    QTreeView,
    QUndoStack,
    QWidget,
    Signal,
)

if TYPE_CHECKING:
    from .grid import Grid, _Delegate

    _View = QTreeView  # what mypy checks the mixin as: the grid's Qt base
else:
    _View = object  # at run time a plain mixin before QTreeView in Grid's bases

MAX_LISTED = 8
YES = {"是", "y", "Y", "1", "√"}
NO = {"否", "n", "N", "0", "×"}


def parse_tsv(text: str) -> list[list[str]]:
    """Tab-separated text as Excel and WPS put it on the clipboard: rows end with CR LF or LF, a cell
    with a tab, a line break or a quote is quoted (``"a""b"``); the last line break ends the block."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.endswith("\n"):
        text = text[:-1]
    if not text:
        return []
    return [row for row in csv.reader(io.StringIO(text), delimiter="\t", quotechar='"', strict=False)]


def format_tsv(rows: list[list[str]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter="\t", quotechar='"', lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerows(rows)
    return out.getvalue()


class _Undoable(Protocol):
    @property
    def undo_stack(self) -> QUndoStack: ...


class GridSink(Protocol):
    """What a grid asks of the page that owns it (:class:`desktop.steps.base.Page`): to write a
    batch of cells as one undo step, to add rows, and the document whose undo stack a paste uses."""

    @property
    def doc(self) -> _Undoable: ...

    stale: bool

    def refresh(self) -> None: ...

    def grid_write(self, grid: Grid, cells: list[tuple[str, str, str, str]], label: str) -> list[str]: ...

    def grid_grow(self, grid: Grid, n: int) -> bool: ...


class SheetKeys(_View):
    """Spreadsheet keys, clipboard and fill-down for a grid (a QTreeView with a GridModel); the grid
    names its item roles (``PATH``, ``KIND``, ``ROLE``, ``ROWKEY``)."""

    PATH = KIND = ROLE = ROWKEY = 0

    if TYPE_CHECKING:  # provided by the grid (desktop.widgets.grid.Grid)
        sink: GridSink | None
        delegate: _Delegate
        cellEdited: ClassVar[Signal]

        def index_for(self, path: str) -> QModelIndex: ...

        def current_path(self) -> str | None: ...

    # --- keys ---------------------------------------------------------------------------------
    def keyPressEvent(self, e) -> None:  # noqa: N802 - Qt override
        key, mods = e.key(), e.modifiers()
        editing = self.state() == QAbstractItemView.State.EditingState
        ctrl = mods & Qt.KeyboardModifier.ControlModifier
        if key in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab) and not ctrl:
            backwards = key == Qt.Key.Key_Backtab or bool(mods & Qt.KeyboardModifier.ShiftModifier)
            if editing:
                self._commit_editor()
            if self.move_cell(not backwards, grow=not backwards):
                e.accept()
            else:
                e.ignore()  # past the first or last cell: the focus leaves the table
            return
        if not editing:
            if e.matches(QKeySequence.StandardKey.Copy):
                self.copy_selection()
                return
            if e.matches(QKeySequence.StandardKey.Paste):
                self.paste_clipboard()
                return
            if key == Qt.Key.Key_D and ctrl:
                self.fill_down()
                return
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.move_down()
                return
            if key == Qt.Key.Key_F2 and not mods:
                self.edit_in_place()
                return
            if key == Qt.Key.Key_Delete:
                self.clear_selection_cells()
                return
            if key == Qt.Key.Key_Backspace:
                self._edit_empty()
                return
            text = e.text()
            if text and text.isprintable() and not (mods & (Qt.KeyboardModifier.ControlModifier
                                                            | Qt.KeyboardModifier.AltModifier)):
                if self._typed_flag(text) or self._type_over(e):
                    return
        super().keyPressEvent(e)

    def inputMethodEvent(self, e) -> None:  # noqa: N802 - Qt override
        """Chinese typed through an input method replaces the cell too."""
        if self.state() != QAbstractItemView.State.EditingState and e.commitString():
            if self._typed_flag(e.commitString()) or self._type_over(e):
                return
        super().inputMethodEvent(e)

    def closeEditor(self, editor, hint) -> None:  # noqa: N802 - Qt override
        """Tab in an editor moves on as Tab on a cell does; Enter commits and moves down."""
        hints = QAbstractItemDelegate.EndEditHint
        move = {hints.EditNextItem: "next", hints.EditPreviousItem: "previous",
                hints.SubmitModelCache: "down"}.get(hint)
        super().closeEditor(editor, hints.NoHint if move else hint)
        if move == "down":
            self.move_down()
        elif move:
            self.move_cell(move == "next", grow=move == "next")
            self.setFocus(Qt.FocusReason.TabFocusReason)

    def _commit_editor(self) -> None:
        editor = self.indexWidget(self.currentIndex())
        if editor is None:
            return
        self.commitData(editor)
        editor = self.indexWidget(self.currentIndex())
        if editor is not None:
            QAbstractItemView.closeEditor(self, editor, QAbstractItemDelegate.EndEditHint.NoHint)

    def _edit_empty(self) -> QWidget | None:
        """Open the current cell's editor empty; the editor's text field, or ``None``."""
        index = self.currentIndex()
        if not (index.isValid() and index.flags() & Qt.ItemFlag.ItemIsEditable):
            return None
        self.delegate.replace = True
        try:
            self.edit(index)
        finally:
            self.delegate.replace = False
        editor = self.indexWidget(index)
        if isinstance(editor, QComboBox):
            return editor.lineEdit() if editor.isEditable() else None
        return editor

    def edit_in_place(self) -> None:
        """F2: the editor opens with the cell's text and the cursor after it (Qt selects it all)."""
        index = self.currentIndex()
        if not (index.isValid() and index.flags() & Qt.ItemFlag.ItemIsEditable):
            return
        self.edit(index)
        editor = self.indexWidget(index)
        line = editor.lineEdit() if isinstance(editor, QComboBox) else editor
        if isinstance(line, QLineEdit):  # the grid's editors: a line edit, or a combo's
            line.deselect()
            line.end(False)

    def _type_over(self, e) -> bool:
        """A key (or an input method's text) typed on a selected cell starts its editor empty with it."""
        target = self._edit_empty()
        if target is None:
            return False
        copy: QEvent
        if e.type() == QEvent.Type.InputMethod:
            copy = QInputMethodEvent(e.preeditString(), e.attributes())
            copy.setCommitString(e.commitString(), e.replacementStart(), e.replacementLength())
        else:
            copy = QKeyEvent(e.type(), e.key(), e.modifiers(), e.text(), e.isAutoRepeat(), e.count())
        QApplication.sendEvent(target, copy)
        e.accept()
        return True

    def _typed_flag(self, text: str) -> bool:
        """A 是/否 cell answers 是/否 (or y/n, 1/0) typed on it without opening its list."""
        index = self.currentIndex()
        if not index.isValid() or index.data(self.KIND) != "yesno" or not (index.flags() & Qt.ItemFlag.ItemIsEditable):
            return False
        value = "是" if text in YES else "否" if text in NO else None
        if value is not None:
            self.write_cells([(index, value, "")], "修改单元格")
        return True

    # --- moving -------------------------------------------------------------------------------
    def next_cell(self, index: QModelIndex, forward: bool = True) -> QModelIndex:
        """The next (previous) cell that can be edited, row by row, in the order shown."""
        columns = self.model().columnCount()
        if not index.isValid():
            return QModelIndex()
        row, col = index.siblingAtColumn(0), index.column()
        for _ in range(columns * 5000):
            col += 1 if forward else -1
            if col >= columns:
                row, col = self.indexBelow(row), 0
            elif col < 0:
                row, col = self.indexAbove(row), columns - 1
            if not row.isValid():
                return QModelIndex()
            cell = row.siblingAtColumn(col)
            if cell.flags() & Qt.ItemFlag.ItemIsEditable and not self.isColumnHidden(col):
                return cell
        return QModelIndex()

    def move_cell(self, forward: bool, grow: bool = False) -> bool:
        current = self.currentIndex()
        if not current.isValid():
            first = self.next_cell(self.model().index(0, 0), True) if self.model().rowCount() else QModelIndex()
            if first.isValid() and (first.flags() & Qt.ItemFlag.ItemIsEditable):
                self._go(first)
                return True
            return False
        target = self.next_cell(current, forward)
        if not target.isValid() and grow and self._grow(1):
            target = self.next_cell(self.currentIndex(), True)
        if not target.isValid():
            return False
        self._go(target)
        return True

    def move_down(self) -> bool:
        index = self.currentIndex()
        if not index.isValid():
            return False
        row = self.indexBelow(index.siblingAtColumn(0))
        while row.isValid():
            cell = row.siblingAtColumn(index.column())
            if cell.flags() & Qt.ItemFlag.ItemIsEditable:
                self._go(cell)
                return True
            row = self.indexBelow(row)
        return False

    def _go(self, index: QModelIndex) -> None:
        self.selectionModel().setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        self.scrollTo(index)

    def _grow(self, n: int) -> bool:
        """Ask the page for *n* more rows at the end; the current cell stays where it is."""
        sink = self.sink
        if sink is None or not hasattr(sink, "grid_grow"):
            return False
        current = self.current_path()
        if not sink.grid_grow(cast("Grid", self), n):  # the keys are mixed into Grid only
            return False
        if getattr(sink, "stale", False):
            sink.refresh()
        if current:
            index = self.index_for(current)
            if index.isValid():
                self.selectionModel().setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        return True

    # --- blocks -------------------------------------------------------------------------------
    def visible_rows(self) -> list[QModelIndex]:
        """The first cell of every row shown, top to bottom."""
        rows: list[QModelIndex] = []
        index = self.model().index(0, 0) if self.model().rowCount() else QModelIndex()
        while index.isValid():
            rows.append(index)
            index = self.indexBelow(index)
        return rows

    def selected_block(self) -> tuple[list[QModelIndex], list[int]]:
        """The rows (first cells) and columns spanned by the selection, as a rectangle."""
        selected = self.selectionModel().selectedIndexes() or \
            ([self.currentIndex()] if self.currentIndex().isValid() else [])
        if not selected:
            return [], []
        rows = self.visible_rows()
        number = {(r.internalId(), r.row()): i for i, r in enumerate(rows)}
        spots = [number[(i.internalId(), i.row())] for i in selected if (i.internalId(), i.row()) in number]
        if not spots:
            return [], []
        cols = sorted({i.column() for i in selected})
        return rows[min(spots):max(spots) + 1], list(range(cols[0], cols[-1] + 1))

    def copy_selection(self) -> str:
        rows, cols = self.selected_block()
        table = [[r.siblingAtColumn(c).data(Qt.ItemDataRole.DisplayRole) or "" for c in cols] for r in rows]
        text = format_tsv(table)
        QGuiApplication.clipboard().setText(text)
        return text

    def paste_clipboard(self) -> bool:
        return self.paste_text(QGuiApplication.clipboard().text())

    def paste_text(self, text: str) -> bool:
        """Paste a tab-separated block at the top-left of the selection, as one undo step."""
        block = parse_tsv(text)
        if not block:
            return False
        rows, cols = self.selected_block()
        if not rows:
            return False
        width = max(len(r) for r in block)
        if len(block) == 1 and width == 1 and (len(rows) > 1 or len(cols) > 1):
            # one value onto a selected range fills the range, as in Excel
            block = [[block[0][0]] * len(cols) for _ in rows]
            width = len(cols)
        start_col = cols[0]
        if start_col + width > self.model().columnCount():
            self.report("粘贴", [f"粘贴的内容有 {width} 列，从“{self._title(start_col)}”起放不下"
                                 f"（表格到“{self._title(self.model().columnCount() - 1)}”为止）"])
            return False
        top = rows[0]
        stack = self.sink.doc.undo_stack if self.sink is not None else None
        if stack is not None:
            stack.beginMacro("粘贴")
        ok = False
        try:
            targets = self._paste_rows(top, len(block))
            problems: list[str] = []
            if len(targets) < len(block):
                problems.append(f"粘贴的内容有 {len(block)} 行，表格从当前行起只有 {len(targets)} 行可以填写")
            cells, skipped = [], []
            for i, (row, values) in enumerate(zip(targets, block, strict=False)):
                for j, value in enumerate(values):
                    index = row.siblingAtColumn(start_col + j)
                    where = f"第 {i + 1} 行“{self._title(start_col + j)}”"
                    if index.flags() & Qt.ItemFlag.ItemIsEditable:
                        cells.append((index, value, where))
                    elif value.strip() and value.strip() != (index.data() or "").strip():
                        skipped.append(where)
            if not problems:
                problems = self.write_cells(cells, "粘贴", report=False)
            ok = not problems
        finally:
            if stack is not None:
                stack.endMacro()
                if not ok and stack.count() and stack.index() == stack.count():
                    self._roll_back(stack)
        if not ok:
            self.report("粘贴", ["没有粘贴任何内容："] + problems)
            return False
        message = f"已粘贴 {len(block)} 行 × {width} 列"
        if skipped:
            message += f"；{len(skipped)} 个自动计算或只读的单元格未改动（{'、'.join(skipped[:3])}{'等' if len(skipped) > 3 else ''}）"
        self.status(message)
        self._select_block(targets[0], targets[len(block) - 1], start_col, start_col + width - 1)
        return True

    def _roll_back(self, stack) -> None:
        """Take back a failed paste's macro (rows added for it) without leaving a redo step."""
        command = stack.command(stack.index() - 1)
        if command is None or command.text() != "粘贴":
            return
        command.undo()
        command.setObsolete(True)
        stack.undo()

    def _paste_rows(self, top: QModelIndex, n: int) -> list[QModelIndex]:
        """*n* rows from *top* down that take values (data rows), adding rows to a table that grows."""
        def collect() -> list[QModelIndex]:
            rows: list[QModelIndex] = []
            index = top
            while index.isValid() and len(rows) < n:
                if index.data(self.ROLE) in ("data", "group"):
                    rows.append(index)
                index = self.indexBelow(index)
            return rows

        key = (top.data(self.PATH) or "", top.data(self.ROWKEY) or "")
        rows = collect()
        if len(rows) < n and self._grow(n - len(rows)):
            top = self._find(*key)
            rows = collect() if top.isValid() else []
        return rows

    def _find(self, path: str, rowkey: str) -> QModelIndex:
        index = self.index_for(path) if path else QModelIndex()
        if not index.isValid() and rowkey:
            index = self.index_for(rowkey)
        return index.siblingAtColumn(0) if index.isValid() else index

    def _select_block(self, first: QModelIndex, last: QModelIndex, c0: int, c1: int) -> None:
        selection = QItemSelection()
        row = first
        while row.isValid():
            selection.select(row.siblingAtColumn(c0), row.siblingAtColumn(c1))
            if row == last:
                break
            row = self.indexBelow(row)
        self.selectionModel().select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        self.selectionModel().setCurrentIndex(first.siblingAtColumn(c0), QItemSelectionModel.SelectionFlag.NoUpdate)

    def fill_down(self) -> bool:
        """Ctrl+D: the top row of the selection into the rows below it; one cell takes the cell above."""
        rows, cols = self.selected_block()
        if not rows:
            return False
        if len(rows) == 1:
            above = self.indexAbove(rows[0])
            if not above.isValid():
                return False
            rows = [above, rows[0]]
        source = rows[0]
        cells = []
        for row in rows[1:]:
            for c in cols:
                index = row.siblingAtColumn(c)
                if index.flags() & Qt.ItemFlag.ItemIsEditable:
                    cells.append((index, source.siblingAtColumn(c).data() or "", f"“{self._title(c)}”"))
        return not self.write_cells(cells, "向下填充")

    def clear_selection_cells(self) -> bool:
        cells = [(i, "", "") for i in self.selectionModel().selectedIndexes()
                 if i.flags() & Qt.ItemFlag.ItemIsEditable]
        return not self.write_cells(cells, "清除内容")

    def write_cells(self, cells: list[tuple[QModelIndex, str, str]], label: str, report: bool = True) -> list[str]:
        """Hand ``(cell, text, where)`` to the page as one batch; the problems when it refused."""
        batch = [(i.data(self.PATH), i.data(self.KIND) or "text", text, where) for i, text, where in cells
                 if i.data(self.PATH)]
        if not batch:
            return []
        if self.sink is None or not hasattr(self.sink, "grid_write"):
            for path, kind, text, _where in batch:
                self.cellEdited.emit(path, kind, text)
            return []
        problems = self.sink.grid_write(cast("Grid", self), batch, label)
        if problems and report:
            self.report(label, ["没有修改任何单元格："] + problems)
        return problems

    def contextMenuEvent(self, e) -> None:  # noqa: N802 - Qt override
        menu = QMenu(self)
        for text, keys, slot in (("复制", "Ctrl+C", self.copy_selection), ("粘贴", "Ctrl+V", self.paste_clipboard),
                                 ("向下填充", "Ctrl+D", self.fill_down), ("清除内容", "Delete", self.clear_selection_cells)):
            action = menu.addAction(f"{text}\t{keys}")
            action.triggered.connect(lambda _=False, slot=slot: slot())
        menu.exec(e.globalPos())

    # --- messages -----------------------------------------------------------------------------
    def _title(self, column: int) -> str:
        return str(self.model().headerData(column, Qt.Orientation.Horizontal) or "").replace("\n", "")

    def report(self, title: str, lines: list[str]) -> None:
        shown = lines[:MAX_LISTED + 1]
        if len(lines) > MAX_LISTED + 1:
            shown.append(f"……另有 {len(lines) - MAX_LISTED - 1} 处")
        QMessageBox.warning(self, title, "\n".join(shown))

    def status(self, message: str) -> None:
        window = self.window()
        bar = getattr(window, "statusBar", None)
        if callable(bar):
            bar().showMessage(message, 6000)

    def event(self, e) -> bool:  # noqa: D401 - Qt override
        # the grid's own Ctrl+C / V / D / Z win over the window's shortcuts while it has the focus
        if e.type() == QEvent.Type.ShortcutOverride and self.state() != QAbstractItemView.State.EditingState:
            if e.matches(QKeySequence.StandardKey.Copy) or e.matches(QKeySequence.StandardKey.Paste) or \
                    (e.key() == Qt.Key.Key_D and e.modifiers() == Qt.KeyboardModifier.ControlModifier):
                e.accept()
                return True
        return super().event(e)
