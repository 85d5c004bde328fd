"""Checklist ticks and case choices in the member-scorecards and session-results bundles, and at the province."""

from __future__ import annotations

from pathlib import Path

import pytest

from bundle_helpers import english_messages  # noqa: F401  (fixture)
from bundle_helpers import council_key, make_party, trust_member
from ocop_desk.bundles import trust
from ocop_desk.bundles.envelope import read_envelope
from ocop_desk.bundles.session_results import parse_session_results
from ocop_desk.exchange.member_scorecards import export_member_scorecards, import_member_scorecards
from ocop_desk.exchange.merge import merge_bundle, recompute
from ocop_desk.exchange.province import province_report
from ocop_desk.exchange.session_results import export_session_results
from ocop_desk.interchange import export_session, import_session_data
from ocop_desk.results import session_results
from ocop_desk.sessions import load_scorecard, record_choice, set_state
from ocop_desk.store.engine import open_store

from tests.sheets_v2 import CHOICES_BEST, CHOICES_CASE2, COUNCIL, MEMBERS, PRODUCT, SESSION, add_sheet_v2, v2_session

UNIT = "001"
LAPTOP_SHEET = {**CHOICES_CASE2, "A2a": "A2a-1+A2a-3", "A1a": "A1a-2"}  # a stray answer of the other case


def _score(store, member, choices):  # type: ignore[no-untyped-def]
    for key, value in choices.items():
        record_choice(store, SESSION, PRODUCT, member, key, value, toggle=False)


@pytest.fixture
def secretary(tmp_path: Path):  # type: ignore[no-untyped-def]
    store = open_store(f"sqlite:///{tmp_path / 'thu-ky.sqlite3'}")
    v2_session(store)
    return store


def test_member_scorecards_carry_ticks_as_lists_and_the_case_by_section(tmp_path: Path, secretary) -> None:
    laptop = open_store(f"sqlite:///{tmp_path / 'may.sqlite3'}")
    add_sheet_v2(laptop)
    import_session_data(laptop, export_session(secretary, SESSION), file="copy")
    set_state(laptop, SESSION, "scoring")
    _score(laptop, "tv02", LAPTOP_SHEET)
    member = make_party("member", "tv02", UNIT)
    out = tmp_path / "tv02.ocop"
    export_member_scorecards(laptop, SESSION, "tv02", member.signer, out)
    doc = read_envelope(out).json_payload("scorecards.json")
    assert doc["format"] == "ocop-desk/member-scorecards@2"
    choices = doc["scorecards"][0]["choices"]
    assert choices["A2a"] == ["A2a-1", "A2a-3"] and choices["A1"] == "A1-k2" and choices["A1a"] == "A1a-2"

    t = trust_member(secretary, tmp_path / "trust.json", member, council=COUNCIL)
    r = import_member_scorecards(secretary, out, t)
    assert r.status == "imported" and r.choices_written == len(LAPTOP_SHEET)
    assert load_scorecard(secretary, SESSION, PRODUCT, "tv02").choices == LAPTOP_SHEET


def test_the_province_recomputes_checklists_and_cases_through_rank_product(tmp_path: Path, secretary) -> None:
    sheets = {m: dict(CHOICES_BEST) for m in MEMBERS}
    sheets["tv02"] = dict(LAPTOP_SHEET)
    sheets["tv03"] = {**CHOICES_BEST, "A2a": "A2a-2", "B1a": "B1a-2"}
    sheets["tv04"] = {**CHOICES_BEST, "A2a": "A2a-0"}
    for m, choices in sheets.items():
        _score(secretary, m, choices)
    set_state(secretary, SESSION, "closed")
    expected = session_results(secretary, SESSION).product(PRODUCT).result
    assert expected.status == "ranked"

    council = council_key(COUNCIL, UNIT)
    out = tmp_path / "ket-qua.ocop"
    export_session_results(secretary, SESSION, council.signer, out)
    payload = parse_session_results(read_envelope(out))
    cards = {c["member"]: c["choices"] for c in payload.session["scorecards"]}
    assert cards["tv02"]["A2a"] == ["A2a-1", "A2a-3"] and cards["tv04"]["A2a"] == ["A2a-0"]
    assert recompute(payload)[PRODUCT] == ("ranked", format(expected.mean, "f"), expected.star, len(MEMBERS))

    province = open_store(f"sqlite:///{tmp_path / 'tinh.sqlite3'}")
    t, _e = trust.add_key(trust.load_trust(tmp_path / "trust.json"), council.stored.public)
    assert merge_bundle(province, out, t).status == "merged"
    got = {p["code"]: (p["status"], p["mean"], p["star"]) for p in province_report(province)["products"]}
    assert got == {PRODUCT: ("ranked", format(expected.mean, "f"), expected.star)}


def test_a_list_in_a_session_1_file_or_on_a_single_criterion_is_malformed(tmp_path: Path, secretary) -> None:
    from ocop_desk.bundles.errors import BundleMalformed

    for m in MEMBERS:
        _score(secretary, m, CHOICES_BEST)
    set_state(secretary, SESSION, "closed")
    council = council_key(COUNCIL, UNIT)
    out = tmp_path / "ket-qua.ocop"
    export_session_results(secretary, SESSION, council.signer, out)
    payload = parse_session_results(read_envelope(out))
    payload.session["format"] = "ocop-desk/session@1"  # as an older district would have written it
    with pytest.raises(BundleMalformed) as caught:
        recompute(payload)
    assert caught.value.place == f"session.json: {PRODUCT}/A2a"
    payload.session["format"] = "ocop-desk/session@2"
    payload.session["scorecards"][0]["choices"]["B1a"] = ["B1a-1"]
    with pytest.raises(BundleMalformed, match="exactly one option"):
        recompute(payload)
