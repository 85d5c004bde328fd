"""`ocop-desk certificates` and `ocop-desk self-assessment`: after the meeting.

certificates recognise SESSION --decision-number N --date YYYY-MM-DD [--authority TEXT]
certificates list [--district D] [--group G] [--star S] [--level L] [--all] [--json]
certificates due --within-months N [--today YYYY-MM-DD] [filters] [--json]
certificates history PRODUCT [--json]
certificates print DECISION|SESSION --out DIR [--format pdf|docx|both]
certificates print-register --out DIR [--due-within N] [filters] [--format ...]
certificates details COUNCIL [--parent-authority TEXT] [--place TEXT]
self-assessment import FILE
self-assessment show SESSION PRODUCT [--json]
self-assessment print SESSION --out DIR [--product CODE] [--all]
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Sequence

from ocop_desk.commands._common import cli_store as _store
from ocop_desk.commands.core import _print_json, _table
from ocop_desk.i18n import _
from ocop_desk.vocabulary import certificate_status_name
from ocop_desk.words import decimal_text

if TYPE_CHECKING:  # the services are imported by each command, so that `--help` stays fast
    from ocop_desk.certificates import CertificateInfo, RegisterFilter

FORMATS = ("pdf", "docx", "both")


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(_("not a date (YYYY-MM-DD): {value}").format(value=text)) from None


def _filter(args: argparse.Namespace) -> RegisterFilter:
    from ocop_desk.certificates import RegisterFilter

    return RegisterFilter(district=args.district, group=args.group, star=args.star, level=args.level,
                          include_superseded=getattr(args, "all", False))


def _cert_rows(certs: Sequence[CertificateInfo]) -> list[list[str]]:

    return [[c.number, c.product_code, c.product_name, "★" * c.star, c.decision_number, c.issued.isoformat(),
             c.valid_until.isoformat(), certificate_status_name("valid" if c.current else "superseded")] for c in certs]


def _cert_headers() -> list[str]:
    return [_("Certificate No."), _("Code"), _("Product name"), _("Star"), _("Decision"), _("Issued"),
            _("Valid until"), _("Status")]


def _recognise(args: argparse.Namespace) -> int:
    from ocop_desk.certificates import recognise, recognition_json

    rec = recognise(_store(args), args.session, args.decision_number, args.date, authority=args.authority)
    if args.json:
        _print_json(recognition_json(rec), numbers=False)
        return 0
    print(_("decision {number} of {date}: {n} certificates").format(
        number=rec.decision_number, date=rec.decision_date.isoformat(), n=len(rec.certificates)))
    _table(_cert_rows(list(rec.certificates)), _cert_headers())
    return 0


def _show_certificates(args: argparse.Namespace, certs: Sequence[CertificateInfo]) -> int:
    """The register, a product's history: JSON, or a table ("no certificate" when empty)."""
    from ocop_desk.certificates import certificate_json

    if args.json:
        _print_json([certificate_json(c) for c in certs], numbers=False)
    elif not certs:
        print(_("no certificate"))
    else:
        _table(_cert_rows(certs), _cert_headers())
    return 0


def _list(args: argparse.Namespace) -> int:
    from ocop_desk.certificates import register

    return _show_certificates(args, register(_store(args), _filter(args)))


def _due(args: argparse.Namespace) -> int:
    from ocop_desk.certificates import due_for_reevaluation, due_json

    items = due_for_reevaluation(_store(args), args.within_months, args.today, _filter(args))
    if args.json:
        _print_json([due_json(d) for d in items], numbers=False)
        return 0
    if not items:
        print(_("no certificate"))
        return 0
    _table([[d.certificate.number, d.certificate.product_code, d.certificate.product_name,
             "★" * d.certificate.star, d.certificate.valid_until.isoformat(), certificate_status_name(d.status),
             str(d.days_left)] for d in items],
           [_("Certificate No."), _("Code"), _("Product name"), _("Star"), _("Valid until"), _("Status"),
            _("Days left")])
    return 0


def _history(args: argparse.Namespace) -> int:
    from ocop_desk.certificates import history

    return _show_certificates(args, list(history(_store(args), args.product)))


def _print_decision(args: argparse.Namespace) -> int:
    from ocop_desk.papers_out import write_decision_files

    for path, pages in write_decision_files(_store(args), args.ref, Path(args.out), args.format):
        print(_("wrote {path} ({pages} pages)").format(path=path, pages=pages) if pages else
              _("wrote {path}").format(path=path))
    return 0


def _print_register(args: argparse.Namespace) -> int:
    from ocop_desk.papers_out import write_register_files

    for path, pages in write_register_files(_store(args), Path(args.out), args.format, _filter(args),
                                            due_within=args.due_within, today=args.today,
                                            authority=args.authority or ""):
        print(_("wrote {path} ({pages} pages)").format(path=path, pages=pages) if pages else
              _("wrote {path}").format(path=path))
    return 0


def _details(args: argparse.Namespace) -> int:
    from ocop_desk.certificates import set_council_paper_details

    set_council_paper_details(_store(args), args.council, parent_authority=args.parent_authority,
                              place_name=args.place)
    print(_("council {id}: details saved").format(id=args.council))
    return 0


def _sa_import(args: argparse.Namespace) -> int:
    from ocop_desk.self_assessment import import_self_assessments

    codes = import_self_assessments(_store(args), args.file)
    print(_("self-assessments recorded: {codes}").format(codes=", ".join(codes)))
    return 0


