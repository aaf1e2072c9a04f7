"""``budgetforms verify FILE.xlsx|FILE.pdf [--against PROJECT.bfproj]``: is this the copy the app
exported? Exit 0 与导出时一致; 1 导出后被改动, with the cells or fields that differ (old and new
values); 2 无印记 or unreadable. See :mod:`forms.verifying` (and :mod:`forms.seal`)."""

from __future__ import annotations

import argparse

from ..errors import UserError


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("verify", help="核验导出的工作簿或 PDF 的印记",
                       description="核验本程序导出的工作簿或 PDF 是否在导出后被改动：与导出时一致（退出码 0）；"
                                   "导出后被改动，列出改动的单元格或栏目及原值、现值（1）；无印记或无法读取（2）")
    p.add_argument("file", help="导出的工作簿（.xlsx）或 PDF（.pdf）")
    p.add_argument("--against", metavar="PROJECT.bfproj", help="同时与这个项目文件比较")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from .. import files, verifying

    against = files.load(args.against) if args.against else None
    try:
        verdict = verifying.verify(args.file, against)
    except UserError:
        raise
    print(f"{args.file}：{verdict.headline}")
    for line in verdict.lines:
        print(f"  {line}")
    return verdict.code
