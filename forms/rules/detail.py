"""项目支出预算明细表: its lines against the 申请金额 grid, its own 合计 row, 表5 and 表6, the
对下转移支付 table and what reviewers cut (DETAIL-01 … DETAIL-19).

Every rule here is quiet while the table has no lines (the seed has none: DOC-01 says it is missing),
except DETAIL-08, which checks 单价 × 数量 on 表5 rows whether or not the table is there.

The economic codes the rules look for (30226 劳务费, 30217 公务接待费, 309 基本建设 …) are the fixed
codes of 财政部《政府收支分类科目》 that the rules are about, declared below. Whether a code is in the
year's list, and whether a 部门/政府 pair is allowed by the 对照表, are checks of the code lists
themselves and live with them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from ..model import DETAIL_SOURCES, DETAIL_TABLE, FUND_NATURES, SOURCE_KEYS, DetailLine, ProcurementItem, ServiceItem, YesNo, basis_product
from ._util import ZERO, decimals, m, nfkc, num
from .engine import Context, Finding, Severity, rule

CENT = Decimal("0.01")
PROC = "项目政府采购表"

NEEDS_QUANTITY_AND_PRICE: dict[str, tuple[str, str]] = {
    "30226": ("劳务费", "专家评审费 10 人 × 2 天 × 1,000 元"),
    "30227": ("委托业务费", "第三方绩效评价 1 项 × 80,000 元（按询价）"),
    "30215": ("会议费", "工作推进会 1 次 × 80 人 × 2 天 × 400 元/人·天"),
    "30216": ("培训费", "业务培训 2 期 × 60 人 × 200 元/人·期"),
    "30211": ("差旅费", "赴省厅汇报 3 人 × 4 次 × 1,500 元/人次"),
}
"""部门预算支出经济分类 款 whose lines reviewers cut when the 测算依据 lacks a quantity and a price,
with an example of a basis that states both."""

THREE_PUBLIC: dict[str, str] = {
    "30217": "公务接待费", "30231": "公务用车运行维护费", "30212": "因公出国（境）费用",
    "31013": "公务用车购置", "30913": "公务用车购置",
}
"""三公经费: 因公出国（境）费用, 公务用车购置及运行维护费, 公务接待费."""

EQUIPMENT: dict[str, str] = {
    "31002": "办公设备购置", "31003": "专用设备购置", "31007": "信息网络及软件购置更新", "31013": "公务用车购置",
    "31019": "其他交通工具购置", "31021": "文物和陈列品购置",
    "30902": "办公设备购置", "30903": "专用设备购置", "30907": "信息网络及软件购置更新", "30913": "公务用车购置",
    "30919": "其他交通工具购置", "30921": "文物和陈列品购置",
}
"""Capital lines that buy goods (310xx, and the 309xx that mirror them): normally 政府采购."""

SALARIES = "301"
CONSTRUCTION = "309"
TRANSFER_DOWN = "51301"


# --- helpers -------------------------------------------------------------------------------------

def _lines(ctx: Context) -> list[tuple[int, DetailLine]]:
    """The lines that are not blank, with their index."""
    lines: list[tuple[int, DetailLine]] = ctx.cached(
        "detail_lines", lambda: [(i, line) for i, line in enumerate(ctx.submission.detail.lines) if not line.is_blank()])
    return lines


def _where(i: int, line: DetailLine) -> str:
    code = str(line.dept_economic) or str(line.gov_economic) or "未填经济分类"
    return f"明细第{i + 1}行（{code}）"


def _dept(line: DetailLine) -> str:
    return line.dept_economic.code.strip()


def _gov(line: DetailLine) -> str:
    return line.gov_economic.code.strip()


def _amounts(line: DetailLine) -> str:
    """``2024年 120,000.00、2025年 80,000.00`` for a message."""
    return "、".join(f"{a.year}年 {m(a.amount)}" for a in line.amounts if a.amount) or "无金额"


def _grid_cell(ctx: Context, year: int, source: str) -> Decimal:
    col = ctx.submission.basic.funding_for(year)
    return (getattr(col, SOURCE_KEYS[source]) or ZERO) if col is not None else ZERO


def _cent(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


# --- the table against the grid and its own 合计 --------------------------------------------------

@rule(
    "DETAIL-01", Severity.ERROR, DETAIL_TABLE, "每年每个资金来源：明细之和 = 申请金额表的该格", reads=("basic.budget_year", "basic.funding", "detail")
)
def detail_matches_grid(ctx: Context) -> Iterator[Finding]:
    """For every year of the 申请金额 grid and every 资金来源 (上级补助, 本级财政安排, 部门自筹), the lines
    of that source add up to the grid's cell: the 明细表 is the grid broken down, to the fen."""
    if not _lines(ctx):
        return
    detail = ctx.submission.detail
    for year in ctx.submission.grid_years():
        for source in DETAIL_SOURCES:
            lines = detail.computed_total(year, source)
            cell = _grid_cell(ctx, year, source)
            if lines != cell:
                yield ctx.finding("detail.lines",
                                  f"{year}年 {source}：明细之和 {m(lines)} ≠ 申请金额表 {m(cell)}，相差 {m(abs(lines - cell))}："
                                  f"请补齐或删减该来源的明细行，或更正申请金额表")


