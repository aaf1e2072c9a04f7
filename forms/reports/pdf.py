"""The batch report as a printable PDF (A4 landscape, reportlab, an embedded CJK font): the summary
table, the findings of each submission with their cell addresses, the duplicates."""

from __future__ import annotations

from collections.abc import Set
from decimal import Decimal
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from ..errors import UserError
from ..model import format_money
from .rows import conclusion, detail_rows, duplicate_rows, overview, summary_rows


def cjk_font() -> tuple[str, str | None]:
    """The CJK font of the PDF and a warning when it could not be embedded: the same font finder
    as the submission PDF (:func:`forms.pdf.fonts.find_font`: WenQuanYi Micro Hei on Debian,
    SimSun / Microsoft YaHei on Windows)."""
    from ..pdf.fonts import find_font

    font = find_font()
    return font.name, (None if font.embedded else font.warning)


def _styles(font: str) -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("cell", fontName=font, fontSize=7.5, leading=9.5, wordWrap="CJK")
    return {
        "title": ParagraphStyle("title", parent=base, fontSize=15, leading=20, alignment=1, spaceAfter=4),
        "h2": ParagraphStyle("h2", parent=base, fontSize=11, leading=15, spaceBefore=8, spaceAfter=4),
        "h3": ParagraphStyle("h3", parent=base, fontSize=9, leading=12, spaceBefore=6, spaceAfter=2),
        "text": ParagraphStyle("text", parent=base, fontSize=9, leading=12),
        "cell": base,
        "head": ParagraphStyle("head", parent=base, alignment=1),
        "num": ParagraphStyle("num", parent=base, alignment=2),
    }


def _p(value, style) -> Paragraph:
    return Paragraph(escape("" if value is None else str(value)).replace("\n", "<br/>"), style)


CHUNK_ROWS = 60
"""Long tables are built in pieces of this many rows (each repeats the header): reportlab splits a
table page by page, and one table of thousands of rows makes that quadratic."""


def _table(header: list[str], rows: list[list], widths: list[float], st, numeric: Set[int] = frozenset(),
           shade: dict[int, colors.Color] | None = None, plain: Set[int] = frozenset()) -> list[Table]:
    """The table as a list of pieces. Columns in *plain* hold short text drawn as is (no wrapping,
    much faster than a Paragraph); the others wrap."""
    head = [_p(h, st["head"]) for h in header]
    cell, num = st["cell"], st["num"]
    out = []
    for start in range(0, max(len(rows), 1), CHUNK_ROWS):
        piece = rows[start:start + CHUNK_ROWS]
        data = [head]
        for row in piece:
            data.append([("" if v is None else str(v)) if i in plain else _p(v, num if i in numeric else cell)
                         for i, v in enumerate(row)])
        table = Table(data, colWidths=widths, repeatRows=1)
        style = [
            ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#DDE6F0")),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 2),
            ("RIGHTPADDING", (0, 0), (-1, -1), 2),
            ("FONTNAME", (0, 1), (-1, -1), cell.fontName),
            ("FONTSIZE", (0, 1), (-1, -1), cell.fontSize),
            ("LEADING", (0, 1), (-1, -1), cell.leading),
        ]
        for i in plain & numeric:
            style.append(("ALIGN", (i, 1), (i, -1), "RIGHT"))
        for r, colour in (shade or {}).items():
            if start <= r < start + CHUNK_ROWS:
                style.append(("BACKGROUND", (0, r - start + 1), (-1, r - start + 1), colour))
        table.setStyle(TableStyle(style))
        out.append(table)
    return out


def _money(v: Decimal | None) -> str:
    return "" if v is None else format_money(v)


