"""项目政府采购表 (表5) and 项目政府购买服务表 (表6): against their flags, their 合计 rows, the code
lists of the year and the project's money (PROC-01 … PROC-05, GPS-01 … GPS-03)."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from ..model import YesNo, format_date
from ._util import ZERO, decimals, m, narrative_texts, needs, over_two_decimals, scan, snippet
from .engine import Context, Finding, Severity, rule
from .incremental import ByRow, ByRowSum, by_rows

PROC = "项目政府采购表"
GPS = "项目政府购买服务表"


def _project_money(ctx: Context) -> Decimal:
    return sum((c.total if c.total is not None else c.computed_total for c in ctx.submission.basic.funding), ZERO)


def _flag_matches_rows(ctx: Context, flag: YesNo, has_rows: bool, flag_label: str, path: str, table: str) -> Iterator[Finding]:
    if flag == YesNo.YES and not has_rows:
        yield ctx.finding(path, f"{flag_label}为“是”，但{table}没有任何明细：请填写{table}，或把该项改为“否”")
    elif flag != YesNo.YES and has_rows:
        said = "未填" if flag == YesNo.UNSET else "“否”"
        yield ctx.finding(path, f"{table}已有明细，但{flag_label}{said}：请把该项改为“是”，或清空{table}", table="项目基本信息表")


@rule("PROC-01", Severity.ERROR, PROC, "是否政府采购 = 是 ⇔ 政府采购表有明细", reads=("basic.flags", "procurement"))
def proc_flag_matches_table(ctx: Context) -> Iterator[Finding]:
    """The flag 是否政府采购 is 是 exactly when 项目政府采购表 has rows."""
    s = ctx.submission
    yield from _flag_matches_rows(ctx, s.basic.flags.procurement, bool(s.procurement.items), "是否政府采购",
                                  "basic.flags.procurement", "项目政府采购表")


def _row_codes(ctx: Context) -> tuple[Any, set[str], set[str]]:
    """The year's 政府采购方式, the catalogue's letters and the methods already seen to be in the
    list: once per check run (1,200 rows at size)."""
    codes = ctx.cache.get("procurement.codes")
    if codes is None:
        catalogue = ctx.codes["procurement_catalogue"]
        codes = ctx.cache["procurement.codes"] = (ctx.codes["procurement_method"], {v.split()[0] for v in catalogue.values}, set())
    return codes


def _row_well_formed(ctx: Context, i: int) -> list[Finding]:
    item = ctx.submission.procurement.items[i]
    methods, letters, good_methods = _row_codes(ctx)
    name, amount, quantity, method = item.name, item.amount, item.quantity, item.method
    bad_name = not name.strip()
    bad_amount = amount is None or amount <= 0 or over_two_decimals(amount)
    bad_quantity = quantity is None or quantity <= 0
    if method not in good_methods:
        if method.strip() in methods:
            good_methods.add(method)
            bad_method = False
        else:
            bad_method = True
    else:
        bad_method = False
    bad_catalogue = item.catalogue.strip()[:1].upper() not in letters
    if not (bad_name or bad_amount or bad_quantity or bad_method or bad_catalogue):
        return []
    out = []
    where = f"第{i + 1}行“{name or '（未命名）'}”"
    if bad_name:
        out.append(ctx.finding(f"procurement.items[{i}].name", f"{where}没有采购项目名称：请填写"))
    if amount is None or amount <= 0:
        out.append(ctx.finding(f"procurement.items[{i}].amount", f"{where}金额为 {m(amount)}：采购金额应大于 0"))
    elif bad_amount:
        out.append(ctx.finding(f"procurement.items[{i}].amount", f"{where}金额“{amount}”超过两位小数：请精确到分"))
    if bad_quantity:
        out.append(ctx.finding(f"procurement.items[{i}].quantity", f"{where}数量为“{quantity or ''}”：数量应大于 0"))
    if bad_method:
        out.append(ctx.finding(f"procurement.items[{i}].method",
                               f"{where}政府采购方式“{method}”不在 {ctx.codes.year} 年的方式中（{'、'.join(methods.values)}）：请从下拉选项中选择"))
    if bad_catalogue:
        out.append(ctx.finding(
            f"procurement.items[{i}].catalogue",
            f"{where}政府采购目录“{item.catalogue}”不是 货物 A / 工程 B / 服务 C 的品目：请填写品目编码（如 A02010104 台式计算机）"))
    return out


def _total_matches_rows(ctx: Context) -> Iterator[Finding]:
    p = ctx.submission.procurement
    if p.items or p.declared_total:
        declared = p.declared_total if p.declared_total is not None else ZERO
        computed = p.computed_total()  # (once: 1,200 rows at size)
        if declared != computed:
            yield ctx.finding(
                "procurement.declared_total",
                f"采购表合计 {m(p.declared_total)} ≠ 各行金额之和 {m(computed)}，相差 {m(abs(declared - computed))}：请重算合计",
            )


_PROC02 = ByRow("procurement.items", _row_well_formed, tail=_total_matches_rows, alone=True)


@rule("PROC-02", Severity.ERROR, PROC, "采购表合计 = 各行之和；金额、数量 > 0；采购方式和目录取自当年代码表", reads=("procurement",))
@by_rows(_PROC02)
def proc_rows_well_formed(ctx: Context) -> Iterator[Finding]:
    """Each row has an amount > 0 (two decimals at most), a quantity > 0, a 政府采购方式 of the year's
    list (政府采购法 第二十六条) and a 政府采购目录 of 货物 A / 工程 B / 服务 C; the 合计 row equals the sum."""
    return iter(_PROC02.findings(ctx))  # row by row (re-checked a row at a time), then the 合计


def _row_money_by_year(ctx: Context, i: int) -> dict[int | None, Decimal]:
    """Row *i*'s amount under the year of its 需求时间 (``None``: no date)."""
    item = ctx.submission.procurement.items[i]
    return {item.need_time.year if isinstance(item.need_time, date) else None: item.amount or ZERO}


