"""项目基本信息表, as the seed lays it out: seven columns, the group labels 基本信息 / 项目目标 /
项目计划 / 项目管理 merged down column A, label cells beside value cells in pairs across B…G.

A row of one field spans its value over C:G, a row of two puts the values in C:D and F:G, a row
of three in C, E and G. The funding grid (申请金额(元)) has a column per year and a row per source.
Each narrative takes two rows: 简述 (the text) and 上传依据 (the attached documents, one a line).
"""

from __future__ import annotations

from ..model import FLAGS, FUNDING_SOURCES, NARRATIVES
from . import FieldSpec, SheetSpec

SHEET = SheetSpec("basic", "项目基本信息表", landscape=False, widths=(7, 20, 14, 16, 18, 16, 16))

_F = {spec.key: spec.label for spec in FLAGS}


def _flag(key: str) -> FieldSpec:
    return FieldSpec(_F[key], f"basic.flags.{key}", "flag", "yes_no", required=True)


INFO_ROWS: tuple[tuple[FieldSpec, ...], ...] = (
    (FieldSpec("项目分类", "basic.category", choices="project_category", required=True),
     FieldSpec("支出保障分类", "basic.guarantee_class", "coded", "guarantee_class", required=True)),
    (FieldSpec("项目主码", "basic.main_code"), FieldSpec("项目副码", "basic.sub_code")),
    (FieldSpec("项目名称", "basic.name", required=True),),
    (FieldSpec("项目级次", "basic.level", choices="level", required=True),
     FieldSpec("项目分配类别", "basic.allocation", choices="allocation", required=True),
     FieldSpec("项目属性", "basic.attribute", choices="attribute", required=True)),
    (FieldSpec("项目实施年度", "basic.budget_year", "year", aliases=("预算年度",), required=True),
     FieldSpec("项目实施周期(年)", "basic.period_years", "int", aliases=("项目实施周期", "实施周期(年)"), required=True),
     FieldSpec("项目开始实施时间", "basic.start_date", "date", aliases=("项目开始时间",), required=True)),
    (FieldSpec("项目领域", "basic.domain", choices="domain"), _flag("major"),
     FieldSpec("项目绩效分类", "basic.perf_class", "coded", "perf_class", required=True)),
    (_flag("direct_to_person"), _flag("poverty"), _flag("poor_county_funds")),
    (_flag("specific"), _flag("procurement"), _flag("purchased_services")),
    (_flag("construction"), _flag("fund"), _flag("non_tax")),
    (FieldSpec("功能科目", "basic.function_subject", "coded", "function_subject", aliases=("支出功能分类科目", "支出功能科目"),
               required=True),),
)
"""基本信息 above the funding grid. ``required``: what a submission cannot leave blank (forms.md
§1 and the rules that ask for it); 项目主码/副码 are assigned by the finance system and 项目领域 has
no rule asking for it, so neither is required."""

FUNDING_LABEL = "申请金额(元)"
FUNDING_ALIASES = ("申请金额", "申请金额（元）", "申请金额（万元）", "申请金额（人民币元）")
FUNDING_HEADER = "资金来源"
FUNDING_ROWS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("total", "合计", ("小计", "总计")),
    *((key, label, ("单位自筹", "自筹资金") if key == "own" else ()) for key, label in FUNDING_SOURCES),
)
"""The rows of the funding grid: model attribute of ``FundingYear``, label, other wordings."""

CONTACT_ROWS: tuple[tuple[FieldSpec, ...], ...] = (
    (FieldSpec("主管部门", "basic.competent_dept", required=True, hint="如 玉溪市商务局"),
     FieldSpec("主管部门联系电话", "basic.competent_phone", hint="如 0877-2025172")),
    (FieldSpec("基层项目单位名称", "basic.unit_name", required=True),
     FieldSpec("填报人员", "basic.filler", aliases=("填报人",), required=True)),
    (FieldSpec("基层项目单位地址", "basic.unit_address"),),
    (FieldSpec("基层项目单位项目负责人", "basic.unit_leader", required=True),
     FieldSpec("基层项目单位电话", "basic.unit_phone", required=True, hint="固定电话（含区号）或手机")),
    (FieldSpec("基层项目单位邮编", "basic.unit_postcode", hint="6 位数字"), FieldSpec("基层项目单位电子邮箱", "basic.unit_email")),
)
"""The contact block. Required are the units and the people to call (主管部门, 基层项目单位名称,
填报人员, 项目负责人 and the unit's 电话); the spec gives only formats for 主管部门联系电话, 地址,
邮编 and 电子邮箱 (forms.md §1, checked when filled by CONT-01 … CONT-03), so those may stay blank."""

INFO_GROUP = "基本信息"
SUMMARY = "简述"
ATTACHMENTS = "上传依据"
NARRATIVE_ROWS = tuple((spec.group, spec.label, f"narratives.{spec.key}") for spec in NARRATIVES)
NOTE = "注：1、专项业务类项目不得补助下级"


def all_fields() -> tuple[FieldSpec, ...]:
    return tuple(f for row in INFO_ROWS + CONTACT_ROWS for f in row)


def required_fields() -> tuple[FieldSpec, ...]:
    """The fields of 项目基本信息表 a submission cannot leave blank, in the form's order."""
    return tuple(f for f in all_fields() if f.required)
