"""Dossier packages: export a product's dossier signed (commune), take a package in (district).

The payload is `bundles/dossier_package.py`.  A package may never change what a closed
session scored.
"""

from __future__ import annotations

import hashlib
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from ocop_desk.bundles.dossier_package import FILE, KIND, PAYLOAD_FORMAT, dossier_doc, evidence_path, safe_name
from ocop_desk.bundles.envelope import Issuer
from ocop_desk.bundles.errors import BundleTampered, CriteriaSetUnknown
from ocop_desk.bundles.keys import SigningKey
from ocop_desk.bundles.trust import TrustStore
from ocop_desk.bundles.verify import Claims, VerifiedEnvelope, authorise, newer_than_current, verify_bundle
from ocop_desk.canonical import canonical_json
from ocop_desk.catalogue import criteria_set_by_pk, resolve_criteria_set
from ocop_desk.dossiers import apply_dossier, get_product
from ocop_desk.errors import NotFound, SessionLocked
from ocop_desk.exchange.authority import unit_ancestors
from ocop_desk.exchange.session_results import ExportOutcome, write_signed
from ocop_desk.i18n import _
from ocop_desk.store.engine import Store
from ocop_desk.store.models import AgendaItem, Product, SessionRow
from ocop_desk.store.province import EnvelopeReceived


def export_dossier_package(store: Store, product_code: str, signer: SigningKey, out: Path, *,
                           supersedes: str | None = None) -> ExportOutcome:
    p = get_product(store, product_code)
    payload: dict[str, bytes] = {}
    evidence = []
    hashes = []
    for ev in p.evidence:
        data = ev.path.read_bytes()
        if hashlib.sha256(data).hexdigest() != ev.sha256:
            raise BundleTampered(_("the managed copy of an evidence file no longer matches its SHA-256"),
                                 file=str(ev.path), place=ev.original_name)
        rel = evidence_path(ev.sha256, ev.original_name)
        payload[rel] = data
        evidence.append({"path": rel, "name": ev.original_name, "sha256": ev.sha256, "size": ev.size,
                         "kind": ev.kind, "criterion_id": ev.criterion_id})
    if p.criteria_set_pk is not None:
        hashes.append(criteria_set_by_pk(store, p.criteria_set_pk).content_hash)
    pr = p.producer
    commune_code = signer.public.admin_unit if signer.public.level == "commune" else ""
    doc = {"format": PAYLOAD_FORMAT,
           "producer": {"name": pr.name, "kind": pr.kind, "commune": pr.commune, "commune_code": commune_code,
                        "address": pr.address, "phone": pr.phone},
           "product": {"code": p.code, "name": p.name, "year": p.year, "stage": p.stage,
                       "criteria_set": p.criteria_set_id, "criteria_set_hash": hashes[0] if hashes else None},
           "evidence": evidence}
    payload[FILE] = canonical_json(doc)
    counts = {"products": 1, "evidence_files": len(evidence)}
    return write_signed(out, KIND, Issuer(signer.public.admin_unit, signer.public.owner_id, signer.key_id),
                        payload, signer, criteria_sets=hashes, counts=counts, supersedes=supersedes)


@dataclass(frozen=True)
class DossierImport:
    envelope_id: str
    product: str
    status: str  # imported | unchanged
    evidence_added: int


def import_dossier_package(store: Store, path: Path | str, trust: TrustStore) -> DossierImport:
    return take_dossier_package(store, verify_bundle(path, trust))


