"""Every byte of a bundle is covered by its signatures or refused; manifests are canonical; the
central directory is held against the limits before it is parsed (issue 9, sections 1 and 3)."""

from __future__ import annotations

import base64
import json
import struct
import zipfile
from pathlib import Path

import pytest

from bundle_helpers import council, english_messages, trust_store  # noqa: F401  (fixtures)
from bundle_helpers import Party, write_sample
from ocop_desk.bundles import envelope
from ocop_desk.bundles.envelope import build_manifest, read_envelope, read_envelope_bytes
from ocop_desk.bundles.errors import BundleMalformed
from ocop_desk.bundles.verify import verify_bundle


@pytest.fixture
def good(tmp_path: Path, council: Party) -> Path:
    path = tmp_path / "ket-qua.ocop"
    write_sample(path, council)
    return path


def _eocd(data: bytes) -> tuple[int, int, int]:
    count, cd_size, cd_offset = struct.unpack("<H2L", data[-12:-2])
    return count, cd_size, cd_offset


def test_data_after_the_end_of_the_archive_is_refused(good: Path, trust_store) -> None:
    data = good.read_bytes()
    verify_bundle(good, trust_store)  # the file as written is fine
    for tail in (b"\x00", b"unsigned words", data[:200]):
        with pytest.raises(BundleMalformed, match="after the end of the archive"):
            read_envelope_bytes(data + tail, file="x.ocop")


def test_an_archive_comment_is_refused(good: Path) -> None:
    data = good.read_bytes()
    commented = data[:-2] + struct.pack("<H", 5) + b"hello"
    with pytest.raises(BundleMalformed, match="after the end of the archive"):
        read_envelope_bytes(commented, file="x.ocop")


def _local_entry(name: str, content: bytes) -> bytes:
    import zlib

    raw = name.encode()
    return (b"PK\x03\x04" + struct.pack("<5H3L2H", 20, 0, 0, 0, 0x21, zlib.crc32(content), len(content),
                                       len(content), len(raw), 0) + raw + content)


def test_a_local_entry_the_central_directory_does_not_list_is_refused(good: Path) -> None:
    data = good.read_bytes()
    count, cd_size, cd_offset = _eocd(data)
    hidden = _local_entry("payload/hidden.txt", b"not signed")
    # between the last entry and the central directory, the directory's offset moved to match
    moved = data[:cd_offset] + hidden + data[cd_offset:-6] + struct.pack("<LH", cd_offset + len(hidden), 0)
    assert zipfile.ZipFile(__import__("io").BytesIO(moved)).namelist() == zipfile.ZipFile(good).namelist()
    with pytest.raises(BundleMalformed, match="does not list"):
        read_envelope_bytes(moved, file="x.ocop")
    # before the first entry, the offsets left as they were (readers treat it as a prefix)
    with pytest.raises(BundleMalformed):
        read_envelope_bytes(hidden + data, file="x.ocop")


def _central_record(name: bytes, offset: int = 0) -> bytes:
    return (b"PK\x01\x02" + struct.pack("<6H3L5H2L", 20, 20, 0, 0, 0, 0x21, 0, 0, 0, len(name), 0, 0, 0, 0,
                                        0, offset) + name)


def _never_parse(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_a, **_k):  # type: ignore[no-untyped-def]
        raise AssertionError("the central directory was parsed before the limits were checked")

    monkeypatch.setattr(envelope.zipfile, "ZipFile", refuse)


def test_a_million_entries_are_refused_before_the_directory_is_parsed(monkeypatch: pytest.MonkeyPatch) -> None:
    first = _local_entry("manifest.json", b"{}")
    record = _central_record(b"payload/x")
    n = 1_000_000
    directory = record * n
    offset = len(first)
    # ZIP64: a million entries do not fit the classic 16-bit count
    zip64_end = b"PK\x06\x06" + struct.pack("<QHH2L4Q", 44, 45, 45, 0, 0, n, n, len(directory), offset)
    locator = b"PK\x06\x07" + struct.pack("<LQL", 0, offset + len(directory), 1)
    classic = b"PK\x05\x06" + struct.pack("<4H2LH", 0, 0, 0xFFFF, 0xFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 0)
    _never_parse(monkeypatch)
    with pytest.raises(BundleMalformed, match="ZIP64"):
        read_envelope_bytes(first + directory + zip64_end + locator + classic, file="million.ocop")
    # an end record that under-counts a huge directory
    lying = b"PK\x05\x06" + struct.pack("<4H2LH", 0, 0, 10, 10, len(directory), offset, 0)
    with pytest.raises(BundleMalformed, match="larger than its entries"):
        read_envelope_bytes(first + directory + lying, file="lying.ocop")
    # an end record that counts more entries than the limit
    many = 60_000
    counted = b"PK\x05\x06" + struct.pack("<4H2LH", 0, 0, many, many, len(record) * many, offset, 0)
    with pytest.raises(BundleMalformed, match="too many entries"):
        read_envelope_bytes(first + record * many + counted, file="many.ocop")


