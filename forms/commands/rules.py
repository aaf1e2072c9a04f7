"""``budgetforms rules [--format text|json|markdown] [--pack NAME]``: the rule catalogue."""

from __future__ import annotations

import argparse
import sys


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("rules", help="列出检查规则目录",
                       description="列出全部检查规则：编号、级别、所属表、检查内容（docs/rules.md 由 --format markdown 生成）")
    p.add_argument("--format", choices=("text", "json", "markdown"), default="text", help="输出格式（默认 text）")
    p.add_argument("--pack", metavar="NAME", help="按某个规则包显示级别和是否适用，如 2021 或 2021-yunnan")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..catalogue import as_json, as_markdown, as_text
    from ..rules.packs import load_pack

    pack = load_pack(args.pack) if args.pack else None
    if args.format == "markdown":
        text = as_markdown()
    elif args.format == "json":
        text = as_json(pack)
    else:
        text = as_text(pack)
    sys.stdout.write(text)
    return 0
