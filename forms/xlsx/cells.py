"""Cell values in and out: the one text writer (formula-safe), numbers, years, dates, flags (read by
the parsers of :mod:`forms.values`, which the app's cells share), and the rich-text 简述 (``<p>``,
``<sup>``, ``<sub>``) shown as readable text with real superscripts.

Every user text goes through :func:`put_text`: a text that starts with ``=`` is stored as text,
never as a live formula, and Excel's ``_xHHHH_`` escapes are themselves escaped so that a reader
gives back what was written.
"""

from __future__ import annotations

import html as htmllib
import re
from decimal import Decimal
from functools import lru_cache
from typing import Any

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont

from ..model.common import YesNo
from ..values import cell_text, format_date_cell, parse_date_value, parse_int, parse_year

__all__ = ["cell_text", "format_date_cell", "parse_date_cell", "parse_int", "parse_year"]

FONT_NAME = "宋体"
FONT_SIZE = 10
MONEY_FORMAT = "#,##0.00"
SCORE_FORMAT = "0.00"
YEAR_FORMAT = '0"年"'
NUMBER_FORMAT = "General"

_EXCEL_ESCAPE = re.compile(r"_(x[0-9A-Fa-f]{4}_)")
_INVALID_XML = re.compile("[\ufffe\uffff]")


def clean_text(text: str) -> str:
    """What a cell can hold: control characters and XML non-characters removed, ``_xHHHH_``
    escaped (Excel and calamine would read ``_x0041_`` back as ``A``)."""
    text = ILLEGAL_CHARACTERS_RE.sub("", text)
    text = _INVALID_XML.sub("", text)
    return _EXCEL_ESCAPE.sub(r"_x005F_\1", text)


def put_text(cell, value: Any) -> None:
    """Write user text as text. Blank stays blank (no empty string cell)."""
    if value is None:
        return
    if isinstance(value, CellRichText):
        cell.value = CellRichText([
            TextBlock(part.font, clean_text(part.text)) if isinstance(part, TextBlock) else clean_text(str(part))
            for part in value
        ])
        return
    text = clean_text(str(value))
    if text == "":
        return
    cell.value = text
    cell.data_type = "s"  # "=HYPERLINK(...)" stays text, never a live formula


def put_number(cell, value: Decimal | int | None, fmt: str = MONEY_FORMAT) -> None:
    if value is None:
        return
    cell.value = value
    cell.number_format = fmt


def flag_text(value: YesNo) -> str:
    return "" if value == YesNo.UNSET else value.value


# --- reading ------------------------------------------------------------------------------------

_SPACES = re.compile(r"\s+")


def norm_label(value: Any) -> str:
    """A label as compared: NFKC (full-width brackets and digits), no spaces, no ``*`` marks, no
    trailing colon."""
    if not isinstance(value, str):
        return ""
    return _norm_label(value)


@lru_cache(maxsize=16384)
def _norm_label(value: str) -> str:
    # pure and called thousands of times per workbook on the same few hundred labels: memoised
    # (and every long text of a sheet once: the quick NFKC, which skips text that is NFKC already)
    from ..rules._util import nfkc

    s = nfkc(value)
    return _SPACES.sub("", s).lstrip("*").rstrip(":")


# The parsers of the field kinds are :mod:`forms.values`, shared with the app's cells; the import
# reads through these names.
parse_date_cell = parse_date_value


# --- rich text (简述) ---------------------------------------------------------------------------

_TOKEN = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)\b[^>]*?(/?)>")
_BLOCK = {"p", "div", "li", "br", "tr", "h1", "h2", "h3", "h4"}


def html_runs(markup: str) -> list[tuple[str, str | None]]:
    """A narrative's markup as runs ``(text, vert)`` where *vert* is ``superscript``,
    ``subscript`` or ``None``; paragraphs become newlines. Plain text (no tags) is one run, as is."""
    if not markup:
        return []
    if not _TOKEN.search(markup):
        return [(markup, None)]
    runs: list[tuple[str, str | None]] = []
    for i, ln in enumerate(_html_lines(markup)):
        if i:
            runs.append(("\n", None))
        runs.extend(ln)
    # merge neighbours of the same kind
    merged: list[tuple[str, str | None]] = []
    for text, v in runs:
        if merged and merged[-1][1] == v:
            merged[-1] = (merged[-1][0] + text, v)
        else:
            merged.append((text, v))
    return merged


