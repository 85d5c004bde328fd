"""A signature binds who signed and for what (issue 9, section 1), and a refusal changes nothing.

Each test makes a bundle that an attacker or a careless user could make, shows it is refused
(or shown as unsigned), and that every table of the receiving store, audit log included, is
exactly as it was.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from bundle_helpers import council, english_messages, trust_store  # noqa: F401  (fixtures)
from bundle_helpers import PASS, FAST_N, Party, council_key, district_session_data, make_party, trust_member
from core_fixtures import snapshot
from ocop_desk.bundles import envelope, keys, trust
from ocop_desk.exchange.dossier_packages import export_dossier_package, import_dossier_package
from ocop_desk.bundles.envelope import Issuer, build_manifest, write_envelope
from ocop_desk.bundles.errors import BundleFromTheFuture, BundleStale, KeyRefused, UntrustedSigner
from ocop_desk.exchange.member_scorecards import import_member_scorecards
from ocop_desk.exchange.merge import merge_bundle, merge_files
from ocop_desk.exchange.province import province_report
from ocop_desk.exchange.session_results import export_session_results
from ocop_desk.bundles.verify import verify_bundle
from ocop_desk.canonical import canonical_json
from ocop_desk.interchange import export_session, import_session_data
from ocop_desk.store.engine import open_store
from test_merge import District

SID = "2026-CM-01"


def _at(monkeypatch: pytest.MonkeyPatch, when: dt.datetime) -> None:
    """Envelopes written from now on carry `when` as created_at."""
    monkeypatch.setattr(envelope, "utc_now_text", lambda: when.strftime("%Y-%m-%dT%H:%M:%SZ"))


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0)


@pytest.fixture
def province(tmp_path: Path):  # type: ignore[no-untyped-def]
    from ocop_desk.catalogue import sync_catalogue

    store = open_store(f"sqlite:///{tmp_path / 'tinh.sqlite3'}")
    sync_catalogue(store)  # what any merge does first, whatever the bundles hold
    return store


def _hash(store, session: str, product: str) -> str:  # type: ignore[no-untyped-def]
    from ocop_desk.sessions import criteria_set_for

    return criteria_set_for(store, session, product).content_hash


# --- who signed: the issuer is the key's owner ------------------------------------------------


@pytest.mark.parametrize("issuer", [("065", "HD-066"), ("066", "HD-065"), ("", "HD-065")])
def test_a_council_key_speaks_only_for_its_own_council_and_unit(tmp_path: Path, issuer) -> None:
    own = make_party("council", "HD-065", "065")
    t, _e = trust.add_key(trust.load_trust(tmp_path / "trust.json"), own.stored.public)
    unit, claimed = issuer
    payload = {"results.json": b"{}"}
    m = build_manifest("session-results", Issuer(unit, claimed, own.signer.key_id), payload)
    write_envelope(tmp_path / "forged.ocop", m, payload, [own.signer])
    with pytest.raises(UntrustedSigner) as ei:
        verify_bundle(tmp_path / "forged.ocop", t)
    assert ei.value.exit_code == 13


def test_district_results_cannot_carry_another_districts_products(tmp_path: Path, province) -> None:
    district = District(tmp_path)
    district.session("HD-066", "066", "2026-BB-01", seed=2, code_district="065")  # codes 06-065-...
    t = district.trust(tmp_path / "trust.json")
    before = snapshot(province)
    report = merge_files(province, [district.export("HD-066", "2026-BB-01")], t)
    assert not report.outcomes and report.refused[0].exit_code == 13
    assert "06-065-" in report.refused[0].one_line() and "066" in report.refused[0].one_line()
    assert snapshot(province) == before


def _commune_store(tmp_path: Path, code: str, name: str):  # type: ignore[no-untyped-def]
    from ocop_desk.dossiers import save_producer, save_product

    n = len(list(tmp_path.glob("xa-*")))
    store = open_store(f"sqlite:///{tmp_path / f'xa-{n}.sqlite3'}")
    pid = save_producer(store, "Hợp tác xã Nông sản Yên Đĩnh", "HTX", "Xã Yên Đĩnh", "Thôn Bản Đồn", "")
    save_product(store, code, name, pid, year=2026)
    return store


def _resigned_dossier(package: Path, signer: Party, edit) -> Path:  # type: ignore[no-untyped-def]
    """`package` with its dossier.json edited, signed again by `signer` (who may sign what they like)."""
    env = envelope.read_envelope(package)
    doc = json.loads(env.payload_bytes("dossier.json"))
    edit(doc)
    payload = {k: bytes(v) for k, v in env.payload.items()}
    payload["dossier.json"] = canonical_json(doc)
    m = build_manifest("dossier-package", env.issuer, payload, criteria_sets=env.manifest["criteria_sets"],
                       supersedes=env.envelope_id)
    out = package.with_name("edited-" + package.name)
    write_envelope(out, m, payload, [signer.signer])
    return out


def test_a_refused_dossier_package_leaves_every_table_unchanged(tmp_path: Path) -> None:
    from ocop_desk.errors import ImportRefused

    officer = make_party("member", "can-bo-xa", "02089", level="commune")
    t, _e = trust.add_key(trust.load_trust(tmp_path / "trust.json"), officer.stored.public)
    commune = _commune_store(tmp_path, "06-065-014-2026", "Gạo Bao Thai")
    out = tmp_path / "ho-so.ocop"
    export_dossier_package(commune, "06-065-014-2026", officer.signer, out)
    bad = _resigned_dossier(out, officer, lambda doc: doc["product"].update(stage="giai-doan-khong-co"))
    district = open_store(f"sqlite:///{tmp_path / 'huyen.sqlite3'}")
    import_dossier_package(district, out, t)  # the store has a product already
    before = snapshot(district)
    with pytest.raises(ImportRefused, match="stage"):
        import_dossier_package(district, bad, t)
    assert snapshot(district) == before  # not even the producer or an audit line


def test_a_commune_key_speaks_only_for_its_own_commune(tmp_path: Path) -> None:
    officer = make_party("member", "can-bo-xa", "02089", level="commune")
    t, _e = trust.add_key(trust.load_trust(tmp_path / "trust.json"), officer.stored.public)
    commune = _commune_store(tmp_path, "06-065-014-2026", "Gạo Bao Thai")
    out = tmp_path / "ho-so.ocop"
    export_dossier_package(commune, "06-065-014-2026", officer.signer, out)
    # the same package, its producer moved to another commune and signed again by this officer
    moved = _resigned_dossier(out, officer, lambda doc: doc["producer"].update(commune_code="02090"))
    district = open_store(f"sqlite:///{tmp_path / 'huyen.sqlite3'}")
    before = snapshot(district)
    with pytest.raises(UntrustedSigner, match="02090"):
        import_dossier_package(district, moved, t)
    assert snapshot(district) == before
    assert import_dossier_package(district, out, t).status == "imported"


# --- member keys are bound to (council, member) ------------------------------------------------


@pytest.fixture
def secretary(tmp_path: Path):  # type: ignore[no-untyped-def]
    """One secretary's store holding two councils that both have a member "tv01"."""
    store = open_store(f"sqlite:///{tmp_path / 'thu-ky.sqlite3'}")
    import_session_data(store, district_session_data(store, district="065", council="HD-065", session=SID),
                        file="a")
    import_session_data(store, district_session_data(store, district="066", council="HD-066", session="2026-BB-01",
                                                     seed=2), file="b")
    return store


