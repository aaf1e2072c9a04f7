"""The exported sample and the blank template open in LibreOffice and print: converted to PDF
headless, the project name is on page one and no table is cut across pages sideways."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from forms.xlsx import export_workbook, write_template

pytestmark = pytest.mark.slow

LEFT_MARKERS = ("项目分类", "简述", "财年", "指标名称", "地区名称", "采购项目名称", "政府购买服务目录", "支出功能分类", "序号")
"""Text of each table's leftmost columns: a page cut off sideways would have none of them."""
ROWS_WHOLE = (  # (left text, right text) that must share a page: a whole row of each table
    ("项目分类", "支出保障分类"),
    ("指标名称", "是否核心指标"),
    ("地区名称", "单位：元"),
    ("采购项目名称", "金额（元）"),
    ("政府购买服务目录", "政府预算支出经济分类"),  # (表6's 一体化 columns after 购买内容简述)
    ("采购项目名称", "政府预算支出经济分类"),
    ("支出功能分类", "备注"),
    ("序号", "财政评审意见"),
)


def to_pdf(xlsx: Path, tmp_path: Path) -> Path:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice (libreoffice-calc-nogui) is needed: ./test installs it"
    out = tmp_path / "pdf"
    profile = tmp_path / "lo-profile"
    proc = subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                           "--outdir", str(out), str(xlsx)], capture_output=True, text=True, timeout=180)
    pdf = out / (xlsx.stem + ".pdf")
    assert pdf.exists(), proc.stderr
    return pdf


def pages(pdf: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return [p for p in text.split("\f") if p.strip()]


def check_not_cut_sideways(texts: list[str]) -> None:
    for i, page in enumerate(texts, 1):
        assert any(m in page for m in LEFT_MARKERS), f"page {i} has none of the tables' left columns:\n{page[:300]}"
        for left, right in ROWS_WHOLE:
            if left in page:
                assert right in page, f"page {i}: “{left}” without “{right}” (table cut sideways)"


def test_sample_prints_with_name_on_page_one(sample, tmp_path):
    xlsx = tmp_path / "sample.xlsx"
    export_workbook(sample, xlsx)
    texts = pages(to_pdf(xlsx, tmp_path))
    assert "玉溪海关综合业务用房项目补助资金" in texts[0]
    assert "项目基本信息表" in texts[0]
    check_not_cut_sideways(texts)
    joined = "\n".join(texts)
    for title in ("项目绩效目标表（绩效目标）", "对下专项转移支付支出预算明细表", "项目政府采购表", "项目政府购买服务表",
                  "项目支出预算明细表", "基本建设项目支出预算补充编审表", "项目支出预算编审表", "20,000,000.00", "注：州市承担金额分解到县区"):
        assert title in joined, title
    # eight tables: the long basic information and review tables take two pages each, the rest one
    assert len(texts) == 10


def test_blank_template_prints(tmp_path):
    xlsx = tmp_path / "template.xlsx"
    write_template(xlsx)
    texts = pages(to_pdf(xlsx, tmp_path))
    assert "项目基本信息表" in texts[0] and "项目名称" in texts[0]
    check_not_cut_sideways(texts)
    assert len(texts) == 8  # one page a table


def test_resaved_by_libreoffice_reads_the_same(sample, tmp_path):
    """A department opens the exported workbook in an office suite and saves it again (shared
    strings instead of inline ones, its own styles and merges): the import reads the same."""
    from forms.xlsx import import_workbook

    xlsx = tmp_path / "sample.xlsx"
    export_workbook(sample, xlsx)
    out = tmp_path / "resaved"
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}", "--headless", "--convert-to",
                    "xlsx:Calc MS Excel 2007 XML", "--outdir", str(out), str(xlsx)], capture_output=True, timeout=180)
    resaved = out / "sample.xlsx"
    assert resaved.exists() and resaved.read_bytes() != xlsx.read_bytes()
    result = import_workbook(resaved)
    assert result.findings == []
    assert result.submission == sample
