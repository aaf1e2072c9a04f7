"""The findings panel: every finding with its severity, step and message; filterable; click to jump."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QCheckBox, QHBoxLayout, QHeaderView, QStyledItemDelegate, QLabel, QLineEdit, QToolButton, QTreeWidget, QTreeWidgetItem,
    QVBoxLayout, QWidget,
)

from forms.rules import Finding, Severity

SEVERITY_COLOURS = {Severity.ERROR: "#c0392b", Severity.WARNING: "#b9770e", Severity.INFO: "#2e6da4"}
FINDING_ROLE = Qt.ItemDataRole.UserRole + 10


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

    def __init__(self, step_for, parent: QWidget | None = None):
        super().__init__(parent)
        self.step_for = step_for
        self.current_step = ""
        self.findings: list[Finding] = []
        self.filter = QLineEdit(self)
        self.filter.setObjectName("findingsFilter")
        self.filter.setPlaceholderText("筛选：输入规则编号、表名或信息中的字词")
        self.filter.setClearButtonEnabled(True)
        self.toggles: dict[Severity, QToolButton] = {}
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.filter, 1)
        for sev in (Severity.ERROR, Severity.WARNING, Severity.INFO):
            b = QToolButton(self)
            b.setCheckable(True)
            b.setChecked(True)
            b.setObjectName(f"toggle_{sev.value}")
            b.toggled.connect(self._apply)
            self.toggles[sev] = b
            top.addWidget(b)
        self.only_step = QCheckBox("只看当前步骤", self)
        self.only_step.toggled.connect(self._apply)
        top.addWidget(self.only_step)
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
        self.empty = QLabel("没有发现问题。", self)
        self.empty.setObjectName("findingsEmpty")
        self.empty.setVisible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.addLayout(top)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.empty)
        self.filter.textChanged.connect(self._apply)
        self._update_toggles()

    def set_findings(self, findings: list[Finding]) -> None:
        self.findings = list(findings)
        self.tree.setUpdatesEnabled(False)
        try:
            self.tree.clear()
            items = []
            for n, f in enumerate(self.findings):
                item = QTreeWidgetItem([f.severity.label, self.step_for(f.field), f.rule, f.message])
                item.setData(0, FINDING_ROLE, n)  # an index: Python objects in item data are fragile
                colour = QBrush(QColor(SEVERITY_COLOURS[f.severity]))
                item.setForeground(0, colour)
                tip = f"{f.table} · {f.field}" + (f" · {f.cell}" if f.cell else "")
                item.setToolTip(3, f"{f.message}\n（{tip}）")
                item.setToolTip(1, tip)
                items.append(item)
            self.tree.addTopLevelItems(items)
        finally:
            self.tree.setUpdatesEnabled(True)
        self._update_toggles()
        self._apply()

    def set_current_step(self, step: str) -> None:
        self.current_step = step
        if self.only_step.isChecked():
            self._apply()

    def _update_toggles(self) -> None:
        for sev, b in self.toggles.items():
            n = sum(1 for f in self.findings if f.severity is sev)
            b.setText(f"{sev.label} {n}")

    def _apply(self) -> None:
        needle = self.filter.text().strip().lower()
        shown = 0
        for i in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(i)
            f = self._finding(item)
            visible = self.toggles[f.severity].isChecked()
            if visible and needle:
                hay = " ".join((f.rule, f.table, f.field, f.message, item.text(1))).lower()
                visible = needle in hay
            if visible and self.only_step.isChecked():
                visible = item.text(1) == self.current_step
            item.setHidden(not visible)
            shown += visible
        self.empty.setVisible(not self.findings)

    def visible_findings(self) -> list[Finding]:
        out = []
        for i in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(i)
            if not item.isHidden():
                out.append(self._finding(item))
        return out

    def _finding(self, item: QTreeWidgetItem) -> Finding:
        return self.findings[item.data(0, FINDING_ROLE)]

    def item_for(self, finding: Finding) -> QTreeWidgetItem | None:
        for i in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(i)
            if self._finding(item) == finding:
                return item
        return None

    def _clicked(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        self.findingActivated.emit(self._finding(item))
