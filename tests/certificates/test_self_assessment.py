"""The producer's self-assessment: recorded on the session's sheet, checked, compared through `scoring`."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from ocop_desk import self_assessment as SA
from ocop_desk.errors import ImportRefused, NotFound


def _best(cs) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {c.id: max(c.options, key=lambda o: o.points).id for c in cs.criteria()}


@pytest.fixture
def outcome(store, demo):  # type: ignore[no-untyped-def]
    from ocop_desk.results import session_results

    return session_results(store, demo.session_id).products[0]


def test_recorded_on_the_sheet_of_the_products_session(store, outcome) -> None:
    info = SA.record_self_assessment(store, outcome.code, _best(outcome.criteria_set))
    assert info.criteria_set_hash == outcome.item.criteria_set_hash
    assert info.criteria_set_id == outcome.criteria_set.id
    assert info.choices == _best(outcome.criteria_set)


def test_comparison_uses_the_scoring_rules(store, demo, outcome) -> None:
    from ocop_desk.results import member_sheets
    from ocop_desk.scoring.feedback import product_feedback
    from ocop_desk.scoring.totals import member_total
    from ocop_desk.sessions import get_session, session_choices

    cs = outcome.criteria_set
    choices = _best(cs)
    first = next(iter(cs.criteria()))
    lowest = min(first.options, key=lambda o: o.points)
    choices[first.id] = lowest.id
    SA.record_self_assessment(store, outcome.code, choices)
    c = SA.compare(store, demo.session_id, outcome.code)
    assert c.self_total == member_total(cs, choices)
    assert c.council_mean == outcome.result.mean
    fb = product_feedback(cs, _profile(store, demo), member_sheets(get_session(store, demo.session_id), outcome.item,
                                                                   session_choices(store, demo.session_id)))
    council = {f.criterion_id: f.mean for f in fb.criteria}
    assert c.counted == fb.counted
    for row in c.rows:
        assert row.council_mean == council[row.criterion_id]
        assert row.difference == row.self_points - row.council_mean
    top = c.rows[0]
    assert top.criterion_id == first.id and top.self_points == lowest.points
    assert all(isinstance(r.self_points, Decimal) for r in c.rows)
    assert SA.comparison_json(c)["criteria"][0]["self"] == format(lowest.points, "f")


def _profile(store, demo):  # type: ignore[no-untyped-def]
    from ocop_desk.results import session_results

    return session_results(store, demo.session_id).profile


def test_import_file_all_or_nothing(store, outcome, tmp_path, take_snapshot) -> None:
    cs = outcome.criteria_set
    good = {"product": outcome.code, "choices": _best(cs)}
    first = next(iter(cs.criteria()))
    bad = {"product": outcome.code, "criteria_set": cs.id, "choices": {first.id: "không-có"}}
    path = tmp_path / "tu-danh-gia.json"
    path.write_text(json.dumps({"format": SA.FORMAT, "assessments": [good, bad]}, ensure_ascii=False),
                    encoding="utf-8")
    before = take_snapshot(store)
    with pytest.raises(ImportRefused) as info:
        SA.import_self_assessments(store, path)
    line = info.value.one_line()
    assert str(path) in line and f"assessments[1].choices.{first.id}" in line and "không-có" in line
    assert take_snapshot(store) == before
    path.write_text(json.dumps({"format": SA.FORMAT, "assessments": [good]}), encoding="utf-8")
    assert SA.import_self_assessments(store, path) == [outcome.code]
    assert SA.get_self_assessment(store, outcome.code).source == "tu-danh-gia.json"


@pytest.mark.parametrize(("data", "place"), [
    ({"format": "other"}, "format"),
    ({"format": SA.FORMAT, "assessments": []}, "assessments"),
    ({"format": SA.FORMAT, "assessments": [{"product": "00-000-000-0000", "choices": {"A": "B"}}]},
     "assessments[0].product"),
    ({"format": SA.FORMAT, "assessments": [{"product": "06-065-001-2026", "choices": []}]},
     "assessments[0].choices"),
])
def test_bad_files_name_the_place(store, demo, tmp_path, take_snapshot, data, place) -> None:
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    before = take_snapshot(store)
    with pytest.raises(ImportRefused) as info:
        SA.import_self_assessments(store, path)
    assert info.value.file == str(path) and info.value.place == place
    assert take_snapshot(store) == before


def test_no_self_assessment_is_a_clear_not_found(store, demo, outcome) -> None:
    with pytest.raises(NotFound, match="no self-assessment"):
        SA.compare(store, demo.session_id, outcome.code)


def test_missing_self_assessment_compares_blank_when_allowed(store, demo, outcome) -> None:
    c = SA.compare(store, demo.session_id, outcome.code, allow_missing=True)
    assert not c.recorded and c.choices == {} and c.self_total == 0 and c.self_star is None
    assert all(r.self_points is None and r.difference is None for r in c.rows)
    assert c.council_mean == outcome.result.mean


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_comparison_printed_for_the_producers(store, demo, outcome, tmp_path, lang) -> None:
    import subprocess

    from ocop_desk import i18n
    from ocop_desk.papers_out import write_self_assessment_pdf

    with pytest.raises(NotFound, match="no product"):
        write_self_assessment_pdf(store, demo.session_id, tmp_path)
    SA.record_self_assessment(store, outcome.code, _best(outcome.criteria_set))
    i18n.set_language(lang)
    path, pages, n = write_self_assessment_pdf(store, demo.session_id, tmp_path)
    assert n == 1 and pages >= 1
    text = " ".join(subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                                   check=True).stdout.split())
    c = SA.compare(store, demo.session_id, outcome.code)
    head = "SO SÁNH PHIẾU TỰ ĐÁNH GIÁ VỚI KẾT QUẢ CỦA HỘI ĐỒNG" if lang == "vi" else "SELF-ASSESSMENT AND THE"
    assert head in text and outcome.code in text
    for r in c.differing():
        assert r.criterion_id in text
    for r in c.rows:
        if not r.differs:
            assert f" {r.criterion_id} " not in f" {text} "
