"""Files written by ocop-desk 0.1.0 still read, with the same results (tests/data/compatibility)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.bundles.bundle_helpers import cli_trust_admin

GOLDEN = Path(__file__).resolve().parent.parent / "data" / "compatibility"
SESSION = "2026-CM-01"
COUNCIL_KEY = GOLDEN / "keys" / "council-HD-OCOP-065.pub.json"
MEMBER_KEY = GOLDEN / "keys" / "member-tv01.pub.json"


def _digest(results: dict[str, Any]) -> list[tuple[Any, ...]]:
    """What a council reads off the results: per product its status, mean, star and member totals."""
    return [(p["code"], p["status"], p["mean"], p["star"],
             tuple((m["member"], m["total"], m["reason"]) for m in p["members"]))
            for p in results["products"]]


def _expected(name: str) -> list[tuple[Any, ...]]:
    return _digest(json.loads((GOLDEN / name).read_text(encoding="utf-8")))


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("OCOP_DESK_DATA_DIR", str(tmp_path / "data"))
    return tmp_path


def _ok(result: tuple[int, str, str]) -> str:
    code, out, err = result
    assert code == 0, (code, out, err)
    return out


def test_session_file_and_member_workbook_of_0_1_0(run_cli, env: Path) -> None:
    db = str(env / "district.sqlite3")
    _ok(run_cli("--db", db, "session", "import", str(GOLDEN / "session-1.json")))
    _ok(run_cli("--db", db, "excel", "import", "scores", str(GOLDEN / "member-workbook-1.xlsx"),
                "--session", SESSION))
    results = json.loads(_ok(run_cli("--db", db, "results", SESSION, "--json")))
    assert _digest(results) == _expected("expected-results-after-workbook.json")


def test_store_of_schema_0002_opens_upgraded_with_the_same_results(run_cli, env: Path) -> None:
    db = env / "store.sqlite3"
    shutil.copyfile(GOLDEN / "store-0002.sqlite3", db)
    results = json.loads(_ok(run_cli("--db", str(db), "results", SESSION, "--json")))
    assert results["state"] == "closed"
    assert _digest(results) == _expected("expected-results.json")
    _ok(run_cli("--db", str(db), "audit", "verify"))
    _ok(run_cli("--db", str(db), "print", SESSION, "--what", "summary", "--out", str(env / "pdf")))
    assert list((env / "pdf").glob("*.pdf"))


def test_member_scorecards_bundle_of_0_1_0_imports(run_cli, env: Path) -> None:
    db = str(env / "district.sqlite3")
    _ok(run_cli("--db", db, "session", "import", str(GOLDEN / "session-1.json")))
    _ok(run_cli("--db", db, "trust", "add", str(MEMBER_KEY), "--yes", "--register-member", "HD-OCOP-065",
                *cli_trust_admin(env)))
    _ok(run_cli("--db", db, "bundle", "verify", str(GOLDEN / "member-scorecards-1.ocop")))
    _ok(run_cli("--db", db, "bundle", "import", str(GOLDEN / "member-scorecards-1.ocop")))


def test_session_results_bundle_of_0_1_0_verifies_and_merges(run_cli, env: Path) -> None:
    province = str(env / "province.sqlite3")
    admin = cli_trust_admin(env)  # this laptop's trust store is sealed by its administrator's key
    _ok(run_cli("trust", "add", str(COUNCIL_KEY), "--yes", *admin))
    _ok(run_cli("trust", "add", str(MEMBER_KEY), "--yes", *admin))
    _ok(run_cli("bundle", "verify", str(GOLDEN / "session-results-1.ocop")))
    _ok(run_cli("--db", province, "merge", str(GOLDEN / "session-results-1.ocop")))
    report = json.loads(_ok(run_cli("--db", province, "report", "province", "--json")))
    expected = {code: (status, mean, star) for code, status, mean, star, _m in _expected("expected-results.json")}
    got = {p["code"]: (p["status"], p["mean"], p["star"]) for p in report["products"]}
    assert got == expected
