"""Seven of the eight tables of a submission as reportlab flowables (the 项目支出预算明细表 is
:mod:`.detail`), in the seed's order, each laid out like the official form. One builder per table;
each reads top to bottom like the paper.

Labels, the fields they hold, the row groupings, notes and the standard review items come from the
shared declarations in :mod:`forms.layouts` (the Excel export and import use the same ones); this
module decides only how they look on A4.

Widths are in millimetres: portrait pages have 180 mm between the margins, landscape pages 267 mm.
An empty or half-filled submission prints the same shape with blank cells.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from ..codes import code_lists
from ..layouts import FieldSpec
from ..layouts import basic as basic_layout
from ..layouts import performance as perf_layout
from ..layouts import review as review_layout
from ..layouts import tables as money_layout
from ..model import (
    GRID_YEARS,
    NARRATIVE_GROUPS,
    NARRATIVES,
    Coded,
    Submission,
    YesNo,
    capital_rmb,
    format_date,
    indicator_tree,
)
from ..model.review import ReviewItem, ScorePair
from .layout import LIGHT, SHADE, C, Grid, KeepShort, Para, Styles, continued, number, score
from .richtext import chunks, plain_markup, runs_markup

PORTRAIT_MM = 180
LANDSCAPE_MM = 267
BLANK_ROWS = 3
"""Empty rows printed in a list table that has no rows yet, to fill in by hand."""
_GAP = "\u00a0" * 4
"""Room for one handwritten character (reportlab collapses ordinary and full-width spaces)."""


UNANSWERED = "未填"
"""An unanswered 是/否 as printed: visibly, never a blank that reads as 否."""


def _flag(value: YesNo) -> str:
    return UNANSWERED if value == YesNo.UNSET else value.value


def _get(obj: Any, spec: FieldSpec) -> Any:
    """The value of the field *spec* names under *obj* (a dotted attribute path)."""
    for name in spec.path.split("."):
        obj = getattr(obj, name)
    return obj


def _value(obj: Any, spec: FieldSpec) -> str:
    """The printed text of that value."""
    value = _get(obj, spec)
    if value is None:
        return ""
    if isinstance(value, YesNo):
        return _flag(value)
    if isinstance(value, Coded):
        return str(value)
    if spec.kind == "date":
        return format_date(value)
    if spec.kind == "number":
        return number(value)
    return str(value)


def _years(sub: Submission, declared: list[int]) -> list[int | None]:
    """The year columns: those of the table, else the grid's, else three unnamed columns."""
    years: list[int | None] = list(declared) or list(sub.grid_years())
    return years or [None] * GRID_YEARS


def _year_label(year: int | None) -> str:
    return f"{year}年" if year is not None else f"{_GAP * 2}年"


def _heading(st: Styles, title: str, annex: str = "", unit: str = "") -> list[Flowable]:
    out: list[Flowable] = []
    if annex:
        out.append(Para(annex, st.annex))
    out.append(Para(title, st.title))
    if unit:
        out.append(Para(unit, st.unit))
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
        text = [Para(runs_markup(p), st.narrative) for p in chunk]
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
    label = _summary_label(st)
    start, end = _rich_rows(grid, st, markup, lambda i: [C(label if i == 0 else "", box=False)], 1, 9 * mm)
    grid.block(0, start, 0, end)
    grid.continued(start, end, cells={0: st.label_text(continued(review_layout.SUMMARY), st.center)})
    return start, end


# --- 1. 项目基本信息表 ----------------------------------------------------------------------------

