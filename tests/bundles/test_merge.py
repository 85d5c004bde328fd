"""District session → signed results bundle → province merge (SQLite and PostgreSQL)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bundle_helpers import council, english_messages, trust_store  # noqa: F401  (fixtures)
from bundle_helpers import Party, council_key, district_session_data, sealed
from ocop_desk.bundles import trust
from ocop_desk.bundles.envelope import build_manifest, write_envelope
from ocop_desk.bundles.errors import BundleStale, ResultsDisagree, UntrustedSigner
from ocop_desk.exchange.merge import merge_bundle, merge_files
from ocop_desk.exchange.province import province_report, result_history
from ocop_desk.exchange.session_results import export_session_results
from ocop_desk.canonical import canonical_json
from ocop_desk.interchange import import_session_data
from ocop_desk.results import session_results
from ocop_desk.store.engine import open_store
from ocop_desk.store.province import EnvelopeReceived, MergeConflict, MergedResult
from tests.core_fixtures import close_session, reopen_session


class District:
    def __init__(self, tmp: Path) -> None:
        self.store = open_store(f"sqlite:///{tmp / 'district.sqlite3'}")
        self.keys: dict[str, Party] = {}
        self.tmp = tmp
        self.n = 0

    def session(self, council: str, district: str, session: str, **kw) -> dict:
        data = district_session_data(self.store, district=district, council=council, session=session, **kw)
        import_session_data(self.store, data, file="test")
        self.keys.setdefault(council, council_key(council, district))
        return data

    def export(self, council: str, session: str, **kw) -> Path:
        self.n += 1
        out = self.tmp / f"{council}-{session}-{self.n}.ocop"
        close_session(self.store, session)
        try:
            export_session_results(self.store, session, self.keys[council].signer, out, **kw)
        finally:
            reopen_session(self.store, session)  # tests go on changing the session after an export
        return out

    def trust(self, path: Path) -> trust.TrustStore:
        store = trust.load_trust(path)
        for p in self.keys.values():
            store, _e = trust.add_key(store, p.stored.public)
        return sealed(store)


@pytest.fixture
def district(tmp_path: Path) -> District:
    d = District(tmp_path)
    d.session("HD-065", "065", "2026-CM-01", seed=1)
    d.session("HD-066", "066", "2026-BB-01", seed=2)
    return d


@pytest.fixture
def province(tmp_path: Path):  # type: ignore[no-untyped-def]
    return open_store(f"sqlite:///{tmp_path / 'province.sqlite3'}")


def _counts(store) -> tuple[int, int, int]:  # type: ignore[no-untyped-def]
    with store.read() as s:
        return tuple(s.scalar(select(func.count()).select_from(t)) for t in (EnvelopeReceived, MergedResult,
                                                                              MergeConflict))


def _expected(district: District, session: str) -> dict[str, tuple]:
    res = session_results(district.store, session)
    return {p.code: (p.result.status, None if p.result.mean is None else format(p.result.mean, "f"), p.result.star)
            for p in res.products}


def test_merge_recomputes_and_reports(district: District, province, tmp_path: Path) -> None:
    files = [district.export("HD-065", "2026-CM-01"), district.export("HD-066", "2026-BB-01")]
    trust_store = district.trust(tmp_path / "trust.json")
    seen = []
    report = merge_files(province, files, trust_store, progress=lambda i, n: seen.append((i, n)))
    assert not report.refused and [o.status for o in report.outcomes] == ["merged", "merged"]
    assert seen == [(1, 2), (2, 2)]
    data = province_report(province)
    expected = {**_expected(district, "2026-CM-01"), **_expected(district, "2026-BB-01")}
    got = {p["code"]: (p["status"], p["mean"], p["star"]) for p in data["products"]}
    assert got == expected and len(got) == 8
    assert any(s == "ranked" for s, _m, _st in got.values())
    first = next(p for p in data["products"] if p["council"] == "HD-065")
    assert first["admin_unit"] == "065" and first["bundle"] == report.outcomes[0].envelope_id
    assert data["conflicts"] == []


def test_reimport_is_idempotent(district: District, province, tmp_path: Path) -> None:
    f = district.export("HD-065", "2026-CM-01")
    t = district.trust(tmp_path / "trust.json")
    assert merge_bundle(province, f, t).status == "merged"
    before, report = _counts(province), province_report(province)
    assert merge_bundle(province, f, t).status == "unchanged"
    assert _counts(province) == before and province_report(province) == report


def _rescore(district: District, data: dict) -> None:
    card = data["scorecards"][0]
    crit = sorted(card["choices"])[0]
    from ocop_desk.sessions import criteria_set_for

    cs = criteria_set_for(district.store, data["session"]["id"], card["product"])
    options = [o.id for o in cs.criterion(crit).options]
    card["choices"][crit] = options[-1] if card["choices"][crit] != options[-1] else options[0]
    import_session_data(district.store, data, file="rescore")


def test_superseding_bundle_replaces_and_keeps_history(district: District, province, tmp_path: Path) -> None:
    t = district.trust(tmp_path / "trust.json")
    old = district.export("HD-065", "2026-CM-01")
    first = merge_bundle(province, old, t)
    data = district_session_data(district.store, district="065", council="HD-065", session="2026-CM-01", seed=1)
    _rescore(district, data)
    new = district.export("HD-065", "2026-CM-01", supersedes=first.envelope_id)
    second = merge_bundle(province, new, t)
    assert second.superseded == first.envelope_id
    code = data["scorecards"][0]["product"]
    history = result_history(province, code)
    assert [h["bundle"] for h in history] == [first.envelope_id, second.envelope_id]
    assert [h["current"] for h in history] == [False, True]
    now = {p["code"]: p for p in province_report(province)["products"]}
    assert now[code]["bundle"] == second.envelope_id
    assert (now[code]["status"], now[code]["mean"], now[code]["star"]) == _expected(district, "2026-CM-01")[code]


def test_older_bundle_after_newer_is_refused_and_changes_nothing(district: District, province, tmp_path: Path) -> None:
    t = district.trust(tmp_path / "trust.json")
    older = district.export("HD-065", "2026-CM-01")
    newer = district.export("HD-065", "2026-CM-01")  # created later (or same second: see below)
    import time

    # make sure created_at differs: manifests carry whole seconds
    time.sleep(1.05)
    newest = district.export("HD-065", "2026-CM-01")
    assert merge_bundle(province, newest, t).status == "merged"
    before, report = _counts(province), province_report(province)
    for stale in (older, newer):
        with pytest.raises(BundleStale) as ei:
            merge_bundle(province, stale, t)
        assert ei.value.exit_code == 14 and str(stale) in ei.value.one_line()
    assert _counts(province) == before and province_report(province) == report


def test_stated_results_that_disagree_are_refused(district: District, province, tmp_path: Path) -> None:
    import zipfile

    good = district.export("HD-065", "2026-CM-01")
    with zipfile.ZipFile(good) as zf:
        payload = {n[len("payload/"):]: zf.read(n) for n in zf.namelist() if n.startswith("payload/")}
        manifest = json.loads(zf.read("manifest.json"))
    results = json.loads(payload["results.json"])
    ranked = next(p for p in results["products"] if p["status"] == "ranked")
    ranked["mean"], ranked["star"] = "95.00", 5
    payload["results.json"] = canonical_json(results)
    forged = build_manifest("session-results", district_issuer(manifest), payload,
                            criteria_sets=manifest["criteria_sets"], counts=manifest["counts"])
    bad = tmp_path / "forged.ocop"
    write_envelope(bad, forged, payload, [district.keys["HD-065"].signer])
    with pytest.raises(ResultsDisagree) as ei:
        merge_bundle(province, bad, district.trust(tmp_path / "trust.json"))
    assert ei.value.exit_code == 15 and ei.value.problems[0].place == ranked["code"]
    assert _counts(province) == (0, 0, 0)


def district_issuer(manifest: dict):  # type: ignore[no-untyped-def]
    from ocop_desk.bundles.envelope import Issuer

    return Issuer(**manifest["issuer"])


def test_bundle_signed_by_another_council_key_is_refused(district: District, province, tmp_path: Path) -> None:
    district.keys["HD-065"], real = district.keys["HD-066"], district.keys["HD-065"]
    from ocop_desk.errors import OcopError

    with pytest.raises(OcopError, match="HD-065"):
        district.export("HD-065", "2026-CM-01")  # the exporter refuses to sign with the wrong key
    district.keys["HD-065"] = real
    assert not list(tmp_path.glob("HD-065-*.ocop"))


def test_same_product_from_two_councils_is_a_conflict(district: District, province, tmp_path: Path) -> None:
    district.session("HD-067", "065", "2026-NR-01", seed=3)  # codes collide with HD-065
    t = district.trust(tmp_path / "trust.json")
    report = merge_files(province, [district.export("HD-065", "2026-CM-01"),
                                    district.export("HD-067", "2026-NR-01")], t)
    assert not report.refused
    conflicts = province_report(province)["conflicts"]
    assert len(conflicts) == 4 and {c["kind"] for c in conflicts} == {"duplicate-product"}
    assert {(c["council"], c["other_council"]) for c in conflicts} == {("HD-067", "HD-065")}
    with province.read() as s:
        assert s.scalar(select(func.count()).select_from(MergedResult).where(MergedResult.held.is_(True))) == 8


def test_unknown_criteria_set_is_listed_not_merged_silently(district: District, province, tmp_path: Path) -> None:
    from ocop_desk.catalogue import add_criteria_set, resolve_criteria_set
    from ocop_desk.scoring.criteria import criteria_set_from_dict

    data = district_session_data(district.store, district="068", council="HD-068", session="2026-PN-01", seed=4)
    _pk, cs = resolve_criteria_set(district.store, data["products"][0]["criteria_set"])
    d = cs.to_dict()
    d["id"] = cs.id + "-tinh-rieng"
    d["title"] = cs.title + " (bản của tỉnh)"
    local = criteria_set_from_dict(d)
    add_criteria_set(district.store, local)
    data["products"][0]["criteria_set"] = local.id
    import_session_data(district.store, data, file="test")
    district.keys["HD-068"] = council_key("HD-068", "068")
    report = merge_files(province, [district.export("HD-068", "2026-PN-01")], district.trust(tmp_path / "t.json"))
    assert not report.refused
    conflicts = province_report(province)["conflicts"]
    assert [c["kind"] for c in conflicts] == ["unknown-criteria-set"]
    assert conflicts[0]["criteria_set_hash"] == local.content_hash
    assert conflicts[0]["product"] == data["products"][0]["code"]


def test_untrusted_district_is_refused(district: District, province, tmp_path: Path) -> None:
    f = district.export("HD-065", "2026-CM-01")
    report = merge_files(province, [f], tmp_path / "empty.json")
    assert report.exit_code == 13 and isinstance(report.refused[0], UntrustedSigner)
    assert _counts(province) == (0, 0, 0)


def test_cli_merge_and_province_report(district: District, tmp_path: Path, run_cli) -> None:
    files = [str(district.export("HD-065", "2026-CM-01")), str(district.export("HD-066", "2026-BB-01"))]
    trust_path = tmp_path / "trust.json"
    district.trust(trust_path)
    db = f"sqlite:///{tmp_path / 'tinh.sqlite3'}"
    code, out, err = run_cli("--db", db, "merge", *files, "--trust", str(trust_path))
    assert code == 0, err
    code, out, err = run_cli("--db", db, "report", "province", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert set(data) == {"products", "conflicts"} and len(data["products"]) == 8
    assert set(data["products"][0]) == {"code", "name", "council", "admin_unit", "criteria_set", "mean", "star",
                                        "status", "bundle", "held", "group_id"}
    assert any("Chợ Mới" in p["name"] or p["name"] for p in data["products"])
    code, _o, err = run_cli("--db", db, "merge", files[0], "--trust", str(tmp_path / "none.json"))
    assert code == 13


def test_merge_into_postgresql(district: District, tmp_path: Path, pg_url: str) -> None:
    province = open_store(pg_url)
    t = district.trust(tmp_path / "trust.json")
    files = [district.export("HD-065", "2026-CM-01"), district.export("HD-066", "2026-BB-01")]
    report = merge_files(province, files, t)
    assert not report.refused
    again = merge_files(province, files, t)
    assert [o.status for o in again.outcomes] == ["unchanged", "unchanged"]
    data = province_report(province)
    expected = {**_expected(district, "2026-CM-01"), **_expected(district, "2026-BB-01")}
    assert {p["code"]: (p["status"], p["mean"], p["star"]) for p in data["products"]} == expected
    province.engine.dispose()


def test_forwarded_products_follow_the_profile(district: District, province, tmp_path: Path, run_cli) -> None:
    from decimal import Decimal

    from ocop_desk.exchange.province import forwarded_products
    from ocop_desk.catalogue import get_profile

    merge_files(province, [district.export("HD-065", "2026-CM-01"), district.export("HD-066", "2026-BB-01")],
                district.trust(tmp_path / "trust.json"))
    floor = get_profile(province, "148-2023").level("district").forwards_min
    assert floor is not None
    everything = province_report(province)["products"]
    want = {p["code"] for p in everything if p["status"] == "ranked" and Decimal(p["mean"]) >= floor}
    assert {p["code"] for p in forwarded_products(province)} == want
    assert any(p["status"] == "ranked" and Decimal(p["mean"]) < floor for p in everything) or want


def test_cli_export_and_import(district: District, tmp_path: Path, run_cli, monkeypatch: pytest.MonkeyPatch) -> None:
    from ocop_desk.bundles import keys

    db = district.store.url
    monkeypatch.setenv(keys.ENV_PASSPHRASE, "mật khẩu hội đồng 065")
    assert run_cli("keys", "new", "--council", "HD-065", "--admin-unit", "065")[0] == 0
    out = tmp_path / "cli.ocop"
    # a session still being scored is not signed (issue 13)
    code, text, err = run_cli("--lang", "en", "--db", db, "bundle", "export", "2026-CM-01", "--out", str(out))
    assert code == 7 and "not closed" in err and not out.exists()
    close_session(district.store, "2026-CM-01")
    code, text, err = run_cli("--lang", "en", "--db", db, "bundle", "export", "2026-CM-01", "--out", str(out))
    assert code == 0, err
    assert "session results" in text and out.exists()
    reopen_session(district.store, "2026-CM-01")
    pub = tmp_path / "hd065.pub.json"
    run_cli("keys", "export", "HD-065", "--out", str(pub))
    trust_path = tmp_path / "trust.json"
    assert run_cli("trust", "add", str(pub), "--trust", str(trust_path), "--yes")[0] == 0
    code, text, err = run_cli("--db", f"sqlite:///{tmp_path / 'tinh.sqlite3'}", "merge", str(out),
                              "--trust", str(trust_path), "--json")
    assert code == 0, err
    assert json.loads(text)["merged"][0]["status"] == "merged"
    # a results bundle cannot be "imported" into a district store
    code, _t, err = run_cli("--lang", "en", "--db", db, "bundle", "import", str(out), "--trust", str(trust_path))
    assert code == 11 and "merge" in err
    # a member's scorecards through the CLI
    monkeypatch.setenv(keys.ENV_PASSPHRASE, "mật khẩu thành viên tv02")
    assert run_cli("keys", "new", "--member", "tv02")[0] == 0
    run_cli("keys", "export", "tv02", "--out", str(tmp_path / "tv02.pub.json"))
    council_pass = tmp_path / "hd065-pass.txt"  # the trust store stays sealed by the council's key
    council_pass.write_text("mật khẩu hội đồng 065", encoding="utf-8")
    assert run_cli("--db", db, "trust", "add", str(tmp_path / "tv02.pub.json"), "--trust", str(trust_path), "--yes",
                   "--register-member", "HD-065", "--passphrase-file", str(council_pass))[0] == 0
    card = tmp_path / "tv02.ocop"
    assert run_cli("--db", db, "bundle", "export", "2026-CM-01", "--member", "tv02", "--out", str(card))[0] == 0
    code, text, err = run_cli("--lang", "en", "--db", db, "bundle", "import", str(card), "--trust", str(trust_path))
    assert code == 0 and "imported" in text, err
    code, text, err = run_cli("--lang", "en", "--db", db, "bundle", "import", str(card), "--trust", str(trust_path))
    assert code == 0 and "unchanged" in text, err


def test_open_a_province_session_with_the_forwarded(district: District, province, tmp_path: Path) -> None:
    import datetime as dt

    from ocop_desk.exchange.province import forwarded_products, open_province_session
    from ocop_desk.errors import ImportRefused
    from ocop_desk.sessions import get_session

    merge_files(province, [district.export("HD-065", "2026-CM-01"), district.export("HD-066", "2026-BB-01")],
                district.trust(tmp_path / "trust.json"))
    codes = [p["code"] for p in province_report(province)["products"] if p["status"] == "ranked"][:3]
    codes = [p["code"] for p in forwarded_products(province)] or codes
    sid = open_province_session(province, codes, date=dt.date(2026, 10, 20))
    assert sid == "2026-TINH-01"
    d = get_session(province, sid)
    assert d.council.level == "province" and [i.product_code for i in d.items] == codes
    merged = {p["code"]: p for p in province_report(province)["products"]}
    assert {i.product_code: i.criteria_set_id for i in d.items} == {c: merged[c]["criteria_set"] for c in codes}
    assert all(i.producer_name for i in d.items)
    assert open_province_session(province, codes[:1], date=dt.date(2026, 10, 21)) == "2026-TINH-02"
    with pytest.raises(ImportRefused):
        open_province_session(province, ["06-999-001-2026"])


def test_a_person_decides_a_duplicate_product_conflict(district: District, province, tmp_path: Path) -> None:
    from ocop_desk.audit import entries
    from ocop_desk.exchange.province import resolve_conflict
    from ocop_desk.errors import NotFound, SessionLocked

    district.session("HD-067", "065", "2026-NR-01", seed=3)
    merge_files(province, [district.export("HD-065", "2026-CM-01"),
                           district.export("HD-067", "2026-NR-01")], district.trust(tmp_path / "trust.json"))
    first = province_report(province)["conflicts"][0]
    with pytest.raises(SessionLocked):
        resolve_conflict(province, first["id"], "accept", "  ")
    resolve_conflict(province, first["id"], "reject", "Mã sản phẩm của huyện Na Rì ghi nhầm; giữ kết quả Chợ Mới")
    report = province_report(province)
    assert first["id"] not in {c["id"] for c in report["conflicts"]} and len(report["conflicts"]) == 3
    rows = [p for p in report["products"] if p["code"] == first["product"]]
    assert [(p["council"], p["held"]) for p in rows] == [(first["other_council"], False)]
    last = entries(province, limit=1)[0]
    assert last["action"] == "conflict_decided" and "ghi nhầm" in last["detail"]["reason"]
    with pytest.raises(NotFound):
        resolve_conflict(province, first["id"], "accept", "again")


def test_conflict_decide_command(district: District, province, tmp_path: Path, run_cli) -> None:
    district.session("HD-067", "065", "2026-NR-01", seed=3)
    merge_files(province, [district.export("HD-065", "2026-CM-01"),
                           district.export("HD-067", "2026-NR-01")], district.trust(tmp_path / "trust.json"))
    first = province_report(province)["conflicts"][0]
    code, out, err = run_cli("--db", province.url, "conflict", "decide", str(first["id"]), "accept",
                             "--reason", "Hai sản phẩm khác nhau; huyện Chợ Mới đổi mã")
    assert code == 0, err
    rows = [p for p in province_report(province)["products"] if p["code"] == first["product"]]
    assert [(p["council"], p["held"]) for p in rows] == [(first["council"], False)]


def test_minutes_printed_after_export_carry_the_bundle_digest(district: District, tmp_path: Path) -> None:
    import hashlib
    import shutil
    import subprocess

    from ocop_desk.print_jobs import print_minutes

    before = tmp_path / "before.pdf"
    print_minutes(district.store, "2026-CM-01", before, key_fingerprint="")
    bundle = district.export("HD-065", "2026-CM-01")
    digest = hashlib.sha256(bundle.read_bytes()).hexdigest()
    after = tmp_path / "after.pdf"
    print_minutes(district.store, "2026-CM-01", after, key_fingerprint="")
    text = subprocess.run([shutil.which("pdftotext"), "-enc", "UTF-8", str(after), "-"], capture_output=True,
                          text=True, check=True).stdout.replace("\n", "").replace(" ", "")
    assert digest[:16] in text
    before_text = subprocess.run([shutil.which("pdftotext"), "-enc", "UTF-8", str(before), "-"],
                                 capture_output=True, text=True, check=True).stdout.replace("\n", "")
    assert digest[:16] not in before_text.replace(" ", "")
