"""Core commands: criteria, profiles, sessions, results, demo, audit, backup."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ocop_desk.commands._common import cli_store as _store
from ocop_desk.i18n import _
from ocop_desk.vocabulary import criteria_status_name, state_name

if TYPE_CHECKING:  # each command imports what it runs, so that `--help` stays fast
    from ocop_desk.scoring.criteria import CriteriaSet
    from ocop_desk.scoring.profiles import Profile


def _print_json(data: Any, numbers: bool = True) -> None:
    from ocop_desk.canonical import dumps_pretty

    sys.stdout.write(dumps_pretty(data, numbers=numbers) + "\n")


def _table(rows: list[list[str]], headers: list[str], right: tuple[int, ...] = ()) -> None:
    from ocop_desk.commands._common import print_table

    print_table(rows, headers, right)


# ------------------------------------------------------------------ criteria


def _criteria_list(args: argparse.Namespace) -> int:
    from ocop_desk.catalogue import list_criteria_sets

    sets = list_criteria_sets(_store(args), all_versions=args.all)
    if args.group:
        sets = [s for s in sets if s.group_id == args.group]
    if args.json:
        _print_json([{"id": s.id, "title": s.title, "regulation": s.regulation, "profile": s.profile,
                      "group_id": s.group_id, "group": s.group, "product_set": s.product_set,
                      "status": s.status, "content_hash": s.content_hash, "origin": s.origin,
                      "current": s.current, "offered": s.offered} for s in sets])
        return 0
    _table([[s.id, s.regulation, s.group, s.product_set, criteria_status_name(s.status),
             _("yes") if s.offered else _("no")] for s in sets],
           [_("ID"), _("Regulation"), _("Group"), _("Product set"), _("Status"), _("For new sessions")])
    return 0


def criteria_show_json(cs: CriteriaSet) -> dict[str, Any]:
    """The documented `criteria show --json` shape."""
    return {
        "id": cs.id, "title": cs.title, "regulation": cs.regulation, "group": cs.group,
        "product_set": cs.product_set, "status": cs.status, "content_hash": cs.content_hash,
        "parts": [{"id": p.id, "title": p.title, "max": p.max, "sections": [
            {"id": s.id, "title": s.title, "max": s.max, "criteria": [
                {"id": c.id, "title": c.title, "max": c.max,
                 "options": [{"id": o.id, "label": o.label, "points": o.points} for o in c.options]}
                for c in s.criteria]} for s in p.sections]} for p in cs.parts],
        "knockouts": [{"id": k.id, "label": k.label} for k in cs.knockouts],
        "star_conditions": [{"star": sc.star, "ref": sc.ref, "min": sc.min, "label": sc.label}
                            for sc in cs.star_conditions],
    }


def _criteria_show(args: argparse.Namespace) -> int:
    from ocop_desk.catalogue import resolve_criteria_set

    _pk, cs = resolve_criteria_set(_store(args), args.id)
    if args.json:
        _print_json(criteria_show_json(cs))
        return 0
    from ocop_desk.words import decimal_text as n

    print(f"{cs.title}\n{cs.regulation} · {cs.group} · {cs.product_set} · {criteria_status_name(cs.status)}")
    for p in cs.parts:
        print(f"\n{p.id}. {p.title} ({n(p.max)})")
        for s in p.sections:
            print(f"  {s.id}. {s.title} ({n(s.max)})")
            for c in s.criteria:
                print(f"    {c.id}) {c.title} ({n(c.max)})")
                for o in c.options:
                    print(f"       [{n(o.points)}] {o.label}")
    if cs.knockouts:
        print("\n" + _("Knock-out conditions:"))
        for k in cs.knockouts:
            print(f"  {k.id}: {k.label}")
    return 0


def _criteria_validate(args: argparse.Namespace) -> int:
    from ocop_desk.catalogue import load_criteria_file, shipped_profiles

    cs = load_criteria_file(Path(args.file), shipped_profiles())
    print(_("{file}: valid — {id}, {n} criteria, content hash {hash}").format(
        file=args.file, id=cs.id, n=len(cs.criterion_ids()), hash=cs.content_hash[:16]))
    from ocop_desk.scoring.validate import gap_problems

    gaps = gap_problems(cs)
    if gaps:  # an incomplete-source sheet: shipped as the source gives it, not offered for new sessions
        print(_("{file}: the source does not add up; not offered for new sessions until a corrected version "
                "is imported:").format(file=args.file))
        for gap in gaps:
            print(f"  {args.file}: {gap.place}: {gap.message}")
    return 0


def _criteria_import(args: argparse.Namespace) -> int:
    from ocop_desk.catalogue import import_criteria

    out = import_criteria(_store(args), Path(args.file))
    msg = _("imported {id} (content hash {hash})") if out.created else _("{id} is already in the store (content hash {hash})")
    print(msg.format(id=out.set_id, hash=out.content_hash[:16]))
    return 0


def _criteria_export(args: argparse.Namespace) -> int:
    from ocop_desk.catalogue import resolve_criteria_set

    _pk, cs = resolve_criteria_set(_store(args), args.id)
    out = Path(args.file)
    if out.suffix.lower() == ".xlsx":
        from ocop_desk.excel.criteria_workbook import write_criteria_workbook

        write_criteria_workbook(cs, out)
    else:
        from ocop_desk.canonical import dumps_pretty

        out.write_text(dumps_pretty(cs.to_dict()) + "\n", encoding="utf-8")
    print(_("wrote {file}").format(file=out))
    return 0


# ------------------------------------------------------------------ profiles


def profile_json(p: Profile) -> dict[str, Any]:
    return {
        "id": p.id, "title": p.title, "regulation": p.regulation, "parts": dict(p.parts),
        "star_bands": [{"star": b.star, "min": b.min} for b in p.star_bands],
        "rounding": {"places": p.places, "mode": "half_up"},
        "min_scorecards": p.min_scorecards, "discrepancy_threshold": p.discrepancy_threshold,
        "levels": {name: {"recognises": list(r.recognises), "forwards_min": r.forwards_min}
                   for name, r in (p.levels or {}).items()},
        "status": p.status,
    }


def _profiles_list(args: argparse.Namespace) -> int:
    from ocop_desk.catalogue import list_profiles

    profiles = list_profiles(_store(args))
    if args.json:
        _print_json([profile_json(p) for p in profiles])
        return 0
    from ocop_desk.vocabulary import level_name
    from ocop_desk.words import decimal_text

    for p in profiles:
        bands = ", ".join(f"{b.star}★≥{decimal_text(b.min)}" for b in p.star_bands)
        print(f"{p.id}  {p.regulation}  [{bands}]  " + _(
            "rounding {places} places; at least {n} scorecards; discrepancy > {t}").format(
            places=p.places, n=p.min_scorecards, t=decimal_text(p.discrepancy_threshold)))
        for name, r in (p.levels or {}).items():
            fwd = (_("forwards ≥ {min}").format(min=decimal_text(r.forwards_min)) if r.forwards_min is not None
                   else _("forwards nothing"))
            print("    " + _("{level}: recognises {stars}; {fwd}").format(
                level=level_name(name), stars=", ".join(f"{s}★" for s in r.recognises) or "—", fwd=fwd))
    return 0


# ------------------------------------------------------------------ sessions and results


def _session_import(args: argparse.Namespace) -> int:
    from ocop_desk.interchange import import_session

    summary = import_session(_store(args), Path(args.file))
    if not summary.changed:
        print(_("session {sid}: nothing to change").format(sid=summary.session_id))
        return 0
    parts = [f"{k}+{v}" for k, v in sorted(summary.created.items())] + \
            [f"{k}~{v}" for k, v in sorted(summary.updated.items())]
    print(_("session {sid} imported: {parts}; {n} choices written").format(
        sid=summary.session_id, parts=", ".join(parts) or "—", n=summary.choices_written))
    return 0


def _session_export(args: argparse.Namespace) -> int:
    from ocop_desk.canonical import dumps_pretty
    from ocop_desk.interchange import export_session

    text = dumps_pretty(export_session(_store(args), args.session_id)) + "\n"
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


def _session_list(args: argparse.Namespace) -> int:
    from ocop_desk.sessions import list_sessions

    rows = list_sessions(_store(args))
    if args.json:
        _print_json([{"id": r.id, "council": r.council_id, "council_name": r.council_name,
                      "date": r.date.isoformat(), "place": r.place, "state": r.state, "products": r.products,
                      "members": r.members} for r in rows])
        return 0
    _table([[r.id, r.date.isoformat(), r.council_name, str(r.products), state_name(r.state)] for r in rows],
           [_("Session"), _("Date"), _("Council"), _("Products"), _("State")])
    return 0


def _session_state(args: argparse.Namespace) -> int:
    from ocop_desk.sessions import UnfinishedSheets, set_state

    try:
        set_state(_store(args), args.session_id, args.state, reason=args.reason,
                  acknowledge_unfinished=args.ack_unfinished)
    except UnfinishedSheets as exc:
        for line in exc.lines():
            print(f"ocop-desk: {line}", file=sys.stderr)
        print("ocop-desk: " + _('to close all the same, say why: --ack-unfinished "REASON"'), file=sys.stderr)
        return exc.exit_code
    print(_("session {sid}: {state}").format(sid=args.session_id, state=state_name(args.state)))
    return 0


def _session_set_paper(args: argparse.Namespace) -> int:
    """Set the hours and the papers' numbers given (all or nothing), then show what the papers will print."""
    from ocop_desk.certificates import PAPER_NUMBER_LABEL, paper_details, set_session_papers

    store = _store(args)
    numbers = {kind: value for kind, value in (("minutes", args.minutes_number), ("summary", args.summary_number),
                                               ("recognition", args.recognition_number)) if value is not None}
    if args.start is not None or args.end is not None or numbers:
        set_session_papers(store, args.session_id, start=args.start, end=args.end, numbers=numbers)
    d = paper_details(store, args.session_id)
    if args.json:
        _print_json({"session": args.session_id, "parent_authority": d.parent_authority, "place": d.place_name,
                     "start": d.start_time, "end": d.end_time,
                     "numbers": {k: n for k, (n, _day) in sorted(d.numbers.items())}}, numbers=False)
        return 0
    dash = "—"
    _table([[_("Parent authority"), d.parent_authority or dash], [_("Place of the date line"), d.place_name or dash],
            [_("Start time"), d.start_time or dash], [_("End time"), d.end_time or dash]]
           + [[_(label), d.numbers[k][0] if k in d.numbers else dash] for k, label in PAPER_NUMBER_LABEL.items()],
           [args.session_id, ""])
    return 0


