"""The 测算依据 helper of the 支出明细 step: 数量 × 单价 (several quantities allowed, 60 人 × 2 期 ×
200 元), each with its unit, and a 说明. It shows the text it will write and the amount it comes to;
the arithmetic and the text are the domain's (:func:`forms.model.detail.basis_text`,
:func:`~forms.model.detail.amount_from_basis`), the dialog only reads what was typed.
"""

from __future__ import annotations

from decimal import Decimal

from desktop.qt import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    Qt,
    QVBoxLayout,
    QWidget,
)
from forms import values
from forms.model import format_money
from forms.model.detail import BasisFactor, amount_from_basis, basis_text, format_factor

MAX_QUANTITIES = 5


class _Quantity:
    """One 数量 row: its value, its unit and the button that removes it."""

    def __init__(self, dialog: BasisDialog, value: str = "", unit: str = ""):
        parent = dialog.factors_box
        self.name = QLabel("数量", parent)
        self.value = QLineEdit(value, parent)
        self.value.setPlaceholderText("如 60")
        self.value.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.unit = QLineEdit(unit, parent)
        self.unit.setPlaceholderText("如 人、天、期、台")
        self.remove = QPushButton("删除", parent)
        self.remove.setToolTip("删除这一项数量")
        self.remove.setAutoDefault(False)
        for edit in (self.value, self.unit):
            edit.textChanged.connect(dialog.update_preview)

    def widgets(self) -> list[QWidget]:
        return [self.value, self.unit, self.remove]


