"""Hits, highlighting, citations and suggestions.

A :class:`Hit` is one clause found: its document, its clause, the sentence of the clause that
carries the query best and where in that sentence the query's words stand (for 【】, ANSI or bold).
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..model import Citation, Submission
from .clauses import Clause, split_sentences
from .index import BM25, query_terms, tokens
from .text import language

if TYPE_CHECKING:  # library imports this module
    from .library import Document

LONG_QUERY = 12
"""Terms; a query longer than this is a text (a suggestion), not a few words typed in."""


@dataclass
class Hit:
    document: Document
    clause: Clause
    score: float
    sentence: str
    spans: list[tuple[int, int]]
    """Start/end offsets of the query's words in :attr:`sentence`."""
    terms: list[str] = field(default_factory=list)
    """The query's words that are highlighted (to mark them elsewhere in the clause too)."""

    @property
    def clause_label(self) -> str:
        return self.clause.ref or self.clause.number or ("导语" if self.clause.kind == "导语" else "（未编号部分）")

    def citation(self) -> Citation:
        return Citation(doc_id=self.document.id, title=self.document.title, clause=self.clause.ref,
                        quote=self.sentence)

    def citation_text(self) -> str:
        """What is inserted into the narrative: ``《title》（七）：“quoted sentence”``."""
        return citation_text(self.citation())

    def marked(self, before: str = "【", after: str = "】") -> str:
        return mark(self.sentence, self.spans, before, after)

    def html(self) -> str:
        return mark_html(self.sentence, self.spans)


def citation_text(c: Citation) -> str:
    return f"《{c.title}》{c.clause}：“{c.quote}”"


def mark(text: str, spans: list[tuple[int, int]], before: str, after: str) -> str:
    out, pos = [], 0
    for a, b in spans:
        out += [text[pos:a], before, text[a:b], after]
        pos = b
    out.append(text[pos:])
    return "".join(out)


def mark_html(text: str, spans: list[tuple[int, int]]) -> str:
    out, pos = [], 0
    for a, b in spans:
        out += [html.escape(text[pos:a]), "<b>", html.escape(text[a:b]), "</b>"]
        pos = b
    out.append(html.escape(text[pos:]))
    return "".join(out)


def spans_for(text: str, terms: list[str]) -> list[tuple[int, int]]:
    """Where the terms stand in *text*: Chinese bigrams as they are, English stems as words that
    begin with them; overlapping and adjacent spans merged (高标+标准+准农+农田 → 高标准农田)."""
    folded = unicodedata.normalize("NFKC", text).lower()
    if len(folded) != len(text):  # a compatibility character changed length: search the text itself
        folded = text.lower()
    found: list[tuple[int, int]] = []
    for term in terms:
        if term[0] >= "\u3400":
            start = folded.find(term)
            while start >= 0:
                found.append((start, start + len(term)))
                start = folded.find(term, start + 1)
        else:
            for m in re.finditer(rf"(?<![a-z0-9]){re.escape(term)}[a-z]*", folded):
                found.append(m.span())
    found.sort()
    merged: list[tuple[int, int]] = []
    for a, b in found:
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], b))
        else:
            merged.append((a, b))
    return merged


def best_sentence(clause: Clause, query: dict[str, float], bm25: BM25,
                  clause_terms: dict[str, float] | None = None) -> tuple[str, list[tuple[int, int]], list[str]]:
    """The clause's sentence that holds the most (and the rarest) query words, with their spans.
    A lone character searched for (粮) is highlighted alone, not with the bigrams it matched."""
    if clause_terms is None:
        clause_terms = dict.fromkeys(tokens(clause.text), 1.0)
    weight: dict[str, float] = {}
    shown: dict[str, str] = {}
    for q in query:
        for t in bm25.expand(q):
            if t in clause_terms:
                weight[t] = max(weight.get(t, 0.0), bm25.idf(t) * query[q])
                shown[t] = q
    best, best_score = "", -1.0
    for sentence in split_sentences(clause.text) or [clause.text]:
        folded = unicodedata.normalize("NFKC", sentence).lower()
        score = sum(w for t, w in weight.items() if t in folded)
        if score > best_score:
            best, best_score = sentence, score
    # in a long query (a suggestion) words found in a fifth of all clauses (建设, 项目, 资金) say
    # nothing about the match: they are not highlighted
    common = max(2, len(bm25.lengths) // 5) if len(query) > LONG_QUERY else len(bm25.lengths)
    marked = sorted({shown[t] for t in weight if len(bm25.postings.get(t, ())) <= common})
    return best, spans_for(best, marked), marked


# --- suggestions --------------------------------------------------------------------------------

NAME_WEIGHT = 2.0
"""The project's name says most about it: its words count double."""


def suggestion_query(submission: Submission) -> str:
    n = submission.narratives
    return "\n".join([submission.basic.name, n.content.text, n.beneficiaries.text, n.basis.text])


def suggest(library, submission: Submission, limit: int = 10) -> list[Hit]:
    """The clauses that bear most on the submission (项目名称, 建设内容, 受益对象, 依据), in its
    language, leaving out documents dated after its budget year (they cannot be its basis)."""
    text = suggestion_query(submission)
    if not text.strip():
        return []
    weights = query_terms(text)
    for term, w in query_terms(submission.basic.name).items():
        weights[term] = weights.get(term, 0.0) + NAME_WEIGHT * w
    return library.search("", limit, lang=language(text), not_after_year=submission.basic.budget_year,
                          weights=weights)
