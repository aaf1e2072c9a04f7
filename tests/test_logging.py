"""Logging: the domain logs through its module loggers and installs no handler; the app and the
``budgetforms`` command send the records to the rotating log file in the data folder, at the level
of BUDGETFORMS_LOG; a bug in a command is one Chinese line for the user and a traceback in the log."""

from __future__ import annotations

import ast
import logging
import subprocess
import sys
import threading
import zipfile
from pathlib import Path

import pytest

from desktop import cli as desktop_cli
from desktop import logs
from forms import files, locations
from forms.errors import UserError
from forms.xlsx import export_workbook, guard, import_workbook

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def log_setup(data_dir, monkeypatch):
    """The app's logging set up in this test's data folder, taken down afterwards."""
    monkeypatch.delenv(logs.ENV_LOG, raising=False)
    yield
    logs.close_logging()


@pytest.fixture
def hostile(sample, tmp_path) -> Path:
    """A workbook with more parts than any submission has (the guard refuses it before parsing)."""
    good = tmp_path / "good.xlsx"
    export_workbook(sample, good)
    bad = tmp_path / "很多部件.xlsx"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(bad, "w") as dst:
        for item in src.infolist():
            dst.writestr(item, src.read(item.filename))
        for i in range(guard.MAX_ENTRIES + 1):
            dst.writestr(f"xl/media/x{i}.bin", b"x")
    return bad


def _log_text() -> str:
    return (locations.log_dir() / logs.LOG_NAME).read_text(encoding="utf-8")


# --- the domain logs, and only logs ----------------------------------------------------------------

def test_a_guard_refusing_a_hostile_workbook_logs_a_warning_naming_the_file(hostile, caplog):
    caplog.set_level(logging.WARNING, logger="forms")
    with pytest.raises(UserError):
        import_workbook(hostile)
    refusals = [r for r in caplog.records if r.name.startswith("forms.xlsx") and r.levelno == logging.WARNING]
    assert refusals, "the refusal is logged"
    assert str(hostile) in refusals[0].getMessage() and "个文件" in refusals[0].getMessage()


def test_a_refusal_in_a_batch_worker_is_logged_by_the_pool(hostile, caplog):
    """The worker processes have no handler; the pool logs what they could not read, by file."""
    from forms.batch import run_batch

    caplog.set_level(logging.WARNING, logger="forms")
    result = run_batch([hostile], workers=1, cache=False)
    assert not result.files[0].readable
    (record,) = [r for r in caplog.records if r.name == "forms.batch.pool" and str(hostile) in r.getMessage()]
    assert record.levelno == logging.WARNING and "个文件" in record.getMessage()


def test_a_failed_save_is_logged_with_the_step(tmp_path, sample, monkeypatch, caplog):
    target = tmp_path / "项目.bfproj"
    files.save(sample, target)

    replace = files.os.replace

    def broken(src, dst):
        if Path(dst) == target:  # the backup is kept; putting the new file in place fails
            raise PermissionError(13, "Permission denied")
        replace(src, dst)

    monkeypatch.setattr(files.os, "replace", broken)
    with pytest.raises(UserError, match="原文件未改动"):
        files.save(sample, target)
    (record,) = [r for r in caplog.records if r.name == "forms.files"]
    assert record.levelno == logging.WARNING and str(target) in record.getMessage()
    assert "replace" in record.getMessage() and "old file untouched" in record.getMessage()


def _handler_calls(tree: ast.AST) -> list[str]:
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            if name in ("basicConfig", "addHandler", "dictConfig", "fileConfig") or name.endswith("Handler"):
                args = [ast.unparse(a) for a in node.args]
                out.append(f"{name}({', '.join(args)})")
    return out


def test_the_domain_installs_no_handler_but_the_null_one():
    found = {}
    for path in sorted((ROOT / "forms").rglob("*.py")):
        calls = _handler_calls(ast.parse(path.read_text(encoding="utf-8")))
        if calls:
            found[path.relative_to(ROOT).as_posix()] = calls
    assert found == {"forms/__init__.py": ["addHandler(logging.NullHandler())", "NullHandler()"]}


def test_the_domain_command_alone_prints_no_log_records(hostile, tmp_path):
    """``python -m forms`` sets up no logging: the guard's warning is not printed by logging's last
    resort next to the Chinese message."""
    run = subprocess.run([sys.executable, "-m", "forms", "check", str(hostile)], capture_output=True,
                         text=True, cwd=ROOT, env={**_env(tmp_path)}, timeout=120)
    assert run.returncode == 2  # unreadable
    assert "refused" not in run.stderr and "WARNING" not in run.stderr
    assert "个文件" in run.stdout


def _env(tmp_path: Path) -> dict[str, str]:
    import os

    env = {k: v for k, v in os.environ.items() if k != logs.ENV_LOG}
    env[locations.ENV_DATA_DIR] = str(tmp_path / "data")
    return env


# --- the app's and the command's set-up --------------------------------------------------------------

