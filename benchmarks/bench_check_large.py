"""The checker at size (issue 19), on ``large.make_large(n)``; N = 1 is the sample itself.

- ``check_large_N_ms``: a full check (every rule of the pack), unchanged submission. Goal at
  N = 400: at most 20 ms.
- ``check_incremental_large_N_ms``: one edit, then :class:`forms.rules.incremental.Checker`'s
  re-check told the edited path (``check(sub, touched=[path])``), as the GUI's document does after
  a keystroke: the rules that read the edited part. The edits rotate over a 申请金额 cell, a
  transfer region's amount, a procurement row's amount, an indicator's value and a narrative.
  Goal at N = 400: at most 5 ms.
- ``check_incremental_diff_large_N_ms``: the same edits re-checked without being told (the diff of
  every part's JSON first, then the same rules): what ``check_again`` costs.
- ``check_snapshot_large_N_ms``: of that, the diff alone (the JSON of every part).
"""

from __future__ import annotations

import itertools
from decimal import Decimal

from common import SAMPLE, median_ms
from large import make_large

from forms import files
from forms.model import Submission
from forms.rules import check
from forms.rules.incremental import Checker, snapshot

SIZES = (1, 100, 400)


def _edits(sub: Submission):
    """Functions that each make one edit of a different part (a new value every call) and return
    the model path they wrote."""
    counter = itertools.count(1)
    base_html = sub.narratives.savings.html

    def funding():
        sub.basic.funding[0].local = Decimal(1000 + next(counter))
        return "basic.funding[0].local"

    def region():
        k = len(sub.transfers.regions) // 2
        sub.transfers.regions[k].years[0].local = Decimal(2000 + next(counter))
        return f"transfers.regions[{k}].years[0].local"

    def procurement():
        k = len(sub.procurement.items) // 2
        if sub.procurement.items:
            sub.procurement.items[k].amount = Decimal(3000 + next(counter))
        return f"procurement.items[{k}].amount"

    def indicator():
        k = len(sub.performance.indicators) // 2
        sub.performance.indicators[k].value = str(next(counter))
        return f"performance.indicators[{k}].value"

    def narrative():
        sub.narratives.savings.html = f"{base_html}{next(counter)}"
        return "narratives.savings.html"

    return [funding, region, procurement, indicator, narrative]


def run() -> dict[str, tuple[float, str]]:
    out: dict[str, tuple[float, str]] = {}
    for n in SIZES:
        sub = files.load(SAMPLE) if n == 1 else make_large(n)
        tag = "" if n == 1 else f"_large_{n}"
        check(sub)
        repeat = 60 if n < 400 else 30
        out[f"check{tag or '_large_1'}_ms"] = (median_ms(lambda sub=sub: check(sub), repeat=repeat, warmup=3), "ms")
        name = tag or "_large_1"
        for figure, told in ((f"check_incremental{name}_ms", True), (f"check_incremental_diff{name}_ms", False)):
            checker = Checker()
            checker.check(sub)
            edits = itertools.cycle(_edits(sub))

            def edit_and_recheck(checker=checker, edits=edits, told=told, sub=sub):
                path = next(edits)()
                checker.check(sub, [path] if told else None)

            out[figure] = (median_ms(edit_and_recheck, repeat=repeat * 2, warmup=5), "ms")
        out[f"check_snapshot{tag or '_large_1'}_ms"] = (median_ms(lambda sub=sub: snapshot(sub), repeat=repeat, warmup=3), "ms")
    return out
