"""Codes checked against the year's code lists (CODE-01 the 功能科目, CODE-06 the 采购品目, CODE-07 and
CODE-08 the 明细表's classifications and the 部门↔政府 对照表).

How sure a finding is follows the list: a code missing from an official list (imported by the
finance bureau, marked complete) is an error; missing from a shipped list that is not marked
complete, it is a warning (the code may be right and the list short). A name that differs from the
list's is a warning either way. Each finding suggests the nearest codes of the list.

The code lists are those of the budget year, so each rule reads ``basic.budget_year`` besides its
own fields; an imported list is a new :class:`~forms.codes.CodeLists`, after which the incremental
checker runs every rule again.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..codes import IMPORTED, CodeList
from .engine import Context, Finding, Severity, rule

BASIC = "项目基本信息表"
SUGGESTIONS = 5


def official(cl: CodeList) -> bool:
    """A list a finding may treat as the last word: imported and marked complete."""
    return cl.origin == IMPORTED and cl.complete


def _suggest(cl: CodeList, codes: list[str]) -> str:
    return "、".join(f"{c} {cl.names[c]}" for c in codes)


def _unsure(cl: CodeList) -> str:
    return "" if official(cl) else "；内置代码表未核实完整，确认编码无误时可忽略，或导入当年的正式代码表"


@rule("CODE-01", Severity.ERROR, BASIC,
      "功能科目是当年科目表中的 7 位“项”且名称相符（内置代码表未核实完整时为警告）",
      reads=("basic.budget_year", "basic.function_subject"))
def code_function_subject(ctx: Context) -> Iterator[Finding]:
    """功能科目 is coded to 项 (预算法实施条例 第四十条): 7 digits, 类(3)+款(2)+项(2), a 项 of the year's
    支出功能分类 list, with the name that list gives it. A code the list lacks is an error against an
    official (imported, complete) list and a warning against a shipped list not marked complete;
    the finding names the nearest 项 (same name, same 款, same 类). A wrong name is a warning."""
    fs = ctx.submission.basic.function_subject
    code, name = fs.code.strip(), fs.name.strip()
    field = "basic.function_subject"
    if not code and not name:
        yield ctx.finding(field, "功能科目未填写：请填写 7 位科目编码和名称，如 2011304 对外贸易管理")
        return
    tree = ctx.codes["function"]
    if not re.fullmatch(r"\d{7}", code):
        by_name = [c for c, n in tree.at_level(2).items() if name and n == name][:SUGGESTIONS]
        below = [c for c in tree.children(code)][:SUGGESTIONS] if code in tree.names else []
        if by_name:
            like = f"，名称为“{name}”的项有 {_suggest(tree, by_name)}"
        elif below:
            like = f"，{code} {tree.names[code]} 下的项有 {_suggest(tree, below)}"
        else:
            like = "，如 2011304"
        yield ctx.finding(field, f"功能科目编码“{code}”不是 7 位数字：项目支出应编列到“项”（类3位+款2位+项2位）{like}")
        return
    severity = None if official(tree) else Severity.WARNING
    where = ctx.codes.describe("function")
    if code not in tree.names:
        near = tree.nearest(code, name, count=SUGGESTIONS)
        head = f"功能科目 {code}{(' ' + name) if name else ''} 不在 {where}中"
        if code[:3] not in tree.names:
            head += f"（没有类 {code[:3]}）"
        elif code[:5] not in tree.names:
            head += f"（{code[:3]} {tree.names[code[:3]]} 下没有款 {code[:5]}）"
        hint = f"：相近的有 {_suggest(tree, near)}，请选择正确的项" if near else "：请核对编码"
        yield ctx.finding(field, head + hint + _unsure(tree), severity=severity)
        return
    expected = tree.names[code]
    if name and name != expected:
        yield ctx.finding(field, f"功能科目 {code} 的名称应为“{expected}”（{tree.path_text(code)}），而不是“{name}”：请核对编码或名称",
                          severity=Severity.WARNING)


_CATALOGUE_CODE = re.compile(r"([ABCabc](?:\d{2}){1,4})(?:\s+(.*))?")


@rule("CODE-06", Severity.ERROR, "项目政府采购表",
      "采购品目编码在当年政府采购品目分类目录中且名称相符（内置目录未核实完整时只核对名称）",
      reads=("basic.budget_year", "procurement"))
def code_procurement_items(ctx: Context) -> Iterator[Finding]:
    """A 政府采购目录 written as a catalogue code (``A02010104 台式计算机``, 政府采购品目分类目录 2022)
    is a code of the year's catalogue with its name. Against an official (imported, complete)
    catalogue a code it lacks is an error, with the nearest codes; the shipped catalogue holds only
    its upper levels, so against it only a name that differs from a code it holds is flagged (a
    warning). A bare 货物 A / 工程 B / 服务 C is PROC-02's."""
    catalogue = ctx.codes["procurement_items"]
    for i, item in enumerate(ctx.submission.procurement.items):
        m = _CATALOGUE_CODE.fullmatch(item.catalogue.strip())
        if not m:
            continue
        code, name = m[1].upper(), (m[2] or "").strip()
        where = f"第{i + 1}行“{item.name or '（未命名）'}”"
        field = f"procurement.items[{i}].catalogue"
        if code not in catalogue.names:
            if official(catalogue):
                near = catalogue.nearest(code, name, count=SUGGESTIONS)
                hint = f"：相近的有 {_suggest(catalogue, near)}，请选择正确的品目" if near else "：请核对品目编码"
                yield ctx.finding(field, f"{where}的采购品目 {code} 不在 {ctx.codes.describe('procurement_items')}中{hint}")
            continue
        expected = catalogue.names[code]
        if name and name != expected:
            yield ctx.finding(field, f"{where}的采购品目 {code} 的名称应为“{expected}”（{catalogue.path_text(code)}），"
                                     f"而不是“{name}”：请核对品目编码或名称", severity=Severity.WARNING)


