"""The signed envelope: one zip format for every hop (docs/bundle-format.md).

The reader treats every file as hostile.  It never extracts to disk; it
looks at the central directory before reading a byte of content, refuses
names that could escape a folder or collide on another file system, refuses
anything that is not a plain file, and streams each entry against hard size
and ratio limits, so a crafted zip can cost at most the limits in memory and
time.  Every refusal is a `BundleRejected` subclass naming the file and the
entry; nothing else escapes (tests/bundles/test_envelope_fuzz.py).
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import io
import json
import os
import re
import stat
import struct
import unicodedata
import uuid
import zipfile
import zlib
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, Mapping

from ocop_desk import __version__
from ocop_desk.bundles.errors import BundleMalformed, BundleTampered
from ocop_desk.bundles.keys import SigningKey, utc_now_text
from ocop_desk.canonical import canonical_json
from ocop_desk.errors import Problem
from ocop_desk.i18n import _
from ocop_desk.vocabulary import kind_name

FORMAT = "ocop-desk-envelope"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
SIGNATURES = "signatures.json"
PAYLOAD_DIR = "payload/"
KINDS = ("dossier-package", "member-scorecards", "session-results")

MANIFEST_FIELDS = frozenset({"format", "format_version", "envelope_id", "kind", "issuer", "created_at",
                             "software", "supersedes", "criteria_sets", "counts", "payload", "audit_head"})
# Bundles written by ocop-desk 0.1.0 have no audit anchor; they still read (signed as they are).
OPTIONAL_MANIFEST_FIELDS = frozenset({"audit_head"})
AUDIT_HEAD_FIELDS = frozenset({"seq", "hash"})
ISSUER_FIELDS = frozenset({"admin_unit", "council", "key_id"})
PAYLOAD_FIELDS = frozenset({"path", "sha256", "size"})
SIGNATURE_FIELDS = frozenset({"key_id", "algorithm", "signature"})

_HEX64 = re.compile(r"^[0-9a-f]{64}$")
_KEY_ID = re.compile(r"^[0-9a-f]{32}$")
_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")
_TIMESTAMP = re.compile(r"^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})Z$")
_COUNT_NAME = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
# RFC 8785 numbers are IEEE doubles: beyond 2**53 a whole number is no longer exact.
MAX_EXACT_INT = 2 ** 53 - 1
# An entry's central-directory record: 46 fixed bytes, a name of at most 512 characters (2,048
# bytes of UTF-8), and at most 1 KiB of extra field and comment.
_MAX_CD_RECORD = 46 + 2048 + 1024
_EOCD = b"PK\x05\x06"
_EOCD_SIZE = 22
_SAFE_SEGMENT = re.compile(r"^[^\x00-\x1f\x7f/\\:*?\"<>|]+$")
_WINDOWS_RESERVED = re.compile(r"^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$", re.I)
_CHUNK = 64 * 1024


@dataclass(frozen=True)
class Limits:
    """What a reader accepts before it refuses a file as a zip bomb or junk."""

    max_file_bytes: int = 1 << 30
    max_entries: int = 50_000
    max_entry_bytes: int = 256 << 20
    max_total_bytes: int = 1 << 30
    max_ratio: int = 200
    max_manifest_bytes: int = 32 << 20


DEFAULT_LIMITS = Limits()


@dataclass(frozen=True)
class Issuer:
    admin_unit: str
    council: str
    key_id: str

    def to_dict(self) -> dict[str, str]:
        return {"admin_unit": self.admin_unit, "council": self.council, "key_id": self.key_id}


@dataclass(frozen=True)
class Signature:
    key_id: str
    signature: bytes


@dataclass(frozen=True)
class Envelope:
    """An envelope whose structure and payload hashes check out; signatures not yet judged."""

    file: str
    manifest: Mapping[str, Any]
    manifest_bytes: bytes
    signatures: tuple[Signature, ...]
    # Stored entries are zero-copy views into the file's bytes (hashing dominates verification).
    payload: Mapping[str, bytes | memoryview] = field(repr=False)
    data: bytes = field(repr=False)  # the whole file as read and checked: what a receiver keeps and hashes

    @cached_property
    def sha256(self) -> str:
        """The file's SHA-256, of exactly the bytes that were checked (never a second read of the file)."""
        return hashlib.sha256(self.data).hexdigest()

    def payload_bytes(self, path: str) -> bytes:
        return bytes(self.payload[path])

    @property
    def envelope_id(self) -> str:
        return self.manifest["envelope_id"]

    @property
    def kind(self) -> str:
        return self.manifest["kind"]

    @property
    def issuer(self) -> Issuer:
        i = self.manifest["issuer"]
        return Issuer(admin_unit=i["admin_unit"], council=i["council"], key_id=i["key_id"])

    @property
    def supersedes(self) -> str | None:
        return self.manifest["supersedes"]

    @property
    def created_at(self) -> str:
        return self.manifest["created_at"]

    @property
    def audit_head(self) -> Mapping[str, Any] | None:
        return self.manifest.get("audit_head")

    def require_kind(self, kind: str) -> None:
        """Refuses, naming both kinds, an envelope that is not of the kind its reader parses."""
        if self.kind != kind:
            raise BundleMalformed(_("this is a bundle of {found}, not of {expected}").format(
                found=kind_name(self.kind), expected=kind_name(kind)), file=self.file, place=MANIFEST)

    def json_payload(self, path: str) -> Any:
        """A JSON payload file, parsed strictly (duplicate keys and NaN refused)."""
        raw = self.payload.get(path)
        if raw is None:
            raise BundleMalformed(_("a payload file is missing"), file=self.file, place=path)
        return strict_json(bytes(raw), file=self.file, place=path)


