"""Excel export and import of the app's own workbooks: the sample's round trip, the layout written,
the blank template, formula-looking text, the cell map, and the ``import`` / ``export`` verbs."""

from __future__ import annotations

import json
import zipfile
from decimal import Decimal as D

import openpyxl
import pytest
from python_calamine import CalamineWorkbook

from forms.cli import main
from forms.documents import open_document
from forms.model import TABLE_NAMES, Attachment, Citation, Submission, YesNo
from forms.xlsx import export_workbook, import_workbook, write_template
from forms.xlsx.export import META_SHEET


def values(path) -> dict[str, list[list]]:
    """Every visible sheet's cell values, as calamine reads them."""
    wb = CalamineWorkbook.from_path(str(path))
    return {n: wb.get_sheet_by_name(n).to_python(skip_empty_area=False) for n in wb.sheet_names if not n.startswith("_")}


@pytest.fixture
def sample_xlsx(sample, tmp_path):
    out = tmp_path / "sample.xlsx"
    export_workbook(sample, out)
    return out


def test_sample_round_trip_is_equal_and_clean(sample, sample_xlsx):
    result = import_workbook(sample_xlsx)
    assert result.findings == []
    assert result.submission == sample
    # the rich narratives and the review table's <p> summaries come back exactly
    assert result.submission.narratives.content.html == sample.narratives.content.html
    assert "<sup>2</sup>" in result.submission.narratives.content.html


def test_export_import_export_gives_the_same_cells(sample, sample_xlsx, tmp_path):
    again = tmp_path / "again.xlsx"
    export_workbook(import_workbook(sample_xlsx).submission, again)
    assert values(again) == values(sample_xlsx)


def test_sheets_titles_notes_and_number_formats(sample_xlsx):
    wb = openpyxl.load_workbook(sample_xlsx)
    visible = [ws.title for ws in wb.worksheets if ws.sheet_state == "visible"]
    assert visible == list(TABLE_NAMES.values())
    basic = wb["项目基本信息表"]
    assert basic["A1"].value == "项目基本信息表"
    cells = {c.value: c for row in basic.iter_rows() for c in row if c.value is not None}
    # money is a number formatted #,##0.00, not text
    money = [c for c in basic.iter_rows() for c in c if c.value == D("20000000.00") or c.value == 20000000]
    assert money and all(c.data_type == "n" and c.number_format == "#,##0.00" for c in money)
    for label in ("基本信息", "项目目标", "项目计划", "项目管理", "申请金额(元)", "资金来源", "简述", "上传依据"):
        assert label in cells, label
    assert "注：1、专项业务类项目不得补助下级" in cells
    group = cells["基本信息"].coordinate
    assert any(str(r).startswith(group + ":") and r.max_row - r.min_row > 10 for r in basic.merged_cells.ranges)
    transfers = wb["对下专项转移支付支出预算明细表"]
    texts = {c.value for row in transfers.iter_rows() for c in row}
    assert {"单位：元", "注：州市承担金额分解到县区；县级项目不填报此表", "地区名称", "资金规模", "单位自筹"} <= texts
    # superscript survives as rich text, readable without tags
    rich = openpyxl.load_workbook(sample_xlsx, rich_text=True)["项目基本信息表"]
    content = next(c.value for row in rich.iter_rows() for c in row
                   if c.value is not None and "总建筑面积" in str(c.value))
    assert "<sup>" not in str(content) and "22440.28m2" in str(content)
    assert any(getattr(part, "font", None) is not None and part.font.vertAlign == "superscript" for part in content)


def test_print_setup_per_sheet(sample_xlsx):
    wb = openpyxl.load_workbook(sample_xlsx)
    expect_landscape = {"项目绩效目标表", "对下专项转移支付支出预算明细表", "项目政府采购表", "项目政府购买服务表",
                        "项目支出预算明细表"}
    for ws in wb.worksheets:
        if ws.sheet_state != "visible":
            continue
        assert int(ws.page_setup.paperSize) == 9  # A4
        assert ws.page_setup.orientation == ("landscape" if ws.title in expect_landscape else "portrait")
        assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0
        assert "&P" in ws.oddFooter.center.text
    assert wb["项目绩效目标表"].print_title_rows
    assert wb["项目支出预算编审表"].print_title_rows == "$2:$2"


