"""项目基本信息表 apart from the money: required fields, the ten yes/no flags, code lists of the year,
and the contact block's formats (BASIC-01, BASIC-02, FLAG-01, CODE-02 … CODE-05, CONT-01 … CONT-03;
CODE-01, the 功能科目, is in :mod:`.codelists`)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from ..layouts import basic as L_basic
from ..model import FLAGS, YesNo
from ._util import all_prose, needs, scan
from .engine import Context, Finding, Severity, rule

BASIC = "项目基本信息表"

ASKED_ELSEWHERE: dict[str, str] = {
    "basic.period_years": "BASIC-02",
    "basic.start_date": "FUND-05",
    "basic.guarantee_class": "CODE-02",
    "basic.perf_class": "CODE-02",
    "basic.function_subject": "CODE-01",
    **{f"basic.flags.{spec.key}": "FLAG-01" for spec in FLAGS},
}
"""Required fields whose own rule says what a blank one needs (a code from the list, a date inside
the period, 是 or 否): BASIC-01 leaves them to it."""

_HOW = {"basic.budget_year": "请填写预算年度，如 2020"}


def _required() -> tuple[tuple[str, str, str], ...]:
    """``(path, attribute of basic, label)`` of the fields BASIC-01 asks for: those the layout
    declares required."""
    return tuple((f.path, f.path.removeprefix("basic."), f.label) for f in L_basic.required_fields()
                 if f.path not in ASKED_ELSEWHERE)


REQUIRED = _required()


@rule("BASIC-01", Severity.ERROR, BASIC, "必填项已填写（项目名称、分类、级次、分配类别、属性、实施年度、单位、联系人…）",
      reads=tuple(sorted(path for path, _key, _label in REQUIRED)))
def basic_required(ctx: Context) -> Iterator[Finding]:
    """The fields every submission needs: name, classification, level, allocation, attribute, the
    budget year, the units and the people to call."""
    # the fields the layout of 项目基本信息表 flags ``required`` (the app stars the same ones)
    b = ctx.submission.basic
    for path, key, label in REQUIRED:
        value = getattr(b, key)
        if value is None or (isinstance(value, str) and not value.strip()):
            yield ctx.finding(path, f"{label}未填写：{_HOW.get(path, '请填写')}")


@rule("BASIC-02", Severity.ERROR, BASIC, "项目实施周期(年)为不小于 1 的整数，一次性项目为 1 年以内", reads=("basic.period_years",))
def basic_period(ctx: Context) -> Iterator[Finding]:
    """项目实施周期(年) is an integer ≥ 1 (the funding grid shows at most the budget year and the
    two after it, so a longer period is worth a look)."""
    b = ctx.submission.basic
    if b.period_years is None:
        yield ctx.finding("basic.period_years", "项目实施周期(年)未填写：请填写 1、2、3 等年数")
    elif b.period_years < 1:
        yield ctx.finding("basic.period_years", f"项目实施周期为 {b.period_years} 年：周期至少为 1 年")


@rule("FLAG-01", Severity.ERROR, BASIC, "十个“是否”项都已选“是”或“否”", reads=("basic.flags",))
def flags_answered(ctx: Context) -> Iterator[Finding]:
    """Every yes/no flag of 基本信息 is answered 是 or 否; a blank flag is not a 否."""
    flags = ctx.submission.basic.flags
    for spec in FLAGS:
        if getattr(flags, spec.key) == YesNo.UNSET:
            yield ctx.finding(f"basic.flags.{spec.key}", f"{spec.label}未选择：请选“是”或“否”（空白不等于“否”）")


@rule("CODE-02", Severity.ERROR, BASIC, "支出保障分类、项目绩效分类的编码和名称与当年字典一致", reads=("basic.guarantee_class", "basic.perf_class"))
def code_dictionaries(ctx: Context) -> Iterator[Finding]:
    """The coded attributes (支出保障分类 80602 社会管理服务类, 项目绩效分类 099 其他) have a code of the
    year's dictionary and its name."""
    b = ctx.submission.basic
    for key, list_key in (("guarantee_class", "guarantee_class"), ("perf_class", "perf_class")):
        value = getattr(b, key)
        dictionary = ctx.codes[list_key]
        if value.is_blank():
            yield ctx.finding(f"basic.{key}", f"{dictionary.title}未填写：请从下拉选项中选择")
        elif value.code not in dictionary.names:
            yield ctx.finding(f"basic.{key}",
                              f"{dictionary.title}“{value}”不在 {ctx.codes.year} 年字典中（{'、'.join(dictionary.choices())}）：请重新选择")
        elif value.name and value.name != dictionary.names[value.code]:
            yield ctx.finding(f"basic.{key}", f"{dictionary.title} {value.code} 的名称应为“{dictionary.names[value.code]}”，而不是“{value.name}”")


