"""What the parts of the main window share: the app's name, and the attributes and methods one part
of :class:`~desktop.main_window.MainWindow` uses from another (declared for mypy only).

The window is put together from mixins, one a concern, each in its own module and before
``QMainWindow`` in the window's bases: :mod:`desktop.window_steps` (the navigator and the pages, the
findings wiring), :mod:`desktop.window_files` (new, open, save, recent files, drag and drop, the
recovery copy), :mod:`desktop.window_export` (Excel, PDF, printing, the reviewer) and
:mod:`desktop.window_screen` (size and place on the screen).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import os

    from desktop.qt import QDockWidget, QLabel, QListWidget, QMainWindow, QMenu, QStackedWidget

    from .document import Document
    from .steps.base import Page
    from .widgets.findings_panel import FindingsPanel

    _Window = QMainWindow  # what mypy checks a part as: the window's Qt base
else:
    _Window = object  # at run time a plain mixin before QMainWindow in MainWindow's bases

APP_NAME = "项目预算申报助手"


class WindowPart(_Window):
    """Mixed into :class:`~desktop.main_window.MainWindow`, which sets these up in ``__init__``."""

    if TYPE_CHECKING:
        doc: Document
        pages: dict[str, Page]
        navigator: QListWidget
        stack: QStackedWidget
        findings_panel: FindingsPanel
        findings_dock: QDockWidget
        file_label: QLabel
        saved_label: QLabel
        recent_menu: QMenu

        def show_step(self, name: str) -> bool: ...
        def show_findings(self) -> None: ...
        def open_path(self, path: str | os.PathLike[str], ask: bool = True) -> bool: ...
