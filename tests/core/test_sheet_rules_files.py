"""The criteria@2 answers (checklists, cases, none options) in the session file and the scoring service."""

from __future__ import annotations

import copy

import pytest

from ocop_desk.errors import ImportRefused
from ocop_desk.interchange import SESSION_FORMAT, SESSION_FORMAT_1, export_session, import_session_data
from ocop_desk.scoring.totals import is_complete, member_total
from ocop_desk.sessions import SheetEntry, load_scorecard, record_choice, record_scorecards, session_choices

from tests.sheets_v2 import CHOICES_BEST, CHOICES_CASE2, PRODUCT, SESSION, v2_session

FILE_BEST = {"A1": "A1-k1", "A1a": "A1a-2", "A1b": "A1b-1", "A2a": ["A2a-3", "A2a-1", "A2a-2"],
             "A2b1": "A2b1-2", "A2b2": "A2b2-2", "B1a": "B1a-3", "B1b": "B1b-2", "C1a": "C1a-1", "C1b": "C1b-2"}


def _with_cards(store, cards):  # type: ignore[no-untyped-def]
    data = export_session(store, SESSION)
    data["scorecards"] = [{"member": m, "product": PRODUCT, "choices": copy.deepcopy(c)} for m, c in cards]
    return data


def _refused(store, data, take_snapshot, place, words):  # type: ignore[no-untyped-def]
    before = take_snapshot(store)
    with pytest.raises(ImportRefused) as exc:
        import_session_data(store, data, file="v2.json")
    assert take_snapshot(store) == before
    found = {p.place: p.message for p in exc.value.problems}
    assert place in found, found
    assert words in found[place]
    return exc.value


def test_checklist_and_case_round_trip_through_the_session_file(store):
    cs = v2_session(store)
    data = _with_cards(store, [("tv01", FILE_BEST), ("tv02", {**FILE_BEST, "A2a": ["A2a-0"]}),
                               ("tv03", {"A2a": "A2a-2"})])
    summary = import_session_data(store, data)
    assert summary.choices_written == 10 + 10 + 1
    stored = session_choices(store, SESSION)
    assert stored[(PRODUCT, "tv01")] == CHOICES_BEST
    assert stored[(PRODUCT, "tv02")]["A2a"] == "A2a-0"
    assert stored[(PRODUCT, "tv03")] == {"A2a": "A2a-2"}
    assert member_total(cs, stored[(PRODUCT, "tv01")]) == 100

    out = export_session(store, SESSION)
    assert out["format"] == SESSION_FORMAT == "ocop-desk/session@2"
    cards = {c["member"]: c["choices"] for c in out["scorecards"]}
    assert cards["tv01"]["A2a"] == ["A2a-1", "A2a-2", "A2a-3"]  # sheet order
    assert cards["tv01"]["A1"] == "A1-k1"
    assert cards["tv02"]["A2a"] == ["A2a-0"]
    assert cards["tv03"] == {"A2a": ["A2a-2"]}
    assert not import_session_data(store, out).changed


def test_the_other_case_answers_stay_stored_and_do_not_count(store):
    cs = v2_session(store)
    both = {**{k: v for k, v in CHOICES_CASE2.items()}, "A1a": "A1a-2", "A1b": "A1b-1"}
    import_session_data(store, _with_cards(store, [("tv01", both)]))
    stored = session_choices(store, SESSION)[(PRODUCT, "tv01")]
    assert stored["A1a"] == "A1a-2" and stored["A1"] == "A1-k2"
    assert is_complete(cs, stored)
    assert member_total(cs, stored) == 50


