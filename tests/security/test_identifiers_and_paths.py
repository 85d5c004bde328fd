"""One identifier rule at the boundary, lengths that fit both databases, output paths that stay put."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import String

from ocop_desk import identifiers
from ocop_desk.errors import ImportRefused, OcopError
from ocop_desk.store import models


@pytest.mark.parametrize("value", ["", " tv01", "tv01 ", "tv/01", "tv\\01", "..", "a..b", "tv\x0001", "tv\u202e01",
                                   "tv\u2066x", "tv\u200f", "tv\ud800", "tv\n01", 7, None, ["tv01"]])
def test_bad_ids_are_refused(value) -> None:
    assert identifiers.id_problem(value, "member") is not None


@pytest.mark.parametrize("value", ["tv01", "06-065-014-2026", "Thành viên 1", "HĐ.BK.01", "x" * 60])
def test_good_ids_pass(value) -> None:
    assert identifiers.id_problem(value, "member") is None


def test_names_are_cleaned_of_control_and_bidi_characters() -> None:
    assert identifiers.clean_name("  Nguyễn\x07 Văn\u202e  A\r\n") == "Nguyễn Văn A"
    assert identifiers.check_name("\u200b\u200b", "member", required=False) == ""
    with pytest.raises(ImportRefused):
        identifiers.check_name("\x00\x01", "member")


def _column(model, attr: str) -> int:  # type: ignore[no-untyped-def]
    col = getattr(model, attr).property.columns[0]
    assert isinstance(col.type, String) and col.type.length
    return col.type.length


@pytest.mark.parametrize("kind, model, attr", [
    ("council", models.Council, "id"), ("member", models.Member, "code"), ("session", models.SessionRow, "id"),
    ("product", models.Product, "code"), ("admin_unit", models.AdminUnit, "code"),
    ("criterion", models.Choice, "criterion_id"), ("option", models.Choice, "option_id"),
    ("knockout", models.KnockoutFinding, "knockout_id"), ("group", models.Product, "group_id"),
    ("criteria_set", models.CriteriaSetRow, "set_id"), ("profile", models.ProfileRow, "id"),
])
def test_id_lengths_are_the_column_lengths(kind, model, attr) -> None:
    assert identifiers.ID_LENGTHS[kind] == _column(model, attr)


@pytest.mark.parametrize("kind, model, attr", [
    ("council", models.Council, "name"), ("member", models.Member, "name"), ("product", models.Product, "name"),
    ("producer", models.Producer, "name"), ("commune", models.Producer, "commune"),
    ("place", models.SessionRow, "place"), ("address", models.Producer, "address"),
    ("phone", models.Producer, "phone"), ("reason", models.Conflict, "reason"),
    ("knockout_reason", models.KnockoutFinding, "reason"), ("file", models.EvidenceFile, "original_name"),
    ("kind", models.EvidenceFile, "kind"), ("actor", models.AuditEntry, "actor"),
])
def test_name_lengths_are_the_column_lengths(kind, model, attr) -> None:
    assert identifiers.NAME_LENGTHS[kind] == _column(model, attr)


def _longest(store) -> dict:  # type: ignore[no-untyped-def]
    from ocop_desk.demo import demo_data

    data = demo_data(store, products=2, members=3, seed=5)
    data["council"].update(id="C" * 60, name="Hội đồng " + "đ" * 291)
    old, new = data["members"][0]["id"], "M" * 59 + "đ"
    data["members"][0].update(id=new, name="Ngô " + "ữ" * 196)
    data["session"]["present"] = [new if m == old else m for m in data["session"]["present"]]
    for p in data["products"]:
        p["conflicts"] = [new if m == old else m for m in p.get("conflicts", [])]
    for sc in data["scorecards"]:
        if sc["member"] == old:
            sc["member"] = new
    data["session"].update(id="S" * 59 + "ệ", place="Ủ" * 300)
    return data


def test_the_longest_names_a_district_accepts_merge_on_postgresql(pg_url) -> None:
    from ocop_desk.audit import verify
    from ocop_desk.interchange import import_session_data
    from ocop_desk.store.engine import open_store

    store = open_store(pg_url)
    import_session_data(store, _longest(store), file="longest.json")
    assert verify(store).ok


def test_one_character_more_is_refused_at_the_boundary(store) -> None:
    from ocop_desk.interchange import import_session_data

    data = _longest(store)
    data["session"]["place"] += "x"
    with pytest.raises(ImportRefused) as caught:
        import_session_data(store, data, file="longer.json")
    assert [p.place for p in caught.value.problems] == ["session.place"]


def test_a_session_id_cannot_be_created_to_climb_out_of_a_folder(store, demo) -> None:
    from ocop_desk.sessions import create_session, get_session

    council = get_session(store, demo.session_id).council.id
    with pytest.raises(ImportRefused):
        create_session(store, "../../../tmp/x", council, dt.date(2026, 5, 1))


def test_child_path_stays_in_its_folder(tmp_path: Path) -> None:
    assert identifiers.child_path(tmp_path, "S1", "tv01", suffix=".xlsx") == tmp_path / "S1-tv01.xlsx"
    for parts in (("..", "x"), ("a/b", "c"), ("CON",), ("a:b",), (".hidden",), ("x\x00",)):
        with pytest.raises(OcopError):
            identifiers.child_path(tmp_path, *parts, suffix=".xlsx")


def test_template_export_refuses_a_stored_id_that_would_leave_the_folder(store, demo, tmp_path, run_cli) -> None:
    """An id from an older store (before the rule) still cannot make the command write elsewhere."""
    import sqlite3

    path = store.path
    store.dispose()
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE members SET code = '../../escaped' WHERE code = 'tv05'")
    out = tmp_path / "templates"
    code, _out, err = run_cli("--db", f"sqlite:///{path}", "--lang", "en", "excel", "export", "template",
                              demo.session_id, "--out", str(out))
    assert code != 0 and "file name" in err
    assert not list(tmp_path.rglob("escaped*"))
