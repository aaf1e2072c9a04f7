"""Printing at any size: groups and cells taller than a page continue with their labels repeated
（续）, long tables and narratives break across pages, and nothing is lost or runs off the paper."""

from __future__ import annotations

import io
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from pypdf import PdfReader

from forms import files, seal
from forms.errors import UserError
from forms.model import Submission, YesNo, format_money
from forms.pdf import render
from tests.conftest import SAMPLE

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
from large import make_large, region_names  # noqa: E402

TODAY = date(2026, 11, 23)


def _texts(data: bytes) -> tuple[PdfReader, str]:
    reader = PdfReader(io.BytesIO(data))
    return reader, "".join("".join(p.extract_text().split()) for p in reader.pages)


def assert_in_order(values: list[str], text: str) -> None:
    pos = 0
    for value in values:
        needle = "".join(value.split())
        found = text.find(needle, pos)
        assert found >= 0, f"{value!r} not found after position {pos}: {text[pos:pos + 80]!r}"
        pos = found + len(needle)


def assert_on_paper(reader: PdfReader) -> None:
    """No page is wider than its paper: every page is A4, portrait or landscape, and nothing is
    drawn beyond its media box."""
    for page in reader.pages:
        w, h = float(page.mediabox.width), float(page.mediabox.height)
        assert sorted((round(w), round(h))) == [595, 842]


@pytest.mark.parametrize("count", [10, 50, 200])
def test_many_indicators_in_one_second_level_group_print_with_the_label_continued(count):
    sub = files.load(SAMPLE)
    first = sub.performance.indicators[0]
    sub.performance.indicators = [
        first.model_copy(update={"name": f"第{k}号业务用房面积", "value": str(1000 + k)}) for k in range(count)]
    data, info = render(sub, today=TODAY)
    reader, text = _texts(data)
    assert info.pages == len(reader.pages)
    assert_in_order([v for k in range(count) for v in (f"第{k}号业务用房面积", str(1000 + k))], text)
    if count >= 50:  # the group runs over several pages: each continued page repeats both labels
        assert text.count("产出指标（续）") >= 2 and text.count("数量指标（续）") == text.count("产出指标（续）")
    assert_on_paper(reader)


def test_400_regions_print_every_name_and_amount_in_order():
    sub = make_large(400)
    sub.procurement.items, sub.services.items, sub.performance.indicators = [], [], sub.performance.indicators[:5]
    data, info = render(sub, today=TODAY, tables=["transfers"])
    reader, text = _texts(data)
    expected = []
    for region in sub.transfers.regions:
        expected.append(region.name)
        expected += [format_money(region.years[0].scale)]
    assert_in_order(expected, text)
    assert len(set(region_names(400))) == 400
    assert info.pages > 10
    assert_on_paper(reader)


def test_1200_procurement_rows_print_every_row_in_order():
    sub = make_large(400)
    data, _ = render(sub, today=TODAY, tables=["procurement"])
    reader, text = _texts(data)
    assert len(sub.procurement.items) == 1200
    assert_in_order([v for item in sub.procurement.items for v in (item.name, format_money(item.amount))], text)
    pages = ["".join(p.extract_text().split()) for p in reader.pages]
    with_rows = [t for t in pages if "（第" in t and "批）" in t]
    assert len(with_rows) >= len(pages) - 1 > 40  # the last page may hold only the sign-off
    assert all(t.count("采购项目名称") == 1 for t in with_rows)  # the header repeats on every page of rows
    assert_on_paper(reader)


def test_a_5000_character_narrative_splits_across_pages():
    sub = files.load(SAMPLE)
    sentences = [f"第{k}句：项目单位严格执行基本建设程序，规范招标采购，按进度拨付资金。" for k in range(200)]
    sub.narratives.content.html = "<p>" + "".join(sentences) + "</p>"
    assert len("".join(sentences)) >= 5000
    data, info = render(sub, today=TODAY, tables=["basic"])
    reader, text = _texts(data)
    assert info.pages >= 3
    assert_in_order(sentences, text)
    assert "（续）" in text  # the narrative's label is repeated where it continues
    assert_on_paper(reader)


