"""Ed25519 key pairs for members and councils, stored encrypted.

A private key file is JSON holding the 32-byte Ed25519 seed encrypted with
AES-256-GCM under a key derived from the passphrase by scrypt (memory-hard,
so a stolen laptop's key file resists GPU guessing).  We do not use
cryptography's `BestAvailableEncryption`: for PKCS#8 it gives PBKDF2 (not
memory-hard) and its parameters are not ours to pin, while the GCM tag here
makes a wrong passphrase a certain, clear refusal, and the public half plus
owner fields are bound in as associated data so they cannot be swapped.
The seed is never written unencrypted: there is no code path that does.

The key id is the hex of the first 16 bytes of SHA-256(raw public key); the
fingerprint is base32 of the first 20 bytes, in groups of four, short enough
to read out over the phone and unambiguous in base32's alphabet.
"""

from __future__ import annotations

import base64
import datetime as dt
import getpass
import hashlib
import json
import os
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat, PublicFormat

from ocop_desk.bundles.errors import KeyRefused
from ocop_desk.canonical import canonical_json
from ocop_desk.errors import NotFound
from ocop_desk.i18n import _
from ocop_desk.paths import user_data_dir

PUBLIC_FORMAT = "ocop-desk-public-key"
PRIVATE_FORMAT = "ocop-desk-private-key"
KEY_FORMAT_VERSION = 1
OWNER_KINDS = ("member", "council")
ENV_PASSPHRASE = "OCOP_DESK_PASSPHRASE"

# scrypt cost: 2**15 x 8 x 1 is 32 MiB and about 0.1 s; stored per file so it can rise later.
SCRYPT_N = 2 ** 15
SCRYPT_R = 8
SCRYPT_P = 1
_MAX_SCRYPT_N = 2 ** 20
_KEY_ID_RE = re.compile(r"^[0-9a-f]{32}$")
_PUBLIC_FIELDS = ("format", "version", "key_id", "owner_kind", "owner_id", "name", "level",
                  "admin_unit", "public_key", "created_at")


def keys_dir() -> Path:
    """Where this user's own key pairs live (inside the user data folder)."""
    return user_data_dir() / "keys"


def key_id_for(raw_public: bytes) -> str:
    return hashlib.sha256(raw_public).digest()[:16].hex()


def fingerprint_for(raw_public: bytes) -> str:
    text = base64.b32encode(hashlib.sha256(raw_public).digest()[:20]).decode("ascii")
    return " ".join(text[i:i + 4] for i in range(0, len(text), 4))


def _valid_time(text: str) -> bool:
    try:
        dt.datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ")
    except ValueError:
        return False
    return True


def utc_now_text() -> str:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(frozen=True)
class PublicKeyInfo:
    """Everything a receiver needs to know about one signer."""

    key_id: str
    owner_kind: str
    owner_id: str
    name: str
    level: str
    admin_unit: str
    public_key: bytes
    created_at: str

    @property
    def fingerprint(self) -> str:
        return fingerprint_for(self.public_key)

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": PUBLIC_FORMAT, "version": KEY_FORMAT_VERSION, "key_id": self.key_id,
            "owner_kind": self.owner_kind, "owner_id": self.owner_id, "name": self.name,
            "level": self.level, "admin_unit": self.admin_unit,
            "public_key": base64.b64encode(self.public_key).decode("ascii"),
            "created_at": self.created_at,
        }

    def verify(self, signature: bytes, data: bytes) -> bool:
        try:
            Ed25519PublicKey.from_public_bytes(self.public_key).verify(signature, data)
        except InvalidSignature:
            return False
        return True


