"""``budgetforms codes list|search|diff|import|export``: the code lists of each budget year."""

from __future__ import annotations

import argparse
import sys

from ..errors import UserError


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("codes", help="代码表：查看、搜索、比较、导入正式代码表、导出",
                       description="各预算年度的代码表（功能科目、经济分类、采购品目、项目分类……）。"
                                   "种类用 --kind 指定，如 功能科目、部门经济分类、政府经济分类、采购品目、项目分类；默认功能科目")
    verbs = p.add_subparsers(dest="codes_verb", metavar="操作")
    verbs.required = True

    lp = verbs.add_parser("list", help="列出代码表（不指定种类时列出全部代码表及条数）")
    lp.add_argument("--year", type=int, help="预算年度（默认最新）")
    lp.add_argument("--kind", help="代码表种类，如 功能科目")
    lp.set_defaults(func=run_list)

    sp = verbs.add_parser("search", help="按编码前缀、名称或拼音首字母搜索，每行一条：编码 名称")
    sp.add_argument("text", help="编码前缀、名称中的字或拼音首字母（如 xxjy 找到 小学教育）")
    sp.add_argument("--year", type=int, help="预算年度（默认最新）")
    sp.add_argument("--kind", help="代码表种类（默认功能科目）")
    sp.set_defaults(func=run_search)

    dp = verbs.add_parser("diff", help="比较两个年度的代码表：新增、删除、改名")
    dp.add_argument("old", type=int, help="较早的年度")
    dp.add_argument("new", type=int, help="较晚的年度")
    dp.add_argument("--kind", help="代码表种类（默认功能科目）")
    dp.set_defaults(func=run_diff)

    ip = verbs.add_parser("import", help="导入财政部门的正式代码表（工作簿或本程序导出的 .json）")
    ip.add_argument("file", help="工作簿（编码、名称两列，或类、款、项、科目名称列）或导出的 .json 文件")
    ip.add_argument("--year", type=int, help="预算年度（工作簿必填）")
    ip.add_argument("--kind", help="代码表种类（默认功能科目）")
    ip.set_defaults(func=run_import)

    ep = verbs.add_parser("export", help="把一个代码表导出为一个文件（.json 给各部门加载，或 .xlsx）")
    ep.add_argument("out", help="输出文件（.json 或 .xlsx）")
    ep.add_argument("--year", type=int, help="预算年度（默认最新）")
    ep.add_argument("--kind", help="代码表种类（默认功能科目）")
    ep.set_defaults(func=run_export)


def _hint(lists) -> None:
    hint = lists.hint()
    if hint:
        sys.stderr.write(f"提示：{hint}\n")


def run_list(args: argparse.Namespace) -> int:
    from ..codes import DERIVED, code_lists, kind_key

    lists = code_lists(args.year)
    _hint(lists)
    out = sys.stdout
    if not args.kind:
        out.write(f"{lists.requested or lists.year} 年：{lists.status_text()}\n")
        for key, cl in lists.lists.items():
            if key in DERIVED:
                continue
            origin = "导入" if cl.origin == "imported" else "内置"
            state = "完整" if cl.complete else "未核实完整"
            levels = ""
            if cl.levels:
                counts = [len(cl.at_level(i)) for i in range(len(cl.levels))]
                levels = "（" + "、".join(str(n) for n in counts) + "）" if len(counts) > 1 else ""
            out.write(f"{cl.kind:<10}\t{key:<20}\t{len(cl):>5} 条{levels}\t{cl.data_year} 年{origin}，{state}\n")
        for key, pairs in lists.pairs.items():
            out.write(f"{'经济分类对照表':<10}\t{key:<20}\t{len(pairs):>5} 个部门经济分类款\n")
        return 0
    key = kind_key(args.kind, lists)
    if key in lists.pairs:
        for dept, govs in lists.pairs[key].items():
            out.write(f"{dept} {lists['econ_dept'].names.get(dept, '')} → {'、'.join(govs)}\n")
        return 0
    cl = lists[key]
    if cl.names:
        for code, name in cl.names.items():
            out.write(f"{code} {name}\n")
    elif cl.tree:
        for top, subs in cl.tree.items():
            out.write(f"{top}：{'、'.join(subs)}\n")
    else:
        for value in cl.values:
            out.write(f"{value}\n")
    return 0


