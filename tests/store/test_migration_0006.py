"""Migration 0006: a store of revision 0005 gains the session's end time and keeps what it held."""

from __future__ import annotations

import sqlite3

from ocop_desk.store.engine import KNOWN_REVISIONS, SCHEMA_HEAD, open_store


def _alembic(url: str, action: str, revision: str) -> None:
    from alembic import command
    from alembic.config import Config

    from ocop_desk.store.engine import MIGRATIONS, make_engine

    engine = make_engine(url)
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with engine.connect() as conn:
        cfg.attributes["connection"] = conn
        getattr(command, action)(cfg, revision)
        conn.commit()
    engine.dispose()


def _columns(path, table: str) -> set[str]:  # type: ignore[no-untyped-def]
    with sqlite3.connect(path) as conn:
        return {r[1] for r in conn.execute(f"PRAGMA table_info({table})")}


def test_a_0005_store_upgrades_and_keeps_its_paper_details(tmp_path) -> None:
    from ocop_desk.certificates import paper_details, set_session_papers
    from ocop_desk.demo import create_demo

    assert KNOWN_REVISIONS.index("0006") == KNOWN_REVISIONS.index("0005") + 1
    path = tmp_path / "s.sqlite3"
    url = f"sqlite:///{path}"
    store = open_store(url)
    sid = create_demo(store, products=3, members=5).session_id
    set_session_papers(store, sid, numbers={"minutes": "12"})
    store.dispose()
    _alembic(url, "downgrade", "0005")  # the store as the previous release left it
    assert "end_time" not in _columns(path, "session_paper_details")
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT start_time FROM session_paper_details").fetchone() == ("08:00",)

    store = open_store(url)  # upgrades in place (after its backup)
    assert "end_time" in _columns(path, "session_paper_details")
    d = paper_details(store, sid)
    assert (d.start_time, d.end_time, d.numbers["minutes"][0]) == ("08:00", None, "12/BB-HĐ")
    set_session_papers(store, sid, end="11:30")
    assert paper_details(store, sid).end_time == "11:30"
    with store.engine.connect() as conn:
        from sqlalchemy import text

        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == SCHEMA_HEAD
    store.dispose()
