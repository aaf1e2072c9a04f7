"""The main window's steps: the navigator (each step with its error and warning counts as badges), the
step's page (built the first time it is shown), and the findings panel's wiring (go to a finding,
mark it 已核实 or take that back).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from desktop.qt import QColor, QFont, QPainter, QRect, QSize, QStyledItemDelegate, Qt
from forms.errors import UserError
from forms.rules import Severity

from .steps import STEP_NAMES, step_for
from .steps.base import Page
from .window_base import WindowPart

ERRORS_ROLE = Qt.ItemDataRole.UserRole + 20
WARNINGS_ROLE = Qt.ItemDataRole.UserRole + 21


class StepDelegate(QStyledItemDelegate):
    """Draws a step's name with its error and warning counts as coloured badges."""

    def paint(self, painter: QPainter, option, index) -> None:
        errors = index.data(ERRORS_ROLE) or 0
        warnings = index.data(WARNINGS_ROLE) or 0
        super().paint(painter, option, index)
        painter.save()
        font = QFont(option.font)
        font.setPointSizeF(max(font.pointSizeF() - 2, 7))
        font.setBold(True)
        painter.setFont(font)
        metrics = painter.fontMetrics()
        right = option.rect.right() - 6
        for count, colour in ((warnings, "#d68910"), (errors, "#c0392b")):
            if not count:
                continue
            text = str(count)
            w = max(metrics.horizontalAdvance(text) + 10, 20)
            h = metrics.height() + 2
            rect = QRect(right - w, option.rect.center().y() - h // 2, w, h)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(colour))
            painter.drawRoundedRect(rect, h / 2, h / 2)
            painter.setPen(QColor("white"))
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)
            right -= w + 4
        painter.restore()

    def sizeHint(self, option, index) -> QSize:  # noqa: N802 - Qt override
        size = super().sizeHint(option, index)
        return QSize(size.width() + 60, size.height())



class WindowSteps(WindowPart):
    """The navigator, the pages and the findings: mixed into :class:`~desktop.main_window.MainWindow`."""

    if TYPE_CHECKING:
        _page_classes: dict[str, type]

    def page(self, step: str) -> Page:
        """The page of *step*, built the first time it is needed."""
        page = self.pages.get(step)
        if page is None:
            page = self._page_classes[step](self.doc, self.stack)
            self.pages[step] = page
            self.stack.addWidget(page)
        return page

    def current_step(self) -> str:
        row = self.navigator.currentRow()
        return STEP_NAMES[row] if row >= 0 else ""

    def show_findings(self) -> None:
        """Bring the findings panel forward, taller, with the filter focused."""
        self.findings_dock.show()
        self.resizeDocks([self.findings_dock], [max(self.height() // 2, 300)], Qt.Orientation.Vertical)
        self.findings_panel.filter.setFocus()

    def show_step(self, name: str) -> bool:
        name = name.strip()
        if name in ("检查结果", "findings"):
            self.show_findings()
            return True
        if name not in STEP_NAMES:
            matches = [s for s in STEP_NAMES if name and name in s]
            if len(matches) != 1:
                return False
            name = matches[0]
        row = STEP_NAMES.index(name)
        if self.navigator.currentRow() != row:
            self.navigator.setCurrentRow(row)  # comes back here through currentRowChanged
            return True
        page = self.page(name)
        if page.stale:
            page.refresh()
        page.mark(self.doc.findings)
        self.stack.setCurrentWidget(page)
        self.findings_panel.set_current_step(name)
        return True

    def goto_finding(self, finding) -> bool:
        """Switch to the finding's step, focus its field or cell and flash it."""
        step = step_for(finding.field)
        self.show_step(step)
        located = self.page(step).locate(finding.field)
        if not located:
            self.statusBar().showMessage(f"“{finding.field}”在“{step}”中没有对应的输入项", 5000)
        return located

    def verify_finding(self, finding, reason: str) -> bool:
        """Mark a warning or hint 已核实 (undoable); an error is refused with a message."""
        try:
            self.doc.verify(finding, reason)
        except UserError as exc:
            self.statusBar().showMessage(str(exc), 6000)
            return False
        self.statusBar().showMessage(f"已标记为已核实：{finding.rule}（可撤销）", 5000)
        return True

    def unverify_finding(self, mark) -> bool:
        try:
            self.doc.unverify(mark)
        except UserError as exc:
            self.statusBar().showMessage(str(exc), 6000)
            return False
        self.statusBar().showMessage(f"已取消核实：{mark.rule}", 5000)
        return True

    def _on_findings(self, findings: list) -> None:
        self.findings_panel.set_findings(findings, self.doc.marks)
        counts: dict[str, list[int]] = {name: [0, 0] for name in STEP_NAMES}
        for f in findings:
            step = step_for(f.field)
            if f.severity is Severity.ERROR:
                counts[step][0] += 1
            elif f.severity is Severity.WARNING:
                counts[step][1] += 1
        for i, name in enumerate(STEP_NAMES):
            item = self.navigator.item(i)
            item.setData(ERRORS_ROLE, counts[name][0])
            item.setData(WARNINGS_ROLE, counts[name][1])
            item.setToolTip(f"{name}：错误 {counts[name][0]} 个，警告 {counts[name][1]} 个")
        step = self.current_step()
        if step and step in self.pages:
            self.pages[step].mark(findings)

    def step_counts(self, step: str) -> tuple[int, int]:
        item = self.navigator.item(STEP_NAMES.index(step))
        return item.data(ERRORS_ROLE) or 0, item.data(WARNINGS_ROLE) or 0