def public_key_from_dict(data: Any, *, file: str | None = None) -> PublicKeyInfo:
    """Validates a public-key document strictly; the key id must match the key."""
    if not isinstance(data, dict):
        raise KeyRefused(_("not a public-key file"), file=file)
    missing = [f for f in _PUBLIC_FIELDS if f not in data]
    if missing:
        raise KeyRefused(_("missing field"), file=file, place=missing[0])
    if data["format"] not in (PUBLIC_FORMAT, PRIVATE_FORMAT) or data["version"] != KEY_FORMAT_VERSION:
        raise KeyRefused(_("not a public-key file of a known version"), file=file, place="format")
    for name in _PUBLIC_FIELDS[2:]:
        if not isinstance(data[name], str):
            raise KeyRefused(_("must be text"), file=file, place=name)
    if data["owner_kind"] not in OWNER_KINDS:
        raise KeyRefused(_("owner kind must be member or council"), file=file, place="owner_kind")
    try:
        raw = base64.b64decode(data["public_key"], validate=True)
    except ValueError:
        raw = b""
    if len(raw) != 32:
        raise KeyRefused(_("not an Ed25519 public key"), file=file, place="public_key")
    if data["key_id"] != key_id_for(raw):
        raise KeyRefused(_("key id does not match the public key"), file=file, place="key_id")
    return PublicKeyInfo(key_id=data["key_id"], owner_kind=data["owner_kind"],
                         owner_id=data["owner_id"], name=data["name"], level=data["level"],
                         admin_unit=data["admin_unit"], public_key=raw, created_at=data["created_at"])


def read_json_file(path: Path, *, max_bytes: int = 1 << 20) -> Any:
    try:
        with open(path, "rb") as fh:
            raw = fh.read(max_bytes + 1)
    except OSError as exc:
        raise KeyRefused(_("cannot read the file: {reason}").format(reason=exc.strerror or exc),
                         file=str(path)) from exc
    if len(raw) > max_bytes:
        raise KeyRefused(_("file too large for a key file"), file=str(path))
    try:
        return json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise KeyRefused(_("not valid UTF-8 JSON"), file=str(path)) from exc


def read_public_key(path: Path) -> PublicKeyInfo:
    return public_key_from_dict(read_json_file(path), file=str(path))


def write_json_atomic(path: Path, data: Any, *, private: bool = False) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    text = json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC
    fd = os.open(tmp, flags, 0o600 if private else 0o644)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    os.replace(tmp, path)


# --- private keys -------------------------------------------------------------


@dataclass(frozen=True)
class StoredKey:
    """A key pair as it sits on disk: the public part readable, the seed sealed.

    A revoked key keeps no seal at all (`sealed_seed` empty): revoking destroys the
    seed, so no edit of the file can bring it back; every other field is bound into
    the seal's associated data.
    """

    public: PublicKeyInfo
    revoked_at: str | None
    kdf: dict[str, Any]
    nonce: bytes
    sealed_seed: bytes
    path: Path | None = None

    @property
    def key_id(self) -> str:
        return self.public.key_id

    def to_dict(self) -> dict[str, Any]:
        d = self.public.to_dict()
        d.update({
            "format": PRIVATE_FORMAT, "revoked_at": self.revoked_at,
            "encryption": None if not self.sealed_seed else {
                "cipher": "AES-256-GCM", "kdf": self.kdf, "nonce": base64.b64encode(self.nonce).decode("ascii"),
                "sealed_seed": base64.b64encode(self.sealed_seed).decode("ascii")},
        })
        return d


@dataclass(frozen=True)
class SigningKey:
    """An unlocked private key; lives only in memory."""

    public: PublicKeyInfo
    _seed: bytes

    @property
    def key_id(self) -> str:
        return self.public.key_id

    def sign(self, data: bytes) -> bytes:
        return Ed25519PrivateKey.from_private_bytes(self._seed).sign(data)

    def __repr__(self) -> str:  # never show the seed in a traceback
        return f"SigningKey({self.public.key_id})"


def _associated_data(public: PublicKeyInfo, kdf: dict[str, Any], revoked_at: str | None) -> bytes:
    """Every field of the key file but the ciphertext itself: editing any of them fails the tag."""
    return canonical_json({"public": public.to_dict(), "kdf": kdf, "revoked_at": revoked_at,
                           "cipher": "AES-256-GCM", "format": PRIVATE_FORMAT})


# Passphrases people pick first; compared after lower-casing and dropping blanks, digits stay.
_COMMON_PASSPHRASES = frozenset({
    "password", "password1", "passw0rd", "12345678", "123456789", "1234567890", "87654321", "11111111",
    "00000000", "qwertyui", "qwertyuiop", "abcd1234", "abc12345", "iloveyou", "admin123", "matkhau",
    "matkhau123", "matkhau1", "motkhau", "ocopdesk", "ocop2026", "ocop1234", "hoidong", "hoidong123",
    "vietnam", "vietnam1", "12341234", "asdfghjk", "zxcvbnm1", "letmein1", "welcome1", "changeme"})


