"""Small dialogs: the recovery offer after a crash."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from .storage import RecoveryEntry


class RecoveryDialog(QDialog):
    """Offers the recovery copy a crashed session left: 恢复 (accept) or 放弃 (reject)."""

    def __init__(self, entry: RecoveryEntry, parent: QWidget | None = None):
        super().__init__(parent)
        self.entry = entry
        self.setWindowTitle("恢复未保存的修改")
        source = entry.original or "（新建、尚未保存的申报）"
        self.message = text = QLabel(
            f"上次程序没有正常退出，留下了一份未保存修改的恢复副本：\n\n"
            f"项目：{entry.title or '（未命名）'}\n原文件：{source}\n保存时间：{entry.when}\n\n"
            "是否恢复这些修改？恢复后请及时保存。", self)
        text.setWordWrap(True)
        buttons = QDialogButtonBox(self)
        self.restore_button = buttons.addButton("恢复", QDialogButtonBox.ButtonRole.AcceptRole)
        self.restore_button.setObjectName("restoreButton")
        self.discard_button = buttons.addButton("放弃恢复副本", QDialogButtonBox.ButtonRole.RejectRole)
        self.discard_button.setObjectName("discardButton")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(buttons)
        self.resize(480, 220)
