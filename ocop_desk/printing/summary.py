"""Session summary (bảng tổng hợp kết quả): products x members' totals, mean, star, status, flags."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from decimal import Decimal
from typing import BinaryIO, Mapping, Sequence

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer

from ocop_desk.i18n import _
from ocop_desk.printing.decision import office_header, place_date_lines
from ocop_desk.printing.fonts import FONTS, register_fonts
from ocop_desk.printing.grid import Grid, GridCell, GridRow
from ocop_desk.printing.layout import (CELL, SHADE_PART, FooterMark, TextLine, build_pdf, cell, frame_width,
                                       signature_block)
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
    number: str = ""  # the number the office gave the summary ("3/BTH-HĐ")


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
    # meeting_papers reads this module's layout constant, so its words are imported here
    from ocop_desk.printing.meeting_papers import summary_cells, summary_notes, summary_text

    columns, texts = summary_cells(data)
    n = len(data.members)
    member_size = 7 if n < 12 else 6.5
    header = [GridRow(tuple(GridCell(c, bold, member_size if 3 <= i < 3 + n else size, "center")
                            for i, c in enumerate(columns)), SHADE_PART)]
    paper = summary_text(data)
    rows = []
    for values in texts:
        cells = [GridCell(values[0], reg, size, "center"), GridCell(values[1], reg, size),
                 GridCell(values[2], reg, size)]
        for m, text in zip(data.members, values[3:3 + n]):
            if text.endswith(" *"):
                cells.append(GridCell(text, bold, size, "center"))
            elif text == "—" or text[:1].isdigit():
                cells.append(GridCell(text, reg, size, "center"))
            else:
                cells.append(GridCell(text, FONTS.italic, 7, "center"))
        mean, star, status, flags = values[3 + n:]
        cells += [GridCell(mean, bold, size, "center"), GridCell(star, bold, size, "center"),
                  GridCell(status, reg, size), GridCell(flags, reg, 7.5)]
        rows.append(GridRow(tuple(cells)))
    notes = summary_notes(data.draft)
    left = [TextLine("", reg, 4), TextLine(paper.number_line, reg, 10.5)]
    right = [TextLine("", reg, 4)] + place_date_lines(paper.place, paper.date, width * 0.6, FONTS.italic, 10)
    story: list[Flowable] = [
        FooterMark(paper.label),
        office_header(tuple(x for x in (paper.parent, paper.issuer) if x), left, paper.nation, paper.motto, right,
                      width, plain_first=bool(paper.parent)),
        Spacer(1, 4 * mm),
        *([cell(paper.draft_mark, bold=True, size=12, align="center")] if data.draft else []),
        cell(paper.title, bold=True, size=13.5, align="center"),
        cell(paper.subtitle, italic=True, size=10, align="center"),
        Spacer(1, 4 * mm),
        Grid(cols, rows, header),
        Spacer(1, 2 * mm),
        *[cell(t, italic=True, size=8) for t in notes[:2]],
        KeepTogether([*[cell(t, bold=True, size=8) for t in notes[2:]], Spacer(1, 6 * mm),
                      signature_block(list(paper.signers), width)]),
    ]
    return story, wide


def write_summary(out: str | os.PathLike[str] | BinaryIO, data: SummaryData) -> int:
    story, wide = summary_story(data)
    return build_pdf(out, story, title=_("Session summary — {sid}").format(sid=data.session_id),
                     wide=wide, draft=data.draft, page_of_total=True)


def member_columns(members: Sequence[tuple[str, str]]) -> tuple[MemberColumn, ...]:
    return tuple(MemberColumn(code, name) for code, name in members)
