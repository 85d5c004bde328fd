"""Member → secretary scorecards, and commune → district dossier packages."""

from __future__ import annotations

import time
import zipfile
from pathlib import Path

import pytest

from bundle_helpers import council, english_messages, secretary, trust_store  # noqa: F401  (fixtures)
from bundle_helpers import SECRETARY_SESSION, cli_trust_admin, council_key, make_party, trust_member
from ocop_desk.bundles import trust
from ocop_desk.exchange.dossier_packages import export_dossier_package, import_dossier_package
from ocop_desk.bundles.errors import BundleMalformed, BundleStale, UntrustedSigner
from ocop_desk.bundles.errors import CriteriaSetUnknown
from ocop_desk.exchange.member_scorecards import export_member_scorecards, import_member_scorecards
from ocop_desk.exchange.session_results import export_session_results
from tests.core_fixtures import close_session, reopen_session
from ocop_desk.bundles.verify import verify_bundle
from ocop_desk.interchange import export_session, import_session_data
from ocop_desk.sessions import criteria_set_for, load_scorecard, record_choice
from ocop_desk.store.engine import open_store

SID = SECRETARY_SESSION


@pytest.fixture
def laptop(tmp_path: Path, secretary):  # type: ignore[no-untyped-def]
    store = open_store(f"sqlite:///{tmp_path / 'may-thanh-vien.sqlite3'}")
    import_session_data(store, export_session(secretary, SID), file="copy")
    return store


def _flip(store, product: str, member: str) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    cs = criteria_set_for(store, SID, product)
    crit = cs.criteria()[0] if isinstance(cs.criteria(), list) else next(iter(cs.criteria()))
    current = load_scorecard(store, SID, product, member).choices.get(crit.id)
    new = next(o.id for o in crit.options if o.id != current)
    record_choice(store, SID, product, member, crit.id, new)
    return crit.id, new


def test_member_scorecards_round_trip(tmp_path: Path, secretary, laptop) -> None:
    member = make_party("member", "tv02", "065")
    product = export_session(laptop, SID)["products"][0]["code"]
    crit, opt = _flip(laptop, product, "tv02")
    t = trust_member(secretary, tmp_path / "trust.json", member)
    first = tmp_path / "tv02-1.ocop"
    export_member_scorecards(laptop, SID, "tv02", member.signer, first)
    r = import_member_scorecards(secretary, first, t)
    assert r.status == "imported" and r.choices_written >= 1
    assert load_scorecard(secretary, SID, product, "tv02").choices[crit] == opt
    assert import_member_scorecards(secretary, first, t).status == "unchanged"

    # a later envelope from the same member supersedes; the earlier one replayed is refused
    time.sleep(1.05)
    crit2, opt2 = _flip(laptop, product, "tv02")
    second = tmp_path / "tv02-2.ocop"
    export_member_scorecards(laptop, SID, "tv02", member.signer, second, supersedes=r.envelope_id)
    assert import_member_scorecards(secretary, second, t).status == "imported"
    assert load_scorecard(secretary, SID, product, "tv02").choices[crit2] == opt2
    older = tmp_path / "tv02-0.ocop"
    older.write_bytes(first.read_bytes())
    assert import_member_scorecards(secretary, older, t).status == "unchanged"  # same id: already seen

    # the member's own signed envelope travels on inside the council's results bundle
    council = council_key("HD-065", "065")
    out = tmp_path / "ket-qua.ocop"
    close_session(secretary, SID)
    export_session_results(secretary, SID, council.signer, out)
    reopen_session(secretary, SID)
    with zipfile.ZipFile(out) as zf:
        nested = [n for n in zf.namelist() if n.startswith("payload/member-envelopes/")]
    assert len(nested) == 1
    with zipfile.ZipFile(out) as zf:
        inner = tmp_path / "inner.ocop"
        inner.write_bytes(zf.read(nested[0]))
    assert verify_bundle(inner, t).envelope.envelope_id in nested[0]


def test_stale_member_envelope_refused(tmp_path: Path, secretary, laptop) -> None:
    member = make_party("member", "tv02", "065")
    t = trust_member(secretary, tmp_path / "trust.json", member)
    a, b = tmp_path / "a.ocop", tmp_path / "b.ocop"
    export_member_scorecards(laptop, SID, "tv02", member.signer, a)
    time.sleep(1.05)
    export_member_scorecards(laptop, SID, "tv02", member.signer, b)
    import_member_scorecards(secretary, b, t)
    with pytest.raises(BundleStale):
        import_member_scorecards(secretary, a, t)


