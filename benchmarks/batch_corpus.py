"""A corpus of received workbooks for the batch benchmark: 1,000 varied submissions made from the
sample (names, codes, units, amounts, years, indicators, scores and narratives changed), about a
fifth of them faulty (totals that do not add up, a score above its weight, a wrong unit, a blank
flag, a 简述 copied from another submission, a project handed in twice) and a few broken files.

Written once with :func:`forms.xlsx.export_workbook` (on all cores) and cached in the temp folder
under a key of the sample and the exporter, so that the benchmark measures checking, not writing.
Run ``python benchmarks/batch_corpus.py [N]`` to (re)build it alone.
"""

from __future__ import annotations

import hashlib
import os
import random
import shutil
import sys
import tempfile
from concurrent.futures import ProcessPoolExecutor
from decimal import Decimal
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SAMPLE = ROOT / "seeds" / "sample-yuxi-customs-2020.bfproj"
VERSION = "4"

PLACES = ["红塔区", "江川区", "澄江市", "通海县", "华宁县", "易门县", "峨山县", "新平县", "元江县", "高新区"]
WORKS = ["综合业务用房", "农贸市场改造", "污水管网建设", "乡村道路提升", "学校运动场改造", "卫生院业务楼",
         "文化活动中心", "冷链物流中心", "水库除险加固", "智慧园区平台"]
DEPTS = ["玉溪市商务局", "玉溪市住房和城乡建设局", "玉溪市农业农村局", "玉溪市教育体育局", "玉溪市卫生健康委员会"]


def corpus_dir(n: int) -> Path:
    """The cache folder of an *n*-file corpus: keyed by the sample, the exporter and
    :data:`VERSION` (raise it when the variations change)."""
    h = hashlib.sha256()
    for part in (SAMPLE, ROOT / "forms" / "xlsx" / "export.py"):
        h.update(part.read_bytes())
    h.update(f"{VERSION}:{n}".encode())
    return Path(tempfile.gettempdir()) / f"budgetforms-bench-batch-{h.hexdigest()[:12]}"


def _sentences(sub) -> list[str]:
    out = []
    for key in type(sub.narratives).model_fields:
        out += [t.strip() for t in getattr(sub.narratives, key).text.replace("\n", "。").split("。") if len(t.strip()) > 8]
    return out


def _clean(s) -> None:
    """Make the sample a submission without errors (the seed has some): flags answered, the time
    indicator qualitative, the supplement scored, the totals re-added."""
    from forms.model import FLAGS, YesNo

    for spec in FLAGS:
        setattr(s.basic.flags, spec.key, YesNo.NO)
    s.basic.flags.construction = YesNo.YES
    s.basic.flags.major = YesNo.YES
    ind = s.performance.indicators[4]
    ind.operator, ind.kind, ind.unit = "定性", "定性指标", ""
    for *_, item in s.construction_review.items():
        item.self_score = item.weight
        item.finance_score = item.weight


