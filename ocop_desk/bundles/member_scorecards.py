"""The `member-scorecards` payload: one member's sheets, from their laptop to the secretary's.

Payload: `scorecards.json` = {"format": "ocop-desk/member-scorecards@2", "session", "council",
"member", "scorecards": [{"product", "criteria_set_hash", "choices", "notes"}]}; `choices` as in the
session file @2 (a checklist as the list of its ticked option ids, a case keyed by its section id).
Payloads of `@1` (every choice one option id) are still read.
The import goes through the session interchange service, so a member
scoring a product they may not score (conflict, not on the agenda) is
refused exactly as a typed choice would be.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ocop_desk.bundles.envelope import Issuer, build_manifest, write_envelope
from ocop_desk.bundles.errors import BundleMalformed, BundleStale, UntrustedSigner
from ocop_desk.bundles.keys import SigningKey
from ocop_desk.bundles.session_results import ExportOutcome
from ocop_desk.bundles.trust import TrustStore
from ocop_desk.bundles.verify import verify_bundle
from ocop_desk.canonical import canonical_json
from ocop_desk.errors import BundleRejected, OcopError
from ocop_desk.i18n import _

KIND = "member-scorecards"
PAYLOAD_FORMAT = "ocop-desk/member-scorecards@2"
PAYLOAD_FORMATS = (PAYLOAD_FORMAT, "ocop-desk/member-scorecards@1")
FILE = "scorecards.json"


class CriteriaSetUnknown(BundleRejected):
    """Scorecards made against a criteria-set version this store does not use."""

    exit_code = 16


def export_member_scorecards(store: Any, session_id: str, member: str, signer: SigningKey, out: Path, *,
                             supersedes: str | None = None) -> ExportOutcome:
    from ocop_desk.catalogue import criteria_set_by_pk
    from ocop_desk.interchange import choices_to_file
    from ocop_desk.sessions import get_session, session_choices, session_notes

    if signer.public.owner_kind != "member" or signer.public.owner_id != member:
        raise OcopError(_("scorecards must be signed with the key of member {member}").format(member=member),
                        place="key")
    d = get_session(store, session_id)
    d.member(member)
    choices, notes = session_choices(store, session_id), session_notes(store, session_id)
    cards = []
    for it in d.items:
        key = (it.product_code, member)
        if key in choices or key in notes:
            cards.append({"product": it.product_code, "criteria_set_hash": it.criteria_set_hash,
                          "choices": choices_to_file(criteria_set_by_pk(store, it.criteria_set_pk),
                                                     choices.get(key, {})),
                          "notes": dict(sorted(notes.get(key, {}).items()))})
    doc = {"format": PAYLOAD_FORMAT, "session": session_id, "council": d.council.id, "member": member,
           "scorecards": cards}
    payload = {FILE: canonical_json(doc)}
    counts = {"scorecards": len(cards)}
    manifest = build_manifest(KIND, Issuer(d.council.admin_unit or "", d.council.id, signer.key_id), payload,
                              criteria_sets=sorted({c["criteria_set_hash"] for c in cards}), counts=counts,
                              supersedes=supersedes)
    write_envelope(out, manifest, payload, [signer])
    return ExportOutcome(path=Path(out), envelope_id=manifest["envelope_id"], kind=KIND, counts=counts)


@dataclass(frozen=True)
class ScorecardImport:
    envelope_id: str
    session: str
    member: str
    status: str  # imported | unchanged
    scorecards: int
    choices_written: int = 0


def _doc(env: Any) -> dict[str, Any]:
    doc = env.json_payload(FILE)
    ok = (isinstance(doc, dict) and doc.get("format") in PAYLOAD_FORMATS and isinstance(doc.get("scorecards"), list)
          and all(isinstance(doc.get(k), str) for k in ("session", "council", "member")))
    if ok:
        for c in doc["scorecards"]:
            ok = ok and isinstance(c, dict) and isinstance(c.get("product"), str) \
                and isinstance(c.get("criteria_set_hash"), str) and isinstance(c.get("choices"), dict) \
                and isinstance(c.get("notes", {}), dict) and _card_values_ok(c, doc["format"] == PAYLOAD_FORMAT)
    if not ok:
        raise BundleMalformed(_("not a member scorecards file"), file=env.file, place=FILE)
    if doc["council"] != env.issuer.council:
        raise BundleMalformed(_("the payload names another council than the signed issuer"), file=env.file, place=FILE)
    return doc


def import_member_scorecards(store: Any, path: Path | str, trust: TrustStore) -> ScorecardImport:
    """Takes a member's signed scorecards into the session, after every check has passed."""
    from sqlalchemy import select, update

    from ocop_desk.interchange import export_session, import_session_data
    from ocop_desk.sessions import get_session
    from ocop_desk.store.models import AgendaItem, Member, Product, Scorecard
    from ocop_desk.store.province import EnvelopeReceived

    verified = verify_bundle(path, trust)
    env = verified.envelope
    if env.kind != KIND:
        raise BundleMalformed(_("not a member scorecards bundle"), file=env.file, place="manifest.json")
    doc = _doc(env)
    key = verified.issuer_key
    member, session_id = doc["member"], doc["session"]
    if key.owner_kind != "member" or key.owner_id != member:
        raise UntrustedSigner(_("signed by a key that is not member {member}'s").format(member=member),
                              file=env.file, place=f"key {key.key_id}")
    detail = get_session(store, session_id)
    if detail.council.id != doc["council"]:
        raise BundleMalformed(_("session {sid} belongs to another council").format(sid=session_id), file=env.file,
                              place=FILE)
    detail.member(member)
    with store.read() as s:
        registered = s.scalar(select(Member.public_key).where(Member.council_id == detail.council.id,
                                                               Member.code == member))
    if registered and key.key_id not in registered:
        raise UntrustedSigner(_("member {member} has another key registered in this store").format(member=member),
                              file=env.file, place=f"key {key.key_id}")
    hash_of = {it.product_code: it.criteria_set_hash for it in detail.items}
    for c in doc["scorecards"]:
        if c["product"] in hash_of and hash_of[c["product"]] != c["criteria_set_hash"]:
            raise CriteriaSetUnknown(_("scored against criteria set {hash}, but the session uses {used}").format(
                hash=c["criteria_set_hash"][:12], used=hash_of[c["product"]][:12]), file=env.file,
                place=f"{FILE}: {c['product']}")
    subject = f"{session_id}/{member}"
    raw = Path(path).read_bytes()
    with store.read() as s:
        if s.get(EnvelopeReceived, env.envelope_id) is not None:
            return ScorecardImport(env.envelope_id, session_id, member, "unchanged", len(doc["scorecards"]))
        rows = s.execute(select(EnvelopeReceived).where(EnvelopeReceived.kind == KIND,
                                                        EnvelopeReceived.subject == subject)).scalars().all()
    for r in rows:
        if r.supersedes == env.envelope_id or (r.superseded_by is None and env.supersedes != r.envelope_id
                                               and env.created_at <= r.created_at):
            raise BundleStale(_("older than scorecards already imported from this member ({current})").format(
                current=r.envelope_id), file=env.file)
    data = export_session(store, session_id)
    data["scorecards"] = [{"member": member, "product": c["product"], "choices": c["choices"],
                           **({"notes": c["notes"]} if c.get("notes") else {})} for c in doc["scorecards"]]
    summary = import_session_data(store, data, file=str(path), digest=hashlib.sha256(raw).hexdigest(), actor=member)
    with store.write() as s:
        for r in s.execute(select(EnvelopeReceived).where(EnvelopeReceived.kind == KIND,
                                                          EnvelopeReceived.subject == subject,
                                                          EnvelopeReceived.superseded_by.is_(None))).scalars():
            r.superseded_by = env.envelope_id
        s.add(EnvelopeReceived(envelope_id=env.envelope_id, kind=KIND, admin_unit=env.issuer.admin_unit,
                               council_id=detail.council.id, signer_key_id=key.key_id, subject=subject,
                               created_at=env.created_at, supersedes=env.supersedes,
                               sha256=hashlib.sha256(raw).hexdigest(), file_name=Path(path).name, content=raw))
        row = s.scalar(select(Member).where(Member.council_id == detail.council.id, Member.code == member))
        member_pk = row.pk
        if not row.public_key:
            # The first verified envelope registers the member's key: from then on only that key
            # is accepted for this member here, and it travels on in the session-results bundle.
            row.public_key = canonical_json(key.to_dict()).decode("utf-8")
        agenda = s.scalars(select(AgendaItem.pk).join(Product, Product.id == AgendaItem.product_id).where(
            AgendaItem.session_id == session_id,
            Product.code.in_([c["product"] for c in doc["scorecards"]]))).all()
        if agenda:
            s.execute(update(Scorecard).where(Scorecard.member_pk == member_pk, Scorecard.agenda_pk.in_(agenda))
                      .values(signed_envelope=env.envelope_id))
    return ScorecardImport(env.envelope_id, session_id, member, "imported", len(doc["scorecards"]),
                           summary.choices_written)


