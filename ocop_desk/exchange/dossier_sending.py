"""Sending dossiers from the commune: one signed package per product, into a folder (a USB stick).

Each product becomes its own `dossier-package` envelope (`exchange/dossier_packages.py`),
named `hoso-<code>.ocop`, so the district takes each in, or refuses it, on its
own.  A package of the same product already in the folder is replaced (the
envelope writer renames into place, so a pulled stick never holds half a
file).  Packages written before a Cancel or a failure stay, and are listed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Sequence

from sqlalchemy import select

from ocop_desk.bundles.dossier_package import KIND
from ocop_desk.bundles.keys import SigningKey
from ocop_desk.bundles.trust import TrustStore, load_trust
from ocop_desk.dossier_checklist import DossierChecklist, dossier_checklist
from ocop_desk.dossiers import get_product
from ocop_desk.errors import ImportRefused, NotFound, OcopError
from ocop_desk.exchange.dossier_packages import export_dossier_package
from ocop_desk.i18n import _
from ocop_desk.store.engine import Store
from ocop_desk.store.province import EnvelopeReceived

SUFFIX = ".ocop"


def package_name(code: str) -> str:
    safe = "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in code).strip("._") or "product"
    return f"hoso-{safe}{SUFFIX}"


@dataclass(frozen=True)
class SentPackage:
    code: str
    path: Path
    envelope_id: str
    evidence_files: int


@dataclass(frozen=True)
class SendSummary:
    folder: Path
    packages: tuple[SentPackage, ...]
    stopped: bool = False  # cancelled before every product was written

    def line(self) -> str:
        """The closing line naming each file written."""
        names = ", ".join(p.path.name for p in self.packages) or "—"
        text = _("{n} signed packages written to {folder}: {files}").format(
            n=len(self.packages), folder=self.folder, files=names)
        return text + (" " + _("(stopped before the rest)") if self.stopped else "")


def target_paths(codes: Sequence[str], out: Path) -> list[Path]:
    """Where each package goes: `out` itself for one product named `*.ocop`, else `out/hoso-<code>.ocop`."""
    if not codes:
        raise ImportRefused(_("name at least one product"), place="CODE")
    out = Path(out)
    if len(codes) == 1 and out.suffix.lower() == SUFFIX and not out.is_dir():
        return [out]
    if out.exists() and not out.is_dir():
        raise ImportRefused(_("is a file; give a folder for the packages"), file=str(out))
    return [out / package_name(c) for c in codes]


def export_dossier_packages(store: Store, codes: Sequence[str], signer: SigningKey, out: Path, *,
                            progress: Callable[[int, int, str], None] | None = None,
                            stop: Callable[[], bool] | None = None) -> SendSummary:
    """Writes one signed package per product, reporting `progress(done, total, label)`.

    `stop()` is asked before each product; when it says so, the packages written so far are returned.
    """
    paths = target_paths(codes, out)
    for code in codes:  # every code known before the first file is written
        get_product(store, code)
    written: list[SentPackage] = []
    folder = paths[0].parent
    for i, (code, path) in enumerate(zip(codes, paths)):
        if stop is not None and stop():
            return SendSummary(folder, tuple(written), stopped=True)
        if progress is not None:
            progress(i, len(codes), _("Signing the dossier of {code} ({i} of {n})").format(
                code=code, i=i + 1, n=len(codes)))
        try:
            outcome = export_dossier_package(store, code, signer, path)
        except OSError as exc:
            raise OcopError(_("cannot write the file: {detail}").format(detail=exc.strerror or exc),
                            file=str(path)) from exc
        written.append(SentPackage(code, outcome.path, outcome.envelope_id,
                                   int(outcome.counts.get("evidence_files", 0))))
    if progress is not None:
        progress(len(codes), len(codes), "")
    return SendSummary(folder, tuple(written))


# --- at the district: what arrived ----------------------------------------------------------


@dataclass(frozen=True)
class Arrival:
    """One dossier package taken in: from whom, when, for which product, what it still lacks."""

    envelope_id: str
    file_name: str
    created_at: str
    received_at: dt.datetime | None  # UTC
    sender: str  # the key owner's id (the commune's)
    sender_name: str  # as the trust store knows the key ("" when no longer there)
    fingerprint: str | None
    admin_unit: str
    product_code: str
    product_name: str
    missing: tuple[str, ...]  # labels of the required documents still lacking
    needs_group: bool
    current: bool  # not replaced by a later package of the same product


def received_dossiers(store: Store, trust: TrustStore | Path | None = None) -> list[Arrival]:
    """Every dossier package this store took in, newest first; `trust` a TrustStore or its path."""
    trusted = trust if isinstance(trust, TrustStore) else load_trust(trust)
    with store.read() as s:
        rows = list(s.scalars(select(EnvelopeReceived).where(EnvelopeReceived.kind == KIND)
                              .order_by(EnvelopeReceived.received_at.desc(), EnvelopeReceived.created_at.desc())))
    newest: dict[str, str] = {}
    for r in sorted(rows, key=lambda r: r.created_at):
        newest[r.subject] = r.envelope_id
    out = []
    checks: dict[str, DossierChecklist | None] = {}
    for r in rows:
        key = trusted.get(r.signer_key_id)
        if r.subject not in checks:
            try:
                checks[r.subject] = dossier_checklist(store, r.subject)
            except NotFound:
                checks[r.subject] = None
        c = checks[r.subject]
        out.append(Arrival(
            envelope_id=r.envelope_id, file_name=r.file_name, created_at=r.created_at,
            received_at=r.received_at,
            sender=r.council_id, sender_name=key.key.name if key else "",
            fingerprint=key.key.fingerprint if key else None, admin_unit=r.admin_unit, product_code=r.subject,
            product_name=c.name if c else "", missing=tuple(q.label for q in c.missing) if c else (),
            needs_group=c.needs_group if c else False,
            current=r.superseded_by is None and newest.get(r.subject) == r.envelope_id))
    return out
