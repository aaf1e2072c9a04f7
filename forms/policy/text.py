"""Reading a policy document: its text from .txt / .md / .docx, whether it is a policy document at
all (and not a submission), its language, and the title, issuer and date its heading carries.

Every failure to read is a :class:`~forms.errors.UserError` naming the file.
"""

from __future__ import annotations

import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path

from ..errors import UserError

SUFFIXES = (".txt", ".md", ".docx")
MAX_BYTES = 8 * 1024 * 1024
"""A policy document larger than this is refused (the seeds are about 30 KB)."""
MAX_DOCX_INFLATED = 64 * 1024 * 1024

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


# --- the text of a file -------------------------------------------------------------------------

def read_text(path: Path, data: bytes | None = None) -> str:
    """The document's text, lines kept. ``.txt``/``.md`` may be UTF-8 (with or without BOM),
    UTF-16 with a BOM, or GB18030; ``.docx`` is read paragraph by paragraph."""
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise UserError(f"无法读取“{path.name}”：不支持的文件类型（政策文件可以是 .txt、.md 或 .docx）")
    try:
        size = len(data) if data is not None else path.stat().st_size
    except OSError:
        raise UserError(f"无法读取“{path.name}”：文件不存在或无法访问") from None
    if size > MAX_BYTES:
        raise UserError(f"无法读取“{path.name}”：文件过大（{size // 1024 // 1024} MB，政策文件上限 8 MB）")
    if suffix == ".docx":
        return _read_docx(path)
    if data is None:
        data = path.read_bytes()
    encodings = ("utf-16",) if data[:2] in (b"\xff\xfe", b"\xfe\xff") else ("utf-8-sig", "gb18030")
    for encoding in encodings:  # Notepad's “Unicode” is UTF-16 with a BOM; Chinese Windows' ANSI is GB18030
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" in text:
            break
        return text.replace("\r\n", "\n").replace("\r", "\n")
    raise UserError(f"无法读取“{path.name}”：不是文本文件（编码不是 UTF-8、UTF-16 或 GB18030）")


def _read_docx(path: Path) -> str:
    try:
        with zipfile.ZipFile(path) as zf:
            inflated = sum(info.file_size for info in zf.infolist())
    except (zipfile.BadZipFile, OSError):
        raise UserError(f"无法读取“{path.name}”：不是有效的 Word（.docx）文件") from None
    if inflated > MAX_DOCX_INFLATED:
        raise UserError(f"无法读取“{path.name}”：文件解压后过大，可能已损坏或被构造过")
    import docx

    try:
        document = docx.Document(str(path))
    except Exception:  # python-docx raises many types for a broken package
        raise UserError(f"无法读取“{path.name}”：Word 文件已损坏或不是 .docx 格式") from None
    return "\n".join(p.text for p in document.paragraphs)


# --- what kind of text it is --------------------------------------------------------------------

_SUBMISSION_MARKERS = (
    "项目基本信息表", "项目绩效目标表", "项目支出预算编审表", "对下专项转移支付支出预算明细表",
    "项目名称", "申请金额", "功能科目", "项目实施年度", "绩效指标", "基层项目单位",
)


def looks_like_submission(text: str) -> bool:
    """True for the text of a filled submission (its tables' labels), which is no policy document."""
    head = text[:20000]
    return sum(marker in head for marker in _SUBMISSION_MARKERS) >= 4


def language(text: str) -> str:
    """``zh`` when Chinese characters make up a fair share of the letters, else ``en``."""
    sample = text[:20000]
    cjk = len(_CJK.findall(sample))
    latin = len(re.findall(r"[A-Za-z]", sample))
    return "zh" if cjk * 3 >= latin else "en"


def normalize(text: str) -> str:
    """For comparing quotes and titles: NFKC, lower case, no whitespace, quotes unified."""
    s = unicodedata.normalize("NFKC", text).lower()
    s = s.translate(_QUOTES)
    return re.sub(r"\s+", "", s)


_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "「": '"', "」": '"'})


_TITLE_NOISE = re.compile(r"[《》〈〉<>\"'、，,·・\s]")


@lru_cache(maxsize=4096)
def normalize_title(title: str) -> str:
    """Titles compare without 《》, spaces and the separators between issuers (、 · ，).
    Remembered: the checker compares every cited title with every library title on each check."""
    return _TITLE_NOISE.sub("", normalize(title))


# --- heading: title, issuer, date ---------------------------------------------------------------

