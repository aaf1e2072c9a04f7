"""The 项目支出预算明细表 on paper (forms/pdf/detail.py), and the 一体化 columns of 表5 and 表6: the
text of the pages (pypdfium2) shows every line, the 合计 row and the extra columns in the form's
order; a long table splits over landscape pages with its header on each; nothing runs off the page."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal as D

import pypdfium2 as pdfium
import pytest

from forms import files
from forms.layouts.detail import DETAIL_COLUMNS
from forms.model import DetailAmount, DetailLine, ProcurementItem, ServiceItem, YesNo, format_money
from forms.pdf import render
from forms.pdf.detail import TEXT_WIDTHS, widths_for
from forms.pdf.layout import MARGIN
from forms.pdf.tables import LANDSCAPE_MM
from tests.conftest import ROOT
from tests.test_pdf import _squash, assert_in_order

TODAY = date(2026, 11, 23)
EXAMPLE = ROOT / "seeds" / "example-huaning-education-2024.bfproj"
CAPTION = "附件1：表2-1"
HEADER = "支出功能分类部门预算支出经济分类政府预算支出经济分类资金来源资金性质申请金额"
"""The header's first row as the page's text reads it (squashed)."""


def pages_of(data: bytes) -> list[tuple[str, float, float]]:
    """Each page's text (squashed) and its width and height in points."""
    pdf = pdfium.PdfDocument(data)
    try:
        out = []
        for i in range(len(pdf)):
            page = pdf[i]
            w, h = page.get_size()
            out.append((_squash(page.get_textpage().get_text_range()), w, h))
        return out
    finally:
        pdf.close()


def line_values(line: DetailLine, years: list[int]) -> list[str]:
    flags = [v.value if v != YesNo.UNSET else "未填" for v in (line.procurement, line.purchased_services)]
    return [str(line.function_subject), str(line.dept_economic), str(line.gov_economic), line.source, line.nature,
            *(format_money(line.amount(y)) for y in years), line.basis, *flags, line.note]


@pytest.fixture(scope="module")
def example_pages():
    sub = files.load(EXAMPLE)
    data, info = render(sub, today=TODAY)
    pages = pages_of(data)
    assert info.pages == len(pages)
    return sub, pages


# --- the example ---------------------------------------------------------------------------------

def test_the_example_prints_its_table_with_every_line_and_the_totals(example_pages):
    sub, pages = example_pages
    found = [p for p in pages if CAPTION in p[0]]
    assert len(found) == 1
    text, w, h = found[0]
    assert w > h  # landscape
    years = [2024, 2025, 2026]
    expected = [CAPTION, "项目支出预算明细表", "单位：元", HEADER, "测算依据", "是否政府采购", "是否政府购买服务", "备注",
                "2024年", "2025年", "2026年", "合计", "1,404,000.00", "524,000.00"]
    for line in sub.detail.lines:
        expected += line_values(line, years)
    assert_in_order([v for v in expected if v], text[text.index(CAPTION):])
    assert "未填" not in text


def test_the_table_follows_6_and_comes_before_the_supplement(example_pages):
    _, pages = example_pages
    text = "".join(p[0] for p in pages)
    assert_in_order(["附件1：表5", "项目政府采购表", "附件1：表6", "项目政府购买服务表", CAPTION, "项目支出预算明细表",
                     "项目支出预算编审表"], text)


def test_the_extra_columns_of_5_print_with_their_values(example_pages):
    sub, pages = example_pages
    text = "".join(p[0] for p in pages)
    start = text.index("附件1：表5")
    expected = ["采购项目名称", "金额（元）", "政府采购品目代码", "单价（元）", "部门预算支出经济分类", "政府预算支出经济分类"]
    for item in sub.procurement.items:
        expected += [item.name, format_money(item.amount), item.item_code, format_money(item.unit_price),
                     str(item.dept_economic), str(item.gov_economic)]
    assert_in_order(expected, text[start:])


def test_the_extra_columns_of_6_print_with_their_values(sample):
    sample.services.items = [ServiceItem(catalogue="技术服务", purchase_way="委托", method="询价", amount="60000",
                                         summary="第三方绩效评价", quantity="2", dept_economic="30227 委托业务费",
                                         gov_economic="50205 委托业务费")]
    sample.services.declared_total = D("60000")
    text = "".join(p[0] for p in pages_of(render(sample, today=TODAY, tables=["services"])[0]))
    assert_in_order(["购买内容简述", "数量", "部门预算支出经济分类", "政府预算支出经济分类", "合计", "60,000.00",
                     "技术服务", "委托", "询价", "60,000.00", "第三方绩效评价", "2", "30227委托业务费", "50205委托业务费"], text)


# --- an empty table ------------------------------------------------------------------------------

