"""A workbook filled by hand in the official layout, built here with openpyxl directly (not with the
app's exporter): rows inserted, columns shifted, sheets renamed, reordered and extra, money typed as
text, years as 2020年, operators as written, scores on the 简述 rows as the seed has them, a total
left as a formula without a cached value. The import reads every value right and reports what it
cannot place."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import openpyxl
import pytest

from forms.model import YesNo
from forms.xlsx import import_workbook


def put_rows(ws, top: int, left: int, rows: list[list], merges: list[tuple[int, int, int, int]] = ()) -> None:
    """Write *rows* with the first at (top, left); *merges* are (r0, c0, r1, c1) relative to it."""
    for i, row in enumerate(rows):
        for j, v in enumerate(row):
            if v is not None:
                ws.cell(top + i, left + j, v)
    for r0, c0, r1, c1 in merges:
        ws.merge_cells(start_row=top + r0, start_column=left + c0, end_row=top + r1, end_column=left + c1)


def basic_sheet(wb) -> None:
    ws = wb.create_sheet("Sheet1")  # renamed: found by its title
    ws["C2"] = "项目基本信息表"
    L = 2  # everything one column to the right of the official layout (column A left empty)
    rows = [
        ["基本信息", "项目分类", "事业发展类", None, "支出保障分类", "80602社会管理服务类", None],
        [None, "项目主码", "C205010103016", None, "项目副码", 150003002, None],
        [None, "*项目名称", "玉溪海关综合业务用房项目补助资金"],
        [None, None],  # an inserted blank row
        [None, "项目级次", "下级", "项目分配类别", "项目法", "项目属性", "一次性项目"],
        [None, "项目实施年度", "2020年", "项目实施周期(年)", "2", "项目开始实施时间", "2020年1月1日"],
        [None, "项目领域", "普通项目", "是否重大项目", "否", "项目绩效分类", "099 其他"],
        [None, "钱物是否直接补助到人", "否", "是否脱贫攻坚项目", None, "是否使用贫困县整合的涉农资金", "否"],
        [None, "是否特定项目", None, "是否政府采购", "否", "是否政府购买服务", "否"],
        [None, "是否基本建设项目", "是", "是否基金项目", "否", "是否非税项目", "否"],
        [None, "功能科目", "2011304 对外贸易管理"],
        [None, "申请金额（元）", "资金来源", "2020年", None, "2021年", "2022年"],
        [None, None, "合计", "20,000,000.00", None, "=G20+G21+G22", None],
        [None, None, "上级补助", None, None, None, None],
        [None, None, "本级财政安排", "２０００万", None, "3700万", None],
        [None, None, "部门自筹", None, None, None, None],
        [None, "主管部门", "玉溪市商务局", None, "主管部门联系电话", "8772025172"],
        [None, "基层项目单位名称", "玉溪市商务局", None, "填报人员", "赵翠玲"],
        [None, "基层项目单位地址", "玉溪市红塔区抚仙路14号"],
        [None, "基层项目单位项目负责人", "赵琼", None, "基层项目单位电话", "0877-2025172"],
        [None, "基层项目单位邮编", 653100, None, "基层项目单位电子邮箱", "996935971@qq.com"],
        ["项目目标", "项目的法律、法规、政策、会议纪要等依据", "简述", "<p>经玉溪市人民政府申请。</p>"],
        [None, None, "上传依据", "玉政函〔2019〕28号.pdf"],
        [None, None, None],  # an inserted row inside the narrative block
        [None, "项目建设内容(目标)", "简述", "总建筑面积22440.28m2"],
        [None, None, "上传依据", None],
        ["项目管理", "项目的内控机制", "简述", "严格按照基本建设程序。"],
        [None, None, "上传依据", None],
        [None, "项目的财务管理制度", "简述", "严格按照基本建设程序。"],
        [None, None, "上传依据", None],
    ]
    top = 4
    put_rows(ws, top, L, rows, merges=[
        (0, 0, 20, 0), (0, 2, 0, 3), (0, 5, 0, 6), (2, 2, 2, 6), (11, 1, 15, 1), (11, 3, 11, 4),
        (12, 3, 12, 4), (14, 3, 14, 4), (21, 0, 25, 0), (21, 1, 23, 1), (24, 1, 25, 1), (26, 0, 29, 0),
    ])
    ws.cell(top + len(rows) + 1, L, "注：1、专项业务类项目不得补助下级")
    ws.cell(top + len(rows) + 3, L + 3, "此处为填表人的备忘")  # belongs to no field


def performance_sheet(wb) -> None:
    ws = wb.create_sheet("项目绩效目标表")
    ws["A1"] = "附件1：表2.1"
    ws["A3"] = "项目绩效目标表（年度目标）"
    put_rows(ws, 4, 1, [
        ["财年", "目标", "备注"],
        ["2020年", "主体工程完成90%以上", "完成固定资产投资1.3亿元"],
        [None, None, None],
        [2021, "通过验收并移交使用", None],
    ])
    ws["A10"] = "项目绩效目标表（绩效目标）"
    # the indicator table starts one column to the right and has an extra empty column inserted
    put_rows(ws, 11, 2, [
        ["指标名称", "指标性质", "指标值", None, "计量单位", "指标类型", "绩效指标值设定依据及数据来源", "说明", "是否核心指标"],
        ["产出指标"],
        ["数量指标"],
        ["综合业务用房面积", "=", 13205.02, None, "平方米", "定量指标", "可研批复", "其中综合业务用房13205.02平方米", "是"],
        ["时效指标"],
        ["通过验收并移交使用时间", "<=", "2021年一季度", None, "%", "定量指标", "海关总署要求", None, None],
        ["效益指标"],
        ["社会效益指标"],
        ["项目投入使用后服务企业户数", ">=", "70", None, "年", "定量指标", "玉溪海关统计", None, "否"],
        ["满意度指标"],
        ["服务对象满意度指标"],
        ["服务企业满意程度", "≥", 90, None, "%", "定量指标", "调查问卷", None, None],
    ])


def transfers_sheet(wb) -> None:
    ws = wb.create_sheet("对下专项转移支付支出预算明细表")
    ws["A1"] = "对下专项转移支付支出预算明细表"
    ws["M2"] = "单位：元"
    put_rows(ws, 4, 1, [
        ["地区名称", "2020年", None, None, None, "2021年", None, None, None],
        [None, "资金规模", "上级补助", "本级财政安排", "单位自筹", "资金规模", "上级补助", "本级财政安排", "单位自筹"],
        ["合计", "20,000,000.00", None, "20,000,000.00", None, 37000000, None, 37000000, None],
        ["玉溪市高新技术开发区", 20000000, None, 20000000, None, "37,000,000.00", None, "3,700万", None],
        ["红塔区", "1,000.50", None, "1000.5", None, None, None, None, None],
    ], merges=[(0, 0, 1, 0), (0, 1, 0, 4), (0, 5, 0, 8)])
    ws["A10"] = "注：州市承担金额分解到县区；县级项目不填报此表"


def budget_review_sheet(wb) -> None:
    ws = wb.create_sheet("项目支出预算编审表")
    ws["A1"] = "项目支出预算编审表"
    put_rows(ws, 3, 1, [
        ["编审要点", None, "部门自评", "财政评审", "财政评审意见"],
        ["一、项目目标(23分)"],
        ["1.1项目依据是否充分(8分)"],
        ["(1)项目的法律、法规、政策、会议纪要、领导批示等依据(8分)"],
        ["简述", "经玉溪市人民政府申请", "8.00", "7.00", "简述部分说明"],
        ["三、项目管理(20分)", None, "部门自评", "财政评审", "财政评审意见"],
        ["3.2财务管理是否规范(5分)"],
        ["(1)项目是否有健全的财务管理制度(5分)"],
        ["简述", "严格按照基本建设程序", 5, None, "简述与项目无关，依据不支撑"],
        ["本表得分", None, "100.00", "76.00"],
        ["基建项目补充表得分", None, None, None],
        ["总分", None, 100, "=C13+C14"],
    ], merges=[(0, 0, 0, 1), (1, 0, 1, 1), (2, 0, 2, 1), (3, 0, 3, 1), (5, 0, 5, 1), (6, 0, 6, 1), (7, 0, 7, 1)])


def construction_sheet(wb) -> None:
    ws = wb.create_sheet("基本建设项目支出预算补充编审表")
    ws["A1"] = "基本建设项目支出预算补充编审表"
    put_rows(ws, 3, 1, [
        ["编审要点", None, "权重", "部门自评", "财政评审", "财政评审意见"],
        ["总得分", None, None, 5, None, None],
        ["一、建设立项要素（25分）", None, "权重", "部门自评", "财政评审", "财政评审意见"],
        ["(1) 项目是否具备政府决定", None, "(5分)", 5, None, None],
        ["简述", "玉溪海关的建成运行，具有十分重要的意义。"],
        ["(2) 项目是否编制可行性研究报告", None, "(10分)", None, None, "未见报告"],
        ["简述", None],
    ])


@pytest.fixture
def handmade(tmp_path):
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    construction_sheet(wb)  # sheets in another order, one extra
    performance_sheet(wb)
    wb.create_sheet("填表说明")["A1"] = "请按要求填写"
    basic_sheet(wb)
    transfers_sheet(wb)
    budget_review_sheet(wb)
    path = tmp_path / "收到的申报.xlsx"
    wb.save(path)
    return path


def test_basic_information_read_by_labels(handmade):
    result = import_workbook(handmade)
    b = result.submission.basic
    assert b.category == "事业发展类" and (b.guarantee_class.code, b.guarantee_class.name) == ("80602", "社会管理服务类")
    assert (b.main_code, b.sub_code) == ("C205010103016", "150003002")
    assert b.name == "玉溪海关综合业务用房项目补助资金"
    assert (b.level, b.allocation, b.attribute) == ("下级", "项目法", "一次性项目")
    assert (b.budget_year, b.period_years, b.start_date) == (2020, 2, date(2020, 1, 1))
    assert b.domain == "普通项目" and (b.perf_class.code, b.perf_class.name) == ("099", "其他")
    assert (b.function_subject.code, b.function_subject.name) == ("2011304", "对外贸易管理")
    f = b.flags
    assert f.major == YesNo.NO and f.construction == YesNo.YES and f.direct_to_person == YesNo.NO
    assert f.poverty == YesNo.UNSET and f.specific == YesNo.UNSET  # blank stays blank
    assert (b.competent_dept, b.competent_phone, b.unit_name, b.filler) == ("玉溪市商务局", "8772025172", "玉溪市商务局", "赵翠玲")
    assert (b.unit_address, b.unit_leader, b.unit_phone) == ("玉溪市红塔区抚仙路14号", "赵琼", "0877-2025172")
    assert (b.unit_postcode, b.unit_email) == ("653100", "996935971@qq.com")
    assert result.cells["basic.name"] == "Sheet1!D6"  # shifted one column, two rows
    assert result.cells["basic.flags.major"] == "Sheet1!F10"


def test_funding_money_as_text_and_formula_without_cache(handmade):
    result = import_workbook(handmade)
    funding = result.submission.basic.funding
    assert [c.year for c in funding] == [2020, 2021, 2022]
    assert funding[0].total == D("20000000.00") and funding[0].local == D("20000000")
    assert funding[1].local == D("37000000")
    assert funding[1].total is None  # a formula with no cached value is never read as 0
    f = next(f for f in result.findings if f.rule == "IMP-04" and f.field == "basic.funding[1].total")
    assert f.cell == "Sheet1!G16" and "公式" in f.message and f.table == "项目基本信息表"
    assert funding[2].local is None and funding[0].superior is None


def test_narratives_and_attachments(handmade):
    n = import_workbook(handmade).submission.narratives
    assert n.basis.html == "<p>经玉溪市人民政府申请。</p>"  # markup pasted as text is taken as markup
    assert [a.name for a in n.basis.attachments] == ["玉政函〔2019〕28号.pdf"]
    assert n.content.text == "总建筑面积22440.28m2"
    assert n.internal_control.text == n.financial_management.text == "严格按照基本建设程序。"
    assert n.feasibility.is_blank()  # not in this workbook: reported, not invented


def test_performance_tree_and_operators_as_written(handmade):
    perf = import_workbook(handmade).submission.performance
    assert [(g.year, g.goal, g.note) for g in perf.annual_goals] == [
        (2020, "主体工程完成90%以上", "完成固定资产投资1.3亿元"), (2021, "通过验收并移交使用", "")]
    got = [(i.level1, i.level2, i.name, i.operator, i.value, i.unit, i.kind, i.core) for i in perf.indicators]
    assert got == [
        ("产出指标", "数量指标", "综合业务用房面积", "=", "13205.02", "平方米", "定量指标", YesNo.YES),
        ("产出指标", "时效指标", "通过验收并移交使用时间", "<=", "2021年一季度", "%", "定量指标", YesNo.UNSET),
        ("效益指标", "社会效益指标", "项目投入使用后服务企业户数", ">=", "70", "年", "定量指标", YesNo.NO),
        ("满意度指标", "服务对象满意度指标", "服务企业满意程度", "≥", "90", "%", "定量指标", YesNo.UNSET),
    ]
    assert perf.indicators[0].basis == "可研批复" and perf.indicators[0].note.startswith("其中综合业务用房")


def test_transfers_read_with_text_money(handmade):
    result = import_workbook(handmade)
    t = result.submission.transfers
    assert t.years == [2020, 2021]
    assert [(y.year, y.scale, y.local) for y in t.declared_total] == [(2020, D("20000000"), D("20000000")), (2021, D("37000000"), D("37000000"))]
    assert [r.name for r in t.regions] == ["玉溪市高新技术开发区", "红塔区"]
    assert t.regions[0].years[1].scale == D("37000000") and t.regions[0].years[1].local == D("37000000")
    assert t.regions[1].years[0].scale == D("1000.50") and t.regions[1].years[1].scale is None
    assert result.cells["transfers.regions[0].years[1].scale"] == "对下专项转移支付支出预算明细表!F7"


def test_review_table_in_the_seed_layout(handmade):
    result = import_workbook(handmade)
    br = result.submission.budget_review
    assert [(s.number, s.title, s.weight) for s in br.sections] == [("一", "项目目标", 23), ("三", "项目管理", 20)]
    g = br.sections[0].groups[0]
    assert (g.number, g.title, g.weight) == ("1.1", "项目依据是否充分", 8)
    item = g.items[0]
    assert (item.number, item.title, item.weight) == ("(1)", "项目的法律、法规、政策、会议纪要、领导批示等依据", 8)
    assert (item.self_score, item.finance_score, item.opinion) == (8, 7, "简述部分说明")
    assert item.summary == "经玉溪市人民政府申请"
    last = br.sections[1].groups[0].items[0]
    assert (last.self_score, last.finance_score, last.opinion) == (5, None, "简述与项目无关，依据不支撑")
    assert (br.table_score.self_score, br.table_score.finance_score) == (100, 76)
    assert br.total_score.self_score == 100 and br.total_score.finance_score is None
    assert any(f.rule == "IMP-04" and f.field == "budget_review.total_score.finance_score" for f in result.findings)
    assert result.cells["budget_review.sections[0].groups[0].items[0].finance_score"] == "项目支出预算编审表!D7"


def test_construction_supplement_with_weights_in_brackets(handmade):
    cr = import_workbook(handmade).submission.construction_review
    assert cr is not None and cr.total_score.self_score == 5
    s = cr.sections[0]
    assert (s.number, s.title, s.weight) == ("一", "建设立项要素", 25)
    assert [(i.number, i.title, i.weight, i.self_score, i.opinion) for i in s.items] == [
        ("(1)", "项目是否具备政府决定", 5, 5, ""), ("(2)", "项目是否编制可行性研究报告", 10, None, "未见报告")]
    assert s.items[0].summary.startswith("玉溪海关的建成运行")


def test_what_cannot_be_placed_is_reported(handmade):
    result = import_workbook(handmade)
    by_rule = {}
    for f in result.findings:
        by_rule.setdefault(f.rule, []).append(f)
    unplaced = by_rule.get("IMP-05", [])
    assert any(f.cell == "Sheet1!E37" and "此处为填表人的备忘" in f.message for f in unplaced), unplaced
    assert any(f.cell == "填表说明!A1" for f in by_rule.get("IMP-06", []))
    missing_tables = {f.field for f in by_rule.get("IMP-01", [])}
    assert missing_tables == {"procurement", "services"}
    missing = {f.field for f in by_rule.get("IMP-02", [])}
    assert "narratives.feasibility" in missing and "narratives.basis" not in missing
    # nothing else is silently dropped: every other filled cell was placed
    assert len(unplaced) == 1


def test_bad_values_are_findings_with_cells(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "项目基本信息表"
    put_rows(ws, 2, 2, [
        ["项目名称", "某项目"],
        ["项目实施年度", "明年"],
        ["是否重大项目", "可能"],
        ["申请金额(元)", "资金来源", "2020年", "二〇二一"],
        [None, "合计", "两千万", "100"],
    ])
    path = tmp_path / "bad.xlsx"
    wb.save(path)
    result = import_workbook(path)
    bad = {(f.field, f.cell) for f in result.findings if f.rule == "IMP-03"}
    assert ("basic.budget_year", "项目基本信息表!C3") in bad
    assert ("basic.flags.major", "项目基本信息表!C4") in bad
    assert ("basic.funding[0].total", "项目基本信息表!D6") in bad
    assert ("basic.funding", "项目基本信息表!E5") in bad  # 二〇二一 is no year the import can read
    assert result.submission.basic.budget_year is None and result.submission.basic.funding[0].total is None


def test_the_seed_typed_cell_for_cell_imports_as_the_sample(sample, tmp_path):
    """Seed 003 as its text dump shows it (tabs are cell borders; no merged cells, the dump's own
    shifted columns, markup pasted as text, weights as "(5分)", scores on the 简述 rows) typed into
    a workbook cell for cell: the import gives the sample submission, with nothing left over."""
    from pathlib import Path

    from forms.model import TABLE_NAMES

    seed = Path(__file__).resolve().parent.parent / "seeds" / "003_9bf916aa446f0126.txt"
    titles = list(TABLE_NAMES.values())
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    ws, r = None, 0
    for line in seed.read_text(encoding="utf-8").split("\n"):
        line = line.lstrip("# ")
        title = next((t for t in titles if line.strip().startswith(t)), None)
        if title and title not in wb.sheetnames:
            ws, r = wb.create_sheet(title), 0
        if ws is None:
            continue
        r += 1
        for c, v in enumerate(line.split("\t"), 1):
            if v.strip():
                ws.cell(r, c, v)
    path = tmp_path / "seed.xlsx"
    wb.save(path)
    result = import_workbook(path)
    assert result.findings == []
    assert result.submission == sample


def test_real_dates_booleans_and_numbers_typed_in_cells(tmp_path):
    from datetime import datetime

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "项目基本信息表"
    put_rows(ws, 1, 1, [
        ["项目开始实施时间", datetime(2020, 3, 15)],
        ["是否重大项目", True],
        ["是否基金项目", "否 "],
        ["项目实施周期(年)", 2.0],
        ["基层项目单位邮编", 653100],
        ["功能科目", 2011304],
    ])
    ws["B1"].number_format = "yyyy-mm-dd"
    path = tmp_path / "typed.xlsx"
    wb.save(path)
    b = import_workbook(path).submission.basic
    assert b.start_date == date(2020, 3, 15)
    assert b.flags.major == YesNo.YES and b.flags.fund == YesNo.NO
    assert b.period_years == 2 and b.unit_postcode == "653100"
    assert (b.function_subject.code, b.function_subject.name) == ("2011304", "")


def test_superscripts_from_the_shared_string_table():
    """Excel keeps rich text in xl/sharedStrings.xml; a 简述 typed with m² as a superscript comes
    back as markup."""
    from defusedxml import ElementTree

    from forms.xlsx.cells import cell_to_html
    from forms.xlsx.guard import _NS_MAIN, _collect_rich

    sst = ('<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="2" uniqueCount="2">'
           '<si><t>plain</t></si>'
           '<si><r><t>占地9996.10m</t></r><r><rPr><vertAlign val="superscript"/><sz val="10"/></rPr><t>2</t></r>'
           '<r><t xml:space="preserve">，H</t></r><r><rPr><vertAlign val="subscript"/></rPr><t>2</t></r><r><t>O</t></r></si></sst>')
    rich: dict = {}
    _collect_rich(ElementTree.fromstring(sst).iter(f"{_NS_MAIN}si"), rich)
    assert list(rich) == ["占地9996.10m2，H2O"]
    assert cell_to_html(rich["占地9996.10m2，H2O"]) == "<p>占地9996.10m<sup>2</sup>，H<sub>2</sub>O</p>"


def test_a_narrative_without_its_rows_takes_nothing_from_the_next(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "项目基本信息表"
    put_rows(ws, 1, 1, [
        ["项目目标", "项目的法律、法规、政策、会议纪要等依据"],  # its 简述 and 上传依据 rows were deleted
        [None, "项目的可行性论证", "简述", "可行性的简述"],
        [None, None, "上传依据", "可研报告.pdf"],
    ])
    path = tmp_path / "deleted.xlsx"
    wb.save(path)
    result = import_workbook(path)
    n = result.submission.narratives
    assert n.basis.is_blank() and n.feasibility.text == "可行性的简述"
    assert [a.name for a in n.feasibility.attachments] == ["可研报告.pdf"]
    assert any(f.rule == "IMP-02" and f.field == "narratives.basis" and f.cell == "项目基本信息表!B1" for f in result.findings)


def test_error_values_are_reported_not_read_as_blank(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "项目基本信息表"
    put_rows(ws, 2, 2, [
        ["项目名称", "#REF!"],
        ["申请金额(元)", "资金来源", "2020年"],
        [None, "合计", "#DIV/0!"],
    ])
    assert ws["C2"].data_type == "e" and ws["D4"].data_type == "e"
    path = tmp_path / "errors.xlsx"
    wb.save(path)
    result = import_workbook(path)
    errors = {(f.field, f.cell) for f in result.findings if f.rule == "IMP-08"}
    assert errors == {("basic.name", "项目基本信息表!C2"), ("basic.funding[0].total", "项目基本信息表!D4")}
    assert result.submission.basic.funding[0].total is None


def test_scores_on_rows_that_take_none_are_reported_not_fatal(tmp_path):
    """A 部门自评 typed on a section row, or an opinion on the 本表得分 row, has no field to go to:
    the workbook still imports, and a finding at that cell says the value was left out."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "项目支出预算编审表"
    put_rows(ws, 3, 1, [
        ["编审要点", None, "部门自评", "财政评审", "财政评审意见"],
        ["一、项目目标(23分)", None, 7, None, None],
        ["1.1项目依据是否充分(8分)"],
        ["(1)项目的法律、法规、政策、会议纪要、领导批示等依据(8分)", None, "8.00", "7.00", "简述部分说明"],
        ["本表得分", None, "8.00", "7.00", "合计意见"],
    ])
    path = tmp_path / "scores.xlsx"
    wb.save(path)
    result = import_workbook(path)
    br = result.submission.budget_review
    assert br.sections[0].weight == 23 and br.sections[0].groups[0].items[0].finance_score == 7
    assert (br.table_score.self_score, br.table_score.finance_score) == (8, 7)
    left_out = {(f.field, f.cell): f.message for f in result.findings if f.rule == "IMP-05"}
    assert "“部门自评”" in left_out[("budget_review.sections[0]", "项目支出预算编审表!C4")]
    assert "“合计意见”未导入" in left_out[("budget_review.table_score", "项目支出预算编审表!E7")]
    assert "budget_review.sections[0].self_score" not in result.cells