def test_formula_looking_text_is_written_and_read_as_text(tmp_path):
    sub = Submission()
    sub.basic.name = '=HYPERLINK("http://evil.example","点我")'
    sub.basic.unit_address = "+86 877"
    sub.basic.filler = "-1"
    sub.basic.unit_email = "@SUM(A1)"
    sub.basic.main_code = "_x0041_"
    sub.narratives.basis.html = "=1+1"
    out = tmp_path / "f.xlsx"
    export_workbook(sub, out)
    with zipfile.ZipFile(out) as zf:
        sheet = zf.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet  # no live formula anywhere
    wb = openpyxl.load_workbook(out)
    assert all(c.data_type != "f" for ws in wb.worksheets for row in ws.iter_rows() for c in row)
    back = import_workbook(out).submission
    assert back.basic.name == sub.basic.name
    assert (back.basic.unit_address, back.basic.filler, back.basic.unit_email) == ("+86 877", "-1", "@SUM(A1)")
    assert back.basic.main_code == "_x0041_"
    assert back.narratives.basis.html == "=1+1"


def test_cells_map_points_at_the_cells_read(sample, sample_xlsx):
    result = import_workbook(sample_xlsx)
    wb = openpyxl.load_workbook(sample_xlsx)

    def at(path):
        sheet, addr = result.cells[path].split("!")
        return wb[sheet][addr].value

    assert at("basic.name") == sample.basic.name
    assert at("basic.funding[1].total") == 37000000
    assert at("basic.funding[0].year") == 2020
    assert at("performance.indicators[4].unit") == "%"
    assert at("performance.indicators[4].value") == "2021年一季度"
    assert at("transfers.regions[0].years[1].scale") == 37000000
    assert at("transfers.declared_total[0].local") == 20000000
    assert at("budget_review.sections[0].groups[1].items[2].finance_score") == 3
    assert at("budget_review.table_score.finance_score") == 76
    assert "严格按照基本建设程序" in str(at("narratives.internal_control"))
    assert result.cells["basic.flags.major"].startswith("项目基本信息表!")
    assert result.cells["construction_review.sections[1].items[0].self_score"].startswith("基本建设项目支出预算补充编审表!")


def test_checker_findings_carry_cell_addresses(sample, tmp_path):
    """Every finding of the checker on a received workbook points at the cell it is about: the
    field's own cell, or its row's (never only the sheet)."""
    from forms.model import ProcurementItem
    from forms.rules import check

    sub = sample.model_copy(deep=True)
    sub.procurement.items = [ProcurementItem(name="电梯", amount=D("-5"), quantity=D("0"), method="抓阄")]
    sub.procurement.declared_total = D("1")
    sub.transfers.regions[0].years[0].scale = D("1")
    sub.basic.unit_postcode = "65310"
    path = tmp_path / "received.xlsx"
    export_workbook(sub, path)
    opened = open_document(path)
    findings = check(opened.submission, cells=opened.cells)
    assert len(findings) > 40
    for f in findings:
        assert f.cell, f
        if "[" in f.field or f.field.count(".") >= 1:
            assert not f.cell.endswith("!A1"), f
    fields = {f.field: f.cell for f in findings}
    assert fields.get("basic.unit_postcode", "").startswith("项目基本信息表!")


