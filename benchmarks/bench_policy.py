"""policy_search_ms (goal ≤ 20 ms): a query over the policy library, after loading. Also the cost
of loading the library from its index on disk, of building the index from the texts, and of the
suggestions for a submission."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from common import SAMPLE, median_ms

QUERIES = ("高标准农田", "外贸", "foreign trade", "乡村振兴 人才", "粮", "digital economy", "高标准农田 土壤改良 灌溉")


def run() -> dict[str, tuple[float, str]]:
    from forms import files
    from forms.policy import Library, suggest

    with tempfile.TemporaryDirectory() as tmp:
        old = os.environ.get("BUDGETFORMS_DATA_DIR")
        os.environ["BUDGETFORMS_DATA_DIR"] = tmp
        try:
            folder = Path(tmp)

            def build() -> None:
                (folder / "policy-index.json").unlink(missing_ok=True)
                Library.open(folder)

            build_ms = median_ms(build, repeat=10, warmup=1)
            load_ms = median_ms(lambda: Library.open(folder), repeat=20)
            lib = Library.open(folder)
            state = {"i": 0}

            def one_query() -> None:
                lib.search(QUERIES[state["i"] % len(QUERIES)], 10)
                state["i"] += 1

            search_ms = median_ms(one_query, repeat=70)
            sub = files.load(SAMPLE)
            suggest_ms = median_ms(lambda: suggest(lib, sub, 10), repeat=20)
        finally:
            if old is None:
                os.environ.pop("BUDGETFORMS_DATA_DIR", None)
            else:
                os.environ["BUDGETFORMS_DATA_DIR"] = old
    return {
        "policy_search_ms": (search_ms, "ms"),
        "policy_suggest_ms": (suggest_ms, "ms"),
        "policy_load_ms": (load_ms, "ms"),
        "policy_index_build_ms": (build_ms, "ms"),
    }
