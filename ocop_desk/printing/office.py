"""An `OfficePaper` (meeting_papers) laid out as PDF: the minutes, the summary, the recognition list.

The header is the office one of `decision.office_header` (the parent
authority in plain capitals above the council in bold, "Số: …"; the national
name and motto over the place/date line, whose date is never broken), the
footer says "Trang N/M", and the closing text is kept on the page of the
signatures.
"""

from __future__ import annotations

import os
from typing import BinaryIO

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer

from ocop_desk.printing.meeting_papers import Block, DigestBlock, Heading, OfficePaper, Para, TableBlock
from ocop_desk.printing.decision import office_header, place_date_lines
from ocop_desk.printing.fonts import FONTS, register_fonts
from ocop_desk.printing.grid import Grid, GridCell, GridRow
from ocop_desk.printing.layout import (CELL, SHADE_PART, Columns, FooterMark, TextLine, build_pdf, cell,
                                       frame_width, signature_block)
from ocop_desk.printing.qr import QrFlowable, QrWithCaption

BODY = 10.5


def table_flowable(t: TableBlock, width: float, size: float = CELL) -> Flowable:
    cols = [width * w / sum(t.widths) for w in t.widths]
    head = [GridRow(tuple(GridCell(c, FONTS.bold, size if len(c) < 40 else 7, "center") for c in t.columns),
                    SHADE_PART)]
    body = [GridRow(tuple(GridCell(v, FONTS.bold if i in t.strong or v.endswith(" *") else FONTS.regular, size,
                                   "center" if i in t.centred else "left") for i, v in enumerate(row)))
            for row in t.rows]
    if not body:
        body = [GridRow((GridCell(t.empty, FONTS.italic, size, span=len(t.columns)),))]
    return Grid(cols, body, head)


def block_flowables(b: Block, width: float, table_size: float = CELL) -> list[Flowable]:
    if isinstance(b, Heading):
        return [Spacer(1, 3 * mm), cell(b.text, bold=True, size=11)]
    if isinstance(b, Para):
        align = "center" if b.align == "center" else "left"
        return [cell(b.text, bold=b.bold, italic=b.italic, size=BODY, align=align), Spacer(1, 1 * mm)]
    if isinstance(b, TableBlock):
        return [Spacer(1, 1.5 * mm), table_flowable(b, width, table_size), Spacer(1, 2 * mm)]
    if isinstance(b, DigestBlock):
        size = 24 * mm
        caption = Columns([[TextLine(b.caption, FONTS.italic, 8.5), TextLine(b.digest, FONTS.regular, 8.5)]],
                          [width - size - 6 * mm])
        return [Spacer(1, 3 * mm), QrWithCaption(QrFlowable(b.digest, size), caption)]
    raise TypeError(type(b).__name__)


def paper_story(p: OfficePaper) -> list[Flowable]:
    register_fonts()
    width = frame_width(p.wide)
    table_size = CELL if len(p.blocks) and max((len(b.columns) for b in p.blocks if isinstance(b, TableBlock)),
                                               default=0) < 14 else 8
    left = [TextLine("", FONTS.regular, 4), TextLine(p.number_line, FONTS.regular, 11)]
    right = [TextLine("", FONTS.regular, 4)] + place_date_lines(p.place, p.date, width * 0.6, FONTS.italic)
    story: list[Flowable] = [
        FooterMark(p.label),
        office_header(tuple(x for x in (p.parent, p.issuer) if x), left, p.nation, p.motto, right, width,
                      plain_first=bool(p.parent)),
        Spacer(1, 6 * mm),
        *([cell(p.draft_mark, bold=True, size=12, align="center")] if p.draft_mark else []),
        cell(p.title, bold=True, size=14, align="center"),
        *([cell(p.subtitle, bold=not p.subtitle.startswith("("), italic=p.subtitle.startswith("("), size=11,
                align="center")] if p.subtitle else []),
        Spacer(1, 3 * mm),
    ]
    for b in p.blocks:
        story += block_flowables(b, width, table_size)
    closing: list[Flowable] = []
    for b in p.closing:
        closing += block_flowables(b, width, table_size)
    story.append(KeepTogether([*closing, Spacer(1, 4 * mm),
                               signature_block(list(p.signers), width, p.signature_hint)]))
    return story


def write_paper(out: str | os.PathLike[str] | BinaryIO, p: OfficePaper) -> int:
    """Lay out the paper; returns the number of pages."""
    return build_pdf(out, paper_story(p), title=p.label, wide=p.wide, draft=bool(p.draft_mark),
                     page_of_total=True)
