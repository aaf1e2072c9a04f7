"""The seven tables of a submission as reportlab flowables, in the seed's order, each laid out
like the official form. One builder per table; each reads top to bottom like the paper.

Widths are in millimetres: portrait pages have 180 mm between the margins, landscape pages 267 mm.
An empty or half-filled submission prints the same shape with blank cells.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Callable

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from ..codes import code_lists
from ..model import (
    FLAGS, FUNDING_SOURCES, GRID_YEARS, NARRATIVE_GROUPS, NARRATIVES, TRANSFER_COLUMNS, Submission,
    YesNo, capital_rmb, format_date, indicator_tree,
)
from ..model.review import ReviewItem, ScorePair
from .blank import blank_budget_review, blank_construction_review
from .layout import LIGHT, SHADE, C, Grid, Styles, number, score
from .richtext import chunks, plain_markup, runs_markup

PORTRAIT_MM = 180
LANDSCAPE_MM = 267
BLANK_ROWS = 3
"""Empty rows printed in a list table that has no rows yet, to fill in by hand."""


def _flag(value: YesNo) -> str:
    return "" if value == YesNo.UNSET else value.value


def _years(sub: Submission, declared: list[int]) -> list[int | None]:
    """The year columns: those of the table, else the grid's, else three unnamed columns."""
    years: list[int | None] = list(declared) or list(sub.grid_years())
    return years or [None] * GRID_YEARS


def _year_label(year: int | None) -> str:
    return f"{year}年" if year is not None else "　　年"


def _heading(st: Styles, title: str, annex: str = "", unit: str = "") -> list[Flowable]:
    out: list[Flowable] = []
    if annex:
        out.append(Paragraph(annex, st.annex))
    out.append(Paragraph(title, st.title))
    if unit:
        out.append(Paragraph(unit, st.unit))
    return out


def _rich_rows(grid: Grid, st: Styles, markup: str, lead: Callable[[int], list[C]], text_col: int,
               blank_height: float = 12 * mm) -> tuple[int, int]:
    """A narrative as rows, one chunk a row, its text from *text_col* to the last column; *lead(i)*
    gives the cells before the text in chunk row *i*. The chunks join without a visible seam: no
    line between them and no padding, so a chunk break reads as a line break. Returns the first
    and last row."""
    parts = chunks(markup) or [[]]
    span = grid.ncols - text_col
    start = len(grid.rows)
    for i, chunk in enumerate(parts):
        text = [Paragraph(runs_markup(p), st.narrative) for p in chunk]
        r = grid.row(*lead(i), C(text or "", span=span, box=False), height=None if chunk else blank_height)
        if i > 0:
            grid.style(("TOPPADDING", (text_col, r), (-1, r), 0))
        if i < len(parts) - 1:
            grid.style(("BOTTOMPADDING", (text_col, r), (-1, r), 0))
    end = len(grid.rows) - 1
    grid.block(text_col, start, grid.ncols - 1, end)
    return start, end


def _summary_rows(grid: Grid, st: Styles, markup: str) -> tuple[int, int]:
    """A review item's 简述: the label in the first column, the text across the rest."""
    label = st.label_text("简述", st.center)
    start, end = _rich_rows(grid, st, markup, lambda i: [C(label if i == 0 else "", box=False)], 1, 9 * mm)
    grid.block(0, start, 0, end)
    return start, end


# --- 1. 项目基本信息表 ----------------------------------------------------------------------------

