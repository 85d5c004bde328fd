"""CLI: `bundle`, `keys`, `trust`, `merge` and `report province`.

Exit codes of refusals (docs/bundle-format.md): 11 malformed, 12 tampered,
13 unknown or revoked signer, 14 stale (older than what is merged), 15
stated results disagree, 16 unknown criteria set, 9 key problems.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ocop_desk.commands._common import cli_store as _store
from ocop_desk.i18n import _
from ocop_desk.commands._common import must_exist as _must_exist
from ocop_desk.commands._common import print_table
from ocop_desk.vocabulary import (conflict_kind_name, kind_name, level_name, outcome_name, owner_kind_name,
                                  status_name)
from ocop_desk.words import counts_text, decimal_text, supersession_text

if TYPE_CHECKING:  # each command imports what it runs, so that `--help` stays fast
    from ocop_desk.bundles.keys import SigningKey
    from ocop_desk.bundles.trust import TrustStore



def _trust_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("--trust", metavar="STORE", type=Path, default=None,
                   help=_("trust store file (default: trust.json in the user data folder)"))


def _admin_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("--key", metavar="KEY", default=None,
                   help=_("the trust store administrator's key, which seals every change (default: the key "
                          "that sealed it, or your only key)"))
    _pass_arg(p)


def _pass_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("--passphrase-file", metavar="FILE", default=None,
                   help=_("read the key passphrase from FILE (or set OCOP_DESK_PASSPHRASE)"))


def _print_json(data: Any) -> None:
    from ocop_desk.canonical import dumps_pretty

    print(dumps_pretty(data, numbers=False))


def register(sub: Any) -> None:
    b = sub.add_parser("bundle", help=_("signed bundles: export, verify, import"))
    bsub = b.add_subparsers(dest="bundle_command", metavar=_("ACTION"))

    p = bsub.add_parser("export", help=_("export a session's signed results (or one member's scorecards)"))
    p.add_argument("session_id", metavar="SESSION_ID")
    p.add_argument("--out", required=True, type=Path, metavar="FILE")
    p.add_argument("--member", default=None, metavar="CODE",
                   help=_("export this member's scorecards, signed with the member's key"))
    p.add_argument("--key", default=None, metavar="KEY", help=_("key id, id prefix or owner id (default: the owner's key)"))
    p.add_argument("--minutes", type=Path, default=None, metavar="PDF", help=_("signed minutes to include"))
    p.add_argument("--supersedes", default=None, metavar="ENVELOPE_ID", help=_("id of the bundle this one replaces"))
    _pass_arg(p)
    p.set_defaults(handler=_bundle_export)

    p = bsub.add_parser("export-dossier", help=_("export a product's dossier package, signed"))
    p.add_argument("product_code", metavar="PRODUCT_CODE")
    p.add_argument("--out", required=True, type=Path, metavar="FILE")
    p.add_argument("--key", required=True, metavar="KEY")
    _pass_arg(p)
    p.set_defaults(handler=_bundle_export_dossier)

    p = bsub.add_parser("verify", help=_("verify a bundle and print its verdict"))
    p.add_argument("file", type=Path, metavar="FILE")
    p.add_argument("--json", action="store_true")
    _trust_arg(p)
    p.set_defaults(handler=_bundle_verify)

    p = bsub.add_parser("import", help=_("import member scorecards or a dossier package into this store"))
    p.add_argument("file", type=Path, metavar="FILE")
    _trust_arg(p)
    p.set_defaults(handler=_bundle_import)

    k = sub.add_parser("keys", help=_("your own signing keys"))
    ksub = k.add_subparsers(dest="keys_command", metavar=_("ACTION"))
    p = ksub.add_parser("new", help=_("make a key pair for a council or a member"))
    who = p.add_mutually_exclusive_group(required=True)
    who.add_argument("--council", metavar="ID")
    who.add_argument("--member", metavar="ID")
    p.add_argument("--name", default="", help=_("whose key it is, as people say it"))
    p.add_argument("--level", default="district", choices=("district", "province", "central", "commune"))
    p.add_argument("--admin-unit", default="", metavar="CODE")
    _pass_arg(p)
    p.set_defaults(handler=_keys_new)
    p = ksub.add_parser("export", help=_("write a key's public file (or its still-encrypted private file)"))
    p.add_argument("key", metavar="KEY")
    p.add_argument("--out", required=True, type=Path, metavar="FILE")
    p.add_argument("--private", action="store_true", help=_("the encrypted private key, to move it to another machine"))
    p.set_defaults(handler=_keys_export)
    p = ksub.add_parser("import", help=_("take in an encrypted private key file made elsewhere"))
    p.add_argument("file", type=Path, metavar="FILE")
    p.set_defaults(handler=_keys_import)
    p = ksub.add_parser("list", help=_("list your keys"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=_keys_list)
    p = ksub.add_parser("revoke", help=_("stop signing with a key"))
    p.add_argument("key", metavar="KEY")
    p.set_defaults(handler=_keys_revoke)

    t = sub.add_parser("trust", help=_("public keys whose signatures this machine accepts"))
    tsub = t.add_subparsers(dest="trust_command", metavar=_("ACTION"))
    p = tsub.add_parser("add", help=_("trust a public-key file after checking its fingerprint"))
    p.add_argument("keyfile", type=Path, metavar="KEYFILE")
    p.add_argument("--fingerprint", default=None, metavar="FP",
                   help=_("the fingerprint read out by the key's owner; refused if it differs"))
    p.add_argument("--yes", action="store_true", help=_("do not ask for confirmation"))
    p.add_argument("--note", default="", help=_("your own note on whose key this is"))
    p.add_argument("--register-member", metavar="COUNCIL", default=None,
                   help=_("also register this member key with the member's council in the store (--db)"))
    _trust_arg(p)
    _admin_arg(p)
    p.set_defaults(handler=_trust_add)
    p = tsub.add_parser("list", help=_("list trusted keys"))
    p.add_argument("--json", action="store_true")
    _trust_arg(p)
    p.set_defaults(handler=_trust_list)
    p = tsub.add_parser("revoke", help=_("stop trusting a key (it stays listed as revoked)"))
    p.add_argument("key_id", metavar="KEYID")
    p.add_argument("--note", default="")
    _trust_arg(p)
    _admin_arg(p)
    p.set_defaults(handler=_trust_revoke)
    p = tsub.add_parser("seal", help=_("seal the trust store with your key (once, or for a store of ocop-desk 0.1 "
                                       "after checking its keys with trust list)"))
    _trust_arg(p)
    _admin_arg(p)
    p.set_defaults(handler=_trust_seal)

    p = sub.add_parser("merge", help=_("verify district result bundles and merge them into this (province) store"))
    p.add_argument("files", nargs="+", type=Path, metavar="FILE")
    p.add_argument("--json", action="store_true")
    _trust_arg(p)
    p.set_defaults(handler=_merge)

    r = sub.add_parser("report", help=_("reports over merged results"))
    rsub = r.add_subparsers(dest="report_command", metavar=_("REPORT"))
    p = rsub.add_parser("province", help=_("all merged products and open conflicts"))
    p.add_argument("--json", action="store_true")
    p.add_argument("--forwarded", action="store_true",
                   help=_("only the products forwarded for province evaluation under their regulation profile"))
    p.set_defaults(handler=_report_province)

    c = sub.add_parser("conflict", help=_("decide a merge conflict (province)"))
    csub = c.add_subparsers(dest="conflict_command", metavar=_("ACTION"), required=True)
    p = csub.add_parser("decide", help=_("accept or reject the result a conflict holds, with a written reason"))
    p.add_argument("conflict_id", type=int)
    p.add_argument("decision", choices=("accept", "reject"))
    p.add_argument("--reason", required=True, help=_("why (kept in the audit log)"))
    p.set_defaults(handler=_conflict_decide)


# --- handlers -----------------------------------------------------------------------------


def _unlock(ref: str, passphrase_file: str | None) -> SigningKey:
    from ocop_desk.bundles import keys

    stored = keys.find_key(ref)
    return keys.unlock(stored, keys.read_passphrase(passphrase_file, prompt=sys.stdin.isatty()))


def _bundle_export(args: argparse.Namespace) -> int:
    store = _store(args)
    if args.member:
        from ocop_desk.exchange.member_scorecards import export_member_scorecards

        out = export_member_scorecards(store, args.session_id, args.member,
                                       _unlock(args.key or args.member, args.passphrase_file), args.out,
                                       supersedes=args.supersedes)
    else:
        from ocop_desk.exchange.session_results import export_session_results
        from ocop_desk.sessions import get_session

        ref = args.key or get_session(store, args.session_id).council.id
        out = export_session_results(store, args.session_id, _unlock(ref, args.passphrase_file), args.out,
                                     minutes_pdf=args.minutes, supersedes=args.supersedes)
    print(_("Wrote {file}: {kind} {id} ({counts})").format(file=out.path, kind=kind_name(out.kind),
                                                           id=out.envelope_id, counts=counts_text(out.counts, ", ")))
    return 0


def _bundle_export_dossier(args: argparse.Namespace) -> int:
    from ocop_desk.exchange.dossier_packages import export_dossier_package

    out = export_dossier_package(_store(args), args.product_code, _unlock(args.key, args.passphrase_file),
                                 args.out)
    print(_("Wrote {file}: {kind} {id} ({counts})").format(
        file=out.path, kind=kind_name(out.kind), id=out.envelope_id, counts=counts_text(out.counts, ", ")))
    return 0


def _bundle_verify(args: argparse.Namespace) -> int:
    from ocop_desk.bundles.verify import inspect_bundle

    _must_exist(args.file)
    v = inspect_bundle(args.file, args.trust)
    if args.json:
        _print_json({
            "file": v.file, "verdict": v.verdict, "exit_code": v.exit_code, "reason": v.message,
            "envelope_id": v.envelope_id, "kind": v.kind,
            "issuer": None if v.issuer is None else v.issuer.to_dict(), "created_at": v.created_at,
            "supersedes": v.supersedes, "counts": dict(v.counts), "audit_head": v.audit_head,
            "signers": [{"key_id": s.key_id, "fingerprint": s.fingerprint, "owner": s.owner_id, "name": s.name}
                        for s in v.signers]})
        return v.exit_code
    if v.kind is None:  # not even readable: one clear line, as for any other error
        print(f"ocop-desk: {v.message}", file=sys.stderr)
        return v.exit_code
    assert v.issuer is not None
    print(_("Kind: {kind}").format(kind=kind_name(v.kind)))
    print(_("Envelope: {id} (created {at})").format(id=v.envelope_id, at=v.created_at))
    print(_("Issuer: council {council}, admin unit {unit}").format(council=v.issuer.council,
                                                                    unit=v.issuer.admin_unit or "-"))
    print(_("Counts: {counts}").format(counts=counts_text(v.counts, ", ")))
    if v.audit_head:
        # ENTRY:HASH, as `audit verify --anchor` takes it at the sender
        print(_("Audit chain head at export: {anchor}").format(anchor=f"{v.audit_head['seq']}:{v.audit_head['hash']}"))
    for s in v.signers:
        print(_("Signer: {key} {fp} {name}").format(key=s.key_id, fp=s.fingerprint or _("(unknown key)"),
                                                     name=s.name or ""))
    print(_("Verdict: VALID") if v.ok else _("Verdict: REFUSED — {reason}").format(reason=v.message))
    return v.exit_code


def _bundle_import(args: argparse.Namespace) -> int:
    from ocop_desk.exchange.receive import receive_file

    print(receive_file(_store(args), args.file, args.trust).summary())
    return 0


def _keys_new(args: argparse.Namespace) -> int:
    from ocop_desk.bundles import keys

    kind, owner = ("council", args.council) if args.council else ("member", args.member)
    passphrase = keys.read_passphrase(args.passphrase_file, prompt=sys.stdin.isatty(), confirm=True)
    stored, _signer = keys.new_key(kind, owner, passphrase, name=args.name, level=args.level,
                                   admin_unit=args.admin_unit)
    path = keys.save_key(stored)
    print(_("Key {id} for {kind} {owner} saved in {path}").format(id=stored.key_id, kind=owner_kind_name(kind), owner=owner,
                                                                  path=path))
    print(_("Fingerprint: {fp}").format(fp=stored.public.fingerprint))
    return 0


def _keys_export(args: argparse.Namespace) -> int:
    from ocop_desk.bundles import keys

    stored = keys.find_key(args.key)
    data = stored.to_dict() if args.private else stored.public.to_dict()
    keys.write_json_atomic(args.out, data, private=args.private)
    print(_("Wrote {file}; fingerprint {fp}").format(file=args.out, fp=stored.public.fingerprint))
    return 0


def _keys_import(args: argparse.Namespace) -> int:
    from ocop_desk.bundles import keys

    stored = keys.import_key(args.file)
    print(_("Key {id} for {kind} {owner} imported; fingerprint {fp}").format(
        id=stored.key_id, kind=_(stored.public.owner_kind), owner=stored.public.owner_id, fp=stored.public.fingerprint))
    return 0


def _keys_list(args: argparse.Namespace) -> int:
    from ocop_desk.bundles import keys

    rows = [{"key_id": k.key_id, "owner_kind": k.public.owner_kind, "owner_id": k.public.owner_id,
             "name": k.public.name, "level": k.public.level, "admin_unit": k.public.admin_unit,
             "fingerprint": k.public.fingerprint, "created_at": k.public.created_at, "revoked_at": k.revoked_at}
            for k in keys.list_keys()]
    if args.json:
        _print_json(rows)
    else:
        for r in rows:
            state = _("revoked {date}").format(date=r["revoked_at"]) if r["revoked_at"] else _("active")
            print(f"{r['key_id']}  {owner_kind_name(r['owner_kind'])} {r['owner_id']}  {r['fingerprint']}  {state}  {r['name']}")
    return 0


def _keys_revoke(args: argparse.Namespace) -> int:
    from ocop_desk.bundles import keys

    k = keys.revoke_key(args.key)
    print(_("Key {id} revoked on {date}").format(id=k.key_id, date=k.revoked_at))
    return 0


def _trust_add(args: argparse.Namespace) -> int:
    from ocop_desk.bundles import keys, trust
    from ocop_desk.bundles.errors import KeyRefused

    key = keys.read_public_key(args.keyfile)
    print(_("Key {id}: {kind} {owner} ({name}), {level}, admin unit {unit}").format(
        id=key.key_id, kind=owner_kind_name(key.owner_kind), owner=key.owner_id, name=key.name or "-",
        level=level_name(key.level) if key.level else "-", unit=key.admin_unit or "-"))
    print(_("Fingerprint: {fp}").format(fp=key.fingerprint))
    if args.fingerprint is not None:
        given = "".join(args.fingerprint.split()).upper()
        if given != key.fingerprint.replace(" ", ""):
            raise KeyRefused(_("the fingerprint you were given does not match this key file"), file=str(args.keyfile))
    elif not args.yes and sys.stdin.isatty():
        answer = input(_("Does this fingerprint match the one its owner read out? [y/N] "))
        if answer.strip().lower() not in ("y", "yes", "c", "có", "co"):
            print(_("Not added."))
            return 1
    store = trust.load_trust(args.trust)
    store, entry = trust.add_key(store, key, note=args.note, signer=_trust_admin(store, args))
    if entry.revoked:
        print(_("This key is in the trust store but was revoked on {date}; it stays revoked.").format(
            date=entry.revoked_at))
        return 1
    print(_("Trusted; store {path}").format(path=store.path))
    if args.register_member:
        from ocop_desk.exchange.member_scorecards import register_member_key

        register_member_key(_store(args), args.register_member, key)
        print(_("Registered as the key of member {member} of council {council}").format(
            member=key.owner_id, council=args.register_member))
    return 0


def _trust_list(args: argparse.Namespace) -> int:
    from ocop_desk.bundles import trust

    store = trust.load_trust(args.trust, unsealed=True)
    if not args.json:
        print(_("Sealed by administrator key {id} ({owner}), fingerprint {fp}").format(
            id=store.admin.key_id, owner=store.admin.name or store.admin.owner_id, fp=store.admin.fingerprint)
              if store.admin else _("NOT SEALED: check every key below, then seal it with `trust seal --key KEY`")
              if store.keys else _("The trust store is empty."))
    rows = [{"key_id": t.key_id, "owner_kind": t.key.owner_kind, "owner_id": t.key.owner_id, "name": t.key.name,
             "level": t.key.level, "admin_unit": t.key.admin_unit, "fingerprint": t.key.fingerprint,
             "added_at": t.added_at, "revoked_at": t.revoked_at, "note": t.note} for t in store.keys]
    if args.json:
        _print_json(rows)
    else:
        for r in rows:
            state = _("revoked {date}").format(date=r["revoked_at"]) if r["revoked_at"] else _("trusted")
            note = f"  ({r['note']})" if r["note"] else ""
            print(f"{r['key_id']}  {owner_kind_name(r['owner_kind'])} {r['owner_id']}  {r['fingerprint']}  {state}  {r['name']}{note}")
    return 0


def _trust_revoke(args: argparse.Namespace) -> int:
    from ocop_desk.bundles import trust

    store = trust.load_trust(args.trust)
    _store, entry = trust.revoke(store, args.key_id, note=args.note, signer=_trust_admin(store, args))
    print(_("Key {id} revoked on {date}").format(id=entry.key_id, date=entry.revoked_at))
    return 0


def _trust_admin(store: TrustStore, args: argparse.Namespace) -> SigningKey:
    from ocop_desk.bundles import trust

    return _unlock(trust.administrator_ref(store, args.key), args.passphrase_file)


def _trust_seal(args: argparse.Namespace) -> int:
    from ocop_desk.bundles import trust

    store = trust.load_trust(args.trust, unsealed=True)
    signer = _trust_admin(store, args)
    store = trust.save_trust(store, signer)
    print(_("Sealed {path} with key {id}, fingerprint {fp}").format(path=store.path, id=signer.public.key_id,
                                                                   fp=signer.public.fingerprint))
    return 0


def _merge(args: argparse.Namespace) -> int:
    from ocop_desk.exchange.merge import merge_files
    from ocop_desk.explain import explained

    report = merge_files(_store(args), args.files, args.trust)
    refused = [explained(e) for e in report.refused]
    if args.json:
        _print_json({"merged": [o.__dict__ for o in report.outcomes],
                     "refused": [{"file": e.file, "exit_code": e.exit_code, "message": e.one_line()}
                                 for e in refused]})
    else:
        for o in report.outcomes:
            if o.status == "unchanged":
                print(_("{file}: already merged, skipped — council {council}, session {session} (bundle {id})")
                      .format(file=o.file, council=o.council, session=o.session or "—", id=o.envelope_id))
                continue
            print(_("{file}: {status} — council {council}, session {session}, {n} products, {c} conflicts").format(
                file=o.file, status=outcome_name(o.status), council=o.council, session=o.session, n=o.products, c=o.conflicts))
            if o.superseded:
                print("  " + supersession_text(o.superseded))
        for e in refused:
            for line in e.lines():
                print(f"ocop-desk: {line}", file=sys.stderr)
    return refused[0].exit_code if refused else 0


def _report_province(args: argparse.Namespace) -> int:
    from ocop_desk.exchange.province import forwarded_products, province_report

    store = _store(args)
    data = province_report(store)
    if args.forwarded:
        data["products"] = forwarded_products(store)
    if args.json:
        _print_json(data)
        return 0
    rows = [[p["admin_unit"], p["code"], decimal_text(p["mean"]), f"{p['star']}★" if p["star"] else "—",
             status_name(p["status"]) + (" (" + _("held") + ")" if p.get("held") else ""), p["council"], p["name"]]
            for p in data["products"]]
    headers = [_("District"), _("Code"), _("Mean"), _("Star"), _("Status"), _("Council"), _("Product")]
    print_table(rows, headers, right=(2, 3))
    if not rows:
        print(_("No merged results yet."))
    if data["conflicts"]:
        print()
        print(_("Conflicts to decide:"))
        for c in data["conflicts"]:
            print(f"  #{c['id']} {conflict_kind_name(c['kind'])}: {c['product']} — {c['detail']}")
    return 0


def _conflict_decide(args: argparse.Namespace) -> int:
    from ocop_desk.exchange.province import resolve_conflict

    resolve_conflict(_store(args), args.conflict_id, args.decision, args.reason)
    print(_("conflict {id}: {decision}").format(id=args.conflict_id, decision=args.decision))
    return 0
