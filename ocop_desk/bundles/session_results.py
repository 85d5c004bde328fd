"""The `session-results` payload: a district session, as the province receives it.

Payload files (docs/bundle-format.md):
  session.json            the session interchange shape (ocop-desk/session@2; @1 still read) with every scorecard
  results.json            the results the district states, one entry per product
  profile.json            the regulation profile the council scored under
  criteria/<hash>.json    each criteria set used, canonical JSON; <hash> is its content hash
  member-envelopes/<id>.ocop  member-signed scorecard envelopes, as the members sent them
  member-keys.json        the members' registered public keys, vouched for by the council's signature
  minutes.pdf             the signed minutes, when given
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, Callable, Mapping

from ocop_desk.bundles.envelope import Envelope, Issuer, build_manifest, write_envelope
from ocop_desk.bundles.errors import BundleMalformed, BundleTampered
from ocop_desk.bundles.keys import SigningKey
from ocop_desk.canonical import canonical_json
from ocop_desk.errors import OcopError
from ocop_desk.i18n import _

KIND = "session-results"
RESULTS_FORMAT = "ocop-desk/session-results@1"
SESSION_FILE = "session.json"
RESULTS_FILE = "results.json"
PROFILE_FILE = "profile.json"
MINUTES_FILE = "minutes.pdf"
CRITERIA_DIR = "criteria/"
MEMBER_DIR = "member-envelopes/"
MEMBER_KEYS_FILE = "member-keys.json"


def _s(value: Decimal | None) -> str | None:
    return None if value is None else format(value, "f")


@dataclass(frozen=True)
class ExportOutcome:
    path: Path
    envelope_id: str
    kind: str
    counts: Mapping[str, int]


def export_session_results(store: Any, session_id: str, signer: SigningKey, out: Path, *,
                           minutes_pdf: Path | None = None, supersedes: str | None = None,
                           progress: Callable[[int, int], None] | None = None) -> ExportOutcome:
    """Writes the council-signed results bundle of one session."""
    from sqlalchemy import select

    from ocop_desk.interchange import export_session
    from ocop_desk.results import session_results
    from ocop_desk.scoring.profiles import profile_to_dict
    from ocop_desk.store.models import Member
    from ocop_desk.store.province import EnvelopeReceived

    res = session_results(store, session_id)
    if res.session.state != "closed":
        from ocop_desk.errors import SessionLocked

        raise SessionLocked(_("session {sid} is not closed; its results are signed only once the council has "
                              "closed it").format(sid=session_id), place="session")
    council = res.session.council
    from ocop_desk.bundles.verify import bind_issuer

    if signer.public.owner_kind != "council" or signer.public.owner_id != council.id:
        raise OcopError(_("session results must be signed with the key of council {council}").format(
            council=council.id), place="key")
    bind_issuer(KIND, Issuer(council.admin_unit or "", council.id, signer.key_id), signer.public)
    session_doc = export_session(store, session_id)
    cards_per_product: dict[str, int] = {}
    for card in session_doc["scorecards"]:
        cards_per_product[card["product"]] = cards_per_product.get(card["product"], 0) + 1
    payload: dict[str, bytes] = {SESSION_FILE: canonical_json(session_doc)}
    products = []
    sets: dict[str, Any] = {}
    for i, p in enumerate(res.products):
        r = p.result
        cs = p.criteria_set
        sets[cs.content_hash] = cs
        products.append({
            "code": p.code, "name": p.item.product_name, "producer": p.item.producer_name,
            "group_id": cs.group_id, "criteria_set": cs.id, "criteria_set_hash": cs.content_hash,
            "status": r.status, "mean": _s(r.mean), "star": r.star,
            "scorecards": cards_per_product.get(p.code, 0),
        })
        if progress:
            progress(i + 1, len(res.products))
    payload[RESULTS_FILE] = canonical_json({
        "format": RESULTS_FORMAT, "session": session_id, "council": council.id,
        "admin_unit": council.admin_unit or "", "level": council.level, "profile": res.profile.id,
        "state": res.session.state, "products": products,
    })
    payload[PROFILE_FILE] = canonical_json(profile_to_dict(res.profile))
    for h, cs in sets.items():
        payload[f"{CRITERIA_DIR}{h}.json"] = canonical_json(cs.to_dict())
    with store.read() as s:
        members = s.execute(select(EnvelopeReceived.envelope_id, EnvelopeReceived.content).where(
            EnvelopeReceived.kind == "member-scorecards", EnvelopeReceived.council_id == council.id,
            EnvelopeReceived.subject.startswith(session_id + "/"),
            EnvelopeReceived.superseded_by.is_(None))).all()
        registered = s.execute(select(Member.public_key).where(Member.council_id == council.id,
                                                               Member.public_key.is_not(None))).scalars().all()
    for env_id, content in members:
        if content:
            payload[f"{MEMBER_DIR}{env_id}.ocop"] = content
    if members or registered:
        # every registered member key travels, so the province knows whose sheets must be signed
        keys = sorted((json.loads(k) for k in registered if k), key=lambda k: k.get("key_id", ""))
        payload[MEMBER_KEYS_FILE] = canonical_json({"format": "ocop-desk/member-keys@1", "keys": keys})
    if minutes_pdf is not None:
        try:
            payload[MINUTES_FILE] = Path(minutes_pdf).read_bytes()
        except OSError as exc:
            raise OcopError(_("cannot read the minutes"), file=str(minutes_pdf)) from exc
    counts = {"products": len(products), "scorecards": len(session_doc["scorecards"]),
              "criteria_sets": len(sets), "member_envelopes": len(members)}
    manifest = build_manifest(KIND, Issuer(council.admin_unit or "", council.id, signer.key_id), payload,
                              criteria_sets=sorted(sets), counts=counts, supersedes=supersedes,
                              audit_head=audit_chain_head(store))
    write_envelope(out, manifest, payload, [signer])
    record_export(store, session_id, Path(out), manifest["envelope_id"])
    return ExportOutcome(path=Path(out), envelope_id=manifest["envelope_id"], kind=KIND, counts=counts)


def audit_chain_head(store: Any) -> dict[str, Any]:
    """The audit chain's tip ({"seq", "hash"}) as the results leave: signed into the manifest, it
    is an anchor outside the database against which a rewritten or shortened log shows."""
    from ocop_desk.audit import chain_head

    head = chain_head(store)
    return {"seq": head.seq, "hash": head.hash}


def record_export(store: Any, session_id: str, path: Path, envelope_id: str) -> str:
    """Note in the audit log that a results bundle left this store, with the file's SHA-256.

    The minutes printed afterwards carry that digest and its QR code, so the
    paper signed by the chair and the file that reached the province can be
    matched.  Returns the digest.
    """
    import hashlib

    from ocop_desk import audit

    digest = hashlib.sha256(Path(path).read_bytes()).hexdigest()
    with store.write() as s:
        audit.append(s, "bundle_export", session_id, {"envelope": envelope_id, "sha256": digest,
                                                      "file": Path(path).name})
    return digest


def last_export_digest(store: Any, session_id: str) -> str:
    """The SHA-256 of the newest results bundle exported for the session, or "" if none."""
    import json as _json

    from sqlalchemy import select

    from ocop_desk.store.models import AuditEntry

    with store.read() as s:
        detail = s.scalar(select(AuditEntry.detail).where(AuditEntry.action == "bundle_export",
                                                          AuditEntry.entity == session_id)
                          .order_by(AuditEntry.seq.desc()).limit(1))
    return _json.loads(detail)["sha256"] if detail else ""


# --- reading --------------------------------------------------------------------------


@dataclass(frozen=True)
class StatedProduct:
    code: str
    name: str
    producer: str
    group_id: str
    criteria_set: str
    criteria_set_hash: str
    status: str
    mean: str | None
    star: int | None
    scorecards: int


@dataclass(frozen=True)
class SessionResultsPayload:
    envelope: Envelope
    session: Mapping[str, Any]
    council: str
    admin_unit: str
    session_id: str
    profile: Any  # scoring.profiles.Profile
    level: str
    criteria_sets: Mapping[str, Any]  # hash -> CriteriaSet
    products: tuple[StatedProduct, ...]

    def claims(self) -> Any:
        """Whom the results speak for: `verify.authorise` holds this against the council key."""
        from ocop_desk.bundles.verify import Claims

        results = self.envelope.json_payload(RESULTS_FILE)
        codes = {p.code for p in self.products} | {p["code"] for p in self.session["products"]}
        return Claims(council=str(results.get("council")), admin_unit=str(results.get("admin_unit")),
                      session=self.session_id, products=tuple(sorted(codes)))


def _need(cond: bool, env: Envelope, place: str, message: str) -> None:
    if not cond:
        raise BundleMalformed(message, file=env.file, place=place)


def parse_session_results(env: Envelope) -> SessionResultsPayload:
    """Checks the payload's shape and that it agrees with the signed manifest."""
    from ocop_desk.errors import CriteriaError
    from ocop_desk.scoring.criteria import criteria_set_from_dict
    from ocop_desk.scoring.profiles import profile_from_dict

    _need(env.kind == KIND, env, "manifest.json", _("not a session-results bundle"))
    results = env.json_payload(RESULTS_FILE)
    session = env.json_payload(SESSION_FILE)
    _need(isinstance(results, dict) and results.get("format") == RESULTS_FORMAT
          and isinstance(results.get("products"), list), env, RESULTS_FILE, _("not a results file"))
    _need(isinstance(session, dict) and isinstance(session.get("scorecards"), list)
          and isinstance(session.get("products"), list) and isinstance(session.get("session"), dict),
          env, SESSION_FILE, _("not a session file"))
    issuer = env.issuer
    if results.get("council") != issuer.council or results.get("admin_unit") != issuer.admin_unit \
            or (session.get("council") or {}).get("id") != issuer.council \
            or session["session"].get("id") != results.get("session"):
        raise BundleTampered(_("the payload names another council or session than the signed issuer"),
                             file=env.file, place=RESULTS_FILE)
    sets: dict[str, Any] = {}
    for name in env.payload:
        if name.startswith(CRITERIA_DIR):
            h = name[len(CRITERIA_DIR):].removesuffix(".json")
            try:
                cs = criteria_set_from_dict(env.json_payload(name))
            except (CriteriaError, KeyError, TypeError, ValueError, AttributeError) as exc:
                raise BundleMalformed(_("not a valid criteria set"), file=env.file, place=name) from exc
            if cs.content_hash != h:
                raise BundleTampered(_("criteria set content does not match its hash"), file=env.file, place=name)
            sets[h] = cs
    if sorted(sets) != list(env.manifest["criteria_sets"]):
        raise BundleTampered(_("the criteria sets carried differ from those the manifest lists"),
                             file=env.file, place=CRITERIA_DIR)
    try:
        profile = profile_from_dict(env.json_payload(PROFILE_FILE))
    except (KeyError, TypeError, ValueError, ArithmeticError, AttributeError) as exc:
        raise BundleMalformed(_("not a valid regulation profile"), file=env.file, place=PROFILE_FILE) from exc
    products = []
    for i, p in enumerate(results["products"]):
        place = f"{RESULTS_FILE}: products[{i}]"
        try:
            sp = StatedProduct(code=str(p["code"]), name=str(p["name"]), producer=str(p.get("producer", "")),
                               group_id=str(p.get("group_id", "")), criteria_set=str(p["criteria_set"]),
                               criteria_set_hash=str(p["criteria_set_hash"]), status=str(p["status"]),
                               mean=p["mean"], star=p["star"], scorecards=int(p.get("scorecards", 0)))
        except (KeyError, TypeError, ValueError) as exc:
            raise BundleMalformed(_("a product entry is incomplete"), file=env.file, place=place) from exc
        _need(sp.criteria_set_hash in sets, env, place, _("the product's criteria set is not in the bundle"))
        _need(sp.mean is None or isinstance(sp.mean, str), env, place, _("mean must be decimal text"))
        _need(sp.star is None or (isinstance(sp.star, int) and not isinstance(sp.star, bool)), env, place,
              _("star must be a whole number"))
        products.append(sp)
    codes = [p.code for p in products]
    _need(len(set(codes)) == len(codes), env, RESULTS_FILE, _("a product is listed twice"))
    if not all(isinstance(p, dict) and isinstance(p.get("code"), str) for p in session["products"]):
        raise BundleMalformed(_("a product entry is incomplete"), file=env.file, place=SESSION_FILE)
    return SessionResultsPayload(envelope=env, session=session, council=issuer.council,
                                 admin_unit=issuer.admin_unit, session_id=str(results["session"]),
                                 profile=profile, level=str(results.get("level") or "district"),
                                 criteria_sets=sets, products=tuple(products))


