"""The one place that opens a database.

SQLite (the embedded default) is opened with WAL and foreign keys on, and
`synchronous=FULL`: in WAL mode NORMAL may lose the last commits on a power
cut, and a member's acknowledged choice must survive one.  FULL costs one
fsync of the WAL per commit, a few milliseconds on a laptop — far below the
pace at which anyone ticks boxes; bulk imports are one transaction anyway.

Writers on SQLite take the write lock at BEGIN (`BEGIN IMMEDIATE`) so that two
writers never deadlock on a lock upgrade and the audit chain stays linear;
on PostgreSQL the audit head row is locked `FOR UPDATE` instead.

Opening upgrades an older store (after a backup made with SQLite's online
backup API) and refuses a store written by a newer version.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session

from ocop_desk.errors import StoreError
from ocop_desk.i18n import _
from ocop_desk.paths import default_db_url, managed_files_dir, sqlite_path

MIGRATIONS = Path(__file__).with_name("migrations")


def _known_revisions() -> tuple[str, ...]:
    """Revision ids are the `NNNN_` prefixes of the migration files, in order.

    Read from file names so that opening a current store never imports Alembic;
    a test keeps this equal to Alembic's own view of the history.
    """
    names = sorted(p.name for p in (MIGRATIONS / "versions").glob("[0-9][0-9][0-9][0-9]_*.py"))
    return tuple(n[:4] for n in names)


KNOWN_REVISIONS = _known_revisions()
SCHEMA_HEAD = KNOWN_REVISIONS[-1]


@dataclass
class Store:
    url: str
    engine: Engine
    is_sqlite: bool
    path: Path | None = None
    backups: list[Path] = field(default_factory=list)

    @contextmanager
    def read(self) -> Iterator[Session]:
        with Session(self.engine, expire_on_commit=False) as session:
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One transaction: committed on success, rolled back on any error."""
        with self.engine.connect() as conn:
            conn.info["write"] = True
            try:
                with Session(bind=conn, expire_on_commit=False) as session:
                    with _translate_db_errors(self):
                        with session.begin():
                            yield session
            finally:
                conn.info.pop("write", None)

    @property
    def data_dir(self) -> Path:
        """Where managed files (evidence) live: beside the SQLite file, or in the user data dir."""
        return managed_files_dir(self.url)

    def dispose(self) -> None:
        self.engine.dispose()


@contextmanager
def _translate_db_errors(store: Store) -> Iterator[None]:
    try:
        yield
    except OperationalError as exc:
        raise _store_error(store, exc) from exc


def _store_error(store: Store, exc: DBAPIError) -> StoreError:
    msg = str(getattr(exc, "orig", exc)).lower()
    where = str(store.path or store.url)
    if "readonly" in msg or "read-only" in msg:
        return StoreError(_("the store is read-only; nothing was changed"), file=where)
    if "disk is full" in msg or "database or disk is full" in msg or "no space" in msg:
        return StoreError(_("the disk is full; nothing was changed"), file=where)
    if "locked" in msg or "busy" in msg:
        return StoreError(_("the store is in use by another program; try again"), file=where)
    return StoreError(_("database error: {detail}").format(detail=msg), file=where)


def resolve_url(url: str | None) -> str:
    if url:
        if "://" not in url:  # a plain path means a SQLite file
            return "sqlite:///" + str(Path(url).expanduser().resolve())
        return url
    env = os.environ.get("OCOP_DESK_DB")
    if env:
        return resolve_url(env)
    return default_db_url()


def _sqlite_pragmas(dbapi_conn: sqlite3.Connection, _record: object) -> None:
    dbapi_conn.isolation_level = None  # transactions are begun explicitly below
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=FULL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=10000")
    cur.close()


def _sqlite_begin(conn: Connection) -> None:
    conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.info.get("write") else "BEGIN")


def make_engine(url: str) -> Engine:
    u = make_url(url)
    if u.get_backend_name() == "sqlite":
        engine = create_engine(url, connect_args={"timeout": 10})
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    if u.get_backend_name() == "postgresql" and u.drivername == "postgresql":
        url = u.set(drivername="postgresql+psycopg").render_as_string(hide_password=False)
    return create_engine(url, pool_pre_ping=True)


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        try:
            return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
        except (OperationalError, DBAPIError):
            conn.rollback()
            return None


def open_store(url: str | None = None, *, upgrade: bool = True) -> Store:
    """Open (creating or upgrading as needed) the store at `url` or the default."""
    url = resolve_url(url)
    u = make_url(url)
    is_sqlite = u.get_backend_name() == "sqlite"
    file = sqlite_path(url) if is_sqlite else None
    path = file.resolve() if file is not None else None
    if path is not None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(_("cannot create the store's folder: {detail}").format(detail=exc.strerror),
                             file=str(path.parent)) from exc
    engine = make_engine(url)
    store = Store(url=url, engine=engine, is_sqlite=is_sqlite, path=path)
    try:
        rev = current_revision(engine)
    except DBAPIError as exc:
        engine.dispose()
        raise _store_error(store, exc) from exc
    if rev is not None and rev not in KNOWN_REVISIONS:
        engine.dispose()
        raise StoreError(
            _("this store was written by a newer version of ocop-desk (schema {rev}); "
              "please update the application").format(rev=rev),
            file=str(path or url),
        )
    if rev != SCHEMA_HEAD:
        if not upgrade:
            raise StoreError(_("the store needs an upgrade (schema {rev})").format(rev=rev), file=str(path or url))
        if rev is not None and path is not None:
            store.backups.append(backup_sqlite(path, free_name(path.with_name(
                f"{path.stem}.before-{SCHEMA_HEAD}-{dt.datetime.now():%Y%m%d-%H%M%S}.sqlite"))))
        try:
            _upgrade(engine)
        except OperationalError as exc:
            engine.dispose()
            raise _store_error(store, exc) from exc
    return store


def _upgrade(engine: Engine) -> None:
    # Alembic is imported only to migrate: opening an up-to-date store (`criteria list`) stays fast.
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with engine.connect() as conn:
        conn.info["write"] = True
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
        conn.info.pop("write", None)


def backup_sqlite(src: Path, dest: Path) -> Path:
    """A consistent copy of a live SQLite store (the online backup API), all or nothing.

    The copy is written to a temporary file beside `dest`, flushed to disk and
    renamed into place, so a kill or power cut leaves either no `dest` or a
    complete one, never half a database under the backup's name.
    """
    dest = Path(dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    if dest.exists():
        raise StoreError(_("the backup file exists already"), file=str(dest))
    fd, tmp_name = tempfile.mkstemp(prefix=f".{dest.name}.", suffix=".partial", dir=dest.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        source = sqlite3.connect(f"file:{src}?mode=ro", uri=True)
        try:
            target = sqlite3.connect(tmp)
            try:
                source.backup(target)
            finally:
                target.close()
        finally:
            source.close()
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, dest)
        _fsync_dir(dest.parent)
    except sqlite3.Error as exc:
        raise StoreError(_("backup failed: {detail}").format(detail=exc), file=str(dest)) from exc
    except OSError as exc:
        raise StoreError(_("backup failed: {detail}").format(detail=exc.strerror), file=str(dest)) from exc
    finally:
        tmp.unlink(missing_ok=True)
    return dest


def free_name(path: Path) -> Path:
    """`path`, or `name-2.ext`, `name-3.ext`... the first that does not exist (two opens in one second)."""
    n = 1
    candidate = path
    while candidate.exists():
        n += 1
        candidate = path.with_name(f"{path.stem}-{n}{path.suffix}")
    return candidate


def _fsync_dir(folder: Path) -> None:
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