def take_dossier_package(store: Store, verified: VerifiedEnvelope) -> DossierImport:
    """Takes in a verified dossier package, after the checks of who may send it and what it may change."""
    env = verified.envelope
    doc = dossier_doc(env)
    pr, p = doc["producer"], doc["product"]
    authorise(verified, Claims(council=env.issuer.council, admin_unit=env.issuer.admin_unit, products=(p["code"],),
                               communes=(pr.get("commune_code", ""),)), unit_ancestors=unit_ancestors(store))
    with store.read() as s:
        if s.get(EnvelopeReceived, env.envelope_id) is not None:
            return DossierImport(env.envelope_id, p["code"], "unchanged", 0)
        rows = s.execute(select(EnvelopeReceived).where(EnvelopeReceived.kind == KIND,
                                                        EnvelopeReceived.subject == p["code"])).scalars().all()
        newer_than_current(rows, env, _("product {code}").format(code=p["code"]))
    _keep_closed_sessions(store, env.file, doc)
    set_ref = None
    if p["criteria_set"]:
        try:
            _pk, cs = resolve_criteria_set(store, p.get("criteria_set_hash") or p["criteria_set"])
        except NotFound as exc:
            raise CriteriaSetUnknown(_("the dossier names a criteria set this store does not know"),
                                     file=env.file, place=f"{FILE}: product.criteria_set") from exc
        set_ref = cs.content_hash
    try:
        have = {e.sha256 for e in get_product(store, p["code"]).evidence}
    except NotFound:
        have = set()
    with tempfile.TemporaryDirectory(prefix="ocop-dossier-") as tmp:
        files = []
        for i, ev in enumerate(doc["evidence"]):
            if ev["sha256"] in have:
                continue
            folder = Path(tmp) / str(i)
            folder.mkdir()
            f = folder / safe_name(ev["name"])
            f.write_bytes(env.payload_bytes(ev["path"]))
            files.append((f, ev["kind"], ev["criterion_id"]))
            have.add(ev["sha256"])
        # one transaction: a refused evidence file leaves the producer and product unwritten too
        added = apply_dossier(store, pr, {**p, "criteria_set": set_ref}, files, actor=env.issuer.council)
    with store.write() as s:
        for r in s.execute(select(EnvelopeReceived).where(EnvelopeReceived.kind == KIND,
                                                          EnvelopeReceived.subject == p["code"],
                                                          EnvelopeReceived.superseded_by.is_(None))).scalars():
            r.superseded_by = env.envelope_id
        s.add(EnvelopeReceived(envelope_id=env.envelope_id, kind=KIND, admin_unit=env.issuer.admin_unit,
                               council_id=env.issuer.council, signer_key_id=env.issuer.key_id,
                               subject=p["code"], created_at=env.created_at, supersedes=env.supersedes,
                               sha256=env.sha256, file_name=Path(env.file).name))
    return DossierImport(env.envelope_id, p["code"], "imported", added)


def _keep_closed_sessions(store: Store, file: str, doc: dict[str, Any]) -> None:
    """A package may not change what a closed session scored: once a product was on a closed
    session's agenda, its name and producer, and the dossier of that session's year, stay."""
    pr, p = doc["producer"], doc["product"]
    with store.read() as s:
        last = s.scalar(select(func.max(SessionRow.date)).join(AgendaItem, AgendaItem.session_id == SessionRow.id)
                        .join(Product, Product.id == AgendaItem.product_id)
                        .where(Product.code == p["code"], SessionRow.state == "closed"))
    if last is None:
        return
    try:
        have = get_product(store, p["code"])
    except NotFound:
        return
    hp = have.producer
    changed = [name for name, old, new in (
        ("product.name", have.name, p["name"]), ("producer.name", hp.name, pr["name"]),
        ("producer.kind", hp.kind, pr["kind"]), ("producer.commune", hp.commune, pr["commune"]))
        if (old or "") != (new or "")]
    if p["year"] <= last.year and have.year == p["year"] and p["criteria_set"] and \
            (have.criteria_set_id or "") != p["criteria_set"]:
        changed.append("product.criteria_set")
    if changed:
        raise SessionLocked(_("product {code} was scored in a closed session ({date}); a dossier package "
                              "cannot change what that session scored").format(code=p["code"], date=last.isoformat()),
                            file=file, place=f"{FILE}: {changed[0]}")
