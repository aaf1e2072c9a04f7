"""Start the desktop app: the QApplication, the main window, the file given on the command line.

With ``screenshot`` the window opens the file, shows the step, is rendered to the PNG and the app
exits (for docs and checks). ``BUDGETFORMS_STARTUP_PROBE=1`` prints ``shown`` on stdout once the
window is shown with its file open (the startup benchmark reads it).

Everything the app and the domain log goes to a rotating ``budgetforms.log`` in the log folder
(:func:`forms.locations.log_dir`, inside the one data folder; :mod:`desktop.logs`, level by
``BUDGETFORMS_LOG=debug``). An error that escapes a slot is logged with its traceback, writes
``crash-<time>.log`` there (the traceback, the version, the platform), puts the edits into the
recovery copy and tells the user both in a Chinese dialog; the app keeps running. An error that
escapes a thread is logged with its traceback. A hard crash of the interpreter (a fault in Qt)
leaves its stack in ``faults.log``.
"""

from __future__ import annotations

import faulthandler
import logging
import os
import platform
import sys
import threading
import time
import traceback
from pathlib import Path
from typing import cast

from forms import locations

from .logs import LOG_BACKUPS, LOG_BYTES, LOG_NAME, setup_logging

__all__ = ["APP_NAME", "LOG_BACKUPS", "LOG_BYTES", "LOG_NAME", "create_app", "enable_fault_log", "install_about",
           "install_excepthook", "load_chinese", "run_app", "setup_logging", "write_crash_log"]

APP_NAME = "项目预算申报助手"
_TRANSLATOR = None
log = logging.getLogger(__name__)


def create_app(argv: list[str] | None = None):
    from desktop.qt import QApplication

    from .fonts import apply_ui_font

    app = cast(QApplication, QApplication.instance() or QApplication(argv or [sys.argv[0]]))
    app.setApplicationName("budgetforms")
    app.setOrganizationName("budgetforms")
    app.setApplicationDisplayName(APP_NAME)
    app.setDesktopFileName(locations.DESKTOP_ID)  # the .desktop entry of the .deb (packaging/uos.py)
    from desktop.qt import QIcon

    app.setWindowIcon(QIcon(str(locations.resource("icons", "budgetforms.svg"))))
    apply_ui_font(app)
    load_chinese(app)
    return app


