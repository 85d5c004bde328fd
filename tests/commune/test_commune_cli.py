"""`dossier missing --json`, and one signed package per product that the district verifies and takes in."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ocop_desk.dossiers import attach_evidence
from tests.commune.conftest import PASS

CODES = ["06-065-001-2026", "06-065-002-2026", "06-065-003-2026"]


@pytest.fixture
def db(commune) -> str:  # type: ignore[no-untyped-def]
    return str(commune.url)


def _commune_key(run_cli, tmp_path: Path) -> tuple[str, str, Path]:
    """(key id, fingerprint, passphrase file) of a new commune key for commune 02215."""
    pf = tmp_path / "pass.txt"
    pf.write_text(PASS, encoding="utf-8")
    code, out, err = run_cli("keys", "new", "--council", "02215", "--name", "UBND xã Tân Lập", "--level", "commune",
                             "--admin-unit", "02215", "--passphrase-file", str(pf))
    assert code == 0, err
    key = json.loads(run_cli("keys", "list", "--json")[1])[0]
    assert key["level"] == "commune" and key["admin_unit"] == "02215"
    return key["key_id"], key["fingerprint"], pf


def test_dossier_missing_json_shape(run_cli, db, commune, evidence) -> None:
    attach_evidence(commune, CODES[0], evidence("attp.pdf"), kind="food-safety")
    code, out, err = run_cli("--db", db, "--lang", "en", "dossier", "missing", CODES[1], CODES[0], "--json")
    assert code == 0, err
    rows = json.loads(out)
    assert [r["code"] for r in rows] == [CODES[1], CODES[0]]  # in the order asked
    rice = rows[1]
    assert set(rice) == {"code", "name", "producer", "commune", "group_id", "profile", "complete", "needs_group",
                         "missing", "documents", "unmatched"}
    assert rice["group_id"] == "thuc-pham" and rice["profile"] == "148-2023" and rice["complete"] is False
    assert "food-safety" not in rice["missing"] and "label" in rice["missing"]
    food = next(d for d in rice["documents"] if d["id"] == "food-safety")
    assert food == {"id": "food-safety", "label": "Food-safety establishment certificate (or equivalent)",
                    "required": True, "present": True, "files": ["attp.pdf"]}
    assert "food-safety" not in [d["id"] for d in rows[0]["documents"]]  # tourism


def test_dossier_missing_text_in_vietnamese_and_incomplete_filter(run_cli, db) -> None:
    code, out, err = run_cli("--db", db, "dossier", "missing", "--incomplete")
    assert code == 0, err
    assert "còn thiếu: Nhãn sản phẩm" in out and "06-065-004-2026" in out
    assert "chưa có nhóm sản phẩm" in out  # the product without a criteria set


def test_unknown_product_is_one_line_not_found(run_cli, db) -> None:
    code, out, err = run_cli("--db", db, "dossier", "missing", "06-065-999-2026")
    assert code == 6 and len(err.strip().splitlines()) == 1 and "06-065-999-2026" in err


def test_export_dossiers_one_verifiable_package_per_product(run_cli, db, commune, evidence, tmp_path: Path) -> None:
    from ocop_desk.exchange.dossier_sending import received_dossiers
    from ocop_desk.store.engine import open_store

    attach_evidence(commune, CODES[0], evidence("attp.pdf"), kind="food-safety")
    key_id, fingerprint, pf = _commune_key(run_cli, tmp_path)
    usb = tmp_path / "USB" / "gửi huyện"
    code, out, err = run_cli("--db", db, "--lang", "en", "bundle", "export-dossiers", *CODES, "--out", str(usb),
                             "--key", "02215", "--passphrase-file", str(pf))
    assert code == 0, err
    files = sorted(usb.iterdir())
    assert [f.name for f in files] == [f"hoso-{c}.ocop" for c in CODES]
    last = out.strip().splitlines()[-1]
    assert last.startswith("3 signed packages written to") and all(f.name in last for f in files)
    assert err.count("Signing the dossier of") == 3  # progress, one line per product

    pub = tmp_path / "xa.pub.json"
    assert run_cli("keys", "export", key_id, "--out", str(pub))[0] == 0
    trust = tmp_path / "district-trust.json"
    code, _out, err = run_cli("trust", "add", str(pub), "--fingerprint", fingerprint, "--trust", str(trust),
                             "--passphrase-file", str(pf))
    assert code == 0, err
    for f, product in zip(files, CODES):
        code, out, err = run_cli("bundle", "verify", str(f), "--json", "--trust", str(trust))
        v = json.loads(out)
        assert code == 0 and v["verdict"] == "valid", out
        assert v["kind"] == "dossier-package" and v["issuer"]["admin_unit"] == "02215"
        assert v["signers"][0]["fingerprint"] == fingerprint
        assert v["counts"]["products"] == 1

    district_db = f"sqlite:///{tmp_path / 'huyen.sqlite3'}"
    for f in files:
        code, _out, err = run_cli("--db", district_db, "bundle", "import", str(f), "--trust", str(trust))
        assert code == 0, err
    district = open_store(district_db)
    from ocop_desk.bundles.trust import load_trust

    arrived = received_dossiers(district, load_trust(trust))
    district.dispose()
    assert sorted(a.product_code for a in arrived) == CODES
    rice = next(a for a in arrived if a.product_code == CODES[0])
    assert rice.sender == "02215" and rice.sender_name == "UBND xã Tân Lập" and rice.fingerprint == fingerprint
    assert rice.admin_unit == "02215" and rice.current and rice.product_name == "Gạo Bao Thai Tân Lập"
    assert "Nhãn sản phẩm" in rice.missing and not any("an toàn thực phẩm" in m for m in rice.missing)


def test_dossier_export_writes_one_file_when_named(run_cli, db, tmp_path: Path) -> None:
    _key, _fp, pf = _commune_key(run_cli, tmp_path)
    out = tmp_path / "gao.ocop"
    code, _o, err = run_cli("--db", db, "dossier", "export", CODES[0], "--out", str(out), "--key", "02215",
                            "--passphrase-file", str(pf))
    assert code == 0, err
    assert out.is_file() and list(tmp_path.glob("hoso-*")) == []


def test_several_products_into_an_existing_file_is_refused_and_writes_nothing(run_cli, db, tmp_path: Path) -> None:
    _key, _fp, pf = _commune_key(run_cli, tmp_path)
    target = tmp_path / "not-a-folder.txt"
    target.write_text("x")
    code, _o, err = run_cli("--db", db, "dossier", "export", *CODES[:2], "--out", str(target), "--key", "02215",
                            "--passphrase-file", str(pf))
    assert code == 4 and str(target) in err and len(err.strip().splitlines()) == 1
    assert target.read_text() == "x" and list(tmp_path.glob("*.ocop")) == []


def test_an_unknown_code_stops_the_export_before_any_file(run_cli, db, tmp_path: Path) -> None:
    _key, _fp, pf = _commune_key(run_cli, tmp_path)
    usb = tmp_path / "usb"
    code, _o, err = run_cli("--db", db, "dossier", "export", CODES[0], "06-065-999-2026", "--out", str(usb),
                            "--key", "02215", "--passphrase-file", str(pf))
    assert code == 6 and "06-065-999-2026" in err
    assert not usb.exists() or list(usb.iterdir()) == []
