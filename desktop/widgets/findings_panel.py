"""The findings panel: every finding with its severity, step and message; filterable; click to jump.

Warnings and hints a person has checked can be marked 已核实 with a reason (the 核实… button, the
context menu or Ctrl+K on the selected finding); they are listed after the open findings, greyed,
with the reason. Errors cannot be marked. The panel folds to a one-line summary (the ▾ button or
Ctrl+Shift+K) and remembers its height and whether it was folded (QSettings, as the window does).
"""

from __future__ import annotations

from difflib import SequenceMatcher

from desktop.qt import (
    QAction,
    QBrush,
    QCheckBox,
    QColor,
    QDialog,
    QDockWidget,
    QFont,
    QHBoxLayout,
    QHeaderView,
    QKeySequence,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QRect,
    QSize,
    QStyledItemDelegate,
    Qt,
    QTimer,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
    Signal,
)
from forms.model.verified import VerifiedMark
from forms.rules import Finding, Severity
from forms.verified import REFUSE_ERROR, Applied, can_mark

from .reason_dialog import ReasonDialog

SEVERITY_COLOURS = {Severity.ERROR: "#c0392b", Severity.WARNING: "#b9770e", Severity.INFO: "#2e6da4"}
VERIFIED_COLOUR = "#8a8a8a"
FINDING_ROLE = Qt.ItemDataRole.UserRole + 10
HEIGHT_KEY = "findings/height"
FOLDED_KEY = "findings/folded"
DEFAULT_HEIGHT = 230


Row = tuple[Finding, "VerifiedMark | None", bool]
"""A row of the list: the finding, its mark (or None) and whether the mark covers it."""


def _row_key(row: Row) -> tuple:
    """What a row of the list shows: the finding, whether it is 已核实, the mark's reason and time."""
    f, mark, is_verified = row
    return (f, is_verified, getattr(mark, "reason", None), getattr(mark, "marked_at", None))


class _WrapDelegate(QStyledItemDelegate):
    """Rows as tall as their message needs at the column's width, so no message is cut off."""

    def __init__(self, tree: QTreeWidget, column: int):
        super().__init__(tree)
        self.tree = tree
        self.column = column

    def sizeHint(self, option, index) -> QSize:  # noqa: N802 - Qt override
        width = max(self.tree.header().sectionSize(self.column) - 10, 100)
        text = index.data(Qt.ItemDataRole.DisplayRole) or ""
        rect = option.fontMetrics.boundingRect(QRect(0, 0, width, 100000), Qt.TextFlag.TextWordWrap, text)
        return QSize(width, rect.height() + 4)


