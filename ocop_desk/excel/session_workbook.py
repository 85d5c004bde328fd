"""The session summary workbook (bảng tổng hợp): the printed summary as a sortable table.

Headers in the chosen language (Vietnamese by default), frozen header row,
auto-filter, and numbers stored as numbers (exact decimals) so totals and
means can be sorted and summed in Excel.
"""

from __future__ import annotations

import os
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties

from ocop_desk.excel.conventions import THIN_BORDER, WRAP, set_widths, write_header, write_text, write_title
from ocop_desk.i18n import _
from ocop_desk.printing.summary import SummaryData
from ocop_desk.vocabulary import reason_name, status_name

SHEET_TITLE_MAX = 31
FLAGGED_COLOUR = "F8CBAD"


def write_summary_workbook(path: str | os.PathLike[str], data: SummaryData) -> Path:
    flagged_fill = PatternFill("solid", fgColor=FLAGGED_COLOUR)
    wb = Workbook()
    ws = wb.worksheets[0]  # a new workbook: its one sheet
    ws.title = _("Summary")[:SHEET_TITLE_MAX]
    labels = ([_("No."), _("Product code"), _("Product"), _("Producer")]
              + [m.name for m in data.members]
              + [_("Mean"), _("Star"), _("Status"), _("Flags")])
    last = len(labels)
    write_title(ws, 1, _("SUMMARY OF OCOP PRODUCT EVALUATION RESULTS"), last)
    subtitle = " — ".join(x for x in (data.council.council, _("Session {sid}, {place}").format(
        sid=data.session_id, place=data.place), data.date.strftime("%d/%m/%Y") if data.date else "") if x)
    write_title(ws, 2, subtitle, last, subtitle=True)
    header_row = 4
    write_header(ws, header_row, labels)
    first_member = 5
    mean_col = first_member + len(data.members)
    for i, r in enumerate(data.rows, start=1):
        row = header_row + i
        ws.cell(row=row, column=1).value = i
        write_text(ws.cell(row=row, column=2), r.code)
        write_text(ws.cell(row=row, column=3), r.name)
        write_text(ws.cell(row=row, column=4), r.producer)
        for j, m in enumerate(data.members):
            cell = ws.cell(row=row, column=first_member + j)
            value = (r.totals or {}).get(m.code)
            if isinstance(value, Decimal):
                cell.value = value
                cell.number_format = "0.##" if value != value.to_integral_value() else "0"
                if m.code in r.flagged:
                    cell.fill = flagged_fill  # far from the other members: discussed before closing
            elif value:
                write_text(cell, reason_name(value))
        mean = ws.cell(row=row, column=mean_col)
        if r.mean is not None:
            mean.value = r.mean
            exponent = r.mean.as_tuple().exponent  # a str only for NaN and infinity, never a mean
            places = max(0, -exponent) if isinstance(exponent, int) else 0
            mean.number_format = "0." + "0" * places if places else "0"
        if r.star is not None:
            ws.cell(row=row, column=mean_col + 1).value = r.star
        write_text(ws.cell(row=row, column=mean_col + 2), status_name(r.status))
        write_text(ws.cell(row=row, column=mean_col + 3), "; ".join(r.flags))
        for col in range(1, last + 1):
            cell = ws.cell(row=row, column=col)
            cell.border = THIN_BORDER
            cell.alignment = WRAP if col in (3, 4, last) else Alignment(vertical="top")
    end = header_row + max(len(data.rows), 1)
    ws.auto_filter.ref = f"A{header_row}:{get_column_letter(last)}{end}"
    set_widths(ws, [6, 18, 40, 30] + [12] * len(data.members) + [10, 8, 18, 36])
    ws.row_dimensions[header_row].height = 45
    ws.print_options.gridLines = False
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    out = Path(path)
    wb.save(out)
    return out
