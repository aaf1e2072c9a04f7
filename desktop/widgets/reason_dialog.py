"""The dialog asking why a warning or hint needs no change (marking it 已核实 in the findings panel)."""

from __future__ import annotations

from desktop.qt import QDialog, QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout, QWidget
from forms.rules import Finding


class ReasonDialog(QDialog):
    """Asks why a warning or hint needs no change; 确定 stays disabled until a reason is written."""

    def __init__(self, finding: Finding, old_reason: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("标记为已核实")
        self.setObjectName("reasonDialog")
        text = QLabel(f"【{finding.severity.label} {finding.rule}】{finding.message}", self)
        text.setWordWrap(True)
        text.setMinimumWidth(420)
        hint = QLabel("已核实的警告或提示不再计入待处理的问题，理由保存在项目文件中，评审时可见。", self)
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #666;")
        self.reason = QLineEdit(old_reason, self)
        self.reason.setObjectName("verifyReason")
        self.reason.setPlaceholderText("核实的理由，例如：已到现场核对，确为维修改造工程")
        self.buttons = QDialogButtonBox(self)
        self.ok = self.buttons.addButton("确定", QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        self.ok.setDefault(True)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.reason.textChanged.connect(lambda t: self.ok.setEnabled(bool(t.strip())))
        self.ok.setEnabled(bool(old_reason.strip()))
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(QLabel("核实理由：", self))
        layout.addWidget(self.reason)
        layout.addWidget(hint)
        layout.addWidget(self.buttons)

    def text(self) -> str:
        return self.reason.text().strip()
