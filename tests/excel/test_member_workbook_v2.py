"""Member workbooks on criteria@2 sheets: a cell means what the key means on screen, templates come pre-filled."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from ocop_desk.errors import ImportRefused
from ocop_desk.excel.member_workbook import COL_CHOICE, COL_CODE, COL_POINTS, COL_TITLE, HEADER_ROW
from ocop_desk.sessions import get_session, load_scorecard, record_choice
from ocop_desk.workbooks import export_member_template, import_member_workbook

from tests.core_fixtures import english_messages  # noqa: F401  (messages read in English)
from tests.sheets_v2 import CHOICES_CASE2, PRODUCT, SESSION, v2_session

MEMBER = "tv02"


def _rows(ws) -> dict[str, int]:
    return {ws.cell(r, COL_CODE).value: r for r in range(HEADER_ROW + 1, ws.max_row + 1)
            if ws.cell(r, COL_CODE).value}


def _fill(path: Path, values: dict[str, object]) -> dict[str, int]:
    wb = load_workbook(path)
    ws = wb[PRODUCT]
    rows = _rows(ws)
    for key, value in values.items():
        ws.cell(rows[key], COL_CHOICE).value = value
    wb.save(path)
    return rows


CASE2_CELLS = {"A1": 2, "A1c": "2", "A2a": "0", "A2b1": 1, "A2b2": 0, "B1a": 1, "B1b": 2, "C1a": 2, "C1b": 1}


def test_the_template_lists_every_option_with_its_number_and_points(tmp_path, store):
    v2_session(store)
    path = export_member_template(store, SESSION, MEMBER, tmp_path / "t.xlsx")
    ws = load_workbook(path)[PRODUCT]
    rows = _rows(ws)
    assert {"A1", "A1-k1", "A1-k2", "A1a", "A1c", "A2a", "A2b", "A2b1", "C1b"} <= set(rows)
    below = [(ws.cell(r, COL_TITLE).value.strip(), ws.cell(r, COL_POINTS).value)
             for r in range(rows["B1a"] + 1, rows["B1a"] + 5)]
    assert below == [("0 – Không đạt", 0), ("1 – Có", 5), ("2 – Có, ấn tượng (****)", 10),
                     ("3 – Có, rất ấn tượng (*****)", 15)]
    assert "Bị loại nếu hồ sơ giả mạo" in ws.cell(rows["B1b"] + 1, COL_TITLE).value
    assert ws.cell(rows["A1-k2"], COL_TITLE).value == "2 – Thuê gia công"
    assert ws.cell(rows["A2a"], COL_CHOICE).number_format == "@"  # "1, 3" stays text
    assert str(ws.cell(rows["B1a"], COL_POINTS).value).startswith("=IF(")  # points of the choice, beside it
    validated = {str(rng) for dv in ws.data_validations.dataValidation for rng in dv.sqref.ranges}
    assert {f"D{rows['A1']}", f"D{rows['B1a']}", f"D{rows['A2b1']}"} <= validated
    assert f"D{rows['A2a']}" not in validated and f"D{rows['A2b']}" not in validated


def test_numbers_are_option_keys_cases_and_checklists_too(tmp_path, store):
    cs = v2_session(store)
    path = export_member_template(store, SESSION, MEMBER, tmp_path / "t.xlsx")
    _fill(path, {**CASE2_CELLS, "A2a": "1, 3", "A1a": None})
    done = import_member_workbook(store, path)
    assert done.choices == len(CASE2_CELLS)
    stored = load_scorecard(store, SESSION, PRODUCT, MEMBER).choices
    assert stored == {**CHOICES_CASE2, "A2a": "A2a-1+A2a-3"}
    from ocop_desk.scoring.totals import is_complete

    assert is_complete(cs, stored)  # the criteria of case 1 stayed blank


def test_an_exported_template_is_pre_filled_and_re_imports_as_a_no_op(tmp_path, store, take_snapshot):
    v2_session(store)
    for key, value in {**CHOICES_CASE2, "A2a": "A2a-2+A2a-3", "A1a": "A1a-1"}.items():
        record_choice(store, SESSION, PRODUCT, MEMBER, key, value, toggle=False)
    path = export_member_template(store, SESSION, MEMBER, tmp_path / "t.xlsx")
    ws = load_workbook(path)[PRODUCT]
    rows = _rows(ws)
    cell = {k: ws.cell(rows[k], COL_CHOICE).value for k in ("A1", "A1a", "A1c", "A2a", "A2b2", "C1b", "A1b")}
    assert cell == {"A1": "2 – Thuê gia công", "A1a": "1 – Dưới 50%", "A1c": "2 – Có hợp đồng",
                    "A2a": "2, 3", "A2b2": "0 – Không đạt", "C1b": "1 – Khá", "A1b": None}
    before = take_snapshot(store)
    assert import_member_workbook(store, path).choices == 0
    assert take_snapshot(store) == before


def test_a_demo_member_template_carries_the_saved_sheet(tmp_path, store, demo, take_snapshot):
    detail = get_session(store, demo.session_id)
    member, item = next((m.code, it) for it in detail.items for m in detail.members
                        if load_scorecard(store, demo.session_id, it.product_code, m.code).choices)
    saved = load_scorecard(store, demo.session_id, item.product_code, member).choices
    path = export_member_template(store, demo.session_id, member, tmp_path / "t.xlsx")
    ws = load_workbook(path)[item.product_code[:31]]
    rows = _rows(ws)
    assert all(ws.cell(rows[k], COL_CHOICE).value for k in saved)
    before = take_snapshot(store)
    assert import_member_workbook(store, path).choices == 0
    assert take_snapshot(store) == before


@pytest.mark.parametrize(("key", "value", "words"), [
    ("A2b1", 3, "write its number (0, 1, 2)"),  # not the 3-point option: there is no option 3
    ("A2b1", "3 điểm", "is not an option"),
    ("A2a", "1, 0", "cannot be ticked with other options"),
    ("A2a", "1, 9", "not a list of options"),
    ("A2a", "1, 1", "ticked twice"),
    ("A2a", 1.3, "not a list of options"),
    ("A1", 3, "is not a case of section A1"),
])
def test_a_bad_cell_is_named_and_nothing_is_imported(tmp_path, store, take_snapshot, key, value, words):
    v2_session(store)
    path = export_member_template(store, SESSION, MEMBER, tmp_path / "t.xlsx")
    rows = _fill(path, {**CASE2_CELLS, key: value})
    before = take_snapshot(store)
    with pytest.raises(ImportRefused) as caught:
        import_member_workbook(store, path)
    found = {p.place: p.message for p in caught.value.problems}
    assert list(found) == [f"{PRODUCT}!D{rows[key]}"]
    assert words in found[f"{PRODUCT}!D{rows[key]}"]
    assert take_snapshot(store) == before
