"""What every command group does the same way: open the store, print tables, "not found" for a missing file."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from ocop_desk.errors import NotFound
from ocop_desk.i18n import _

if TYPE_CHECKING:
    from ocop_desk.store.engine import Store


def cli_store(args: argparse.Namespace) -> Store:
    """The store `--db` names (else OCOP_DESK_DB, else the local one: `store.engine.resolve_url` decides)."""
    # imported here: SQLAlchemy loads only once a command runs, which keeps `ocop-desk --help` fast
    from ocop_desk.store.engine import open_store

    return open_store(args.db)


def must_exist(path: Path | str) -> None:
    """A missing file is "not found" (exit 6) for every command, before anything reads it."""
    if not Path(path).exists():
        raise NotFound(_("the file does not exist"), file=str(path))


def print_table(rows: list[list[str]], headers: list[str], right: tuple[int, ...] = ()) -> None:
    """A header row, then the rows, each column as wide as its widest cell (numbers aligned right)."""
    widths = [max(len(str(r[i])) for r in rows + [headers]) for i in range(len(headers))]

    def line(cells: list[str]) -> str:
        return "  ".join(str(c).rjust(w) if i in right else str(c).ljust(w)
                         for i, (c, w) in enumerate(zip(cells, widths))).rstrip()

    print(line(headers))
    for r in rows:
        print(line(r))
