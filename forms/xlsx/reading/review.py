"""The two review tables (declared in :mod:`forms.layouts.review`): 基本建设项目支出预算补充编审表 and
项目支出预算编审表, read row by row as sections, groups, items, 简述 rows and totals."""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal
from functools import lru_cache
from typing import Any

from pydantic import BaseModel

from ...layouts import FieldSpec
from ...layouts import review as L_review
from ...model import (
    BudgetReview,
    BudgetReviewSection,
    ConstructionReview,
    ConstructionSection,
    ReviewGroup,
    ReviewItem,
)
from ...rules._util import nfkc
from ...rules.engine import Severity
from ..cells import cell_text, norm_label
from .base import MISSING_LABEL, UNPLACED, Reader, _field_names
from .grid import Grid, caption_row


@lru_cache(maxsize=1)
def _review_headers() -> frozenset[str]:
    """The review tables' column headings as compared (a constant of the layout)."""
    return frozenset(norm_label(lab) for (label, aliases) in L_review.COLUMNS for lab in (label, *aliases))


# (……（8分）), the numbers that make a row a section, a group or an item, a score typed as “(5分)”.
_NUMBERED_TITLE = re.compile(r"^\s*([一二三四五六七八九十]+、?|\d+\.\d+|[(（]\s*\d+\s*[)）])\s*(.*)$", re.S)
_WEIGHTED_TITLE = re.compile(r"^(.*?)\s*[(（]\s*(\d+(?:\.\d+)?)\s*分\s*[)）]\s*$", re.S)
_SECTION_NUMBER = re.compile(r"[一二三四五六七八九十]+、?")
_GROUP_NUMBER = re.compile(r"\d+\.\d+")
_ITEM_NUMBER = re.compile(r"\(\s*\d+\s*\)")
_SCORE_COLUMNS = (("weight", "权重"), ("self_score", "部门自评"), ("finance_score", "财政评审"))
"""The review tables' number columns: field and heading, in the order they are read."""
_OPINION_LABEL = "财政评审意见"
_COLUMN_LABELS = {**dict(_SCORE_COLUMNS), "opinion": _OPINION_LABEL}
_SCORE_TEXT = re.compile(r"[(]?\s*(-?\d+(?:\.\d+)?)\s*分?\s*[)]?")


