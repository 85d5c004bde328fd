"""Benchmarks of signed bundles: verify + merge a province season, and verification overhead.

    python bench/bench_bundles.py                       # 15 districts x 100 products x 9 members, SQLite
    python bench/bench_bundles.py --districts 700 --products 50 --pg postgresql+psycopg://...   # national

Bundles are made from one real district session (the demo, scored, exported
by the real exporter) and rewritten per district — council, admin unit and
product codes — then signed with that district's own key, so generating 700
of them takes seconds; verification and merge then do all their real work
(unzip, hashes, signatures, recomputing every result from the scorecards).
Figures are printed next to raw baselines measured in the same run:
SHA-256 of each bundle's payload bytes plus one Ed25519 verification of its
manifest, which is the floor any verifier of this format must pay.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import os
import sys
import tempfile
import time
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def _template(tmp: Path, products: int, members: int) -> tuple[dict[str, bytes], dict]:
    from ocop_desk.bundles.keys import new_key
    from ocop_desk.exchange.session_results import export_session_results
    from ocop_desk.demo import demo_data
    from ocop_desk.interchange import import_session_data
    from ocop_desk.store.engine import open_store

    store = open_store(f"sqlite:///{tmp / 'template.sqlite3'}")
    data = demo_data(store, products=products, members=members, seed=7)
    # the demo's last two products stay unscored and one is knocked out, as in a real session
    import_session_data(store, data, file="bench")
    _stored, signer = new_key("council", data["council"]["id"], "bench passphrase",
                              admin_unit=data["council"]["admin_unit"], scrypt_n=2 ** 10)
    out = tmp / "template.ocop"
    from ocop_desk.sessions import set_state

    set_state(store, data["session"]["id"], "closed", acknowledge_unfinished="bench: unscored on purpose")
    export_session_results(store, data["session"]["id"], signer, out)
    store.engine.dispose()
    with zipfile.ZipFile(out) as zf:
        payload = {n[len("payload/"):]: zf.read(n) for n in zf.namelist() if n.startswith("payload/")}
        manifest = json.loads(zf.read("manifest.json"))
    return payload, manifest


def _variant(payload: dict[str, bytes], i: int) -> tuple[dict[str, bytes], str, str]:
    from ocop_desk.canonical import canonical_json

    council, unit = f"HD-{i:03d}", f"{i:03d}"  # district codes have three digits
    session = json.loads(payload["session.json"])
    results = json.loads(payload["results.json"])
    old_unit = session["council"]["admin_unit"]
    recode = {p["code"]: p["code"].replace(f"-{old_unit}-", f"-{unit}-") for p in session["products"]}
    session["council"].update(id=council, admin_unit=unit)
    session["session"]["id"] = f"2026-{unit}"
    for p in session["products"]:
        p["code"] = recode[p["code"]]
    for c in session["scorecards"]:
        c["product"] = recode[c["product"]]
    results.update(council=council, admin_unit=unit, session=f"2026-{unit}")
    for p in results["products"]:
        p["code"] = recode[p["code"]]
    out = dict(payload)
    out["session.json"] = canonical_json(session)
    out["results.json"] = canonical_json(results)
    return out, council, unit


def make_bundles(folder: Path, districts: int, products: int, members: int):  # type: ignore[no-untyped-def]
    from ocop_desk.bundles.envelope import Issuer, build_manifest, write_envelope
    from ocop_desk.bundles.keys import new_key
    from ocop_desk.bundles.trust import TrustStore, TrustedKey

    payload, manifest = _template(folder, products, members)
    files, trusted = [], []
    for i in range(1, districts + 1):
        p, council, unit = _variant(payload, i)
        stored, signer = new_key("council", council, "bench passphrase", admin_unit=unit, scrypt_n=2 ** 4)
        m = build_manifest("session-results", Issuer(unit, council, signer.key_id), p,
                           criteria_sets=manifest["criteria_sets"], counts=manifest["counts"])
        f = folder / f"{council}.ocop"
        write_envelope(f, m, p, [signer])
        files.append(f)
        trusted.append(TrustedKey(key=stored.public, added_at="2026-01-01T00:00:00Z"))
    return files, TrustStore(path=folder / "trust.json", keys=tuple(trusted))


def raw_baseline(files: list[Path], trust) -> float:  # type: ignore[no-untyped-def]
    """Read each file, SHA-256 its payload bytes (slices of the file), one Ed25519 verify per bundle."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    prepared = []
    for f in files:
        with zipfile.ZipFile(f) as zf:
            manifest = zf.read("manifest.json")
            sig = json.loads(zf.read("signatures.json"))["signatures"][0]
            spans = []
            for i in zf.infolist():
                if i.filename.startswith("payload/"):
                    start = i.header_offset + 30 + len(i.filename.encode()) + len(i.extra)
                    spans.append((start, start + i.file_size))
        key = trust.get(sig["key_id"]).key.public_key
        prepared.append((f, manifest, spans, base64.b64decode(sig["signature"]), key))
    t0 = time.perf_counter()
    for f, manifest, spans, sig, key in prepared:
        raw = memoryview(f.read_bytes())
        for a, b in spans:
            hashlib.sha256(raw[a:b]).hexdigest()
        Ed25519PublicKey.from_public_bytes(key).verify(sig, manifest)
    return time.perf_counter() - t0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--districts", type=int, default=15)
    ap.add_argument("--products", type=int, default=100)
    ap.add_argument("--members", type=int, default=9)
    ap.add_argument("--pg", default=None, metavar="URL", help="merge into this PostgreSQL database instead of SQLite")
    ap.add_argument("--repeat", type=int, default=3, help="repetitions of the verification timing (best kept)")
    args = ap.parse_args(argv)

    from ocop_desk.exchange.merge import merge_files
    from ocop_desk.exchange.province import province_report
    from ocop_desk.bundles.verify import verify_bundle
    from ocop_desk.store.engine import open_store

    with tempfile.TemporaryDirectory(prefix="bench-bundles-") as d:
        tmp = Path(d)
        t = time.perf_counter()
        files, trust = make_bundles(tmp, args.districts, args.products, args.members)
        made = time.perf_counter() - t
        size = sum(f.stat().st_size for f in files)
        print(f"made {len(files)} bundles ({args.products} products x {args.members} members each), "
              f"{size / 1e6:.1f} MB in all, in {made:.1f} s (not measured below)")

        raw = min(raw_baseline(files, trust) for _ in range(args.repeat))
        ver = float("inf")
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            for f in files:
                verify_bundle(f, trust)
            ver = min(ver, time.perf_counter() - t0)
        print(f"verify (read + zip checks + bounds + hashes + signature): {ver:.3f} s; raw read + SHA-256 + Ed25519 of the same "
              f"bytes: {raw:.3f} s; ratio {ver / raw:.2f}x (target <= 2x)")

        url = args.pg or f"sqlite:///{tmp / 'province.sqlite3'}"
        store = open_store(url)
        t0 = time.perf_counter()
        report = merge_files(store, files, trust)
        merged = time.perf_counter() - t0
        assert not report.refused, [e.one_line() for e in report.refused]
        n = len(province_report(store)["products"])
        backend = "PostgreSQL" if args.pg else "SQLite"
        print(f"verify + recompute + merge of {len(files)} bundles into {backend}: {merged:.2f} s "
              f"({n} product results; {merged / len(files) * 1000:.0f} ms per bundle; "
              f"{merged / raw:.0f}x the raw hash+signature floor)")
        t0 = time.perf_counter()
        again = merge_files(store, files, trust)
        print(f"re-merge of the same bundles (idempotent, all unchanged={all(o.status == 'unchanged' for o in again.outcomes)}): "
              f"{time.perf_counter() - t0:.2f} s")
        store.engine.dispose()
    return 0


if __name__ == "__main__":
    os.environ.setdefault("OCOP_DESK_LANG", "en")
    raise SystemExit(main())
