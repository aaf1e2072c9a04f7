"""Import a workbook into a submission by its labels, never by fixed coordinates.

The workbook may come from this app or from someone who filled the official template by hand in
Excel or WPS: rows inserted or deleted, columns shifted, sheets reordered, renamed or extra, money
typed as text (``20,000,000.00``, full-width digits, ``2000万``), years as ``2020年``, flags 是/否 or
blank. Values are read with python-calamine (about ten times faster than openpyxl); the
superscripts of a 简述 typed by hand are taken from the string table that :mod:`.guard` has read.

Numbers enter once, at :meth:`~.reading.base.Reader.typed`: a float without its binary noise,
blank markers (—, -, /, 无) as blank, a percent cell as the percentage shown, a table in 万元 as 元.
The tables may stand one a sheet or stacked on one sheet (each found by its title), among the
captions of real templates (附件, 填报单位, sign-off lines), which are no rows of them.

Whatever cannot be read or placed becomes an import finding (``IMP-…``) naming the sheet and cell:
a value of the wrong kind, a formula without a cached value (never read as 0), a label that is
missing, a cell that belongs to no field, a SUM total that leaves out a row. Totals are read as
written; the checker recomputes them.

The reading itself lives in :mod:`.reading`, one module a table; this module is its entry.
"""

from __future__ import annotations

import io
import os
from pathlib import Path

import openpyxl
from python_calamine import CalamineWorkbook

from ..errors import UserError
from . import guard
from .reading.base import (  # noqa: F401  (the rule IDs and the result are the importer's API)
    BAD_VALUE,
    ERROR_VALUE,
    EXTRA_SHEET,
    HIDDEN_DATA,
    IMPORT_RULES,
    MISSING_LABEL,
    MISSING_TABLE,
    SUM_RANGE,
    UNCACHED_FORMULA,
    UNPLACED,
    WAN_UNIT,
    ImportResult,
)
from .reading.workbook import WorkbookReader as Reader


def import_workbook(path: str | os.PathLike[str]) -> ImportResult:
    """Read a workbook in the official layout (made by this app or by hand) into a submission."""
    path = Path(path)
    if not openpyxl.DEFUSEDXML:
        raise UserError("无法导入工作簿：安全组件 defusedxml 未启用（环境变量 OPENPYXL_DEFUSEDXML 被设为 False），为防范恶意文件已拒绝读取")
    info = guard.inspect(path)
    try:
        # the bytes the guard has checked: the file is read once, and what is read is what was checked
        wb = CalamineWorkbook.from_filelike(io.BytesIO(info.data)) if info.data else CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine raises its own error types for broken parts
        raise guard.fail(path, f"工作簿内容已损坏，无法读取（{type(exc).__name__}）") from None
    try:
        return Reader(path, wb, info).run()
    except UserError:
        raise
    except Exception as exc:  # calamine errors while loading a sheet
        tb = exc.__traceback__
        while tb is not None and tb.tb_next is not None:
            tb = tb.tb_next
        # calamine's own errors, and the OSError/ValueError it raises on a damaged .xlsb/.xls sheet
        if (type(exc).__module__.startswith("python_calamine") or "Calamine" in type(exc).__name__
                or (tb is not None and tb.tb_frame.f_code is Reader.grid.__code__)):
            raise guard.fail(path, f"工作表内容已损坏，无法读取（{exc}）") from None
        raise
    finally:
        close = getattr(wb, "close", None)
        if close:
            close()
