"""One exception type per kind of failure, each naming the file and the place.

The CLI and the GUI turn any of these into one clear line:
`<file>: <place>: <message>` (parts that are unknown are left out).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong at one place (a JSON path, `Sheet!B7`, a zip entry, a field)."""

    place: str
    message: str

    def __str__(self) -> str:
        return f"{self.place}: {self.message}" if self.place else self.message


class OcopError(Exception):
    """Base of every error a user is meant to read."""

    exit_code = 1

    def __init__(self, message: str, *, file: str | None = None, place: str | None = None,
                 problems: list[Problem] | tuple[Problem, ...] = ()) -> None:
        self.message = message
        self.file = file
        self.place = place
        self.problems = tuple(problems)
        super().__init__(self.one_line())

    def one_line(self) -> str:
        bits = [b for b in (self.file, self.place) if b]
        head = ": ".join(bits + [self.message])
        if self.problems:
            first = str(self.problems[0])
            more = len(self.problems) - 1
            head += f" — {first}" + (f" (+{more})" if more else "")
        return head

    def lines(self) -> list[str]:
        """Every problem on its own line, each prefixed with the file."""
        prefix = f"{self.file}: " if self.file else ""
        if len(self.problems) <= 1:
            return [self.one_line()]
        return [self.one_line()] + [f"  {prefix}{p}" for p in self.problems[1:]]


class CriteriaError(OcopError):
    """A criteria set or regulation profile that does not validate."""

    exit_code = 3


class ImportRefused(OcopError):
    """An interchange file (session JSON, workbook, dossier) that cannot be taken in."""

    exit_code = 4


class StoreError(OcopError):
    """The store cannot be opened or written (newer version, read-only, full disk)."""

    exit_code = 5


class NotFound(OcopError):
    exit_code = 6


class SessionLocked(OcopError):
    """An edit of a closed session, or of a member who may not score a product."""

    exit_code = 7


class BundleRejected(OcopError):
    """A signed envelope that fails verification; `reason` picks the exit code."""

    exit_code = 10
