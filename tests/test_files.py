"""Project files: round trips, atomic saves with failure injection, clear messages for bad files."""

import json
import os
from datetime import date
from decimal import Decimal as D

import pytest
from hypothesis import HealthCheck, given, settings

from forms import files
from forms.files import ProjectFileError
from forms.model import Submission, YesNo

from .strategies import submissions


def test_sample_round_trip(sample, tmp_path):
    out = tmp_path / "copy.bfproj"
    files.save(sample, out)
    assert files.load(out) == sample


def test_file_is_sorted_utf8_json(sample, tmp_path):
    out = tmp_path / "s.bfproj"
    files.save(sample, out)
    text = out.read_text(encoding="utf-8")
    assert "玉溪海关" in text  # not \u-escaped
    data = json.loads(text)
    assert data["schema_version"] == files.SCHEMA_VERSION
    assert text == json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1) + "\n"
    assert data["submission"]["basic"]["funding"][0]["total"] == "20000000.00"  # money as text, never float


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(sub=submissions())
def test_generated_round_trip(sub, tmp_path):
    out = tmp_path / "gen.bfproj"
    files.save(sub, out, keep_backup=False)
    assert files.load(out) == sub


def test_wrong_values_are_kept(tmp_path):
    s = Submission()
    s.basic.start_date = "2020年2月30日"
    s.basic.function_subject = "201130 对外贸易管理"
    s.basic.funding = [{"year": 2020, "total": "-1.005"}]
    out = tmp_path / "wrong.bfproj"
    files.save(s, out)
    back = files.load(out)
    assert back.basic.start_date == "2020年2月30日"
    assert back.basic.function_subject.code == "201130"
    assert back.basic.funding[0].total == D("-1.005")


def test_save_keeps_previous_version_as_bak(sample, tmp_path):
    out = tmp_path / "p.bfproj"
    files.save(sample, out)
    changed = sample.model_copy(deep=True)
    changed.basic.name = "改过的名称"
    files.save(changed, out)
    assert files.load(out).basic.name == "改过的名称"
    assert files.load(tmp_path / "p.bfproj.bak").basic.name == sample.basic.name


def test_failure_after_temp_written_leaves_old_file(sample, tmp_path, monkeypatch):
    out = tmp_path / "p.bfproj"
    files.save(sample, out)
    before = out.read_bytes()
    real_replace = os.replace

    def failing_replace(src, dst):
        if str(src).endswith(".tmp"):
            raise OSError(28, "No space left on device")
        return real_replace(src, dst)

    monkeypatch.setattr(files.os, "replace", failing_replace)
    changed = sample.model_copy(deep=True)
    changed.basic.name = "不应写入"
    with pytest.raises(ProjectFileError, match="保存失败.*原文件未改动"):
        files.save(changed, out, keep_backup=False)
    assert out.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p.bfproj"]


def test_failure_during_write_leaves_no_stray_file(sample, tmp_path, monkeypatch):
    out = tmp_path / "p.bfproj"
    files.save(sample, out)
    before = out.read_bytes()

    def failing_fsync(fd):
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(files.os, "fsync", failing_fsync)
    with pytest.raises(ProjectFileError):
        files.save(sample, out)
    assert out.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p.bfproj"]


def test_save_into_missing_folder_is_a_clear_error(sample, tmp_path):
    with pytest.raises(ProjectFileError, match="保存失败"):
        files.save(sample, tmp_path / "no" / "such" / "x.bfproj")


def test_truncated_file(sample, tmp_path):
    out = tmp_path / "cut.bfproj"
    files.save(sample, out)
    out.write_bytes(out.read_bytes()[: 5000])
    with pytest.raises(ProjectFileError) as err:
        files.load(out)
    assert "cut.bfproj" in str(err.value) and "不完整" in str(err.value)


@pytest.mark.parametrize("content,problem", [
    (b"", "空的"),
    (b"PK\x03\x04 not json", "格式错误"),
    (b"\xff\xfe\x00garbage", "UTF-8"),
    (b'{"hello": 1}', "不是本程序的项目文件"),
    (b'[1, 2]', "不是本程序的项目文件"),
    (b'{"schema_version": "x", "submission": {}}', "格式版本"),
    (b'{"schema_version": 1, "submission": {"basic": {"budget_year": "not a year"}}}', "basic.budget_year"),
])
def test_broken_files_give_clear_messages(tmp_path, content, problem):
    out = tmp_path / "bad.bfproj"
    out.write_bytes(content)
    with pytest.raises(ProjectFileError) as err:
        files.load(out)
    message = str(err.value)
    assert "bad.bfproj" in message and problem in message


def test_newer_version_is_refused(tmp_path):
    out = tmp_path / "new.bfproj"
    out.write_text(json.dumps({"schema_version": files.SCHEMA_VERSION + 1, "submission": {}}), encoding="utf-8")
    with pytest.raises(ProjectFileError, match="较新版本.*请升级"):
        files.load(out)


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(ProjectFileError, match="不存在"):
        files.load(tmp_path / "none.bfproj")
    with pytest.raises(ProjectFileError, match="文件夹"):
        files.load(tmp_path)


def test_older_version_migrates(tmp_path, monkeypatch):
    """A file of an older schema goes through every migration step, in order."""
    monkeypatch.setattr(files, "SCHEMA_VERSION", 3)

    def v1_to_v2(data):  # e.g. a format that stored the flag as a bool
        data["basic"]["flags"]["major"] = "是" if data["basic"]["flags"].pop("is_major") else "否"
        return data

    def v2_to_v3(data):
        data["basic"]["name"] = data["basic"].pop("title")
        return data

    monkeypatch.setattr(files, "MIGRATIONS", {1: v1_to_v2, 2: v2_to_v3})
    out = tmp_path / "old.bfproj"
    out.write_text(json.dumps({"schema_version": 1, "submission": {
        "basic": {"title": "旧项目", "flags": {"is_major": True}, "start_date": "2020-01-01"}}}), encoding="utf-8")
    s = files.load(out)
    assert s.basic.name == "旧项目"
    assert s.basic.flags.major == YesNo.YES
    assert s.basic.start_date == date(2020, 1, 1)


