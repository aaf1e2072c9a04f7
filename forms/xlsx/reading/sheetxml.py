"""What python-calamine does not give: which cells are formatted as percent, and the text of the
formulas. python-calamine (0.9) hands back values only — dates it does convert by their format,
but a percent-formatted 0.9 comes back as 0.9 and a formula only as its cached value — so for an
.xlsx both are read here from the parts the guard has already checked (the bytes in
:attr:`~forms.xlsx.guard.WorkbookInfo.data`): the number formats of ``xl/styles.xml`` and, per
sheet, the cells whose style is a percent format and the ``<f>`` elements of the formula cells
the guard has noted. Other formats (.xls, .ods) give neither and read as before.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field

from defusedxml import ElementTree as SafeET

_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_BUILTIN_PERCENT = frozenset({9, 10})
_QUOTED = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]')
_STYLED_CELL = re.compile(rb'<c\b[^>]*?\br="([A-Z]{1,3})(\d{1,7})"[^>]*?\bs="(\d+)"|<c\b[^>]*?\bs="(\d+)"[^>]*?\br="([A-Z]{1,3})(\d{1,7})"')
_FORMULA = re.compile(rb"<f\b([^>]*?)(?:/>|>([^<]*)</f>)")
_SHARED_INDEX = re.compile(rb'\bsi="(\d+)"')
_SHARED = re.compile(rb'\bt="shared"')


@dataclass
class SheetExtras:
    percent: set[tuple[int, int]] = field(default_factory=set)
    """0-based (row, column) of the cells formatted as percent."""
    formulas: dict[tuple[int, int], str] = field(default_factory=dict)
    """0-based (row, column) → formula text (no ``=``), shared formulas translated to their cell."""


def _col(letters: bytes | str) -> int:
    n = 0
    for ch in letters if isinstance(letters, str) else letters.decode():
        n = n * 26 + (ord(ch) - 64)
    return n - 1


def _percent_styles(styles: bytes) -> frozenset[int]:
    """Indexes of ``cellXfs`` whose number format shows a percent (built in 9, 10 or a custom
    format with an unquoted ``%``)."""
    if b"%" not in styles and b'numFmtId="9"' not in styles and b'numFmtId="10"' not in styles:
        return frozenset()
    try:
        root = SafeET.fromstring(styles)
    except Exception:  # the guard has parsed it already; a part it let pass but this cannot read adds nothing
        return frozenset()
    percent_ids = set(_BUILTIN_PERCENT)
    for fmt in root.iter(f"{_NS}numFmt"):
        code = _QUOTED.sub("", fmt.get("formatCode", ""))
        if "%" in code:
            try:
                percent_ids.add(int(fmt.get("numFmtId", "")))
            except ValueError:
                continue
    xfs = root.find(f"{_NS}cellXfs")
    if xfs is None:
        return frozenset()
    out = set()
    for i, xf in enumerate(xfs.iter(f"{_NS}xf")):
        try:
            if int(xf.get("numFmtId", "0")) in percent_ids:
                out.add(i)
        except ValueError:
            continue
    return frozenset(out)


def read_extras(data: bytes, parts: dict[str, tuple[str, list[str]]]) -> dict[str, SheetExtras]:
    """For each sheet name → (its part, the addresses of its formula cells): the percent cells and
    the formula texts. Only what is there is looked for: no percent format in the styles, no
    look at the cells' styles; no formula, no look for ``<f>``."""
    out: dict[str, SheetExtras] = {}
    if not data.startswith(b"PK"):
        return out
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError):
        return out
    with zf:
        names = set(zf.namelist())
        try:
            percent_xfs = _percent_styles(zf.read("xl/styles.xml")) if "xl/styles.xml" in names else frozenset()
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, RuntimeError):
            percent_xfs = frozenset()
        for name, (part, formulas) in parts.items():
            if part not in names or (not percent_xfs and not formulas):
                continue
            try:
                xml = zf.read(part)
            except (zipfile.BadZipFile, OSError, ValueError, EOFError, RuntimeError):
                continue
            extras = out[name] = SheetExtras()
            if percent_xfs:
                for m in _STYLED_CELL.finditer(xml):
                    letters, row, style = (m[1], m[2], m[3]) if m[1] else (m[5], m[6], m[4])
                    if int(style) in percent_xfs:
                        extras.percent.add((int(row) - 1, _col(letters)))
            if formulas:
                extras.formulas = _formulas(xml, formulas)
    return out


def _formulas(xml: bytes, addresses: list[str]) -> dict[tuple[int, int], str]:
    """The formula text of each cell at *addresses*; a shared formula's followers (``<f
    t="shared" si="0"/>``) get their master's formula moved to them (openpyxl's Translator)."""
    found: dict[str, tuple[bytes, bytes | None]] = {}
    masters: dict[bytes, tuple[str, str]] = {}
    for addr in addresses:
        at = xml.find(b'r="' + addr.encode() + b'"')
        if at < 0:
            continue
        end = xml.find(b"</c>", at)
        m = _FORMULA.search(xml, at, end if end >= 0 else len(xml))
        if m is None:
            continue
        found[addr] = (m[1], m[2])
    # masters of shared formulas may sit outside the cells asked for: look them up once
    if any(_SHARED.search(attrs) for attrs, _ in found.values()):
        for m in _FORMULA.finditer(xml):
            attrs, text = m[1], m[2]
            if text and _SHARED.search(attrs):
                si = _SHARED_INDEX.search(attrs)
                cell = xml.rfind(b'r="', 0, m.start())
                if si and cell >= 0:
                    addr = xml[cell + 3:xml.find(b'"', cell + 3)].decode()
                    masters.setdefault(si[1], (addr, _unescape(text)))
    out: dict[tuple[int, int], str] = {}
    for addr, (attrs, text) in found.items():
        formula = _unescape(text) if text else None
        if formula is None and _SHARED.search(attrs):
            si = _SHARED_INDEX.search(attrs)
            master = masters.get(si[1]) if si else None
            if master is None:
                continue
            try:
                from openpyxl.formula.translate import Translator

                formula = Translator("=" + master[1], origin=master[0]).translate_formula(addr)[1:]
            except Exception:  # a formula the translator cannot parse: its text stays unknown
                continue
        if formula:
            letters = addr.rstrip("0123456789")
            out[(int(addr[len(letters):]) - 1, _col(letters))] = formula
    return out


def _unescape(text: bytes) -> str:
    return (text.decode("utf-8", "replace").replace("&lt;", "<").replace("&gt;", ">")
            .replace("&quot;", '"').replace("&apos;", "'").replace("&amp;", "&"))