def _within_project_money(ctx: Context, sums: Mapping[int | None, Decimal]) -> Iterator[Finding]:
    s = ctx.submission
    by_year = sorted((year, amount) for year, amount in sums.items() if year is not None)
    undated = sums.get(None, ZERO)
    for year, amount in by_year:
        col = s.basic.funding_for(year)
        have = (col.total if col and col.total is not None else col.computed_total) if col else ZERO
        if amount > have:
            yield ctx.finding(
                "procurement.items", f"{year}年 政府采购 {m(amount)} 超过该年申请金额 {m(have)}：采购不能超过项目资金，请核对金额或需求时间"
            )
    total = sum((amount for _, amount in by_year), undated)
    if undated and total > _project_money(ctx):
        yield ctx.finding("procurement.declared_total", f"政府采购合计 {m(total)} 超过项目申请金额合计 {m(_project_money(ctx))}：请核对")


_PROC03 = ByRowSum("procurement.items", _row_money_by_year, _within_project_money)


@rule("PROC-03", Severity.ERROR, PROC, "采购金额（按需求时间的年份）不超过项目当年的申请金额", reads=("basic.funding", "procurement"))
@by_rows(_PROC03)
def proc_within_project_money(ctx: Context) -> Iterator[Finding]:
    """The procurement of a year (by 需求时间) cannot exceed the money the project asks for that
    year; rows without a date count against the total of all years."""
    return iter(_PROC03.findings(ctx))  # (after an edit of rows, the sums move by their difference)


def _need_time(ctx: Context, i: int) -> list[Finding]:
    item = ctx.submission.procurement.items[i]
    t = item.need_time
    if t is None:
        return [ctx.finding(f"procurement.items[{i}].need_time", f"第{i + 1}行“{item.name or '（未命名）'}”没有需求时间：请填写日期")]
    if not isinstance(t, date):
        return [ctx.finding(f"procurement.items[{i}].need_time",
                            f"第{i + 1}行“{item.name or '（未命名）'}”需求时间“{t}”不是有效日期：请写成 2020年6月1日 这样的日期")]
    period = ctx.cache.get("basic.period", _NO_PERIOD)
    if period is _NO_PERIOD:
        period = ctx.cache["basic.period"] = ctx.submission.basic.period()
    if period and t.year not in period:
        return [ctx.finding(f"procurement.items[{i}].need_time",
                            f"第{i + 1}行“{item.name or '（未命名）'}”需求时间 {format_date(t)} 不在实施周期 {period[0]}–{period[-1]}年 内：请核对")]
    return []


_NO_PERIOD = object()


_PROC04 = ByRow("procurement.items", _need_time)


@rule("PROC-04", Severity.WARNING, PROC, "需求时间是真实日期，且在项目实施周期内", reads=("basic.budget_year", "basic.period_years", "procurement"))
@by_rows(_PROC04)
def proc_need_time(ctx: Context) -> Iterator[Finding]:
    """Each row's 需求时间 is a real date inside the implementation period."""
    return iter(_PROC04.findings(ctx))


_PROCURE_WORDS = re.compile(r"公开招标|邀请招标|竞争性谈判|竞争性磋商|单一来源|询价|政府采购|EPC|工程总承包|招标")
_OTHERS_PROCURE = needs(re.compile(r"(公司|管委会|实施单位|建设单位|项目单位|下级)[^。；]{0,12}负责[^。；]{0,24}(招标|采购)"), "负责")
_PROCURE_PRIORITY = {"政府采购": 0, "公开招标": 1, "邀请招标": 1, "竞争性谈判": 1, "竞争性磋商": 1, "单一来源": 1}


