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


def make_party(kind: str = "council", owner: str = "HD-BK-01", unit: str = "06-058", level: str = "district") -> Party:
    stored, signer = keys.new_key(kind, owner, PASS, name=f"Hội đồng {owner}", level=level,
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


def district_session_data(store, *, district: str, council: str, session: str, products: int = 4,  # type: ignore[no-untyped-def]
                          members: int = 5, seed: int = 1, code_district: str | None = None) -> dict:
    """The demo session, moved to another district, council, session id and product codes."""
    from ocop_desk.demo import DISTRICT_CODE, demo_data

    data = demo_data(store, products=products, members=members, seed=seed)
    data["council"].update(id=council, admin_unit=district, name=f"Hội đồng OCOP huyện {district}")
    data["session"]["id"] = session
    old = f"-{DISTRICT_CODE}-"
    new = f"-{code_district or district}-"
    for p in data["products"]:
        p["code"] = p["code"].replace(old, new)
    for c in data["scorecards"]:
        c["product"] = c["product"].replace(old, new)
    return data


def trust_member(store, trust_path: Path, member: Party, council: str = "HD-065") -> trust.TrustStore:  # type: ignore[no-untyped-def]
    """Trusts a member key and registers it with (council, member) in the store, as `trust add --register-member`."""
    from ocop_desk.exchange.member_scorecards import register_member_key

    t, _e = trust.add_key(trust.load_trust(trust_path), member.stored.public, signer=TRUST_ADMIN.signer)
    register_member_key(store, council, member.stored.public)
    return t


# The receiving laptop's trust store administrator: its key seals every change to trust.json.
TRUST_ADMIN = make_party("council", "QUAN-TRI-TIN-CAY", "065")


def sealed(store: trust.TrustStore) -> trust.TrustStore:
    """Writes `store` sealed by TRUST_ADMIN, as `trust add` does with the administrator's key."""
    return trust.save_trust(store, TRUST_ADMIN.signer)


def cli_trust_admin(where: Path) -> list[str]:
    """Puts TRUST_ADMIN in this user's key folder; returns the `trust` options that unlock it."""
    keys.save_key(TRUST_ADMIN.stored)
    passfile = where / "trust-admin-pass.txt"
    passfile.write_text(PASS, encoding="utf-8")
    return ["--key", TRUST_ADMIN.stored.key_id, "--passphrase-file", str(passfile)]


def council_key(council: str, district: str) -> Party:
    return make_party("council", council, district)


# --- fixtures (imported by each test module; a conftest.py here would shadow tests/conftest.py) ---


@pytest.fixture
def council() -> Party:
    return make_party()


@pytest.fixture
def trust_store(tmp_path: Path, council: Party) -> trust.TrustStore:
    store = trust.load_trust(tmp_path / "trust.json")
    store, _entry = trust.add_key(store, council.stored.public, signer=TRUST_ADMIN.signer)
    return store


SECRETARY_SESSION = "2026-CM-01"


@pytest.fixture
def secretary(tmp_path: Path):  # type: ignore[no-untyped-def]
    """A district secretary's store holding session SECRETARY_SESSION of council HD-065 (district 065)."""
    from ocop_desk.interchange import import_session_data
    from ocop_desk.store.engine import open_store

    store = open_store(f"sqlite:///{tmp_path / 'thu-ky.sqlite3'}")
    import_session_data(store, district_session_data(store, district="065", council="HD-065",
                                                     session=SECRETARY_SESSION), file="test")
    return store


@pytest.fixture(autouse=True)
def english_messages():  # type: ignore[no-untyped-def]
    """Tests here match English message text; test_vietnamese_* switch back explicitly."""
    from ocop_desk import i18n

    i18n.set_language("en")
    yield
    i18n.set_language(None)
