"""``budgetforms policy``: the policy library on the command line.

    budgetforms policy list                 the documents: id, date, clauses, title
    budgetforms policy search "外贸"        clauses ranked, the words found in 【】 (or colour)
    budgetforms policy show ID              one document's clauses
    budgetforms policy suggest FILE         the clauses that bear on a submission
    budgetforms policy add FILE             copy a .txt/.md/.docx into the library
    budgetforms policy remove ID            delete a document the user added
"""

from __future__ import annotations

import argparse
import os
import sys

from ..errors import UserError

ANSI_ON, ANSI_OFF = "\033[1;31m", "\033[0m"


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("policy", help="政策库：检索、列出、加入政策文件",
                       description="政策库：随软件提供的政策文件和用户加入的文件，按条款检索、引用")
    verbs = p.add_subparsers(dest="policy_verb", metavar="操作", parser_class=type(p))
    verbs.required = True

    v = verbs.add_parser("list", help="列出政策库中的文件")
    v.set_defaults(func=run_list)

    v = verbs.add_parser("search", help="按关键词检索条款（中文或英文）")
    v.add_argument("query", help="关键词，如 外贸、高标准农田、foreign trade")
    v.add_argument("-n", "--limit", type=int, default=10, help="最多显示多少条（默认 10）")
    v.add_argument("--color", choices=("auto", "always", "never"), default="auto",
                   help="命中词用颜色标出（默认：输出到终端时）；否则用【】")
    v.set_defaults(func=run_search)

    v = verbs.add_parser("show", help="显示一份文件的条款")
    v.add_argument("id", help="文件编号（见 policy list）")
    v.set_defaults(func=run_show)

    v = verbs.add_parser("suggest", help="为一份申报推荐相关的政策条款")
    v.add_argument("file", help="项目文件（.bfproj）或工作簿（.xlsx）")
    v.add_argument("-n", "--limit", type=int, default=10, help="最多显示多少条（默认 10）")
    v.add_argument("--color", choices=("auto", "always", "never"), default="auto")
    v.set_defaults(func=run_suggest)

    v = verbs.add_parser("add", help="把 .txt、.md 或 .docx 政策文件加入政策库（复制到数据文件夹）")
    v.add_argument("file")
    v.set_defaults(func=run_add)

    v = verbs.add_parser("remove", help="从政策库删除用户加入的文件")
    v.add_argument("id")
    v.set_defaults(func=run_remove)


def _library():
    from ..policy import Library

    return Library.open()


def _doc_line(d) -> str:
    when = d.date.isoformat() if d.date else "日期不详"
    source = "随附" if d.source == "seed" else "用户"
    return f"{d.id}  {when}  {source}  {len(d.numbered()):>3} 条  {d.title}"


def run_list(args: argparse.Namespace) -> int:
    lib = _library()
    if not lib.documents:
        print("政策库是空的：用 budgetforms policy add 文件 加入政策文件")
    for d in lib.documents:
        print(_doc_line(d))
        if d.issuer:
            print(f"    {d.issuer}")
    for s in lib.skipped:
        print(f"（未收录 {os.path.basename(s.path)}：{s.reason}）")
    return 0


def _color(choice: str) -> bool:
    if choice == "always":
        return True
    if choice == "never":
        return False
    return sys.stdout.isatty() and os.environ.get("NO_COLOR") is None and os.environ.get("TERM") != "dumb"


def _print_hits(hits, color: bool) -> None:
    before, after = (ANSI_ON, ANSI_OFF) if color else ("【", "】")
    for n, h in enumerate(hits, 1):
        print(f"{n:>2}. 《{h.document.title}》{h.clause_label}  {h.clause.title}".rstrip())
        print(f"    {h.marked(before, after)}")
        print(f"    [{h.document.id} · {h.clause.id} · 得分 {h.score:g}]")


def _limit(n: int) -> int:
    if n < 1:
        raise UserError("-n 须为正整数")
    return n


def run_search(args: argparse.Namespace) -> int:
    limit = _limit(args.limit)
    if not args.query.strip():
        raise UserError("请给出检索词，如：budgetforms policy search 外贸")
    hits = _library().search(args.query, limit)
    if not hits:
        print(f"政策库中没有与“{args.query}”相关的条款")
        return 1
    _print_hits(hits, _color(args.color))
    return 0


def run_show(args: argparse.Namespace) -> int:
    lib = _library()
    d = lib.get(args.id)
    if d is None:
        raise UserError(f"政策库中没有编号为“{args.id}”的文件（用 budgetforms policy list 查看）")
    print(_doc_line(d))
    if d.issuer:
        print(f"发文机关  {d.issuer}")
    for c in d.clauses:
        if c.number:
            print(f"{'    ' * c.level}{c.number} {c.title}")
    return 0


def run_suggest(args: argparse.Namespace) -> int:
    from ..documents import open_document
    from ..policy import suggest

    limit = _limit(args.limit)
    sub = open_document(args.file).submission
    hits = suggest(_library(), sub, limit)
    if not hits:
        print("没有可推荐的条款（申报的项目名称、建设内容、受益对象都是空的，或政策库中没有相关文件）")
        return 1
    _print_hits(hits, _color(args.color))
    return 0


def run_add(args: argparse.Namespace) -> int:
    d = _library().add(args.file)
    print(f"已加入政策库：{_doc_line(d)}")
    return 0


def run_remove(args: argparse.Namespace) -> int:
    d = _library().remove(args.id)
    print(f"已从政策库删除：{d.title or d.id}")
    return 0
