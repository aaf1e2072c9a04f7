"""Capital construction: the flag against the supplement (基本建设项目支出预算补充编审表), its weights,
scores and 简述, areas that add up, investment against the approved estimate, the construction
period (BUILD-01 … BUILD-08)."""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from decimal import Decimal

from ..model import Submission, YesNo
from ._util import ZERO, all_prose, construction_texts, decimals, first, m, narrative_texts, needs, num, scan, to_decimal
from .engine import Context, Finding, Severity, rule

SUPPLEMENT = "基本建设项目支出预算补充编审表"


def supplement_filled(s: Submission) -> bool:
    """The supplement carries something the unit wrote: a 简述 or a score."""
    cr = s.construction_review
    return cr is not None and any(
        it.summary.strip() or it.self_score is not None or it.finance_score is not None for *_, it in cr.items())


_BUILD_WORDS = re.compile(r"总建筑面积|建筑面积|可行性研究报告|可研|初步设计|新建|改扩建|施工|建安工程|工程总承包|EPC")


@rule("BUILD-01", Severity.ERROR, "项目基本信息表", "是否基本建设项目 = 是 ⇔ 填了基建补充编审表；简述写建设内容时该项应为“是”",
      reads=("basic.flags", "construction_review", "narratives"))
def build_flag_matches_supplement(ctx: Context) -> Iterator[Finding]:
    """是否基本建设项目 is 是 exactly when the capital-construction supplement is filled. A narrative
    about building (总建筑面积, 可研, 初步设计, EPC) without the flag is a warning."""
    s = ctx.submission
    flag = s.basic.flags.construction
    filled = supplement_filled(s)
    evidence = next(((p, match) for p in narrative_texts(ctx) if (match := first(_BUILD_WORDS, p.text))), None)
    said = "未填" if flag == YesNo.UNSET else "为“否”"
    if filled and flag != YesNo.YES:
        why = f"，且“{evidence[0].label}”写到“{evidence[1][0]}”" if evidence else ""
        yield ctx.finding("basic.flags.construction",
                          f"已填写基本建设项目支出预算补充编审表{why}，但是否基本建设项目{said}：基建项目请选“是”；若不是基建项目，请删去补充编审表")
    elif flag == YesNo.YES and not filled:
        yield ctx.finding("construction_review", "是否基本建设项目为“是”，但没有填写基本建设项目支出预算补充编审表：请填写该表", table=SUPPLEMENT)
    elif not filled and flag != YesNo.YES and evidence:
        yield ctx.finding("basic.flags.construction",
                          f"“{evidence[0].label}”写到“{evidence[1][0]}”，像是基本建设项目，但是否基本建设项目{said}：如是基建项目，请选“是”并填写补充编审表",
                          severity=Severity.WARNING)


@rule("BUILD-02", Severity.ERROR, SUPPLEMENT, "补充编审表权重：各项之和 = 所在部分（25 / 50 / 25），合计 100，且与当年模板一致",
      params={"total": 100, "weights": {}}, reads=("construction_review",))
def build_weights(ctx: Context) -> Iterator[Finding]:
    """The supplement's template: item weights add up to their section (一 25, 二 50, 三 25), the
    sections to 100, and — when the pack gives the year's template ``weights`` — each weight is the
    template's (一(1) 5, 二(2) 8 …)."""
    cr = ctx.submission.construction_review
    if cr is None or not cr.sections:
        return
    template = ctx.param("weights") or {}
    total = ZERO
    for s, section in enumerate(cr.sections):
        items = sum((it.weight or ZERO for it in section.items), ZERO)
        total += section.weight or ZERO
        if section.weight is not None and items != section.weight:
            yield ctx.finding(f"construction_review.sections[{s}].weight",
                              f"{section.number}、{section.title}（{num(section.weight)}分）下各项权重之和为 {num(items)}：请核对权重")
        checks = [(section.number, section.weight, f"construction_review.sections[{s}].weight", f"{section.number}、{section.title}")]
        checks += [
            (
                f"{section.number}{it.number}",
                it.weight,
                f"construction_review.sections[{s}].items[{i}].weight",
                f"{section.number}{it.number} {it.title}",
            )
            for i, it in enumerate(section.items)
        ]
        for key, weight, path, label in checks:
            expected = template.get(key)
            if expected is not None and weight != Decimal(str(expected)):
                yield ctx.finding(path, f"{label}的权重为 {num(weight) if weight is not None else '空白'}，"
                                        f"{ctx.codes.year} 年模板为 {expected} 分：请按模板填写权重")
    expected = Decimal(str(ctx.param("total", 100)))
    if total != expected:
        yield ctx.finding("construction_review.sections", f"补充编审表各部分权重合计 {num(total)} ≠ {num(expected)}：请核对模板权重")


def _finance_reviewed(s: Submission) -> bool:
    return any(it.finance_score is not None for *_, it in s.budget_review.items())


@rule("BUILD-03", Severity.ERROR, SUPPLEMENT, "基建项目：补充编审表每项已评分（0 ≤ 得分 ≤ 权重），总得分 = 各项之和",
      reads=("basic.flags", "budget_review", "construction_review"))
