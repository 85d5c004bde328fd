"""The words of the papers a council signs — minutes, summary, recognition list — once for PDF and Word.

`minutes_text`, `summary_text` and `recognition_text` turn the plain values
of a session (`MinutesData`, `printing.summary.SummaryData`) into an
`OfficePaper`: the office header (parent authority above the council, "Số:
…", the national name and motto, the place/date line), the title, a list of
blocks (headings, paragraphs, tables) and the closing text that is kept on
the page of the signatures.  `printing/office.py` lays it out as PDF and
`docx/writer.py` as Word, so both files always say the same thing.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Mapping, Union

from ocop_desk.i18n import N_, _
from ocop_desk.printing.values import CouncilInfo, fmt_mean, fmt_points
from ocop_desk.recognition_paper import long_date, star_text
from ocop_desk.vocabulary import PAPER_SUFFIX, attendance_name, reason_name, role_name, status_name

if TYPE_CHECKING:
    from ocop_desk.printing.summary import SummaryData

_CLOCK = re.compile(r"^(\d{1,2}):(\d{2})$")
DOTS = "……"


# ---------------------------------------------------------------- the session's values


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
    address: str = ""  # the producer's commune, for the recognition list


@dataclass(frozen=True)
class MinutesData:
    council: CouncilInfo
    session_id: str
    date: dt.date | None
    place: str  # where the council met ("Hội trường UBND huyện")
    start_time: str = ""  # "08:00" (or already written out)
    attendees: tuple[Attendee, ...] = ()
    criteria_sets: tuple[str, ...] = ()  # "Phiếu đánh giá...: Gạo, ngũ cốc (148/QĐ-TTg (2023))"
    results: tuple[ResultLine, ...] = ()
    recognised: tuple[ResultLine, ...] = ()
    forwarded: tuple[ResultLine, ...] = ()
    forwards_min: Decimal | None = None
    recognised_stars: tuple[int, ...] = ()
    discrepancies: tuple[str, ...] = ()  # only real gaps between members' totals
    bundle_digest: str = ""
    profile_title: str = ""
    key_fingerprint: str = ""  # the council's signing key, for the province to compare
    draft: bool = False  # the session is not closed: every page says DRAFT, nothing reads as adopted
    end_time: str = ""  # "11:30"
    numbers: Mapping[str, str] = field(default_factory=dict)  # paper kind -> "12/BB-HĐ"
    notes: tuple[str, ...] = ()  # what the results table needs said (too few sheets, capped stars)
    compared: int | None = None  # products with two or more counted sheets; 0: no gap could exist
    town: str = ""  # the town of the date line ("Chợ Mới"); the council's place when empty


# ---------------------------------------------------------------- the paper's words


@dataclass(frozen=True)
class Heading:
    text: str


@dataclass(frozen=True)
class Para:
    text: str
    bold: bool = False
    italic: bool = False
    align: str = "justify"


@dataclass(frozen=True)
class TableBlock:
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...]  # relative
    empty: str
    centred: tuple[int, ...] = ()  # column indexes set centred
    strong: tuple[int, ...] = ()  # column indexes set bold (the mean, the star)


@dataclass(frozen=True)
class DigestBlock:
    """The signed bundle's digest: a QR code beside the caption on paper, the text in Word."""

    caption: str
    digest: str


Block = Union[Heading, Para, TableBlock, DigestBlock]


@dataclass(frozen=True)
class OfficePaper:
    label: str  # names the paper in the PDF footer and properties
    parent: str  # "UBND HUYỆN CHỢ MỚI" (plain), above
    issuer: str  # "HỘI ĐỒNG ĐÁNH GIÁ, PHÂN HẠNG SẢN PHẨM OCOP HUYỆN CHỢ MỚI" (bold)
    number_line: str  # "Số: 12/BB-HĐ"
    nation: str
    motto: str
    place: str  # "Chợ Mới," — may go on its own line
    date: str  # "ngày 15 tháng 9 năm 2026" — never broken
    draft_mark: str  # "" for a closed session
    title: str
    subtitle: str
    blocks: tuple[Block, ...]
    closing: tuple[Block, ...]  # the text the signatures close: never parted from them
    signers: tuple[tuple[str, str], ...]  # (role, name), left to right
    signature_hint: str
    wide: bool = False  # landscape


def parent_line(authority: str) -> str:
    """'Ủy ban nhân dân huyện Chợ Mới' -> 'UBND HUYỆN CHỢ MỚI', the short form above a council's name."""
    text = " ".join(authority.split())
    for head in ("Ủy ban nhân dân", "Uỷ ban nhân dân"):
        if text.casefold().startswith(head.casefold() + " "):
            text = "UBND" + text[len(head):]
    return text.upper()


def clock_text(hhmm: str) -> str:
    """'08:00' -> '8 giờ 00' (vi) / '8:00' (en); any other text as it is, dots when empty."""
    m = _CLOCK.match(hhmm.strip())
    if not m:
        return hhmm.strip() or DOTS
    return _("{hour}:{minute}").format(hour=int(m.group(1)), minute=m.group(2))


