"""Session interchange import: round trip, idempotence, and every bad input refused whole."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ocop_desk import audit
from ocop_desk.errors import ImportRefused
from ocop_desk.interchange import export_session, import_session, import_session_data
from ocop_desk.sessions import get_session, session_choices

from tests.core_fixtures import write_json


def test_import_creates_everything_and_round_trips(store, demo_data, tmp_path):
    data = demo_data()
    summary = import_session(store, write_json(tmp_path / "phien-họp.json", data))
    assert summary.created["councils"] == 1
    assert summary.created["members"] == 9
    assert summary.created["products"] == 6
    d = get_session(store, data["session"]["id"])
    assert [i.product_code for i in d.items] == [p["code"] for p in data["products"]]
    assert d.council.name == data["council"]["name"]
    stored = session_choices(store, d.id)
    for card in data["scorecards"]:
        assert stored[(card["product"], card["member"])] == card["choices"]
    again = export_session(store, d.id)
    assert again["products"] == data["products"]
    assert sorted(again["scorecards"], key=lambda c: (c["product"], c["member"])) == sorted(
        ({**c, "choices": dict(sorted(c["choices"].items()))} for c in data["scorecards"]),
        key=lambda c: (c["product"], c["member"]))


def test_reimport_changes_nothing(store, demo_data, tmp_path, take_snapshot):
    f = write_json(tmp_path / "s.json", demo_data())
    import_session(store, f)
    before = take_snapshot(store)
    summary = import_session(store, f)
    assert not summary.changed
    assert take_snapshot(store) == before


def test_reimport_with_a_changed_choice_updates_only_that(store, demo_data, tmp_path):
    data = demo_data()
    import_session_data(store, data)
    card = data["scorecards"][0]
    crit = next(iter(card["choices"]))
    from ocop_desk.catalogue import resolve_criteria_set

    product = next(p for p in data["products"] if p["code"] == card["product"])
    cs = resolve_criteria_set(store, product["criteria_set"])[1]
    other = next(o.id for o in cs.criterion(crit).options if o.id != card["choices"][crit])
    card["choices"][crit] = other
    summary = import_session_data(store, data)
    assert summary.choices_written == 1
    assert session_choices(store, data["session"]["id"])[(card["product"], card["member"])][crit] == other
    assert audit.verify(store).ok


def _refused(store, data, tmp_path, take_snapshot, match: str) -> ImportRefused:
    before = take_snapshot(store)
    with pytest.raises(ImportRefused) as info:
        import_session(store, write_json(tmp_path / "bad.json", data))
    assert take_snapshot(store) == before
    text = "\n".join(info.value.lines())
    assert "bad.json" in text
    assert match in text, text
    return info.value


def test_unknown_criterion_refused(store, demo_data, tmp_path, take_snapshot):
    data = demo_data()
    data["scorecards"][0]["choices"]["Z9z"] = "Z9z-1"
    _refused(store, data, tmp_path, take_snapshot, "scorecards[0].choices.Z9z")


def test_unknown_option_refused(store, demo_data, tmp_path, take_snapshot):
    data = demo_data()
    crit = next(iter(data["scorecards"][1]["choices"]))
    data["scorecards"][1]["choices"][crit] = "no-such-option"
    _refused(store, data, tmp_path, take_snapshot, f"scorecards[1].choices.{crit}")


def test_two_options_for_one_criterion_refused(store, demo_data, tmp_path, take_snapshot):
    data = demo_data()
    crit, opt = next(iter(data["scorecards"][0]["choices"].items()))
    data["scorecards"][0]["choices"][crit] = [opt, opt]
    _refused(store, data, tmp_path, take_snapshot, "exactly one option")


def test_duplicate_key_in_json_refused(store, demo_data, tmp_path, take_snapshot):
    data = demo_data()
    text = json.dumps(data, ensure_ascii=False)
    crit, opt = next(iter(data["scorecards"][0]["choices"].items()))
    needle = f'"{crit}": "{opt}"'
    text = text.replace(needle, needle + ", " + needle, 1)
    before = take_snapshot(store)
    path = tmp_path / "dup.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ImportRefused, match="twice"):
        import_session(store, path)
    assert take_snapshot(store) == before


def test_conflicted_member_scorecard_refused(store, demo_data, tmp_path, take_snapshot):
    data = demo_data()
    card = data["scorecards"][0]
    product = next(p for p in data["products"] if p["code"] == card["product"])
    product["conflicts"] = [card["member"]]
    _refused(store, data, tmp_path, take_snapshot, "conflict of interest")


def test_malformed_json_names_line(store, tmp_path, take_snapshot):
    before = take_snapshot(store)
    path = tmp_path / "hỏng.json"
    path.write_text('{"format": "ocop-desk/session@1",\n "council": {', encoding="utf-8")
    with pytest.raises(ImportRefused) as info:
        import_session(store, path)
    assert "hỏng.json" in info.value.one_line() and "line 2" in info.value.one_line()
    assert take_snapshot(store) == before


@pytest.mark.parametrize("mutate, place", [
    (lambda d: d["members"].append(dict(d["members"][0])), "duplicate member id"),
    (lambda d: d["products"].append(dict(d["products"][0])), "duplicate product code"),
    (lambda d: d["products"][0].update(criteria_set="khong-co-bo-nay"), "products[0].criteria_set"),
    (lambda d: d["council"].update(level="commune"), "council.level"),
    (lambda d: d["council"].update(profile="1999"), "council.profile"),
    (lambda d: d["session"].update(date="15/09/2026"), "session.date"),
    (lambda d: d["members"][0].update(role="boss"), "members[0].role"),
    (lambda d: d["products"][0]["producer"].update(kind="XYZ"), "products[0].producer.kind"),
    (lambda d: d["products"][2].update(knockouts=["K99"]), "products[2].knockouts[0]"),
    (lambda d: d.update(format="ocop-desk/session@9"), "format"),
])
def test_bad_fields_refused_with_place(store, demo_data, tmp_path, take_snapshot, mutate, place):
    data = demo_data()
    mutate(data)
    _refused(store, data, tmp_path, take_snapshot, place)


def test_absent_member_scorecard_refused(store, demo_data, tmp_path, take_snapshot):
    data = demo_data()
    mid = data["scorecards"][0]["member"]
    data["session"]["present"].remove(mid)
    _refused(store, data, tmp_path, take_snapshot, "not in session.present")


def test_closed_session_refuses_import(store, demo_data, tmp_path, take_snapshot):
    from ocop_desk.sessions import set_state

    data = demo_data()
    import_session_data(store, data)
    set_state(store, data["session"]["id"], "closed", acknowledge_unfinished="unfinished on purpose")
    crit = next(iter(data["scorecards"][0]["choices"]))
    data["scorecards"][0]["choices"].pop(crit)
    _refused(store, data, tmp_path, take_snapshot, "closed")


def test_every_problem_listed_at_once(store, demo_data, tmp_path):
    data = demo_data()
    data["council"]["level"] = "x"
    data["members"][0]["role"] = "y"
    with pytest.raises(ImportRefused) as info:
        import_session(store, write_json(tmp_path / "b.json", data))
    places = [p.place for p in info.value.problems]
    assert "council.level" in places and "members[0].role" in places


def test_shipped_schema_is_valid_json_and_names_the_format():
    from ocop_desk.paths import schemas_dir

    schema = json.loads((schemas_dir() / "session-1.json").read_text(encoding="utf-8"))
    assert schema["properties"]["format"]["const"] == "ocop-desk/session@1"
    assert set(schema["required"]) >= {"format", "council", "members", "session", "products"}
