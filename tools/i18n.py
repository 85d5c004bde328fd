"""Compile the Vietnamese catalogue; check that every message is translated.

`python -m tools.i18n` (or `make i18n`) merges every
`resources/locale/vi/*.po` (one per area) into
`ocop_desk/locale/vi/LC_MESSAGES/ocop_desk.mo`.  The .mo is committed, so
running the app never needs Babel; it is rewritten only when its messages
change, and its header carries no timestamp, so compiling twice gives the
same bytes.

`python -m tools.i18n --check` also lists every `_()` / `N_()` /
`ngettext()` message in `ocop_desk/` that no .po translates, and exits 1 if
there is one (tests/test_i18n.py runs the same check).
"""

from __future__ import annotations

import argparse
import ast
import datetime as dt
import gettext
import io
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PO_DIR = REPO / "resources" / "locale" / "vi"
PACKAGE = REPO / "ocop_desk"
MO_PATH = PACKAGE / "locale" / "vi" / "LC_MESSAGES" / "ocop_desk.mo"
LANGUAGE = "vi"
DOMAIN = "ocop_desk"
# A fixed date keeps the compiled bytes reproducible (no churn in git).
_FIXED_DATE = dt.datetime(2023, 1, 1, tzinfo=dt.timezone.utc)

MsgId = str | tuple[str, str]


class I18nError(Exception):
    """A .po file that cannot be read, or two areas translating one message differently."""


@dataclass(frozen=True)
class Extracted:
    """Messages found in the code, and calls that cannot be extracted."""

    messages: dict[MsgId, list[str]] = field(default_factory=dict)  # msgid -> ["file:line", ...]
    bad_calls: list[str] = field(default_factory=list)  # "file:line: _() of an f-string"


def po_files(po_dir: Path = PO_DIR) -> list[Path]:
    return sorted(po_dir.glob("*.po"))


def read_po_file(path: Path):  # -> babel.messages.catalog.Catalog
    from babel.messages.pofile import PoFileError, read_po

    raw = path.read_bytes()
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise I18nError(f"{path}: byte {exc.start}: not UTF-8") from exc
    try:
        catalog = read_po(io.BytesIO(raw), locale=LANGUAGE, abort_invalid=True)
    except (PoFileError, ValueError) as exc:
        raise I18nError(f"{path}: {exc}") from exc
    if (catalog.charset or "").lower().replace("-", "") != "utf8":
        raise I18nError(f"{path}: header: charset must be UTF-8, not {catalog.charset!r}")
    return catalog


def merged_catalog(paths: Iterable[Path]):  # -> Catalog
    """One catalogue from all areas' .po files; translated, non-fuzzy entries only."""
    from babel.messages.catalog import Catalog

    from ocop_desk import __version__

    merged = Catalog(locale=LANGUAGE, domain=DOMAIN, project="ocop-desk", version=__version__,
                     creation_date=_FIXED_DATE, revision_date=_FIXED_DATE, charset="utf-8",
                     fuzzy=False, language_team="ocop-desk", last_translator="ocop-desk")
    origin: dict[object, Path] = {}
    for path in paths:
        for message in read_po_file(path):
            if not message.id or message.fuzzy or not _translated(message.string):
                continue
            key = (message.id, message.context)
            previous = merged.get(message.id, context=message.context)
            if previous is not None and previous.string != message.string:
                raise I18nError(f"{path}: msgid {message.id!r}: translated differently in "
                                f"{origin[key].name} ({previous.string!r} vs {message.string!r})")
            merged.add(message.id, message.string, context=message.context)
            origin.setdefault(key, path)
    return merged


def _translated(string: str | tuple[str, ...]) -> bool:
    return all(string) if isinstance(string, tuple) else bool(string)


def mo_bytes(catalog) -> bytes:
    from babel.messages.mofile import write_mo

    buf = io.BytesIO()
    write_mo(buf, catalog)
    return buf.getvalue()


def messages_of_mo(data: bytes) -> dict[object, str]:
    """What gettext will see (header excluded), for comparing catalogues, not bytes."""
    table = dict(gettext.GNUTranslations(io.BytesIO(data))._catalog)  # type: ignore[attr-defined]
    table.pop("", None)
    return table


def compile_catalog(po_dir: Path = PO_DIR, mo_path: Path = MO_PATH) -> tuple[Path, int, bool]:
    """Write the .mo if its messages changed; returns (path, message count, written)."""
    data = mo_bytes(merged_catalog(po_files(po_dir)))
    new = messages_of_mo(data)
    if mo_path.exists() and messages_of_mo(mo_path.read_bytes()) == new:
        return mo_path, len(new), False
    mo_path.parent.mkdir(parents=True, exist_ok=True)
    tmp = mo_path.with_suffix(".mo.tmp")
    tmp.write_bytes(data)
    tmp.replace(mo_path)
    return mo_path, len(new), True


