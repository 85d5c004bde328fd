"""The trust store is sealed by its administrator's key: editing the file cannot add or un-revoke a key.

Someone with the laptop but not the administrator's passphrase edits trust.json to make their
own key trusted (or a revoked one trusted again, or a key speak for another unit).  Each edit
breaks the seal, and the whole store is refused: no bundle verifies against it, a merge stops
before it reads a bundle, and the receiving store is unchanged.  The control case (the same key
added through `add_key` with the administrator's key) verifies, so each refusal is the seal's.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Callable

import pytest

from ocop_desk.bundles import keys, trust
from ocop_desk.bundles.errors import KeyRefused
from ocop_desk.bundles.verify import verify_bundle
from tests.bundles.bundle_helpers import FAST_N, PASS, Party, make_party, write_sample
from tests.core_fixtures import snapshot

ADMIN = make_party("council", "HD-065", "065")
DISTRICT = make_party("council", "HD-066", "066")
INTRUDER_PASS = "cụm từ riêng của kẻ xâm nhập"
INTRUDER = Party(*keys.new_key("council", "HD-067", INTRUDER_PASS, level="district", admin_unit="067",
                               scrypt_n=FAST_N))


@pytest.fixture
def sealed(tmp_path: Path) -> Path:
    """A trust store of the district's key, sealed by the administrator; the district key revoked later."""
    path = tmp_path / "trust.json"
    store, _e = trust.add_key(trust.load_trust(path), DISTRICT.stored.public, signer=ADMIN.signer)
    trust.revoke(store, DISTRICT.stored.key_id, when="2026-11-01T00:00:00Z", signer=ADMIN.signer)
    return path


def _edit(path: Path, change: Callable[[dict[str, Any]], None]) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")


def _add_intruder(data: dict[str, Any]) -> None:
    data["keys"].append({"key": INTRUDER.stored.public.to_dict(), "added_at": "2026-11-02T00:00:00Z",
                         "revoked_at": None, "note": ""})


def _unrevoke(data: dict[str, Any]) -> None:
    data["keys"][0]["revoked_at"] = None


def _move_unit(data: dict[str, Any]) -> None:
    data["keys"][0]["key"]["admin_unit"] = "067"


def _swap_admin(data: dict[str, Any]) -> None:
    _add_intruder(data)
    data["admin"] = INTRUDER.stored.public.to_dict()


def _drop_seal(data: dict[str, Any]) -> None:
    _add_intruder(data)
    del data["seal"]


def _downgrade(data: dict[str, Any]) -> None:  # back to the unsealed format of ocop-desk 0.1
    _add_intruder(data)
    del data["seal"], data["admin"]
    data["version"] = 1


EDITS = {"add a key": _add_intruder, "un-revoke": _unrevoke, "move a key to another unit": _move_unit,
         "swap the administrator": _swap_admin, "drop the seal": _drop_seal, "downgrade to 0.1": _downgrade}


@pytest.mark.parametrize("edit", EDITS.values(), ids=EDITS.keys())
def test_a_hand_edit_of_the_trust_store_is_refused_and_changes_nothing(tmp_path: Path, sealed: Path, edit,
                                                                     store) -> None:  # type: ignore[no-untyped-def]
    from ocop_desk.exchange.merge import merge_files

    bundle = tmp_path / "forged.ocop"
    write_sample(bundle, INTRUDER if edit is not _unrevoke else DISTRICT)
    _edit(sealed, edit)
    with pytest.raises(KeyRefused) as refused:
        trust.load_trust(sealed)
    assert str(sealed) in refused.value.one_line()
    with pytest.raises(KeyRefused):
        verify_bundle(bundle, sealed)
    before = snapshot(store)
    with pytest.raises(KeyRefused):
        merge_files(store, [bundle], sealed)
    assert snapshot(store) == before


def test_the_same_keys_added_by_the_administrator_verify(tmp_path: Path, sealed: Path) -> None:
    """The control: the refusals above are the seal's, not the bundles'."""
    bundle = tmp_path / "district.ocop"
    write_sample(bundle, INTRUDER)
    store, _e = trust.add_key(trust.load_trust(sealed), INTRUDER.stored.public, signer=ADMIN.signer)
    assert verify_bundle(bundle, sealed).issuer_key.key_id == INTRUDER.stored.key_id
    reloaded = trust.load_trust(sealed)
    assert reloaded.admin is not None and reloaded.admin.key_id == ADMIN.stored.key_id
    assert reloaded.get(DISTRICT.stored.key_id).revoked_at == "2026-11-01T00:00:00Z"


