"""The CLI contract: shapes of --json output, exit codes, one-line errors, languages."""

from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal

import pytest

from tests.core_fixtures import write_json


@pytest.fixture
def db(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'cli.sqlite3'}"


def test_criteria_list_json(run_cli, db):
    code, out, err = run_cli("--db", db, "criteria", "list", "--json")
    assert code == 0, err
    sets = json.loads(out)
    assert len(sets) >= 2
    ids = {s["id"] for s in sets}
    assert "148-2023-thuc-pham-gao-ngu-coc" in ids
    for s in sets:
        assert {"id", "title", "regulation", "group", "product_set", "status"} <= set(s)
        assert s["status"] in ("transcribed", "incomplete-source", "reconstructed")
        assert s["offered"] == (s["status"] == "transcribed")


def test_criteria_list_table_keeps_diacritics(run_cli, db):
    code, out, _ = run_cli("--db", db, "criteria", "list")
    assert code == 0
    assert "Thực phẩm" in out and "Gạo" in out


def test_criteria_show_json_shape(run_cli, db):
    code, out, err = run_cli("--db", db, "criteria", "show", "148-2023-thuc-pham-gao-ngu-coc", "--json")
    assert code == 0, err
    cs = json.loads(out, parse_float=Decimal)
    assert list(cs)[:6] == ["id", "title", "regulation", "group", "product_set", "status"]
    assert [p["id"] for p in cs["parts"]] == ["A", "B", "C"]
    assert [p["max"] for p in cs["parts"]] == [40, 25, 35]
    total = 0
    for p in cs["parts"]:
        assert set(p) == {"id", "title", "max", "sections"}
        for s in p["sections"]:
            assert set(s) == {"id", "title", "max", "criteria"}
            for c in s["criteria"]:
                assert set(c) == {"id", "title", "max", "options"}
                assert max(o["points"] for o in c["options"]) == c["max"]
                assert all(isinstance(o["points"], (int, Decimal)) for o in c["options"])
                total += c["max"]
    assert total == 100
    assert cs["knockouts"] and set(cs["knockouts"][0]) == {"id", "label"}


def test_criteria_show_unknown_is_one_line_error(run_cli, db):
    code, out, err = run_cli("--db", db, "--lang", "en", "criteria", "show", "no-such-set")
    assert code != 0 and out == ""
    assert len(err.strip().splitlines()) == 1 and "no-such-set" in err


def test_profiles_list_json(run_cli, db):
    code, out, _ = run_cli("--db", db, "profiles", "list", "--json")
    assert code == 0
    profiles = {p["id"]: p for p in json.loads(out)}
    p = profiles["148-2023"]
    assert p["regulation"] == "148/QĐ-TTg (2023)"
    assert [b["min"] for b in p["star_bands"]] == [0, 30, 50, 70, 90]
    assert p["rounding"]["places"] == 2
    assert p["discrepancy_threshold"] == 15
    assert p["levels"]["district"]["forwards_min"] == 70


def test_session_import_then_results_json(run_cli, db, tmp_path):
    from ocop_desk.demo import demo_data
    from ocop_desk.store.engine import open_store

    data = demo_data(open_store(db), products=5, members=9, seed=3)
    f = write_json(tmp_path / "phiên-họp.json", data)
    code, out, err = run_cli("--db", db, "session", "import", str(f))
    assert code == 0, err
    code, out, err = run_cli("--db", db, "session", "import", str(f))
    assert code == 0 and "2026-CM-01" in out
    code, out, _ = run_cli("--db", db, "session", "list", "--json")
    assert json.loads(out)[0]["id"] == data["session"]["id"]
    code, out, err = run_cli("--db", db, "results", data["session"]["id"], "--json")
    assert code == 0, err
    res = json.loads(out)
    assert res["session"] == data["session"]["id"]
    assert [p["code"] for p in res["products"]] == [p["code"] for p in data["products"]]
    for p in res["products"]:
        assert p["status"] in ("ranked", "knocked_out", "not_rankable")
        if p["status"] == "ranked":
            assert isinstance(p["mean"], str) and Decimal(p["mean"]) == Decimal(p["mean"]).quantize(Decimal("0.01"))
            assert 1 <= p["star"] <= 5
            assert set(p["parts"]) == {"A", "B", "C"}
        else:
            assert p["star"] is None
        for m in p["members"]:
            assert m["reason"] in (None, "conflict", "absent", "incomplete")
            assert (m["total"] is None) == (m["reason"] is not None)
    assert res["products"][2]["status"] == "knocked_out"
    conflicted = data["products"][1]["conflicts"][0]
    assert {m["member"]: m["reason"] for m in res["products"][1]["members"]}[conflicted] == "conflict"