def number_line(number: str, kind: str) -> str:
    return _("No.: {number}").format(number=number or DOTS + PAPER_SUFFIX.get(kind, ""))


def _date_parts(day: dt.date | None) -> str:
    return long_date(day) if day else _("{day}/{month}/{year}").format(day=DOTS, month=DOTS, year=DOTS)


def _header(council: CouncilInfo, town: str, day: dt.date | None, number: str, kind: str,
            draft: bool) -> dict[str, Any]:
    """The fields of `OfficePaper` every paper of the council fills alike."""
    return dict(parent=parent_line(council.authority), issuer=council.council.upper(),
                number_line=number_line(number, kind), nation=_("SOCIALIST REPUBLIC OF VIET NAM"),
                motto=_("Independence - Freedom - Happiness"), place=f"{town or DOTS},",
                date=_date_parts(day), draft_mark=_("DRAFT") if draft else "",
                signature_hint=_("(Signature, full name)"))


RESULT_WIDTHS = (0.06, 0.19, 0.45, 0.1, 0.07, 0.13)


def result_table(lines: tuple[ResultLine, ...]) -> TableBlock:
    rows = tuple((str(i), r.code, r.name + (f" — {r.producer}" if r.producer else ""), fmt_mean(r.mean),
                  "" if r.star is None else str(r.star), status_name(r.status)) for i, r in enumerate(lines, 1))
    return TableBlock((_("No."), _("Code"), _("Product / producer"), _("Mean"), _("Star"), _("Status")), rows,
                      RESULT_WIDTHS, _("none"), centred=(0, 3, 4), strong=(3, 4))


def minutes_text(d: MinutesData) -> OfficePaper:
    council = d.council.council
    present = [a for a in d.attendees if a.present]
    blocks: list[Block] = [
        Heading(_("I. Time and place")),
        Para(_("At {time} on {long_date}, at {place}, the {council} met to evaluate and rank OCOP products "
               "(session {sid}).").format(time=clock_text(d.start_time), long_date=_date_parts(d.date),
                                          place=d.place or DOTS, council=council, sid=d.session_id)),
        Heading(_("II. Attendance")),
        Para(_("Present: {n} of {total} members.").format(n=len(present), total=len(d.attendees))),
        TableBlock((_("No."), _("Full name"), _("Role in the council"), _("Attendance")),
                   tuple((str(i), a.name + (f" ({a.unit})" if a.unit else ""), role_name(a.role),
                          attendance_name(a.present)) for i, a in enumerate(d.attendees, 1)),
                   (0.06, 0.52, 0.24, 0.18), _("none"), centred=(0, 3)),
        Heading(_("III. Criteria sets used")),
        *([Para("– " + name) for name in d.criteria_sets] or [Para(_("none"), italic=True)]),
    ]
    if d.profile_title:
        blocks.append(Para(_("Regulation profile: {title}").format(title=d.profile_title), italic=True))
    blocks += [Heading(_("IV. Results of the evaluation")), result_table(d.results)]
    blocks += [Para("– " + n, italic=True) for n in d.notes]
    stars = ", ".join(str(s) for s in d.recognised_stars) or "—"
    blocks += [Heading(_("V. Conclusions")),
               Para(_("1. Products recognised at this level ({stars} star):").format(stars=stars), bold=True),
               result_table(d.recognised)]
    if d.forwards_min is None:
        blocks.append(Para(_("2. This level forwards no product upward."), bold=True))
    else:
        blocks += [Para(_("2. Products proposed to the next level (mean of at least {min} points):")
                        .format(min=fmt_points(d.forwards_min)), bold=True), result_table(d.forwarded)]
    # A gap between members exists only where two sheets or more counted: with none, say nothing of gaps.
    if d.discrepancies or d.compared != 0:
        blocks.append(Heading(_("VI. Discrepancies between members discussed")))
        blocks += [Para("– " + x) for x in d.discrepancies] or [
            Para(_("No discrepancy between members' totals exceeded the threshold."))]
    if d.bundle_digest:
        blocks.append(DigestBlock(_("Digest of the signed result bundle (SHA-256):"), d.bundle_digest))
    if d.key_fingerprint:
        blocks.append(Para(_("Fingerprint of the council's signing key: {fp}").format(fp=d.key_fingerprint)))
    if d.end_time:
        blocks.append(Para(_("The meeting ended at {time} the same day.").format(time=clock_text(d.end_time))))
    closing = (_("This is a draft made while the session is still open; the minutes are read to the "
                 "council and adopted only after the session is closed.") if d.draft
               else _("The minutes were read to the council, which agreed with them."))
    secretary = next((a.name for a in d.attendees if a.role == "secretary"), "")
    chair = next((a.name for a in d.attendees if a.role == "chair"), "")
    return OfficePaper(
        label=_("Minutes — {sid}").format(sid=d.session_id),
        **_header(d.council, d.town or d.council.place, d.date, d.numbers.get("minutes", ""), "minutes", d.draft),
        title=_("MINUTES"), subtitle=_("Meeting of the {council}").format(council=council),
        blocks=tuple(blocks), closing=(Para(closing, italic=d.draft),),
        signers=((_("Secretary"), secretary), (_("Chair of the council"), chair)))


