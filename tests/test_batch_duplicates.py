"""Duplicates across a batch: the same project handed in twice, and 简述 copied between submissions."""

from __future__ import annotations

import random
from pathlib import Path

from forms.batch import FileResult, find_duplicates, summarize
from forms.model import NARRATIVES


def result(name, sub):
    entry = {"path": name, "readable": True, "error": None, "findings": []}
    return FileResult(Path(name), entry, "0" * 64, summarize(sub))


WORDS = "项目资金建设管理单位财政预算绩效目标计划实施方案组织机构责任制度监督检查审计验收采购合同工程服务质量安全进度"


def own_narratives(sub, seed):
    """Narratives of this submission's own, unlike any other seed's."""
    rng = random.Random(seed)
    for spec in NARRATIVES:
        getattr(sub.narratives, spec.key).html = "<p>" + "".join(rng.choice(WORDS) for _ in range(80)) + "</p>"


def test_same_code_same_project_and_copied_narratives_are_listed(sample):
    a = sample
    b = sample.model_copy(deep=True)
    b.basic.main_code = "C205010103099"
    b.basic.name = a.basic.name + "（2020年）"
    c = sample.model_copy(deep=True)
    c.basic.name = "某县农贸市场改造项目"
    c.basic.main_code = "C111"
    own_narratives(c, "甲")
    c.narratives.internal_control.html = a.narratives.internal_control.html  # copied word for word
    c.narratives.savings.html = a.narratives.savings.html.replace("公开招标", "邀请招标")  # nearly
    d = sample.model_copy(deep=True)
    d.basic.name = "乙镇污水管网项目"
    d.basic.main_code = " c111 "
    own_narratives(d, "乙")
    broken = FileResult(Path("e.xlsx"), {"path": "e.xlsx", "readable": False, "error": "坏", "findings": []})
    results = [result("a.xlsx", a), result("b.xlsx", b), result("c.xlsx", c), result("d.xlsx", d), broken]

    dups = find_duplicates(results)
    by_kind = {}
    for dup in dups:
        by_kind.setdefault(dup.kind, []).append(dup)

    assert [d_.files for d_ in by_kind["same_code"]] == [[2, 3]]
    assert "C111" in by_kind["same_code"][0].message
    assert [d_.files for d_ in by_kind["same_project"]] == [[0, 1]]
    assert "a.xlsx" in by_kind["same_project"][0].message and "b.xlsx" in by_kind["same_project"][0].message

    # a and b (one project) share their texts with c: its 内控机制 word for word, its 节支 nearly
    [copied] = by_kind["copied_text"]
    assert copied.files == [0, 1, 2]
    assert (2, "internal_control") in copied.narratives and (2, "savings") in copied.narratives
    assert copied.similarity < 1
    assert "“项目的内控机制”" in copied.message and "“项目节支或增效的改进措施”" in copied.message
    assert "c.xlsx" in copied.message
    assert not any(3 in d_.files for d_ in by_kind["copied_text"])  # d wrote its own


def test_nothing_is_listed_for_distinct_submissions(sample):
    subs = []
    for i, seed in enumerate("丙丁戊"):
        s = sample.model_copy(deep=True)
        s.basic.name = f"{seed}项目"
        s.basic.main_code = f"C{i}"
        own_narratives(s, seed)
        subs.append(result(f"{i}.xlsx", s))
    assert find_duplicates(subs) == []
