"""``budgetforms gui [FILE] [--step NAME] [--screenshot PNG] [--screen WxH]``: start the desktop app."""

from __future__ import annotations

import argparse
import sys


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("gui", help="打开桌面程序", description="打开桌面程序（可直接打开一个文件）")
    p.add_argument("file", nargs="?", help="要打开的项目文件或工作簿")
    p.add_argument("--step", help="打开后显示的步骤，如 基本信息、申请金额、绩效指标")
    p.add_argument("--screenshot", metavar="PNG", help="打开、显示后把主窗口存为 PNG 并退出")
    p.add_argument("--screen", metavar="宽x高", help="按这样大小的屏幕摆放窗口（像素，如 1366x768；截图时用）")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    import os
    import re

    from .app import run_app  # Qt is loaded only for this verb

    if args.screen:
        if not re.fullmatch(r"\s*\d{3,5}\s*[xX×*]\s*\d{3,5}\s*", args.screen):
            sys.stderr.write(f"budgetforms: 屏幕大小“{args.screen}”应写成 宽x高，如 1366x768\n")
            return 2
        os.environ["BUDGETFORMS_SCREEN"] = re.sub(r"\s*[xX×*]\s*", "x", args.screen.strip())
    return run_app(args.file, step=args.step, screenshot=args.screenshot)