def session_file_choices(cs: Any, raw: Any, env: Envelope, product: str, *, lists: bool = True) -> dict[str, str]:
    """A scorecard's `choices` from the carried session file, in the internal representation.

    Read as the session file is (`interchange.choices_from_file`): a checklist's
    list of ticks joined, a case by its section id (no lists in a session@1
    file); anything else is malformed.
    """
    from ocop_desk.interchange import choices_from_file

    out, problems = choices_from_file(cs, raw if isinstance(raw, dict) else {}, lists=lists)
    if problems:
        key, problem = next(iter(problems.items()))
        raise BundleMalformed(_("the scorecards cannot be scored: {reason}").format(reason=problem),
                              file=env.file, place=f"{SESSION_FILE}: {product}/{key}")
    return out


def recompute(payload: SessionResultsPayload) -> dict[str, tuple[str, str | None, int | None, int]]:
    """product code -> (status, mean, star, scorecards) recomputed from the scorecards alone."""
    from ocop_desk.scoring.ranking import MemberSheet, rank_product

    env = payload.envelope
    session = payload.session
    try:
        present = set(session["session"].get("present") or ())
        members = [m["id"] for m in session.get("members") or ()]
        by_product: dict[str, dict[str, Any]] = {}
        for card in session["scorecards"]:
            by_product.setdefault(card["product"], {})[card["member"]] = card.get("choices") or {}
        listed = {p["code"]: p for p in session["products"]}
    except (KeyError, TypeError, AttributeError) as exc:
        raise BundleMalformed(_("the session file is incomplete"), file=env.file, place=SESSION_FILE) from exc
    lists = session.get("format") != "ocop-desk/session@1"
    out: dict[str, tuple[str, str | None, int | None, int]] = {}
    for sp in payload.products:
        item = listed.get(sp.code)
        if item is None:
            raise BundleTampered(_("a stated result has no scorecards in the session file"),
                                 file=env.file, place=f"{SESSION_FILE}: {sp.code}")
        conflicted = set(item.get("conflicts") or ())
        cards = by_product.get(sp.code, {})
        cs = payload.criteria_sets[sp.criteria_set_hash]
        sheets = [MemberSheet(member=m, choices=session_file_choices(cs, cards.get(m, {}), env, sp.code, lists=lists),
                              excluded="conflict" if m in conflicted else None if m in present else "absent")
                  for m in members]
        try:
            r = rank_product(cs, payload.profile, sheets,
                             list(item.get("knockouts") or ()))
        except OcopError as exc:
            raise BundleMalformed(_("the scorecards cannot be scored: {reason}").format(reason=exc.message),
                                  file=env.file, place=f"{SESSION_FILE}: {sp.code}") from exc
        out[sp.code] = (r.status, _s(r.mean), r.star, len(cards))
    return out


