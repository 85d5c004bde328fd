"""Shared conventions of every ocop-desk workbook, for writing and for reading back.

Writing: a merged title block, one styled header row, frozen panes, columns
wide enough to read, text that is never mistaken for a formula.

Reading: every problem is collected with its `Sheet!Cell` place, and the
caller raises once with all of them, so an officer fixes a workbook in one
pass and nothing is imported from a workbook with any problem.  A value is
read exactly as it is written in the cell:

- numbers become exact `Decimal` (a float cell through its shortest repr, so
  2.5 stays 2.5); text is accepted only when it is a bare number ("5", "2.5"),
  so "5 điểm" is reported instead of silently read as 5;
- a formula where a value belongs is reported (a workbook is data, and a
  formula's cached result may be stale or missing);
- a merged cell where a value belongs is reported: merging hides which row a
  number belongs to.

API, in full: `place`, `open_workbook`, `Problems`, `SheetReader`,
`write_title`, `write_header`, `write_text`, `set_widths`, and the styles
`TITLE_FONT`, `SUBTITLE_FONT`, `HEADER_FONT`, `HEADER_FILL`, `BAND_FILL`, `BOLD`,
`THIN_BORDER`, `WRAP`.
openpyxl is imported here, so import this module only where a workbook is
actually read or written.
"""

from __future__ import annotations

import datetime as dt
import os
from decimal import Decimal
from pathlib import Path
from typing import Any, Sequence

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell, MergedCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from ocop_desk.errors import CriteriaError, NotFound, OcopError, Problem
from ocop_desk.excel.safe_open import hidden_cell_problem, hidden_cells, hidden_problem, load_bounded
from ocop_desk.i18n import _
from ocop_desk.scoring.numbers import as_decimal

TITLE_FONT = Font(bold=True, size=14)
SUBTITLE_FONT = Font(italic=True, size=11)
HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="2E6B3F")
BAND_FILL = PatternFill("solid", fgColor="DDEBD8")
BOLD = Font(bold=True)
_THIN = Side(style="thin", color="999999")
THIN_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
WRAP = Alignment(wrap_text=True, vertical="top")


def place(ws: Worksheet, row: int, col: int) -> str:
    """`Sheet!D12`, the way an officer finds a cell."""
    return f"{ws.title}!{get_column_letter(col)}{row}"


def open_workbook(path: str | os.PathLike[str], error: type[OcopError] = CriteriaError) -> Workbook:
    """The workbook with formulas kept as formulas (so they can be reported), read under limits."""
    if not Path(path).is_file():
        raise NotFound(_("file not found"), file=str(path))
    return load_bounded(path, error)


class Problems:
    """Every problem found in one workbook, in the order found."""

    def __init__(self) -> None:
        self.items: list[Problem] = []

    def add(self, where: str, message: str) -> None:
        self.items.append(Problem(where, message))

    def at(self, ws: Worksheet, row: int, col: int, message: str) -> None:
        self.add(place(ws, row, col), message)

    def __bool__(self) -> bool:
        return bool(self.items)

    def raise_if_any(self, file: str | Path, message: str | None = None,
                     error: type[OcopError] = CriteriaError) -> None:
        if self.items:
            raise error(message or _("the workbook has problems; nothing was imported"),
                        file=str(file), problems=self.items)