PLAIN_LISTS = (("category", "project_category"), ("level", "level"), ("allocation", "allocation"),
               ("attribute", "attribute"), ("domain", "domain"))


@rule("CODE-05", Severity.ERROR, BASIC, "项目分类、级次、分配类别、属性、领域取自当年代码表",
      reads=("basic.allocation", "basic.attribute", "basic.category", "basic.domain", "basic.level"))
def code_plain_lists(ctx: Context) -> Iterator[Finding]:
    """The attributes chosen from lists take one of the year's values (项目分类 事业发展类 …)."""
    b = ctx.submission.basic
    for key, list_key in PLAIN_LISTS:
        value = getattr(b, key).strip()
        values = ctx.codes[list_key]
        if value and value not in values:
            yield ctx.finding(f"basic.{key}", f"{values.title}“{value}”不是可选值（{'、'.join(values.values)}）：请从下拉选项中选择")


@rule("CODE-03", Severity.WARNING, BASIC, "项目主码、副码符合配置的格式",
      params={"main_code": r"[A-Z]\d{12}", "sub_code": r"\d{9}",
              "main_example": "C205010103016", "sub_example": "150003002"}, reads=("basic.main_code", "basic.sub_code"))
def code_project_codes(ctx: Context) -> Iterator[Finding]:
    """项目主码 (a letter and 12 digits in the seed) and 项目副码 (9 digits) follow the patterns the
    pack configures; blank codes are left to the finance system that assigns them."""
    b = ctx.submission.basic
    for key, label in (("main_code", "项目主码"), ("sub_code", "项目副码")):
        value = getattr(b, key).strip()
        pattern = ctx.param(key)
        if value and pattern and not re.fullmatch(pattern, value):
            example = ctx.param(key.replace("code", "example"), "")
            yield ctx.finding(f"basic.{key}", f"{label}“{value}”格式不对（应形如 {example}）：请按预算系统分配的编码填写")


_USCC_CONTEXT = needs(re.compile(r"(统一社会信用代码|信用代码)[：:\s]*([0-9A-Za-z]{15,20})"), "信用代码")
_USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def uscc_valid(code: str) -> bool:
    """GB 32100-2015: 18 characters, check character from weights 3^i mod 31."""
    code = code.upper()
    if len(code) != 18 or any(c not in _USCC_ALPHABET for c in code):
        return False
    total = sum(_USCC_ALPHABET.index(c) * w for c, w in zip(code, _USCC_WEIGHTS, strict=False))
    return _USCC_ALPHABET[(31 - total % 31) % 31] == code[17]


@rule("CODE-04", Severity.WARNING, BASIC, "写出的统一社会信用代码通过校验位",
      reads=("budget_review", "construction_review", "narratives", "performance"))
def code_uscc(ctx: Context) -> Iterator[Finding]:
    """Any 统一社会信用代码 written in the submission passes the GB 32100 check character (some early
    pilot codes fail it, hence a warning)."""
    for prose in all_prose(ctx):
        for match in scan(_USCC_CONTEXT, prose.text):
            if not uscc_valid(match[2]):
                yield ctx.finding(prose.path, f"“{prose.label}”中的统一社会信用代码“{match[2]}”未通过校验（应为 18 位且校验位正确）：请核对",
                                  table=prose.table)


_MOBILE = re.compile(r"1[3-9]\d{9}")
_LANDLINE = re.compile(r"0(\d{2,3})(\d{7,8})")


