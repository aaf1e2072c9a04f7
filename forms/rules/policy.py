"""The policies a submission rests on (POL-01 … POL-03): a 依据 that cites nothing, a quotation
that is not in the cited document, a cited document dated after the budget year.

Citations are read from two places: the narrative's :class:`~forms.model.Citation` list (inserted
through the citation panel, kept as references) and what the text itself says — a 《title》
followed by a quotation “…” typed or pasted by hand. Only documents that are in the policy library
can be checked; a 《title》 the library does not hold is taken on trust.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..model import NARRATIVES
from .engine import Context, Finding, Severity, rule

if TYPE_CHECKING:  # the policy library is imported when a rule first needs it
    from ..policy.library import Document, Library

BASIC = "项目基本信息表"
BASIS_LABEL = NARRATIVES[0].label

_TITLE = re.compile(r"《([^《》\n]{2,120})》")
_TITLE_QUOTE = re.compile(r"《([^《》\n]{2,120})》([^《》“”\n]{0,30}?)[：:，,]?\s*“([^“”\n]{4,500})”")


@dataclass
class Cited:
    """One citation found in a narrative, structured or written out in its text."""

    key: str
    field: str
    """The narrative (``narratives.basis``): the field the app shows and jumps to."""
    title: str
    doc_id: str = ""
    clause: str = ""
    quote: str = ""
    number: int = 0
    """1, 2 … for the narrative's inserted citations (``citations[number - 1]``); 0 when typed."""

    @property
    def which(self) -> str:
        return f"第 {self.number} 条引用：" if self.number else ""


def _library(ctx: Context) -> Library:
    from ..policy import default_library

    cached = getattr(ctx, "cached", None)
    library: Library = cached("policy.library", default_library) if cached else default_library()
    return library


def _citations(ctx: Context) -> list[Cited]:
    """Every citation of every narrative, read once per check run (POL-02 and POL-03 both need them)."""
    citations: list[Cited] = ctx.cached("policy.citations", lambda: list(_read_citations(ctx)))
    return citations


def _resolve(ctx: Context, library: Library, c: Cited) -> Document | None:
    """The library's document for citation *c*, looked up once per check run and citation target."""
    memo: dict[tuple[str, str], Document | None] = ctx.cached("policy.resolved", dict)
    key = (c.doc_id, c.title)
    try:
        return memo[key]
    except KeyError:
        doc = memo[key] = library.resolve(c.doc_id, c.title)
        return doc


def _read_citations(ctx: Context) -> Iterator[Cited]:
    """Every citation of every narrative: the structured ones first, then those in the text whose
    quotation no structured citation already carries."""
    narratives = ctx.submission.narratives
    for spec in NARRATIVES:
        narrative = getattr(narratives, spec.key)
        seen: set[str] = set()
        for i, c in enumerate(narrative.citations):
            seen.add(_plain(c.quote))
            yield Cited(spec.key, f"narratives.{spec.key}", c.title, c.doc_id, c.clause, c.quote, i + 1)
        text = narrative.text
        quoted: set[int] = set()
        for m in _TITLE_QUOTE.finditer(text):
            quoted.add(m.start())
            if _plain(m[3]) not in seen:
                yield Cited(spec.key, f"narratives.{spec.key}", m[1], "", m[2].strip(), m[3])
        for m in _TITLE.finditer(text):
            if m.start() not in quoted:
                yield Cited(spec.key, f"narratives.{spec.key}", m[1])


def _plain(s: str) -> str:
    from ..policy import normalize

    return normalize(s).strip("。.；;")


def _label(c: Cited) -> str:
    return f"《{c.title}》{c.clause}" if c.title else c.clause


@rule("POL-01", Severity.WARNING, BASIC, "项目依据引用了政策文件（《文件名》或上传依据）", reads=("narratives",))
def basis_cites_nothing(ctx: Context) -> Iterator[Finding]:
    """项目的法律、法规、政策、会议纪要等依据 names at least one document: a 《title》 in its text,
    a citation inserted from the policy library, or an attached supporting document. A basis that
    names none is what reviewers mark down under 1.1 依据是否充分."""
    basis = ctx.submission.narratives.basis
    if basis.is_blank():
        return  # an empty narrative is the required-text rule's finding
    if basis.citations or basis.attachments or _TITLE.search(basis.text):
        return
    yield ctx.finding(
        "narratives.basis",
        f"“{BASIS_LABEL}”没有引用任何文件：请写明所依据的法律、法规、政策文件或会议纪要的名称（如《……》）及条款，"
        "可在“引用政策”面板中检索并插入，或上传依据文件",
    )


@rule("POL-02", Severity.WARNING, BASIC, "引用政策文件的原话与政策库中的原文一致")
def misquote(ctx: Context) -> Iterator[Finding]:
    """A quotation attributed to a document of the policy library must be in that document (spaces,
    quote styles and final punctuation aside; …… marks an omission), and in the cited clause when
    the clause is named."""
    cites = [c for c in _citations(ctx) if c.quote.strip()]
    if not cites:
        return
    library = _library(ctx)
    from ..policy.library import text_contains

    for c in cites:
        doc = _resolve(ctx, library, c)
        if doc is None:
            continue
        if not doc.contains_quote(c.quote):
            short = c.quote if len(c.quote) <= 40 else c.quote[:40] + "……"
            yield ctx.finding(
                c.field,
                f"{c.which}引用的《{doc.title}》{c.clause}中没有这句话：“{short}”。请对照原文改正引文，"
                "或在“引用政策”面板中重新选取",
            )
            continue
        clause = doc.clause_by_ref(c.clause) if c.clause else None
        if clause is not None and not text_contains(clause.text, c.quote):
            holder = next((k for k in doc.clauses if text_contains(k.text, c.quote)), None)
            where = f"在{holder.ref or '导语'}中" if holder else "不在同一条款中"
            yield ctx.finding(
                c.field,
                f"{c.which}引用的这句话不在《{doc.title}》{c.clause}，而{where}：请改正条款号",
            )


@rule("POL-03", Severity.WARNING, BASIC, "引用的政策文件不晚于项目实施年度")
def cited_after_budget_year(ctx: Context) -> Iterator[Finding]:
    """A submission for budget year N is drafted in year N − 1 or N: a document of the policy
    library dated after year N cannot have been its basis (a wrong year, or a wrong document)."""
    year = ctx.submission.basic.budget_year
    if year is None:
        return
    cites = _citations(ctx)
    if not cites:
        return
    library = _library(ctx)
    reported: set[tuple[str, str]] = set()
    for c in cites:
        doc = _resolve(ctx, library, c)
        if doc is None or doc.date is None or doc.date.year <= year or (c.key, doc.id) in reported:
            continue
        reported.add((c.key, doc.id))
        yield ctx.finding(
            c.field,
            f"{c.which}引用的《{doc.title}》成文于{doc.date.year}年{doc.date.month}月{doc.date.day}日，晚于项目实施年度"
            f"{year}年：编制预算时还没有这份文件，请核对项目实施年度或所引用的文件",
        )