@pytest.mark.parametrize(("key", "value", "words"), [
    ("B1a", ["B1a-1"], "exactly one option per criterion"),
    ("B1a", ["B1a-1", "B1a-2"], "exactly one option per criterion, not 2"),
    ("A2a", [], "nothing ticked"),
    ("A2a", ["A2a-1", "A2a-1"], "ticked twice"),
    ("A2a", ["A2a-1", "A2a-9"], "option 'A2a-9' is not offered by criterion A2a"),
    ("A2a", ["A2a-0", "A2a-1"], "cannot be ticked with other options"),
    ("A2a", "A2a-1+A2a-2", "is not offered"),
    ("A2a", [3], "is not offered"),
    ("A1", "A1-k3", "is not a case of section A1"),
    ("A2b", "A2b1-1", "scored by its sub-criteria (A2b1, A2b2)"),
    ("A2", "A2a-1", "unknown criterion 'A2'"),
])
def test_a_bad_answer_refuses_the_file_with_its_place(store, take_snapshot, key, value, words):
    v2_session(store)
    data = _with_cards(store, [("tv01", {"A1a": "A1a-1"}), ("tv02", {key: value})])
    _refused(store, data, take_snapshot, f"scorecards[1].choices.{key}", words)


def test_a_session_1_file_takes_no_lists_even_on_a_checklist(store, take_snapshot):
    v2_session(store)
    data = _with_cards(store, [("tv01", {"A2a": ["A2a-1"]})])
    data["format"] = SESSION_FORMAT_1
    _refused(store, data, take_snapshot, "scorecards[0].choices.A2a", "exactly one option per criterion")
    data["scorecards"][0]["choices"] = {"A2a": "A2a-1", "A1": "A1-k2"}
    import_session_data(store, data)
    assert session_choices(store, SESSION)[(PRODUCT, "tv01")] == {"A2a": "A2a-1", "A1": "A1-k2"}


def test_a_session_1_file_imports_exactly_as_before(store, demo_data, take_snapshot, tmp_store_url):
    """Golden behaviour: an @1 file gives the same store, and exports back the same apart from the format."""
    data = demo_data()
    old = {**copy.deepcopy(data), "format": SESSION_FORMAT_1}
    import_session_data(store, old)
    out = export_session(store, data["session"]["id"])
    assert {**out, "format": SESSION_FORMAT_1} == {
        **old, "scorecards": sorted(({**c, "choices": dict(sorted(c["choices"].items()))}
                                     for c in old["scorecards"]), key=lambda c: (
            [p["code"] for p in old["products"]].index(c["product"]),
            [m["id"] for m in old["members"]].index(c["member"])))}
    assert not import_session_data(store, out).changed


def test_a_checklist_tick_toggles(store):
    v2_session(store)

    def tick(option, **kw):  # type: ignore[no-untyped-def]
        return record_choice(store, SESSION, PRODUCT, "tv01", "A2a", option, **kw).option_id

    assert tick("A2a-3") == "A2a-3"
    assert tick("A2a-1") == "A2a-1+A2a-3"
    assert tick("A2a-3") == "A2a-1"
    assert tick("A2a-0") == "A2a-0"  # none of these: clears the ticks
    assert tick("A2a-2") == "A2a-2"  # a tick drops "none of these"
    assert tick("A2a-2") is None  # the last tick taken back: unanswered, not "scored 0"
    assert tick("A2a-0") == "A2a-0"
    assert tick("A2a-0") is None
    assert tick("A2a-2+A2a-1", toggle=False) == "A2a-1+A2a-2"  # set exactly, in sheet order
    assert load_scorecard(store, SESSION, PRODUCT, "tv01").choices == {"A2a": "A2a-1+A2a-2"}