@rule("DETAIL-02", Severity.ERROR, DETAIL_TABLE, "明细表合计行 = 各行之和（每年）",
      reads=("basic.budget_year", "basic.funding", "detail"))
def detail_total_row(ctx: Context) -> Iterator[Finding]:
    """The 合计 row as written equals the sum of the lines, year by year."""
    detail = ctx.submission.detail
    if not _lines(ctx) and not any(a.amount for a in detail.declared_total):
        return
    declared_years = {a.year: j for j, a in enumerate(detail.declared_total)}
    for year in sorted(set(ctx.submission.grid_years()) | set(detail.years())):
        computed = detail.computed_total(year)
        if year not in declared_years:
            if computed:
                yield ctx.finding("detail.declared_total", f"明细表合计行没有 {year}年，而各行之和为 {m(computed)}：请填写该年合计")
            continue
        declared = detail.declared_total[declared_years[year]].amount
        if (declared or ZERO) != computed:
            yield ctx.finding(
                f"detail.declared_total[{declared_years[year]}].amount",
                f"{year}年 明细表合计 {m(declared)} ≠ 各行之和 {m(computed)}，相差 {m(abs((declared or ZERO) - computed))}：请重算合计行",
            )


@rule("DETAIL-03", Severity.ERROR, DETAIL_TABLE, "明细金额不为负、最多两位小数，只填在申请金额表的年度",
      reads=("basic.budget_year", "basic.funding", "detail"))
def detail_amounts_well_formed(ctx: Context) -> Iterator[Finding]:
    """Each amount is ≥ 0 with at most two decimals, in a year the 申请金额 grid has; a line has money."""
    years = set(ctx.submission.grid_years())
    for i, line in _lines(ctx):
        where = _where(i, line)
        if not line.has_money():
            yield ctx.finding(f"detail.lines[{i}].amounts", f"{where}没有金额：请填写各年金额，或删去该行")
        for j, a in enumerate(line.amounts):
            if a.amount is None:
                continue
            path = f"detail.lines[{i}].amounts[{j}].amount"
            if a.amount < 0:
                yield ctx.finding(path, f"{where} {a.year}年 金额为负数 {m(a.amount)}：请改为正数")
            elif decimals(a.amount) > 2:
                yield ctx.finding(path, f"{where} {a.year}年 金额“{a.amount}”超过两位小数：请精确到分")
            if a.amount and years and a.year not in years:
                yield ctx.finding(path, f"{where}有 {a.year}年 的金额，但申请金额表没有该年（{'、'.join(map(str, sorted(years)))}）：请核对年度")


_DEPT_CODE = re.compile(r"3\d{4}")
_GOV_CODE = re.compile(r"5\d{4}")
_FUNCTION_CODE = re.compile(r"\d{7}")


@rule("DETAIL-04", Severity.ERROR, DETAIL_TABLE, "每行填写支出功能分类（7 位）、部门和政府预算支出经济分类（5 位款级）、资金来源",
      reads=("basic.function_subject", "detail"))