class BasisDialog(QDialog):
    """数量 × 单价 → a 测算依据 and the amount of the chosen year."""

    def __init__(self, parent: QWidget | None, years: list[int], year: int | None, label: str = "",
                 factors: list[BasisFactor] | None = None, old_basis: str = "", hint: str = ""):
        super().__init__(parent)
        self.setObjectName("basisDialog")
        self.setWindowTitle("测算依据助手（数量 × 单价）")
        self.text = ""
        self.amount: Decimal | None = None
        layout = QVBoxLayout(self)
        intro = QLabel("按“数量 × … × 单价”测算：填入后写成该行的测算依据，算得的金额填入所选年度。", self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        if hint:
            tip = QLabel(hint, self)
            tip.setObjectName("formNote")
            tip.setWordWrap(True)
            layout.addWidget(tip)
        if old_basis:
            old = QLabel(f"原测算依据：{old_basis}（确定后替换）", self)
            old.setObjectName("formNote")
            old.setWordWrap(True)
            layout.addWidget(old)

        head = QHBoxLayout()
        head.addWidget(QLabel("说明", self))
        self.label_edit = QLineEdit(label, self)
        self.label_edit.setObjectName("basisLabel")
        self.label_edit.setPlaceholderText("如 业务培训、专家评审费（可不填）")
        self.label_edit.textChanged.connect(self.update_preview)
        head.addWidget(self.label_edit, 1)
        layout.addLayout(head)

        self.factors_box = QWidget(self)
        self.factors = QGridLayout(self.factors_box)
        self.factors.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.factors_box)
        self.quantities: list[_Quantity] = []
        self.price_name = QLabel("× 单价（元）", self.factors_box)
        self.price = QLineEdit(self.factors_box)
        self.price.setObjectName("basisPrice")
        self.price.setPlaceholderText("如 200")
        self.price.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.price_unit = QLineEdit(self.factors_box)
        self.price_unit.setObjectName("basisPriceUnit")
        self.price_unit.setPlaceholderText("如 /人·期（可不填）")
        for edit in (self.price, self.price_unit):
            edit.textChanged.connect(self.update_preview)
        self.add_button = QPushButton("添加一项数量", self)
        self.add_button.setObjectName("basisAdd")
        self.add_button.setAutoDefault(False)
        self.add_button.setToolTip("如 人数 × 期数 × 单价：每多一个乘数添加一项")
        self.add_button.clicked.connect(lambda: self.add_quantity(focus=True))
        given = list(factors or [])
        if len(given) >= 2:
            for f in given[:-1][:MAX_QUANTITIES]:
                self.add_quantity(format_factor(f.value), f.unit)
            self.price.setText(format_factor(given[-1].value))
            self.price_unit.setText(given[-1].unit)
        else:
            self.add_quantity()
        layout.addWidget(self.add_button, 0, Qt.AlignmentFlag.AlignLeft)

        bottom = QHBoxLayout()
        bottom.addWidget(QLabel("金额填入", self))
        self.year_box = QComboBox(self)
        self.year_box.setObjectName("basisYear")
        for y in years:
            self.year_box.addItem(f"{y}年", y)
        if year in years:
            self.year_box.setCurrentIndex(years.index(year))
        bottom.addWidget(self.year_box)
        bottom.addStretch(1)
        layout.addLayout(bottom)

        self.preview = QLabel(self)
        self.preview.setObjectName("basisPreview")
        self.preview.setWordWrap(True)
        self.preview.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.preview)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("填入")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._layout_factors()
        self.update_preview()
        self.setMinimumWidth(600)

    # the rows --------------------------------------------------------------------------------
    def add_quantity(self, value: str = "", unit: str = "", focus: bool = False) -> None:
        if len(self.quantities) >= MAX_QUANTITIES:
            return
        row = _Quantity(self, value, unit)
        row.remove.clicked.connect(lambda: self.remove_quantity(row))
        self.quantities.append(row)
        self._layout_factors()
        if focus:
            row.value.setFocus()

    def remove_quantity(self, row: _Quantity) -> None:
        if len(self.quantities) <= 1:
            return
        self.quantities.remove(row)
        for w in [row.name, *row.widgets()]:
            self.factors.removeWidget(w)
            w.deleteLater()
        self._layout_factors()

    def _layout_factors(self) -> None:
        for n, row in enumerate(self.quantities):
            row.name.setText(f"数量 {n + 1}" if len(self.quantities) > 1 else "数量")
            for c, w in enumerate([row.name, *row.widgets()]):
                self.factors.addWidget(w, n, c)  # (re)placed: a widget is in a layout once
            row.remove.setEnabled(len(self.quantities) > 1)
        n = len(self.quantities)
        for c, w in enumerate((self.price_name, self.price, self.price_unit)):
            self.factors.addWidget(w, n, c)
        self.factors.setColumnStretch(1, 1)
        self.factors.setColumnStretch(2, 1)
        self.add_button.setEnabled(len(self.quantities) < MAX_QUANTITIES)
        if not hasattr(self, "year_box"):
            return  # still being built
        chain = [self.label_edit] + [w for row in self.quantities for w in (row.value, row.unit)] + \
            [self.price, self.price_unit, self.add_button, self.year_box]
        for a, b in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(a, b)
        self.update_preview()

    # reading ---------------------------------------------------------------------------------
    def read(self) -> list[BasisFactor]:
        """The factors typed; ``ValueError`` (Chinese, naming the box) when one cannot be read."""
        factors = []
        for n, row in enumerate(self.quantities):
            where = f"数量 {n + 1}" if len(self.quantities) > 1 else "数量"
            factors.append(BasisFactor(_number(row.value.text(), where, values.parse_number), row.unit.text()))
        factors.append(BasisFactor(_number(self.price.text(), "单价", values.parse_money), self.price_unit.text()))
        return factors

    def update_preview(self) -> None:
        if not hasattr(self, "preview"):
            return
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        try:
            factors = self.read()
            self.text = basis_text(factors, self.label_edit.text())
            self.amount = amount_from_basis(factors)
        except ValueError as exc:
            self.text, self.amount = "", None
            self.preview.setText(f"<span style='color:#c0392b'>{exc}</span>")
            ok.setEnabled(False)
            return
        self.preview.setText(f"测算依据：{self.text}<br>金额：<b>{format_money(self.amount)}</b> 元")
        ok.setEnabled(True)

    def year(self) -> int | None:
        data = self.year_box.currentData()
        return int(data) if data is not None else None


def _number(text: str, where: str, parse) -> Decimal:
    if not text.strip():
        raise ValueError(f"请填写{where}")
    try:
        value = parse(text)
    except ValueError as exc:
        raise ValueError(f"{where}：{exc}") from None
    if value is None:
        raise ValueError(f"请填写{where}")
    return Decimal(value)
