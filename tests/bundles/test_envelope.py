"""The envelope reader/writer, and each hostile or broken input it must refuse."""

from __future__ import annotations

import base64
import json
import stat
import zipfile
from pathlib import Path

import pytest

from bundle_helpers import council, english_messages, trust_store  # noqa: F401  (fixtures)
from bundle_helpers import PASS, Party, make_party, write_sample
from ocop_desk.bundles import envelope, trust
from ocop_desk.bundles.envelope import Limits, read_envelope
from ocop_desk.bundles.errors import BundleMalformed, BundleTampered, UntrustedSigner
from ocop_desk.bundles.verify import verify_bundle
from ocop_desk.canonical import canonical_json


def entries(path: Path) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(path) as zf:
        return [(i.filename, zf.read(i)) for i in zf.infolist()]


def rezip(path: Path, items: list[tuple[str | zipfile.ZipInfo, bytes]], compression: int = zipfile.ZIP_DEFLATED) -> Path:
    import warnings

    out = path.with_name("evil-" + path.name)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # duplicate names are the point of some tests
        with zipfile.ZipFile(out, "w", compression=compression) as zf:
            for name, data in items:
                zf.writestr(name, data)
    return out


def resign(party: Party, manifest: dict) -> tuple[bytes, bytes]:
    mb = canonical_json(manifest)
    sig = {"format": "ocop-desk-envelope-signatures", "signatures": [
        {"key_id": party.signer.key_id, "algorithm": "Ed25519",
         "signature": base64.b64encode(party.signer.sign(mb)).decode()}]}
    return mb, canonical_json(sig)


@pytest.fixture
def good(tmp_path: Path, council: Party) -> Path:
    path = tmp_path / "ket-qua.ocop"
    write_sample(path, council)
    return path


def test_round_trip_verifies(good: Path, trust_store: trust.TrustStore, council: Party) -> None:
    v = verify_bundle(good, trust_store)
    env = v.envelope
    assert env.kind == "session-results"
    assert env.issuer.key_id == council.signer.key_id
    assert env.json_payload("results.json") == {"điểm": 72}
    assert env.payload_bytes("minutes.pdf") == b"%PDF-1.4 fake"
    assert v.issuer_key.fingerprint == council.stored.public.fingerprint
    assert env.manifest["counts"] == {"products": 1}


def test_writer_output_is_deterministic_for_same_manifest(tmp_path: Path, council: Party) -> None:
    fixed = dict(envelope_id="3f2b8c1e-1a2b-4c3d-8e4f-5a6b7c8d9e0f", created_at="2026-09-30T08:00:00Z")
    write_sample(tmp_path / "a", council, **fixed)
    write_sample(tmp_path / "b", council, **fixed)
    assert (tmp_path / "a").read_bytes() == (tmp_path / "b").read_bytes()


@pytest.mark.parametrize("name", ["../evil.txt", "payload/../../evil", "/etc/passwd", "C:/x.txt", "c:x",
                                  "payload\\..\\evil", "payload/./x", "payload//x", "payload/dir/",
                                  "payload/nul", "payload/a\x01b", "payload/x."])
def test_escaping_or_odd_names_refused(good: Path, name: str) -> None:
    bad = rezip(good, entries(good) + [(name, b"x")])
    with pytest.raises(BundleMalformed) as ei:
        read_envelope(bad)
    assert ei.value.file == str(bad) and ei.value.place


def test_symlink_entry_refused(good: Path) -> None:
    info = zipfile.ZipInfo("payload/link")
    info.create_system = 3
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    bad = rezip(good, entries(good) + [(info, b"/etc/passwd")])
    with pytest.raises(BundleMalformed, match="symbolic link"):
        read_envelope(bad)


def test_duplicate_entries_refused(good: Path) -> None:
    items = entries(good)
    bad = rezip(good, items + [items[-1]])
    with pytest.raises(BundleMalformed, match="duplicate"):
        read_envelope(bad)
    bad2 = rezip(good, items + [(items[-1][0].upper().replace("PAYLOAD", "payload"), b"y")])
    with pytest.raises(BundleMalformed, match="duplicate"):
        read_envelope(bad2)


