"""项目绩效目标表 (declared in :mod:`forms.layouts.performance`): 年度目标 above the indicators,
whose 一级/二级 tree is drawn as label rows (or given its own columns)."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from ...codes import available_years, code_lists
from ...layouts import FieldSpec
from ...layouts import performance as L_perf
from ...model import AnnualGoal, Indicator
from ...rules.engine import Severity
from .base import MISSING_LABEL, Reader
from .grid import Grid, caption_row


@lru_cache(maxsize=1)
def _known_tree() -> tuple[frozenset[str], frozenset[str]]:
    """Every 一级 and 二级 indicator heading of the code lists of all years (constant data)."""
    level1: set[str] = set()
    level2: set[str] = set()
    for year in available_years():
        tree = code_lists(year)["indicator_tree"].tree
        level1.update(tree)
        for subs in tree.values():
            level2.update(subs)
    level1.add("成本指标")
    return frozenset(level1), frozenset(level2)



class PerformanceReader(Reader):
    def read_performance(self, g: Grid) -> None:
        perf = self.sub.performance
        ind_head = g.find_header(L_perf.INDICATOR_COLUMNS, 3)
        goal_head = g.find_header([spec for spec, _, _ in L_perf.GOAL_COLUMNS], 2)
        if goal_head is not None and ind_head is not None and goal_head[0] > ind_head[0]:
            goal_head = None
        end_goals = ind_head[0] if ind_head else g.nrows
        title = g.find([L_perf.INDICATORS_TITLE])
        if title is not None and goal_head is not None and title[0] > goal_head[0]:
            end_goals = min(end_goals, title[0])
        if goal_head is None:
            self.finding(MISSING_LABEL, Severity.WARNING, "performance.annual_goals", "找不到年度目标表格（财年、目标、备注），按空白导入")
        else:
            cols = self.header_columns(g, goal_head[0], [spec for spec, _, _ in L_perf.GOAL_COLUMNS])
            self.cells["performance.annual_goals"] = g.addr(*goal_head)
            for r in range(goal_head[0] + 1, end_goals):
                if caption_row(g, r):
                    for c in g.filled(r):
                        g.use(r, c)
                    continue
                if not any(c in cols.values() for c in g.filled(r)):
                    continue
                i = len(perf.annual_goals)
                values: dict[str, Any] = {}
                self.cells[f"performance.annual_goals[{i}]"] = g.addr(r, min(cols.values()))
                for spec, _, _ in L_perf.GOAL_COLUMNS:
                    if spec.path in cols:
                        values[spec.path] = self.typed(g, r, cols[spec.path], spec.kind,
                                                       f"performance.annual_goals[{i}].{spec.path}", spec.label)
                perf.annual_goals.append(AnnualGoal(**values))
        if ind_head is None:
            self.finding(MISSING_LABEL, Severity.WARNING, "performance.indicators", "找不到绩效指标表格（指标名称……），按空白导入")
            return
        hr = ind_head[0]
        self.cells["performance.indicators"] = g.addr(*ind_head)
        cols = self.header_columns(g, hr, L_perf.INDICATOR_COLUMNS)
        lvl = self.header_columns(g, hr, [FieldSpec(L_perf.LEVEL1_HEADER[0], "level1"), FieldSpec(L_perf.LEVEL2_HEADER[0], "level2")])
        name_col = cols.get("name", 0)
        known1, known2 = _known_tree()
        known = known1 | known2
        level1 = level2 = ""
        at1 = at2 = None  # the label rows' cells
        pending: list[tuple[int, int, str]] = []  # a run of label rows
        percent = False

        def settle() -> None:
            nonlocal level1, level2, at1, at2
            if not pending:
                return
            texts = [t for _, _, t in pending]
            first, last = g.addr(*pending[0][:2]), g.addr(*pending[-1][:2])
            if len(texts) == 1:
                t = texts[0]
                if t in known1 and t not in known2:
                    level1, level2, at1, at2 = t, "", first, first
                else:
                    level2, at2 = t, first
            elif texts[0] in known2 and texts[0] not in known1:
                level2, at2 = texts[-1], last
            else:
                level1, level2, at1, at2 = texts[0], texts[-1], first, last
            pending.clear()

        # Label rows (一级, 二级) are merged across the table where the workbook merges them (this
        # app's export, most templates): then an unmerged row is an indicator, whatever its name.
        # Without merges a row with only a known 一级/二级 name in it is a label row.
        wide = {r for (r, c), (_r1, c1) in g.merge_end.items() if r > hr and c <= name_col and c1 - c >= 2}
        for r in range(hr + 1, g.nrows):
            filled = g.filled(r)
            if filled and caption_row(g, r):
                for c in filled:  # 附件 / 单位 captions, 填报单位, the sign-off line: never an indicator
                    g.use(r, c)
                continue
            merged_label = r in wide
            if not filled and not merged_label:
                continue
            by_name = not wide and len(filled) == 1 and filled[0] <= name_col and g.text(r, filled[0]).strip() in known
            if not lvl and (merged_label or by_name):
                c = filled[0] if filled else min(c for c in range(0, name_col + 1) if (r, c) in g.merge_end)
                g.use(r, c)
                pending.append((r, c, g.text(r, c)))
                continue
            settle()
            i = len(perf.indicators)
            values = {}
            self.cells[f"performance.indicators[{i}]"] = g.addr(r, cols.get("name", filled[0]))
            for key, at in (("level1", at1), ("level2", at2)):
                if at:
                    self.cells[f"performance.indicators[{i}].{key}"] = at
            if lvl:
                for key in ("level1", "level2"):
                    if key in lvl and g.value(r, lvl[key]) is not None:
                        g.use(r, lvl[key])
                        if key == "level1":
                            level1, level2 = g.text(r, lvl[key]), ""
                        else:
                            level2 = g.text(r, lvl[key])
                if not any(c in cols.values() for c in filled):
                    continue
            for spec in L_perf.INDICATOR_COLUMNS:
                if spec.path in cols:
                    self.percent_read = False
                    values[spec.path] = self.typed(g, r, cols[spec.path], spec.kind,
                                                   f"performance.indicators[{i}].{spec.path}", spec.label)
                    if spec.path == "value" and self.percent_read:
                        percent = True  # 0.9 shown as 90%: the value is 90, its unit %
            if percent and not str(values.get("unit") or "").strip():
                values["unit"] = "%"
            percent = False
            perf.indicators.append(Indicator(level1=level1, level2=level2, **values))

