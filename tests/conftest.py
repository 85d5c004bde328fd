"""Shared fixtures for every test area.

- Every test runs with Qt on the offscreen platform, the default language,
  and HOME / XDG folders inside its own tmp_path, so no test ever reads or
  writes a real user's store.
- `tmp_store_url`: a fresh SQLite file URL (nothing created yet).
- `pg_url`: a fresh, empty PostgreSQL database on a real server.  The server
  is the one named by OCOP_DESK_TEST_PG (`.ci/run` starts one); failing
  that, a throwaway cluster started here from the installed server binaries.
  With neither, the test is skipped on a developer's machine and fails under
  CI=true, so CI can never go green without having run it.
- `run_cli`: runs `ocop-desk ARGS...` in-process and returns (code, out, err).
"""

from __future__ import annotations

import contextlib
import glob
import io
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import settings

# CI replays the same examples every run (a red CI blocks everything, so it must not depend on luck);
# on a developer's machine hypothesis keeps exploring new ones.
settings.register_profile("ci", derandomize=True, print_blob=True, deadline=None)
settings.register_profile("dev", deadline=None)
settings.load_profile("ci" if os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no") else "dev")

REPO_ROOT = Path(__file__).resolve().parent.parent
TEST_DATA = Path(__file__).resolve().parent / "data"
PG_ENV = "OCOP_DESK_TEST_PG"

# Environment a test must never inherit from the developer's shell.
_LEAKY_ENV = ("OCOP_DESK_DB", "OCOP_DESK_LANG", "OCOP_DESK_DATA_DIR", "OCOP_DESK_FORMS",
              "OCOP_DESK_RESOURCES", "LANGUAGE")

# `tools/` (dev-time helpers such as tools.i18n) is importable from tests
# however pytest is started.
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

# Set before anything can create a QApplication (pytest-qt makes one per session).
os.environ["QT_QPA_PLATFORM"] = "offscreen"


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def pytest_configure(config: pytest.Config) -> None:
    # Session-wide fallback for code that runs outside a test function
    # (session fixtures, collection): never the real home.
    if not os.environ.get("_OCOP_DESK_TEST_HOME"):
        home = Path(tempfile.mkdtemp(prefix="ocop-desk-test-home-"))
        os.environ["_OCOP_DESK_TEST_HOME"] = str(home)
        _point_home_at(home, os.environ.__setitem__)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if "pg_url" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.postgres)


def _point_home_at(home: Path, setenv: Callable[[str, str], object]) -> None:
    for name, sub in (("HOME", ""), ("XDG_DATA_HOME", ".local/share"),
                      ("XDG_CONFIG_HOME", ".config"), ("XDG_CACHE_HOME", ".cache"),
                      ("XDG_STATE_HOME", ".local/state")):
        path = home / sub if sub else home
        path.mkdir(parents=True, exist_ok=True)
        setenv(name, str(path))


