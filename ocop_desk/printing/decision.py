"""The recognition decision with its annex, and the certificate register / due list, as PDF.

The words come from `recognition_paper` (shared with the Word writer); this
module only lays them out on the office page of `layout.py`.
"""

from __future__ import annotations

import os
from typing import BinaryIO, Literal

from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, PageBreak, Paragraph, Spacer, Table, TableStyle
from xml.sax.saxutils import escape

from ocop_desk.i18n import _
from ocop_desk.printing.fonts import FONTS, register_fonts
from ocop_desk.printing.grid import Grid, GridCell, GridRow
from ocop_desk.printing.layout import SHADE_PART, Columns, FooterMark, TextLine, build_pdf, cell, frame_width
from ocop_desk.printing.text import text_width
from ocop_desk.recognition_paper import DecisionText, RegisterText

BODY = 11.5
DATE_SIZE = 11.0
MIN_DATE_SIZE = 5.0
Alignment = Literal[0, 1, 2, 4]  # reportlab's TA_LEFT, TA_CENTER, TA_RIGHT, TA_JUSTIFY


def _style(size: float = BODY, *, bold: bool = False, italic: bool = False, align: Alignment = TA_JUSTIFY,
           indent: float = 10 * mm, after: float = 3) -> ParagraphStyle:
    font = FONTS.bold if bold else FONTS.italic if italic else FONTS.regular
    return ParagraphStyle("ocop", fontName=font, fontSize=size, leading=size * 1.35, alignment=align,
                          firstLineIndent=indent, spaceAfter=after)


def place_date_lines(place: str, date: str, width: float, font: str, size: float = DATE_SIZE) -> list[TextLine]:
    """The place/date line, on one line if it fits, else the place above the date; the date is never broken.

    A date too wide even alone is set smaller rather than wrapped.
    """
    room = width - 4
    whole = f"{place} {date}".strip()
    if text_width(whole, font, size) <= room:
        return [TextLine(whole, font, size)]
    lines = [TextLine(place, font, size)] if place else []
    while size > MIN_DATE_SIZE and text_width(date, font, size) > room:
        size -= 0.5
    return lines + [TextLine(date, font, size)]


def office_header(t_authority: tuple[str, ...], left_extra: list[TextLine], nation: str, motto: str,
                  right_extra: list[TextLine], width: float, *, plain_first: bool = False) -> Flowable:
    """Issuing body over its number (left); the national name and motto over the place and date (right).

    `plain_first`: the first line is the parent authority, in plain capitals above the issuing body.
    """
    register_fonts()
    left = [TextLine(a, FONTS.regular if plain_first and i == 0 and len(t_authority) > 1 else FONTS.bold, 11,
                     25 * mm if i == len(t_authority) - 1 else 0.0)
            for i, a in enumerate(t_authority)]
    right = [TextLine(nation, FONTS.bold, 11), TextLine(motto, FONTS.bold, 12, 52 * mm)]
    return Columns([left + left_extra, right + right_extra], [width * 0.4, width * 0.6])


def decision_story(t: DecisionText) -> list[Flowable]:
    register_fonts()
    width = frame_width()
    right_w = width * 0.6
    story: list[Flowable] = [FooterMark(t.title + " " + t.number_line)]
    if t.draft_mark:
        story.append(cell(t.draft_mark, bold=True, size=10, align="right"))
    story += [
        office_header(t.authority_lines, [TextLine("", FONTS.regular, 4), TextLine(t.number_line, FONTS.regular, 11)],
                      t.nation, t.motto,
                      [TextLine("", FONTS.regular, 4)] + place_date_lines(t.place, t.date, right_w, FONTS.italic),
                      width),
        Spacer(1, 8 * mm),
        cell(t.title, bold=True, size=14, align="center"),
        Spacer(1, 1 * mm),
        Paragraph(escape(t.subject), _style(12, bold=True, align=TA_CENTER, indent=0, after=1)),
        Columns([[TextLine("", FONTS.regular, 2, 40 * mm)]], [width]),
        Spacer(1, 4 * mm),
        cell(t.issuer, bold=True, size=12, align="center"),
        Spacer(1, 4 * mm),
    ]
    story += [Paragraph(escape(b), _style(italic=True)) for b in t.bases]
    story += [Spacer(1, 2 * mm), cell(t.decides, bold=True, size=12.5, align="center"), Spacer(1, 3 * mm)]
    paras = [Paragraph(f"<b>{escape(a.head)}</b> {escape(a.body)}", _style()) for a in t.articles]
    story += paras[:-1]
    story.append(KeepTogether([paras[-1], Spacer(1, 5 * mm), _closing(t, width)]))
    story += [PageBreak(), *annex_story(t, width)]
    return story


