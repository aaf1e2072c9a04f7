"""A code combo over a whole code tree (功能科目 类 › 款 › 项): typing a code prefix, any part of a
name or the pinyin initials (``xxjy`` → 小学教育) lists the matching 项, each with its path.

It is a :class:`~desktop.widgets.fields.CodeCombo` (same ``edited`` signal, ``set_choices`` and
``set_value``), with its own completer: the search is :meth:`forms.codes.CodeList.search`, whose
pinyin initials are computed once per list (in a background thread when the list is set), so typing
stays fast on a tree of a thousand codes (``benchmarks/bench_codes.py``).
"""

from __future__ import annotations

import threading

from desktop.qt import (
    QAbstractListModel,
    QApplication,
    QCompleter,
    QListView,
    QModelIndex,
    QPalette,
    QPersistentModelIndex,
    QRect,
    QSize,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    Qt,
    QTimer,
    QWidget,
)
from forms.codes import CodeList, Entry

from .fields import CodeCombo

COMPLETION_ROLE = Qt.ItemDataRole.UserRole + 1
PATH_ROLE = Qt.ItemDataRole.UserRole + 2
MAX_HITS = 80
POPUP_MAX_WIDTH = 760


class _Hits(QAbstractListModel):
    """The search hits shown by the completer: ``code name`` and the path above it."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.tree: CodeList | None = None
        self.hits: list[Entry] = []

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt naming
        return 0 if parent.isValid() else len(self.hits)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self.hits):
            return None
        e = self.hits[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, COMPLETION_ROLE, Qt.ItemDataRole.EditRole):
            return f"{e.code} {e.name}"
        if role in (PATH_ROLE, Qt.ItemDataRole.ToolTipRole) and self.tree is not None:
            above = self.tree.path_text(e.path[-2]) if len(e.path) > 1 else ""
            return above if role == PATH_ROLE else self.tree.path_text(e.code)
        return None

    def set_hits(self, hits: list[Entry]) -> None:
        self.beginResetModel()
        self.hits = hits
        self.endResetModel()


class PathDelegate(QStyledItemDelegate):
    """Two lines per code: ``2050202 小学教育`` and, smaller and grey, ``205 教育支出 › 20502 普通教育``;
    a line longer than the popup is elided in the middle rather than cut."""

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:  # noqa: N802
        h = option.fontMetrics.height()
        return QSize(super().sizeHint(option, index).width(), h * 2 + 8)

    def paint(self, painter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        text, path = opt.text, index.data(PATH_ROLE) or ""
        opt.text = ""
        style = opt.widget.style() if opt.widget else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        pal = opt.palette
        fm = opt.fontMetrics
        r = opt.rect.adjusted(6, 3, -6, -3)
        h = fm.height()
        painter.save()
        painter.setPen(pal.color(QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text))
        painter.drawText(QRect(r.left(), r.top(), r.width(), h), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         fm.elidedText(text, Qt.TextElideMode.ElideMiddle, r.width()))
        font = painter.font()
        font.setPointSizeF(max(font.pointSizeF() * 0.9, 7.0))
        painter.setFont(font)
        painter.setPen(pal.color(QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.PlaceholderText))
        small = painter.fontMetrics()
        painter.drawText(QRect(r.left(), r.top() + h + 2, r.width(), h), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         small.elidedText(path, Qt.TextElideMode.ElideMiddle, r.width()))
        painter.restore()


class TreeCodeCombo(CodeCombo):
    """The 功能科目 combo: choices are the 项 of the year's tree, the search covers the whole tree."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent, coded=True)
        self.setSizeAdjustPolicy(CodeCombo.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(18)
        self.lineEdit().setPlaceholderText("未填（输入编码、名称或拼音首字母，如 xxjy）")
        self.hits = _Hits(self)
        self.search_completer = QCompleter(self.hits, self)
        self.search_completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.search_completer.setCompletionRole(COMPLETION_ROLE)
        self.search_completer.setMaxVisibleItems(10)
        popup = self.search_completer.popup()
        assert isinstance(popup, QListView)  # the completer's own popup
        popup.setObjectName("codeSearchPopup")
        popup.setItemDelegate(PathDelegate(popup))
        popup.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        popup.setUniformItemSizes(True)
        self.lineEdit().setCompleter(self.search_completer)
        # the str overload of QCompleter.activated (PySide6's stub has no SignalInstance.__getitem__)
        self.search_completer.activated[str].connect(self._chosen)  # type: ignore[index]
        self.lineEdit().textEdited.connect(self._search)
        self.view().setTextElideMode(Qt.TextElideMode.ElideMiddle)

    def set_tree(self, tree: CodeList) -> None:
        """The year's tree; the choices of the drop-down are its 项 (its lowest level)."""
        self.hits.tree = tree
        self.hits.set_hits([])
        # the search index (pypinyin's dictionary, ~0.25 s the first time) is built off the UI thread,
        # so the first keystroke does not wait for it, and only once the event loop runs (the window
        # shown), so that building and opening the window do not share the interpreter with it
        QTimer.singleShot(0, lambda: threading.Thread(target=lambda: tree.entries, name="code-index", daemon=True).start())
        items = tree.at_level(tree.leaf_level)
        self.set_choices([f"{c} {n}" for c, n in items.items()])
        for i, code in enumerate(items):
            self.setItemData(i, tree.path_text(code), Qt.ItemDataRole.ToolTipRole)
        width = max((self.view().fontMetrics().horizontalAdvance(t) for t in self._texts()), default=0) + 40
        self.view().setMinimumWidth(min(width, POPUP_MAX_WIDTH))

    def _texts(self) -> list[str]:
        return [self.itemText(i) for i in range(self.count())]

    def _search(self, text: str) -> None:
        tree = self.hits.tree
        if tree is None:
            return
        hits = tree.search(text, limit=MAX_HITS, level=tree.leaf_level) if text.strip() else []
        self.hits.set_hits(hits)
        popup = self.search_completer.popup()
        assert popup is not None  # made in __init__
        if not hits:
            popup.hide()
            return
        fm = popup.fontMetrics()
        widest = max(max(fm.horizontalAdvance(self.hits.data(self.hits.index(i), PATH_ROLE) or ""),
                         fm.horizontalAdvance(self.hits.data(self.hits.index(i)) or "")) for i in range(len(hits)))
        rect = self.rect()
        rect.setWidth(max(self.width(), min(widest + 40, POPUP_MAX_WIDTH)))
        self.search_completer.complete(rect)

    def _chosen(self, text: str) -> None:
        i = self.findText(text)
        self._setting = True
        try:
            if i >= 0:
                self.setCurrentIndex(i)
            else:
                self.setEditText(text)
        finally:
            self._setting = False
        self._commit()