def run_search(args: argparse.Namespace) -> int:
    from ..codes import code_lists, kind_key

    lists = code_lists(args.year)
    _hint(lists)
    key = kind_key(args.kind, lists)
    if key in lists.pairs:
        raise UserError("对照表不能搜索：请用 codes list --kind 对照表 查看")
    cl = lists[key]
    if not cl.coded:
        hits = [v for v in cl.choices() if args.text.strip() in v]
    else:
        hits = [f"{e.code} {e.name}" for e in cl.search(args.text)]
    for line in hits:
        sys.stdout.write(f"{line}\n")
    if not hits:
        sys.stderr.write(f"{cl.title}中没有与“{args.text}”相符的编码\n")
        return 1
    return 0


def run_diff(args: argparse.Namespace) -> int:
    from ..codes import code_lists, kind_key

    old, new = code_lists(args.old), code_lists(args.new)
    key = kind_key(args.kind, new)
    if key in new.pairs:
        raise UserError("对照表不能比较：请用 codes list --kind 对照表 --year 年度 分别查看")
    a, b = old[key], new[key]
    if not a.coded:
        added = [v for v in b.choices() if v not in a.choices()]
        removed = [v for v in a.choices() if v not in b.choices()]
        renamed: list[tuple[str, str, str]] = []
    else:
        added = [f"{c} {n}" for c, n in b.names.items() if c not in a.names]
        removed = [f"{c} {n}" for c, n in a.names.items() if c not in b.names]
        renamed = [(c, a.names[c], n) for c, n in b.names.items() if c in a.names and a.names[c] != n]
    out = sys.stdout
    out.write(f"{b.title}：{args.old} 年（{old.describe(key)}）→ {args.new} 年（{new.describe(key)}）\n")
    for line in added:
        out.write(f"+ {line}\n")
    for line in removed:
        out.write(f"- {line}\n")
    for code, was, now in renamed:
        out.write(f"~ {code} {was} → {now}\n")
    out.write(f"新增 {len(added)}，删除 {len(removed)}，改名 {len(renamed)}\n")
    return 0


def run_import(args: argparse.Namespace) -> int:
    from ..codes import code_lists
    from ..codes.exchange import import_file

    loaded = import_file(args.file, year=args.year, kind=args.kind)
    cl = code_lists(loaded.year)[loaded.key]
    counts = ""
    if cl.levels and len(cl.levels) > 1:
        names = ("类", "款", "项") if loaded.key in ("function", "econ_dept", "econ_gov") else tuple(f"第{i + 1}级" for i in range(len(cl.levels)))
        counts = "（" + "、".join(f"{names[i]} {len(cl.at_level(i))}" for i in range(len(cl.levels))
                               if cl.at_level(i)) + "）"
    verb = "替换了原先导入的" if loaded.replaced else "导入"
    sys.stdout.write(f"已{verb} {loaded.year} 年{cl.kind}代码表 {len(loaded.codes)} 条{counts}，保存在 {loaded.path}\n"
                     f"{loaded.year} 年及以后没有更新代码表的年度的申报将使用这份正式代码表\n")
    return 0


def run_export(args: argparse.Namespace) -> int:
    from ..codes import code_lists, kind_key
    from ..codes.exchange import export_list

    lists = code_lists(args.year)
    _hint(lists)
    key = kind_key(args.kind, lists)
    out = export_list(lists, key, args.out)
    cl = lists[key]
    sys.stdout.write(f"已导出{cl.kind}代码表 {len(cl)} 条（{lists.describe(key)}）到 {out}\n")
    return 0
