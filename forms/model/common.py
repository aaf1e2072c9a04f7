"""Value types shared by every table: money, flags, coded values, dates, rich-text narratives.

Each type keeps what the user entered, even when it is wrong: a six-digit code for a seven-digit
list, 2020年2月30日, a negative amount. Judging is the checker's job; loading never refuses a value.
"""

from __future__ import annotations

import html
import re
import unicodedata
from datetime import date
from decimal import Decimal
from enum import Enum
from functools import lru_cache
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, PlainSerializer

from .money import MoneyError, parse_money


class Model(BaseModel):
    """Base of every model: assignment is validated, unknown keys in a file are kept out."""

    model_config = ConfigDict(validate_assignment=True, extra="ignore", populate_by_name=True)


# --- money -------------------------------------------------------------------------------------

def _money_in(value: Any) -> Any:
    if value is None or isinstance(value, Decimal):
        return value
    try:
        return parse_money(value)
    except MoneyError:
        raise ValueError(f"不是金额：{value!r}") from None


Money = Annotated[
    Decimal | None,
    BeforeValidator(_money_in),
    PlainSerializer(lambda v: None if v is None else str(v), return_type=str | None),
]
"""An amount in 元, or ``None`` when the cell is blank. Stored as a string in files."""


# --- yes / no flags -----------------------------------------------------------------------------

class YesNo(str, Enum):
    YES = "是"
    NO = "否"
    UNSET = "未填"

    @classmethod
    def parse(cls, value: Any) -> YesNo:
        if isinstance(value, YesNo):
            return value
        if value is None:
            return cls.UNSET
        if isinstance(value, bool):
            return cls.YES if value else cls.NO
        s = unicodedata.normalize("NFKC", str(value)).strip().lower()
        if s in {"是", "y", "yes", "true", "1", "√", "✓"}:
            return cls.YES
        if s in {"否", "n", "no", "false", "0", "×", "✗"}:
            return cls.NO
        return cls.UNSET


Flag = Annotated[YesNo, BeforeValidator(YesNo.parse)]


# --- dates --------------------------------------------------------------------------------------

_CN_DATE = re.compile(r"^\s*(\d{4})\s*[年\-/.]\s*(\d{1,2})\s*[月\-/.]\s*(\d{1,2})\s*日?\s*$")
_COMPACT_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")


def parse_date(value: Any) -> date | str | None:
    """``2020年1月1日``, ``2020-01-01``, ``2020/1/1``, ``20200101`` → :class:`date`; a date that does not
    exist (``2020年2月30日``) or any other text is kept as text; blank → ``None``."""
    if value is None or isinstance(value, date):
        return value
    s = unicodedata.normalize("NFKC", str(value)).strip()
    if not s:
        return None
    m = _CN_DATE.match(s) or _COMPACT_DATE.match(s)
    if m:
        try:
            return date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            return s
    if "T" in s:  # 2020-01-01T00:00:00 from spreadsheets
        head = s.split("T", 1)[0]
        parsed = parse_date(head)
        if isinstance(parsed, date):
            return parsed
    return s


def format_date(value: date | str | None) -> str:
    """A date as the forms write it: ``2020年1月1日``; text is shown as it was entered."""
    if value is None:
        return ""
    if isinstance(value, date):
        return f"{value.year}年{value.month}月{value.day}日"
    return value


FlexDate = Annotated[
    date | str | None,
    BeforeValidator(parse_date),
    PlainSerializer(lambda v: v.isoformat() if isinstance(v, date) else v, return_type=str | None),
]


# --- code + name values -------------------------------------------------------------------------

_CODE_NAME = re.compile(r"^\s*([A-Za-z]?\d+)\s*(.*?)\s*$")


class Coded(Model):
    """A value from a code list, kept as its code and its name (``2011304`` ``对外贸易管理``)."""

    code: str = ""
    name: str = ""

    @classmethod
    def parse(cls, text: Any) -> Coded:
        """``80602社会管理服务类`` → (80602, 社会管理服务类); ``099 其他`` → (099, 其他)."""
        if isinstance(text, Coded):
            return text
        if isinstance(text, dict):
            return cls.model_validate(text)
        s = unicodedata.normalize("NFKC", "" if text is None else str(text)).strip()
        if isinstance(text, float) and text.is_integer():
            s = str(int(text))
        m = _CODE_NAME.match(s)
        if m:
            return cls(code=m[1], name=m[2])
        return cls(code="", name=s)

    def __str__(self) -> str:
        return f"{self.code} {self.name}".strip()

    def is_blank(self) -> bool:
        return not self.code and not self.name


CodedValue = Annotated[Coded, BeforeValidator(Coded.parse)]


# --- narratives ---------------------------------------------------------------------------------

class Attachment(Model):
    """A supporting document attached to a narrative (上传依据)."""

    name: str
    path: str = ""


_TAG = re.compile(r"<[^>]+>")
_BLOCK_END = re.compile(r"</p\s*>|<br\s*/?>", re.I)


@lru_cache(maxsize=4096)
def html_to_text(markup: str) -> str:
    """Plain text of a narrative: paragraphs become newlines, ``m<sup>2</sup>`` becomes ``m2``.
    (Memoised: a check asks for each narrative's text dozens of times, from many rules.)"""
    if not markup:
        return ""
    s = _BLOCK_END.sub("\n", markup)
    s = _TAG.sub("", s)
    s = html.unescape(s)
    return "\n".join(line.strip() for line in s.splitlines() if line.strip())


class Citation(Model):
    """A policy clause a narrative cites, kept as a reference (document + clause) beside the
    quoted sentence, so that it survives re-wording of the narrative and can be checked."""

    doc_id: str
    """The library's id of the document (stable across re-indexing)."""
    title: str = ""
    """The document's title as cited, without 《》."""
    clause: str = ""
    """The clause number as the document writes it: ``（七）``, ``第十条``, ``(seventeen)``."""
    quote: str = ""
    """The quoted sentence."""


class Narrative(Model):
    """A 简述 (rich text, ``<p>``, ``<sup>``, ``<sub>`` kept) with its 上传依据 documents and the
    policy clauses it cites."""

    html: str = ""
    attachments: list[Attachment] = Field(default_factory=list)
    citations: list[Citation] = Field(default_factory=list)

    @property
    def text(self) -> str:
        return html_to_text(self.html)

    def is_blank(self) -> bool:
        return not self.text.strip()


def _narrative_in(value: Any) -> Any:
    if isinstance(value, str):
        return {"html": value}
    return value


NarrativeField = Annotated[Narrative, BeforeValidator(_narrative_in)]


def text_in(value: Any) -> str:
    """Any cell value as text: numbers without a spurious ``.0``, ``None`` as blank."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


Text = Annotated[str, BeforeValidator(text_in)]
