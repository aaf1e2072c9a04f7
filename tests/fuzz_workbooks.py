"""A generator of damaged workbooks, deterministic by its seed: it takes a good .xlsx and breaks it
in the ways received files are broken (cut short in transit, bytes flipped, parts lost), and in
the ways a hostile or a careless tool writes them (extreme values, addresses out of range or
malformed, cell types that lie, duplicate entries, XML bombs).

``damage(base, out_dir, rng, count)`` writes *count* files and returns ``[(path, kind)]``.
"""

from __future__ import annotations

import io
import random
import re
import warnings
import zipfile
from collections.abc import Callable
from pathlib import Path

Parts = dict[str, bytes]

_CELL = re.compile(rb"<c\b[^>]*?(?:/>|>.*?</c>)", re.S)
_R = re.compile(rb'\br="([A-Z]+\d+)"')
_S = re.compile(rb'\bs="(\d+)"')

EXTREMES = [b"NaN", b"nan", b"inf", b"-inf", b"Infinity", b"1e308", b"-1e308", b"1.7976931348623157e308",
            b"1e309", b"-0", b"-0.0", b"1e30", b"1E+30", b"5e-324", b"0.1e-320", b"123456789012345678901234567890",
            b"1e-30", b"0x10", b"1_000", b" 12 ", b"", b"1e", b"--1", b"\xef\xbc\x91"]
TEXTS = ["abc", "NaN", "inf", "1e308", "=1/0", "#DIV/0!", "—", "9" * 400, "x" * 100_000, "是" * 50_000,
         "<p>unclosed", "\u202e\u200b", "2020年13月45日", "-", "1,2,3", "１２３", "\U0001f600" * 10]
BAD_REFS = [b"ZZZZ99999999", b"A0", b"A1048577", b"XFD1", b"XFE5", b"AAA5000", b"A5001", b"GS1", b"1A", b"a1",
            b"", b"A-1", b"A99999999999999999999", b"\xe4\xb8\x80\xe4\xba\x8c"]


def read_parts(path: Path) -> Parts:
    with zipfile.ZipFile(path) as zf:
        return {i.filename: zf.read(i) for i in zf.infolist()}


