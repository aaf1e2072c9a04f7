#!/usr/bin/env python3
"""Build ``seeds/example-huaning-education-2024.bfproj``: a clean county submission with a
项目支出预算明细表 (the seed, 003, has none), saved through :func:`forms.files.save`.

华宁县教育体育局 replaces the interactive boards and teachers' computers of its 义务教育 schools over
two years (2024–2025), with a provincial subsidy and county money; every table is filled the way a
careful department fills it, so that ``budgetforms check`` finds no error and no warning.

Run from the repository: ``.venv/bin/python seeds/build_example.py`` (tests/test_detail_example.py
checks that the file in the repository is what this script makes).
"""

from __future__ import annotations

import sys
from datetime import date
from decimal import Decimal as D
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from forms import files  # noqa: E402
from forms.model import (  # noqa: E402
    AnnualGoal,
    BudgetReview,
    BudgetReviewSection,
    DetailAmount,
    DetailLine,
    FundingYear,
    Indicator,
    Narrative,
    ProcurementItem,
    ReviewGroup,
    ReviewItem,
    ScorePair,
    Submission,
    YesNo,
)

OUT = HERE / "example-huaning-education-2024.bfproj"
YEARS = (2024, 2025, 2026)

NARRATIVES = {
    "basis": "依据《中华人民共和国义务教育法》第四十三条、《云南省义务教育学校办学标准》中教学仪器设备配备的规定，"
             "以及华宁县人民政府第十二次常务会议纪要（华政会〔2023〕12号）关于“两年内完成全县义务教育学校交互式教学设备更新”的决定。",
    "feasibility": "县教育体育局于2023年9月对全县42所义务教育学校的教室设备进行了逐校清查：小学有100间教室的投影设备已使用10年以上，"
                   "初中有80间教室的设备无法满足信息化教学需要。更新方案经县财政局、县发展和改革局联合论证，设备单价参照省级同类采购成交价确定，技术和资金上均可行。",
    "content": "2024年为全县小学更新交互式智能平板100台、初中更新30台，为一线教师配备备课用台式计算机16台；2025年为初中更新交互式智能平板50台；"
               "两年各举办2期教师信息化教学应用培训，每期60人。",
    "beneficiaries": "全县42所义务教育学校（小学33所、初中9所）的约1.8万名在校学生和1,260名专任教师；"
                     "设备更新后，农村学校学生可与县城学校同步使用数字教育资源，教师可开展信息化教学和网络教研。",
    "party_goals": "符合华宁县第十五次党代会提出的“推进义务教育优质均衡发展”目标，是县委、县政府2024年教育重点工作之一，"
                   "也是义务教育优质均衡发展县创建的必备条件。",
    "pre_assessment": "项目已完成逐校需求调查和设备现状评估，形成《华宁县义务教育学校教学设备更新需求评估报告》，"
                      "县财政局组织专家进行了事前绩效评估，结论为“予以支持”。",
    "implementation_plan": "2024年3月完成采购需求编制，5月通过公开招标采购交互式智能平板，6月以询价方式采购台式计算机，8月底前完成安装调试；"
                           "2025年4月采购初中第二批设备，8月底前完成安装；两年均于寒暑假期间组织教师培训。",
    "funding_standard": "资金按设备数量乘以单价测算：交互式智能平板每台1万元，台式计算机每台5,000元，参照2023年云南省政府采购同类设备成交均价；"
                        "培训费按《云南省省级机关培训费管理办法》的标准，每人每期200元。2024年需140.4万元，其中省级补助100万元，县级财政安排40.4万元；2025年县级财政安排52.4万元。",
    "organization": "成立由县教育体育局局长任组长、分管副局长任副组长的项目领导小组，下设办公室在装备站，负责采购、安装和验收的日常工作。",
    "responsibility": "县教育体育局是项目实施主体，对资金使用和设备采购负总责；"
                      "各学校校长对本校设备的安装、使用和管理负直接责任，装备站负责技术验收。",
    "savings": "采用集中带量采购降低单价，旧设备按国有资产管理规定统一处置，设备验收后纳入学校资产台账，由专人维护以延长使用年限。",
    "internal_control": "执行采购、验收、付款三岗分离：需求由装备站提出，采购由计划财务股组织，"
                        "验收由学校和装备站共同签字；每笔付款须附验收单并经局务会审定。",
    "financial_management": "项目资金纳入县教育体育局财务统一核算，设立项目辅助账，专款专用；执行《华宁县县级财政专项资金管理办法》，"
                            "接受县财政局和县审计局的监督检查，项目结束后三个月内完成决算。",
}

