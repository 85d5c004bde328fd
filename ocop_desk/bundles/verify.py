"""Judging an envelope's signatures against the receiver's trust store."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ocop_desk.bundles.envelope import DEFAULT_LIMITS, Envelope, Limits, read_envelope
from ocop_desk.bundles.errors import BundleTampered, UntrustedSigner
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
