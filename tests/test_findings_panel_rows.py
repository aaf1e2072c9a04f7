"""The findings panel updates only the rows that changed (issue 19): after a re-check the rows of
unchanged findings are the same list items (selection kept), rows that went away are taken out and
new ones put in at their place, and what the list shows equals a panel filled afresh."""

from __future__ import annotations

from datetime import datetime

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from desktop.widgets.findings_panel import FindingsPanel
from forms.model import Submission
from forms.rules import Finding, Severity
from forms.verified import apply, make_mark


def _f(n: int, severity: Severity = Severity.WARNING, message: str = "") -> Finding:
    return Finding(rule=f"T-{n:02d}", severity=severity, table="政府采购预算表", field=f"procurement.items[{n}].amount",
                   message=message or f"第{n + 1}行 采购金额有误：请核对")


def _step(field: str) -> str:
    return "政府采购" if field.startswith("procurement") else "申请金额"


def _shown(panel: FindingsPanel) -> list[tuple]:
    tree = panel.tree
    out = []
    for i in range(tree.topLevelItemCount()):
        item = tree.topLevelItem(i)
        out.append(tuple(item.text(c) for c in range(4)) + (item.toolTip(3), item.isHidden()))
    return out


def _pointers(panel: FindingsPanel) -> list[int]:
    return [shiboken6.getCppPointer(panel.tree.topLevelItem(i))[0] for i in range(panel.tree.topLevelItemCount())]


@pytest.fixture
def panel(qtbot):
    p = FindingsPanel(_step)
    qtbot.addWidget(p)
    p.show()
    return p


def _fresh(qtbot, findings, marks=None) -> FindingsPanel:
    p = FindingsPanel(_step)
    qtbot.addWidget(p)
    p.set_findings(findings, marks)
    return p


def test_unchanged_rows_stay_and_only_changed_ones_are_replaced(qtbot, panel):
    old = [_f(0, Severity.ERROR)] + [_f(n) for n in range(1, 8)]
    panel.set_findings(old)
    before = _pointers(panel)
    panel.tree.setCurrentItem(panel.tree.topLevelItem(5))
    # T-03 gone, T-20 new, T-07 at its place with another message
    new = [old[0], old[1], _f(20, Severity.INFO), old[2], old[4], old[5], old[6], _f(7, message="第8行 采购金额已改：请核对")]
    panel.set_findings(new)
    after = _pointers(panel)
    assert [panel.row_of(panel.tree.topLevelItem(i))[0] for i in range(len(new))] == new
    assert after[:2] == before[:2] and after[3] == before[2] and after[4:7] == before[4:7]  # the same items
    assert panel.current_finding() == _f(5)  # the selection stayed on its finding
    assert _shown(panel) == _shown(_fresh(qtbot, new))
    panel.set_findings([])
    assert panel.tree.topLevelItemCount() == 0 and not panel.findings


def test_a_mark_replaces_its_row_and_filters_still_apply(qtbot, panel):
    sub = Submission()
    findings = [_f(n) for n in range(4)]
    panel.set_findings(findings, apply(sub, findings))
    first = _pointers(panel)
    sub.verified.append(make_mark(sub, findings[1], "已到现场核对", now=datetime(2026, 1, 5, 9, 30)))
    marks = apply(sub, findings)
    panel.set_findings(marks.open, marks)
    assert panel.tree.topLevelItemCount() == 4
    assert panel.tree.topLevelItem(3).text(0) == "已核实" and "已到现场核对" in panel.tree.topLevelItem(3).text(3)
    assert _pointers(panel)[:3] == [first[0], first[2], first[3]]
    assert _shown(panel) == _shown(_fresh(qtbot, marks.open, marks))
    QTest.keyClicks(panel.filter, "T-02")  # the filter hides the other rows, the kept ones included
    assert panel.visible_findings() == [findings[2]]
    panel.filter.clear()
    panel.toggles["verified"].click()
    assert panel.visible_findings() == [findings[0], findings[2], findings[3]]
    item = panel.item_for(findings[3])
    panel.tree.setCurrentItem(item)
    QTest.keyClick(panel.tree, Qt.Key.Key_Up)
    assert panel.current_finding() == findings[2]
