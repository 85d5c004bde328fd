"""Judging an envelope's signatures against the receiver's trust store."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping

from ocop_desk.bundles.envelope import DEFAULT_LIMITS, Envelope, Issuer, Limits, read_envelope
from ocop_desk.bundles.errors import BundleMalformed, BundleTampered, UntrustedSigner
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
    issuer_key = next(k for k in signers if k.key_id == issuer)
    if env.kind == "session-results" and issuer_key.owner_kind != "council":
        raise UntrustedSigner(_("session results must be signed by a council key"), file=env.file,
                              place=f"key {issuer}")
    if env.kind == "session-results" and issuer_key.owner_id != env.issuer.council:
        raise UntrustedSigner(_("the signing key belongs to another council"), file=env.file,
                              place=f"key {issuer}")
    return VerifiedEnvelope(envelope=env, signers=tuple(signers))


def verify_bundle(path: Path | str, trust: TrustStore | Path | None = None, *,
                  limits: Limits = DEFAULT_LIMITS) -> VerifiedEnvelope:
    """Reads, checks and verifies a bundle file; raises a BundleRejected subclass if anything is off."""
    store = trust if isinstance(trust, TrustStore) else load_trust(trust)
    return check_signatures(read_envelope(path, limits=limits), store)


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
                created_at=env.created_at, supersedes=env.supersedes, counts=dict(env.manifest["counts"]))
    try:
        verified = check_signatures(env, store)
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