@pytest.fixture(autouse=True)
def _isolated_environment(tmp_path_factory: pytest.TempPathFactory,
                          monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    home = tmp_path_factory.mktemp("home")
    _point_home_at(home, monkeypatch.setenv)
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    for name in _LEAKY_ENV:
        monkeypatch.delenv(name, raising=False)
    from ocop_desk import i18n

    i18n.set_language(None)
    yield
    i18n.set_language(None)


@pytest.fixture
def repo_root() -> Path:
    return REPO_ROOT


@pytest.fixture
def test_data() -> Path:
    """tests/data: realistic inputs shared by the areas."""
    return TEST_DATA


@pytest.fixture
def tmp_store_url(tmp_path: Path) -> str:
    """URL of a SQLite store that does not exist yet, in this test's tmp_path."""
    return "sqlite:///" + (tmp_path / "store.sqlite3").as_posix()


@pytest.fixture
def run_cli() -> Callable[..., tuple[int, str, str]]:
    """`run_cli("criteria", "list", "--json")` -> (exit code, stdout, stderr)."""
    from ocop_desk.cli import main

    def run(*argv: str) -> tuple[int, str, str]:
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main(list(argv))
            except SystemExit as exc:  # argparse --help / --version / usage errors
                code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        return code, out.getvalue(), err.getvalue()

    return run


# --------------------------------------------------------------- PostgreSQL

@dataclass(frozen=True)
class _PgServer:
    """Where to connect as a superuser; `url_for(db)` names one database."""

    scheme: str
    user: str
    password: str | None
    host: str
    port: int
    admin_db: str

    def url_for(self, db: str) -> str:
        auth = self.user + (f":{self.password}" if self.password else "")
        return f"{self.scheme}://{auth}@{self.host}:{self.port}/{db}"

    def connect_admin(self):  # -> psycopg.Connection
        import psycopg

        return psycopg.connect(host=self.host, port=self.port, user=self.user,
                               password=self.password, dbname=self.admin_db,
                               autocommit=True, connect_timeout=10)


def _server_from_url(url: str) -> _PgServer:
    from urllib.parse import unquote, urlsplit

    parts = urlsplit(url)
    scheme = parts.scheme if "+" in parts.scheme else "postgresql+psycopg"
    return _PgServer(scheme=scheme, user=unquote(parts.username or "postgres"),
                     password=unquote(parts.password) if parts.password else None,
                     host=parts.hostname or "127.0.0.1", port=parts.port or 5432,
                     admin_db=(parts.path.lstrip("/") or "postgres"))


def _pg_bindir() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                   key=lambda p: int(Path(p).parent.parent.name) if Path(p).parent.parent.name.isdigit() else 0)
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).resolve().parent if initdb else None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _ThrowawayCluster:
    """A PostgreSQL cluster in a temp folder, for one pytest session."""

    def __init__(self, bindir: Path) -> None:
        self.bindir = bindir
        self.root = Path(tempfile.mkdtemp(prefix="ocop-desk-pg-"))
        self.datadir = self.root / "data"
        self.port = _free_port()
        self.as_user: list[str] = []
        if os.geteuid() == 0:  # the server refuses to run as root
            import pwd

            pw = pwd.getpwnam("postgres")
            os.chown(self.root, pw.pw_uid, pw.pw_gid)
            self.as_user = ["runuser", "-u", "postgres", "--"]

    def _run(self, *cmd: str) -> None:
        proc = subprocess.run([*self.as_user, *cmd], capture_output=True, text=True,
                              timeout=120, cwd=self.root)
        if proc.returncode != 0:
            raise RuntimeError(f"{' '.join(cmd)} failed ({proc.returncode}):\n{proc.stdout}{proc.stderr}")

    def start(self) -> _PgServer:
        self._run(str(self.bindir / "initdb"), "-D", str(self.datadir), "-U", "postgres",
                  "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync")
        opts = (f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.root} "
                "-c fsync=off -c synchronous_commit=off -c full_page_writes=off")
        self._run(str(self.bindir / "pg_ctl"), "-D", str(self.datadir), "-l",
                  str(self.root / "server.log"), "-o", opts, "-w", "-t", "60", "start")
        return _PgServer("postgresql+psycopg", "postgres", None, "127.0.0.1", self.port, "postgres")

    def stop(self) -> None:
        with contextlib.suppress(Exception):
            self._run(str(self.bindir / "pg_ctl"), "-D", str(self.datadir), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.root, ignore_errors=True)


def _unavailable(reason: str) -> None:
    if _in_ci():
        pytest.fail(f"PostgreSQL tests cannot run under CI: {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def _pg_server() -> Iterator[_PgServer]:
    url = os.environ.get(PG_ENV)
    cluster: _ThrowawayCluster | None = None
    if url:
        server = _server_from_url(url)
    else:
        bindir = _pg_bindir()
        if bindir is None:
            _unavailable(f"no PostgreSQL server: set {PG_ENV} or install postgresql")
        cluster = _ThrowawayCluster(bindir)  # type: ignore[arg-type]
        try:
            server = cluster.start()
        except Exception as exc:  # noqa: BLE001 - reported as skip/fail below
            cluster.stop()
            _unavailable(f"could not start a throwaway PostgreSQL cluster: {exc}")
    deadline = time.monotonic() + 30
    while True:
        try:
            server.connect_admin().close()
            break
        except Exception as exc:  # noqa: BLE001
            if time.monotonic() > deadline:
                if cluster:
                    cluster.stop()
                _unavailable(f"PostgreSQL at {server.host}:{server.port} does not answer: {exc}")
            time.sleep(0.2)
    try:
        yield server
    finally:
        if cluster:
            cluster.stop()


@pytest.fixture
def pg_url(_pg_server: _PgServer) -> Iterator[str]:
    """SQLAlchemy URL of a fresh empty database, dropped after the test."""
    name = f"ocop_test_{uuid.uuid4().hex[:12]}"
    with _pg_server.connect_admin() as conn:
        conn.execute(f'CREATE DATABASE "{name}" ENCODING \'UTF8\' TEMPLATE template0')
    yield _pg_server.url_for(name)
    with contextlib.suppress(Exception), _pg_server.connect_admin() as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def python_exe() -> str:
    """The interpreter running the tests, for subprocess-based tests."""
    return sys.executable
