"""The certificate tables: the models and migration 0005 describe the same schema; an older store upgrades."""

from __future__ import annotations

import sqlite3

from sqlalchemy import inspect

from ocop_desk.store.engine import KNOWN_REVISIONS, SCHEMA_HEAD, open_store

TABLES = {"council_paper_details", "session_paper_details", "papers", "recognitions", "certificates",
          "self_assessments", "self_assessment_choices"}


def test_models_and_migration_agree(store) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    import ocop_desk.store.province  # noqa: F401 - its tables are in the same metadata
    from ocop_desk.store.models import Base

    assert TABLES <= set(Base.metadata.tables)
    with store.engine.connect() as conn:
        assert TABLES <= set(inspect(conn).get_table_names())
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)

    # only this area's tables: the other areas' migrations are checked by their own tests
    mine = [d for d in diff if any(f"'{t}'" in repr(d) for t in TABLES)]
    assert mine == []


def test_store_of_the_previous_revision_upgrades(tmp_path) -> None:
    from alembic import command
    from alembic.config import Config

    from ocop_desk.store.engine import MIGRATIONS, make_engine

    i = KNOWN_REVISIONS.index("0005")
    path = tmp_path / "old.sqlite3"
    engine = make_engine(f"sqlite:///{path}")
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with engine.connect() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, KNOWN_REVISIONS[i - 1])
        conn.commit()
    engine.dispose()
    with sqlite3.connect(path) as conn:
        names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert not TABLES & names
    store = open_store(f"sqlite:///{path}")
    with store.engine.connect() as conn:
        assert TABLES <= set(inspect(conn).get_table_names())
    assert SCHEMA_HEAD == KNOWN_REVISIONS[-1]
    store.dispose()