def build_scored(ctx: Context) -> Iterator[Finding]:
    """When the project is a capital-construction one (flag 是, or the supplement filled), every item
    of the supplement has its 部门自评 (and, once the finance bureau has reviewed, its 财政评审)
    between 0 and its weight, and 总得分 / 基建项目补充表得分 equal the sum."""
    s = ctx.submission
    cr = s.construction_review
    if cr is None or not (s.basic.flags.construction == YesNo.YES or supplement_filled(s)):
        return
    items = list(cr.items())
    if not items:
        return
    columns = [("self_score", "部门自评")] + ([("finance_score", "财政评审")] if _finance_reviewed(s) else [])
    for key, label in columns:
        blank = [(si, i, it) for si, i, it in items if getattr(it, key) is None]
        if len(blank) == len(items):
            yield ctx.finding(
                f"construction_review.sections[0].items[0].{key}",
                f"补充编审表 {len(items)} 项的“{label}”都没有评分：基建项目须逐项评分（0 至该项权重），并填写总得分和编审表中的基建项目补充表得分",
            )
            continue
        for si, i, it in blank:
            yield ctx.finding(f"construction_review.sections[{si}].items[{i}].{key}", f"补充编审表“{it.title}”没有{label}得分：请评分")
        for si, i, it in items:
            score = getattr(it, key)
            if score is not None and it.weight is not None and not (0 <= score <= it.weight):
                yield ctx.finding(f"construction_review.sections[{si}].items[{i}].{key}",
                                  f"补充编审表“{it.title}”的{label} {num(score)} 超出 0–{num(it.weight)}：请更正")
        computed = cr.computed(key)
        declared = getattr(cr.total_score, key)
        if declared is not None and declared != computed:
            yield ctx.finding(f"construction_review.total_score.{key}", f"补充编审表{label}总得分 {num(declared)} ≠ 各项之和 {num(computed)}：请重算")
        carried = getattr(s.budget_review.supplement_score, key)
        if carried is not None and carried != computed:
            yield ctx.finding(
                f"budget_review.supplement_score.{key}",
                f"编审表中的基建项目补充表得分（{label}）{num(carried)} ≠ 补充编审表各项之和 {num(computed)}：请核对",
                table="项目支出预算编审表",
            )


@rule("BUILD-04", Severity.WARNING, SUPPLEMENT, "补充编审表每项都有简述（不适用的写“不适用”及理由）", reads=("construction_review",))
def build_summaries(ctx: Context) -> Iterator[Finding]:
    """Each item of the supplement explains itself in its 简述; an item that does not apply says 不适用
    and why."""
    for prose in construction_texts(ctx):
        if not prose.text:
            yield ctx.finding(prose.path, f"补充编审表“{prose.label}”的简述是空的：请说明情况（不适用的写“不适用”并说明理由）")


_AREA_UNIT = r"\s*(?:平方米|平米|㎡|m\s*²|m\s*2)"
_AREA_NUMBER = re.compile(r"(\d[\d,]*(?:\.\d+)?)" + _AREA_UNIT)
_TOTAL_AREA = needs(re.compile(r"(总建筑面积|建筑面积|总面积)[^\d。；，,]{0,4}(\d[\d,]*(?:\.\d+)?)" + _AREA_UNIT), "面积")
AREA_UNITS = {"平方米", "㎡", "m²", "m2", "平米"}


@rule("BUILD-05", Severity.WARNING, "项目绩效目标表", "面积指标之和 = 说明中的规划总面积 = 简述中的总建筑面积",
      reads=("budget_review", "construction_review", "narratives", "performance"))
def build_areas(ctx: Context) -> Iterator[Finding]:
    """The area indicators (in 平方米) add up to the planned total their 说明 names, and the
    总建筑面积 the narratives state agrees with them (20990.54 vs 22440.28 m² in the seed)."""
    inds = ctx.submission.performance.indicators
    parts = [(i, ind, v) for i, ind in enumerate(inds)
             if ind.unit.strip() in AREA_UNITS and (v := to_decimal(ind.value)) is not None]
    if not parts:
        return
    total = sum((v for *_, v in parts), ZERO)
    sum_text = " + ".join(num(v) for *_, v in parts) + f" = {num(total)}" if len(parts) > 1 else num(total)
    named: dict[Decimal, int] = {}
    for i, ind, v in parts:
        for match in scan(_AREA_NUMBER, ind.note):
            value = to_decimal(match[1])
            if value is not None and value > v:
                named.setdefault(value, i)
    for value, i in named.items():
        if len(parts) > 1 and value != total:
            yield ctx.finding(
                f"performance.indicators[{i}].note",
                f"面积指标 {sum_text} 平方米，与说明中的规划总面积 {num(value)} 平方米不符，相差 {num(abs(value - total))}：请核对各分项面积",
            )
    reference = total if len(parts) > 1 or not named else next(iter(named))
    for prose in all_prose(ctx):
        for match in scan(_TOTAL_AREA, prose.text):
            stated = to_decimal(match[2])
            if stated is None or stated == reference:
                continue
            gap = abs(stated - reference)
            pct = (gap / stated * 100).quantize(Decimal("0.01")) if stated else Decimal(0)
            planned = f"（说明中的规划总面积也是 {num(reference)}）" if reference in named else ""
            yield ctx.finding(prose.path,
                              f"“{prose.label}”写{match[1]} {num(stated)} 平方米，而绩效指标中的面积为 {sum_text} 平方米{planned}，"
                              f"相差 {num(gap)} 平方米（{pct}%）：请核对总建筑面积或补全面积指标", table=prose.table)


