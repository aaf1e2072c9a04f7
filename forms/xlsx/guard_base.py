"""What the workbook guards share (:mod:`.guard` for .xlsx and the dispatch, :mod:`.guard_ole` for
.xls/.et, :mod:`.guard_zip` for .ods/.xlsb): the bounds a form never reaches, what a guard notes of a
workbook, the one way a guard refuses a file, and the reading of a zipped part and its XML. The
three guards import this module and none imports another's internals."""

from __future__ import annotations

import logging
import posixpath
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from defusedxml import ElementTree as SafeET

from ..errors import UserError

log = logging.getLogger(__name__)

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_ENTRIES = 2000
MAX_ENTRY_BYTES = 40 * 1024 * 1024
MAX_TOTAL_BYTES = 150 * 1024 * 1024
MAX_RATIO = 200
"""A form's XML compresses 5 to 30 times; a ratio beyond this on a part of any size is a bomb."""
RATIO_FLOOR = 1024 * 1024
"""Parts smaller than this are not judged by their ratio (tiny parts compress oddly)."""
MAX_ROWS = 5000
MAX_COLS = 200
"""No table of a submission comes near these; a sheet beyond them is refused before it is read."""

_NS_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"


@dataclass
class SheetInfo:
    name: str
    part: str
    uncached_formulas: list[str] = field(default_factory=list)
    """Addresses (``C5``) of formula cells without a cached value."""
    formulas: list[str] = field(default_factory=list)
    """Addresses of every formula cell (cached or not)."""
    errors: dict[str, str] = field(default_factory=dict)
    """Cells holding an error value (``#DIV/0!``, ``#REF!``): address → the error (readers give blank)."""


@dataclass
class WorkbookInfo:
    sheets: list[SheetInfo]
    rich: dict[str, list[tuple[str, str | None]]] = field(default_factory=dict)
    """Strings with superscript/subscript runs, by their plain text: the runs as
    ``(text, "superscript" | "subscript" | None)`` (values readers give only as plain text)."""
    data: bytes = field(default=b"", repr=False, compare=False)
    """The file's bytes as inspected: a reader given these reads exactly what was checked, and
    the file is read from disk once."""


def fail(path: Path, problem: str) -> UserError:
    """The refusal of the workbook at *path* (to be raised), logged as a warning naming the file."""
    log.warning("workbook %s refused: %s", path, problem)
    return UserError(f"无法导入工作簿“{path.name}”：{problem}")


def column_letters(col: int) -> str:
    """The letters of the 0-based column *col* (0 → ``A``, 26 → ``AA``)."""
    letters = ""
    col += 1
    while col:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def _read_part(zf: zipfile.ZipFile, info: zipfile.ZipInfo, path: Path) -> bytes:
    try:
        with zf.open(info) as fh:
            data = fh.read(MAX_ENTRY_BYTES + 1)
    except (zipfile.BadZipFile, zlib.error):
        raise fail(path, f"文件已损坏（“{info.filename}”校验失败），请让对方重新发送") from None
    except (OSError, EOFError, ValueError, NotImplementedError) as exc:
        raise fail(path, f"文件已损坏（读取“{info.filename}”时出错：{exc}）") from None
    if len(data) > MAX_ENTRY_BYTES:
        raise fail(path, f"“{info.filename}”解压后过大，可能是恶意构造的文件（压缩炸弹）")
    return data


def workbook_targets(zf: zipfile.ZipFile, names: dict[str, zipfile.ZipInfo], rels_name: str,
                     path: Path) -> dict[str, str]:
    """The workbook's relationships (``rId`` → the part it points at, resolved against ``xl/``),
    from *rels_name* (``xl/_rels/workbook.xml.rels``, or ``workbook.bin.rels`` for .xlsb)."""
    targets: dict[str, str] = {}
    if rels_name in names:
        rels = _parse_xml(_read_part(zf, names[rels_name], path), rels_name, path)
        for rel in rels.iter(f"{_NS_PKG_REL}Relationship"):
            target = rel.get("Target", "")
            target = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
            targets[rel.get("Id", "")] = target
    return targets


def _parse_xml(data: bytes, part: str, path: Path):
    try:
        return SafeET.fromstring(data)
    except Exception as exc:  # defusedxml raises its own types for entities/DTDs
        raise fail(path, f"“{part}”不是有效的 XML（{type(exc).__name__}）") from None
