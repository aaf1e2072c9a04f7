"""Cases for the rule tests (no tests of its own): small modifications of the sample that make one
rule fire (for rules the sample passes) or keep it quiet (for rules the sample breaks). Shared by
tests/test_rules.py and tests/test_check_cli.py."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

from forms.model import FLAGS, DetailAmount, DetailLine, ProcurementItem, ServiceItem, Submission, YesNo

SEED_RULES = [
    "BUILD-01", "BUILD-03", "BUILD-04", "BUILD-05", "BUILD-06", "CONT-01", "DOC-01", "FLAG-01",
    "PERF-05", "PERF-06", "PERF-08", "PERF-10", "PERF-11", "PROC-05", "REV-05", "REV-07", "REV-08",
    "TEXT-01", "TEXT-02", "TEXT-03", "TEXT-04", "TEXT-05", "TP-08",
]
"""The rule IDs that fire on the sample (seed 003), per the seed column of docs/domain.md §3."""


def _item(s: Submission, sec: int, grp: int, it: int):
    return s.budget_review.sections[sec].groups[grp].items[it]


def _replace_everywhere(s: Submission, old: str, new: str) -> None:
    for spec in type(s.narratives).model_fields:
        n = getattr(s.narratives, spec)
        n.html = n.html.replace(old, new)
    for *_, item in s.budget_review.items():
        item.summary = item.summary.replace(old, new)
    if s.construction_review:
        for *_, item in s.construction_review.items():
            item.summary = item.summary.replace(old, new)
    for g in s.performance.annual_goals:
        g.goal, g.note = g.goal.replace(old, new), g.note.replace(old, new)


# --- make a rule fire on a sample that passes it -------------------------------------------------

def _fund_01(s):
    s.basic.funding[1].local = D("36000000.00")


def _fund_02(s):
    s.basic.funding[0].own = D("0.001")
    s.basic.funding[0].total = D("20000000.001")


def _fund_03(s):
    s.basic.funding[2].local = s.basic.funding[2].total = D("1000000.00")


def _fund_04(s):
    s.basic.period_years = 3


def _fund_05(s):
    s.basic.start_date = "2020年2月30日"


def _fund_06(s):
    s.narratives.responsibility.html = s.narratives.responsibility.html.replace("预拨付 2000 万元", "预拨付 2500 万元")


def _fund_07(s):
    s.narratives.funding_standard.html = s.narratives.funding_standard.html.replace("由市级财政承担 50%", "由市级财政承担 60%")


def _tp_01(s):
    s.basic.level = "本级"


def _tp_02(s):
    s.basic.category = "专项业务类"


def _tp_03(s):
    s.transfers.regions[0].years[0].scale = D("19000000.00")


def _tp_04(s):
    s.transfers.declared_total[1].superior = D("5000000.00")


def _tp_05(s):
    for y in (s.transfers.declared_total[1], s.transfers.regions[0].years[1]):
        y.scale = y.local = D("36000000.00")


def _tp_06(s):
    s.basic.competent_dept = s.basic.unit_name = "玉溪市红塔区商务局"


def _tp_07(s):
    s.transfers.regions[0].name = ""


def _tp_09(s):
    s.transfers.regions.append(s.transfers.regions[0].model_copy(deep=True))


def _tp_10(s):
    s.transfers.regions[0].years[0].own = D("-1.00")


def _proc_01(s):
    s.basic.flags.procurement = YesNo.YES


def _proc_02(s):
    s.basic.flags.procurement = YesNo.YES
    s.procurement.items.append(ProcurementItem(name="办公桌椅", catalogue="家具", method="随便买", unit="套", quantity=0,
                                               need_time=date(2020, 6, 1), amount=D("100.00")))


def _proc_03(s):
    s.basic.flags.procurement = YesNo.YES
    s.procurement.items.append(ProcurementItem(name="综合用房工程", catalogue="B 工程", method="公开招标", unit="项", quantity=1,
                                               need_time=date(2020, 6, 1), amount=D("30000000.00")))
    s.procurement.declared_total = D("30000000.00")


def _proc_04(s):
    s.basic.flags.procurement = YesNo.YES
    s.procurement.items.append(ProcurementItem(name="监理服务", catalogue="C 服务", method="公开招标", unit="项", quantity=1,
                                               need_time=date(2023, 1, 1), amount=D("100000.00")))
    s.procurement.declared_total = D("100000.00")


def _gps_01(s):
    s.basic.flags.purchased_services = YesNo.YES


def _service(s, **kw):
    s.basic.flags.purchased_services = YesNo.YES
    values = dict(catalogue="技术服务", purchase_way="委托", method="公开招标", amount=D("50000.00"), summary="工程造价审计服务")
    values.update(kw)
    s.services.items.append(ServiceItem(**values))
    s.services.declared_total = values["amount"]


def _gps_02(s):
    _service(s, catalogue="烹饪服务")


def _gps_03(s):
    _service(s, summary="劳务派遣人员 3 名")


def _basic_01(s):
    s.basic.name = ""


def _basic_02(s):
    s.basic.period_years = 0


def _code_01(s):
    s.basic.function_subject = "2011399 对外贸易管理"


def _code_06(s):
    s.basic.flags.procurement = YesNo.YES
    s.procurement.items.append(ProcurementItem(name="办公电脑", catalogue="A02010104 笔记本电脑", method="询价", unit="台",
                                               quantity=10, need_time=date(2020, 6, 1), amount=D("60000.00")))


def _code_07(s):
    _detail_line(s, "30288 办公费", "50201 办公经费")  # no 款 30288 (办公费 is 30201)


def _code_08(s):
    _detail_line(s, "30216 培训费", "50306 设备购置")  # 培训费 goes with 50203 培训费 or 50502


def _code_02(s):
    s.basic.guarantee_class = "80699 其他服务类"


def _code_03(s):
    s.basic.main_code = "205010103016"


def _code_04(s):
    s.narratives.responsibility.html += "<p>建设单位统一社会信用代码：91110000600037341M</p>"


def _code_05(s):
    s.basic.attribute = "临时项目"


def _cont_02(s):
    s.basic.unit_postcode = "65310"


def _cont_03(s):
    s.basic.unit_email = "996935971qq.com"


def _build_02(s):
    s.construction_review.sections[0].items[0].weight = D("6")


def _build_08(s):
    item = s.construction_review.sections[1].items[1]
    item.self_score, item.finance_score = D("8"), D("4")


def _build_07(s):
    item = s.construction_review.sections[2].items[0]
    item.summary = item.summary.replace("2年", "3年")


def _perf_01(s):
    del s.performance.annual_goals[1]


def _perf_02(s):
    s.performance.indicators[0].level2 = "服务对象满意度指标"


def _perf_03(s):
    s.performance.indicators = [i for i in s.performance.indicators if i.level1 != "满意度指标"]


def _perf_04(s):
    s.performance.indicators[0].operator = "约"


def _perf_07(s):
    s.performance.indicators[3].value = "120"


def _perf_09(s):
    s.performance.indicators[0].basis = ""


def _perf_12(s):
    s.performance.indicators[1].name = s.performance.indicators[0].name


def _perf_13(s):
    ind = s.performance.indicators[3]
    ind.kind, ind.operator = "定性指标", "定性"


def _perf_14(s):
    s.performance.indicators[0].value = ""


def _perf_15(s):
    s.performance.annual_goals[1].goal = s.performance.annual_goals[0].goal


def _rev_01(s):
    _item(s, 0, 0, 0).weight = D("9")


def _rev_02(s):
    _item(s, 0, 0, 0).finance_score = D("9.00")


def _rev_03(s):
    s.budget_review.table_score.finance_score = D("77.00")


def _rev_04(s):
    s.budget_review.total_score.finance_score = D("80.00")


def _rev_06(s):
    _item(s, 2, 0, 3).opinion = ""


def _rev_10(s):
    # edited consistently (REV-01 stays quiet) but off the year's template
    _item(s, 0, 0, 0).weight = s.budget_review.sections[0].groups[0].weight = D("10")
    _item(s, 0, 1, 0).weight = D("4")
    s.budget_review.sections[0].groups[1].weight = D("13")


def _rev_09(s):
    _item(s, 0, 0, 0).finance_score = D("7.005")


def _detail(s):
    """The sample's 明细表 as its department would write it: the whole grant is a transfer to the
    高新区 (51301), in the two years of the grid that have money; every DETAIL rule is quiet on it."""
    s.detail.lines = [DetailLine(
        function_subject="2011304 对外贸易管理", dept_economic="39999 其他支出", gov_economic="51301 上下级政府间转移性支出",
        source="本级财政安排", nature="一般公共预算拨款", procurement=YesNo.NO, purchased_services=YesNo.NO,
        amounts=[DetailAmount(year=2020, amount=D("20000000.00")), DetailAmount(year=2021, amount=D("37000000.00"))],
        basis="建安工程概算约 1.14 亿元，市级财政承担 50%：2020年 2000 万元、2021年 3700 万元")]
    s.detail.declared_total = [DetailAmount(year=2020, amount=D("20000000.00")), DetailAmount(year=2021, amount=D("37000000.00")),
                               DetailAmount(year=2022)]
    return s.detail.lines[0]


def _detail_line(s, code, gov="50502 商品和服务支出", amount="100000.00", basis="按实际需要测算：1 项 × 100,000 元", **kw):
    """Move *amount* of the sample's 2021 transfer line to a line of *code* (the totals still add up)."""
    line = _detail(s)
    line.amounts[1].amount -= D(amount)
    values = dict(function_subject="2011304 对外贸易管理", dept_economic=code, gov_economic=gov, source="本级财政安排",
                  nature="一般公共预算拨款", amounts=[DetailAmount(year=2021, amount=D(amount))], basis=basis,
                  procurement=YesNo.NO, purchased_services=YesNo.NO)
    values.update(kw)
    s.detail.lines.append(DetailLine(**values))
    return s.detail.lines[-1]


