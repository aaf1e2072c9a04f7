"""The main window: the step navigator with error/warning badges, the step's page, the findings dock,
the status bar (file, saved state, each year's 合计), and the file menu (new, open, save, export, print).
"""

from __future__ import annotations

import os
import traceback
from decimal import Decimal
from pathlib import Path

from desktop.qt import (
    QAction,
    QColor,
    QDate,
    QDialog,
    QDockWidget,
    QFileDialog,
    QFont,
    QKeySequence,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QPainter,
    QRect,
    QSize,
    QStackedWidget,
    QStyledItemDelegate,
    Qt,
    QTimer,
    QWidget,
)
from forms import files
from forms.documents import WORKBOOK_SUFFIXES, open_document
from forms.errors import UserError
from forms.model import format_money
from forms.rules import Severity

from . import codes_menu, storage
from .dialogs import RecoveryDialog
from .document import Document
from .steps import STEP_NAMES, page_classes, step_for
from .steps.base import Page
from .templates import SAMPLES, blank_submission, sample_submission
from .widgets.findings_panel import FindingsPanel

APP_NAME = "项目预算申报助手"
MAX_RECENT = 8
OPENABLE = (files.EXTENSION, ".json") + WORKBOOK_SUFFIXES
RECOVERY_DELAY_MS = 3000

ERRORS_ROLE = Qt.ItemDataRole.UserRole + 20
WARNINGS_ROLE = Qt.ItemDataRole.UserRole + 21

STYLE = """
#pageTitle { font-size: 15pt; font-weight: bold; color: #1f3a5f; padding: 2px 0 2px 0; }
#pageIntro, #formNote { color: #555; }
#capitalHint { color: #6b6b6b; font-size: 9pt; }
#charCount { color: #888; }
#unsetTag { color: #9a6400; background: #fff4d6; border: 1px solid #e3b341; border-radius: 3px; padding: 0 5px; }
#gridHead, #totalLabel { font-weight: bold; }
#outsideHead { font-weight: bold; color: #c0392b; }
QLineEdit#totalCell { background: #f0f2f5; font-weight: bold; }
QToolButton#flag_yes, QToolButton#flag_no { border: 1px solid #9aa5b1; border-radius: 3px; padding: 2px 10px;
    background: #fafafa; }
QToolButton#flag_yes:checked, QToolButton#flag_no:checked { background: #2e6da4; color: white; border-color: #2e6da4; }
QLineEdit[invalid="true"] { border: 1px solid #c0392b; background: #fdecea; }
*[severity="error"] { border: 1px solid #c0392b; background: #fdecea; }
*[severity="warning"] { border: 1px solid #d4a017; background: #fff8e1; }
*[flash="true"] { border: 2px solid #e0a800; background: #ffe680; }
QAbstractSpinBox[severity="error"], QAbstractSpinBox[severity="warning"], QAbstractSpinBox[flash="true"] {
    padding-right: 18px; }
QAbstractSpinBox[severity]::up-button, QAbstractSpinBox[flash]::up-button { subcontrol-position: top right; width: 16px; }
QAbstractSpinBox[severity]::down-button, QAbstractSpinBox[flash]::down-button { subcontrol-position: bottom right;
    width: 16px; }
QAbstractSpinBox[severity]::up-arrow, QAbstractSpinBox[flash]::up-arrow { width: 7px; height: 7px; }
QAbstractSpinBox[severity]::down-arrow, QAbstractSpinBox[flash]::down-arrow { width: 7px; height: 7px; }
QListWidget#navigator { font-size: 11pt; }
QListWidget#navigator::item { padding: 7px 4px; }
Grid::item, _Pane::item { border-right: 1px solid #dfe3e8; border-bottom: 1px solid #dfe3e8; padding: 3px 4px; }
"""


PREFERRED_SIZE = QSize(1360, 860)
FRAME_ALLOWANCE = QSize(8, 38)
"""Room for the window manager's frame and title bar before the window has been shown."""


