"""pdf_export_ms: export the sample submission to PDF (every table, the 明细表 included, CJK font subset embedded).
Goal: at most 500 ms.

pdf_export_large_ms: export the large submission of ``large.make_large(100)`` (100 regions, 50
indicators, 300 procurement and 50 service rows). Goal: at most 2,000 ms.
pdf_pages_large_{25,100,400}: its page count at 1×, 4× and 16× the rows (N = 25, 100, 400), to show
that pages grow linearly with rows."""

from __future__ import annotations

import tempfile
from pathlib import Path

from common import SAMPLE, median_ms
from large import make_large

from forms import files
from forms.pdf import export_pdf, render


def run() -> dict[str, tuple[float, str]]:
    sub = files.load(SAMPLE)
    large = make_large(100)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "bench.pdf"
        ms = median_ms(lambda: export_pdf(sub, out), repeat=15, warmup=2)
        large_ms = median_ms(lambda: export_pdf(large, out), repeat=5, warmup=1)
    figures = {"pdf_export_ms": (ms, "ms"), "pdf_export_large_ms": (large_ms, "ms")}
    for n in (25, 100, 400):
        figures[f"pdf_pages_large_{n}"] = (float(render(make_large(n))[1].pages), "pages")
    return figures
