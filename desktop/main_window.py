"""The main window. For now it opens a submission and shows its name; the step pages come next."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox

from forms.documents import open_document
from forms.errors import UserError

from .app import APP_NAME


class MainWindow(QMainWindow):
    def __init__(self) -> None:
        super().__init__()
        self.submission = None
        self.path: Path | None = None
        self.label = QLabel("新建或打开一份项目申报")
        self.setCentralWidget(self.label)
        self.resize(1200, 800)
        self.setWindowTitle(APP_NAME)

    def open_path(self, path: str) -> bool:
        try:
            opened = open_document(path)
        except UserError as exc:
            QMessageBox.warning(self, APP_NAME, str(exc))
            return False
        self.submission = opened.submission
        self.path = opened.path
        self.label.setText(self.submission.basic.name)
        self.setWindowTitle(f"{opened.path.name} - {APP_NAME}")
        return True

    def show_step(self, name: str) -> None:
        """Steps arrive with the drafting pages."""
