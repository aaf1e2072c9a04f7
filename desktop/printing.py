"""Print and print preview: the submission as HTML in a QTextDocument, printed by QPrinter.

(The PDF export is :func:`forms.pdf.export_pdf`; showing its pages in the app would need the extra
``PySide6-Pdf`` wheel, so printing renders the tables itself.)
"""

from __future__ import annotations

from html import escape

from forms.model import (
    FLAGS, FUNDING_SOURCES, NARRATIVES, TRANSFER_COLUMNS, Submission, format_date, format_money, html_to_text,
)

CSS = """
body { font-size: 9pt; }
h1 { font-size: 14pt; text-align: center; margin: 6px 0; }
h2 { font-size: 11pt; margin: 10px 0 4px 0; }
table { border-collapse: collapse; width: 100%; }
td, th { border: 1px solid #444; padding: 3px; vertical-align: top; }
th { background: #e8e8e8; }
td.num { text-align: right; }
td.label { background: #f4f4f4; width: 18%; }
"""


def _e(text) -> str:
    return escape("" if text is None else str(text))


def _row(*cells: str, head: bool = False) -> str:
    tag = "th" if head else "td"
    return "<tr>" + "".join(f"<{tag}>{c}</{tag}>" for c in cells) + "</tr>"


def _num(value) -> str:
    return f"<td class='num'>{_e(format_money(value))}</td>"


