"""Narrative rich text (``<p>``, ``<sup>``, ``<sub>``) turned into reportlab Paragraph markup.

A 简述 is stored as HTML-ish text: the seed carries ``<p>…</p>`` and ``m<sup>2</sup>``; the app's
rich-text editor may store a whole HTML document with ``<span style="vertical-align:super">``.
Everything else is escaped, so user text never reaches reportlab's own markup parser raw.

Long narratives are cut into *chunks* (whole sentences, at most :data:`CHUNK_CHARS` characters)
so that each becomes its own table row: reportlab cannot split a table row across pages, but it
can break between rows, and this way no line of a 750-character narrative is ever lost.
"""

from __future__ import annotations

import re
from html import escape
from html.parser import HTMLParser

Run = tuple[str, str]
"""A piece of text and its position: ``""`` (baseline), ``"sup"`` or ``"sub"``."""

CHUNK_CHARS = 200
_SKIP = {"head", "style", "script", "title"}
_BLOCKS = {"p", "div", "li", "br", "tr", "h1", "h2", "h3", "h4", "h5", "h6"}
_CLAUSE_END = "，、,："


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[list[Run]] = [[]]
        self.vertical: list[str] = []
        self.skipping = 0

    def _break(self) -> None:
        if self.paragraphs[-1]:
            self.paragraphs.append([])

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self.skipping += 1
        elif tag in _BLOCKS:
            self._break()
        elif tag in ("sup", "sub"):
            self.vertical.append(tag)
        elif tag == "span":
            style = (dict(attrs).get("style") or "").replace(" ", "").lower()
            if "vertical-align:super" in style:
                self.vertical.append("sup")
            elif "vertical-align:sub" in style:
                self.vertical.append("sub")
            else:
                self.vertical.append("")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCKS:
            self._break()

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self.skipping = max(self.skipping - 1, 0)
        elif tag in _BLOCKS:
            self._break()
        elif tag in ("sup", "sub", "span") and self.vertical:
            self.vertical.pop()

    def handle_data(self, data: str) -> None:
        if self.skipping:
            return
        text = re.sub(r"\s+", " ", data)
        if not text.strip() and not self.paragraphs[-1]:
            return
        mode = next((v for v in reversed(self.vertical) if v), "")
        self.paragraphs[-1].append((text, mode))


def paragraphs(markup: str) -> list[list[Run]]:
    """The paragraphs of a narrative as runs. Text without tags is plain text: newlines part it."""
    if not markup or not markup.strip():
        return []
    if not re.search(r"</?[A-Za-z][^>]*>", markup):
        return [[(line.strip(), "")] for line in markup.splitlines() if line.strip()]
    parser = _Parser()
    parser.feed(markup)
    parser.close()
    result = []
    for para in parser.paragraphs:
        runs = [(t, m) for t, m in para if t]
        if runs and "".join(t for t, _ in runs).strip():
            # trim the paragraph's outer spaces
            first, m0 = runs[0]
            runs[0] = (first.lstrip(), m0)
            last, m1 = runs[-1]
            runs[-1] = (last.rstrip(), m1)
            result.append([r for r in runs if r[0]])
    return result


def _length(runs: list[Run]) -> int:
    return sum(len(t) for t, _ in runs)


def _sentences(runs: list[Run], ends: str = "。；！？;!?") -> list[list[Run]]:
    """Split runs after each sentence end (。；！？, or the given *ends*), keeping superscripts
    inside their sentence."""
    pattern = re.compile(f"(?<=[{re.escape(ends)}])")
    out: list[list[Run]] = [[]]
    for text, mode in runs:
        if mode:
            out[-1].append((text, mode))
            continue
        pieces = [p for p in pattern.split(text) if p]
        for piece in pieces:
            out[-1].append((piece, mode))
            if piece[-1] in ends:
                out.append([])
    return [s for s in out if s]


def _hard_split(runs: list[Run], limit: int) -> list[list[Run]]:
    """A sentence longer than *limit* with no sentence end: cut it every *limit* characters."""
    out: list[list[Run]] = [[]]
    count = 0
    for text, mode in runs:
        while text:
            room = limit - count
            if room <= 0:
                out.append([])
                count, room = 0, limit
            piece, text = text[:room], text[room:]
            out[-1].append((piece, mode))
            count += len(piece)
    return [c for c in out if c]


def chunks(markup: str, limit: int = CHUNK_CHARS) -> list[list[list[Run]]]:
    """The narrative cut into row-sized chunks; each chunk is a list of paragraphs (lists of runs).
    A paragraph stays whole when it fits; a longer one is cut between sentences."""
    result: list[list[list[Run]]] = []
    current: list[list[Run]] = []
    size = 0
    for para in paragraphs(markup):
        if size and size + _length(para) > limit:
            result.append(current)
            current, size = [], 0
        if _length(para) <= limit:
            current.append(para)
            size += _length(para)
            continue
        # a long paragraph: sentences, packed up to the limit
        pieces: list[list[Run]] = []
        for sentence in _sentences(para):
            if _length(sentence) <= limit:
                pieces.append(sentence)
                continue
            for clause in _sentences(sentence, _CLAUSE_END):
                pieces.extend(_hard_split(clause, limit) if _length(clause) > limit else [clause])
        line: list[Run] = []
        for piece in pieces:
            if line and _length(line) + _length(piece) > limit:
                result.append(current + [line])
                current, line = [], []
            line = line + piece
        if line:
            current.append(line)
            size = _length(line)
    if current:
        result.append(current)
    return result


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
"""Control characters (a vertical tab from a spreadsheet cell…) that would print as empty boxes."""


def _clean(text: str) -> str:
    return escape(_CONTROL.sub("", text), quote=False)


def runs_markup(runs: list[Run]) -> str:
    """Runs as reportlab Paragraph markup: text escaped, ``<super>``/``<sub>`` for the raised bits."""
    parts = []
    for text, mode in runs:
        t = _clean(text)
        if mode == "sup":
            parts.append(f"<super>{t}</super>")
        elif mode == "sub":
            parts.append(f"<sub>{t}</sub>")
        else:
            parts.append(t)
    return "".join(parts)


def plain_markup(text: str) -> str:
    """Plain user text (a name, a note) as Paragraph markup: escaped, newlines kept as breaks."""
    return "<br/>".join(_clean(line) for line in (text or "").splitlines())
