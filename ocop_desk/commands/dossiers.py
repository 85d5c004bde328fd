"""Dossier commands: products and evidence files."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ocop_desk.commands._common import cli_store as _store
from ocop_desk.i18n import _


def _list(args: argparse.Namespace) -> int:
    from ocop_desk.dossiers import list_products

    rows = list_products(_store(args), search=args.search or "", group_id=args.group, year=args.year)
    if args.json:
        sys.stdout.write(json.dumps([{"code": p.code, "name": p.name, "group_id": p.group_id,
                                      "producer": p.producer.name, "commune": p.producer.commune,
                                      "year": p.year, "stage": p.stage, "criteria_set": p.criteria_set_id}
                                     for p in rows], ensure_ascii=False, indent=2) + "\n")
        return 0
    for p in rows:
        print(f"{p.code}  {p.name}  —  {p.producer.name}, {p.producer.commune}  [{p.criteria_set_id or '—'}]")
    return 0


def _import(args: argparse.Namespace) -> int:
    from ocop_desk.dossiers import import_products
    from ocop_desk.errors import ImportRefused

    path = Path(args.file)
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ImportRefused(_("cannot read the file: {detail}").format(detail=exc), file=str(path)) from exc
    n = import_products(_store(args), data, file=str(path))
    print(_("{n} products imported").format(n=n))
    return 0


def _export(args: argparse.Namespace) -> int:
    from ocop_desk.dossiers import export_products

    text = json.dumps(export_products(_store(args)), ensure_ascii=False, indent=2) + "\n"
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


def _evidence(args: argparse.Namespace) -> int:
    from ocop_desk.dossiers import attach_evidence

    ev = attach_evidence(_store(args), args.code, Path(args.file), kind=args.kind, criterion_id=args.criterion)
    print(_("{name} attached (SHA-256 {digest})").format(name=ev.original_name, digest=ev.sha256[:16]))
    return 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    prod = sub.add_parser("products", help=_("products and their dossiers"))
    psub = prod.add_subparsers(dest="products_command", metavar=_("ACTION"), required=True)
    p = psub.add_parser("list", help=_("list products"))
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.add_argument("--search", help=_("text in code, name, producer or commune"))
    p.add_argument("--group", help=_("only this product group id"))
    p.add_argument("--year", type=int)
    p.set_defaults(handler=_list)
    p = psub.add_parser("import", help=_("import a product list (JSON, ocop-desk/products@1)"))
    p.add_argument("file")
    p.set_defaults(handler=_import)
    p = psub.add_parser("export", help=_("export the product list as JSON"))
    p.add_argument("--out", help=_("file to write (default: standard output)"))
    p.set_defaults(handler=_export)
    ev = sub.add_parser("evidence", help=_("evidence files of a dossier"))
    esub = ev.add_subparsers(dest="evidence_command", metavar=_("ACTION"), required=True)
    p = esub.add_parser("add", help=_("copy a file into the dossier of product CODE"))
    p.add_argument("code")
    p.add_argument("file")
    p.add_argument("--kind")
    p.add_argument("--criterion")
    p.set_defaults(handler=_evidence)
