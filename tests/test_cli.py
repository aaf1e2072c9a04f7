"""The ``budgetforms`` console script: show, gui, and one-line errors with exit 2."""

import os
import subprocess
import sys

import pytest

from forms.cli import main


def test_show_sample(sample_path, capsys):
    assert main(["show", str(sample_path)]) == 0
    out = capsys.readouterr().out
    for expected in ("玉溪海关综合业务用房项目补助资金", "2020", "2021", "20,000,000.00", "37,000,000.00",
                     "C205010103016", "2011304 对外贸易管理", "玉溪市商务局", "绩效指标 7 个", "人民币贰仟万元整"):
        assert expected in out


@pytest.mark.parametrize("argv", [["show"], ["frobnicate"], ["show", "a", "b"], []])
def test_bad_arguments_one_line_exit_2(argv, capsys):
    with pytest.raises(SystemExit) as exc:
        main(argv)
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err


@pytest.mark.parametrize("name,content,problem", [
    ("missing.bfproj", None, "不存在"),
    ("notes.txt", b"hello", "不支持的文件类型"),
    ("old.xls", b"\xd0\xcf\x11\xe0", ".xls"),
    ("broken.bfproj", b'{"schema_version": 1, "submission": {', "不完整"),
])
def test_unreadable_files_one_line_exit_2(tmp_path, capsys, name, content, problem):
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    assert main(["show", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and problem in err and name in err


def test_console_script_runs(sample_path):
    exe = os.path.join(os.path.dirname(sys.executable), "budgetforms")
    proc = subprocess.run([exe, "show", str(sample_path)], capture_output=True, text=True, encoding="utf-8", timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert "玉溪海关综合业务用房项目补助资金" in proc.stdout


def test_gui_screenshot_subprocess(sample_path, tmp_path):
    shot = tmp_path / "shot.png"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    proc = subprocess.run([sys.executable, "-m", "desktop", "gui", str(sample_path), "--screenshot", str(shot)],
                          capture_output=True, text=True, encoding="utf-8", timeout=120, env=env)
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_output_into_a_closed_pipe_ends_quietly(sample_path, monkeypatch):
    """`budgetforms … | head -1`: when the reader has gone, the command stops with no traceback."""
    import io

    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader is gone: every write fails with EPIPE
    stdout = io.TextIOWrapper(os.fdopen(write_end, "wb", buffering=0), encoding="utf-8", write_through=True)
    monkeypatch.setattr(sys, "stdout", stdout)
    try:
        assert main(["show", str(sample_path)]) == 141
    finally:
        stdout.close()
