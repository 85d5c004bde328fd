"""Reading cells exactly: the rules every ocop-desk workbook reader shares."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from openpyxl import Workbook, load_workbook

from ocop_desk.errors import CriteriaError, ImportRefused
from ocop_desk.excel.conventions import Problems, SheetReader, place, write_text


@pytest.fixture()
def sheet():
    wb = Workbook()
    ws = wb.active
    ws.title = "Phiếu"
    return ws


def test_numbers_are_exact_and_units_are_refused(sheet) -> None:
    for row, value in enumerate([5, 2.5, 0.1, "7", " 3.25 ", "5 điểm", True, dt.date(2023, 2, 24), -1], start=1):
        sheet.cell(row=row, column=1).value = value
    problems = Problems()
    r = SheetReader(sheet, problems)
    got = [r.number(row, 1) for row in range(1, 10)]
    assert got[:5] == [Decimal(5), Decimal("2.5"), Decimal("0.1"), Decimal(7), Decimal("3.25")]
    assert got[5:] == [None, None, None, None]
    assert [p.place for p in problems.items] == ["Phiếu!A6", "Phiếu!A7", "Phiếu!A8", "Phiếu!A9"]


def test_formulas_merges_and_blanks(sheet) -> None:
    sheet["B2"] = "=SUM(B3:B4)"
    sheet["C2"] = 4
    sheet.merge_cells("C2:C3")
    problems = Problems()
    r = SheetReader(sheet, problems)
    assert r.number(2, 2) is None and r.number(2, 3) is None and r.number(3, 3) is None
    assert r.number(9, 9, required=False) is None
    assert r.number(8, 8) is None
    assert [p.place for p in problems.items] == ["Phiếu!B2", "Phiếu!C2", "Phiếu!C3", "Phiếu!H8"]
    assert "C2:C3" in problems.items[1].message


def test_text_is_never_a_formula_and_dates_read_as_iso(sheet, tmp_path) -> None:
    write_text(sheet["A1"], "=Bộ tiêu chí")
    sheet["A2"] = dt.datetime(2023, 2, 24)
    sheet.parent.save(tmp_path / "t.xlsx")
    problems = Problems()
    r = SheetReader(load_workbook(tmp_path / "t.xlsx")["Phiếu"], problems)
    assert r.text(1, 1) == "=Bộ tiêu chí"
    assert r.text(2, 1) == "2023-02-24"
    assert not problems
    assert place(sheet, 12, 4) == "Phiếu!D12"


def test_problems_raise_once_with_every_place_and_the_chosen_type() -> None:
    problems = Problems()
    problems.raise_if_any("x.xlsx")  # nothing wrong: no error
    problems.add("Phiếu!D12", "a")
    problems.add("Phiếu!D13", "b")
    with pytest.raises(CriteriaError) as err:
        problems.raise_if_any("x.xlsx")
    assert [p.place for p in err.value.problems] == ["Phiếu!D12", "Phiếu!D13"]
    with pytest.raises(ImportRefused):
        problems.raise_if_any("x.xlsx", error=ImportRefused)