# --- writing ---------------------------------------------------------------------------


def software_version() -> str:
    return f"ocop-desk {__version__}"


def build_manifest(kind: str, issuer: Issuer, payload: Mapping[str, bytes], *,
                   criteria_sets: list[str] | tuple[str, ...] = (), counts: Mapping[str, int] | None = None,
                   supersedes: str | None = None, envelope_id: str | None = None,
                   created_at: str | None = None, audit_head: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """`audit_head`: {"seq", "hash"} of the sender's audit chain when it wrote the bundle (results)."""
    if kind not in KINDS:
        raise ValueError(f"unknown envelope kind {kind!r}")
    for name in payload:
        check_entry_name(PAYLOAD_DIR + name, file="<writer>")
    return {
        "format": FORMAT, "format_version": FORMAT_VERSION,
        "envelope_id": envelope_id or str(uuid.uuid4()), "kind": kind, "issuer": issuer.to_dict(),
        "created_at": created_at or utc_now_text(), "software": software_version(),
        "supersedes": supersedes, "criteria_sets": sorted(set(criteria_sets)),
        "counts": dict(sorted((counts or {}).items())),
        "audit_head": None if audit_head is None else {"seq": int(audit_head["seq"]), "hash": str(audit_head["hash"])},
        "payload": [{"path": name, "sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}
                    for name, data in sorted(payload.items())],
    }


def write_envelope(out: Path, manifest: Mapping[str, Any], payload: Mapping[str, bytes],
                   signers: list[SigningKey] | tuple[SigningKey, ...]) -> bytes:
    """Signs the manifest with every signer and writes the zip atomically; returns the manifest bytes."""
    if not signers:
        raise ValueError("an envelope needs at least one signer")
    manifest_bytes = canonical_json(manifest)
    signatures = _signatures_doc(tuple(Signature(k.key_id, k.sign(manifest_bytes)) for k in signers))
    stamp = _zip_time(manifest.get("created_at", ""))
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".part")
    try:
        with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_STORED) as zf:
            _put(zf, MANIFEST, manifest_bytes, stamp)
            _put(zf, SIGNATURES, canonical_json(signatures), stamp)
            for name, data in sorted(payload.items()):
                _put(zf, PAYLOAD_DIR + name, data, stamp)
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, out)
    finally:
        tmp.unlink(missing_ok=True)
    return manifest_bytes


