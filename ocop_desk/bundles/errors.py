"""Why an envelope or a key is refused; each kind has its own exit code.

Scripts that move bundles around tell the cases apart by exit code:
malformed (the file is not a well-formed envelope), tampered (the bytes are
not the ones that were signed), untrusted signer (unknown or revoked key),
stale (an older bundle after a newer one).
"""

from __future__ import annotations

from ocop_desk.errors import BundleRejected, OcopError


class BundleMalformed(BundleRejected):
    exit_code = 11


class BundleTampered(BundleRejected):
    exit_code = 12


class UntrustedSigner(BundleRejected):
    exit_code = 13


class BundleStale(BundleRejected):
    """A replayed or superseded bundle, or one whose stated results disagree."""

    exit_code = 14


class BundleFromTheFuture(BundleStale):
    """Dated later than this computer's clock allows: taken in, it would make every real bundle look older."""


class KeyRefused(OcopError):
    """A key file that cannot be read, a wrong passphrase, a revoked own key."""

    exit_code = 9


class ResultsDisagree(BundleRejected):
    """The results a bundle states differ from those recomputed from its scorecards."""

    exit_code = 15


class CriteriaSetUnknown(BundleRejected):
    """Scorecards or a dossier made against a criteria-set version the receiving store does not use."""

    exit_code = 16