def _detail_01(s):
    _detail(s).amounts[0].amount = D("19000000.00")
    s.detail.declared_total[0].amount = D("19000000.00")


def _detail_02(s):
    _detail(s)
    s.detail.declared_total[1].amount = D("36000000.00")


def _detail_03(s):
    _detail(s).amounts[0].amount = D("20000000.005")


def _detail_04(s):
    _detail(s).dept_economic = "399 其他支出"


def _detail_05(s):
    _detail(s).nature = ""


def _detail_06(s):
    _detail(s).basis = ""


def _detail_07(s):
    _detail_line(s, "30226 劳务费", "50201 办公经费", basis="聘请专家评审")


def _detail_08(s):
    s.basic.flags.procurement = YesNo.YES
    s.procurement.items.append(ProcurementItem(name="监理服务", catalogue="C 服务", method="公开招标", unit="项", quantity=2,
                                               unit_price=D("60000.00"), need_time=date(2020, 6, 1), amount=D("100000.00")))
    s.procurement.declared_total = D("100000.00")


def _detail_09(s):
    _detail(s)
    _detail_08(s)
    s.procurement.items[0].dept_economic = "30227 委托业务费"


def _detail_10(s):
    _detail(s)
    _service(s, dept_economic="30227 委托业务费")


def _detail_11(s):
    _detail(s)
    s.basic.flags.procurement = YesNo.YES