def phone_problem(raw: str) -> str | None:
    """Why *raw* is not a landline (0 + area code + number) or a mobile, or ``None`` if it is one."""
    s = unicodedata.normalize("NFKC", raw).strip()
    s = re.sub(r"(转|ext\.?|x)\s*\d{1,6}$", "", s, flags=re.I)
    digits = re.sub(r"[\s\-()（）+]", "", s)
    if digits.startswith("86") and len(digits) in (12, 13):
        digits = digits[2:]
    if not digits.isdigit():
        return "含有数字以外的字符"
    if _MOBILE.fullmatch(digits) or _LANDLINE.fullmatch(digits):
        return None
    if len(digits) in (10, 11) and not digits.startswith(("0", "1")):
        return f"为 {len(digits)} 位、不以 0 开头，可能漏了区号前的 0（应为 0{digits[:3]}-{digits[3:]}）"
    if len(digits) in (7, 8):
        return "缺少区号（固定电话应写成 区号-号码，如 0877-2025172）"
    return f"位数不对（{len(digits)} 位）"


@rule("CONT-01", Severity.WARNING, BASIC, "电话是带区号的固定电话或 11 位手机号",
      params={"area_codes": []}, reads=("basic.competent_phone", "basic.unit_phone"))
def contact_phones(ctx: Context) -> Iterator[Finding]:
    """主管部门联系电话 and 基层项目单位电话 are a landline with its area code (0877-2025172) or a
    mobile (1[3-9] + 9 digits). A pack for a region may list its area codes."""
    b = ctx.submission.basic
    area_codes = tuple(ctx.param("area_codes") or ())
    for key, label in (("competent_phone", "主管部门联系电话"), ("unit_phone", "基层项目单位电话")):
        value = getattr(b, key).strip()
        if not value:
            continue
        problem = next((p for part in re.split(r"[/、,，;；]", value) if part.strip() and (p := phone_problem(part))), None)
        if problem:
            yield ctx.finding(f"basic.{key}", f"{label}“{value}”{problem}：请写成 区号-号码（如 0877-2025172）或 11 位手机号")
        elif area_codes:
            digits = re.sub(r"\D", "", value)
            if digits.startswith("0") and not digits.startswith(area_codes):
                yield ctx.finding(f"basic.{key}", f"{label}“{value}”的区号不是本地区的区号（{'、'.join(area_codes)}）：请核对")


@rule("CONT-02", Severity.WARNING, BASIC, "邮编为 6 位数字（首位非 0），并与地区相符",
      params={"postcode_prefixes": []}, reads=("basic.unit_postcode",))
def contact_postcode(ctx: Context) -> Iterator[Finding]:
    """基层项目单位邮编 is six digits not starting with 0; a pack for a region may list the prefixes
    of its postcodes (云南 65–67)."""
    value = unicodedata.normalize("NFKC", ctx.submission.basic.unit_postcode).strip()
    if not value:
        return
    if not re.fullmatch(r"[1-9]\d{5}", value):
        yield ctx.finding("basic.unit_postcode", f"基层项目单位邮编“{value}”不是 6 位数字：请填写正确邮编，如 653100")
        return
    prefixes = tuple(ctx.param("postcode_prefixes") or ())
    if prefixes and not value.startswith(prefixes):
        yield ctx.finding("basic.unit_postcode", f"基层项目单位邮编“{value}”不是本地区的邮编（应以 {'、'.join(prefixes)} 开头）：请核对")


_EMAIL = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}")


@rule("CONT-03", Severity.WARNING, BASIC, "电子邮箱格式正确", reads=("basic.unit_email",))
def contact_email(ctx: Context) -> Iterator[Finding]:
    """基层项目单位电子邮箱 looks like ``name@domain.tld``."""
    value = unicodedata.normalize("NFKC", ctx.submission.basic.unit_email).strip()
    if value and not _EMAIL.fullmatch(value):
        yield ctx.finding("basic.unit_email", f"基层项目单位电子邮箱“{value}”格式不对：应形如 name@example.com")

