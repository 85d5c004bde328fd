"""Excel round trip for criteria sets, driven by officer-style fixture workbooks."""

from __future__ import annotations

import copy
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from ocop_desk import i18n
from ocop_desk.errors import CriteriaError
from ocop_desk.excel.criteria_workbook import read_criteria_workbook, write_criteria_workbook
from ocop_desk.scoring.criteria import criteria_set_from_dict
from ocop_desk.scoring.validate import validate_criteria

from .conftest import CRITERIA_FILES, FORMS, load

DATA = Path(__file__).resolve().parents[1] / "data"
RICE = FORMS / "criteria" / "148-2023" / "148-2023-thuc-pham-gao-ngu-coc.json"


def _row_of(path: Path, code: str | None, sheet: str = "Tiêu chí") -> int:
    ws = load_workbook(path)[sheet]
    for row in range(1, ws.max_row + 1):
        value = ws.cell(row=row, column=1).value
        if value == code and (code is not None or ws.cell(row=row, column=2).value == "Tổng cộng"):
            return row
    raise AssertionError(code)


def _places(path: Path) -> list[str]:
    with pytest.raises(CriteriaError) as err:
        read_criteria_workbook(path)
    assert err.value.file == str(path)
    return [p.place for p in err.value.problems]


@pytest.mark.parametrize("path", CRITERIA_FILES, ids=lambda p: p.stem)
def test_export_then_import_gives_the_same_set(path: Path, tmp_path: Path) -> None:
    cs = criteria_set_from_dict(load(path))
    out = tmp_path / "set.xlsx"
    write_criteria_workbook(cs, out)
    back = validate_criteria(read_criteria_workbook(out), str(out))
    assert back.content_hash == cs.content_hash
    assert back == cs


def test_round_trip_in_english_too(tmp_path: Path) -> None:
    cs = criteria_set_from_dict(load(RICE))
    try:
        i18n.set_language("en")
        write_criteria_workbook(cs, tmp_path / "en.xlsx")
    finally:
        i18n.set_language("vi")
    assert load_workbook(tmp_path / "en.xlsx").sheetnames[0] == "Criteria"
    assert criteria_set_from_dict(read_criteria_workbook(tmp_path / "en.xlsx")).content_hash == cs.content_hash


def test_export_looks_like_the_printed_sheet(tmp_path: Path) -> None:
    cs = criteria_set_from_dict(load(RICE))
    write_criteria_workbook(cs, tmp_path / "s.xlsx")
    wb = load_workbook(tmp_path / "s.xlsx")
    ws = wb.worksheets[0]
    assert "A1:D1" in {str(r) for r in ws.merged_cells.ranges}
    assert ws["A1"].value == cs.title and ws["A1"].font.bold
    assert [ws.cell(row=4, column=c).value for c in (1, 2, 3)] == ["A", cs.parts[0].title, 40]
    assert len(wb.worksheets) == 4
    labels = [wb.worksheets[1].cell(row=r, column=2).value for r in range(4, 4 + len(cs.knockouts))]
    assert labels == [k.label for k in cs.knockouts]


def test_officer_workbook_with_merged_headers_imports_as_the_shipped_set() -> None:
    data = read_criteria_workbook(DATA / "criteria_officer_rice.xlsx")
    cs = validate_criteria(data, "criteria_officer_rice.xlsx")
    assert cs.content_hash == criteria_set_from_dict(load(RICE)).content_hash
    assert cs.parts[0].sections[0].title == "Tổ chức sản xuất"
    assert data["checked"] == "2026-11-23"  # an Excel date cell, read back as ISO text


def test_typo_in_the_total_is_reported_at_its_cell() -> None:
    path = DATA / "criteria_total_typo.xlsx"
    assert _places(path) == [f"Tiêu chí!C{_row_of(path, None)}"]


