"""项目基本信息表: the 基本信息 step (attributes, flags, 功能科目, contacts) and the 申请金额 step."""

from __future__ import annotations

from decimal import Decimal

from desktop.qt import QGridLayout, QGroupBox, QLabel, QMessageBox, Qt, QWidget
from forms import paths
from forms.codes import DERIVED, CodeLists, code_lists
from forms.layouts import FieldSpec
from forms.layouts import basic as L
from forms.model import capital_rmb, format_money

from ..widgets.code_combo import TreeCodeCombo
from ..widgets.fields import Bindable, CodeCombo, IntField, MoneyField, TextField, YearField
from ..widgets.inputs import DateField, YesNoField
from .base import Page, form_group, label


class BasicPage(Page):
    step = L.INFO_GROUP
    intro = "项目基本信息表的基本信息部分。带 * 的必须填写；下拉框可输入代码或名称的任意部分搜索。"

    def __init__(self, doc, parent: QWidget | None = None):
        super().__init__(doc, parent)
        body = self.scroll_body()
        self.combos: dict[str, tuple[CodeCombo, str]] = {}
        flags = [spec for row in L.INFO_ROWS for spec in row if spec.kind == "flag"]
        attributes = [[spec for spec in row if spec.kind != "flag"] for row in L.INFO_ROWS]
        body.addWidget(self._form("项目属性", [row for row in attributes if row]))

        box, grid = form_group("是否类标志（每项都须选择“是”或“否”）", self)
        for i, spec in enumerate(flags):
            r, c = divmod(i, 2)
            widget = YesNoField(box)
            widget.setObjectName(f"flag_{_key(spec)}")
            self.bind(spec.path, widget, spec.label)
            grid.addWidget(label(spec.label, box, spec.required, buddy=widget), r, c * 2)
            grid.addWidget(widget, r, c * 2 + 1, Qt.AlignmentFlag.AlignLeft)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        body.addWidget(box)

        body.addWidget(self._form("主管部门与基层项目单位", [list(row) for row in L.CONTACT_ROWS]))
        note = QLabel(L.NOTE, self)
        note.setObjectName("formNote")
        body.addWidget(note)
        body.addStretch(1)
        self._codes_year: CodeLists | None = None
        """The code lists the combos were last filled from."""

    def _form(self, title: str, rows: list[list[FieldSpec]]) -> QGroupBox:
        """A group of the layout's fields, two a line in the form's order; a field that stands
        alone on its line of the form spans the line."""
        box, grid = form_group(title, self)
        r = c = 0
        for row in rows:
            for spec in row:
                widget = self._widget(spec, box)
                widget.setObjectName(f"basic_{_key(spec)}")
                extra = {"basic.budget_year": self._year_changed, "basic.period_years": self._period_changed}.get(spec.path)
                self.bind(spec.path, widget, spec.label, extra=extra)
                alone = len(row) == 1
                if alone and c:
                    r, c = r + 1, 0
                grid.addWidget(label(spec.label, box, spec.required, buddy=widget), r, c * 2)
                if alone:
                    grid.addWidget(widget, r, 1, 1, 3)
                    r, c = r + 1, 0
                else:
                    grid.addWidget(widget, r, c * 2 + 1)
                    r, c = (r + 1, 0) if c else (r, 1)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        return box

    def _widget(self, spec: FieldSpec, parent: QWidget) -> Bindable:
        key = _key(spec)
        if spec.choices and spec.choices in DERIVED:  # a view of the 功能科目 tree: chosen in the tree
            tree = TreeCodeCombo(parent)
            self.combos[key] = (tree, "function")
            return tree
        if spec.choices:
            combo = CodeCombo(parent, coded=(spec.kind == "coded"))
            self.combos[key] = (combo, spec.choices)
            return combo
        if spec.kind == "year":
            return YearField(parent)
        if spec.kind == "int":
            return IntField(parent, minimum=1, maximum=30, suffix=" 年")
        if spec.kind == "date":
            return DateField(parent, default_year=lambda: self.doc.submission.basic.budget_year)
        if spec.kind == "text":
            return TextField(parent, spec.hint)
        raise ValueError(spec.kind)

    def _year_changed(self, year):
        return self._follow_years(year, self.doc.submission.basic.period_years)

    def _period_changed(self, period):
        return self._follow_years(self.doc.submission.basic.budget_year, period)

    def _follow_years(self, year, period):
        """The year columns follow 实施年度 and 周期 (the domain says which years there are). Years
        that hold money and would go are kept unless the user chooses to delete them; ``None`` when
        the user cancels the change."""
        sub = self.doc.submission
        plan = sub.year_plan(year, period)
        keep = True
        if plan.outside:
            answer = ask_outside_years(self, sub, plan, year, period)
            if answer is None:
                return None
            keep = answer
        return paths.regrid_edits(sub, year, period, keep_money=keep)

    def refresh(self) -> None:
        year = self.doc.submission.basic.budget_year
        lists = code_lists(year)  # cached: the same object until the year changes or a list is imported
        if lists is not self._codes_year:
            for combo, key in self.combos.values():
                if isinstance(combo, TreeCodeCombo):
                    combo.set_tree(lists[key])
                    continue
                combo.set_choices(lists[key].choices())
            self._codes_year = lists
        super().refresh()