def _sa_show(args: argparse.Namespace) -> int:
    from ocop_desk.self_assessment import compare, comparison_json

    c = compare(_store(args), args.session, args.product)
    if args.json:
        _print_json(comparison_json(c), numbers=False)
        return 0

    print(_("{code}: self-assessment {own} points, council mean {council}").format(
        code=c.product_code, own=decimal_text(c.self_total), council=decimal_text(c.council_mean)))
    rows = [[r.criterion_id, r.title[:50], decimal_text(r.self_points), decimal_text(r.council_mean),
             decimal_text(r.difference)]
            for r in (c.rows if args.all else c.differing())]
    _table(rows, [_("Criterion"), _("Title"), _("Self-assessment"), _("Council mean"), _("Difference")])
    return 0


def _sa_print(args: argparse.Namespace) -> int:
    from ocop_desk.papers_out import write_self_assessment_pdf

    path, pages, n = write_self_assessment_pdf(_store(args), args.session, Path(args.out), product=args.product,
                                               only_differences=not args.all)
    print(_("wrote {path} ({pages} pages)").format(path=path, pages=pages))
    return 0


def _filters(p: argparse.ArgumentParser) -> None:
    p.add_argument("--district", metavar="CODE", help=_("only this district (administrative code)"))
    p.add_argument("--group", metavar="GROUP", help=_("only this product group"))
    p.add_argument("--star", type=int, choices=(1, 2, 3, 4, 5), help=_("only this star"))
    p.add_argument("--level", choices=("district", "province", "central"), help=_("only this council level"))


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    c = sub.add_parser("certificates", help=_("recognition decisions, the certificate register, re-evaluation"))
    csub = c.add_subparsers(dest="certificates_command", metavar=_("COMMAND"))

    p = csub.add_parser("recognise", help=_("draft the recognition decision of a closed session"))
    p.add_argument("session", metavar="SESSION_ID")
    p.add_argument("--decision-number", required=True, metavar="NUMBER",
                   help=_("the decision's number, e.g. 125/QĐ-UBND (a bare 125 gets /QĐ-UBND)"))
    p.add_argument("--date", required=True, type=_date, metavar="YYYY-MM-DD", help=_("the decision's date"))
    p.add_argument("--authority", metavar="TEXT", help=_("the issuing authority (default: the council's parent)"))
    p.add_argument("--json", action="store_true", help=_("machine-readable output"))
    p.set_defaults(handler=_recognise)

    p = csub.add_parser("list", help=_("the certificate register"))
    _filters(p)
    p.add_argument("--all", action="store_true", help=_("include superseded certificates"))
    p.add_argument("--json", action="store_true", help=_("machine-readable output"))
    p.set_defaults(handler=_list)

    p = csub.add_parser("due", help=_("certificates expired or expiring within N months"))
    p.add_argument("--within-months", type=int, required=True, metavar="N")
    p.add_argument("--today", type=_date, metavar="YYYY-MM-DD", help=_("count from this day (default: today)"))
    _filters(p)
    p.add_argument("--json", action="store_true", help=_("machine-readable output"))
    p.set_defaults(handler=_due)

    p = csub.add_parser("history", help=_("every certificate a product has had"))
    p.add_argument("product", metavar="PRODUCT_CODE")
    p.add_argument("--json", action="store_true", help=_("machine-readable output"))
    p.set_defaults(handler=_history)

    p = csub.add_parser("print", help=_("the recognition decision with its annex (PDF and/or Word)"))
    p.add_argument("ref", metavar="DECISION_OR_SESSION")
    p.add_argument("--out", required=True, metavar="DIR", help=_("folder to write into"))
    p.add_argument("--format", choices=FORMATS, default="pdf")
    p.set_defaults(handler=_print_decision)

    p = csub.add_parser("print-register", help=_("the register, or the re-evaluation list (PDF and/or Word)"))
    p.add_argument("--out", required=True, metavar="DIR", help=_("folder to write into"))
    p.add_argument("--due-within", type=int, metavar="N", help=_("print the re-evaluation list for N months"))
    p.add_argument("--today", type=_date, metavar="YYYY-MM-DD", help=_("count from this day (default: today)"))
    p.add_argument("--authority", metavar="TEXT", help=_("the issuing authority printed in the header"))
    p.add_argument("--format", choices=FORMATS, default="pdf")
    _filters(p)
    p.set_defaults(handler=_print_register)

    p = csub.add_parser("details", help=_("the council's parent authority and town, for the papers"))
    p.add_argument("council", metavar="COUNCIL_ID")
    p.add_argument("--parent-authority", metavar="TEXT", help=_("e.g. Ủy ban nhân dân huyện Chợ Mới"))
    p.add_argument("--place", metavar="TEXT", help=_("the town written before the date, e.g. Chợ Mới"))
    p.set_defaults(handler=_details)

    s = sub.add_parser("self-assessment", help=_("producers' self-assessments, compared with the council"))
    ssub = s.add_subparsers(dest="self_assessment_command", metavar=_("COMMAND"))
    p = ssub.add_parser("import", help=_("record the self-assessments of a file"))
    p.add_argument("file", metavar="FILE")
    p.set_defaults(handler=_sa_import)
    p = ssub.add_parser("show", help=_("per criterion: the self-assessment against the council's mean"))
    p.add_argument("session", metavar="SESSION_ID")
    p.add_argument("product", metavar="PRODUCT_CODE")
    p.add_argument("--all", action="store_true", help=_("every criterion, not only those that differ"))
    p.add_argument("--json", action="store_true", help=_("machine-readable output"))
    p.set_defaults(handler=_sa_show)
    p = ssub.add_parser("print", help=_("the comparison as PDF, for the producers (every product, or one)"))
    p.add_argument("session", metavar="SESSION_ID")
    p.add_argument("--product", metavar="PRODUCT_CODE")
    p.add_argument("--out", required=True, metavar="DIR", help=_("folder to write into"))
    p.add_argument("--all", action="store_true", help=_("every criterion, not only those that differ"))
    p.set_defaults(handler=_sa_print)