def mo_is_current(po_dir: Path = PO_DIR, mo_path: Path = MO_PATH) -> bool:
    new = messages_of_mo(mo_bytes(merged_catalog(po_files(po_dir))))
    return mo_path.exists() and messages_of_mo(mo_path.read_bytes()) == new


# ------------------------------------------------------------------ extraction

_SINGULAR = {"_", "N_", "gettext"}
_PLURAL = {"ngettext"}


def _callee(node: ast.Call) -> str | None:
    if isinstance(node.func, ast.Name):
        return node.func.id
    if isinstance(node.func, ast.Attribute) and isinstance(node.func.value, ast.Name) \
            and node.func.value.id in ("i18n", "gettext"):
        return node.func.attr
    return None


def extract(package: Path = PACKAGE, root: Path = REPO) -> Extracted:
    """Every literal message passed to _(), N_(), ngettext() in the package."""
    found = Extracted()
    for py in sorted(package.rglob("*.py")):
        if "migrations" in py.parts:
            continue
        rel = py.relative_to(root).as_posix()
        tree = ast.parse(py.read_text(encoding="utf-8"), filename=rel)
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            name = _callee(node)
            where = f"{rel}:{node.lineno}"
            if name in _SINGULAR:
                arg = node.args[0]
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    found.messages.setdefault(arg.value, []).append(where)
                elif isinstance(arg, (ast.JoinedStr, ast.BinOp)):
                    found.bad_calls.append(f"{where}: {name}() of a built string; "
                                           "translate a literal and format the result")
            elif name in _PLURAL and len(node.args) >= 2:
                one, many = node.args[0], node.args[1]
                if all(isinstance(a, ast.Constant) and isinstance(a.value, str) for a in (one, many)):
                    found.messages.setdefault((one.value, many.value), []).append(where)  # type: ignore[union-attr]
                else:
                    found.bad_calls.append(f"{where}: ngettext() needs two literal strings")
    return found


def untranslated(extracted: Extracted, catalog) -> dict[MsgId, list[str]]:
    missing: dict[MsgId, list[str]] = {}
    for msgid, where in extracted.messages.items():
        message = catalog.get(msgid)
        if message is None or not _translated(message.string):
            missing[msgid] = where
    return missing


def committed_po_dir(rev: str, dest: Path) -> Path:
    """The .po files as committed at `rev`, copied into dest (for a .mo to commit
    while other areas have uncommitted .po edits in the same working tree)."""
    import subprocess

    rel = PO_DIR.relative_to(REPO).as_posix()
    names = subprocess.run(["git", "ls-tree", "--name-only", f"{rev}:{rel}"], cwd=REPO, check=True,
                           capture_output=True, text=True).stdout.split()
    for name in names:
        if name.endswith(".po"):
            data = subprocess.run(["git", "show", f"{rev}:{rel}/{name}"], cwd=REPO, check=True,
                                  capture_output=True).stdout
            (dest / name).write_bytes(data)
    return dest


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.i18n", description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true",
                        help="also list messages in the code that have no Vietnamese translation")
    parser.add_argument("--from-git", metavar="REV",
                        help="compile the .po files as committed at REV (e.g. HEAD), not the working tree")
    args = parser.parse_args(argv)
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        po_dir = committed_po_dir(args.from_git, Path(tmp)) if args.from_git else PO_DIR
        try:
            path, count, written = compile_catalog(po_dir)
        except I18nError as exc:
            print(f"i18n: {exc}", file=sys.stderr)
            return 1
        state = "written" if written else "unchanged"
        print(f"{path.relative_to(REPO)}: {count} messages from {len(po_files(po_dir))} .po files ({state})")
    if not args.check:
        return 0
    extracted = extract()
    missing = untranslated(extracted, merged_catalog(po_files()))
    for msgid, where in sorted(missing.items(), key=lambda kv: kv[1][0]):
        print(f"{where[0]}: untranslated: {msgid!r}")
    for bad in extracted.bad_calls:
        print(bad)
    in_code = set(extracted.messages)
    unused = [m.id for m in merged_catalog(po_files()) if m.id and m.id not in in_code]
    print(f"{len(extracted.messages)} messages in the code, {len(missing)} untranslated, "
          f"{len(extracted.bad_calls)} not extractable, {len(unused)} translated but unused")
    return 1 if missing or extracted.bad_calls else 0


if __name__ == "__main__":
    raise SystemExit(main())
