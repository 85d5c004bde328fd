"""Opening the store: pragmas, migrations, backups, refusal of newer stores, bad disks."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text

from ocop_desk.errors import StoreError
from ocop_desk.store.engine import KNOWN_REVISIONS, SCHEMA_HEAD, open_store


def test_sqlite_pragmas(tmp_store_url):
    store = open_store(tmp_store_url)
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
    assert store.path is not None and store.path.exists()


def test_fresh_store_is_at_head(tmp_store_url):
    store = open_store(tmp_store_url)
    with store.engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == SCHEMA_HEAD


def test_revisions_agree_with_alembic():
    from alembic.script import ScriptDirectory
    from alembic.config import Config

    from ocop_desk.store.engine import MIGRATIONS

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    script = ScriptDirectory.from_config(cfg)
    assert script.get_current_head() == SCHEMA_HEAD
    chain = [r.revision for r in reversed(list(script.walk_revisions()))]
    assert tuple(chain) == KNOWN_REVISIONS


def test_newer_store_refused_and_untouched(tmp_path):
    path = tmp_path / "newer.sqlite3"
    open_store(f"sqlite:///{path}").dispose()
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
    before = path.read_bytes()
    with pytest.raises(StoreError, match="newer version") as info:
        open_store(f"sqlite:///{path}")
    assert str(path) in info.value.one_line()
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "9999"
    assert len(path.read_bytes()) == len(before)


def test_older_store_upgraded_after_backup(tmp_path):
    from alembic import command
    from alembic.config import Config

    from ocop_desk.store.engine import MIGRATIONS, make_engine

    assert len(KNOWN_REVISIONS) >= 2, "needs a store one migration behind"
    path = tmp_path / "older.sqlite3"
    engine = make_engine(f"sqlite:///{path}")
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with engine.connect() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, KNOWN_REVISIONS[-2])
        conn.commit()
    engine.dispose()
    store = open_store(f"sqlite:///{path}")
    assert len(store.backups) == 1
    backup = store.backups[0]
    with sqlite3.connect(backup) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone()[0] == KNOWN_REVISIONS[-2]
    with store.engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == SCHEMA_HEAD


def test_read_only_store_gives_clear_error_and_keeps_data(tmp_path):
    from ocop_desk.demo import create_demo
    from ocop_desk.sessions import set_state

    path = tmp_path / "ro.sqlite3"
    store = open_store(f"sqlite:///{path}")
    create_demo(store, products=4, members=7)
    store.dispose()
    ro = open_store(f"sqlite:///file:{path}?mode=ro&uri=true")
    with pytest.raises(StoreError, match="read-only"):
        set_state(ro, "2026-CM-01", "closed", acknowledge_unfinished="unfinished on purpose")
    ro.dispose()
    again = open_store(f"sqlite:///{path}")
    from ocop_desk.sessions import get_session

    assert get_session(again, "2026-CM-01").state == "scoring"


def test_full_disk_gives_clear_error_and_keeps_data(tmp_path):
    """SQLITE_FULL is what a full disk gives; a page limit produces the same error here."""
    from ocop_desk.demo import demo_data
    from ocop_desk.interchange import import_session_data
    from ocop_desk.sessions import list_sessions
    from ocop_desk.store.engine import _sqlite_pragmas
    from sqlalchemy import event

    path = tmp_path / "full.sqlite3"
    store = open_store(f"sqlite:///{path}")
    data = demo_data(store, products=40, members=9)
    store.dispose()
    with sqlite3.connect(path) as conn:
        pages = conn.execute("PRAGMA page_count").fetchone()[0]

    def limit(dbapi_conn, record):
        _sqlite_pragmas(dbapi_conn, record)
        dbapi_conn.execute(f"PRAGMA max_page_count={pages + 2}")

    store = open_store(f"sqlite:///{path}")
    event.remove(store.engine, "connect", _sqlite_pragmas)
    event.listen(store.engine, "connect", limit)
    store.engine.dispose()
    with pytest.raises(StoreError, match="disk is full"):
        import_session_data(store, data)
    assert list_sessions(store) == []


def test_unwritable_folder(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    with pytest.raises(StoreError) as info:
        open_store(f"sqlite:///{blocker / 'sub' / 'store.sqlite3'}")
    assert "a-file" in info.value.one_line()


def test_backup_command_copies_a_consistent_store(tmp_path, run_cli):
    url = f"sqlite:///{tmp_path / 's.sqlite3'}"
    assert run_cli("--db", url, "demo", "--products", "3")[0] == 0
    code, out, err = run_cli("--db", url, "backup", str(tmp_path / "sao-lưu.sqlite3"))
    assert code == 0, err
    with sqlite3.connect(tmp_path / "sao-lưu.sqlite3") as conn:
        assert conn.execute("SELECT count(*) FROM sessions").fetchone()[0] == 1
    code, _out, err = run_cli("--db", url, "backup", str(tmp_path / "sao-lưu.sqlite3"))
    assert code != 0 and "sao-lưu.sqlite3" in err


def test_plain_path_is_a_sqlite_file(tmp_path):
    store = open_store(str(tmp_path / "plain.sqlite3"))
    assert store.is_sqlite and store.path == (tmp_path / "plain.sqlite3").resolve()


@pytest.mark.postgres
def test_postgres_store_scores_and_audits(pg_url):
    from ocop_desk.audit import verify
    from ocop_desk.demo import create_demo
    from ocop_desk.interchange import import_session_data, export_session
    from ocop_desk.results import session_results

    store = open_store(pg_url)
    assert not store.is_sqlite
    demo = create_demo(store, products=5, members=9)
    res = session_results(store, demo.session_id)
    assert [p.result.status for p in res.products][2] == "knocked_out"
    data = export_session(store, demo.session_id)
    assert not import_session_data(store, data).changed
    assert verify(store).ok
    store.dispose()


def test_uri_filename_store_creates_nothing_in_the_working_folder(tmp_path, monkeypatch):
    """`sqlite:///file:/x/y?mode=ro&uri=true` once made a `file:` folder tree in the cwd."""
    from ocop_desk.paths import managed_files_dir, sqlite_path

    path = tmp_path / "kho.sqlite3"
    open_store(f"sqlite:///{path}").dispose()
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    monkeypatch.chdir(cwd)
    url = f"sqlite:///file:{path}?mode=ro&uri=true"
    assert sqlite_path(url) == path
    assert sqlite_path(f"sqlite:///file://localhost{path}?mode=ro&uri=true") == path
    assert managed_files_dir(url) == tmp_path / "kho-files"
    open_store(url, upgrade=False).dispose()
    assert list(cwd.iterdir()) == []
