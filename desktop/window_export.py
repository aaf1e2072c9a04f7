"""The main window's exports: the Excel workbook, the PDF, the print preview and printing (each asks
first while errors are left), and the reviewer mode's window.
"""

from __future__ import annotations

from pathlib import Path

from desktop.qt import QDialog, QFileDialog, QMessageBox
from forms.errors import UserError
from forms.rules import Severity

from .window_base import APP_NAME, WindowPart


class WindowExports(WindowPart):
    """Exporting and printing the submission: mixed into :class:`~desktop.main_window.MainWindow`."""

    def _export_target(self, title: str, suffix: str, pattern: str) -> Path | None:
        base = self.doc.path.with_suffix(suffix) if self.doc.path else \
            Path((self.doc.submission.basic.name or "项目申报") + suffix)
        name, _ = QFileDialog.getSaveFileName(self, title, str(base), pattern)
        if not name:
            return None
        path = Path(name)
        return path if path.suffix.lower() == suffix else path.with_name(path.name + suffix)

    def error_count(self) -> int:
        """The errors the checker finds now (a pending check is run first)."""
        self.doc.flush_check()
        return sum(1 for f in self.doc.findings if f.severity is Severity.ERROR)

    def confirm_with_errors(self, verb: str = "导出") -> bool:
        """With errors left, ask “还有 N 个错误，仍要导出？” (or 打印); ``True`` to go on. Without
        errors nothing is asked."""
        errors = self.error_count()
        if not errors:
            return True
        box = QMessageBox(QMessageBox.Icon.Warning, APP_NAME, f"还有 {errors} 个错误，仍要{verb}？", parent=self)
        box.setObjectName("errorsLeftBox")
        box.setInformativeText(f"{verb}的 PDF 和打印件每页都带“草稿”字样，改完错误后再{verb}即为正式文本。"
                               if verb != "导出 Excel" else "导出的工作簿仍含这些错误，报送前请先修改。")
        go = box.addButton(f"仍要{verb}", QMessageBox.ButtonRole.AcceptRole)
        fix = box.addButton("取消，先去修改", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(fix)
        box.setEscapeButton(fix)
        box.exec()
        if box.clickedButton() is not go:
            self.show_findings()
            return False
        return True

    def export_excel(self) -> bool:
        from forms.xlsx import export_workbook

        if not self.confirm_with_errors("导出 Excel"):
            return False
        path = self._export_target("导出 Excel 工作簿", ".xlsx", "Excel 工作簿 (*.xlsx)")
        if path is None:
            return False
        try:
            export_workbook(self.doc.submission, path)
        except (UserError, OSError) as exc:
            QMessageBox.critical(self, APP_NAME, f"导出失败：{exc}")
            return False
        self.statusBar().showMessage(f"已导出 {path}", 6000)
        return True

    def export_pdf(self) -> bool:
        from forms.pdf import export_pdf

        if not self.confirm_with_errors("导出"):
            return False
        draft = self.error_count() > 0
        path = self._export_target("导出 PDF", ".pdf", "PDF 文件 (*.pdf)")
        if path is None:
            return False
        try:
            info = export_pdf(self.doc.submission, path, draft=draft)
        except (UserError, OSError) as exc:
            QMessageBox.critical(self, APP_NAME, f"导出失败：{exc}")
            return False
        if info.warning:
            QMessageBox.warning(self, APP_NAME, info.warning)
        mark = "，每页带“草稿”字样" if draft else ""
        self.statusBar().showMessage(f"已导出 {path}（{info.pages} 页{mark}，字体：{info.font_name}）", 10000)
        return True

    def _printer(self):
        from desktop.qt import QPageLayout, QPageSize, QPrinter

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
        printer.setPageOrientation(QPageLayout.Orientation.Landscape)
        printer.setDocName(self.doc.submission.basic.name or APP_NAME)
        return printer

    def _render(self, printer) -> None:
        from .fonts import ui_font_family
        from .printing import print_submission

        print_submission(self.doc.submission, printer, ui_font_family(), draft=self.error_count() > 0)

    def print_preview(self) -> None:
        from .printing import PreviewDialog  # the pages of the PDF export itself

        if not self.confirm_with_errors("打印"):
            return
        # the pages of the PDF export itself, sized to the screen's available area
        self._preview = PreviewDialog(self.doc.submission, self, draft=self.error_count() > 0)
        self._preview.exec()

    def print_(self) -> None:
        from desktop.qt import QPrintDialog

        if not self.confirm_with_errors("打印"):
            return
        printer = self._printer()
        dialog = QPrintDialog(printer, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self._render(printer)

    def open_reviewer(self) -> None:
        try:
            from .reviewer import ReviewerWindow
        except ImportError:
            QMessageBox.information(self, APP_NAME, "本版本还没有评审模式。")
            return
        self._reviewer = ReviewerWindow()
        self._reviewer.show()
