"""Judging an envelope: its signatures against the receiver's trust store, and who it speaks for.

Two steps every kind passes through, one rule each:

- `verify_envelope`: every signature valid and by a trusted, unrevoked key; the issuer fields of
  the manifest are the signing key's owner as the trust store knows it; not dated in the future.
- `authorise`: what the payload claims (council, admin unit, session, member, product codes,
  communes) is what that key may speak for.  Each kind states its claims (`Claims`), never checks
  them itself.

Then `newer_than_current` is the one rule by which a later envelope replaces an earlier one for
the same subject, and an older one is refused (nothing ever rolls back).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping

from ocop_desk.bundles.envelope import DEFAULT_LIMITS, Envelope, Issuer, Limits, read_envelope, timestamp_value
from ocop_desk.bundles.errors import (BundleFromTheFuture, BundleMalformed, BundleStale, BundleTampered,
                                      UntrustedSigner)
from ocop_desk.errors import BundleRejected
from ocop_desk.bundles.keys import PublicKeyInfo
from ocop_desk.bundles.trust import TrustStore, load_trust
from ocop_desk.i18n import _


@dataclass(frozen=True)
class VerifiedEnvelope:
    """An envelope whose every signature is valid and by a trusted, unrevoked key."""

    envelope: Envelope
    signers: tuple[PublicKeyInfo, ...]

    @property
    def issuer_key(self) -> PublicKeyInfo:
        key_id = self.envelope.issuer.key_id
        return next(k for k in self.signers if k.key_id == key_id)


# How far ahead of this computer's clock a sender's clock may run.
CLOCK_SKEW = dt.timedelta(minutes=10)
_PRODUCT_CODE = re.compile(r"^(\d{2})-(\d{3})-\d{1,6}-\d{4}$")


def check_signatures(env: Envelope, trust: TrustStore) -> VerifiedEnvelope:
    issuer = env.issuer.key_id
    if not any(s.key_id == issuer for s in env.signatures):
        raise BundleTampered(_("the issuer's key did not sign the manifest"), file=env.file,
                             place="signatures.json")
    signers: list[PublicKeyInfo] = []
    for sig in env.signatures:
        trusted = trust.get(sig.key_id)
        if trusted is None:
            raise UntrustedSigner(_("signed by a key that is not in the trust store"), file=env.file,
                                  place=f"key {sig.key_id}")
        if trusted.revoked:
            raise UntrustedSigner(
                _("signed by a key revoked on {date} ({name})").format(date=trusted.revoked_at,
                                                                        name=trusted.key.name or trusted.key.owner_id),
                file=env.file, place=f"key {sig.key_id}")
        if not trusted.key.verify(sig.signature, env.manifest_bytes):
            raise BundleTampered(_("the signature does not match the manifest"), file=env.file,
                                 place=f"key {sig.key_id}")
        signers.append(trusted.key)
    verified = VerifiedEnvelope(envelope=env, signers=tuple(signers))
    bind_issuer(env.kind, env.issuer, verified.issuer_key, file=env.file)
    return verified


def bind_issuer(kind: str, issuer: Issuer, key: PublicKeyInfo, *, file: str | None = None) -> None:
    """The manifest's issuer is the key's owner as the trust store knows it, never what the file says.

    Exporters call it too, so a key that could not speak for its council is refused before
    anything is written rather than at the receiver.
    """
    place = f"key {key.key_id}"
    if kind == "member-scorecards":
        if key.owner_kind != "member":
            raise UntrustedSigner(_("member scorecards must be signed by a member's key"), file=file, place=place)
        return  # the member's council is bound by the registration `authorise` checks
    if kind == "session-results" and key.owner_kind != "council":
        raise UntrustedSigner(_("session results must be signed by a council key"), file=file, place=place)
    if key.owner_id != issuer.council:
        raise UntrustedSigner(_("the signing key belongs to {owner}, not to {council}").format(
            owner=key.owner_id, council=issuer.council), file=file, place=place)
    if key.admin_unit != issuer.admin_unit:
        raise UntrustedSigner(_("the signing key speaks for admin unit {unit}, not {claimed}").format(
            unit=key.admin_unit or "-", claimed=issuer.admin_unit or "-"), file=file, place=place)


def check_not_ahead(env: Envelope, now: dt.datetime | None = None) -> None:
    """Refuses an envelope dated later than now plus a small clock skew.

    Taken in, such an envelope would be "newer" than every real one sent
    after it, and freeze the subject; refused, it leaves no trace.
    """
    when = timestamp_value(env.created_at)
    now = now or dt.datetime.now(dt.timezone.utc)
    if when is None or when > now + CLOCK_SKEW:
        raise BundleFromTheFuture(_("dated {when}, later than this computer's clock ({now}) allows; "
                                    "check the sender's clock").format(
            when=env.created_at, now=now.strftime("%Y-%m-%dT%H:%M:%SZ")), file=env.file, place="created_at")


def verify_envelope(env: Envelope, trust: TrustStore, *, now: dt.datetime | None = None) -> VerifiedEnvelope:
    verified = check_signatures(env, trust)
    check_not_ahead(env, now)
    return verified


def verify_bundle(path: Path | str, trust: TrustStore | Path | None = None, *,
                  limits: Limits = DEFAULT_LIMITS, now: dt.datetime | None = None) -> VerifiedEnvelope:
    """Reads, checks and verifies a bundle file; raises a BundleRejected subclass if anything is off."""
    store = trust if isinstance(trust, TrustStore) else load_trust(trust)
    return verify_envelope(read_envelope(path, limits=limits), store, now=now)


@dataclass(frozen=True)
class Claims:
    """Whom a payload says it speaks for, as each kind reads it from its own payload."""

    council: str
    admin_unit: str
    session: str | None = None
    member: str | None = None
    products: tuple[str, ...] = ()
    communes: tuple[str, ...] = ()


MemberKeys = Callable[[str, str], Iterable[str]]  # (council, member) -> key ids registered for them


def registered_key_ids(public_key_text: str | None) -> set[str]:
    """Key ids in a registered member-key column (one public-key document as JSON)."""
    if not public_key_text:
        return set()
    try:
        doc = json.loads(public_key_text)
    except ValueError:
        return set()
    return {doc["key_id"]} if isinstance(doc, dict) and isinstance(doc.get("key_id"), str) else set()


def product_in_unit(code: str, unit: str, level: str, ancestors: Iterable[str] = ()) -> bool:
    """Whether product code `T-H-STT-YYYY` belongs to admin unit `unit` (or a unit above it)."""
    m = _PRODUCT_CODE.match(code)
    if m is None:
        return False
    province, district = m.group(1), m.group(2)
    if level == "central":
        return True
    units = {unit, *ancestors}
    if level == "province":
        return province in units
    return bool(units & {district, f"{province}-{district}"})


def authorise(verified: VerifiedEnvelope, claims: Claims, *, member_keys: MemberKeys | None = None,
              within: tuple[str, str] | None = None,
              unit_ancestors: Callable[[str], Iterable[str]] | None = None) -> None:
    """Holds a payload's claims against the key that signed it (the one rule; see module docstring).

    `member_keys`: the receiver's registrations, a member key counting only for the (council,
    member) it is registered to; `within`: the (council, session) a carried envelope must be for;
    `unit_ancestors`: the receiver's admin-unit hierarchy, as far as it knows it.
    """
    env, key = verified.envelope, verified.issuer_key
    issuer, place = env.issuer, f"key {env.issuer.key_id}"
    if claims.council != issuer.council or claims.admin_unit != issuer.admin_unit:
        raise BundleTampered(_("the payload names another council or admin unit than the signed issuer"),
                             file=env.file, place=f"{claims.council} {claims.admin_unit}".strip())
    if within is not None and (claims.council, claims.session) != within:
        raise BundleTampered(_("signed for session {session} of council {council}, not for session {want} "
                               "of council {want_council}").format(
            session=claims.session, council=claims.council, want=within[1], want_council=within[0]),
            file=env.file)
    if env.kind == "member-scorecards":
        if key.owner_id != claims.member:
            raise UntrustedSigner(_("signed by a key that is not member {member}'s").format(member=claims.member),
                                  file=env.file, place=place)
        registered = set(member_keys(claims.council, claims.member or "")) if member_keys else set()
        if key.key_id not in registered:
            why = (_("member {member} of council {council} has another key registered") if registered else
                   _("no key is registered for member {member} of council {council}; register it first "
                     "(trust add KEYFILE --register-member {council})"))
            raise UntrustedSigner(why.format(member=claims.member, council=claims.council), file=env.file,
                                  place=place)
    ancestors = tuple(unit_ancestors(key.admin_unit)) if unit_ancestors and key.admin_unit else ()
    # A commune's code does not say its district: its products are checked when the store knows it.
    if key.admin_unit and (key.level != "commune" or ancestors):
        for code in claims.products:
            if not product_in_unit(code, key.admin_unit, key.level, ancestors):
                raise UntrustedSigner(_("product {code} does not belong to admin unit {unit} that the key "
                                        "speaks for (codes are T-H-STT-YYYY)").format(code=code, unit=key.admin_unit),
                                      file=env.file, place=code)
    if key.level == "commune":
        for commune in claims.communes:
            if commune != key.admin_unit:
                raise UntrustedSigner(_("a commune key speaks only for its own commune ({unit}), not {commune}")
                                      .format(unit=key.admin_unit, commune=commune), file=env.file, place=commune)


def newer_than_current(rows: Iterable[Any], env: Envelope, what: str) -> Any | None:
    """The one supersession rule; `rows` are the envelopes already taken in for the same subject.

    An envelope a taken-in one names in `supersedes` is stale; so is one not newer (by
    `created_at`) than the current one unless it names it in `supersedes`.  Returns the current
    row it replaces, or None.
    """
    rows = list(rows)
    for r in rows:
        if r.supersedes == env.envelope_id:
            raise BundleStale(_("a newer bundle ({newer}) that replaces this one was already taken in").format(
                newer=r.envelope_id), file=env.file)
    current = next((r for r in rows if r.superseded_by is None), None)
    if current is not None and env.supersedes != current.envelope_id and env.created_at <= current.created_at:
        raise BundleStale(_("older than the bundle already taken in for {what} ({current}, {when}); "
                            "nothing is rolled back").format(what=what, current=current.envelope_id,
                                                             when=current.created_at), file=env.file)
    return current


@dataclass(frozen=True)
class SignerInfo:
    key_id: str
    fingerprint: str | None  # None when the key is not in the trust store
    owner_kind: str | None
    owner_id: str | None
    name: str | None


@dataclass(frozen=True)
class BundleVerdict:
    """What a verdict panel shows: never raises for a bad bundle, says why instead."""

    file: str
    verdict: str  # valid | malformed | tampered | untrusted
    exit_code: int
    message: str | None
    envelope_id: str | None = None
    kind: str | None = None
    issuer: Issuer | None = None
    created_at: str | None = None
    supersedes: str | None = None
    counts: Mapping[str, int] = field(default_factory=dict)
    signers: tuple[SignerInfo, ...] = ()
    audit_head: Mapping[str, Any] | None = None  # the sender's audit chain tip, signed (session results)

    @property
    def ok(self) -> bool:
        return self.exit_code == 0


_VERDICTS = {BundleMalformed: "malformed", BundleTampered: "tampered", UntrustedSigner: "untrusted"}


def _verdict_name(exc: BundleRejected) -> str:
    for cls, name in _VERDICTS.items():
        if isinstance(exc, cls):
            return name
    return "refused"


def inspect_bundle(path: Path | str, trust: TrustStore | Path | None = None, *,
                   limits: Limits = DEFAULT_LIMITS) -> BundleVerdict:
    store = trust if isinstance(trust, TrustStore) else load_trust(trust)
    try:
        env = read_envelope(path, limits=limits)
    except BundleRejected as exc:
        return BundleVerdict(file=str(path), verdict=_verdict_name(exc), exit_code=exc.exit_code,
                             message=exc.one_line())
    base = dict(file=str(path), envelope_id=env.envelope_id, kind=env.kind, issuer=env.issuer,
                created_at=env.created_at, supersedes=env.supersedes, counts=dict(env.manifest["counts"]),
                audit_head=env.audit_head)
    try:
        verified = verify_envelope(env, store)
    except BundleRejected as exc:
        signers = []
        for s in env.signatures:
            t = store.get(s.key_id)
            k = t.key if t else None
            signers.append(SignerInfo(s.key_id, k.fingerprint if k else None, k.owner_kind if k else None,
                                      k.owner_id if k else None, k.name if k else None))
        return BundleVerdict(verdict=_verdict_name(exc), exit_code=exc.exit_code, message=exc.one_line(),
                             signers=tuple(signers), **base)  # type: ignore[arg-type]
    return BundleVerdict(verdict="valid", exit_code=0, message=None, signers=tuple(
        SignerInfo(k.key_id, k.fingerprint, k.owner_kind, k.owner_id, k.name) for k in verified.signers),
        **base)  # type: ignore[arg-type]