def _vary(i: int):
    """Submission *i* of the corpus and whether it was made faulty."""
    from forms import files, reviewing
    from forms.model import FundingYear, Indicator, YesNo

    rng = random.Random(i)
    s = files.load(SAMPLE)
    _clean(s)
    pool = _sentences(s)
    b = s.basic
    place, work = rng.choice(PLACES), rng.choice(WORKS)
    b.name = f"{place}{work}项目补助资金（第{i}号）"
    b.main_code = f"C2050101{i:05d}"
    b.sub_code = f"15{i:07d}"
    b.competent_dept = rng.choice(DEPTS)
    b.unit_name = f"{b.competent_dept}{work}项目办公室"
    year = rng.choice([2020, 2021, 2022])
    period = rng.choice([1, 2, 2, 3])
    b.budget_year, b.period_years = year, period
    b.start_date = f"{year}年{rng.randint(1, 12)}月1日"
    funding = []
    for k in range(3):
        if k < period:
            local = Decimal(rng.randint(50, 5000) * 10_000)
            superior = Decimal(rng.choice([0, 0, rng.randint(10, 900) * 10_000]))
            funding.append(FundingYear(year=year + k, total=local + superior, superior=superior or None, local=local))
        else:
            funding.append(FundingYear(year=year + k))
    b.funding = funding
    s.transfers.regions[0].name = f"{place}"
    s.transfers.years = [year + k for k in range(3)]
    for t in [s.transfers.declared_total, s.transfers.regions[0].years]:
        for k, ty in enumerate(t):
            ty.year = year + k
            col = funding[k]
            ty.scale, ty.superior, ty.local = col.total, col.superior, col.local
    goals = s.performance.annual_goals
    while len(goals) < period:
        goals.append(goals[-1].model_copy())
    for k, goal in enumerate(goals):
        goal.year = year + k
    s.performance.annual_goals = goals[:period]
    for ind in s.performance.indicators[:3]:
        ind.value = f"{rng.randint(1000, 20000)}.{rng.randint(10, 99)}"
    if year >= 2021:
        s.performance.indicators.insert(0, Indicator(
            level1="成本指标", level2="经济成本指标", name="项目成本控制率", operator="<=", value="100", unit="%",
            kind="定量指标", basis="项目预算与审计结果", note="实际成本不超过预算"))
    # narratives of its own: sentences of the sample drawn anew, with this project's place and work
    for key in type(s.narratives).model_fields:
        picked = rng.sample(pool, k=rng.randint(3, 6))
        text = "。".join(t.replace("玉溪海关", f"{place}{work}").replace("海关", work) for t in picked)
        getattr(s.narratives, key).html = f"<p>{place}{work}（第{i}号）：{text}。</p>"
    for *_, item in s.budget_review.items():
        if item.weight is not None:
            item.finance_score = Decimal(rng.randint(int(item.weight) // 2, int(item.weight)))
            if item.finance_score < item.weight:
                item.opinion = "简述部分说明"
    reviewing.update_totals(s)
    faulty = rng.random() < 0.2
    if faulty:
        kind = rng.randrange(6)
        if kind == 0:
            b.funding[0].total = b.funding[0].total + 1000
        elif kind == 1:
            s.budget_review.sections[1].groups[1].items[2].finance_score = Decimal(9)  # weight 8
        elif kind == 2:
            s.performance.indicators[-1].unit = "年"
        elif kind == 3:
            b.flags.procurement = YesNo.UNSET
        elif kind == 4:
            donor = files.load(SAMPLE)
            s.narratives.internal_control = donor.narratives.basis  # copied from elsewhere
        else:
            b.main_code = f"C2050101{max(i - 1, 0):05d}"  # handed in twice
    return s, faulty


def _write(args: tuple[int, str]) -> bool:
    i, folder = args
    from forms.xlsx import export_workbook

    s, faulty = _vary(i)
    path = Path(folder) / f"{i:04d}-{s.basic.name[:12]}.xlsx"
    export_workbook(s, path)
    if i % 250 == 7:  # a few broken ones: cut short in transfer
        data = path.read_bytes()
        path.write_bytes(data[: len(data) // 3])
    return faulty


def build(n: int = 1000, workers: int | None = None) -> Path:
    """The corpus folder, written if it is not cached yet."""
    folder = corpus_dir(n)
    done = folder / ".complete"
    if done.exists():
        return folder
    if folder.exists():
        shutil.rmtree(folder)
    for stale in folder.parent.glob("budgetforms-bench-batch-*"):  # made by an older exporter
        if stale.is_dir() and (stale / ".complete").exists():
            shutil.rmtree(stale, ignore_errors=True)
    tmp = folder.with_name(folder.name + ".partial")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    with ProcessPoolExecutor(max_workers=workers or os.cpu_count() or 1) as pool:
        faulty = sum(pool.map(_write, [(i, str(tmp)) for i in range(n)], chunksize=20))
    (tmp / ".complete").write_text(f"{n} files, {faulty} faulty\n", encoding="utf-8")
    tmp.rename(folder)
    return folder


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    print(build(count))