def test_zip_bomb_ratio_refused(tmp_path: Path, council: Party, trust_store: trust.TrustStore) -> None:
    bomb = {"results.json": b"0" * (30 << 20)}
    plain = tmp_path / "plain.ocop"
    write_sample(plain, council, payload=bomb)
    path = rezip(plain, entries(plain))  # deflated: 30 MiB of zeros shrink ~1000x
    assert path.stat().st_size < 100_000
    with pytest.raises(BundleMalformed, match="zip bomb"):
        read_envelope(path)
    # the same file with generous limits is fine: the refusal came from the limit
    assert read_envelope(path, limits=Limits(max_ratio=100_000)).payload["results.json"][:1] == b"0"


def test_zip_bomb_size_limits(good: Path) -> None:
    with pytest.raises(BundleMalformed, match="zip bomb"):
        read_envelope(good, limits=Limits(max_total_bytes=100))
    with pytest.raises(BundleMalformed, match="too many"):
        read_envelope(good, limits=Limits(max_entries=2))


def test_lying_declared_size_cannot_exceed_limits(good: Path) -> None:
    data = bytearray(good.read_bytes())
    # shrink every declared uncompressed size of the payload to 1 in the central directory
    with zipfile.ZipFile(good) as zf:
        infos = zf.infolist()
    cd = data.rfind(b"PK\x05\x06")
    pos = data.find(b"PK\x01\x02")
    while 0 <= pos < cd:
        data[pos + 24:pos + 28] = (1).to_bytes(4, "little")
        nlen = int.from_bytes(data[pos + 28:pos + 30], "little")
        elen = int.from_bytes(data[pos + 30:pos + 32], "little")
        clen = int.from_bytes(data[pos + 32:pos + 34], "little")
        pos += 46 + nlen + elen + clen
    bad = good.with_name("lying.ocop")
    bad.write_bytes(bytes(data))
    with pytest.raises((BundleMalformed, BundleTampered)):
        read_envelope(bad)
    assert infos


@pytest.mark.parametrize("cut", [10, 100, 0.5, -30, -1])
def test_truncated_zip_refused(good: Path, cut: float) -> None:
    data = good.read_bytes()
    n = int(len(data) * cut) if isinstance(cut, float) else cut
    bad = good.with_name("cut.ocop")
    bad.write_bytes(data[:n])
    with pytest.raises(BundleMalformed) as ei:
        read_envelope(bad)
    assert str(bad) in ei.value.one_line()


def test_not_a_zip_and_missing_file(tmp_path: Path) -> None:
    p = tmp_path / "x.ocop"
    p.write_text("xin chào", encoding="utf-8")
    with pytest.raises(BundleMalformed, match="not a zip"):
        read_envelope(p)
    with pytest.raises(BundleMalformed, match="cannot read"):
        read_envelope(tmp_path / "absent.ocop")


@pytest.mark.parametrize("change", ["drop", "extra", "kind", "uuid", "version", "hash", "size", "issuer_extra"])
def test_manifest_field_errors_refused(good: Path, council: Party, change: str) -> None:
    items = dict(entries(good))
    m = json.loads(items["manifest.json"])
    if change == "drop":
        del m["supersedes"]
    elif change == "extra":
        m["note"] = "thêm"
    elif change == "kind":
        m["kind"] = "other"
    elif change == "uuid":
        m["envelope_id"] = "not-a-uuid"
    elif change == "version":
        m["format_version"] = 2
    elif change == "hash":
        m["criteria_sets"] = ["zz"]
    elif change == "size":
        m["payload"][0]["size"] = -1
    elif change == "issuer_extra":
        m["issuer"]["name"] = "x"
    items["manifest.json"], items["signatures.json"] = resign(council, m)
    bad = rezip(good, list(items.items()))
    with pytest.raises(BundleMalformed) as ei:
        read_envelope(bad)
    assert ei.value.place == "manifest.json" and ei.value.problems


def test_non_canonical_manifest_refused(good: Path) -> None:
    items = dict(entries(good))
    items["manifest.json"] = json.dumps(json.loads(items["manifest.json"]), indent=1).encode()
    with pytest.raises(BundleMalformed, match="canonical"):
        read_envelope(rezip(good, list(items.items())))


