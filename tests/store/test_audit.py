"""The audit chain detects an edited, removed or reordered entry."""

from __future__ import annotations

import sqlite3

from ocop_desk.audit import verify
from ocop_desk.sessions import get_session, record_choice
from ocop_desk.store.engine import open_store


def _scored(store, demo):
    d = get_session(store, demo.session_id)
    item = d.items[-1]
    member = next(m.code for m in d.members if m.present and m.code not in item.conflicts)
    from ocop_desk.catalogue import criteria_set_by_pk

    cs = criteria_set_by_pk(store, item.criteria_set_pk)
    for crit in list(cs.criteria())[:5]:
        record_choice(store, d.id, item.product_code, member, crit.id, crit.options[0].id)


def test_chain_verifies(store, demo):
    _scored(store, demo)
    report = verify(store)
    assert report.ok and report.entries >= 6


def _tamper(store, sql):
    path = store.path
    store.dispose()
    with sqlite3.connect(path) as conn:
        conn.execute(sql)
    return open_store(f"sqlite:///{path}")


def test_edited_detail_detected(store, demo):
    _scored(store, demo)
    path = store.path
    with sqlite3.connect(path) as conn:  # the first choice recorded after the demo's own entries
        seq = conn.execute("SELECT min(seq) FROM audit_log WHERE detail LIKE '%option%'").fetchone()[0]
    again = _tamper(store, f"UPDATE audit_log SET detail = replace(detail, 'option', 'opt1on') WHERE seq = {seq}")
    report = verify(again)
    assert not report.ok and report.bad_seq == seq


def test_removed_tail_detected(store, demo):
    _scored(store, demo)
    again = _tamper(store, "DELETE FROM audit_log WHERE seq = (SELECT max(seq) FROM audit_log)")
    assert not verify(again).ok


def test_removed_middle_detected(store, demo):
    _scored(store, demo)
    again = _tamper(store, "DELETE FROM audit_log WHERE seq = 2")
    report = verify(again)
    assert not report.ok and report.bad_seq == 3


def test_cli_audit_verify_exit_codes(store, demo, run_cli):
    _scored(store, demo)
    code, out, _ = run_cli("--db", store.url, "audit", "verify")
    assert code == 0 and out.strip()
    again = _tamper(store, "UPDATE audit_log SET actor = 'someone else' WHERE seq = 2")
    code, out, _ = run_cli("--db", again.url, "--lang", "en", "audit", "verify")
    assert code == 8 and "2" in out
