"""The incremental checker and the code lists: the CODE rules read only their fields and the budget
year, so it is the import of an official list (a new CodeLists) that must run them again."""

from __future__ import annotations

from forms.codes.exchange import store
from forms.rules import check
from forms.rules.incremental import Checker


def test_an_imported_official_list_runs_the_code_rules_again(data_dir, sample):
    sub = sample.model_copy(deep=True)
    sub.basic.function_subject = "2011388 商贸试点支出"
    checker = Checker()
    before = [f for f in checker.check(sub, touched=[]) if f.rule == "CODE-01"]
    assert before and "不在" in before[0].message, "a 项 the shipped list lacks"
    year = sub.basic.budget_year
    store("function", year, {"201": "一般公共服务支出", "20113": "商贸事务", "2011388": "商贸试点支出"},
          source="test")
    again = checker.check(sub, touched=[])  # nothing edited: only the list changed
    assert again == check(sub), "the same findings as a full check with the official list"
    assert not [f for f in again if f.rule == "CODE-01" and "不在" in f.message]



def test_the_code_rules_read_their_fields_and_the_year():
    from forms.rules.engine import iter_rules
    from forms.rules.incremental import touches

    code_rules = {r.id: r for r in iter_rules() if r.id in ("CODE-01", "CODE-06", "CODE-07", "CODE-08")}
    assert len(code_rules) == 4  # the rules of forms/rules/codelists.py
    for r in code_rules.values():
        assert touches(r.reads, {"basic.budget_year"}), r.id
        assert not touches(r.reads, {"basic.unit_phone"}), f"{r.id} runs again on an unrelated keystroke"