def _member_envelope(tmp_path: Path, member: Party, *, council: str, session: str, code: str,
                     cards: list[dict]) -> Path:
    payload = {"scorecards.json": canonical_json({"format": "ocop-desk/member-scorecards@1", "session": session,
                                                  "council": council, "member": code, "scorecards": cards})}
    m = build_manifest("member-scorecards", Issuer("", council, member.signer.key_id), payload,
                       criteria_sets=sorted({c["criteria_set_hash"] for c in cards}))
    out = tmp_path / f"{code}-{council}-{session}.ocop"
    write_envelope(out, m, payload, [member.signer])
    return out


def test_a_member_key_counts_only_for_the_council_it_is_registered_with(tmp_path: Path, secretary) -> None:
    tv01_a = make_party("member", "tv01", "065")
    t = trust_member(secretary, tmp_path / "trust.json", tv01_a, council="HD-065")
    other = export_session(secretary, "2026-BB-01")
    card = next(c for c in other["scorecards"] if c["member"] == "tv01")
    forged = _member_envelope(tmp_path, tv01_a, council="HD-066", session="2026-BB-01", code="tv01", cards=[
        {"product": card["product"], "criteria_set_hash": _hash(secretary, "2026-BB-01", card["product"]),
         "choices": card["choices"],
         "notes": {}}])
    before = snapshot(secretary)
    with pytest.raises(UntrustedSigner, match="no key is registered for member tv01 of council HD-066"):
        import_member_scorecards(secretary, forged, t)
    assert snapshot(secretary) == before
    # nor can the same key be registered for HD-066's tv01 as well
    from ocop_desk.exchange.member_scorecards import register_member_key
    from ocop_desk.errors import ImportRefused

    with pytest.raises(ImportRefused, match="already registered for member tv01 of council HD-065"):
        register_member_key(secretary, "HD-066", tv01_a.stored.public)
    assert snapshot(secretary) == before
    # registering the key with HD-065 never made it HD-066's, even when HD-066's tv01 has a key
    tv01_b = make_party("member", "tv01", "066")
    trust_member(secretary, tmp_path / "trust.json", tv01_b, council="HD-066")
    before = snapshot(secretary)
    with pytest.raises(UntrustedSigner, match="another key registered"):
        import_member_scorecards(secretary, forged, trust.load_trust(tmp_path / "trust.json"))
    assert snapshot(secretary) == before


