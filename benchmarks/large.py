"""Large submissions for the benchmarks at size (issue 19, "Benchmarks at size") and the PDF tests.

``make_large(n)`` starts from the sample (``seeds/sample-yuxi-customs-2020.bfproj``) and gives it

- *n* transfer regions (real Yunnan county names, then numbered 片区 once the list is used up),
  each with amounts in all three years that add up to the sample's 合计 per year, and the
  declared 合计 equal to that sum;
- *n* // 2 performance indicators (at least one), spread round-robin over the year's 一级/二级
  tree, with realistic names, values, units and 设定依据;
- 3 *n* procurement rows and *n* // 2 service rows (at least one each), with catalogue, method,
  amounts and dates, and declared totals equal to their sums.

Everything else (basic information, narratives, the review tables) stays the sample's. The result
is deterministic: the same *n* gives the same submission, byte for byte once saved, so figures
measured on it can be compared between runs and machines. ``make_large(1)`` is close to the
sample's size. Run ``python benchmarks/large.py N OUT.bfproj`` to write one.
"""

from __future__ import annotations

import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

HERE = Path(__file__).resolve().parent
SAMPLE = HERE.parent / "seeds" / "sample-yuxi-customs-2020.bfproj"

if str(HERE.parent) not in sys.path:  # run as a script
    sys.path.insert(0, str(HERE.parent))

from forms import files  # noqa: E402
from forms.codes import code_lists  # noqa: E402
from forms.model import (  # noqa: E402
    Indicator,
    ProcurementItem,
    ServiceItem,
    Submission,
    TransferRegion,
    TransferYear,
    YesNo,
)

COUNTIES = (
    "红塔区", "江川区", "澄江市", "通海县", "华宁县", "易门县", "峨山彝族自治县", "新平彝族傣族自治县",
    "元江哈尼族彝族傣族自治县", "五华区", "盘龙区", "官渡区", "西山区", "东川区", "呈贡区", "晋宁区",
    "富民县", "宜良县", "石林彝族自治县", "嵩明县", "禄劝彝族苗族自治县", "寻甸回族彝族自治县", "安宁市",
    "麒麟区", "沾益区", "马龙区", "陆良县", "师宗县", "罗平县", "富源县", "会泽县", "宣威市", "隆阳区",
    "施甸县", "龙陵县", "昌宁县", "腾冲市", "昭阳区", "鲁甸县", "巧家县", "盐津县", "大关县", "永善县",
    "绥江县", "镇雄县", "彝良县", "威信县", "水富市", "古城区", "玉龙纳西族自治县", "永胜县", "华坪县",
    "宁蒗彝族自治县", "思茅区", "宁洱哈尼族彝族自治县", "墨江哈尼族自治县", "景东彝族自治县",
    "景谷傣族彝族自治县", "镇沅彝族哈尼族拉祜族自治县", "江城哈尼族彝族自治县", "孟连傣族拉祜族佤族自治县",
    "澜沧拉祜族自治县", "西盟佤族自治县", "临翔区", "凤庆县", "云县", "永德县", "镇康县", "双江拉祜族佤族布朗族傣族自治县",
    "耿马傣族佤族自治县", "沧源佤族自治县", "楚雄市", "双柏县", "牟定县", "南华县", "姚安县", "大姚县",
    "永仁县", "元谋县", "武定县", "禄丰市", "个旧市", "开远市", "蒙自市", "弥勒市", "屏边苗族自治县",
    "建水县", "石屏县", "泸西县", "元阳县", "红河县", "金平苗族瑶族傣族自治县", "绿春县", "河口瑶族自治县",
    "文山市", "砚山县", "西畴县", "麻栗坡县", "马关县", "丘北县", "广南县", "富宁县", "景洪市", "勐海县",
    "勐腊县", "大理市", "漾濞彝族自治县", "祥云县", "宾川县", "弥渡县", "南涧彝族自治县", "巍山彝族回族自治县",
    "永平县", "云龙县", "洱源县", "剑川县", "鹤庆县", "瑞丽市", "芒市", "梁河县", "盈江县", "陇川县",
    "泸水市", "福贡县", "贡山独龙族怒族自治县", "兰坪白族普米族自治县", "香格里拉市", "德钦县", "维西傈僳族自治县",
)
"""Yunnan's 129 county-level divisions."""

_INDICATOR_NAMES = ("业务用房建设面积", "设备购置数量", "培训人次", "工程验收合格率", "项目按期完成率",
                    "单位面积造价", "带动就业人数", "服务覆盖乡镇数", "群众满意度", "节能改造面积")
