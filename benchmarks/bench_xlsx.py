"""xlsx_export_ms and xlsx_import_ms: export the sample to a workbook in the official layout, and
import that workbook back by labels (zip checks included). Goals: ≤ 100 ms and ≤ 50 ms."""

from __future__ import annotations

import tempfile
from pathlib import Path

from common import SAMPLE, median_ms

from forms import files
from forms.xlsx import export_workbook, import_workbook


def run() -> dict[str, tuple[float, str]]:
    sub = files.load(SAMPLE)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "sample.xlsx"
        export_ms = median_ms(lambda: export_workbook(sub, out), repeat=20)
        import_ms = median_ms(lambda: import_workbook(out), repeat=30)
    return {"xlsx_export_ms": (export_ms, "ms"), "xlsx_import_ms": (import_ms, "ms")}
