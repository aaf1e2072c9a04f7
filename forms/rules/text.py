"""The prose of the submission: relative time words, near-copies, required and too-short 简述,
stray characters and typos, literal markup, references to tables that do not exist
(TEXT-01 … TEXT-05, DOC-01)."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from functools import lru_cache

from ..model import DETAIL_TABLE, NARRATIVES, TABLES
from ._util import Prose, all_prose, construction_texts, first, narrative_texts, needs, review_texts, scan, snippet
from .engine import Context, Finding, Severity, rule

BASIC = "项目基本信息表"

_RELATIVE = re.compile(r"今年|明年|后年|去年|前年(?<![以之往提]前年)|来年|次年|本年度|下年度|上年度|下一年|上一年")
# (the look-behind after 前年 rather than before it: every branch then starts with a literal, which
# lets the regex engine skip to the candidate characters instead of trying each position)


@rule("TEXT-01", Severity.WARNING, BASIC, "简述不用“明年”“今年”等相对时间，写明具体年份",
      reads=("basic.budget_year", "budget_review", "construction_review", "narratives", "performance"))
def text_relative_time(ctx: Context) -> Iterator[Finding]:
    """A submission covers several years and is read years later: 明年, 今年, 去年, 下年度 … are
    ambiguous there. Write the year (2021年上半年)."""
    year = ctx.submission.basic.budget_year
    offsets = {"今年": 0, "本年度": 0, "明年": 1, "来年": 1, "次年": 1, "下年度": 1, "下一年": 1, "后年": 2,
               "去年": -1, "上年度": -1, "上一年": -1, "前年": -2}
    for prose in all_prose(ctx):
        match = first(_RELATIVE, prose.text)
        if not match:
            continue
        hint = f"（按实施年度 {year} 应为 {year + offsets[match[0]]}年）" if year else ""
        yield ctx.finding(
            prose.path,
            f"“{prose.label}”用了相对时间“{match[0]}”（{snippet(prose.text, match.start(), match.end())}）：请写明具体年份{hint}",
            table=prose.table,
        )


_NOISE = re.compile(r"[\s\u3000。，、；：,.;:!?！？“”\"'‘’（）()《》<>\-—○]+")


@lru_cache(maxsize=1024)
def _bare(text: str) -> str:
    """*text* without punctuation and spaces: what the similarity compares."""
    return _NOISE.sub("", text)


@lru_cache(maxsize=1024)
def _shingles(text: str) -> frozenset[int]:
    """The character bigrams of *text* (punctuation and spaces ignored), each as one 64-bit number:
    the UTF-32 code points of its two characters side by side. Read from the encoded text in two
    strides (bigrams at even, then at odd positions) without making a string per bigram; the
    numbers stand one-to-one for the bigrams, so set sizes and intersections are those of the
    bigram strings."""
    s = _bare(text)
    n = len(s)
    data = memoryview(s.encode("utf-32-le", "surrogatepass"))
    bigrams = set(data[:8 * (n // 2)].cast("Q"))  # characters 0-1, 2-3, …
    bigrams.update(data[4:4 + 8 * ((n - 1) // 2)].cast("Q"))  # characters 1-2, 3-4, …
    return frozenset(bigrams)


@lru_cache(maxsize=2048)
def _ratio(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, _bare(a), _bare(b), autojunk=False).ratio()


@lru_cache(maxsize=4096)
def similarity(a: str, b: str) -> float:
    """How alike two texts are (difflib's ratio, punctuation and spaces ignored), with a cheap
    bigram-set prefilter: pairs whose bigram sets differ much score 0 without running difflib."""
    sa, sb = _shingles(a), _shingles(b)
    if not sa or not sb:
        return 0.0
    small, large = sorted((len(sa), len(sb)))
    if small < 0.8 * large:  # Jaccard ≤ small/large: cannot be near-copies
        return 0.0
    common = len(sa & sb)
    if common / (len(sa) + len(sb) - common) < 0.7:  # Jaccard: |A∩B| / |A∪B|
        return 0.0
    return _ratio(a, b)


def near_copies(texts: list[Prose], threshold: float, min_chars: int) -> list[tuple[Prose, Prose, float]]:
    """Pairs of texts at least *threshold* similar. Each pair's score is remembered, so a re-check
    after one edit compares only the edited text again. Pairs whose lengths alone keep them below
    *threshold* are not compared: difflib's ratio is 2·matches / (len a + len b), and matches ≤ the
    shorter length."""
    items = [p for p in texts if len(p.text) >= min_chars]
    sizes = [len(_bare(p.text)) for p in items]
    pairs = []
    for j in range(1, len(items)):
        for i in range(j):
            total = sizes[i] + sizes[j]
            if (2.0 * min(sizes[i], sizes[j]) / total if total else 0.0) < threshold:
                continue  # the best ratio these lengths allow is below the threshold
            r = similarity(items[i].text, items[j].text)
            if r >= threshold:
                pairs.append((items[i], items[j], r))
    return pairs


@rule("TEXT-02", Severity.WARNING, BASIC, "不同项目的简述不是彼此的（近似）复制", params={"threshold": 0.9, "min_chars": 20},
      reads=("construction_review", "narratives"))
def text_near_copies(ctx: Context) -> Iterator[Finding]:
    """Two 简述 of different items that are (nearly) the same text answer neither question — the
    reviewer gave 0 to the seed's identical 内控机制 and 财务管理制度. Compared within 项目基本信息表
    and within the supplement."""
    threshold = float(ctx.param("threshold", 0.9))
    min_chars = int(ctx.param("min_chars", 20))
    for group in (narrative_texts(ctx), construction_texts(ctx)):
        for a, b, r in near_copies(group, threshold, min_chars):
            same = "完全相同" if r >= 0.995 else f"几乎相同（相似度 {r:.0%}）"
            yield ctx.finding(b.path, f"“{b.label}”与“{a.label}”的简述{same}：每项应针对本项内容分别说明", table=b.table)


_REFERENCE = re.compile(r"^(请?查看|详见|见|参见|参照)")


@rule("TEXT-03", Severity.ERROR, BASIC, "必填简述不为空（错误），也不过短（少于 50 字为警告）",
      params={"required": [spec.key for spec in NARRATIVES], "min_chars": 50}, reads=("budget_review", "narratives"))
def text_required(ctx: Context) -> Iterator[Finding]:
    """The narratives of 项目基本信息表 are required; a 简述 under 50 characters (the seed's 2.2(4), which
    the reviewer called 简述简单) rarely says enough. Review summaries that only point to another
    table are left to DOC-01."""
    required = set(ctx.param("required", []))
    min_chars = int(ctx.param("min_chars", 50))
    for prose in narrative_texts(ctx):
        key = prose.path.split(".", 1)[1]
        if not prose.text:
            if key in required:
                yield ctx.finding(prose.path, f"“{prose.label}”的简述是空的：请填写")
        elif len(prose.text) < min_chars:
            yield ctx.finding(prose.path, f"“{prose.label}”的简述只有 {len(prose.text)} 个字：内容过于简单，请具体说明（至少 {min_chars} 字左右）",
                              severity=Severity.WARNING)
    for prose in review_texts(ctx):
        if not prose.text:
            yield ctx.finding(prose.path, f"编审表“{prose.label}”的简述是空的：请填写", table=prose.table, severity=Severity.WARNING)
        elif len(prose.text) < min_chars and not _REFERENCE.match(prose.text):
            yield ctx.finding(prose.path, f"编审表“{prose.label}”的简述只有 {len(prose.text)} 个字：内容过于简单，请具体说明",
                              table=prose.table, severity=Severity.WARNING)


_STRAY = needs(re.compile(r"\s*[○◯](?=\s*$|\s*\n)"), "○", "◯")
_DOUBLED = re.compile(r"由由|与与|为为|将将|及及|并并|于于|被被|按按|的的(?!确)|在在(?<!实实在在)")
# (literal branches, no back-reference: the regex engine skips to the candidate characters)


def _name_head(name: str, *units: str) -> str:
    """The proper name a project's title starts with (玉溪海关), when it starts with the place its
    department is named after (玉溪市商务局): generic openings (城乡居民…) are left alone."""
    match = re.match(r"[\u4e00-\u9fff]{4}", name.strip())
    if not match or not any(u.strip()[:2] == match[0][:2] for u in units if u):
        return ""
    return match[0]


@lru_cache(maxsize=64)
def _misspellings(head: str) -> re.Pattern[str] | None:
    """A pattern for *head* with one inner character changed (玉海海关) or dropped (玉海关)."""
    if len(head) < 3:
        return None
    variants = [re.escape(head[:k]) + f"[^{re.escape(head[k])}]" + re.escape(head[k + 1:]) for k in range(1, len(head) - 1)]
    variants += [re.escape(head[:k] + head[k + 1:]) for k in range(1, len(head) - 1)]
    return re.compile("|".join(variants))


def _typos(text: str, head: str) -> list[str]:
    pattern = _misspellings(head) if head else None
    if pattern is None or head[0] not in text:
        return []
    return [f"“{mt[0]}”疑为“{head}”" for mt in scan(pattern, text)]


@rule("TEXT-04", Severity.INFO, BASIC, "错别字和多余字符：句末“○”、重复字（“由由”）、项目名称写错",
      reads=("basic.competent_dept", "basic.name", "basic.unit_name", "budget_review", "construction_review", "narratives", "performance"))
def text_typos(ctx: Context) -> Iterator[Finding]:
    """Stray characters and typos a proof-reader marks: ``○`` typed for ``。``, a doubled function
    word (工作人员由由…), the project's own name miswritten (玉海海关 for 玉溪海关)."""
    b = ctx.submission.basic
    head = _name_head(b.name, b.competent_dept, b.unit_name)
    for prose in all_prose(ctx):
        problems = _proofread(prose.text, head)
        if problems:
            yield ctx.finding(prose.path, f"“{prose.label}”：{problems}。请校对", table=prose.table)


@lru_cache(maxsize=2048)
def _proofread(text: str, head: str) -> str:
    problems = []
    if first(_STRAY, text):
        problems.append("句末的“○”应为“。”")
    problems += [f"“{mt[0]}”多了一个“{mt[0][0]}”" for mt in scan(_DOUBLED, text)]
    problems += _typos(text, head)
    return "；".join(dict.fromkeys(problems))


_TAG = re.compile(r"<\s*/?\s*(p|sup|sub|br|span|div|b|i|u|strong|em|font)\b[^>]*>|&nbsp;|&lt;|&gt;|&amp;", re.I)


@rule("TEXT-05", Severity.INFO, "项目支出预算编审表", "纯文本栏中没有 HTML 标记（<p>、<sup> 会原样打印）",
      reads=("budget_review", "construction_review", "narratives", "performance"))
def text_literal_markup(ctx: Context) -> Iterator[Finding]:
    """Only the narratives of 项目基本信息表 are rich text. Elsewhere (编审表 and supplement 简述, goals,
    notes) markup such as ``m <sup>2</sup>`` or ``<p>`` is printed as it stands; write m² instead."""
    s = ctx.submission
    fields = [(f"budget_review.sections[{si}].groups[{g}].items[{i}].summary", "项目支出预算编审表",
               (s.budget_review.sections[si].groups[g].number, it.number), it.summary)
              for si, g, i, it in s.budget_review.items() if "<" in it.summary or "&" in it.summary]
    if s.construction_review is not None:
        fields += [(f"construction_review.sections[{si}].items[{i}].summary", "基本建设项目支出预算补充编审表",
                    (s.construction_review.sections[si].number, it.number), it.summary)
                   for si, i, it in s.construction_review.items() if "<" in it.summary or "&" in it.summary]
    for i, g in enumerate(s.performance.annual_goals):
        fields += [(f"performance.annual_goals[{i}].{key}", "项目绩效目标表", (f"{g.year}", label), getattr(g, key))
                   for key, label in (("goal", "年度目标"), ("note", "年度目标备注")) if "<" in getattr(g, key)]
    for path, table, label, raw in fields:
        tags = list(dict.fromkeys(mt[0] for mt in scan(_TAG, raw)))
        if tags:
            hint = "（上标写成 m²）" if any("sup" in t.lower() for t in tags) else ""
            yield ctx.finding(
                path,
                f"{table.removeprefix('项目支出预算').removeprefix('基本建设项目支出预算')}“{''.join(label)}”"
                f"的简述含 HTML 标记 {' '.join(tags[:4])}，"
                f"打印和导出时会原样显示：请删去标记{hint}",
                table=table,
            )


_VAGUE = {"下表", "上表", "本表", "此表", "该表", "各表", "附表"}
_TABLE_REF = re.compile(r"(?:请查看|查看|详见|参见|参阅|参照)《?([\u4e00-\u9fff（）()]{2,24}?表)》?")


@rule("DOC-01", Severity.WARNING, "项目支出预算编审表", "简述引用的表在申报中存在",
      params={"known": ["绩效目标表", "年度目标表", "基本信息表", "采购表", "购买服务表", "补充编审表", "编审表", "转移支付表",
                        "转移支付支出预算明细表"]},
      reads=("budget_review", "construction_review", "detail", "narratives", "performance"))
def doc_tables_exist(ctx: Context) -> Iterator[Finding]:
    """A 简述 that sends the reader to a table (请查看项目支出预算明细表) must name one the submission
    has; the seed points at a 项目支出预算明细表 that is not among its seven tables. The 明细表 counts as
    there once it has a line."""
    has_detail = not ctx.submission.detail.is_empty()  # a line that is not blank; the other tables always print
    present = [name for key, name in TABLES if key != "detail" or has_detail]
    known = set(present) | set(ctx.param("known", []))
    for prose in all_prose(ctx):
        for match in scan(_TABLE_REF, prose.text):
            name = match[1]
            if name in known or name in _VAGUE or name.startswith("附") or any(name.endswith(k) for k in known):
                continue
            fix = (f"请填写{DETAIL_TABLE}（每行写明经济分类、各年金额和测算依据）" if name == DETAIL_TABLE
                   else "请附上该表")
            yield ctx.finding(prose.path, f"“{prose.label}”要求查看“{name}”，但申报中没有这张表（现有：{'、'.join(present)}）："
                                          f"{fix}，或直接在简述中写明内容", table=prose.table)