def _closing(t: DecisionText, width: float) -> Flowable:
    """'Nơi nhận' on the left, the signer on the right: one block that never splits."""
    left = [Paragraph(f"<b><i>{escape(t.recipients_head)}</i></b>", _style(11, align=TA_LEFT, indent=0, after=1))]
    left += [Paragraph(escape(r), _style(9.5, align=TA_LEFT, indent=0, after=0)) for r in t.recipients]
    right: list[Flowable] = [Paragraph(escape(s), _style(12, bold=True, align=TA_CENTER, indent=0, after=0))
                             for s in t.signer]
    right += [Paragraph(escape(t.signature_hint), _style(10, italic=True, align=TA_CENTER, indent=0)),
              Spacer(1, 22 * mm)]
    table = Table([[left, right]], colWidths=[width * 0.45, width * 0.55])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                               ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
    return table


def _grid(columns: tuple[str, ...], rows: tuple[tuple[str, ...], ...], widths: tuple[float, ...], width: float,
          empty: str, size: float = 9.0) -> Flowable:
    bold, reg = FONTS.bold, FONTS.regular
    cols = [width * w / sum(widths) for w in widths]
    head = [GridRow(tuple(GridCell(c, bold, size, "center") for c in columns), SHADE_PART)]
    body = [GridRow(tuple(GridCell(v, reg, size, "center" if i in (0, 4, 5) else "left") for i, v in enumerate(r)))
            for r in rows]
    if not body:
        body = [GridRow((GridCell(empty, FONTS.italic, size, span=len(columns)),))]
    return Grid(cols, body, head)


def annex_story(t: DecisionText, width: float) -> list[Flowable]:
    return [
        cell(t.annex_title, bold=True, size=12, align="center"),
        cell(t.annex_heading, bold=True, size=12, align="center"),
        Paragraph(escape(t.annex_subtitle), _style(11, italic=True, align=TA_CENTER, indent=0)),
        Spacer(1, 4 * mm),
        _grid(t.annex_columns, t.annex_rows, t.annex_widths, width, _("none")),
    ]


def write_decision(out: str | os.PathLike[str] | BinaryIO, t: DecisionText) -> int:
    """Lay out the decision and its annex; returns the number of pages."""
    return build_pdf(out, decision_story(t), title=f"{t.title} {t.number_line}", subject=t.subject)


def register_story(t: RegisterText) -> list[Flowable]:
    register_fonts()
    width = frame_width(wide=True)
    return [
        FooterMark(t.title),
        office_header(t.authority_lines, [], _("SOCIALIST REPUBLIC OF VIET NAM"),
                      _("Independence - Freedom - Happiness"), [], width),
        Spacer(1, 6 * mm),
        cell(t.title, bold=True, size=13, align="center"),
        cell(t.subtitle, italic=True, size=10.5, align="center"),
        Spacer(1, 4 * mm),
        _grid(t.columns, t.rows, t.widths, width, t.empty),
    ]


def write_register(out: str | os.PathLike[str] | BinaryIO, t: RegisterText) -> int:
    return build_pdf(out, register_story(t), title=t.title, wide=True)
