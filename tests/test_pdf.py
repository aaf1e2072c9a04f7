"""The printable PDF: every value of the sample on paper in the form's order, the CJK font embedded,
a stable page count, headers and footers on every page, and blank forms that keep their shape."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from pypdf import PdfReader

from forms.cli import main
from forms.model import (
    FLAGS,
    FUNDING_SOURCES,
    NARRATIVES,
    TABLES,
    TRANSFER_COLUMNS,
    Submission,
    YesNo,
    capital_rmb,
    format_date,
    format_money,
    html_to_text,
    indicator_tree,
)
from forms.pdf import export_pdf
from forms.pdf.richtext import chunks
from tests.strategies import submissions

TODAY = date(2026, 11, 23)
SAMPLE_PAGES = 10
"""The seed's tables on 9 pages before the 明细表; with it (the blank shape, under 表6) 10: its 表6 no
longer fits under 表5 (the 一体化 columns make both headers two lines high) and begins page 6 whole."""
BLANK_PAGES = 9


# --- what the paper must show, in print order ---------------------------------------------------

def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _narrative_pieces(markup: str) -> list[str]:
    """A narrative as the rows it prints in: page breaks (and repeated header rows) fall only
    between these, never inside one."""
    return ["".join(text for para in chunk for run in para for text in run[:1]) for chunk in chunks(markup)]


def _score(value) -> str:
    return "" if value is None else format_money(value)


def printed_values(sub: Submission) -> list[str]:
    """Every value of *sub* in the order the PDF prints it (blank values left out)."""
    b = sub.basic
    f = b.flags
    out: list[str] = [
        b.category, str(b.guarantee_class), b.main_code, b.sub_code, b.name, b.level, b.allocation, b.attribute,
        str(b.budget_year or ""), str(b.period_years or ""), format_date(b.start_date), b.domain,
        f.major.value if f.major != YesNo.UNSET else "", str(b.perf_class),
    ]
    out += [getattr(f, spec.key).value for spec in FLAGS if spec.key != "major" and getattr(f, spec.key) != YesNo.UNSET]
    out.append(str(b.function_subject))
    out += [f"{c.year}年" for c in b.funding]
    for c in b.funding:
        if c.total is not None:
            out += [format_money(c.total), capital_rmb(c.total)]
    for key, _ in FUNDING_SOURCES:
        out += [format_money(getattr(c, key)) for c in b.funding]
    out += [b.competent_dept, b.competent_phone, b.unit_name, b.filler, b.unit_address, b.unit_leader,
            b.unit_phone, b.unit_postcode, b.unit_email]
    for spec in NARRATIVES:
        narrative = getattr(sub.narratives, spec.key)
        out.append(spec.label)
        out += _narrative_pieces(narrative.html)
        out += [a.name for a in narrative.attachments]
        out += [f"《{c.title}》{c.clause}" for c in narrative.citations]

    p = sub.performance
    for g in p.annual_goals:
        out += [str(g.year or ""), g.goal, g.note]
    for level1, seconds in indicator_tree(p.indicators):
        out.append(level1)
        for level2, indices in seconds:
            out.append(level2)
            for i in indices:
                ind = p.indicators[i]
                out += [ind.name, ind.operator, ind.value, ind.unit, ind.kind, ind.basis, ind.note,
                        ind.core.value if ind.core != YesNo.UNSET else ""]

    t = sub.transfers
    out += [f"{y}年" for y in t.years]
    for row in [t.declared_total] + [r.years for r in t.regions]:
        if row is not t.declared_total:
            out.append(next(r.name for r in t.regions if r.years is row))
        for ty in row:
            out += [format_money(getattr(ty, key)) for key, _ in TRANSFER_COLUMNS]
    out.append(format_money(sub.procurement.declared_total))  # 合计 right under the header
    for item in sub.procurement.items:
        out += [item.name, item.catalogue, item.method, item.unit, format_date(item.need_time), format_money(item.amount),
                item.item_code, format_money(item.unit_price), str(item.dept_economic), str(item.gov_economic)]
    out.append(format_money(sub.services.declared_total))
    for item in sub.services.items:
        out += [item.catalogue, item.purchase_way, item.method, format_money(item.amount), item.summary,
                str(item.dept_economic), str(item.gov_economic)]

    d = sub.detail
    years = sorted(set(sub.grid_years()) | set(d.years()))
    out += [f"{y}年" for y in years] + [format_money(d.declared(y)) for y in years]
    for line in d.lines:
        if not line.is_blank():
            out += [str(line.function_subject), str(line.dept_economic), str(line.gov_economic), line.source, line.nature]
            out += [format_money(line.amount(y)) for y in years]
            out += [line.basis, *(v.value if v != YesNo.UNSET else "未填" for v in (line.procurement, line.purchased_services)),
                    line.note]

    cr = sub.construction_review
    if cr is not None:
        out += [_score(cr.total_score.self_score), _score(cr.total_score.finance_score)]
        for section in cr.sections:
            out.append(section.title)
            for item in section.items:
                out += [item.title, _score(item.self_score), _score(item.finance_score), item.opinion]
                out += _narrative_pieces(item.summary)
    br = sub.budget_review
    for section in br.sections:
        out += [section.title, section.opinion]
        for group in section.groups:
            out += [group.title, group.opinion]
            for item in group.items:
                out += [item.title, _score(item.self_score), _score(item.finance_score), item.opinion]
                out += _narrative_pieces(item.summary)
    for pair in (br.table_score, br.supplement_score, br.total_score):
        out += [_score(pair.self_score), _score(pair.finance_score)]
    out += [b.filler, b.unit_leader]
    return [v for v in out if v and v.strip()]


def page_texts(path: Path) -> list[str]:
    return [page.extract_text() for page in PdfReader(str(path)).pages]


def body_text(pages: list[str], sub: Submission) -> str:
    """The pages' text without their header and footer lines, whitespace removed."""
    from forms import seal

    total = len(pages)
    out = []
    mark = f"印记：{seal.short(seal.digest(sub))}"
    for n, text in enumerate(pages, start=1):
        for line in (f"项目名称：{sub.basic.name}", f"项目主码：{sub.basic.main_code}", mark, f"第 {n} 页 共 {total} 页",
                     "导出日期：2026年11月23日"):
            assert line in text, f"page {n} lacks {line!r}"
            text = text.replace(line, "", 1)
        out.append(text)
    return _squash("".join(out))


