"""A budget officer starts a new submission and fills it through the UI until the checker reports no
error: typing into fields, clicking 是/否, choosing from code lists, adding rows and editing cells."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QComboBox, QPushButton

from forms.model import FLAGS, NARRATIVES
from forms.rules import Severity, check
from tests.test_gui import type_text

NARRATIVE_TEXT = {
    "basis": "依据《城区公共服务设施管理办法》和市政府第12次常务会议纪要，由市商务局负责组织实施本项目。",
    "feasibility": "项目已完成现场调研和需求测算，维护内容明确，技术方案成熟，资金来源有保障，具备实施条件。",
    "content": "对城区20处公共服务设施开展日常维护和设备更新，保障设施全年正常运行，提升公共服务水平。",
    "beneficiaries": "受益对象为城区常住居民和前来办事的企业群众，预计全年服务五千人次以上，覆盖主要街道。",
    "party_goals": "项目落实市委市政府优化营商环境和提升城市公共服务能力的工作部署，符合年度重点工作目标。",
    "pre_assessment": "项目单位组织专家对维护需求和费用标准进行了论证，形成评估意见，认为方案合理、费用适当。",
    "implementation_plan": "一季度完成招标，二至三季度完成设施维护和设备更新，四季度组织验收并开展满意度调查工作。",
    "funding_standard": "维护费用按照本市公共设施维护定额标准测算，设备更新价格参照近三年同类采购的成交价格。",
    "organization": "成立由分管领导任组长的项目工作组，下设综合协调、技术保障和资金管理三个小组分工负责。",
    "responsibility": "市商务局为项目实施主体，对项目进度、质量和资金使用负总责，各小组按职责分工落实到人。",
    "savings": "通过集中招标压低维护单价，优先修复利旧，减少整机更换，预计可节约维护费用百分之十左右。",
    "internal_control": "执行采购、验收、付款分岗制度，重大支出集体研究决定，定期开展内部检查，防范廉政风险。",
    "financial_management": "资金实行专账核算、专款专用，按进度和验收结果拨付，年终编制决算并接受审计部门的监督。",
}


def choose(qtbot, combo, text: str) -> None:
    """Type into a searchable code combo and confirm with Enter, as a user picks from the list."""
    edit = combo.lineEdit()
    edit.selectAll()
    type_text(qtbot, edit, text)
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    if combo.completer().popup().isVisible():
        combo.completer().popup().hide()
    qtbot.keyClick(edit, Qt.Key.Key_Tab)


def edit_cell(qtbot, grid, path: str, text: str) -> None:
    """Open a grid cell's editor with the edit key, type, confirm with Enter."""
    index = grid.index_for(path)
    assert index.isValid(), path
    grid.setCurrentIndex(index)
    qtbot.keyClick(grid, Qt.Key.Key_F2)
    editor = grid.indexWidget(index)
    assert editor is not None, path
    if isinstance(editor, QComboBox) and not editor.isEditable():
        target = editor.findText(text)
        assert target >= 0, text
        while editor.currentIndex() != target:  # arrow keys, as on a closed drop-down
            key = Qt.Key.Key_Down if editor.currentIndex() < target else Qt.Key.Key_Up
            qtbot.keyClick(editor, key)
        line = editor
    else:
        line = editor.lineEdit() if isinstance(editor, QComboBox) else editor
        line.selectAll()
        type_text(qtbot, line, text)
    qtbot.keyClick(line, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: grid.indexWidget(index) is None)


def errors(sub):
    return [f for f in check(sub) if f.severity is Severity.ERROR]