INDICATORS = [
    # level1, level2, name, operator, value, unit, basis, note
    ("产出指标", "数量指标", "更新交互式智能平板数量", "=", "180", "台", "设备更新需求评估报告", "2024年130台，2025年50台"),
    ("产出指标", "数量指标", "配备教师备课用计算机数量", "=", "16", "台", "设备更新需求评估报告", "2024年配齐"),
    ("产出指标", "数量指标", "教师信息化教学应用培训人次", "≥", "240", "人次", "年度培训计划", "每年2期，每期60人"),
    ("产出指标", "质量指标", "设备验收合格率", "=", "100", "%", "设备验收单", "按合同技术参数逐台验收"),
    ("产出指标", "时效指标", "每批设备采购后安装调试完成时限", "≤", "3", "月", "项目实施方案", "每批设备在秋季学期开学前投入使用"),
    ("成本指标", "经济成本指标", "交互式智能平板单价", "≤", "10000", "元", "2023年省级同类设备成交价", "超出部分由供应商优惠承担"),
    ("效益指标", "社会效益指标", "信息化教学覆盖教室比例", "≥", "95", "%", "学校教学日志抽查", "全县义务教育学校教室"),
    ("效益指标", "可持续影响指标", "设备正常使用年限", "≥", "8", "年", "设备质保条款及资产管理规定", "按资产管理规定维护"),
    ("满意度指标", "服务对象满意度指标", "师生对教学设备的满意度", "≥", "90", "%", "问卷调查", "每学期末在各校抽样调查"),
]

REVIEW = [
    ("一", "项目目标", 23, [
        ("1.1", "项目依据是否充分", 8, [("(1)", "项目的法律、法规、政策、会议纪要、领导批示等依据", 8, ["basis"])]),
        ("1.2", "项目目标是否明确", 15, [("(1)", "项目是否符合各级党委、政府确定的工作目标", 6, ["party_goals"]),
                                     ("(2)", "项目目标是否明确", 6, ["content"]),
                                     ("(3)", "项目是否有明确的受益对象", 3, ["beneficiaries"])]),
    ]),
    ("二", "项目计划", 57, [
        ("2.1", "项目计划是否可行", 10, [("(1)", "项目实施(工作)方案是否合理可行", 10, ["pre_assessment", "implementation_plan"])]),
        ("2.2", "项目绩效目标是否科学", 27, [
            ("(1)", "项目绩效目标是否与部门整体支出绩效目标相符", 8,
             "项目目标对应县教育体育局2024年部门整体绩效目标中“义务教育优质均衡发展”一项，设备更新数量、信息化教学覆盖比例与部门整体目标的指标口径一致。"),
            ("(2)", "项目绩效目标是否全面", 6, "绩效目标覆盖产出、成本、效益和满意度四类一级指标，共9个三级指标，"
                                     "既有设备数量、质量和时限，也有单价控制、教学覆盖比例和师生满意度。"),
            ("(3)", "项目绩效指标是否量化、可考核", 8, "9个指标均为定量指标，均写明指标值、度量单位和数据来源，"
                                         "数据来自验收单、培训签到表、教学日志抽查和问卷调查，年末可逐项考核。"),
            ("(4)", "项目是否具备相应的预算绩效管理制度", 5, "执行《华宁县县级预算绩效管理实施办法》，由计划财务股牵头，"
                                            "年中开展绩效运行监控，年末开展绩效自评并将结果报县财政局。"),
        ]),
        ("2.3", "项目资金是否合理", 20, [("(1)", "项目资金安排是否有明确的标准或依据", 10, ["funding_standard"]),
                                     ("(2)", "项目资金安排是否充分细化，并在预算明细表中反映", 10,
                                      "资金已按支出功能分类和经济分类逐项细化，请查看项目支出预算明细表：专用设备购置、办公设备购置和培训费各行均列明数量、单价和测算依据，并与政府采购表一致。")]),
    ]),
    ("三", "项目管理", 20, [
        ("3.1", "项目管理是否有效", 15, [("(1)", "项目组织机构是否健全", 4, ["organization"]),
                                     ("(2)", "项目实施主体责任是否明确", 4, ["responsibility"]),
                                     ("(3)", "项目是否有节支或增效的改进措施", 2, ["savings"]),
                                     ("(4)", "项目是否有规范的内控机制", 5, ["internal_control"])]),
        ("3.2", "财务管理是否规范", 5, [("(1)", "项目是否有健全的财务管理制度", 5, ["financial_management"])]),
    ]),
]


