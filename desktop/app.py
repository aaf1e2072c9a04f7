"""Start the desktop app: the QApplication, the main window, the file given on the command line."""

from __future__ import annotations

import sys

APP_NAME = "项目预算申报助手"


def create_app(argv: list[str] | None = None):
    from PySide6.QtWidgets import QApplication

    from .fonts import apply_ui_font

    app = QApplication.instance() or QApplication(argv or [sys.argv[0]])
    app.setApplicationName("budgetforms")
    app.setOrganizationName("budgetforms")
    app.setApplicationDisplayName(APP_NAME)
    apply_ui_font(app)
    return app


def run_app(file: str | None = None, step: str | None = None, screenshot: str | None = None) -> int:
    app = create_app()
    from PySide6.QtCore import QTimer

    from .main_window import MainWindow

    window = MainWindow()
    if file:
        window.open_path(file)
    if step:
        window.show_step(step)
    window.show()
    if screenshot:
        def grab() -> None:
            window.grab().save(screenshot)
            app.quit()

        QTimer.singleShot(300, grab)
    return app.exec()
