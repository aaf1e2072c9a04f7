"""The 功能科目 search index (pypinyin's initials of every code) is built only once the event loop
runs, after the window is shown, so start-up does not pay for it; the search finds by pinyin
initials once it is built."""

from __future__ import annotations

import copy

import pytest

from desktop.widgets.code_combo import PATH_ROLE, TreeCodeCombo
from forms.codes import code_lists

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support (raise|grabbing)")  # popups, offscreen


def _fresh_tree():
    """The 2020 功能科目 tree as a new object whose index was never built (the shared one may have
    been searched by an earlier test)."""
    tree = copy.copy(code_lists(2020)["function_subject"])
    tree.__dict__.pop("entries", None)
    return tree


def type_search(qtbot, combo, text: str):
    """*text* typed into *combo*'s search with real keys; the completer's popup, once it shows."""
    edit = combo.lineEdit()
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClicks(edit, text)
    assert edit.text() == text, edit.text()
    popup = combo.completer().popup()
    qtbot.waitUntil(popup.isVisible)
    return popup


def test_the_index_is_built_after_the_event_loop_runs_and_finds_by_pinyin(qtbot):
    combo = TreeCodeCombo()
    qtbot.addWidget(combo)
    tree = _fresh_tree()
    combo.set_tree(tree)
    assert "entries" not in tree.__dict__  # not while the window is being built
    combo.show()
    qtbot.waitExposed(combo)
    qtbot.waitUntil(lambda: "entries" in tree.__dict__)  # built in the background once the loop runs
    first = type_search(qtbot, combo, "xxjy").model().index(0, 0)
    assert first.data() == "2050202 小学教育"
    assert first.data(PATH_ROLE).startswith("205")  # with its path


def test_typing_before_the_index_is_built_still_finds_by_pinyin(qtbot):
    """A keystroke that comes before the background build (a fast typist, a slow machine) builds
    the index itself and finds the same."""
    combo = TreeCodeCombo()
    qtbot.addWidget(combo)
    tree = _fresh_tree()
    combo.set_tree(tree)
    combo.show()
    qtbot.waitExposed(combo)
    assert type_search(qtbot, combo, "xxjy").model().index(0, 0).data() == "2050202 小学教育"
