"""Hypothesis: whatever bytes arrive, the reader returns an envelope or refuses clearly."""

from __future__ import annotations

import io
import json
import tempfile
import warnings
import zipfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bundle_helpers import council, english_messages, trust_store  # noqa: F401  (fixtures)
from bundle_helpers import make_party, write_sample
from ocop_desk.bundles.envelope import Limits, read_envelope_bytes
from ocop_desk.bundles.trust import TrustedKey, TrustStore
from ocop_desk.bundles.verify import check_signatures
from ocop_desk.errors import BundleRejected

_PARTY = make_party()
with tempfile.TemporaryDirectory() as _d:
    _p = Path(_d) / "good.ocop"
    write_sample(_p, _PARTY)
    GOOD = _p.read_bytes()
SMALL = Limits(max_entries=50, max_entry_bytes=1 << 16, max_total_bytes=1 << 17, max_ratio=50)
FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


_TRUST = TrustStore(path=Path("trust.json"), keys=(TrustedKey(key=_PARTY.stored.public, added_at="2026-01-01T00:00:00Z"),))


def _only_refusals(data: bytes) -> None:
    try:
        env = read_envelope_bytes(data, file="fuzz.ocop", limits=SMALL)
        check_signatures(env, _TRUST)
    except BundleRejected as exc:
        assert exc.file == "fuzz.ocop"
        assert exc.one_line()
    else:
        assert env.manifest_bytes and env.signatures


@FUZZ
@given(st.binary(max_size=4096))
def test_random_bytes(data: bytes) -> None:
    _only_refusals(data)


@FUZZ
@given(st.lists(st.tuples(st.integers(0, len(GOOD) - 1), st.integers(0, 255)), min_size=1, max_size=8))
def test_byte_flips_of_a_good_envelope(flips: list[tuple[int, int]]) -> None:
    data = bytearray(GOOD)
    for pos, value in flips:
        data[pos] = value
    _only_refusals(bytes(data))


@FUZZ
@given(st.integers(0, len(GOOD)), st.binary(max_size=64))
def test_truncation_and_splices(cut: int, junk: bytes) -> None:
    _only_refusals(GOOD[:cut] + junk + GOOD[cut:][: len(GOOD) // 3])


_names = st.one_of(st.sampled_from(["manifest.json", "signatures.json", "payload/a.json", "../x",
                                    "/abs", "C:/d", "payload/", "payload\\b"]),
                   st.text(min_size=1, max_size=20))


@FUZZ
@given(st.lists(st.tuples(_names, st.binary(max_size=300), st.integers(0, 0xFFFF)), max_size=6),
       st.sampled_from([zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2]))
def test_arbitrary_zips(members: list[tuple[str, bytes, int]], method: int) -> None:
    buf = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with zipfile.ZipFile(buf, "w", compression=method) as zf:
            for name, content, mode in members:
                info = zipfile.ZipInfo(name)
                info.create_system = 3
                info.external_attr = mode << 16
                info.compress_type = method
                try:
                    zf.writestr(info, content)
                except (ValueError, UnicodeEncodeError):
                    pass
    _only_refusals(buf.getvalue())


_json = st.recursive(
    st.none() | st.booleans() | st.integers(min_value=-(2 ** 70), max_value=2 ** 70)
    | st.floats(allow_nan=False) | st.text(max_size=12),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8)
with zipfile.ZipFile(io.BytesIO(GOOD)) as _zf:
    _ITEMS = {i.filename: _zf.read(i) for i in _zf.infolist()}
_MANIFEST = json.loads(_ITEMS["manifest.json"])


@FUZZ
@given(st.lists(st.tuples(st.sampled_from(sorted(_MANIFEST) + ["extra", "issuer.key_id", "payload.0.size",
                                                              "payload.0.path"]), _json), min_size=1, max_size=3),
       st.booleans())
def test_manifest_values_of_any_json_type(changes: list[tuple[str, object]], canonical: bool) -> None:
    from ocop_desk.canonical import canonical_json

    m = json.loads(_ITEMS["manifest.json"])
    for key, value in changes:
        target, _sep, rest = key.partition(".")
        if not rest:
            m[target] = value
        elif target == "issuer" and isinstance(m.get("issuer"), dict):
            m["issuer"][rest] = value
        elif target == "payload" and isinstance(m.get("payload"), list) and m["payload"] and isinstance(m["payload"][0], dict):
            m["payload"][0][rest.split(".")[1]] = value
    try:
        raw = canonical_json(m) if canonical else json.dumps(m).encode()
    except Exception:  # noqa: BLE001 - values RFC 8785 cannot express; not the reader's concern
        raw = json.dumps(m, allow_nan=True).encode()
    items = dict(_ITEMS, **{"manifest.json": raw})
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in items.items():
            zf.writestr(name, data)
    _only_refusals(buf.getvalue())