def basic_info(sub: Submission, st: Styles) -> list[Flowable]:
    b = sub.basic
    out = _heading(st, "项目基本信息表")
    g = st.grid([10, 28, 29, 28, 29, 28, 28])
    L = st.label_text
    T = st.text

    def pair2(l1: str, v1: Any, l2: str, v2: Any) -> None:
        g.row(C("", box=False), L(l1), C(T(v1), 2), L(l2), C(T(v2), 2))

    def pair3(l1: str, v1: Any, l2: str, v2: Any, l3: str, v3: Any) -> None:
        g.row(C("", box=False), L(l1), T(v1), L(l2), T(v2), L(l3), T(v3))

    def full(label: str, value: Any) -> None:
        g.row(C("", box=False), L(label), C(T(value), 5))

    flags = b.flags
    pair2("项目分类", b.category, "支出保障分类", str(b.guarantee_class))
    pair2("项目主码", b.main_code, "项目副码", b.sub_code)
    full("项目名称", b.name)
    pair3("项目级次", b.level, "项目分配类别", b.allocation, "项目属性", b.attribute)
    pair3("项目实施年度", b.budget_year, "项目实施周期(年)", b.period_years,
          "项目开始实施时间", format_date(b.start_date))
    pair3("项目领域", b.domain, "是否重大项目", _flag(flags.major), "项目绩效分类", str(b.perf_class))
    rest = [spec for spec in FLAGS if spec.key != "major"]
    for i in range(0, len(rest), 3):
        triple = rest[i:i + 3]
        args: list[Any] = []
        for spec in triple:
            args += [spec.label, _flag(getattr(flags, spec.key))]
        pair3(*args)
    full("功能科目", str(b.function_subject))
    grid_row = g.row(C("", box=False), L("申请金额(元)"), C(_funding_grid(sub, st, g.width(2, 5)), 5))
    g.style(("LEFTPADDING", (2, grid_row), (-1, grid_row), 0), ("RIGHTPADDING", (2, grid_row), (-1, grid_row), 0),
            ("TOPPADDING", (2, grid_row), (-1, grid_row), 0), ("BOTTOMPADDING", (2, grid_row), (-1, grid_row), 0))
    pair2("主管部门", b.competent_dept, "主管部门联系电话", b.competent_phone)
    pair2("基层项目单位名称", b.unit_name, "填报人员", b.filler)
    full("基层项目单位地址", b.unit_address)
    pair2("基层项目单位项目负责人", b.unit_leader, "基层项目单位电话", b.unit_phone)
    pair2("基层项目单位邮编", b.unit_postcode, "基层项目单位电子邮箱", b.unit_email)
    last = len(g.rows) - 1
    g.rows[0][0] = st.vertical("基本信息")
    g.style(("SPAN", (0, 0), (0, last)))
    g.block(0, 0, 0, last)
    out.append(g.table())
    out.append(_narratives_table(sub, st))
    out.append(Paragraph("注：1、专项业务类项目不得补助下级", st.note))
    return out


def _funding_grid(sub: Submission, st: Styles, width: float) -> Table:
    """申请金额(元): a column per year, a row per source; each 合计 also in 大写."""
    years = _years(sub, [c.year for c in sub.basic.funding])
    source_w = 28 * mm
    year_w = (width - source_w) / len(years)
    g = st.grid([source_w / mm] + [year_w / mm] * len(years))
    g.row(st.label_text("资金来源", st.center), *[st.label_text(_year_label(y), st.center) for y in years])
    columns = [sub.basic.funding_for(y) if y is not None else None for y in years]

    totals = []
    for col in columns:
        total = col.total if col else None
        if total is None:
            totals.append("")
        else:
            totals.append([st.money(total, year_w), Paragraph(capital_rmb(total), st.small_right)])
    g.row(st.label_text("合计"), *totals)
    for key, label in FUNDING_SOURCES:
        g.row(st.label_text(label), *[st.money(getattr(c, key), year_w) if c else "" for c in columns])
    return g.table()


def _narratives_table(sub: Submission, st: Styles) -> Table:
    """项目目标 / 项目计划 / 项目管理: each item's 简述 (in row-sized chunks) and 上传依据."""
    g = st.grid([10, 40, 17, 113])
    for group in NARRATIVE_GROUPS:
        group_start = len(g.rows)
        for spec in (n for n in NARRATIVES if n.group == group):
            narrative = getattr(sub.narratives, spec.key)
            label = st.label_text(spec.label)
            brief = st.label_text("简述", st.center)
            first, last_text = _rich_rows(
                g, st, narrative.html,
                lambda i: [C("", box=False), C(label if i == 0 else "", box=False), C(brief if i == 0 else "", box=False)],
                3, 14 * mm)
            g.block(2, first, 2, last_text)
            names = "；".join(a.name for a in narrative.attachments)
            end = g.row(C("", box=False), C("", box=False), st.label_text("上传依据", st.center), st.text(names))
            g.block(1, first, 1, end)
            g.style(("NOSPLIT", (0, last_text), (-1, end)))
        group_end = len(g.rows) - 1
        g.rows[group_start][0] = st.vertical(group)
        g.block(0, group_start, 0, group_end)
        g.style(("VALIGN", (0, group_start), (1, group_end), "TOP"))
    return g.table()