def check_passphrase(passphrase: str) -> None:
    """Refuses passphrases a guesser tries first, with one clear line saying why.

    The key file resists guessing only as well as its passphrase: scrypt slows
    each guess, it cannot save "12345678".
    """
    bare = "".join(passphrase.split()).lower()
    if len(passphrase.strip()) < 8 or len(bare) < 8:
        raise KeyRefused(_("the passphrase must have at least 8 characters that are not blanks"))
    steps = {ord(b) - ord(a) for a, b in zip(bare, bare[1:])}
    if len(set(bare)) < 4 or bare in _COMMON_PASSPHRASES or (len(steps) == 1 and steps <= {-1, 0, 1}) \
            or bare.strip("0123456789") in _COMMON_PASSPHRASES:
        raise KeyRefused(_("this passphrase is too easy to guess (a common word, a run such as 12345678, or "
                           "too few different characters); choose a phrase of several words"))


def _derive(passphrase: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return Scrypt(salt=salt, length=32, n=n, r=r, p=p).derive(passphrase.encode("utf-8"))


def new_key(owner_kind: str, owner_id: str, passphrase: str, *, name: str = "", level: str = "",
            admin_unit: str = "", scrypt_n: int = SCRYPT_N) -> tuple[StoredKey, SigningKey]:
    """Makes a key pair; the returned StoredKey holds only the sealed seed."""
    if owner_kind not in OWNER_KINDS:
        raise KeyRefused(_("owner kind must be member or council"), place="owner_kind")
    if not owner_id.strip():
        raise KeyRefused(_("an owner id is needed"), place="owner_id")
    check_passphrase(passphrase)
    private = Ed25519PrivateKey.generate()
    seed = private.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
    raw_public = private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    public = PublicKeyInfo(key_id=key_id_for(raw_public), owner_kind=owner_kind, owner_id=owner_id,
                           name=name, level=level, admin_unit=admin_unit, public_key=raw_public,
                           created_at=utc_now_text())
    salt, nonce = os.urandom(16), os.urandom(12)
    kdf = {"name": "scrypt", "n": scrypt_n, "r": SCRYPT_R, "p": SCRYPT_P,
           "salt": base64.b64encode(salt).decode("ascii")}
    sealed = AESGCM(_derive(passphrase, salt, scrypt_n, SCRYPT_R, SCRYPT_P)).encrypt(
        nonce, seed, _associated_data(public, kdf, None))
    return (StoredKey(public=public, revoked_at=None, kdf=kdf, nonce=nonce, sealed_seed=sealed),
            SigningKey(public=public, _seed=seed))


def stored_key_from_dict(data: Any, *, file: str | None = None) -> StoredKey:
    public = public_key_from_dict(data, file=file)
    if data.get("format") != PRIVATE_FORMAT:
        raise KeyRefused(_("not a private-key file"), file=file, place="format")
    enc = data.get("encryption")
    revoked = data.get("revoked_at")
    if revoked is not None and (not isinstance(revoked, str) or not _valid_time(revoked)):
        raise KeyRefused(_("must be a UTC time like 2024-09-30T08:00:00Z"), file=file, place="revoked_at")
    if enc is None and revoked is not None:
        return StoredKey(public=public, revoked_at=revoked, kdf={}, nonce=b"", sealed_seed=b"",
                         path=Path(file) if file else None)
    try:
        kdf = enc["kdf"]
        if kdf["name"] != "scrypt" or not all(isinstance(kdf[k], int) for k in ("n", "r", "p")):
            raise ValueError
        if not (2 <= kdf["n"] <= _MAX_SCRYPT_N and 1 <= kdf["r"] <= 32 and 1 <= kdf["p"] <= 16):
            raise ValueError
        base64.b64decode(kdf["salt"], validate=True)
        nonce = base64.b64decode(enc["nonce"], validate=True)
        sealed = base64.b64decode(enc["sealed_seed"], validate=True)
        if enc["cipher"] != "AES-256-GCM" or len(nonce) != 12 or len(sealed) != 48:
            raise ValueError
    except (KeyError, TypeError, ValueError) as exc:
        raise KeyRefused(_("the encrypted key is damaged"), file=file, place="encryption") from exc
    return StoredKey(public=public, revoked_at=revoked, kdf=dict(kdf), nonce=nonce,
                     sealed_seed=sealed, path=Path(file) if file else None)


def unlock(stored: StoredKey, passphrase: str) -> SigningKey:
    if stored.revoked_at or not stored.sealed_seed:
        raise KeyRefused(_("this key was revoked on {date} and cannot sign").format(date=stored.revoked_at or "?"),
                         file=str(stored.path) if stored.path else None)
    kdf = stored.kdf
    key = _derive(passphrase, base64.b64decode(kdf["salt"]), kdf["n"], kdf["r"], kdf["p"])
    try:
        seed = AESGCM(key).decrypt(stored.nonce, stored.sealed_seed,
                                   _associated_data(stored.public, kdf, stored.revoked_at))
    except InvalidTag as exc:
        raise KeyRefused(_("wrong passphrase, or the key file was altered"),
                         file=str(stored.path) if stored.path else None) from exc
    return SigningKey(public=stored.public, _seed=seed)


# --- the user's key folder --------------------------------------------------------


def _key_path(key_id: str, folder: Path | None) -> Path:
    return (folder or keys_dir()) / f"{key_id}.key.json"


def save_key(stored: StoredKey, folder: Path | None = None) -> Path:
    path = _key_path(stored.key_id, folder)
    write_json_atomic(path, stored.to_dict(), private=True)
    return path


def read_stored_key(path: Path) -> StoredKey:
    return stored_key_from_dict(read_json_file(path), file=str(path))


def list_keys(folder: Path | None = None) -> list[StoredKey]:
    folder = folder or keys_dir()
    if not folder.is_dir():
        return []
    return sorted((read_stored_key(p) for p in folder.glob("*.key.json")),
                  key=lambda k: (k.public.owner_kind, k.public.owner_id, k.public.created_at))


def find_key(ref: str, folder: Path | None = None) -> StoredKey:
    """A key by id (or unique id prefix), or by owner id when that owner has one live key."""
    keys = list_keys(folder)
    hits = [k for k in keys if k.key_id == ref] or [k for k in keys if k.key_id.startswith(ref.lower())]
    if not hits:
        hits = [k for k in keys if k.public.owner_id == ref and not k.revoked_at]
    if len(hits) != 1:

        msg = _("no such key") if not hits else _("more than one key matches; give the key id")
        raise NotFound(msg, place=ref)
    return hits[0]


def import_key(path: Path, folder: Path | None = None) -> StoredKey:
    """Takes in a private-key file exported on another machine (still encrypted)."""
    stored = read_stored_key(path)
    target = _key_path(stored.key_id, folder)
    if not target.exists():
        save_key(stored, folder)
    return replace(stored, path=target)


def revoke_key(ref: str, folder: Path | None = None, *, when: str | None = None) -> StoredKey:
    stored = find_key(ref, folder)
    if stored.revoked_at:
        return stored
    # The seal goes with the revocation: a revoked key file holds no seed to bring back.
    updated = replace(stored, revoked_at=when or utc_now_text(), kdf={}, nonce=b"", sealed_seed=b"")
    save_key(updated, folder)
    return updated


def read_passphrase(passphrase_file: str | None, *, prompt: bool = False, confirm: bool = False) -> str:
    """From --passphrase-file, else OCOP_DESK_PASSPHRASE; prompts only when asked to."""
    if passphrase_file:
        try:
            text = Path(passphrase_file).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise KeyRefused(_("cannot read the passphrase file"), file=passphrase_file) from exc
        return text.rstrip("\r\n")
    env = os.environ.get(ENV_PASSPHRASE)
    if env:
        return env
    if prompt:

        first = getpass.getpass(_("Passphrase: "))
        if confirm and getpass.getpass(_("Passphrase again: ")) != first:
            raise KeyRefused(_("the two passphrases differ"))
        return first
    raise KeyRefused(_("a passphrase is needed: use --passphrase-file or OCOP_DESK_PASSPHRASE"))
