"""Member score workbooks: export, fill as a member would, import; every refusal changes nothing."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from openpyxl import load_workbook

from ocop_desk.errors import ImportRefused
from ocop_desk.excel.member_workbook import ABOUT_SHEET, COL_CHOICE, COL_CODE, COL_NOTE, HEADER_ROW, option_display
from ocop_desk.scoring.criteria import option_key
from ocop_desk.sessions import get_session, load_scorecard
from ocop_desk.workbooks import export_member_template, import_member_workbook, template_info

MEMBER = "tv05"  # present, no conflict in the demo session


def _rows(ws) -> dict[str, int]:
    return {ws.cell(r, COL_CODE).value: r for r in range(HEADER_ROW + 1, ws.max_row + 1)
            if ws.cell(r, COL_CODE).value}


def _unscored(store, demo) -> list[str]:
    detail = get_session(store, demo.session_id)
    return [it.product_code for it in detail.items
            if not load_scorecard(store, demo.session_id, it.product_code, MEMBER).choices]


def test_template_has_a_sheet_and_a_dropdown_per_criterion(tmp_path: Path, store, demo) -> None:
    path = export_member_template(store, demo.session_id, MEMBER, tmp_path / "t.xlsx")
    info = template_info(store, demo.session_id, MEMBER)
    wb = load_workbook(path)
    for product in info.products:
        ws = wb[product.code]
        crits = list(product.criteria_set.criteria())
        validated = set()
        for dv in ws.data_validations.dataValidation:
            assert dv.type == "list"
            validated |= {str(rng) for rng in dv.sqref.ranges}
        rows = _rows(ws)
        for crit in crits:
            assert f"D{rows[crit.id]}" in validated
        assert product.name in ws["A1"].value
    assert wb[ABOUT_SHEET]["C3"].value == "ocop-desk/member-scores@2"
    assert wb["Lists"].sheet_state == "hidden"


def test_round_trip_stores_exactly_what_the_member_filled(tmp_path: Path, store, demo) -> None:
    path = export_member_template(store, demo.session_id, MEMBER, tmp_path / "t.xlsx")
    info = template_info(store, demo.session_id, MEMBER)
    targets = [p for p in info.products if p.code in _unscored(store, demo)]
    assert targets
    rnd = random.Random(5)
    wb = load_workbook(path)
    filled: dict[str, dict[str, str]] = {}
    for product in targets:
        ws = wb[product.code]
        rows = _rows(ws)
        picks = {}
        for i, crit in enumerate(product.criteria_set.criteria()):
            opt = rnd.choice(crit.options)
            shown = option_display(crit)[opt.id]
            if i % 2 == 0:
                ws.cell(rows[crit.id], COL_CHOICE).value = option_key(crit, opt)  # its number, as on screen
            else:
                ws.cell(rows[crit.id], COL_CHOICE).value = shown
            picks[crit.id] = opt.id
        first = next(product.criteria_set.criteria())
        ws.cell(rows[first.id], COL_NOTE).value = "Cần bổ sung giấy chứng nhận an toàn thực phẩm"
        filled[product.code] = picks
    wb.save(path)
    result = import_member_workbook(store, path)
    assert result.choices == sum(len(v) for v in filled.values())
    assert result.notes == len(targets)
    for code, picks in filled.items():
        card = load_scorecard(store, demo.session_id, code, MEMBER)
        assert dict(card.choices) == picks
        assert "Cần bổ sung giấy chứng nhận an toàn thực phẩm" in card.notes.values()


def _fill_one(path: Path, code: str, crit_id: str, value: object) -> None:
    wb = load_workbook(path)
    ws = wb[code]
    ws.cell(_rows(ws)[crit_id], COL_CHOICE).value = value
    wb.save(path)


def _target(store, demo) -> tuple[str, str, int]:
    code = _unscored(store, demo)[0]
    product = next(p for p in template_info(store, demo.session_id, MEMBER).products if p.code == code)
    crit = next(product.criteria_set.criteria())
    return code, crit.id, 0


@pytest.mark.parametrize("bad, message", [
    ("5 điểm", ("không phải là một mức",)),
    ("=1+2", ("công thức", "formula")),  # the shared conventions' wording, either language
    ("99 – Không có mức này", ("không phải là một mức",)),
])
def test_bad_cells_are_reported_by_place_and_nothing_is_imported(tmp_path: Path, store, demo, take_snapshot,
                                                                  bad: str, message: tuple[str, ...]) -> None:
    path = export_member_template(store, demo.session_id, MEMBER, tmp_path / "t.xlsx")
    code, crit_id, _ = _target(store, demo)
    info = template_info(store, demo.session_id, MEMBER)
    # a good choice elsewhere, which must not be stored either
    other = next(p for p in info.products if p.code == code)
    crits = list(other.criteria_set.criteria())
    _fill_one(path, code, crits[1].id, option_display(crits[1])[crits[1].options[0].id])
    _fill_one(path, code, crit_id, bad)
    row = _rows(load_workbook(path)[code])[crit_id]
    before = take_snapshot(store)
    with pytest.raises(ImportRefused) as caught:
        import_member_workbook(store, path)
    places = [p.place for p in caught.value.problems]
    assert f"{code}!D{row}" in places
    assert any(m in p.message for p in caught.value.problems for m in message), caught.value.lines()
    assert caught.value.file == str(path)
    assert take_snapshot(store) == before


def test_a_merged_choice_cell_is_refused(tmp_path: Path, store, demo, take_snapshot) -> None:
    path = export_member_template(store, demo.session_id, MEMBER, tmp_path / "t.xlsx")
    code, crit_id, _ = _target(store, demo)
    wb = load_workbook(path)
    ws = wb[code]
    row = _rows(ws)[crit_id]
    ws.cell(row, COL_CHOICE).value = ws.cell(row, COL_CHOICE).value or "1"
    ws.merge_cells(start_row=row, start_column=COL_CHOICE, end_row=row + 1, end_column=COL_CHOICE)
    wb.save(path)
    before = take_snapshot(store)
    with pytest.raises(ImportRefused) as caught:
        import_member_workbook(store, path)
    assert any(p.place.startswith(f"{code}!D") and ("gộp" in p.message or "merged" in p.message)
               for p in caught.value.problems), caught.value.lines()
    assert take_snapshot(store) == before


def test_every_problem_is_listed_in_one_refusal(tmp_path: Path, store, demo) -> None:
    path = export_member_template(store, demo.session_id, MEMBER, tmp_path / "t.xlsx")
    code, _, _ = _target(store, demo)
    wb = load_workbook(path)
    ws = wb[code]
    rows = list(_rows(ws).values())
    for r in rows[2:6]:
        ws.cell(r, COL_CHOICE).value = "5 điểm"
    wb.save(path)
    with pytest.raises(ImportRefused) as caught:
        import_member_workbook(store, path)
    assert len(caught.value.problems) >= 3


def test_wrong_template_version_is_refused(tmp_path: Path, store, demo, take_snapshot) -> None:
    path = export_member_template(store, demo.session_id, MEMBER, tmp_path / "t.xlsx")
    wb = load_workbook(path)
    wb[ABOUT_SHEET]["C3"].value = "ocop-desk/member-scores@0"
    wb.save(path)
    before = take_snapshot(store)
    with pytest.raises(ImportRefused) as caught:
        import_member_workbook(store, path)
    assert caught.value.place == f"{ABOUT_SHEET}!C3"
    assert take_snapshot(store) == before


def test_a_workbook_of_another_member_is_refused(tmp_path: Path, store, demo) -> None:
    path = export_member_template(store, demo.session_id, MEMBER, tmp_path / "t.xlsx")
    with pytest.raises(ImportRefused) as caught:
        import_member_workbook(store, path, member_code="tv06")
    assert "tv05" in caught.value.message


def test_a_conflicted_member_may_not_score_through_excel(tmp_path: Path, store, demo, take_snapshot) -> None:
    detail = get_session(store, demo.session_id)
    item = next(it for it in detail.items if it.conflicts)
    member = item.conflicts[0]
    path = export_member_template(store, demo.session_id, member, tmp_path / "t.xlsx")
    product = next(p for p in template_info(store, demo.session_id, member).products if p.code == item.product_code)
    assert product.conflicted
    crit = next(product.criteria_set.criteria())
    _fill_one(path, item.product_code, crit.id, option_display(crit)[crit.options[0].id])
    before = take_snapshot(store)
    with pytest.raises(ImportRefused) as caught:
        import_member_workbook(store, path)
    assert any("xung đột lợi ích" in p.message for p in caught.value.problems)
    assert take_snapshot(store) == before


def test_not_a_workbook(tmp_path: Path, store, demo) -> None:
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"not a zip")
    with pytest.raises(ImportRefused) as caught:
        import_member_workbook(store, bad, session_id=demo.session_id, member_code=MEMBER)
    assert caught.value.file == str(bad)


def _fill_first_unscored(path: Path, store, demo, member: str) -> None:
    info = template_info(store, demo.session_id, member)
    product = next(p for p in info.products if not p.conflicted)
    crit = next(product.criteria_set.criteria())
    _fill_one(path, product.code, crit.id, option_display(crit)[crit.options[0].id])


def test_a_closed_session_takes_no_scores(tmp_path: Path, store, demo, take_snapshot) -> None:
    from ocop_desk.errors import SessionLocked
    from ocop_desk.sessions import set_state

    path = export_member_template(store, demo.session_id, MEMBER, tmp_path / "t.xlsx")
    _fill_first_unscored(path, store, demo, MEMBER)
    set_state(store, demo.session_id, "closed", acknowledge_unfinished="unfinished on purpose")
    before = take_snapshot(store)
    with pytest.raises(SessionLocked):
        import_member_workbook(store, path)
    assert take_snapshot(store) == before


def test_an_absent_member_takes_no_scores(tmp_path: Path, store, demo, take_snapshot) -> None:
    from ocop_desk.errors import SessionLocked

    absent = next(m for m in get_session(store, demo.session_id).members if not m.present)
    path = export_member_template(store, demo.session_id, absent.code, tmp_path / "t.xlsx")
    _fill_first_unscored(path, store, demo, absent.code)
    before = take_snapshot(store)
    with pytest.raises(SessionLocked):
        import_member_workbook(store, path)
    assert take_snapshot(store) == before
