"""Import a signed file of any kind: recognise it, verify it, take it in, say what happened.

The one entry the CLI (`bundle import`) and the Bundles screen both call, so a file is refused
with the same message wherever it is opened.  Session results are not imported here: they are
merged into a province store (`exchange/merge.py`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ocop_desk.bundles import dossier_package, member_scorecards, session_results
from ocop_desk.bundles.envelope import read_envelope
from ocop_desk.bundles.errors import BundleMalformed
from ocop_desk.bundles.trust import TrustStore, load_trust
from ocop_desk.bundles.verify import verify_envelope
from ocop_desk.exchange.dossier_packages import DossierImport, take_dossier_package
from ocop_desk.exchange.member_scorecards import ScorecardImport, take_member_scorecards
from ocop_desk.i18n import _
from ocop_desk.vocabulary import outcome_name
from ocop_desk.store.engine import Store

RECEIVED_KINDS = (member_scorecards.KIND, dossier_package.KIND)


@dataclass(frozen=True)
class Received:
    """One file taken in: its kind, and what that kind's import reports."""

    file: Path
    kind: str
    outcome: ScorecardImport | DossierImport

    @property
    def status(self) -> str:
        return self.outcome.status  # imported | unchanged

    def summary(self) -> str:
        """The one line the CLI prints and the screen lists for this file."""
        status = outcome_name(self.status)
        r = self.outcome
        if isinstance(r, ScorecardImport):
            return _("Scorecards of member {member} for session {session}: {status} ({n} sheets, "
                     "{w} choices written)").format(member=r.member, session=r.session, status=status,
                                                    n=r.scorecards, w=r.choices_written)
        return _("Dossier of product {code}: {status} ({n} evidence files added)").format(
            code=r.product, status=status, n=r.evidence_added)


def receive_file(store: Store, path: Path | str, trust: TrustStore | Path | None = None) -> Received:
    """Takes in member scorecards or a dossier package; any refusal raises and leaves the store as it was."""
    trust_store = trust if isinstance(trust, TrustStore) else load_trust(trust)
    env = read_envelope(path)  # once: the kind, the signatures and the import all judge these bytes
    kind = env.kind
    if kind == member_scorecards.KIND:
        return Received(Path(path), kind, take_member_scorecards(store, verify_envelope(env, trust_store)))
    if kind == dossier_package.KIND:
        return Received(Path(path), kind, take_dossier_package(store, verify_envelope(env, trust_store)))
    if kind == session_results.KIND:
        raise BundleMalformed(_("session results are merged into the province store (`merge`, or the Province "
                                "screen), not imported"), file=str(path), place="manifest.json")
    raise BundleMalformed(_("a {kind} bundle cannot be imported").format(kind=kind), file=str(path),
                          place="manifest.json")