class FindingsPanel(QWidget):
    findingActivated = Signal(object)
    verifyRequested = Signal(object, str)
    """(finding, reason): mark a warning or hint 已核实."""
    unverifyRequested = Signal(object)
    """(mark): take an 已核实 mark away."""
    refused = Signal(str)
    """A mark the panel refused (an error), with the reason for the status bar."""
    foldedChanged = Signal(bool)

    def __init__(self, step_for, parent: QWidget | None = None):
        super().__init__(parent)
        self.step_for = step_for
        self.current_step = ""
        self.findings: list[Finding] = []
        self.marks = Applied()
        self._rows: list[Row] = []  # (finding, mark or None, verified)
        self._keys: list[tuple] = []  # what each row shows (see _row_key), row for row
        self.folded = False
        self._restored = False
        self.ask_reason = self._ask_reason
        """``ask_reason(finding, old_reason) -> str | None`` (the dialog; tests may replace it)."""

        self.fold_button = QToolButton(self)
        self.fold_button.setObjectName("foldFindings")
        self.fold_button.setAutoRaise(True)
        self.fold_button.clicked.connect(lambda: self.set_folded(not self.folded))
        self.summary = QLabel(self)
        self.summary.setObjectName("findingsSummary")
        self.filter = QLineEdit(self)
        self.filter.setObjectName("findingsFilter")
        self.filter.setPlaceholderText("筛选：输入规则编号、表名或信息中的字词")
        self.filter.setClearButtonEnabled(True)
        self.toggles: dict[object, QToolButton] = {}
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.fold_button)
        top.addWidget(self.summary)
        top.addWidget(self.filter, 1)
        for key in (Severity.ERROR, Severity.WARNING, Severity.INFO, "verified"):
            b = QToolButton(self)
            b.setCheckable(True)
            b.setChecked(True)
            b.setObjectName(f"toggle_{getattr(key, 'value', key)}")
            b.toggled.connect(self._apply)
            self.toggles[key] = b
            top.addWidget(b)
        self.only_step = QCheckBox("只看当前步骤", self)
        self.only_step.toggled.connect(self._apply)
        top.addWidget(self.only_step)
        self.verify_button = QToolButton(self)
        self.verify_button.setObjectName("verifyFinding")
        self.verify_button.setText("核实…")
        self.verify_button.setToolTip("把选中的警告或提示标记为已核实（Ctrl+K）；再按一次取消标记")
        self.verify_button.clicked.connect(self.verify_current)
        top.addWidget(self.verify_button)
        self.tree = QTreeWidget(self)
        self.tree.setObjectName("findingsList")
        self.tree.setColumnCount(4)
        self.tree.setHeaderLabels(["级别", "步骤", "规则", "问题与修改建议"])
        self.tree.setRootIsDecorated(False)
        self.tree.setWordWrap(True)
        self.tree.setUniformRowHeights(False)
        self.tree.setAlternatingRowColors(True)
        header = self.tree.header()
        header.resizeSection(0, 56)
        header.resizeSection(1, 110)
        header.resizeSection(2, 80)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        header.setStretchLastSection(True)
        self.tree.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.tree.setItemDelegateForColumn(3, _WrapDelegate(self.tree, 3))
        header.sectionResized.connect(lambda *_: self.tree.doItemsLayout())  # re-wrap long messages
        self.tree.itemClicked.connect(self._clicked)
        self.tree.itemActivated.connect(self._clicked)
        self.tree.currentItemChanged.connect(lambda *_: self._update_verify_button())
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree.customContextMenuRequested.connect(self._context_menu)
        verify_key = QAction(self)
        verify_key.setShortcut(QKeySequence("Ctrl+K"))
        verify_key.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        verify_key.triggered.connect(self.verify_current)
        self.addAction(verify_key)
        fold_key = QAction(self)
        fold_key.setShortcut(QKeySequence("Ctrl+Shift+K"))
        fold_key.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        fold_key.triggered.connect(lambda: self.set_folded(not self.folded))
        self.addAction(fold_key)
        self.empty = QLabel("没有发现问题。", self)
        self.empty.setObjectName("findingsEmpty")
        self.empty.setVisible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.addLayout(top)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.empty)
        self.filter.textChanged.connect(self._apply)
        self._show_folded()
        self._update_toggles()
        self._update_verify_button()

    # --- contents -------------------------------------------------------------------------------
    def set_findings(self, findings: list[Finding], marks: Applied | None = None) -> None:
        """Show the open *findings* and, after them, those the 已核实 *marks* set aside.

        Only the rows that changed are touched: the old and the new list are compared by what a
        row shows (the finding, whether it is 已核实 and the mark's reason and time), rows that went
        away are taken out, new ones put in at their place, and every other row stays as it was
        (with its selection), so a re-check after a keystroke costs what changed, not the list."""
        self.findings = list(findings)
        self.marks = marks if marks is not None else Applied(open=list(findings))
        outdated = {id(f): m for f, m in self.marks.outdated}
        rows = [(f, outdated.get(id(f)), False) for f in self.findings]
        rows += [(v.finding, v.mark, True) for v in self.marks.verified]
        keys = [_row_key(row) for row in rows]
        current = self.current_finding()
        self.tree.setUpdatesEnabled(False)
        try:
            matcher = SequenceMatcher(None, self._keys, keys, autojunk=False)
            for tag, i1, i2, j1, j2 in reversed(matcher.get_opcodes()):  # from the end: indices stay valid
                if tag == "equal":
                    continue
                for i in range(i2 - 1, i1 - 1, -1):
                    self.tree.takeTopLevelItem(i)
                if j2 > j1:
                    self.tree.insertTopLevelItems(i1, [self._item(row) for row in rows[j1:j2]])
        finally:
            self.tree.setUpdatesEnabled(True)
        self._rows, self._keys = rows, keys
        if current is not None and self.current_finding() != current:  # keep the selection on the same finding
            item = self.item_for(current)
            if item is not None:
                self.tree.setCurrentItem(item)
        self._update_toggles()
        self._apply()
        self._update_verify_button()

    def _item(self, row: Row) -> QTreeWidgetItem:
        f, mark, is_verified = row
        message = f.message
        if is_verified and mark is not None:
            message = f"{f.message}\n已核实：{mark.reason}"
        elif mark is not None:
            message = f"{f.message}\n（曾核实：{mark.reason}；内容已改动，请重新核实）"
        label = "已核实" if is_verified else f.severity.label
        item = QTreeWidgetItem([label, self.step_for(f.field), f.rule, message])
        item.setData(0, FINDING_ROLE, True)  # a finding's row (its place in the list is its index)
        tip = f"{f.table} · {f.field}" + (f" · {f.cell}" if f.cell else "")
        if is_verified and mark is not None:
            grey = QBrush(QColor(VERIFIED_COLOUR))
            for c in range(4):
                item.setForeground(c, grey)
            font = QFont(self.tree.font())
            font.setItalic(True)
            item.setFont(3, font)
            when = mark.marked_at.replace("T", " ")
            item.setToolTip(3, f"{f.message}\n已核实（{when}）：{mark.reason}\n（{tip}）")
            item.setToolTip(0, f"{f.severity.label}，已核实（{when}）")
        else:
            item.setForeground(0, QBrush(QColor(SEVERITY_COLOURS[f.severity])))
            item.setToolTip(3, f"{message}\n（{tip}）")
        item.setToolTip(1, tip)
        return item

    def set_current_step(self, step: str) -> None:
        self.current_step = step
        if self.only_step.isChecked():
            self._apply()

    def counts(self) -> tuple[int, int, int, int]:
        """(errors, warnings, hints, 已核实) as listed."""
        by = {sev: sum(1 for f in self.findings if f.severity is sev) for sev in Severity}
        return by[Severity.ERROR], by[Severity.WARNING], by[Severity.INFO], len(self.marks.verified)

    def summary_text(self) -> str:
        errors, warnings, infos, checked = self.counts()
        parts = [f"{errors} 个错误", f"{warnings} 个警告", f"{infos} 个提示"]
        if checked:
            parts.append(f"{checked} 个已核实")
        return " · ".join(parts)

    def _update_toggles(self) -> None:
        errors, warnings, infos, checked = self.counts()
        for key, n in ((Severity.ERROR, errors), (Severity.WARNING, warnings), (Severity.INFO, infos),
                       ("verified", checked)):
            label = key.label if isinstance(key, Severity) else "已核实"
            self.toggles[key].setText(f"{label} {n}")
        self.toggles["verified"].setVisible(bool(checked) and not self.folded)
        self.summary.setText(self.summary_text())

    def _apply(self) -> None:
        needle = self.filter.text().strip().lower()
        for i in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(i)
            if item is None:  # pragma: no cover - i is in range
                continue
            f, mark, is_verified = self._rows[i]
            visible = self.toggles["verified" if is_verified else f.severity].isChecked()
            if visible and needle:
                hay = " ".join((f.rule, f.table, f.field, item.text(3), item.text(1))).lower()
                visible = needle in hay
            if visible and self.only_step.isChecked():
                visible = item.text(1) == self.current_step
            if item.isHidden() == visible:
                item.setHidden(not visible)
        self.empty.setVisible(not self._rows and not self.folded)

    def visible_findings(self) -> list[Finding]:
        out = []
        for i in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(i)
            if item is not None and not item.isHidden():
                out.append(self._rows[i][0])
        return out

    def _finding(self, item: QTreeWidgetItem) -> Finding:
        return self.row_of(item)[0]

    def row_of(self, item: QTreeWidgetItem) -> Row:
        """(finding, its mark or None, whether the mark covers it) of a list item."""
        return self._rows[self.tree.indexOfTopLevelItem(item)]

    def item_for(self, finding: Finding) -> QTreeWidgetItem | None:
        for i, (f, _mark, _verified) in enumerate(self._rows):
            if f == finding:
                return self.tree.topLevelItem(i)
        return None

    def current_finding(self) -> Finding | None:
        item = self.tree.currentItem()
        if item is None:
            return None
        i = self.tree.indexOfTopLevelItem(item)
        return self._rows[i][0] if 0 <= i < len(self._rows) else None

    def _clicked(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        self.findingActivated.emit(self._finding(item))

    # --- 已核实 ------------------------------------------------------------------------------------
    def _update_verify_button(self) -> None:
        item = self.tree.currentItem()
        if item is None:
            self.verify_button.setText("核实…")
            self.verify_button.setEnabled(False)
            return
        f, _mark, is_verified = self.row_of(item)
        self.verify_button.setText("取消核实" if is_verified else "核实…")
        self.verify_button.setEnabled(can_mark(f))
        self.verify_button.setToolTip(REFUSE_ERROR if not can_mark(f) else
                                      "取消这条已核实标记（Ctrl+K）" if is_verified else
                                      "把选中的警告或提示标记为已核实（Ctrl+K），并写明理由")

    def verify_current(self) -> None:
        """Mark the selected warning or hint 已核实 (asking the reason), or take its mark away."""
        item = self.tree.currentItem()
        if item is None:
            return
        self.toggle_mark(item)

    def toggle_mark(self, item: QTreeWidgetItem) -> None:
        f, mark, is_verified = self.row_of(item)
        if is_verified:
            self.unverifyRequested.emit(mark)
            return
        if not can_mark(f):
            self.refused.emit(REFUSE_ERROR)
            return
        reason = self.ask_reason(f, mark.reason if mark is not None else "")
        if reason:
            self.verifyRequested.emit(f, reason)

    def _ask_reason(self, finding: Finding, old_reason: str) -> str | None:
        dialog = ReasonDialog(finding, old_reason, self)
        return dialog.text() if dialog.exec() == QDialog.DialogCode.Accepted else None

    def _context_menu(self, pos) -> None:
        item = self.tree.itemAt(pos)
        if item is None:
            return
        f, _mark, is_verified = self.row_of(item)
        menu = QMenu(self)
        go = menu.addAction("转到该处")
        go.triggered.connect(lambda: self._clicked(item))
        act = menu.addAction("取消已核实" if is_verified else "标记为已核实…")
        act.setEnabled(can_mark(f))
        if not can_mark(f):
            act.setToolTip(REFUSE_ERROR)
        act.triggered.connect(lambda: self.toggle_mark(item))
        menu.exec(self.tree.viewport().mapToGlobal(pos))

    # --- folding and height ----------------------------------------------------------------------
    def _dock(self) -> tuple[QMainWindow, QDockWidget] | None:
        dock = self.parentWidget()
        if not isinstance(dock, QDockWidget):
            return None
        window = dock.parentWidget()
        return (window, dock) if isinstance(window, QMainWindow) else None

    def _remembers(self) -> bool:
        return bool(getattr(self.window(), "remember_geometry", False))

    def folded_height(self) -> int:
        layout = self.layout()
        if layout is None:  # pragma: no cover - set in __init__
            return self.fold_button.sizeHint().height()
        margins = layout.contentsMargins()
        return max(self.fold_button.sizeHint().height(), self.summary.sizeHint().height(),
                   self.filter.sizeHint().height()) + margins.top() + margins.bottom()

    def set_folded(self, folded: bool) -> None:
        """Fold the panel to its one-line summary, or unfold it to the height it had."""
        if folded == self.folded:
            return
        if folded:
            self._store_height()
        self.folded = folded
        self._show_folded()
        place = self._dock()
        if place is not None:
            window, dock = place
            if folded:
                window.resizeDocks([dock], [self.folded_height()], Qt.Orientation.Vertical)
            else:
                window.resizeDocks([dock], [self.stored_height()], Qt.Orientation.Vertical)
        if self._remembers():
            s = self._settings()
            s.setValue(FOLDED_KEY, folded)
            s.sync()
        self.foldedChanged.emit(folded)

    def _show_folded(self) -> None:
        folded = self.folded
        for w in (self.filter, self.only_step, self.verify_button, self.tree):
            w.setVisible(not folded)
        for key, b in self.toggles.items():
            b.setVisible(not folded and (key != "verified" or bool(self.marks.verified)))
        self.summary.setVisible(folded)
        self.empty.setVisible(not self._rows and not folded)
        self.fold_button.setText("▸" if folded else "▾")
        self.fold_button.setToolTip("展开检查结果（Ctrl+Shift+K）" if folded else "收起为一行摘要（Ctrl+Shift+K）")
        if folded:
            self.setMaximumHeight(self.folded_height())
        else:
            self.setMaximumHeight(16777215)

    @staticmethod
    def _settings():
        from ..storage import settings

        return settings()

    def stored_height(self) -> int:
        if not self._remembers():
            return getattr(self, "_height", DEFAULT_HEIGHT)
        value = self._settings().value(HEIGHT_KEY, DEFAULT_HEIGHT)
        try:
            return max(int(value), 120)
        except (TypeError, ValueError):
            return DEFAULT_HEIGHT

    def _store_height(self) -> None:
        if self.folded or not self.isVisible() or not self._restored:
            return
        parent = self.parentWidget()
        height = parent.height() if isinstance(parent, QDockWidget) else self.height()
        if height < 120:
            return
        self._height = height
        if self._remembers():
            s = self._settings()
            s.setValue(HEIGHT_KEY, height)
            s.sync()

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self._store_height()

    def showEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        if not self._restored:
            QTimer.singleShot(0, self._restore)

    def _restore(self) -> None:
        """The height and the folding the panel had last time (when the window remembers its geometry)."""
        if self._restored:
            return
        place = self._dock()
        if self._remembers() and place is not None:
            window, dock = place
            folded = str(self._settings().value(FOLDED_KEY, False)).lower() in ("true", "1")
            if folded:
                self.folded = True
                self._show_folded()
                window.resizeDocks([dock], [self.folded_height()], Qt.Orientation.Vertical)
            elif self._settings().value(HEIGHT_KEY) is not None:
                window.resizeDocks([dock], [self.stored_height()], Qt.Orientation.Vertical)
        self._restored = True
