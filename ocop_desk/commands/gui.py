"""`ocop-desk gui`: the desktop application (also what `ocop-desk` alone starts)."""

from __future__ import annotations

import argparse

from ocop_desk.i18n import _
from ocop_desk.ui.screens import SCREEN_KEYS


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("gui", help=_("open the desktop application"),
                       description=_("Open the desktop application."))
    p.add_argument("--exit-after", type=float, metavar=_("SECONDS"), default=None,
                   help=_("close by itself after this many seconds (for checks without a person)"))
    p.add_argument("--read-only", action="store_true",
                   help=_("open the store without changing anything"))
    p.add_argument("--screen", default="scoring",
                   choices=SCREEN_KEYS,
                   help=_("the screen to start on"))
    p.set_defaults(handler=_run)


def _run(args: argparse.Namespace) -> int:
    from ocop_desk.ui.app import LaunchOptions, run

    return run(LaunchOptions(db=args.db, lang=args.lang, read_only=args.read_only,
                             exit_after=args.exit_after, start=args.screen))
