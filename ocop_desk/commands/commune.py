"""CLI of the commune officer: `dossier missing`, `dossier export` and `bundle export-dossiers`.

`dossier missing` lists, per product, the required documents its dossier
still lacks (docs/dossier-requirements.md); `dossier export` (also reachable
as `bundle export-dossiers`) writes one signed package per product into a
folder, a line per package as it goes and a closing line naming the files.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from ocop_desk.commands._common import cli_store as _store
from ocop_desk.i18n import _


def _missing(args: argparse.Namespace) -> int:
    from ocop_desk.dossier_checklist import dossier_checklists

    rows = dossier_checklists(_store(args), args.codes or None)
    if args.incomplete:
        rows = [c for c in rows if not c.complete]
    if args.json:
        from ocop_desk.canonical import dumps_pretty

        print(dumps_pretty([c.to_dict() for c in rows], numbers=False))
        return 0
    for c in rows:
        head = f"{c.code}  {c.name}  —  {c.producer}, {c.commune}"
        if c.complete:
            print(head + "  " + _("complete"))
            continue
        print(head)
        for req in c.missing:
            print("  " + _("missing: {document}").format(document=req.label))
        if c.needs_group:
            print("  " + _("no product group yet: choose the criteria set to list the group's own documents"))
    return 0


def _export(args: argparse.Namespace) -> int:
    from ocop_desk.bundles import keys
    from ocop_desk.exchange.dossier_sending import export_dossier_packages

    signer = keys.unlock(keys.find_key(args.key), keys.read_passphrase(args.passphrase_file,
                                                                        prompt=sys.stdin.isatty()))

    def progress(done: int, total: int, label: str) -> None:
        if label:
            print(f"[{done + 1}/{total}] {label}", file=sys.stderr)

    summary = export_dossier_packages(_store(args), args.codes, signer, args.out, progress=progress)
    for p in summary.packages:
        print(_("{file}: product {code}, {n} evidence files, envelope {id}").format(
            file=p.path, code=p.code, n=p.evidence_files, id=p.envelope_id))
    print(summary.line())
    return 0


def _export_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("codes", nargs="+", metavar="CODE")
    p.add_argument("--out", required=True, type=Path, metavar=_("FILE|FOLDER"),
                   help=_("the folder to write hoso-CODE.ocop into (a single product may name a .ocop file)"))
    p.add_argument("--key", required=True, metavar="KEY", help=_("the commune's key (id, id prefix or owner id)"))
    p.add_argument("--passphrase-file", metavar="FILE", default=None,
                   help=_("read the key passphrase from FILE (or set OCOP_DESK_PASSPHRASE)"))
    p.set_defaults(handler=_export)


def _subparsers_of(parser: argparse.ArgumentParser) -> Any:
    return next((a for a in parser._actions if isinstance(a, argparse._SubParsersAction)), None)


def register(sub: Any) -> None:
    d = sub.add_parser("dossier", help=_("a commune's dossiers: missing documents, signed packages"))
    dsub = d.add_subparsers(dest="dossier_command", metavar=_("ACTION"), required=True)
    p = dsub.add_parser("missing", help=_("the required documents each dossier still lacks"))
    p.add_argument("codes", nargs="*", metavar="CODE", help=_("products to check (default: all)"))
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.add_argument("--incomplete", action="store_true", help=_("only the dossiers that lack something"))
    p.set_defaults(handler=_missing)
    _export_arguments(dsub.add_parser("export", help=_("one signed package per product, into a folder")))
    # `bundle export-dossiers` beside `bundle export-dossier` (commands/bundles.py registers first: sorted)
    bundle = sub.choices.get("bundle")
    bsub = _subparsers_of(bundle) if bundle is not None else None
    if bsub is not None and "export-dossiers" not in bsub.choices:
        _export_arguments(bsub.add_parser("export-dossiers",
                                          help=_("one signed package per product, into a folder")))
