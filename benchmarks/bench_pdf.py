"""pdf_export_ms: export the sample submission to PDF (all seven tables, CJK font subset embedded).
Goal: at most 500 ms."""

from __future__ import annotations

import tempfile
from pathlib import Path

from common import SAMPLE, median_ms

from forms import files
from forms.pdf import export_pdf


def run() -> dict[str, tuple[float, str]]:
    sub = files.load(SAMPLE)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "bench.pdf"
        ms = median_ms(lambda: export_pdf(sub, out), repeat=15, warmup=2)
    return {"pdf_export_ms": (ms, "ms")}
