"""One sheet (or one table's rows of a sheet) as a grid of values, and the label finder every table
reader shares: where a label stands (compared after :func:`~forms.xlsx.cells.norm_label`), the
header row of a table, the value right of a label, and which texts around a table are captions."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from functools import cache, lru_cache
from typing import Any

from openpyxl.utils import get_column_letter

from ...layouts import FieldSpec
from ...model import TABLES
from .. import guard
from ..cells import _norm_label, cell_text, norm_label

_CN_NUM = "一二三四五六七八九十"


@cache
def _column_letter(c: int) -> str:
    """Letters of the 0-based column *c* (``A`` for 0)."""
    return get_column_letter(c + 1)


class Grid:
    """A sheet's values (0-based rows and columns), its merged ranges, and which cells were used."""

    def __init__(self, name: str, rows: list[list[Any]], merges: Iterable, uncached: Iterable[str],
                 errors: dict[str, str] | None = None, *, r_off: int = 0,
                 extras: Callable[[], tuple[set[tuple[int, int]], dict[tuple[int, int], str]]] | None = None):
        self.name = name
        self.rows = rows
        self.r_off = r_off
        """The sheet row of this grid's first row (a table stacked under others on one sheet)."""
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
        self._extras_of = extras
        self._extras: tuple[set[tuple[int, int]], dict[tuple[int, int], str]] | None = None
        self.used: set[tuple[int, int]] = set()
        self._filled: dict[int, list[int]] = {}
        self._covered_rows: set[int] | None = None
        self._prefix: dict[int, str] = {}
        self._labels: dict[str, list[tuple[int, int]]] | None = None

    @property
    def percent(self) -> set[tuple[int, int]]:
        """Cells formatted as percent (a number 0.9 shows as 90%). Read from the file when first
        asked for (most workbooks never need it)."""
        return self._load_extras()[0]

    @property
    def formulas(self) -> dict[tuple[int, int], str]:
        """The formula text of the formula cells, without the ``=`` (read when first asked for)."""
        return self._load_extras()[1]

    def _load_extras(self) -> tuple[set[tuple[int, int]], dict[tuple[int, int], str]]:
        if self._extras is None:
            self._extras = self._extras_of() if self._extras_of else (set(), {})
        return self._extras

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
        # (asked for once per cell read: the sheet and column part is kept per column)
        prefix = self._prefix.get(c)
        if prefix is None:
            prefix = self._prefix[c] = f"{self.name}!{_column_letter(c)}"
        return prefix + str(r + 1 + self.r_off)

    def band(self, r0: int, r1: int) -> Grid:
        """Rows *r0* … *r1* - 1 as a grid of their own (one table of several on a sheet), which
        names its cells by their sheet rows."""
        def inside(cells):
            return {(r - r0, c): v for (r, c), v in cells.items() if r0 <= r < r1}
        g = Grid(self.name, self.rows[r0:r1], [], [], r_off=self.r_off + r0)
        for (a, b), (c, d) in self.merge_end.items():
            if r0 <= a < r1:
                end = (min(c, r1 - 1) - r0, d)
                g.merge_end[(a - r0, b)] = end
                g.covered.update([(r, cc) for r in range(a - r0, end[0] + 1) for cc in range(b, d + 1)][1:])
        g.uncached = set(inside(dict.fromkeys(self.uncached)))
        g.errors = inside(self.errors)
        g._extras_of = lambda: (set(inside(dict.fromkeys(self.percent))), inside(self.formulas))
        return g

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
            hits: dict[int, int] = {}
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
        cached = self._filled.get(r)  # (asked for some 700 times per workbook: the memo first)
        if cached is not None:
            return cached
        if not 0 <= r < self.nrows:
            return []
        # Memoised per row (asked for many times while a table is walked): the reader never blanks a
        # cell (it only rewrites a score such as “(5分)” as “5”), so a row's filled columns do not
        # change. Callers read the list and never change it.
        if self._covered_rows is None:
            self._covered_rows = {cr for cr, _ in self.covered}
        if r in self._covered_rows:
            covered = self.covered
            cached = [c for c, v in enumerate(self.rows[r]) if v != "" and v is not None and (r, c) not in covered]
        else:  # (most rows: no merged range reaches them)
            cached = [c for c, v in enumerate(self.rows[r]) if v != "" and v is not None]
        self._filled[r] = cached
        return cached


_CAPTION = re.compile(r"^(\(?(金额)?单位:(人民币)?(元|万元)\)?|附件\d*(:?表[\d.-]+)?|附表[\d.-]+|表[\d.-]+)$")
"""单位：元, （单位：万元）, 附件1：表5, 附件1 (as compared: :func:`norm_label`)."""

