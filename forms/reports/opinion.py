"""The 评审意见书 of one received submission, for sending back: what was received (file, SHA-256),
the project, the reviewer's conclusion (已审 / 退回) and overall opinion, the 财政评审 scores and
opinions item by item with the totals, and the checker's findings (已核实 ones with their reason).
A4 portrait, reportlab, the CJK font of the submission PDF (:mod:`forms.pdf.fonts`)."""

from __future__ import annotations

import io
import os
from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, SimpleDocTemplate, Spacer, Table, TableStyle

from .. import reviewing
from ..errors import UserError
from ..model import Submission, format_money
from .pdf import _p, _styles, _table
from .rows import table_label, verified_label, verified_message

TITLE = "项目支出预算评审意见书"
CONCLUSIONS = {"已审": "已审（评审通过）", "退回": "退回修改", "": "未定"}


def _score(value: Decimal | None) -> str:
    return "" if value is None else f"{value:.2f}"


def _facts(sub: Submission, file_name: str, sha256: str, mark: str, st) -> Table:
    b = sub.basic
    total = sum((c.computed_total for c in b.funding), Decimal(0))
    years = "、".join(f"{c.year}年 {format_money(c.computed_total)}" for c in b.funding if c.has_money())
    pairs = [
        ("项目名称", b.name), ("项目主码", b.main_code),
        ("主管部门", b.competent_dept), ("基层项目单位", b.unit_name),
        ("项目实施年度", str(b.budget_year or "")), ("申请金额合计(元)", format_money(total)),
        ("各年申请金额(元)", years), ("评审结论", CONCLUSIONS.get(mark, mark)),
        ("收到的文件", file_name), ("文件 SHA-256", sha256),
    ]
    rows = [[_p(k, st["head"]), _p(v, st["text"])] for k, v in pairs]
    table = Table(rows, colWidths=[34 * mm, A4[0] - 30 * mm - 34 * mm])
    table.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
        ("BACKGROUND", (0, 0), (0, -1), colors.HexColor("#F0F4F8")),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
    ]))
    return table


def build(sub: Submission, *, file_name: str, sha256: str, findings: Iterable[dict[str, Any]],
          mark: str = "", remark: str = "", font: str, today: date | None = None) -> list:
    st = _styles(font)
    st["text"].fontSize, st["text"].leading = 10, 14
    usable = A4[0] - 30 * mm
    day = today or date.today()
    story: list = [_p(TITLE, st["title"]), _p(f"{sub.basic.competent_dept or '申报单位'}：", st["text"]),
                   _p(f"　　你单位报送的“{sub.basic.name or file_name}”项目支出预算申报已经评审，意见如下。", st["text"]),
                   Spacer(1, 3 * mm), _facts(sub, file_name, sha256, mark, st)]

    story.append(_p("一、评审结论和总体意见", st["h2"]))
    story.append(_p(f"评审结论：{CONCLUSIONS.get(mark, mark)}", st["text"]))
    story.append(_p(f"总体意见：{remark or '（无）'}", st["text"]))

    story.append(_p("二、评分", st["h2"]))
    t = reviewing.totals(sub)
    lines = [f"本表得分：部门自评 {_score(t.table_self)}，财政评审 {_score(t.table_finance)}"]
    if sub.construction_review is not None:
        lines.append(f"基建项目补充表得分：部门自评 {_score(t.supplement_self)}，财政评审 {_score(t.supplement_finance)}")
    lines.append(f"总分（财政评审）：{_score(reviewing.overall(sub))}")
    story += [_p(line, st["text"]) for line in lines]
    story.append(Spacer(1, 2 * mm))
    rows = []
    for ref, item in reviewing.items(sub):
        rows.append([ref.label, f"{item.title}", "" if ref.weight is None else f"{ref.weight:g}",
                     _score(item.self_score), _score(item.finance_score), item.opinion])
    fractions = [11, 40, 7, 9, 9, 38]
    story += _table(["编号", "编审要点", "权重", "部门自评", "财政评审", "财政评审意见"], rows,
                    [usable * f / sum(fractions) for f in fractions], st, numeric={2, 3, 4}, plain={0})

    story.append(_p("三、检查发现的问题", st["h2"]))
    found = list(findings)
    if found:
        rows, shade = [], {}
        for i, f in enumerate(found):
            severity = f.get("severity") or ""
            place = " ".join(x for x in (table_label(f.get("table") or ""), f.get("cell") or "") if x)
            rows.append([verified_label(severity, f), f.get("rule") or "", place, verified_message(f)])
            if severity == "error":
                shade[i] = colors.HexColor("#F8D7DA")
            elif f.get("verified"):
                shade[i] = colors.HexColor("#EEEEEE")
        fractions = [12, 10, 22, 70]
        story += _table(["级别", "规则", "位置", "问题与修改建议"], rows, [usable * f / sum(fractions) for f in fractions],
                        st, shade=shade, plain={1})
    else:
        story.append(_p("检查未发现问题。", st["text"]))

    sign = Table([[_p("评审人（签字）：", st["text"]), _p("复核人（签字）：", st["text"])],
                  ["", ""],
                  [_p("", st["text"]), _p("财政部门（盖章）", st["text"])],
                  [_p("", st["text"]), _p(f"{day.year}年{day.month}月{day.day}日", st["text"])]],
                 colWidths=[usable / 2, usable / 2], rowHeights=[None, 12 * mm, None, None])
    sign.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    story.append(KeepTogether([Spacer(1, 8 * mm), sign]))
    return story


def render_opinion(sub: Submission, *, file_name: str, sha256: str = "", findings: Iterable[dict[str, Any]] = (),
                   mark: str = "", remark: str = "", today: date | None = None, fonts=None) -> tuple[bytes, str | None]:
    """The PDF's bytes and a warning when the CJK font could not be embedded."""
    from ..pdf.fonts import find_font

    font = find_font(fonts)
    story = build(sub, file_name=file_name, sha256=sha256, findings=findings, mark=mark, remark=remark,
                  font=font.name, today=today)

    def footer(canvas, doc):
        canvas.saveState()
        canvas.setFont(font.name, 8)
        canvas.drawCentredString(A4[0] / 2, 8 * mm, f"{TITLE} · {sub.basic.name or file_name} · 第 {doc.page} 页")
        canvas.restoreState()

    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=A4, leftMargin=15 * mm, rightMargin=15 * mm, topMargin=15 * mm,
                            bottomMargin=15 * mm, title=f"{TITLE}：{sub.basic.name}", author="项目预算申报助手")
    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return buf.getvalue(), (None if font.embedded else font.warning)


def write_opinion(path: str | os.PathLike[str], sub: Submission, **kwargs) -> str | None:
    """Write the 评审意见书 to *path* (atomically); returns the font warning, if any."""
    data, warning = render_opinion(sub, **kwargs)
    from ..files import write_atomic

    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, data, keep_backup=False)
    except OSError as exc:
        raise UserError(f"无法写出评审意见书“{path.name}”：{exc.strerror or exc}") from None
    return warning
