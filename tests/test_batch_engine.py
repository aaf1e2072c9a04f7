"""The batch engine's machinery: order, progress, cancel, and hostile files that hang, crash or eat
memory. The per-file check is replaced by small module-level functions here (they run in the worker
processes), so that these tests do not depend on the rule set; ``test_batch.py`` checks real files."""

from __future__ import annotations

import os
import signal
import threading
import time
from pathlib import Path

import pytest

from forms import batch, files

SAMPLE = Path(__file__).resolve().parent.parent / "seeds" / "sample-yuxi-customs-2020.bfproj"


def fake_check(path: Path):
    """A check that reads the file's first line: ``ok`` is readable with one warning naming the
    file; ``hang`` loops in Python; ``stuck`` sleeps with the alarm blocked (only the watchdog can
    end it); ``crash`` kills its process; ``hog`` asks for 3 GB; ``sample`` loads the sample."""
    kind = path.read_text(encoding="utf-8").split("\n", 1)[0].strip()
    if kind == "hang":
        while True:
            pass
    if kind == "stuck":
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
        time.sleep(120)
    if kind == "crash":
        os._exit(7)
    if kind == "hog":
        block = bytearray(3 * 1024 ** 3)
        return {"path": str(path), "readable": True, "error": None, "findings": [], "size": len(block)}, None
    if kind == "sample":
        sub = files.load(SAMPLE)
        return {"path": str(path), "readable": True, "error": None, "findings": []}, sub
    finding = {"rule": "T-01", "severity": "warning", "table": "t", "field": "f", "cell": None, "message": path.name}
    return {"path": str(path), "readable": True, "error": None, "findings": [finding]}, None


def make(folder: Path, kinds: list[str]) -> list[Path]:
    out = []
    for i, kind in enumerate(kinds):
        p = folder / f"{i:03d}-{kind}.txt"
        p.write_text(kind + "\n", encoding="utf-8")
        out.append(p)
    return out


def test_results_come_in_input_order_with_progress(tmp_path):
    paths = make(tmp_path, ["ok"] * 57)
    seen = []
    result = batch.run_batch(paths, check=fake_check, progress=lambda d, t: seen.append((d, t)), chunk_size=4)
    assert [r.path for r in result.files] == paths
    assert [r.findings[0]["message"] for r in result.files] == [p.name for p in paths]
    assert seen[-1] == (57, 57)
    assert all(t == 57 for _, t in seen)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)
    assert result.exit_code() == 0
    assert result.files[0].sha256 == __import__("hashlib").sha256(b"ok\n").hexdigest()


def test_a_file_looping_in_python_is_stopped_by_its_alarm_and_the_rest_is_checked(tmp_path):
    paths = make(tmp_path, ["ok", "hang", "ok", "ok", "ok", "ok"])
    result = batch.run_batch(paths, check=fake_check, timeout=1, chunk_size=1)
    assert [r.readable for r in result.files] == [True, False, True, True, True, True]
    assert "超过 1 秒" in result.files[1].error and "001-hang.txt" in result.files[1].error
    assert result.exit_code() == 2


def test_a_worker_stuck_where_the_alarm_cannot_reach_is_killed_by_the_watchdog(tmp_path, monkeypatch):
    monkeypatch.setattr(batch.pool, "WATCHDOG_GRACE", 0.5)
    paths = make(tmp_path, ["ok", "stuck"] + ["ok"] * 10)
    result = batch.run_batch(paths, check=fake_check, timeout=1, chunk_size=2)
    assert len(result.files) == 12
    assert not result.files[1].readable and "超过 1 秒" in result.files[1].error
    assert all(r.readable for i, r in enumerate(result.files) if i != 1)
    assert [r.findings[0]["message"] for i, r in enumerate(result.files) if i != 1] == [p.name for i, p in enumerate(paths) if i != 1]


def test_a_crashing_file_becomes_its_own_unreadable_entry(tmp_path):
    paths = make(tmp_path, ["ok", "ok", "crash", "ok", "ok", "crash", "ok", "ok"])
    result = batch.run_batch(paths, check=fake_check, chunk_size=3)
    assert [r.readable for r in result.files] == [True, True, False, True, True, False, True, True]
    assert "异常退出" in result.files[2].error and "002-crash.txt" in result.files[2].error
    assert [r.path for r in result.files] == paths


def test_a_file_asking_for_too_much_memory_is_refused_under_the_bound(tmp_path):
    paths = make(tmp_path, ["ok", "hog", "ok"])
    result = batch.run_batch(paths, check=fake_check, memory_mb=512, chunk_size=1)
    assert [r.readable for r in result.files] == [True, False, True]
    assert "内存" in result.files[1].error


def test_cancel_stops_the_batch_and_keeps_what_was_checked(tmp_path):
    paths = make(tmp_path, ["ok"] * 3 + ["stuck"] * 2 + ["ok"] * 20)
    stop = threading.Event()

    def progress(done, total):
        if done >= 3:
            stop.set()

    t0 = time.monotonic()
    result = batch.run_batch(paths, check=fake_check, progress=progress, cancel=stop.is_set, chunk_size=1, timeout=60)
    assert result.cancelled
    assert time.monotonic() - t0 < 30  # the stuck workers were killed, not waited for
    assert 3 <= len(result.files) < 25
    assert [r.path for r in result.files] == [r.path for r in result.files if r.readable]


def test_collect_walks_folders_in_order_and_skips_hidden_lock_and_backup_files(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / ".git").mkdir()
    for name in ["b/z.xlsx", "a.bfproj", "b/a.txt", "b/old.XLS", ".hidden.xlsx", "~$a.xlsx", "a.bfproj.bak",
                 ".git/x.xlsx", "report.xlsx"]:
        (tmp_path / name).write_text("x")
    found = batch.collect([tmp_path], exclude=[tmp_path / "report.xlsx"])
    assert [p.relative_to(tmp_path).as_posix() for p in found] == ["a.bfproj", "b/old.XLS", "b/z.xlsx"]
    assert batch.collect([tmp_path / "a.bfproj", tmp_path / "missing.xlsx"]) == [tmp_path / "a.bfproj", tmp_path / "missing.xlsx"]


def test_an_empty_folder_is_a_clear_error(tmp_path):
    with pytest.raises(batch.BatchError, match="没有可检查的文件"):
        batch.run_batch([tmp_path])


def test_terminal_progress_prints_tenths_when_not_a_terminal():
    import io

    out = io.StringIO()
    bar = batch.TerminalProgress(out, min_files=20)
    for done in range(0, 101):
        bar(done, 100)
    bar.close()
    lines = out.getvalue().splitlines()
    assert len(lines) == 11 and lines[-1].startswith("已检查 100/100 个文件")
    quiet = io.StringIO()
    small = batch.TerminalProgress(quiet, min_files=20)
    small(5, 5)
    assert quiet.getvalue() == ""
