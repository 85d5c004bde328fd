"""Sending dossiers from the commune: one signed package per product, into a folder (a USB stick).

Each product becomes its own `dossier-package` envelope (bundles/dossier_package.py),
named `hoso-<code>.ocop`, so the district takes each in, or refuses it, on its
own.  A package of the same product already in the folder is replaced (the
envelope writer renames into place, so a pulled stick never holds half a
file).  Packages written before a Cancel or a failure stay, and are listed.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Sequence

from ocop_desk.errors import ImportRefused, OcopError
from ocop_desk.i18n import _

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


def export_dossier_packages(store: Any, codes: Sequence[str], signer: Any, out: Path, *,
                            progress: Callable[[int, int, str], None] | None = None,
                            stop: Callable[[], bool] | None = None) -> SendSummary:
    """Writes one signed package per product, reporting `progress(done, total, label)`.

    `stop()` is asked before each product; when it says so, the packages written so far are returned.
    """
    from ocop_desk.bundles.dossier_package import export_dossier_package
    from ocop_desk.dossiers import get_product

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