@dataclass(frozen=True)
class MemberSignatureProblem:
    product: str
    member: str
    detail: str


def check_member_envelopes(payload: SessionResultsPayload) -> list[MemberSignatureProblem]:
    """What the members signed, held against the session's scorecards.

    Each carried member envelope must verify under the member key the council vouches for, be
    signed for this session of this council (`verify.authorise`), and the session must still hold
    exactly what the member signed.  Every scorecard of a member who has a key must be in that
    member's envelope: a sheet the secretary added in their name is a problem, never "signed".
    """
    from ocop_desk.bundles.envelope import read_envelope_bytes
    from ocop_desk.bundles.keys import public_key_from_dict
    from ocop_desk.bundles.member_scorecards import claims_of, scorecards_doc
    from ocop_desk.bundles.trust import TrustedKey, TrustStore
    from ocop_desk.bundles.verify import authorise, verify_envelope
    from ocop_desk.errors import BundleRejected

    env = payload.envelope
    names = sorted(n for n in env.payload if n.startswith(MEMBER_DIR))
    keys: list[TrustedKey] = []
    if MEMBER_KEYS_FILE in env.payload:
        doc = env.json_payload(MEMBER_KEYS_FILE)
        for i, k in enumerate(doc.get("keys", []) if isinstance(doc, dict) else []):
            try:
                info = public_key_from_dict(k, file=env.file)
            except OcopError as exc:
                raise BundleMalformed(_("a member key is not valid"), file=env.file,
                                      place=f"{MEMBER_KEYS_FILE}: keys[{i}]") from exc
            if info.owner_kind == "member":
                keys.append(TrustedKey(key=info, added_at=info.created_at))
    if not names and not keys:
        return []
    vouched = TrustStore(path=Path(MEMBER_KEYS_FILE), keys=tuple(keys))
    council, session_id = payload.council, payload.session_id

    def member_keys(c: str, member: str) -> set[str]:
        # the council vouches for its own members only
        return {k.key_id for k in keys if k.key.owner_id == member} if c == council else set()

    cards = {(c.get("product"), c.get("member")): c.get("choices") or {}
             for c in payload.session["scorecards"] if isinstance(c, dict)}
    problems: list[MemberSignatureProblem] = []
    signed: dict[tuple[str, str], Any] = {}
    for name in names:
        inner_file = f"{env.file}!{name}"
        try:
            inner = read_envelope_bytes(env.payload_bytes(name), file=inner_file)
            verified = verify_envelope(inner, vouched)
            doc = scorecards_doc(inner)
            authorise(verified, claims_of(doc, inner), member_keys=member_keys,
                      within=(council, session_id))
        except BundleRejected as exc:
            problems.append(MemberSignatureProblem(product="", member="", detail=exc.one_line()))
            continue
        member = doc["member"]
        for c in doc["scorecards"]:
            signed[(c["product"], member)] = c["choices"]
            if cards.get((c["product"], member)) != c["choices"]:
                problems.append(MemberSignatureProblem(product=c["product"], member=member, detail=_(
                    "the scorecard of member {member} differs from what the member signed").format(member=member)))
    with_key = {k.key.owner_id for k in keys}
    for (product, member), choices in sorted(cards.items(), key=lambda kv: (str(kv[0][0]), str(kv[0][1]))):
        if member in with_key and choices and (product, member) not in signed:
            problems.append(MemberSignatureProblem(product=str(product), member=str(member), detail=_(
                "the scorecard of member {member} is not in that member's signed envelope "
                "(entered in the member's name); it is not counted as signed").format(member=member)))
    return problems