def write_parts(parts: Parts | list[tuple[str, bytes]], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    items = parts.items() if isinstance(parts, dict) else parts
    with zipfile.ZipFile(buf, "w", method) as zf, warnings.catch_warnings():
        warnings.simplefilter("ignore")  # a duplicate name is written on purpose
        for name, data in items:
            zf.writestr(zipfile.ZipInfo(name, (2020, 1, 1, 0, 0, 0)), data, compress_type=method)
    return buf.getvalue()


def _sheets(parts: Parts) -> list[str]:
    return sorted(n for n in parts if n.startswith("xl/worksheets/") and n.endswith(".xml"))


def _cells(data: bytes) -> list[re.Match[bytes]]:
    return [m for m in _CELL.finditer(data) if b"<v>" in m.group(0) or b"<is>" in m.group(0)]


def _replace_cell(rng: random.Random, parts: Parts, make: Callable[[bytes, bytes], bytes]) -> Parts:
    """One filled cell of a random sheet replaced by ``make(ref, style_attr)``."""
    parts = dict(parts)
    sheet = rng.choice(_sheets(parts))
    data = parts[sheet]
    cells = _cells(data)
    if not cells:
        return parts
    m = rng.choice(cells)
    r = _R.search(m.group(0))
    s = _S.search(m.group(0))
    ref = r.group(1) if r else b"A1"
    style = b' s="%s"' % s.group(1) if s else b""
    parts[sheet] = data[:m.start()] + make(ref, style) + data[m.end():]
    return parts


def _num(rng, parts):
    v = rng.choice(EXTREMES)
    t = rng.choice([b' t="n"', b""])
    return _replace_cell(rng, parts, lambda ref, s: b'<c r="%s"%s%s><v>%s</v></c>' % (ref, s, t, v))


def _many_nums(rng, parts):
    """Every numeric cell of a sheet set to one extreme (the money of a whole table)."""
    parts = dict(parts)
    sheet = rng.choice(_sheets(parts))
    v = rng.choice(EXTREMES)
    parts[sheet] = re.sub(rb'(<c\b[^>]*?(?:t="n")?[^>]*>)<v>[^<]*</v>', lambda m: m.group(1) + b"<v>" + v + b"</v>",
                          parts[sheet])
    return parts


def _text(rng, parts):
    text = rng.choice(TEXTS).replace("&", "&amp;").replace("<", "&lt;").encode("utf-8")
    return _replace_cell(rng, parts, lambda ref, s: b'<c r="%s"%s t="inlineStr"><is><t>%s</t></is></c>' % (ref, s, text))


def _bad_ref(rng, parts):
    bad = rng.choice(BAD_REFS)
    if rng.random() < 0.3:
        return _replace_cell(rng, parts, lambda ref, s: b'<c%s t="n"><v>1</v></c>' % s)  # no r at all
    return _replace_cell(rng, parts, lambda ref, s: b'<c r="%s"%s t="n"><v>%d</v></c>' % (bad, s, rng.randint(0, 10**6)))


def _bad_type(rng, parts):
    cases = [
        b'<c r="%(r)s"%(s)s t="s"><v>999999</v></c>', b'<c r="%(r)s"%(s)s t="s"><v>-1</v></c>',
        b'<c r="%(r)s"%(s)s t="s"><v>x</v></c>', b'<c r="%(r)s"%(s)s t="s"><v>1e308</v></c>',
        b'<c r="%(r)s"%(s)s t="n"><v>abc</v></c>', b'<c r="%(r)s"%(s)s t="n"><v>12,345.00</v></c>',
        b'<c r="%(r)s"%(s)s t="b"><v>7</v></c>', b'<c r="%(r)s"%(s)s t="b"><v>true</v></c>',
        b'<c r="%(r)s"%(s)s t="d"><v>garbage</v></c>', b'<c r="%(r)s"%(s)s t="d"><v>2020-13-45T99:00:00</v></c>',
        b'<c r="%(r)s"%(s)s t="d"><v>99999-01-01</v></c>', b'<c r="%(r)s"%(s)s t="e"><v>#DIV/0!</v></c>',
        b'<c r="%(r)s"%(s)s t="e"><v>nonsense</v></c>', b'<c r="%(r)s"%(s)s t="e"></c>',
        b'<c r="%(r)s"%(s)s t="str"><v>1e308</v></c>', b'<c r="%(r)s"%(s)s t="inlineStr"></c>',
        b'<c r="%(r)s"%(s)s t="inlineStr"><v>7</v></c>', b'<c r="%(r)s"%(s)s t="zzz"><v>1</v></c>',
        b'<c r="%(r)s"%(s)s t="n"><f>SUM(A1:A2)</f></c>', b'<c r="%(r)s"%(s)s t="n"><f>1/0</f><v>NaN</v></c>',
        b'<c r="%(r)s" s="999999" t="n"><v>44000</v></c>', b'<c r="%(r)s" s="-1"><v>1</v></c>',
        b'<c r="%(r)s"%(s)s t="n"><v>1</v><v>2</v></c>',
    ]
    pattern = rng.choice(cases)
    return _replace_cell(rng, parts, lambda ref, s: pattern % {b"r": ref, b"s": s})


def _style_date(rng, parts):
    """A numeric cell given a date style (a serial number read as a date: maybe far out of range)."""
    parts = dict(parts)
    if "xl/styles.xml" not in parts:
        return _num(rng, parts)
    styles = parts["xl/styles.xml"]
    styles = re.sub(rb'<cellXfs count="(\d+)">', lambda m: b'<cellXfs count="%d"><xf numFmtId="14" applyNumberFormat="1"/>'
                    % (int(m.group(1)) + 1), styles, count=1)
    parts["xl/styles.xml"] = styles
    v = rng.choice([b"1e308", b"-5", b"NaN", b"2958466", b"44000.5", b"0"])
    return _replace_cell(rng, parts, lambda ref, s: b'<c r="%s" s="0" t="n"><v>%s</v></c>' % (ref, v))


def _merge(rng, parts):
    parts = dict(parts)
    sheet = rng.choice(_sheets(parts))
    ref = rng.choice([b"A1:ZZZ99999", b"B5:A1", b"garbage", b"A1:A1", b"A1:XFD1048576", b"C3", b":", b"A0:B2"])
    data = parts[sheet]
    merge = b'<mergeCells count="1"><mergeCell ref="%s"/></mergeCells>' % ref
    if b"<mergeCells" in data:
        data = re.sub(rb'<mergeCell ref="[^"]*"/>', b'<mergeCell ref="%s"/>' % ref, data, count=1)
    else:
        data = data.replace(b"</sheetData>", b"</sheetData>" + merge, 1)
    parts[sheet] = data
    return parts


def _drop(rng, parts):
    parts = dict(parts)
    names = [n for n in ("xl/sharedStrings.xml", "xl/styles.xml", "xl/_rels/workbook.xml.rels", "[Content_Types].xml",
                         "xl/workbook.xml", "_rels/.rels") if n in parts] + _sheets(parts)
    parts.pop(rng.choice(names), None)
    return parts


def _cut_part(rng, parts):
    parts = dict(parts)
    name = rng.choice(sorted(parts))
    data = parts[name]
    parts[name] = data[:rng.randint(0, max(len(data) - 1, 0))]
    return parts


def _xml_noise(rng, parts):
    parts = dict(parts)
    name = rng.choice([n for n in sorted(parts) if n.endswith((".xml", ".rels"))])
    data = bytearray(parts[name])
    for _ in range(rng.randint(1, 4)):
        if data:
            data[rng.randrange(len(data))] = rng.choice(b"<>&\"'\x00\xff/=")
    parts[name] = bytes(data)
    return parts


def _duplicate(rng, parts):
    name = rng.choice(sorted(parts))
    items = list(parts.items())
    return items + [(name, parts[name] if rng.random() < 0.5 else b"<x/>")]


BOMB = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;">'
        b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;"><!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;">]>'
        b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&lol4;</t></si></sst>')
