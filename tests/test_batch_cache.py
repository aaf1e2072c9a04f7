"""A batch that remembers (issue 19): with the cache, re-checking a folder reads only the files
whose content changed, and the report is the same as without it — unchanged, changed, corrupt
store, tampered rows, another pack."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from functools import partial
from pathlib import Path

import pytest

from forms import batch, files
from forms.batch import cache as batch_cache
from forms.cli import main
from forms.xlsx import export_workbook


@pytest.fixture
def folder(tmp_path, sample) -> Path:
    out = tmp_path / "received"
    out.mkdir()
    files.save(sample, out / "a-sample.bfproj", keep_backup=False)
    other = sample.model_copy(deep=True)
    other.basic.name = "玉溪海关综合业务用房（二期）"
    other.basic.funding[0].local = None
    files.save(other, out / "b-other.bfproj", keep_backup=False)
    export_workbook(sample, out / "c-sample.xlsx")
    (out / "d-broken.xlsx").write_bytes(b"PK\x03\x04 not really a workbook")
    return out


@pytest.fixture
def read(monkeypatch) -> list[str]:
    """The names of the files the batch's pool was given to read."""
    seen: list[str] = []
    original = batch._Driver.__init__

    def recording(self, paths, *args, **kwargs):
        seen.extend(Path(p).name for p in paths)
        original(self, paths, *args, **kwargs)

    monkeypatch.setattr(batch._Driver, "__init__", recording)
    return seen


def report(result: batch.BatchResult):
    """Everything the report is made from."""
    return ([(r.path, r.entry, r.sha256, r.summary) for r in result.files],
            list(result.duplicates))


def run(folder, **kwargs) -> batch.BatchResult:
    return batch.run_batch([folder], workers=2, **kwargs)


def test_unchanged_folder_is_not_read_again_and_reports_the_same(data_dir, folder, read):
    plain = report(run(folder))
    assert report(run(folder, cache=True)) == plain
    assert sorted(read[-4:]) == ["a-sample.bfproj", "b-other.bfproj", "c-sample.xlsx", "d-broken.xlsx"]
    read.clear()
    again = run(folder, cache=True)
    assert report(again) == plain
    assert read == []  # every file came from the store
    assert (data_dir / batch_cache.FILE_NAME).is_file()


def test_a_changed_file_is_always_read_again(data_dir, folder, read, sample):
    run(folder, cache=True)
    changed = sample.model_copy(deep=True)
    changed.basic.name = "改过名字的项目"
    files.save(changed, folder / "b-other.bfproj", keep_backup=False)
    read.clear()
    cached = run(folder, cache=True)
    assert read == ["b-other.bfproj"]
    assert report(cached) == report(run(folder))
    assert cached.files[1].summary.name == "改过名字的项目"


def test_a_corrupt_store_is_ignored_and_rebuilt(data_dir, folder, read):
    plain = report(run(folder))
    run(folder, cache=True)
    (data_dir / batch_cache.FILE_NAME).write_bytes(b"this is not a database" * 100)
    read.clear()
    assert report(run(folder, cache=True)) == plain
    assert len(read) == 4
    read.clear()
    assert report(run(folder, cache=True)) == plain
    assert read == []


def test_tampered_rows_are_not_trusted(data_dir, folder, read):
    plain = report(run(folder))
    run(folder, cache=True)
    db = sqlite3.connect(data_dir / batch_cache.FILE_NAME)
    payload, = db.execute("SELECT payload FROM results WHERE path LIKE '%a-sample.bfproj'").fetchone()
    forged = json.loads(payload)
    forged["entry"]["findings"] = []
    db.execute("UPDATE results SET payload = ? WHERE path LIKE '%a-sample.bfproj'", (json.dumps(forged),))
    db.execute("UPDATE results SET payload = '{' , digest = ? WHERE path LIKE '%b-other.bfproj'",
               (hashlib.sha256(b"{").hexdigest(),))  # a matching digest, but no result
    assert db.execute("UPDATE batches SET payload = '[]'").rowcount == 1  # the duplicates, forged
    db.commit()
    db.close()
    read.clear()
    assert report(run(folder, cache=True)) == plain
    assert plain[1]  # the sample and its copies are duplicates: the forged empty list was not used
    assert sorted(read) == ["a-sample.bfproj", "b-other.bfproj"]


def test_another_pack_is_checked_again_and_reports_as_without_cache(data_dir, folder, read):
    run(folder, cache=True)
    with_pack = partial(batch.default_check, pack="2021")
    plain = report(run(folder, check=with_pack))
    read.clear()
    assert report(run(folder, check=with_pack, cache=True)) == plain
    assert len(read) == 4
    read.clear()
    assert report(run(folder, check=with_pack, cache=True)) == plain
    assert read == []


def test_results_that_depend_on_the_machine_are_not_kept(data_dir, folder):
    path = folder / "a-sample.bfproj"
    slow = batch.FileResult(path, batch._unreadable(path, batch.too_slow(path, 30)), "ab" * 32)
    fine = batch.FileResult(path, batch._unreadable(path, "无法读取“a-sample.bfproj”：不是工作簿"), "ab" * 32)
    assert not batch_cache._worth_keeping(slow)
    assert batch_cache._worth_keeping(fine)


def test_an_unknown_check_function_is_never_cached(data_dir, folder, read):
    run(folder, check=partial(batch.default_check), cache=True)
    read.clear()
    run(folder, check=_fake_check, cache=True)
    assert len(read) == 4
    read.clear()
    run(folder, check=_fake_check, cache=True)
    assert len(read) == 4


def _fake_check(path):
    return {"path": str(path), "readable": False, "error": "假的", "findings": []}, None


def test_the_check_verb_caches_and_no_cache_turns_it_off(data_dir, folder, tmp_path, capsys):
    for i in range(8):  # from BATCH_MIN_FILES on, the verb goes through the batch
        files.save(files.load(folder / "a-sample.bfproj"), folder / f"e{i}.bfproj", keep_backup=False)
    assert main(["check", "--format", "json", "--no-cache", str(folder)]) == 2
    plain = capsys.readouterr().out
    assert not (data_dir / batch_cache.FILE_NAME).exists()
    main(["check", "--format", "json", str(folder)])
    assert capsys.readouterr().out == plain
    assert (data_dir / batch_cache.FILE_NAME).is_file()
    main(["check", "--format", "json", str(folder)])
    assert capsys.readouterr().out == plain
