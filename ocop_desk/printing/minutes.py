"""Minutes of the council meeting (biên bản họp Hội đồng)."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from decimal import Decimal
from typing import BinaryIO

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer

from ocop_desk.i18n import _
from ocop_desk.printing.fonts import FONTS, register_fonts
from ocop_desk.printing.grid import Grid, GridCell, GridRow
from ocop_desk.printing.layout import (CELL, SHADE_PART, Columns, FooterMark, TextLine, build_pdf,
                                       cell, date_line, frame_width, national_header,
                                       signature_block)
from ocop_desk.printing.qr import QrFlowable, QrWithCaption
from ocop_desk.printing.values import CouncilInfo, fmt_mean, fmt_points
from ocop_desk.vocabulary import attendance_name, role_name, status_name

@dataclass(frozen=True)
class Attendee:
    name: str
    role: str  # chair | vice_chair | secretary | member (or already a title)
    present: bool
    unit: str = ""


@dataclass(frozen=True)
class ResultLine:
    code: str
    name: str
    producer: str
    mean: Decimal | None
    star: int | None
    status: str
    criteria_set: str = ""


@dataclass(frozen=True)
class MinutesData:
    council: CouncilInfo
    session_id: str
    date: dt.date | None
    place: str
    start_time: str = ""  # "8 giờ 00"
    attendees: tuple[Attendee, ...] = ()
    criteria_sets: tuple[str, ...] = ()  # "Phiếu đánh giá...: Gạo, ngũ cốc (148/QĐ-TTg (2023))"
    results: tuple[ResultLine, ...] = ()
    recognised: tuple[ResultLine, ...] = ()
    forwarded: tuple[ResultLine, ...] = ()
    forwards_min: Decimal | None = None
    recognised_stars: tuple[int, ...] = ()
    discrepancies: tuple[str, ...] = ()
    bundle_digest: str = ""
    profile_title: str = ""
    key_fingerprint: str = ""  # the council's signing key, for the province to compare
    draft: bool = False  # the session is not closed: every page says DRAFT, nothing reads as adopted


def _heading(text: str) -> Flowable:
    return cell(text, bold=True, size=11)


def _results_grid(lines: tuple[ResultLine, ...], width: float) -> Flowable:
    bold, reg = FONTS.bold, FONTS.regular
    cols = [9 * mm, 29 * mm, 0.0, 17 * mm, 12 * mm, 28 * mm]
    cols[2] = width - sum(cols)
    header = [GridRow((GridCell(_("No."), bold, CELL, "center"), GridCell(_("Code"), bold, CELL, "center"),
                       GridCell(_("Product / producer"), bold, CELL, "center"),
                       GridCell(_("Mean"), bold, CELL, "center"), GridCell(_("Star"), bold, CELL, "center"),
                       GridCell(_("Status"), bold, CELL, "center")), SHADE_PART)]
    rows = [GridRow((GridCell(str(i), reg, CELL, "center"), GridCell(r.code, reg, CELL),
                     GridCell(r.name + (f" — {r.producer}" if r.producer else ""), reg, CELL),
                     GridCell(fmt_mean(r.mean), bold, CELL, "center"),
                     GridCell("" if r.star is None else str(r.star), bold, CELL, "center"),
                     GridCell(status_name(r.status), reg, CELL)))
            for i, r in enumerate(lines, 1)]
    if not rows:
        rows = [GridRow((GridCell(_("none"), FONTS.italic, CELL, span=6),))]
    return Grid(cols, rows, header)


def minutes_story(data: MinutesData) -> list[Flowable]:
    register_fonts()
    width = frame_width()
    bold, reg = FONTS.bold, FONTS.regular
    day = data.date
    council_name = data.council.council
    present = [a for a in data.attendees if a.present]
    story: list[Flowable] = [
        FooterMark(_("Minutes — {sid}").format(sid=data.session_id)),
        national_header(data.council.authority_lines(), width,
                        date_line(data.council.place or data.place, day.day if day else None,
                                  day.month if day else None, day.year if day else None)),
        Spacer(1, 5 * mm),
        *([cell(_("DRAFT"), bold=True, size=12, align="center")] if data.draft else []),
        cell(_("MINUTES"), bold=True, size=14, align="center"),
        cell(_("Meeting of the {council}").format(council=council_name),
             bold=True, size=11, align="center"),
        Spacer(1, 4 * mm),
        _heading(_("I. Time and place")),
        cell(_("At {time} on {date}, at {place}, the {council} met to evaluate and rank OCOP products "
               "(session {sid}).").format(time=data.start_time or "......", date=_format_date(day),
                                          place=data.place or "......", council=council_name,
                                          sid=data.session_id), size=10.5),
        Spacer(1, 3 * mm),
        _heading(_("II. Attendance")),
        cell(_("Present: {n} of {total} members.").format(n=len(present), total=len(data.attendees)),
             size=10.5),
    ]
    cols = [9 * mm, 0.0, 40 * mm, 30 * mm]
    cols[1] = width - sum(cols)
    head = [GridRow((GridCell(_("No."), bold, CELL, "center"), GridCell(_("Full name"), bold, CELL, "center"),
                     GridCell(_("Role in the council"), bold, CELL, "center"),
                     GridCell(_("Attendance"), bold, CELL, "center")), SHADE_PART)]
    rows = [GridRow((GridCell(str(i), reg, CELL, "center"),
                     GridCell(a.name + (f" ({a.unit})" if a.unit else ""), reg, CELL),
                     GridCell(role_name(a.role), reg, CELL),
                     GridCell(attendance_name(a.present), reg, CELL, "center")))
            for i, a in enumerate(data.attendees, 1)]
    story += [Spacer(1, 1.5 * mm), Grid(cols, rows, head), Spacer(1, 3 * mm),
              _heading(_("III. Criteria sets used"))]
    story += [cell("– " + name, size=10.5) for name in data.criteria_sets] or [cell(_("none"), italic=True)]
    if data.profile_title:
        story.append(cell(_("Regulation profile: {title}").format(title=data.profile_title), italic=True,
                          size=9.5))
    story += [Spacer(1, 3 * mm), _heading(_("IV. Results of the evaluation")), Spacer(1, 1.5 * mm),
              _results_grid(data.results, width), Spacer(1, 3 * mm),
              _heading(_("V. Conclusions"))]
    stars = ", ".join(str(s) for s in data.recognised_stars) or "—"
    story.append(cell(_("1. Products recognised at this level ({stars} star):").format(stars=stars),
                      bold=True, size=10.5))
    story += [Spacer(1, 1 * mm), _results_grid(data.recognised, width), Spacer(1, 2 * mm)]
    if data.forwards_min is None:
        story.append(cell(_("2. This level forwards no product upward."), bold=True, size=10.5))
    else:
        story.append(cell(_("2. Products proposed to the next level (mean of at least {min} points):")
                          .format(min=fmt_points(data.forwards_min)), bold=True, size=10.5))
        story += [Spacer(1, 1 * mm), _results_grid(data.forwarded, width)]
    story += [Spacer(1, 3 * mm), _heading(_("VI. Discrepancies between members discussed"))]
    story += [cell("– " + d, size=10.5) for d in data.discrepancies] or [
        cell(_("No discrepancy between members' totals exceeded the threshold."), size=10.5)]
    if data.bundle_digest:
        size = 24 * mm
        caption = Columns([[TextLine(_("Digest of the signed result bundle (SHA-256):"), FONTS.italic, 8.5),
                            TextLine(data.bundle_digest, reg, 8.5)]], [width - size - 6 * mm])
        story += [Spacer(1, 3 * mm), QrWithCaption(QrFlowable(data.bundle_digest, size), caption)]
    if data.key_fingerprint:
        story += [Spacer(1, 2 * mm),
                  cell(_("Fingerprint of the council's signing key: {fp}").format(fp=data.key_fingerprint),
                       size=10)]
    closing = (_("This is a draft made while the session is still open; the minutes are read to the "
                 "council and adopted only after the session is closed.") if data.draft
               else _("The minutes were read to the council, which agreed with them."))
    story += [Spacer(1, 3 * mm), cell(closing, italic=data.draft, size=10.5), Spacer(1, 4 * mm)]
    secretary = next((a.name for a in data.attendees if a.role == "secretary"), "")
    chair = next((a.name for a in data.attendees if a.role == "chair"), "")
    story.append(KeepTogether([signature_block([(_("Secretary"), secretary),
                                                (_("Chair of the council"), chair)], width)]))
    return story


def _format_date(day: dt.date | None) -> str:
    if day is None:
        return "......"
    return _("{d:02d}/{m:02d}/{y}").format(d=day.day, m=day.month, y=day.year)


def write_minutes(out: str | os.PathLike[str] | BinaryIO, data: MinutesData) -> int:
    return build_pdf(out, minutes_story(data), title=_("Minutes — {sid}").format(sid=data.session_id),
                     draft=data.draft)