def load_chinese(app) -> None:
    """Qt's own texts (standard buttons, file dialogs, the calendar, context menus) in Chinese."""
    from desktop.qt import QLibraryInfo, QLocale, QTranslator

    global _TRANSLATOR
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    if _TRANSLATOR is None:
        translator = QTranslator(app)
        if translator.load("qtbase_zh_CN", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
            app.installTranslator(translator)
            _TRANSLATOR = translator


def enable_fault_log() -> None:
    """A hard crash of the interpreter (a fault in Qt's C++) writes its Python stack to
    ``faults.log`` in the log folder, where no traceback would otherwise be left."""
    try:
        stream = open(locations.log_dir() / "faults.log", "a", encoding="utf-8")  # noqa: SIM115 - kept open
    except OSError:
        return
    stream.write(f"--- {time.strftime('%Y-%m-%d %H:%M:%S')} budgetforms {locations.version()} pid {os.getpid()}\n")
    stream.flush()
    faulthandler.enable(stream)


def write_crash_log(exc_type, exc, tb) -> Path | None:
    """``crash-<time>.log`` in the log folder with the traceback and what ran it; ``None`` when it
    cannot be written."""
    from desktop.qt import qVersion

    stamp = time.strftime("%Y%m%d-%H%M%S")
    lines = [f"项目预算申报助手 budgetforms {locations.version()}", f"time: {time.strftime('%Y-%m-%d %H:%M:%S %z')}",
             f"python: {platform.python_version()} ({sys.executable})", f"qt: {qVersion()}",
             f"platform: {platform.platform()}", f"frozen: {bool(getattr(sys, 'frozen', False))}", "",
             "".join(traceback.format_exception(exc_type, exc, tb))]
    try:
        folder = locations.log_dir()
        path = folder / f"crash-{stamp}.log"
        n = 1
        while path.exists():
            n += 1
            path = folder / f"crash-{stamp}-{n}.log"
        path.write_text("\n".join(lines), encoding="utf-8")
    except OSError:
        return None
    return path


def _recovery_state(window) -> str:
    """Save the edits to the recovery copy and say in Chinese what became of them."""
    from . import storage

    try:
        window.write_recovery()
    except Exception:  # pragma: no cover - the report matters more
        log.exception("writing the recovery copy after an error failed")
    if not window.doc.is_dirty():
        return "当前没有未保存的修改，不会丢失内容。"
    copy, _note = storage._own_paths()
    if copy.exists():
        return ("您的修改已保存在恢复副本中，不会丢失；如果程序退出，下次启动时会提示恢复。"
                "建议现在先保存文件，再继续填写。")
    return "恢复副本未能写入：请立即保存文件（文件 → 另存为），以免丢失修改。"


def install_excepthook(window) -> None:
    """An error escaping a slot is logged, written to ``crash-<time>.log`` and reported in Chinese
    (:class:`~desktop.dialogs.CrashDialog`, naming the file); the edits go to the recovery copy at
    once and the app keeps running. A :class:`~forms.errors.UserError` is a message, not a crash."""

    def hook(exc_type, exc, tb) -> None:
        from desktop.qt import QMessageBox
        from forms.errors import UserError

        if isinstance(exc, UserError):
            log.warning("message shown: %s", exc)
            try:
                window.write_recovery()
            except Exception:  # pragma: no cover
                pass
            QMessageBox.critical(window, APP_NAME, str(exc))
            return
        log.error("unhandled %s: %s", exc_type.__name__, exc, exc_info=(exc_type, exc, tb))
        crash_log = write_crash_log(exc_type, exc, tb)
        if crash_log is None:  # the traceback must go somewhere
            traceback.print_exception(exc_type, exc, tb)
        from .dialogs import CrashDialog

        dialog = CrashDialog(exc_type.__name__, crash_log, _recovery_state(window), window)
        window.crash_dialog = dialog
        dialog.exec()

    sys.excepthook = hook
    threading.excepthook = _log_thread_error


def _log_thread_error(args: threading.ExceptHookArgs) -> None:
    """An error escaping a thread (the workers report theirs; anything else is a bug): logged with
    its traceback. No dialog from a thread that is not the GUI's."""
    if args.exc_type is SystemExit:
        return
    log.error("unhandled %s in thread %s", args.exc_type.__name__, getattr(args.thread, "name", "?"),
              exc_info=args.exc_value or True)


def install_about(window) -> None:
    """The 帮助 menu with 关于 (version, data folder, log folder)."""
    from .dialogs import AboutDialog

    def about() -> None:
        dialog = AboutDialog(window)
        window.about_dialog = dialog
        dialog.exec()

    menu = window.menuBar().addMenu("帮助(&H)")
    action = menu.addAction("关于(&A)")
    action.setObjectName("actAbout")
    action.triggered.connect(about)
    window.act_about = action
    window.help_menu = menu  # kept: QAction.menu() of some PySide6 versions hands out a wrapper Qt deletes


def run_app(file: str | None = None, step: str | None = None, screenshot: str | None = None) -> int:
    app = create_app()
    from desktop.qt import QTimer

    from .main_window import MainWindow

    setup_logging()
    enable_fault_log()
    log.info("start %s (Python %s, %s)", locations.version(), platform.python_version(), sys.executable)
    if screenshot and not os.environ.get("BUDGETFORMS_SCREEN") and app.platformName() == "offscreen":
        os.environ["BUDGETFORMS_SCREEN"] = "1366x768"  # offscreen has no real screen: the office laptop's
    window = MainWindow(remember_geometry=not screenshot)
    install_excepthook(window)
    install_about(window)
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