@pytest.mark.qt_log_ignore("This plugin does not support (raise|grabbing)")  # completer popups, offscreen
def test_fill_a_new_submission_through_the_ui_until_no_errors(qtbot, window):
    w = window
    w.act_new.trigger()
    sub = w.doc.submission
    year = sub.basic.budget_year
    assert year == QDate.currentDate().year() + 1
    assert len(errors(sub)) > 20, "a blank submission is full of errors"

    # 基本信息 ---------------------------------------------------------------------------------
    w.show_step("基本信息")
    page = w.page("基本信息")
    f = page.fields
    type_text(qtbot, f["basic.name"], "城区公共服务设施运行维护补助资金")
    choose(qtbot, f["basic.category"], "事业发展类")
    choose(qtbot, f["basic.guarantee_class"], "80602 社会管理服务类")
    type_text(qtbot, f["basic.main_code"], "C205010103017")
    type_text(qtbot, f["basic.sub_code"], "150003003")
    choose(qtbot, f["basic.level"], "本级")
    choose(qtbot, f["basic.allocation"], "项目法")
    choose(qtbot, f["basic.attribute"], "一次性项目")
    period = f["basic.period_years"]
    period.lineEdit().selectAll()
    qtbot.keyClicks(period, "1")
    qtbot.keyClick(period, Qt.Key.Key_Return)
    f["basic.start_date"].setDate(QDate(year, 1, 1))  # as the calendar popup sets it
    choose(qtbot, f["basic.domain"], "普通项目")
    choose(qtbot, f["basic.perf_class"], "002 事业发展类")
    choose(qtbot, f["basic.function_subject"], "2011304 对外贸易管理")
    for flag in FLAGS:
        field = f[f"basic.flags.{flag.key}"]
        no = next(b for b in field.buttons.values() if b.text() == "否")
        qtbot.mouseClick(no, Qt.MouseButton.LeftButton)
    for key, text in (("competent_dept", "玉溪市商务局"), ("competent_phone", "0877-2025172"),
                      ("unit_name", "玉溪市商务局"), ("filler", "李明"), ("unit_address", "玉溪市红塔区抚仙路14号"),
                      ("unit_leader", "王芳"), ("unit_phone", "0877-2025173"), ("unit_postcode", "653100"),
                      ("unit_email", "swj@example.com")):
        type_text(qtbot, f[f"basic.{key}"], text)
    basic_errors = [e for e in errors(w.doc.submission) if e.field.startswith("basic.") and
                    not e.field.startswith("basic.funding")]
    assert basic_errors == [], basic_errors

    # 申请金额 ---------------------------------------------------------------------------------
    w.show_step("申请金额")
    money = w.page("申请金额").fields["basic.funding[0].local"]
    qtbot.mouseClick(money.edit, Qt.MouseButton.LeftButton)
    type_text(qtbot, money.edit, "80万")
    qtbot.keyClick(money.edit, Qt.Key.Key_Tab)
    assert w.doc.submission.basic.funding[0].total == D("800000")

    # 项目目标 / 项目计划 / 项目管理 ------------------------------------------------------------
    for step in ("项目目标", "项目计划", "项目管理"):
        w.show_step(step)
        for spec in NARRATIVES:
            if spec.group == step:
                editor = w.page(step).editors[spec.key].editor
                editor.setFocus()
                type_text(qtbot, editor, NARRATIVE_TEXT[spec.key])

    # 年度目标 ---------------------------------------------------------------------------------
    w.show_step("年度目标")
    goals = w.page("年度目标")
    add = next(b for b in goals.findChildren(QPushButton) if b.text() == "添加年度")
    qtbot.mouseClick(add, Qt.MouseButton.LeftButton)
    assert w.doc.submission.performance.annual_goals[0].year == year
    edit_cell(qtbot, goals.grid, "performance.annual_goals[0].goal", "完成20处公共服务设施维护并通过验收")

    # 绩效指标: three from templates, one typed cell by cell -------------------------------
    w.show_step("绩效指标")
    ind = w.page("绩效指标")
    menu = ind.templates.menu()

    def template(group: str, name: str) -> None:
        sub_menu = next(a.menu() for a in menu.actions() if a.text() == group)
        next(a for a in sub_menu.actions() if a.text() == name).trigger()

    template("产出指标 › 质量指标", "工程验收合格率")
    template("满意度指标 › 服务对象满意度指标", "服务对象满意度")
    template("效益指标 › 社会效益指标", "受益人数")
    i = next(i for i, x in enumerate(w.doc.submission.performance.indicators) if x.name == "受益人数")
    edit_cell(qtbot, ind.grid, f"performance.indicators[{i}].value", "5000")
    tree = list(ind._lists()["indicator_tree"].tree)
    if "成本指标" in tree:  # 101号 trees ask for a 成本 indicator
        template("成本指标 › 经济成本指标", "项目成本控制率")

    ind.level1.setCurrentText("产出指标")
    ind.level2.setCurrentText("数量指标")
    qtbot.mouseClick(ind.findChild(QPushButton, "addIndicator"), Qt.MouseButton.LeftButton)
    inds = w.doc.submission.performance.indicators
    new = next(i for i, x in enumerate(inds) if x.level2 == "数量指标" and not x.name)
    p = f"performance.indicators[{new}]"
    edit_cell(qtbot, ind.grid, f"{p}.name", "维护设施数量")
    edit_cell(qtbot, ind.grid, f"{p}.operator", "≥")
    edit_cell(qtbot, ind.grid, f"{p}.value", "20")
    edit_cell(qtbot, ind.grid, f"{p}.unit", "个")
    edit_cell(qtbot, ind.grid, f"{p}.kind", "定量指标")
    edit_cell(qtbot, ind.grid, f"{p}.basis", "年度维护计划")
    edit_cell(qtbot, ind.grid, f"{p}.core", "是")
    assert inds[new].name == "维护设施数量" and inds[new].core.value == "是"

    # no error is left, and the findings panel agrees ----------------------------------------
    sub = w.doc.submission
    assert [(e.rule, e.field, e.message) for e in errors(sub)] == []
    w.doc.flush_check()
    assert not any(f.severity is Severity.ERROR for f in w.findings_panel.findings)
    assert all(w.step_counts(step)[0] == 0 for step in ("基本信息", "申请金额", "绩效指标"))
    assert w.windowTitle().startswith("*")
