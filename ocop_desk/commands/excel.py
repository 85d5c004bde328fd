"""`ocop-desk excel`: session workbooks (summary, member score templates, product list)."""

from __future__ import annotations

import argparse

from ocop_desk.commands._common import cli_store as _store
from ocop_desk.i18n import _


# The workbooks are imported inside the handlers, so that `ocop-desk --help` loads no openpyxl.
def _export(args: argparse.Namespace) -> int:
    from pathlib import Path

    from ocop_desk.errors import OcopError

    out = Path(args.out)
    store = _store(args)
    if args.kind == "products":
        from ocop_desk.workbooks import export_product_workbook

        export_product_workbook(store, out)
        print(_("wrote {path}").format(path=out))
        return 0
    if not args.session:
        raise OcopError(_("name a session"), place="SESSION_ID")
    if args.kind == "summary":
        from ocop_desk.excel.session_workbook import write_summary_workbook
        from ocop_desk.print_jobs import summary_data
        from ocop_desk.results import session_results

        write_summary_workbook(out, summary_data(session_results(store, args.session)))
        print(_("wrote {path}").format(path=out))
        return 0
    from ocop_desk.identifiers import child_path
    from ocop_desk.sessions import get_session
    from ocop_desk.workbooks import export_member_template

    members = [args.member] if args.member else [m.code for m in get_session(store, args.session).members]
    if len(members) > 1 or out.suffix.lower() != ".xlsx":
        out.mkdir(parents=True, exist_ok=True)
        for code in members:
            path = export_member_template(store, args.session, code, child_path(out, args.session, code, suffix=".xlsx"))
            print(_("wrote {path}").format(path=path))
    else:
        print(_("wrote {path}").format(path=export_member_template(store, args.session, members[0], out)))
    return 0


def _import(args: argparse.Namespace) -> int:
    store = _store(args)
    if args.kind == "products":
        from ocop_desk.workbooks import import_product_workbook

        n = import_product_workbook(store, args.file, actor=args.actor)
        print(_("imported {n} products").format(n=n))
        return 0
    from ocop_desk.workbooks import import_member_workbook

    done = import_member_workbook(store, args.file, session_id=args.session, member_code=args.member,
                                  actor=args.actor)
    print(_("imported {choices} choices and {notes} notes of member {member} for {products} products")
          .format(choices=done.choices, notes=done.notes, member=done.member_code, products=done.products))
    return 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    x = sub.add_parser("excel", help=_("Excel workbooks: summary, member score templates, product list"))
    xsub = x.add_subparsers(dest="excel_command", metavar=_("COMMAND"))
    p = xsub.add_parser("export", help=_("write a workbook"))
    p.add_argument("kind", choices=("summary", "template", "products"),
                   help=_("summary: session results; template: a member's score workbook; products: product list"))
    p.add_argument("session", metavar="SESSION_ID", nargs="?", help=_("the council session (summary, template)"))
    p.add_argument("--member", metavar="CODE", help=_("template for this member only (default: every member)"))
    p.add_argument("--out", metavar="PATH", required=True,
                   help=_("the .xlsx file to write (a folder for templates of several members)"))
    p.set_defaults(handler=_export)
    p = xsub.add_parser("import", help=_("read a workbook into the store (all or nothing)"))
    p.add_argument("kind", choices=("scores", "products"),
                   help=_("scores: a member's filled score workbook; products: a product list"))
    p.add_argument("file", metavar="FILE", help=_("the .xlsx file"))
    p.add_argument("--session", metavar="SESSION_ID", help=_("check the workbook is for this session"))
    p.add_argument("--member", metavar="CODE", help=_("check the workbook is for this member"))
    p.add_argument("--actor", metavar="NAME", help=_("who is importing (for the audit log)"))
    p.set_defaults(handler=_import)
