"""项目基本信息表 (declared in :mod:`forms.layouts.basic`): the fields right of their labels, the
申请金额 grid (a column per year, a row per source) and the narratives (简述, 上传依据)."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from ...layouts import basic as L_basic
from ...model import BasicInfo, FundingYear
from ...rules.engine import Severity
from ..cells import cell_text, norm_label, parse_year
from .base import BAD_VALUE, MISSING_LABEL, Reader, _nested
from .grid import Grid


@lru_cache(maxsize=1)
def _basic_labels() -> frozenset[str]:
    """Every label of 项目基本信息表 as compared: a value is looked for right of its label, up to
    the next one (a constant of the layout)."""
    fields = L_basic.all_fields()
    stop = {norm_label(lab) for f in fields for lab in f.labels}
    stop |= {norm_label(x) for x in (L_basic.FUNDING_LABEL, L_basic.FUNDING_HEADER, L_basic.SUMMARY, L_basic.ATTACHMENTS)}
    stop |= {norm_label(x) for x in (L_basic.INFO_GROUP, "项目目标", "项目计划", "项目管理")}
    return frozenset(stop)



class BasicReader(Reader):
    def read_basic(self, g: Grid) -> None:
        fields = L_basic.all_fields()
        stop = _basic_labels()
        values: dict[str, Any] = {}  # by path; the table is built from them in one go (not field by field)
        for spec in fields:
            pos = g.find(spec.labels)
            if pos is None:
                self.finding(MISSING_LABEL, Severity.WARNING, spec.path, f"找不到“{spec.label}”一栏，该项按空白导入")
                continue
            g.use(*pos)
            r, _ = pos
            c = self.right_of(g, *pos, stop)
            values[spec.path] = self.typed(g, r, c, spec.kind, spec.path, spec.label)
        nested = _nested(values)
        self.sub.basic = BasicInfo(**nested.pop("basic", {}))
        assert not nested, "the fields of 项目基本信息表 all lie under basic"
        for lab in (L_basic.INFO_GROUP, "项目目标", "项目计划", "项目管理", *L_basic.FUNDING_ALIASES, L_basic.FUNDING_LABEL):
            for pos in g.labels.get(norm_label(lab), ()):
                g.use(*pos)
        self.read_funding(g)
        self.read_narratives(g)

    def read_funding(self, g: Grid) -> None:
        head = g.find([L_basic.FUNDING_HEADER])
        if head is None:
            pos = g.find([L_basic.FUNDING_LABEL, *L_basic.FUNDING_ALIASES])
            if pos is None:
                self.finding(MISSING_LABEL, Severity.WARNING, "basic.funding", "找不到“申请金额(元)”表格，各年金额按空白导入")
                return
            head = (pos[0], g.span(*pos)[1] + 1)
        hr, hc = head
        g.use(hr, hc)
        self.cells["basic.funding"] = g.addr(hr, hc)
        years: list[tuple[int, int]] = []
        for c in range(g.span(hr, hc)[1] + 1, g.ncols):
            if (hr, c) in g.covered:
                continue
            g.use(hr, c)
            v = g.value(hr, c)
            if v is None:
                continue
            if (hr, c) in g.uncached:
                self.raw(g, hr, c, f"basic.funding[{len(years)}].year", "年度")
                continue
            try:
                y = parse_year(v)
            except ValueError:
                self.finding(BAD_VALUE, Severity.ERROR, "basic.funding", f"申请金额的年度“{cell_text(v)}”不是年份，该列未导入", g.addr(hr, c))
                continue
            if y is not None:
                self.cells[f"basic.funding[{len(years)}].year"] = g.addr(hr, c)
                self.cells[f"basic.funding[{len(years)}]"] = g.addr(hr, c)
                years.append((y, c))
        labels = {norm_label(lab): key for key, label, aliases in L_basic.FUNDING_ROWS for lab in (label, *aliases)}
        columns = [FundingYear(year=y) for y, _ in years]
        seen: set[str] = set()
        row_of: dict[str, int] = {}
        for r in range(hr + 1, min(hr + 13, g.nrows)):
            key = labels.get(g.label(r, hc))
            if key is None or key in seen:
                continue
            seen.add(key)
            row_of[key] = r
            g.use(r, hc)
            label = dict((k, lab) for k, lab, _ in L_basic.FUNDING_ROWS)[key]
            for i, (y, c) in enumerate(years):
                setattr(columns[i], key, self.typed(g, r, c, "money", f"basic.funding[{i}].{key}", f"{y}年{label}"))
            for c in range(hc + 1, g.ncols):  # cells of blank year columns belong to the grid too
                if all(c != cc for _, cc in years) and g.value(hr, c) is None and (hr, c) not in g.covered:
                    if g.value(r, c) is not None:
                        self.finding(BAD_VALUE, Severity.WARNING, "basic.funding",
                                     f"{label}的金额“{g.text(r, c)}”所在列没有年度，未导入", g.addr(r, c))
                    g.use(r, c)
        for key, label, _ in L_basic.FUNDING_ROWS:
            if key not in seen:
                self.finding(MISSING_LABEL, Severity.WARNING, "basic.funding", f"申请金额表格中找不到“{label}”一行，按空白导入", g.addr(hr, hc))
        if "total" in row_of:  # a 合计 that is a SUM missing a source row
            sources = [k for k in row_of if k != "total"]
            for i, (y, c) in enumerate(years):
                self.check_sum(g, row_of["total"], c, [row_of[k] for k in sources], columns[i].total,
                               [getattr(columns[i], k) for k in sources], f"basic.funding[{i}].total", f"{y}年合计")
        self.sub.basic.funding = columns

    def read_narratives(self, g: Grid) -> None:
        summary_key, attach_key = norm_label(L_basic.SUMMARY), norm_label(L_basic.ATTACHMENTS)
        found = {path: g.find([label]) for _group, label, path in L_basic.NARRATIVE_ROWS}
        starts = sorted(p[0] for p in found.values() if p is not None)
        for _group, label, path in L_basic.NARRATIVE_ROWS:
            pos = found[path]
            if pos is None:
                self.finding(MISSING_LABEL, Severity.WARNING, path, f"找不到“{label}”的简述，按空白导入")
                continue
            g.use(*pos)
            r, c = pos
            r_end = max(g.span(r, c)[0], r + 1)
            # its 简述 and 上传依据 lie in its own rows, before the next narrative's label
            limit = min([x for x in starts if x > r] + [r_end + 2, g.nrows])
            summaries = g.places(summary_key, range(r, limit), c)
            s_pos = summaries[0] if summaries else None
            # its 上传依据: the first one before its 简述 or in a row below it
            a_pos = next((p for p in g.places(attach_key, range(r, limit), c)
                          if s_pos is None or p < s_pos or p[0] > s_pos[0]), None)
            narrative = getattr(self.sub.narratives, path.split(".")[1])
            if s_pos is None:
                self.finding(MISSING_LABEL, Severity.WARNING, path, f"“{label}”下找不到“简述”，按空白导入", g.addr(r, c))
            else:
                g.use(*s_pos)
                vc = self.right_of(g, *s_pos, {attach_key, summary_key})
                self.raw(g, s_pos[0], vc, path, label)
                self.cells[f"{path}.html"] = g.addr(s_pos[0], vc)
                narrative.html = self.rich_html(g, s_pos[0], vc, path)
            if a_pos is not None:
                g.use(*a_pos)
                vc = self.right_of(g, *a_pos, {attach_key, summary_key})
                self.record(g, a_pos[0], vc, f"{path}.attachments")
                narrative.attachments = self.attachments(g, a_pos[0], vc, path)
            narrative.citations = self.citations(path)