def register_member_key(store: Any, council_id: str, key: Any) -> None:
    """Registers a member's public key with their council in this store before any envelope arrives.

    Replacing a registered key is refused: a lost key is handled by revoking it
    in the trust store and registering the new one after clearing the member's
    key by hand, so a quietly swapped key can never sign for someone.
    """
    from sqlalchemy import select

    from ocop_desk.errors import ImportRefused, NotFound
    from ocop_desk.store.models import Member

    if key.owner_kind != "member":
        raise ImportRefused(_("not a member's key"), place=key.key_id)
    with store.write() as s:
        row = s.scalar(select(Member).where(Member.council_id == council_id, Member.code == key.owner_id))
        if row is None:
            raise NotFound(_("member {code} is not in council {council}").format(code=key.owner_id,
                                                                                 council=council_id), place="member")
        if row.public_key and key.key_id not in row.public_key:
            raise ImportRefused(_("member {member} has another key registered in this store").format(
                member=key.owner_id), place=key.key_id)
        row.public_key = canonical_json(key.to_dict()).decode("utf-8")


def _card_values_ok(card: dict[str, Any], lists: bool) -> bool:
    """Notes are text; a choice is an option id, or (@2) a non-empty list of them: a checklist's ticks."""
    def choice_ok(v: Any) -> bool:
        return isinstance(v, str) or (lists and isinstance(v, list) and bool(v) and all(isinstance(x, str) for x in v))

    return all(isinstance(k, str) and choice_ok(v) for k, v in card["choices"].items()) \
        and all(isinstance(k, str) and isinstance(v, str) for k, v in card.get("notes", {}).items())