def _signatures_doc(signatures: tuple[Signature, ...]) -> dict[str, Any]:
    return {"format": FORMAT + "-signatures", "signatures": [
        {"key_id": s.key_id, "algorithm": "Ed25519", "signature": base64.b64encode(s.signature).decode("ascii")}
        for s in signatures]}


def _zip_time(created_at: str) -> tuple[int, int, int, int, int, int]:
    if _TIMESTAMP.match(created_at or ""):
        d, t = created_at[:-1].split("T")
        y, mo, dd = (int(x) for x in d.split("-"))
        h, mi, s = (int(x) for x in t.split(":"))
        if y >= 1980:
            return (y, mo, dd, h, mi, s)
    return (1980, 1, 1, 0, 0, 0)


def _put(zf: zipfile.ZipFile, name: str, data: bytes, stamp: tuple[int, int, int, int, int, int]) -> None:
    info = zipfile.ZipInfo(name, date_time=stamp)
    # Stored, not deflated: inflating cost more than hashing and signing together, and the
    # verification budget is 2x raw SHA-256 + Ed25519; a 100-product session is ~0.7 MB.
    info.compress_type = zipfile.ZIP_STORED
    info.external_attr = (stat.S_IFREG | 0o644) << 16
    zf.writestr(info, data)


# --- reading --------------------------------------------------------------------------------


def check_entry_name(name: str, *, file: str) -> None:
    """Refuses any name that could land outside the folder it is read into, on any OS."""
    bad = None
    if not name or len(name) > 512:
        bad = _("empty or overlong entry name")
    elif "\\" in name:
        bad = _("backslash in an entry name")
    elif name.startswith("/"):
        bad = _("absolute path in an entry name")
    elif re.match(r"^[A-Za-z]:", name):
        bad = _("drive letter in an entry name")
    elif name.endswith("/"):
        bad = _("folder entries are not allowed")
    else:
        for seg in name.split("/"):
            if seg in ("", ".", ".."):
                bad = _("path escapes the bundle folder")
                break
            if not _SAFE_SEGMENT.match(seg) or seg != seg.strip() or seg.endswith(".") \
                    or _WINDOWS_RESERVED.match(seg):
                bad = _("unsafe character or name in an entry name")
                break
    if bad:
        raise BundleMalformed(bad, file=file, place=_printable(name))


def _printable(name: str) -> str:
    return name.encode("unicode_escape").decode("ascii")[:200]


def _dup_key(name: str) -> str:
    # Two names that become one file on a case-insensitive or normalising FS.
    return unicodedata.normalize("NFC", name).casefold()


def timestamp_value(text: Any) -> dt.datetime | None:
    """A `YYYY-MM-DDTHH:MM:SSZ` text as an aware datetime, or None when it is not one or is impossible."""
    m = _TIMESTAMP.match(text) if isinstance(text, str) else None
    if m is None:
        return None
    try:
        year, month, day, hour, minute, second = (int(g) for g in m.groups())
        return dt.datetime(year, month, day, hour, minute, second, tzinfo=dt.timezone.utc)
    except ValueError:  # 30 February, hour 24, year 0
        return None


def strict_json(raw: bytes, *, file: str, place: str, whole_numbers: bool = False) -> Any:
    """Strict JSON; with `whole_numbers` (signed documents) only exact whole numbers are allowed,
    since 1.0, 1e0 and 2**53 + 1 have no single RFC 8785 form that reads back as written."""
    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for k, v in items:
            if k in out:
                raise BundleMalformed(_("duplicate key {key} in JSON").format(key=k), file=file, place=place)
            out[k] = v
        return out

    def no_constant(name: str) -> Any:
        raise BundleMalformed(_("non-finite number in JSON"), file=file, place=place)

    def no_fraction(text: str) -> Any:
        raise BundleMalformed(_("a number that is not a whole number ({number})").format(number=text[:40]),
                              file=file, place=place)

    def exact_int(text: str) -> int:
        if len(text) > 17 or abs(int(text)) > MAX_EXACT_INT:
            raise BundleMalformed(_("a whole number beyond 2^53 ({number})").format(number=text[:40]),
                                  file=file, place=place)
        return int(text)

    hooks: dict[str, Any] = {"parse_float": no_fraction, "parse_int": exact_int} if whole_numbers else {}
    try:
        return json.loads(raw.decode("utf-8"), object_pairs_hook=pairs, parse_constant=no_constant, **hooks)
    except BundleMalformed:
        raise
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise BundleMalformed(_("not valid UTF-8 JSON"), file=file, place=place) from exc