_UNITS = ("平方米", "台", "人次", "%", "%", "元/平方米", "人", "个", "%", "平方米")
_BASIS = ("玉溪市人民政府关于印发玉溪海关综合用房项目实施方案的通知、玉溪市发展和改革委员会关于玉溪海关"
          "综合业务用房项目可行性研究报告的批复（玉发改产业复〔2020〕3号）")
_GOODS = ("办公桌椅", "台式计算机", "空调设备", "档案密集架", "网络交换机", "监控摄像设备", "电梯设备",
          "消防设施", "会议音响系统", "不间断电源")
_SERVICES = ("物业管理服务", "安保服务", "保洁服务", "工程监理服务", "造价咨询服务", "信息系统运维服务")


def _split(total: Decimal | None, parts: int, k: int) -> Decimal | None:
    """The *k*-th of *parts* shares of *total* in whole yuan; the last takes the remainder."""
    if total is None:
        return None
    share = (total / parts).quantize(Decimal("1"))
    return total - share * (parts - 1) if k == parts - 1 else share


def region_names(n: int) -> list[str]:
    names = [f"玉溪市{c}" if i < 9 else f"云南省{c}" for i, c in enumerate(COUNTIES)]
    return [names[i] if i < len(names) else f"{names[i % len(names)]}第{i // len(names) + 1}片区" for i in range(n)]


def make_large(n: int) -> Submission:
    """The sample scaled to *n* regions, *n*//2 indicators, 3*n* procurement rows and *n*//2 service
    rows (see the module's notes). Deterministic."""
    if n < 1:
        raise ValueError("n must be at least 1")
    sub = files.load(SAMPLE)
    years = sub.transfers.years
    totals = {ty.year: ty.scale for ty in sub.transfers.declared_total}

    regions = []
    for k, name in enumerate(region_names(n)):
        row = []
        for y in years:
            amount = _split(totals.get(y), n, k)
            row.append(TransferYear(year=y, scale=amount, local=amount))
        regions.append(TransferRegion(name=name, years=row))
    sub.transfers.regions = regions
    sub.transfers.declared_total = [
        TransferYear(year=y, scale=_sum(r.year(y).scale for r in regions), local=_sum(r.year(y).local for r in regions))
        for y in years]

    tree = [(l1, l2) for l1, l2s in code_lists(sub.basic.budget_year)["indicator_tree"].tree.items() for l2 in l2s]
    indicators = []
    for k in range(max(1, n // 2)):
        l1, l2 = tree[k % len(tree)]
        j = k % len(_INDICATOR_NAMES)
        indicators.append(Indicator(
            level1=l1, level2=l2, name=f"{_INDICATOR_NAMES[j]}（{k + 1}）", operator="≥",
            value=str(90 + k % 10) if _UNITS[j] == "%" else str(100 + 7 * k), unit=_UNITS[j], kind="定量指标",
            basis=_BASIS, note=f"第{k + 1}项指标按年度分解考核", core=YesNo.YES if k % 3 == 0 else YesNo.NO))
    sub.performance.indicators = indicators

    items = []
    for k in range(3 * n):
        amount = Decimal(10_000 + 137 * k).quantize(Decimal("0.01"))
        items.append(ProcurementItem(
            name=f"{_GOODS[k % len(_GOODS)]}（第{k + 1}批）", catalogue="A 货物", method="公开招标" if k % 2 else "询价",
            unit="台", quantity=Decimal(1 + k % 20), need_time=date(2020, 1 + k % 12, 1 + k % 28), amount=amount))
    sub.procurement.items = items
    sub.procurement.declared_total = _sum(i.amount for i in items)

    services = []
    for k in range(max(1, n // 2)):
        services.append(ServiceItem(
            catalogue="技术服务", purchase_way="委托", method="公开招标", amount=Decimal(50_000 + 1000 * k),
            summary=f"{_SERVICES[k % len(_SERVICES)]}：综合业务用房第{k + 1}标段，服务期一年，按季度考核付款"))
    sub.services.items = services
    sub.services.declared_total = _sum(s.amount for s in services)
    return sub


def _sum(values) -> Decimal | None:
    present = [v for v in values if v is not None]
    return sum(present, Decimal(0)) if present else None


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: python benchmarks/large.py N OUT.bfproj")
    files.save(make_large(int(sys.argv[1])), sys.argv[2], keep_backup=False)