def detail_line_codes(ctx: Context) -> Iterator[Finding]:
    """Every line names its 支出功能分类 to 项 (7 digits), its 部门预算支出经济分类 to 款 (5 digits, 类
    3xx) and its 政府预算支出经济分类 (5 digits, 类 5xx), and a 资金来源 that is a row of the grid."""
    for i, line in _lines(ctx):
        where = _where(i, line)
        fs = line.function_subject.code.strip()
        if not _FUNCTION_CODE.fullmatch(fs):
            said = f"“{line.function_subject}”不是 7 位编码" if fs or line.function_subject.name else "未填写"
            yield ctx.finding(
                f"detail.lines[{i}].function_subject",
                f"{where}支出功能分类{said}：请填写到“项”，通常与项目的功能科目相同，"
                f"如 {str(ctx.submission.basic.function_subject) or '2050202 小学教育'}",
            )
        if not _DEPT_CODE.fullmatch(_dept(line)):
            said = f"“{line.dept_economic}”不是 5 位款级编码" if not line.dept_economic.is_blank() else "未填写"
            yield ctx.finding(
                f"detail.lines[{i}].dept_economic", f"{where}部门预算支出经济分类{said}：请选择到“款”，如 30201 办公费、31002 办公设备购置"
            )
        if not _GOV_CODE.fullmatch(_gov(line)):
            said = f"“{line.gov_economic}”不是 5 位款级编码" if not line.gov_economic.is_blank() else "未填写"
            yield ctx.finding(
                f"detail.lines[{i}].gov_economic", f"{where}政府预算支出经济分类{said}：请按对照表选择，如 50201 办公经费、50306 设备购置"
            )
        if line.source.strip() not in DETAIL_SOURCES:
            said = f"“{line.source}”不是申请金额表的来源" if line.source.strip() else "未填写"
            yield ctx.finding(f"detail.lines[{i}].source", f"{where}资金来源{said}：请选择 {'、'.join(DETAIL_SOURCES)} 之一")


@rule("DETAIL-05", Severity.WARNING, DETAIL_TABLE, "资金性质已填写，取自一体化系统的资金性质",
      params={"natures": list(FUND_NATURES)}, reads=("detail",))
def detail_fund_nature(ctx: Context) -> Iterator[Finding]:
    """资金性质 (一般公共预算拨款, 政府性基金拨款 …) is given on every line, from the pack's list (local
    systems may name them differently: the pack can say so)."""
    natures = ctx.param("natures", list(FUND_NATURES))
    for i, line in _lines(ctx):
        nature = line.nature.strip()
        if not nature:
            yield ctx.finding(f"detail.lines[{i}].nature", f"{_where(i, line)}未填写资金性质：请选择 {'、'.join(natures)} 之一")
        elif nature not in natures:
            yield ctx.finding(
                f"detail.lines[{i}].nature", f"{_where(i, line)}资金性质“{nature}”不在可选项（{'、'.join(natures)}）中：请从下拉选项中选择"
            )


# --- 测算依据 ---------------------------------------------------------------------------------------

@rule("DETAIL-06", Severity.WARNING, DETAIL_TABLE, "有金额的明细行写明测算依据（编审表 2.3(1)）", reads=("detail",))
def detail_basis_present(ctx: Context) -> Iterator[Finding]:
    """Reviewers score 2.3(1) 项目资金安排是否有明确的标准或依据 on the 测算依据: a line with money and
    no basis is one they cut."""
    for i, line in _lines(ctx):
        if line.has_money() and not line.basis.strip():
            yield ctx.finding(
                f"detail.lines[{i}].basis", f"{_where(i, line)}有金额（{_amounts(line)}）但没有测算依据：请写明数量 × 单价（× 次数）及所依据的标准"
            )


_PRICE = re.compile(r"\d[\d,]*(?:\.\d+)?\s*(?:万|千)?元")
_QUANTITY = re.compile(
    r"\d+(?:\.\d+)?\s*(?:人次|人天|人日|课时|学时|批次|公里|小时|名|人|天|日|次|期|场|个|批|项|套|台|件|户|家|晚|间|班|本|份|册|辆|张|组|月|年|所|校|篇)"
)