@dataclass
class Heading:
    title: str = ""
    issuer: str = ""
    date: date | None = None
    aliases: list[str] = field(default_factory=list)


_DOC_KINDS = ("实施意见", "意见", "通知", "报告", "决定", "办法", "规定", "方案", "批复", "函", "条例",
              "规划", "纲要", "措施", "细则", "公告", "决议", "纪要", "指引", "指南", "计划")
_ZH_TITLE = re.compile(r"关于.+的(?:" + "|".join(_DOC_KINDS) + r")|.+(?:" + "|".join(_DOC_KINDS) + r")$")
_ZH_ORG = r"(?:中共中央|国务院|人民政府|政府|委员会|省委|市委|州委|县委|党委|办公厅|办公室|厅|局|部|委|人大常委会)"
_ZH_ISSUER_LINE = re.compile(r"^[\u4e00-\u9fff（）()]{2,30}" + _ZH_ORG + r"(?:\s+[\u4e00-\u9fff（）()]{2,30}" + _ZH_ORG + r")*$")
_ZH_SIGNED = re.compile(r"^([\u4e00-\u9fff]{2,30}?" + _ZH_ORG + r")(?:局长|厅长|部长|主任|市长|省长|县长|书记)\s*[\u4e00-\u9fff]{2,4}$")
_ZH_TITLE_ISSUER = re.compile(r"^(.{2,40}?" + _ZH_ORG + r")\s*关于")
_ZH_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_ISO_DATE = re.compile(r"(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)")
_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
           "october", "november", "december")
_EN_DATE = re.compile(r"\b(" + "|".join(_MONTHS) + r")\s+(\d{1,2}),\s*(\d{4})\b", re.I)
_EN_ISSUER = re.compile(r"\b(Government|Committee|Council|Ministry|Department|Bureau|Commission|Office|Congress)\b")
_PAREN_TAIL = re.compile(r"\s*[(（][^()（）]*\d{4}[^()（）]*[)）]\s*$")


def _date_in(text: str) -> date | None:
    for pattern in (_ZH_DATE, _EN_DATE, _ISO_DATE):
        for m in pattern.finditer(text):
            try:
                if pattern is _EN_DATE:
                    return date(int(m[3]), _MONTHS.index(m[1].lower()) + 1, int(m[2]))
                return date(int(m[1]), int(m[2]), int(m[3]))
            except ValueError:
                continue
    return None


def _tidy_zh(line: str) -> str:
    line = line.strip().lstrip("#").strip()
    return re.sub(r"(?<=[\u4e00-\u9fff])\s+(?=\d)|(?<=\d)\s+(?=[\u4e00-\u9fff])", "", line)


def read_heading(lines: list[str], lang: str) -> Heading:
    """Title, issuer and date from the lines before the first clause (the document's heading)."""
    head = [line.strip() for line in lines if line.strip()][:15]
    heading = Heading()
    text = "\n".join(head)
    # the date: a full Chinese date wins over a release time stamp (2023-02-13 21:11 来源：新华社)
    heading.date = _date_in(text)
    if lang == "zh":
        signed = False
        for line in head:
            tidy = _tidy_zh(line)
            bare = _PAREN_TAIL.sub("", tidy)
            if not heading.title and _ZH_TITLE.search(bare) and len(bare) <= 80 and not bare.endswith("。"):
                heading.title = bare
                m = _ZH_TITLE_ISSUER.match(bare)
                if m and not heading.issuer:
                    heading.issuer = m[1].strip()
            elif not heading.issuer and _ZH_ISSUER_LINE.match(tidy) and "会议" not in tidy:
                heading.issuer = tidy
            elif not heading.issuer and (m := _ZH_SIGNED.match(tidy)):
                heading.issuer, signed = m[1], True
        if heading.title.startswith("关于") and heading.issuer and not signed:
            heading.aliases.append(heading.title)
            heading.title = heading.issuer + heading.title
    else:
        for line in head:
            if not heading.issuer and _EN_ISSUER.search(line) and len(line) <= 80 and not line.endswith((".", ":")):
                heading.issuer = line
                continue
            if (not heading.title and len(line) <= 150 and not line.endswith((".", ":", ";", ","))
                    and not line.startswith("(") and not _EN_DATE.search(line) and line != heading.issuer):
                heading.title = line
        for line in head:
            heading.aliases += [q for q in re.findall(r"[\"“]([^\"”]{8,150})[\"”]", line) if q != heading.title]
    if not heading.title and head:
        heading.title = _tidy_zh(head[0])[:60]
    return heading
