"""History that cannot be rewritten quietly: changed facts, cut tails and rewritten chains show."""

from __future__ import annotations

import datetime as dt
import hashlib
import sqlite3

import pytest

from ocop_desk import audit
from ocop_desk.catalogue import criteria_set_by_pk
from ocop_desk.sessions import get_session, record_choice, set_attendance, set_conflict, set_knockout
from ocop_desk.store.engine import open_store


def _score(store, demo, n: int = 4):  # type: ignore[no-untyped-def]
    d = get_session(store, demo.session_id)
    item = d.items[-1]
    member = next(m.code for m in d.members if m.present and m.code not in item.conflicts)
    cs = criteria_set_by_pk(store, item.criteria_set_pk)
    for crit in list(cs.criteria())[:n]:
        record_choice(store, d.id, item.product_code, member, crit.id, crit.options[-1].id)
    return d, item, member, cs


def _sql(store, *statements: str):  # type: ignore[no-untyped-def]
    path = store.path
    store.dispose()
    with sqlite3.connect(path) as conn:
        for sql in statements:
            conn.execute(sql)
    return open_store(f"sqlite:///{path}")


def test_an_intact_store_verifies_with_its_facts(store, demo) -> None:
    _score(store, demo)
    report = audit.verify(store)
    assert report.ok and report.sessions_checked == 1, report.message


@pytest.mark.parametrize("sql", [
    "UPDATE choices SET option_id = 'zz' WHERE rowid = (SELECT max(rowid) FROM choices)",
    "DELETE FROM choices WHERE rowid = (SELECT min(rowid) FROM choices)",
    "UPDATE choices SET note = 'added later' WHERE rowid = (SELECT max(rowid) FROM choices)",
    "UPDATE attendance SET present = 1 - present WHERE rowid = (SELECT min(rowid) FROM attendance)",
    "DELETE FROM conflicts WHERE rowid = (SELECT min(rowid) FROM conflicts)",
    "INSERT INTO knockout_findings (agenda_pk, knockout_id, reason) SELECT min(pk), 'K1', '' FROM agenda_items",
    "UPDATE sessions SET state = 'scoring'",
], ids=["choice-changed", "choice-deleted", "note-added", "attendance", "conflict", "knockout", "state"])
def test_a_fact_changed_in_the_database_is_detected(store, demo, sql) -> None:
    from ocop_desk.sessions import set_state

    _score(store, demo)
    if "state" in sql:
        set_state(store, demo.session_id, "closed", acknowledge_unfinished="kiểm thử")
    assert audit.verify(store).ok
    report = audit.verify(_sql(store, sql))
    assert not report.ok, sql
    assert "outside" in report.message or "ngoài" in report.message


def test_facts_written_through_every_service_verify(store, demo) -> None:
    d, item, member, cs = _score(store, demo)
    other = next(m.code for m in d.members if m.code != member and m.code not in item.conflicts)
    set_conflict(store, d.id, item.product_code, other, True, "họ hàng")
    set_attendance(store, d.id, other, False)
    if cs.knockouts:
        set_knockout(store, d.id, item.product_code, cs.knockouts[0].id, True, "hồ sơ giả")
    assert audit.verify(store).ok


def test_a_cut_tail_is_detected_against_the_anchor(store, demo) -> None:
    _score(store, demo, n=2)
    anchor = audit.chain_head(store)
    _score(store, demo, n=6)
    # the attacker removes the last entries and moves the head back: the chain alone still verifies
    seq = anchor.seq - 1
    row = f"(SELECT hash FROM audit_log WHERE seq = {seq})"
    again = _sql(store, f"DELETE FROM audit_log WHERE seq > {seq}",
                 f"UPDATE audit_head SET seq = {seq}, hash = {row}",
                 "DELETE FROM choices")  # and the choices they recorded, so the facts agree... almost
    assert audit.verify(again, [audit.parse_anchor(anchor.short())]).unproven_from is not None
    report = audit.verify(again, [anchor])
    assert not report.ok and report.unproven_from == 1
    assert str(seq + 1) in report.message


def test_a_rewritten_chain_is_detected_from_the_entry_after_the_last_good_anchor(store, demo) -> None:
    _score(store, demo, n=2)
    early = audit.chain_head(store)
    _score(store, demo, n=3)
    late = audit.chain_head(store)
    target = early.seq + 2
    path = store.path
    store.dispose()
    with sqlite3.connect(path) as conn:  # rewrite entry `target` and recompute every hash after it
        conn.execute(f"UPDATE audit_log SET actor = 'mallory' WHERE seq = {target}")
        rows = conn.execute("SELECT seq, at, actor, action, entity, detail FROM audit_log ORDER BY seq").fetchall()
        prev = audit.GENESIS
        for seq, at, actor, action, entity, detail in rows:
            h = audit._entry_hash(prev, seq, dt.datetime.fromisoformat(at), actor, action, entity, detail)
            conn.execute("UPDATE audit_log SET prev_hash = ?, hash = ? WHERE seq = ?", (prev, h, seq))
            prev = h
        conn.execute("UPDATE audit_head SET hash = ? WHERE id = 1", (prev,))
    again = open_store(f"sqlite:///{path}")
    assert audit.verify(again).ok, "self-consistent without an anchor: that is why anchors exist"
    report = audit.verify(again, [early, late])
    assert not report.ok and report.unproven_from == early.seq + 1, report.message
    assert report.anchors_matched == 1


def test_signed_checkpoints_anchor_the_log_and_cannot_be_edited(store, demo, tmp_path) -> None:
    from tests.bundles.bundle_helpers import make_party

    council = make_party("council", "HD-HUYEN", "06-058")
    _score(store, demo, n=2)
    path = tmp_path / "checkpoints.jsonl"
    cp = audit.write_checkpoint(store, council.signer, path)
    assert cp.key_id == council.signer.key_id
    read = audit.read_checkpoints(path, public_key=council.stored.public)
    assert audit.verify(store, checkpoints=read).anchors_matched == 1
    forged = path.read_text().replace(cp.head.hash, hashlib.sha256(b"x").hexdigest())
    path.write_text(forged)
    with pytest.raises(audit.AuditError, match="signature"):
        audit.read_checkpoints(path, public_key=council.stored.public)


def test_cli_verify_with_anchor_names_the_first_unproven_entry(store, demo, run_cli, tmp_path) -> None:
    _score(store, demo, n=2)
    code, out, _e = run_cli("--db", store.url, "--lang", "en", "audit", "head")
    head = out.strip()
    assert code == 0 and head == audit.chain_head(store).text()
    code, out, _e = run_cli("--db", store.url, "--lang", "en", "audit", "checkpoint", "--file", str(tmp_path / "c"))
    assert code == 0
    code, out, _e = run_cli("--db", store.url, "--lang", "en", "audit", "verify", "--anchor", head,
                            "--checkpoints", str(tmp_path / "c"))
    assert code == 0 and "anchor" in out
    seq = int(head.split(":")[0])
    again = _sql(store, f"DELETE FROM audit_log WHERE seq >= {seq - 1}",
                 f"UPDATE audit_head SET seq = {seq - 2}, hash = (SELECT hash FROM audit_log WHERE seq = {seq - 2})")
    code, out, _e = run_cli("--db", again.url, "--lang", "en", "audit", "verify", "--anchor", head)
    assert code == 8 and "no longer proven from entry" in out
