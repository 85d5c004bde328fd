"""Opening a workbook that arrived from outside without trusting its sizes.

An `.xlsx` is a zip of XML parts.  Before openpyxl sees a byte, the
central directory's entry count is read from its end record (a million
entries is refused without parsing them), every part is inflated under the
bundle reader's kind of limits (entry count, entry and total size, expansion
ratio, counted on what actually comes out, since declared sizes can lie),
the cells are counted, and openpyxl is handed an in-memory copy made of
exactly those checked bytes.  XML is parsed with defusedxml (openpyxl uses
it when it is installed; this module imports it so that it is, and refuses
to open anything if openpyxl was told not to), so entity expansion and
external entities cannot reach the reader.

`hidden_problem` and `hidden_cells` are the other half of what a reader must
not trust: a sheet, row or column that Excel does not show.  A member must
have seen what is recorded in their name, so a value read from a hidden sheet,
a hidden row or a hidden column (or one of zero height or width) is refused.
"""

from __future__ import annotations

import io
import os
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import defusedxml  # noqa: F401 - openpyxl parses with it only when it is importable
from openpyxl import DEFUSEDXML, load_workbook

from ocop_desk.bundles.envelope import Limits
from ocop_desk.errors import OcopError
from ocop_desk.i18n import _

if TYPE_CHECKING:
    from openpyxl.workbook.workbook import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

# Workbooks are far smaller than bundles: a season's product list or a member's scores is
# well under a megabyte of XML.  The limits keep the worst a 1 MB file can cost in memory
# (openpyxl builds an object per cell) to a few hundred megabytes.
WORKBOOK_LIMITS = Limits(max_file_bytes=64 << 20, max_entries=2_000, max_entry_bytes=48 << 20,
                         max_total_bytes=96 << 20, max_ratio=100, max_manifest_bytes=0)
MAX_CELLS = 1_000_000
_CHUNK = 64 * 1024
_EOCD = b"PK\x05\x06"
_MERGE_TAG = re.compile(rb"<(?:[\w.-]+:)?mergeCell[\s/>]")
_MERGE_REF = re.compile(rb"<(?:[\w.-]+:)?mergeCell\s+ref=[\"']([A-Za-z]{1,3})(\d{1,7}):([A-Za-z]{1,3})(\d{1,7})[\"']\s*/?>")


def load_bounded(path: str | os.PathLike[str], error: type[OcopError], limits: Limits = WORKBOOK_LIMITS) -> "Workbook":
    """The workbook (formulas kept as formulas), or `error` naming the file and what is wrong."""
    file = str(path)
    if not DEFUSEDXML:
        raise error(_("Excel files are not read without safe XML parsing (defusedxml); "
                      "OPENPYXL_DEFUSEDXML must not be False"), file=file)
    checked = bounded_copy(Path(path), error, limits)
    try:
        return load_workbook(checked, data_only=False)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises assorted types on malformed parts
        raise error(_("not an Excel workbook (.xlsx) or damaged: {detail}").format(detail=exc),
                    file=file) from exc


def bounded_copy(path: Path, error: type[OcopError], limits: Limits = WORKBOOK_LIMITS) -> io.BytesIO:
    """An in-memory zip of the workbook's parts, each inflated and counted under `limits`."""
    file = str(path)
    try:
        with open(path, "rb") as fh:
            if os.fstat(fh.fileno()).st_size > limits.max_file_bytes:
                raise error(_("the file is larger than {n} MB").format(n=limits.max_file_bytes >> 20), file=file)
            data = fh.read()
    except OSError as exc:
        raise error(_("cannot read the file: {detail}").format(detail=exc.strerror or exc), file=file) from exc
    if len(data) > limits.max_file_bytes:  # it grew while being read
        raise error(_("the file is larger than {n} MB").format(n=limits.max_file_bytes >> 20), file=file)
    if not data.startswith(b"PK\x03\x04"):
        raise error(_("not an Excel workbook (.xlsx)"), file=file)
    declared = _declared_entries(data)
    if declared is None:
        raise error(_("not an Excel workbook (.xlsx) or damaged: the zip directory is missing"), file=file)
    if declared > limits.max_entries:
        raise error(_("too many parts ({n})").format(n=declared), file=file)
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, ValueError, OSError, struct.error) as exc:
        raise error(_("not an Excel workbook (.xlsx) or damaged: {detail}").format(detail=exc), file=file) from exc
    if len(infos) > limits.max_entries:
        raise error(_("too many parts ({n})").format(n=len(infos)), file=file)
    budget = limits.max_total_bytes
    cells = 0
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as copy:
        for info in infos:
            content = _inflate(zf, info, limits, budget, error, file)
            budget -= len(content)
            if info.filename.startswith("xl/worksheets/"):
                cells += content.count(b"<c ") + content.count(b"<c>") + _merged_area(content, error, file,
                                                                                     info.filename)
                if cells > MAX_CELLS:
                    raise error(_("more than {n} cells (possible zip bomb)").format(n=MAX_CELLS), file=file,
                                place=info.filename)
            copy.writestr(info.filename, content)
    out.seek(0)
    return out