def _results_with(tmp_path: Path, store, council_party: Party, extra: dict[str, bytes]) -> Path:  # type: ignore[no-untyped-def]
    """The honest results bundle of SID with `extra` payload files added, signed again by the council."""
    honest = tmp_path / "honest.ocop"
    _closed(store)
    export_session_results(store, SID, council_party.signer, honest)
    env = envelope.read_envelope(honest)
    payload = {k: bytes(v) for k, v in env.payload.items()} | extra
    m = build_manifest("session-results", env.issuer, payload, criteria_sets=env.manifest["criteria_sets"],
                       counts=env.manifest["counts"])
    out = tmp_path / "with-extra.ocop"
    write_envelope(out, m, payload, [council_party.signer])
    return out


def test_a_member_envelope_signed_for_another_session_is_not_counted(tmp_path: Path) -> None:
    store = open_store(f"sqlite:///{tmp_path / 'thu-ky.sqlite3'}")
    import_session_data(store, district_session_data(store, district="065", council="HD-065", session=SID),
                        file="a")
    tv02 = make_party("member", "tv02", "065")
    trust_member(store, tmp_path / "trust.json", tv02)
    hd = council_key("HD-065", "065")
    doc = export_session(store, SID)
    cards = [{"product": c["product"], "criteria_set_hash": _hash(store, SID, c["product"]),
              "choices": c["choices"], "notes": {}} for c in doc["scorecards"] if c["member"] == "tv02"]
    elsewhere = _member_envelope(tmp_path, tv02, council="HD-065", session="2025-CM-07", code="tv02", cards=cards)
    env = envelope.read_envelope(elsewhere)
    bundle = _results_with(tmp_path, store, hd, {
        f"member-envelopes/{env.envelope_id}.ocop": elsewhere.read_bytes(),
        "member-keys.json": canonical_json({"format": "ocop-desk/member-keys@1", "keys": [tv02.stored.public.to_dict()]})})
    pt, _e = trust.add_key(trust.load_trust(tmp_path / "province-trust.json"), hd.stored.public)
    province = open_store(f"sqlite:///{tmp_path / 'tinh.sqlite3'}")
    merge_bundle(province, bundle, pt)
    report = province_report(province)
    assert any(c["kind"] == "member-signature" and "2025-CM-07" in c["detail"] for c in report["conflicts"])
    assert all(p["held"] for p in report["products"])  # nothing counts as signed


