"""Reports on a batch check: a workbook (:mod:`.xlsx`) and a printable PDF (:mod:`.pdf`).

Both show the same things in the same order: a summary row per submission, then the findings of
each submission with their cell addresses, then the duplicates across the batch.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import UserError

REPORT_SUFFIXES = (".xlsx", ".pdf")
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class WrittenReport:
    """What :func:`write_report` wrote: the file, and a warning for the user about this write (the
    PDF's CJK font could not be embedded), or ``None``."""

    path: Path
    warning: str | None = None


def write_report(result: Any, path: str | os.PathLike[str]) -> WrittenReport:
    """Write the report of a :class:`forms.batch.BatchResult` as ``.xlsx`` or ``.pdf`` (by suffix).
    The warning of this write, if any, comes back with the path: nothing is left behind for the
    next caller (the CLI and reviewer mode's thread alike)."""
    path = Path(path)
    suffix = path.suffix.lower()
    warning: str | None = None
    if suffix == ".xlsx":
        from .xlsx import write_xlsx

        write_xlsx(result, path)
    elif suffix == ".pdf":
        from .pdf import write_pdf

        warning = write_pdf(result, path)
    else:
        raise UserError(f"无法写出报告“{path.name}”：报告只能是 .xlsx 工作簿或 .pdf 文件")
    if warning:
        log.warning("report %s written with a warning: %s", path, warning)
    else:
        log.info("report %s written", path)
    return WrittenReport(path, warning)