def states_quantity_and_price(text: str) -> bool:
    """Whether a 测算依据 states a quantity (``10 人``, ``2 天``, ``3 期``) and a price (``1,000 元``,
    ``300元/人·天``)."""
    text = nfkc(text)
    return bool(_PRICE.search(text)) and bool(_QUANTITY.search(text))


@rule("DETAIL-07", Severity.WARNING, DETAIL_TABLE, "劳务费、委托业务费、会议费、培训费、差旅费的测算依据写明数量和单价", reads=("detail",))
def detail_basis_quantity_price(ctx: Context) -> Iterator[Finding]:
    """30226 劳务费, 30227 委托业务费, 30215 会议费, 30216 培训费 and 30211 差旅费 lines need a 测算依据
    with a quantity and a unit price ("专家评审费 10 人 × 2 天 × 1,000 元"): reviewers cut them as
    缺少明细 otherwise."""
    for i, line in _lines(ctx):
        spec = NEEDS_QUANTITY_AND_PRICE.get(_dept(line))
        if spec is None or not line.has_money() or not line.basis.strip():
            continue  # a line with no basis at all is DETAIL-06's
        if not states_quantity_and_price(line.basis):
            yield ctx.finding(
                f"detail.lines[{i}].basis",
                f"{_where(i, line)}的测算依据“{line.basis.strip()[:40]}”没有写明数量和单价：{spec[0]}须按 人数/天数/次数 × 标准（元）测算，"
                f"如“{spec[1]}”",
            )


# --- 表5 and 表6 ----------------------------------------------------------------------------------

@rule("DETAIL-08", Severity.ERROR, PROC, "政府采购表每行：单价 × 数量 = 金额", reads=("procurement",))
def detail_unit_price(ctx: Context) -> Iterator[Finding]:
    """On a 表5 row with a 单价, 单价 × 数量 equals 金额 to the fen (the 一体化 政府采购预算表's columns)."""
    for i, item in enumerate(ctx.submission.procurement.items):
        if item.unit_price is None:
            continue
        where = f"第{i + 1}行“{item.name or '（未命名）'}”"
        if item.quantity is None:
            yield ctx.finding(f"procurement.items[{i}].quantity", f"{where}填了单价 {m(item.unit_price)} 但没有数量：请填写数量")
            continue
        product = _cent(item.unit_price * item.quantity)
        if item.amount is None or _cent(item.amount) != product:
            yield ctx.finding(
                f"procurement.items[{i}].amount",
                f"{where}单价 {m(item.unit_price)} × 数量 {num(item.quantity)} = {m(product)}，但金额为 {m(item.amount)}：请核对单价、数量或金额",
            )


def _rows_covered(ctx: Context, rows: Sequence[ProcurementItem | ServiceItem], table: str, path: str) -> Iterator[Finding]:
    """Each economic code of *rows* (表5 or 表6) has 明细 lines of at least the rows' amount: the
    部门预算支出经济分类, or the 政府 one for a row that gives only that."""
    lines = _lines(ctx)
    if not lines:
        return
    need: dict[tuple[str, str], list[Any]] = {}  # (kind, code) → [amount, row indices, label]
    for r, item in enumerate(rows):
        dept, gov = item.dept_economic.code.strip(), item.gov_economic.code.strip()
        kind, code, label = ("dept_economic", dept, str(item.dept_economic)) if dept else ("gov_economic", gov, str(item.gov_economic))
        if not code:
            yield ctx.finding(
                f"{path}[{r}].dept_economic",
                f"{table}第{r + 1}行没有填写经济分类：有明细表时，请填写该行的部门预算支出经济分类（与明细表对应的款），以便核对",
                table=table,
            )
            continue
        entry = need.setdefault((kind, code), [ZERO, [], label])
        entry[0] += item.amount or ZERO
        entry[1].append(r)
    for (kind, code), (amount, where, label) in need.items():
        have = sum((line.total() for _, line in lines if getattr(line, kind).code.strip() == code), ZERO)
        if have < amount:
            rows_text = "、".join(f"第{r + 1}行" for r in where)
            yield ctx.finding(f"{path}[{where[0]}].{kind}",
                              f"{table}{rows_text}（经济分类 {label}）共 {m(amount)}，但明细表中该经济分类的明细只有 {m(have)}："
                              f"请在明细表中列出该经济分类的支出，或更正{table}的经济分类", table=table)