def test_sheets_entered_in_a_members_name_are_never_counted_as_signed(tmp_path: Path) -> None:
    store = open_store(f"sqlite:///{tmp_path / 'thu-ky.sqlite3'}")
    import_session_data(store, district_session_data(store, district="065", council="HD-065", session=SID),
                        file="a")
    tv02 = make_party("member", "tv02", "065")
    t = trust_member(store, tmp_path / "trust.json", tv02)
    hd = council_key("HD-065", "065")
    doc = export_session(store, SID)
    signed_product = doc["products"][0]["code"]
    # tv02 signs one sheet only; the secretary's store still holds tv02's sheets for the others
    card = next(c for c in doc["scorecards"] if c["member"] == "tv02" and c["product"] == signed_product)
    env = _member_envelope(tmp_path, tv02, council="HD-065", session=SID, code="tv02", cards=[
        {"product": signed_product, "criteria_set_hash": _hash(store, SID, signed_product),
         "choices": card["choices"], "notes": {}}])
    import_member_scorecards(store, env, t)
    out = tmp_path / "ket-qua.ocop"
    _closed(store)
    export_session_results(store, SID, hd.signer, out)
    pt, _e = trust.add_key(trust.load_trust(tmp_path / "province-trust.json"), hd.stored.public)
    province = open_store(f"sqlite:///{tmp_path / 'tinh.sqlite3'}")
    merge_bundle(province, out, pt)
    report = province_report(province)
    unsigned = {c["product"] for c in report["conflicts"] if c["kind"] == "member-signature"}
    entered = {c["product"] for c in doc["scorecards"] if c["member"] == "tv02" and c["choices"]} - {signed_product}
    assert entered and unsigned == entered
    held = {p["code"]: p["held"] for p in report["products"]}
    assert not held[signed_product] and all(held[c] for c in entered)


# --- time: nothing from the future, nothing rolls back ------------------------------------------


