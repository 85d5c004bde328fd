"""Set-up, CI and shared plumbing: README commands, CLI start-up, paths, fixtures."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from ocop_desk import __version__, paths

REPO = Path(__file__).resolve().parent.parent
HEAVY = ("PySide6", "reportlab", "openpyxl", "sqlalchemy")


def _readme_commands() -> list[str]:
    """Shell commands in the README's fenced `sh`/`bash`/`console` blocks."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    cmds: list[str] = []
    for block in re.findall(r"```(?:sh|bash|shell|console)\n(.*?)```", text, flags=re.S):
        for line in block.splitlines():
            line = line.strip().removeprefix("$ ").strip()
            if line and not line.startswith("#"):
                cmds.append(line)
    return cmds


def _setup_commands() -> list[str]:
    """Commands of the README's set-up sections (between the set-up heading and the next heading)."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    found: list[str] = []
    for section in re.findall(r"^#+ [^\n]*(?:Cài đặt|Set-up|Setup)[^\n]*\n(.*?)(?=^#+ |\Z)", text,
                              flags=re.S | re.M):
        for block in re.findall(r"```(?:sh|bash|shell|console)\n(.*?)```", section, flags=re.S):
            found += [ln.strip().removeprefix("$ ").strip() for ln in block.splitlines()
                      if ln.strip() and not ln.strip().startswith("#")]
    return found


def test_readme_has_exactly_two_setup_commands() -> None:
    setup = _setup_commands()
    assert setup, "README has no set-up section with a command block"
    assert set(setup) == {"make run", "make test"}, setup
    # Vietnamese and English sections may each show them, but nothing else.
    assert {c for c in _readme_commands() if c.startswith("make ")} >= {"make run", "make test"}


def test_readme_is_vietnamese_first() -> None:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    vi, en = text.find("Cài đặt"), text.find("Set-up")
    assert 0 <= vi < en, "the Vietnamese set-up section must come before the English one"


def test_ci_runs_the_readme_test_command() -> None:
    script = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert script.startswith("#!/usr/bin/env bash") or script.startswith("#!/bin/bash")
    assert "set -euo pipefail" in script
    code = [ln.split("#", 1)[0].strip() for ln in script.splitlines()]
    assert "make test" in code, "CI must run the README's own test command"
    assert os.access(REPO / ".ci" / "run", os.X_OK)


def test_makefile_targets_exist() -> None:
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    for target in ("run", "test", "dist", "i18n"):
        assert re.search(rf"^{target}:", makefile, flags=re.M), target
    assert "QT_QPA_PLATFORM=offscreen" in makefile


def test_make_test_type_checks_before_the_suite() -> None:
    """`make test` (and so CI) runs mypy, configured in pyproject.toml, before pytest."""
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    recipe = re.search(r"^test:.*\n((?:\t.*\n)+)", makefile, flags=re.M)
    assert recipe is not None
    lines = recipe.group(1).splitlines()
    mypy = next(i for i, ln in enumerate(lines) if "-m mypy" in ln)
    pytest_ = next(i for i, ln in enumerate(lines) if "-m pytest" in ln)
    assert mypy < pytest_
    pyproject = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    assert "[tool.mypy]" in pyproject and 'packages = ["ocop_desk"]' in pyproject


def _run_python(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, *args], capture_output=True, text=True, timeout=60,
                          cwd=REPO, env={**os.environ, **(env or {})})


def test_python_m_version() -> None:
    proc = _run_python("-m", "ocop_desk", "--version")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == f"ocop-desk {__version__}"


def test_help_imports_nothing_heavy() -> None:
    probe = (
        "import sys, json\n"
        "from ocop_desk.cli import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit as e:\n    code = e.code\n"
        f"heavy = sorted({{m.split('.')[0] for m in sys.modules}} & set({list(HEAVY)!r}))\n"
        "print(json.dumps({'code': code, 'heavy': heavy}), file=sys.stderr)\n"
    )
    proc = _run_python("-c", probe)
    result = json.loads(proc.stderr.strip().splitlines()[-1])
    assert result["code"] in (0, None)
    assert result["heavy"] == [], f"--help imported {result['heavy']}"
    assert "ocop-desk" in proc.stdout


def test_help_is_vietnamese_by_default_and_english_on_request() -> None:
    vi = _run_python("-m", "ocop_desk", "--help")
    en = _run_python("-m", "ocop_desk", "--lang", "en", "--help")
    assert vi.returncode == 0 and en.returncode == 0
    assert "database URL" in en.stdout
    assert vi.stdout != en.stdout, "no Vietnamese --help: is ocop_desk.mo compiled (make i18n)?"


# ------------------------------------------------------------------ paths

def test_paths_in_a_checkout() -> None:
    assert paths.forms_dir() == REPO / "forms"
    assert paths.resources_dir() == REPO / "resources"
    assert paths.package_dir() == REPO / "ocop_desk"
    assert paths.migrations_dir() == REPO / "ocop_desk" / "store" / "migrations"


def test_paths_env_overrides(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OCOP_DESK_FORMS", str(tmp_path / "f"))
    monkeypatch.setenv("OCOP_DESK_RESOURCES", str(tmp_path / "r"))
    monkeypatch.setenv("OCOP_DESK_DATA_DIR", str(tmp_path / "d"))
    assert paths.forms_dir() == tmp_path / "f"
    assert paths.resources_dir() == tmp_path / "r"
    assert paths.default_db_url() == "sqlite:///" + (tmp_path / "d" / paths.STORE_FILENAME).as_posix()


def test_paths_in_a_pyinstaller_bundle(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert paths.forms_dir() == tmp_path / "forms"
    assert paths.resources_dir() == tmp_path / "resources"
    assert paths.schemas_dir() == tmp_path / "ocop_desk" / "schemas"


def test_user_store_follows_xdg_and_never_the_real_home(tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    if sys.platform.startswith("linux"):
        assert paths.user_data_dir() == tmp_path / "xdg" / "ocop-desk"
    url = paths.default_db_url()
    assert url.startswith("sqlite:///") and url.endswith("/ocop-desk/" + paths.STORE_FILENAME)
    assert paths.sqlite_path(url) == paths.default_db_path()


@pytest.mark.parametrize(("url", "expected"), [
    ("sqlite:////srv/ocop/huyện.sqlite3", Path("/srv/ocop/huyện.sqlite3")),
    ("sqlite:///rel/x.db", Path("rel/x.db")),
    ("sqlite+pysqlite:////a/b.db?timeout=5", Path("/a/b.db")),
    ("sqlite://", None),
    ("sqlite:///:memory:", None),
    ("postgresql+psycopg://u:p@h/db", None),
])
def test_sqlite_path(url: str, expected: Path | None) -> None:
    assert paths.sqlite_path(url) == expected


def test_evidence_dir_beside_a_sqlite_store(tmp_path: Path) -> None:
    db = tmp_path / "Huyện Ba Vì" / "store.sqlite3"
    assert paths.evidence_dir(paths.sqlite_url(db)) == db.parent.resolve() / "store-files" / "evidence"


def test_evidence_dir_for_a_server_is_in_the_user_data_dir(tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OCOP_DESK_DATA_DIR", str(tmp_path))
    a = paths.evidence_dir("postgresql+psycopg://ocop:secret1@db.tinh:5432/ocop")
    assert a == tmp_path / "files" / "evidence"


def test_evidence_dir_agrees_with_the_store(tmp_store_url: str) -> None:
    from ocop_desk.store.engine import open_store

    store = open_store(tmp_store_url)
    try:
        assert store.data_dir / "evidence" == paths.evidence_dir(tmp_store_url)
    finally:
        store.dispose()


# --------------------------------------------------------------- fixtures

def test_tests_run_in_a_private_home(tmp_store_url: str) -> None:
    import pwd

    real_home = Path(pwd.getpwuid(os.getuid()).pw_dir)
    assert not paths.user_data_dir().is_relative_to(real_home)
    assert Path(os.environ["HOME"]) != real_home
    assert os.environ["QT_QPA_PLATFORM"] == "offscreen"
    assert "OCOP_DESK_LANG" not in os.environ
    assert tmp_store_url.startswith("sqlite:///") and not paths.sqlite_path(tmp_store_url).exists()


def test_run_cli_fixture(run_cli) -> None:  # type: ignore[no-untyped-def]
    code, out, _err = run_cli("--version")
    assert code == 0 and out.strip() == f"ocop-desk {__version__}"


def test_pg_url_is_a_fresh_utf8_database(pg_url: str) -> None:
    import psycopg

    conninfo = pg_url.replace("postgresql+psycopg://", "postgresql://", 1)
    with psycopg.connect(conninfo, autocommit=True) as conn:
        tables = conn.execute("select count(*) from information_schema.tables "
                              "where table_schema = 'public'").fetchone()
        assert tables == (0,)
        conn.execute("create table t (name text)")
        conn.execute("insert into t values (%s)", ("Hợp tác xã Nông nghiệp Đồng Tâm",))
        assert conn.execute("select name from t").fetchone() == ("Hợp tác xã Nông nghiệp Đồng Tâm",)


def test_pg_url_gives_each_test_its_own_database(pg_url: str) -> None:
    # the table made by the test above must not be here
    import psycopg

    conninfo = pg_url.replace("postgresql+psycopg://", "postgresql://", 1)
    with psycopg.connect(conninfo) as conn:
        assert conn.execute("select to_regclass('public.t')").fetchone() == (None,)


def test_missing_postgres_skips_locally_but_fails_under_ci(request: pytest.FixtureRequest,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    # several areas have a conftest.py; find the shared one by its file
    root_conftest = REPO / "tests" / "conftest.py"
    conftest = next(m for m in request.config.pluginmanager.get_plugins()
                    if getattr(m, "__file__", None) and Path(m.__file__) == root_conftest)

    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception):
        conftest._unavailable("no server")
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="cannot run under CI"):
        conftest._unavailable("no server")


def test_postgres_tests_are_marked(request: pytest.FixtureRequest, pg_url: str) -> None:
    assert request.node.get_closest_marker("postgres") is not None


def test_readme_links_only_existing_docs() -> None:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    named = set(re.findall(r"`?(docs/[\w./-]+\.(?:md|png))`?", text))
    assert named, "README names no documentation"
    missing = sorted(n for n in named if not (REPO / n).exists())
    assert not missing, missing


def _readme_apt_packages() -> set[str]:
    lines = [c for c in _readme_commands() if "apt-get install" in c]
    assert lines, "README gives no apt-get line for a fresh Debian machine"
    return {w for ln in lines for w in ln.split("install", 1)[1].split() if not w.startswith("-")}


def test_readme_prerequisites_cover_what_the_tests_need() -> None:
    """A fresh Debian with only the README's line must pass every test (printing reads PDFs back)."""
    packages = _readme_apt_packages()
    assert {"poppler-utils", "postgresql", "python3-venv", "make"} <= packages
    script = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    for pkg in packages:  # CI installs at least what the README asks of a person
        assert pkg in script, pkg


def test_frozen_app_is_smoke_run_on_linux_and_windows() -> None:
    script = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert "tools/smoke_frozen.py" in script
    workflow = (REPO / ".github" / "workflows" / "release.yml").read_text(encoding="utf-8")
    assert "windows-latest" in workflow and "build.spec" in workflow
    assert "tools/smoke_frozen.py dist/ocop-desk/ocop-desk.exe" in workflow
    spec = (REPO / "build.spec").read_text(encoding="utf-8")
    assert "reportlab.graphics.barcode" in spec  # loaded by name: invisible to the analysis
    assert not re.search(r"[A-Za-z]:\\\\|/usr/|/home/", spec), "build.spec must stay platform-neutral"
