"""The reviewer window's workspace side (:mod:`forms.review_workspace`): where the reviews are kept,
the saved scores and 已审 / 退回 marks put back on a reopened folder, saving, the scored project file
and the 评审意见书. Mixed into :class:`desktop.reviewer.window.ReviewerWindow`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from desktop.qt import QFileDialog, QMessageBox
from forms import files, review_workspace
from forms.batch import BatchResult
from forms.documents import Opened
from forms.errors import UserError

if TYPE_CHECKING:  # the type checker sees the window this is mixed into; at run time a plain mixin
    from desktop.qt import QComboBox, QLineEdit, QMainWindow

    from .table import SubmissionsModel

    _Window = QMainWindow
else:
    _Window = object

TITLE = "评审模式 - 项目预算申报助手"


class WorkspaceMixin(_Window):
    """Needs the window's ``folder``, ``result``, ``opened``, ``dirty``, ``marks``, ``workspace``,
    ``workspace_folder``, ``current``, ``model``, ``conclusion``, ``remark`` and ``open_folder``."""

    # what ReviewerWindow.__init__ sets (declared here for the type checker, no value at run time)
    result: BatchResult | None
    folder: Path | None
    current: int | None
    opened: dict[int, Opened]
    dirty: set[int]
    workspace: review_workspace.Workspace | None
    workspace_folder: Path | None
    marks: dict[int, tuple[str, str]]
    model: SubmissionsModel
    conclusion: QComboBox
    remark: QLineEdit

    if TYPE_CHECKING:
        @property
        def busy(self) -> bool: ...

        def open_folder(self, path: str | Path) -> None: ...

    def _choose_workspace(self) -> None:
        start = str(self.workspace.folder if self.workspace else (self.folder.parent if self.folder else Path.home()))
        chosen = QFileDialog.getExistingDirectory(self, "选择评审工作区文件夹（不能在收到的申报所在的文件夹里）", start)
        if chosen:
            self.set_workspace(chosen)

    def set_workspace(self, folder: str | Path) -> bool:
        """Keep the reviews in *folder* (refused inside the received folder); with a folder open,
        its saved reviews there are read and shown."""
        folder = Path(folder)
        if self.folder is not None:
            try:
                review_workspace.check_location(self.folder, folder)
            except UserError as exc:
                QMessageBox.warning(self, TITLE, str(exc))
                return False
        self.workspace_folder = folder
        if self.folder is not None and not self.busy:
            self.open_folder(self.folder)
        return True

    def _apply_workspace(self, result: BatchResult) -> int:
        """Show each file's saved review: its conclusion and 总分 when its bytes are those reviewed;
        a file changed since is marked 已改动. Returns how many changed."""
        changed = 0
        review: dict[int, str] = {}
        if self.workspace is not None:
            for row, r in enumerate(result.files):
                state, entry = self.workspace.state(r.path, r.sha256)
                if state == review_workspace.MATCHED and entry is not None:  # MATCHED comes with its entry
                    self.marks[row] = (entry.mark, entry.remark)
                    review[row] = entry.mark or "已评分"
                    if r.summary is not None and entry.total is not None:
                        r.summary.finance_total = entry.total
                elif state == review_workspace.CHANGED:
                    review[row] = "文件已改动"
                    changed += 1
        self.model.review = review
        if result.files:
            self.model.dataChanged.emit(self.model.index(0, 0),
                                        self.model.index(len(result.files) - 1, self.model.columnCount() - 1))
        return changed

    def _restore_review(self, row: int, opened: Opened) -> None:
        """Put the workspace's saved scores on a submission just read (same name and SHA-256 only)."""
        if self.workspace is None or self.result is None:
            return
        r = self.result.files[row]
        state, entry = self.workspace.state(r.path, r.sha256)
        if state == review_workspace.MATCHED and entry is not None:  # MATCHED comes with its entry
            missing = self.workspace.apply(entry, opened.submission)
            if missing:
                self.statusBar().showMessage(f"以下评审项目的已存评分无法套用：{'、'.join(missing)}", 8000)
        elif state == review_workspace.CHANGED:
            self.statusBar().showMessage(
                f"“{r.path.name}”与上次评审时不同（SHA-256 已变），上次的评分未套用，请重新评审", 10000)

    def _marked(self) -> None:
        """The conclusion or the overall opinion changed."""
        row = self.current
        if row is None or row not in self.opened:
            return
        mark = self.conclusion.currentData() or ""
        self.marks[row] = (mark, self.remark.text())
        self.model.review[row] = mark or "已评分"
        self.model.refresh_row(row)
        self.dirty.add(row)

    def save_review(self) -> Path | None:
        """Save the scores, opinions and marks given so far in the review workspace (beside the
        received folder, never inside it); the received files are not touched."""
        if self.workspace is None or self.result is None:
            return None
        for row in sorted(self.dirty):
            if row not in self.opened:
                continue
            r = self.result.files[row]
            mark, remark = self.marks.get(row, ("", ""))
            self.workspace.record(r.path, r.sha256, self.opened[row].submission, mark, remark)
        try:
            path = self.workspace.save()
        except UserError as exc:
            QMessageBox.warning(self, TITLE, str(exc))
            return None
        self.dirty.clear()
        self.statusBar().showMessage(f"已保存评审：{path}", 8000)
        return path

    def _inside_received(self, path: Path) -> bool:
        if self.folder is None:
            return False
        folder = self.folder.resolve()
        return folder in path.resolve().parents

    def export_project(self, path: str | Path) -> Path | None:
        """The open submission with its scores as a project file at *path* (not in the received folder)."""
        if self.current is None or self.current not in self.opened:
            return None
        path = Path(path)
        if path.suffix.lower() != files.EXTENSION:
            path = path.with_name(path.name + files.EXTENSION)
        if self._inside_received(path):
            QMessageBox.warning(self, TITLE, "评分后的项目文件不能存到收到的申报所在的文件夹里（下次打开会多出一份申报），请换一个位置")
            return None
        try:
            files.save(self.opened[self.current].submission, path)
        except UserError as exc:
            QMessageBox.warning(self, TITLE, str(exc))
            return None
        self.statusBar().showMessage(f"已导出评分后的项目文件：{path}", 8000)
        return path

    def _project_clicked(self) -> None:
        if self.current is None or self.result is None or self.workspace is None:
            return
        stem = self.result.files[self.current].path.stem
        suggested = self.workspace.folder / f"{stem}-评审{files.EXTENSION}"
        chosen, _ = QFileDialog.getSaveFileName(self, "导出评分后的项目文件", str(suggested), f"项目文件 (*{files.EXTENSION})")
        if chosen:
            self.export_project(chosen)

    def opinion_path(self, row: int) -> Path:
        assert self.result is not None, "a row is only shown with the folder's result"
        stem = self.result.files[row].path.stem
        folder = self.workspace.folder if self.workspace is not None else Path.home()
        return folder / f"{row + 1:03d}-{stem}-评审意见书.pdf"

    def print_opinion(self, path: str | Path | None = None) -> Path | None:
        """The open submission's 评审意见书 as a PDF (in the workspace unless *path* is given)."""
        from forms.reports.opinion import write_opinion

        row = self.current
        if row is None or row not in self.opened or self.result is None:
            return None
        r = self.result.files[row]
        path = Path(path) if path is not None else self.opinion_path(row)
        if self._inside_received(path):
            QMessageBox.warning(self, TITLE, "评审意见书不能存到收到的申报所在的文件夹里，请换一个位置")
            return None
        mark, remark = self.marks.get(row, ("", ""))
        try:
            warning = write_opinion(path, self.opened[row].submission, file_name=self.workspace.name_of(r.path)
                                    if self.workspace else r.path.name, sha256=r.sha256, findings=r.findings,
                                    mark=mark, remark=remark)
        except UserError as exc:
            QMessageBox.warning(self, TITLE, str(exc))
            return None
        if warning:
            QMessageBox.warning(self, TITLE, warning)
        self.statusBar().showMessage(f"已写出评审意见书：{path}", 8000)
        return path

    def _opinion_clicked(self) -> None:
        if self.current is None or self.result is None:
            return
        chosen, _ = QFileDialog.getSaveFileName(self, "评审意见书", str(self.opinion_path(self.current)), "PDF (*.pdf)")
        if chosen:
            self.print_opinion(chosen)

    def _leave_unsaved(self, doing: str) -> bool:
        """With unsaved scores, ask whether to save them first; ``False``: the user cancelled."""
        if not self.dirty or self.result is None:
            return True
        names = "、".join(self.result.files[i].path.name for i in sorted(self.dirty))
        answer = QMessageBox.question(
            self, TITLE, f"以下申报的评分尚未保存：{names}\n{doing}前保存到评审工作区吗？",
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Save)
        if answer == QMessageBox.StandardButton.Save:
            return self.save_review() is not None
        return answer == QMessageBox.StandardButton.Discard