def test_bad_session_file_exit_code_and_message(run_cli, db, tmp_path):
    f = tmp_path / "lỗi.json"
    f.write_text("{not json", encoding="utf-8")
    code, out, err = run_cli("--db", db, "session", "import", str(f))
    assert code == 4
    assert "lỗi.json" in err and len(err.strip().splitlines()) == 1


def test_demo_then_results_table(run_cli, db):
    code, out, err = run_cli("--db", db, "demo", "--products", "4", "--members", "7", "--seed", "5")
    assert code == 0, err
    code, out, _ = run_cli("--db", db, "results", "2026-CM-01")
    assert code == 0 and "06-065-001-2026" in out


def test_messages_vietnamese_by_default_english_on_request(run_cli, db, monkeypatch):
    _c, out_vi, _ = run_cli("--db", db, "demo", "--products", "3")
    _c, out_en, _ = run_cli("--db", db, "--lang", "en", "session", "state", "2026-CM-01", "closed")
    assert "session 2026-CM-01" in out_en
    assert "phiên" in out_vi.lower()
    monkeypatch.setenv("OCOP_DESK_LANG", "en")
    _c, out, _ = run_cli("--db", db, "session", "state", "2026-CM-01", "scoring", "--reason", "sửa phiếu")
    assert "session 2026-CM-01" in out


def test_reopen_needs_a_reason(run_cli, db):
    run_cli("--db", db, "demo", "--products", "3")
    assert run_cli("--db", db, "session", "state", "2026-CM-01", "closed")[0] == 0
    code, _out, err = run_cli("--db", db, "session", "state", "2026-CM-01", "scoring")
    assert code == 7 and err.strip()


def test_version_and_module_entry(tmp_path):
    out = subprocess.run([sys.executable, "-m", "ocop_desk", "--version"], capture_output=True, text=True)
    assert out.returncode == 0 and out.stdout.startswith("ocop-desk ")


def test_env_db_is_used(run_cli, tmp_path, monkeypatch):
    monkeypatch.setenv("OCOP_DESK_DB", f"sqlite:///{tmp_path / 'env.sqlite3'}")
    assert run_cli("demo", "--products", "3")[0] == 0
    assert (tmp_path / "env.sqlite3").exists()


def test_criteria_validate_reports_place(run_cli, db, tmp_path, repo_root):
    src = json.loads((repo_root / "forms/criteria/148-2023/148-2023-thuc-pham-gao-ngu-coc.json")
                     .read_text(encoding="utf-8"))
    src["parts"][0]["sections"][0]["criteria"][0]["options"][0]["points"] = "5 điểm"
    bad = write_json(tmp_path / "bộ-lỗi.json", src)
    code, _out, err = run_cli("--db", db, "criteria", "validate", str(bad))
    assert code == 3 and "bộ-lỗi.json" in err and "A1a" in err


def test_criteria_import_and_export_json_round_trip(run_cli, db, tmp_path, repo_root):
    src = json.loads((repo_root / "forms/criteria/148-2023/148-2023-thuc-pham-gao-ngu-coc.json")
                     .read_text(encoding="utf-8"))
    src["id"] = "tinh-thu-nghiem-gao"
    src["title"] = "Bộ tiêu chí thử nghiệm của tỉnh"
    f = write_json(tmp_path / "bo-tinh.json", src)
    code, out, err = run_cli("--db", db, "criteria", "import", str(f))
    assert code == 0, err
    code, out, _ = run_cli("--db", db, "criteria", "import", str(f))
    assert code == 0
    out_file = tmp_path / "xuat.json"
    assert run_cli("--db", db, "criteria", "export", "tinh-thu-nghiem-gao", str(out_file))[0] == 0
    from ocop_desk.scoring.criteria import criteria_set_from_dict, load_json_text

    a = criteria_set_from_dict(load_json_text(f.read_text(encoding="utf-8")))
    b = criteria_set_from_dict(load_json_text(out_file.read_text(encoding="utf-8")))
    assert a.content_hash == b.content_hash


def test_validate_names_the_short_section_of_an_incomplete_source_sheet(run_cli):
    from pathlib import Path

    sheet = Path(__file__).resolve().parents[2] / "forms" / "criteria" / "148-2023" / \
        "148-2023-07-che-bien-tu-rau-cu-qua-hat.json"
    code, out, err = run_cli("criteria", "validate", str(sheet))
    assert code == 0, err
    assert "C/C6/C6d" in out and "thiếu 1 điểm" in out
