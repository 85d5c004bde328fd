"""Results JSON and the CLI carry what the sheets' rules decide; old stores (criteria@1 sets) still work."""

from __future__ import annotations

import json
from pathlib import Path

from ocop_desk.interchange import SESSION_FORMAT_1, export_session, import_session_data
from ocop_desk.results import results_json, session_results
from ocop_desk.sessions import record_choice, session_choices

from tests.sheets_v2 import CHOICES_BEST, CHOICES_CASE2, MEMBERS, PRODUCT, SESSION, v2_session

DATA = Path(__file__).resolve().parent.parent / "data"


def _score(store, sheets):  # type: ignore[no-untyped-def]
    for member, choices in sheets.items():
        for key, value in choices.items():
            record_choice(store, SESSION, PRODUCT, member, key, value, toggle=False)


def _product(store):  # type: ignore[no-untyped-def]
    return results_json(session_results(store, SESSION))["products"][0]


def test_an_unmet_star_marker_caps_the_star_with_its_reason(store):
    v2_session(store)
    # 95 on every sheet: the 5-star band, but B1a stays at its (****) option, short of (*****).
    _score(store, {m: {**CHOICES_BEST, "B1a": "B1a-2"} for m in MEMBERS})
    p = _product(store)
    assert (p["status"], p["mean"], p["star"]) == ("ranked", "95.00", 4)
    assert [(r["star"], r["criterion"], r["min"]) for r in p["requirements_unmet"]] == [(5, "B1a", "15")]
    assert p["requirements_unmet"][0]["reason"] in p["cap_reasons"]
    assert "B1a" in p["requirements_unmet"][0]["reason"]
    sheet = p["members"][0]
    met = {(r["criterion"], r["star"]): r["met"] for r in sheet["requirements"]}
    assert met == {("B1a", 4): True, ("B1a", 5): False, ("C1b", 3): True}
    assert sheet["knockouts"] == [] and sheet["ignored"] == [] and sheet["unanswered"] == []


def test_a_knock_out_option_knocks_the_product_out_and_is_named(store):
    v2_session(store)
    _score(store, {m: {**CHOICES_BEST, "B1b": "B1b-0" if i < 3 else "B1b-2"} for i, m in enumerate(MEMBERS)})
    p = _product(store)
    assert p["status"] == "knocked_out" and p["star"] is None
    assert "opt:B1b-0" in p["knockouts"]
    assert p["criterion_knockouts"] == [{"id": "opt:B1b-0", "option": "B1b-0", "label": "Bị loại nếu hồ sơ giả mạo"}]
    assert p["members"][0]["knockouts"] == [{"criterion": "B1b", "label": "Bị loại nếu hồ sơ giả mạo"}]
    assert p["members"][4]["knockouts"] == []


def test_answers_that_do_not_count_are_listed_as_ignored(store):
    v2_session(store)
    stopped = {**CHOICES_CASE2, "A1a": "A1a-2", "C1a": "C1a-0"}
    _score(store, {"tv01": stopped, "tv02": {"A1": "A1-k1", "A1a": "A1a-1"}})
    members = {m["member"]: m for m in _product(store)["members"]}
    assert members["tv01"]["ignored"] == ["A1a", "C1b"]  # the other case's, and after the stop
    assert members["tv01"]["stopped"] == ["C1b"]
    assert members["tv01"]["unanswered"] == [] and members["tv01"]["reason"] is None
    assert members["tv02"]["unanswered"][0] == "A1b" and members["tv02"]["reason"] == "incomplete"


def test_the_cli_results_table_names_knock_outs_and_capped_stars(store, tmp_store_url, run_cli):
    v2_session(store)
    _score(store, {m: {**CHOICES_BEST, "B1a": "B1a-2"} for m in MEMBERS})
    code, out, err = run_cli("--db", tmp_store_url, "--lang", "en", "results", SESSION)
    assert code == 0, err
    assert f"{PRODUCT}: star capped: " in out and "B1a" in out
    _score(store, {m: {"B1b": "B1b-0"} for m in MEMBERS})
    code, out, err = run_cli("--db", tmp_store_url, "results", SESSION)
    assert code == 0, err
    assert f"{PRODUCT}: bị loại do phương án B1b-0: Bị loại nếu hồ sơ giả mạo" in out
    code, out, err = run_cli("--db", tmp_store_url, "results", SESSION, "--json")
    assert json.loads(out)["products"][0]["criterion_knockouts"][0]["id"] == "opt:B1b-0"


def test_a_store_scored_on_an_old_reconstructed_set_opens_shows_and_exports(tmp_path, tmp_store_url):
    """A council's store from before criteria@2: an @1 set, an @1 session file, complete sheets."""
    from ocop_desk.catalogue import add_criteria_set, criteria_set_by_pk, sync_catalogue
    from ocop_desk.workbooks import export_member_template, import_member_workbook
    from ocop_desk.scoring.criteria import criteria_set_from_dict, load_json_text
    from ocop_desk.store.engine import open_store

    body = (DATA / "criteria1_reconstructed_gao.json").read_text(encoding="utf-8")
    old = criteria_set_from_dict(load_json_text(body))
    assert json.loads(body)["format"] == "ocop-desk/criteria@1" and old.status == "reconstructed"
    store = open_store(tmp_store_url)
    sync_catalogue(store)
    add_criteria_set(store, old, origin="imported")
    members = [f"tv{i:02d}" for i in range(1, 6)]
    sheets = {m: {c.id: c.options[(i + j) % len(c.options)].id for j, c in enumerate(old.criteria())}
              for i, m in enumerate(members)}
    data = {
        "format": SESSION_FORMAT_1,
        "council": {"id": "HD-CU", "name": "Hội đồng cũ", "level": "district", "admin_unit": "065",
                    "profile": "148-2023"},
        "members": [{"id": m, "name": m, "role": "member"} for m in members],
        "session": {"id": "CU-01", "date": "2026-05-04", "place": "", "present": members},
        "products": [{"code": "06-065-009-2026", "name": "Gạo cũ", "criteria_set": old.content_hash,
                      "producer": {"name": "HTX Cũ", "kind": "HTX", "commune": ""},
                      "conflicts": [], "knockouts": []}],
        "scorecards": [{"member": m, "product": "06-065-009-2026", "choices": sheets[m]} for m in members],
    }
    import_session_data(store, data)
    before = results_json(session_results(store, "CU-01"))
    store.dispose()

    store = open_store(tmp_store_url)  # opened again, as on the next meeting day
    try:
        res = session_results(store, "CU-01")
        assert criteria_set_by_pk(store, res.products[0].item.criteria_set_pk).content_hash == old.content_hash
        p = results_json(res)
        assert p == before
        product = p["products"][0]
        assert product["status"] == "ranked" and product["star"] is not None
        assert product["requirements_unmet"] == [] and product["criterion_knockouts"] == []
        assert all(m["requirements"] == [] and m["ignored"] == [] for m in product["members"])
        out = export_session(store, "CU-01")
        assert {c["member"]: c["choices"] for c in out["scorecards"]} == sheets
        assert not import_session_data(store, out).changed
        assert session_choices(store, "CU-01")[("06-065-009-2026", "tv01")] == sheets["tv01"]
        from ocop_desk.sessions import set_state

        set_state(store, "CU-01", "scoring")
        path = export_member_template(store, "CU-01", "tv02", tmp_path / "tv02.xlsx")
        assert import_member_workbook(store, path).choices == 0  # pre-filled with the saved sheet
    finally:
        store.dispose()
