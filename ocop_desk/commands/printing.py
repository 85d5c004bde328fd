"""`ocop-desk print`: score sheets, summary, minutes and producer feedback as PDFs."""

from __future__ import annotations

import argparse
import sys

from ocop_desk.i18n import _


def _print(args: argparse.Namespace) -> int:
    from pathlib import Path

    from ocop_desk.errors import OcopError
    from ocop_desk import print_jobs as jobs
    from ocop_desk.store.engine import open_store

    store = open_store(args.db)
    out_dir = Path(args.out).expanduser()
    if args.criteria_set:
        if args.what != "blank":
            raise OcopError(_("--criteria-set prints blank sheets only"), place="--what")
        outcome = jobs.print_criteria_set(store, args.criteria_set, out_dir)
    else:
        if not args.session:
            raise OcopError(_("name a session (or --criteria-set for a blank sheet)"), place="SESSION_ID")

        def progress(done: int, total: int) -> None:
            if args.progress:
                print(f"\r{done}/{total}", end="", file=sys.stderr, flush=True)

        outcome = jobs.print_session(store, args.session, args.what, out_dir, member=args.member,
                                     product=args.product, bundle_digest=args.digest or "",
                                     key_fingerprint=args.fingerprint, progress=progress)
        if args.progress:
            print(file=sys.stderr)
    print(_("wrote {path} ({pages} pages)").format(path=outcome.path, pages=outcome.pages))
    return 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("print", help=_("print score sheets, the summary, minutes or producer feedback (PDF)"))
    p.add_argument("session", metavar="SESSION_ID", nargs="?", help=_("the council session"))
    from ocop_desk.print_jobs import WHATS

    p.add_argument("--what", choices=WHATS, required=True,
                   help=_("blank: one blank sheet per product; sheets: members' filled sheets; "
                          "ticklist: one page per member's sheet with each criterion's ticked option, for "
                          "signing; summary; minutes; feedback: one page per product for the producer"))
    p.add_argument("--out", metavar="DIR|FILE.pdf", required=True,
                   help=_("a folder to write the PDF into (under its default name), or the PDF file to "
                          "write (an existing PDF is replaced)"))
    p.add_argument("--member", metavar="CODE",
                   help=_("only this member's sheets (blank: in their name, less their conflicts)"))
    p.add_argument("--product", metavar="CODE", help=_("only this product (sheets, feedback)"))
    p.add_argument("--digest", metavar="SHA256", help=_("digest of the signed result bundle, printed on the minutes"))
    p.add_argument("--fingerprint", metavar="TEXT",
                   help=_("the council key's fingerprint for the minutes (default: the key on this machine)"))
    p.add_argument("--criteria-set", metavar="SET", help=_("a blank sheet of this criteria set, without a session"))
    p.add_argument("--progress", action="store_true", help=_("show progress on standard error"))
    p.set_defaults(handler=_print)