def read_envelope(path: Path | str, *, limits: Limits = DEFAULT_LIMITS) -> Envelope:
    """Reads and checks an envelope file (structure, names, sizes, hashes)."""
    path = Path(path)
    file = str(path)
    try:
        size = path.stat().st_size
        if size > limits.max_file_bytes:
            raise BundleMalformed(_("the file is larger than a bundle may be"), file=file)
        with open(path, "rb") as fh:
            # stat's size, not the limit: read(n) allocates n up front
            data = fh.read(min(size, limits.max_file_bytes) + 1)
    except OSError as exc:
        raise BundleMalformed(_("cannot read the file: {reason}").format(reason=exc.strerror or exc), file=file) from exc
    return read_envelope_bytes(data, file=file, limits=limits)


def read_envelope_bytes(data: bytes, *, file: str = "<bytes>", limits: Limits = DEFAULT_LIMITS) -> Envelope:
    if len(data) > limits.max_file_bytes:
        raise BundleMalformed(_("the file is larger than a bundle may be"), file=file)
    try:
        return _read(data, file, limits)
    except BundleMalformed:
        raise
    except BundleTampered:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, OSError, ValueError,
            NotImplementedError, RuntimeError, KeyError, IndexError, OverflowError, TypeError,
            UnicodeError, MemoryError, struct.error) as exc:
        # zipfile reports damage through many exception types; to a user they all mean one thing.
        raise BundleMalformed(_("not a readable bundle (damaged or truncated zip): {reason}").format(
            reason=type(exc).__name__), file=file) from exc


