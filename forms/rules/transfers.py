"""对下专项转移支付支出预算明细表 (单位：元): against its own rows and against the funding grid of
项目基本信息表 (TP-01 … TP-10)."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from decimal import Decimal
from typing import Any

from ..model import TRANSFER_COLUMNS, TransferRegion, TransferYear
from ._util import ZERO, m, over_two_decimals
from .engine import Context, Finding, Severity, rule
from .incremental import ByRow, ByRowSum, by_rows

TP = "对下专项转移支付支出预算明细表"
SOURCES = TRANSFER_COLUMNS[1:]  # 上级补助, 本级财政安排, 单位自筹
BASIC_SOURCE = {"superior": "上级补助", "local": "本级财政安排", "own": "部门自筹"}


def _has_rows(ctx: Context) -> bool:
    return not ctx.submission.transfers.is_empty()


@rule("TP-01", Severity.ERROR, TP, "项目级次为下级时须填对下转移支付表；本级项目不填", reads=("basic.level", "transfers"))
def tp_level_needs_table(ctx: Context) -> Iterator[Finding]:
    """A 下级 project (money for lower-level governments) must list at least one receiving region;
    a 本级 project must leave the transfer table empty."""
    level = ctx.submission.basic.level.strip()
    if level == "下级" and not _has_rows(ctx):
        yield ctx.finding("transfers.regions", "项目级次为“下级”，但对下专项转移支付表没有任何地区：请按地区填写资金分配，或把项目级次改为“本级”")
    elif level == "本级" and _has_rows(ctx):
        yield ctx.finding("transfers.regions", "项目级次为“本级”，却填了对下专项转移支付表：本级项目不补助下级，请清空该表，或把项目级次改为“下级”")


@rule("TP-02", Severity.ERROR, TP, "专项业务类项目不得补助下级（表注 1）", reads=("basic.category", "basic.level", "transfers"))
def tp_special_no_subsidy(ctx: Context) -> Iterator[Finding]:
    """The form's note: 专项业务类项目不得补助下级. Such a project may be neither 下级 nor have transfer rows."""
    b = ctx.submission.basic
    if b.category.strip() != "专项业务类":
        return
    if b.level.strip() == "下级":
        yield ctx.finding(
            "basic.level", "专项业务类项目不得补助下级（表注 1），但项目级次为“下级”：请改为“本级”，或更正项目分类", table="项目基本信息表"
        )
    if _has_rows(ctx):
        yield ctx.finding("transfers.regions", "专项业务类项目不得补助下级（表注 1），但对下专项转移支付表有地区数据：请清空该表")


def _year_path(r: int, j: int) -> str:
    """Year *j* of region *r* (``r < 0``: of the 合计 row)."""
    return f"transfers.declared_total[{j}]" if r < 0 else f"transfers.regions[{r}].years[{j}]"


def _row_name(ctx: Context, r: int) -> str:
    """Region *r*'s name as the messages give it (第N个地区 without one; 合计 for ``r < 0``)."""
    return "合计" if r < 0 else ctx.submission.transfers.regions[r].name or f"第{r + 1}个地区"


def _row_years(ctx: Context, r: int) -> list[TransferYear]:
    t = ctx.submission.transfers
    return t.declared_total if r < 0 else t.regions[r].years


def _scale_matches(ctx: Context, r: int) -> list[Finding]:
    """TP-03 on region *r* (``r < 0``: the 合计 row)."""
    out: list[Finding] = []
    for j, y in enumerate(_row_years(ctx, r)):
        scale, superior, local, own = y.scale, y.superior, y.local, y.own
        if not (scale or superior or local or own):  # TransferYear.has_money, inlined: 1,200 rows at size
            continue
        computed = ZERO + (superior or ZERO) + (local or ZERO) + (own or ZERO)  # as computed_scale sums
        scale = scale if scale is not None else ZERO
        if scale != computed:
            parts = " + ".join(f"{label} {m(getattr(y, key))}" for key, label in SOURCES)
            off = m(abs(scale - y.computed_scale))
            out.append(ctx.finding(f"{_year_path(r, j)}.scale",
                                   f"{_row_name(ctx, r)} {y.year}年 资金规模 {m(y.scale)} ≠ {parts}，相差 {off}：请核对"))
    return out


def _region_objects(region: TransferRegion) -> tuple[Any, ...]:
    """What the region rules read of a region: itself, its list of years and each year."""
    return (region, region.years, *region.years)