def test_payload_hash_mismatch_is_tampering(good: Path) -> None:
    items = dict(entries(good))
    items["payload/results.json"] = "{\"điểm\": 92}".encode()
    with pytest.raises(BundleTampered, match="SHA-256") as ei:
        read_envelope(rezip(good, list(items.items())))
    assert ei.value.place == "payload/results.json"
    assert ei.value.exit_code == 12


def test_payload_added_or_removed_is_tampering(good: Path) -> None:
    items = entries(good)
    with pytest.raises(BundleTampered, match="not in the signed manifest"):
        read_envelope(rezip(good, items + [("payload/extra.json", b"{}")]))
    with pytest.raises(BundleTampered, match="missing"):
        read_envelope(rezip(good, [i for i in items if i[0] != "payload/minutes.pdf"]))


def test_signature_over_other_bytes(good: Path, council: Party, trust_store: trust.TrustStore) -> None:
    items = dict(entries(good))
    m = json.loads(items["manifest.json"])
    _mb, sig = resign(council, {**m, "supersedes": None, "counts": {"products": 99}})
    items["signatures.json"] = sig
    with pytest.raises(BundleTampered, match="signature") as ei:
        verify_bundle(rezip(good, list(items.items())), trust_store)
    assert ei.value.exit_code == 12


def test_manifest_edited_after_signing(good: Path, trust_store: trust.TrustStore) -> None:
    items = dict(entries(good))
    m = json.loads(items["manifest.json"])
    m["counts"] = {"products": 50}
    items["manifest.json"] = canonical_json(m)
    with pytest.raises(BundleTampered):
        verify_bundle(rezip(good, list(items.items())), trust_store)


def test_unknown_signer(good: Path, tmp_path: Path) -> None:
    with pytest.raises(UntrustedSigner, match="not in the trust store") as ei:
        verify_bundle(good, tmp_path / "empty-trust.json")
    assert ei.value.exit_code == 13


def test_revoked_signer(good: Path, trust_store: trust.TrustStore, council: Party) -> None:
    store, _ = trust.revoke(trust_store, council.signer.key_id)
    with pytest.raises(UntrustedSigner, match="revoked"):
        verify_bundle(good, store)


def test_results_signed_by_member_key_refused(tmp_path: Path) -> None:
    member = make_party("member", "TV-01")
    path = tmp_path / "m.ocop"
    write_sample(path, member)
    store = trust.load_trust(tmp_path / "t.json")
    store, _ = trust.add_key(store, member.stored.public)
    with pytest.raises(UntrustedSigner, match="council key"):
        verify_bundle(path, store)


def test_vietnamese_payload_names_and_content_survive(tmp_path: Path, council: Party,
                                                      trust_store: trust.TrustStore) -> None:
    payload = {"minh-chứng/Giấy chứng nhận ATTP.pdf": "Hợp tác xã Nông sản Ba Bể".encode()}
    path = tmp_path / "hồ sơ.ocop"
    write_sample(path, council, payload=payload, kind="dossier-package")
    env = verify_bundle(path, trust_store).envelope
    assert env.payload == payload


def test_inspect_bundle_gives_a_verdict_instead_of_raising(good: Path, trust_store: trust.TrustStore,
                                                          tmp_path: Path, council: Party) -> None:
    from ocop_desk.bundles.verify import inspect_bundle

    v = inspect_bundle(good, trust_store)
    assert v.ok and v.verdict == "valid" and v.signers[0].fingerprint == council.stored.public.fingerprint
    assert v.issuer is not None and v.issuer.council == council.stored.public.owner_id
    unknown = inspect_bundle(good, tmp_path / "none.json")
    assert (unknown.verdict, unknown.exit_code) == ("untrusted", 13) and unknown.signers[0].fingerprint is None
    assert unknown.kind == "session-results"
    junk = tmp_path / "junk.ocop"
    junk.write_bytes(b"\x00" * 10)
    bad = inspect_bundle(junk, trust_store)
    assert (bad.verdict, bad.exit_code, bad.kind) == ("malformed", 11, None) and str(junk) in (bad.message or "")
    items = dict(entries(good))
    items["payload/minutes.pdf"] = b"%PDF-1.4 other"
    t = inspect_bundle(rezip(good, list(items.items())), trust_store)
    assert (t.verdict, t.exit_code) == ("tampered", 12)
