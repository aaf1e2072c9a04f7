"""``budgetforms show FILE``: a readable summary of one submission."""

from __future__ import annotations

import argparse
import unicodedata
from collections import Counter

from ..documents import open_document
from ..model import DETAIL_TABLE, FUNDING_SOURCES, Submission, capital_rmb, format_date, format_money


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("show", help="显示申报的摘要",
                       description="显示一份申报的摘要：名称、编码、单位、年度、各年各来源金额、项目支出预算明细表、指标数和检查结果数")
    p.add_argument("file", help="项目文件（.bfproj）或工作簿（.xlsx）")
    p.set_defaults(func=run)


def summary(sub: Submission, findings: list) -> str:
    b = sub.basic
    lines = [
        f"项目名称      {b.name}",
        f"项目主码/副码  {b.main_code} / {b.sub_code}",
        f"项目分类      {b.category}    项目级次 {b.level}    项目属性 {b.attribute}",
        f"功能科目      {b.function_subject}",
        f"主管部门      {b.competent_dept}",
        f"基层项目单位  {b.unit_name}",
        f"实施年度      {b.budget_year or ''}    周期 {b.period_years or ''} 年    开始实施 {format_date(b.start_date)}",
        "",
        "申请金额(元)",
    ]
    years = [c.year for c in b.funding]
    width = 18
    lines.append("  " + "资金来源".ljust(8, "　") + "".join(f"{y}年".rjust(width) for y in years))
    rows = [("total", "合计")] + list(FUNDING_SOURCES)
    for key, label in rows:
        cells = "".join(format_money(getattr(c, key), "-").rjust(width) for c in b.funding)
        lines.append("  " + label.ljust(8, "　") + cells)
    for c in b.funding:
        if c.total:
            lines.append(f"  {c.year}年合计大写：{capital_rmb(c.total)}")
    lines += detail_lines(sub, width)
    perf = sub.performance
    lines += [
        "",
        f"年度目标      {len(perf.annual_goals)} 条    绩效指标 {len(perf.indicators)} 个",
        f"对下转移支付  {len(sub.transfers.regions)} 个地区    政府采购 {len(sub.procurement.items)} 项    政府购买服务 {len(sub.services.items)} 项",
        f"基建补充编审表 {'有' if sub.construction_review else '无'}",
    ]
    br = sub.budget_review
    if br.sections:
        lines.append(
            f"编审表得分    部门自评 {format_money(br.total_score.self_score, '-')}    财政评审 {format_money(br.total_score.finance_score, '-')}"
        )
    counts = Counter(f.severity.label for f in findings)
    lines += ["", f"检查结果      错误 {counts.get('错误', 0)}    警告 {counts.get('警告', 0)}    "
                  f"提示 {counts.get('提示', 0)}（详见 budgetforms check）"]
    return "\n".join(lines)


def _pad(text: str, columns: int) -> str:
    """*text* padded with spaces to *columns* terminal columns (a Chinese character takes two)."""
    used = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
    return text + " " * max(columns - used, 1)


def detail_lines(sub: Submission, width: int = 18) -> list[str]:
    """项目支出预算明细表: one row a line (经济分类, 资金来源, the amount of each year), then the 合计
    row as written and the lines re-added, so that a difference shows. The years are the grid's and
    any other year the table holds an amount in (as the PDF prints them: nothing written is hidden)."""
    detail = sub.detail
    if detail.is_empty():
        return ["", f"{DETAIL_TABLE}  未填写"]
    years = detail.shown_years(sub.grid_years())
    out = ["", f"{DETAIL_TABLE}(元)  {len(detail.lines)} 行",
           "  " + _pad("经济分类 / 资金来源", 36) + "".join(f"{y}年".rjust(width) for y in years)]
    for line in detail.lines:
        code = str(line.dept_economic) or str(line.gov_economic) or "（未填经济分类）"  # a Coded is never falsy itself
        label = f"{code} / {line.source.strip() or '（未填来源）'}"
        out.append("  " + _pad(label, 36) + "".join(format_money(line.amount(y), "-").rjust(width) for y in years))
    out.append("  " + _pad("合计（表中所写）", 36) + "".join(format_money(detail.declared(y), "-").rjust(width) for y in years))
    out.append("  " + _pad("合计（各行之和）", 36)
               + "".join(format_money(detail.computed_total(y) or None, "-").rjust(width) for y in years))
    return out


def run(args: argparse.Namespace) -> int:
    from ..rules import check

    opened = open_document(args.file)
    findings = list(opened.findings) + check(opened.submission)
    print(summary(opened.submission, findings))
    return 0
