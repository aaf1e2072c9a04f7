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
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from enum import Enum
from functools import lru_cache
from typing import Any

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


def content_of(text: str) -> dict[str, Any]:
    """The submission's data held in canonical content *text*; ValueError when it is not one."""
    data = json.loads(text)
    if not isinstance(data, dict) or not isinstance(data.get("submission"), dict):
        raise ValueError("not canonical content")
    return data["submission"]


def submission_of(text: str) -> Submission:
    """The submission held in canonical content *text*; ValueError when it is not one."""
    return Submission.model_validate(content_of(text))


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
_NUMBER = re.compile(r"^-?\d{1,3}(?:,?\d{3})*(?:\.\d+)?$|^-?\d+(?:\.\d+)?$")


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
    return _norm_text(str(value), key == "html")


@lru_cache(maxsize=65536)
def _norm_text(text: str, html: bool) -> str:
    if _NUMBER.match(text):  # a serialised amount or score: compared as a number
        return _norm(Decimal(text.replace(",", "")))
    if html or "<" in text and re.search(r"</?[A-Za-z][^>]*>", text):
        text = html_to_text(text)
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text)
    return _SPACE.sub(" ", text).strip()


def _data(sub: Submission | dict[str, Any]) -> dict[str, Any]:
    return sub if isinstance(sub, dict) else sub.model_dump(mode="json")


def _shown(value: Any, key: str) -> str:
    if value is None:
        return ""
    return html_to_text(value) if key == "html" and isinstance(value, str) else str(value)


def _walk(a: Any, b: Any, path: str, key: str, out: list[tuple[str, str, str]]) -> None:
    """The leaves where *a* and *b* differ once normalised (values equal as stored are skipped
    without normalising: most of a submission)."""
    if a == b:
        return
    if isinstance(a, dict) or isinstance(b, dict):
        da = a if isinstance(a, dict) else {}
        db = b if isinstance(b, dict) else {}
        in_attachment = path.split(".")[-1].startswith("attachments[")
        for k in list(da) + [k for k in db if k not in da]:
            if k == "path" and in_attachment:
                continue  # volatile, see the module's notes
            _walk(da.get(k), db.get(k), f"{path}.{k}" if path else k, k, out)
        return
    if isinstance(a, list) or isinstance(b, list):
        la = a if isinstance(a, list) else []
        lb = b if isinstance(b, list) else []
        for i in range(max(len(la), len(lb))):
            _walk(la[i] if i < len(la) else None, lb[i] if i < len(lb) else None, f"{path}[{i}]", key, out)
        return
    if _norm(a, key) != _norm(b, key):
        out.append((path, _shown(a, key), _shown(b, key)))


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


def differences(old: Submission | dict[str, Any], new: Submission | dict[str, Any],
                cells: dict[str, str] | None = None) -> list[Difference]:
    """The fields whose values differ between *old* and *new* (submissions, or their
    ``model_dump(mode="json")`` as canonical content holds it), in the order of the model; blank
    and missing compare equal, formatting noise is ignored (see :func:`_norm`)."""
    found: list[tuple[str, str, str]] = []
    _walk(_data(old), _data(new), "", "", found)
    cells = cells or {}
    return [Difference(path, a, b, _cell_for(path, cells)) for path, a, b in found]


def iter_chunks(text: str) -> Iterator[str]:
    for i in range(0, len(text), CHUNK):
        yield text[i:i + CHUNK]


# --- the workbook's seal ------------------------------------------------------------------------

def seal_workbook(wb: Any, sub: Submission) -> str:
    """Put the seal of *sub* into the openpyxl workbook *wb* (custom document property and the very
    hidden sheet :data:`SEAL_SHEET` with the canonical content); return the digest."""
    from openpyxl.packaging.custom import StringProperty

    text = canonical_text(sub)
    hexdigest = digest_of_text(text)
    props = wb.custom_doc_props
    for prop in list(props.props):
        if prop.name == SEAL_PROPERTY:
            props.props.remove(prop)
    props.append(StringProperty(name=SEAL_PROPERTY, value=hexdigest))
    if SEAL_SHEET in wb.sheetnames:
        del wb[SEAL_SHEET]
    ws = wb.create_sheet(SEAL_SHEET)
    ws.sheet_state = "veryHidden"
    ws.cell(1, 1, "seal_version")
    ws.cell(1, 2, SEAL_VERSION)
    ws.cell(2, 1, "sha256")
    ws.cell(2, 2, hexdigest)
    ws.cell(3, 1, "content")
    for i, piece in enumerate(iter_chunks(text)):
        ws.cell(3, 2 + i, piece)
    return hexdigest


@dataclass(frozen=True)
class WorkbookSeal:
    digest: str
    """The digest the seal sheet holds (or, without the sheet, the document property)."""
    content: str
    """The canonical content, ``""`` when the seal sheet is missing."""
    property_digest: str = ""

    @property
    def intact(self) -> bool:
        """The content hashes to the digest, and the document property (if any) agrees."""
        return (bool(self.content) and digest_of_text(self.content) == self.digest
                and self.property_digest in ("", self.digest))


