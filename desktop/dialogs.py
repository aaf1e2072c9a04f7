"""Small dialogs: the recovery offer after a crash, the crash report, 关于 (about)."""

from __future__ import annotations

import platform
from pathlib import Path

from desktop.qt import QDesktopServices, QDialog, QDialogButtonBox, QLabel, QMessageBox, Qt, QUrl, QVBoxLayout, QWidget, qVersion
from forms import locations

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


class CrashDialog(QMessageBox):
    """An error escaped a slot: what happened, where the crash report is, what became of the edits."""

    def __init__(self, error_name: str, crash_log: Path | None, recovery: str, parent: QWidget | None = None):
        super().__init__(QMessageBox.Icon.Critical, "项目预算申报助手 · 内部错误",
                         f"程序遇到内部错误（{error_name}），刚才的操作没有完成。", QMessageBox.StandardButton.Ok,
                         parent)
        self.setObjectName("crashDialog")
        self.button(QMessageBox.StandardButton.Ok).setText("确定")
        where = (f"错误记录已写入：\n{crash_log}\n请把这个文件发给技术支持。" if crash_log
                 else "错误记录未能写入文件。")
        self.setInformativeText(f"{recovery}\n\n{where}")
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)


class AboutDialog(QDialog):
    """关于: the version, and where the app keeps its data and its logs."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("aboutDialog")
        self.setWindowTitle("关于 项目预算申报助手")
        data, logs = locations.data_dir(), locations.log_dir()
        self.folders = {"data": data, "logs": logs}
        self.message = text = QLabel(
            f"<h3>项目预算申报助手 {locations.version()}</h3>"
            "<p>填写、检查、导出和打印项目支出预算申报；成批检查收到的申报工作簿。</p>"
            f"<p>数据文件夹（设置、恢复副本、政策库）：<br><code>{data}</code></p>"
            f"<p>日志文件夹（运行日志、错误记录）：<br><code>{logs}</code></p>"
            f"<p style='color:gray'>Python {platform.python_version()} · Qt {qVersion()}</p>", self)
        text.setTextFormat(Qt.TextFormat.RichText)
        text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        text.setWordWrap(True)
        buttons = QDialogButtonBox(self)
        buttons.addButton("关闭", QDialogButtonBox.ButtonRole.RejectRole)
        self.open_logs_button = buttons.addButton("打开日志文件夹", QDialogButtonBox.ButtonRole.ActionRole)
        self.open_logs_button.setObjectName("openLogsButton")
        self.open_logs_button.clicked.connect(lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(logs))))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(buttons)
        self.resize(520, 260)
