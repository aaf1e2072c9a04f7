"""项目支出预算编审表 (review scoring): weights, scores within weights, totals re-added, deductions
explained, self-assessment, and its 简述 against the basic-information narratives (REV-01 … REV-10)."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from decimal import Decimal
from functools import lru_cache
from typing import Any

from ._util import ZERO, decimals, narrative_texts, num, plain, review_texts
from .engine import Context, Finding, Severity, rule

REVIEW = "项目支出预算编审表"
COLUMNS = (("self_score", "部门自评"), ("finance_score", "财政评审"))


def _item_label(ctx: Context, s: int, g: int, i: int) -> str:
    group = ctx.submission.budget_review.sections[s].groups[g]
    item = group.items[i]
    return f"{group.number}{item.number} {item.title}".strip()


@rule("REV-01", Severity.ERROR, REVIEW, "编审表权重：各项之和 = 所属小节，小节之和 = 所属部分（23 / 57 / 20），合计 100",
      params={"total": 100}, reads=("budget_review",))
def rev_weights(ctx: Context) -> Iterator[Finding]:
    """The template adds up: item weights to their sub-section (1.1 = 8, 1.2 = 6 + 6 + 3 = 15 …),
    sub-sections to their section (23, 57, 20) and sections to 100."""
    br = ctx.submission.budget_review
    if not br.sections:
        return
    grand = ZERO
    for s, section in enumerate(br.sections):
        grand += section.weight or ZERO
        groups = sum((g.weight or ZERO for g in section.groups), ZERO)
        if section.weight is not None and section.groups and groups != section.weight:
            yield ctx.finding(f"budget_review.sections[{s}].weight",
                              f"{section.number}、{section.title}（{num(section.weight)}分）下各小节权重之和为 {num(groups)}：请核对权重")
        for g, group in enumerate(section.groups):
            items = sum((it.weight or ZERO for it in group.items), ZERO)
            if group.weight is not None and group.items and items != group.weight:
                yield ctx.finding(f"budget_review.sections[{s}].groups[{g}].weight",
                                  f"{group.number}{group.title}（{num(group.weight)}分）下各项权重之和为 {num(items)}：请核对权重")
    expected = Decimal(str(ctx.param("total", 100)))
    if grand != expected:
        yield ctx.finding("budget_review.sections", f"编审表各部分权重合计 {num(grand)} ≠ {num(expected)}：请核对模板权重")


@rule("REV-02", Severity.ERROR, REVIEW, "每项得分在 0 与该项权重之间（部门自评、财政评审）", reads=("budget_review",))
def rev_score_range(ctx: Context) -> Iterator[Finding]:
    """0 ≤ score ≤ the item's weight, for both 部门自评 and 财政评审."""
    for s, g, i, item in ctx.submission.budget_review.items():
        for key, label in COLUMNS:
            score = getattr(item, key)
            if score is None:
                continue
            if score < 0 or (item.weight is not None and score > item.weight):
                yield ctx.finding(f"budget_review.sections[{s}].groups[{g}].items[{i}].{key}",
                                  f"“{_item_label(ctx, s, g, i)}”的{label} {num(score)} 超出 0–{num(item.weight or ZERO)}（该项权重）：请更正")


@rule("REV-03", Severity.ERROR, REVIEW, "本表得分 = 各项得分之和（空白按 0 计），每一列", reads=("budget_review",))
def rev_table_total(ctx: Context) -> Iterator[Finding]:
    """本表得分 equals the sum of the item scores (a blank score counts 0), for each column."""
    br = ctx.submission.budget_review
    for key, label in COLUMNS:
        declared = getattr(br.table_score, key)
        any_scored = any(getattr(it, key) is not None for *_, it in br.items())
        if declared is None and not any_scored:
            continue
        computed = br.computed(key)
        if (declared if declared is not None else ZERO) != computed:
            yield ctx.finding(f"budget_review.table_score.{key}",
                              f"本表得分（{label}）{num(declared) if declared is not None else '空白'} ≠ 各项之和 {num(computed)}：请重算")


@rule("REV-04", Severity.ERROR, REVIEW, "总分 = 本表得分与基建项目补充表得分按规则合成（无补充表得分时 = 本表得分）",
      params={"formula": "average"}, reads=("budget_review",))
