"""Start the desktop app: the QApplication, the main window, the file given on the command line.

With ``screenshot`` the window opens the file, shows the step, is rendered to the PNG and the app
exits (for docs and checks). ``BUDGETFORMS_STARTUP_PROBE=1`` prints ``shown`` on stdout once the
window is shown with its file open (the startup benchmark reads it).
"""

from __future__ import annotations

import os
import sys

APP_NAME = "项目预算申报助手"
_TRANSLATOR = None


def create_app(argv: list[str] | None = None):
    from PySide6.QtWidgets import QApplication

    from .fonts import apply_ui_font

    app = QApplication.instance() or QApplication(argv or [sys.argv[0]])
    app.setApplicationName("budgetforms")
    app.setOrganizationName("budgetforms")
    app.setApplicationDisplayName(APP_NAME)
    apply_ui_font(app)
    load_chinese(app)
    return app


def load_chinese(app) -> None:
    """Qt's own texts (standard buttons, file dialogs, the calendar, context menus) in Chinese."""
    from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator

    global _TRANSLATOR
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    if _TRANSLATOR is None:
        translator = QTranslator(app)
        if translator.load("qtbase_zh_CN", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
            app.installTranslator(translator)
            _TRANSLATOR = translator


def install_excepthook(window) -> None:
    """An error escaping a slot is reported in Chinese, the edits go to the recovery copy at once and
    the app keeps running; the traceback goes to stderr for the developers, never to the user."""
    import traceback

    def hook(exc_type, exc, tb) -> None:
        traceback.print_exception(exc_type, exc, tb)
        from PySide6.QtWidgets import QMessageBox

        from forms.errors import UserError

        try:
            window.write_recovery()
        except Exception:  # pragma: no cover - the report below matters more
            pass
        if isinstance(exc, UserError):
            text = str(exc)
        else:
            text = (f"程序遇到内部错误（{exc_type.__name__}），刚才的操作没有完成。"
                    "您的修改已写入恢复副本，请先保存，再继续填写。")
        QMessageBox.critical(window, APP_NAME, text)

    sys.excepthook = hook


def run_app(file: str | None = None, step: str | None = None, screenshot: str | None = None) -> int:
    app = create_app()
    from PySide6.QtCore import QTimer

    from .main_window import MainWindow

    if screenshot and not os.environ.get("BUDGETFORMS_SCREEN") and app.platformName() == "offscreen":
        os.environ["BUDGETFORMS_SCREEN"] = "1366x768"  # offscreen has no real screen: the office laptop's
    window = MainWindow(remember_geometry=not screenshot)
    install_excepthook(window)
    probing = bool(os.environ.get("BUDGETFORMS_STARTUP_PROBE"))
    if not screenshot:
        # edits a crashed session left are offered first; restoring them replaces opening FILE
        window.show()
        if window.offer_recovery():
            file = None
    if file:
        if not window.open_path(file, ask=False) and screenshot:
            return 2
    if step and not window.show_step(step):
        sys.stderr.write(f"budgetforms: 没有名为“{step}”的步骤\n")
        if screenshot:
            return 2
    window.show()
    if probing:
        def probe() -> None:
            print("shown", flush=True)
            app.quit()

        QTimer.singleShot(0, probe)
    if screenshot:
        def grab() -> None:
            window.doc.flush_check()
            app.processEvents()
            window.grab().save(screenshot)
            app.quit()

        QTimer.singleShot(400, grab)
    return app.exec()
