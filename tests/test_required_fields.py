"""Which fields of 项目基本信息表 are required is declared once (FieldSpec.required): the app stars
exactly those, and a blank submission gets a finding on exactly those (BASIC-01 for the fields
without a rule of their own)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

from desktop.steps.base import REQUIRED_MARK
from forms.layouts import basic as L
from forms.model import Submission
from forms.rules import check
from forms.rules.basic import ASKED_ELSEWHERE, REQUIRED


def test_stars_rules_and_layout_agree(window):  # noqa: F811 - the fixture
    window.show_step("基本信息")
    page = window.page("基本信息")
    starred = {}
    for lab in page.findChildren(QLabel):
        if lab.buddy() is not None and lab.buddy().property("fieldPath"):
            starred[lab.buddy().property("fieldPath")] = lab.text().endswith(REQUIRED_MARK)
    layout = {spec.path: spec.required for spec in L.all_fields()}
    assert starred == layout, "every field of the layout has its label, starred when required"
    blank = {f.field for f in check(Submission()) if f.field in layout}
    assert blank == {p for p, required in layout.items() if required}
    asked = {path for path, _key, _label in REQUIRED}
    assert asked == {p for p, r in layout.items() if r and p not in ASKED_ELSEWHERE}
    by_rule = {(f.rule, f.field) for f in check(Submission())}
    assert all((rule, path) in by_rule for path, rule in ASKED_ELSEWHERE.items())
    assert all(("BASIC-01", path) in by_rule for path in asked)
    for path in ("basic.competent_phone", "basic.unit_address", "basic.unit_postcode", "basic.unit_email"):
        assert not layout[path] and not starred[path]