def test_only_the_administrator_can_change_a_sealed_store(sealed: Path) -> None:
    before = sealed.read_bytes()
    with pytest.raises(KeyRefused, match=ADMIN.stored.key_id):
        trust.add_key(trust.load_trust(sealed), INTRUDER.stored.public, signer=INTRUDER.signer)
    with pytest.raises(KeyRefused, match="administrator"):
        trust.save_trust(trust.load_trust(sealed), None)
    assert sealed.read_bytes() == before


def test_an_unsealed_store_of_0_1_is_refused_until_it_is_checked_and_sealed(tmp_path: Path, run_cli,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "old-trust.json"
    keys.write_json_atomic(path, {"format": trust.TRUST_FORMAT, "version": 1, "keys": [
        {"key": DISTRICT.stored.public.to_dict(), "added_at": "2025-01-01T00:00:00Z", "revoked_at": None,
         "note": ""}]})
    with pytest.raises(KeyRefused, match="trust seal"):
        trust.load_trust(path)
    code, out, _e = run_cli("--lang", "en", "trust", "list", "--trust", str(path))
    assert code == 0 and "NOT SEALED" in out and DISTRICT.stored.key_id in out
    keys.save_key(ADMIN.stored)
    monkeypatch.setenv(keys.ENV_PASSPHRASE, PASS)
    code, out, err = run_cli("--lang", "en", "trust", "seal", "--trust", str(path))
    assert code == 0, err
    assert ADMIN.stored.public.fingerprint in out
    assert trust.load_trust(path).get(DISTRICT.stored.key_id) is not None
    code, out, _e = run_cli("--lang", "en", "trust", "list", "--trust", str(path))
    assert "Sealed by administrator key " + ADMIN.stored.key_id in out


def test_cli_add_with_another_key_than_the_administrators_is_one_line(tmp_path: Path, sealed: Path, run_cli,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    for party in (ADMIN, INTRUDER):
        keys.save_key(party.stored)
    pub = tmp_path / "intruder.pub.json"
    keys.write_json_atomic(pub, INTRUDER.stored.public.to_dict())
    monkeypatch.setenv(keys.ENV_PASSPHRASE, PASS)
    before = sealed.read_bytes()
    # the store names its administrator: --key cannot choose another
    code, _o, err = run_cli("--lang", "en", "trust", "add", str(pub), "--yes", "--trust", str(sealed))
    assert code == 0, err
    assert trust.load_trust(sealed).get(INTRUDER.stored.key_id) is not None
    sealed.write_bytes(before)
    monkeypatch.setenv(keys.ENV_PASSPHRASE, INTRUDER_PASS)  # the intruder knows only their own
    code, _o, err = run_cli("--lang", "en", "trust", "add", str(pub), "--yes", "--trust", str(sealed),
                            "--key", INTRUDER.stored.key_id)
    assert code != 0 and len(err.strip().splitlines()) == 1 and "passphrase" in err
    assert sealed.read_bytes() == before


def test_a_new_store_under_another_key_shows_another_administrator(tmp_path: Path, sealed: Path, run_cli) -> None:
    """The limit, made visible: a store rebuilt from scratch is sealed, but by someone else."""
    rebuilt = tmp_path / "rebuilt.json"
    trust.add_key(trust.load_trust(rebuilt), INTRUDER.stored.public, signer=INTRUDER.signer)
    _c, original, _e = run_cli("--lang", "en", "trust", "list", "--trust", str(sealed))
    _c, forged, _e = run_cli("--lang", "en", "trust", "list", "--trust", str(rebuilt))
    assert ADMIN.stored.public.fingerprint in original and ADMIN.stored.public.fingerprint not in forged
    assert INTRUDER.stored.public.fingerprint in forged.splitlines()[0]


@pytest.mark.parametrize("extra", ["NaN", "1e999", "1" * 5000, "[" * 50_000 + "]" * 50_000, "1.5"],
                         ids=["nan", "infinity", "5000 digits", "deep nesting", "a fraction"])
def test_a_hostile_value_in_the_trust_store_is_a_one_line_refusal(sealed: Path, extra: str) -> None:
    text = sealed.read_text(encoding="utf-8").rstrip().rstrip("}")
    sealed.write_text(text + ', "x": ' + extra + "}", encoding="utf-8")
    with pytest.raises(KeyRefused) as refused:
        trust.load_trust(sealed)
    assert str(sealed) in refused.value.one_line() and "\n" not in refused.value.one_line()


def test_a_deeply_nested_key_file_is_a_one_line_refusal(tmp_path: Path) -> None:
    path = tmp_path / "deep.pub.json"
    path.write_text("[" * 50_000 + "]" * 50_000, encoding="utf-8")
    with pytest.raises(KeyRefused, match="JSON"):
        keys.read_public_key(path)
