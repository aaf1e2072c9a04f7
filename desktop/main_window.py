"""The main window: the step navigator with error/warning badges, the step's page, the findings dock,
the status bar (file, saved state, each year's 合计), and the file menu (new, open, save, export, print).

This module builds the window, its actions and menus, and follows the document; the window's other
concerns are mixins of their own (:mod:`desktop.window_base` lists them): the steps and findings
(:mod:`desktop.window_steps`), the files and the recovery copy (:mod:`desktop.window_files`), exports
and printing (:mod:`desktop.window_export`), the size on the screen (:mod:`desktop.window_screen`).
"""

from __future__ import annotations

import os
from decimal import Decimal

from desktop.qt import (
    QAction,
    QDate,
    QDockWidget,
    QKeySequence,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QStackedWidget,
    Qt,
    QTimer,
)
from forms.model import format_money

from . import codes_menu, storage
from .document import Document
from .steps import STEP_NAMES, page_classes, step_for
from .steps.base import Page
from .templates import SAMPLES, blank_submission
from .widgets.findings_panel import FindingsPanel
from .widgets.grid import SELECTION
from .window_base import APP_NAME
from .window_export import WindowExports
from .window_files import MAX_RECENT, OPENABLE, RECOVERY_DELAY_MS, WindowFiles
from .window_screen import FRAME_ALLOWANCE, PREFERRED_SIZE, WindowGeometry, available_area
from .window_steps import ERRORS_ROLE, WARNINGS_ROLE, StepDelegate, WindowSteps

__all__ = ["APP_NAME", "ERRORS_ROLE", "FRAME_ALLOWANCE", "MAX_RECENT", "OPENABLE", "PREFERRED_SIZE",
           "RECOVERY_DELAY_MS", "STYLE", "WARNINGS_ROLE", "MainWindow", "StepDelegate", "available_area"]

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
Grid::item:selected:focus, _Pane::item:selected:focus { border: 2px solid #2e6da4; padding: 2px 3px; }
""" + f"""
Grid::item:selected, _Pane::item:selected {{ background: {SELECTION}; color: palette(text); }}
"""
"""The grids' ``::item`` rule (cell borders) replaces the platform's item drawing, the selection's
palette colour with it: the selection is given its colour here (a style sheet's ``palette(highlight)``
is the application's, not the grid's)."""



class MainWindow(WindowSteps, WindowFiles, WindowExports, WindowGeometry, QMainWindow):
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

    def _update_totals(self) -> None:
        parts = [f"{c.year}年 合计 {format_money(c.computed_total)}" for c in self.doc.submission.basic.funding]
        total = sum((c.computed_total for c in self.doc.submission.basic.funding), Decimal(0))
        if parts:
            parts.append(f"总计 {format_money(total)} 元")
        self.totals_label.setText("  |  ".join(parts))

    # --- closing -------------------------------------------------------------------------------
    def closeEvent(self, event) -> None:  # noqa: N802 - Qt override
        if not self.maybe_save():
            event.ignore()
            return
        if self.remember_geometry:
            self.save_geometry()
        self._recovery_timer.stop()
        storage.clear_recovery()
        event.accept()
