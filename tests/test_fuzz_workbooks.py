"""No unexpected errors: a good workbook damaged 600 ways (:mod:`tests.fuzz_workbooks`, fixed
seed), checked by the batch over their folder with two workers, gets for every file findings or
a clear reason that it is unreadable, never the "意外错误 … 请把文件发给技术支持" of a bug.

The bases: the sample exported by this app (inline strings), the same re-saved by LibreOffice
(shared strings, another writer's XML), and LibreOffice's .xls and .ods of it.
"""

from __future__ import annotations

import random
from collections import Counter

import pytest

from tests.fuzz_workbooks import damage, damage_other

pytestmark = pytest.mark.slow

SEED = 12
UNEXPECTED = ("意外", "技术支持", "处理时出错", "异常退出")
"""What the check and the batch say when a bug, not the file, stopped the read."""


def test_every_damaged_workbook_gets_findings_or_a_reason(corpus, tmp_path):
    from forms.batch import run_batch

    rng = random.Random(SEED)
    made = (damage(corpus["sample.xlsx"], tmp_path, rng, 300, "a")
            + damage(corpus["sample-lo.xlsx"], tmp_path, rng, 200, "b")
            + damage_other(corpus["sample-lo.xls"], tmp_path, rng, 50, "c")
            + damage_other(corpus["sample-lo.ods"], tmp_path, rng, 50, "d"))
    assert len(made) == 600
    result = run_batch([tmp_path], workers=2, duplicates=False)
    assert sorted(r.path for r in result.files) == sorted(p for p, _ in made)
    unexpected = [(r.path.name, r.entry["error"]) for r in result.files
                  if not r.readable and any(word in r.entry["error"] for word in UNEXPECTED)]
    assert unexpected == []
    for r in result.files:  # a reason is a Chinese sentence that names the file
        assert r.readable or (r.path.name in r.entry["error"] and "Traceback" not in r.entry["error"])
    readable = Counter(r.readable for r in result.files)
    assert readable[True] >= 150 and readable[False] >= 150  # both kinds of answer are exercised