def test_points_written_as_text_are_refused() -> None:
    path = DATA / "criteria_text_points.xlsx"
    with pytest.raises(CriteriaError) as err:
        read_criteria_workbook(path)
    (problem,) = err.value.problems
    assert problem.place == f"Tiêu chí!D{_row_of(path, 'A1a-3')}"
    assert "5 điểm" in problem.message


def test_merged_cell_where_a_value_belongs_is_refused() -> None:
    path = DATA / "criteria_merged_value.xlsx"
    rows = (_row_of(path, "A1b-1"), _row_of(path, "A1b-2"))
    assert _places(path) == [f"Tiêu chí!D{r}" for r in rows]


def test_missing_option_is_reported_at_its_criterion() -> None:
    path = DATA / "criteria_missing_option.xlsx"
    assert _places(path) == [f"Tiêu chí!C{_row_of(path, 'A1c')}"]


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    path = tmp_path / "many.xlsx"
    shutil.copy(DATA / "criteria_officer_rice.xlsx", path)
    wb = load_workbook(path)
    ws = wb["Tiêu chí"]
    r_a1a = _row_of(path, "A1a")
    r_opt = _row_of(path, "A1b-2")
    r_a2 = _row_of(path, "A2")
    ws.cell(row=r_a1a, column=3).value = "=MAX(D9:D11)"
    ws.cell(row=r_opt, column=4).value = "hai"
    ws.cell(row=r_a2, column=1).value = "B7"
    ws.cell(row=r_a2 + 1, column=1).value = "A1a"
    wb["Điều kiện loại"].cell(row=4, column=2).value = None
    wb.save(path)
    places = _places(path)
    assert f"Tiêu chí!C{r_a1a}" in places
    assert f"Tiêu chí!D{r_opt}" in places
    assert f"Tiêu chí!A{r_a2}" in places          # section B7 under part A
    assert f"Tiêu chí!A{r_a2 + 1}" in places      # A1a used twice
    assert "Điều kiện loại!B4" in places
    assert len(places) >= 5


def test_not_a_workbook_is_a_clear_error(tmp_path: Path) -> None:
    bogus = tmp_path / "phieu.xlsx"
    bogus.write_text("Mã;Nội dung;Điểm\n", encoding="utf-8")
    with pytest.raises(CriteriaError) as err:
        read_criteria_workbook(bogus)
    assert err.value.file == str(bogus)
    from ocop_desk.errors import NotFound

    with pytest.raises(NotFound):  # exit code 6 everywhere, as docs/cli.md says
        read_criteria_workbook(tmp_path / "absent.xlsx")


def test_a_missing_sheet_and_a_missing_key_are_named(tmp_path: Path) -> None:
    path = tmp_path / "s.xlsx"
    shutil.copy(DATA / "criteria_officer_rice.xlsx", path)
    wb = load_workbook(path)
    about = wb["Thông tin bộ tiêu chí"]
    about.delete_rows(4)  # the "id" row
    wb.save(path)
    assert any(p.startswith("Thông tin bộ tiêu chí!") for p in _places(path))
    wb = Workbook()
    wb.active.title = "Tiêu chí"
    wb.save(path)
    with pytest.raises(CriteriaError) as err:
        read_criteria_workbook(path)
    assert len(err.value.problems) == 3


def test_fractional_points_text_like_formulas_and_star_conditions_survive(tmp_path: Path) -> None:
    data = copy.deepcopy(load(RICE))
    crit = data["parts"][0]["sections"][0]["criteria"][0]
    crit["options"][1]["points"] = Decimal("2.5")
    crit["options"][0]["label"] = "=không phải công thức"
    data["star_conditions"] = [{"star": 4, "ref": "C", "min": Decimal("17.5"), "label": "Phần C tối thiểu"}]
    cs = validate_criteria(data, "x")
    write_criteria_workbook(cs, tmp_path / "f.xlsx")
    back = validate_criteria(read_criteria_workbook(tmp_path / "f.xlsx"), "f.xlsx")
    assert back.content_hash == cs.content_hash
    assert back.parts[0].sections[0].criteria[0].options[1].points == Decimal("2.5")
    assert back.star_conditions[0].min == Decimal("17.5")