_ESTIMATE = re.compile(r"估算总?投资约?\s*(\d+(?:\.\d+)?)\s*(亿|万)元")
_INVESTMENT = re.compile(r"(完成|实际|概算|预计|计划)[^。；，,\d]{0,8}?投资[额约为]*\s*(\d+(?:\.\d+)?)\s*(亿|万)元")


def _yuan(number: str, unit: str) -> Decimal:
    return Decimal(number) * (100_000_000 if unit == "亿" else 10_000)


@rule("BUILD-06", Severity.WARNING, "项目基本信息表", "概算或实际投资不超过可研估算的 110%（政府投资条例）",
      params={"tolerance": "0.10"}, reads=("budget_review", "construction_review", "narratives", "performance"))
def build_investment(ctx: Context) -> Iterator[Finding]:
    """An investment quoted in the submission (概算, 完成投资) that exceeds the feasibility estimate by
    more than 10 % must be reported and may need the feasibility study approved again
    (政府投资条例 第十二条、第二十三条)."""
    prose = all_prose(ctx)
    estimates = [(_yuan(mt[1], mt[2]), p) for p in prose for mt in scan(_ESTIMATE, p.text)]
    if not estimates:
        return
    estimate, where = estimates[0]
    limit = estimate * (1 + Decimal(str(ctx.param("tolerance", "0.10"))))
    for p in prose:
        for mt in scan(_INVESTMENT, p.text):
            value = _yuan(mt[2], mt[3])
            if value > limit:
                over = ((value / estimate - 1) * 100).quantize(Decimal("0.1"))
                yield ctx.finding(p.path,
                                  f"“{p.label}”写{mt[0]}（{m(value)} 元），比“{where.label}”中的可研估算总投资 {m(estimate)} 元高 {over}%，超过 10%："
                                  f"按政府投资条例第十二条、第二十三条，应报原审批部门并可能需重新报批可研或概算，请在简述中说明或更正金额",
                                  table=p.table)


_PERIOD = needs(re.compile(r"总?工期[为约是]*\s*(\d+|[一二三四五六])\s*(年|个月)"), "工期")
_CN_DIGIT = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6}


@rule("BUILD-07", Severity.WARNING, SUPPLEMENT, "简述中的总工期与项目实施周期一致",
      reads=("basic.period_years", "construction_review", "narratives"))
def build_period(ctx: Context) -> Iterator[Finding]:
    """The construction period a 简述 states (预计项目总工期为2年) matches 项目实施周期(年)."""
    years = ctx.submission.basic.period_years
    if not years:
        return
    for p in construction_texts(ctx) + narrative_texts(ctx):
        for mt in scan(_PERIOD, p.text):
            n = int(mt[1]) if mt[1].isdigit() else _CN_DIGIT[mt[1]]
            as_years = n if mt[2] == "年" else math.ceil(n / 12)
            if as_years != years:
                yield ctx.finding(p.path, f"“{p.label}”写{mt[0]}，而项目实施周期为 {years} 年：请统一", table=p.table)


@rule("BUILD-08", Severity.WARNING, SUPPLEMENT, "补充编审表：扣分须写财政评审意见，得分最多两位小数", reads=("construction_review",))
def build_deductions(ctx: Context) -> Iterator[Finding]:
    """As in the review table: a 财政评审 below the item's weight needs its 财政评审意见 (on the
    item or its section), and scores keep at most two decimals."""
    cr = ctx.submission.construction_review
    if cr is None:
        return
    for s, i, item in cr.items():
        where = f"construction_review.sections[{s}].items[{i}]"
        label = f"{cr.sections[s].number}{item.number} {item.title}"
        score = item.finance_score
        if (score is not None and item.weight is not None and score < item.weight
                and not (item.opinion.strip() or cr.sections[s].opinion.strip())):
            yield ctx.finding(
                f"{where}.opinion",
                f"补充编审表“{label}”财政评审 {num(score)}/{num(item.weight)} 分，"
                f"扣了 {num(item.weight - score)} 分，却没有财政评审意见：请写明扣分理由",
            )
        for key, col in (("self_score", "部门自评"), ("finance_score", "财政评审")):
            value = getattr(item, key)
            if value is not None and decimals(value) > 2:
                yield ctx.finding(f"{where}.{key}", f"补充编审表“{label}”的{col}“{value}”超过两位小数：得分请保留两位小数", severity=Severity.ERROR)