def _results(args: argparse.Namespace) -> int:
    from ocop_desk.results import results_json, session_results
    from ocop_desk.vocabulary import flag_name, status_name
    from ocop_desk.words import decimal_text

    res = session_results(_store(args), args.session_id)
    if args.json:
        _print_json(results_json(res), numbers=False)
        return 0
    _table([[p.code, p.item.product_name, decimal_text(p.result.mean),
             "★" * (p.result.star or 0) or "—", status_name(p.result.status),
             ", ".join(flag_name(f.kind) + (f" ({f.member})" if f.member else "")
                       for f in p.result.flags)] for p in res.products],
           [_("Code"), _("Product"), _("Mean"), _("Star"), _("Status"), _("Flags")], right=(2,))
    return 0


def _results_and_sheet_rules(args: argparse.Namespace) -> int:
    """`results`: the table, then below it what the sheets' own rules decided (knock-out options,
    unmet star markers); the JSON carries them itself."""
    from ocop_desk.results import criterion_knockouts, requirements_unmet, session_results

    code = _results(args)
    if args.json or code:
        return code
    for p in session_results(_store(args), args.session_id).products:
        for k in criterion_knockouts(p.criteria_set, p.result):
            print(_("{code}: knocked out by option {option}: {label}").format(
                code=p.code, option=k["option"], label=k["label"]))
        for req in requirements_unmet(p.criteria_set, p.result):
            print(_("{code}: star capped: {reason}").format(code=p.code, reason=req["reason"]))
    return 0


