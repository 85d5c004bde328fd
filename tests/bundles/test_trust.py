from __future__ import annotations

import json
from pathlib import Path

import pytest

from ocop_desk.bundles import keys, trust
from ocop_desk.bundles.errors import KeyRefused

from bundle_helpers import council, english_messages, trust_store  # noqa: F401  (fixtures)
from bundle_helpers import make_party


def test_add_list_revoke_persist(tmp_path: Path) -> None:
    path = tmp_path / "t" / "trust.json"
    a, b = make_party(owner="HD-A"), make_party(owner="HD-B")
    pub = tmp_path / "a.pub.json"
    keys.write_json_atomic(pub, a.stored.public.to_dict())
    entry = trust.add_key_file(pub, path, signer=a.signer)
    assert entry.key.fingerprint == a.stored.public.fingerprint
    store = trust.load_trust(path)
    store, _ = trust.add_key(store, b.stored.public, signer=a.signer)
    store, again = trust.add_key(store, b.stored.public)
    assert len(trust.load_trust(path).keys) == 2
    store, rev = trust.revoke(store, a.stored.key_id[:10], when="2026-03-01T00:00:00Z", signer=a.signer)
    reloaded = trust.load_trust(path)
    assert reloaded.get(a.stored.key_id).revoked_at == "2026-03-01T00:00:00Z"
    assert not reloaded.get(b.stored.key_id).revoked
    # adding a revoked key again does not un-revoke it
    reloaded, e = trust.add_key(reloaded, a.stored.public)
    assert e.revoked


def test_damaged_trust_store_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "trust.json"
    path.write_text(json.dumps({"format": "something else"}), encoding="utf-8")
    with pytest.raises(KeyRefused, match="trust store"):
        trust.load_trust(path)


def test_missing_trust_store_is_empty(tmp_path: Path) -> None:
    assert trust.load_trust(tmp_path / "none.json").keys == ()
