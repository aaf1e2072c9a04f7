"""load_ms and save_ms: load the sample project file, save it atomically (with fsync and .bak)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from common import SAMPLE, median_ms

from forms import files


def run() -> dict[str, tuple[float, str]]:
    sub = files.load(SAMPLE)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "bench.bfproj"
        save = median_ms(lambda: files.save(sub, out), repeat=30)
    return {"load_ms": (median_ms(lambda: files.load(SAMPLE)), "ms"), "save_ms": (save, "ms")}