def assert_in_order(values: list[str], text: str) -> None:
    pos = 0
    for value in values:
        needle = _squash(value)
        found = text.find(needle, pos)
        assert found >= 0, f"{value[:60]!r} not found after position {pos} (context: {text[pos:pos + 80]!r})"
        pos = found + len(needle)


# --- the sample ---------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def sample_pdf(tmp_path_factory):
    from forms import files
    from tests.conftest import SAMPLE

    sub = files.load(SAMPLE)
    path = tmp_path_factory.mktemp("pdf") / "sample.pdf"
    info = export_pdf(sub, path, today=TODAY)
    return sub, path, info


def test_every_value_of_the_sample_is_printed_in_order(sample_pdf):
    sub, path, _ = sample_pdf
    values = printed_values(sub)
    assert len(values) > 250
    assert_in_order(values, body_text(page_texts(path), sub))


def test_narrative_pieces_lose_no_character(sample):
    for spec in NARRATIVES:
        markup = getattr(sample.narratives, spec.key).html
        assert _squash("".join(_narrative_pieces(markup))) == _squash(html_to_text(markup))
    long = sample.narratives.responsibility.html
    assert len(html_to_text(long)) > 650 and len(_narrative_pieces(long)) > 2, "the long narrative is cut into rows"


def test_tables_come_in_the_seeds_order_with_their_notes(sample_pdf):
    sub, path, _ = sample_pdf
    text = body_text(page_texts(path), sub)
    assert_in_order(["项目基本信息表", "基本信息", "项目目标", "项目计划", "项目管理", "注：1、专项业务类项目不得补助下级",
                     "附件1：表2.1", "项目绩效目标表（年度目标）", "项目绩效目标表（绩效目标）",
                     "对下专项转移支付支出预算明细表", "单位：元", "注：州市承担金额分解到县区；县级项目不填报此表",
                     "附件1：表5", "项目政府采购表", "附件1：表6", "项目政府购买服务表",
                     "基本建设项目支出预算补充编审表", "总得分", "一、建设立项要素（25分）",
                     "项目支出预算编审表", "一、项目目标(23分)", "1.1项目依据是否充分(8分)", "本表得分", "总分",
                     "填报人", "项目负责人", "单位负责人", "单位（盖章）", "日期"], text)