def _html_lines(markup: str) -> list[list[tuple[str, str | None]]]:
    """The lines of a markup (its paragraphs, blank ones left out), each as runs ``(text, vert)``."""
    line: list[tuple[str, str | None]] = []
    lines: list[list[tuple[str, str | None]]] = []
    vert: list[str] = []
    pos = 0

    def add_text(raw: str) -> None:
        text = htmllib.unescape(raw)
        if not line and not text.strip():
            return
        if text:
            line.append((text, vert[-1] if vert else None))

    def end_line() -> None:
        if line and any(t.strip() for t, _ in line):
            lines.append(list(line))
        line.clear()

    for m in _TOKEN.finditer(markup):
        add_text(markup[pos:m.start()])
        pos = m.end()
        closing, tag = m.group(1), m.group(2).lower()
        if tag in _BLOCK:
            end_line()
        elif tag in ("sup", "sub"):
            if closing:
                if vert:
                    vert.pop()
            elif not m.group(3):
                vert.append("superscript" if tag == "sup" else "subscript")
    add_text(markup[pos:])
    end_line()
    return lines


def html_visible(markup: str) -> str:
    """The text a reader of the cell sees (the text of :func:`html_runs`, without building the
    runs: a received workbook's hidden sheet holds a dozen markups to compare with their cells)."""
    if not markup:
        return ""
    if not _TOKEN.search(markup):
        return markup
    return "\n".join("".join(t for t, _ in ln) for ln in _html_lines(markup))


def rich_value(markup: str) -> CellRichText | str:
    runs = html_runs(markup)
    if not any(v for _, v in runs):
        return "".join(t for t, _ in runs)
    parts: list[Any] = []
    for text, v in runs:
        if v:
            parts.append(TextBlock(InlineFont(rFont=FONT_NAME, sz=FONT_SIZE, vertAlign=v), text))  # type: ignore[arg-type]  # "superscript" | "subscript"
        else:
            parts.append(text)
    return CellRichText(parts)


_MARKUP = re.compile(r"</?(p|sup|sub|br|div|span|b|i|u|strong|em)\b[^<>]*>", re.I)


def cell_to_html(runs: list[tuple[str, str | None]]) -> str:
    """A 简述 cell back to markup. A cell that holds markup as text (pasted from a web system, as
    the seed's cells do: ``<p>…m<sup>2</sup>…</p>``) is taken as the markup it is."""
    if not any(v for _, v in runs):
        text = "".join(t for t, _ in runs)
        if _MARKUP.search(text):
            return text
    return runs_to_html(runs)


def runs_to_html(runs: list[tuple[str, str | None]]) -> str:
    """Text read from a cell (with superscript/subscript runs when known) back to markup: one
    ``<p>`` a line when there are several lines or any superscript, plain text otherwise."""
    text = "".join(t for t, _ in runs)
    if not text.strip():
        return ""
    if "\n" not in text and not any(v for _, v in runs):
        return htmllib.escape(text, quote=False)
    out: list[str] = []
    for line in _split_lines(runs):
        body = "".join(
            f"<sup>{htmllib.escape(t, quote=False)}</sup>" if v == "superscript"
            else f"<sub>{htmllib.escape(t, quote=False)}</sub>" if v == "subscript"
            else htmllib.escape(t, quote=False)
            for t, v in line
        )
        if body.strip():
            out.append(f"<p>{body}</p>")
    return "".join(out)


def _split_lines(runs: list[tuple[str, str | None]]) -> list[list[tuple[str, str | None]]]:
    lines: list[list[tuple[str, str | None]]] = [[]]
    for text, v in runs:
        pieces = text.split("\n")
        for i, piece in enumerate(pieces):
            if i:
                lines.append([])
            if piece:
                lines[-1].append((piece, v))
    return lines