# --- 2. 项目绩效目标表 ----------------------------------------------------------------------------

INDICATOR_HEADER = ("指标名称", "指标性质", "指标值", "度量单位", "指标类型", "绩效指标值设定依据及数据来源", "说明", "是否核心指标")


def performance(sub: Submission, st: Styles) -> list[Flowable]:
    perf = sub.performance
    out = _heading(st, "项目绩效目标表（年度目标）", annex="附件1：表2.1")
    g = st.grid([30, 140, 97])
    g.row(*[st.label_text(h, st.center) for h in ("财年", "目标", "备注")])
    goals = perf.annual_goals
    if goals:
        for goal in goals:
            g.row(st.text(goal.year, st.center), st.text(goal.goal), st.text(goal.note))
    else:
        years = list(sub.basic.period()) or [None] * 2
        for y in years:
            g.row(st.text(y, st.center), "", "", height=10 * mm)
    g.style(("BACKGROUND", (0, 0), (-1, 0), LIGHT))
    out.append(g.table(repeat_rows=1))

    out.append(Paragraph("项目绩效目标表（绩效目标）", st.subtitle))
    widths = [42, 14, 22, 16, 18, 82, 57, 16]
    g = st.grid(widths)
    g.row(*[st.label_text(h, st.center) for h in INDICATOR_HEADER])
    g.style(("BACKGROUND", (0, 0), (-1, 0), LIGHT))
    n = len(widths)
    if perf.indicators:
        tree = _tree_of(perf.indicators)
    else:
        tree = [(l1, [(l2, [None]) for l2 in l2s])
                for l1, l2s in code_lists(sub.basic.budget_year)["indicator_tree"].tree.items()]
    for level1, seconds in tree:
        r1 = g.row(C(st.p(_esc(level1) or "　", st.section), n, shade=SHADE))
        for level2, inds in seconds:
            r2 = g.row(C(st.p("　" + (_esc(level2) or "　"), st.body), n, shade=LIGHT))
            # a label row never stays alone at the foot of a page
            g.style(("NOSPLIT", (0, min(r1, r2)), (-1, r2 + 1)))
            r1 = r2
            for ind in inds:
                if ind is None:
                    g.row(*[""] * n, height=9 * mm)
                    continue
                g.row(st.text(ind.name), st.text(ind.operator, st.center), st.text(ind.value, st.center),
                      st.text(ind.unit, st.center), st.text(ind.kind, st.center), st.text(ind.basis, st.small),
                      st.text(ind.note, st.small), st.text(_flag(ind.core), st.center))
    g.style(("TOPPADDING", (0, 1), (-1, -1), 1.5), ("BOTTOMPADDING", (0, 1), (-1, -1), 2))
    out.append(g.table(repeat_rows=1))
    return out


def _esc(text: str) -> str:
    return plain_markup(text)


def _tree_of(indicators: list) -> list[tuple[str, list[tuple[str, list]]]]:
    return [(l1, [(l2, [indicators[i] for i in idx]) for l2, idx in seconds])
            for l1, seconds in indicator_tree(indicators)]


# --- 3. 对下专项转移支付支出预算明细表 -----------------------------------------------------------

def transfers(sub: Submission, st: Styles) -> list[Flowable]:
    t = sub.transfers
    out = _heading(st, "对下专项转移支付支出预算明细表", unit="单位：元")
    years = _years(sub, t.years)
    name_w = 33
    col_w = (LANDSCAPE_MM - name_w) / (len(TRANSFER_COLUMNS) * len(years))
    g = st.grid([name_w] + [col_w] * (len(TRANSFER_COLUMNS) * len(years)))
    k = len(TRANSFER_COLUMNS)
    first: list[Any] = [C(st.label_text("地区名称", st.center), box=False)]
    for y in years:
        first.append(C(st.label_text(_year_label(y), st.center), k))
    g.row(*first)
    g.row(C("", box=False), *[st.label_text(label, st.small_center) for y in years for _, label in TRANSFER_COLUMNS])
    g.style(("SPAN", (0, 0), (0, 1)), ("BACKGROUND", (0, 0), (-1, 1), LIGHT),
            ("LEFTPADDING", (1, 0), (-1, -1), 2), ("RIGHTPADDING", (1, 0), (-1, -1), 2))
    g.block(0, 0, 0, 1)
    w = col_w * mm

    def money_cells(find) -> list[Any]:
        cells = []
        for y in years:
            ty = find(y) if y is not None else None
            cells += [st.money(getattr(ty, key), w, st.small_right, padding=2) if ty else "" for key, _ in TRANSFER_COLUMNS]
        return cells

    g.row(st.label_text("合计", st.center), *money_cells(t.declared))
    regions = t.regions
    for region in regions:
        g.row(st.text(region.name), *money_cells(region.year))
    if not regions:
        for _ in range(BLANK_ROWS):
            g.row(*[""] * g.ncols, height=8 * mm)
    out.append(g.table(repeat_rows=2))
    out.append(Paragraph("注：州市承担金额分解到县区；县级项目不填报此表", st.note))
    return out


