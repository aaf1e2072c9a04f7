"""``budgetforms import WORKBOOK --out FILE.bfproj``: read a received workbook into a project file."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from .. import files
from ..errors import UserError


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("import", help="把 Excel 工作簿导入为项目文件",
                       description="按栏目标签读取官方版式的申报工作簿（本程序导出的或手工填写的），保存为项目文件，并列出导入时发现的问题")
    p.add_argument("workbook", help="申报工作簿（.xlsx）")
    p.add_argument("--out", required=True, metavar="FILE.bfproj", help="要写入的项目文件")
    p.add_argument("--json", action="store_true", help="以 JSON 输出导入发现的问题")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..xlsx import import_workbook

    out = Path(args.out)
    if out.suffix.lower() != files.EXTENSION:
        raise UserError(f"输出文件“{out.name}”应以 {files.EXTENSION} 结尾")
    result = import_workbook(args.workbook)
    files.save(result.submission, out)
    findings = sorted(result.findings, key=lambda f: f.severity.rank)
    if args.json:
        print(json.dumps({"out": str(out), "findings": [f.to_json() for f in findings]}, ensure_ascii=False, indent=1))
        return 0
    for f in findings:
        where = f.cell or f.table or ""
        print(f"{f.severity.label}  {f.rule}  {where}  {f.message}")
    name = result.submission.basic.name or "（未填项目名称）"
    print(f"已导入“{name}”→ {out}（导入问题 {len(findings)} 条）")
    return 0