class SheetReader:
    """Reads typed values from one sheet, adding a problem for each bad cell."""

    def __init__(self, ws: Worksheet, problems: Problems) -> None:
        self.ws = ws
        self.problems = problems
        if (hidden := hidden_problem(ws)) is not None:
            problems.add(ws.title, hidden)
        self._unseen = hidden_cells(ws)
        self._merged: dict[tuple[int, int], str] = {}
        self._large: list[Any] = []  # a range over the whole sheet must not cost a cell each
        for rng in ws.merged_cells.ranges:
            area = rng.size["rows"] * rng.size["columns"]
            if area > 10_000:
                self._large.append(rng)
            elif area > 1:
                for r in range(rng.min_row, rng.max_row + 1):
                    for c in range(rng.min_col, rng.max_col + 1):
                        self._merged[(r, c)] = rng.coord

    def merged_range(self, row: int, col: int) -> str | None:
        hit = self._merged.get((row, col))
        if hit is None and self._large:
            hit = next((r.coord for r in self._large if r.min_row <= row <= r.max_row and r.min_col <= col <= r.max_col),
                       None)
        return hit

    def require_seen(self, row: int, cols: list[int]) -> bool:
        """False, with a problem added, when a value of this row sits where Excel does not show it.

        `cols` are the columns of the row that hold a value: a hidden row is
        reported once at its first value, a hidden column at each value in it.
        """
        if not cols:
            return True
        if self._unseen.row(row):
            self.problems.at(self.ws, row, min(cols), hidden_cell_problem())
            return False
        unseen = [c for c in cols if self._unseen.column(c)]
        for col in unseen:
            self.problems.at(self.ws, row, col, hidden_cell_problem())
        return not unseen

    def raw(self, row: int, col: int) -> Any:
        cell = self.ws.cell(row=row, column=col)
        return None if isinstance(cell, MergedCell) else cell.value

    def is_blank(self, row: int, col: int) -> bool:
        value = self.raw(row, col)
        return value is None or (isinstance(value, str) and not value.strip())

    def _formula(self, row: int, col: int) -> bool:
        cell = self.ws.cell(row=row, column=col)
        if isinstance(cell, MergedCell):
            return False
        return cell.data_type == "f"

    def _value_cell_ok(self, row: int, col: int) -> bool:
        merged = self.merged_range(row, col)
        if merged:
            self.problems.at(self.ws, row, col, _(
                "merged cell {cells} where a value belongs: unmerge it and write the value "
                "in each row").format(cells=merged))
            return False
        if self._formula(row, col):
            self.problems.at(self.ws, row, col, _(
                "formula where a value belongs: write the number itself"))
            return False
        return True

    def number(self, row: int, col: int, *, required: bool = True,
               negative_ok: bool = False) -> Decimal | None:
        """The exact number in the cell, or None (with a problem unless blank and optional)."""
        if not self._value_cell_ok(row, col):
            return None
        value = self.raw(row, col)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.problems.at(self.ws, row, col, _("a number is required here"))
            return None
        if isinstance(value, (dt.date, dt.time, dt.timedelta)):
            self.problems.at(self.ws, row, col, _("a date or time where a number belongs"))
            return None
        number = as_decimal(value)
        if number is None:
            self.problems.at(self.ws, row, col, _(
                "not a number: “{text}” — write the number alone, without units").format(text=value))
            return None
        if number < 0 and not negative_ok:
            self.problems.at(self.ws, row, col, _("points cannot be negative"))
            return None
        return number

    def text(self, row: int, col: int, *, required: bool = False) -> str | None:
        """The cell as text (numbers and dates written plainly), or None when blank."""
        if not self._value_cell_ok(row, col):
            return None
        value = self.raw(row, col)
        if isinstance(value, dt.datetime):
            text = value.date().isoformat() if value.time() == dt.time() else value.isoformat()
        elif isinstance(value, dt.date):
            text = value.isoformat()
        elif isinstance(value, float):
            text = format(as_decimal(value), "f")
        elif value is None:
            text = ""
        else:
            text = str(value)
        if not text.strip():
            if required:
                self.problems.at(self.ws, row, col, _("text is required here"))
            return None
        return text


def write_text(cell: Cell | MergedCell, text: str | None) -> None:
    """Text stays text: a label that starts with '=' is not turned into a formula.

    Characters a workbook cannot hold (C0 controls from an old store or a pasted
    note) are shown as U+FFFD instead of failing the whole export.
    """
    if isinstance(text, str):
        text = ILLEGAL_CHARACTERS_RE.sub("\ufffd", text)
    cell.value = text
    if isinstance(text, str):
        cell.data_type = "s"


def write_title(ws: Worksheet, row: int, text: str, last_col: int, *, subtitle: bool = False) -> None:
    """A title merged across the table's width, as on a printed sheet."""
    cell = ws.cell(row=row, column=1)
    write_text(cell, text)
    cell.font = SUBTITLE_FONT if subtitle else TITLE_FONT
    cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    if last_col > 1:
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=last_col)
    ws.row_dimensions[row].height = 22 if subtitle else 30


def write_header(ws: Worksheet, row: int, labels: Sequence[str]) -> None:
    for col, label in enumerate(labels, start=1):
        cell = ws.cell(row=row, column=col)
        write_text(cell, label)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.border = THIN_BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    ws.freeze_panes = ws.cell(row=row + 1, column=1).coordinate
    ws.print_title_rows = f"{row}:{row}"


def set_widths(ws: Worksheet, widths: Sequence[float]) -> None:
    for col, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(col)].width = width
