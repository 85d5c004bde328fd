"""No input ends in a traceback: each gets one line naming the file and the place."""

from __future__ import annotations

import copy
import json
import sqlite3
from pathlib import Path
from typing import Any, Iterator

import pytest

from ocop_desk.errors import ImportRefused


def _small(store) -> dict:  # type: ignore[no-untyped-def]
    from ocop_desk.demo import demo_data

    return demo_data(store, products=2, members=3, seed=9)


@pytest.mark.parametrize("text, where", [
    ("[" * 100_000 + "]" * 100_000, "nested"),
    ('{"format": "ocop-desk/session@1", "n": ' + "9" * 5000 + "}", "number"),
    ('{"format": "ocop-desk/session@1", "n": 1e999999}', "council"),
    ("[1, 2, 3]", "object"),
    ('{"format": "ocop-desk/session@1", "council": {"id": "\\ud800"}}', "council.id"),
], ids=["deep-nesting", "huge-integer", "huge-float", "not-an-object", "lone-surrogate"])
def test_hostile_json_gets_one_line(store, tmp_path, run_cli, text, where) -> None:
    path = tmp_path / "s.json"
    path.write_text(text, encoding="utf-8")
    code, _out, err = run_cli("--db", store.url, "--lang", "en", "session", "import", str(path))
    assert code == ImportRefused.exit_code, err
    assert "Traceback" not in err and err.startswith(f"ocop-desk: {path}")
    assert where in err or where in ("nested", "number", "object"), err


def _paths(value: Any, at: tuple = ()) -> Iterator[tuple]:
    yield at
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _paths(v, at + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value[:2]):
            yield from _paths(v, at + (i,))


def _put(data: Any, at: tuple, value: Any) -> Any:
    if not at:
        return value
    target = data
    for k in at[:-1]:
        target = target[k]
    target[at[-1]] = value
    return data


WRONG = (None, [], {"x": [1]}, 10 ** 20, True, "\u202e../x")


def test_a_wrong_json_type_anywhere_is_a_clear_refusal(store) -> None:
    """Every place of a session file, given each wrong value: accepted, or refused changing nothing."""
    from ocop_desk.interchange import import_session_data
    from tests.core_fixtures import snapshot

    base = _small(store)
    base["scorecards"] = base["scorecards"][:1]
    base["scorecards"][0]["choices"] = dict(list(base["scorecards"][0]["choices"].items())[:2])
    refused = accepted = 0
    for at in _paths(base):
        for wrong in WRONG:
            data = _put(copy.deepcopy(base), at, copy.deepcopy(wrong))
            before = snapshot(store)
            try:
                import_session_data(store, data, file="fuzz.json")
            except ImportRefused as exc:
                assert exc.file == "fuzz.json" and exc.one_line()
                assert snapshot(store) == before, f"{at} = {wrong!r}: refused but changed the store"
                refused += 1
            else:
                accepted += 1
    assert refused > 100 and accepted < refused


def _legacy(store, sql: str, *params: Any):  # type: ignore[no-untyped-def]
    """A store from before the boundary rule, holding what it would now refuse."""
    from ocop_desk.store.engine import open_store

    path = store.path
    store.dispose()
    with sqlite3.connect(path) as conn:
        conn.execute(sql, params)
    return open_store(f"sqlite:///{path}")


def test_a_5000_character_unbroken_name_prints_as_one_line_error(store, demo, tmp_path, run_cli) -> None:
    old = _legacy(store, "UPDATE products SET name = ? WHERE id = (SELECT min(id) FROM products)", "Đ" * 5000)
    for what in ("blank", "summary"):
        code, _out, err = run_cli("--db", old.url, "--lang", "en", "print", demo.session_id, "--what", what,
                                  "--out", str(tmp_path / "pdf"))
        assert "Traceback" not in err
        assert code == 0 or (err.startswith("ocop-desk: ") and "page" in err and len(err.splitlines()) == 1), err


def test_the_longest_accepted_name_prints(store, tmp_path, run_cli) -> None:
    from ocop_desk.interchange import import_session_data

    data = _small(store)
    data["products"][0]["name"] = "Gạo " + "nếp cái hoa vàng " * 17  # 300 characters, words of realistic length
    data["products"][0]["name"] = data["products"][0]["name"][:300]
    import_session_data(store, data, file="long.json")
    code, _out, err = run_cli("--db", store.url, "--lang", "en", "print", data["session"]["id"], "--what", "sheets",
                              "--out", str(tmp_path / "pdf"))
    assert code == 0, err


def test_control_characters_from_an_old_store_do_not_break_an_excel_export(store, demo, tmp_path) -> None:
    from openpyxl import load_workbook

    from ocop_desk.workbooks import export_member_template

    old = _legacy(store, "UPDATE products SET name = ? WHERE id = (SELECT min(id) FROM products)", "Chè\x01\x02 xanh")
    path = export_member_template(old, demo.session_id, "tv05", tmp_path / "t.xlsx")
    text = " ".join(str(c.value) for ws in load_workbook(path) for row in ws.iter_rows() for c in row if c.value)
    assert "Chè\ufffd\ufffd xanh" in text


def test_control_characters_in_names_never_reach_the_store(store, tmp_path) -> None:
    from ocop_desk.interchange import import_session_data

    data = _small(store)
    data["council"]["name"] = "Hội đồng\x0b huyện"
    import_session_data(store, data, file="ctl.json")
    from ocop_desk.sessions import get_session

    assert get_session(store, data["session"]["id"]).council.name == "Hội đồng huyện"


def test_reading_json_with_duplicate_keys_is_refused(tmp_path: Path) -> None:
    from ocop_desk.interchange import read_session_file

    path = tmp_path / "d.json"
    path.write_text('{"a": 1, "a": 2}', encoding="utf-8")
    with pytest.raises(ImportRefused, match="twice"):
        read_session_file(path)
    path.write_text(json.dumps({"format": 1}), encoding="utf-8")
    assert read_session_file(path)[0] == {"format": 1}