def test_setting_a_checklist_exactly_and_refusals(store):
    v2_session(store)
    saved = record_choice(store, SESSION, PRODUCT, "tv01", "A2a", "A2a-1+A2a-2", toggle=False)
    assert saved.option_id == "A2a-1+A2a-2"
    assert load_scorecard(store, SESSION, PRODUCT, "tv01").choices == {"A2a": "A2a-1+A2a-2"}
    for crit, value, words in (("A2a", "A2a-0+A2a-1", "cannot be ticked"), ("A2a", "A2a-7", "not offered"),
                               ("B1a", "B1a-1+B1a-2", "not offered"), ("A2b", "A2b1-1", "sub-criteria"),
                               ("A1", "A1-k9", "not a case"), ("Z9", "x", "unknown criterion")):
        with pytest.raises(ImportRefused, match=words):
            record_choice(store, SESSION, PRODUCT, "tv01", crit, value, toggle=False)
    assert load_scorecard(store, SESSION, PRODUCT, "tv01").choices == {"A2a": "A2a-1+A2a-2"}


def test_a_case_choice_is_recorded_and_switching_keeps_the_other_answers(store):
    cs = v2_session(store)
    for key, value in CHOICES_CASE2.items():
        record_choice(store, SESSION, PRODUCT, "tv02", key, value, toggle=False)
    record_choice(store, SESSION, PRODUCT, "tv02", "A1", "A1-k1")
    record_choice(store, SESSION, PRODUCT, "tv02", "A1a", "A1a-1")
    choices = load_scorecard(store, SESSION, PRODUCT, "tv02").choices
    assert choices["A1c"] == "A1c-1"  # kept, ignored while case 1 is chosen
    assert not is_complete(cs, choices)  # A1b of case 1 is still to answer
    saved = record_choice(store, SESSION, PRODUCT, "tv02", "A1", "A1-k2")
    assert saved.option_id == "A1-k2"
    choices = load_scorecard(store, SESSION, PRODUCT, "tv02").choices
    assert is_complete(cs, choices) and member_total(cs, choices) == 50


def test_record_scorecards_checks_every_answer_through_the_scoring_rule(store, take_snapshot):
    v2_session(store)
    good = SheetEntry(PRODUCT, "tv03", dict(CHOICES_BEST), {})
    bad = SheetEntry(PRODUCT, "tv04", {**CHOICES_BEST, "A2a": "A2a-3+A2a-0"}, {})
    before = take_snapshot(store)
    with pytest.raises(ImportRefused, match="cannot be ticked") as exc:
        record_scorecards(store, SESSION, [good, bad])
    assert exc.value.place == f"{PRODUCT}/A2a"
    assert take_snapshot(store) == before
    assert record_scorecards(store, SESSION, [good]) == len(CHOICES_BEST)
    assert session_choices(store, SESSION)[(PRODUCT, "tv03")] == CHOICES_BEST


def test_progress_counts_only_the_answers_that_count(store):
    from ocop_desk.sessions import progress

    v2_session(store)
    for key, value in {**CHOICES_CASE2, "A1a": "A1a-1", "C1a": "C1a-0"}.items():
        record_choice(store, SESSION, PRODUCT, "tv01", key, value, toggle=False)
    # the case, A1c, A2a, A2b1, A2b2, B1a, B1b, C1a: not A1a (other case) nor C1b (after the stop)
    assert progress(store, SESSION)[(PRODUCT, "tv01")] == 8


def test_the_session_2_schema_names_the_format_and_allows_lists_of_ticks():
    import json

    from ocop_desk.paths import schemas_dir

    schema = json.loads((schemas_dir() / "session-2.json").read_text(encoding="utf-8"))
    assert schema["properties"]["format"]["const"] == SESSION_FORMAT
    choice = schema["properties"]["scorecards"]["items"]["properties"]["choices"]["additionalProperties"]
    kinds = {alt["type"] for alt in choice["oneOf"]}
    assert kinds == {"string", "array"}
    listed = next(alt for alt in choice["oneOf"] if alt["type"] == "array")
    assert listed["minItems"] == 1 and listed["uniqueItems"] is True
    old = json.loads((schemas_dir() / "session-1.json").read_text(encoding="utf-8"))
    assert {k: v for k, v in schema.items() if k not in ("$id", "description", "properties")} == {
        k: v for k, v in old.items() if k not in ("$id", "description", "properties")}
