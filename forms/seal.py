"""The seal (印记) of an export: the SHA-256 of the submission's canonical content, so that a
received workbook or a printed copy can be told apart from one changed by hand after the export.

**Canonical content** is what the project file holds (``Submission.model_dump(mode="json")``),
written as compact JSON with sorted keys, minus the volatile parts:

- the file envelope (``app``, ``schema_version``): the seal carries its own :data:`SEAL_VERSION`;
- each attachment's ``path``: where the document lies on the officer's disk, which differs from
  machine to machine (the attachment's *name*, which is printed, stays in).

Where the seal goes:

- the PDF prints :func:`short` in every page's footer and carries the whole digest in its
  metadata (the ``/Keywords`` entry ``budgetforms-seal:<hex>``, repeated in ``/Subject``);
- the workbook carries the digest as a custom document property (``docProps/custom.xml``) and,
  with the canonical content itself, in the very hidden sheet ``_seal``. Both survive a
  LibreOffice re-save (tested: LibreOffice keeps ``custom.xml`` and turns the sheet merely
  hidden); the content cannot go into the property, which Excel cuts at 255 characters.

:func:`differences` compares two submissions field by field, after normalising what formatting
changes without changing the meaning (Decimal values compared as numbers, text with its
whitespace collapsed, rich text as its visible text, blank = empty).
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from enum import Enum
from typing import Any, Iterator

from .model import Submission, html_to_text

SEAL_VERSION = 1
SEAL_SHEET = "_seal"
SEAL_PROPERTY = "budgetforms-seal"
PDF_KEYWORD = "budgetforms-seal:"
CHUNK = 30000
"""Characters of canonical content per cell of the seal sheet (a cell holds at most 32,767)."""

# the verdicts, as `budgetforms verify`, the batch report and reviewer mode print them
SAME = "与导出时一致"
CHANGED = "导出后被改动"
NONE = "无印记"


def canonical(sub: Submission) -> dict[str, Any]:
    """The submission's content without its volatile parts (see the module's notes)."""
    data = sub.model_dump(mode="json")

    def strip(obj: Any) -> None:
        if isinstance(obj, dict):
            if "attachments" in obj and isinstance(obj["attachments"], list):
                for att in obj["attachments"]:
                    if isinstance(att, dict):
                        att.pop("path", None)
            for v in obj.values():
                strip(v)
        elif isinstance(obj, list):
            for v in obj:
                strip(v)

    strip(data)
    return {"seal_version": SEAL_VERSION, "submission": data}


def canonical_text(sub: Submission) -> str:
    return json.dumps(canonical(sub), ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def digest_of_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def digest(sub: Submission) -> str:
    """The seal: SHA-256 (hex) of the canonical content."""
    return digest_of_text(canonical_text(sub))


def short(hexdigest: str) -> str:
    """The seal as printed on paper: the first 16 hex digits in groups of four."""
    h = hexdigest[:16].upper()
    return "-".join(h[i:i + 4] for i in range(0, len(h), 4))


def submission_of(text: str) -> Submission:
    """The submission held in canonical content *text*; ValueError when it is not one."""
    data = json.loads(text)
    if not isinstance(data, dict) or not isinstance(data.get("submission"), dict):
        raise ValueError("not canonical content")
    return Submission.model_validate(data["submission"])


# --- comparing ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Difference:
    field: str
    """The model path, ``basic.funding[0].total``."""
    old: str
    new: str
    cell: str = ""
    """``Sheet!A1`` where the field was read from, when known."""

    def line(self) -> str:
        where = f"{self.cell}（{self.field}）" if self.cell else self.field
        return f"{where}：导出时“{self.old}”，现在“{self.new}”"


_SPACE = re.compile(r"\s+")


def _norm(value: Any, key: str = "") -> str:
    """A value as compared: formatting noise removed."""
    if value is None:
        return ""
    if isinstance(value, Enum):
        value = value.value
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, (Decimal, int, float)) and not isinstance(value, bool):
        try:
            d = Decimal(str(value)).normalize()
        except InvalidOperation:
            return str(value)
        return "0" if d == 0 else format(d, "f")
    if isinstance(value, date):
        return value.isoformat()
    text = str(value)
    if key == "html" or "<" in text and re.search(r"</?[A-Za-z][^>]*>", text):
        text = html_to_text(text)
    text = unicodedata.normalize("NFKC", text)
    return _SPACE.sub(" ", text).strip()


def flatten(sub: Submission) -> dict[str, str]:
    """Every leaf value of *sub* by its model path (as the importer's cell map names them);
    blank values are left out, so that blank and missing compare equal."""
    out: dict[str, str] = {}

    def walk(obj: Any, path: str, key: str) -> None:
        if isinstance(obj, dict):
            for k, v in obj.items():
                if k == "path" and path.split(".")[-1].startswith("attachments["):
                    continue  # volatile, see the module's notes
                walk(v, f"{path}.{k}" if path else k, k)
        elif isinstance(obj, (list, tuple)):
            for i, v in enumerate(obj):
                walk(v, f"{path}[{i}]", key)
        else:
            text = _norm(obj, key)
            if text:
                out[path] = text

    walk(sub.model_dump(mode="python"), "", "")
    return out


def _cell_for(path: str, cells: dict[str, str]) -> str:
    """The cell of *path*, or of the nearest enclosing path the cell map knows."""
    p = path
    while p:
        if p in cells:
            return cells[p]
        cut = max(p.rfind("."), p.rfind("["))
        if cut <= 0:
            break
        p = p[:cut]
    return ""


def differences(old: Submission, new: Submission, cells: dict[str, str] | None = None) -> list[Difference]:
    """The fields whose values differ between *old* and *new*, in the order of the model."""
    a, b = flatten(old), flatten(new)
    keys = list(a) + [k for k in b if k not in a]
    cells = cells or {}
    return [Difference(k, a.get(k, ""), b.get(k, ""), _cell_for(k, cells))
            for k in keys if a.get(k, "") != b.get(k, "")]


def iter_chunks(text: str) -> Iterator[str]:
    for i in range(0, len(text), CHUNK):
        yield text[i:i + CHUNK]