# ------------------------------------------------------------------ demo, audit, backup


def _demo(args: argparse.Namespace) -> int:
    from ocop_desk.demo import create_demo

    out = create_demo(_store(args), products=args.products, members=args.members, seed=args.seed)
    print(_("demo session {sid} created: {p} products, {m} members").format(
        sid=out.session_id, p=out.products, m=out.members))
    return 0


def _audit_verify(args: argparse.Namespace) -> int:
    from ocop_desk import audit

    store = _store(args)
    anchors = [audit.parse_anchor(a) for a in args.anchor or []]
    path = Path(args.checkpoints) if args.checkpoints else audit.checkpoints_path(store)
    checkpoints = audit.read_checkpoints(path) if args.checkpoints or path.is_file() else []
    report = audit.verify(store, anchors, checkpoints=checkpoints)
    print(report.message)
    if report.ok and not (anchors or checkpoints):
        print(_("no anchor was given: a log rewritten whole would look intact; compare with the chain head "
                "on the minutes (--anchor ENTRY:HASH)"))
    return 0 if report.ok else 8


def _audit_head(args: argparse.Namespace) -> int:
    from ocop_desk.audit import chain_head

    print(chain_head(_store(args)).text())
    return 0


def _audit_checkpoint(args: argparse.Namespace) -> int:
    from ocop_desk import audit

    store = _store(args)
    key = None
    if args.key:
        from ocop_desk.bundles import keys

        key = keys.unlock(keys.find_key(args.key), keys.read_passphrase(args.passphrase_file,
                                                                         prompt=sys.stdin.isatty()))
    path = Path(args.file) if args.file else audit.checkpoints_path(store)
    cp = audit.write_checkpoint(store, key, path)
    print(_("checkpoint {head} written to {file}").format(head=cp.head.text(), file=path))
    return 0


