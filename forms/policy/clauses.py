"""Splitting a document into its numbered clauses, as the text numbers them.

A clause starts at a line that opens with a number: ``一、`` ``(一)`` ``（一）`` ``1.`` ``(1)``
``第十条`` ``第二章`` ``①``, and in English ``First,`` ``V.`` ``Six,`` ``(seventeen)`` ``(VI)``.
Which numbering is nested in which is learnt from the document itself: the first style met is the
top level, a style first met inside another is its child (so ``(一)`` sits under ``一、`` and, in
the English text, ``(1)`` under ``First,``).

Scraped texts carry page furniture: a clause repeated word for word (a web page that printed a
column twice) is kept once; a newspaper's ``上接第一版`` ends the numbered part, and what follows is
kept as one unnumbered tail of kind :data:`OTHER_ARTICLE` (another article of the same page: not
searched, not quotable as this document); ``责任编辑：`` lines are dropped.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass

from .text import normalize

_CN = r"[一二三四五六七八九十百零〇两]+"
_EN_CARDINALS = ("one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
                 "fifteen sixteen seventeen eighteen nineteen").split()
_EN_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50}
_EN_ORDINALS = ("first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth "
                "thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth").split()
_EN_WORD = r"(?:(?:twenty|thirty|forty|fifty)(?:-(?:one|two|three|four|five|six|seven|eight|nine))?|" + "|".join(
    sorted(_EN_CARDINALS, key=len, reverse=True)) + ")"
_ROMAN = r"[IVXLivxl]{1,6}"
_EN_SECTION_WORD = "|".join(w.capitalize() for w in sorted(_EN_ORDINALS + _EN_CARDINALS, key=len, reverse=True))

# (kind, pattern); the number is group "n". Order matters: the first pattern that matches wins.
_MARKERS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("第章", re.compile(rf"^第\s*(?P<n>{_CN}|\d+)\s*[章编]\s*")),
    ("第节", re.compile(rf"^第\s*(?P<n>{_CN}|\d+)\s*节\s*")),
    ("第条", re.compile(rf"^第\s*(?P<n>{_CN}|\d+)\s*条\s*")),
    ("一、", re.compile(rf"^(?P<n>{_CN})\s*[、．]\s*")),
    ("(一)", re.compile(rf"^[(（]\s*(?P<n>{_CN})\s*[)）]\s*")),
    ("1.", re.compile(r"^(?P<n>\d{1,3})\s*[.．、](?!\d)\s*")),
    ("(1)", re.compile(rf"^[(（]\s*(?P<n>\d{{1,3}}|{_EN_WORD}|{_ROMAN})\s*[)）]\s*", re.I)),
    ("①", re.compile(r"^(?P<n>[\u2460-\u2473])\s*")),
    ("First,", re.compile(rf"^(?P<n>{_EN_SECTION_WORD}|[IVXL]{{1,6}})\s*[,.]\s+")),
)

OTHER_ARTICLE = "另文"
"""The kind of the text after a newspaper's 上接第一版: the rest of the page, not this document."""

_PAGE_JOIN = re.compile(r"^\s*(?:上接|下转|接上|转下)第?\s*[一二三四五六七八九十\d]+\s*版")
_FURNITURE = re.compile(r"^\s*(?:责任编辑|编辑|校对)\s*[:：]")
_SENTENCE_END = re.compile(r"(?<=[。！？!?])|(?<=[.;])\s+(?=[A-Z(])|(?<=\.)(?=\([A-Z])")
"""After 。！？; after an English full stop before a capital or a parenthesis (000's “….(Lead unit: …)”)."""


@dataclass
class Clause:
    """One numbered clause (or the document's unnumbered preamble/tail, with ``number == ""``)."""

    id: str
    """Stable within the document's text: ``c0``, ``c1`` … in reading order."""
    number: str
    """The number as written, tidied: ``一、`` ``（七）`` ``(seventeen)`` ``First`` ``第十条``."""
    kind: str
    """The numbering style (``一、`` ``(一)`` ``1.`` ``(1)`` ``第条`` ``First,`` …)."""
    value: int
    """The number's value (七 → 7, seventeen → 17, VI → 6); 0 when unnumbered."""
    level: int
    parent: str | None
    """The id of the enclosing clause, ``None`` at top level."""
    title: str
    """The clause's first sentence without its number: ``加强高标准农田建设``."""
    text: str
    """The clause's own text (without its number, without its sub-clauses)."""
    has_children: bool = False
    ref: str = ""
    """How a citation names it: ``（七）`` when that number is unique in the document, else with
    its parent's number (``四（二）``); a top-level ``一、`` becomes ``第一部分``."""

    def to_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict) -> Clause:
        return cls(**data)

    def sentences(self) -> list[str]:
        return split_sentences(self.text)


def split_sentences(text: str) -> list[str]:
    out: list[str] = []
    for para in text.split("\n"):
        out += [s.strip() for s in _SENTENCE_END.split(para) if s.strip()]
    return out


def _value(kind: str, raw: str) -> int:
    raw = raw.strip()
    if raw.isdecimal():
        return int(raw)
    if kind == "①":
        return ord(raw) - 0x2460 + 1
    if re.fullmatch(_CN, raw):
        import cn2an  # (~0.15 s to import: only when a document numbers its clauses in words)

        try:
            return int(cn2an.cn2an(raw.replace("两", "二"), "smart"))
        except (ValueError, KeyError):
            return 0
    low = raw.lower()
    if low in _EN_ORDINALS:
        return _EN_ORDINALS.index(low) + 1
    if low in _EN_CARDINALS:
        return _EN_CARDINALS.index(low) + 1
    head, _, tail = low.partition("-")
    if head in _EN_TENS:
        return _EN_TENS[head] + (_EN_CARDINALS.index(tail) + 1 if tail in _EN_CARDINALS else 0)
    return _roman(low)