@rule("DETAIL-09", Severity.WARNING, PROC, "政府采购表每行的经济分类在明细表中有不少于其金额的明细", reads=("detail", "procurement"))
def detail_covers_procurement(ctx: Context) -> Iterator[Finding]:
    """What 表5 buys is money of the 明细表: the lines of each row's 部门预算支出经济分类 (or, without
    it, its 政府预算支出经济分类) add up to at least the rows of that code. A row with neither code
    cannot be matched: it is asked for one."""
    yield from _rows_covered(ctx, ctx.submission.procurement.items, PROC, "procurement.items")


@rule("DETAIL-10", Severity.WARNING, "项目政府购买服务表", "政府购买服务表每行的经济分类在明细表中有不少于其金额的明细", reads=("detail", "services"))
def detail_covers_services(ctx: Context) -> Iterator[Finding]:
    """As DETAIL-09, for 表6: each service row's economic code has 明细 lines of at least its amount."""
    yield from _rows_covered(ctx, ctx.submission.services.items, "项目政府购买服务表", "services.items")


def _flag_lines_agree(ctx: Context, attr: str, flag_label: str, table: str, rows: Sequence[object], rows_total: Decimal) -> Iterator[Finding]:
    lines = _lines(ctx)
    if not lines:
        return
    flag = getattr(ctx.submission.basic.flags, attr)
    marked = [(i, line) for i, line in lines if getattr(line, attr) == YesNo.YES]
    if marked and flag != YesNo.YES:
        i, line = marked[0]
        said = "未填" if flag == YesNo.UNSET else "为“否”"
        yield ctx.finding(f"basic.flags.{attr}", f"{_where(i, line)}等 {len(marked)} 行{flag_label}选“是”，但基本信息表的{flag_label}{said}："
                                                 f"请把该项改为“是”并填写{table}，或更正明细行", table="项目基本信息表")
    elif flag == YesNo.YES and not marked:
        yield ctx.finding("detail.lines", f"{flag_label}为“是”，但明细表没有一行{flag_label}选“是”：请在相应明细行选“是”")
    if marked and rows:
        total = sum((line.total() for _, line in marked), ZERO)
        if total != rows_total:
            yield ctx.finding(f"detail.lines[{marked[0][0]}].{attr}",
                              f"明细表中{flag_label}选“是”的行共 {m(total)}，{table}合计 {m(rows_total)}，相差 {m(abs(total - rows_total))}："
                              f"两表应一致，请核对标记或{table}")
    elif marked and not rows:
        yield ctx.finding(
            f"detail.lines[{marked[0][0]}].{attr}", f"明细表有 {len(marked)} 行{flag_label}选“是”，但{table}没有任何明细：请填写{table}"
        )


@rule("DETAIL-11", Severity.ERROR, DETAIL_TABLE, "标为“是否政府采购”的明细行与基本信息表的标记、表5 一致",
      reads=("basic.flags", "detail", "procurement"))
def detail_procurement_lines(ctx: Context) -> Iterator[Finding]:
    """Lines marked 是否政府采购 = 是 exist exactly when the flag of 项目基本信息表 is 是, and together they
    come to 表5's total."""
    p = ctx.submission.procurement
    yield from _flag_lines_agree(ctx, "procurement", "是否政府采购", PROC, p.items, p.computed_total())


@rule("DETAIL-12", Severity.ERROR, DETAIL_TABLE, "标为“是否政府购买服务”的明细行与基本信息表的标记、表6 一致",
      reads=("basic.flags", "detail", "services"))
def detail_service_lines(ctx: Context) -> Iterator[Finding]:
    """As DETAIL-11 for 是否政府购买服务 and 表6."""
    sv = ctx.submission.services
    yield from _flag_lines_agree(ctx, "purchased_services", "是否政府购买服务", "项目政府购买服务表", sv.items, sv.computed_total())


