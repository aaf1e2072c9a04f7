#!/usr/bin/env python3
"""Run every benchmark and print one line per figure (``name: value unit``), or with ``--json`` one
JSON object ``{"name": value}``.

Each ``benchmarks/bench_*.py`` defines ``run() -> dict[str, tuple[float, str]]`` (figure name →
value and unit). Goals live here, never in timed tests.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("only", nargs="*", help="run only these benchmark modules (e.g. files check)")
    args = parser.parse_args()
    figures: dict[str, tuple[float, str]] = {}
    for path in sorted(HERE.glob("bench_*.py")):
        name = path.stem.removeprefix("bench_")
        if args.only and name not in args.only:
            continue
        module = importlib.import_module(path.stem)
        result = module.run()
        figures.update(result)
        if not args.json:
            for key, (value, unit) in result.items():
                print(f"{key}: {value:g} {unit}", flush=True)
    if args.json:
        print(json.dumps({k: v for k, (v, _) in figures.items()}, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
