"""The 财政评审 of one submission: 项目支出预算编审表 (and the capital-construction supplement) with
the scores and opinions editable, the totals re-added live, and the checker's suggestions beside
the items they bear on. Every judgement (weights, totals, what a finding bears on) is
:mod:`forms.reviewing`'s; this widget shows and forwards edits."""

from __future__ import annotations

from decimal import Decimal

from desktop.qt import (
    QAbstractItemView,
    QBrush,
    QColor,
    QFont,
    QHeaderView,
    QLabel,
    QStyledItemDelegate,
    Qt,
    QTableWidget,
    QTableWidgetItem,
    QTimer,
    QVBoxLayout,
    QWidget,
    Signal,
)
from forms import reviewing
from forms.errors import UserError
from forms.model import Submission

HEADERS = ("编审要点", "权重", "部门自评", "财政评审", "财政评审意见", "建议（来自检查结果）")
COL_TITLE, COL_WEIGHT, COL_SELF, COL_FINANCE, COL_OPINION, COL_SUGGEST = range(6)
EDITABLE = (COL_FINANCE, COL_OPINION)


def _fmt(value: Decimal | None) -> str:
    return "" if value is None else f"{value:.2f}"


class ScoreDelegate(QStyledItemDelegate):
    """Hands a typed score to :meth:`ScoringTable.score_entered` and writes it to the cell only
    when it was accepted: a refused score never reaches the table or the submission."""

    def __init__(self, owner: ScoringTable) -> None:
        super().__init__(owner)
        self.owner = owner

    def setModelData(self, editor, model, index) -> None:
        shown = self.owner.score_entered(index.row(), editor.text())
        if shown is not None:
            model.setData(index, shown)