_TP03 = ByRow("transfers.regions", _scale_matches, head=lambda ctx: _scale_matches(ctx, -1), alone=True, objects=_region_objects)


@rule("TP-03", Severity.ERROR, TP, "每个地区每年：资金规模 = 上级补助 + 本级财政安排 + 单位自筹", reads=("transfers",))
@by_rows(_TP03)
def tp_region_scale(ctx: Context) -> Iterator[Finding]:
    """For every region and year (and for the 合计 row), 资金规模 equals the sum of its three sources."""
    return iter(_TP03.findings(ctx))  # the 合计 row, then region by region (re-checked a region at a time)


_COLUMN_KEYS = tuple(key for key, _ in TRANSFER_COLUMNS)


def _region_share(ctx: Context, r: int) -> dict[tuple[int, str], Decimal]:
    """Region *r*'s amounts by (year, column), as Transfers.computed_total adds them: a region's
    first column of a year."""
    share: dict[tuple[int, str], Decimal] = {}
    for y in ctx.submission.transfers.regions[r].years:
        if (y.year, "scale") in share:
            continue
        for key in _COLUMN_KEYS:
            share[y.year, key] = getattr(y, key) or ZERO
    return share


def _total_row_matches(ctx: Context, sums: Mapping[Any, Decimal]) -> Iterator[Finding]:
    for j, total in enumerate(ctx.submission.transfers.declared_total):
        for key, label in TRANSFER_COLUMNS:
            declared = getattr(total, key) or ZERO
            computed = sums.get((total.year, key), ZERO)
            if declared != computed:
                yield ctx.finding(
                    f"transfers.declared_total[{j}].{key}",
                    f"{total.year}年 {label} 合计 {m(declared)} ≠ 各地区之和 {m(computed)}，相差 {m(abs(declared - computed))}：请重算合计行",
                )


_TP04 = ByRowSum("transfers.regions", _region_share, _total_row_matches, objects=_region_objects)


@rule("TP-04", Severity.ERROR, TP, "合计行 = 各地区之和（每年每列）", reads=("transfers",))
@by_rows(_TP04)
def tp_total_row(ctx: Context) -> Iterator[Finding]:
    """The 合计 row equals the sum of the region rows, for every year and column."""
    return iter(_TP04.findings(ctx))  # (after an edit, the sums move by the edited regions' difference)


@rule("TP-05", Severity.ERROR, TP, "下级项目：转移支付合计 = 基本信息表同年申请金额（逐项来源）", reads=("basic.funding", "basic.level", "transfers"))
def tp_matches_funding(ctx: Context) -> Iterator[Finding]:
    """For a 下级 project the 合计 row of each year equals that year's funding in 项目基本信息表,
    source by source (单位自筹 ↔ 部门自筹)."""
    b = ctx.submission.basic
    t = ctx.submission.transfers
    if b.level.strip() != "下级" or not _has_rows(ctx):
        return
    for j, total in enumerate(t.declared_total):
        col = b.funding_for(total.year)
        if col is None:
            if total.has_money():
                yield ctx.finding(f"transfers.declared_total[{j}].scale", f"对下转移支付表有 {total.year}年 的金额，但申请金额表没有该年：请核对年度")
            continue
        pairs = [("scale", "资金规模", col.total if col.total is not None else col.computed_total, "合计")]
        pairs += [(key, label, getattr(col, key), BASIC_SOURCE[key]) for key, label in SOURCES]
        for key, label, basic_value, basic_label in pairs:
            mine = getattr(total, key) or ZERO
            theirs = basic_value or ZERO
            if mine != theirs:
                yield ctx.finding(
                    f"transfers.declared_total[{j}].{key}",
                    f"{total.year}年 转移支付合计 {label} {m(mine)} ≠ 基本信息表 {basic_label} {m(theirs)}，相差 {m(abs(mine - theirs))}："
                    f"下级项目的资金应全部分解到地区，请核对两表",
                )


_COUNTY_UNIT = re.compile(r"[县旗](?!域)|市[\u4e00-\u9fff]{1,5}区")
_ZONE = re.compile(r"开发区|高新区|新区|园区|管委会")


def _county_level(ctx: Context) -> str | None:
    b = ctx.submission.basic
    for name in (b.competent_dept, b.unit_name):
        if name and _COUNTY_UNIT.search(name) and not _ZONE.search(name):
            return name
    return None