def test_hidden_data_sheet_only_refines_what_is_visible(sample, sample_xlsx, tmp_path):
    """Without the hidden sheet the 简述 still read as their text; an edited cell wins over it."""
    wb = openpyxl.load_workbook(sample_xlsx, rich_text=True)
    del wb[META_SHEET]
    plain = tmp_path / "plain.xlsx"
    wb.save(plain)
    back = import_workbook(plain).submission
    for key in ("basis", "content", "responsibility", "internal_control"):
        assert getattr(back.narratives, key).text == getattr(sample.narratives, key).text
    assert "m<sup>2</sup>" in back.narratives.content.html  # from the cell's superscript run

    wb = openpyxl.load_workbook(sample_xlsx)
    ws = wb["项目基本信息表"]
    cell = next(c for row in ws.iter_rows() for c in row if isinstance(c.value, str) and c.value.startswith("经玉溪市人民政府申请"))
    cell.value = "改写后的依据。\n第二段。"
    edited = tmp_path / "edited.xlsx"
    wb.save(edited)
    back = import_workbook(edited).submission
    assert back.narratives.basis.html == "<p>改写后的依据。</p><p>第二段。</p>"


def test_attachments_and_citations_round_trip(tmp_path):
    sub = Submission()
    sub.narratives.basis.html = "<p>依据</p>"
    sub.narratives.basis.attachments = [Attachment(name="玉发改产业复〔2020〕3号.pdf", path="C:/文件/批复.pdf"),
                                        Attachment(name="实施方案.docx")]
    sub.narratives.basis.citations = [Citation(doc_id="d1", title="政府投资条例", clause="第十二条", quote="……")]
    out = tmp_path / "a.xlsx"
    export_workbook(sub, out)
    ws = openpyxl.load_workbook(out)["项目基本信息表"]
    assert any(c.value == "玉发改产业复〔2020〕3号.pdf\n实施方案.docx" for row in ws.iter_rows() for c in row)
    back = import_workbook(out).submission
    assert back.narratives.basis == sub.narratives.basis


def test_blank_template_has_dropdowns_and_reads_back_empty(tmp_path):
    out = tmp_path / "template.xlsx"
    write_template(out)
    wb = openpyxl.load_workbook(out)
    basic = wb["项目基本信息表"]
    lists = [dv for dv in basic.data_validations.dataValidation if dv.type == "list"]
    covered = {str(rng) for dv in lists for rng in dv.sqref.ranges}
    labels = {c.value: c for row in basic.iter_rows() for c in row if isinstance(c.value, str)}
    for label in ("项目分类", "项目级次", "项目分配类别", "项目属性", "项目领域", "支出保障分类", "项目绩效分类",
                  "功能科目", "是否重大项目", "是否政府采购", "是否非税项目", "钱物是否直接补助到人"):
        row = labels[label].row
        assert any(int("".join(ch for ch in a if ch.isdigit())) == row for a in covered), label
    perf = wb["项目绩效目标表"]
    assert len([dv for dv in perf.data_validations.dataValidation]) >= 4  # 指标性质, 度量单位, 指标类型, 是否核心指标
    for name in ("项目政府采购表", "项目政府购买服务表"):
        assert wb[name].data_validations.dataValidation
    yes_no = next(dv for dv in lists if any(str(r).startswith(labels["是否重大项目"].offset(0, 1).coordinate) for r in dv.sqref.ranges))
    sheet, ref = yes_no.formula1.split("!")
    col = ref.split("$")[1]
    hidden = wb[sheet.strip("'")]
    assert hidden.sheet_state == "veryHidden"
    assert [c.value for c in hidden[col] if c.value] == ["是", "否"]
    # the standard review items are offered, unscored
    review = wb["项目支出预算编审表"]
    texts = [c.value for row in review.iter_rows() for c in row if isinstance(c.value, str)]
    assert "项目依据是否充分" in texts and "项目是否有健全的财务管理制度" in texts
    result = import_workbook(out)
    assert result.findings == []
    sub = result.submission
    assert sub.basic.funding == [] and sub.performance.indicators == [] and sub.performance.annual_goals == []
    assert sub.procurement.items == [] and sub.transfers.regions == []
    assert [s.weight for s in sub.budget_review.sections] == [23, 57, 20]
    assert [s.weight for s in sub.construction_review.sections] == [25, 50, 25]
    assert sub.budget_review.computed("self_score") == 0