@rule("PROC-05", Severity.WARNING, PROC, "简述写到招标/采购，但是否政府采购不是“是”", reads=("basic.flags", "narratives", "procurement"))
def proc_narrative_mentions(ctx: Context) -> Iterator[Finding]:
    """A narrative that speaks of 公开招标, 政府采购 or an EPC contract while 是否政府采购 is not 是:
    either this unit procures (answer 是 and fill 表5) or another body does — answered 否 with a
    narrative saying who (…投资开发有限公司负责…招标) keeps the rule quiet."""
    s = ctx.submission
    flag = s.basic.flags.procurement
    if flag == YesNo.YES:
        return
    if flag == YesNo.NO and any(scan(_OTHERS_PROCURE, p.text) for p in narrative_texts(ctx)):
        return  # answered 否, and a narrative says who else tenders
    hits = [(prose, match) for prose in narrative_texts(ctx) for match in scan(_PROCURE_WORDS, prose.text)]
    if not hits:
        return
    prose, match = min(hits, key=lambda h: _PROCURE_PRIORITY.get(h[1][0], 9))
    yield ctx.finding("basic.flags.procurement",
                      f"“{prose.label}”写到“{match[0]}”（{snippet(prose.text, match.start(), match.end())}），但是否政府采购未选“是”："
                      f"若由本单位采购，请选“是”并填写项目政府采购表；若由下级或实施单位采购，请在简述中写明",
                      table="项目基本信息表")


@rule("GPS-01", Severity.ERROR, GPS, "是否政府购买服务 = 是 ⇔ 购买服务表有明细；合计 = 各行之和；金额 > 0",
      reads=("basic.flags", "basic.funding", "services"))
def gps_flag_and_total(ctx: Context) -> Iterator[Finding]:
    """The flag 是否政府购买服务 is 是 exactly when 项目政府购买服务表 has rows; each amount is > 0 and
    the 合计 row equals their sum."""
    s = ctx.submission
    sv = s.services
    yield from _flag_matches_rows(ctx, s.basic.flags.purchased_services, bool(sv.items), "是否政府购买服务",
                                  "basic.flags.purchased_services", "项目政府购买服务表")
    for i, item in enumerate(sv.items):
        if item.amount is None or item.amount <= 0:
            yield ctx.finding(f"services.items[{i}].amount", f"第{i + 1}行金额为 {m(item.amount)}：购买服务金额应大于 0")
        elif decimals(item.amount) > 2:
            yield ctx.finding(f"services.items[{i}].amount", f"第{i + 1}行金额“{item.amount}”超过两位小数：请精确到分")
    if sv.items or sv.declared_total:
        declared = sv.declared_total if sv.declared_total is not None else ZERO
        if declared != sv.computed_total():
            yield ctx.finding(
                "services.declared_total",
                f"购买服务表合计 {m(sv.declared_total)} ≠ 各行金额之和 {m(sv.computed_total())}，"
                f"相差 {m(abs(declared - sv.computed_total()))}：请重算合计",
            )
    if sv.computed_total() > _project_money(ctx):
        yield ctx.finding(
            "services.declared_total", f"政府购买服务合计 {m(sv.computed_total())} 超过项目申请金额合计 {m(_project_money(ctx))}：请核对"
        )


@rule("GPS-02", Severity.ERROR, GPS, "购买服务目录、购买方式、政府采购方式取自当年代码表", reads=("services",))
def gps_codes(ctx: Context) -> Iterator[Finding]:
    """政府购买服务目录 is an entry of the configured 指导性目录; 购买方式 and 政府采购方式 come from
    the year's lists."""
    catalogue = ctx.codes["service_catalogue"]
    ways = ctx.codes["purchase_way"]
    methods = ctx.codes["procurement_method"]
    for i, item in enumerate(ctx.submission.services.items):
        entry = item.catalogue.strip()
        if not any(entry == v or entry.startswith(v) or v in entry for v in catalogue.values):
            yield ctx.finding(
                f"services.items[{i}].catalogue",
                f"第{i + 1}行购买服务目录“{entry}”不在 {ctx.codes.year} 年的指导性目录中（{'、'.join(catalogue.values)}）：请从目录中选择",
            )
        if item.purchase_way.strip() and item.purchase_way.strip() not in ways:
            yield ctx.finding(
                f"services.items[{i}].purchase_way", f"第{i + 1}行购买方式“{item.purchase_way}”不在可选项（{'、'.join(ways.values)}）中"
            )
        if item.method.strip() not in methods:
            yield ctx.finding(
                f"services.items[{i}].method", f"第{i + 1}行政府采购方式“{item.method}”不在可选项（{'、'.join(methods.values)}）中：请选择"
            )


@rule("GPS-03", Severity.WARNING, GPS, "购买内容不属于负面清单（工程、货物、融资、劳务派遣、招聘、公益性岗位）",
      params={"negative_words": ["工程", "货物", "设备购置", "融资", "贷款", "劳务派遣", "人员招聘", "招聘", "公益性岗位"]}, reads=("services",))
def gps_negative_list(ctx: Context) -> Iterator[Finding]:
    """财政部令第102号 第十条: goods, works, financing, labour dispatch, recruitment and public-welfare
    posts may not be bought as government services."""
    words = ctx.param("negative_words", [])
    for i, item in enumerate(ctx.submission.services.items):
        text = f"{item.catalogue} {item.summary}"
        hit = next((w for w in words if w in text), None)
        if hit:
            yield ctx.finding(f"services.items[{i}].summary",
                              f"第{i + 1}行购买内容含“{hit}”：按财政部令第102号第十条，{hit}不得作为政府购买服务内容，请改列政府采购或删去")
