"""``budgetforms check PATH... [--format text|json] [--pack NAME]``: check project files and received
workbooks (a folder: every submission under it, sorted: :mod:`forms.collect`).

The JSON is the contract finance bureaus script against::

    {"files": [{"path": str, "readable": bool, "error": str|null,
                "findings": [{"rule", "severity", "table", "field", "cell", "message",
                              "verified"?: {"reason", "marked_at"}}]}]}

(``verified`` only on a warning or hint the submission marks 已核实, :mod:`forms.verified`.)

Exit code 0: every file read and no error found; 1: an error found; 2: a file could not be read.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("check", help="检查申报（项目文件或收到的工作簿）",
                       description="检查一个或多个项目文件（.bfproj）或工作簿（.xlsx、.xls、.et、.ods、.xlsb）；给文件夹则检查其中全部文件。"
                                   "退出码：0 无错误，1 有错误，2 有文件无法读取")
    p.add_argument("paths", nargs="+", metavar="PATH", help="项目文件、工作簿或文件夹")
    p.add_argument("--format", choices=("text", "json"), default="text", help="输出格式（默认 text）")
    p.add_argument("--pack", metavar="NAME", help="规则包，如 2021 或 2021-yunnan（默认按项目实施年度）")
    p.add_argument("--report", metavar="OUT.xlsx|OUT.pdf",
                   help="另写出检查报告（.xlsx 或 .pdf）：汇总表（每份申报一行）、逐份检查结果、重复与雷同")
    p.add_argument("--no-cache", action="store_true",
                   help="不使用上次检查的结果：每个文件都重新读取（默认内容未变的文件直接沿用结果）")
    p.set_defaults(func=run)


def expand(paths: Iterable[str | os.PathLike[str]]) -> list[Path]:
    """Files as given; a folder becomes every submission under it, sorted, exactly as the batch
    and reviewer mode pick them (:func:`forms.checking.collect`). An empty folder stays as it is,
    so that its entry can say so."""
    from ..checking import collect

    return collect(paths, keep_empty=True)


def check_path(path: str | os.PathLike[str], *, pack: Any = None) -> dict[str, Any]:
    """One file's entry of the JSON report: :func:`forms.checking.check_file`, as JSON."""
    from ..checking import check_file

    return check_file(path, pack=pack).to_json()


def exit_code(entries: list[dict[str, Any]]) -> int:
    if any(not e["readable"] for e in entries):
        return 2
    if any(f["severity"] == "error" for e in entries for f in e["findings"]):
        return 1
    return 0


SEVERITY_LABEL = {"error": "错误", "warning": "警告", "info": "提示"}


def format_text(entries: list[dict[str, Any]]) -> str:
    lines: list[str] = []
    for e in entries:
        lines.append(f"== {e['path']}")
        if not e["readable"]:
            lines += [f"无法读取：{e['error']}", ""]
            continue
        if e.get("codes_hint"):
            lines.append(f"提示：{e['codes_hint']}")
        for f in e["findings"]:
            cell = f" [{f['cell']}]" if f.get("cell") else ""
            mark = f" （已核实：{f['verified']['reason']}）" if f.get("verified") else ""
            lines.append(f"{SEVERITY_LABEL.get(f['severity'], f['severity'])} {f['rule']} {f['table']} {f['field']}{cell}  {f['message']}{mark}")
        counts = Counter(f["severity"] for f in e["findings"])
        if e["findings"]:
            lines.append(f"共 {len(e['findings'])} 条：错误 {counts['error']}，警告 {counts['warning']}，提示 {counts['info']}")
        else:
            lines.append("未发现问题")
        lines.append("")
    if len(entries) > 1:
        unreadable = sum(not e["readable"] for e in entries)
        with_errors = sum(any(f["severity"] == "error" for f in e["findings"]) for e in entries)
        lines.append(f"检查了 {len(entries)} 个文件：{with_errors} 个有错误，{unreadable} 个无法读取")
    return "\n".join(lines).rstrip("\n") + "\n"


def run(args: argparse.Namespace) -> int:
    from ..rules.packs import load_pack

    pack = load_pack(args.pack) if args.pack else None
    paths = expand(args.paths)
    from ..batch import BATCH_MIN_FILES, check_entries  # many files or a report: all cores, per-file limits

    if getattr(args, "report", None) or len(paths) >= BATCH_MIN_FILES:
        entries = check_entries(paths, pack=args.pack, report=args.report, cache=not getattr(args, "no_cache", False))
    else:
        entries = [check_path(p, pack=pack) for p in paths]
    if args.format == "json":
        sys.stdout.write(json.dumps({"files": entries}, ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write(format_text(entries))
    return exit_code(entries)
