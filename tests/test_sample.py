"""The sample submission holds seed 003's values, across all seven tables."""

from datetime import date
from decimal import Decimal as D

from forms.model import YesNo, indicator_tree


def test_basic_information(sample):
    b = sample.basic
    assert b.category == "事业发展类"
    assert (b.guarantee_class.code, b.guarantee_class.name) == ("80602", "社会管理服务类")
    assert b.main_code == "C205010103016"
    assert b.sub_code == "150003002"
    assert b.name == "玉溪海关综合业务用房项目补助资金"
    assert b.level == "下级"
    assert b.allocation == "项目法"
    assert b.attribute == "一次性项目"
    assert b.budget_year == 2020
    assert b.period_years == 2
    assert b.start_date == date(2020, 1, 1)
    assert b.domain == "普通项目"
    assert (b.perf_class.code, b.perf_class.name) == ("099", "其他")
    assert (b.function_subject.code, b.function_subject.name) == ("2011304", "对外贸易管理")
    assert all(v == YesNo.UNSET for v in b.flags.model_dump().values()), "the seed leaves all ten flags blank"
    assert len(b.flags.model_dump()) == 10


def test_funding_grid(sample):
    f = sample.basic.funding
    assert [c.year for c in f] == [2020, 2021, 2022]
    assert f[0].total == D("20000000.00") and f[0].local == D("20000000.00")
    assert f[1].total == D("37000000.00") and f[1].local == D("37000000.00")
    assert f[0].superior is None and f[0].own is None
    assert not f[2].has_money()
    assert f[1].computed_total == f[1].total


def test_contacts(sample):
    b = sample.basic
    assert b.competent_dept == "玉溪市商务局"
    assert b.competent_phone == "8772025172"
    assert b.unit_name == "玉溪市商务局"
    assert b.filler == "赵翠玲"
    assert b.unit_address == "玉溪市红塔区抚仙路14号"
    assert b.unit_leader == "赵琼"
    assert b.unit_phone == "8772025172"
    assert b.unit_postcode == "653100"
    assert b.unit_email == "996935971@qq.com"


def test_all_thirteen_narratives_with_markup(sample):
    n = sample.narratives
    values = n.model_dump()
    assert len(values) == 13 and all(v["html"] for v in values.values())
    assert "总建筑面积22440.28m<sup>2</sup>" in n.content.html
    assert n.content.html.startswith("<p>") and n.content.html.endswith("</p>")
    assert "22440.28m2" in n.content.text
    assert "玉海海关建设工作作为2020年工作重点之一" in n.basis.text
    assert "可研批复项目估算总投资1.14亿元" in n.funding_standard.html
    assert "工作人员由由玉溪海关（筹）" in n.organization.html
    assert "2020 年 3 月 31 日前预拨付 2000 万元" in n.responsibility.html
    assert n.internal_control.html.endswith("招标控制价为审计下浮3% ○")
    assert n.financial_management.html.startswith("严格按照基本建设程序，办理后续相关报批手续")
    assert n.savings.html == (
        "严格按照基本建设程序，规范组织项目实施，有效控制项目投资。采取设计+采购+施工EPC工程总承包模式，公开招标，招标控制价为审计下浮3%。"
    )
    assert n.basis.attachments == []


def test_performance_goals_and_indicators(sample):
    p = sample.performance
    assert [(g.year, g.goal) for g in p.annual_goals] == [
        (2020, "玉溪海关综合用房主体工程完成90%以上"),
        (2021, "玉溪海关综合用房通过验收并移交给玉溪海关投入使用"),
    ]
    assert p.annual_goals[0].note == "完成固定资产投资1.3亿元"
    ind = p.indicators
    assert len(ind) == 7
    assert [i.value for i in ind[:3]] == ["13205.02", "4710.56", "3074.96"]
    assert all(i.unit == "平方米" for i in ind[:3])
    assert "约20990.54平方米" in ind[0].note
    timing = ind[4]
    assert (timing.name, timing.operator, timing.value, timing.unit, timing.kind) == (
        "通过验收并移交使用时间", "<=", "2021年一季度", "%", "定量指标")
    firms = ind[5]
    assert (firms.operator, firms.value, firms.unit) == (">=", "70", "年")
    assert (ind[6].name, ind[6].value, ind[6].unit) == ("服务企业满意程度", "90", "%")
    assert ind[3].basis == "项目审计报告"
    tree = indicator_tree(ind)
    assert [t[0] for t in tree] == ["产出指标", "效益指标", "满意度指标"]
    assert [s[0] for s in tree[0][1]] == ["数量指标", "质量指标", "时效指标"]


def test_transfer_table(sample):
    t = sample.transfers
    assert t.years == [2020, 2021, 2022]
    assert [r.name for r in t.regions] == ["玉溪市高新技术开发区"]
    assert t.declared(2020).scale == D("20000000.00")
    assert t.declared(2021).local == D("37000000.00")
    assert t.regions[0].year(2021).scale == D("37000000.00")
    assert t.computed_total(2020, "local") == D("20000000.00")


def test_empty_procurement_and_services(sample):
    assert sample.procurement.items == [] and sample.procurement.declared_total is None
    assert sample.services.items == [] and sample.services.declared_total is None


def test_construction_supplement(sample):
    c = sample.construction_review
    assert c is not None
    assert [(s.title, s.weight) for s in c.sections] == [
        ("建设立项要素", D(25)), ("项目开工建设条件", D(50)), ("项目年度预算", D(25))]
    items = [it for *_, it in c.items()]
    assert len(items) == 12
    assert [it.weight for it in items] == [D(w) for w in (5, 10, 10, 6, 8, 10, 10, 8, 8, 10, 10, 5)]
    assert items[9].summary == "预计项目总工期为2年。"
    assert items[4].summary == "" and items[8].summary == ""
    assert not c.is_scored()
    assert c.total_score.self_score is None


def test_budget_review_scores_and_opinions(sample):
    r = sample.budget_review
    assert [(s.title, s.weight) for s in r.sections] == [("项目目标", D(23)), ("项目计划", D(57)), ("项目管理", D(20))]
    items = [it for *_, it in r.items()]
    assert len(items) == 16
    assert [it.finance_score for it in items] == [
        D(x) if x is not None else None for x in
        (7, 6, 5, 3, 9, 4, 4, 6, 3, 10, 10, 4, 4, 1, None, None)]
    assert all(it.self_score == it.weight for it in items)
    assert items[0].opinion == "简述部分说明"
    assert items[7].opinion == "可考核量化指标7个，其中1个填报有错"
    assert items[8].opinion == "简述简单"
    assert items[14].opinion == items[15].opinion == "简述与项目无关，依据不支撑"
    assert r.sections[1].groups[2].opinion == "按会议纪要执行"
    assert items[6].summary == "请查看项目绩效目标表"
    assert r.table_score.self_score == D("100.00") and r.table_score.finance_score == D("76.00")
    assert r.total_score.finance_score == D("76.00")
    assert r.supplement_score.self_score is None
    assert r.computed("finance_score") == D(76)