def _read(data: bytes, file: str, limits: Limits) -> Envelope:
    if not data.startswith(b"PK\x03\x04"):
        raise BundleMalformed(_("not a zip file"), file=file)
    count, cd_offset = _check_end_record(data, file, limits)
    zf = zipfile.ZipFile(io.BytesIO(data))
    infos = zf.infolist()
    if len(infos) != count:
        raise BundleMalformed(_("the central directory does not hold the entries its end record counts"),
                              file=file)
    _check_every_byte_listed(data, infos, cd_offset, file)
    seen: dict[str, str] = {}
    declared_total = 0
    for info in infos:
        name = info.filename
        check_entry_name(name, file=file)
        key = _dup_key(name)
        if key in seen:
            raise BundleMalformed(_("duplicate entry"), file=file, place=_printable(name))
        seen[key] = name
        mode = info.external_attr >> 16
        # Unix mode bits are honoured by some extractors whatever create_system says.
        if stat.S_IFMT(mode) not in (0, stat.S_IFREG):
            what = _("a symbolic link") if stat.S_ISLNK(mode) else _("not a plain file")
            raise BundleMalformed(what, file=file, place=_printable(name))
        if info.flag_bits & 0x1:
            raise BundleMalformed(_("encrypted entries are not allowed"), file=file, place=_printable(name))
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise BundleMalformed(_("unsupported compression"), file=file, place=_printable(name))
        if name not in (MANIFEST, SIGNATURES) and not name.startswith(PAYLOAD_DIR):
            raise BundleMalformed(_("unexpected entry"), file=file, place=_printable(name))
        if info.file_size > limits.max_entry_bytes:
            raise BundleMalformed(_("entry too large (possible zip bomb)"), file=file, place=_printable(name))
        declared_total += info.file_size
    if declared_total > limits.max_total_bytes:
        raise BundleMalformed(_("total size too large (possible zip bomb)"), file=file)
    for required in (MANIFEST, SIGNATURES):
        if required not in seen:
            raise BundleMalformed(_("required entry is missing"), file=file, place=required)

    budget = [limits.max_total_bytes]
    manifest_bytes = bytes(_read_entry(zf, data, zf.getinfo(MANIFEST), file, limits, budget,
                                       cap=limits.max_manifest_bytes))
    manifest = strict_json(manifest_bytes, file=file, place=MANIFEST, whole_numbers=True)
    _check_manifest(manifest, file, checked=set(seen.values()))
    if not _is_canonical(manifest, manifest_bytes):
        raise BundleMalformed(_("the manifest is not in canonical form"), file=file, place=MANIFEST)
    signatures_bytes = bytes(_read_entry(zf, data, zf.getinfo(SIGNATURES), file, limits, budget, cap=1 << 20))
    signatures = _read_signatures(signatures_bytes, file)
    # The signatures file is not itself signed, so it may hold nothing but its canonical form.
    # (ASCII only, so sorted compact json.dumps is its RFC 8785 form)
    if json.dumps(_signatures_doc(signatures), sort_keys=True, separators=(",", ":")).encode() != signatures_bytes:
        raise BundleMalformed(_("the signatures file is not in canonical form"), file=file, place=SIGNATURES)

    listed = {p["path"]: p for p in manifest["payload"]}
    present = {n[len(PAYLOAD_DIR):] for n in seen.values() if n.startswith(PAYLOAD_DIR)}
    for extra in sorted(present - set(listed)):
        raise BundleTampered(_("a file is in the bundle but not in the signed manifest"), file=file,
                             place=PAYLOAD_DIR + _printable(extra))
    for missing in sorted(set(listed) - present):
        raise BundleTampered(_("a file named in the manifest is missing"), file=file,
                             place=PAYLOAD_DIR + _printable(missing))
    payload: dict[str, bytes | memoryview] = {}
    for name, entry in sorted(listed.items()):
        info = zf.getinfo(PAYLOAD_DIR + name)
        if info.file_size != entry["size"]:
            raise BundleTampered(_("size differs from the signed manifest"), file=file, place=PAYLOAD_DIR + name)
        content = _read_entry(zf, data, info, file, limits, budget, cap=entry["size"])
        if len(content) != entry["size"] or hashlib.sha256(content).hexdigest() != entry["sha256"]:
            raise BundleTampered(_("content differs from the signed manifest (SHA-256 mismatch)"),
                                 file=file, place=PAYLOAD_DIR + name)
        payload[name] = content
    return Envelope(file=file, manifest=manifest, manifest_bytes=manifest_bytes,
                    signatures=signatures, payload=payload, data=data)


def _check_end_record(data: bytes, file: str, limits: Limits) -> tuple[int, int]:
    """The end-of-central-directory record, held against the limits before anything else is parsed.

    It must be the file's last 22 bytes (no archive comment, nothing appended), on one disk, and
    not ZIP64 (no bundle within the limits needs it).  Returns (entry count, directory offset).
    """
    if len(data) < _EOCD_SIZE + 30 or data[-_EOCD_SIZE:-_EOCD_SIZE + 4] != _EOCD:
        if _EOCD in data[-(_EOCD_SIZE + 0xFFFF):]:
            raise BundleMalformed(_("data after the end of the archive (not covered by the signatures)"), file=file)
        raise BundleMalformed(_("not a readable bundle (damaged or truncated zip): {reason}").format(
            reason="EOCD"), file=file)
    disk, cd_disk, on_disk, count, cd_size, cd_offset, comment = struct.unpack("<4H2LH", data[-_EOCD_SIZE + 4:])
    if comment:
        raise BundleMalformed(_("data after the end of the archive (not covered by the signatures)"), file=file)
    if disk or cd_disk or on_disk != count or count == 0xFFFF or cd_offset == 0xFFFFFFFF \
            or data[-_EOCD_SIZE - 20:-_EOCD_SIZE - 16] == b"PK\x06\x07":
        raise BundleMalformed(_("multi-disk or ZIP64 archives are not bundles"), file=file)
    if count > limits.max_entries:
        raise BundleMalformed(_("too many entries ({n})").format(n=count), file=file)
    if cd_size > count * _MAX_CD_RECORD:
        raise BundleMalformed(_("the central directory is larger than its entries can be"), file=file)
    if cd_offset + cd_size != len(data) - _EOCD_SIZE:
        raise BundleMalformed(_("bytes between the central directory and its end record"), file=file)
    return count, cd_offset


