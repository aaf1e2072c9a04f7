"""Long sheets (a 1,200-row procurement table) are judged by the guard without a look at each cell
when every address is within the bounds, and that quick judgement notes exactly what the
cell-by-cell look notes; a filled cell beyond the bounds is still refused. The reader's per-cell
shortcuts (a float amount, whole cents, dates typed as text) give the values the general path
gives."""

from __future__ import annotations

import zipfile
from datetime import date
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from forms.errors import UserError
from forms.model.money import from_float, parse_money
from forms.values import parse_date_value
from forms.xlsx import guard, import_workbook
from forms.xlsx.guard import _scan_cells, _scan_sheet


def _long_sheet(path: Path, last_row: int, *, extra: tuple[str, object] | None = None) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "项目政府采购表"
    for r in range(1, last_row + 1):
        ws.cell(r, 1, f"品目{r}")
        ws.cell(r, 2, r * 1.25)
    ws["C1100"] = "=SUM(B1:B1099)"
    ws["C1101"] = "=1/0"
    if extra:
        ws[extra[0]] = extra[1]
    wb.save(path)
    with zipfile.ZipFile(path) as zf:
        return zf.read("xl/worksheets/sheet1.xml")


def test_a_long_sheet_within_bounds_is_noted_as_the_cell_by_cell_look_notes(tmp_path):
    data = _long_sheet(tmp_path / "long.xlsx", 1500)
    quick = _scan_sheet("项目政府采购表", "xl/worksheets/sheet1.xml", data, tmp_path / "long.xlsx")
    exact = _scan_cells("项目政府采购表", "xl/worksheets/sheet1.xml", data, tmp_path / "long.xlsx")
    assert quick == exact
    assert quick.formulas == ["C1100", "C1101"]
    assert quick.uncached_formulas == ["C1100", "C1101"]  # openpyxl saves no cached values


def test_a_filled_cell_beyond_the_rows_of_a_form_is_still_refused(tmp_path):
    path = tmp_path / "beyond.xlsx"
    _long_sheet(path, 1200, extra=(f"A{guard.MAX_ROWS + 1}", "远处"))
    with pytest.raises(UserError) as exc:
        import_workbook(path)
    assert f"第 {guard.MAX_ROWS + 1:,} 行" in str(exc.value)
    assert "项目政府采购表" in str(exc.value)


def test_a_filled_cell_beyond_the_columns_of_a_form_is_still_refused(tmp_path):
    path = tmp_path / "wide.xlsx"
    _long_sheet(path, 1200, extra=("ZZ10", "远处"))
    with pytest.raises(UserError) as exc:
        import_workbook(path)
    assert "列" in str(exc.value) and "项目政府采购表" in str(exc.value)


@pytest.mark.parametrize("value", [0.1, 12.5, 1234.56, 20000000.0, -3.07, 76.00000000000001, 1234.567,
                                   0.30000000000000004, 1e-05, 123456789.12, 5e-324])
def test_from_float_keeps_what_the_general_path_gives(value):
    """The whole-cents shortcut (read off the float's repr) agrees with the Decimal it stands for."""
    d = Decimal(repr(value))
    exponent = d.as_tuple().exponent
    got = from_float(value)
    if value.is_integer():
        assert got == d and got.as_tuple().exponent == 0
    elif isinstance(exponent, int) and exponent >= -2:
        assert got == d and str(got) == str(d)
    assert parse_money(value) == got


def test_a_date_typed_as_text_reads_the_same_every_time():
    assert parse_date_value("2020年3月1日") == date(2020, 3, 1)
    assert parse_date_value("2020年3月1日") == date(2020, 3, 1)  # (the memoised answer)
    assert parse_date_value("明年春") == "明年春"
    assert parse_date_value("  ") is None