EXTERNAL = (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
            b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1">'
            b'<c r="A1" t="inlineStr"><is><t>&e;</t></is></c></row></sheetData></worksheet>')


def _bomb(rng, parts):
    parts = dict(parts)
    kind = rng.randrange(4)
    if kind == 0:
        parts["xl/sharedStrings.xml"] = BOMB
    elif kind == 1:
        parts[rng.choice(_sheets(parts))] = EXTERNAL
    elif kind == 2:
        parts["xl/workbook.xml"] = BOMB.replace(b"<sst", b"<workbook").replace(b"</sst>", b"</workbook>")
    else:  # a part that inflates far beyond its size
        parts["xl/media/zeros.xml"] = b"<a>" + b"0" * (8 * 1024 * 1024) + b"</a>"
    return parts


def _huge_shared(rng, parts):
    parts = dict(parts)
    if "xl/sharedStrings.xml" in parts:
        parts["xl/sharedStrings.xml"] = re.sub(rb"<t([^>]*)>[^<]*</t>", b"<t>" + b"x" * 100_000 + b"</t>",
                                               parts["xl/sharedStrings.xml"], count=rng.randint(1, 3))
        return parts
    return _text(rng, parts)


def _sheet_names(rng, parts):
    parts = dict(parts)
    wb = parts.get("xl/workbook.xml", b"")
    choice = rng.randrange(3)
    if choice == 0:  # two sheets of one name
        names = re.findall(rb'<sheet [^>]*name="([^"]*)"', wb)
        if len(names) > 1:
            wb = wb.replace(b'name="%s"' % names[1], b'name="%s"' % names[0], 1)
    elif choice == 1:  # a sheet pointing at a relationship that is not there
        wb = re.sub(rb'r:id="[^"]*"', b'r:id="rIdNone"', wb, count=1)
    else:  # a sheet name of 300 characters
        wb = re.sub(rb'name="[^"]*"', b'name="' + "表" .encode() * 300 + b'"', wb, count=1)
    parts["xl/workbook.xml"] = wb
    return parts


CELL_MUTATIONS = [_num, _num, _many_nums, _text, _bad_ref, _bad_type, _bad_type, _style_date, _merge, _huge_shared]
PART_MUTATIONS = [_drop, _cut_part, _xml_noise, _duplicate, _bomb, _sheet_names]


def _cut_file(rng: random.Random, raw: bytes) -> bytes:
    return raw[:rng.randint(0, len(raw) - 1)]


def _flip_bytes(rng: random.Random, raw: bytes) -> bytes:
    data = bytearray(raw)
    for _ in range(rng.randint(1, 8)):
        data[rng.randrange(len(data))] ^= 1 << rng.randrange(8)
    return bytes(data)


def damage(base: Path, out_dir: Path, rng: random.Random, count: int, prefix: str = "") -> list[tuple[Path, str]]:
    """*count* damaged copies of *base* in *out_dir*: a quarter broken as files (cut short, bits
    flipped), the rest rebuilt from parts with one to three cell or part mutations each."""
    raw = base.read_bytes()
    parts = read_parts(base)
    out: list[tuple[Path, str]] = []
    for i in range(count):
        roll = rng.random()
        if roll < 0.12:
            kind, data = "cut-file", _cut_file(rng, raw)
        elif roll < 0.25:
            kind, data = "flip-bytes", _flip_bytes(rng, raw)
        else:
            current: Parts | list = dict(parts)
            kinds = []
            for _ in range(rng.choice([1, 1, 2, 3])):
                pool = CELL_MUTATIONS if rng.random() < 0.7 else PART_MUTATIONS
                fn = rng.choice(pool)
                if isinstance(current, list):  # duplicated entries: no further mutation
                    break
                current = fn(rng, current)
                kinds.append(fn.__name__.strip("_"))
            kind = "+".join(kinds)
            data = write_parts(current, zipfile.ZIP_STORED if rng.random() < 0.1 else zipfile.ZIP_DEFLATED)
        path = out_dir / f"{prefix}{i:04d}-{kind[:60]}.xlsx"
        path.write_bytes(data)
        out.append((path, kind))
    return out


def damage_other(base: Path, out_dir: Path, rng: random.Random, count: int, prefix: str = "") -> list[tuple[Path, str]]:
    """*count* damaged copies of an .xls or .ods: cut short, bits flipped, and for the zipped .ods
    a part cut short, XML noise or an entry twice."""
    raw = base.read_bytes()
    zipped = raw[:2] == b"PK"
    parts = read_parts(base) if zipped else {}
    out: list[tuple[Path, str]] = []
    for i in range(count):
        roll = rng.random()
        if roll < 0.3:
            kind, data = "cut-file", _cut_file(rng, raw)
        elif roll < 0.6 or not zipped:
            kind, data = "flip-bytes", _flip_bytes(rng, raw)
        else:
            fn = rng.choice([_cut_part, _xml_noise, _duplicate])
            kind, data = fn.__name__.strip("_"), write_parts(fn(rng, parts))
        path = out_dir / f"{prefix}{i:04d}-{kind}{base.suffix}"
        path.write_bytes(data)
        out.append((path, kind))
    return out
