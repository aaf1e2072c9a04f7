"""项目基本信息表: basic information, the funding grid, the contact block and 13 narratives.

The module follows the form from top to bottom: 基本信息 (attributes, flags, 功能科目, 申请金额,
contacts), then the narratives of 项目目标, 项目计划 and 项目管理.
"""

from __future__ import annotations

from decimal import Decimal
from typing import NamedTuple

from pydantic import Field

from .common import Coded, CodedValue, Flag, FlexDate, Model, Money, Narrative, NarrativeField, Text, YesNo


class FundingYear(Model):
    """One column of 申请金额(元): a year and its sources. ``total`` is the 合计 as written on the
    form; :attr:`computed_total` is what the sources add up to (the checker compares them)."""

    year: int
    total: Money = Field(default=None, title="合计")
    superior: Money = Field(default=None, title="上级补助")
    local: Money = Field(default=None, title="本级财政安排")
    own: Money = Field(default=None, title="部门自筹")

    @property
    def computed_total(self) -> Decimal:
        return sum((v or Decimal(0) for v in (self.superior, self.local, self.own)), Decimal(0))

    def has_money(self) -> bool:
        return any(v for v in (self.total, self.superior, self.local, self.own))


FUNDING_SOURCES: tuple[tuple[str, str], ...] = (
    ("superior", "上级补助"),
    ("local", "本级财政安排"),
    ("own", "部门自筹"),
)
"""The rows of the funding grid under 合计, in the form's order."""


class FlagSpec(NamedTuple):
    key: str
    label: str


FLAGS: tuple[FlagSpec, ...] = (
    FlagSpec("major", "是否重大项目"),
    FlagSpec("direct_to_person", "钱物是否直接补助到人"),
    FlagSpec("poverty", "是否脱贫攻坚项目"),
    FlagSpec("poor_county_funds", "是否使用贫困县整合的涉农资金"),
    FlagSpec("specific", "是否特定项目"),
    FlagSpec("procurement", "是否政府采购"),
    FlagSpec("purchased_services", "是否政府购买服务"),
    FlagSpec("construction", "是否基本建设项目"),
    FlagSpec("fund", "是否基金项目"),
    FlagSpec("non_tax", "是否非税项目"),
)
"""The ten yes/no flags of 基本信息, in the form's order."""


class NarrativeSpec(NamedTuple):
    key: str
    group: str
    label: str


NARRATIVES: tuple[NarrativeSpec, ...] = (
    NarrativeSpec("basis", "项目目标", "项目的法律、法规、政策、会议纪要等依据"),
    NarrativeSpec("feasibility", "项目目标", "项目的可行性论证"),
    NarrativeSpec("content", "项目目标", "项目建设内容(目标)"),
    NarrativeSpec("beneficiaries", "项目目标", "项目的受益对象"),
    NarrativeSpec("party_goals", "项目目标", "项目是否符合各级党委、政府确定的工作目标"),
    NarrativeSpec("pre_assessment", "项目计划", "项目前期评估论证"),
    NarrativeSpec("implementation_plan", "项目计划", "项目实施(工作)方案"),
    NarrativeSpec("funding_standard", "项目计划", "项目资金安排是否有明确的标准和依据"),
    NarrativeSpec("organization", "项目管理", "项目组织机构"),
    NarrativeSpec("responsibility", "项目管理", "项目实施主体责任"),
    NarrativeSpec("savings", "项目管理", "项目节支或增效的改进措施"),
    NarrativeSpec("internal_control", "项目管理", "项目的内控机制"),
    NarrativeSpec("financial_management", "项目管理", "项目的财务管理制度"),
)
"""The 13 简述 + 上传依据 blocks, grouped as on the form."""


def narrative_label(key: str) -> str:
    """The label of the 简述 whose attribute is *key* (*key* itself for an unknown one)."""
    return next((spec.label for spec in NARRATIVES if spec.key == key), key)

NARRATIVE_GROUPS: tuple[str, ...] = ("项目目标", "项目计划", "项目管理")