def test_version_without_migration_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setattr(files, "SCHEMA_VERSION", 2)
    monkeypatch.setattr(files, "MIGRATIONS", {})
    out = tmp_path / "old.bfproj"
    out.write_text(json.dumps({"schema_version": 1, "submission": {}}), encoding="utf-8")
    with pytest.raises(ProjectFileError, match="过旧"):
        files.load(out)


# --- failure injection at every step of write_atomic ---------------------------------------------

class _Watch:
    """Wraps the file-system calls write_atomic makes, checks before and after each that the path
    holds the whole old or the whole new content, and fails the one call named *fail_at*."""

    def __init__(self, monkeypatch, path, old: bytes, new: bytes, fail_at: str | None):
        self.path, self.allowed, self.fail_at, self.seen = path, (old, new), fail_at, []
        real = {name: getattr(os, name) for name in ("replace", "link", "fsync")}
        real_copy = files.shutil.copy2

        def check():
            assert self.path.exists(), "the path must never be without a file"
            assert self.path.read_bytes() in self.allowed, "the path holds a mix or a stranger"

        def wrap(name, fn):
            def call(*args, **kwargs):
                step = name
                if name == "replace":
                    step = "replace-backup" if str(args[0]).endswith(f".bak.{os.getpid()}.tmp") else "replace"
                if name == "fsync":
                    import stat
                    step = "fsync-dir" if stat.S_ISDIR(os.fstat(args[0]).st_mode) else "fsync"
                self.seen.append(step)
                check()
                if step == self.fail_at or (self.fail_at == "link+copy" and step in ("link", "copy")):
                    raise OSError(28, "No space left on device")
                result = fn(*args, **kwargs)
                check()
                return result
            return call

        for name, fn in real.items():
            monkeypatch.setattr(files.os, name, wrap(name, fn))
        monkeypatch.setattr(files.shutil, "copy2", wrap("copy", real_copy))


def _changed(sample):
    changed = sample.model_copy(deep=True)
    changed.basic.name = "改过的名称"
    return changed


@pytest.mark.parametrize("fail_at", ["fsync", "link+copy", "replace-backup", "replace"])
def test_failure_before_the_rename_leaves_the_old_file_and_says_so(sample, tmp_path, monkeypatch, fail_at):
    out = tmp_path / "p.bfproj"
    files.save(sample, out)
    files.save(sample, out)  # a .bak exists too
    old, old_bak = out.read_bytes(), (tmp_path / "p.bfproj.bak").read_bytes()
    new = files.dumps(_changed(sample)).encode("utf-8")
    watch = _Watch(monkeypatch, out, old, new, fail_at)
    with pytest.raises(ProjectFileError) as err:
        files.save(_changed(sample), out)
    assert fail_at.split("+")[-1] in watch.seen
    assert "原文件未改动" in str(err.value)
    if fail_at.startswith(("link", "replace-backup")):
        assert ".bak" in str(err.value)
    assert out.read_bytes() == old
    assert (tmp_path / "p.bfproj.bak").read_bytes() == old_bak
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p.bfproj", "p.bfproj.bak"]


def test_failure_to_create_the_temp_file_is_a_save_failure(sample, tmp_path, monkeypatch):
    out = tmp_path / "p.bfproj"
    files.save(sample, out)
    old = out.read_bytes()

    def no_space(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(files.tempfile, "mkstemp", no_space)
    with pytest.raises(ProjectFileError, match="保存失败.*原文件未改动"):
        files.save(_changed(sample), out)
    assert out.read_bytes() == old


def test_no_hard_links_falls_back_to_a_copy(sample, tmp_path, monkeypatch):
    out = tmp_path / "p.bfproj"
    files.save(sample, out)
    old = out.read_bytes()
    new = files.dumps(_changed(sample)).encode("utf-8")
    watch = _Watch(monkeypatch, out, old, new, "link")
    files.save(_changed(sample), out)
    assert watch.seen.index("copy") < watch.seen.index("replace")
    assert out.read_bytes() == new
    assert (tmp_path / "p.bfproj.bak").read_bytes() == old
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p.bfproj", "p.bfproj.bak"]


def test_folder_fsync_failure_says_the_new_content_is_in_place(sample, tmp_path, monkeypatch):
    out = tmp_path / "p.bfproj"
    files.save(sample, out)
    old = out.read_bytes()
    new = files.dumps(_changed(sample)).encode("utf-8")
    _Watch(monkeypatch, out, old, new, "fsync-dir")
    with pytest.raises(ProjectFileError) as err:
        files.save(_changed(sample), out)
    assert "新内容已写入" in str(err.value) and "原文件未改动" not in str(err.value)
    assert out.read_bytes() == new
    assert (tmp_path / "p.bfproj.bak").read_bytes() == old


def test_a_successful_save_never_leaves_the_path_empty(sample, tmp_path, monkeypatch):
    out = tmp_path / "p.bfproj"
    files.save(sample, out)
    old = out.read_bytes()
    new = files.dumps(_changed(sample)).encode("utf-8")
    watch = _Watch(monkeypatch, out, old, new, None)
    files.save(_changed(sample), out)
    assert watch.seen == ["fsync", "link", "replace-backup", "replace", "fsync-dir"]
    assert out.read_bytes() == new and (tmp_path / "p.bfproj.bak").read_bytes() == old