def _check_every_byte_listed(data: bytes, infos: list[zipfile.ZipInfo], cd_offset: int, file: str) -> None:
    """The entries the central directory lists must tile the file from byte 0 to the directory:
    a local entry it does not list, or bytes between entries, would be content no signature covers."""
    at = 0
    for info in sorted(infos, key=lambda i: i.header_offset):
        if info.header_offset != at:
            raise BundleMalformed(_("bytes in the file that the central directory does not list"), file=file,
                                  place=_printable(info.filename))
        if data[at:at + 4] != b"PK\x03\x04" or len(data) < at + 30:
            raise BundleMalformed(_("damaged local header"), file=file, place=_printable(info.filename))
        _v, flags, method, _t, _d, crc, csize, size, name_len, extra_len = struct.unpack_from("<5H3L2H", data, at + 4)
        local = (flags & 0x8, method) if flags & 0x8 else (0, method, crc, csize, size)
        central = ((info.flag_bits & 0x8, info.compress_type) if flags & 0x8 else
                   (info.flag_bits & 0x8, info.compress_type, info.CRC, info.compress_size, info.file_size))
        if local != central:
            raise BundleMalformed(_("local and central headers describe the entry differently"), file=file,
                                  place=_printable(info.filename))
        if info.comment or not _plain_extra(data[at + 30 + name_len:at + 30 + name_len + extra_len]) \
                or not _plain_extra(info.extra):
            # free-form bytes there would travel unsigned
            raise BundleMalformed(_("entry comments and unknown extra fields are not allowed"), file=file,
                                  place=_printable(info.filename))
        at += 30 + name_len + extra_len + info.compress_size
        if info.flag_bits & 0x8:  # a data descriptor follows, with or without its signature
            at += 16 if data[at:at + 4] == b"PK\x07\x08" else 12
    if at != cd_offset:
        raise BundleMalformed(_("bytes in the file that the central directory does not list"), file=file,
                              place=f"offset {at}")


# Extra fields other writers add for times and Unix owners (UT, ux, NTFS), with their sizes bounded.
_PLAIN_EXTRA = {0x5455: 13, 0x7875: 15, 0x000A: 32}


def _plain_extra(extra: bytes) -> bool:
    at = 0
    while at < len(extra):
        if at + 4 > len(extra):
            return False
        tag, size = struct.unpack_from("<2H", extra, at)
        if size > _PLAIN_EXTRA.get(tag, -1) or at + 4 + size > len(extra):
            return False
        at += 4 + size
    return True


def _read_stored(data: bytes, info: zipfile.ZipInfo, file: str, place: str, cap: int,
                 budget: list[int]) -> memoryview:
    # A stored entry is a slice of the file: no inflating and no CRC pass, since the caller
    # checks SHA-256 of what it returns (or parses it as the signed manifest / signatures).
    if info.file_size != info.compress_size:
        raise BundleMalformed(_("stored entry with two different sizes"), file=file, place=place)
    if info.file_size > cap:
        raise BundleMalformed(_("entry larger than allowed (possible zip bomb)"), file=file, place=place)
    at = info.header_offset
    header = data[at:at + 30] if at >= 0 else b""
    if len(header) < 30 or header[:4] != b"PK\x03\x04":
        raise BundleMalformed(_("damaged local header"), file=file, place=place)
    name_len = int.from_bytes(header[26:28], "little")
    extra_len = int.from_bytes(header[28:30], "little")
    local_name = data[at + 30:at + 30 + name_len].decode("utf-8" if info.flag_bits & 0x800 else "cp437")
    if local_name != info.orig_filename:
        raise BundleMalformed(_("local and central names differ"), file=file, place=place)
    start = at + 30 + name_len + extra_len
    content = memoryview(data)[start:start + info.file_size]
    if len(content) != info.file_size:
        raise BundleMalformed(_("entry cut short (truncated zip)"), file=file, place=place)
    budget[0] -= len(content)
    return content


