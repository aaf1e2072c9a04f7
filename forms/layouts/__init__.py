"""The tables of a submission declared once: which labels stand where, which model field each value
cell holds, the column widths, the notes and the print orientation. The Excel export writes these
declarations and the import reads by the same labels, so that the two never drift apart.

One module a table group: :mod:`.basic` (项目基本信息表), :mod:`.performance` (项目绩效目标表),
:mod:`.tables` (对下专项转移支付, 政府采购, 政府购买服务), :mod:`.detail` (项目支出预算明细表),
:mod:`.review` (the two 编审表).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FieldSpec:
    """A labelled value: the label as printed, the model path under ``Submission`` (or under a row
    item for table columns), how the value is typed, and the code list offered as a drop-down."""

    label: str
    path: str
    kind: str = "text"
    """``text`` | ``coded`` | ``flag`` | ``int`` | ``year`` | ``date`` | ``money`` | ``number`` | ``rich``"""
    choices: str | None = None
    """Key of a list in ``resources/codes/<year>.json`` (``yes_no`` for 是/否 flags)."""
    aliases: tuple[str, ...] = ()
    """Other wordings of the label met in workbooks filled by hand."""
    required: bool = False
    """A blank value is an error: the app stars the label (带 * 的必须填写) and a rule asks for it —
    BASIC-01 for the fields of 项目基本信息表, unless a rule of the field's own says so
    (:data:`forms.rules.basic.ASKED_ELSEWHERE`)."""
    hint: str = ""
    """What the app's empty entry shows as an example (如 0877-2025172)."""

    @property
    def labels(self) -> tuple[str, ...]:
        return (self.label, *self.aliases)


@dataclass(frozen=True)
class SheetSpec:
    table: str
    """The model attribute (``basic``) of the table."""
    name: str
    """The sheet's name and the table's title (项目基本信息表)."""
    landscape: bool
    widths: tuple[float, ...]
    """Column widths A, B, … in characters (a Chinese character is about 2)."""


TITLE_ALIASES: dict[str, tuple[str, ...]] = {
    "basic": ("项目支出基本信息表", "项目基本情况表"),
    "performance": ("项目支出绩效目标表", "项目绩效目标申报表", "项目支出绩效目标申报表"),
    "transfers": ("对下专项转移支付预算明细表", "专项转移支付支出预算明细表"),
    "procurement": ("政府采购表", "项目政府采购预算表"),
    "services": ("政府购买服务表", "项目政府购买服务预算表"),
    "detail": ("项目支出明细表", "项目支出经济分类明细表", "支出明细表"),
    "construction_review": ("基本建设项目补充编审表",),
    "budget_review": ("项目预算编审表",),
}
"""Other titles of the tables met in real templates (by the table's model attribute): a table is
found by its title row, whatever sheet it stands on, with a year (2020年…) or a part (（年度目标）)
around the title."""