class ReviewReader(Reader):
    table_attr: str
    """The submission attribute of the table being read (``budget_review``), set by the workbook reader."""

    def review_rows(self, g: Grid, on_row: Callable[..., None],
                    totals: dict[str, tuple[str, tuple[str, ...]]]) -> None:
        """Walk a review table: classify each row as section, group, item, 简述 or total, and hand
        it to *on_row(kind, r, values, path_hint)*."""
        specs = [FieldSpec(label, key, aliases=aliases) for (label, aliases), key in
                 zip(L_review.COLUMNS, ("number", "title", "weight", "self_score", "finance_score", "opinion"), strict=True)]
        head = g.find_header(specs, 2)
        if head is None:
            self.finding(MISSING_LABEL, Severity.WARNING, "", "找不到“编审要点”表头，按空白导入")
            return
        hr = head[0]
        cols = self.header_columns(g, hr, specs)
        self.cells[f"{self.table_attr}.sections"] = g.addr(*head)
        headers = {norm_label(lab) for s in specs for lab in s.labels}
        summary = norm_label(L_review.SUMMARY)
        total_labels = {norm_label(lab): key for key, (label, aliases) in totals.items() for lab in (label, *aliases)}
        by_label = {norm_label(lab): s.path for s in specs for lab in s.labels}
        for c in g.filled(hr):
            key = total_labels.get(g.label(hr, c))
            if key is not None:  # the seed's supplement puts 总得分 in its heading row
                g.use(hr, c)
                on_row("total", hr, {"key": key}, cols)
        rows = [r for r in range(hr + 1, g.nrows) if g.filled(r) and not caption_row(g, r)]
        # each row's texts as compared, once (a row's cells are read by on_row only after its
        # labels have been looked at, and it changes no other row)
        row_labels = [[g.label(r, c) for c in g.filled(r)] for r in rows]
        for k, r in enumerate(rows):
            filled, labels = g.filled(r), row_labels[k]
            repeated = {by_label[lab]: c for c, lab in zip(filled[1:], labels[1:], strict=False) if lab in by_label}
            if len(repeated) >= 2:  # a section row that repeats the headings: it places the columns
                for key, c in repeated.items():
                    if key not in ("number", "title"):
                        cols[key] = c
            first_label = labels[0]
            if first_label in total_labels or (len(filled) > 1 and labels[1] in total_labels and first_label == ""):
                i = 0 if first_label in total_labels else 1
                g.use(r, filled[i])
                on_row("total", r, {"key": total_labels[labels[i]]}, cols)
                continue
            if first_label == summary:
                g.use(r, filled[0])
                on_row("summary", r, {"at": filled[0]}, cols)
                continue
            followed = k + 1 < len(rows) and row_labels[k + 1][0] == summary
            number = g.text(r, cols["number"]) if "number" in cols else ""
            title = g.text(r, cols["title"]) if "title" in cols else g.text(r, filled[0])
            parsed_weight = None
            if "number" not in cols or not number:
                m = _NUMBERED_TITLE.match(title)
                if m:
                    number, title = m[1].rstrip("、"), m[2]
            m = _WEIGHTED_TITLE.match(title) if "分" in title else None  # (the pattern backtracks over a long title)
            if m:
                title, parsed_weight = m[1], Decimal(m[2])
            num = nfkc(number).strip()
            if _SECTION_NUMBER.fullmatch(num):
                kind = "section"
            elif _GROUP_NUMBER.fullmatch(num):
                kind = "group"
            elif _ITEM_NUMBER.fullmatch(num) or followed:
                kind = "item"
            else:
                kind = "group_or_section"
            for c, lab in zip(filled, labels, strict=False):
                if lab in headers and c not in (cols.get("number"), cols.get("title")):
                    g.use(r, c)  # a section row that repeats the column headings (seed style)
            on_row(kind, r, {"number": number, "title": title, "parsed_weight": parsed_weight}, cols)

    def _scores(self, g: Grid, r: int, cols: dict[str, int], path: str, parsed_weight=None,
                with_weight: bool = True, what: str = "") -> dict[str, Any]:
        """The weight, scores and opinion of row *r* that are filled in, by field name, recorded
        under ``path`` (a caller builds its node from them in one go rather than field by field)."""
        headers = _review_headers()
        values: dict[str, Any] = {}
        for key, label in _SCORE_COLUMNS:
            if key == "weight" and not with_weight:
                continue
            if key in cols:
                c = cols[key]
                v = g.value(r, c)
                if isinstance(v, str):
                    if norm_label(v) in headers:
                        continue
                    s = nfkc(v).strip()
                    m = _SCORE_TEXT.fullmatch(s)
                    if m and s != m[1]:
                        g.rows[r][c] = m[1]
                value = self.typed(g, r, c, "number", f"{path}.{key}", f"{what}{label}")
                if value is not None:
                    values[key] = value
        if with_weight and values.get("weight") is None and parsed_weight is not None:
            values["weight"] = parsed_weight
        if "opinion" in cols and g.label(r, cols["opinion"]) not in headers:
            opinion = self.typed(g, r, cols["opinion"], "text", f"{path}.opinion", _OPINION_LABEL)
            if opinion:
                values["opinion"] = opinion
        elif "opinion" in cols:
            g.use(r, cols["opinion"])
        return values

    def _assign(self, target: BaseModel, values: dict[str, Any], path: str) -> None:
        """Set *values* on an existing node (read under ``path``), field by field. A value in a
        column the node has no field for (a 部门自评 score on a section row, an opinion on the
        总得分 row) is not imported: a finding at its cell says so."""
        fields = _field_names(type(target))
        for key, value in values.items():
            if key in fields:
                setattr(target, key, value)
                continue
            where = self.cells.pop(f"{path}.{key}", None)
            label = _COLUMN_LABELS.get(key, key)
            shown = cell_text(value) if not isinstance(value, Decimal) else f"{value:f}"
            self.finding(UNPLACED, Severity.WARNING, path,
                         f"这一行不填“{label}”，这里的“{shown}”未导入：分数和意见请填在各编审要点（小项）所在的行",
                         where)

    def read_construction(self, g: Grid) -> None:
        review = ConstructionReview()
        state: dict[str, Any] = {"item": None, "path": ""}

        def on_row(kind: str, r: int, v: dict, cols: dict[str, int]) -> None:
            if kind == "total":
                self._assign(review.total_score,
                             self._scores(g, r, cols, "construction_review.total_score", with_weight=False, what="总得分的"),
                             "construction_review.total_score")
                return
            if kind == "summary":
                self._summary(g, r, v["at"], cols, state)
                return
            if kind != "item":
                s = len(review.sections)
                self._review_node(g, r, cols, v, ConstructionSection, review.sections, f"construction_review.sections[{s}]")
                state["item"] = None
                return
            if not review.sections:
                review.sections.append(ConstructionSection())
            s = len(review.sections) - 1
            i = len(review.sections[s].items)
            path = f"construction_review.sections[{s}].items[{i}]"
            item = self._review_node(g, r, cols, v, ReviewItem, review.sections[s].items, path)
            state.update(item=item, path=path)

        self.review_rows(g, on_row, {"total_score": L_review.CONSTRUCTION_TOTAL})
        empty = not review.sections and review.total_score.self_score is None and review.total_score.finance_score is None
        self.sub.construction_review = None if empty else review

    def read_budget_review(self, g: Grid) -> None:
        review = BudgetReview()
        state: dict[str, Any] = {"item": None, "path": "", "section_open": False}

        def on_row(kind: str, r: int, v: dict, cols: dict[str, int]) -> None:
            if kind == "total":
                key = v["key"]
                what = {"table_score": "本表得分", "supplement_score": "基建项目补充表得分", "total_score": "总分"}[key]
                self._assign(getattr(review, key), self._scores(g, r, cols, f"budget_review.{key}", with_weight=False, what=f"{what}的"),
                             f"budget_review.{key}")
                return
            if kind == "summary":
                self._summary(g, r, v["at"], cols, state)
                return
            if kind == "group_or_section":
                kind = "group" if review.sections and not state.get("after_item_group") else "section"
            if kind == "section":
                s = len(review.sections)
                self._review_node(g, r, cols, v, BudgetReviewSection, review.sections, f"budget_review.sections[{s}]")
                state["item"] = None
                return
            if not review.sections:
                review.sections.append(BudgetReviewSection())
            s = len(review.sections) - 1
            section = review.sections[s]
            if kind == "group":
                gi = len(section.groups)
                self._review_node(g, r, cols, v, ReviewGroup, section.groups, f"budget_review.sections[{s}].groups[{gi}]")
                state["item"] = None
                return
            if not section.groups:
                section.groups.append(ReviewGroup())
            gi = len(section.groups) - 1
            i = len(section.groups[gi].items)
            path = f"budget_review.sections[{s}].groups[{gi}].items[{i}]"
            item = self._review_node(g, r, cols, v, ReviewItem, section.groups[gi].items, path)
            state.update(item=item, path=path)

        self.review_rows(g, on_row, {
            "table_score": L_review.TABLE_SCORE, "supplement_score": L_review.SUPPLEMENT_SCORE,
            "total_score": L_review.TOTAL_SCORE})
        self.sub.budget_review = review

    def _review_node(self, g: Grid, r: int, cols: dict[str, int], v: dict, cls: type, siblings: list, path: str) -> Any:
        """A review table's section, group or item row: read its number, title and scores under
        ``path`` and append it to ``siblings``."""
        self._head_cells(g, r, cols, path)
        values = self._scores(g, r, cols, path, v["parsed_weight"])
        fields = _field_names(cls)
        own = {key: value for key, value in values.items() if key in fields}
        node = cls(number=v["number"], title=v["title"], **own)
        # a score in a column the node has no field for (a section's 部门自评): reported, not imported
        self._assign(node, {key: value for key, value in values.items() if key not in own}, path)
        siblings.append(node)
        return node

    def _head_cells(self, g: Grid, r: int, cols: dict[str, int], path: str) -> None:
        if "number" in cols:
            self.record(g, r, cols["number"], f"{path}.number")
        if "title" in cols:
            self.record(g, r, cols["title"], f"{path}.title")
        self.cells[path] = g.addr(r, cols.get("title", cols.get("number", 0)))

    def _summary(self, g: Grid, r: int, at: int, cols: dict[str, int], state: dict[str, Any]) -> None:
        item = state.get("item")
        if item is None:
            c = self.right_of(g, r, at, set())
            if g.value(r, c) is not None:
                g.use(r, c)
                self.finding(UNPLACED, Severity.WARNING, "", "这一行“简述”前面没有编审要点，未导入", g.addr(r, c))
            return
        path = state["path"]
        score_cols = {cols.get(k) for k in ("weight", "self_score", "finance_score", "opinion")}
        c = self.right_of(g, r, at, set())
        if c in score_cols:
            c = at + 1
        self.record(g, r, c, f"{path}.summary")
        item.summary = self.rich_html(g, r, c, f"{path}.summary")
        # the seed puts the scores and the opinion on the 简述 row
        for key, _label in _SCORE_COLUMNS:
            if key in cols and cols[key] != c and g.value(r, cols[key]) is not None and getattr(item, key) is None:
                setattr(item, key, self._scores(g, r, {key: cols[key]}, path, with_weight=key == "weight").get(key))
        oc = cols.get("opinion")
        if oc is not None and oc != c and g.value(r, oc) is not None and not item.opinion:
            item.opinion = self.typed(g, r, oc, "text", f"{path}.opinion", _OPINION_LABEL)

