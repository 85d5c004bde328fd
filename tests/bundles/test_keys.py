from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest

from ocop_desk.bundles import keys
from ocop_desk.bundles.errors import KeyRefused

from bundle_helpers import council, english_messages, trust_store  # noqa: F401  (fixtures)
from bundle_helpers import FAST_N, PASS, make_party


def test_key_id_and_fingerprint_derive_from_the_public_key() -> None:
    p = make_party()
    raw = p.stored.public.public_key
    import hashlib

    assert p.stored.key_id == hashlib.sha256(raw).digest()[:16].hex()
    fp = p.stored.public.fingerprint
    groups = fp.split(" ")
    assert len(groups) == 8 and all(len(g) == 4 for g in groups)
    assert base64.b32decode(fp.replace(" ", "")) == hashlib.sha256(raw).digest()[:20]


def test_private_key_file_never_holds_the_seed(tmp_path: Path) -> None:
    p = make_party("member", "TV-01")
    path = keys.save_key(p.stored, tmp_path)
    text = path.read_text(encoding="utf-8")
    seed = p.signer._seed
    assert base64.b64encode(seed).decode() not in text and seed.hex() not in text
    assert seed not in path.read_bytes()
    assert (path.stat().st_mode & 0o077) == 0
    data = json.loads(text)
    assert data["encryption"]["kdf"]["name"] == "scrypt"


def test_unlock_round_trip_signs_verifiably(tmp_path: Path) -> None:
    p = make_party()
    keys.save_key(p.stored, tmp_path)
    stored = keys.find_key(p.stored.key_id[:8], tmp_path)
    signer = keys.unlock(stored, PASS)
    sig = signer.sign(b"bi\xc3\xaan b\xe1\xba\xa3n")
    assert stored.public.verify(sig, "biên bản".encode())
    assert not stored.public.verify(sig, b"other bytes")


def test_wrong_passphrase_is_refused(tmp_path: Path) -> None:
    p = make_party()
    with pytest.raises(KeyRefused, match="passphrase"):
        keys.unlock(p.stored, PASS + "x")


def test_swapping_owner_fields_breaks_unlock(tmp_path: Path) -> None:
    p = make_party()
    path = keys.save_key(p.stored, tmp_path)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["owner_id"] = "HD-KHAC"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(KeyRefused):
        keys.unlock(keys.read_stored_key(path), PASS)


def test_public_key_file_with_wrong_key_id_is_refused(tmp_path: Path) -> None:
    p = make_party()
    d = p.stored.public.to_dict()
    d["key_id"] = "0" * 32
    with pytest.raises(KeyRefused, match="key id"):
        keys.public_key_from_dict(d, file="x.json")


def test_short_passphrase_refused() -> None:
    with pytest.raises(KeyRefused):
        keys.new_key("member", "TV-01", "short", scrypt_n=FAST_N)


def test_revoked_own_key_cannot_sign(tmp_path: Path) -> None:
    p = make_party()
    keys.save_key(p.stored, tmp_path)
    revoked = keys.revoke_key(p.stored.key_id, tmp_path, when="2026-01-02T03:04:05Z")
    assert keys.read_stored_key(revoked.path or tmp_path / f"{p.stored.key_id}.key.json").revoked_at
    with pytest.raises(KeyRefused, match="revoked"):
        keys.unlock(keys.find_key(p.stored.key_id, tmp_path), PASS)


def test_passphrase_sources(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    f = tmp_path / "pass.txt"
    f.write_text("từ tệp\n", encoding="utf-8")
    monkeypatch.setenv(keys.ENV_PASSPHRASE, "từ môi trường")
    assert keys.read_passphrase(str(f)) == "từ tệp"
    assert keys.read_passphrase(None) == "từ môi trường"
    monkeypatch.delenv(keys.ENV_PASSPHRASE)
    with pytest.raises(KeyRefused):
        keys.read_passphrase(None)


def test_import_key_from_another_machine(tmp_path: Path) -> None:
    p = make_party("member", "TV-02")
    exported = keys.save_key(p.stored, tmp_path / "usb")
    imported = keys.import_key(exported, tmp_path / "mine")
    assert imported.key_id == p.stored.key_id
    assert keys.unlock(keys.find_key("TV-02", tmp_path / "mine"), PASS).key_id == p.stored.key_id
