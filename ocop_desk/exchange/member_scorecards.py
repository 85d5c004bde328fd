"""Member scorecards between laptops: export one member's sheets signed, take them in, register keys.

The payload is `bundles/member_scorecards.py`.  The import goes through the session interchange
service, so a member scoring a product they may not score (conflict, not on the agenda) is
refused exactly as a typed choice would be.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select, update

from ocop_desk.bundles.envelope import Issuer
from ocop_desk.bundles.errors import BundleMalformed, CriteriaSetUnknown
from ocop_desk.bundles.keys import PublicKeyInfo, SigningKey
from ocop_desk.bundles.member_scorecards import FILE, KIND, claims_of, scorecards_doc, scorecards_payload
from ocop_desk.bundles.trust import TrustStore
from ocop_desk.bundles.verify import (VerifiedEnvelope, authorise, newer_than_current, registered_key_ids,
                                      verify_bundle)
from ocop_desk.canonical import canonical_json
from ocop_desk.errors import ImportRefused, NotFound, OcopError
from ocop_desk.exchange.authority import member_keys
from ocop_desk.exchange.session_results import ExportOutcome, write_signed
from ocop_desk.i18n import _
from ocop_desk.interchange import choices_to_file, export_session, import_session_data
from ocop_desk.sessions import agenda_criteria_sets, get_session, session_choices, session_notes
from ocop_desk.store.engine import Store
from ocop_desk.store.models import AgendaItem, Member, Product, Scorecard
from ocop_desk.store.province import EnvelopeReceived


def export_member_scorecards(store: Store, session_id: str, member: str, signer: SigningKey, out: Path, *,
                             supersedes: str | None = None) -> ExportOutcome:
    if signer.public.owner_kind != "member" or signer.public.owner_id != member:
        raise OcopError(_("scorecards must be signed with the key of member {member}").format(member=member),
                        place="key")
    d = get_session(store, session_id)
    d.member(member)
    choices, notes = session_choices(store, session_id), session_notes(store, session_id)
    sets = agenda_criteria_sets(store, d)
    cards: list[dict[str, Any]] = []
    for it in d.items:
        key = (it.product_code, member)
        if key in choices or key in notes:
            cards.append({"product": it.product_code, "criteria_set_hash": it.criteria_set_hash,
                          "choices": choices_to_file(sets[it.criteria_set_pk], choices.get(key, {})),
                          "notes": dict(sorted(notes.get(key, {}).items()))})
    doc = scorecards_payload(session_id, d.council.id, member, cards)
    payload = {FILE: canonical_json(doc)}
    counts = {"scorecards": len(cards)}
    return write_signed(out, KIND, Issuer(d.council.admin_unit or "", d.council.id, signer.key_id), payload, signer,
                        criteria_sets=sorted({c["criteria_set_hash"] for c in cards}), counts=counts,
                        supersedes=supersedes)


@dataclass(frozen=True)
class ScorecardImport:
    envelope_id: str
    session: str
    member: str
    status: str  # imported | unchanged
    scorecards: int
    choices_written: int = 0


def import_member_scorecards(store: Store, path: Path | str, trust: TrustStore) -> ScorecardImport:
    """Takes a member's signed scorecards into the session, after every check has passed."""
    return take_member_scorecards(store, verify_bundle(path, trust))