def _property_digest(data: bytes) -> str:
    import io
    import zipfile

    from defusedxml import ElementTree

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            if "docProps/custom.xml" not in z.namelist():
                return ""
            root = ElementTree.fromstring(z.read("docProps/custom.xml"))
    except Exception:  # a damaged part: as if there were none
        return ""
    for prop in root:
        if prop.get("name") == SEAL_PROPERTY:
            return "".join(prop.itertext()).strip()
    return ""


def read_workbook_seal(path: Any) -> WorkbookSeal | None:
    """The seal a workbook carries, or ``None`` when it has none (or it cannot be read)."""
    import io
    from pathlib import Path

    from python_calamine import CalamineWorkbook

    try:
        data = Path(path).read_bytes()
    except OSError:
        return None
    prop = _property_digest(data)
    try:
        wb = CalamineWorkbook.from_filelike(io.BytesIO(data))
        if SEAL_SHEET not in wb.sheet_names:
            return WorkbookSeal(prop, "", prop) if prop else None
        rows = wb.get_sheet_by_name(SEAL_SHEET).to_python()
    except Exception:
        return WorkbookSeal(prop, "", prop) if prop else None
    values = {str(r[0]): r[1:] for r in rows if r and r[0] not in (None, "")}
    stored = str((values.get("sha256") or [""])[0] or "").strip()
    content = "".join(str(v) for v in values.get("content", []) if v not in (None, ""))
    if not stored and not prop:
        return None
    return WorkbookSeal(stored or prop, content, prop)


# --- the PDF's seal -----------------------------------------------------------------------------

@dataclass(frozen=True)
class PdfSeal:
    digest: str
    footers: list[str]
    """The seal's short form as each page's footer prints it (``""`` where a page has none)."""
    texts: list[str]


_FOOTER = re.compile(r"印记：([0-9A-F]{4}(?:-[0-9A-F]{4}){3})")


def read_pdf_seal(path: Any) -> PdfSeal | None:
    """The digest in a PDF's metadata with the short form on each page; ``None`` without a seal.
    Raises ValueError when the file is not a readable PDF."""
    from pypdf import PdfReader

    try:
        reader = PdfReader(str(path))
        meta: dict[str, Any] = reader.metadata or {}
        keywords = str(meta.get("/Keywords") or "")
        texts = [page.extract_text() or "" for page in reader.pages]
    except Exception as exc:
        raise ValueError(str(exc)) from None
    found = re.search(re.escape(PDF_KEYWORD) + r"([0-9a-f]{64})", keywords)
    if not found:
        return None
    footers = [(m.group(1) if (m := _FOOTER.search(t)) else "") for t in texts]
    return PdfSeal(found.group(1), footers, texts)


NOT_IN_WORKBOOK: dict[str, tuple[str, ...]] = {
    "": ("verified",),
}
"""What the sealed content holds but the workbook's cells do not carry: the 已核实 marks (kept in
the project file only). A workbook is compared on what its cells can say."""


def _as_written(sub: Submission | dict[str, Any]) -> dict[str, Any]:
    """*sub* as the workbook's cells can say it: without :data:`NOT_IN_WORKBOOK`, and with the
    明细表's year entries as the sheet holds them.

    The sheet has one amount column per year (:func:`~forms.layouts.detail.sheet_years`), so a line
    read back has an entry for every year, blank where the cell is blank; a project file may hold
    only the years a line has money in (a line added before the grid grew a year). A cell cannot
    tell "no entry" from "a blank entry", so both sides are given the sheet's entries
    (:meth:`~forms.model.detail.DetailTable.ensure_years`) before they are compared: the entries
    stay aligned with the cells the importer recorded, and an amount changed or cleared in a
    cell still shows. The digest itself is of the content as it is (:func:`canonical`).
    An empty 明细表 reads back as a new project holds it (no entries at all), and is left so."""
    from .layouts.detail import sheet_years

    model = Submission.model_validate(sub) if isinstance(sub, dict) else sub
    if model.detail.lines or any(a.amount is not None for a in model.detail.declared_total):
        model = model.model_copy(deep=True)
        model.detail.ensure_years(sheet_years(model))
    else:
        model = model.model_copy(update={"detail": type(model.detail)()})
    data = model.model_dump(mode="json")
    for where, keys in NOT_IN_WORKBOOK.items():
        if not where:
            targets = [data]
        else:
            table, rows = where.split(".")
            targets = (data.get(table) or {}).get(rows) or []
        for target in targets:
            for key in keys:
                target.pop(key, None)
    return data


def workbook_state(path: Any, submission: Submission | None) -> str:
    """A received workbook's seal state for the batch report and reviewer mode: 无印记, 一致, or
    导出后手工改动 N 处 (*submission* is what the importer read from its cells)."""
    found = read_workbook_seal(path)
    if found is None:
        return "无印记"
    if not found.intact or submission is None:
        return "印记损坏"
    try:
        sealed = submission_of(found.content)
    except (ValueError, TypeError):
        return "印记损坏"
    n = len(differences(_as_written(sealed), _as_written(submission)))
    return "一致" if n == 0 else f"导出后手工改动 {n} 处"
