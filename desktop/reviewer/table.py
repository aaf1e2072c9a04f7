"""The list of checked submissions: a table model over the batch's results and a filter."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from desktop.qt import QAbstractTableModel, QBrush, QColor, QModelIndex, QSortFilterProxyModel, Qt
from forms.batch import FileResult
from forms.model import format_money

COLUMNS: tuple[tuple[str, str], ...] = (
    ("file", "文件"),
    ("name", "项目名称"),
    ("dept", "主管部门"),
    ("unit", "基层项目单位"),
    ("years", "实施年度"),
    ("amount", "申请金额合计(元)"),
    ("errors", "错误"),
    ("warnings", "警告"),
    ("infos", "提示"),
    ("finance", "财政评审总分"),
    ("status", "状态"),
    ("seal", "印记"),
    ("review", "评审"),
)
COLUMN = {key: i for i, (key, _) in enumerate(COLUMNS)}
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
STATUS_ROLE = Qt.ItemDataRole.UserRole + 2

STATUS_COLOURS = {"无法读取": "#E2E3E5", "有错误": "#F8D7DA", "有警告": "#FFF3CD"}
REVIEW_COLOURS = {"已审": "#D4EDDA", "退回": "#F8D7DA", "文件已改动": "#FFE0B2"}
STATUS_FILTERS = ("全部", "有错误", "有警告", "无法读取", "通过")


class SubmissionsModel(QAbstractTableModel):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.results: list[FileResult] = []
        self.review: dict[int, str] = {}
        """The review column by row: 已审 / 退回 / 已评分 / 文件已改动 (set by the window)."""

    def set_results(self, results: list[FileResult]) -> None:
        self.beginResetModel()
        self.results = list(results)
        self.endResetModel()

    def refresh_row(self, row: int) -> None:
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.results)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section][1]
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Vertical:
            return str(section + 1)
        return None

    def _value(self, r: FileResult, key: str):
        s = r.summary
        if key == "file":
            return r.path.name
        if key == "errors":
            return r.errors
        if key == "warnings":
            return r.warnings
        if key == "infos":
            return r.infos
        if key == "status":
            return r.status
        if s is None:
            return None
        return {
            "name": s.name, "dept": s.competent_dept, "unit": s.unit_name, "years": s.years_text,
            "amount": s.total_amount if s.funding else None, "finance": s.finance_total,
            "seal": getattr(s, "seal", ""),
        }[key]

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        r = self.results[index.row()]
        key = COLUMNS[index.column()][0]
        value: Any = self.review.get(index.row(), "") if key == "review" else self._value(r, key)
        if role == Qt.ItemDataRole.DisplayRole:
            if value is None:
                return ""
            if key == "amount":
                return format_money(value)
            if key == "finance":
                return f"{value:.2f}"
            return str(value)
        if role == SORT_ROLE:
            if isinstance(value, Decimal):
                return float(value)  # sorting only; amounts stay Decimal everywhere else
            return value if value is not None else ""
        if role == STATUS_ROLE:
            return r.status
        if role == Qt.ItemDataRole.ToolTipRole:
            return r.error if not r.readable else str(r.path)
        if role == Qt.ItemDataRole.TextAlignmentRole and key in ("amount", "errors", "warnings", "infos", "finance"):
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        if role == Qt.ItemDataRole.BackgroundRole and key == "review":
            colour = REVIEW_COLOURS.get(self.review.get(index.row(), ""))
            return QBrush(QColor(colour)) if colour else None
        if role == Qt.ItemDataRole.BackgroundRole and r.status in STATUS_COLOURS:
            return QBrush(QColor(STATUS_COLOURS[r.status]))
        return None


class SubmissionsFilter(QSortFilterProxyModel):
    """Sorts by the numbers behind the text; filters by a text (file, name, units) and a status."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self._text = ""
        self._status = "全部"

    def set_text(self, text: str) -> None:
        self.beginFilterChange()
        self._text = text.strip().lower()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_status(self, status: str) -> None:
        self.beginFilterChange()
        self._status = status
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, row: int, parent) -> bool:
        model = self.sourceModel()
        if self._status != "全部":
            if model.data(model.index(row, 0, parent), STATUS_ROLE) != self._status:
                return False
        if self._text:
            hay = " ".join(
                str(model.data(model.index(row, COLUMN[k], parent)) or "") for k in ("file", "name", "dept", "unit")
            ).lower()
            return self._text in hay
        return True
