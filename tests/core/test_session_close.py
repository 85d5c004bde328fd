"""Closing a session: unfinished sheets are listed and need a written acknowledgement (issue 13 §1)."""

from __future__ import annotations

import pytest

from ocop_desk.audit import entries
from ocop_desk.sessions import (UnfinishedSheets, get_session, record_choice, session_choices, set_state,
                                unfinished_sheets)


def _expected_unfinished(store, sid: str) -> set[tuple[str, str]]:  # type: ignore[no-untyped-def]
    """Present, non-conflicted members whose sheet lacks a criterion, read from the stored choices."""
    from ocop_desk.sessions import criteria_set_for

    d = get_session(store, sid)
    choices = session_choices(store, sid)
    out = set()
    for it in d.items:
        size = len(list(criteria_set_for(store, sid, it.product_code).criteria()))
        for m in d.members:
            if m.present and m.code not in it.conflicts and len(choices.get((it.product_code, m.code), {})) < size:
                out.add((it.product_code, m.code))
    return out


def test_unfinished_sheets_list_present_unconflicted_members_only(store, demo):
    d = get_session(store, demo.session_id)
    found = unfinished_sheets(store, demo.session_id)
    pairs = {(u.product_code, u.member) for u in found}
    assert pairs and pairs == _expected_unfinished(store, demo.session_id)
    absent = {m.code for m in d.members if not m.present}
    assert absent and not {m for _p, m in pairs} & absent
    for it in d.items:
        assert not {(it.product_code, c) for c in it.conflicts} & pairs
    order = [it.product_code for it in d.items]
    assert [u.product_code for u in found] == sorted((u.product_code for u in found), key=order.index)
    assert all(u.answered < u.size for u in found)


def test_close_with_unfinished_sheets_needs_a_written_acknowledgement(store, demo):
    sid = demo.session_id
    found = unfinished_sheets(store, sid)
    with pytest.raises(UnfinishedSheets) as refused:
        set_state(store, sid, "closed")
    assert len(refused.value.sheets) == len(found)
    assert f"{found[0].product_code} / {found[0].member}" in "\n".join(refused.value.lines())
    with pytest.raises(UnfinishedSheets):
        set_state(store, sid, "closed", acknowledge_unfinished="   ")
    assert get_session(store, sid).state == "scoring"

    set_state(store, sid, "closed", acknowledge_unfinished="Hai sản phẩm cuối chấm vào buổi chiều")
    assert get_session(store, sid).state == "closed"
    last = entries(store, limit=1)[0]
    assert last["action"] == "session_state"
    assert last["detail"]["acknowledgement"] == "Hai sản phẩm cuối chấm vào buổi chiều"
    assert last["detail"]["unfinished"] == [f"{u.product_code}/{u.member}" for u in found]


def test_a_session_with_every_sheet_complete_closes_without_a_question(store, demo):
    from ocop_desk.sessions import criteria_set_for

    sid = demo.session_id
    for u in unfinished_sheets(store, sid):
        cs = criteria_set_for(store, sid, u.product_code)
        from tests.core_fixtures import sheet_at

        for key, value in sheet_at(cs, 0).items():
            record_choice(store, sid, u.product_code, u.member, key, value, toggle=False)
    assert unfinished_sheets(store, sid) == []
    set_state(store, sid, "closed")
    assert get_session(store, sid).state == "closed"
    assert "unfinished" not in entries(store, limit=1)[0]["detail"]


def test_cli_lists_the_sheets_and_takes_the_flag(run_cli, tmp_path):
    db = f"sqlite:///{tmp_path / 'c.sqlite3'}"
    assert run_cli("--db", db, "demo", "--products", "6")[0] == 0
    code, out, err = run_cli("--db", db, "--lang", "en", "session", "state", "2026-CM-01", "closed")
    assert code == 7 and out == ""
    lines = err.strip().splitlines()
    assert "unfinished sheets" in lines[0] and "--ack-unfinished" in err
    assert len(lines) > 2 and all(" / tv" in line for line in lines[1:-1])
    code, out, err = run_cli("--db", db, "--lang", "en", "session", "state", "2026-CM-01", "closed",
                             "--ack-unfinished", "chấm nốt vào tuần sau")
    assert code == 0, err
    assert "closed" in out