def rev_total(ctx: Context) -> Iterator[Finding]:
    """总分 combines 本表得分 and 基建项目补充表得分; without a supplement score it equals 本表得分.
    How the two combine is the pack's ``formula`` (``average``, ``sum`` or ``table``): the rule is
    not published (docs/domain.md OPEN-1)."""
    br = ctx.submission.budget_review
    formula = ctx.param("formula", "average")
    for key, label in COLUMNS:
        total = getattr(br.total_score, key)
        table = getattr(br.table_score, key)
        supplement = getattr(br.supplement_score, key)
        if total is None and table is None:
            continue
        if supplement is None or formula == "table":
            expected, how = table or ZERO, "本表得分"
        elif formula == "sum":
            expected, how = (table or ZERO) + supplement, "本表得分 + 补充表得分"
        else:
            expected, how = ((table or ZERO) + supplement) / 2, "（本表得分 + 补充表得分）÷ 2"
        if (total if total is not None else ZERO) != expected:
            yield ctx.finding(f"budget_review.total_score.{key}",
                              f"总分（{label}）{num(total) if total is not None else '空白'} ≠ {how} = {num(expected)}：请重算")


def _has_opinion(ctx: Context, s: int, g: int, i: int) -> bool:
    section = ctx.submission.budget_review.sections[s]
    group = section.groups[g]
    return bool(group.items[i].opinion.strip() or group.opinion.strip())


@rule("REV-05", Severity.WARNING, REVIEW, "扣分（财政评审低于权重）须写财政评审意见", reads=("budget_review",))
def rev_deduction_opinion(ctx: Context) -> Iterator[Finding]:
    """A finance score below the item's weight is a deduction, and a deduction needs its
    财政评审意见 (on the item, or on its sub-section)."""
    for s, g, i, item in ctx.submission.budget_review.items():
        score = item.finance_score
        if score is None or item.weight is None or score >= item.weight:
            continue
        if not _has_opinion(ctx, s, g, i):
            yield ctx.finding(
                f"budget_review.sections[{s}].groups[{g}].items[{i}].opinion",
                f"“{_item_label(ctx, s, g, i)}”财政评审 {num(score)}/{num(item.weight)} 分，"
                f"扣了 {num(item.weight - score)} 分，却没有财政评审意见：请写明扣分理由",
            )


@rule("REV-06", Severity.WARNING, REVIEW, "财政评审留空的项有意见说明（留空按 0 分计）", reads=("budget_review",))
def rev_blank_score_explained(ctx: Context) -> Iterator[Finding]:
    """Once the finance bureau has scored, a blank 财政评审 counts 0 — only acceptable when an
    opinion says why (简述与项目无关，依据不支撑)."""
    items = list(ctx.submission.budget_review.items())
    if not any(it.finance_score is not None for *_, it in items):
        return
    for s, g, i, item in items:
        if item.finance_score is None and not _has_opinion(ctx, s, g, i):
            yield ctx.finding(f"budget_review.sections[{s}].groups[{g}].items[{i}].finance_score",
                              f"“{_item_label(ctx, s, g, i)}”财政评审留空（按 0 分计）且没有意见：请评分，或写明不得分的理由")


@rule("REV-07", Severity.INFO, REVIEW, "部门自评不是每项都满分", reads=("budget_review",))
def rev_self_full_marks(ctx: Context) -> Iterator[Finding]:
    """A self-assessment with full marks everywhere does not discriminate; the reviewer will look
    for the weak items anyway."""
    weighted = [(it, weight) for *_, it in ctx.submission.budget_review.items() if (weight := it.weight)]
    if weighted and all(it.self_score == weight for it, weight in weighted):
        items = [it for it, _ in weighted]
        total = sum((weight for _, weight in weighted), ZERO)
        yield ctx.finding("budget_review.table_score.self_score",
                          f"部门自评 {len(items)} 项全部满分（{num(total)} 分）：请如实自评，把简述较弱的项扣分并说明")


_REFERENCE = re.compile(r"^(请?查看|详见|见|参见|参照)")
_STRIP = re.compile(r"[\s\u3000]+")
_SENTENCE = re.compile(r"[^。；;!?！？，,、]+[。；;!?！？，,、]*")