_SIGNOFF = re.compile(
    r"^(填报单位|填报部门|申报单位|编制单位|编报单位|填报日期|填报时间|报送日期|单位负责人|部门负责人|财务负责人|"
    r"分管领导|填表人|制表人|审核人|复核人|经办人|联系人|联系电话|评审人|评审日期)"
    r"(\((盖章|签章|签字|公章)\))?(:.*)?$", re.S)
"""The lines around a real template's table: 填报单位（盖章）：…, 填报日期：…, and the sign-off under
it (单位负责人：… 填表人：… 联系电话：…), alone in a cell or with the name in the cells after it."""

_WAN_CAPTION = re.compile(r"单位:(人民币)?万元")
_WAN_HEADING = re.compile(r"\((人民币)?万元\)")


def wan_caption(label: str) -> bool:
    """单位：万元, （单位：万元）, 金额单位：万元: a table's amounts are in 万元."""
    return "万元" in label and len(label) <= 24 and bool(_WAN_CAPTION.search(label))  # a caption, not prose


def wan_heading(label: str) -> bool:
    """申请金额（万元）, 金额（万元）: a heading whose amounts are in 万元."""
    return "万元" in label and len(label) <= 24 and bool(_WAN_HEADING.search(label))


@lru_cache(maxsize=4096)
def title_of(label: str) -> str | None:
    """The table (model attribute) whose title *label* is (as compared): 项目绩效目标表,
    2020年项目支出绩效目标表, 项目绩效目标表（年度目标）, 附件1：项目政府采购表."""
    if "表" not in label:
        return None
    s = _TITLE_PREFIX.sub("", label)
    s = _TITLE_PART.sub("", s)
    return _titles().get(s)


_TITLE_PREFIX = re.compile(r"^(附件\d*(:?表[\d.]+)?:?|附表[\d.]+:?|表[\d.]+:?)?(\d{4}年度?)?(\d{4}[-~至]\d{4}年度?)?")
_TITLE_PART = re.compile(r"(\([^()]*\))+$")


@lru_cache(maxsize=1)
def _titles() -> dict[str, str]:
    from ...layouts import TITLE_ALIASES

    out = {norm_label(t): attr for attr, t in TABLES}
    for attr, aliases in TITLE_ALIASES.items():
        for t in aliases:
            out.setdefault(norm_label(t), attr)
    return out


@lru_cache(maxsize=8192)
def _is_caption(label: str) -> bool:
    """单位：元, 附件1：表5, 填报单位（盖章）：…, a table's title: text around a table, never a row of it."""
    return (bool(_CAPTION.match(label)) or bool(_SIGNOFF.match(label)) or title_of(label) is not None
            or any(key in label for key in _table_keys()))


def caption_row(g: Grid, r: int) -> bool:
    """Row *r* holds captions only (附件1：表5 … 单位：元), or is a 填报单位 / sign-off line whose first
    cell names what the cells after it hold: none of it is a row of the table."""
    filled = g.filled(r)
    if not filled:
        return False
    first = g.label(r, filled[0])
    if not first or not _is_caption(first):
        return False  # (most rows: one look at their first cell)
    return bool(_SIGNOFF.match(first)) or all(_is_caption(g.label(r, c)) for c in filled[1:])


@lru_cache(maxsize=1)
def _table_keys() -> tuple[str, ...]:
    """The tables' names as compared (a constant of the forms)."""
    return tuple(norm_label(t) for _, t in TABLES)


def body_rows(g: Grid, r0: int, first: int) -> Iterator[tuple[int, list[int]]]:
    """The rows of a table's body from row *r0* on, each non-blank one with its filled columns, up to
    the note under the table (注：… in column *first*); caption, 填报单位 and sign-off rows are used up
    (never a row of the table), not given."""
    for r in range(r0, g.nrows):
        filled = g.filled(r)
        if not filled:
            continue
        if _is_note(g.label(r, first)):
            return
        if caption_row(g, r):
            for c in filled:
                g.use(r, c)
            continue
        yield r, filled


def _is_note(label: str) -> bool:
    """The note under a table (注：…) ends it."""
    return label.startswith("注:")


_ADDR = re.compile(r"([A-Z]+)(\d+)")


def _parse_addr(addr: str) -> tuple[int, int]:
    m = _ADDR.match(addr)
    assert m
    return int(m[2]) - 1, guard.col_index(m[1]) - 1


