"""Which sets a new session is offered, and how a product type picks one."""

from __future__ import annotations

from ocop_desk.catalogue import list_criteria_sets, product_type_choices, sets_for_councils
from tests.core_fixtures import store  # noqa: F401


def test_only_transcribed_sets_are_offered(store) -> None:  # noqa: F811
    every = list_criteria_sets(store)
    offered = list_criteria_sets(store, offered_only=True)
    assert {s.status for s in every} == {"transcribed", "incomplete-source", "reconstructed"}
    assert offered and all(s.status == "transcribed" and s.offered for s in offered)
    assert not any(s.offered for s in every if s.status != "transcribed")
    assert {s.id for s in sets_for_councils(store)} == {s.id for s in offered}
    # the reconstructed sets stay readable for the sessions scored with them
    assert any(s.id == "148-2023-thuc-pham-gao-ngu-coc" for s in every)


def test_a_product_type_picks_an_offered_set_of_the_regulation(store) -> None:  # noqa: F811
    offered = {s.id for s in list_criteria_sets(store, profile="148-2023", offered_only=True)}
    choices = product_type_choices(store, "148-2023")
    assert {c.set_id for c in choices} == offered and len(offered) == 22
    by_type = {c.product_type: c.set_id for c in choices}
    assert by_type["Rượu trắng"] == "148-2023-14-ruou-trang"
    assert "148-2023-07-che-bien-tu-rau-cu-qua-hat" not in offered  # incomplete source
    assert [c.set_id for c in choices][0] == "148-2023-01-rau-cu-qua-hat-tuoi"  # the regulation's order
    drinks = product_type_choices(store, "148-2023", group_id="do-uong")
    assert {c.set_id[:11] for c in drinks} == {"148-2023-14", "148-2023-15", "148-2023-16", "148-2023-17"}
    tourism = [c for c in product_type_choices(store, "1048-2019") if c.group_id == "du-lich"]
    assert [c.set_id for c in tourism] == ["1048-2019-26b-dich-vu-du-lich-cong-dong-va-diem-du-lich-781-2020"]


def test_criteria_list_says_which_sets_are_for_new_sessions(run_cli, tmp_path) -> None:
    import json

    db = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    code, out, err = run_cli("--db", db, "criteria", "list", "--json")
    assert code == 0, err
    rows = {r["id"]: r for r in json.loads(out)}
    assert rows["148-2023-01-rau-cu-qua-hat-tuoi"]["offered"] is True
    assert rows["148-2023-07-che-bien-tu-rau-cu-qua-hat"]["offered"] is False
    assert rows["148-2023-thuc-pham-gao-ngu-coc"]["offered"] is False
    assert all(r["offered"] == (r["status"] == "transcribed") for r in rows.values())
    code, out, _ = run_cli("--db", db, "--lang", "vi", "criteria", "list")
    assert code == 0 and "Dùng cho phiên mới" in out and "nguồn chưa cộng đủ" in out
    code, out, _ = run_cli("--db", db, "--lang", "en", "criteria", "list")
    assert code == 0 and "For new sessions" in out and "incomplete source" in out
