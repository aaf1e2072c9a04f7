"""The main window's files: new (blank or from an example), open (a project file or a workbook, also by
drag and drop), save and save as, the recent files, the window title with the saved state, and the
recovery copy of unsaved edits (written a moment after each edit, offered after a crash).
"""

from __future__ import annotations

import os
import traceback
from pathlib import Path

from desktop.qt import QDate, QDialog, QFileDialog, QMessageBox, QTimer
from forms import files
from forms.documents import WORKBOOK_SUFFIXES, open_document
from forms.errors import UserError

from . import storage
from .dialogs import RecoveryDialog
from .steps import STEP_NAMES
from .templates import SAMPLES, blank_submission, sample_submission
from .window_base import APP_NAME, WindowPart

MAX_RECENT = 8
OPENABLE = (files.EXTENSION, ".json") + WORKBOOK_SUFFIXES
RECOVERY_DELAY_MS = 3000


class WindowFiles(WindowPart):
    """Opening, saving and recovering the submission: mixed into :class:`~desktop.main_window.MainWindow`."""

    def _display_name(self) -> str:
        if self.doc.path is not None:
            return self.doc.path.name
        return "未命名申报"

    def _update_title(self) -> None:
        dirty = self.doc.is_dirty()
        self.setWindowTitle(f"{'*' if dirty else ''}{self._display_name()} - {APP_NAME}")
        self.file_label.setText(str(self.doc.path) if self.doc.path else "未命名申报（尚未保存）")
        self.saved_label.setText("有未保存的修改" if dirty else "已保存")

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