def basic_info(sub: Submission, st: Styles) -> list[Flowable]:
    out = _heading(st, basic_layout.SHEET.name)
    g = st.grid([10, 28, 29, 28, 29, 28, 28])
    L = st.label_text
    T = st.text

    def fields(row: tuple[FieldSpec, ...]) -> None:
        """One, two or three labelled values across the six columns, as on the form."""
        values = [T(_value(sub, f)) for f in row]
        if len(row) == 1:
            g.row(C("", box=False), L(row[0].label), C(values[0], 5))
        elif len(row) == 2:
            g.row(C("", box=False), L(row[0].label), C(values[0], 2), L(row[1].label), C(values[1], 2))
        else:
            g.row(C("", box=False), *[cell for f, v in zip(row, values, strict=False) for cell in (L(f.label), v)])

    for row in basic_layout.INFO_ROWS:
        fields(row)
    grid_row = g.row(C("", box=False), L(basic_layout.FUNDING_LABEL), C(_funding_grid(sub, st, g.width(2, 5)), 5))
    g.style(("LEFTPADDING", (2, grid_row), (-1, grid_row), 0), ("RIGHTPADDING", (2, grid_row), (-1, grid_row), 0),
            ("TOPPADDING", (2, grid_row), (-1, grid_row), 0), ("BOTTOMPADDING", (2, grid_row), (-1, grid_row), 0))
    for row in basic_layout.CONTACT_ROWS:
        fields(row)
    last = len(g.rows) - 1
    g.rows[0][0] = st.vertical(basic_layout.INFO_GROUP)
    g.style(("SPAN", (0, 0), (0, last)))
    g.block(0, 0, 0, last)
    out.append(g.table())
    out.append(_narratives_table(sub, st))
    out.append(Para(basic_layout.NOTE, st.note))
    return out


def _funding_grid(sub: Submission, st: Styles, width: float) -> Table:
    """申请金额(元): a column per year, a row per source; each 合计 also in 大写."""
    years = _years(sub, [c.year for c in sub.basic.funding])
    source_w = 28 * mm
    year_w = (width - source_w) / len(years)
    g = st.grid([source_w / mm] + [year_w / mm] * len(years))
    g.row(st.label_text(basic_layout.FUNDING_HEADER, st.center), *[st.label_text(_year_label(y), st.center) for y in years])
    columns = [sub.basic.funding_for(y) if y is not None else None for y in years]
    for key, label, _ in basic_layout.FUNDING_ROWS:
        cells: list[Any] = []
        for col in columns:
            amount = getattr(col, key) if col else None
            if key == "total" and amount is not None:  # 合计 also in 大写
                cells.append([st.money(amount, year_w), Para(capital_rmb(amount), st.small_right)])
            else:
                cells.append(st.money(amount, year_w))
        g.row(st.label_text(label), *cells)
    return g.table()


def _narratives_table(sub: Submission, st: Styles) -> Table:
    """项目目标 / 项目计划 / 项目管理: each item's 简述 (in row-sized chunks) and 上传依据."""
    g = st.grid([10, 40, 17, 113])
    g.title = basic_layout.SHEET.name
    g.columns = ["", "项目", "", basic_layout.SUMMARY]
    for group in NARRATIVE_GROUPS:
        group_start = len(g.rows)
        for spec in (n for n in NARRATIVES if n.group == group):
            narrative = getattr(sub.narratives, spec.key)
            label = st.label_text(spec.label)
            brief = st.label_text(basic_layout.SUMMARY, st.center)

            def lead(i: int, label: Paragraph = label, brief: Paragraph = brief) -> list[C]:
                return [C("", box=False), C(label if i == 0 else "", box=False), C(brief if i == 0 else "", box=False)]
            first, last_text = _rich_rows(g, st, narrative.html, lead, 3, 14 * mm)
            g.block(2, first, 2, last_text)
            end = g.row(C("", box=False), C("", box=False), st.label_text(basic_layout.ATTACHMENTS, st.center),
                        st.text(_supporting(narrative)))
            g.block(1, first, 1, end)
            g.style(("NOSPLIT", (0, last_text), (-1, end)))
            g.continued(first, end, cells={1: st.label_text(continued(spec.label))})
            g.continued(first, last_text, cells={2: brief})
        group_end = len(g.rows) - 1
        g.rows[group_start][0] = st.vertical(group)
        g.continued(group_start, group_end, cells={0: st.vertical(continued(group))})
        g.block(0, group_start, 0, group_end)
        g.style(("VALIGN", (0, group_start), (1, group_end), "TOP"))
    return g.table()


def _supporting(narrative: Any) -> str:
    """上传依据: the attached documents, one a line, then the policy clauses the 简述 cites."""
    lines = [a.name for a in narrative.attachments]
    lines += [f"《{c.title}》{c.clause}" if c.title else c.clause or c.doc_id for c in narrative.citations]
    return "\n".join(line for line in lines if line)


# --- 2. 项目绩效目标表 ----------------------------------------------------------------------------

