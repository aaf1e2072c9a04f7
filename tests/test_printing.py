"""Preview = PDF = paper: the print preview shows the pages of the PDF export, printing sends
those pages, with the same page count and orientation everywhere."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from desktop.printing import PreviewDialog, PrintChoice, PrintOptionsDialog, paint_pages, pdf_bytes
from forms import files
from forms.pdf import render
from tests.conftest import SAMPLE


def _orientations(data_or_path) -> list[bool]:
    reader = PdfReader(io.BytesIO(data_or_path) if isinstance(data_or_path, bytes) else str(data_or_path))
    return [float(p.mediabox.width) > float(p.mediabox.height) for p in reader.pages]


@pytest.fixture
def sample():
    return files.load(SAMPLE)


def test_the_preview_shows_the_pdfs_pages(qtbot, sample):
    data, info = render(sample)
    preview = PreviewDialog(sample)
    qtbot.addWidget(preview.dialog)
    assert preview.page_count() == info.pages == len(PdfReader(io.BytesIO(data)).pages)
    shown = [label.pixmap().width() > label.pixmap().height() for label in preview.labels]
    assert shown == _orientations(data)
    assert any(shown) and not all(shown), "portrait and landscape pages, as in the PDF"
    assert f"共 {info.pages} 页" in preview.info.text()


def test_the_main_windows_preview_is_the_pdf(qtbot, window, sample_path, monkeypatch):
    assert window.open_path(str(sample_path))
    counts = []
    monkeypatch.setattr(PreviewDialog, "exec", lambda self: counts.append((self.page_count(), self.draft)) or 0)
    from tests.test_gui_verified import answer_errors_box

    answer_errors_box(go=True)  # the sample has errors: 仍要打印
    window.print_preview()
    assert counts == [(render(window.doc.submission, draft=True)[1].pages, True)], "the preview is the draft PDF"


def test_printing_sends_the_same_pages_in_the_same_orientation(qtbot, sample, tmp_path):
    from PySide6.QtPrintSupport import QPrinter

    data = pdf_bytes(sample)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    out = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(out))
    assert paint_pages(printer, data, dpi=60) == len(_orientations(data))
    assert _orientations(out) == _orientations(data)


def test_choosing_tables_and_the_annex(qtbot, sample):
    preview = PreviewDialog(sample)
    qtbot.addWidget(preview.dialog)
    all_pages = preview.page_count()
    options = PrintOptionsDialog(preview.dialog)
    qtbot.addWidget(options.dialog)
    for key in ("basic", "construction_review", "budget_review"):
        box = options.boxes[key]
        box.setFocus()
        QTest.keyClick(box, Qt.Key.Key_Space)
        assert not box.isChecked()
    options.annex.setFocus()
    QTest.keyClick(options.annex, Qt.Key.Key_Space)
    choice = options.choice()
    assert choice.tables == ["performance", "transfers", "procurement", "services", "detail"] and choice.annex
    assert options.boxes["detail"].text() == "项目支出预算明细表"
    preview.choice = choice
    preview.refresh()
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(preview.data)).pages)
    assert "项目基本信息表" not in text.split("检查结果")[0] and "检查结果" in text
    assert preview.page_count() < all_pages
    assert preview.page_count() == len(PdfReader(io.BytesIO(pdf_bytes(sample, choice))).pages)


def test_choosing_no_table_says_so(qtbot, sample):
    preview = PreviewDialog(sample, choice=PrintChoice(tables=[]))
    qtbot.addWidget(preview.dialog)
    assert preview.page_count() == 0 and "没有选择" in preview.info.text()
    assert not preview.print_button.isEnabled()
