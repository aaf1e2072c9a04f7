"""Open any file a user may hand the app: a project file, or a received workbook (via the import).

Every failure is a :class:`~forms.errors.UserError` whose message names the file and the problem.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from . import files
from .collect import WORKBOOK_SUFFIXES  # noqa: E402  (.xlsx .xlsm .xls .et .ods .xlsb)
from .errors import UserError
from .model import Submission


@dataclass
class Opened:
    """A submission as opened, with what the import could not place (empty for project files)."""

    path: Path
    submission: Submission
    kind: str  # "project" | "workbook"
    findings: list = field(default_factory=list)
    cells: dict[str, str] = field(default_factory=dict)
    """For workbooks: field path → cell address (``项目基本信息表!C5``) it was read from."""


def open_document(path: str | os.PathLike[str]) -> Opened:
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == files.EXTENSION or suffix == ".json":
        return Opened(path, files.load(path), "project")
    if suffix in WORKBOOK_SUFFIXES:
        from .xlsx import import_workbook

        result = import_workbook(path)
        return Opened(path, result.submission, "workbook", list(result.findings), dict(result.cells))
    if not path.exists():
        raise UserError(f"无法打开“{path.name}”：文件不存在")
    raise UserError(f"无法打开“{path.name}”：不支持的文件类型（可打开 {files.EXTENSION} 项目文件和 .xlsx、.xls、.et、.ods、.xlsb 工作簿）")
