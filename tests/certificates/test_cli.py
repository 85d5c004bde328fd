"""`ocop-desk certificates ...` and `ocop-desk self-assessment ...`: --json shapes, languages, exit codes."""

from __future__ import annotations

import json

import pytest

CERT_KEYS = {"number", "product", "name", "producer", "commune", "district", "group", "star", "mean", "level",
             "issued", "valid_until", "decision", "session", "current", "superseded_by"}


@pytest.fixture
def db(tmp_path, run_cli) -> str:  # type: ignore[no-untyped-def]
    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    for argv in (("demo",), ("session", "state", "2026-CM-01", "closed", "--ack-unfinished", "kiểm thử"),
                 ("certificates", "details", "HD-OCOP-065", "--parent-authority", "Ủy ban nhân dân huyện Chợ Mới",
                  "--place", "Chợ Mới")):
        code, _out, err = run_cli("--db", url, *argv)
        assert code == 0, err
    return url


def test_recognise_then_list_and_due_json(run_cli, db) -> None:
    code, out, err = run_cli("--db", db, "certificates", "recognise", "2026-CM-01", "--decision-number", "125",
                             "--date", "2026-09-15", "--json")
    assert code == 0, err
    rec = json.loads(out)
    assert {"decision", "date", "session", "authority", "level", "status", "certificates"} == set(rec)
    assert rec["decision"] == "125/QĐ-UBND" and rec["status"] == "draft" and rec["certificates"]
    code, out, err = run_cli("--db", db, "certificates", "list", "--json")
    rows = json.loads(out)
    assert code == 0 and [r["number"] for r in rows] == [c["number"] for c in rec["certificates"]]
    for r in rows:
        assert set(r) == CERT_KEYS
        assert r["valid_until"] == "2029-09-15" and isinstance(r["star"], int) and isinstance(r["mean"], str)
    code, out, _ = run_cli("--db", db, "certificates", "list", "--star", "5", "--json")
    assert code == 0 and json.loads(out) == []
    group = rows[0]["group"]
    code, out, _ = run_cli("--db", db, "certificates", "list", "--group", group, "--district", "065", "--json")
    assert [r["number"] for r in json.loads(out)] == [r["number"] for r in rows if r["group"] == group]
    code, out, _ = run_cli("--db", db, "certificates", "due", "--within-months", "3", "--today", "2029-07-01",
                           "--json")
    due = json.loads(out)
    assert code == 0 and len(due) == len(rows)
    assert all(set(d) == CERT_KEYS | {"status", "days_left"} and d["status"] == "due" for d in due)
    code, out, _ = run_cli("--db", db, "certificates", "due", "--within-months", "1", "--today", "2029-07-01",
                           "--json")
    assert json.loads(out) == []
    code, out, _ = run_cli("--db", db, "certificates", "history", rows[0]["product"], "--json")
    assert [r["number"] for r in json.loads(out)] == [rows[0]["number"]]


def test_messages_in_both_languages(run_cli, db) -> None:
    code, _out, err = run_cli("--db", db, "certificates", "recognise", "2026-CM-01", "--decision-number", "125",
                              "--date", "2026-09-01")
    assert code == 4 and "trước ngày họp" in err and "--date" in err
    code, _out, err = run_cli("--lang", "en", "--db", db, "certificates", "recognise", "2026-CM-01",
                              "--decision-number", "125", "--date", "2026-09-01")
    assert code == 4 and "before the meeting" in err
    code, out, err = run_cli("--db", db, "certificates", "recognise", "2026-CM-01", "--decision-number", "125",
                             "--date", "2026-09-15")
    assert code == 0 and "giấy chứng nhận" in out
    code, out, _ = run_cli("--db", db, "certificates", "list")
    assert "Số giấy chứng nhận" in out and "còn hiệu lực" in out
    code, out, _ = run_cli("--lang", "en", "--db", db, "certificates", "list")
    assert "Certificate No." in out and "valid" in out


def test_print_writes_pdf_and_docx(run_cli, db, tmp_path) -> None:
    run_cli("--db", db, "certificates", "recognise", "2026-CM-01", "--decision-number", "125", "--date", "2026-09-15")
    code, out, err = run_cli("--db", db, "certificates", "print", "125/QĐ-UBND", "--out", str(tmp_path / "out"),
                             "--format", "both")
    assert code == 0, err
    assert (tmp_path / "out" / "2026-CM-01-decision.pdf").stat().st_size > 0
    assert (tmp_path / "out" / "2026-CM-01-decision.docx").stat().st_size > 0
    assert "(2 trang)" in out
    code, out, err = run_cli("--db", db, "certificates", "print-register", "--out", str(tmp_path / "out"),
                             "--due-within", "6", "--today", "2029-06-01")
    assert code == 0 and (tmp_path / "out" / "certificates-due-2029-06-01.pdf").exists()


def test_self_assessment_import_and_show_json(run_cli, db, tmp_path) -> None:
    from ocop_desk.results import session_results
    from ocop_desk.self_assessment import FORMAT
    from ocop_desk.store.engine import open_store

    store = open_store(db)
    outcome = session_results(store, "2026-CM-01").products[0]
    store.dispose()
    choices = {c.id: c.options[0].id for c in outcome.criteria_set.criteria()}
    path = tmp_path / "tự-đánh-giá.json"
    path.write_text(json.dumps({"format": FORMAT, "assessments": [{"product": outcome.code, "choices": choices}]},
                               ensure_ascii=False), encoding="utf-8")
    code, out, err = run_cli("--db", db, "self-assessment", "import", str(path))
    assert code == 0 and outcome.code in out, err
    code, out, err = run_cli("--db", db, "self-assessment", "show", "2026-CM-01", outcome.code, "--json")
    assert code == 0, err
    data = json.loads(out)
    assert {"session", "product", "name", "criteria_set", "self_total", "self_star", "council_mean",
            "council_star", "counted", "criteria"} == set(data)
    assert len(data["criteria"]) == len(choices)
    assert set(data["criteria"][0]) == {"criterion", "title", "max", "self", "council", "difference"}
    code, out, _ = run_cli("--db", db, "self-assessment", "show", "2026-CM-01", outcome.code)
    assert code == 0 and "tự đánh giá" in out
    code, out, err = run_cli("--db", db, "self-assessment", "print", "2026-CM-01", "--out", str(tmp_path / "pdf"))
    assert code == 0, err
    assert (tmp_path / "pdf" / "2026-CM-01-self-assessment.pdf").exists() and "trang" in out
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "x"}', encoding="utf-8")
    code, _out, err = run_cli("--db", db, "self-assessment", "import", str(bad))
    assert code == 4 and str(bad) in err and "format" in err