def _detail_12(s):
    _detail(s).purchased_services = YesNo.YES


def _detail_13(s):
    _detail(s)
    s.basic.category = "基本建设类"


def _detail_14(s):
    _detail_line(s, "30217 公务接待费", "50206 公务接待费", basis="验收接待 2 批 × 20 人 × 150 元")


def _detail_15(s):
    _detail_line(s, "30101 基本工资", "50101 工资奖金津补贴", basis="项目专职人员 2 人 × 12 月 × 4,000 元")


def _detail_16(s):
    _detail(s).gov_economic = "50299 其他商品和服务支出"


def _detail_18(s):
    _detail(s).function_subject = "2050202 小学教育"


def _detail_19(s):
    _detail_line(s, "30227 委托业务费", "50205 委托业务费", basis="工程造价审核 1 项 × 80,000 元")


def _detail_17(s):
    _detail_line(s, "31002 办公设备购置", "50306 设备购置", basis="台式计算机 20 台 × 5,000 元")


FIRE = {
    "FUND-01": _fund_01, "FUND-02": _fund_02, "FUND-03": _fund_03, "FUND-04": _fund_04, "FUND-05": _fund_05,
    "FUND-06": _fund_06, "FUND-07": _fund_07,
    "TP-01": _tp_01, "TP-02": _tp_02, "TP-03": _tp_03, "TP-04": _tp_04, "TP-05": _tp_05, "TP-06": _tp_06,
    "TP-07": _tp_07, "TP-09": _tp_09, "TP-10": _tp_10,
    "PROC-01": _proc_01, "PROC-02": _proc_02, "PROC-03": _proc_03, "PROC-04": _proc_04,
    "GPS-01": _gps_01, "GPS-02": _gps_02, "GPS-03": _gps_03,
    "BASIC-01": _basic_01, "BASIC-02": _basic_02,
    "CODE-01": _code_01, "CODE-02": _code_02, "CODE-03": _code_03, "CODE-04": _code_04, "CODE-05": _code_05,
    "CODE-06": _code_06, "CODE-07": _code_07, "CODE-08": _code_08,
    "CONT-02": _cont_02, "CONT-03": _cont_03,
    "BUILD-02": _build_02, "BUILD-07": _build_07, "BUILD-08": _build_08,
    "PERF-01": _perf_01, "PERF-02": _perf_02, "PERF-03": _perf_03, "PERF-04": _perf_04, "PERF-07": _perf_07,
    "PERF-09": _perf_09, "PERF-12": _perf_12, "PERF-13": _perf_13, "PERF-14": _perf_14, "PERF-15": _perf_15,
    "REV-01": _rev_01, "REV-02": _rev_02, "REV-03": _rev_03, "REV-04": _rev_04, "REV-06": _rev_06, "REV-09": _rev_09,
    "REV-10": _rev_10,
    "DETAIL-01": _detail_01, "DETAIL-02": _detail_02, "DETAIL-03": _detail_03, "DETAIL-04": _detail_04,
    "DETAIL-05": _detail_05, "DETAIL-06": _detail_06, "DETAIL-07": _detail_07, "DETAIL-08": _detail_08,
    "DETAIL-09": _detail_09, "DETAIL-10": _detail_10, "DETAIL-11": _detail_11, "DETAIL-12": _detail_12,
    "DETAIL-13": _detail_13, "DETAIL-14": _detail_14, "DETAIL-15": _detail_15, "DETAIL-16": _detail_16,
    "DETAIL-17": _detail_17, "DETAIL-18": _detail_18,
    "DETAIL-19": _detail_19,
}