@lru_cache(maxsize=1024)
def _normal(text: str) -> str:
    return _STRIP.sub("", plain(text)).replace("○", "。")


_K = 4
"""A character of one text counts as found in the other when it lies in a run of at least _K
characters that occurs there: a changed character leaves only itself unfound, so small edits stay far
below ``min_chars``, while common two- and three-character words (项目, 玉溪市) do not count."""
_MISSING = re.compile(rb"\x00+")


def _windows(text: str, k: int = _K) -> list[str]:
    """Every run of *k* characters of *text*, by start: ``text[i:i + k]``."""
    return [text[i:i + k] for i in range(len(text) - k + 1)]


def _missing(a: str, windows: list[str], found: set[str] | frozenset[str], k: int = _K) -> str:
    """The longest run of characters of *a* that none of its *windows* (``_windows(a)``) in *found*
    (the other text's windows) covers, the first one if several are as long: linear in the lengths.
    A text shorter than *k*, or compared with one, shares nothing with the other."""
    n = len(a)
    if n < k or not found:
        return a
    last = n - k  # the last window
    best = (0, 0)
    for m in _MISSING.finditer(bytes(map(found.__contains__, windows))):
        s, e = m.start(), m.end() - 1  # windows s … e are not found; s - 1 and e + 1 (if any) are
        lo = s + k - 1 if s > 0 else 0  # window s - 1 covers up to s + k - 2
        hi = e + 1 if e < last else n  # window e + 1 covers from e + 1 on
        if hi - lo > best[1] - best[0]:
            best = (lo, hi)
    return a[best[0]:best[1]]


@lru_cache(maxsize=1024)
def _gaps(narrative: str, summary: str, min_chars: int) -> tuple[str, str] | None:
    """The longest passage of *narrative* missing from *summary* and vice versa (each at least
    *min_chars* long), or ``None`` when they differ only by small edits. Linear in the lengths
    (k-gram cover, see :func:`_missing`), so wholly different texts cost no more than similar ones."""
    if narrative == summary:
        return None
    # Clauses found word for word on both sides cannot hold a gap: compare only the others (so a
    # clause dropped from its place is not "found" in the repeated phrases of the kept ones).
    a, b = _SENTENCE.findall(narrative), _SENTENCE.findall(summary)
    common = set(a) & set(b)
    narrative = "".join(x for x in a if x not in common)
    summary = "".join(x for x in b if x not in common)
    wa, wb = _windows(narrative), _windows(summary)
    dropped, added = _missing(narrative, wa, set(wb)), _missing(summary, wb, set(wa))
    if len(dropped) < min_chars and len(added) < min_chars:
        return None
    return (dropped if len(dropped) >= min_chars else "", added if len(added) >= min_chars else "")


_QUOTE_CHARS = 40


def _quote(passage: str) -> str:
    """A passage for the message: up to 40 characters, a longer one cut with …… and its length."""
    if len(passage) <= _QUOTE_CHARS + 10:
        return f"“{passage}”"
    return f"“{passage[:_QUOTE_CHARS]}……”（共 {len(passage)} 字）"


@rule("REV-08", Severity.WARNING, REVIEW, "编审表简述与基本信息表对应简述一致",
      params={"min_chars": 10, "links": {
          "1.1(1)": ["basis"], "1.2(1)": ["party_goals"], "1.2(2)": ["content"], "1.2(3)": ["beneficiaries"],
          "2.1(1)": ["pre_assessment", "implementation_plan"], "2.3(1)": ["funding_standard"],
          "3.1(1)": ["organization"], "3.1(2)": ["responsibility"], "3.1(3)": ["savings"],
          "3.1(4)": ["internal_control"], "3.2(1)": ["financial_management"]}}, reads=("budget_review", "narratives"))