def performance(sub: Submission, st: Styles) -> list[Flowable]:
    perf = sub.performance
    out = _heading(st, perf_layout.GOALS_TITLE, annex=perf_layout.GOALS_CAPTION)
    g = st.grid([30, 140, 97])
    g.title = perf_layout.GOALS_TITLE
    g.row(*[st.label_text(spec.label, st.center) for spec, _, _ in perf_layout.GOAL_COLUMNS])
    goals = perf.annual_goals
    if goals:
        for goal in goals:
            year, *rest = (_value(goal, spec) for spec, _, _ in perf_layout.GOAL_COLUMNS)
            g.row(st.text(year, st.center), *[st.text(v) for v in rest])
    else:
        years: list[int | None] = list(sub.basic.period()) or [None] * 2
        for y in years:
            g.row(st.text(y, st.center), "", "", height=10 * mm)
    g.style(("BACKGROUND", (0, 0), (-1, 0), LIGHT))
    out.append(g.table(repeat_rows=1))

    out.append(Para(perf_layout.INDICATORS_TITLE, st.subtitle))
    columns = perf_layout.INDICATOR_COLUMNS
    widths = [40, 16, 22, 16, 18, 82, 57, 16]
    styles = [st.body, st.center, st.center, st.center, st.center, st.small, st.small, st.center]
    g = st.grid(widths)
    g.row(*[st.label_text(spec.label, st.center) for spec in columns])
    g.style(("BACKGROUND", (0, 0), (-1, 0), LIGHT))
    n = len(widths)
    if perf.indicators:
        tree = _tree_of(perf.indicators)
    else:  # a blank form: the year's tree, a row to fill under each 二级
        tree = [(l1, [(l2, [None]) for l2 in l2s])
                for l1, l2s in code_lists(sub.basic.budget_year)["indicator_tree"].tree.items()]
    g.title, g.columns = perf_layout.INDICATORS_TITLE, [spec.label for spec in columns]

    def label_row(text: str, style, shade) -> list[C]:
        return [C(st.p(_esc(text), style), n, shade=shade)]

    for level1, seconds in tree:
        r1 = g.row(*label_row(level1, st.section, SHADE))
        for k, (level2, inds) in enumerate(seconds):
            r2 = g.row(*label_row(level2, st.indented, LIGHT))
            # a label row never stays alone at the foot of a page
            g.keep(r1 if k == 0 else r2, r2 + 1)
            for ind in inds:
                if ind is None:
                    g.row(*[""] * n, height=9 * mm)
                else:
                    g.row(*[st.text(_value(ind, spec), style) for spec, style in zip(columns, styles, strict=False)])
            g.continued(r2, len(g.rows) - 1, rows=[label_row(continued(level2), st.indented, LIGHT)])
        g.continued(r1, len(g.rows) - 1, rows=[label_row(continued(level1), st.section, SHADE)])
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
    """One column group of four per year; more than three years continue in a second block below,
    so that amounts keep a readable size."""
    t = sub.transfers
    out = _heading(st, money_layout.TRANSFERS.name, unit=money_layout.UNIT_CAPTION)
    years = _years(sub, t.years)
    for first in range(0, len(years), GRID_YEARS):
        if first:
            out.append(Spacer(1, 4 * mm))
        out.append(_transfer_block(sub, st, years[first:first + GRID_YEARS]))
    out.append(Para(money_layout.TRANSFER_NOTE, st.note))
    return out


def _transfer_block(sub: Submission, st: Styles, years: list[int | None]) -> Table:
    t = sub.transfers
    sub_columns = money_layout.TRANSFER_SUBCOLUMNS
    k = len(sub_columns)
    name_w = 33
    col_w = (LANDSCAPE_MM - name_w) / (k * GRID_YEARS)
    g = st.grid([name_w] + [col_w] * (k * len(years)))
    g.title = money_layout.TRANSFERS.name
    g.columns = [money_layout.TRANSFER_REGION] + [f"{_year_label(y)}{label}" for y in years for _, label, _ in sub_columns]
    g.row(C(st.label_text(money_layout.TRANSFER_REGION, st.center), box=False),
          *[C(st.label_text(_year_label(y), st.center), k) for y in years])
    g.row(C("", box=False), *[st.label_text(label, st.small_center) for y in years for _, label, _ in sub_columns])
    g.style(("SPAN", (0, 0), (0, 1)), ("BACKGROUND", (0, 0), (-1, 1), LIGHT),
            ("LEFTPADDING", (1, 0), (-1, -1), 2), ("RIGHTPADDING", (1, 0), (-1, -1), 2))
    g.block(0, 0, 0, 1)
    w = col_w * mm

    def money_cells(find) -> list[Any]:
        cells = []
        for y in years:
            ty = find(y) if y is not None else None
            cells += [st.money(getattr(ty, key) if ty else None, w, st.small_right, padding=2) for key, _, _ in sub_columns]
        return cells

    g.row(st.label_text(money_layout.TOTAL, st.center), *money_cells(t.declared))
    for region in t.regions:
        g.row(st.text(region.name), *money_cells(region.year))
    if not t.regions:
        for _ in range(BLANK_ROWS):
            g.row(*[""] * g.ncols, height=8 * mm)
    return g.table(repeat_rows=2)