def test_setup_writes_the_domains_and_the_desktops_records_to_the_file(log_setup):
    path = logs.setup_logging()
    assert path == locations.log_dir() / logs.LOG_NAME and logs.log_file() == path
    logging.getLogger("forms.checking").info("a domain record")
    logging.getLogger("desktop.main_window").warning("a desktop record")
    logging.getLogger("forms.checking").debug("not at the default level")
    logging.getLogger("openpyxl").warning("a library's record")
    text = _log_text()
    assert "INFO forms.checking: a domain record" in text
    assert "WARNING desktop.main_window: a desktop record" in text
    assert "not at the default level" not in text and "a library's record" not in text


def test_setting_up_twice_keeps_one_handler(log_setup):
    logs.setup_logging()
    logs.setup_logging()
    logging.getLogger("forms").info("once")
    assert _log_text().count("once") == 1


def test_a_new_data_folder_moves_the_log(log_setup, tmp_path, monkeypatch):
    first = logs.setup_logging()
    monkeypatch.setenv(locations.ENV_DATA_DIR, str(tmp_path / "other"))
    second = logs.setup_logging()
    assert first != second and second is not None and second.is_relative_to(tmp_path / "other")
    logging.getLogger("forms").info("to the new one")
    assert "to the new one" in second.read_text(encoding="utf-8")
    assert first is not None and "to the new one" not in first.read_text(encoding="utf-8")


def test_budgetforms_log_debug_lets_debug_records_in(log_setup, monkeypatch):
    monkeypatch.setenv(logs.ENV_LOG, "DEBUG")
    logs.setup_logging()
    logging.getLogger("forms.rules.packs").debug("a debug record")
    assert "DEBUG forms.rules.packs: a debug record" in _log_text()


def test_budgetforms_log_warning_keeps_info_out(log_setup, monkeypatch):
    monkeypatch.setenv(logs.ENV_LOG, "warning")
    logs.setup_logging()
    logging.getLogger("forms").info("an info record")
    logging.getLogger("forms").warning("a warning record")
    text = _log_text()
    assert "an info record" not in text and "a warning record" in text


def test_an_unknown_level_is_said_in_the_log_and_info_used(log_setup, monkeypatch):
    monkeypatch.setenv(logs.ENV_LOG, "verbose")
    logs.setup_logging()
    logging.getLogger("forms").info("still logged")
    text = _log_text()
    assert "BUDGETFORMS_LOG='verbose' is not a level" in text and "still logged" in text


def test_close_takes_the_handler_off(log_setup):
    logs.setup_logging()
    logs.close_logging()
    assert logs.log_file() is None
    logging.getLogger("forms").warning("after closing")
    assert "after closing" not in _log_text()
    assert logging.getLogger("forms").level == logging.NOTSET


def test_the_command_logs_a_refused_workbook_to_the_file(log_setup, hostile, capsys):
    assert desktop_cli.main(["check", str(hostile)]) == 2  # unreadable
    assert "个文件" in capsys.readouterr().out
    text = _log_text()
    assert "WARNING forms.xlsx.guard_base: workbook" in text and str(hostile) in text


def test_a_bug_in_a_command_is_one_chinese_line_and_a_traceback_in_the_log(log_setup, monkeypatch, capsys, sample_path):
    from forms.commands import show

    def bug(args):
        raise RuntimeError("injected bug 7")

    monkeypatch.setattr(show, "run", bug)
    assert desktop_cli.main(["show", str(sample_path)]) == 70
    err = capsys.readouterr().err
    path = locations.log_dir() / logs.LOG_NAME
    assert err.count("\n") == 1 and "内部错误（RuntimeError: injected bug 7）" in err and str(path) in err
    assert "Traceback" not in err
    text = _log_text()
    assert "ERROR forms.cli: budgetforms show failed" in text and "Traceback (most recent call last)" in text
    assert "injected bug 7" in text


def test_a_bug_without_a_log_file_is_still_one_line(monkeypatch, capsys, sample_path):
    from forms.cli import main
    from forms.commands import show

    monkeypatch.setattr(show, "run", lambda args: 1 / 0)
    monkeypatch.delenv(logs.ENV_LOG, raising=False)
    assert main(["show", str(sample_path)]) == 70
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "内部错误（ZeroDivisionError: division by zero）" in err
    assert "详情已记入日志" not in err and "Traceback" not in err


def test_an_error_escaping_a_thread_is_logged_with_its_traceback(log_setup):
    from desktop import app as desktop_app

    logs.setup_logging()
    old_hook, old_thread_hook = sys.excepthook, threading.excepthook
    desktop_app.install_excepthook(window=None)  # the thread hook needs no window
    try:
        def work() -> None:
            raise ValueError("from a thread 3")

        thread = threading.Thread(target=work, name="probe-thread")
        thread.start()
        thread.join()
    finally:
        sys.excepthook, threading.excepthook = old_hook, old_thread_hook
    text = _log_text()
    assert "ERROR desktop.app: unhandled ValueError in thread probe-thread" in text
    assert "Traceback (most recent call last)" in text and 'raise ValueError("from a thread 3")' in text
