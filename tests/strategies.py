"""Hypothesis strategies that generate whole submissions, valid or not (any typed value)."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import strategies as st

from forms.model import (
    FLAGS,
    NARRATIVES,
    AnnualGoal,
    Attachment,
    BudgetReview,
    BudgetReviewSection,
    ConstructionReview,
    ConstructionSection,
    DetailAmount,
    DetailLine,
    FundingYear,
    Indicator,
    Narrative,
    ProcurementItem,
    ReviewGroup,
    ReviewItem,
    ScorePair,
    ServiceItem,
    Submission,
    TransferRegion,
    TransferYear,
    YesNo,
)

text = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=30)
cjk = st.text(alphabet="玉溪海关项目资金建设用房面积平方米率户年月日，。《》0123456789 ", max_size=40)
words = st.one_of(text, cjk)
money = st.one_of(
    st.none(),
    st.decimals(min_value=Decimal("-1e9"), max_value=Decimal("1e11"), places=2, allow_nan=False, allow_infinity=False),
    st.decimals(min_value=Decimal(0), max_value=Decimal("1e6"), places=3, allow_nan=False, allow_infinity=False),
)
years = st.integers(min_value=2015, max_value=2035)
flag = st.sampled_from(list(YesNo))
dates = st.one_of(st.none(), st.dates(), st.sampled_from(["2020年2月30日", "明年", "2021年一季度"]))
economic = st.sampled_from(["31003 专用设备购置", "30216 培训费", "50306 设备购置", "50203", "302 x", ""])
function = st.sampled_from(["2050202 小学教育", "2050203", "20502 短", ""])
html = st.one_of(cjk, cjk.map(lambda t: f"<p>{t}m<sup>2</sup></p>"), cjk.map(lambda t: f"<p>{t}</p><p>H<sub>2</sub>O</p>"))


@st.composite
def narratives(draw):
    return Narrative(
        html=draw(html),
        attachments=draw(st.lists(st.builds(Attachment, name=cjk, path=text), max_size=2)),
    )


@st.composite
def review_items(draw):
    return ReviewItem(number=draw(text), title=draw(cjk), weight=draw(money), self_score=draw(money),
                      finance_score=draw(money), opinion=draw(cjk), summary=draw(html))


@st.composite
def submissions(draw) -> Submission:
    s = Submission()
    b = s.basic
    b.name = draw(words)
    b.category = draw(st.sampled_from(["事业发展类", "专项业务类", "", "其它"]))
    b.guarantee_class = draw(st.sampled_from(["80602社会管理服务类", "8060 x", ""]))
    b.main_code = draw(text)
    b.sub_code = draw(text)
    b.level = draw(st.sampled_from(["本级", "下级", ""]))
    b.budget_year = draw(st.one_of(st.none(), years))
    b.period_years = draw(st.one_of(st.none(), st.integers(min_value=-1, max_value=5)))
    b.start_date = draw(dates)
    b.function_subject = draw(st.sampled_from(["2011304 对外贸易管理", "201130 短", ""]))
    for spec in FLAGS:
        setattr(b.flags, spec.key, draw(flag))
    start = b.budget_year or 2020
    b.funding = [FundingYear(year=start + i, total=draw(money), superior=draw(money), local=draw(money), own=draw(money)) for i in range(3)]
    b.unit_phone = draw(text)
    b.unit_email = draw(text)
    for spec in NARRATIVES:
        setattr(s.narratives, spec.key, draw(narratives()))
    s.performance.annual_goals = draw(st.lists(st.builds(AnnualGoal, year=st.one_of(st.none(), years), goal=cjk, note=cjk), max_size=3))
    s.performance.indicators = draw(st.lists(st.builds(
        Indicator, level1=st.sampled_from(["产出指标", "效益指标", "满意度指标", "x"]), level2=cjk, name=words,
        operator=st.sampled_from(["=", ">=", "≥", "<", "定性", ""]), value=words, unit=st.sampled_from(["%", "年", "平方米", ""]),
        kind=st.sampled_from(["定量指标", "定性指标", ""]), basis=cjk, note=cjk, core=flag), max_size=6))
    t_years = [start + i for i in range(3)]
    s.transfers.years = t_years
    s.transfers.declared_total = [TransferYear(year=y, scale=draw(money), local=draw(money)) for y in t_years]
    s.transfers.regions = draw(st.lists(st.builds(
        TransferRegion, name=cjk,
        years=st.just([TransferYear(year=y) for y in t_years])), max_size=3))
    s.procurement.items = draw(st.lists(st.builds(ProcurementItem, name=words, catalogue=cjk, method=cjk, unit=cjk,
                                                  quantity=money, need_time=dates, amount=money, item_code=text,
                                                  unit_price=money, dept_economic=economic, gov_economic=economic), max_size=3))
    s.procurement.declared_total = draw(money)
    s.services.items = draw(st.lists(st.builds(ServiceItem, catalogue=cjk, purchase_way=cjk, method=cjk, amount=money, summary=words,
                                               quantity=money, dept_economic=economic, gov_economic=economic), max_size=3))
    s.services.declared_total = draw(money)
    grid_years = [f.year for f in b.funding]
    s.detail.lines = draw(st.lists(st.builds(
        DetailLine, function_subject=function, dept_economic=economic, gov_economic=economic,
        source=st.sampled_from(["上级补助", "本级财政安排", "部门自筹", "", "其它"]),
        nature=st.sampled_from(["一般公共预算拨款", "单位资金", "", "x"]),
        amounts=st.just(grid_years).flatmap(lambda ys: st.tuples(*(money for _ in ys)).map(
            lambda ms: [DetailAmount(year=y, amount=m) for y, m in zip(ys, ms, strict=True)])),
        basis=cjk, procurement=flag, purchased_services=flag, note=words), max_size=3))
    if s.detail.lines or draw(st.booleans()):
        s.detail.declared_total = [DetailAmount(year=y, amount=draw(money)) for y in grid_years]
    if draw(st.booleans()):
        s.construction_review = ConstructionReview(
            sections=draw(st.lists(st.builds(ConstructionSection, number=text, title=cjk, weight=money, opinion=cjk,
                                             items=st.lists(review_items(), max_size=3)), max_size=3)),
            total_score=ScorePair(self_score=draw(money), finance_score=draw(money)))
    s.budget_review = BudgetReview(
        sections=draw(st.lists(st.builds(BudgetReviewSection, number=text, title=cjk, weight=money, opinion=cjk,
                                         groups=st.lists(st.builds(ReviewGroup, number=text, title=cjk, weight=money, opinion=cjk,
                                                                   items=st.lists(review_items(), max_size=3)), max_size=2)), max_size=3)),
        table_score=ScorePair(self_score=draw(money), finance_score=draw(money)),
        total_score=ScorePair(self_score=draw(money)))
    return s