def _amounts(*pairs: tuple[int, str]) -> list[DetailAmount]:
    return [DetailAmount(year=y, amount=D(a)) for y, a in pairs]


def build() -> Submission:
    s = Submission()
    b = s.basic
    b.category = "事业发展类"
    b.guarantee_class = "80601 基本公共服务类"
    b.main_code = "C205020203001"
    b.sub_code = "530424001"
    b.name = "华宁县义务教育学校教学设备更新项目"
    b.level = "本级"
    b.allocation = "项目法"
    b.attribute = "一次性项目"
    b.budget_year = 2024
    b.period_years = 2
    b.start_date = date(2024, 1, 1)
    b.domain = "普通项目"
    b.perf_class = "002 事业发展类"
    for key in ("major", "direct_to_person", "poverty", "poor_county_funds", "specific", "purchased_services",
                "construction", "fund", "non_tax"):
        setattr(b.flags, key, YesNo.NO)
    b.flags.procurement = YesNo.YES
    b.function_subject = "2050202 小学教育"
    b.funding = [
        FundingYear(year=2024, total=D("1404000.00"), superior=D("1000000.00"), local=D("404000.00")),
        FundingYear(year=2025, total=D("524000.00"), local=D("524000.00")),
        FundingYear(year=2026),
    ]
    b.competent_dept = "华宁县教育体育局"
    b.competent_phone = "0877-5012345"
    b.unit_name = "华宁县教育体育局"
    b.filler = "李娟"
    b.unit_address = "云南省玉溪市华宁县宁州街道宁州路28号"
    b.unit_leader = "张明"
    b.unit_phone = "0877-5012346"
    b.unit_postcode = "652800"
    b.unit_email = "hnjyzbz@163.com"

    for key, text in NARRATIVES.items():
        setattr(s.narratives, key, Narrative(html=f"<p>{text}</p>"))

    s.performance.annual_goals = [
        AnnualGoal(year=2024, goal="完成全县小学100台、"
                                   "初中30台交互式智能平板和16台教师备课用计算机的采购安装，培训教师120人次", note="2024年8月底前投入使用"),
        AnnualGoal(year=2025, goal="完成初中50台交互式智能平板的采购安装，"
                                   "培训教师120人次，义务教育学校教室信息化教学设备全部更新", note="2025年8月底前投入使用"),
    ]
    s.performance.indicators = [
        Indicator(level1=l1, level2=l2, name=name, operator=op, value=value, unit=unit, basis=basis, note=note,
                  kind="定量指标", core=YesNo.YES if i < 3 else YesNo.NO)
        for i, (l1, l2, name, op, value, unit, basis, note) in enumerate(INDICATORS)
    ]

    common = dict(nature="一般公共预算拨款", purchased_services=YesNo.NO)
    s.detail.lines = [
        DetailLine(function_subject="2050202 小学教育", dept_economic="31003 专用设备购置", gov_economic="50306 设备购置",
                   source="上级补助", amounts=_amounts((2024, "1000000.00")), procurement=YesNo.YES,
                   basis="小学教室交互式智能平板 100 台 × 10,000 元/台", **common),
        DetailLine(function_subject="2050203 初中教育", dept_economic="31003 专用设备购置", gov_economic="50306 设备购置",
                   source="本级财政安排", amounts=_amounts((2024, "300000.00"), (2025, "500000.00")), procurement=YesNo.YES,
                   basis="初中教室交互式智能平板 2024年 30 台、2025年 50 台，每台 10,000 元", **common),
        DetailLine(function_subject="2050202 小学教育", dept_economic="31002 办公设备购置", gov_economic="50306 设备购置",
                   source="本级财政安排", amounts=_amounts((2024, "80000.00")), procurement=YesNo.YES,
                   basis="教师备课用台式计算机 16 台 × 5,000 元/台", **common),
        DetailLine(function_subject="2050202 小学教育", dept_economic="30216 培训费", gov_economic="50203 培训费",
                   source="本级财政安排", amounts=_amounts((2024, "24000.00"), (2025, "24000.00")), procurement=YesNo.NO,
                   basis="教师信息化教学应用培训：每年 2 期 × 60 人 × 200 元/人·期", note="按县级培训费标准", **common),
    ]
    s.detail.declared_total = _amounts((2024, "1404000.00"), (2025, "524000.00"))
    # every line and the 合计 row with an entry for each grid year, blank where there is no money: the
    # form the app keeps a table in (the workbook's sheet has a column a year, and reads it back so)
    s.detail.ensure_years(s.grid_years())

    board = dict(catalogue="A 货物", item_code="A0201", unit="台", unit_price=D("10000.00"),
                 dept_economic="31003 专用设备购置", gov_economic="50306 设备购置", method="公开招标")
    s.procurement.items = [
        ProcurementItem(name="小学交互式智能平板", quantity=100, need_time=date(2024, 5, 1), amount=D("1000000.00"), **board),
        ProcurementItem(name="初中交互式智能平板（第一批）", quantity=30, need_time=date(2024, 5, 1), amount=D("300000.00"), **board),
        ProcurementItem(name="初中交互式智能平板（第二批）", quantity=50, need_time=date(2025, 4, 1), amount=D("500000.00"), **board),
        ProcurementItem(name="教师备课用台式计算机", catalogue="A 货物", item_code="A02010104", method="询价", unit="台", quantity=16,
                        need_time=date(2024, 6, 1), amount=D("80000.00"), unit_price=D("5000.00"),
                        dept_economic="31002 办公设备购置", gov_economic="50306 设备购置"),
    ]
    s.procurement.declared_total = D("1880000.00")

    sections = []
    for number, title, weight, groups in REVIEW:
        section = BudgetReviewSection(number=number, title=title, weight=D(weight))
        for g_number, g_title, g_weight, items in groups:
            group = ReviewGroup(number=g_number, title=g_title, weight=D(g_weight))
            for i_number, i_title, i_weight, summary in items:
                text = summary if isinstance(summary, str) else "".join(getattr(s.narratives, k).text for k in summary)
                # the department's own assessment: the 节支增效 measures are modest, one point off
                score = D(i_weight) - (1 if (g_number, i_number) == ("3.1", "(3)") else 0)
                group.items.append(ReviewItem(number=i_number, title=i_title, weight=D(i_weight), self_score=score,
                                              summary=text))
            section.groups.append(group)
        sections.append(section)
    s.budget_review = BudgetReview(sections=sections, table_score=ScorePair(self_score=D("99")),
                                   total_score=ScorePair(self_score=D("99")))
    return s


def main() -> int:
    files.save(build(), OUT, keep_backup=False)
    print(OUT)
    return 0


if __name__ == "__main__":
    sys.exit(main())
