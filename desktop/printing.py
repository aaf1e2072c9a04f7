"""Print and print preview: the pages of the very PDF that export writes.

:func:`forms.pdf.render` makes the PDF; pypdfium2 (a PDFium binding) renders each page to an
image, and :func:`paint_pages` draws those images on a ``QPrinter`` with a ``QPainter``, one page
at a time, each page in its own orientation (the 项目基本信息表 portrait, the 绩效目标表 and the
money tables landscape). The print preview paints the same way into its preview printer, so the
preview, the PDF and the paper have the same pages, page count and orientation.

Pages are rendered at the printer's resolution, capped at :data:`MAX_DPI` (enough for 9-point CJK
text; a 1200-dpi page image would take 140 MB), and the preview at :data:`PREVIEW_DPI`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from forms.model import Submission

if TYPE_CHECKING:  # Qt is imported where it is used: the dialog's module loads without it
    from desktop.qt import QImage

MAX_DPI = 300
PREVIEW_DPI = 80


@dataclass
class PrintChoice:
    """What to print: the tables (keys of :data:`forms.pdf.export.TABLE_KEYS`, all by default) and
    whether to add the 检查结果 annex."""

    tables: list[str] | None = None
    annex: bool = False
    verified: dict[str, str] = field(default_factory=dict)
    """:func:`forms.pdf.annex.finding_key` → reason, for the warnings marked 已核实."""


def pdf_bytes(sub: Submission, choice: PrintChoice | None = None, *, draft: bool = False) -> bytes:
    """The PDF export of *sub*, exactly as 导出 PDF writes it (with *choice*'s tables and annex,
    and the 草稿 mark when *draft*)."""
    from forms.pdf import render
    from forms.pdf.annex import Annex

    choice = choice or PrintChoice()
    annex = None
    if choice.annex:
        from forms.rules import check

        annex = Annex(list(check(sub)), dict(choice.verified))
    data, _ = render(sub, tables=choice.tables, annex=annex, draft=draft)
    return data


def page_count(data: bytes) -> int:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    try:
        return len(pdf)
    finally:
        pdf.close()


def page_images(data: bytes, dpi: float) -> Iterable[tuple[bool, QImage]]:
    """Each page of the PDF *data* as (landscape?, QImage) at *dpi*, rendered one at a time."""
    import pypdfium2 as pdfium

    from desktop.qt import QImage

    pdf = pdfium.PdfDocument(data)
    try:
        for i in range(len(pdf)):
            page = pdf[i]
            width, height = page.get_size()
            bitmap = page.render(scale=dpi / 72, grayscale=True)
            buf = bitmap.buffer
            image = QImage(buf, bitmap.width, bitmap.height, bitmap.stride, QImage.Format.Format_Grayscale8).copy()
            page.close()
            yield width > height, image
    finally:
        pdf.close()


def paint_pages(printer, data: bytes, dpi: float | None = None) -> int:
    """Draw the pages of the PDF *data* on *printer* (a ``QPrinter``: a real printer, a PDF file,
    or a preview's), each page on A4 in its own orientation; return the page count."""
    from desktop.qt import QMarginsF, QPageLayout, QPageSize, QPainter, QRectF

    dpi = dpi or min(max(printer.resolution(), 72), MAX_DPI)
    painter = None
    count = 0
    try:
        for landscape, image in page_images(data, dpi):
            orientation = QPageLayout.Orientation.Landscape if landscape else QPageLayout.Orientation.Portrait
            layout = QPageLayout(QPageSize(QPageSize.PageSizeId.A4), orientation, QMarginsF(0, 0, 0, 0))
            if painter is None:
                printer.setFullPage(True)
                printer.setPageLayout(layout)
                painter = QPainter()
                if not painter.begin(printer):
                    return 0
            else:
                printer.setPageOrientation(orientation)  # for the page newPage() starts
                printer.newPage()
            # the whole sheet: the PDF's own margins are in the image
            target = QRectF(printer.pageLayout().fullRectPixels(printer.resolution()))
            painter.drawImage(target, image)
            count += 1
    finally:
        if painter is not None:
            painter.end()
    return count


def print_submission(sub: Submission, printer, font_family: str | None = None, *,
                     choice: PrintChoice | None = None, dpi: float | None = None, draft: bool = False) -> int:
    """Print *sub* on *printer*: the pages of its PDF export (*draft*: each marked 草稿, as the
    export is while errors remain). *font_family* is unused (the PDF embeds its font) and kept
    for callers. Returns the page count."""
    return paint_pages(printer, pdf_bytes(sub, choice, draft=draft), dpi)


class PrintOptionsDialog:
    """选择打印内容: a check box per table (all ticked) and one for the 检查结果 annex."""

    def __init__(self, parent=None, choice: PrintChoice | None = None) -> None:
        from desktop.qt import QCheckBox, QDialog, QDialogButtonBox, QLabel, QVBoxLayout
        from forms.model import TABLES

        choice = choice or PrintChoice()
        self.dialog = QDialog(parent)
        self.dialog.setWindowTitle("选择打印内容")
        box = QVBoxLayout(self.dialog)
        box.addWidget(QLabel("打印以下各表："))
        self.boxes: dict[str, QCheckBox] = {}
        for key, name in TABLES:
            check = QCheckBox(name)
            check.setObjectName(f"print_{key}")
            check.setChecked(choice.tables is None or key in choice.tables)
            box.addWidget(check)
            self.boxes[key] = check
        self.annex = QCheckBox("附检查结果（未解决的问题和已核实的警告）")
        self.annex.setObjectName("print_annex")
        self.annex.setChecked(choice.annex)
        box.addWidget(self.annex)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("确定")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.dialog.accept)
        buttons.rejected.connect(self.dialog.reject)
        box.addWidget(buttons)
        self._verified = dict(choice.verified)

    def choice(self) -> PrintChoice:
        tables = [k for k, b in self.boxes.items() if b.isChecked()]
        return PrintChoice(None if len(tables) == len(self.boxes) else tables, self.annex.isChecked(), self._verified)


