"""Duplicates across the batch: the same project handed in twice (same 项目主码; or near-identical
name and 简述), and 简述 copied between different submissions."""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from collections.abc import Sequence
from difflib import SequenceMatcher

from ..model.basic import narrative_label
from .results import Duplicate, FileResult, _normalise

# --- duplicates across the batch ------------------------------------------------------------------------

MIN_COPY_CHARS = 30
"""A 简述 shorter than this (after normalising) is too short to call a copy (\"无\", \"详见附件\")."""
NEAR_COPY = 0.9
"""Similarity from which two 简述 count as copies of each other (as TEXT-02 within a submission)."""
SAME_PROJECT_NAME = 0.9
SAME_PROJECT_TEXTS = 0.6
"""Two submissions are the same project when their names are this alike and at least this share of
their 简述 are copies of each other."""
_MIN_CLAUSE = 4
_COMMON_CLAUSE = 40


def _similar(a: str, b: str) -> float:
    if a == b:
        return 1.0
    m = SequenceMatcher(None, a, b, autojunk=False)
    if m.real_quick_ratio() < NEAR_COPY or m.quick_ratio() < NEAR_COPY:
        return 0.0
    return m.ratio()


def _text_groups(texts: list[str]) -> list[list[int]]:
    """Indices of *texts* (clauses one a line) grouped into copies: identical ones, then
    near-identical distinct ones (candidate pairs from shared clauses, which survive a small edit
    elsewhere in the text; confirmed by :class:`SequenceMatcher`). Clauses found in many texts
    (boilerplate) do not make candidates."""
    by_text: dict[str, list[int]] = {}
    for i, t in enumerate(texts):
        by_text.setdefault(t.replace("\n", ""), []).append(i)
    distinct = list(by_text)
    parent = list(range(len(distinct)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    clauses = [{c for c in texts[by_text[t][0]].split("\n") if len(c) >= _MIN_CLAUSE} for t in distinct]
    sizes = [len(cs) for cs in clauses]
    index: defaultdict[str, list[int]] = defaultdict(list)
    for d, cs in enumerate(clauses):
        for c in cs:
            index[c].append(d)
    for d, cs in enumerate(clauses):
        counts: dict[int, int] = {}
        get = counts.get
        for c in cs:
            posting = index[c]
            if len(posting) > _COMMON_CLAUSE:
                continue
            for other in posting:
                if other > d:
                    counts[other] = get(other, 0) + 1
        size = sizes[d]
        for other, shared in counts.items():
            if 2 * shared < size and 2 * shared < sizes[other]:
                continue  # they share fewer than half the clauses of each
            if find(d) != find(other) and _similar(distinct[d], distinct[other]) >= NEAR_COPY:
                parent[find(d)] = find(other)
    groups: dict[int, list[int]] = {}
    for d, t in enumerate(distinct):
        groups.setdefault(find(d), []).extend(by_text[t])
    return [sorted(g) for g in groups.values() if len(g) > 1]


def _names_alike(a: str, b: str) -> bool:
    """Near-identical project names: almost the same characters, or one inside the other
    (``…补助资金`` and ``…补助资金（2020年）``)."""
    na, nb = _normalise(a), _normalise(b)
    if not na or not nb:
        return False
    short, long_ = sorted((na, nb), key=len)
    if len(short) >= 6 and short in long_:
        return True
    return SequenceMatcher(None, na, nb).ratio() >= SAME_PROJECT_NAME


def find_duplicates(results: Sequence[FileResult]) -> list[Duplicate]:
    """The same project handed in twice (same 项目主码; or near-identical name and 简述), and 简述
    copied between different submissions."""
    out: list[Duplicate] = []
    readable = [(i, r.summary) for i, r in enumerate(results) if r.summary is not None]

    by_code: dict[str, list[int]] = {}
    for i, s in readable:
        code = unicodedata.normalize("NFKC", s.main_code).strip().upper()
        if code:
            by_code.setdefault(code, []).append(i)
    for code, members in by_code.items():
        if len(members) > 1:
            names = "、".join(results[i].path.name for i in members)
            out.append(Duplicate("same_code", members, f"项目主码 {code} 出现在 {len(members)} 份申报中：{names}"))

    # every 简述 of every submission, grouped into copies
    keys: list[tuple[int, str]] = []
    texts: list[str] = []
    for i, s in readable:
        for key, text in s.narratives.items():
            if len(text) - text.count("\n") >= MIN_COPY_CHARS:
                keys.append((i, key))
                texts.append(text)
    groups = _text_groups(texts)

    # pairs of submissions sharing copies → same project when the names agree too
    shared: dict[tuple[int, int], int] = {}
    for g in groups:
        files = sorted({keys[m][0] for m in g})
        if len(files) > 50:  # boilerplate in half the batch says nothing about two projects
            continue
        for a in range(len(files)):
            for b in range(a + 1, len(files)):
                pair = (files[a], files[b])
                shared[pair] = shared.get(pair, 0) + 1
    summaries = dict(readable)
    parent = {i: i for i, _ in readable}

    def find(x: int) -> int:
        while parent[x] != x:
            x = parent[x]
        return x

    for (a, b), n in sorted(shared.items()):
        sa, sb = summaries[a], summaries[b]
        base = max(1, min(len(sa.narratives), len(sb.narratives)))
        if n / base < SAME_PROJECT_TEXTS:
            continue
        if _names_alike(sa.name, sb.name):
            parent[find(a)] = find(b)
    projects: dict[int, list[int]] = {}
    for i, _ in readable:
        projects.setdefault(find(i), []).append(i)
    same_project_of: dict[int, int] = {}
    for members in projects.values():
        if len(members) > 1:
            for m in members:
                same_project_of[m] = members[0]
            names = "、".join(f"{results[i].path.name}（{summaries[i].name}）" for i in members)
            out.append(Duplicate("same_project", members, f"{len(members)} 份申报的项目名称和简述几乎相同，疑为同一项目重复申报：{names}"))

    # copies between submissions, one entry for each set of submissions sharing them
    shared_by: dict[tuple[int, ...], list[tuple[list[tuple[int, str]], float]]] = {}
    for g in groups:
        copies = [keys[m] for m in g]
        owners = tuple(sorted({i for i, _ in copies}))
        if len(owners) < 2 or len({same_project_of.get(i, -1 - i) for i in owners}) == 1:
            continue  # within one submission (TEXT-02's business) or one project handed in twice
        sim = 1.0 if len({texts[m] for m in g}) == 1 else NEAR_COPY
        shared_by.setdefault(owners, []).append((copies, sim))
    for owners, entries in shared_by.items():
        copies = [m for ms, _ in entries for m in ms]
        sim = min(s_ for _, s_ in entries)
        if len(entries) == 1:
            parts = "；".join(f"{results[i].path.name}“{narrative_label(k)}”" for i, k in copies)
            message = f"{len(owners)} 份申报的简述相同或几乎相同：{parts}"
        else:
            labels = "、".join(dict.fromkeys(f"“{narrative_label(k)}”" for _, k in copies))
            names = "、".join(results[i].path.name for i in owners)
            message = f"{len(owners)} 份申报有 {len(entries)} 处简述相同或几乎相同（{labels}）：{names}"
        out.append(Duplicate("copied_text", list(owners), message, sim, copies))
    return out
