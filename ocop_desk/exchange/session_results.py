"""Export a closed session's results as a council-signed `session-results` bundle.

The payload's shape is `bundles/session_results.py`; this module gathers it from the store,
signs it, and notes in the audit log that it left (the minutes print that file's digest).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Mapping

from sqlalchemy import select

from ocop_desk import audit
from ocop_desk.bundles.envelope import Issuer, build_manifest, write_envelope
from ocop_desk.bundles.keys import SigningKey
from ocop_desk.bundles.session_results import KIND, RESULTS_FORMAT, build_payload, mean_text
from ocop_desk.bundles.verify import bind_issuer
from ocop_desk.errors import OcopError, SessionLocked
from ocop_desk.i18n import _
from ocop_desk.interchange import export_session
from ocop_desk.results import session_results
from ocop_desk.scoring.criteria import CriteriaSet
from ocop_desk.scoring.profiles import profile_to_dict
from ocop_desk.store.engine import Store
from ocop_desk.store.models import AuditEntry, Member
from ocop_desk.store.province import EnvelopeReceived


@dataclass(frozen=True)
class ExportOutcome:
    path: Path
    envelope_id: str
    kind: str
    counts: Mapping[str, int]


def write_signed(out: Path, kind: str, issuer: Issuer, payload: Mapping[str, bytes], signer: SigningKey, *,
                 criteria_sets: list[str], counts: Mapping[str, int], supersedes: str | None,
                 audit_head: Mapping[str, Any] | None = None) -> ExportOutcome:
    """The manifest of `payload`, signed by `signer`, written with it to `out` — every export's last step."""
    manifest = build_manifest(kind, issuer, payload, criteria_sets=criteria_sets, counts=counts,
                              supersedes=supersedes, audit_head=audit_head)
    write_envelope(out, manifest, payload, [signer])
    return ExportOutcome(path=Path(out), envelope_id=manifest["envelope_id"], kind=kind, counts=counts)


def export_session_results(store: Store, session_id: str, signer: SigningKey, out: Path, *,
                           minutes_pdf: Path | None = None, supersedes: str | None = None,
                           progress: Callable[[int, int], None] | None = None) -> ExportOutcome:
    """Writes the council-signed results bundle of one session."""
    res = session_results(store, session_id)
    if res.session.state != "closed":
        raise SessionLocked(_("session {sid} is not closed; its results are signed only once the council has "
                              "closed it").format(sid=session_id), place="session")
    council = res.session.council
    if signer.public.owner_kind != "council" or signer.public.owner_id != council.id:
        raise OcopError(_("session results must be signed with the key of council {council}").format(
            council=council.id), place="key")
    bind_issuer(KIND, Issuer(council.admin_unit or "", council.id, signer.key_id), signer.public)
    session_doc = export_session(store, session_id)
    cards_per_product: dict[str, int] = {}
    for card in session_doc["scorecards"]:
        cards_per_product[card["product"]] = cards_per_product.get(card["product"], 0) + 1
    products = []
    sets: dict[str, CriteriaSet] = {}
    for i, p in enumerate(res.products):
        r = p.result
        cs = p.criteria_set
        sets[cs.content_hash] = cs
        products.append({
            "code": p.code, "name": p.item.product_name, "producer": p.item.producer_name,
            "group_id": cs.group_id, "criteria_set": cs.id, "criteria_set_hash": cs.content_hash,
            "status": r.status, "mean": mean_text(r.mean), "star": r.star,
            "scorecards": cards_per_product.get(p.code, 0),
        })
        if progress:
            progress(i + 1, len(res.products))
    results_doc = {
        "format": RESULTS_FORMAT, "session": session_id, "council": council.id,
        "admin_unit": council.admin_unit or "", "level": council.level, "profile": res.profile.id,
        "state": res.session.state, "products": products,
    }
    with store.read() as s:
        members = s.execute(select(EnvelopeReceived.envelope_id, EnvelopeReceived.content).where(
            EnvelopeReceived.kind == "member-scorecards", EnvelopeReceived.council_id == council.id,
            EnvelopeReceived.subject.startswith(session_id + "/"),
            EnvelopeReceived.superseded_by.is_(None))).all()
        registered = s.execute(select(Member.public_key).where(Member.council_id == council.id,
                                                               Member.public_key.is_not(None))).scalars().all()
    minutes = None
    if minutes_pdf is not None:
        try:
            minutes = Path(minutes_pdf).read_bytes()
        except OSError as exc:
            raise OcopError(_("cannot read the minutes"), file=str(minutes_pdf)) from exc
    # every registered member key travels, so the province knows whose sheets must be signed
    member_keys = [json.loads(k) for k in registered if k] if members or registered else None
    payload = build_payload(session_doc, results_doc, profile_to_dict(res.profile),
                            {h: cs.to_dict() for h, cs in sets.items()},
                            member_envelopes={env_id: content for env_id, content in members if content},
                            member_keys=member_keys, minutes=minutes)
    counts = {"products": len(products), "scorecards": len(session_doc["scorecards"]),
              "criteria_sets": len(sets), "member_envelopes": len(members)}
    outcome = write_signed(out, KIND, Issuer(council.admin_unit or "", council.id, signer.key_id), payload, signer,
                           criteria_sets=sorted(sets), counts=counts, supersedes=supersedes,
                           audit_head=audit_chain_head(store))
    record_export(store, session_id, outcome.path, outcome.envelope_id)
    return outcome


def audit_chain_head(store: Store) -> dict[str, Any]:
    """The audit chain's tip ({"seq", "hash"}) as the results leave: signed into the manifest, it
    is an anchor outside the database against which a rewritten or shortened log shows."""
    head = audit.chain_head(store)
    return {"seq": head.seq, "hash": head.hash}


def record_export(store: Store, session_id: str, path: Path, envelope_id: str) -> str:
    """Note in the audit log that a results bundle left this store, with the file's SHA-256.

    The minutes printed afterwards carry that digest and its QR code, so the
    paper signed by the chair and the file that reached the province can be
    matched.  Returns the digest.
    """
    digest = hashlib.sha256(Path(path).read_bytes()).hexdigest()
    with store.write() as s:
        audit.append(s, "bundle_export", session_id, {"envelope": envelope_id, "sha256": digest,
                                                      "file": Path(path).name})
    return digest


def last_export_digest(store: Store, session_id: str) -> str:
    """The SHA-256 of the newest results bundle exported for the session, or "" if none."""
    with store.read() as s:
        detail = s.scalar(select(AuditEntry.detail).where(AuditEntry.action == "bundle_export",
                                                          AuditEntry.entity == session_id)
                          .order_by(AuditEntry.seq.desc()).limit(1))
    return json.loads(detail)["sha256"] if detail else ""