# --- what the project may spend on ----------------------------------------------------------------

def _is_construction(ctx: Context) -> bool:
    b = ctx.submission.basic
    return b.flags.construction == YesNo.YES or b.category.strip() == "基本建设类"


@rule("DETAIL-13", Severity.WARNING, DETAIL_TABLE, "基本建设项目列 309 资本性支出（基本建设）；非基建项目不列 309",
      reads=("basic.category", "basic.flags", "detail"))
def detail_construction_lines(ctx: Context) -> Iterator[Finding]:
    """A 基本建设项目 (flag 是, or 项目分类 基本建设类) spends through 309 资本性支出（基本建设）, not 310;
    a project that is not one has no 309 lines."""
    lines = _lines(ctx)
    if not lines:
        return
    has_309 = [(i, line) for i, line in lines if _dept(line).startswith(CONSTRUCTION)]
    if _is_construction(ctx) and not has_309:
        capital = [(i, line) for i, line in lines if _dept(line).startswith("310")]
        hint = f"（现列在 {capital[0][1].dept_economic} 等 310 款）" if capital else ""
        yield ctx.finding(
            "detail.lines",
            f"本项目是基本建设项目，但明细表没有 309 资本性支出（基本建设）的行{hint}：基建投资请列 309 相应款级科目，如 30905 基础设施建设",
        )
    elif not _is_construction(ctx):
        for i, line in has_309:
            yield ctx.finding(
                f"detail.lines[{i}].dept_economic",
                f"{_where(i, line)}列在 309 资本性支出（基本建设），但本项目不是基本建设项目：请改列 310 资本性支出，或把是否基本建设项目改为“是”",
            )


@rule("DETAIL-14", Severity.INFO, DETAIL_TABLE, "项目中列支三公经费，提请评审关注", reads=("detail",))
def detail_three_public(ctx: Context) -> Iterator[Finding]:
    """30212 因公出国（境）费用, 30217 公务接待费, 30231 公务用车运行维护费 and 公务用车购置 (三公经费) in a
    project are for the reviewer's attention: they are budgeted and disclosed on their own and held down."""
    for i, line in _lines(ctx):
        label = THREE_PUBLIC.get(_dept(line))
        if label and line.has_money():
            yield ctx.finding(
                f"detail.lines[{i}].dept_economic",
                f"{_where(i, line)}是三公经费（{label}，{_amounts(line)}）："
                "三公经费单独公开并从严控制，请在测算依据中写明标准和必要性，评审时重点关注",
            )


@rule("DETAIL-15", Severity.WARNING, DETAIL_TABLE, "项目支出原则上不列 301 工资福利支出", reads=("detail",))
def detail_salaries(ctx: Context) -> Iterator[Finding]:
    """301 工资福利支出 belongs in the 基本支出 budget; in a project it is normally not allowed (a
    warning naming the line, since some special funds do pay 绩效工资 or 临时人员 this way)."""
    for i, line in _lines(ctx):
        if _dept(line).startswith(SALARIES) and line.has_money():
            yield ctx.finding(f"detail.lines[{i}].dept_economic",
                              f"{_where(i, line)}列在 301 工资福利支出（{_amounts(line)}）：人员经费应在基本支出中安排，项目支出原则上不得列支；"
                              f"请改列基本支出，或在备注中写明允许列支的文件依据")


@rule("DETAIL-16", Severity.ERROR, DETAIL_TABLE, "下级项目：51301 转移支付明细 = 对下转移支付表的各年资金规模",
      reads=("basic.level", "detail", "transfers"))