def submission_html(sub: Submission) -> str:
    b = sub.basic
    out = [f"<html><head><style>{CSS}</style></head><body>", "<h1>项目基本信息表</h1><table>"]
    pairs = [("项目名称", b.name), ("项目分类", b.category), ("支出保障分类", b.guarantee_class),
             ("项目主码", b.main_code), ("项目副码", b.sub_code), ("项目级次", b.level),
             ("项目分配类别", b.allocation), ("项目属性", b.attribute), ("项目实施年度", b.budget_year),
             ("项目实施周期(年)", b.period_years), ("项目开始实施时间", format_date(b.start_date)),
             ("项目领域", b.domain), ("项目绩效分类", b.perf_class), ("功能科目", b.function_subject)]
    pairs += [(f.label, getattr(b.flags, f.key).value) for f in FLAGS]
    pairs += [("主管部门", b.competent_dept), ("主管部门联系电话", b.competent_phone),
              ("基层项目单位名称", b.unit_name), ("填报人员", b.filler), ("基层项目单位地址", b.unit_address),
              ("基层项目单位项目负责人", b.unit_leader), ("基层项目单位电话", b.unit_phone),
              ("基层项目单位邮编", b.unit_postcode), ("基层项目单位电子邮箱", b.unit_email)]
    for i in range(0, len(pairs), 2):
        cells = "".join(f"<td class='label'>{_e(k)}</td><td>{_e(v)}</td>" for k, v in pairs[i:i + 2])
        out.append(f"<tr>{cells}</tr>")
    out.append("</table><h2>申请金额(元)</h2><table>")
    out.append(_row("资金来源", *[f"{c.year}年" for c in b.funding], head=True))
    out.append("<tr><td>合计</td>" + "".join(_num(c.total) for c in b.funding) + "</tr>")
    for key, title in FUNDING_SOURCES:
        out.append(f"<tr><td>{title}</td>" + "".join(_num(getattr(c, key)) for c in b.funding) + "</tr>")
    out.append("</table>")
    group = ""
    for spec in NARRATIVES:
        if spec.group != group:
            if group:
                out.append("</table>")
            group = spec.group
            out.append(f"<h2>{group}</h2><table>")
        n = getattr(sub.narratives, spec.key)
        files = "、".join(a.name for a in n.attachments) or "—"
        text = "<br>".join(_e(line) for line in html_to_text(n.html).splitlines())
        out.append(f"<tr><td class='label'>{_e(spec.label)}</td><td>{text}<br><i>上传依据：{_e(files)}</i></td></tr>")
    out.append("</table>")

    out.append("<h1>项目绩效目标表</h1><h2>年度目标</h2><table>")
    out.append(_row("财年", "目标", "备注", head=True))
    for g in sub.performance.annual_goals:
        out.append(_row(_e(g.year), _e(g.goal), _e(g.note)))
    out.append("</table><h2>绩效指标</h2><table>")
    out.append(_row("一级指标", "二级指标", "指标名称", "指标性质", "指标值", "度量单位", "指标类型",
                    "设定依据及数据来源", "说明", head=True))
    for ind in sub.performance.indicators:
        out.append(_row(*(_e(v) for v in (ind.level1, ind.level2, ind.name, ind.operator, ind.value, ind.unit,
                                          ind.kind, ind.basis, ind.note))))
    out.append("</table>")

    t = sub.transfers
    out.append("<h1>对下专项转移支付支出预算明细表</h1><p>单位：元</p><table>")
    out.append(_row("地区名称", *[f"{y}年{title}" for y in t.years for _k, title in TRANSFER_COLUMNS], head=True))
    rows = [("合计", t.declared_total)] + [(r.name, r.years) for r in t.regions]
    for name, years in rows:
        by_year = {ty.year: ty for ty in years}
        cells = "".join(_num(getattr(by_year[y], k) if y in by_year else None)
                        for y in t.years for k, _title in TRANSFER_COLUMNS)
        out.append(f"<tr><td>{_e(name)}</td>{cells}</tr>")
    out.append("</table>")

    out.append("<h1>项目政府采购表</h1><table>")
    out.append(_row("采购项目名称", "政府采购目录", "政府采购方式", "计量单位", "数量", "需求时间", "金额（元）", head=True))
    out.append(f"<tr><td>合计</td><td></td><td></td><td></td><td></td><td></td>{_num(sub.procurement.declared_total)}</tr>")
    for it in sub.procurement.items:
        out.append(f"<tr><td>{_e(it.name)}</td><td>{_e(it.catalogue)}</td><td>{_e(it.method)}</td>"
                   f"<td>{_e(it.unit)}</td><td class='num'>{_e(it.quantity)}</td><td>{_e(format_date(it.need_time))}</td>"
                   f"{_num(it.amount)}</tr>")
    out.append("</table><h1>项目政府购买服务表</h1><table>")
    out.append(_row("政府购买服务目录", "购买方式", "政府采购方式", "金额（元）", "购买内容简述", head=True))
    out.append(f"<tr><td>合计</td><td></td><td></td>{_num(sub.services.declared_total)}<td></td></tr>")
    for it in sub.services.items:
        out.append(f"<tr><td>{_e(it.catalogue)}</td><td>{_e(it.purchase_way)}</td><td>{_e(it.method)}</td>"
                   f"{_num(it.amount)}<td>{_e(it.summary)}</td></tr>")
    out.append("</table>")

    def review_rows(items) -> None:
        for it in items:
            out.append(f"<tr><td>{_e(it.number)} {_e(it.title)}<br><small>{_e(it.summary)}</small></td>"
                       f"<td class='num'>{_e(it.weight)}</td>{_num(it.self_score)}{_num(it.finance_score)}"
                       f"<td>{_e(it.opinion)}</td></tr>")

    cr = sub.construction_review
    if cr is not None:
        out.append("<h1>基本建设项目支出预算补充编审表</h1><table>")
        out.append(_row("编审要点", "权重", "部门自评", "财政评审", "财政评审意见", head=True))
        out.append(f"<tr><td>总得分</td><td></td>{_num(cr.total_score.self_score)}"
                   f"{_num(cr.total_score.finance_score)}<td></td></tr>")
        for s in cr.sections:
            out.append(f"<tr><th colspan='5' align='left'>{_e(s.number)}{_e(s.title)}</th></tr>")
            review_rows(s.items)
        out.append("</table>")
    br = sub.budget_review
    out.append("<h1>项目支出预算编审表</h1><table>")
    out.append(_row("编审要点", "权重", "部门自评", "财政评审", "财政评审意见", head=True))
    for s in br.sections:
        out.append(f"<tr><th colspan='5' align='left'>{_e(s.number)}{_e(s.title)}</th></tr>")
        for g in s.groups:
            out.append(f"<tr><td colspan='5'><b>{_e(g.number)}{_e(g.title)}</b></td></tr>")
            review_rows(g.items)
    for title, pair in (("本表得分", br.table_score), ("基建项目补充表得分", br.supplement_score), ("总分", br.total_score)):
        out.append(f"<tr><td>{title}</td><td></td>{_num(pair.self_score)}{_num(pair.finance_score)}<td></td></tr>")
    out.append("</table></body></html>")
    # QTextDocument takes table width and borders as attributes, not as CSS
    return "".join(out).replace("<table>", TABLE)


TABLE = "<table width='100%' border='1' cellspacing='0' cellpadding='3' style='border-collapse: collapse'>"


DRAFT_BANNER = "<p style='color:#c0392b; font-size:14pt; font-weight:bold; text-align:center'>草稿：检查仍有错误，请修改后重新打印，勿作正式申报报送</p>"


def print_submission(sub: Submission, printer, font_family: str | None = None, *, draft: bool = False) -> None:
    from PySide6.QtGui import QFont, QTextDocument

    doc = QTextDocument()
    if font_family:
        doc.setDefaultFont(QFont(font_family, 9))
    html = submission_html(sub)
    doc.setHtml(html.replace("<body>", "<body>" + DRAFT_BANNER, 1) if draft else html)
    doc.print_(printer)