def test_a_bundle_dated_in_the_future_is_refused_and_freezes_nothing(tmp_path: Path, province,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    district = District(tmp_path)
    district.session("HD-065", "065", SID, seed=1)
    t = district.trust(tmp_path / "trust.json")
    _at(monkeypatch, _now() + dt.timedelta(days=400))
    future = district.export("HD-065", SID)
    before = snapshot(province)
    with pytest.raises(BundleFromTheFuture) as ei:
        merge_bundle(province, future, t)
    assert ei.value.exit_code == 14 and "clock" in ei.value.one_line()
    assert snapshot(province) == before
    # within the clock skew is fine, and a real bundle made later still goes in
    _at(monkeypatch, _now() + dt.timedelta(minutes=2))
    assert merge_bundle(province, district.export("HD-065", SID), t).status == "merged"
    _at(monkeypatch, _now() + dt.timedelta(minutes=5))
    assert merge_bundle(province, district.export("HD-065", SID), t).status == "merged"


def test_an_older_dossier_package_never_rolls_the_dossier_back(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    from ocop_desk.dossiers import get_product, save_product

    officer = make_party("member", "can-bo-xa", "02089", level="commune")
    t, _e = trust.add_key(trust.load_trust(tmp_path / "trust.json"), officer.stored.public)
    commune = _commune_store(tmp_path, "06-065-014-2026", "Gạo Bao Thai")
    _at(monkeypatch, _now() - dt.timedelta(hours=2))
    old = tmp_path / "cu.ocop"
    export_dossier_package(commune, "06-065-014-2026", officer.signer, old)
    p = get_product(commune, "06-065-014-2026")
    save_product(commune, p.code, "Gạo Bao Thai Yên Đĩnh (bản sửa)", p.producer.id, year=2026)
    _at(monkeypatch, _now() - dt.timedelta(hours=1))
    new = tmp_path / "moi.ocop"
    export_dossier_package(commune, "06-065-014-2026", officer.signer, new)
    district = open_store(f"sqlite:///{tmp_path / 'huyen.sqlite3'}")
    assert import_dossier_package(district, new, t).status == "imported"
    before = snapshot(district)
    with pytest.raises(BundleStale):
        import_dossier_package(district, old, t)
    assert snapshot(district) == before
    assert get_product(district, "06-065-014-2026").name == "Gạo Bao Thai Yên Đĩnh (bản sửa)"


def test_a_package_cannot_change_what_a_closed_session_scored(tmp_path: Path) -> None:
    from ocop_desk.results import session_results
    from ocop_desk.sessions import set_state

    district = open_store(f"sqlite:///{tmp_path / 'huyen.sqlite3'}")
    import_session_data(district, district_session_data(district, district="065", council="HD-065", session=SID),
                        file="a")
    code = export_session(district, SID)["products"][0]["code"]
    set_state(district, SID, "closed", acknowledge_unfinished="kiểm thử")
    scored = session_results(district, SID)
    officer = make_party("member", "can-bo-xa", "02089", level="commune")
    t, _e = trust.add_key(trust.load_trust(tmp_path / "trust.json"), officer.stored.public)
    commune = _commune_store(tmp_path, code, "Tên khác hẳn")
    out = tmp_path / "ho-so.ocop"
    export_dossier_package(commune, code, officer.signer, out)
    before = snapshot(district)
    with pytest.raises(Exception, match="closed session") as ei:
        import_dossier_package(district, out, t)
    assert ei.value.exit_code == 7 and "product.name" in ei.value.one_line()
    assert snapshot(district) == before
    again = session_results(district, SID)
    assert [(p.code, p.item.product_name, p.result) for p in again.products] == \
        [(p.code, p.item.product_name, p.result) for p in scored.products]


# --- key files ------------------------------------------------------------------------------


@pytest.mark.parametrize("edit", [
    lambda d: d.update(revoked_at=None),
    lambda d: d.update(revoked_at=None, encryption={"cipher": "AES-256-GCM", "kdf": {}, "nonce": "", "sealed_seed": ""}),
])
def test_editing_a_key_file_cannot_unrevoke_it(tmp_path: Path, edit) -> None:
    stored, _signer = keys.new_key("council", "HD-065", PASS, admin_unit="065", scrypt_n=FAST_N)
    keys.save_key(stored, tmp_path)
    pre_revocation = json.loads((tmp_path / f"{stored.key_id}.key.json").read_text(encoding="utf-8"))
    revoked = keys.revoke_key(stored.key_id, tmp_path)
    path = tmp_path / f"{stored.key_id}.key.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["encryption"] is None and "sealed_seed" not in path.read_text(encoding="utf-8")
    edit(data)
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(KeyRefused):
        keys.unlock(keys.read_stored_key(path), PASS)
    assert revoked.revoked_at and pre_revocation["revoked_at"] is None


@pytest.mark.parametrize("field,value", [("name", "Hội đồng khác"), ("level", "province"), ("admin_unit", "066"),
                                         ("created_at", "2020-01-01T00:00:00Z"), ("revoked_at", "2026-01-01T00:00:00Z")])
def test_every_field_of_a_key_file_is_sealed(tmp_path: Path, field: str, value: str) -> None:
    stored, _signer = keys.new_key("council", "HD-065", PASS, admin_unit="065", scrypt_n=FAST_N)
    path = keys.save_key(stored, tmp_path)
    data = json.loads(path.read_text(encoding="utf-8"))
    data[field] = value
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(KeyRefused):
        keys.unlock(keys.read_stored_key(path), PASS)


def test_the_scrypt_parameters_are_sealed_too(tmp_path: Path) -> None:
    stored, _signer = keys.new_key("council", "HD-065", PASS, admin_unit="065", scrypt_n=FAST_N)
    path = keys.save_key(stored, tmp_path)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["encryption"]["kdf"]["p"] = 2
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(KeyRefused, match="altered"):
        keys.unlock(keys.read_stored_key(path), PASS)


@pytest.mark.parametrize("weak", ["12345678", "password", " " * 8, "aaaaaaaaaa", "abcdefgh", "87654321",
                                  "Password1", "matkhau123", "  1234 5678  ", "ab ab ab ab"])
def test_weak_passphrases_are_refused_with_a_clear_message(weak: str) -> None:
    with pytest.raises(KeyRefused) as ei:
        keys.new_key("member", "tv01", weak, scrypt_n=FAST_N)
    assert "passphrase" in ei.value.one_line() and "\n" not in ei.value.one_line()


def test_weak_passphrase_through_the_cli(run_cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(keys.ENV_PASSPHRASE, "12345678")
    code, _out, err = run_cli("--lang", "en", "keys", "new", "--member", "tv01")
    assert code == 9 and "too easy to guess" in err and "Traceback" not in err
    assert keys.list_keys() == []


# --- many files on one merge ------------------------------------------------------------------


def test_one_refused_bundle_among_many_does_not_stop_the_others(tmp_path: Path, province, run_cli) -> None:
    district = District(tmp_path)
    district.session("HD-065", "065", SID, seed=1)
    district.session("HD-066", "066", "2026-BB-01", seed=2)
    district.session("HD-067", "067", "2026-NR-01", seed=3, code_district="065")
    t = district.trust(tmp_path / "trust.json")
    good_a = district.export("HD-065", SID)
    forged = district.export("HD-067", "2026-NR-01")  # another district's product codes
    junk = tmp_path / "junk.ocop"
    junk.write_bytes(b"PK\x03\x04 not really")
    good_b = district.export("HD-066", "2026-BB-01")
    code, text, err = run_cli("--lang", "en", "--db", province.url, "merge", str(good_a), str(forged), str(junk),
                              str(good_b), "--trust", str(t.path), "--json")
    out = json.loads(text)
    assert [m["file"] for m in out["merged"]] == [str(good_a), str(good_b)]
    assert [r["file"] for r in out["refused"]] == [str(forged), str(junk)]
    assert code == 13 and "Traceback" not in err
    councils = {p["council"] for p in province_report(province)["products"]}
    assert councils == {"HD-065", "HD-066"}
    code, _text, err = run_cli("--lang", "en", "--db", province.url, "merge", str(forged), str(good_a),
                               "--trust", str(t.path))
    assert code == 13 and str(forged) in err


# --- the audit chain's head travels signed -----------------------------------------------------


def test_results_manifest_carries_the_signed_audit_chain_head(tmp_path: Path, run_cli) -> None:
    from ocop_desk.store.models import AuditHead

    district = District(tmp_path)
    district.session("HD-065", "065", SID, seed=1)
    _closed(district.store)
    with district.store.read() as s:
        head = s.get(AuditHead, 1)
        expected = {"seq": head.seq, "hash": head.hash}
    out = district.export("HD-065", SID)
    assert envelope.read_envelope(out).audit_head == expected and expected["seq"] > 0
    t = district.trust(tmp_path / "trust.json")
    code, text, _err = run_cli("--lang", "en", "bundle", "verify", str(out), "--trust", str(t.path), "--json")
    assert code == 0 and json.loads(text)["audit_head"] == expected
    code, text, _err = run_cli("--lang", "en", "bundle", "verify", str(out), "--trust", str(t.path))
    assert f"Audit chain head at export: {expected['seq']}:{expected['hash']}" in text


def test_a_key_that_cannot_speak_for_the_council_is_refused_before_anything_is_written(tmp_path: Path) -> None:
    district = District(tmp_path)
    district.session("HD-065", "065", SID, seed=1)
    wrong_unit = make_party("council", "HD-065", "066")
    _closed(district.store)
    before = snapshot(district.store)
    out = tmp_path / "never.ocop"
    with pytest.raises(UntrustedSigner, match="admin unit 066, not 065"):
        export_session_results(district.store, SID, wrong_unit.signer, out)
    assert not out.exists() and snapshot(district.store) == before


def test_a_keyed_member_who_sent_nothing_has_no_signed_sheets(tmp_path: Path) -> None:
    store = open_store(f"sqlite:///{tmp_path / 'thu-ky.sqlite3'}")
    import_session_data(store, district_session_data(store, district="065", council="HD-065", session=SID),
                        file="a")
    tv03 = make_party("member", "tv03", "065")
    trust_member(store, tmp_path / "trust.json", tv03)  # registered, but the secretary typed tv03's sheets
    hd = council_key("HD-065", "065")
    out = tmp_path / "ket-qua.ocop"
    _closed(store)
    export_session_results(store, SID, hd.signer, out)
    pt, _e = trust.add_key(trust.load_trust(tmp_path / "province-trust.json"), hd.stored.public)
    province = open_store(f"sqlite:///{tmp_path / 'tinh.sqlite3'}")
    merge_bundle(province, out, pt)
    report = province_report(province)
    typed = {c["product"] for c in export_session(store, SID)["scorecards"] if c["member"] == "tv03" and c["choices"]}
    assert typed and {c["product"] for c in report["conflicts"] if "tv03" in c["detail"]} == typed


def test_a_store_error_on_one_bundle_is_reported_by_its_name_and_the_rest_go_on(
        tmp_path: Path, province, monkeypatch: pytest.MonkeyPatch) -> None:
    from sqlalchemy.exc import DataError

    from ocop_desk.exchange import merge

    district = District(tmp_path)
    district.session("HD-065", "065", SID, seed=1)
    district.session("HD-066", "066", "2026-BB-01", seed=2)
    t = district.trust(tmp_path / "trust.json")
    first, second = district.export("HD-065", SID), district.export("HD-066", "2026-BB-01")
    real = merge._apply

    def too_long_for_postgresql(store, payload, *a, **k):  # type: ignore[no-untyped-def]
        if payload.council == "HD-065":
            raise DataError("INSERT", {}, Exception("value too long for type character varying(40)"))
        return real(store, payload, *a, **k)

    monkeypatch.setattr(merge, "_apply", too_long_for_postgresql)
    report = merge_files(province, [first, second], t)
    assert [o.council for o in report.outcomes] == ["HD-066"]
    assert [e.file for e in report.refused] == [str(first)] and report.exit_code == 11


def test_cli_member_key_trusted_but_not_registered_is_refused_in_one_line(tmp_path: Path, run_cli,
                                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    district = District(tmp_path)
    district.session("HD-065", "065", SID, seed=1)
    db = district.store.url
    monkeypatch.setenv(keys.ENV_PASSPHRASE, "mật khẩu thành viên tv02")
    assert run_cli("keys", "new", "--member", "tv02")[0] == 0
    pub, trust_path, card = tmp_path / "tv02.pub.json", tmp_path / "trust.json", tmp_path / "tv02.ocop"
    run_cli("keys", "export", "tv02", "--out", str(pub))
    assert run_cli("trust", "add", str(pub), "--trust", str(trust_path), "--yes")[0] == 0
    assert run_cli("--db", db, "bundle", "export", SID, "--member", "tv02", "--out", str(card))[0] == 0
    before = snapshot(district.store)
    code, _out, err = run_cli("--lang", "en", "--db", db, "bundle", "import", str(card), "--trust", str(trust_path))
    assert code == 13 and "--register-member HD-065" in err and str(card) in err
    assert len(err.strip().splitlines()) == 1 and snapshot(district.store) == before


def _closed(store) -> None:  # type: ignore[no-untyped-def]
    """Results are signed only for a closed session."""
    from ocop_desk.sessions import get_session

    from tests.core_fixtures import close_session

    if get_session(store, SID).state != "closed":
        close_session(store, SID)