def test_an_empty_table_prints_its_shape_under_6(sample):
    pages = pages_of(render(sample, today=TODAY)[0])
    found = [(i, p) for i, p in enumerate(pages) if CAPTION in p[0]]
    assert len(found) == 1
    i, (text, w, h) = found[0]
    assert w > h and "附件1：表6" in text  # on 表6's page, which has room for it
    assert_in_order(["附件1：表6", CAPTION, "项目支出预算明细表", "单位：元", HEADER, "2020年", "2021年", "2022年", "合计",
                     "基本建设项目支出预算补充编审表"], text + "".join(p[0] for p in pages[i + 1:]))
    table = text[text.index(CAPTION):]
    assert "未填" not in table and not re.search(r"\d,\d{3}\.\d\d", table)  # no amount, no 是/否 on a blank form


def test_blank_lines_among_written_ones_print_as_empty_rows():
    sub = files.load(EXAMPLE)
    sub.detail.lines.insert(1, DetailLine())
    text = "".join(p[0] for p in pages_of(render(sub, today=TODAY, tables=["detail"])[0]))
    assert "未填" not in text
    assert_in_order([v for line in sub.detail.lines if not line.is_blank()
                     for v in line_values(line, [2024, 2025, 2026]) if v], text)


def test_an_unanswered_flag_of_a_written_line_prints_visibly():
    sub = files.load(EXAMPLE)
    sub.detail.lines[0].purchased_services = YesNo.UNSET
    text = "".join(p[0] for p in pages_of(render(sub, today=TODAY, tables=["detail"])[0]))
    assert text.count("未填") == 1


# --- many lines, long bases, many years -----------------------------------------------------------

def _long_basis(k: int) -> str:
    return (f"第{k}行测算：教师信息化教学应用培训 {k % 5 + 1} 期 × 60 人 × 200 元/人·期，"
            "依据《华宁县县级机关培训费管理办法》第八条，培训天数按 2 天计，讲课费按副高级职称每学时 500 元，"
            f"场地费、资料费和交通费按实结算，不足部分由单位公用经费解决（第{k}行完）")


def _sixty_lines():
    sub = files.load(EXAMPLE)
    template = sub.detail.lines[3]
    sub.detail.lines = [template.model_copy(update={
        "basis": _long_basis(k), "note": f"备注{k}",
        "amounts": [DetailAmount(year=2024, amount=D(1000 + k)), DetailAmount(year=2025, amount=D(2000 + k))]})
        for k in range(60)]
    sub.detail.declared_total = [DetailAmount(year=2024, amount=sum(D(1000 + k) for k in range(60))),
                                 DetailAmount(year=2025, amount=sum(D(2000 + k) for k in range(60)))]
    return sub


def test_sixty_lines_with_long_bases_split_over_pages_with_the_header_on_each():
    sub = _sixty_lines()
    data, info = render(sub, today=TODAY, tables=["detail"])
    pages = pages_of(data)
    assert info.pages == len(pages) >= 4
    with_lines = [p for p in pages if "行测算" in p[0]]
    assert len(with_lines) >= len(pages) - 1  # the sign-off may stand on a page of its own
    assert all(w > h for _, w, h in pages)
    for text, _, _ in with_lines:
        assert text.count(HEADER) == 1 and "2024年2025年2026年" in text  # both header rows repeat
    assert pages[0][0].count("合计") == 1 and all("合计" not in p[0] for p in pages[1:])
    text = "".join(p[0] for p in pages)
    assert_in_order([format_money(sub.detail.declared(2024)), format_money(sub.detail.declared(2025))], text)
    assert_in_order([v for line in sub.detail.lines for v in line_values(line, [2024, 2025, 2026]) if v], text)
    # a line never splits over two pages: its basis begins and ends on the same page
    for k in range(60):
        page = next(p[0] for p in pages if f"第{k}行测算" in p[0])
        assert f"（第{k}行完）" in page, k


def column_text(data: bytes, path: str, n_years: int = 3) -> str:
    """The text printed in the column of *path* on every page, top to bottom (squashed)."""
    widths, _ = widths_for(n_years)
    order = [spec.path for spec in DETAIL_COLUMNS for _ in (range(n_years) if spec.path == "amounts" else [0])]
    i = order.index(path)
    return text_between(data, sum(widths[:i]), sum(widths[:i + 1]), padding=1)


def test_a_basis_taller_than_half_a_page_continues_on_the_next_without_losing_a_word():
    sub = files.load(EXAMPLE)
    words = [f"第{k}项：专家评审费 10 人 × 2 天 × 1,000 元；" for k in range(400)]
    sub.detail.lines[3].basis = "".join(words)
    data, info = render(sub, today=TODAY, tables=["detail"])
    assert info.pages == len(pages_of(data)) >= 3
    basis = column_text(data, "basis")
    assert basis.count("测算依据") == info.pages - (1 if "测算依据" not in pages_of(data)[-1][0] else 0)
    written = _squash("".join(line.basis for line in sub.detail.lines))
    basis = basis.replace("测算依据", "")
    assert basis.startswith(written) and "项" not in basis[len(written):]  # then only the sign-off, below the table


@pytest.mark.parametrize("n", range(1, 11))
def test_the_columns_fill_the_landscape_frame_for_any_number_of_years(n):
    widths, year_w = widths_for(n)
    assert len(widths) == len(TEXT_WIDTHS) + n
    assert sum(widths) == pytest.approx(LANDSCAPE_MM)
    assert year_w >= 12 and min(widths) >= 7


