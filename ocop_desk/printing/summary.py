"""Session summary (bảng tổng hợp kết quả): products x members' totals, mean, star, status, flags."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from decimal import Decimal
from typing import BinaryIO, Mapping, Sequence

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from ocop_desk.i18n import _
from ocop_desk.printing.fonts import FONTS, register_fonts
from ocop_desk.printing.grid import Grid, GridCell, GridRow
from ocop_desk.printing.layout import (CELL, SHADE_PART, FooterMark, build_pdf, cell, date_line,
                                       frame_width, national_header, signature_block)
from ocop_desk.printing.values import CouncilInfo, fmt_mean, fmt_points
from ocop_desk.vocabulary import reason_name, status_name

@dataclass(frozen=True)
class MemberColumn:
    code: str
    name: str


@dataclass(frozen=True)
class SummaryRow:
    code: str
    name: str
    producer: str = ""
    totals: Mapping[str, Decimal | str | None] = None  # type: ignore[assignment]
    """member code -> total; a str is the reason the member's sheet does not count."""
    mean: Decimal | None = None
    star: int | None = None
    status: str = ""
    flags: tuple[str, ...] = ()
    flagged: tuple[str, ...] = ()  # members whose total is far from the others'


@dataclass(frozen=True)
class SummaryData:
    council: CouncilInfo
    session_id: str
    date: dt.date | None
    place: str
    members: tuple[MemberColumn, ...]
    rows: tuple[SummaryRow, ...]
    draft: bool = False  # the session is not closed: every page says DRAFT


WIDE_AT = 6  # members; from this many the table goes landscape


def summary_story(data: SummaryData) -> tuple[list[Flowable], bool]:
    register_fonts()
    wide = len(data.members) >= WIDE_AT
    width = frame_width(wide)
    reg, bold = FONTS.regular, FONTS.bold
    size = CELL if len(data.members) < 10 else 8
    fixed = [8 * mm, 28 * mm, 0.0, 14 * mm, 11 * mm, 23 * mm, 0.0]
    member_w = 14 * mm if len(data.members) < 8 else 12 * mm if len(data.members) < 12 else 10 * mm
    rest = width - sum(fixed) - member_w * len(data.members)
    fixed[2] = rest * 0.62
    fixed[6] = rest * 0.38
    cols = fixed[:3] + [member_w] * len(data.members) + fixed[3:]
    header = [GridRow(tuple([GridCell(_("No."), bold, size, "center"),
                             GridCell(_("Code"), bold, size, "center"),
                             GridCell(_("Product / producer"), bold, size, "center")]
                            + [GridCell(m.name, bold, 7 if len(data.members) < 12 else 6.5, "center")
                               for m in data.members]
                            + [GridCell(_("Mean"), bold, size, "center"),
                               GridCell(_("Star"), bold, size, "center"),
                               GridCell(_("Status"), bold, size, "center"),
                               GridCell(_("Flags"), bold, size, "center")]), SHADE_PART)]
    rows = []
    for i, r in enumerate(data.rows, 1):
        product = r.name + (f" — {r.producer}" if r.producer else "")
        member_cells = []
        for m in data.members:
            value = (r.totals or {}).get(m.code)
            if isinstance(value, Decimal) and m.code in r.flagged:
                member_cells.append(GridCell(fmt_points(value) + " *", bold, size, "center"))
            elif isinstance(value, Decimal):
                member_cells.append(GridCell(fmt_points(value), reg, size, "center"))
            elif value:
                member_cells.append(GridCell(reason_name(value), FONTS.italic, 7, "center"))
            else:
                member_cells.append(GridCell("—", reg, size, "center"))
        rows.append(GridRow(tuple([GridCell(str(i), reg, size, "center"),
                                   GridCell(r.code, reg, size),
                                   GridCell(product, reg, size)] + member_cells
                                  + [GridCell(fmt_mean(r.mean), bold, size, "center"),
                                     GridCell("" if r.star is None else str(r.star), bold, size, "center"),
                                     GridCell(status_name(r.status), reg, size),
                                     GridCell("; ".join(r.flags), reg, 7.5)])))
    day = data.date
    story: list[Flowable] = [
        FooterMark(_("Session summary — {sid}").format(sid=data.session_id)),
        national_header(data.council.authority_lines(), width,
                        date_line(data.place or data.council.place, day.day if day else None,
                                  day.month if day else None, day.year if day else None)),
        Spacer(1, 4 * mm),
        *([cell(_("DRAFT"), bold=True, size=12, align="center")] if data.draft else []),
        cell(_("SUMMARY OF OCOP PRODUCT EVALUATION RESULTS"), bold=True, size=13.5, align="center"),
        cell(_("Session {sid}, {place}").format(sid=data.session_id, place=data.place), italic=True,
             size=10, align="center"),
        Spacer(1, 4 * mm),
        Grid(cols, rows, header),
        Spacer(1, 2 * mm),
        cell(_("Totals are each member's points out of 100; the mean is rounded as the regulation "
               "profile says and is the value the star was given for."), italic=True, size=8),
        cell(_("* a total far from the other members' (discussed before the result is closed)."),
             italic=True, size=8),
        *([cell(_("Draft: the session is not closed yet, so these results are not final."), bold=True,
                size=8)] if data.draft else []),
        Spacer(1, 6 * mm),
        signature_block([(_("Secretary"), ""), (_("Chair of the council"), "")], width),
    ]
    return story, wide


def write_summary(out: str | os.PathLike[str] | BinaryIO, data: SummaryData) -> int:
    story, wide = summary_story(data)
    return build_pdf(out, story, title=_("Session summary — {sid}").format(sid=data.session_id),
                     wide=wide, draft=data.draft)


def member_columns(members: Sequence[tuple[str, str]]) -> tuple[MemberColumn, ...]:
    return tuple(MemberColumn(code, name) for code, name in members)