def rev_summary_matches_narrative(ctx: Context) -> Iterator[Finding]:
    """The 简述 of a review item repeats the narrative(s) of 项目基本信息表 it reviews (compared after
    NFKC, markup and whitespace removed). A passage dropped or added (≥ 10 characters) means the two
    tables say different things; a summary that only points to another table is left alone. A
    character counts as kept when a run of 4 characters around it is found on the other side, so
    small edits pass; a long passage is quoted by its first 40 characters and its length."""
    links = ctx.param("links", {})
    narratives = {p.path.split(".", 1)[1]: p.text for p in narrative_texts(ctx)}
    min_chars = int(ctx.param("min_chars", 10))
    br = ctx.submission.budget_review
    for prose, (s, g, _i, item) in zip(review_texts(ctx), br.items(), strict=True):
        keys = links.get(f"{br.sections[s].groups[g].number}{item.number}")
        if not keys or not prose.text or _REFERENCE.match(prose.text):
            continue
        source = _normal("".join(narratives.get(k, "") for k in keys))
        if not source:
            continue
        gap = _gaps(source, _normal(prose.text), min_chars)
        if gap is None:
            continue
        dropped, added = gap
        parts = []
        if dropped:
            parts.append(f"少了{_quote(dropped)}")
        if added:
            parts.append(f"多了{_quote(added)}")
        yield ctx.finding(prose.path, f"编审表“{prose.label}”的简述与基本信息表对应的简述不一致：{'，'.join(parts)}。请两表保持一致")


@rule("REV-09", Severity.ERROR, REVIEW, "得分最多两位小数，不为负", reads=("budget_review",))
def rev_score_format(ctx: Context) -> Iterator[Finding]:
    """Scores are written with at most two decimals (76.00), never negative — in the items and in
    本表得分、基建项目补充表得分、总分."""
    br = ctx.submission.budget_review
    cells: list[tuple[tuple[int, int, int] | str, object]] = [((s, g, i), it) for s, g, i, it in br.items()]
    cells += [(k, getattr(br, k)) for k in ("table_score", "supplement_score", "total_score")]
    for where, obj in cells:
        for key, col in COLUMNS:
            score = getattr(obj, key)
            if score is None or (decimals(score) <= 2 and (score >= 0 or isinstance(where, tuple))):
                continue  # a negative item score is REV-02's
            if isinstance(where, tuple):
                path, label = "budget_review.sections[{}].groups[{}].items[{}]".format(*where), _item_label(ctx, *where)
            else:
                path, label = f"budget_review.{where}", _TOTAL_LABELS[where]
            if decimals(score) > 2:
                yield ctx.finding(
                    f"{path}.{key}", f"{label}的{col}“{score}”超过两位小数：得分请保留两位小数，如 {num(score.quantize(Decimal('0.01')))}"
                )
            else:
                yield ctx.finding(f"{path}.{key}", f"{label}的{col}为负数 {num(score)}：请更正")


_TOTAL_LABELS = {"table_score": "本表得分", "supplement_score": "基建项目补充表得分", "total_score": "总分"}


@rule("REV-10", Severity.ERROR, REVIEW, "编审表权重与当年模板一致（规则包给出模板权重时）", params={"weights": {}}, reads=("budget_review",))
def rev_template_weights(ctx: Context) -> Iterator[Finding]:
    """The weights are those of the year's template (the pack's ``weights``: 一 23, 1.1 8,
    1.1(1) 8 …): a received table whose weights were edited — even consistently — is not scored on
    the same scale as the others."""
    template = ctx.param("weights") or {}
    if not template:
        return
    br = ctx.submission.budget_review
    for s, section in enumerate(br.sections):
        yield from _template_check(ctx, template, section.number, section.weight, f"budget_review.sections[{s}].weight",
                                   f"{section.number}、{section.title}")
        for g, group in enumerate(section.groups):
            yield from _template_check(ctx, template, group.number, group.weight,
                                       f"budget_review.sections[{s}].groups[{g}].weight", f"{group.number}{group.title}")
            for i, item in enumerate(group.items):
                yield from _template_check(ctx, template, f"{group.number}{item.number}", item.weight,
                                           f"budget_review.sections[{s}].groups[{g}].items[{i}].weight",
                                           f"{group.number}{item.number} {item.title}")


def _template_check(ctx: Context, template: Mapping[str, Any], key: str, weight: Decimal | None, path: str, label: str) -> Iterator[Finding]:
    expected = template.get(key)
    if expected is not None and weight != Decimal(str(expected)):
        shown = num(weight) if weight is not None else "空白"
        yield ctx.finding(path, f"{label}的权重为 {shown}，{ctx.codes.year} 年模板为 {num(Decimal(str(expected)))} 分：请按模板填写权重")

