"""``budgetforms verify``: is this workbook or PDF the copy the app exported? The seal itself (the
digest, where it is written, how it is read back) is :mod:`forms.seal`; this module compares what a
file says now with what it was sealed with, reading the workbook through the importer and
rendering the PDF again. It sits above the import and the PDF export, which both write seals, so
that the seal module needs neither."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .model import Submission
from .seal import CHANGED, NONE, SAME, Difference, _as_written, differences, digest, read_pdf_seal, read_workbook_seal, short, submission_of


@dataclass
class Verdict:
    """What ``budgetforms verify`` says: exit code 0 (与导出时一致), 1 (导出后被改动) or 2 (无印记,
    unreadable), a headline and the lines under it."""

    code: int
    headline: str
    lines: list[str]
    differences: list[Difference]


def _changed(diffs: list[Difference], extra: list[str] | None = None) -> Verdict:
    lines = list(extra or []) + [d.line() for d in diffs]
    n = len(diffs) or len(lines)
    return Verdict(1, f"{CHANGED}（{n} 处）", lines, diffs)


def verify_workbook(path: Any, against: Submission | None = None) -> Verdict:
    """Compare the workbook's cells, read by the importer, with the content it was sealed with
    (and with *against*, a project file's submission, when given)."""
    from .errors import UserError
    from .xlsx.import_ import import_workbook  # the import reads the cells as it reads any workbook

    try:
        result = import_workbook(path)
    except UserError as exc:
        return Verdict(2, f"无法读取：{exc}", [], [])
    found = read_workbook_seal(path)
    if found is None:
        return Verdict(2, NONE, ["这个工作簿不是本程序导出的，或印记已被删除"], [])
    if not found.intact:
        return Verdict(1, f"{CHANGED}（印记部分）", ["工作簿中的印记与它保存的导出内容不符：印记部分被改动过"], [])
    try:
        sealed = submission_of(found.content)
    except (ValueError, TypeError):
        return Verdict(1, f"{CHANGED}（印记部分）", ["工作簿中保存的导出内容无法识别"], [])
    diffs = differences(_as_written(sealed), _as_written(result.submission), result.cells)
    extra: list[str] = []
    if against is not None and digest(against) != found.digest:
        extra.append(f"工作簿导出时的内容与项目文件不同（印记 {short(found.digest)}，项目文件 {short(digest(against))}）")
        extra += [f"项目文件 → 导出时：{d.line()}" for d in differences(against, sealed)]
    if diffs or extra:
        return _changed(diffs, extra) if diffs else Verdict(1, CHANGED, extra, [])
    return Verdict(0, SAME, [f"印记 {short(found.digest)}"], [])


def verify_pdf(path: Any, against: Submission | None = None) -> Verdict:
    """Check a PDF's seal: every page carries the seal of its metadata; with *against* (a project
    file's submission) the seal must be the project's, and the pages' text must be what exporting
    the project prints now (page by page, the export date aside)."""
    try:
        found = read_pdf_seal(path)
    except ValueError as exc:
        return Verdict(2, f"无法读取：不是有效的 PDF（{exc}）", [], [])
    if found is None:
        return Verdict(2, NONE, ["这个 PDF 不是本程序导出的，或印记已被删除"], [])
    mark = short(found.digest)
    lines = [f"第 {n} 页的印记是“{f or '无'}”，不是 {mark}" for n, f in enumerate(found.footers, 1) if f != mark]
    if against is not None:
        theirs = digest(against)
        if theirs != found.digest:
            lines.append(f"PDF 导出时的内容与项目文件不同（印记 {mark}，项目文件 {short(theirs)}）")
        else:
            lines += _page_differences(found.texts, against)
    if lines:
        return Verdict(1, CHANGED, lines, [])
    return Verdict(0, SAME, [f"印记 {mark}（{len(found.footers)} 页）"], [])


_DATE_LINE = re.compile(r"导出日期：\d+年\d+月\d+日")


def _page_differences(texts: list[str], sub: Submission) -> list[str]:
    import difflib
    import io

    from pypdf import PdfReader

    from .pdf import render

    data, _ = render(sub)
    fresh = [p.extract_text() or "" for p in PdfReader(io.BytesIO(data)).pages]
    if len(fresh) != len(texts):
        return [f"PDF 有 {len(texts)} 页，项目文件导出应有 {len(fresh)} 页"]
    out = []
    for n, (old, new) in enumerate(zip(fresh, texts, strict=True), 1):
        a = _DATE_LINE.sub("", old).splitlines()
        b = _DATE_LINE.sub("", new).splitlines()
        if a == b:
            continue
        gone = [line for line in difflib.ndiff(a, b) if line.startswith(("- ", "+ "))]
        olds = [g[2:] for g in gone if g.startswith("- ")]
        news = [g[2:] for g in gone if g.startswith("+ ")]
        out.append(f"第 {n} 页：应为“{' / '.join(olds)[:120]}”，现在“{' / '.join(news)[:120]}”")
    return out


def verify(path: Any, against: Submission | None = None) -> Verdict:
    from pathlib import Path

    suffix = Path(path).suffix.lower()
    if suffix == ".pdf":
        return verify_pdf(path, against)
    if suffix in (".xlsx", ".xlsm"):
        return verify_workbook(path, against)
    return Verdict(2, f"无法核验“{Path(path).name}”：只能核验本程序导出的 .xlsx 工作簿和 .pdf", [], [])