# --- keep quiet a rule the sample breaks -----------------------------------------------------------

def _flags(s):
    for spec in FLAGS:
        setattr(s.basic.flags, spec.key, YesNo.NO)
    s.basic.flags.construction = YesNo.YES


def _score_supplement(s):
    for *_, item in s.construction_review.items():
        item.self_score = item.finance_score = item.weight
    s.construction_review.total_score.self_score = s.construction_review.total_score.finance_score = D("100")
    s.budget_review.supplement_score.self_score = s.budget_review.supplement_score.finance_score = D("100")


def _fill_supplement(s):
    for *_, item in s.construction_review.items():
        if not item.summary.strip():
            item.summary = f"不适用：本项目{item.title.removeprefix('项目')}的情况已在可研批复中说明。"


def _areas(s):
    _replace_everywhere(s, "22440.28", "20990.54")


def _investment(s):
    s.performance.annual_goals[0].note = "完成固定资产投资1.2亿元"


def _phones(s):
    s.basic.competent_phone = s.basic.unit_phone = "0877-2025172"


def _doc(s):
    for *_, item in s.budget_review.items():
        if "项目支出预算明细表" in item.summary:
            item.summary = "资金按第五届市人民政府第37次常务会议纪要安排：建安工程概算约1.14亿元，市级财政承担50%，2020年2000万元，2021年3700万元。"


def _time_indicator(s):
    ind = s.performance.indicators[4]
    ind.kind, ind.operator, ind.unit = "定性指标", "定性", ""


def _units(s):
    _time_indicator(s)
    s.performance.indicators[5].unit = "户"


def _deadline(s):
    _replace_everywhere(s, "明年上半年", "2021年一季度")


