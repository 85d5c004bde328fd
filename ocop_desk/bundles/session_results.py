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

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, Mapping

from ocop_desk.bundles.envelope import Envelope, read_envelope_bytes
from ocop_desk.bundles.errors import BundleMalformed, BundleTampered
from ocop_desk.bundles.keys import public_key_from_dict
from ocop_desk.bundles.member_scorecards import claims_of, scorecards_doc
from ocop_desk.bundles.trust import TrustedKey, TrustStore
from ocop_desk.bundles.verify import Claims, authorise, verify_envelope
from ocop_desk.canonical import canonical_json
from ocop_desk.errors import BundleRejected, CriteriaError, OcopError
from ocop_desk.i18n import _
from ocop_desk.scoring.criteria import CriteriaSet, criteria_set_from_dict
from ocop_desk.scoring.profiles import Profile, profile_from_dict

KIND = "session-results"
RESULTS_FORMAT = "ocop-desk/session-results@1"
SESSION_FILE = "session.json"
RESULTS_FILE = "results.json"
PROFILE_FILE = "profile.json"
MINUTES_FILE = "minutes.pdf"
CRITERIA_DIR = "criteria/"
MEMBER_DIR = "member-envelopes/"
MEMBER_KEYS_FILE = "member-keys.json"
MEMBER_KEYS_FORMAT = "ocop-desk/member-keys@1"


def mean_text(value: Decimal | None) -> str | None:
    """A mean as the payload carries it: exact decimal text, None when there is none."""
    return None if value is None else format(value, "f")


def build_payload(session_doc: Mapping[str, Any], results_doc: Mapping[str, Any], profile_doc: Mapping[str, Any],
                  criteria_sets: Mapping[str, Mapping[str, Any]], *, member_envelopes: Mapping[str, bytes],
                  member_keys: list[Mapping[str, Any]] | None, minutes: bytes | None) -> dict[str, bytes]:
    """The payload files of a results bundle, from plain documents (file names: module docstring).

    `criteria_sets`: content hash -> the set's dictionary; `member_envelopes`: envelope id -> the
    member-signed file; `member_keys`: every registered member key, or None to carry no key file.
    """
    payload: dict[str, bytes] = {SESSION_FILE: canonical_json(session_doc), RESULTS_FILE: canonical_json(results_doc),
                                 PROFILE_FILE: canonical_json(profile_doc)}
    for h, cs in criteria_sets.items():
        payload[f"{CRITERIA_DIR}{h}.json"] = canonical_json(cs)
    for env_id, content in member_envelopes.items():
        payload[f"{MEMBER_DIR}{env_id}.ocop"] = content
    if member_keys is not None:
        keys = sorted(member_keys, key=lambda k: str(k.get("key_id", "")))
        payload[MEMBER_KEYS_FILE] = canonical_json({"format": MEMBER_KEYS_FORMAT, "keys": keys})
    if minutes is not None:
        payload[MINUTES_FILE] = minutes
    return payload


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
    profile: Profile
    level: str
    criteria_sets: Mapping[str, CriteriaSet]  # content hash -> set
    products: tuple[StatedProduct, ...]

    def claims(self) -> Claims:
        """Whom the results speak for: `verify.authorise` holds this against the council key."""
        results = self.envelope.json_payload(RESULTS_FILE)
        codes = {p.code for p in self.products} | {p["code"] for p in self.session["products"]}
        return Claims(council=str(results.get("council")), admin_unit=str(results.get("admin_unit")),
                      session=self.session_id, products=tuple(sorted(codes)))


def _need(cond: bool, env: Envelope, place: str, message: str) -> None:
    if not cond:
        raise BundleMalformed(message, file=env.file, place=place)


def parse_session_results(env: Envelope) -> SessionResultsPayload:
    """Checks the payload's shape and that it agrees with the signed manifest."""
    env.require_kind(KIND)
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
    sets: dict[str, CriteriaSet] = {}
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