def available_area(widget: QWidget | None = None) -> QRect:
    """The screen's area for windows: ``BUDGETFORMS_SCREEN=1366x768`` (in device pixels, as a screen
    is sold) stands for a screen the app is not on (screenshots, offscreen, Xvfb); else the screen's
    available geometry."""
    from desktop.qt import QGuiApplication

    screen = (widget.screen() if widget is not None else None) or QGuiApplication.primaryScreen()
    wanted = os.environ.get("BUDGETFORMS_SCREEN", "")
    if wanted:
        try:
            w, h = (int(v) for v in wanted.lower().split("x"))
        except ValueError:
            w = h = 0
        if w > 0 and h > 0:
            ratio = screen.devicePixelRatio() if screen is not None else 1.0
            return QRect(0, 0, int(w / ratio), int(h / ratio))
    return screen.availableGeometry() if screen is not None else QRect(0, 0, 1366, 768)


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


class MainWindow(QMainWindow):
    def __init__(self, remember_geometry: bool = True) -> None:
        super().__init__()
        self.remember_geometry = remember_geometry
        self.doc = Document(self)
        self.pages: dict[str, Page] = {}
        self._page_classes = page_classes()
        self.setAcceptDrops(True)
        self.setStyleSheet(STYLE)

        self.navigator = QListWidget(self)
        self.navigator.setObjectName("navigator")
        self.navigator.setItemDelegate(StepDelegate(self.navigator))
        for i, name in enumerate(STEP_NAMES):
            item = QListWidgetItem(f"{i + 1}. {name}")
            item.setData(Qt.ItemDataRole.UserRole, name)
            item.setToolTip(name)
            self.navigator.addItem(item)
        self.navigator.setFixedWidth(215)
        self.navigator.currentRowChanged.connect(lambda row: self.show_step(STEP_NAMES[row]) if row >= 0 else None)
        nav_dock = QDockWidget("填报步骤", self)
        nav_dock.setObjectName("stepsDock")
        nav_dock.setWidget(self.navigator)
        nav_dock.setFeatures(QDockWidget.DockWidgetFeature.NoDockWidgetFeatures)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, nav_dock)

        self.stack = QStackedWidget(self)
        self.setCentralWidget(self.stack)

        self.findings_panel = FindingsPanel(step_for, self)
        self.findings_panel.findingActivated.connect(self.goto_finding)
        self.findings_panel.verifyRequested.connect(self.verify_finding)
        self.findings_panel.unverifyRequested.connect(self.unverify_finding)
        self.findings_panel.refused.connect(lambda message: self.statusBar().showMessage(message, 6000))
        self.findings_dock = QDockWidget("检查结果", self)
        self.findings_dock.setObjectName("findingsDock")
        self.findings_dock.setWidget(self.findings_panel)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.findings_dock)

        self.file_label = QLabel(self)
        self.saved_label = QLabel(self)
        self.saved_label.setObjectName("savedState")
        self.totals_label = QLabel(self)
        self.totals_label.setObjectName("yearTotals")
        status = self.statusBar()
        status.addPermanentWidget(self.totals_label)
        status.addPermanentWidget(self.saved_label)
        status.addWidget(self.file_label)

        self._recovery_timer = QTimer(self)
        self._recovery_timer.setSingleShot(True)
        self._recovery_timer.setInterval(int(os.environ.get("BUDGETFORMS_RECOVERY_DELAY_MS", RECOVERY_DELAY_MS)))
        self._recovery_timer.timeout.connect(self.write_recovery)

        self.doc.changed.connect(self._on_changed)
        self.doc.reset.connect(self._on_reset)
        self.doc.findingsChanged.connect(self._on_findings)
        self.doc.dirtyChanged.connect(lambda _d: self._update_title())

        self._make_actions()
        codes_menu.install(self)  # the 代码表 menu and the "which year's lists" status label
        self.fit_to_screen()
        self.resizeDocks([self.findings_dock], [min(230, max(140, self.height() // 4))], Qt.Orientation.Vertical)
        if remember_geometry:
            self._restore_geometry()
        self.doc.load(blank_submission(QDate.currentDate().year() + 1), None)
        self.navigator.setCurrentRow(0)

    # --- actions and menus ---------------------------------------------------------------------
    def _action(self, text: str, slot, shortcut=None, name: str = "") -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcuts(shortcut if isinstance(shortcut, list) else [shortcut])
        action.triggered.connect(lambda _checked=False: slot())
        if name:
            action.setObjectName(name)
        return action

    def _make_actions(self) -> None:
        K = QKeySequence
        self.act_new = self._action("新建空白申报(&N)", self.new_blank, K(K.StandardKey.New), "actNew")
        self.act_new_samples = []
        for n, sample in enumerate(SAMPLES):
            act = self._action(f"{sample.title}", lambda name=sample.name: self.new_from_sample(name), None,
                               "actNewSample" if n == 0 else f"actNewSample{n + 1}")
            act.setToolTip(sample.tip)
            act.setStatusTip(sample.tip)
            self.act_new_samples.append(act)
        self.act_open = self._action("打开(&O)…", self.open_dialog, K(K.StandardKey.Open), "actOpen")
        self.act_save = self._action("保存(&S)", self.save, K(K.StandardKey.Save), "actSave")
        self.act_save_as = self._action("另存为(&A)…", self.save_as, K("Ctrl+Shift+S"), "actSaveAs")
        self.act_export_xlsx = self._action("导出 Excel 工作簿(&E)…", self.export_excel, K("Ctrl+E"), "actXlsx")
        self.act_export_pdf = self._action("导出 PDF…", self.export_pdf, K("Ctrl+Shift+E"), "actPdf")
        self.act_preview = self._action("打印预览…", self.print_preview, None, "actPreview")
        self.act_print = self._action("打印(&P)…", self.print_, K(K.StandardKey.Print), "actPrint")
        self.act_reviewer = self._action("评审模式（检查文件夹）…", self.open_reviewer, None, "actReviewer")
        self.act_quit = self._action("退出(&Q)", self.close, K("Ctrl+Q"), "actQuit")
        self.act_undo = self.doc.undo_stack.createUndoAction(self, "撤销")
        self.act_undo.setShortcuts([K(K.StandardKey.Undo)])
        self.act_redo = self.doc.undo_stack.createRedoAction(self, "重做")
        self.act_redo.setShortcuts([K("Ctrl+Y"), K("Ctrl+Shift+Z")])
        self.act_check = self._action("立即检查", self.doc.run_check, K("F5"), "actCheck")

        menu = self.menuBar().addMenu("文件(&F)")
        menu.addAction(self.act_new)
        self.samples_menu = menu.addMenu("从示例新建")
        self.samples_menu.setObjectName("samplesMenu")
        self.samples_menu.setToolTipsVisible(True)
        for a in self.act_new_samples:
            self.samples_menu.addAction(a)
        menu.addAction(self.act_open)
        self.recent_menu = menu.addMenu("最近打开")
        menu.addSeparator()
        for a in (self.act_save, self.act_save_as):
            menu.addAction(a)
        menu.addSeparator()
        for a in (self.act_export_xlsx, self.act_export_pdf, self.act_preview, self.act_print):
            menu.addAction(a)
        menu.addSeparator()
        menu.addAction(self.act_reviewer)
        menu.addSeparator()
        menu.addAction(self.act_quit)
        edit = self.menuBar().addMenu("编辑(&E)")
        edit.addAction(self.act_undo)
        edit.addAction(self.act_redo)
        edit.addSeparator()
        edit.addAction(self.act_check)
        view = self.menuBar().addMenu("视图(&V)")
        view.addAction(self.findings_dock.toggleViewAction())
        view.addAction(self._action("查看检查结果", self.show_findings, QKeySequence("Ctrl+R"), "actFindings"))
        self._fill_recent()

    # --- steps ---------------------------------------------------------------------------------
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

    # --- document signals ----------------------------------------------------------------------
    def _on_changed(self, touched: list) -> None:
        for name, page in self.pages.items():
            if name == self.current_step():
                page.refresh()
            else:
                page.stale = True
        self._update_totals()
        self._recovery_timer.start()

    def _on_reset(self) -> None:
        for page in self.pages.values():
            page.stale = True
        step = self.current_step()
        if step:
            self.page(step).refresh()
        self._update_title()
        self._update_totals()

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

    def _display_name(self) -> str:
        if self.doc.path is not None:
            return self.doc.path.name
        return "未命名申报"

    def _update_title(self) -> None:
        dirty = self.doc.is_dirty()
        self.setWindowTitle(f"{'*' if dirty else ''}{self._display_name()} - {APP_NAME}")
        self.file_label.setText(str(self.doc.path) if self.doc.path else "未命名申报（尚未保存）")
        self.saved_label.setText("有未保存的修改" if dirty else "已保存")

    def _update_totals(self) -> None:
        parts = [f"{c.year}年 合计 {format_money(c.computed_total)}" for c in self.doc.submission.basic.funding]
        total = sum((c.computed_total for c in self.doc.submission.basic.funding), Decimal(0))
        if parts:
            parts.append(f"总计 {format_money(total)} 元")
        self.totals_label.setText("  |  ".join(parts))

    # --- files ---------------------------------------------------------------------------------
    def maybe_save(self) -> bool:
        """Ask before unsaved edits are dropped; ``False`` means the user cancelled."""
        if not self.doc.is_dirty():
            return True
        answer = QMessageBox.question(
            self, APP_NAME, f"“{self._display_name()}”有未保存的修改，是否保存？",
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Save)
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        return answer == QMessageBox.StandardButton.Discard

    def new_blank(self) -> bool:
        if not self.maybe_save():
            return False
        self.doc.load(blank_submission(QDate.currentDate().year() + 1), None)
        storage.clear_recovery()
        self.show_step(STEP_NAMES[0])
        return True

    def new_from_sample(self, name: str = SAMPLES[0].name) -> bool:
        """A new, untitled submission copied from the shipped example *name* (saving asks for a
        file name: the example itself is never written)."""
        if not self.maybe_save():
            return False
        self.doc.load(sample_submission(name), None)
        storage.clear_recovery()
        return True

    def open_dialog(self) -> bool:
        start = str(self.doc.path.parent) if self.doc.path else ""
        name, _ = QFileDialog.getOpenFileName(
            self, "打开项目申报", start,
            "项目文件和工作簿 (*.bfproj *.xlsx *.xlsm);;项目文件 (*.bfproj);;Excel 工作簿 (*.xlsx *.xlsm);;所有文件 (*)")
        return bool(name) and self.open_path(name)

    def open_path(self, path: str | os.PathLike[str], ask: bool = True) -> bool:
        if ask and not self.maybe_save():
            return False
        try:
            opened = open_document(path)
        except UserError as exc:
            QMessageBox.critical(self, APP_NAME, str(exc))
            return False
        except Exception as exc:  # a bug in an importer must not take the app down
            traceback.print_exc()
            QMessageBox.critical(self, APP_NAME, f"无法打开“{Path(path).name}”：{exc}")
            return False
        sub = opened.submission
        if sub.basic.budget_year is not None and not sub.basic.funding:
            sub.ensure_grid()
        self.doc.load(sub, opened.path, opened.kind, opened.findings, dirty=(opened.kind != "project"))
        storage.clear_recovery()
        self._add_recent(opened.path)
        if opened.kind != "project":
            self.statusBar().showMessage(f"已从工作簿导入“{opened.path.name}”，保存时请另存为项目文件", 8000)
        return True

    def save(self) -> bool:
        if self.doc.path is None or self.doc.kind != "project":
            return self.save_as()
        return self.save_to(self.doc.path)

    def save_as(self) -> bool:
        suggested = self.doc.path.with_suffix(files.EXTENSION) if self.doc.path else \
            Path((self.doc.submission.basic.name or "项目申报") + files.EXTENSION)
        name, _ = QFileDialog.getSaveFileName(self, "另存为", str(suggested), "项目文件 (*.bfproj)")
        if not name:
            return False
        path = Path(name)
        if path.suffix.lower() != files.EXTENSION:
            path = path.with_name(path.name + files.EXTENSION)
        return self.save_to(path)

    def save_to(self, path: Path) -> bool:
        try:
            files.save(self.doc.submission, path)
        except UserError as exc:
            QMessageBox.critical(self, APP_NAME, f"{exc}\n\n您的修改仍保留在程序中，没有丢失。")
            return False
        self.doc.mark_saved(Path(path))
        storage.clear_recovery()
        self._add_recent(Path(path))
        self._update_title()
        self.statusBar().showMessage(f"已保存到 {path}", 5000)
        return True

    # recent files
    def _recent(self) -> list[str]:
        value = storage.settings().value("recent_files", [])
        if isinstance(value, str):
            value = [value]
        return [str(v) for v in (value or [])]

    def _add_recent(self, path: Path) -> None:
        items = [str(Path(path).resolve())] + [p for p in self._recent() if p != str(Path(path).resolve())]
        s = storage.settings()
        s.setValue("recent_files", items[:MAX_RECENT])
        s.sync()
        self._fill_recent()

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        recent = self._recent()
        if not recent:
            self.recent_menu.addAction("（无）").setEnabled(False)
        for p in recent:
            action = self.recent_menu.addAction(p)
            action.triggered.connect(lambda _=False, p=p: self.open_path(p))

    # drag and drop
    def _dropped_file(self, event) -> str | None:
        mime = event.mimeData()
        if not mime.hasUrls():
            return None
        for url in mime.urls():
            local = url.toLocalFile()
            if local and Path(local).suffix.lower() in OPENABLE:
                return local
        return None

    def dragEnterEvent(self, event) -> None:  # noqa: N802 - Qt override
        if self._dropped_file(event):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event) -> None:  # noqa: N802 - Qt override
        path = self._dropped_file(event)
        if path:
            event.acceptProposedAction()
            QTimer.singleShot(0, self, lambda: self.open_path(path))

    # --- exports and printing ------------------------------------------------------------------
    def _export_target(self, title: str, suffix: str, pattern: str) -> Path | None:
        base = self.doc.path.with_suffix(suffix) if self.doc.path else \
            Path((self.doc.submission.basic.name or "项目申报") + suffix)
        name, _ = QFileDialog.getSaveFileName(self, title, str(base), pattern)
        if not name:
            return None
        path = Path(name)
        return path if path.suffix.lower() == suffix else path.with_name(path.name + suffix)

    def error_count(self) -> int:
        """The errors the checker finds now (a pending check is run first)."""
        self.doc.flush_check()
        return sum(1 for f in self.doc.findings if f.severity is Severity.ERROR)

    def confirm_with_errors(self, verb: str = "导出") -> bool:
        """With errors left, ask “还有 N 个错误，仍要导出？” (or 打印); ``True`` to go on. Without
        errors nothing is asked."""
        errors = self.error_count()
        if not errors:
            return True
        box = QMessageBox(QMessageBox.Icon.Warning, APP_NAME, f"还有 {errors} 个错误，仍要{verb}？", parent=self)
        box.setObjectName("errorsLeftBox")
        box.setInformativeText(f"{verb}的 PDF 和打印件每页都带“草稿”字样，改完错误后再{verb}即为正式文本。"
                               if verb != "导出 Excel" else "导出的工作簿仍含这些错误，报送前请先修改。")
        go = box.addButton(f"仍要{verb}", QMessageBox.ButtonRole.AcceptRole)
        fix = box.addButton("取消，先去修改", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(fix)
        box.setEscapeButton(fix)
        box.exec()
        if box.clickedButton() is not go:
            self.show_findings()
            return False
        return True

    def export_excel(self) -> bool:
        from forms.xlsx import export_workbook

        if not self.confirm_with_errors("导出 Excel"):
            return False
        path = self._export_target("导出 Excel 工作簿", ".xlsx", "Excel 工作簿 (*.xlsx)")
        if path is None:
            return False
        try:
            export_workbook(self.doc.submission, path)
        except (UserError, OSError) as exc:
            QMessageBox.critical(self, APP_NAME, f"导出失败：{exc}")
            return False
        self.statusBar().showMessage(f"已导出 {path}", 6000)
        return True

    def export_pdf(self) -> bool:
        from forms.pdf import export_pdf

        if not self.confirm_with_errors("导出"):
            return False
        draft = self.error_count() > 0
        path = self._export_target("导出 PDF", ".pdf", "PDF 文件 (*.pdf)")
        if path is None:
            return False
        try:
            info = export_pdf(self.doc.submission, path, draft=draft)
        except (UserError, OSError) as exc:
            QMessageBox.critical(self, APP_NAME, f"导出失败：{exc}")
            return False
        if info.warning:
            QMessageBox.warning(self, APP_NAME, info.warning)
        mark = "，每页带“草稿”字样" if draft else ""
        self.statusBar().showMessage(f"已导出 {path}（{info.pages} 页{mark}，字体：{info.font_name}）", 10000)
        return True

    def _printer(self):
        from desktop.qt import QPageLayout, QPageSize, QPrinter

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
        printer.setPageOrientation(QPageLayout.Orientation.Landscape)
        printer.setDocName(self.doc.submission.basic.name or APP_NAME)
        return printer

    def _render(self, printer) -> None:
        from .fonts import ui_font_family
        from .printing import print_submission

        print_submission(self.doc.submission, printer, ui_font_family(), draft=self.error_count() > 0)

    def print_preview(self) -> None:
        from .printing import PreviewDialog  # the pages of the PDF export itself

        if not self.confirm_with_errors("打印"):
            return
        # the pages of the PDF export itself, sized to the screen's available area
        self._preview = PreviewDialog(self.doc.submission, self, draft=self.error_count() > 0)
        self._preview.exec()

    def print_(self) -> None:
        from desktop.qt import QPrintDialog

        if not self.confirm_with_errors("打印"):
            return
        printer = self._printer()
        dialog = QPrintDialog(printer, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self._render(printer)

    def open_reviewer(self) -> None:
        try:
            from .reviewer import ReviewerWindow
        except ImportError:
            QMessageBox.information(self, APP_NAME, "本版本还没有评审模式。")
            return
        self._reviewer = ReviewerWindow()
        self._reviewer.show()

    # --- recovery ------------------------------------------------------------------------------
    def write_recovery(self) -> None:
        if not self.doc.is_dirty():
            storage.clear_recovery()
            return
        try:
            storage.write_recovery(self.doc.submission, self.doc.path, self.doc.submission.basic.name)
        except OSError as exc:
            self.statusBar().showMessage(f"无法写入恢复副本：{exc.strerror or exc}", 8000)

    def offer_recovery(self, ask=None) -> bool:
        """Offer the newest recovery copy a crashed session left. *ask* (for tests) takes the
        :class:`RecoveryDialog` and returns whether to restore; by default the dialog is shown modally."""
        entries = storage.pending()
        if not entries:
            return False
        entry = entries[0]
        dialog = RecoveryDialog(entry, self)
        accepted = ask(dialog) if ask is not None else dialog.exec() == QDialog.DialogCode.Accepted
        if not accepted:
            for e in entries:
                e.discard()
            return False
        return self.restore(entry, older=entries[1:])

    def restore(self, entry, older=()) -> bool:
        try:
            sub = storage.load_recovery(entry)
        except UserError as exc:
            QMessageBox.warning(self, APP_NAME, f"恢复副本无法读取，已删除：{exc}")
            return False
        original = Path(entry.original) if entry.original else None
        self.doc.load(sub, original, "recovered" if original else "project", dirty=True)
        if original is not None and original.suffix.lower() == files.EXTENSION:
            self.doc.kind = "project"
        entry.discard()
        for e in older:
            e.discard()
        self.write_recovery()
        self.statusBar().showMessage("已恢复上次未保存的修改，请及时保存", 8000)
        return True

    # --- geometry and closing ------------------------------------------------------------------
    def fit_to_screen(self, area: QRect | None = None) -> None:
        """The window at its preferred size, or smaller so that it fits *area* (the screen's
        available area: without the task bar) with its frame, centred in it."""
        area = area or available_area(self)
        frame = QSize(FRAME_ALLOWANCE)
        if self.isVisible() and self.frameGeometry().size() != self.geometry().size():
            frame = self.frameGeometry().size() - self.geometry().size()
        width = min(PREFERRED_SIZE.width(), area.width() - frame.width())
        height = min(PREFERRED_SIZE.height(), area.height() - frame.height())
        self.resize(width, height)
        self.move(area.x() + max(0, (area.width() - width - frame.width()) // 2),
                  area.y() + max(0, (area.height() - height - frame.height()) // 2))

    def fits(self, area: QRect | None = None) -> bool:
        area = area or available_area(self)
        return area.contains(self.frameGeometry()) or area.contains(self.geometry())

    def _restore_geometry(self) -> None:
        s = storage.settings()
        geometry = s.value("window/geometry")
        state = s.value("window/state")
        if geometry is not None:
            self.restoreGeometry(geometry)
            if not self.isMaximized() and not self.fits():
                self.fit_to_screen()  # saved on a larger screen
        if state is not None:
            self.restoreState(state)

    def save_geometry(self) -> None:
        s = storage.settings()
        s.setValue("window/geometry", self.saveGeometry())
        s.setValue("window/state", self.saveState())
        s.sync()

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt override
        if not self.maybe_save():
            event.ignore()
            return
        if self.remember_geometry:
            self.save_geometry()
        self._recovery_timer.stop()
        storage.clear_recovery()
        event.accept()