@rule("TP-06", Severity.ERROR, TP, "县级项目不填报对下转移支付表（表注）", reads=("basic.competent_dept", "basic.unit_name", "transfers"))
def tp_county_no_table(ctx: Context) -> Iterator[Finding]:
    """The note under the table: 县级项目不填报此表. A department of a county or district
    (县、旗、市辖区) leaves the table empty."""
    county = _county_level(ctx)
    if county and _has_rows(ctx):
        yield ctx.finding("transfers.regions", f"主管部门/单位“{county}”为县级，按表注“县级项目不填报此表”，请清空对下专项转移支付表")


@rule("TP-07", Severity.WARNING, TP, "项目法分配：每个地区行写明地区名称", reads=("basic.allocation", "transfers"))
def tp_project_method_named(ctx: Context) -> Iterator[Finding]:
    """Under 项目法 the receiving regions (and projects) are named now (预算法实施条例 第四十八条):
    every region row with money needs its 地区名称."""
    if ctx.submission.basic.allocation.strip() != "项目法":
        return
    for r, region in enumerate(ctx.submission.transfers.regions):
        if not region.name.strip() and any(y.has_money() for y in region.years):
            yield ctx.finding(f"transfers.regions[{r}].name", f"第{r + 1}个地区有金额但没有地区名称：项目法分配须明确到地区和项目，请填写地区名称")


_DIVISION = re.compile(r"(县|区|市|旗|自治县|自治旗|林区|特区)$")


def _region_is_division(ctx: Context, r: int) -> list[Finding]:
    name = ctx.submission.transfers.regions[r].name.strip()
    if not name:
        return []
    if _ZONE.search(name):
        return [ctx.finding(f"transfers.regions[{r}].name",
                            f"接收地区“{name}”是开发区/园区，不是 GB/T 2260 的县级行政区划：请确认其可作为转移支付对象，或分解到所在县区")]
    if not _DIVISION.search(name):
        return [ctx.finding(f"transfers.regions[{r}].name", f"接收地区“{name}”看起来不是县、区或县级市：请写规范的行政区划名称")]
    return []


_TP08 = ByRow("transfers.regions", _region_is_division, alone=True)  # (reads the region's name only)


@rule("TP-08", Severity.INFO, TP, "接收地区是县级行政区划（县、区、县级市），开发区等需确认", reads=("transfers",))
@by_rows(_TP08)
def tp_region_is_division(ctx: Context) -> Iterator[Finding]:
    """州市承担金额分解到县区: a receiving region should be a 县/区/县级市 of GB/T 2260. A 开发区,
    园区 or 新区 is not one, so confirm it may receive transfers."""
    return iter(_TP08.findings(ctx))


@rule("TP-09", Severity.ERROR, TP, "地区名称不重复", reads=("transfers",))
def tp_duplicate_regions(ctx: Context) -> Iterator[Finding]:
    """Each region appears once; two rows for the same region double-count its money."""
    seen: dict[str, int] = {}
    for r, region in enumerate(ctx.submission.transfers.regions):
        name = region.name.strip()
        if not name:
            continue
        if name in seen:
            yield ctx.finding(f"transfers.regions[{r}].name", f"地区“{name}”出现了两次（第{seen[name] + 1}行和第{r + 1}行）：请合并为一行")
        else:
            seen[name] = r


def _amounts_well_formed(ctx: Context, r: int) -> list[Finding]:
    """TP-10 on region *r* (``r < 0``: the 合计 row)."""
    out: list[Finding] = []
    for j, y in enumerate(_row_years(ctx, r)):
        for key, label in TRANSFER_COLUMNS:
            value = getattr(y, key)
            if value is None:
                continue
            if value < 0:
                out.append(ctx.finding(f"{_year_path(r, j)}.{key}", f"{_row_name(ctx, r)} {y.year}年 {label} 为负数 {m(value)}：请改为正数"))
            elif over_two_decimals(value):
                out.append(ctx.finding(f"{_year_path(r, j)}.{key}", f"{_row_name(ctx, r)} {y.year}年 {label} “{value}” 超过两位小数：请精确到分"))
    return out


_TP10 = ByRow("transfers.regions", _amounts_well_formed, head=lambda ctx: _amounts_well_formed(ctx, -1), alone=True,
              objects=_region_objects)


@rule("TP-10", Severity.ERROR, TP, "转移支付金额不为负、最多两位小数", reads=("transfers",))
@by_rows(_TP10)
def tp_amounts_well_formed(ctx: Context) -> Iterator[Finding]:
    """Every amount of the transfer table is ≥ 0 with at most two decimals."""
    return iter(_TP10.findings(ctx))  # the 合计 row, then region by region
