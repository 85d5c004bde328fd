"""`ocop-desk print`: score sheets, summary, minutes and producer feedback as PDFs."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from ocop_desk.commands._common import cli_store as _store
from ocop_desk.i18n import _

if TYPE_CHECKING:  # the store's modules load only when a command runs, keeping --help fast
    from ocop_desk.store.engine import Store


def _print(args: argparse.Namespace) -> int:
    from ocop_desk.errors import OcopError
    from ocop_desk import print_jobs as jobs

    _check_target(args)
    store = _store(args)
    if args.pages:
        return _count(store, args)
    out_dir = Path(args.out).expanduser()
    if args.criteria_set:
        if args.format != "pdf":
            raise OcopError(_("only the summary, the minutes and the recognition list are written as Word"),
                            place="--format")
        outcome = jobs.print_criteria_set(store, args.criteria_set, out_dir)
    else:

        def progress(done: int, total: int) -> None:
            if args.progress:
                print(f"\r{done}/{total}", end="", file=sys.stderr, flush=True)

        if args.per_producer:
            return _per_producer(store, args, out_dir, progress)
        if args.replace:
            raise OcopError(_("--replace goes with --per-producer (a named PDF is always replaced)"),
                            place="--replace")
        outcome = jobs.print_session(store, args.session, args.what, out_dir, member=args.member,
                                     product=args.product, bundle_digest=args.digest or "",
                                     key_fingerprint=args.fingerprint, fmt=args.format, progress=progress)
        if args.progress:
            print(file=sys.stderr)
    if outcome.path.suffix.lower() == ".docx":  # Word lays out its own pages
        print(_("wrote {path}").format(path=outcome.path))
        return 0
    print(_("wrote {path} ({pages} pages)").format(path=outcome.path, pages=outcome.pages))
    return 0


def _per_producer(store: Store, args: argparse.Namespace, out_dir: Path,
                  progress: Callable[[int, int], None]) -> int:
    from ocop_desk import print_jobs as jobs
    from ocop_desk.errors import OcopError

    if args.what != "feedback":
        raise OcopError(_("--per-producer prints producer feedback only (--what feedback)"), place="--what")
    if args.product or args.member:
        raise OcopError(_("--per-producer prints every product of the session; leave out --product and "
                          "--member"), place="--per-producer")
    files = jobs.print_feedback_per_producer(store, args.session, out_dir, replace=args.replace,
                                             progress=progress)
    if args.progress:
        print(file=sys.stderr)
    for f in files:
        print(_("wrote {path} ({pages} pages)").format(path=f.path, pages=f.pages) + f" — {f.producer}")
    return 0


def _check_target(args: argparse.Namespace) -> None:
    """What to print from: a criteria set (blank sheets only) or a session; the same for `--pages`."""
    from ocop_desk.errors import OcopError

    if args.criteria_set and args.what != "blank":
        raise OcopError(_("--criteria-set prints blank sheets only"), place="--what")
    if not args.criteria_set and not args.session:
        raise OcopError(_("name a session (or --criteria-set for a blank sheet)"), place="SESSION_ID")


def _count(store: Store, args: argparse.Namespace) -> int:
    """`print … --pages`: the job's page count, laid out as printing would, nothing written."""
    from ocop_desk import print_jobs as jobs

    if args.criteria_set:
        plan = jobs.plan_criteria_set(store, args.criteria_set)
    else:
        plan = jobs.plan_job(store, args.session, args.what, member=args.member, product=args.product,
                             bundle_digest=args.digest or "", key_fingerprint=args.fingerprint)
    print(_("would print {text}; nothing written").format(text=jobs.plan_text(plan)))
    return 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("print", help=_("print score sheets, the summary, minutes or producer feedback (PDF)"))
    p.add_argument("session", metavar="SESSION_ID", nargs="?", help=_("the council session"))
    from ocop_desk.vocabulary import PRINT_KINDS as WHATS

    p.add_argument("--what", choices=WHATS, required=True,
                   help=_("blank: one blank sheet per product; sheets: members' filled sheets; "
                          "ticklist: one page per member's sheet with each criterion's ticked option, for "
                          "signing; summary; minutes; feedback: one page per product for the producer"))
    p.add_argument("--format", choices=("pdf", "docx"), default="pdf",
                   help=_("docx: the summary, the minutes or the recognition list (the products proposed "
                          "for recognition) as a Word file to edit before signing, --out DIR or FILE.docx "
                          "(default pdf)"))
    where = p.add_mutually_exclusive_group(required=True)
    where.add_argument("--out", metavar="DIR|FILE.pdf",
                       help=_("a folder to write the PDF into (under its default name), or the PDF file to "
                              "write (an existing PDF is replaced)"))
    where.add_argument("--pages", action="store_true",
                       help=_("only count the pages the job would print (laid out as printed; nothing is "
                              "written)"))
    p.add_argument("--member", metavar="CODE",
                   help=_("only this member's sheets (blank: in their name, less their conflicts)"))
    p.add_argument("--product", metavar="CODE", help=_("only this product (sheets, feedback)"))
    p.add_argument("--digest", metavar="SHA256", help=_("digest of the signed result bundle, printed on the minutes"))
    p.add_argument("--fingerprint", metavar="TEXT",
                   help=_("the council key's fingerprint for the minutes (default: the key on this machine)"))
    p.add_argument("--per-producer", action="store_true",
                   help=_("feedback: one PDF per producer in the --out folder, named after the producer, "
                          "holding each of its products"))
    p.add_argument("--replace", action="store_true",
                   help=_("with --per-producer: replace files of the same names in the folder (refused "
                          "otherwise)"))
    p.add_argument("--criteria-set", metavar="SET", help=_("a blank sheet of this criteria set, without a session"))
    p.add_argument("--progress", action="store_true", help=_("show progress on standard error"))
    p.set_defaults(handler=_print)