class Narratives(Model):
    basis: NarrativeField = Field(default_factory=Narrative, title=NARRATIVES[0].label)
    feasibility: NarrativeField = Field(default_factory=Narrative, title=NARRATIVES[1].label)
    content: NarrativeField = Field(default_factory=Narrative, title=NARRATIVES[2].label)
    beneficiaries: NarrativeField = Field(default_factory=Narrative, title=NARRATIVES[3].label)
    party_goals: NarrativeField = Field(default_factory=Narrative, title=NARRATIVES[4].label)
    pre_assessment: NarrativeField = Field(default_factory=Narrative, title=NARRATIVES[5].label)
    implementation_plan: NarrativeField = Field(default_factory=Narrative, title=NARRATIVES[6].label)
    funding_standard: NarrativeField = Field(default_factory=Narrative, title=NARRATIVES[7].label)
    organization: NarrativeField = Field(default_factory=Narrative, title=NARRATIVES[8].label)
    responsibility: NarrativeField = Field(default_factory=Narrative, title=NARRATIVES[9].label)
    savings: NarrativeField = Field(default_factory=Narrative, title=NARRATIVES[10].label)
    internal_control: NarrativeField = Field(default_factory=Narrative, title=NARRATIVES[11].label)
    financial_management: NarrativeField = Field(default_factory=Narrative, title=NARRATIVES[12].label)


class Flags(Model):
    major: Flag = Field(default=YesNo.UNSET, title="是否重大项目")
    direct_to_person: Flag = Field(default=YesNo.UNSET, title="钱物是否直接补助到人")
    poverty: Flag = Field(default=YesNo.UNSET, title="是否脱贫攻坚项目")
    poor_county_funds: Flag = Field(default=YesNo.UNSET, title="是否使用贫困县整合的涉农资金")
    specific: Flag = Field(default=YesNo.UNSET, title="是否特定项目")
    procurement: Flag = Field(default=YesNo.UNSET, title="是否政府采购")
    purchased_services: Flag = Field(default=YesNo.UNSET, title="是否政府购买服务")
    construction: Flag = Field(default=YesNo.UNSET, title="是否基本建设项目")
    fund: Flag = Field(default=YesNo.UNSET, title="是否基金项目")
    non_tax: Flag = Field(default=YesNo.UNSET, title="是否非税项目")


class BasicInfo(Model):
    """项目基本信息表 without its narratives (those are :class:`Narratives`)."""

    # 基本信息: attributes
    category: Text = Field(default="", title="项目分类")
    guarantee_class: CodedValue = Field(default_factory=Coded, title="支出保障分类")
    main_code: Text = Field(default="", title="项目主码")
    sub_code: Text = Field(default="", title="项目副码")
    name: Text = Field(default="", title="项目名称")
    level: Text = Field(default="", title="项目级次")
    allocation: Text = Field(default="", title="项目分配类别")
    attribute: Text = Field(default="", title="项目属性")
    budget_year: int | None = Field(default=None, title="项目实施年度")
    period_years: int | None = Field(default=None, title="项目实施周期(年)")
    start_date: FlexDate = Field(default=None, title="项目开始实施时间")
    domain: Text = Field(default="", title="项目领域")
    perf_class: CodedValue = Field(default_factory=Coded, title="项目绩效分类")
    flags: Flags = Field(default_factory=Flags)
    function_subject: CodedValue = Field(default_factory=Coded, title="功能科目")

    # 申请金额(元): one column per year, the budget year first
    funding: list[FundingYear] = Field(default_factory=list, title="申请金额(元)")

    # contacts
    competent_dept: Text = Field(default="", title="主管部门")
    competent_phone: Text = Field(default="", title="主管部门联系电话")
    unit_name: Text = Field(default="", title="基层项目单位名称")
    filler: Text = Field(default="", title="填报人员")
    unit_address: Text = Field(default="", title="基层项目单位地址")
    unit_leader: Text = Field(default="", title="基层项目单位项目负责人")
    unit_phone: Text = Field(default="", title="基层项目单位电话")
    unit_postcode: Text = Field(default="", title="基层项目单位邮编")
    unit_email: Text = Field(default="", title="基层项目单位电子邮箱")

    def funding_for(self, year: int) -> FundingYear | None:
        for column in self.funding:
            if column.year == year:
                return column
        return None

    def period(self) -> range:
        """The years of the implementation period, 实施年度 … 实施年度 + 周期 − 1."""
        if self.budget_year is None:
            return range(0)
        return range(self.budget_year, self.budget_year + max(self.period_years or 1, 1))


BASIC_TEXT_FIELDS: tuple[str, ...] = (
    "category", "main_code", "sub_code", "name", "level", "allocation", "attribute", "domain",
    "competent_dept", "competent_phone", "unit_name", "filler", "unit_address", "unit_leader",
    "unit_phone", "unit_postcode", "unit_email",
)
BASIC_CODED_FIELDS: tuple[str, ...] = ("guarantee_class", "perf_class", "function_subject")