def _core(s):
    for i, ind in enumerate(s.performance.indicators):
        ind.core = YesNo.YES if i < 2 else YesNo.NO


def _procurement_flag(s):
    s.basic.flags.procurement = YesNo.YES


def _opinions(s):
    _item(s, 1, 1, 0).opinion = "与部门整体目标关联不足"
    _item(s, 2, 0, 2).opinion = "措施不具体"


def _self_scores(s):
    _item(s, 1, 1, 3).self_score = D("4.00")


def _review_summaries(s):
    _item(s, 2, 0, 0).summary = s.narratives.organization.text


def _relative(s):
    _replace_everywhere(s, "明年", "2021年")


def _copies(s):
    s.narratives.financial_management.html = ("<p>执行《玉溪市市级财政专项资金管理办法》，资金拨付到玉溪高新区管委会专户，专款专用、单独核算；"
                                              "市财政局负责资金调度和监管，市审计局在预验收后1个月内完成投资审计。</p>")
    s.construction_review.sections[1].items[3].summary = "初步设计及概算已由玉溪市发展和改革委员会批复。"


def _short(s):
    _item(s, 1, 1, 3).summary = ("依据《玉溪市商务局预算绩效目标管理暂行办法》对项目进行全过程的绩效跟踪管理，"
                                 "按季度收集进度和资金支付数据，年末开展绩效自评并报市财政局。")


def _typos(s):
    for old, new in (("玉海海关", "玉溪海关"), ("玉海关", "玉溪海关"), ("由由", "由"), (" ○", "。"), ("○", "。")):
        _replace_everywhere(s, old, new)


def _markup(s):
    for *_, item in s.budget_review.items():
        item.summary = item.summary.replace(" <sup>2</sup>", "²").replace("<p>", "").replace("</p>", "")


def _region(s):
    s.transfers.regions[0].name = "红塔区"


QUIET = {
    "BUILD-01": _flags, "BUILD-03": _score_supplement, "BUILD-04": _fill_supplement, "BUILD-05": _areas,
    "BUILD-06": _investment, "CONT-01": _phones, "DOC-01": _doc, "FLAG-01": _flags, "PERF-05": _time_indicator,
    "PERF-06": _units, "PERF-08": _deadline, "PERF-10": _time_indicator, "PERF-11": _core,
    "PROC-05": _procurement_flag, "REV-05": _opinions, "REV-07": _self_scores, "REV-08": _review_summaries,
    "TEXT-01": _relative, "TEXT-02": _copies, "TEXT-03": _short, "TEXT-04": _typos, "TEXT-05": _markup,
    "TP-08": _region,
}


def _sync_review(s):
    """Copy the narratives into the review table's 简述 they are reviewed under (REV-08's links)."""
    from forms.rules import REGISTRY

    links = REGISTRY["REV-08"].params["links"]
    for sec in s.budget_review.sections:
        for grp in sec.groups:
            for item in grp.items:
                keys = links.get(f"{grp.number}{item.number}")
                if keys:
                    item.summary = "".join(getattr(s.narratives, k).text for k in keys)


def with_detail(s: Submission) -> Submission:
    """The sample with its 明细表 (:func:`_detail`)."""
    _detail(s)
    return s


def fix_everything(s: Submission) -> Submission:
    """The sample with every finding of the seed answered: what a department sends after reading
    the checker's report."""
    for fix in (_flags, _score_supplement, _fill_supplement, _areas, _investment, _phones, _doc, _units,
                _deadline, _core, _opinions, _self_scores, _review_summaries, _relative, _copies, _short, _typos,
                _markup, _region):
        fix(s)
    _sync_review(s)
    # the self-assessment lost 1 point in 2.2(4); the supplement is scored: re-add the totals
    s.budget_review.table_score.self_score = s.budget_review.computed("self_score")
    table = s.budget_review.table_score
    sup = s.budget_review.supplement_score
    s.budget_review.total_score.self_score = (table.self_score + sup.self_score) / 2
    s.budget_review.total_score.finance_score = (table.finance_score + sup.finance_score) / 2
    return s


__all__ = ["FIRE", "QUIET", "SEED_RULES", "fix_everything", "with_detail"]