def take_member_scorecards(store: Store, verified: VerifiedEnvelope) -> ScorecardImport:
    """The import of an envelope already read and verified (`receive.receive_file` reads each file once)."""
    env = verified.envelope
    doc = scorecards_doc(env)
    key = verified.issuer_key
    member, session_id = doc["member"], doc["session"]
    detail = get_session(store, session_id)
    if detail.council.id != doc["council"]:
        raise BundleMalformed(_("session {sid} belongs to another council").format(sid=session_id), file=env.file,
                              place=FILE)
    detail.member(member)
    authorise(verified, claims_of(doc, env), member_keys=member_keys(store))
    hash_of = {it.product_code: it.criteria_set_hash for it in detail.items}
    for c in doc["scorecards"]:
        if c["product"] in hash_of and hash_of[c["product"]] != c["criteria_set_hash"]:
            raise CriteriaSetUnknown(_("scored against criteria set {hash}, but the session uses {used}").format(
                hash=c["criteria_set_hash"][:12], used=hash_of[c["product"]][:12]), file=env.file,
                place=f"{FILE}: {c['product']}")
    subject = f"{session_id}/{member}"
    with store.read() as s:
        if s.get(EnvelopeReceived, env.envelope_id) is not None:
            return ScorecardImport(env.envelope_id, session_id, member, "unchanged", len(doc["scorecards"]))
        rows = s.execute(select(EnvelopeReceived).where(EnvelopeReceived.kind == KIND,
                                                        EnvelopeReceived.council_id == detail.council.id,
                                                        EnvelopeReceived.subject == subject)).scalars().all()
        newer_than_current(rows, env, _("member {member} in session {session}").format(member=member,
                                                                                       session=session_id))
    data = export_session(store, session_id)
    data["scorecards"] = [{"member": member, "product": c["product"], "choices": c["choices"],
                           **({"notes": c["notes"]} if c.get("notes") else {})} for c in doc["scorecards"]]
    summary = import_session_data(store, data, file=env.file, digest=env.sha256, actor=member)
    with store.write() as s:
        for r in s.execute(select(EnvelopeReceived).where(EnvelopeReceived.kind == KIND,
                                                          EnvelopeReceived.council_id == detail.council.id,
                                                          EnvelopeReceived.subject == subject,
                                                          EnvelopeReceived.superseded_by.is_(None))).scalars():
            r.superseded_by = env.envelope_id
        s.add(EnvelopeReceived(envelope_id=env.envelope_id, kind=KIND, admin_unit=env.issuer.admin_unit,
                               council_id=detail.council.id, signer_key_id=key.key_id, subject=subject,
                               created_at=env.created_at, supersedes=env.supersedes,
                               sha256=env.sha256, file_name=Path(env.file).name, content=env.data))
        member_pk = s.scalar(select(Member.pk).where(Member.council_id == detail.council.id, Member.code == member))
        agenda = s.scalars(select(AgendaItem.pk).join(Product, Product.id == AgendaItem.product_id).where(
            AgendaItem.session_id == session_id,
            Product.code.in_([c["product"] for c in doc["scorecards"]]))).all()
        if agenda:
            s.execute(update(Scorecard).where(Scorecard.member_pk == member_pk, Scorecard.agenda_pk.in_(agenda))
                      .values(signed_envelope=env.envelope_id))
    return ScorecardImport(env.envelope_id, session_id, member, "imported", len(doc["scorecards"]),
                           summary.choices_written)


def register_member_key(store: Store, council_id: str, key: PublicKeyInfo) -> None:
    """Registers a member's public key with their council in this store before any envelope arrives.

    Replacing a registered key is refused: a lost key is handled by revoking it
    in the trust store and registering the new one after clearing the member's
    key by hand, so a quietly swapped key can never sign for someone.
    """
    if key.owner_kind != "member":
        raise ImportRefused(_("not a member's key"), place=key.key_id)
    with store.write() as s:
        row = s.scalar(select(Member).where(Member.council_id == council_id, Member.code == key.owner_id))
        if row is None:
            raise NotFound(_("member {code} is not in council {council}").format(code=key.owner_id,
                                                                                 council=council_id), place="member")
        if row.public_key and key.key_id not in registered_key_ids(row.public_key):
            raise ImportRefused(_("member {member} has another key registered in this store").format(
                member=key.owner_id), place=key.key_id)
        for other in s.scalars(select(Member).where(Member.public_key.contains(key.key_id), Member.pk != row.pk)):
            if key.key_id in registered_key_ids(other.public_key):
                # one key, one (council, member): "tv01" of two councils are two people
                raise ImportRefused(_("this key is already registered for member {member} of council {council}")
                                    .format(member=other.code, council=other.council_id), place=key.key_id)
        row.public_key = canonical_json(key.to_dict()).decode("utf-8")
