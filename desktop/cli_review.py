"""``budgetforms review [FOLDER] [--screenshot PNG]``: open the reviewer window (评审模式) and, with
a folder, check every received submission in it."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("review", help="评审模式：检查一个文件夹中收到的全部申报并打分",
                       description="打开评审模式：检查文件夹中收到的全部申报（.xlsx、.bfproj），列出结果，逐份查看、打分、导出报告")
    p.add_argument("folder", nargs="?", help="收到的申报所在的文件夹")
    p.add_argument("--workspace", metavar="DIR",
                   help="评审工作区文件夹（评分、意见、已审/退回标记存放处；默认是收到的文件夹旁的“<文件夹>-评审”，不能在收到的文件夹里）")
    p.add_argument("--screenshot", metavar="PNG", help="检查完成并打开第一份申报后，把窗口存为 PNG 并退出")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from .reviewer.app import run_reviewer  # Qt is loaded only for this verb

    return run_reviewer(args.folder, screenshot=args.screenshot, workspace=args.workspace)
