"""Reports on a batch check: a workbook (:mod:`.xlsx`) and a printable PDF (:mod:`.pdf`).

Both show the same things in the same order: a summary row per submission, then the findings of
each submission with their cell addresses, then the duplicates across the batch.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..errors import UserError

REPORT_SUFFIXES = (".xlsx", ".pdf")
last_warning: str | None = None


def write_report(result, path: str | os.PathLike[str]) -> Path:
    """Write the report of a :class:`forms.batch.BatchResult` as ``.xlsx`` or ``.pdf`` (by suffix).
    A warning for the user (the PDF's font could not be embedded) is left in :data:`last_warning`."""
    global last_warning
    last_warning = None
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        from .xlsx import write_xlsx

        write_xlsx(result, path)
    elif suffix == ".pdf":
        from .pdf import write_pdf

        last_warning = write_pdf(result, path)
    else:
        raise UserError(f"无法写出报告“{path.name}”：报告只能是 .xlsx 工作簿或 .pdf 文件")
    return path