def test_money_and_capital_amounts(sample_pdf):
    sub, path, _ = sample_pdf
    text = body_text(page_texts(path), sub)
    assert_in_order(["20,000,000.00", "人民币贰仟万元整", "37,000,000.00", "人民币叁仟柒佰万元整"], text)
    assert "20000000" not in text.replace(",", "X")


def test_superscript_is_raised(sample_pdf):
    """m<sup>2</sup> prints its 2 raised (a positive text rise) and smaller, never as markup."""
    sub, path, _ = sample_pdf
    page = PdfReader(str(path)).pages[1]
    assert "<sup>" not in page.extract_text() and "&lt;" not in page.extract_text()
    stream = page.get_contents().get_data()
    raised = re.findall(rb"\((?:\\\d{3})*9996\.10m\) Tj ([\d.]+) Ts /[\w+]+ ([\d.]+) Tf [\d.]+ TL \(2\) Tj 0 Ts", stream)
    assert raised, "the 2 of m<sup>2</sup> follows the m with a text rise"
    rise, size = (float(v) for v in raised[0])
    assert rise > 0 and size < 9


def test_cjk_font_is_embedded_and_the_only_font(sample_pdf):
    _, path, info = sample_pdf
    assert info.embedded and info.warning is None
    assert info.font_name == "WenQuanYi Micro Hei"
    reader = PdfReader(str(path))
    for page in reader.pages:
        fonts = page["/Resources"]["/Font"]
        used = set(re.findall(rb"(/F[\w+]+) [\d.]+ Tf", page.get_contents().get_data()))
        assert used
        for name in used:
            font = fonts[name.decode()].get_object()
            assert "WenQuanYi" in font["/BaseFont"]
            assert "/FontFile2" in font["/FontDescriptor"].get_object(), "TrueType outlines embedded"
            assert re.match(r"/[A-Z]{6}\+", font["/BaseFont"]), "embedded as a subset"


def test_pdffonts_agrees(sample_pdf):
    _, path, _ = sample_pdf
    if shutil.which("pdffonts") is None:
        pytest.fail("poppler-utils (pdffonts) is part of the test set-up")
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    rows = out.splitlines()[2:]
    assert rows and all(re.search(r"WenQuanYi\S*\s+TrueType\s+\S+\s+yes\s+yes\s+yes", r) for r in rows), out


def test_page_count_is_stable(sample_pdf, tmp_path):
    sub, path, info = sample_pdf
    again = export_pdf(sub, tmp_path / "again.pdf", today=TODAY)
    assert info.pages == again.pages == SAMPLE_PAGES == len(PdfReader(str(path)).pages)
    # same input, same layout: the two files differ at most in their time stamps and ids
    strip = lambda b: re.sub(rb"/(CreationDate|ModDate) \(D:[^)]*\)|/ID\s*\[[^\]]*\]", b"", b)  # noqa: E731
    assert strip(path.read_bytes()) == strip((tmp_path / "again.pdf").read_bytes())


def test_pages_are_a4_with_landscape_for_wide_tables(sample_pdf):
    sub, path, _ = sample_pdf
    reader = PdfReader(str(path))
    texts = page_texts(path)
    for page, text in zip(reader.pages, texts, strict=True):
        w, h = float(page.mediabox.width), float(page.mediabox.height)
        assert sorted((round(w), round(h))) == [595, 842]
        if any(t in text for t in ("对下专项转移支付支出预算明细表", "项目绩效目标表（绩效目标）", "附件1：表2-1")):
            assert w > h
        if "项目基本信息表" in text or "项目支出预算编审表" in text:
            assert h > w


def test_header_rows_repeat_on_every_page_a_table_spans(sample_pdf):
    sub, path, _ = sample_pdf
    texts = [_squash(t) for t in page_texts(path)]
    review_pages = [i for i, t in enumerate(texts) if "项目支出预算编审表" in t]
    assert len(review_pages) == 1
    start = review_pages[0]
    follow = [t for t in texts[start + 1:]]
    assert len(follow) >= 2, "the review table spans three pages"
    for t in follow:
        assert t.count("编审要点部门自评财政评审财政评审意见") == 1


