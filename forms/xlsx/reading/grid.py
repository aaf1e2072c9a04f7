"""One sheet (or one table's rows of a sheet) as a grid of values, and the label finder every table
reader shares: where a label stands (compared after :func:`~forms.xlsx.cells.norm_label`), the
header row of a table, the value right of a label, and which texts around a table are captions."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, Iterable

from openpyxl.utils import get_column_letter

from ...layouts import FieldSpec
from ...model import TABLES
from .. import guard
from ..cells import _norm_label, cell_text, norm_label

_CN_NUM = "一二三四五六七八九十"


@lru_cache(maxsize=None)
def _column_letter(c: int) -> str:
    """Letters of the 0-based column *c* (``A`` for 0)."""
    return get_column_letter(c + 1)


class Grid:
    """A sheet's values (0-based rows and columns), its merged ranges, and which cells were used."""

    def __init__(self, name: str, rows: list[list[Any]], merges: Iterable, uncached: Iterable[str],
                 errors: dict[str, str] | None = None):
        self.name = name
        self.rows = rows
        self.nrows = len(rows)
        self.ncols = max(map(len, rows), default=0)
        self.merge_end: dict[tuple[int, int], tuple[int, int]] = {}
        self.covered: set[tuple[int, int]] = set()
        for (r0, c0), (r1, c1) in merges:
            self.merge_end[(r0, c0)] = (r1, c1)
            # every cell of the range but its first (top left), which holds the value
            self.covered.update([(r, c) for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)][1:])
        self.uncached = {_parse_addr(a) for a in uncached}
        self.errors = {_parse_addr(a): e for a, e in (errors or {}).items()}
        self.used: set[tuple[int, int]] = set()
        self._filled: dict[int, list[int]] = {}
        self._labels: dict[str, list[tuple[int, int]]] | None = None

    @property
    def labels(self) -> dict[str, list[tuple[int, int]]]:
        """Where each text stands, by the text as compared (:func:`norm_label`). Built when first
        asked for: the app's hidden sheet, all long markup, is read without it."""
        if self._labels is None:
            self._labels = {}
            for r, row in enumerate(self.rows):
                for c, v in enumerate(row):
                    if isinstance(v, str) and v:
                        self._labels.setdefault(_norm_label(v), []).append((r, c))
        return self._labels

    def value(self, r: int, c: int) -> Any:
        if 0 <= r < self.nrows:
            row = self.rows[r]
            if 0 <= c < len(row):
                v = row[c]
                return None if v == "" else v
        return None

    def text(self, r: int, c: int) -> str:
        return cell_text(self.value(r, c))

    def label(self, r: int, c: int) -> str:
        """The text at (r, c) as compared (:func:`norm_label`); "" for a blank or anything but
        text. (Asked for thousands of times per workbook: written out rather than through
        :meth:`value`.)"""
        if 0 <= r < self.nrows:
            row = self.rows[r]
            if 0 <= c < len(row):
                v = row[c]
                if v and isinstance(v, str):
                    return _norm_label(v)
        return ""

    def addr(self, r: int, c: int) -> str:
        return f"{self.name}!{_column_letter(c)}{r + 1}"

    def span(self, r: int, c: int) -> tuple[int, int]:
        return self.merge_end.get((r, c), (r, c))

    def find(self, labels: Iterable[str], rows: range | None = None) -> tuple[int, int] | None:
        """The first cell (reading order) holding the first of *labels* that occurs (a label's
        other wordings are tried only when it is absent), skipping cells already read as values."""
        for lab in labels:
            best = None
            for r, c in self.labels.get(norm_label(lab), ()):
                if (rows is not None and r not in rows) or (r, c) in self.used:
                    continue
                if best is None or (r, c) < best:
                    best = (r, c)
            if best is not None:
                return best
        return None

    def places(self, label: str, rows: range, after: int) -> list[tuple[int, int]]:
        """The cells in *rows* right of column *after* that hold *label* (as compared), in reading
        order."""
        return sorted((r, c) for r, c in self.labels.get(label, ()) if r in rows and c > after)

    def find_header(self, specs: Iterable[FieldSpec], least: int) -> tuple[int, int] | None:
        """The first row holding at least *least* of the column labels of *specs* (a value that
        happens to read like one heading is no heading row); the cell of the first spec found."""
        by_label = {norm_label(lab): i for i, spec in enumerate(specs) for lab in spec.labels}
        for r in range(self.nrows):
            hits = {}
            for c in self.filled(r):
                i = by_label.get(self.label(r, c))
                if i is not None and (r, c) not in self.used:
                    hits.setdefault(i, c)
            if len(hits) >= least:
                return r, hits[min(hits)]
        return None

    def use(self, r: int, c: int) -> None:
        self.used.add((r, c))

    def filled(self, r: int) -> list[int]:
        """Columns of the non-blank cells of row *r* (merge continuations excluded)."""
        if not 0 <= r < self.nrows:
            return []
        # Memoised per row (asked for many times while a table is walked): the reader never blanks a
        # cell (it only rewrites a score such as “(5分)” as “5”), so a row's filled columns do not
        # change. Callers read the list and never change it.
        cached = self._filled.get(r)
        if cached is None:
            covered = self.covered
            cached = self._filled[r] = [c for c, v in enumerate(self.rows[r])
                                        if v != "" and v is not None and (r, c) not in covered]
        return cached


_CAPTION = re.compile(r"^(单位:(元|万元)|附件\d*:?表[\d.]+|附表[\d.]+)$")
"""单位：元, 附件1：表5 (as compared: :func:`norm_label`)."""


def _is_caption(label: str) -> bool:
    """单位：元, 附件1：表5, a table's title: text around a table, never a row of it."""
    return bool(_CAPTION.match(label)) or any(key in label for key in _table_keys())


@lru_cache(maxsize=1)
def _table_keys() -> tuple[str, ...]:
    """The tables' names as compared (a constant of the forms)."""
    return tuple(norm_label(t) for _, t in TABLES)


def _is_note(label: str) -> bool:
    """The note under a table (注：…) ends it."""
    return label.startswith("注:")


_ADDR = re.compile(r"([A-Z]+)(\d+)")


def _parse_addr(addr: str) -> tuple[int, int]:
    m = _ADDR.match(addr)
    assert m
    return int(m[2]) - 1, guard.col_index(m[1]) - 1