def write_pdf(result, path: str | Path) -> str | None:
    """Write the PDF report; returns a warning for the user when the CJK font is not embedded."""
    path = Path(path)
    font, warning = cjk_font()
    st = _styles(font)
    info = overview(result)
    page = landscape(A4)
    usable = page[0] - 24 * mm
    story = [_p(info.title, st["title"])]
    story += [_p(line, st["text"]) for line in info.lines()]
    story.append(Spacer(1, 4 * mm))

    # summary: one row a submission
    story.append(_p("一、汇总", st["h2"]))
    header = ["序号", "文件", "项目名称", "主管部门 / 基层项目单位", "实施年度", "各年申请金额(元)", "申请金额合计(元)",
              "错误", "警告", "提示", "部门自评总分", "财政评审总分", "检查结论", "印记", "SHA-256"]
    fractions = [3, 10, 12, 11, 6.5, 12, 8, 3.2, 3.2, 3.2, 4.2, 4.2, 11, 5.5, 9]
    widths = [usable * f / sum(fractions) for f in fractions]
    rows, shade = [], {}
    for i, (row, r) in enumerate(zip(summary_rows(result), result.files, strict=False)):
        rows.append([
            row["no"], row["file"], row["name"], " / ".join(x for x in (row["dept"], row["unit"]) if x), row["years"],
            row["amounts"].replace("；", "\n"), _money(row["total"]), row["errors"], row["warnings"], row["infos"],
            "" if row["self_total"] is None else f"{row['self_total']:.2f}",
            "" if row["finance_total"] is None else f"{row['finance_total']:.2f}",
            conclusion(r), row["seal"], _wrap_hash(row["sha256"]),
        ])
        if not r.readable:
            shade[i] = colors.HexColor("#E2E3E5")
        elif r.errors:
            shade[i] = colors.HexColor("#F8D7DA")
    story += _table(header, rows, widths, st, numeric={0, 6, 7, 8, 9, 10, 11}, shade=shade,
                    plain={0, 7, 8, 9, 10, 11})

    # the findings of each submission, under a heading naming it
    story.append(_p("二、检查结果明细", st["h2"]))
    header = ["严重程度", "规则", "单元格 / 字段", "说明"]
    fractions = [5, 6, 24, 65]
    widths = [usable * f / sum(fractions) for f in fractions]
    groups: dict[int, list[dict]] = {}
    for row in detail_rows(result):
        groups.setdefault(row["no"], []).append(row)
    if not groups:
        story.append(_p("没有检查结果。", st["text"]))
    for no, group in groups.items():
        r = result.files[no - 1]
        title = f"{no}. {r.path.name}"
        if r.summary is not None and r.summary.name:
            title += f"　{r.summary.name}"
        if r.readable:
            title += f"　（错误 {r.errors}，警告 {r.warnings}，提示 {r.infos}）"
        story.append(_p(title, st["h3"]))
        rows, shade = [], {}
        for i, row in enumerate(group):
            place = row["cell"] or ""
            if row["field"]:
                place = f"{place}\n{row['field']}" if place else row["field"]
            if row["table"] and not row["cell"]:
                place = f"{row['table']}\n{place}" if place else row["table"]
            rows.append([row["severity"], row["rule"], place, row["message"]])
            if row["severity"] in ("错误", "无法读取"):
                shade[i] = colors.HexColor("#F8D7DA" if row["severity"] == "错误" else "#E2E3E5")
        story += _table(header, rows, widths, st, shade=shade, plain={0, 1})

    # duplicates
    story.append(_p("三、重复与雷同", st["h2"]))
    dups = duplicate_rows(result)
    if dups:
        fractions = [10, 12, 78]
        widths = [usable * f / sum(fractions) for f in fractions]
        story += _table(["类型", "涉及申报（序号）", "说明"], [[d["kind"], d["files"], d["message"]] for d in dups], widths, st)
    else:
        story.append(_p("未发现跨申报的重复或雷同。", st["text"]))

    def footer(canvas, doc):
        canvas.saveState()
        canvas.setFont(font, 8)
        canvas.drawRightString(page[0] - 12 * mm, 7 * mm, f"第 {doc.page} 页    {info.title}    {info.made}")
        canvas.restoreState()

    try:
        doc = SimpleDocTemplate(str(path), pagesize=page, leftMargin=12 * mm, rightMargin=12 * mm,
                                topMargin=12 * mm, bottomMargin=12 * mm, title=info.title, author="项目预算申报助手")
        doc.build(story, onFirstPage=footer, onLaterPages=footer)
    except OSError as exc:
        raise UserError(f"无法写出报告“{path.name}”：{exc.strerror or exc}") from None
    return warning


def _wrap_hash(digest: str) -> str:
    """A SHA-256 in four lines of 16 characters, so that the narrow column needs no hyphenation."""
    return "\n".join(digest[i:i + 16] for i in range(0, len(digest), 16))