def test_cli_export_prints_the_font(sample_path, tmp_path, capsys):
    out = tmp_path / "out.pdf"
    assert main(["export", str(sample_path), "--pdf", str(out)]) == 0
    printed = capsys.readouterr()
    assert "WenQuanYi Micro Hei" in printed.out and str(out) in printed.out
    assert printed.err == ""
    assert out.read_bytes().startswith(b"%PDF-")


def test_cli_exports_workbook_and_pdf_in_one_call(sample_path, tmp_path, capsys):
    xlsx, pdf = tmp_path / "out.xlsx", tmp_path / "out.pdf"
    assert main(["export", str(sample_path), "--xlsx", str(xlsx), "--pdf", str(pdf)]) == 0
    assert xlsx.read_bytes()[:2] == b"PK" and pdf.read_bytes().startswith(b"%PDF-")
    assert len(PdfReader(str(pdf)).pages) == SAMPLE_PAGES


# --- fonts --------------------------------------------------------------------------------------

def test_no_font_found_falls_back_to_stsong_with_a_warning(sample, tmp_path):
    path = tmp_path / "fallback.pdf"
    info = export_pdf(sample, path, today=TODAY, fonts=[])
    assert info.font_name == "STSong-Light" and not info.embedded and info.font_path is None
    assert info.warning and "不是自包含" in info.warning
    reader = PdfReader(str(path))
    fonts = reader.pages[0]["/Resources"]["/Font"]
    names = [fonts[k].get_object()["/BaseFont"] for k in fonts]
    assert any("STSong-Light" in n for n in names)
    assert len(reader.pages) > 1


def test_unusable_font_files_are_skipped(sample, tmp_path):
    fake = tmp_path / "broken.ttf"
    fake.write_bytes(b"not a font at all")
    latin = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"  # TrueType, but without Chinese glyphs
    info = export_pdf(sample, tmp_path / "x.pdf", today=TODAY,
                      fonts=[fake, tmp_path / "missing.ttc", latin, "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"])
    assert info.embedded and info.font_path.endswith("wqy-microhei.ttc")


# --- blank and half-filled forms ----------------------------------------------------------------

def test_blank_form_prints_with_its_shape(tmp_path):
    path = tmp_path / "blank.pdf"
    info = export_pdf(Submission(), path, today=TODAY)
    texts = page_texts(path)
    assert info.pages == len(texts) == BLANK_PAGES
    text = _squash("".join(texts))
    assert_in_order(["项目基本信息表", "项目分类", "资金来源", "合计", "上级补助", "本级财政安排", "部门自筹",
                     "基层项目单位电子邮箱", "项目的法律、法规、政策、会议纪要等依据", "简述", "上传依据",
                     "项目的财务管理制度", "项目绩效目标表（年度目标）", "财年", "指标名称", "产出指标", "数量指标",
                     "满意度指标", "对下专项转移支付支出预算明细表", "地区名称", "资金规模", "单位自筹",
                     "项目政府采购表", "采购项目名称", "金额（元）", "政府采购品目代码", "单价（元）", "部门预算支出经济分类",
                     "政府预算支出经济分类", "项目政府购买服务表", "购买内容简述", "数量", "部门预算支出经济分类",
                     "政府预算支出经济分类", "附件1：表2-1", "项目支出预算明细表", "单位：元", "支出功能分类", "部门预算支出经济分类",
                     "政府预算支出经济分类", "资金来源", "资金性质", "申请金额", "测算依据", "是否政府采购", "是否政府购买服务", "备注",
                     "年", "年", "年", "合计", "基本建设项目支出预算补充编审表", "一、建设立项要素（25分）", "(1)项目是否具备政府决定", "5分",
                     "三、项目年度预算（25分）", "项目支出预算编审表", "一、项目目标(23分)",
                     "3.2财务管理是否规范(5分)", "本表得分", "基建项目补充表得分", "总分", "单位（盖章）"], text)
    assert "第1页共9页" in text and "项目名称：" in text