def test_scorecards_signed_by_another_members_key_refused(tmp_path: Path, secretary, laptop) -> None:
    other = make_party("member", "tv03", "065")
    t, _e = trust.add_key(trust.load_trust(tmp_path / "trust.json"), other.stored.public)
    # the exporter will not sign tv02's cards with tv03's key ...
    with pytest.raises(Exception, match="tv02"):
        export_member_scorecards(laptop, SID, "tv02", other.signer, tmp_path / "x.ocop")
    # ... and a hand-made envelope that does is refused on import
    from ocop_desk.bundles.envelope import Issuer, build_manifest, write_envelope
    from ocop_desk.canonical import canonical_json

    payload = {"scorecards.json": canonical_json({"format": "ocop-desk/member-scorecards@1", "session": SID,
                                                  "council": "HD-065", "member": "tv02", "scorecards": []})}
    m = build_manifest("member-scorecards", Issuer("065", "HD-065", other.signer.key_id), payload)
    write_envelope(tmp_path / "forged.ocop", m, payload, [other.signer])
    with pytest.raises(UntrustedSigner, match="tv02"):
        import_member_scorecards(secretary, tmp_path / "forged.ocop", t)


def test_scorecards_for_another_criteria_set_version_refused(tmp_path: Path, secretary, laptop) -> None:
    from ocop_desk.bundles.envelope import Issuer, build_manifest, write_envelope
    from ocop_desk.canonical import canonical_json

    member = make_party("member", "tv02", "065")
    t = trust_member(secretary, tmp_path / "trust.json", member)
    product = export_session(laptop, SID)["products"][0]["code"]
    payload = {"scorecards.json": canonical_json({
        "format": "ocop-desk/member-scorecards@1", "session": SID, "council": "HD-065", "member": "tv02",
        "scorecards": [{"product": product, "criteria_set_hash": "ab" * 32, "choices": {}, "notes": {}}]})}
    m = build_manifest("member-scorecards", Issuer("065", "HD-065", member.signer.key_id), payload,
                       criteria_sets=["ab" * 32])
    write_envelope(tmp_path / "v.ocop", m, payload, [member.signer])
    before = export_session(secretary, SID)
    with pytest.raises(CriteriaSetUnknown) as ei:
        import_member_scorecards(secretary, tmp_path / "v.ocop", t)
    assert ei.value.exit_code == 16
    assert export_session(secretary, SID) == before


def test_dossier_package_commune_to_district(tmp_path: Path) -> None:
    from ocop_desk.dossiers import attach_evidence, get_product, save_producer, save_product

    commune = open_store(f"sqlite:///{tmp_path / 'xa.sqlite3'}")
    pid = save_producer(commune, "Hợp tác xã Nông sản Yên Đĩnh", "HTX", "Xã Yên Đĩnh", "Thôn Bản Đồn", "0912345678")
    save_product(commune, "06-065-014-2026", "Gạo Bao Thai Yên Đĩnh", pid, year=2026)
    ev = tmp_path / "Giấy chứng nhận ATTP.pdf"
    ev.write_bytes(b"%PDF-1.4 chung nhan an toan thuc pham")
    attach_evidence(commune, "06-065-014-2026", ev, kind="food-safety")
    officer = make_party("member", "can-bo-xa-yen-dinh", "02089", level="commune")
    out = tmp_path / "ho-so.ocop"
    export_dossier_package(commune, "06-065-014-2026", officer.signer, out)
    t, _e = trust.add_key(trust.load_trust(tmp_path / "trust.json"), officer.stored.public)
    district = open_store(f"sqlite:///{tmp_path / 'huyen.sqlite3'}")
    r = import_dossier_package(district, out, t)
    assert r.status == "imported" and r.evidence_added == 1
    p = get_product(district, "06-065-014-2026")
    assert p.name == "Gạo Bao Thai Yên Đĩnh" and p.producer.name == "Hợp tác xã Nông sản Yên Đĩnh"
    assert [e.original_name for e in p.evidence] == ["Giấy chứng nhận ATTP.pdf"]
    assert p.evidence[0].path.read_bytes() == ev.read_bytes()
    assert import_dossier_package(district, out, t).status == "unchanged"
    assert len(get_product(district, "06-065-014-2026").evidence) == 1


def test_each_reader_refuses_a_bundle_of_another_kind_naming_both(tmp_path: Path, secretary, laptop) -> None:
    from ocop_desk.exchange.merge import merge_bundle
    from tests.core_fixtures import snapshot

    member = make_party("member", "tv02", "065")
    t = trust_member(secretary, tmp_path / "trust.json", member)
    card = tmp_path / "tv02.ocop"
    export_member_scorecards(laptop, SID, "tv02", member.signer, card)
    before = snapshot(secretary)
    for reader, expected in ((import_dossier_package, "dossier package"), (merge_bundle, "session results")):
        with pytest.raises(BundleMalformed) as caught:
            reader(secretary, card, t)
        line = caught.value.one_line()
        assert "member scorecards" in line and expected in line and "manifest.json" in line, line
    assert snapshot(secretary) == before


