"""The report writer returns the warning of its own write (the PDF's font not embedded) with the
path: two writes in a row never hand the first one's warning to the second, whether the caller is the
library, the check verb or reviewer mode's worker thread."""

from __future__ import annotations

import io

import pytest

from forms import batch, files, locations, reports
from forms.batch.verb import check_entries
from forms.reports import WrittenReport, write_report
from forms.reports import pdf as report_pdf

NOT_EMBEDDED = "未找到可嵌入的中文字体，PDF 中的中文可能无法显示"


@pytest.fixture(scope="module")
def result(tmp_path_factory):
    folder = tmp_path_factory.mktemp("inbox")
    files.save(files.load(locations.sample_path()), folder / "1.bfproj", keep_backup=False)
    return batch.run_batch([folder], workers=1, cache=False)


class Font:
    """The PDF report's font, embedded or not as the test says (the machine's own font is used
    either way, so the PDF is really written)."""

    def __init__(self, monkeypatch) -> None:
        self.name, _ = report_pdf.cjk_font()
        self.warning: str | None = NOT_EMBEDDED
        monkeypatch.setattr(report_pdf, "cjk_font", lambda: (self.name, self.warning))

    def embedded(self) -> None:
        self.warning = None


@pytest.fixture
def font(monkeypatch) -> Font:
    return Font(monkeypatch)


def test_no_module_global_carries_the_warning():
    assert not hasattr(reports, "last_warning")


def test_two_writes_in_a_row_do_not_leak_a_warning(result, tmp_path, font):
    first = write_report(result, tmp_path / "a.pdf")
    assert first == WrittenReport(tmp_path / "a.pdf", NOT_EMBEDDED)
    second = write_report(result, tmp_path / "b.xlsx")
    assert second == WrittenReport(tmp_path / "b.xlsx", None)
    font.embedded()
    third = write_report(result, tmp_path / "c.pdf")
    assert third == WrittenReport(tmp_path / "c.pdf", None) and third.path.stat().st_size > 0
    assert first.warning == NOT_EMBEDDED, "a returned result is not changed by a later write"


def test_an_unknown_suffix_is_refused_and_nothing_is_written(result, tmp_path):
    from forms.errors import UserError

    with pytest.raises(UserError, match="只能是 .xlsx 工作簿或 .pdf 文件"):
        write_report(result, tmp_path / "r.docx")
    assert not (tmp_path / "r.docx").exists()


def test_the_check_verb_says_the_warning_of_its_own_report_only(sample_path, tmp_path, font):
    stream = io.StringIO()
    check_entries([sample_path], report=str(tmp_path / "r.pdf"), stream=stream, cache=False)
    assert f"budgetforms: 警告：{NOT_EMBEDDED}" in stream.getvalue()
    font.embedded()  # the next report is written with the font embedded
    stream = io.StringIO()
    check_entries([sample_path], report=str(tmp_path / "r2.pdf"), stream=stream, cache=False)
    assert "警告" not in stream.getvalue() and "已写出检查报告" in stream.getvalue()
    stream = io.StringIO()
    check_entries([sample_path], report=str(tmp_path / "r3.xlsx"), stream=stream, cache=False)
    assert "警告" not in stream.getvalue()


def test_the_report_worker_emits_the_warning_of_its_write(qtbot, result, tmp_path, font):
    from desktop.reviewer.worker import ReportWorker

    seen: list[tuple[str, object]] = []
    worker = ReportWorker(result, str(tmp_path / "a.pdf"))
    worker.finished.connect(lambda path, warning: seen.append((path, warning)))
    worker.run()
    later = ReportWorker(result, str(tmp_path / "b.xlsx"))
    later.finished.connect(lambda path, warning: seen.append((path, warning)))
    later.run()
    assert seen == [(str(tmp_path / "a.pdf"), NOT_EMBEDDED), (str(tmp_path / "b.xlsx"), None)]