# --- 4. 项目政府采购表 (表5) and 5. 项目政府购买服务表 (表6) -----------------------------------------

def _item_table(st: Styles, title: str, columns: tuple[FieldSpec, ...], widths: Sequence[float], items: list, total: Any) -> Table:
    """A list table: header, the 合计 row right under it (as on the form), then one row per item."""
    g = st.grid(widths)
    g.title, g.columns = title, [spec.label for spec in columns]
    g.row(*[st.label_text(spec.label, st.center) for spec in columns])
    g.style(("BACKGROUND", (0, 0), (-1, 0), LIGHT))
    money_at = [i for i, spec in enumerate(columns) if spec.kind == "money"][0]
    money_w = widths[money_at] * mm
    g.row(C(st.label_text(money_layout.TOTAL, st.center), money_at), st.money(total, money_w),
          *[""] * (len(columns) - money_at - 1))

    def cell(item: Any, spec: FieldSpec, width: float) -> Any:
        if spec.kind == "money":
            return st.money(_get(item, spec), width * mm)
        style = st.right if spec.kind == "number" else st.center if spec.kind == "date" else st.body
        if spec.kind == "coded":
            style = st.small
        return st.text(_value(item, spec), style)

    for item in items:
        g.row(*[cell(item, spec, w) for spec, w in zip(columns, widths, strict=True)])
    if not items:
        for _ in range(BLANK_ROWS):
            g.row(*[""] * len(columns), height=8 * mm)
    return g.table(repeat_rows=1)


PROCUREMENT_WIDTHS = [44, 20, 22, 12, 14, 26, 30] + [24, 25, 25, 25]
"""表5's columns in mm: the seed's seven, then the 一体化 ones (品目代码, 单价, the two economic codes)."""
SERVICE_WIDTHS = [45, 28, 28, 32, 70] + [16, 24, 24]
"""表6's columns in mm: the seed's five, then the 一体化 ones (数量, the two economic codes)."""


def procurement(sub: Submission, st: Styles) -> list[Flowable]:
    """表5 with the columns the 一体化 政府采购预算表 adds after 金额（元）, blank where not filled."""
    part = _heading(st, money_layout.PROCUREMENT.name, annex=money_layout.PROCUREMENT_CAPTION, unit=money_layout.UNIT_CAPTION)
    part.append(_item_table(st, money_layout.PROCUREMENT.name, money_layout.PROCUREMENT_COLUMNS + money_layout.PROCUREMENT_EXTRA,
                            PROCUREMENT_WIDTHS, sub.procurement.items, sub.procurement.declared_total))
    return [Spacer(1, 6 * mm), CondPageBreak(60 * mm), KeepShort(part)]


def services(sub: Submission, st: Styles) -> list[Flowable]:
    """表6 with the columns the 一体化 政府购买服务表 adds after 购买内容简述."""
    part = _heading(st, money_layout.SERVICES.name, annex=money_layout.SERVICES_CAPTION, unit=money_layout.UNIT_CAPTION)
    part.append(_item_table(st, money_layout.SERVICES.name, money_layout.SERVICE_COLUMNS + money_layout.SERVICE_EXTRA,
                            SERVICE_WIDTHS, sub.services.items, sub.services.declared_total))
    return [Spacer(1, 6 * mm), CondPageBreak(50 * mm), KeepShort(part)]


# --- 6. 基本建设项目支出预算补充编审表 ------------------------------------------------------------