def detail_transfers(ctx: Context) -> Iterator[Finding]:
    """A 下级 project's money goes to lower governments: its lines of 政府预算支出经济分类 51301
    上下级政府间转移性支出 add up, year by year, to the 对下专项转移支付 table's 资金规模; a 本级 project has
    no 51301 lines."""
    lines = _lines(ctx)
    if not lines:
        return
    s = ctx.submission
    level = s.basic.level.strip()
    transfer_lines = [(i, line) for i, line in lines if _gov(line) == TRANSFER_DOWN]
    if level == "本级":
        for i, line in transfer_lines:
            yield ctx.finding(
                f"detail.lines[{i}].gov_economic", f"{_where(i, line)}列在 51301 上下级政府间转移性支出，但项目级次为“本级”：请更正经济分类或项目级次"
            )
        return
    if level != "下级":
        return
    t = s.transfers
    for year in s.grid_years():
        declared = t.declared(year)
        table = declared.scale if declared is not None and declared.scale is not None else t.computed_total(year, "scale")
        mine = sum((line.amount(year) or ZERO for _, line in transfer_lines), ZERO)
        if mine != table:
            yield ctx.finding(
                "detail.lines",
                f"{year}年 明细表 51301 上下级政府间转移性支出 {m(mine)} ≠ 对下转移支付表资金规模 {m(table)}，相差 {m(abs(mine - table))}："
                f"下级项目补助下级的资金请列 51301，并与转移支付表一致",
            )


@rule("DETAIL-17", Severity.INFO, DETAIL_TABLE, "设备购置类明细有对应的政府采购表行", reads=("detail", "procurement"))
def detail_equipment_procured(ctx: Context) -> Iterator[Finding]:
    """A 310/309 line that buys equipment (办公设备, 专用设备, 信息网络及软件, 车辆 …) normally has a 表5
    row of the same 部门预算支出经济分类 (unless below the 集中采购目录及限额标准)."""
    procured = {item.dept_economic.code.strip() for item in ctx.submission.procurement.items}
    for i, line in _lines(ctx):
        code = _dept(line)
        if code in EQUIPMENT and line.has_money() and code not in procured:
            yield ctx.finding(f"detail.lines[{i}].dept_economic",
                              f"{_where(i, line)}是设备购置（{_amounts(line)}），但政府采购表没有 {code} {EQUIPMENT[code]} 的行："
                              f"达到集中采购目录或限额标准的，请在政府采购表中列出并填写经济分类")


@rule("DETAIL-18", Severity.WARNING, DETAIL_TABLE, "明细行的支出功能分类与项目功能科目同属一类", reads=("basic.function_subject", "detail"))
def detail_function_class(ctx: Context) -> Iterator[Finding]:
    """A line's 支出功能分类 is normally the project's 功能科目; a project may use more than one 项
    (小学教育 and 初中教育), but a line of another 类 (教育 vs 一般公共服务) belongs to another project."""
    project = ctx.submission.basic.function_subject
    own = project.code.strip()
    if not _FUNCTION_CODE.fullmatch(own):
        return  # CODE-01 asks for the project's code first
    for i, line in _lines(ctx):
        code = line.function_subject.code.strip()
        if _FUNCTION_CODE.fullmatch(code) and code[:3] != own[:3]:
            yield ctx.finding(
                f"detail.lines[{i}].function_subject",
                f"{_where(i, line)}的支出功能分类“{line.function_subject}”与项目功能科目“{project}”不属同一类（{code[:3]} ≠ {own[:3]}）："
                f"请改为本项目的功能科目，或把这部分支出另立项目",
            )


@rule("DETAIL-19", Severity.WARNING, DETAIL_TABLE, "测算依据写成算式时，算出的金额与该行金额相符", reads=("detail",))
def detail_basis_adds_up(ctx: Context) -> Iterator[Finding]:
    """A 测算依据 written as one product (``10 人 × 2 天 × 1,000 元``) comes to the line's amount of a
    year, or to its total over the years; a basis that states no single product is not judged."""
    for i, line in _lines(ctx):
        if not line.has_money():
            continue
        product = basis_product(line.basis)
        if product is None:
            continue
        product = _cent(product)
        amounts = {_cent(a.amount) for a in line.amounts if a.amount} | {_cent(line.total())}
        if product not in amounts:
            yield ctx.finding(f"detail.lines[{i}].basis",
                              f"{_where(i, line)}的测算依据“{line.basis.strip()[:40]}”算得 {m(product)}，但该行金额为 {_amounts(line)}："
                              f"请核对数量、单价或金额")
