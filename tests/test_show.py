"""``budgetforms show``: the 项目支出预算明细表 in the summary — its lines, the 合计 row as written and
the lines re-added, per year, in the years the PDF prints."""

from __future__ import annotations

from decimal import Decimal as D

from forms import files
from forms.cli import main
from forms.commands.show import summary
from forms.model import DetailAmount, DetailLine
from tests.conftest import ROOT

EXAMPLE = ROOT / "seeds" / "example-huaning-education-2024.bfproj"


def _row(text: str, start: str) -> list[str]:
    return next(line for line in text.splitlines() if line.strip().startswith(start)).split()


def test_the_cli_prints_every_line_and_both_totals_by_year(capsys):
    assert main(["show", str(EXAMPLE)]) == 0
    out = capsys.readouterr().out
    assert "项目支出预算明细表(元)  4 行" in out
    head = out[out.index("项目支出预算明细表(元)"):]
    assert _row(head, "经济分类")[-3:] == ["2024年", "2025年", "2026年"]
    assert _row(head, "31003 专用设备购置 / 上级补助")[-3:] == ["1,000,000.00", "-", "-"]
    assert _row(head, "31003 专用设备购置 / 本级财政安排")[-3:] == ["300,000.00", "500,000.00", "-"]
    assert _row(head, "31002 办公设备购置")[-3:] == ["80,000.00", "-", "-"]
    assert _row(head, "30216 培训费")[-3:] == ["24,000.00", "24,000.00", "-"]
    assert _row(head, "合计（表中所写）")[-3:] == _row(head, "合计（各行之和）")[-3:] == ["1,404,000.00", "524,000.00", "-"]


def test_a_year_outside_the_grid_is_shown_not_hidden():
    example = files.load(EXAMPLE)
    example.detail.lines[3].amounts.append(DetailAmount(year=2027, amount=D("24000")))
    text = summary(example, [])
    assert _row(text, "经济分类")[-4:] == ["2024年", "2025年", "2026年", "2027年"]
    assert _row(text, "30216 培训费")[-4:] == ["24,000.00", "24,000.00", "-", "24,000.00"]
    assert _row(text, "合计（各行之和）")[-1] == "24,000.00"
    assert _row(text, "合计（表中所写）")[-1] == "-"


def test_lines_without_codes_or_source_say_so():
    example = files.load(EXAMPLE)
    example.detail.lines.append(DetailLine(basis="待定", amounts=[DetailAmount(year=2024, amount=D("1"))]))
    row = _row(summary(example, []), "（未填经济分类）")
    assert row[:3] == ["（未填经济分类）", "/", "（未填来源）"] and row[-3:] == ["1.00", "-", "-"]


def test_a_table_of_blank_lines_is_shown_as_not_filled(sample):
    sample.detail.lines = [DetailLine(), DetailLine()]
    assert "项目支出预算明细表  未填写" in summary(sample, [])


def test_shown_years_are_the_grids_and_those_with_an_amount_only():
    example = files.load(EXAMPLE)
    assert example.detail.shown_years(example.grid_years()) == [2024, 2025, 2026]
    example.detail.lines[0].amounts.append(DetailAmount(year=2030))  # an entry without an amount: no column
    example.detail.declared_total.append(DetailAmount(year=2023, amount=D("0")))  # a written 0 is an amount
    assert example.detail.shown_years(example.grid_years()) == [2023, 2024, 2025, 2026]
    assert example.detail.shown_years([]) == [2023, 2024, 2025]