def _merged_area(xml: bytes, error: type[OcopError], file: str, place: str) -> int:
    """Cells covered by merged ranges: openpyxl makes an object for each one as it loads."""
    refs = _MERGE_REF.findall(xml)
    if len(refs) != len(_MERGE_TAG.findall(xml)):
        raise error(_("a merged range that cannot be read"), file=file, place=place)
    return sum((abs(_row(r2) - _row(r1)) + 1) * (abs(_col(c2) - _col(c1)) + 1) for c1, r1, c2, r2 in refs)


def _col(letters: bytes) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + ch - 64
    return n


def _row(digits: bytes) -> int:
    return int(digits)


def _declared_entries(data: bytes) -> int | None:
    """The entry count of the end-of-central-directory record (zip64 counts read from its locator)."""
    at = data.rfind(_EOCD, max(0, len(data) - (22 + 0xFFFF)))
    if at < 0 or len(data) < at + 22:
        return None
    total = struct.unpack_from("<H", data, at + 10)[0]
    if total == 0xFFFF and at >= 20 and data[at - 20:at - 16] == b"PK\x06\x07":
        offset = struct.unpack_from("<Q", data, at - 12)[0]
        if offset + 56 <= len(data) and data[offset:offset + 4] == b"PK\x06\x06":
            return struct.unpack_from("<Q", data, offset + 32)[0]
    return total


def _inflate(zf: zipfile.ZipFile, info: zipfile.ZipInfo, limits: Limits, budget: int,
             error: type[OcopError], file: str) -> bytes:
    place = info.filename[:120]
    if info.flag_bits & 0x1:
        raise error(_("encrypted parts are not allowed"), file=file, place=place)
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise error(_("unsupported compression"), file=file, place=place)
    ratio_cap = max(info.compress_size * limits.max_ratio, 1 << 20)
    cap = min(limits.max_entry_bytes, budget, ratio_cap)
    if info.file_size > cap:
        raise error(_("part too large (possible zip bomb)"), file=file, place=place)
    out = bytearray()
    try:
        with zf.open(info) as fh:
            while chunk := fh.read(min(_CHUNK, cap + 1 - len(out))):
                out += chunk
                if len(out) > cap:
                    raise error(_("part too large (possible zip bomb)"), file=file, place=place)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, struct.error, zlib.error) as exc:
        raise error(_("not an Excel workbook (.xlsx) or damaged: {detail}").format(detail=exc),
                    file=file, place=place) from exc
    return bytes(out)


@dataclass(frozen=True)
class Unseen:
    """The rows and columns of one sheet that Excel does not show."""

    rows: frozenset[int]
    shown_rows: frozenset[int]  # rows given a height of their own, when the sheet hides rows by default
    rows_hidden_by_default: bool
    columns: tuple[tuple[int, int], ...]  # (first, last) ranges

    def row(self, row: int) -> bool:
        if self.rows_hidden_by_default:
            return row not in self.shown_rows
        return row in self.rows

    def column(self, col: int) -> bool:
        return any(first <= col <= last for first, last in self.columns)


def hidden_cells(ws: "Worksheet") -> Unseen:
    """What of the sheet is out of view: hidden or zero-height rows, hidden or zero-width columns."""
    rows = frozenset(r for r, d in ws.row_dimensions.items() if d.hidden or (d.ht is not None and d.ht <= 0))
    shown = frozenset(r for r, d in ws.row_dimensions.items()
                      if not d.hidden and d.customHeight and d.ht is not None and d.ht > 0)
    cols = tuple((d.min, d.max) for d in ws.column_dimensions.values()
                 if d.min and d.max and (d.hidden or (d.width is not None and d.width <= 0)))
    return Unseen(rows, shown, bool(ws.sheet_format.zeroHeight), cols)


def hidden_cell_problem() -> str:
    """Why a value read from a row or column that `hidden_cells` names may not be."""
    return _("the cell is in a hidden row or column: show it (Format › Unhide) so that what is imported has been "
             "seen")


def hidden_problem(ws: "Worksheet") -> str | None:
    """Why a sheet that is read may not be (it is hidden or very hidden), or None."""
    if ws.sheet_state == "visible":
        return None
    return _("the sheet is hidden in Excel: show it (Format › Unhide) so that what is imported has been seen, "
             "or remove it")
