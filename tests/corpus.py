"""A corpus of workbooks made the way departments make them, built once per test session: the
sample exported by this app, then edited with openpyxl (SUM formulas for the 合计, real date
cells, shared strings, protected sheets, an image, comments) and recalculated / re-saved by
LibreOffice as .xlsx, .xls and .ods. Each variant has the exported sample as its clean twin.

``corpus`` (a session fixture) maps a variant's name to its file; LibreOffice runs three times in
all (once per output format, over every source), with its own profile.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import zlib
from datetime import datetime
from pathlib import Path

from tests.conftest import SAMPLE

BASIC = "项目基本信息表"


def soffice() -> str:
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    assert exe, "LibreOffice (libreoffice-calc-nogui) is needed: ./test installs it"
    return exe


def convert(sources: list[Path], fmt: str, out_dir: Path, profile: Path) -> None:
    """*sources* converted by LibreOffice to *fmt* (``xlsx``, ``xls``, ``ods``) into *out_dir*: it
    loads each file, recalculates and saves it as it would for a user."""
    out_dir.mkdir(parents=True, exist_ok=True)
    proc = subprocess.run([soffice(), f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", fmt,
                           "--outdir", str(out_dir), *map(str, sources)],
                          capture_output=True, text=True, timeout=240)
    missing = [s.name for s in sources if not (out_dir / f"{s.stem}.{fmt}").exists()]
    assert not missing, f"LibreOffice did not convert {missing}: {proc.stderr}"


def png_bytes(width: int = 8, height: int = 8) -> bytes:
    """A small red PNG, made in memory (no image file in the repository)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return len(data).to_bytes(4, "big") + body + zlib.crc32(body).to_bytes(4, "big")

    raw = b"".join(b"\x00" + b"\xff\x00\x00" * width for _ in range(height))
    header = width.to_bytes(4, "big") + height.to_bytes(4, "big") + bytes([8, 2, 0, 0, 0])
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


def edit(src: Path, out: Path, change) -> Path:
    """*src* loaded with openpyxl, *change(wb)* applied, saved as *out*."""
    import openpyxl

    wb = openpyxl.load_workbook(src)
    change(wb)
    wb.save(out)
    return out


def variant(twin: Path, name: str, change) -> Path:
    """*twin* edited by *change(wb)*, saved beside it as ``name.xlsx``."""
    return edit(twin, twin.parent / f"{name}.xlsx", change)


def without_app_sheets(wb) -> None:
    """The app's hidden sheets removed: the official layout as a department fills it in by hand."""
    from forms.xlsx.export import HIDDEN_SHEETS

    for name in HIDDEN_SHEETS:
        if name in wb.sheetnames:
            wb.remove(wb[name])


def _formulas(wb) -> None:
    ws = wb[BASIC]
    for col in "DEFG":  # 合计 of each year as the SUM of its three sources, no cached value
        if ws[f"{col}13"].value is not None:
            ws[f"{col}13"] = f"=SUM({col}14:{col}16)"


def _dates(wb) -> None:
    ws = wb[BASIC]
    ws["G6"] = datetime(2020, 1, 1)
    ws["G6"].number_format = 'yyyy"年"m"月"d"日"'


def _protected(wb) -> None:
    for ws in wb.worksheets:
        ws.protection.sheet = True
        ws.protection.password = "2020"


def _image(wb) -> None:
    from openpyxl.drawing.image import Image

    img = Image(io.BytesIO(png_bytes()))
    wb[BASIC].add_image(img, "H2")


def _comments(wb) -> None:
    from openpyxl.comments import Comment

    for ws in wb.worksheets[:3]:
        ws["A1"].comment = Comment("请核对本表金额", "财政局审核人")


def _all(wb) -> None:
    for change in (_formulas, _dates, _protected, _image, _comments):
        change(wb)


EDITS = {"shared-strings": lambda wb: None, "formulas": _formulas, "dates": _dates, "protected": _protected,
         "image": _image, "comments": _comments, "all": _all}
"""Variants edited with openpyxl (whose save writes shared strings, not our inline strings)."""

LO_FROM = {"xlsx": ["sample", "formulas", "dates", "protected", "comments", "all"],
           "xls": ["sample", "formulas", "dates", "all"],
           "ods": ["sample", "formulas", "dates", "all"]}
"""Which sources LibreOffice re-saves in which format (``formulas`` recalculated on the way)."""


def build(root: Path) -> dict[str, Path]:
    from forms import files
    from forms.xlsx import export_workbook

    src = root / "src"
    src.mkdir(parents=True)
    sample = src / "sample.xlsx"
    export_workbook(files.load(SAMPLE), sample)
    made = {"sample.xlsx": sample}
    for name, change in EDITS.items():
        made[f"{name}.xlsx"] = edit(sample, src / f"{name}.xlsx", change)
    for fmt, names in LO_FROM.items():
        out = root / f"lo-{fmt}"
        convert([src / f"{n}.xlsx" for n in names], fmt, out, root / "lo-profile")
        for n in names:
            made[f"{n}-lo.{fmt}"] = out / f"{n}.{fmt}"
    et = root / "et"
    et.mkdir()
    made["sample-lo.et"] = Path(shutil.copy(made["sample-lo.xls"], et / "sample-lo.et"))
    return made
