"""The product list workbook (dossier registry): written from, and read back into, plain data.

The workbook carries the same content as the `ocop-desk/products@1`
interchange; reading returns the product entries in that shape, which
`workbooks.import_product_workbook` hands to `dossiers.import_products`.
Problems are reported at their `Sheet!Cell`.  Row 3 holds the column keys
(hidden), so a workbook exported in one language imports in the other.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from ocop_desk.errors import ImportRefused, Problem
from ocop_desk.excel.conventions import (THIN_BORDER, Problems, SheetReader, open_workbook, set_widths, write_header,
                                         write_text, write_title)
from ocop_desk.i18n import N_, _
from ocop_desk.scoring.numbers import as_int
from ocop_desk.vocabulary import PRODUCER_KINDS, STAGES

KEY_ROW = 3
HEADER_ROW = 4
COLUMNS: tuple[tuple[str, str, float], ...] = (
    ("code", N_("Product code (T-H-STT-YYYY)"), 20),
    ("name", N_("Product name"), 36),
    ("year", N_("Year"), 8),
    ("stage", N_("Stage"), 16),
    ("criteria_set", N_("Criteria set code"), 34),
    ("producer.name", N_("Producer"), 34),
    ("producer.kind", N_("Producer kind (DN, HTX, THT, HO)"), 14),
    ("producer.commune", N_("Commune"), 18),
    ("producer.address", N_("Address"), 34),
    ("producer.phone", N_("Phone"), 14),
)
_KEYS = tuple(k for k, _l, _w in COLUMNS)


def write_product_workbook(path: str | os.PathLike[str], data: dict[str, Any]) -> Path:
    """`data` is the products@1 dict (`dossiers.export_products`)."""
    wb = Workbook()
    ws = wb.worksheets[0]  # a new workbook: its one sheet
    ws.title = _("Products")[:31]
    write_title(ws, 1, _("OCOP PRODUCT LIST (DOSSIER REGISTRY)"), len(COLUMNS))
    write_title(ws, 2, data.get("format", ""), len(COLUMNS), subtitle=True)
    for col, key in enumerate(_KEYS, start=1):
        write_text(ws.cell(row=KEY_ROW, column=col), key)
    ws.row_dimensions[KEY_ROW].hidden = True
    write_header(ws, HEADER_ROW, [_(label) for _k, label, _w in COLUMNS])
    rows = data.get("products") or []
    for i, p in enumerate(rows, start=HEADER_ROW + 1):
        prod = p.get("producer") or {}
        values = (p.get("code"), p.get("name"), p.get("year"), p.get("stage"), p.get("criteria_set"),
                  prod.get("name"), prod.get("kind"), prod.get("commune"), prod.get("address"), prod.get("phone"))
        for col, value in enumerate(values, start=1):
            cell = ws.cell(row=i, column=col)
            if isinstance(value, int):
                cell.value = value
            else:
                write_text(cell, value or None)
            cell.border = THIN_BORDER
    last_row = max(HEADER_ROW + len(rows) + 200, HEADER_ROW + 1)
    for key, allowed in (("stage", STAGES), ("producer.kind", PRODUCER_KINDS)):
        letter = get_column_letter(_KEYS.index(key) + 1)
        dv = DataValidation(type="list", formula1='"' + ",".join(allowed) + '"', allow_blank=True)
        ws.add_data_validation(dv)
        dv.add(f"{letter}{HEADER_ROW + 1}:{letter}{last_row}")
    ws.auto_filter.ref = f"A{HEADER_ROW}:{get_column_letter(len(COLUMNS))}{HEADER_ROW + max(len(rows), 1)}"
    set_widths(ws, [w for _k, _l, w in COLUMNS])
    out = Path(path)
    wb.save(out)
    return out


@dataclass(frozen=True)
class ProductSheet:
    """What a product list workbook holds: the products@1 entries, and where each came from."""

    products: list[dict[str, Any]]
    rows: dict[int, int]  # list index -> worksheet row
    sheet: str


def read_product_workbook(path: str | os.PathLike[str]) -> ProductSheet:
    """The product entries a workbook holds; ImportRefused naming every bad cell."""
    file = str(path)
    wb = open_workbook(path, ImportRefused)
    ws = wb.worksheets[0]
    problems = Problems()
    reader = SheetReader(ws, problems)
    keys = {(reader.text(KEY_ROW, c) or "").strip(): c for c in range(1, ws.max_column + 1)}
    missing = [k for k in _KEYS if k not in keys]
    if missing:
        raise ImportRefused(_("not an ocop-desk product list: row {row} lacks the column keys {keys}; "
                              "start from an exported workbook").format(row=KEY_ROW, keys=", ".join(missing)),
                            file=file, place=f"{ws.title}!A{KEY_ROW}")
    products: list[dict[str, Any]] = []
    rows: dict[int, int] = {}
    for r in range(HEADER_ROW + 1, ws.max_row + 1):
        filled = [keys[k] for k in _KEYS if not reader.is_blank(r, keys[k])]
        if not filled:
            continue
        reader.require_seen(r, filled)
        item: dict[str, Any] = {"producer": {}}
        for key in _KEYS:
            col = keys[key]
            if key == "year":
                number = reader.number(r, col)
                year = as_int(number) if number is not None else None
                if number is not None and (year is None or not 1990 <= year <= 2100):
                    problems.at(ws, r, col, _("a year such as 2026 is required here"))
                value: Any = year
            else:
                value = (reader.text(r, col) or "").strip() or None
            if key.startswith("producer."):
                item["producer"][key.split(".", 1)[1]] = value or ""
            else:
                item[key] = value
        if not item.get("stage"):
            item["stage"] = "evaluation"
        rows[len(products)] = r
        products.append(item)
    problems.raise_if_any(file, _("the product list has problems; nothing was imported"), ImportRefused)
    return ProductSheet(products, rows, ws.title)


_PLACE = re.compile(r"products\[(\d+)\](?:\.(.+))?")


def cell_problems(problems: Iterable[Problem], sheet: ProductSheet) -> list[Problem]:
    """Problems placed in the products@1 data (`products[3].producer.kind`) placed at their cell instead."""
    mapped = []
    for p in problems:
        m = _PLACE.fullmatch(p.place or "")
        if m and int(m.group(1)) in sheet.rows:
            key = m.group(2) or "code"
            col = _KEYS.index(key) + 1 if key in _KEYS else 1
            mapped.append(Problem(f"{sheet.sheet}!{get_column_letter(col)}{sheet.rows[int(m.group(1))]}", p.message))
        else:
            mapped.append(p)
    return mapped
