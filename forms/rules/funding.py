"""申请金额(元) of 项目基本信息表: each year's arithmetic, the implementation period, the start date,
and amounts quoted in the narratives (FUND-01 … FUND-07)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from decimal import Decimal

from ..model import FUNDING_SOURCES, format_date
from ._util import ZERO, decimals, first, iter_money_amounts, m, narrative_texts, needs, snippet
from .engine import Context, Finding, Severity, rule

BASIC = "项目基本信息表"


@rule("FUND-01", Severity.ERROR, BASIC, "每年 合计 = 上级补助 + 本级财政安排 + 部门自筹（精确到分）", reads=("basic.funding",))
def fund_total_adds_up(ctx: Context) -> Iterator[Finding]:
    """The 合计 of each year column must equal the sum of its three sources, to the fen. A blank
    合计 with money in the sources is also a mismatch."""
    for i, col in enumerate(ctx.submission.basic.funding):
        if not col.has_money():
            continue
        total = col.total if col.total is not None else ZERO
        computed = col.computed_total
        if total != computed:
            parts = " + ".join(f"{label} {m(getattr(col, key))}" for key, label in FUNDING_SOURCES)
            yield ctx.finding(
                f"basic.funding[{i}].total",
                f"{col.year}年 合计 {m(col.total)} ≠ {parts}，相差 {m(abs(total - computed))}。"
                f"请核对各来源金额，或把合计改为 {m(computed)}")


@rule("FUND-02", Severity.ERROR, BASIC, "申请金额不为负、最多两位小数，且至少有一年有金额", reads=("basic.funding",))
def fund_amounts_well_formed(ctx: Context) -> Iterator[Finding]:
    """Every amount of the funding grid is ≥ 0 and has at most two decimals (元 to the fen), and
    the project asks for money in at least one year."""
    funding = ctx.submission.basic.funding
    for i, col in enumerate(funding):
        for key, label in (("total", "合计"), *FUNDING_SOURCES):
            value = getattr(col, key)
            if value is None:
                continue
            if value < 0:
                yield ctx.finding(f"basic.funding[{i}].{key}", f"{col.year}年 {label} 为负数 {m(value)}：申请金额不能为负，请改为正数或留空")
            elif decimals(value) > 2:
                yield ctx.finding(
                    f"basic.funding[{i}].{key}", f"{col.year}年 {label} “{value}” 超过两位小数：金额以元为单位、精确到分，请改为 {m(value)}"
                )
    if not any((c.total or ZERO) > 0 or c.computed_total > 0 for c in funding):
        yield ctx.finding("basic.funding", "申请金额各年均为空或为 0：请至少填写一年的申请金额")


@rule(
    "FUND-03",
    Severity.ERROR,
    BASIC,
    "只在实施年度 … 实施年度 + 周期 − 1 之内的年份有金额",
    reads=("basic.budget_year", "basic.funding", "basic.period_years"),
)
def fund_inside_period(ctx: Context) -> Iterator[Finding]:
    """Money may only be asked for in the years of the implementation period
    (项目实施年度 … 项目实施年度 + 项目实施周期 − 1)."""
    b = ctx.submission.basic
    period = b.period()
    if not period:
        return
    for i, col in enumerate(b.funding):
        if col.has_money() and col.year not in period:
            yield ctx.finding(
                f"basic.funding[{i}].total",
                f"{col.year}年 有申请金额 {m(col.total or col.computed_total)}，但实施周期为 {period[0]}–{period[-1]}年"
                f"（实施年度 {b.budget_year}，周期 {b.period_years or 1} 年）：请删去该年金额，或延长项目实施周期")


@rule(
    "FUND-04",
    Severity.WARNING,
    BASIC,
    "实施周期内每一年都有申请金额（否则周期可能填长了）",
    reads=("basic.budget_year", "basic.funding", "basic.period_years"),
)
def fund_each_period_year(ctx: Context) -> Iterator[Finding]:
    """Each year inside the implementation period should have money; a year without any
    suggests the period is too long (or a column was forgotten)."""
    b = ctx.submission.basic
    if not b.funding:
        return
    by_year = {c.year: (i, c) for i, c in enumerate(b.funding)}
    for year in b.period():
        found = by_year.get(year)
        if found is None:
            if year <= max(by_year):
                yield ctx.finding("basic.funding", f"实施周期包含 {year}年，但申请金额表没有 {year}年 一栏：请补上该年金额，或缩短实施周期")
        elif not found[1].has_money():
            yield ctx.finding(f"basic.funding[{found[0]}].total",
                              f"实施周期包含 {year}年，但该年没有申请金额：请填写该年金额，或把项目实施周期改短")


@rule("FUND-05", Severity.ERROR, BASIC, "项目开始实施时间是真实日期，且落在项目实施年度内", reads=("basic.budget_year", "basic.start_date"))
def fund_start_date(ctx: Context) -> Iterator[Finding]:
    """项目开始实施时间 must be a real date (not 2020年2月30日 or free text) in the year of
    项目实施年度."""
    b = ctx.submission.basic
    start = b.start_date
    if start is None:
        yield ctx.finding("basic.start_date", "项目开始实施时间未填写：请填写日期，如 2020年1月1日")
    elif not isinstance(start, date):
        yield ctx.finding("basic.start_date", f"项目开始实施时间“{start}”不是有效日期：请写成 2020年1月1日 这样的真实日期")
    elif b.budget_year is not None and start.year != b.budget_year:
        yield ctx.finding(
            "basic.start_date",
            f"项目开始实施时间 {format_date(start)} 不在项目实施年度 {b.budget_year}年 内：请改为 {b.budget_year}年 的日期，或更正实施年度",
        )


_ALLOCATE = re.compile(r"(预拨付?|拨付|安排|补助|申请)[^。；，,]{0,6}$")
_YEAR_BEFORE = re.compile(r"(\d{4})\s*年[^。；]{0,30}$")


@rule("FUND-06", Severity.INFO, BASIC, "简述中写到的拨付/安排金额与申请金额一致", reads=("basic.funding", "narratives"))
def fund_narrative_amounts(ctx: Context) -> Iterator[Finding]:
    """An amount the narratives say is allocated or paid (预拨付 2000 万元, 安排资金 …) should be one of
    the figures of the funding grid (a year's 合计 or source, or the total of all years)."""
    b = ctx.submission.basic
    known: set[Decimal] = set()
    for col in b.funding:
        known.update(v for v in (col.total, col.superior, col.local, col.own, col.computed_total) if v)
    grand = sum((c.total or c.computed_total for c in b.funding), ZERO)
    if grand:
        known.add(grand)
    if not known:
        return
    for prose in narrative_texts(ctx):
        for match, value in iter_money_amounts(prose.text):
            before = prose.text[max(0, match.start() - 12):match.start()]
            if not _ALLOCATE.search(before) or value in known:
                continue
            year = _YEAR_BEFORE.search(prose.text[max(0, match.start() - 40):match.start()])
            when = f"（{year[1]}年）" if year else ""
            yield ctx.finding(prose.path,
                              f"“{prose.label}”写到{when}拨付/安排 {m(value)} 元（{snippet(prose.text, match.start(), match.end())}），"
                              f"与申请金额表中任何一项都不相同：请核对简述或申请金额")


_INVEST = re.compile(r"总投资[^。；]{0,6}?(?P<n>\d+(?:\.\d+)?)\s*(?P<u>亿|万)元")
_SHARE = needs(re.compile(r"(?P<who>市级|省级|县级|区级|本级|州级)财政承担\s*(?P<p>\d+(?:\.\d+)?)\s*%"), "财政承担")


@rule("FUND-07", Severity.INFO, BASIC, "申请总额 = 资金依据写明的投资 × 本级承担比例", reads=("basic.funding", "narratives"))
def fund_cost_share(ctx: Context) -> Iterator[Finding]:
    """When the funding basis states the investment and the share this level of government bears
    (概算投资约1.14亿元 … 由市级财政承担 50%), the total asked for over all years should equal that
    share."""
    b = ctx.submission.basic
    grand = sum((c.total or c.computed_total for c in b.funding), ZERO)
    if not grand:
        return
    for prose in narrative_texts(ctx):
        share = first(_SHARE, prose.text)
        if not share:
            continue
        invests = list(_INVEST.finditer(prose.text[:share.start()]))
        if not invests:
            continue
        inv = invests[-1]
        amount = Decimal(inv["n"]) * (100_000_000 if inv["u"] == "亿" else 10_000)
        expected = (amount * Decimal(share["p"]) / 100).quantize(Decimal("0.01"))
        if expected != grand:
            yield ctx.finding("basic.funding",
                              f"“{prose.label}”写明总投资 {m(amount)} 元、{share['who']}财政承担 {share['p']}%，即 {m(expected)} 元，"
                              f"而各年申请金额合计 {m(grand)} 元，相差 {m(abs(expected - grand))}：请核对承担比例或申请金额")
