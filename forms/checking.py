"""Checking one file, the one way: :func:`check_file` reads a project file or a received workbook,
runs the import's findings and the checker's, and returns a :class:`FileCheck`; :func:`collect`
picks the files of a folder (:mod:`forms.collect`: one list of suffixes, one set of skip rules).

The command line formats a :class:`FileCheck` (:meth:`FileCheck.to_json` is its entry of the JSON
report), the batch pool distributes :func:`check_file` over the cores (:mod:`forms.batch`), and
reviewer mode shows what the batch returns: none of them reaches into another.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .collect import SUFFIXES, WORKBOOK_SUFFIXES, collect, scan, skipped
from .errors import UserError
from .findings import Finding
from .model import Submission

__all__ = ["SUFFIXES", "WORKBOOK_SUFFIXES", "FileCheck", "check_file", "collect", "scan", "skipped"]

log = logging.getLogger(__name__)


@dataclass
class FileCheck:
    """What checking one file gives: whether it could be read (and why not), the findings (the
    import's, with their cells, then the checker's), the submission that was read and the map of
    its fields to workbook cells (empty for a project file)."""

    path: Path
    readable: bool = False
    reason: str | None = None
    """Why the file could not be read or checked (a Chinese sentence naming the file)."""
    findings: list[Finding] = field(default_factory=list)
    submission: Submission | None = None
    cells: dict[str, str] = field(default_factory=dict)
    codes_hint: str = ""
    """Which year's code lists the submission was checked with, when not its own."""

    def to_json(self) -> dict[str, Any]:
        """The file's entry of ``budgetforms check --format json`` (see :mod:`forms.commands.check`)."""
        entry: dict[str, Any] = {"path": str(self.path), "readable": self.readable, "error": self.reason, "findings": []}
        if not self.readable or self.submission is None:
            return entry
        if self.codes_hint:
            entry["codes_hint"] = self.codes_hint
        from .verified import to_json

        entry["findings"] = to_json(self.submission, self.findings)  # 已核实 marks ride along
        return entry


def check_file(path: str | os.PathLike[str], pack: Any = None) -> FileCheck:
    """Check one file (a project file or a workbook) with *pack* (``None``: its budget year's; a
    name, a year or a :class:`~forms.rules.packs.Pack`). Never raises for a bad file: the reason is
    in the result."""
    from .documents import open_document
    from .rules import check, locate

    path = Path(path)
    result = FileCheck(path)
    if path.is_dir():
        result.reason = f"文件夹“{path}”中没有可检查的项目文件（.bfproj）或工作簿（.xlsx、.xls、.et、.ods、.xlsb）"
        return result
    try:
        opened = open_document(path)
    except UserError as exc:
        result.reason = str(exc)
        log.info("cannot read %s: %s", path, exc)
        return result
    except Exception as exc:  # a bug or an unforeseen file: say so, never a traceback
        result.reason = f"无法打开“{path.name}”：读取时出现意外错误（{type(exc).__name__}），请把文件发给技术支持"
        log.exception("unexpected error reading %s", path)
        return result
    try:
        findings = locate(opened.findings, opened.cells) + check(opened.submission, pack=pack, cells=opened.cells)
    except UserError:
        raise
    except Exception as exc:  # pragma: no cover - a checker bug must not hide the other files
        result.reason = f"检查“{path.name}”时出现意外错误（{type(exc).__name__}），请把文件发给技术支持"
        log.exception("unexpected error checking %s", path)
        return result
    from .codes import code_lists

    result.readable = True
    result.findings = findings
    result.submission = opened.submission
    result.cells = dict(opened.cells)
    result.codes_hint = code_lists(opened.submission.basic.budget_year).hint()
    return result
