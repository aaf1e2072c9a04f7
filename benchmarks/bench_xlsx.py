"""The workbook export and import, on the sample and at size (issue 19).

- ``xlsx_export_ms`` and ``xlsx_import_ms``: export the sample to a workbook in the official
  layout, and import that workbook back by labels (zip checks included). Goals: ≤ 100 ms and
  ≤ 50 ms.
- ``xlsx_export_large_N_ms`` and ``xlsx_import_large_N_ms``: the same on ``large.make_large(N)``
  (N transfer regions, N/2 indicators, 3N procurement rows, N/2 service rows) for N = 100 and
  400. Goals at N = 400: export ≤ 1,000 ms, import ≤ 200 ms.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from common import SAMPLE, median_ms
from large import make_large

from forms import files
from forms.xlsx import export_workbook, import_workbook

SIZES = (100, 400)


def run() -> dict[str, tuple[float, str]]:
    out: dict[str, tuple[float, str]] = {}
    sub = files.load(SAMPLE)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "sample.xlsx"
        out["xlsx_export_ms"] = (median_ms(lambda: export_workbook(sub, path), repeat=20), "ms")
        out["xlsx_import_ms"] = (median_ms(lambda: import_workbook(path), repeat=30), "ms")
        for n in SIZES:
            large = make_large(n)
            path = Path(tmp) / f"large-{n}.xlsx"
            repeat = 10 if n < 400 else 7
            out[f"xlsx_export_large_{n}_ms"] = (median_ms(lambda large=large, path=path: export_workbook(large, path), repeat=repeat, warmup=1), "ms")
            out[f"xlsx_import_large_{n}_ms"] = (median_ms(lambda path=path: import_workbook(path), repeat=repeat * 2, warmup=2), "ms")
    return out
