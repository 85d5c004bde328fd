"""`ocop-desk`: every service from a terminal.

The CLI is a contract other tools rely on: `--json` output shapes are
documented in `docs/cli.md`, exit 0 means success, and a failure prints one
line naming the file and the place.  Command groups live in
`ocop_desk/commands/<area>.py`; this module only wires them and turns errors
into messages.  Nothing heavy is imported before a command runs.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
from typing import NoReturn, Sequence

from ocop_desk import __version__
from ocop_desk.i18n import _, set_language


# argparse's own words ("usage:", "options", its errors) come from its gettext calls; pointing them
# at our catalogue makes --help and usage errors Vietnamese too (the .po carries those messages).
argparse._ = lambda message: _(message)  # type: ignore[attr-defined]


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # argparse's own exit code 2 is kept
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: {_('error')}: {message}\n")


def _command_modules() -> list[str]:
    import ocop_desk.commands as pkg

    return sorted(m.name for m in pkgutil.iter_modules(pkg.__path__) if not m.name.startswith("_"))


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="ocop-desk",
        description=_("OCOP product evaluation: criteria, council sessions, scoring, results."),
    )
    # argparse's default help text for --version is fixed when Python starts, before our catalogue is in
    parser.add_argument("--version", action="version", version=f"ocop-desk {__version__}",
                        help=_("show program's version number and exit"))
    parser.add_argument("--db", metavar="URL", default=None,
                        help=_("database URL (default: the local SQLite store; also OCOP_DESK_DB)"))
    parser.add_argument("--lang", choices=("vi", "en"), default=None,
                        help=_("language of messages (default vi; also OCOP_DESK_LANG)"))
    sub = parser.add_subparsers(dest="command", metavar=_("COMMAND"), parser_class=_Parser)
    for name in _command_modules():
        importlib.import_module(f"ocop_desk.commands.{name}").register(sub)
    return parser


def _preparse_lang(argv: Sequence[str]) -> None:
    """Messages in --help must already be in the chosen language."""
    lang = None
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            lang = argv[i + 1]
        elif arg.startswith("--lang="):
            lang = arg.split("=", 1)[1]
    set_language(lang)


def _ensure_utf8_output() -> None:
    """Diacritics must survive a Windows console or a C locale."""
    for stream in (sys.stdout, sys.stderr):
        try:
            if (stream.encoding or "").lower().replace("-", "") != "utf8":
                stream.reconfigure(encoding="utf-8")  # type: ignore[union-attr]
        except (AttributeError, ValueError):
            pass


def main(argv: Sequence[str] | None = None) -> int:
    from ocop_desk.errors import OcopError

    argv = list(sys.argv[1:] if argv is None else argv)
    _ensure_utf8_output()
    _preparse_lang(argv)
    parser = build_parser()
    if not argv:
        argv = ["gui"] if "gui" in _command_modules() else ["--help"]
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help()
        return 2
    try:
        return int(args.handler(args) or 0)
    except OcopError as raised:
        from ocop_desk.explain import explained

        exc = explained(raised)
        for line in exc.lines():
            print(f"ocop-desk: {line}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
