"""Scoring a received submission: the 财政评审 column of 项目支出预算编审表 and of the
capital-construction supplement, each score held to its weight, totals re-added, and suggestions
drawn from the checker's findings placed next to the items they bear on.

The reviewer window (:mod:`desktop.reviewer`) shows and edits; every rule about scores lives here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from .errors import UserError
from .layouts.review import standard_budget_review
from .model import (
    NARRATIVES,
    ReviewItem,
    Submission,
    parse_money,
)

BUDGET = "budget_review"
SUPPLEMENT = "construction_review"
SCORE_COLUMNS = {"self_score": "部门自评", "finance_score": "财政评审"}


@dataclass(frozen=True)
class ItemRef:
    """One scored item: the table, its place, and its label as reviewers say it (``2.2(3)``,
    ``基建二(4)``)."""

    table: str
    indices: tuple[int, ...]
    label: str
    section: str
    title: str
    weight: Decimal | None

    @property
    def key(self) -> str:
        """The model path of the item (``budget_review.sections[1].groups[1].items[2]``)."""
        if self.table == BUDGET:
            s, g, i = self.indices
            return f"{BUDGET}.sections[{s}].groups[{g}].items[{i}]"
        s, i = self.indices
        return f"{SUPPLEMENT}.sections[{s}].items[{i}]"


def _clean_number(text: str) -> str:
    return re.sub(r"\s+", "", text or "")


def items(submission: Submission) -> Iterator[tuple[ItemRef, ReviewItem]]:
    """Every scored item of 项目支出预算编审表, then of the supplement (if the submission has one)."""
    for s, g, i, item in submission.budget_review.items():
        section = submission.budget_review.sections[s]
        group = section.groups[g]
        label = f"{_clean_number(group.number)}{_clean_number(item.number)}"
        yield ItemRef(BUDGET, (s, g, i), label, f"{section.number}、{section.title}", item.title, item.weight), item
    cr = submission.construction_review
    if cr is not None:
        for s, i, item in cr.items():
            part = cr.sections[s]
            label = f"基建{_clean_number(part.number)}{_clean_number(item.number)}"
            yield ItemRef(SUPPLEMENT, (s, i), label, f"{part.number}、{part.title}", item.title, item.weight), item


def item_at(submission: Submission, ref: ItemRef) -> ReviewItem:
    if ref.table == BUDGET:
        s, g, i = ref.indices
        return submission.budget_review.sections[s].groups[g].items[i]
    if submission.construction_review is None:
        raise KeyError(ref.key)
    s, i = ref.indices
    return submission.construction_review.sections[s].items[i]


# --- scores -----------------------------------------------------------------------------------------

def parse_score(text: Any, ref: ItemRef) -> Decimal | None:
    """A score as typed: blank → ``None``; a number from 0 to the item's weight with at most two
    decimals. Anything else raises :class:`UserError` saying which item and what is allowed."""
    where = f"{ref.label} {ref.title}".strip()
    if text is None or (isinstance(text, str) and not text.strip()):
        return None
    try:
        value = parse_money(text)
    except ValueError:
        value = None
    except InvalidOperation:  # pragma: no cover - parse_money raises its own error
        value = None
    if value is None:
        raise UserError(f"{where}：“{text}”不是分数，请填写数字")
    if value < 0:
        raise UserError(f"{where}：得分不能为负数")
    if value != value.quantize(Decimal("0.01")):
        raise UserError(f"{where}：得分最多保留两位小数")
    if ref.weight is not None and value > ref.weight:
        raise UserError(f"{where}：得分 {value:g} 超过该项权重 {ref.weight:g} 分，请填写 0–{ref.weight:g} 之间的分数")
    return value


def set_score(submission: Submission, ref: ItemRef, text: Any, column: str = "finance_score") -> Decimal | None:
    """Set one score after :func:`parse_score` (the submission is unchanged when it is refused),
    then write the re-added totals onto the form (:func:`update_totals`)."""
    if column not in SCORE_COLUMNS:
        raise ValueError(column)
    value = parse_score(text, ref)
    setattr(item_at(submission, ref), column, value)
    update_totals(submission)
    return value


def set_opinion(submission: Submission, ref: ItemRef, text: str) -> None:
    item_at(submission, ref).opinion = (text or "").strip()


@dataclass
class Totals:
    table_self: Decimal
    table_finance: Decimal
    supplement_self: Decimal | None
    supplement_finance: Decimal | None


def totals(submission: Submission) -> Totals:
    """The totals re-added from the items (the model's ``computed``)."""
    cr = submission.construction_review
    return Totals(
        submission.budget_review.computed("self_score"),
        submission.budget_review.computed("finance_score"),
        cr.computed("self_score") if cr is not None else None,
        cr.computed("finance_score") if cr is not None else None,
    )


def total_formula(submission: Submission) -> str:
    """How 总分 combines 本表得分 and 基建项目补充表得分 (``average``, ``sum`` or ``table``): the
    rule pack's setting of REV-04 for the budget year, so that the scores the reviewer gives pass
    the checker (the rule itself is a local one, docs/domain.md OPEN-1)."""
    try:
        from .rules.packs import compiled

        for r, _severity, params in compiled(None, submission.basic.budget_year):
            if r.id == "REV-04":
                return str(params.get("formula", "average"))
    except Exception:  # no pack for the year: the checker's default
        pass
    return "average"


def combined_total(table: Decimal, supplement: Decimal | None, formula: str) -> Decimal:
    if supplement is None or formula == "table":
        return table
    if formula == "sum":
        return table + supplement
    return (table + supplement) / 2


def overall(submission: Submission, column: str = "finance_score") -> Decimal:
    """总分 of *column* re-added: 本表得分 combined with the supplement's (when it is scored)."""
    br = submission.budget_review
    cr = submission.construction_review
    supplement = None
    if cr is not None and any(getattr(it, column) is not None for *_, it in cr.items()):
        supplement = cr.computed(column)
    return combined_total(br.computed(column), supplement, total_formula(submission))


def update_totals(submission: Submission) -> None:
    """Write the re-added 财政评审 totals where the form shows them: 本表得分, the supplement's
    总得分 and 基建项目补充表得分 (once the supplement is scored), and 总分 by :func:`total_formula`."""
    t = totals(submission)
    br = submission.budget_review
    br.table_score.finance_score = t.table_finance
    cr = submission.construction_review
    supplement = None
    if cr is not None and any(it.finance_score is not None for *_, it in cr.items()):
        supplement = t.supplement_finance
        cr.total_score.finance_score = supplement
    br.supplement_score.finance_score = supplement
    br.total_score.finance_score = combined_total(t.table_finance, supplement, total_formula(submission))


# --- the standard table, for a submission received without one ------------------------------------

def ensure_review_table(submission: Submission) -> bool:
    """Give a submission without 项目支出预算编审表 items the standard table; True if it did."""
    if any(True for _ in submission.budget_review.items()):
        return False
    submission.budget_review = standard_budget_review()
    return True


# --- suggestions from findings ------------------------------------------------------------------------

NARRATIVE_ITEMS: dict[str, str] = {
    "basis": "1.1(1)",
    "party_goals": "1.2(1)",
    "content": "1.2(2)",
    "feasibility": "1.2(2)",
    "beneficiaries": "1.2(3)",
    "pre_assessment": "2.1(1)",
    "implementation_plan": "2.1(1)",
    "funding_standard": "2.3(1)",
    "organization": "3.1(1)",
    "responsibility": "3.1(2)",
    "savings": "3.1(3)",
    "internal_control": "3.1(4)",
    "financial_management": "3.2(1)",
}
"""The 编审表 item that weighs each 简述 of 项目基本信息表."""

FIELD_ITEMS: tuple[tuple[str, str], ...] = (
    ("performance.indicators", "2.2(3)"),
    ("performance.annual_goals", "2.2(2)"),
    ("performance", "2.2(2)"),
    ("basic.funding", "2.3(2)"),
    ("detail", "2.3(2)"),
    ("transfers", "2.3(2)"),
    ("procurement", "2.3(2)"),
    ("services", "2.3(2)"),
)
"""Field-path prefixes of findings and the item they bear on (first match wins)."""

BASIS_ITEM, DETAIL_ITEM = "2.3(1)", "2.3(2)"
"""The two 编审表 items that send the reviewer to the 项目支出预算明细表: 2.3(1) 项目资金安排是否有明确的标准或
依据 and 2.3(2) 项目资金安排是否充分细化，并在预算明细表中反映. Every finding of the table is suggested
beside 2.3(2); those about how the money was worked out (:data:`BASIS_RULES`, or any finding on a
line's 测算依据) beside 2.3(1) as well."""

BASIS_RULES: frozenset[str] = frozenset({"DETAIL-06", "DETAIL-07", "DETAIL-14", "DETAIL-19"})
"""DETAIL rules about a line's 标准或依据: no 测算依据 (06), one without quantity and price (07), 三公经费
whose standard the basis must state (14), a basis whose product is not the amount (19)."""

_DETAIL_BASIS = re.compile(r"detail\.lines\[\d+\]\.basis")
_NARRATIVE_KEY = re.compile(r"narratives\.(\w+)")
_BUDGET_PATH = re.compile(r"budget_review\.sections\[(\d+)\]\.groups\[(\d+)\]\.items\[(\d+)\]")
_SUPPLEMENT_PATH = re.compile(r"construction_review\.sections\[(\d+)\]\.items\[(\d+)\]")


@dataclass(frozen=True)
class Suggestion:
    severity: str
    rule: str
    message: str

    @property
    def text(self) -> str:
        label = {"error": "错误", "warning": "警告", "info": "提示"}.get(self.severity, self.severity)
        return f"【{label} {self.rule}】{self.message}"


def _targets(finding: dict[str, Any], labels: dict[str, ItemRef], refs_by_key: dict[str, ItemRef]) -> list[str]:
    """The item labels a finding bears on."""
    field = finding.get("field") or ""
    out: list[str] = []
    for regex in (_BUDGET_PATH, _SUPPLEMENT_PATH):
        for m in regex.finditer(field):
            path = m.group(0)
            if path in refs_by_key:
                out.append(refs_by_key[path].label)
    if out:
        return out
    keys = [k for k in _NARRATIVE_KEY.findall(field) if k in NARRATIVE_ITEMS]
    if keys:
        # a copy names the other 简述 in its message (“项目的财务管理制度”与“项目的内控机制”…)
        message = finding.get("message") or ""
        keys += [spec.key for spec in NARRATIVES if f"“{spec.label}”" in message and spec.key in NARRATIVE_ITEMS]
    for key in keys:
        out.append(NARRATIVE_ITEMS[key])
    if out:
        return list(dict.fromkeys(out))
    rule = finding.get("rule") or ""
    if rule in BASIS_RULES or _DETAIL_BASIS.fullmatch(field):  # how a 明细 line's money was worked out
        return [BASIS_ITEM, DETAIL_ITEM]
    for prefix, label in FIELD_ITEMS:
        if field.startswith(prefix):
            return [label]
    if rule.startswith("PERF"):
        return ["2.2(3)"]
    if rule.startswith(("FUND", "TP", "PROC", "GPS", "DETAIL")):  # DETAIL-11/12 stand on the flags, 08–10 on 表5/表6
        return [DETAIL_ITEM]
    return []


def suggestions(submission: Submission, findings: Iterable[dict[str, Any]],
                copied: Iterable[tuple[str, str]] = ()) -> dict[str, list[Suggestion]]:
    """Suggestions by item label: the checker's findings (JSON form) placed next to the items they
    bear on (indicator findings next to 2.2(3), copied 简述 next to 3.1(4) and 3.2(1), …), and the
    batch's *copied* 简述 (narrative key, message) next to the item weighing that 简述."""
    refs = dict(items(submission))
    labels = {ref.label: ref for ref in refs}
    by_key = {ref.key: ref for ref in refs}
    out: dict[str, list[Suggestion]] = {}
    for f in findings:
        for label in _targets(f, labels, by_key):
            if label in labels:
                out.setdefault(label, []).append(Suggestion(f.get("severity") or "info", f.get("rule") or "", f.get("message") or ""))
    for key, message in copied:
        item_label = NARRATIVE_ITEMS.get(key)
        if item_label in labels:
            out.setdefault(item_label, []).append(Suggestion("warning", "批量-雷同", message))
    return {label: list(dict.fromkeys(found)) for label, found in out.items()}
