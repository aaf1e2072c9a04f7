"""What a batch report says, as rows of values, shared by the workbook and the PDF writers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from ..model import TABLE_NAMES, format_money

SEVERITY_LABELS = {"error": "错误", "warning": "警告", "info": "提示"}

SUMMARY_COLUMNS: tuple[tuple[str, str, float], ...] = (
    # key, header, width in characters (xlsx)
    ("no", "序号", 6),
    ("file", "文件", 28),
    ("name", "项目名称", 30),
    ("main_code", "项目主码", 16),
    ("dept", "主管部门", 18),
    ("unit", "基层项目单位", 20),
    ("years", "实施年度", 11),
    ("amounts", "各年申请金额(元)", 24),
    ("total", "申请金额合计(元)", 18),
    ("errors", "错误", 7),
    ("warnings", "警告", 7),
    ("infos", "提示", 7),
    ("self_total", "部门自评总分", 12),
    ("finance_total", "财政评审总分", 12),
    ("status", "检查结论", 30),
    ("seal", "印记", 18),
    ("sha256", "SHA-256", 18),
)

DETAIL_COLUMNS: tuple[tuple[str, str, float], ...] = (
    ("no", "序号", 6),
    ("file", "文件", 26),
    ("name", "项目名称", 26),
    ("severity", "严重程度", 9),
    ("rule", "规则", 10),
    ("table", "表", 22),
    ("cell", "单元格", 22),
    ("field", "字段", 28),
    ("message", "说明", 70),
)

DUPLICATE_COLUMNS: tuple[tuple[str, str, float], ...] = (
    ("kind", "类型", 14),
    ("files", "涉及申报（序号）", 18),
    ("message", "说明", 110),
)


@dataclass
class Overview:
    title: str
    made: str
    files: int
    unreadable: int
    with_errors: int
    clean: int
    duplicates: int
    cancelled: bool

    def lines(self) -> list[str]:
        out = [
            f"共 {self.files} 个文件：无法读取 {self.unreadable} 个，有错误 {self.with_errors} 个，"
            f"无错误 {self.clean} 个；跨申报重复或雷同 {self.duplicates} 处。",
            f"生成时间：{self.made}",
        ]
        if self.cancelled:
            out.append("注意：检查被中途取消，本报告只含已检查的文件。")
        return out


def overview(result) -> Overview:
    clean = sum(1 for f in result.files if f.readable and not f.errors)
    return Overview(
        title="项目支出预算申报批量检查报告",
        made=datetime.now().strftime("%Y-%m-%d %H:%M"),
        files=len(result.files),
        unreadable=result.unreadable,
        with_errors=result.with_errors,
        clean=clean,
        duplicates=len(result.duplicates),
        cancelled=result.cancelled,
    )


def _score(value: Decimal | None) -> Decimal | None:
    return None if value is None else value.quantize(Decimal("0.01"))


def conclusion(r) -> str:
    if not r.readable:
        return f"无法读取：{r.error}"
    if r.errors:
        return f"有 {r.errors} 个错误，需退回修改"
    verified = verified_count(r, "warning")
    if r.warnings > verified:
        tail = f"（另 {verified} 个已核实）" if verified else ""
        return f"无错误，有 {r.warnings - verified} 个警告待核实{tail}"
    if verified:
        return f"通过（{verified} 个警告已核实）"
    return "通过"


def verified_count(r, severity: str | None = None) -> int:
    """How many of a file's findings an 已核实 mark covers (of *severity*, or all)."""
    return sum(1 for f in r.findings if f.get("verified") and (severity is None or f.get("severity") == severity))


def verified_label(severity: str, finding: dict[str, Any]) -> str:
    label = SEVERITY_LABELS.get(severity, severity or "")
    return f"{label}（已核实）" if finding.get("verified") else label


def verified_message(finding: dict[str, Any]) -> str:
    """The message, with the reason of the 已核实 mark (or of an outdated one) after it."""
    message = finding.get("message") or ""
    if finding.get("verified"):
        return f"{message}【已核实：{finding['verified'].get('reason', '')}】"
    if finding.get("verified_outdated"):
        return f"{message}【曾核实，内容已改动，需重新核实：{finding['verified_outdated'].get('reason', '')}】"
    return message


def summary_rows(result) -> list[dict[str, Any]]:
    """One row per file: text, or Decimal/int for the money, counts and scores."""
    rows = []
    for no, r in enumerate(result.files, 1):
        s = r.summary
        row: dict[str, Any] = {
            "no": no, "file": r.path.name, "errors": r.errors, "warnings": r.warnings, "infos": r.infos,
            "status": conclusion(r), "sha256": r.sha256, "seal": "",
            "name": "", "main_code": "", "dept": "", "unit": "", "years": "", "amounts": "",
            "total": None, "self_total": None, "finance_total": None,
        }
        if s is not None:
            row.update(
                name=s.name, main_code=s.main_code, dept=s.competent_dept, unit=s.unit_name, years=s.years_text,
                amounts="；".join(f"{y}年 {format_money(v)}" for y, v in s.funding),
                total=s.total_amount if s.funding else None,
                self_total=_score(s.self_total), finance_total=_score(s.finance_total),
                seal=getattr(s, "seal", ""),
            )
        rows.append(row)
    return rows


def table_label(table: str) -> str:
    return TABLE_NAMES.get(table, table)


def detail_rows(result) -> list[dict[str, Any]]:
    """The findings of each submission in turn (errors first, as the checker orders them); an
    unreadable file has one row saying why."""
    rows = []
    for no, r in enumerate(result.files, 1):
        name = r.summary.name if r.summary else ""
        base = {"no": no, "file": r.path.name, "name": name}
        if not r.readable:
            rows.append({**base, "severity": "无法读取", "rule": "", "table": "", "cell": "", "field": "", "message": r.error})
            continue
        for f in r.findings:
            rows.append({
                **base,
                "severity": verified_label(f.get("severity"), f),
                "rule": f.get("rule") or "",
                "table": table_label(f.get("table") or ""),
                "cell": f.get("cell") or "",
                "field": f.get("field") or "",
                "message": verified_message(f),
            })
    return rows


def duplicate_rows(result) -> list[dict[str, Any]]:
    return [
        {"kind": d.label, "files": "、".join(str(i + 1) for i in d.files), "message": d.message}
        for d in result.duplicates
    ]