def test_half_filled_form_keeps_the_budget_years_columns(tmp_path):
    sub = Submission()
    sub.basic.name = "半成品<项目>&测试"
    sub.basic.budget_year = 2024
    sub.narratives.basis.html = "<p>依据 H<sub>2</sub>O &amp; 5 &lt; 6</p><script>alert(1)</script>"
    path = tmp_path / "half.pdf"
    info = export_pdf(sub, path, today=TODAY)
    texts = page_texts(path)
    text = _squash("".join(texts))
    assert_in_order(["半成品<项目>&测试", "资金来源", "2024年", "2025年", "2026年", "依据H2O&5<6",
                     "对下专项转移支付支出预算明细表", "2024年", "2025年", "2026年",
                     "项目支出预算明细表", "申请金额", "2024年", "2025年", "2026年"], text)
    assert "alert" not in text and "<sub>" not in text
    assert info.pages == len(texts)


def test_attachments_and_cited_clauses_print_under_their_narrative(sample, tmp_path):
    from forms.model import Attachment, Citation

    sample.narratives.basis.attachments = [Attachment(name="玉政函〔2019〕28号.pdf", path="/x/a.pdf"),
                                           Attachment(name="常务会议纪要.docx")]
    sample.narratives.basis.citations = [Citation(doc_id="004", title="中共中央 国务院关于做好2023年全面推进乡村振兴重点工作的意见",
                                                  clause="（七）", quote="加强高标准农田建设。")]
    path = tmp_path / "att.pdf"
    export_pdf(sample, path, today=TODAY)
    text = body_text(page_texts(path), sample)
    assert_in_order(printed_values(sample), text)
    assert_in_order(["玉溪市商务局将全力协调配合做好玉海海关建设工作作为2020年工作重点之一。", "上传依据",
                     "玉政函〔2019〕28号.pdf", "常务会议纪要.docx",
                     "《中共中央国务院关于做好2023年全面推进乡村振兴重点工作的意见》（七）", "项目的可行性论证"], text)


def test_procurement_and_services_rows_print_with_their_totals(sample, tmp_path):
    from decimal import Decimal

    from forms.model import ProcurementItem, ServiceItem

    sample.procurement.items = [
        ProcurementItem(name="EPC工程总承包", catalogue="B 工程", method="公开招标", unit="项", quantity="1",
                        need_time="2020年3月1日", amount="19,500,000.00"),
        ProcurementItem(name="监理服务", catalogue="C 服务", method="竞争性磋商", unit="项", quantity="1.5",
                        need_time="2020-04-01", amount=Decimal("500000")),
    ]
    sample.procurement.declared_total = Decimal("20000000")
    sample.services.items = [ServiceItem(catalogue="技术服务", purchase_way="委托", method="询价", amount="12345.6",
                                         summary="造价咨询 <审计> & 结算")]
    sample.services.declared_total = Decimal("12345.6")
    path = tmp_path / "items.pdf"
    export_pdf(sample, path, today=TODAY)
    text = body_text(page_texts(path), sample)
    assert_in_order(printed_values(sample), text)
    assert_in_order(["项目政府采购表", "合计", "20,000,000.00", "EPC工程总承包", "B 工程", "公开招标", "1",
                     "2020年3月1日", "19,500,000.00", "监理服务", "1.5", "2020年4月1日", "500,000.00",
                     "项目政府购买服务表", "合计", "12,345.60", "技术服务", "委托", "询价", "12,345.60",
                     "造价咨询 <审计> & 结算"], text)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(sub=submissions())
def test_any_submission_prints(sub, tmp_path):
    path = tmp_path / "any.pdf"
    info = export_pdf(sub, path, today=TODAY)
    texts = page_texts(path)
    assert info.pages == len(texts)
    text = _squash("".join(texts))
    assert_in_order([name for _, name in TABLES], text)


def test_cli_says_when_it_fell_back_to_a_font_that_is_not_embedded(sample_path, tmp_path, capsys, monkeypatch):
    from forms.pdf import fonts

    monkeypatch.setattr(fonts, "default_candidates", lambda: [])
    out = tmp_path / "fallback.pdf"
    assert main(["export", str(sample_path), "--pdf", str(out)]) == 0
    printed = capsys.readouterr()
    assert "STSong-Light" in printed.out
    assert "警告" in printed.err and "不是自包含" in printed.err and printed.err.count("\n") == 1


