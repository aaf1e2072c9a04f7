"""batch_per_s and batch_floor_ratio: the batch check of 1,000 received workbooks (varied, about a
fifth faulty, a few broken; see ``batch_corpus.py``, written once and cached).

- ``batch_per_s``: workbooks checked per second by :func:`forms.batch.run_batch` on all cores,
  duplicates search included, the fork server already started (as from the second folder on in
  the app). Goal on the 2-core machine: at least 300.
- ``batch_floor_ratio``: that time divided by the time python-calamine alone takes to read the
  same files, every sheet, in one process: the floor for parsing them. Goal: at most 3.
- ``batch_recheck_per_s``: workbooks per second when the same folder is checked again with the
  cache (:mod:`forms.batch.cache`, as ``budgetforms check FOLDER`` does) and no file changed:
  every file hashed, its stored result read back, the duplicates too. Goal: at least 2,000.
  ``batch_recheck3_per_s``: the same with three files changed (copies of the folder, in a
  temporary folder, so the corpus stays as it is).
- ``batch_floor_ratio_equal_cores``: the batch's time divided by python-calamine's on as many
  processes as the batch has workers (the honest floor; ``batch_floor_ratio`` above, one process,
  is printed beside it for one release so that the change can be read), and
  ``batch_floor_cores_per_s`` that floor in workbooks a second. Where the rest of each file's time
  goes: ``batch_stage_*_ms`` below.
- ``batch_cold_s``: one whole batch as ``budgetforms check FOLDER`` runs it, fork server start-up
  included (for reference).
- ``batch_one_file_ms``: the median time of checking one corpus workbook in this process
  (``check_path``: reading, importing, all rules), which bounds the batch from below.
- ``batch_file_ms``: the mean time a worker spent on one file in the batch (every file differs, so
  the checker's per-text memos help less than in ``batch_one_file_ms``).
- ``batch_parallel_efficiency``: the workers' summed file time ÷ (wall time × workers): how much
  of the cores went into checking rather than into the pool, the watchdog and the duplicates.
- ``batch_floor_ms``: python-calamine's time for one file (the floor above, per file). With 2
  cores it alone caps the batch at 2000 / ``batch_floor_ms`` workbooks a second.
- ``batch_stage_*_ms``: where one file's time goes, in this process (CPU time, the best of 3
  rounds of 200 corpus files each, every file read once): ``guard`` (the zip and XML checks before any parser),
  ``parse`` (python-calamine reading the sheets the importer reads), ``import`` (the importer's
  own work: ``import_workbook`` less the two before), ``rules`` (every rule of the pack) and
  ``summary`` (the report row, SHA-256 included).

The machine has 2 cores shared with other work: run it alone for figures that are not pessimistic.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

import batch_corpus
from common import median_ms

N = int(os.environ.get("BUDGETFORMS_BENCH_BATCH_N", "1000"))


def _calamine_seconds(paths: list[Path]) -> float:
    from python_calamine import CalamineWorkbook

    t0 = time.perf_counter()
    for p in paths:
        try:
            wb = CalamineWorkbook.from_path(str(p))
            for name in wb.sheet_names:
                wb.get_sheet_by_name(name).to_python()
        except Exception:  # the broken ones fail here too
            pass
    return time.perf_counter() - t0


def _calamine_chunk(paths: list[str]) -> float:
    return _calamine_seconds([Path(p) for p in paths])


def _calamine_parallel_seconds(paths: list[Path], workers: int) -> float:
    """python-calamine reading every sheet of *paths* on *workers* processes (started and warmed
    before the clock starts, as the batch's fork server is): the floor on as many cores as the
    batch uses."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    chunks = [[str(p) for p in paths[i::workers * 8]] for i in range(workers * 8)]
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
        list(pool.map(_calamine_chunk, [[str(paths[0])]] * workers))  # warm: every worker up
        t0 = time.perf_counter()
        list(pool.map(_calamine_chunk, chunks))
        return time.perf_counter() - t0


def _stages(paths: list[Path], rounds: int = 3) -> dict[str, float]:
    """CPU milliseconds per file of each stage of checking a received workbook (see the docstring).
    Each round reads files of its own, so that no stage finds a file's texts in its memos."""
    import io

    from python_calamine import CalamineWorkbook

    from forms.batch import _sha256, summarize
    from forms.errors import UserError
    from forms.rules import check
    from forms.xlsx import guard
    from forms.xlsx.export import LISTS_SHEET
    from forms.xlsx.import_ import import_workbook

    size = len(paths) // rounds
    best: dict[str, float] = {}
    for k in range(rounds):
        spent = dict.fromkeys(("guard", "parse", "import", "rules", "summary"), 0.0)
        files = 0
        for p in paths[k * size:(k + 1) * size]:
            t0 = time.process_time()
            try:
                info = guard.inspect(p)
            except UserError:  # a broken one
                continue
            t1 = time.process_time()
            wb = CalamineWorkbook.from_filelike(io.BytesIO(info.data))
            for name in wb.sheet_names:
                if name != LISTS_SHEET:  # the drop-down lists: the importer never reads them
                    wb.get_sheet_by_name(name).to_python(skip_empty_area=False)
            t2 = time.process_time()
            result = import_workbook(p)
            t3 = time.process_time()
            check(result.submission, cells=result.cells)
            t4 = time.process_time()
            summarize(result.submission), _sha256(p)
            t5 = time.process_time()
            files += 1
            spent["guard"] += t1 - t0
            spent["parse"] += t2 - t1
            spent["import"] += (t3 - t2) - (t2 - t0)
            spent["rules"] += t4 - t3
            spent["summary"] += t5 - t4
        for key, value in spent.items():
            best[key] = min(best.get(key, float("inf")), value * 1000 / max(files, 1))
    return best


def _recheck(folder: Path) -> tuple[float, float]:
    """Seconds of a cached re-check of *folder* with no file changed, and of a copy of it with
    three files changed, each the median of two runs, in a data folder of their own."""
    import shutil
    import tempfile

    from forms.batch import run_batch

    saved = os.environ.get("BUDGETFORMS_DATA_DIR")
    with tempfile.TemporaryDirectory(prefix="budgetforms-bench-cache-") as tmp:
        os.environ["BUDGETFORMS_DATA_DIR"] = str(Path(tmp) / "data")
        try:
            run_batch([folder], cache=True)  # fills the store
            unchanged = []
            for _ in range(2):
                t0 = time.perf_counter()
                run_batch([folder], cache=True)
                unchanged.append(time.perf_counter() - t0)
            copy = Path(tmp) / "copy"
            shutil.copytree(folder, copy)
            run_batch([copy], cache=True)
            names = sorted(p for p in copy.iterdir() if p.suffix == ".xlsx")
            changed = []
            for round_ in range(2):
                for p in names[round_ * 3:round_ * 3 + 3]:  # another three each time: a real change
                    with open(p, "ab") as fh:
                        fh.write(b"\0")  # trailing bytes after the zip: still readable, another SHA-256
                t0 = time.perf_counter()
                run_batch([copy], cache=True)
                changed.append(time.perf_counter() - t0)
        finally:
            if saved is None:
                os.environ.pop("BUDGETFORMS_DATA_DIR", None)
            else:
                os.environ["BUDGETFORMS_DATA_DIR"] = saved
    return statistics.median(unchanged), statistics.median(changed)


def run() -> dict[str, tuple[float, str]]:
    from forms.batch import collect, default_workers, run_batch
    from forms.commands.check import check_path

    folder = batch_corpus.build(N)
    paths = collect([folder])
    assert len(paths) == N, f"corpus has {len(paths)} files, expected {N}"

    t0 = time.perf_counter()
    cold = run_batch([folder])
    cold_s = time.perf_counter() - t0
    runs = []
    for _ in range(2):
        t0 = time.perf_counter()
        result = run_batch([folder])
        runs.append(time.perf_counter() - t0)
    batch_s = statistics.median(runs)
    file_s = sum(r.seconds for r in result.files)
    assert len(result.files) == N and result.unreadable == len(cold.files) - sum(r.readable for r in cold.files)

    recheck_s, recheck3_s = _recheck(folder)
    floor_s = min(_calamine_seconds(paths) for _ in range(2))
    floor_cores_s = min(_calamine_parallel_seconds(paths, default_workers()) for _ in range(2))
    one = median_ms(lambda: check_path(paths[1]), repeat=20, warmup=3)
    stages = _stages(paths[:600])
    return {
        "batch_per_s": (round(N / batch_s, 1), "workbooks/s"),
        "batch_floor_ratio": (round(batch_s / floor_s, 2), "×"),
        "batch_floor_ratio_equal_cores": (round(batch_s / floor_cores_s, 2), "×"),
        "batch_floor_cores_per_s": (round(N / floor_cores_s, 1), "workbooks/s"),
        "batch_recheck_per_s": (round(N / recheck_s, 1), "workbooks/s"),
        "batch_recheck3_per_s": (round(N / recheck3_s, 1), "workbooks/s"),
        "batch_cold_s": (round(cold_s, 2), "s"),
        "batch_one_file_ms": (one, "ms"),
        "batch_file_ms": (round(file_s / N * 1000, 2), "ms"),
        "batch_parallel_efficiency": (round(file_s / (runs[-1] * default_workers()), 2), ""),
        "batch_floor_ms": (round(floor_s / N * 1000, 2), "ms"),
        **{f"batch_stage_{key}_ms": (round(value, 2), "ms") for key, value in stages.items()},
    }


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    for key, (value, unit) in run().items():
        print(f"{key}: {value:g} {unit}")
