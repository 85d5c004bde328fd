"""The receiver's list of public keys it accepts signatures from.

One JSON file, sealed: its administrator (one of this user's own keys, named
in the file) signs the canonical JSON of everything in it, so editing the file
by hand (adding a key, clearing a revocation, changing an owner or admin unit)
breaks the seal and the whole store is refused, never read in part.  Every
change goes through `save_trust` with the administrator's unlocked key.  A
revoked key stays in the file, marked with the date, so a later look at an old
bundle can say *why* it is no longer accepted.

What the seal cannot do: someone who deletes the file and builds a new one
under a key of their own makes a store with another administrator, which
`trust list` shows by fingerprint (docs/security.md, *Limits*).
"""

from __future__ import annotations

import base64
import datetime as dt
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ocop_desk.bundles.errors import KeyRefused
from ocop_desk.bundles.keys import (PublicKeyInfo, SigningKey, list_keys, public_key_from_dict, read_json_file,
                                    read_public_key, utc_now_text, write_json_atomic)
from ocop_desk.canonical import canonical_json
from ocop_desk.errors import NotFound
from ocop_desk.i18n import _
from ocop_desk.paths import user_data_dir

TRUST_FORMAT = "ocop-desk-trust-store"
# 2: sealed by the administrator's key.  1 (ocop-desk 0.1) had no seal: read only to be checked and sealed.
TRUST_VERSION = 2
UNSEALED_VERSION = 1
SEAL = "seal"


def default_trust_path() -> Path:
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
    admin: PublicKeyInfo | None = None  # whose key seals the file; None before the first seal
    sealed: bool = True  # False only for an unsealed 0.1 file read with `load_trust(unsealed=True)`

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


def load_trust(path: Path | None = None, *, unsealed: bool = False) -> TrustStore:
    """An absent file is an empty store; a damaged or unsealed one is refused, never ignored.

    `unsealed=True` reads an unsealed file of ocop-desk 0.1 too, for `trust list` and `trust seal`
    only: nothing may verify a bundle against keys nobody vouches for.
    """
    path = path or default_trust_path()
    if not path.exists():
        return TrustStore(path=path, keys=())
    data = read_json_file(path, max_bytes=64 << 20)
    if not isinstance(data, dict) or data.get("format") != TRUST_FORMAT or not isinstance(data.get("keys"), list):
        raise KeyRefused(_("not a trust store file"), file=str(path))
    admin = None
    if data.get("version") == UNSEALED_VERSION and SEAL not in data and "admin" not in data:
        if not unsealed:
            raise KeyRefused(_("this trust store is not sealed (written by ocop-desk 0.1, or by hand); check its "
                               "keys with `trust list` and seal it with `trust seal --key KEY`"), file=str(path))
    elif data.get("version") == TRUST_VERSION:
        admin = public_key_from_dict(data.get("admin"), file=str(path))
        check_seal(data, admin, file=str(path))
    else:
        raise KeyRefused(_("not a trust store of a known version"), file=str(path), place="version")
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
    return TrustStore(path=path, keys=tuple(keys), admin=admin, sealed=admin is not None)


def _sealed_bytes(data: dict[str, Any]) -> bytes:
    return canonical_json({k: v for k, v in data.items() if k != SEAL})


def check_seal(data: dict[str, Any], admin: PublicKeyInfo, *, file: str) -> None:
    """The administrator's signature over every other byte of meaning in the file."""
    try:
        signature = base64.b64decode(data.get(SEAL) or "", validate=True)
    except (TypeError, ValueError):
        signature = b""
    try:
        sealed = _sealed_bytes(data)
    except (ValueError, TypeError, RecursionError):  # NaN, 1e999, 2**53 + 1: never in a file we sealed
        sealed = b""
    if len(signature) != 64 or not sealed or not admin.verify(signature, sealed):
        raise KeyRefused(_("the trust store was changed outside ocop-desk: its seal by administrator key {key} "
                           "does not match; restore it from a copy or make it again").format(key=admin.key_id),
                         file=file, place=SEAL)


def save_trust(store: TrustStore, signer: SigningKey | None) -> TrustStore:
    """Seals and writes the store; `signer` must be its administrator (the first seal makes it so)."""
    admin = store.admin or (signer.public if signer is not None else None)
    if signer is None or admin is None:
        raise KeyRefused(_("changing the trust store needs its administrator's key (--key) and passphrase"),
                         file=str(store.path))
    if signer.key_id != admin.key_id:
        raise KeyRefused(_("the trust store is sealed by administrator key {key} ({owner}); unlock that key to "
                           "change it").format(key=admin.key_id, owner=admin.name or admin.owner_id),
                         file=str(store.path))
    data: dict[str, Any] = {
        "format": TRUST_FORMAT, "version": TRUST_VERSION, "admin": admin.to_dict(),
        "keys": [{"key": k.key.to_dict(), "added_at": k.added_at, "revoked_at": k.revoked_at,
                  "note": k.note} for k in store.keys],
    }
    data[SEAL] = base64.b64encode(signer.sign(_sealed_bytes(data))).decode("ascii")
    write_json_atomic(store.path, data)
    return replace(store, admin=admin, sealed=True)


def administrator_ref(store: TrustStore, given: str | None = None, folder: Path | None = None) -> str:
    """Which of this user's keys must seal a change: the store's administrator, else the one given,
    else the user's only live key."""
    if store.admin is not None:
        return store.admin.key_id
    if given:
        return given
    live = [k for k in list_keys(folder) if not k.revoked_at]
    if len(live) != 1:
        raise KeyRefused(_("the trust store is sealed by one of your keys: name it with --key (make one with "
                           "`keys new` if you have none)"), file=str(store.path))
    return live[0].key_id


def _saved(store: TrustStore, signer: SigningKey | None) -> TrustStore:
    return save_trust(store, signer) if signer is not None else store


def add_key(store: TrustStore, key: PublicKeyInfo, *, note: str = "",
            signer: SigningKey | None = None) -> tuple[TrustStore, TrustedKey]:
    """Adds a key; adding one already present changes nothing (revoked stays revoked).

    With `signer` (the administrator's unlocked key) the file is sealed and written; without, only
    the returned store holds the key.
    """
    existing = store.get(key.key_id)
    if existing is not None:
        return store, existing
    entry = TrustedKey(key=key, added_at=utc_now_text(), note=note)
    return _saved(replace(store, keys=store.keys + (entry,)), signer), entry


def add_key_file(key_file: Path, trust_path: Path | None = None, *, signer: SigningKey, note: str = "") -> TrustedKey:
    key = read_public_key(key_file)
    _store, entry = add_key(load_trust(trust_path), key, note=note, signer=signer)
    return entry


def revoke(store: TrustStore, ref: str, *, when: str | None = None, note: str = "",
           signer: SigningKey | None = None) -> tuple[TrustStore, TrustedKey]:
    target = store.find(ref)
    if target.revoked:
        return store, target
    stamp = when or utc_now_text()
    dt.datetime.strptime(stamp[:10], "%Y-%m-%d")
    updated = replace(target, revoked_at=stamp, note=note or target.note)
    new = replace(store, keys=tuple(updated if k.key_id == target.key_id else k for k in store.keys))
    return _saved(new, signer), updated