def test_a_cell_taller_than_a_page_continues_on_the_next_pages(sample, tmp_path):
    sample.basic.unit_address = "".join(f"抚仙路{i}号" for i in range(1500))
    path = tmp_path / "too-long.pdf"
    info = export_pdf(sample, path, today=TODAY)
    assert info.pages > SAMPLE_PAGES + 2
    text = body_text(page_texts(path), sample)
    assert_in_order([f"抚仙路{i}号" for i in range(1500)] + ["项目目标"], text)


def test_a_very_long_narrative_splits_across_pages_without_losing_a_line(sample, tmp_path):
    sentence = "第{}条：本项目严格执行基本建设程序，规范组织实施。"
    sample.narratives.responsibility.html = "".join(f"<p>{sentence.format(i)}</p>" for i in range(400))
    path = tmp_path / "long.pdf"
    info = export_pdf(sample, path, today=TODAY)
    assert info.pages > SAMPLE_PAGES + 5
    text = body_text(page_texts(path), sample)
    assert_in_order([sentence.format(i) for i in range(400)], text)


def test_unwritable_target_is_a_clear_error(sample, tmp_path):
    from forms.errors import UserError

    with pytest.raises(UserError) as exc:
        export_pdf(sample, tmp_path / "no-such-folder" / "x.pdf", today=TODAY)
    assert "x.pdf" in str(exc.value) and "无法写入" in str(exc.value)


def test_every_table_fits_between_the_margins(sample):
    """No table runs off the page: each is at most as wide as the frame of its page."""
    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import Table

    from forms.pdf import detail, tables
    from forms.pdf.export import MARGIN
    from forms.pdf.fonts import find_font
    from forms.pdf.layout import Styles

    st = Styles(find_font().name)
    portrait, landscape = A4[0] - 2 * MARGIN, A4[1] - 2 * MARGIN
    for sub in (sample, Submission()):
        for build, frame in ((tables.basic_info, portrait), (tables.performance, landscape),
                             (tables.transfers, landscape), (tables.procurement, landscape),
                             (tables.services, landscape), (detail.detail_table, landscape),
                             (tables.construction_review, portrait),
                             (tables.budget_review, portrait), (tables.sign_off, portrait)):
            flowables = build(sub, st)
            found = [f for f in flowables if isinstance(f, Table)]
            found += [t for f in flowables for t in getattr(f, "_content", []) if isinstance(t, Table)]
            assert found, build.__name__
            for table in found:
                assert sum(table._colWidths) <= frame + 0.01, (build.__name__, sum(table._colWidths), frame)


def test_control_characters_and_markup_in_plain_fields_never_reach_the_page(sample, tmp_path):
    sample.basic.unit_address = "抚仙路\x0b14号\x00<b>&amp;"
    path = tmp_path / "ctl.pdf"
    export_pdf(sample, path, today=TODAY)
    text = body_text(page_texts(path), sample)
    assert "抚仙路14号<b>&amp;" in text


def test_more_than_three_transfer_years_continue_in_a_second_block(sample, tmp_path):
    from decimal import Decimal

    from forms.model import TransferYear

    years = [2020, 2021, 2022, 2023, 2024]
    sample.transfers.years = years
    sample.transfers.declared_total = [TransferYear(year=y, scale=Decimal(y) * 1000, local=Decimal(y) * 1000) for y in years]
    for region in sample.transfers.regions:
        region.years = [TransferYear(year=y, scale=Decimal("1234567890.12") + y, own=Decimal("0.5")) for y in years]
    path = tmp_path / "years.pdf"
    export_pdf(sample, path, today=TODAY)
    text = body_text(page_texts(path), sample)
    first, second = years[:3], years[3:]
    expected = ["对下专项转移支付支出预算明细表"]
    for block in (first, second):
        expected += [f"{y}年" for y in block] + ["合计"]
        expected += [v for y in block for v in (format_money(Decimal(y) * 1000), format_money(Decimal(y) * 1000))]
        expected += ["玉溪市高新技术开发区"] + [v for y in block for v in
                                          (format_money(Decimal("1234567890.12") + y), "0.50")]
    assert_in_order(expected + ["注：州市承担金额分解到县区；县级项目不填报此表"], text)