# --- 4. 项目政府采购表 (表5) and 5. 项目政府购买服务表 (表6) -----------------------------------------

def procurement(sub: Submission, st: Styles) -> list[Flowable]:
    p = sub.procurement
    out: list[Flowable] = [Spacer(1, 6 * mm), CondPageBreak(60 * mm)]
    out += _heading(st, "项目政府采购表", annex="附件1：表5", unit="单位：元")
    widths = [60, 40, 35, 22, 25, 35, 50]
    g = st.grid(widths)
    g.row(*[st.label_text(h, st.center) for h in
            ("采购项目名称", "政府采购目录", "政府采购方式", "计量单位", "数量", "需求时间", "金额（元）")])
    g.style(("BACKGROUND", (0, 0), (-1, 0), LIGHT))
    amount_w = widths[-1] * mm
    for item in p.items:
        g.row(st.text(item.name), st.text(item.catalogue), st.text(item.method), st.text(item.unit, st.center),
              st.text(number(item.quantity), st.right), st.text(format_date(item.need_time), st.center),
              st.money(item.amount, amount_w))
    if not p.items:
        for _ in range(BLANK_ROWS):
            g.row(*[""] * len(widths), height=8 * mm)
    g.row(C(st.label_text("合计", st.center), len(widths) - 1), st.money(p.declared_total, amount_w))
    out.append(g.table(repeat_rows=1))
    return out


def services(sub: Submission, st: Styles) -> list[Flowable]:
    s = sub.services
    out: list[Flowable] = [Spacer(1, 6 * mm), CondPageBreak(50 * mm)]
    out += _heading(st, "项目政府购买服务表", annex="附件1：表6", unit="单位：元")
    widths = [55, 35, 35, 45, 97]
    g = st.grid(widths)
    g.row(*[st.label_text(h, st.center) for h in ("政府购买服务目录", "购买方式", "政府采购方式", "金额（元）", "购买内容简述")])
    g.style(("BACKGROUND", (0, 0), (-1, 0), LIGHT))
    amount_w = widths[3] * mm
    for item in s.items:
        g.row(st.text(item.catalogue), st.text(item.purchase_way), st.text(item.method),
              st.money(item.amount, amount_w), st.text(item.summary))
    if not s.items:
        for _ in range(BLANK_ROWS):
            g.row(*[""] * len(widths), height=8 * mm)
    g.row(C(st.label_text("合计", st.center), 3), st.money(s.declared_total, amount_w), "")
    out.append(g.table(repeat_rows=1))
    return out


# --- 6. 基本建设项目支出预算补充编审表 ------------------------------------------------------------

def construction_review(sub: Submission, st: Styles) -> list[Flowable]:
    review = sub.construction_review
    if review is None or not review.sections:
        review = blank_construction_review()
    out = _heading(st, "基本建设项目支出预算补充编审表")
    g = st.grid([14, 82, 17, 20, 20, 27])
    g.row(C(st.label_text("编审要点", st.center), 2), st.label_text("权重", st.center),
          st.label_text("部门自评", st.center), st.label_text("财政评审", st.center),
          st.label_text("财政评审意见", st.center))
    g.style(("BACKGROUND", (0, 0), (-1, 0), LIGHT))
    g.row(C(st.label_text("总得分"), 2), "", *_scores(review.total_score, st), "")
    for section in review.sections:
        r = g.row(C(st.p(_esc(_section_title(section.number, section.title, section.weight, "（{}分）")), st.section),
                    5, shade=SHADE), C(st.text(section.opinion, st.small), shade=SHADE))
        g.style(("NOSPLIT", (0, r), (-1, r + 1)))
        for item in section.items:
            g.row(C(st.text(f"{item.number} {item.title}".strip()), 2),
                  st.text(f"{number(item.weight)}分" if item.weight is not None else "", st.center),
                  *_scores(item, st), st.text(item.opinion, st.small))
            start, _ = _summary_rows(g, st, item.summary)
            g.style(("NOSPLIT", (0, start - 1), (-1, start)))
    out.append(g.table(repeat_rows=1))
    return out


