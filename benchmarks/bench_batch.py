"""batch_per_s and batch_floor_ratio: the batch check of 1,000 received workbooks (varied, about a
fifth faulty, a few broken; see ``batch_corpus.py``, written once and cached).

- ``batch_per_s``: workbooks checked per second by :func:`forms.batch.run_batch` on all cores,
  duplicates search included, the fork server already started (as from the second folder on in
  the app). Goal on the 2-core machine: at least 300.
- ``batch_floor_ratio``: that time divided by the time python-calamine alone takes to read the
  same files, every sheet, in one process: the floor for parsing them. Goal: at most 3.
- ``batch_cold_s``: one whole batch as ``budgetforms check FOLDER`` runs it, fork server start-up
  included (for reference).
- ``batch_one_file_ms``: the median time of checking one corpus workbook in this process
  (``check_path``: reading, importing, all rules), which bounds the batch from below.
- ``batch_file_ms``: the mean time a worker spent on one file in the batch (every file differs, so
  the checker's per-text memos help less than in ``batch_one_file_ms``).
- ``batch_parallel_efficiency``: the workers' summed file time ÷ (wall time × workers): how much
  of the cores went into checking rather than into the pool, the watchdog and the duplicates.

The machine has 2 cores shared with other work: run it alone for figures that are not pessimistic.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

from common import median_ms

import batch_corpus

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

    floor_s = min(_calamine_seconds(paths) for _ in range(2))
    one = median_ms(lambda: check_path(paths[1]), repeat=20, warmup=3)
    return {
        "batch_per_s": (round(N / batch_s, 1), "workbooks/s"),
        "batch_floor_ratio": (round(batch_s / floor_s, 2), "×"),
        "batch_cold_s": (round(cold_s, 2), "s"),
        "batch_one_file_ms": (one, "ms"),
        "batch_file_ms": (round(file_s / N * 1000, 2), "ms"),
        "batch_parallel_efficiency": (round(file_s / (runs[-1] * default_workers()), 2), ""),
    }


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    for key, (value, unit) in run().items():
        print(f"{key}: {value:g} {unit}")