def _roman(s: str) -> int:
    digits = {"i": 1, "v": 5, "x": 10, "l": 50}
    if not s or any(c not in digits for c in s):
        return 0
    total = 0
    for a, b in zip(s, s[1:] + " ", strict=True):
        va, vb = digits[a], digits.get(b, 0)
        total += -va if va < vb else va
    return total


def _marker(line: str) -> tuple[str, str, int, str] | None:
    """(kind, number as written, value, rest of the line) when the line opens a clause."""
    for kind, pattern in _MARKERS:
        m = pattern.match(line)
        if not m:
            continue
        value = _value(kind, m["n"])
        if value <= 0:
            continue
        rest = line[m.end():].strip()
        if not rest:
            continue
        return kind, _tidy_number(kind, m["n"]), value, rest
    return None


def _tidy_number(kind: str, n: str) -> str:
    n = n.strip()
    if kind == "一、":
        return f"{n}、"
    if kind == "(一)":
        return f"（{n}）"
    if kind == "(1)":
        return f"({n})"
    if kind == "1.":
        return f"{n}."
    if kind in ("第章", "第节", "第条"):
        return f"第{n}{kind[1]}"
    return n


def _first_sentence(text: str) -> str:
    first = text.split("\n", 1)[0]
    m = re.search(r"[。！？!?]|\.(?:\s|$)|[(（]Lead unit", first)
    title = first[: m.start()] if m else first
    title = re.sub(r"(?<=[\u4e00-\u9fff])\s+(?=\d)|(?<=\d)\s+(?=[\u4e00-\u9fff])", "", title)
    return title.strip().rstrip("；;：:，,、 ")[:80]


def split(text: str) -> tuple[list[str], list[Clause]]:
    """The heading lines (before the first clause) and the clauses in reading order."""
    heading: list[str] = []
    raw: list[dict] = []  # clauses under construction
    stack: list[dict] = []  # open clauses, outermost first
    kinds: list[str] = []  # numbering styles in nesting order, as learnt
    current: dict | None = None
    tail: dict | None = None
    for line in text.split("\n"):
        line = line.strip().lstrip("#").strip()
        if not line or _FURNITURE.match(line):
            continue
        if _PAGE_JOIN.match(line) and raw:
            tail = {"kind": OTHER_ARTICLE, "number": "", "value": 0, "level": 0, "parent": None, "lines": []}
            raw.append(tail)
            current = tail
            continue
        found = _marker(line) if tail is None else None
        if found is None:
            if current is None:
                heading.append(line)
            else:
                current["lines"].append(line)
            continue
        kind, number, value, rest = found
        if kind in kinds:
            depth = kinds.index(kind)
        else:
            depth = len(stack)
            kinds.insert(depth, kind) if depth <= len(kinds) else kinds.append(kind)
        del stack[depth:]
        node = {"kind": kind, "number": number, "value": value, "level": len(stack),
                "parent": stack[-1] if stack else None, "lines": [rest]}
        raw.append(node)
        stack.append(node)
        current = node
    paragraphs = [line for line in heading if _is_paragraph(line)]
    if paragraphs:
        raw.insert(0, {"kind": "导语", "number": "", "value": 0, "level": 0, "parent": None, "lines": paragraphs})
    return heading, _finish(raw)


def _is_paragraph(line: str) -> bool:
    """A heading line that is running text (the preamble), not a title, issuer or date line."""
    return len(line) >= 60 or (len(line) >= 20 and line.endswith(("。", ".", "：", ":")))


def _finish(raw: list[dict]) -> list[Clause]:
    clauses: list[Clause] = []
    ids: dict[int, str] = {}
    seen: set[tuple[str, str]] = set()
    dropped: set[int] = set()
    for node in raw:
        body = "\n".join(node["lines"])
        key = (node["number"], normalize(body))
        parent = node["parent"]
        if key in seen or (parent is not None and id(parent) in dropped):
            dropped.add(id(node))  # printed twice on the page it was taken from
            continue
        seen.add(key)
        cid = f"c{len(clauses)}"
        ids[id(node)] = cid
        clauses.append(Clause(
            id=cid, number=node["number"], kind=node["kind"], value=node["value"], level=node["level"],
            parent=ids.get(id(parent)) if parent is not None else None,
            title=_first_sentence(body) if node["number"] else "", text=body,
        ))
    by_id = {c.id: c for c in clauses}
    for c in clauses:
        if c.parent:
            by_id[c.parent].has_children = True
    numbers: dict[str, list[str]] = {}
    for c in clauses:
        numbers.setdefault(c.kind, []).append(c.number)
    restarts = {kind for kind, ns in numbers.items() if len(ns) != len(set(ns))}
    for c in clauses:
        c.ref = _ref(c, by_id, restarts)
    return clauses


def _ref(c: Clause, by_id: dict[str, Clause], restarts: set[str]) -> str:
    """Numbers that restart under each parent (（一） in every part) are named with the parent's."""
    if not c.number:
        return ""
    own = f"第{c.number.rstrip('、')}部分" if c.kind == "一、" else c.number
    if c.kind not in restarts or c.parent is None:
        return own
    return _ref(by_id[c.parent], by_id, restarts) + own