def test_a_year_outside_the_grid_gets_a_column_and_its_amount_prints():
    sub = files.load(EXAMPLE)
    sub.detail.lines[3].amounts.append(DetailAmount(year=2027, amount=D("12345.67")))
    text = "".join(p[0] for p in pages_of(render(sub, today=TODAY, tables=["detail"])[0]))
    assert "2024年2025年2026年2027年" in text
    assert_in_order(["30216培训费", "24,000.00", "24,000.00", "12,345.67", "教师信息化教学应用培训"], text)


def test_six_years_of_large_amounts_fit_without_clipping():
    sub = files.load(EXAMPLE)
    years = list(range(2024, 2030))
    big = D("123456789.12")
    for line in sub.detail.lines:
        line.amounts = [DetailAmount(year=y, amount=big) for y in years]
    data, _ = render(sub, today=TODAY, tables=["detail"])
    text = "".join(p[0] for p in pages_of(data))
    assert text.count(format_money(big)) == 6 * len(sub.detail.lines)


def test_markup_and_control_characters_in_a_basis_print_as_written():
    sub = files.load(EXAMPLE)
    sub.detail.lines[0].basis = "100 台 <b>×</b> 10,000 元 & 运费\x0b另计"
    text = "".join(p[0] for p in pages_of(render(sub, today=TODAY, tables=["detail"])[0]))
    assert "100台<b>×</b>10,000元&运费另计" in text


def test_the_table_fits_between_the_margins():
    from reportlab.platypus import Table

    from forms.pdf.detail import detail_table
    from forms.pdf.fonts import find_font
    from forms.pdf.layout import Styles

    st = Styles(find_font().name)
    for sub in (files.load(EXAMPLE), _sixty_lines()):
        flowables = detail_table(sub, st)
        tables = [t for f in flowables for t in getattr(f, "_content", []) if isinstance(t, Table)]
        assert len(tables) == 1
        assert sum(tables[0]._colWidths) == pytest.approx(LANDSCAPE_MM * 72 / 25.4)


def test_a_procurement_row_with_every_extra_column_filled_wraps_and_keeps_its_values(sample):
    sample.procurement.items = [ProcurementItem(
        name="教室交互式智能平板（含安装调试及三年质保）", catalogue="A 货物", method="公开招标", unit="台", quantity="100",
        need_time="2024-12-28", amount="1000000", item_code="A02010104", unit_price="10000",
        dept_economic="31003 专用设备购置", gov_economic="50306 设备购置")]
    sample.procurement.declared_total = D("1000000")
    text = "".join(p[0] for p in pages_of(render(sample, today=TODAY, tables=["procurement"])[0]))
    assert_in_order(["合计", "1,000,000.00", "教室交互式智能平板（含安装调试及三年质保）", "A货物", "公开招标", "台", "100",
                     "2024年12月28日", "1,000,000.00", "A02010104", "10,000.00", "31003专用设备购置", "50306设备购置"], text)


# --- punctuation that may not begin a line stays inside its cell -----------------------------------

def text_between(data: bytes, x0_mm: float, x1_mm: float, padding: float = 3) -> str:
    """The text every page prints between *x0_mm* and *x1_mm* from the left margin, inside the cell
    padding (squashed)."""
    pdf = pdfium.PdfDocument(data)
    try:
        out = []
        for k in range(len(pdf)):
            page = pdf[k]
            _, h = page.get_size()
            left, right = MARGIN + x0_mm * 72 / 25.4 + padding, MARGIN + x1_mm * 72 / 25.4 - padding
            out.append(page.get_textpage().get_text_bounded(left=left, bottom=0, right=right, top=h))
        return _squash("".join(out))
    finally:
        pdf.close()


def test_a_closing_bracket_at_the_end_of_a_line_stays_in_its_cell():
    from reportlab.platypus import Paragraph

    from forms.pdf.fonts import find_font
    from forms.pdf.layout import Para, Styles

    st = Styles(find_font().name)
    text = "初中交互式智能平板（第一批）"
    width = 44 * 72 / 25.4 - 6  # 表5's 采购项目名称 column less its padding: 13 characters fit, the 14th is the ）
    plain = Paragraph(text, st.body)
    plain.wrap(width, 1e6)
    assert min(_room(plain)) < -1, "reportlab lets the ） hang past the edge"
    para = Para(text, st.body)
    _, h = para.wrap(width, 1e6)
    assert min(_room(para)) >= 0 and h == 2 * st.body.leading


def _room(p) -> list[float]:
    """The room left at the end of each line of a wrapped paragraph (negative: past its width)."""
    return [line[0] if isinstance(line, tuple) else line.extraSpace for line in p.blPara.lines]


def test_the_names_of_5_print_whole_inside_their_column():
    from forms.pdf.tables import PROCUREMENT_WIDTHS

    sub = files.load(EXAMPLE)
    data, _ = render(sub, today=TODAY, tables=["procurement"])
    column = text_between(data, 0, PROCUREMENT_WIDTHS[0])
    for item in sub.procurement.items:
        assert _squash(item.name) in column, item.name