def test_import_verb_writes_a_project_file(sample, sample_xlsx, tmp_path, capsys):
    out = tmp_path / "imported.bfproj"
    assert main(["import", str(sample_xlsx), "--out", str(out)]) == 0
    assert "玉溪海关综合业务用房项目补助资金" in capsys.readouterr().out
    from forms import files

    assert files.load(out) == sample


def test_import_verb_prints_findings(tmp_path, capsys):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "项目基本信息表"
    ws["B2"], ws["C2"] = "项目名称", "某项目"
    ws["B3"], ws["C3"] = "是否重大项目", "也许"
    src = tmp_path / "by_hand.xlsx"
    wb.save(src)
    out = tmp_path / "x.bfproj"
    assert main(["import", str(src), "--out", str(out), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    rules = {(f["rule"], f["cell"]) for f in data["findings"]}
    assert ("IMP-03", "项目基本信息表!C3") in rules
    assert any(r == "IMP-01" for r, _ in rules)


def test_export_verb_and_template(sample_path, tmp_path, capsys):
    out = tmp_path / "e.xlsx"
    assert main(["export", str(sample_path), "--xlsx", str(out)]) == 0
    assert import_workbook(out).submission.basic.name == "玉溪海关综合业务用房项目补助资金"
    tpl = tmp_path / "t.xlsx"
    assert main(["export", "--template", str(tpl)]) == 0
    assert import_workbook(tpl).submission.basic.name == ""


def test_import_errors_are_one_line(tmp_path, capsys):
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"not a workbook at all")
    assert main(["import", str(bad), "--out", str(tmp_path / "o.bfproj")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "bad.xlsx" in err and "不是 Excel 工作簿" in err


def test_flags_yes_no_read(tmp_path):
    sub = Submission()
    sub.basic.flags.major = YesNo.YES
    sub.basic.flags.fund = YesNo.NO
    out = tmp_path / "flags.xlsx"
    export_workbook(sub, out)
    back = import_workbook(out).submission
    assert back.basic.flags.major == YesNo.YES and back.basic.flags.fund == YesNo.NO
    assert back.basic.flags.poverty == YesNo.UNSET


def test_values_that_read_like_labels_stay_values(tmp_path):
    """A value that happens to be another field's label, a heading or a tree label is read as the
    value it is (labels are found in the form's order, headings as whole rows, label rows by their
    merged cells)."""
    from forms.model import AnnualGoal, Indicator, ProcurementItem

    sub = Submission()
    sub.basic.main_code = "填报人"
    sub.basic.sub_code = "项目名称"
    sub.basic.filler = "项目主码"
    sub.basic.name = "填报人员"
    sub.performance.annual_goals = [AnnualGoal(year=2020, goal="指标名称"), AnnualGoal(goal="财年", note="目标")]
    sub.performance.indicators = [Indicator(level1="产出指标", level2="数量指标", name="满意度指标"),
                                  Indicator(level1="产出指标", level2="数量指标", name="质量指标", unit="%")]
    sub.procurement.items = [ProcurementItem(name="合计"), ProcurementItem(name="采购项目名称", method="政府采购方式")]
    out = tmp_path / "labels.xlsx"
    export_workbook(sub, out)
    result = import_workbook(out)
    assert result.findings == []
    assert result.submission == sub


def test_hidden_markup_must_show_what_the_cell_shows(sample, sample_xlsx, tmp_path):
    """The hidden sheet can only refine a cell (exact tags), never put other text into the model."""
    wb = openpyxl.load_workbook(sample_xlsx, rich_text=True)
    meta = wb[META_SHEET]
    for row in meta.iter_rows(min_row=2):
        if row[0].value == "narratives.basis" and row[1].value == "html":
            row[3].value = json.dumps("<p>另一段看不见的文字</p>", ensure_ascii=False)
            row[3].data_type = "s"
    forged = tmp_path / "forged.xlsx"
    wb.save(forged)
    result = import_workbook(forged)
    assert result.submission.narratives.basis.text == sample.narratives.basis.text
    assert any(f.rule == "IMP-07" and f.field == "narratives.basis" for f in result.findings)
