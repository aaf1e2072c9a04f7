"""Terms and ranking: Chinese as overlapping character bigrams, English as lower-case word stems,
ranked with Okapi BM25.

Why bigrams and not jieba: jieba needs 0.65–0.75 s to load its dictionary in every new process
(measured on these machines, with its cache file warm), which a search box or a one-shot
``budgetforms policy search`` would pay before the first hit; bigrams need no dictionary, match any
word the user types (高标准农田 → 高标 标准 准农 农田) and are what Lucene's CJK analyser does. The
terms of every clause are kept in the index on disk, so a search after loading only tokenises the
query.
"""

from __future__ import annotations

import json
import logging
import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from ..locations import resource

log = logging.getLogger(__name__)

_RUN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+|[a-z0-9]+(?:'[a-z]+)?")
_STOP = frozenset(
    "a an and are as at be by for from has have in into is it its of on or that the their this to "
    "was were will with we our shall should all any more than such other which who also not been".split()
)
K1 = 1.5
B = 0.75
TITLE_WEIGHT = 2
"""A clause's title (its first sentence) counts this many times: it says what the clause is about."""


def _stem(word: str) -> str:
    """Plural to singular, enough to match trade/trades and policy/policies."""
    if word.isdigit() or len(word) <= 3:
        return word
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def tokens(text: str) -> list[str]:
    """The terms of *text*, in order: CJK runs as bigrams (a lone character as itself), other
    letters and digits as stemmed lower-case words without stop words."""
    s = unicodedata.normalize("NFKC", text).lower()
    out: list[str] = []
    for m in _RUN.finditer(s):
        run = m.group()
        if run[0] >= "\u3400":
            out += [run[i:i + 2] for i in range(len(run) - 1)] if len(run) > 1 else [run]
        elif run not in _STOP:
            out.append(_stem(run))
    return out


@dataclass
class BM25:
    """An inverted index over units (clauses), each given as a term → frequency mapping."""

    lengths: list[float] = field(default_factory=list)
    postings: dict[str, list[tuple[int, float]]] = field(default_factory=dict)
    """term → (unit, term frequency) for every unit that has the term."""
    _by_char: dict[str, list[str]] | None = field(default=None, repr=False)

    @classmethod
    def build(cls, units: list[dict[str, float]]) -> BM25:
        index = cls()
        postings = index.postings
        for i, tf in enumerate(units):
            index.lengths.append(sum(tf.values()))
            for term, n in tf.items():
                plist = postings.get(term)
                if plist is None:
                    postings[term] = [(i, n)]
                else:
                    plist.append((i, n))
        return index

    @property
    def avgdl(self) -> float:
        return (sum(self.lengths) / len(self.lengths)) if self.lengths else 1.0

    def idf(self, term: str) -> float:
        n = len(self.lengths)
        df = len(self.postings.get(term, ()))
        return math.log(1 + (n - df + 0.5) / (df + 0.5))

    def expand(self, term: str) -> list[str]:
        """A lone Chinese character matches the bigrams that contain it."""
        if len(term) == 1 and term >= "\u3400" and term not in self.postings:
            if self._by_char is None:
                self._by_char = {}
                for t in self.postings:
                    if len(t) == 2 and t[0] >= "\u3400":
                        self._by_char.setdefault(t[0], []).append(t)
                        if t[1] != t[0]:
                            self._by_char.setdefault(t[1], []).append(t)
            return self._by_char.get(term, [])
        return [term]

    def scores(self, query: dict[str, float], allowed: set[int] | None = None) -> dict[int, float]:
        """BM25 score of every unit that contains a query term (query term → weight)."""
        avgdl = self.avgdl
        out: dict[int, float] = {}
        for qterm, weight in query.items():
            for term in self.expand(qterm):
                plist = self.postings.get(term)
                if not plist:
                    continue
                idf = self.idf(term) * weight
                for unit, tf in plist:
                    if allowed is not None and unit not in allowed:
                        continue
                    norm = tf * (K1 + 1) / (tf + K1 * (1 - B + B * self.lengths[unit] / avgdl))
                    out[unit] = out.get(unit, 0.0) + idf * norm
        return out


def unit_terms(title: str, text: str) -> dict[str, float]:
    tf = Counter(tokens(text))
    for t in tokens(title):
        tf[t] += TITLE_WEIGHT - 1
    return dict(tf)


def query_terms(text: str) -> dict[str, float]:
    """The query's terms with weights: repeated terms count, but with diminishing weight."""
    counts = Counter(tokens(text))
    if len(counts) > 1:  # a lone character (12家) or a small number stands for something only when searched alone
        counts = Counter({t: n for t, n in counts.items()
                          if (len(t) > 1 or t < "\u3400") and not (t.isdigit() and len(t) < 4)})
    return {t: 1.0 + math.log(n) for t, n in counts.items()}


# --- the other language -------------------------------------------------------------------------

GLOSSARY = resource("policy", "glossary.json")


@lru_cache(maxsize=1)
def _glossary() -> tuple[float, tuple[tuple[str, str], ...]]:
    try:
        data = json.loads(GLOSSARY.read_text(encoding="utf-8"))
        pairs = tuple((str(zh), str(en).lower()) for zh, en in data["pairs"])
        return float(data.get("weight", 0.8)), pairs
    except (OSError, ValueError, KeyError, TypeError) as exc:
        log.warning("policy glossary %s unreadable, cross-language search off: %s", GLOSSARY, exc)
        return 0.0, ()


def cross_terms(text: str) -> dict[str, float]:
    """The other language's terms for the glossary phrases in *text* (外贸 → foreign, trade),
    at the glossary's lower weight; terms the query already has keep their own weight."""
    weight, pairs = _glossary()
    folded = unicodedata.normalize("NFKC", text).lower()
    out: dict[str, float] = {}
    for zh, en in pairs:
        other = en if zh in folded else zh if re.search(rf"(?<![a-z]){re.escape(en)}(?![a-z])", folded) else None
        if other:
            for t in tokens(other):
                out[t] = weight
    return out


def search_terms(text: str) -> dict[str, float]:
    """A search box's query: its own terms, plus the other language's for glossary phrases."""
    own = query_terms(text)
    for t, w in cross_terms(text).items():
        own.setdefault(t, w)
    return own
