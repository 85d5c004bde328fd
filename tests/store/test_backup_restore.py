"""Restore: checked first, the replaced store kept aside, audited, older backups upgraded."""

from __future__ import annotations

import sqlite3

import pytest

from ocop_desk.audit import verify
from ocop_desk.backup import restore_store
from ocop_desk.errors import StoreError
from ocop_desk.sessions import get_session, list_sessions, set_state
from ocop_desk.store.engine import backup_sqlite


def test_restore_brings_back_the_backup_and_keeps_the_replaced_store(store, demo, tmp_path):
    backup = backup_sqlite(store.path, tmp_path / "sao-lưu.sqlite3")
    set_state(store, demo.session_id, "closed", acknowledge_unfinished="the last products are scored another day")
    out = restore_store(store, backup)
    assert get_session(store, demo.session_id).state == "scoring"
    assert out.safety_copy.exists()
    with sqlite3.connect(out.safety_copy) as conn:
        assert conn.execute("SELECT state FROM sessions").fetchone()[0] == "closed"
    assert verify(store).ok


def test_bad_backups_refused_and_store_unchanged(store, demo, tmp_path, take_snapshot):
    before = take_snapshot(store)
    junk = tmp_path / "hỏng.sqlite3"
    junk.write_bytes(b"not a database at all" * 100)
    with pytest.raises(StoreError) as info:
        restore_store(store, junk)
    assert "hỏng.sqlite3" in info.value.one_line()
    other = tmp_path / "khác.sqlite3"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE t (x)")
    with pytest.raises(StoreError, match="not an ocop-desk store"):
        restore_store(store, other)
    newer = backup_sqlite(store.path, tmp_path / "newer.sqlite3")
    with sqlite3.connect(newer) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
    with pytest.raises(StoreError, match="newer version"):
        restore_store(store, newer)
    assert take_snapshot(store) == before
    assert [s.id for s in list_sessions(store)] == [demo.session_id]


def test_restore_command(tmp_path, run_cli):
    url = f"sqlite:///{tmp_path / 's.sqlite3'}"
    assert run_cli("--db", url, "demo", "--products", "3")[0] == 0
    assert run_cli("--db", url, "backup", str(tmp_path / "b.sqlite3"))[0] == 0
    assert run_cli("--db", url, "session", "state", "2026-CM-01", "closed",
                   "--ack-unfinished", "the last products are scored another day")[0] == 0
    code, out, err = run_cli("--db", url, "--lang", "en", "restore", str(tmp_path / "b.sqlite3"))
    assert code == 0, err
    assert "restored" in out
    code, out, _ = run_cli("--db", url, "session", "list", "--json")
    assert '"scoring"' in out


def test_backup_is_for_the_sqlite_store_only_with_one_message(store, tmp_path):
    import dataclasses
    import datetime as dt

    from ocop_desk.backup import backup_store, suggested_backup_path

    at = dt.datetime(2026, 12, 1, 9, 5)
    assert suggested_backup_path(store, at) == store.path.with_name(f"{store.path.stem}-20261201-0905.sqlite3")
    server = dataclasses.replace(store, path=None, url="postgresql://may-chu/ocop")
    for call in (lambda: backup_store(server, tmp_path / "x.sqlite3"), lambda: suggested_backup_path(server)):
        with pytest.raises(StoreError, match="backup works on the SQLite store") as caught:
            call()
        assert caught.value.file == "postgresql://may-chu/ocop"
    with pytest.raises(StoreError, match="the store in use"):
        backup_store(store, store.path)
    assert not (tmp_path / "x.sqlite3").exists()
