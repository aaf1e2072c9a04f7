"""``budgetforms export FILE [--xlsx OUT] [--pdf OUT]`` and ``budgetforms export --template OUT.xlsx``."""

from __future__ import annotations

import argparse
import sys

from ..documents import open_document
from ..errors import UserError


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("export", help="导出 Excel 工作簿或 PDF",
                       description="把一份申报导出为 Excel 工作簿（官方版式）和/或可打印的 PDF；或导出空白模板")
    p.add_argument("file", nargs="?", help="项目文件（.bfproj）或工作簿（.xlsx）")
    p.add_argument("--xlsx", metavar="OUT.xlsx", help="导出 Excel 工作簿")
    p.add_argument("--pdf", metavar="OUT.pdf", help="导出 PDF")
    p.add_argument("--template", metavar="OUT.xlsx", help="导出带下拉选项的空白模板（不需要 FILE）")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if not (args.xlsx or args.pdf or args.template):
        raise UserError("请指定 --xlsx OUT、--pdf OUT 或 --template OUT")
    if args.template:
        from ..xlsx import write_template

        write_template(args.template)
        print(f"已导出空白模板：{args.template}")
    if args.xlsx or args.pdf:
        if not args.file:
            raise UserError("请指定要导出的项目文件")
        submission = open_document(args.file).submission
        if args.xlsx:
            from ..xlsx import export_workbook

            export_workbook(submission, args.xlsx)
            print(f"已导出 Excel：{args.xlsx}")
        if args.pdf:
            from ..pdf import export_pdf
            from ..rules import Severity, check

            errors = sum(1 for f in check(submission) if f.severity is Severity.ERROR)
            info = export_pdf(submission, args.pdf, draft=errors > 0)  # a draft until it is clean
            draft = f"；检查仍有 {errors} 个错误，每页标有“草稿”" if errors else ""
            print(f"已导出 PDF：{args.pdf}（字体：{info.font_name}{draft}）")
            if info.warning:
                sys.stderr.write(f"budgetforms: 警告：{info.warning}\n")
    return 0
