"""Excel workbooks: export in the official layout, the blank template, and import by labels.

``export_workbook(submission, path)``, ``write_template(path)`` and ``import_workbook(path)``;
received files pass :mod:`.guard` (zip and size checks) before any parser sees them.
"""

from __future__ import annotations

import os

import defusedxml  # noqa: F401  (openpyxl guards against XML bombs only when it is installed)
import openpyxl

from .export import export_workbook, write_template
from .import_ import IMPORT_RULES, ImportResult, import_workbook

_DISABLED = os.environ.get("OPENPYXL_DEFUSEDXML", "").strip().lower() in ("false", "0", "no")
assert openpyxl.DEFUSEDXML is True or _DISABLED, "openpyxl must parse through defusedxml"
# Turned off on purpose (OPENPYXL_DEFUSEDXML=False), import_workbook refuses with a message instead.

__all__ = ["export_workbook", "write_template", "import_workbook", "ImportResult", "IMPORT_RULES"]
