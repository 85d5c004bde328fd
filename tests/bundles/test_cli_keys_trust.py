"""`keys`, `trust` and `bundle verify` from a terminal, with scripted passphrases."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from bundle_helpers import council, english_messages, trust_store  # noqa: F401  (fixtures)
from bundle_helpers import Party, write_sample
from ocop_desk.bundles import keys


@pytest.fixture
def passfile(tmp_path: Path) -> Path:
    f = tmp_path / "pass.txt"
    f.write_text("cụm mật khẩu hội đồng\n", encoding="utf-8")
    return f


def _council_party(passfile: Path) -> Party:
    stored = keys.find_key("HD-065")
    return Party(stored, keys.unlock(stored, keys.read_passphrase(str(passfile))))


def test_keys_trust_verify_round_trip(run_cli, tmp_path: Path, passfile: Path) -> None:
    code, out, err = run_cli("--lang", "en", "keys", "new", "--council", "HD-065", "--name", "Hội đồng Chợ Mới",
                             "--admin-unit", "065", "--passphrase-file", str(passfile))
    assert code == 0, err
    assert "Fingerprint:" in out
    code, out, err = run_cli("keys", "list", "--json")
    listed = json.loads(out)
    assert code == 0 and listed[0]["owner_id"] == "HD-065" and listed[0]["name"] == "Hội đồng Chợ Mới"
    fp = listed[0]["fingerprint"]
    pub = tmp_path / "hd065.pub.json"
    assert run_cli("keys", "export", "HD-065", "--out", str(pub))[0] == 0
    assert "encryption" not in json.loads(pub.read_text(encoding="utf-8"))
    trust_path = tmp_path / "trust.json"
    code, _o, err = run_cli("--lang", "en", "trust", "add", str(pub), "--trust", str(trust_path),
                            "--fingerprint", "AAAA " + fp[5:])
    assert code == 9 and "does not match" in err and not trust_path.exists()
    code, out, err = run_cli("trust", "add", str(pub), "--trust", str(trust_path), "--fingerprint", fp.lower(),
                             "--passphrase-file", str(passfile), "--note", "Văn phòng Điều phối NTM tỉnh xác nhận qua điện thoại")
    assert code == 0, err

    bundle = tmp_path / "results.ocop"
    write_sample(bundle, _council_party(passfile))
    code, out, err = run_cli("--lang", "en", "bundle", "verify", str(bundle), "--trust", str(trust_path))
    assert code == 0, err
    assert "Verdict: VALID" in out and fp in out and "session results" in out
    code, out, _e = run_cli("bundle", "verify", str(bundle), "--trust", str(trust_path), "--json")
    info = json.loads(out)
    assert info["verdict"] == "valid" and info["counts"] == {"products": 1}

    # tampered payload: 12
    bad = tmp_path / "bad.ocop"
    with zipfile.ZipFile(bundle) as zin, zipfile.ZipFile(bad, "w") as zout:
        for i in zin.infolist():
            data = zin.read(i)
            zout.writestr(i.filename, data.replace(b"72", b"92") if i.filename.endswith("results.json") else data)
    assert run_cli("bundle", "verify", str(bad), "--trust", str(trust_path))[0] == 12
    # malformed: 11
    junk = tmp_path / "junk.ocop"
    junk.write_bytes(b"PK\x03\x04 not really")
    code, _o, err = run_cli("bundle", "verify", str(junk), "--trust", str(trust_path))
    assert code == 11 and str(junk) in err
    # revoked signer: 13, and the listing keeps it with its date
    key_id = listed[0]["key_id"]
    assert run_cli("trust", "revoke", key_id[:8], "--trust", str(trust_path),
                   "--passphrase-file", str(passfile))[0] == 0
    code, out, _e = run_cli("--lang", "en", "bundle", "verify", str(bundle), "--trust", str(trust_path))
    assert code == 13 and "REFUSED" in out
    rows = json.loads(run_cli("trust", "list", "--trust", str(trust_path), "--json")[1])
    assert rows[0]["revoked_at"] and rows[0]["note"].startswith("Văn phòng")


def test_keys_new_never_prompts_without_a_passphrase(run_cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(keys.ENV_PASSPHRASE, raising=False)
    code, _o, err = run_cli("--lang", "en", "keys", "new", "--member", "tv01")
    assert code == 9 and "passphrase" in err


def test_keys_private_export_import_and_revoke(run_cli, tmp_path: Path, passfile: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(keys.ENV_PASSPHRASE, "mật khẩu thành viên 01")
    assert run_cli("keys", "new", "--member", "tv01")[0] == 0
    priv = tmp_path / "tv01.key.json"
    assert run_cli("keys", "export", "tv01", "--out", str(priv), "--private")[0] == 0
    assert "sealed_seed" in priv.read_text(encoding="utf-8")
    monkeypatch.setenv("OCOP_DESK_DATA_DIR", str(tmp_path / "other-laptop"))
    assert run_cli("keys", "import", str(priv))[0] == 0
    assert keys.unlock(keys.find_key("tv01"), "mật khẩu thành viên 01").public.owner_id == "tv01"
    assert run_cli("keys", "revoke", "tv01")[0] == 0
    code, out, _e = run_cli("keys", "list", "--json")
    assert json.loads(out)[0]["revoked_at"]


def test_vietnamese_verdict_keeps_diacritics(run_cli, tmp_path: Path, passfile: Path) -> None:
    from ocop_desk.bundles import trust

    assert run_cli("keys", "new", "--council", "HD-065", "--name", "Hội đồng huyện Chợ Mới",
                   "--passphrase-file", str(passfile))[0] == 0
    party = _council_party(passfile)
    trust.add_key(trust.load_trust(tmp_path / "t.json"), party.stored.public, signer=party.signer)
    bundle = tmp_path / "kết quả.ocop"
    write_sample(bundle, party)
    code, out, err = run_cli("--lang", "vi", "bundle", "verify", str(bundle), "--trust", str(tmp_path / "t.json"))
    assert code == 0, err
    assert "Kết luận: HỢP LỆ" in out and "Hội đồng huyện Chợ Mới" in out
    code, _o, err = run_cli("--lang", "vi", "bundle", "verify", str(tmp_path / "không có.ocop"))
    assert code == 6 and "tệp không tồn tại" in err and "không có.ocop" in err  # not found, as everywhere