DETAIL = "项目支出预算明细表"
_DETAIL_CODES = (
    ("function_subject", "function", "支出功能分类"),
    ("dept_economic", "econ_dept", "部门预算支出经济分类"),
    ("gov_economic", "econ_gov", "政府预算支出经济分类"),
)


@rule("CODE-07", Severity.ERROR, DETAIL,
      "明细行的支出功能分类和两种经济分类是当年代码表中的编码且名称相符（内置代码表未核实完整时为警告）",
      reads=("basic.budget_year", "detail"))
def code_detail_lines(ctx: Context) -> Iterator[Finding]:
    """Each line of the 明细表 codes its 支出功能分类 (项), 部门预算支出经济分类 and 政府预算支出经济分类 (款)
    with codes of the year's lists, with their names. A code a list lacks is an error against an
    official list and a warning against a shipped one not marked complete, with the nearest codes;
    a wrong name is a warning. Codes of the wrong shape are DETAIL-04's."""
    for i, line in enumerate(ctx.submission.detail.lines):
        if line.is_blank():
            continue
        for attr, key, label in _DETAIL_CODES:
            value = getattr(line, attr)
            code, name = value.code.strip(), value.name.strip()
            if not re.fullmatch(r"\d{7}" if key == "function" else r"\d{5}", code):
                continue
            cl = ctx.codes[key]
            field = f"detail.lines[{i}].{attr}"
            where = f"明细第{i + 1}行的{label}"
            if code not in cl.names:
                near = cl.nearest(code, name, count=SUGGESTIONS)
                hint = f"：相近的有 {_suggest(cl, near)}，请选择正确的编码" if near else "：请核对编码"
                yield ctx.finding(field, f"{where} {code}{(' ' + name) if name else ''} 不在 {ctx.codes.describe(key)}中"
                                         f"{hint}{_unsure(cl)}", severity=None if official(cl) else Severity.WARNING)
            elif name and name != cl.names[code]:
                yield ctx.finding(field, f"{where} {code} 的名称应为“{cl.names[code]}”（{cl.path_text(code)}），"
                                         f"而不是“{name}”：请核对编码或名称", severity=Severity.WARNING)


@rule("CODE-08", Severity.WARNING, DETAIL, "明细行的部门与政府预算支出经济分类按对照表对应",
      reads=("basic.budget_year", "detail"))
def code_detail_pairs(ctx: Context) -> Iterator[Finding]:
    """A 部门预算支出经济分类 款 goes with the 政府预算支出经济分类 款 that the year's 对照表 gives it
    (《部门预算支出经济分类科目与政府预算支出经济分类科目对照表》). Lines of 513 上下级政府间转移性支出 are
    transfers, which the 部门 classification has no 类 for: DETAIL-16 checks them against the
    对下转移支付 table instead. Codes missing from either list are CODE-07's."""
    allowed = ctx.codes.pairs.get("econ_map", {})
    dept_list, gov_list = ctx.codes["econ_dept"], ctx.codes["econ_gov"]
    for i, line in enumerate(ctx.submission.detail.lines):
        dept, gov = line.dept_economic.code.strip(), line.gov_economic.code.strip()
        if line.is_blank() or dept not in allowed or gov not in gov_list.names or gov.startswith("513"):
            continue
        if gov not in allowed[dept]:
            fits = "、".join(f"{g} {gov_list.names.get(g, '')}".strip() for g in allowed[dept])
            yield ctx.finding(f"detail.lines[{i}].gov_economic",
                              f"明细第{i + 1}行：部门经济分类 {dept} {dept_list.names.get(dept, '')} 按对照表应对应政府经济分类 {fits}，"
                              f"而不是 {gov} {gov_list.names[gov]}：请改正其中一个编码")
