"""The reviewer's window: open a folder of received submissions, watch it being checked (the batch
runs in a QThread; the progress bar can cancel it), sort and filter the list, open one to see its
findings and score its 财政评审, mark it 已审 or 退回, save the review in the workspace
(:mod:`forms.review_workspace`: beside the received folder, never inside it), print its 评审意见书,
export the report."""

from __future__ import annotations

from pathlib import Path

from desktop.qt import (
    QAbstractItemView,
    QBrush,
    QColor,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QKeySequence,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSplitter,
    Qt,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QThread,
    QTimer,
    QToolBar,
    QVBoxLayout,
    QWidget,
    Signal,
)
from forms import review_workspace, reviewing
from forms.batch import BatchResult, FileResult
from forms.documents import Opened, open_document
from forms.errors import UserError
from forms.reports import write_report
from forms.reports.rows import SEVERITY_LABELS, table_label, verified_label, verified_message

from .scoring import ScoringTable
from .table import COLUMN, STATUS_FILTERS, SubmissionsFilter, SubmissionsModel
from .worker import BatchWorker, ReportWorker
from .workspace import TITLE, WorkspaceMixin

FINDING_HEADERS = ("严重程度", "规则", "表", "单元格", "字段", "说明")


class ReviewerWindow(WorkspaceMixin, QMainWindow):
    """``ReviewerWindow(parent=None)``; :meth:`open_folder` starts checking a folder."""

    batch_finished = Signal(object)  # BatchResult
    submission_opened = Signal(int)  # row in the batch
    report_exported = Signal(str)  # the report's path

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(TITLE)
        self.resize(1300, 850)
        self.result: BatchResult | None = None
        self.folder: Path | None = None
        self.current: int | None = None
        self.opened: dict[int, Opened] = {}
        self.dirty: set[int] = set()
        self.workspace: review_workspace.Workspace | None = None
        self.workspace_folder: Path | None = None
        """A workspace folder the reviewer chose (``None``: ``<received>-评审`` beside the folder)."""
        self.marks: dict[int, tuple[str, str]] = {}
        """(已审 / 退回 / "", overall opinion) of each row, as given in this session or saved before."""
        self._thread: QThread | None = None
        self._worker: BatchWorker | ReportWorker | None = None
        self.batch_options: dict = {}
        """Extra keyword arguments of :func:`forms.batch.run_batch` (timeout, workers…)."""

        self._build_toolbar()
        self._build_body()
        self._set_busy(False)
        self.statusBar().showMessage("打开一个文件夹，检查其中收到的全部申报（.xlsx 工作簿和 .bfproj 项目文件）")

    # --- layout -------------------------------------------------------------------------------------

    def _build_toolbar(self) -> None:
        bar = QToolBar("评审")
        bar.setMovable(False)
        self.addToolBar(bar)
        self.open_action = bar.addAction("打开文件夹…", self._choose_folder)
        self.save_action = bar.addAction("保存评审", self._save_clicked)
        self.save_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Save))
        self.save_action.setToolTip("把评分、意见和已审/退回标记保存到评审工作区（Ctrl+S），收到的文件不会被改动")
        self.workspace_action = bar.addAction("评审工作区…", self._choose_workspace)
        self.opinion_action = bar.addAction("打印评审意见书…", self._opinion_clicked)
        self.project_action = bar.addAction("导出评分后的项目文件…", self._project_clicked)
        self.export_action = bar.addAction("导出报告…", self._export_clicked)
        bar.addSeparator()
        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText("筛选：文件名、项目名称、主管部门、单位")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.setMaximumWidth(320)
        bar.addWidget(self.filter_edit)
        self.status_filter = QComboBox()
        self.status_filter.addItems(STATUS_FILTERS)
        bar.addWidget(self.status_filter)

    def _build_body(self) -> None:
        central = QWidget()
        layout = QVBoxLayout(central)

        progress_row = QHBoxLayout()
        self.progress_label = QLabel()
        self.progress = QProgressBar()
        self.progress.setFormat("%v / %m")
        self.cancel_button = QPushButton("取消")
        self.cancel_button.clicked.connect(self.cancel)
        progress_row.addWidget(self.progress_label)
        progress_row.addWidget(self.progress, 1)
        progress_row.addWidget(self.cancel_button)
        self.progress_box = QWidget()
        self.progress_box.setLayout(progress_row)
        layout.addWidget(self.progress_box)

        self.model = SubmissionsModel(self)
        self.proxy = SubmissionsFilter(self)
        self.proxy.setSourceModel(self.model)
        self.view = QTableView()
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self._unsort()
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.horizontalHeader().setSectionResizeMode(COLUMN["name"], QHeaderView.ResizeMode.Stretch)
        self.view.activated.connect(lambda index: self.open_row(index.row()))
        self.filter_edit.textChanged.connect(self.proxy.set_text)
        self.status_filter.currentTextChanged.connect(self.proxy.set_status)

        self.tabs = QTabWidget()
        self.findings = QTableWidget(0, len(FINDING_HEADERS))
        self.findings.setHorizontalHeaderLabels(FINDING_HEADERS)
        self.findings.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.findings.setWordWrap(True)
        self.findings.horizontalHeader().setSectionResizeMode(len(FINDING_HEADERS) - 1, QHeaderView.ResizeMode.Stretch)
        self.scoring = ScoringTable()
        self.scoring.changed.connect(self._scored)
        self.scoring.refused.connect(lambda msg: self.statusBar().showMessage(f"未接受：{msg}", 8000))
        self.duplicates = QTableWidget(0, 3)
        self.duplicates.setHorizontalHeaderLabels(("类型", "涉及申报（序号）", "说明"))
        self.duplicates.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.duplicates.setWordWrap(True)
        self.duplicates.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.tabs.addTab(self.findings, "检查结果")
        self.tabs.addTab(self.scoring, "编审打分")
        self.tabs.addTab(self.duplicates, "重复与雷同")

        self.detail_title = QLabel("双击列表中的一份申报，查看检查结果并打分")
        self.conclusion = QComboBox()
        self.conclusion.setObjectName("reviewConclusion")
        for mark in review_workspace.MARKS:
            self.conclusion.addItem(mark or "未定", mark)
        self.remark = QLineEdit()
        self.remark.setObjectName("reviewRemark")
        self.remark.setPlaceholderText("总体意见（打印在评审意见书上）")
        self.conclusion.currentIndexChanged.connect(lambda _i: self._marked())
        self.remark.textEdited.connect(lambda _t: self._marked())
        mark_row = QHBoxLayout()
        mark_row.setContentsMargins(0, 0, 0, 0)
        mark_row.addWidget(QLabel("评审结论："))
        mark_row.addWidget(self.conclusion)
        mark_row.addWidget(QLabel("总体意见："))
        mark_row.addWidget(self.remark, 1)
        self.mark_box = QWidget()
        self.mark_box.setLayout(mark_row)
        self.mark_box.setEnabled(False)
        detail = QWidget()
        detail_layout = QVBoxLayout(detail)
        detail_layout.setContentsMargins(0, 0, 0, 0)
        detail_layout.addWidget(self.detail_title)
        detail_layout.addWidget(self.mark_box)
        detail_layout.addWidget(self.tabs, 1)

        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.view)
        splitter.addWidget(detail)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        layout.addWidget(splitter, 1)
        self.setCentralWidget(central)

    def _unsort(self) -> None:
        """Show the files in the batch's order until a column header is clicked."""
        self.view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.proxy.sort(-1)

    # --- checking a folder ----------------------------------------------------------------------------

    @property
    def busy(self) -> bool:
        return self._thread is not None

    def _set_busy(self, busy: bool) -> None:
        self.progress_box.setVisible(busy)
        self.open_action.setEnabled(not busy)
        self.export_action.setEnabled(not busy and self.result is not None)
        self.save_action.setEnabled(not busy and self.workspace is not None)
        self.workspace_action.setEnabled(not busy)
        self.opinion_action.setEnabled(not busy and self.current is not None and self.current in self.opened)
        self.project_action.setEnabled(not busy and self.current is not None and self.current in self.opened)

    def _choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "选择收到的申报所在的文件夹", str(self.folder or Path.home()))
        if folder:
            self.open_folder(folder)

    def open_folder(self, path: str | Path) -> None:
        """Check every file of *path* (recursively) in the background; the list fills when done,
        with the scores and marks saved in the folder's review workspace."""
        if self.busy:
            return
        if not self._leave_unsaved("打开另一个文件夹"):
            return
        folder = Path(path)
        choice = self.workspace_folder
        try:
            if choice is not None:
                review_workspace.check_location(folder, choice)
        except UserError:
            choice = None  # the chosen workspace belongs inside this folder: use the default beside it
        try:
            workspace = review_workspace.Workspace.open(folder, choice)
        except UserError as exc:
            QMessageBox.warning(self, TITLE, str(exc))
            return
        self.workspace = workspace
        self.folder = folder
        self.result = None
        self.current = None
        self.opened.clear()
        self.dirty.clear()
        self.marks.clear()
        self.model.review = {}
        self.model.set_results([])
        self._clear_detail()
        self.progress.setRange(0, 0)
        self.progress.setValue(0)
        self.progress_label.setText(f"正在检查“{self.folder.name}”…")
        self.setWindowTitle(f"{self.folder.name} - {TITLE}")
        self._thread = QThread(self)
        # a folder checked before is read again only where a file changed (forms.batch.cache)
        self._worker = BatchWorker([str(self.folder)], **{"cache": True, **self.batch_options})
        self._worker.moveToThread(self._thread)
        self._thread.started.connect(self._worker.run)
        self._worker.progress.connect(self._on_progress)
        self._worker.finished.connect(self._on_finished)
        self._worker.failed.connect(self._on_failed)
        self._set_busy(True)
        self._thread.start()

    def cancel(self) -> None:
        if self._worker is not None:
            self._worker.cancel()
            self.progress_label.setText("正在取消…")

    def _on_progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(done)
        self.progress_label.setText(f"正在检查：{done}/{total}")

    def _stop_thread(self) -> None:
        if self._thread is not None:
            self._thread.quit()
            self._thread.wait()
            self._thread.deleteLater()
            if self._worker is not None:
                self._worker.deleteLater()
        self._thread = None
        self._worker = None

    def _on_failed(self, message: str) -> None:
        self._stop_thread()
        self.cancel_button.show()
        self._set_busy(False)
        self.statusBar().showMessage(message)
        QMessageBox.warning(self, TITLE, message)

    def _on_finished(self, result: BatchResult) -> None:
        self._stop_thread()
        self.result = result
        self.model.set_results(result.files)
        self._unsort()
        self.view.resizeColumnsToContents()
        self.view.horizontalHeader().setSectionResizeMode(COLUMN["name"], QHeaderView.ResizeMode.Stretch)
        self._fill_duplicates(result)
        changed = self._apply_workspace(result)
        self._set_busy(False)
        done = "已取消，" if result.cancelled else ""
        note = f"；{changed} 个文件与评审时不同（已改动），原评分未套用" if changed else ""
        self.statusBar().showMessage(
            f"{done}共 {len(result.files)} 个文件：无法读取 {result.unreadable} 个，有错误 {result.with_errors} 个，"
            f"重复或雷同 {len(result.duplicates)} 处（用时 {result.seconds:.1f} 秒）{note}")
        self.batch_finished.emit(result)

    def _fill_duplicates(self, result: BatchResult) -> None:
        self.duplicates.setRowCount(len(result.duplicates))
        for r, d in enumerate(result.duplicates):
            for c, text in enumerate((d.label, "、".join(str(i + 1) for i in d.files), d.message)):
                self.duplicates.setItem(r, c, QTableWidgetItem(text))
        self.duplicates.resizeRowsToContents()

    # --- one submission -------------------------------------------------------------------------------

    def source_row(self, view_row: int) -> int:
        return self.proxy.mapToSource(self.proxy.index(view_row, 0)).row()

    def open_row(self, view_row: int) -> bool:
        """Open the submission shown in *view_row* of the (sorted, filtered) list."""
        return self.open_submission(self.source_row(view_row))

    def open_submission(self, row: int) -> bool:
        """Show the findings of file *row* of the batch and, if readable, its review table to score."""
        if self.result is None or not 0 <= row < len(self.result.files):
            return False
        r = self.result.files[row]
        self.current = row
        self._show_findings(r)
        self.detail_title.setText(f"{row + 1}. {r.path.name}　{r.summary.name if r.summary else ''}　（{r.status}）")
        if not r.readable:
            self.scoring.clear_table("无法读取，无从评分")
            self.tabs.setCurrentWidget(self.findings)
            self._set_busy(False)
            return False
        opened = self.opened.get(row)
        if opened is None:
            try:
                opened = open_document(r.path)
            except UserError as exc:
                self.statusBar().showMessage(str(exc))
                return False
            if reviewing.ensure_review_table(opened.submission):
                self.statusBar().showMessage("这份申报没有项目支出预算编审表，已按标准表列出评审项目", 8000)
            self._restore_review(row, opened)
            self.opened[row] = opened
        copied = []
        for d in self.result.duplicates:
            if d.kind != "copied_text" or row not in d.files:
                continue
            others = "、".join(self.result.files[i].path.name for i in d.files if i != row)
            for i, key in d.narratives:
                if i == row:
                    copied.append((key, f"本项简述与 {others} 的简述相同或几乎相同"))
        self.scoring.load(opened.submission, reviewing.suggestions(opened.submission, r.findings, copied))
        mark, remark = self.marks.get(row, ("", ""))
        self.mark_box.setEnabled(True)
        self.conclusion.blockSignals(True)
        self.conclusion.setCurrentIndex(max(self.conclusion.findData(mark), 0))
        self.conclusion.blockSignals(False)
        self.remark.setText(remark)
        self.tabs.setCurrentWidget(self.scoring)
        self._set_busy(False)
        self.submission_opened.emit(row)
        return True

    def _show_findings(self, r: FileResult) -> None:
        rows = r.findings if r.readable else [{"severity": "", "rule": "", "table": "", "cell": "", "field": "", "message": r.error}]
        self.findings.setRowCount(len(rows))
        grey = QBrush(QColor("#8a8a8a"))
        for i, f in enumerate(rows):
            severity = SEVERITY_LABELS.get(f.get("severity") or "", "无法读取" if not r.readable else "")
            values = (
                verified_label(f.get("severity") or "", f) if r.readable else severity, f.get("rule") or "",
                table_label(f.get("table") or ""), f.get("cell") or "", f.get("field") or "", verified_message(f),
            )
            for c, text in enumerate(values):
                cell = QTableWidgetItem(text)
                cell.setToolTip(text)
                if f.get("verified"):  # set aside by the department with a reason: greyed, still listed
                    cell.setForeground(grey)
                self.findings.setItem(i, c, cell)
        self.findings.resizeColumnsToContents()
        for c in range(2, len(FINDING_HEADERS) - 1):  # table, cell, field: narrow, the message wraps
            self.findings.setColumnWidth(c, min(self.findings.columnWidth(c), 200))
        self.findings.horizontalHeader().setSectionResizeMode(len(FINDING_HEADERS) - 1, QHeaderView.ResizeMode.Stretch)
        QTimer.singleShot(0, self.findings.resizeRowsToContents)

    def _clear_detail(self) -> None:
        self.findings.setRowCount(0)
        self.duplicates.setRowCount(0)
        self.detail_title.setText("双击列表中的一份申报，查看检查结果并打分")

    def _scored(self) -> None:
        """A score or opinion was accepted: mark the file unsaved and carry the new totals to the list."""
        row = self.current
        if row is None or self.result is None:
            return
        self.dirty.add(row)
        r = self.result.files[row]
        self.model.review[row] = self.marks.get(row, ("", ""))[0] or "已评分"
        sub = self.opened[row].submission
        if r.summary is not None:
            t = reviewing.totals(sub)
            r.summary.finance_total = reviewing.overall(sub)
            r.summary.supplement_finance = t.supplement_finance
            self.model.refresh_row(row)
        self.statusBar().showMessage(f"“{r.path.name}”的评分已改动，尚未保存", 5000)

    # --- saving and the report ------------------------------------------------------------------------

    def _save_clicked(self) -> None:
        self.save_review()

    def export_report(self, path: str | Path) -> Path | None:
        """Write the batch report (.xlsx or .pdf by suffix), with the scores given so far."""
        if self.result is None:
            return None
        try:
            written = write_report(self.result, path)
        except UserError as exc:
            QMessageBox.warning(self, TITLE, str(exc))
            return None
        self.statusBar().showMessage(f"已导出报告：{written.path}", 8000)
        if written.warning:
            QMessageBox.warning(self, TITLE, written.warning)
        return written.path

    def _export_clicked(self) -> None:
        start = str((self.folder.parent if self.folder else Path.home()) / "检查报告.xlsx")
        chosen, _ = QFileDialog.getSaveFileName(self, "导出检查报告", start, "Excel 工作簿 (*.xlsx);;PDF (*.pdf)")
        if chosen:
            self.start_export(chosen)

    def start_export(self, path: str | Path) -> None:
        """Write the report in the background (a PDF of many submissions takes a while);
        :attr:`report_exported` tells when it is there."""
        if self.result is None or self.busy:
            return
        self._thread = QThread(self)
        self._worker = worker = ReportWorker(self.result, str(path))
        worker.moveToThread(self._thread)
        self._thread.started.connect(worker.run)
        worker.finished.connect(self._on_exported)
        worker.failed.connect(self._on_failed)
        self.progress.setRange(0, 0)
        self.progress_label.setText(f"正在导出报告“{Path(path).name}”…")
        self.cancel_button.hide()
        self._set_busy(True)
        self._thread.start()

    def _on_exported(self, path: str, warning) -> None:
        self._stop_thread()
        self.cancel_button.show()
        self._set_busy(False)
        self.statusBar().showMessage(f"已导出报告：{path}", 8000)
        if warning:
            QMessageBox.warning(self, TITLE, warning)
        self.report_exported.emit(path)

    def closeEvent(self, event) -> None:
        if not self._leave_unsaved("关闭"):
            event.ignore()
            return
        if self._worker is not None:
            self._worker.cancel()
        self._stop_thread()
        super().closeEvent(event)
