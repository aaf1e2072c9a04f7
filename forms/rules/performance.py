"""项目绩效目标表: the annual goals and the indicator tree — levels of the year's tree, required
categories, operators, 定量/定性, units that fit the indicator, rates ≤ 100 %, deadlines
(PERF-01 … PERF-15)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from decimal import Decimal

from ..model import Indicator, YesNo
from ._util import narrative_texts, scan, to_decimal
from .engine import Context, Finding, Severity, rule

PERF = "项目绩效目标表"

OPERATORS = {
    ">=": "≥", "=>": "≥", "≧": "≥", "≥": "≥", "大于等于": "≥", "不低于": "≥", "不少于": "≥",
    "<=": "≤", "=<": "≤", "≦": "≤", "≤": "≤", "小于等于": "≤", "不高于": "≤", "不超过": "≤", "不多于": "≤",
    "=": "=", "==": "=", "等于": "=",
    ">": ">", "大于": ">", "<": "<", "小于": "<",
    "定性": "定性",
}


def operator(ind: Indicator) -> str | None:
    """The normalised 指标性质 (``>=`` → ``≥``, ``＝`` → ``=``), or ``None`` if it is none of them."""
    s = unicodedata.normalize("NFKC", ind.operator).strip()
    return OPERATORS.get(s)


def kind(ind: Indicator) -> str:
    s = ind.kind.strip()
    if s.startswith("定量"):
        return "定量"
    if s.startswith("定性"):
        return "定性"
    return ""


def value_number(ind: Indicator) -> Decimal | None:
    """The numeric 指标值, accepting a trailing copy of the unit (``90%`` with unit ``%``)."""
    value = unicodedata.normalize("NFKC", ind.value).strip()
    unit = unicodedata.normalize("NFKC", ind.unit).strip()
    if unit and value.endswith(unit):
        value = value[: -len(unit)].strip()
    return to_decimal(value)


# What an indicator measures, judged by its name, and the units that fit (docs/domain.md §2.3).
UNIT_FAMILIES: tuple[tuple[str, re.Pattern[str], tuple[str, ...], str], ...] = (
    ("比率", re.compile(r"率|比例|占比|满意度|满意程度|百分比"), ("%",), "%"),
    ("时间", re.compile(r"时间|日期|时限|期限|工期|完成时|截止"), ("年", "季度", "月", "日", "天", "日期", "工作日", "小时"), "季度、月或日期"),
    ("金额", re.compile(r"金额|成本|投资|费用|资金量|造价|单价|价格|补助标准"), ("元", "万元", "亿元"), "元、万元或 元/…"),
    ("面积", re.compile(r"面积"), ("平方米", "㎡", "m²", "m2", "亩", "平方公里", "公顷"), "平方米"),
    ("户数", re.compile(r"户数|企业数|家数|企业户|单位数"), ("户", "家", "个", "户/年", "家/年", "户次"), "户或户/年"),
    ("人数", re.compile(r"人数|人次|人员数"), ("人", "人次", "人/年", "人次/年"), "人或人次"),
    ("次数", re.compile(r"次数|场次"), ("次", "场", "次/年", "场次"), "次"),
)
"""Checked in this order (a 成本节约率 is a rate, a 单位面积造价 an amount). Money units may be
per something (元/平方米, 万元/公里)."""


def unit_family(name: str) -> tuple[str, re.Pattern[str], tuple[str, ...], str] | None:
    for family in UNIT_FAMILIES:
        if family[1].search(name):
            return family
    return None


def _label(i: int, ind: Indicator) -> str:
    return f"指标“{ind.name or f'第{i + 1}个'}”"


@rule("PERF-01", Severity.ERROR, PERF, "有金额的每一年都有年度目标，没有金额的年份不写年度目标", reads=("basic.funding", "performance"))
def perf_annual_goals_per_year(ctx: Context) -> Iterator[Finding]:
    """表2.1 has one 年度目标 row for each year with money, and none for years without."""
    s = ctx.submission
    money_years = [c.year for c in s.basic.funding if c.has_money()]
    goal_years = {g.year: i for i, g in enumerate(s.performance.annual_goals) if g.year is not None}
    for year in money_years:
        if year not in goal_years:
            yield ctx.finding("performance.annual_goals", f"{year}年 有申请金额，但年度目标表没有 {year}年 的目标：请补写该年目标")
    for year, i in goal_years.items():
        if money_years and year not in money_years:
            yield ctx.finding(f"performance.annual_goals[{i}].year", f"{year}年 有年度目标，但该年没有申请金额：请删去该行，或补填该年金额")
    for i, g in enumerate(s.performance.annual_goals):
        if g.year is None and (g.goal.strip() or g.note.strip()):
            yield ctx.finding(f"performance.annual_goals[{i}].year", f"第{i + 1}条年度目标没有财年：请填写年份")


@rule("PERF-02", Severity.ERROR, PERF, "一级、二级指标取自当年的指标体系，二级属于其一级", reads=("performance",))
def perf_tree(ctx: Context) -> Iterator[Finding]:
    """Each indicator's 一级 is one of the year's tree and its 二级 belongs to that 一级 (财预〔2021〕
    101号 moved 成本指标 from under 产出 to its own 一级)."""
    tree = ctx.codes["indicator_tree"].tree
    for i, ind in enumerate(ctx.submission.performance.indicators):
        l1, l2 = ind.level1.strip(), ind.level2.strip()
        if l1 not in tree:
            yield ctx.finding(f"performance.indicators[{i}].level1",
                              f"{_label(i, ind)}的一级指标“{l1}”不在 {ctx.codes.year} 年指标体系中（{'、'.join(tree)}）：请重新归类")
        elif l2 not in tree[l1]:
            yield ctx.finding(f"performance.indicators[{i}].level2",
                              f"{_label(i, ind)}的二级指标“{l2}”不属于“{l1}”（可选：{'、'.join(tree[l1])}）：请重新归类")


@rule("PERF-03", Severity.ERROR, PERF, "至少有产出、效益、满意度指标（2021 年起还须有成本指标）",
      params={"required_level1": ["产出指标", "效益指标", "满意度指标"]}, reads=("performance",))
def perf_required_categories(ctx: Context) -> Iterator[Finding]:
    """The indicator table covers every required 一级: 产出, 效益 and 满意度, and from 2021 成本
    (财预〔2021〕101号); the pack of the year and region says which."""
    present = {ind.level1.strip() for ind in ctx.submission.performance.indicators if ind.name.strip()}
    for level1 in ctx.param("required_level1", []):
        if level1 not in present:
            yield ctx.finding("performance.indicators", f"绩效指标中没有“{level1}”：请至少设置一个{level1}")


@rule("PERF-04", Severity.ERROR, PERF, "指标性质为 =、≥、≤、>、< 或 定性（>=、<= 视同 ≥、≤）", reads=("performance",))
def perf_operator(ctx: Context) -> Iterator[Finding]:
    """指标性质 is one of =, ≥, ≤, >, <, 定性; ASCII ``>=``/``<=`` and full-width forms are accepted
    as ≥/≤ and normalised on export."""
    for i, ind in enumerate(ctx.submission.performance.indicators):
        if ind.name.strip() and operator(ind) is None:
            yield ctx.finding(f"performance.indicators[{i}].operator",
                              f"{_label(i, ind)}的指标性质“{ind.operator}”无法识别：请选 =、≥、≤、>、< 或 定性")


@rule("PERF-05", Severity.ERROR, PERF, "定量指标有数值、比较符和单位；定性指标的性质为“定性”", reads=("performance",))
def perf_kind(ctx: Context) -> Iterator[Finding]:
    """A 定量指标 has a numeric 指标值, a comparison operator and a unit; a 定性指标 has the operator
    定性 and a textual value. Every indicator says which kind it is."""
    for i, ind in enumerate(ctx.submission.performance.indicators):
        if not ind.name.strip():
            continue
        where = f"performance.indicators[{i}]"
        k = kind(ind)
        op = operator(ind)
        if not k:
            yield ctx.finding(f"{where}.kind", f"{_label(i, ind)}的指标类型“{ind.kind}”应为“定量指标”或“定性指标”：请选择")
        elif k == "定量":
            if value_number(ind) is None:
                yield ctx.finding(
                    f"{where}.value",
                    f"{_label(i, ind)}为定量指标，但指标值“{ind.value}”不是数字："
                    "请填写数值（日期、季度类目标可改为定性指标，或改用“月”等单位填数字）",
                )
            if op == "定性":
                yield ctx.finding(f"{where}.operator", f"{_label(i, ind)}为定量指标，指标性质却是“定性”：请选 =、≥、≤、> 或 <")
            if not ind.unit.strip():
                yield ctx.finding(f"{where}.unit", f"{_label(i, ind)}为定量指标，但没有度量单位：请填写单位")
        else:
            if op not in (None, "定性"):
                yield ctx.finding(f"{where}.operator", f"{_label(i, ind)}为定性指标，指标性质应为“定性”，而不是“{ind.operator}”")
            if not ind.value.strip():
                yield ctx.finding(f"{where}.value", f"{_label(i, ind)}为定性指标，但没有指标值：请写明要达到的状态（如 达到验收标准）")


@rule("PERF-06", Severity.WARNING, PERF, "度量单位与指标相符（时间不用 %，户数不用 年，比率用 %）", reads=("performance",))
def perf_unit_fits(ctx: Context) -> Iterator[Finding]:
    """The unit fits what the indicator's name measures: a rate or satisfaction takes %, a time
    a date/quarter/month, an area 平方米, a count of firms 户/家, of people 人/人次 (docs/domain.md §2.3)."""
    for i, ind in enumerate(ctx.submission.performance.indicators):
        unit = unicodedata.normalize("NFKC", ind.unit).strip()
        if not ind.name.strip() or not unit or kind(ind) == "定性":
            continue
        family = unit_family(ind.name)
        allowed = tuple(unicodedata.normalize("NFKC", u) for u in family[2]) if family else ()
        fits = unit.split("/")[0] in allowed if family and family[0] == "金额" else unit in allowed
        if family and not fits:
            yield ctx.finding(f"performance.indicators[{i}].unit",
                              f"{_label(i, ind)}衡量的是{family[0]}，度量单位却是“{ind.unit}”：应为{family[3]}，请更正单位")


@rule("PERF-07", Severity.ERROR, PERF, "单位为 % 的指标值在 0 到 100 之间", reads=("performance",))
def perf_percent_range(ctx: Context) -> Iterator[Finding]:
    """A value in % lies between 0 and 100."""
    for i, ind in enumerate(ctx.submission.performance.indicators):
        if unicodedata.normalize("NFKC", ind.unit).strip() != "%":
            continue
        value = value_number(ind)
        if value is not None and not (0 <= value <= 100):
            yield ctx.finding(f"performance.indicators[{i}].value", f"{_label(i, ind)}的指标值 {ind.value}% 超出 0–100%：请更正")


_CN_Q = {"一": 3, "二": 6, "三": 9, "四": 12, "1": 3, "2": 6, "3": 9, "4": 12}
_WHEN = re.compile(
    r"(?P<y>\d{4}年|\d{4}(?=[-/.])|今年|明年|后年)"
    r"(?P<p>[-/.]\d{1,2}(?:[-/.]\d{1,2})?|上半年|下半年|年底|年末|底|末|第?[一二三四1-4]季度|\d{1,2}月(?:底|末|\d{1,2}日)?)?")
_DONE = re.compile(r"建成|完工|竣工|投入使用|交付使用|移交")
_CLAUSE_END = re.compile(r"[。；;，,、！？!?\n]")


def deadline(text: str, budget_year: int | None, *, last: bool = False) -> tuple[int, int, str] | None:
    """The last month a time phrase allows, as (year, month, phrase): ``2021年一季度`` → (2021, 3),
    ``明年上半年`` → (budget year + 1, 6), ``2021年底`` → (2021, 12). With *last*, the phrase nearest
    the end of *text*."""
    matches = list(_WHEN.finditer(unicodedata.normalize("NFKC", text)))
    if not matches:
        return None
    match = matches[-1] if last else matches[0]
    y = match["y"]
    if y[0].isdigit():
        year = int(y[:4])
    elif budget_year is None:
        return None
    else:
        year = budget_year + {"今年": 0, "明年": 1, "后年": 2}[y]
    p = match["p"] or ""
    if not p or p in ("下半年", "年底", "年末", "底", "末"):
        month = 12
    elif p == "上半年":
        month = 6
    elif "季度" in p:
        month = _CN_Q[p.replace("第", "")[0]]
    else:
        digits = re.findall(r"\d{1,2}", p)
        month = int(digits[0]) if digits else 12
    if not 1 <= month <= 12:
        return None
    return year, month, match[0]


_MONTH_WORDS = {3: "一季度", 6: "上半年", 9: "三季度", 12: "年底"}


def _is_time(ind: Indicator) -> bool:
    return ind.level2.strip() == "时效指标" or bool(UNIT_FAMILIES[1][1].search(ind.name))


@rule(
    "PERF-08",
    Severity.WARNING,
    PERF,
    "时效指标的期限在实施周期内，并与简述中的完成时间一致",
    reads=("basic.budget_year", "basic.period_years", "narratives", "performance"),
)
def perf_deadline(ctx: Context) -> Iterator[Finding]:
    """A 时效 target (≤ 2021年一季度) falls inside the implementation period, and the narratives do
    not promise completion later than it (项目计划明年上半年建成 is 2021年上半年 for a 2020 project)."""
    b = ctx.submission.basic
    period = b.period()
    for i, ind in enumerate(ctx.submission.performance.indicators):
        if not _is_time(ind):
            continue
        target = deadline(ind.value, b.budget_year)
        if target is None:
            continue
        year, month, phrase = target
        if period and year not in period:
            yield ctx.finding(f"performance.indicators[{i}].value",
                              f"{_label(i, ind)}的期限“{ind.value}”不在实施周期 {period[0]}–{period[-1]}年 内：请核对期限或实施周期")
            continue
        for prose in narrative_texts(ctx):
            for done in scan(_DONE, prose.text):
                window = _CLAUSE_END.split(prose.text[max(0, done.start() - 16):done.start()])[-1]
                said = deadline(window, b.budget_year, last=True)
                if said is None:
                    continue
                s_year, s_month, s_phrase = said
                if (s_year, s_month) > (year, month):
                    relative = "" if s_phrase[0].isdigit() else f"（即 {s_year}年{_MONTH_WORDS.get(s_month, f'{s_month}月')}前）"
                    yield ctx.finding(
                        f"performance.indicators[{i}].value",
                        f"{_label(i, ind)}要求 {operator(ind) or ind.operator} {ind.value}，"
                        f"而“{prose.label}”写“{window.strip()}{done[0]}”{relative}，"
                        f"比指标的期限晚：请统一两处的完成时间",
                    )
                    return


@rule("PERF-09", Severity.WARNING, PERF, "每个指标都写了指标值设定依据及数据来源", reads=("performance",))
def perf_basis(ctx: Context) -> Iterator[Finding]:
    """Every indicator names where its target value comes from and how it will be measured."""
    for i, ind in enumerate(ctx.submission.performance.indicators):
        if ind.name.strip() and not ind.basis.strip():
            yield ctx.finding(f"performance.indicators[{i}].basis", f"{_label(i, ind)}没有填写指标值设定依据及数据来源：请写明依据和数据来源")


@rule("PERF-10", Severity.INFO, PERF, "可考核量化指标计数：标为定量但没有数值的指标不算", reads=("performance",))
def perf_quantified_count(ctx: Context) -> Iterator[Finding]:
    """For review item 2.2(3) (量化、可考核): the indicators typed 定量 that truly have a number.
    Reported when some 定量 indicators have none, as the reviewer will count only the others."""
    inds = [ind for ind in ctx.submission.performance.indicators if ind.name.strip() and kind(ind) == "定量"]
    numeric = [ind for ind in inds if value_number(ind) is not None]
    if len(numeric) < len(inds):
        bad = "、".join(f"“{ind.name}”" for ind in inds if value_number(ind) is None)
        yield ctx.finding(
            "performance.indicators",
            f"标为定量的指标 {len(inds)} 个，其中真正有数值、可考核的 {len(numeric)} 个（{bad}没有数值）：评审“量化、可考核”时按 {len(numeric)} 个计",
        )


@rule("PERF-11", Severity.INFO, PERF, "是否核心指标一栏有填写", reads=("performance",))
def perf_core(ctx: Context) -> Iterator[Finding]:
    """是否核心指标 (a 财预〔2021〕101号 notion): when the column is all blank, no indicator is marked
    as core."""
    inds = ctx.submission.performance.indicators
    if inds and all(ind.core == YesNo.UNSET for ind in inds):
        yield ctx.finding(
            "performance.indicators[0].core", f"{len(inds)} 个指标的“是否核心指标”都未填写：请把最能反映项目产出和效果的指标标为“是”，其余为“否”"
        )


@rule("PERF-12", Severity.WARNING, PERF, "指标名称不重复", reads=("performance",))
def perf_duplicate_names(ctx: Context) -> Iterator[Finding]:
    """Two indicators with the same name are either a copy or need telling apart."""
    seen: dict[str, int] = {}
    for i, ind in enumerate(ctx.submission.performance.indicators):
        name = ind.name.strip()
        if name in seen:
            yield ctx.finding(f"performance.indicators[{i}].name", f"指标“{name}”重复出现（第{seen[name] + 1}个和第{i + 1}个）：请合并或改名区分")
        elif name:
            seen[name] = i


@rule("PERF-13", Severity.WARNING, PERF, "定性指标不带数值和度量单位（带数值的应为定量指标）", reads=("performance",))
def perf_qualitative_value(ctx: Context) -> Iterator[Finding]:
    """A 定性指标 whose value is a bare number, or which has a unit, is really a 定量指标."""
    for i, ind in enumerate(ctx.submission.performance.indicators):
        if kind(ind) != "定性":
            continue
        if value_number(ind) is not None:
            yield ctx.finding(
                f"performance.indicators[{i}].kind", f"{_label(i, ind)}是定性指标，指标值却是数字“{ind.value}”：请改为定量指标并选择比较符"
            )
        elif ind.unit.strip():
            yield ctx.finding(
                f"performance.indicators[{i}].unit", f"{_label(i, ind)}是定性指标，不应有度量单位“{ind.unit}”：请删去单位，或改为定量指标"
            )


@rule("PERF-14", Severity.ERROR, PERF, "每个指标都有名称和指标值", reads=("performance",))
def perf_indicator_complete(ctx: Context) -> Iterator[Finding]:
    """An indicator row needs its name and its target value."""
    for i, ind in enumerate(ctx.submission.performance.indicators):
        if not ind.name.strip():
            if ind.value.strip() or ind.unit.strip() or ind.note.strip():
                yield ctx.finding(f"performance.indicators[{i}].name", f"第{i + 1}个指标没有名称：请填写指标名称")
        elif not ind.value.strip() and kind(ind) != "定性":
            yield ctx.finding(f"performance.indicators[{i}].value", f"{_label(i, ind)}没有指标值：请填写目标值")
    if not ctx.submission.performance.indicators:
        yield ctx.finding("performance.indicators", "没有任何绩效指标：请按产出、效益、满意度设置指标")


@rule("PERF-15", Severity.WARNING, PERF, "年度目标已填写，各年目标不完全相同", reads=("performance",))
def perf_goal_text(ctx: Context) -> Iterator[Finding]:
    """Each 年度目标 says what that year achieves; the same sentence for two years says nothing about
    either."""
    seen: dict[str, int] = {}
    for i, g in enumerate(ctx.submission.performance.annual_goals):
        text = g.goal.strip()
        if not text:
            if g.year is not None:
                yield ctx.finding(f"performance.annual_goals[{i}].goal", f"{g.year}年 的年度目标是空的：请写明该年要完成的内容")
        elif text in seen:
            yield ctx.finding(
                f"performance.annual_goals[{i}].goal", f"{g.year}年 的年度目标与第{seen[text] + 1}条完全相同：请分别写明各年要完成的内容"
            )
        else:
            seen[text] = i