def _is_canonical(manifest: dict[str, Any], raw: bytes) -> bool:
    # A checked manifest holds only strings, exact whole numbers, null, lists and objects whose
    # keys are ASCII (field names and lower-case count names), for which sorted compact
    # json.dumps is byte for byte RFC 8785; on any difference the exact canonicaliser decides.
    fast = json.dumps(manifest, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    return fast == raw or canonical_json(manifest) == raw


def _read_entry(zf: zipfile.ZipFile, data: bytes, info: zipfile.ZipInfo, file: str, limits: Limits,
                budget: list[int], *, cap: int) -> bytes | memoryview:
    """Streams one entry, stopping at the first byte past any limit (declared sizes can lie)."""
    place = _printable(info.filename)
    if info.compress_type == zipfile.ZIP_STORED:
        return _read_stored(data, info, file, place, min(cap, limits.max_entry_bytes, budget[0]), budget)
    ratio_cap = max(info.compress_size * limits.max_ratio, 1 << 20)
    hard_cap = min(cap, limits.max_entry_bytes, budget[0], ratio_cap)
    out = bytearray()
    with zf.open(info) as fh:
        while True:
            chunk = fh.read(min(_CHUNK, hard_cap + 1 - len(out)))
            if not chunk:
                break
            out += chunk
            if len(out) > hard_cap:
                if len(out) > ratio_cap:
                    raise BundleMalformed(_("compression ratio too high (possible zip bomb)"), file=file, place=place)
                raise BundleMalformed(_("entry larger than allowed (possible zip bomb)"), file=file, place=place)
    budget[0] -= len(out)
    return bytes(out)


def _problem(file: str, place: str, message: str) -> BundleMalformed:
    return BundleMalformed(_("the manifest is not valid"), file=file, place=MANIFEST,
                           problems=[Problem(place, message)])


def _check_manifest(m: Any, file: str, checked: set[str] | frozenset[str] = frozenset()) -> None:
    if not isinstance(m, dict):
        raise _problem(file, "", _("must be a JSON object"))
    missing = sorted(MANIFEST_FIELDS - OPTIONAL_MANIFEST_FIELDS - set(m))
    extra = sorted(set(m) - MANIFEST_FIELDS)
    if missing:
        raise _problem(file, missing[0], _("missing field"))
    if extra:
        raise _problem(file, _printable(extra[0]), _("unknown field"))
    if m["format"] != FORMAT:
        raise _problem(file, "format", _("not an ocop-desk envelope"))
    if m["format_version"] != FORMAT_VERSION or isinstance(m["format_version"], bool):
        raise _problem(file, "format_version", _("unsupported format version"))
    if not isinstance(m["envelope_id"], str) or not _UUID.match(m["envelope_id"]):
        raise _problem(file, "envelope_id", _("must be a UUID (version 4, lower case)"))
    if m["kind"] not in KINDS:
        raise _problem(file, "kind", _("unknown kind"))
    issuer = m["issuer"]
    if not isinstance(issuer, dict) or set(issuer) != ISSUER_FIELDS:
        raise _problem(file, "issuer", _("must have exactly admin_unit, council and key_id"))
    if not all(isinstance(issuer[k], str) for k in ISSUER_FIELDS) or not _KEY_ID.match(issuer["key_id"]):
        raise _problem(file, "issuer", _("admin_unit and council must be text, key_id 32 hex digits"))
    if timestamp_value(m["created_at"]) is None:
        raise _problem(file, "created_at", _("must be a real UTC time like 2024-09-30T08:00:00Z"))
    if not isinstance(m["software"], str):
        raise _problem(file, "software", _("must be text"))
    sup = m["supersedes"]
    if sup is not None and (not isinstance(sup, str) or not _UUID.match(sup) or sup == m["envelope_id"]):
        raise _problem(file, "supersedes", _("must be null or the UUID of an earlier envelope"))
    cs = m["criteria_sets"]
    if not isinstance(cs, list) or not all(isinstance(h, str) and _HEX64.match(h) for h in cs) \
            or cs != sorted(set(cs)):
        raise _problem(file, "criteria_sets", _("must be a sorted list of distinct SHA-256 hex digests"))
    counts = m["counts"]
    if not isinstance(counts, dict) or not all(isinstance(v, int) and not isinstance(v, bool) and v >= 0
                                               and _COUNT_NAME.match(k) for k, v in counts.items()):
        raise _problem(file, "counts", _("must map lower-case names to whole numbers"))
    head = m.get("audit_head")
    if head is not None and (not isinstance(head, dict) or set(head) != AUDIT_HEAD_FIELDS
                             or not isinstance(head["seq"], int) or isinstance(head["seq"], bool) or head["seq"] < 0
                             or not isinstance(head["hash"], str) or not _HEX64.match(head["hash"])):
        raise _problem(file, "audit_head", _("must be null or the audit chain's seq and 64-hex hash"))
    payload = m["payload"]
    if not isinstance(payload, list):
        raise _problem(file, "payload", _("must be a list"))
    paths = []
    for i, entry in enumerate(payload):
        place = f"payload[{i}]"
        if not isinstance(entry, dict) or set(entry) != PAYLOAD_FIELDS:
            raise _problem(file, place, _("must have exactly path, sha256 and size"))
        if not isinstance(entry["path"], str) or not isinstance(entry["sha256"], str) \
                or not _HEX64.match(entry["sha256"]) or not isinstance(entry["size"], int) \
                or isinstance(entry["size"], bool) or entry["size"] < 0:
            raise _problem(file, place, _("path must be text, sha256 64 hex digits, size a whole number"))
        if PAYLOAD_DIR + entry["path"] not in checked:
            check_entry_name(PAYLOAD_DIR + entry["path"], file=file)
        paths.append(entry["path"])
    if paths != sorted(paths) or len({_dup_key(p) for p in paths}) != len(paths):
        raise _problem(file, "payload", _("paths must be sorted and distinct"))


def _read_signatures(raw: bytes, file: str) -> tuple[Signature, ...]:
    doc = strict_json(raw, file=file, place=SIGNATURES, whole_numbers=True)
    if not isinstance(doc, dict) or set(doc) != {"format", "signatures"} \
            or doc["format"] != FORMAT + "-signatures" or not isinstance(doc["signatures"], list) \
            or not doc["signatures"] or len(doc["signatures"]) > 64:
        raise BundleMalformed(_("the signatures file is not valid"), file=file, place=SIGNATURES)
    out: list[Signature] = []
    for i, s in enumerate(doc["signatures"]):
        place = f"{SIGNATURES}: signatures[{i}]"
        if not isinstance(s, dict) or set(s) != SIGNATURE_FIELDS or s["algorithm"] != "Ed25519" \
                or not isinstance(s["key_id"], str) or not _KEY_ID.match(s["key_id"]) \
                or not isinstance(s["signature"], str):
            raise BundleMalformed(_("the signatures file is not valid"), file=file, place=place)
        try:
            sig = base64.b64decode(s["signature"], validate=True)
        except ValueError:
            sig = b""
        if len(sig) != 64:
            raise BundleMalformed(_("a signature is not 64 bytes of base64"), file=file, place=place)
        if any(o.key_id == s["key_id"] for o in out):
            raise BundleMalformed(_("two signatures by one key"), file=file, place=place)
        out.append(Signature(key_id=s["key_id"], signature=sig))
    return tuple(out)
