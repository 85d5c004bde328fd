"""Helpers shared by the bundle tests (cheap scrypt for speed)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from ocop_desk.bundles import keys, trust
from ocop_desk.bundles.envelope import Issuer, build_manifest, write_envelope

FAST_N = 2 ** 10
PASS = "mật khẩu đủ dài"


@dataclass(frozen=True)
class Party:
    stored: keys.StoredKey
    signer: keys.SigningKey


def make_party(kind: str = "council", owner: str = "HD-BK-01", unit: str = "06-058") -> Party:
    stored, signer = keys.new_key(kind, owner, PASS, name=f"Hội đồng {owner}", level="district",
                                  admin_unit=unit, scrypt_n=FAST_N)
    return Party(stored, signer)


def write_sample(path: Path, party: Party, payload: dict[str, bytes] | None = None, **kw) -> dict:
    payload = payload if payload is not None else {"results.json": "{\"điểm\": 72}".encode(),
                                                   "minutes.pdf": b"%PDF-1.4 fake"}
    manifest = build_manifest(kw.pop("kind", "session-results"),
                              Issuer(party.stored.public.admin_unit, party.stored.public.owner_id,
                                     party.signer.key_id), payload, counts={"products": 1}, **kw)
    write_envelope(path, manifest, payload, [party.signer])
    return manifest
