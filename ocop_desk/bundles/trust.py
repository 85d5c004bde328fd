"""The receiver's list of public keys it accepts signatures from.

One JSON file.  A revoked key stays in the file, marked with the date, so a
later look at an old bundle can say *why* it is no longer accepted.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ocop_desk.bundles.keys import (PublicKeyInfo, public_key_from_dict, read_json_file,
                                    read_public_key, utc_now_text, write_json_atomic)
from ocop_desk.bundles.errors import KeyRefused
from ocop_desk.errors import NotFound
from ocop_desk.i18n import _

TRUST_FORMAT = "ocop-desk-trust-store"
TRUST_VERSION = 1


def default_trust_path() -> Path:
    from ocop_desk.paths import user_data_dir

    return user_data_dir() / "trust.json"


@dataclass(frozen=True)
class TrustedKey:
    key: PublicKeyInfo
    added_at: str
    revoked_at: str | None = None
    note: str = ""

    @property
    def key_id(self) -> str:
        return self.key.key_id

    @property
    def revoked(self) -> bool:
        return self.revoked_at is not None


@dataclass(frozen=True)
class TrustStore:
    path: Path
    keys: tuple[TrustedKey, ...]

    def get(self, key_id: str) -> TrustedKey | None:
        for k in self.keys:
            if k.key_id == key_id:
                return k
        return None

    def find(self, ref: str) -> TrustedKey:
        ref = ref.lower().replace(" ", "")
        hits = [k for k in self.keys if k.key_id == ref] or [k for k in self.keys if k.key_id.startswith(ref)]
        if len(hits) != 1:
            msg = _("no such key in the trust store") if not hits else _("more than one key matches; give the key id")
            raise NotFound(msg, file=str(self.path), place=ref)
        return hits[0]


def load_trust(path: Path | None = None) -> TrustStore:
    """An absent file is an empty store; a damaged one is refused, never ignored."""
    path = path or default_trust_path()
    if not path.exists():
        return TrustStore(path=path, keys=())
    data = read_json_file(path, max_bytes=64 << 20)
    if not isinstance(data, dict) or data.get("format") != TRUST_FORMAT or not isinstance(data.get("keys"), list):
        raise KeyRefused(_("not a trust store file"), file=str(path))
    keys = []
    for i, entry in enumerate(data["keys"]):
        place = f"keys[{i}]"
        if not isinstance(entry, dict):
            raise KeyRefused(_("not a key entry"), file=str(path), place=place)
        key = public_key_from_dict(entry.get("key"), file=str(path))
        added, revoked, note = entry.get("added_at"), entry.get("revoked_at"), entry.get("note", "")
        if not isinstance(added, str) or not (revoked is None or isinstance(revoked, str)) or not isinstance(note, str):
            raise KeyRefused(_("damaged key entry"), file=str(path), place=place)
        keys.append(TrustedKey(key=key, added_at=added, revoked_at=revoked, note=note))
    return TrustStore(path=path, keys=tuple(keys))


def save_trust(store: TrustStore) -> None:
    data: dict[str, Any] = {
        "format": TRUST_FORMAT, "version": TRUST_VERSION,
        "keys": [{"key": k.key.to_dict(), "added_at": k.added_at, "revoked_at": k.revoked_at,
                  "note": k.note} for k in store.keys],
    }
    write_json_atomic(store.path, data)


def add_key(store: TrustStore, key: PublicKeyInfo, *, note: str = "") -> tuple[TrustStore, TrustedKey]:
    """Adds a key; adding one already present changes nothing (revoked stays revoked)."""
    existing = store.get(key.key_id)
    if existing is not None:
        return store, existing
    entry = TrustedKey(key=key, added_at=utc_now_text(), note=note)
    new = replace(store, keys=store.keys + (entry,))
    save_trust(new)
    return new, entry


def add_key_file(key_file: Path, trust_path: Path | None = None, *, note: str = "") -> TrustedKey:
    key = read_public_key(key_file)
    _store, entry = add_key(load_trust(trust_path), key, note=note)
    return entry


def revoke(store: TrustStore, ref: str, *, when: str | None = None, note: str = "") -> tuple[TrustStore, TrustedKey]:
    target = store.find(ref)
    if target.revoked:
        return store, target
    stamp = when or utc_now_text()
    dt.datetime.strptime(stamp[:10], "%Y-%m-%d")
    updated = replace(target, revoked_at=stamp, note=note or target.note)
    new = replace(store, keys=tuple(updated if k.key_id == target.key_id else k for k in store.keys))
    save_trust(new)
    return new, updated