def _write_raw(path: Path, party: Party, manifest_bytes: bytes, payload: dict[str, bytes]) -> Path:
    sig = base64.b64encode(party.signer.sign(manifest_bytes)).decode()
    sigs = ('{"format":"ocop-desk-envelope-signatures","signatures":[{"algorithm":"Ed25519","key_id":"%s",'
            '"signature":"%s"}]}' % (party.signer.key_id, sig)).encode()
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_STORED) as zf:
        zf.writestr("manifest.json", manifest_bytes)
        zf.writestr("signatures.json", sigs)
        for name, data in sorted(payload.items()):
            zf.writestr("payload/" + name, data)
    return path


def _manifest(party: Party, payload: dict[str, bytes], **kw) -> dict:
    return build_manifest("session-results", envelope.Issuer(party.stored.public.admin_unit,
                                                              party.stored.public.owner_id, party.signer.key_id),
                          payload, counts={"products": 1}, **kw)


def _fast(m: dict) -> str:
    return json.dumps(m, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


@pytest.mark.parametrize("edit", [
    lambda t: t.replace('"format_version":1', '"format_version":1.0'),
    lambda t: t.replace('"format_version":1', '"format_version":1e0'),
    lambda t: t.replace('"products":1', '"products":9007199254740993'),
    lambda t: t.replace('"products":1', '"products":-0'),
    lambda t: "{" + t[len('{"audit_head":null,'):-1] + ',"audit_head":null}',  # key order
    lambda t: t.replace(",", ", ", 1),
])
def test_manifest_that_is_not_exactly_rfc8785_is_refused(tmp_path: Path, council: Party, trust_store, edit) -> None:
    payload = {"results.json": b"{}"}
    text = _fast(_manifest(council, payload))
    changed = edit(text)
    assert changed != text
    path = _write_raw(tmp_path / "x.ocop", council, changed.encode(), payload)
    with pytest.raises(BundleMalformed) as ei:
        read_envelope(path)
    assert ei.value.exit_code == 11 and "manifest.json" in ei.value.one_line()
    # the same manifest written canonically is accepted
    verify_bundle(_write_raw(tmp_path / "ok.ocop", council, text.encode(), payload), trust_store)


@pytest.mark.parametrize("when", ["2026-02-30T08:00:00Z", "2026-13-01T08:00:00Z", "2026-01-01T24:00:00Z",
                                  "2026-01-01T08:60:00Z", "0000-01-01T00:00:00Z"])
def test_impossible_timestamps_are_refused(tmp_path: Path, council: Party, when: str) -> None:
    payload = {"results.json": b"{}"}
    m = _manifest(council, payload)
    m["created_at"] = when
    path = _write_raw(tmp_path / "t.ocop", council, envelope.canonical_json(m), payload)
    with pytest.raises(BundleMalformed) as ei:
        read_envelope(path)
    assert "created_at" in ei.value.one_line()


def test_signatures_file_with_extra_bytes_is_refused(good: Path) -> None:
    with zipfile.ZipFile(good) as zf:
        items = [(i.filename, zf.read(i)) for i in zf.infolist()]
    out = good.with_name("padded.ocop")
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_STORED) as zf:
        for name, data in items:
            zf.writestr(name, data + b" " if name == "signatures.json" else data)
    with pytest.raises(BundleMalformed, match="canonical"):
        read_envelope(out)


def _rewrite(good: Path, change) -> Path:  # type: ignore[no-untyped-def]
    out = good.with_name("changed.ocop")
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(out, "w", compression=zipfile.ZIP_STORED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename.startswith("payload/"):
                change(info)
            dst.writestr(info, data)
    return out


@pytest.mark.parametrize("change", [
    lambda i: setattr(i, "comment", b"words no one signed"),
    lambda i: setattr(i, "extra", struct.pack("<2H", 0xCAFE, 5) + b"hello"),
    lambda i: setattr(i, "extra", struct.pack("<2H", 0x5455, 200) + bytes(200)),
])
def test_entry_comments_and_free_form_extra_fields_are_refused(good: Path, trust_store, change) -> None:
    verify_bundle(_rewrite(good, lambda i: None), trust_store)  # rewriting alone keeps it valid
    with pytest.raises(BundleMalformed, match="comments and unknown extra fields"):
        read_envelope(_rewrite(good, change))


def test_local_header_that_disagrees_with_the_central_directory_is_refused(good: Path) -> None:
    data = bytearray(good.read_bytes())
    with zipfile.ZipFile(good) as zf:
        info = next(i for i in zf.infolist() if i.filename.startswith("payload/"))
    struct.pack_into("<L", data, info.header_offset + 14, info.CRC ^ 1)  # the local CRC only
    with pytest.raises(BundleMalformed, match="differently"):
        read_envelope_bytes(bytes(data), file="x.ocop")