class ScoringTable(QWidget):
    changed = Signal()
    refused = Signal(str)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.submission: Submission | None = None
        self.refs: dict[int, reviewing.ItemRef] = {}
        self.rows: dict[str, int] = {}
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.setWordWrap(True)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.EditKeyPressed
                                   | QAbstractItemView.EditTrigger.AnyKeyPressed)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for col, width in ((COL_TITLE, 300), (COL_WEIGHT, 50), (COL_SELF, 70), (COL_FINANCE, 70), (COL_OPINION, 220)):
            self.table.setColumnWidth(col, width)
        header.setSectionResizeMode(COL_SUGGEST, QHeaderView.ResizeMode.Stretch)
        self.table.setItemDelegateForColumn(COL_FINANCE, ScoreDelegate(self))
        self.table.itemChanged.connect(self._edited)
        self.totals = QLabel()
        self.message = QLabel()
        self.message.setStyleSheet("color: #b00020;")
        self.message.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.totals)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)

    # --- filling ------------------------------------------------------------------------------------

    def load(self, submission: Submission, suggestions: dict[str, list[reviewing.Suggestion]]) -> None:
        self.submission = submission
        self.refs.clear()
        self.rows.clear()
        self.message.clear()
        t = self.table
        t.blockSignals(True)
        t.clearSpans()
        t.setRowCount(0)
        section_key = None
        group_key = None
        br = submission.budget_review
        for ref, item in reviewing.items(submission):
            if ref.table == reviewing.BUDGET:
                s, g, _ = ref.indices
                if section_key != (ref.table, s):
                    section_key = (ref.table, s)
                    sec = br.sections[s]
                    self._heading(f"{sec.number}、{sec.title}({sec.weight:g}分)" if sec.weight is not None else f"{sec.number}、{sec.title}", 0)
                if group_key != (s, g):
                    group_key = (s, g)
                    grp = br.sections[s].groups[g]
                    weight = f"({grp.weight:g}分)" if grp.weight is not None else ""
                    self._heading(f"{grp.number}{grp.title}{weight}", 1)
            else:
                s, _ = ref.indices
                if section_key != (ref.table, s):
                    if section_key is None or section_key[0] != ref.table:
                        self._heading("基本建设项目支出预算补充编审表", -1)
                    section_key = (ref.table, s)
                    assert submission.construction_review is not None  # its items were listed
                    part = submission.construction_review.sections[s]
                    heading = f"{part.number}、{part.title}"
                    self._heading(f"{heading}（{part.weight:g}分）" if part.weight is not None else heading, 0)
            self._item_row(ref, item, suggestions.get(ref.label, []))
        t.blockSignals(False)
        t.resizeRowsToContents()
        self.update_totals()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        QTimer.singleShot(0, self.table.resizeRowsToContents)  # wrapped text follows the new widths

    def showEvent(self, event) -> None:
        super().showEvent(event)
        QTimer.singleShot(0, self.table.resizeRowsToContents)

    def clear_table(self, note: str = "") -> None:
        """Nothing to score (an unreadable file): an empty table and *note*."""
        self.submission = None
        self.refs.clear()
        self.rows.clear()
        self.table.clearSpans()
        self.table.setRowCount(0)
        self.totals.setText(note)
        self.message.clear()

    def _cell(self, text: str, editable: bool = False, align_right: bool = False) -> QTableWidgetItem:
        cell = QTableWidgetItem(text)
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if editable:
            flags |= Qt.ItemFlag.ItemIsEditable
        cell.setFlags(flags)
        if align_right:
            cell.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return cell

    def _heading(self, text: str, level: int) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        cell = self._cell(text)
        font = QFont(self.font())
        font.setBold(level <= 0)
        cell.setFont(font)
        colour = {-1: "#C9D6E3", 0: "#DDE6F0", 1: "#F0F4F8"}[level]
        cell.setBackground(QBrush(QColor(colour)))
        self.table.setItem(row, 0, cell)
        self.table.setSpan(row, 0, 1, len(HEADERS))

    def _item_row(self, ref: reviewing.ItemRef, item, suggestions: list[reviewing.Suggestion]) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        self.refs[row] = ref
        self.rows[ref.label] = row
        number = ref.label.removeprefix("基建")
        self.table.setItem(row, COL_TITLE, self._cell(f"{number} {item.title}"))
        self.table.setItem(row, COL_WEIGHT, self._cell(_fmt(item.weight).removesuffix(".00"), align_right=True))
        self.table.setItem(row, COL_SELF, self._cell(_fmt(item.self_score), align_right=True))
        self.table.setItem(row, COL_FINANCE, self._cell(_fmt(item.finance_score), editable=True, align_right=True))
        self.table.setItem(row, COL_OPINION, self._cell(item.opinion, editable=True))
        text = "\n".join(s.text for s in suggestions)
        cell = self._cell(text)
        if suggestions:
            worst = min(("error", "warning", "info").index(s.severity) if s.severity in ("error", "warning", "info") else 2 for s in suggestions)
            cell.setBackground(QBrush(QColor(("#F8D7DA", "#FFF3CD", "#E8F0FE")[worst])))
            cell.setToolTip(text)
        self.table.setItem(row, COL_SUGGEST, cell)

    # --- editing ------------------------------------------------------------------------------------

    def row_of(self, label: str) -> int:
        """The table row of an item by its label (``2.2(3)``)."""
        return self.rows[label]

    def _item_cell(self, label: str, column: int) -> QTableWidgetItem:
        item = self.table.item(self.rows[label], column)
        assert item is not None, "every cell of an item's row is filled when the table is built"
        return item

    def suggestion_text(self, label: str) -> str:
        return self._item_cell(label, COL_SUGGEST).text()

    def enter(self, label: str, column: int, text: str) -> None:
        """Type *text* into a cell as the user would (what tests and shortcuts use)."""
        self._item_cell(label, column).setText(text)

    def score_entered(self, row: int, text: str) -> str | None:
        """A 财政评审 score typed into *row*: the text to show when taken, ``None`` when refused
        (the reason is shown under the table and sent with :attr:`refused`)."""
        ref = self.refs.get(row)
        if ref is None or self.submission is None:
            return None
        try:
            value = reviewing.set_score(self.submission, ref, text)
        except UserError as exc:
            self.message.setText(f"未接受：{exc}")
            self.refused.emit(str(exc))
            return None
        self.message.clear()
        self.update_totals()
        self.changed.emit()
        return _fmt(value)

    def _edited(self, cell: QTableWidgetItem) -> None:
        ref = self.refs.get(cell.row())
        if ref is None or cell.column() != COL_OPINION or self.submission is None:
            return
        reviewing.set_opinion(self.submission, ref, cell.text())
        self.message.clear()
        self.changed.emit()

    def update_totals(self) -> None:
        if self.submission is None:
            self.totals.clear()
            return
        t = reviewing.totals(self.submission)
        text = f"本表得分　部门自评 {_fmt(t.table_self)}　财政评审 {_fmt(t.table_finance)}"
        cr = self.submission.construction_review
        if cr is not None:
            scored = cr.is_scored()
            text += (f"　｜　基建补充表　部门自评 {_fmt(t.supplement_self)}　财政评审 {_fmt(t.supplement_finance)}"
                     if scored else "　｜　基建补充表　未评分")
        text += f"　｜　总分（财政评审）{_fmt(reviewing.overall(self.submission))}"
        self.totals.setText(text)