def recognition_text(d: MinutesData) -> OfficePaper:
    """The list of products the council proposes for recognition, and those it forwards upward."""
    def rows(lines: tuple[ResultLine, ...]) -> tuple[tuple[str, ...], ...]:
        return tuple((str(i), r.code, r.name, r.producer, r.address, fmt_mean(r.mean),
                      "" if r.star is None else star_text(r.star)) for i, r in enumerate(lines, 1))

    columns = (_("No."), _("Code"), _("Product name"), _("Producer"), _("Address"), _("Points"), _("Star rank"))
    widths = (0.05, 0.16, 0.24, 0.2, 0.15, 0.08, 0.12)
    minutes_no = d.numbers.get("minutes", "")
    stars = ", ".join(str(s) for s in d.recognised_stars) or "—"
    blocks: list[Block] = [
        Para(_("1. Products proposed for recognition at this level ({stars} star):").format(stars=stars), bold=True),
        TableBlock(columns, rows(d.recognised), widths, _("none"), centred=(0, 5, 6), strong=(5, 6)),
    ]
    if d.forwards_min is not None:
        blocks += [Para(_("2. Products proposed to the next level (mean of at least {min} points):")
                        .format(min=fmt_points(d.forwards_min)), bold=True),
                   TableBlock(columns, rows(d.forwarded), widths, _("none"), centred=(0, 5, 6), strong=(5, 6))]
    closing = Para(_("The list has {n} products proposed for recognition, as the council decided at its session "
                     "{sid}.").format(n=len(d.recognised), sid=d.session_id))
    chair = next((a.name for a in d.attendees if a.role == "chair"), "")
    return OfficePaper(
        label=_("Recognition list — {sid}").format(sid=d.session_id),
        **_header(d.council, d.town or d.council.place, d.date, d.numbers.get("recognition", ""), "recognition",
                  d.draft),
        title=_("LIST OF PRODUCTS PROPOSED FOR OCOP RECOGNITION"),
        subtitle=(_("(Attached to the minutes No. {number} of {date})").format(number=minutes_no,
                                                                            date=_date_parts(d.date))
                  if minutes_no else _("(Session {sid})").format(sid=d.session_id)),
        blocks=tuple(blocks), closing=(closing,), signers=(("", ""), (_("Chair of the council"), chair)), wide=True)


def summary_cells(data: "SummaryData") -> tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]:
    """The summary table's header and rows as printed: a flagged total ends in " *"."""
    columns = ((_("No."), _("Code"), _("Product / producer")) + tuple(m.name for m in data.members)
               + (_("Mean"), _("Star"), _("Status"), _("Flags")))
    rows = []
    for i, r in enumerate(data.rows, 1):
        cells = []
        for m in data.members:
            value = (r.totals or {}).get(m.code)
            if isinstance(value, Decimal):
                cells.append(fmt_points(value) + (" *" if m.code in r.flagged else ""))
            else:
                cells.append(reason_name(value) if value else "—")
        rows.append((str(i), r.code, r.name + (f" — {r.producer}" if r.producer else ""), *cells,
                     fmt_mean(r.mean), "" if r.star is None else str(r.star), status_name(r.status),
                     "; ".join(r.flags)))
    return columns, tuple(rows)


def summary_notes(draft: bool) -> tuple[str, ...]:
    return ((_("Totals are each member's points out of 100; the mean is rounded as the regulation "
               "profile says and is the value the star was given for."),
             _("* a total far from the other members' (discussed before the result is closed)."))
            + ((_("Draft: the session is not closed yet, so these results are not final."),) if draft else ()))


def summary_text(data: "SummaryData") -> OfficePaper:
    # printing.summary imports this module for its words, so its layout constant is read here
    from ocop_desk.printing.summary import WIDE_AT

    columns, rows = summary_cells(data)
    n = len(data.members)
    widths = (0.04, 0.12, 0.3) + (0.06,) * n + (0.07, 0.05, 0.1, 0.16)
    table = TableBlock(columns, rows, widths, _("none"), centred=(0, *range(3, 3 + n + 2)),
                       strong=(3 + n, 4 + n))
    return OfficePaper(
        label=_("Session summary — {sid}").format(sid=data.session_id),
        **_header(data.council, data.council.place or data.place, data.date, data.number, "summary", data.draft),
        title=_("SUMMARY OF OCOP PRODUCT EVALUATION RESULTS"),
        subtitle=_("Session {sid}, {place}").format(sid=data.session_id, place=data.place),
        blocks=(table, *(Para(t, italic=True) for t in summary_notes(data.draft)[:-1])),
        closing=tuple(Para(t, bold=True) for t in summary_notes(data.draft)[2:]),
        signers=((_("Secretary"), ""), (_("Chair of the council"), "")), wide=n >= WIDE_AT)
