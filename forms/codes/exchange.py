"""Loading an official code list and passing it on: ``budgetforms codes import`` / ``export``.

A workbook is read by its header row: a 编码 column and a 名称 column, or 类 / 款 / 项 columns
as 财政部 publishes the 政府收支分类科目 (``201`` | ``01`` | ``01`` | 行政运行, the 类 and 款 carried
down from the rows above). Everything is checked before anything is written: code shapes, each
code under an existing parent, duplicates and conflicts, each named by its row. A workbook with
any problem is refused whole; a good one is written atomically into the data folder.

An exported list is one JSON file (kind, year, codes) that departments load the same way.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from ..errors import UserError
from . import IMPORTED, TREES, CodeList, CodeLists, code_lists, imported_dir, kind_key, reload, write_atomic

FORMAT = "budgetforms-codes"
MAX_SHOWN = 20

CODE_HEADERS = ("编码", "科目编码", "代码", "分类编码", "品目编码", "code")
NAME_HEADERS = ("名称", "科目名称", "分类名称", "品目名称", "name")
LEVEL_HEADERS = ("类", "款", "项")

_SHAPES = {
    "function": (re.compile(r"\d{3}(\d{2}){0,2}"), "3 位（类）、5 位（款）或 7 位（项）数字"),
    "econ_dept": (re.compile(r"\d{3}(\d{2})?"), "3 位（类）或 5 位（款）数字"),
    "econ_gov": (re.compile(r"\d{3}(\d{2})?"), "3 位（类）或 5 位（款）数字"),
    "procurement_items": (re.compile(r"[ABC](\d{2}){0,4}"), "A/B/C 加 0–8 位数字（每级 2 位）"),
}


@dataclass
class Loaded:
    key: str
    year: int
    codes: dict[str, str]
    path: Path
    replaced: bool


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).replace("\u3000", " ").strip()


def _code_text(text: str) -> str:
    """A code as typed: full-width digits and letters made plain, spaces dropped."""
    return unicodedata.normalize("NFKC", text).replace(" ", "")


def _rows(path: Path) -> list[tuple[int, list[str]]]:
    """(row number as the user sees it, cell texts) for the first sheet that has a header row."""
    from python_calamine import CalamineWorkbook

    try:
        wb = CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine raises its own types for every unreadable file
        raise UserError(f"无法读取代码表工作簿“{path.name}”：{exc}（请用 .xlsx、.xls 或 .ods 格式）") from None
    for name in wb.sheet_names:
        try:
            data = wb.get_sheet_by_name(name).to_python(skip_empty_area=False)
        except Exception:
            continue
        rows = [[_cell_text(v) for v in row] for row in data]
        if _find_header(rows) is not None:
            return [(i + 1, r) for i, r in enumerate(rows)]
    return []


def _find_header(rows: list[list[str]]) -> tuple[int, dict[str, int]] | None:
    """The header row and its columns: a 类/款/项 row first (财政部's two-row header, 科目名称 in the
    row above or the same row), else the first row with 编码 and 名称."""
    plain = None
    previous: dict[str, int] = {}
    for i, row in enumerate(rows[:15]):
        cols: dict[str, int] = {}
        for j, text in enumerate(row):
            t = _code_text(text).lower()
            if "code" not in cols and t in CODE_HEADERS:
                cols["code"] = j
            elif "name" not in cols and t in NAME_HEADERS:
                cols["name"] = j
            elif t in LEVEL_HEADERS and t not in cols:
                cols[t] = j
        if all(h in cols for h in LEVEL_HEADERS) and ("name" in cols or "name" in previous):
            cols.setdefault("name", previous.get("name", -1))
            cols.pop("code", None)
            return i, cols
        if plain is None and "name" in cols and "code" in cols:
            plain = (i, cols)
        previous = cols
    return plain


def read_workbook(path: str | Path, key: str) -> dict[str, str]:
    """The codes of *path* for the list *key*, checked; :class:`UserError` with every problem (and its
    row) when the workbook cannot be taken whole."""
    path = Path(path)
    if not path.is_file():
        raise UserError(f"找不到代码表工作簿“{path}”")
    rows = _rows(path)
    found = _find_header([r for _, r in rows]) if rows else None
    if found is None:
        raise UserError(f"代码表工作簿“{path.name}”中没有找到表头：需要“编码”和“名称”两列，"
                        "或财政部格式的“类”“款”“项”和“科目名称”列")
    header, cols = found
    problems: list[str] = []
    pairs: list[tuple[int, str, str]] = []
    carried = {"类": "", "款": ""}
    for number, row in rows[header + 1:]:
        def cell(k: str, row: list[str] = row) -> str:
            return row[cols[k]] if cols.get(k, -1) < len(row) else ""

        name = cell("name")
        if "code" in cols:
            code = _code_text(cell("code"))
        else:
            code = _level_code(_code_text(cell("类")), _code_text(cell("款")), _code_text(cell("项")), carried)
        if not code and not name:
            continue
        if not code:
            problems.append(f"第 {number} 行“{name}”没有编码")
            continue
        if not name:
            problems.append(f"第 {number} 行编码 {code} 没有名称")
            continue
        pairs.append((number, code.upper() if key == "procurement_items" else code, name))
    if not pairs and not problems:
        raise UserError(f"代码表工作簿“{path.name}”的表头下面没有编码：请检查工作表")
    problems += _check(pairs, key)
    problems.sort(key=_row_of)
    if problems:
        shown = problems[:MAX_SHOWN]
        more = f"\n  ……另有 {len(problems) - MAX_SHOWN} 处" if len(problems) > MAX_SHOWN else ""
        raise UserError(f"代码表工作簿“{path.name}”有 {len(problems)} 处问题，整份未导入（原有代码表不变）：\n  "
                        + "\n  ".join(shown) + more)
    codes = {code: name for _, code, name in pairs}
    return dict(sorted(codes.items(), key=lambda kv: _sort_key(kv[0])))


def _row_of(problem: str) -> int:
    m = re.match(r"第 (\d+) ", problem)
    return int(m[1]) if m else 0


def _sort_key(code: str) -> tuple:
    return (code[:1], code) if code[:1].isalpha() else ("", code)


def _level_code(lei: str, kuan: str, xiang: str, carried: dict[str, str]) -> str:
    """The full code of a 财政部-style row: ``201`` | ``01`` | ``01`` → ``2010101``; a 款 or 项 cell may
    hold the full code as well; the 类 and 款 of the rows above carry down."""
    if lei:
        carried["类"], carried["款"] = lei, ""
        if not kuan and not xiang:
            return lei
    if kuan:
        kuan = kuan.zfill(2) if len(kuan) < 2 else kuan
        code = kuan if len(kuan) == 5 else carried["类"] + kuan
        carried["款"] = code
        if not xiang:
            return code
    if xiang:
        xiang = xiang.zfill(2) if len(xiang) < 2 else xiang
        return xiang if len(xiang) == 7 else carried["款"] + xiang
    return ""


def _check(pairs: list[tuple[int, str, str]], key: str) -> list[str]:
    problems: list[str] = []
    shape = _SHAPES.get(key)
    first: dict[str, tuple[int, str]] = {}
    for number, code, name in pairs:
        if shape and not shape[0].fullmatch(code):
            problems.append(f"第 {number} 行编码“{code}”格式不对：应为{shape[1]}")
            continue
        if code in first:
            row, other = first[code]
            if other == name:
                problems.append(f"第 {number} 行编码 {code} 与第 {row} 行重复")
            else:
                problems.append(f"第 {number} 行编码 {code}“{name}”与第 {row} 行“{other}”冲突（同一编码两个名称）")
            continue
        first[code] = (number, name)
    if key in TREES:
        probe = CodeList(key, key, levels=TREES[key][1])
        labels = ("类", "款", "项", "第四级", "第五级")
        for number, code, name in pairs:
            up = probe.parent(code)
            if up is not None and up not in first:
                level = probe.level(code) or 0
                problems.append(f"第 {number} 行{labels[level] if key == 'function' else '编码'} {code}“{name}”的上级 {up} "
                                f"不在表中（{labels[level - 1] if key == 'function' else '上级'}缺失）")
    return problems


# --- storing ---------------------------------------------------------------------------------------

def store(key: str, year: int, codes: dict[str, str], *, source: str, title: str = "",
          complete: bool = True) -> Path:
    """Write an official list for *year* into the data folder, whole or not at all."""
    kind = TREES.get(key, (title or key, ()))[0]
    record = {
        "format": FORMAT, "key": key, "kind": kind, "title": title or kind, "year": year,
        "levels": list(TREES.get(key, ("", ()))[1]), "complete": complete, "origin": IMPORTED,
        "source": source, "codes": codes,
    }
    path = imported_dir() / str(year) / f"{key}.json"
    write_atomic(path, json.dumps(record, ensure_ascii=False, indent=1) + "\n")
    reload()
    return path


def import_file(path: str | Path, *, year: int | None = None, kind: str | None = None) -> Loaded:
    """Load *path* (a workbook, or a list exported by :func:`export_list`) as the official list."""
    path = Path(path)
    if path.suffix.lower() == ".json":
        return _import_exported(path, year=year, kind=kind)
    if year is None:
        raise UserError("导入工作簿时请用 --year 指定预算年度，如 --year 2027")
    key = kind_key(kind)
    code_lists(year).coded_list(key)
    codes = read_workbook(path, key)
    target = imported_dir() / str(year) / f"{key}.json"
    replaced = target.exists()
    stamp = datetime.now().strftime("%Y-%m-%d %H:%M")
    out = store(key, year, codes, source=f"导入自 {path.name}（{stamp}）", title=code_lists(year)[key].title)
    return Loaded(key, year, codes, out, replaced)


def _import_exported(path: Path, *, year: int | None, kind: str | None) -> Loaded:
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise UserError(f"无法读取代码表文件“{path.name}”：{exc}") from None
    if not isinstance(raw, dict) or raw.get("format") != FORMAT or not isinstance(raw.get("codes"), dict):
        raise UserError(f"“{path.name}”不是本程序导出的代码表文件")
    key = str(raw.get("key", ""))
    if kind and kind_key(kind) != key:
        raise UserError(f"“{path.name}”是“{raw.get('kind', key)}”代码表，不是“{kind}”")
    year = year or int(raw.get("year") or 0)
    if not year:
        raise UserError(f"“{path.name}”没有写明预算年度：请用 --year 指定")
    pairs = [(i + 1, str(c), str(n)) for i, (c, n) in enumerate(raw["codes"].items())]
    problems = _check(pairs, key) + [f"第 {i} 条编码 {c} 没有名称" for i, c, n in pairs if not n.strip()]
    if problems:
        raise UserError(f"代码表文件“{path.name}”有 {len(problems)} 处问题，整份未导入：\n  " + "\n  ".join(problems[:MAX_SHOWN]))
    target = imported_dir() / str(year) / f"{key}.json"
    replaced = target.exists()
    codes = {c: n for _, c, n in pairs}
    out = store(key, year, codes, source=str(raw.get("source") or f"导入自 {path.name}"), title=str(raw.get("title", "")),
                complete=bool(raw.get("complete", True)))
    return Loaded(key, year, codes, out, replaced)


def export_list(lists: CodeLists, key: str, out: str | Path) -> Path:
    """One file with the list *key* in force, to send to departments (``.json``), or a workbook with
    编码 and 名称 columns (``.xlsx``) that ``codes import`` reads back."""
    cl = lists.coded_list(key)
    out = Path(out)
    year = lists.requested or cl.data_year
    if out.suffix.lower() == ".xlsx":
        from openpyxl import Workbook

        wb = Workbook()
        ws = wb.active
        if ws is None:  # a new workbook always has its one sheet; openpyxl types it Optional
            ws = wb.create_sheet()
        ws.title = f"{cl.kind}{year}"[:31]
        ws.append(["编码", "名称"])
        for code, name in cl.names.items():
            ws.append([code, name])
        ws.column_dimensions["A"].width = 14
        ws.column_dimensions["B"].width = 48
        out.parent.mkdir(parents=True, exist_ok=True)
        wb.save(out)
        return out
    record = {"format": FORMAT, "key": key, "kind": cl.kind, "title": cl.title, "year": year,
              "levels": list(cl.levels), "complete": cl.complete, "source": lists.describe(key),
              "codes": cl.names}
    write_atomic(out, json.dumps(record, ensure_ascii=False, indent=1) + "\n")
    return out