def test_the_large_generator_is_deterministic_and_sized_as_documented():
    a, b = make_large(100), make_large(100)
    assert files.dumps(a) == files.dumps(b)
    assert (len(a.transfers.regions), len(a.performance.indicators), len(a.procurement.items),
            len(a.services.items)) == (100, 50, 300, 50)
    total = sum((r.years[0].scale for r in a.transfers.regions), Decimal(0))
    assert a.transfers.declared_total[0].scale == total == Decimal("20000000.00")


def test_pages_grow_linearly_with_rows():
    pages = {n: render(make_large(n), today=TODAY)[1].pages for n in (25, 100)}
    fixed = render(make_large(1), today=TODAY)[1].pages
    # four times the rows: about four times the pages the rows take
    assert 3 * (pages[25] - fixed) <= pages[100] - fixed <= 5 * (pages[25] - fixed)


def test_unanswered_flags_print_visibly():
    sub = files.load(SAMPLE)
    sub.basic.flags.major = YesNo.UNSET
    for ind in sub.performance.indicators:
        ind.core = YesNo.UNSET
    _, text = _texts(render(sub, today=TODAY, tables=["basic", "performance"])[0])
    assert text.count("未填") >= 1 + len(sub.performance.indicators)


def test_the_seal_is_in_every_footer_and_in_the_metadata():
    sub = files.load(SAMPLE)
    data, info = render(sub, today=TODAY)
    digest = seal.digest(sub)
    assert info.seal == digest
    reader = PdfReader(io.BytesIO(data))
    for page in reader.pages:
        assert f"印记：{seal.short(digest)}" in page.extract_text()
    assert f"{seal.PDF_KEYWORD}{digest}" in reader.metadata["/Keywords"]
    assert digest in reader.metadata["/Subject"]


def test_chosen_tables_and_the_findings_annex():
    from forms.pdf.annex import Annex, finding_key
    from forms.rules import check

    sub = files.load(SAMPLE)
    findings = list(check(sub))
    warning = next(f for f in findings if f.severity.value == "warning")
    annex = Annex(findings, {finding_key(warning): "已与主管部门核实"})
    _, only = _texts(render(sub, today=TODAY, tables=["transfers"])[0])
    assert "对下专项转移支付支出预算明细表" in only and "项目基本信息表" not in only and "检查结果" not in only
    data, info = render(sub, today=TODAY, tables=["transfers"], annex=annex)
    _, text = _texts(data)
    assert "检查结果" in text and "已核实的警告（1条）" in text and "已与主管部门核实" in text
    opened = [f for f in findings if f is not warning]
    assert f"未解决的问题（{len(opened)}条）" in text
    with pytest.raises(UserError):
        render(sub, tables=["no_such_table"])


def test_a_row_no_page_can_hold_names_table_row_and_column():
    from reportlab.lib.units import mm
    from reportlab.platypus import SimpleDocTemplate

    from forms.pdf.fonts import find_font
    from forms.pdf.layout import LayoutProblem, Styles

    st = Styles(find_font().name)
    g = st.grid([60, 120])
    g.title, g.columns = "项目政府采购表", ["采购项目名称", "金额"]
    g.row("a", "b")
    g.row("c", "d", height=400 * mm)  # a fixed height taller than any page
    doc = SimpleDocTemplate(io.BytesIO())
    with pytest.raises(LayoutProblem) as exc:
        doc.build([g.table(repeat_rows=1)])
    assert "《项目政府采购表》第 1 行“采购项目名称”列" in str(exc.value)  # row 1 under the header


def test_blank_submission_still_prints():
    data, info = render(Submission(), today=TODAY)
    assert info.pages >= 7


def test_what_truly_cannot_be_laid_out_is_a_message_naming_the_place(monkeypatch, tmp_path):
    from reportlab.lib.units import mm

    from forms.pdf import export_pdf, tables

    def services(sub, st):  # a table with a row of fixed height taller than any page
        g = st.grid([60, 207])
        g.title, g.columns = "项目政府购买服务表", ["政府购买服务目录", "购买内容简述"]
        g.row("目录", "简述")
        g.row("技术服务", "内容", height=300 * mm)
        return [g.table(repeat_rows=1)]

    monkeypatch.setattr(tables, "services", services)
    path = tmp_path / "x.pdf"
    with pytest.raises(UserError) as exc:
        export_pdf(files.load(SAMPLE), path)
    message = str(exc.value)
    assert message.startswith("无法排版 PDF：《项目政府购买服务表》第 1 行“政府购买服务目录”列")
    assert "Flowable" not in message and not path.exists()
