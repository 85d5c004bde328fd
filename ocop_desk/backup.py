"""Backing up and restoring the SQLite store, without ever losing the store it replaces.

A backup is written by `store.engine.backup_sqlite`: to a temporary file
that is renamed into place, so a kill during a backup leaves no file or a
complete one.

A backup is checked before anything is touched (a SQLite file, intact, with
an ocop-desk schema this version can read); the live store is first copied
aside with the online backup API, then the backup is copied in the same way,
so a crash half-way leaves either the old store or the safety copy.  An
older backup is upgraded like any older store.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from ocop_desk import audit
from ocop_desk.errors import NotFound, StoreError
from ocop_desk.i18n import _
from ocop_desk.store.engine import KNOWN_REVISIONS, SCHEMA_HEAD, Store, _upgrade, backup_sqlite, free_name


@dataclass(frozen=True)
class RestoreOutcome:
    restored_from: Path
    safety_copy: Path
    schema: str


def check_backup(source: Path) -> str:
    """The schema revision of a readable ocop-desk backup; StoreError naming the file otherwise."""
    source = Path(source)
    if not source.is_file():
        raise NotFound(_("no such file"), file=str(source))
    try:
        conn = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        try:
            ok = conn.execute("PRAGMA integrity_check").fetchone()[0]
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            rev = conn.execute("SELECT version_num FROM alembic_version").fetchone() \
                if "alembic_version" in tables else None
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise StoreError(_("not an ocop-desk store: {detail}").format(detail=exc), file=str(source)) from exc
    if ok != "ok":
        raise StoreError(_("the backup is damaged: {detail}").format(detail=ok), file=str(source))
    if rev is None or "sessions" not in tables:
        raise StoreError(_("not an ocop-desk store"), file=str(source))
    if rev[0] not in KNOWN_REVISIONS:
        raise StoreError(_("this store was written by a newer version of ocop-desk (schema {rev}); "
                           "please update the application").format(rev=rev[0]), file=str(source))
    return rev[0]


def backup_source(store: Store) -> Path:
    """The SQLite file a backup copies; a store that is not SQLite is refused with the one message."""
    if store.path is None:
        raise StoreError(_("backup works on the SQLite store; use pg_dump for PostgreSQL"), file=store.url)
    return store.path


def suggested_backup_path(store: Store, now: dt.datetime | None = None) -> Path:
    """Beside the store, named for the store and the minute (what the Back up dialog offers)."""
    source = backup_source(store)
    return source.with_name(f"{source.stem}-{now or dt.datetime.now():%Y%m%d-%H%M}.sqlite3")


def backup_store(store: Store, dest: Path) -> Path:
    """A complete copy of the SQLite store at `dest` (which must not exist yet); the CLI and the GUI call it."""
    source = backup_source(store)
    if Path(dest).resolve() == source:
        raise StoreError(_("this file is the store in use"), file=str(dest))
    return backup_sqlite(source, Path(dest))


def restore_store(store: Store, source: Path, *, actor: str | None = None) -> RestoreOutcome:
    if store.path is None:
        raise StoreError(_("restore works on the SQLite store; use pg_restore for PostgreSQL"), file=store.url)
    source = Path(source).resolve()
    if source == store.path:
        raise StoreError(_("this file is the store in use"), file=str(source))
    schema = check_backup(source)
    safety = backup_sqlite(store.path, free_name(store.path.with_name(
        f"{store.path.stem}.before-restore-{dt.datetime.now():%Y%m%d-%H%M%S}.sqlite")))
    store.engine.dispose()
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        dst = sqlite3.connect(store.path)
        try:
            src.backup(dst)
        finally:
            dst.close()
    except sqlite3.Error as exc:
        raise StoreError(_("restore failed: {detail}; the previous store is kept in {copy}").format(
            detail=exc, copy=safety), file=str(store.path)) from exc
    finally:
        src.close()
    if schema != SCHEMA_HEAD:
        _upgrade(store.engine)
    with store.write() as s:
        audit.append(s, "restore", str(store.path), {"from": source.name, "schema": schema,
                                                      "safety_copy": safety.name}, actor=actor)
    return RestoreOutcome(source, safety, schema)