def _backup(args: argparse.Namespace) -> int:
    from ocop_desk.backup import backup_store

    dest = backup_store(_store(args), Path(args.file))
    print(_("backup written to {file}").format(file=dest))
    return 0


def _restore(args: argparse.Namespace) -> int:
    from ocop_desk.backup import restore_store

    out = restore_store(_store(args), Path(args.file))
    print(_("store restored from {file}; the previous store was kept as {copy}").format(
        file=out.restored_from, copy=out.safety_copy))
    return 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    crit = sub.add_parser("criteria", help=_("criteria sets (score sheets)"))
    csub = crit.add_subparsers(dest="criteria_command", metavar=_("ACTION"), required=True)
    p = csub.add_parser("list", help=_("list the criteria sets in the store"))
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.add_argument("--all", action="store_true", help=_("every version, not only the newest"))
    p.add_argument("--group", help=_("only this product group id"))
    p.set_defaults(handler=_criteria_list)
    p = csub.add_parser("show", help=_("show one criteria set"))
    p.add_argument("id", help=_("set id or content hash"))
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(handler=_criteria_show)
    p = csub.add_parser("validate", help=_("check a criteria file (JSON or XLSX) without importing it"))
    p.add_argument("file")
    p.set_defaults(handler=_criteria_validate)
    p = csub.add_parser("import", help=_("validate and add a criteria file (JSON or XLSX) to the store"))
    p.add_argument("file")
    p.set_defaults(handler=_criteria_import)
    p = csub.add_parser("export", help=_("write a criteria set to FILE (.json or .xlsx)"))
    p.add_argument("id")
    p.add_argument("file")
    p.set_defaults(handler=_criteria_export)

    prof = sub.add_parser("profiles", help=_("regulation profiles"))
    psub = prof.add_subparsers(dest="profiles_command", metavar=_("ACTION"), required=True)
    p = psub.add_parser("list", help=_("list regulation profiles"))
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(handler=_profiles_list)

    sess = sub.add_parser("session", help=_("council sessions"))
    ssub = sess.add_subparsers(dest="session_command", metavar=_("ACTION"), required=True)
    p = ssub.add_parser("import", help=_("create or update a session from an interchange file"))
    p.add_argument("file")
    p.set_defaults(handler=_session_import)
    p = ssub.add_parser("export", help=_("write a session as an interchange file"))
    p.add_argument("session_id")
    p.add_argument("--out", help=_("file to write (default: standard output)"))
    p.set_defaults(handler=_session_export)
    p = ssub.add_parser("list", help=_("list sessions"))
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(handler=_session_list)
    p = ssub.add_parser("state", help=_("move a session: preparing, scoring, closed"))
    p.add_argument("session_id")
    p.add_argument("state", choices=("preparing", "scoring", "closed"))
    p.add_argument("--reason", help=_("why a closed session is reopened (required then)"))
    p.add_argument("--ack-unfinished", metavar=_("REASON"), default=None,
                   help=_("close although some sheets are unfinished, saying why (kept in the audit log)"))
    p.set_defaults(handler=_session_state)
    p = ssub.add_parser("set-paper", help=_("the meeting's hours and the numbers of its papers (shown when "
                                            "nothing is given)"))
    p.add_argument("session_id")
    p.add_argument("--start", metavar="HH:MM", help=_("when the meeting opened (\"\" clears it)"))
    p.add_argument("--end", metavar="HH:MM", help=_("when the meeting ended (\"\" clears it)"))
    p.add_argument("--minutes-number", metavar="NUMBER", help=_("the minutes' number (a bare 12 gets /BB-HĐ)"))
    p.add_argument("--summary-number", metavar="NUMBER", help=_("the summary's number (a bare 3 gets /BTH-HĐ)"))
    p.add_argument("--recognition-number", metavar="NUMBER",
                   help=_("the recognition list's number (a bare 4 gets /DS-HĐ)"))
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(handler=_session_set_paper)

    p = sub.add_parser("results", help=_("results of a session"))
    p.add_argument("session_id")
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(handler=_results_and_sheet_rules)

    p = sub.add_parser("demo", help=_("create a realistic demo district session"))
    p.add_argument("--products", type=int, default=12)
    p.add_argument("--members", type=int, default=9)
    p.add_argument("--seed", type=int, default=2026)
    p.set_defaults(handler=_demo)

    aud = sub.add_parser("audit", help=_("the audit log"))
    asub = aud.add_subparsers(dest="audit_command", metavar=_("ACTION"), required=True)
    p = asub.add_parser("verify", help=_("check that no audit entry or recorded fact was altered or removed"))
    p.add_argument("--anchor", action="append", metavar="ENTRY:HASH",
                   help=_("a chain head kept outside the database (minutes, bundle); may be repeated"))
    p.add_argument("--checkpoints", metavar="FILE", help=_("a checkpoints file (default: the one beside the store)"))
    p.set_defaults(handler=_audit_verify)
    p = asub.add_parser("head", help=_("print the chain head (ENTRY:HASH) to keep outside the database"))
    p.set_defaults(handler=_audit_head)
    p = asub.add_parser("checkpoint", help=_("append the chain head to a checkpoints file, signed with a key if given"))
    p.add_argument("--key", metavar="KEY", help=_("the council key to sign with"))
    p.add_argument("--passphrase-file", metavar="FILE", default=None,
                   help=_("read the key passphrase from FILE (or set OCOP_DESK_PASSPHRASE)"))
    p.add_argument("--file", metavar="FILE", help=_("the checkpoints file (default: the one beside the store)"))
    p.set_defaults(handler=_audit_checkpoint)

    p = sub.add_parser("backup", help=_("write a consistent copy of the SQLite store"))
    p.add_argument("file")
    p.set_defaults(handler=_backup)

    p = sub.add_parser("restore", help=_("replace the SQLite store with a backup (the current store is kept aside)"))
    p.add_argument("file")
    p.set_defaults(handler=_restore)