def _review_header(g: Grid, st: Styles, with_weight: bool) -> None:
    _, point, weight, self_, finance, opinion = (label for label, _ in review_layout.COLUMNS)
    heads = [weight] if with_weight else []
    g.row(C(st.label_text(point, st.center), 2), *[st.label_text(h, st.center) for h in heads + [self_, finance, opinion]])
    g.style(("BACKGROUND", (0, 0), (-1, 0), LIGHT))


def _summary_label(st: Styles) -> Paragraph:
    return st.label_text(review_layout.SUMMARY, st.center)


def construction_review(sub: Submission, st: Styles) -> list[Flowable]:
    review = sub.construction_review
    if review is None or not review.sections:  # a blank form: the standard items and weights
        review = review_layout.standard_construction_review()
    out = _heading(st, review_layout.CONSTRUCTION.name)
    g = st.grid([14, 82, 17, 20, 20, 27])
    g.title = review_layout.CONSTRUCTION.name
    _review_header(g, st, with_weight=True)
    g.row(C(st.label_text(review_layout.CONSTRUCTION_TOTAL[0]), 2), "", *_scores(review.total_score, st), "")
    for section in review.sections:
        head = _section_title(section.number, section.title, section.weight, "（{}分）")
        r = g.row(C(st.p(_esc(head), st.section), 5, shade=SHADE), C(st.text(section.opinion, st.small), shade=SHADE))
        g.style(("NOSPLIT", (0, r), (-1, r + 1)))
        for item in section.items:
            g.row(C(st.text(f"{item.number} {item.title}".strip()), 2),
                  st.text(f"{number(item.weight)}分" if item.weight is not None else "", st.center),
                  *_scores(item, st), st.text(item.opinion, st.small))
            start, _ = _summary_rows(g, st, item.summary)
            g.style(("NOSPLIT", (0, start - 1), (-1, start)))
        g.continued(r, len(g.rows) - 1, rows=[[C(st.p(_esc(continued(head)), st.section), 6, shade=SHADE)]])
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
    if not review.sections:  # a blank form: the standard sections and weights, with any totals
        blank = review_layout.standard_budget_review()
        blank.table_score, blank.supplement_score, blank.total_score = (
            review.table_score, review.supplement_score, review.total_score)
        review = blank
    out = _heading(st, review_layout.BUDGET.name)
    g = st.grid([14, 99, 20, 20, 27])
    g.title = review_layout.BUDGET.name
    _review_header(g, st, with_weight=False)
    for section in review.sections:
        head = _section_title(section.number, section.title, section.weight, "({}分)")
        rs = g.row(C(st.p(_esc(head), st.section), 4, shade=SHADE), C(st.text(section.opinion, st.small), shade=SHADE))
        g.style(("NOSPLIT", (0, rs), (-1, rs + 1)))
        for group in section.groups:
            gtitle = f"{group.number}{group.title}" + (f"({number(group.weight)}分)" if group.weight is not None else "")
            r = g.row(C(st.text(gtitle), 2, shade=LIGHT), C("", shade=LIGHT), C("", shade=LIGHT),
                      C(st.text(group.opinion, st.small), shade=LIGHT))
            g.style(("NOSPLIT", (0, r), (-1, r + 1)))
            for item in group.items:
                title = f"{item.number}{item.title}" + (f"({number(item.weight)}分)" if item.weight is not None else "")
                g.row(C(st.text(title), 2), *_scores(item, st), st.text(item.opinion, st.small))
                start, _ = _summary_rows(g, st, item.summary)
                g.style(("NOSPLIT", (0, start - 1), (-1, start)))
            g.continued(r, len(g.rows) - 1, rows=[[C(st.text(continued(gtitle)), 5, shade=LIGHT)]])
        g.continued(rs, len(g.rows) - 1, rows=[[C(st.p(_esc(continued(head)), st.section), 5, shade=SHADE)]])
    for (label, _), pair in ((review_layout.TABLE_SCORE, review.table_score),
                             (review_layout.SUPPLEMENT_SCORE, review.supplement_score),
                             (review_layout.TOTAL_SCORE, review.total_score)):
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
        [L("单位（盖章）："), "", "", "", L("日期："), L(f"{_GAP * 3}年{_GAP * 2}月{_GAP * 2}日")],
    ]
    t = Table(data, colWidths=[w * mm for w in (27, 33, 25, 33, 25, 37)], rowHeights=[14 * mm, 30 * mm])
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
