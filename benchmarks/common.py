"""Helpers for benchmarks: the sample's path and a median timer."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "seeds" / "sample-yuxi-customs-2020.bfproj"


def median_ms(func: Callable[[], object], repeat: int = 50, warmup: int = 3) -> float:
    """The median wall time of *func* in milliseconds, after *warmup* untimed calls."""
    for _ in range(warmup):
        func()
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        func()
        times.append((time.perf_counter() - t0) * 1000)
    return round(statistics.median(times), 3)