def _section_title(num: str, title: str, weight: Decimal | None, fmt: str) -> str:
    head = f"{num}、{title}" if num else title
    return head + (fmt.format(number(weight)) if weight is not None else "")


def _scores(pair: ScorePair | ReviewItem, st: Styles) -> list[Any]:
    return [st.text(score(pair.self_score), st.center), st.text(score(pair.finance_score), st.center)]


# --- 7. 项目支出预算编审表 ------------------------------------------------------------------------

def budget_review(sub: Submission, st: Styles) -> list[Flowable]:
    review = sub.budget_review
    if not review.sections:
        blank = blank_budget_review()
        blank.table_score, blank.supplement_score, blank.total_score = (
            review.table_score, review.supplement_score, review.total_score)
        review = blank
    out = _heading(st, "项目支出预算编审表")
    g = st.grid([14, 99, 20, 20, 27])
    header = lambda: g.row(C(st.label_text("编审要点", st.center), 2), st.label_text("部门自评", st.center),  # noqa: E731
                           st.label_text("财政评审", st.center), st.label_text("财政评审意见", st.center))
    header()
    g.style(("BACKGROUND", (0, 0), (-1, 0), LIGHT))
    for section in review.sections:
        r = g.row(C(st.p(_esc(_section_title(section.number, section.title, section.weight, "({}分)")), st.section),
                    4, shade=SHADE), C(st.text(section.opinion, st.small), shade=SHADE))
        g.style(("NOSPLIT", (0, r), (-1, r + 1)))
        for group in section.groups:
            title = f"{group.number}{group.title}" + (f"({number(group.weight)}分)" if group.weight is not None else "")
            r = g.row(C(st.text(title), 2, shade=LIGHT), C("", shade=LIGHT), C("", shade=LIGHT),
                      C(st.text(group.opinion, st.small), shade=LIGHT))
            g.style(("NOSPLIT", (0, r), (-1, r + 1)))
            for item in group.items:
                title = f"{item.number}{item.title}" + (f"({number(item.weight)}分)" if item.weight is not None else "")
                g.row(C(st.text(title), 2), *_scores(item, st), st.text(item.opinion, st.small))
                start, _ = _summary_rows(g, st, item.summary)
                g.style(("NOSPLIT", (0, start - 1), (-1, start)))
    for label, pair in (("本表得分", review.table_score), ("基建项目补充表得分", review.supplement_score),
                        ("总分", review.total_score)):
        g.row(C(st.label_text(label), 2), *_scores(pair, st), "")
    out.append(g.table(repeat_rows=1))
    return out


# --- sign-off -----------------------------------------------------------------------------------

def sign_off(sub: Submission, st: Styles) -> list[Flowable]:
    """填报人, 项目负责人, 单位负责人, 单位（盖章）, 日期: as at the foot of the paper forms."""
    b = sub.basic
    L = st.label_text
    data = [
        [L("填报人："), st.text(b.filler), L("项目负责人："), st.text(b.unit_leader), L("单位负责人："), ""],
        [L("单位（盖章）："), "", "", "", L("日期："), L("　　　　年　　月　　日")],
    ]
    t = Table(data, colWidths=[w * mm for w in (28, 32, 26, 32, 24, 38)], rowHeights=[14 * mm, 30 * mm])
    t.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), st.font),
        ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
        ("LINEBELOW", (1, 0), (1, 0), 0.5, "black"),
        ("LINEBELOW", (3, 0), (3, 0), 0.5, "black"),
        ("LINEBELOW", (5, 0), (5, 0), 0.5, "black"),
        ("SPAN", (1, 1), (3, 1)),
        ("VALIGN", (0, 1), (0, 1), "TOP"),
        ("TOPPADDING", (0, 1), (-1, 1), 8),
    ]))
    return [Spacer(1, 8 * mm), KeepTogether([t])]
