"""One code list: plain values, a coded dictionary, or a coded tree (类 › 款 › 项), with the search
the code combos and ``budgetforms codes search`` use (code prefix, name, pinyin initials)."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import NamedTuple

SHIPPED = "shipped"
IMPORTED = "imported"

PATH_SEPARATOR = " › "


class Entry(NamedTuple):
    """One code of a coded list, with what search looks at (computed once per list)."""

    code: str
    name: str
    initials: str
    """Pinyin initials of the name, lower case (小学教育 → ``xxjy``)."""
    path: tuple[str, ...]
    """Codes from the top of the tree down to this one (``205``, ``20502``, ``2050202``)."""


@dataclass(frozen=True, eq=False)
class CodeList:
    key: str
    title: str
    values: tuple[str, ...] = ()
    names: dict[str, str] = field(default_factory=dict)
    """For coded lists (code → name); empty for plain value lists."""
    tree: dict[str, tuple[str, ...]] = field(default_factory=dict)
    kind: str = ""
    """The name a user gives the list (``功能科目``); the title otherwise."""
    levels: tuple[int, ...] = ()
    """Code lengths of a coded tree from the top (3, 5, 7 for 类 › 款 › 项); empty for flat lists."""
    complete: bool = False
    """Marked complete: an official list (imported) or a shipped list verified in full."""
    origin: str = SHIPPED
    data_year: int | None = None
    source: str = ""

    @property
    def coded(self) -> bool:
        return bool(self.names)

    def __contains__(self, value: object) -> bool:
        if self.names:
            return value in self.names
        if self.tree:
            return value in self.tree
        return value in self.values

    def __len__(self) -> int:
        return len(self.names or self.tree or self.values)

    def choices(self) -> list[str]:
        """What a drop-down offers: ``code name`` for coded lists, the values otherwise."""
        if self.names:
            return [f"{c} {n}" for c, n in self.names.items()]
        if self.tree:
            return list(self.tree)
        return list(self.values)

    # --- the tree ---------------------------------------------------------------------------------

    def parent(self, code: str) -> str | None:
        """The code one level up (``2050202`` → ``20502``), whether or not the list holds it."""
        if not self.levels or len(code) not in self.levels:
            return None
        i = self.levels.index(len(code))
        return code[: self.levels[i - 1]] if i else None

    def level(self, code: str) -> int | None:
        """0 for 类, 1 for 款, 2 for 项 …; ``None`` for a code of no level of the list."""
        return self.levels.index(len(code)) if len(code) in self.levels else None

    def ancestors(self, code: str) -> list[str]:
        out: list[str] = []
        up = self.parent(code)
        while up is not None:
            out.insert(0, up)
            up = self.parent(up)
        return out

    def path_text(self, code: str) -> str:
        """``205 教育支出 › 20502 普通教育 › 2050202 小学教育`` (codes the list lacks shown bare)."""
        return PATH_SEPARATOR.join(f"{c} {self.names[c]}" if c in self.names else c
                                   for c in [*self.ancestors(code), code])

    def children(self, code: str) -> list[str]:
        return [c for c in self.names if self.parent(c) == code]

    def at_level(self, level: int) -> dict[str, str]:
        """The codes of one level (the 项 of 功能科目: ``at_level(2)``)."""
        if not self.levels or level >= len(self.levels):
            return {}
        n = self.levels[level]
        return {c: name for c, name in self.names.items() if len(c) == n}

    @property
    def leaf_level(self) -> int:
        return len(self.levels) - 1 if self.levels else 0

    # --- search -----------------------------------------------------------------------------------

    @cached_property
    def entries(self) -> tuple[Entry, ...]:
        """Every code with its pinyin initials and path, built once per list (pypinyin is imported
        only when a list is first searched, so checking never pays for it)."""
        initials = _initials(self.names.values())
        return tuple(Entry(c, n, i, (*self.ancestors(c), c))
                     for (c, n), i in zip(self.names.items(), initials, strict=True))

    def search(self, text: str, *, limit: int | None = None, level: int | None = None) -> list[Entry]:
        """Codes matching *text*, best first: the code itself, codes starting with it, names equal to,
        starting with or containing it, pinyin initials starting with or containing it (``xxjy`` →
        小学教育), and then codes below a 类 or 款 whose name matches. *level* keeps one level."""
        head = (text or "").split(maxsplit=1)
        if len(head) == 2 and _norm(head[0]) in self.names:  # "2050202 小学教育", as a combo shows it
            text = head[0]
        q = _norm(text)
        if not q:
            hits = [e for e in self.entries if level is None or self.level(e.code) == level]
            return hits[:limit] if limit else hits
        letters = q.isascii() and q.isalpha()
        q_lower = q.lower()
        ranked: list[tuple[int, int, Entry]] = []
        matched_names = {e.code for e in self.entries if q in e.name}
        for order, e in enumerate(self.entries):
            if level is not None and self.level(e.code) != level:
                continue
            if e.code == q:
                rank = 0
            elif e.code.lower().startswith(q_lower):
                rank = 1
            elif e.name == q:
                rank = 2
            elif e.name.startswith(q):
                rank = 3
            elif q in e.name:
                rank = 4
            elif letters and e.initials.startswith(q_lower):
                rank = 5
            elif letters and q_lower in e.initials:
                rank = 6
            elif any(c in matched_names for c in e.path[:-1]):
                rank = 7
            else:
                continue
            ranked.append((rank, order, e))
        ranked.sort(key=lambda t: (t[0], t[1]))
        hits = [e for *_, e in ranked]
        return hits[:limit] if limit else hits

    def nearest(self, code: str, name: str = "", *, count: int = 5) -> list[str]:
        """Codes of the lowest level to suggest for a *code* the list does not hold: those with
        the *name* given, then siblings under the same parent (the same 款), then under the same
        grandparent (the same 类), then the closest-looking codes."""
        level = self.level(code)
        if level is None:
            level = self.leaf_level
        pool = list(self.at_level(level))
        out: list[str] = []

        def add(codes: Iterable[str]) -> None:
            for c in codes:
                if c not in out and len(out) < count:
                    out.append(c)

        if name:
            add(c for c in pool if self.names[c] == name)
        for up in reversed(self.ancestors(code)):
            add(sorted((c for c in pool if c.startswith(up)), key=lambda c: _distance(c, code)))
            if len(out) >= count:
                break
        add(difflib.get_close_matches(code, pool, n=count, cutoff=0.6))
        return out[:count]


def _distance(a: str, b: str) -> tuple[int, str]:
    digits = sum(x != y for x, y in zip(a, b, strict=False)) + abs(len(a) - len(b))
    return (digits, a)


_SPACE = re.compile(r"\s+")


def _norm(text: str) -> str:
    import unicodedata

    return _SPACE.sub("", unicodedata.normalize("NFKC", text or ""))


def _initials(names: Iterable[str]) -> list[str]:
    from pypinyin import Style, lazy_pinyin

    out = []
    for name in names:
        letters = lazy_pinyin(name, style=Style.FIRST_LETTER, errors=lambda chars: list(chars))  # type: ignore[arg-type,return-value]  # pypinyin also takes a list (its stub says str)
        out.append("".join(s[0] for s in letters if s and s[0].isascii() and s[0].isalnum()).lower())
    return out