def test_a_header_named_stt_further_down_is_found(tmp_path: Path) -> None:
    path = tmp_path / "stt.xlsx"
    shutil.copy(DATA / "criteria_officer_rice.xlsx", path)
    wb = load_workbook(path)
    ws = wb["Tiêu chí"]
    for rng in list(ws.merged_cells.ranges):
        ws.unmerge_cells(str(rng))
    ws.insert_rows(1, amount=3)
    ws["A8"] = "STT"
    wb.save(path)
    cs = validate_criteria(read_criteria_workbook(path), "stt.xlsx")
    assert cs.content_hash == criteria_set_from_dict(load(RICE)).content_hash


OFFICIAL_26 = FORMS / "criteria" / "148-2023" / (
    "148-2023-26-dich-vu-du-lich-cong-dong-du-lich-sinh-thai-va-diem-du-lich.json")
TOURISM_1048 = FORMS / "criteria" / "1048-2019" / "1048-2019-26-dich-vu-du-lich-truyen-thong-le-hoi.json"


def test_criteria2_columns_carry_markers_none_cases_and_checklists(tmp_path: Path) -> None:
    cs = criteria_set_from_dict(load(OFFICIAL_26))
    write_criteria_workbook(cs, tmp_path / "s.xlsx")
    ws = load_workbook(tmp_path / "s.xlsx").worksheets[0]
    assert "A1:J1" in {str(r) for r in ws.merged_cells.ranges}
    rows = {ws.cell(row=r, column=1).value: r for r in range(1, ws.max_row + 1)}
    assert "C8-th1" in rows and "C8-th1a-1" in rows
    none = next(c.none_option for c in cs.criteria() if c.none_option is not None)
    marked = next(o for c in cs.criteria() for o in c.options if o.star_marker)
    assert ws.cell(row=rows[marked.id], column=5).value == marked.star_marker
    assert ws.cell(row=rows[none.id], column=6).value in ("không đạt", "none of these")
    assert ws.cell(row=rows[none.id], column=4).value == 0
    cl = criteria_set_from_dict(load(TOURISM_1048))
    write_criteria_workbook(cl, tmp_path / "c.xlsx")
    back = read_criteria_workbook(tmp_path / "c.xlsx")
    assert back["gaps"] == [{"ref": "A", "declared": 35, "computed": 34}]
    assert validate_criteria(back, "c.xlsx").content_hash == cl.content_hash


def test_a_wrong_word_in_a_criteria2_column_is_reported_at_its_cell(tmp_path: Path) -> None:
    cs = criteria_set_from_dict(load(OFFICIAL_26))
    path = tmp_path / "s.xlsx"
    write_criteria_workbook(cs, path)
    wb = load_workbook(path)
    ws = wb.worksheets[0]
    rows = {ws.cell(row=r, column=1).value: r for r in range(1, ws.max_row + 1)}
    ws.cell(row=rows["A1a-1"], column=6).value = "nhiều"
    ws.cell(row=rows["A1a-1"], column=5).value = 6
    wb.save(path)
    assert _places(path) == [f"Tiêu chí!E{rows['A1a-1']}", f"Tiêu chí!F{rows['A1a-1']}"]


def test_notes_after_column_d_of_an_officer_sheet_are_still_ignored(tmp_path: Path) -> None:
    path = tmp_path / "notes.xlsx"
    shutil.copy(DATA / "criteria_officer_rice.xlsx", path)
    wb = load_workbook(path)
    ws = wb["Tiêu chí"]
    ws.cell(row=_row_of(path, "A1a-1"), column=6).value = "xem lại"
    ws.cell(row=_row_of(path, "A1a"), column=5).value = 7
    wb.save(path)
    data = read_criteria_workbook(path)
    assert data["format"] == "ocop-desk/criteria@1"
    assert validate_criteria(data, str(path)).content_hash == criteria_set_from_dict(load(RICE)).content_hash