class FundingPage(Page):
    step = "申请金额"
    intro = ("申请金额（元）按年度填写各资金来源；合计由程序相加，不能直接修改。"
             "金额可输入 20000000、20,000,000.00、2000万 或全角数字。")

    def __init__(self, doc, parent: QWidget | None = None):
        super().__init__(doc, parent)
        body = self.scroll_body()
        self.box = QGroupBox(L.FUNDING_LABEL, self)
        self.grid = QGridLayout(self.box)
        self.grid.setHorizontalSpacing(14)
        self.grid.setVerticalSpacing(6)
        body.addWidget(self.box)
        self.period = QLabel(self)
        self.period.setObjectName("formNote")
        self.period.setWordWrap(True)
        body.addWidget(self.period)
        body.addStretch(1)
        self._years: list[int] | None = None
        self._period: range | None = None
        self.total_fields: list[MoneyField] = []

    def _build(self, years: list[int]) -> None:
        while self.grid.count():
            item = self.grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget:
                widget.deleteLater()
        for path in [p for p in self.fields if p.startswith("basic.funding")]:
            self.fields.pop(path)
        self.total_fields = []
        self.grid.addWidget(_head(L.FUNDING_HEADER, self.box), 0, 0)
        period = self.doc.submission.basic.period()
        for c, year in enumerate(years):
            head = _head(f"{year}年" if not period or year in period else f"{year}年（期外）", self.box)
            if period and year not in period:
                head.setObjectName("outsideHead")
                head.setToolTip(f"{year}年不在实施期间 {period.start}–{period.stop - 1}年内：请把这一年的金额移到期内的年度")
            self.grid.addWidget(head, 0, c + 1)
        for r, (key, text, _aliases) in enumerate(L.FUNDING_ROWS):
            lab = QLabel(text, self.box)
            if key == "total":
                lab.setObjectName("totalLabel")
            self.grid.addWidget(lab, r + 1, 0)
            for c, _year in enumerate(years):
                field = MoneyField(self.box)
                field.setObjectName(f"funding_{c}_{key}")
                field.setMinimumWidth(190)
                path = f"basic.funding[{c}].{key}"
                if key == "total":
                    field.setReadOnly(True)
                    field.edit.setObjectName("totalCell")
                    field.edit.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
                    self.fields[path] = field
                    field.setProperty("fieldPath", path)
                else:
                    self.bind(path, field, f"{_year}年{text}")
                self.grid.addWidget(field, r + 1, c + 1)
        for c in range(len(years)):
            self.grid.setColumnStretch(c + 1, 1)
        self._years = years
        self.order_tabs()

    def refresh(self) -> None:
        sub = self.doc.submission
        years = [c.year for c in sub.basic.funding]
        if (years, sub.basic.period()) != (self._years, self._period):
            self._build(years)
            self._period = sub.basic.period()
        super().refresh()
        period = sub.basic.period()
        total = sum((c.computed_total for c in sub.basic.funding), Decimal(0)) if sub.basic.funding else None
        text = [] if years else ["请先在“基本信息”中填写项目实施年度，年度列随之建立。"]
        if period:
            text.append(f"实施期间：{period.start}–{period.stop - 1}年（项目实施年度 {sub.basic.budget_year}，周期 "
                        f"{sub.basic.period_years or '未填'} 年）。资金只能安排在实施期间内，期间每年都应有年度目标。")
        if total is not None:
            text.append(f"各年合计：{format_money(total)} 元（{capital_rmb(total)}）")
        self.period.setText("\n".join(text))


def ask_outside_years(parent: QWidget, sub, plan, year: int, period: int | None) -> bool | None:
    """Whether to keep (``True``) or delete (``False``) the money in years the new period leaves
    out; ``None``: cancel the change."""
    years = plan.outside
    names = "、".join(f"{y}年" for y in years)
    funding = sum((c.computed_total for c in sub.basic.funding if c.year in plan.funding_outside), Decimal(0))
    parts = []
    if plan.funding_outside:
        parts.append(f"申请金额 {format_money(funding)} 元")
    if plan.transfer_outside:
        parts.append("对下转移支付的金额")
    span = f"{year}–{year + max(period or 1, 1) - 1}年"
    answer = QMessageBox.question(
        parent, "年度列",
        f"改为项目实施年度 {year}、周期 {period or '未填'} 年后，实施期间为 {span}；{names}不在其中，"
        f"但这些年度填有{'和'.join(parts)}。\n\n"
        f"是：保留这些金额，{names}一栏留在表中并标为“期外”，请把金额移到期内的年度；\n"
        f"否：删除{names}的金额；\n取消：不修改项目实施年度和周期。",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No | QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Yes)
    if answer == QMessageBox.StandardButton.Cancel:
        return None
    return answer != QMessageBox.StandardButton.No  # only an explicit 否 deletes an amount


def _key(spec: FieldSpec) -> str:
    """``basic.flags.major`` → ``major``: the name the page gives the field's widget."""
    return spec.path.rsplit(".", 1)[1]


def _head(text: str, parent: QWidget) -> QLabel:
    lab = QLabel(text, parent)
    lab.setObjectName("gridHead")
    lab.setAlignment(Qt.AlignmentFlag.AlignCenter)
    return lab