class PreviewDialog:
    """打印预览: the pages of the PDF export as PDFium renders them, one under the other, each in
    its own orientation; 选择内容… chooses the tables and the annex, 打印… prints these very pages."""

    def __init__(self, sub: Submission, parent=None, choice: PrintChoice | None = None, *,
                 draft: bool = False) -> None:
        from desktop.qt import QDialog, QHBoxLayout, QLabel, QPushButton, QScrollArea, Qt, QVBoxLayout, QWidget

        self.sub = sub
        self.choice = choice or PrintChoice()
        self.draft = draft  # errors remain: every page marked 草稿, as the export would be
        self.dialog = QDialog(parent)
        self.dialog.setWindowTitle("打印预览")
        outer = QVBoxLayout(self.dialog)
        bar = QHBoxLayout()
        self.info = QLabel()
        self.info.setObjectName("previewInfo")
        self.options = QPushButton("选择内容…")
        self.options.setObjectName("previewOptions")
        self.print_button = QPushButton("打印…")
        self.print_button.setObjectName("previewPrint")
        close = QPushButton("关闭")
        bar.addWidget(self.info, 1)
        bar.addWidget(self.options)
        bar.addWidget(self.print_button)
        bar.addWidget(close)
        outer.addLayout(bar)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.pages_widget = QWidget()
        self.pages_widget.setObjectName("previewPages")
        self.pages_layout = QVBoxLayout(self.pages_widget)
        self.pages_layout.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.scroll.setWidget(self.pages_widget)
        outer.addWidget(self.scroll, 1)
        self.options.clicked.connect(self.choose)
        self.print_button.clicked.connect(self.print_)
        close.clicked.connect(self.dialog.reject)
        self.labels: list[QLabel] = []
        self.data = b""
        self.refresh()

    def refresh(self) -> None:
        """Export the PDF again with the current choice and show its pages."""
        from desktop.qt import QLabel, QPixmap
        from forms.errors import UserError

        for label in self.labels:
            label.deleteLater()
        self.labels = []
        try:
            self.data = pdf_bytes(self.sub, self.choice, draft=self.draft)
        except UserError as exc:
            self.data = b""
            self.info.setText(str(exc))
            self.print_button.setEnabled(False)
            return
        self.print_button.setEnabled(True)
        orientations = []
        for landscape, image in page_images(self.data, PREVIEW_DPI):
            label = QLabel()
            label.setPixmap(QPixmap.fromImage(image))
            label.setStyleSheet("border: 1px solid #888; background: white;")
            self.pages_layout.addWidget(label)
            self.labels.append(label)
            orientations.append(landscape)
        wide = sum(orientations)
        self.info.setText(f"共 {len(self.labels)} 页（纵向 {len(self.labels) - wide} 页，横向 {wide} 页），与导出的 PDF 相同")

    def page_count(self) -> int:
        return len(self.labels)

    def choose(self) -> None:
        from desktop.qt import QDialog

        options = PrintOptionsDialog(self.dialog, self.choice)
        if options.dialog.exec() == QDialog.DialogCode.Accepted:
            self.choice = options.choice()
            self.refresh()

    def print_(self) -> None:
        from desktop.qt import QDialog, QPrintDialog, QPrinter

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.sub.basic.name or "项目支出预算申报")
        dialog = QPrintDialog(printer, self.dialog)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            paint_pages(printer, self.data)

    def exec(self) -> int:
        from desktop.qt import QGuiApplication

        screen = self.dialog.screen() or QGuiApplication.primaryScreen()
        area = screen.availableGeometry()
        self.dialog.resize(min(1000, area.width() - 20), min(720, area.height() - 60))
        return self.dialog.exec()