def test_province_checks_member_signatures_carried_in_results(tmp_path: Path, secretary, laptop) -> None:
    from ocop_desk.exchange.merge import merge_bundle
    from ocop_desk.exchange.province import province_report

    member = make_party("member", "tv02", "065")
    council = council_key("HD-065", "065")
    t = trust_member(secretary, tmp_path / "trust.json", member)
    t, _e = trust.add_key(t, council.stored.public)
    product = export_session(laptop, SID)["products"][0]["code"]
    _flip(laptop, product, "tv02")
    card = tmp_path / "tv02.ocop"
    export_member_scorecards(laptop, SID, "tv02", member.signer, card)
    import_member_scorecards(secretary, card, t)

    province_trust = trust.load_trust(tmp_path / "province-trust.json")
    province_trust, _e = trust.add_key(province_trust, council.stored.public)  # the province knows only the council
    honest = tmp_path / "honest.ocop"
    close_session(secretary, SID)
    export_session_results(secretary, SID, council.signer, honest)
    reopen_session(secretary, SID)
    clean = open_store(f"sqlite:///{tmp_path / 'tinh-1.sqlite3'}")
    first = merge_bundle(clean, honest, province_trust)
    assert first.conflicts == 0, province_report(clean)["conflicts"]

    # the secretary changes a member-signed choice afterwards: the province lists it, holds the product
    _flip(secretary, product, "tv02")
    edited = tmp_path / "edited.ocop"
    close_session(secretary, SID)
    export_session_results(secretary, SID, council.signer, edited)
    reopen_session(secretary, SID)
    other = open_store(f"sqlite:///{tmp_path / 'tinh-2.sqlite3'}")
    outcome = merge_bundle(other, edited, province_trust)
    conflicts = province_report(other)["conflicts"]
    assert outcome.conflicts == 1 and conflicts[0]["kind"] == "member-signature"
    assert conflicts[0]["product"] == product and "tv02" in conflicts[0]["detail"]


def test_dossier_with_hostile_evidence_names_stays_in_the_managed_folder(tmp_path: Path) -> None:
    from ocop_desk.bundles.envelope import Issuer, build_manifest, write_envelope
    from ocop_desk.bundles.errors import BundleTampered
    from ocop_desk.canonical import canonical_json
    from ocop_desk.dossiers import get_product

    officer = make_party("member", "can-bo-xa", "02089", level="commune")
    t, _e = trust.add_key(trust.load_trust(tmp_path / "trust.json"), officer.stored.public)
    data = b"evidence bytes"
    import hashlib

    digest = hashlib.sha256(data).hexdigest()

    def package(evidence_path: str, name: str, content: bytes) -> Path:
        doc = {"format": "ocop-desk/dossier-package@1",
               "producer": {"name": "Tổ hợp tác Miến dong", "kind": "THT", "commune": "Xã Côn Minh",
                            "commune_code": "02089", "address": "", "phone": ""},
               "product": {"code": "06-066-003-2026", "name": "Miến dong Côn Minh", "year": 2026,
                           "stage": "evaluation", "criteria_set": None, "criteria_set_hash": None},
               "evidence": [{"path": evidence_path, "name": name, "sha256": digest, "size": len(data),
                             "kind": None, "criterion_id": None}]}
        payload = {"dossier.json": canonical_json(doc), "evidence/a.pdf": content}
        m = build_manifest("dossier-package", Issuer("02089", "can-bo-xa", officer.signer.key_id), payload)
        out = tmp_path / f"pkg-{len(list(tmp_path.glob('pkg-*')))}.ocop"
        write_envelope(out, m, payload, [officer.signer])
        return out

    district = open_store(f"sqlite:///{tmp_path / 'huyen.sqlite3'}")
    with pytest.raises(BundleTampered):  # dossier.json's digest and the carried file disagree
        import_dossier_package(district, package("evidence/a.pdf", "a.pdf", b"other bytes"), t)
    r = import_dossier_package(district, package("evidence/a.pdf", "../../../etc/passwd", data), t)
    assert r.evidence_added == 1
    ev = get_product(district, "06-066-003-2026").evidence[0]
    assert "/" not in ev.original_name and ev.path.read_bytes() == data
    assert not (tmp_path.parent / "etc").exists()


def test_registered_member_key_is_the_only_one_accepted(tmp_path: Path, secretary, laptop, run_cli) -> None:
    from ocop_desk.bundles import keys

    real, impostor = make_party("member", "tv02", "065"), make_party("member", "tv02", "065")
    pub = tmp_path / "tv02.pub.json"
    keys.write_json_atomic(pub, real.stored.public.to_dict())
    trust_path = tmp_path / "trust.json"
    code, out, err = run_cli("--lang", "en", "--db", secretary.url, "trust", "add", str(pub), "--trust",
                             str(trust_path), "--yes", "--register-member", "HD-065", *cli_trust_admin(tmp_path))
    assert code == 0 and "Registered" in out, err
    t, _e = trust.add_key(trust.load_trust(trust_path), impostor.stored.public)  # trusted, but not registered
    forged = tmp_path / "impostor.ocop"
    export_member_scorecards(laptop, SID, "tv02", impostor.signer, forged)
    before = export_session(secretary, SID)
    with pytest.raises(UntrustedSigner, match="another key registered"):
        import_member_scorecards(secretary, forged, t)
    assert export_session(secretary, SID) == before
    good = tmp_path / "real.ocop"
    export_member_scorecards(laptop, SID, "tv02", real.signer, good)
    assert import_member_scorecards(secretary, good, t).status == "imported"
