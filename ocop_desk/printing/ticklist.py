"""The tick list (bảng tổng hợp phiếu): one page per member's sheet, for signing.

Some councils have members sign a one-page summary of their sheet instead
of the full filled sheet: every criterion with the number of the option
ticked (the key typed on screen and written in Excel: 0 for "none", then
1, 2, … in sheet order; a checklist lists every ticked number), its points
and maximum, the part subtotals, the total, the sheet's star, and a
signature line.  Titles are cut to one line so a sheet of any length keeps
to one page (a long sheet runs in two columns).
"""

from __future__ import annotations

import os
from typing import BinaryIO, Callable, Iterable

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, PageBreak, Spacer

from ocop_desk.i18n import _
from ocop_desk.printing.fonts import FONTS, register_fonts
from ocop_desk.printing.grid import ColumnFlow, Grid, GridCell, GridRow
from ocop_desk.printing.layout import (SHADE_PART, SHADE_SECTION, FooterMark, build_pdf, cell, frame_height,
                                       frame_width, signature_block)
from ocop_desk.printing.sheet import _marks, _Marks, _outcome_lines, sheet_header, star_line
from ocop_desk.printing.text import elide, text_width
from ocop_desk.printing.values import CouncilInfo, FilledScorecard, fmt_points
from ocop_desk.scoring.criteria import CriteriaSet, Criterion, option_key, split_choice
from ocop_desk.scoring.totals import criterion_points, member_total, ref_subtotal

SIZE = 8.0
_GAP = 4 * mm


def ticked_keys(crit: Criterion, value: str | None) -> str:
    """The option numbers of a choice as printed: '2', '1+3' (checklist), '0' (none), '' (unanswered)."""
    if value is None:
        return ""
    keys = []
    for opt_id in split_choice(value):
        opt = crit.option(opt_id)
        keys.append(str(option_key(crit, opt)) if opt is not None else opt_id)
    return "+".join(keys)


def _rows(cs: CriteriaSet, marks: _Marks, title_w: float) -> list[GridRow]:
    reg, bold, ital = FONTS.regular, FONTS.bold, FONTS.italic
    rows: list[GridRow] = []

    def line(text: str, font: str) -> str:
        return elide(text, font, SIZE, title_w)

    for part in cs.parts:
        rows.append(GridRow((GridCell(part.id, bold, SIZE, "center"),
                             GridCell(line(part.title.upper(), bold), bold, SIZE),
                             GridCell("", bold, SIZE),
                             GridCell(fmt_points(ref_subtotal(cs, marks.choices, part.id)), bold, SIZE, "center"),
                             GridCell(fmt_points(part.max), bold, SIZE, "center")), SHADE_PART, keep_next=True))
        for section in part.sections:
            chosen = section.case(marks.choices.get(section.id, "")) if section.cases else None
            label = section.title
            case_no = ""
            if section.cases:
                if chosen is not None:
                    case_no = str(section.cases.index(chosen) + 1)
                    label = _("{section} — case {n}: {case}").format(section=section.title, n=case_no,
                                                                    case=chosen.title)
                else:
                    label = _("{section} — no case chosen").format(section=section.title)
            rows.append(GridRow((GridCell(section.id, bold, SIZE, "center"), GridCell(line(label, bold), bold, SIZE),
                                 GridCell(case_no, bold, SIZE, "center"),
                                 GridCell(fmt_points(ref_subtotal(cs, marks.choices, section.id)), bold, SIZE,
                                          "center"),
                                 GridCell(fmt_points(section.max), bold, SIZE, "center")), SHADE_SECTION,
                                keep_next=True))
            for leaf in section.leaves():
                in_case = cs.case_of(leaf.id)
                if chosen is not None and in_case is not None and in_case[1].id != chosen.id:
                    continue  # the other case: its criteria were not scored, the section row says which case
                parent = cs.parent_of(leaf.id)
                title = f"{parent.title} / {leaf.title}" if parent is not None else leaf.title
                if leaf.id not in marks.applicable:
                    why = (_("not scored further") if leaf.id in marks.stopped else _("not applicable"))
                    rows.append(GridRow((GridCell(leaf.id, reg, SIZE, "center"),
                                         GridCell(line(f"{title} — {why}", ital), ital, SIZE),
                                         GridCell("—", ital, SIZE, "center"), GridCell("—", ital, SIZE, "center"),
                                         GridCell(fmt_points(leaf.max), reg, SIZE, "center"))))
                    continue
                got = criterion_points(cs, marks.choices, leaf.id)
                rows.append(GridRow((GridCell(leaf.id, reg, SIZE, "center"), GridCell(line(title, reg), reg, SIZE),
                                     GridCell(ticked_keys(leaf, marks.choices.get(leaf.id)), bold, SIZE,
                                              "center"),
                                     GridCell(fmt_points(got), bold, SIZE, "center"),
                                     GridCell(fmt_points(leaf.max), reg, SIZE, "center"))))
    return rows


def _grid(cs: CriteriaSet, card: FilledScorecard, marks: _Marks, col_w: float) -> Grid:
    bold = FONTS.bold
    ids = [p.id for p in cs.parts] + [s.id for p in cs.parts for s in p.sections] + list(cs.criterion_ids())
    code_w = max([8 * mm] + [text_width(i, FONTS.regular, SIZE) + 5 for i in ids])
    fixed = [code_w, 0.0, 10 * mm, 9 * mm, 9.5 * mm]
    fixed[1] = col_w - sum(fixed)
    head = [GridRow((GridCell(_("Code"), bold, 7, "center"), GridCell(_("Criterion"), bold, 7, "center"),
                     GridCell(_("Option no."), bold, 7, "center"), GridCell(_("Points"), bold, 7, "center"),
                     GridCell(_("Max"), bold, 7, "center")), SHADE_PART)]
    body = _rows(cs, marks, fixed[1] - 4)
    body.append(GridRow((GridCell(_("TOTAL SCORE (maximum {max})").format(max=fmt_points(cs.max_total)), bold,
                                  SIZE, "right", span=3),
                         GridCell(fmt_points(member_total(cs, card.choices)), bold, 9, "center", span=2)),
                        SHADE_PART))
    body.append(GridRow((GridCell(star_line(card, marks), bold, SIZE, "right", span=5),)))
    return Grid(fixed, body, head, pad_x=2.0, pad_y=0.9, box=7)


def _height(flowables: list[Flowable], width: float) -> float:
    return sum(f.wrap(width, 10_000)[1] for f in flowables)


def tick_list_story(cs: CriteriaSet, card: FilledScorecard, council: CouncilInfo | None = None) -> list[Flowable]:
    """One page: the header, the table (in two columns when one would not fit the page), the signature."""
    register_fonts()
    council = council or CouncilInfo()
    width = frame_width()
    marks = _marks(cs, card.choices)
    head = sheet_header(cs, card.product, council, width, title=_("SUMMARY OF A MEMBER'S SCORE SHEET"))
    head += [cell(_("Council member: {name}").format(name=card.member.name), bold=True, size=9),
             Spacer(1, 1.5 * mm)]
    tail = _outcome_lines(cs, card, marks)
    tail.append(cell(_("Option numbers are those of the score sheet: 0 is \"none of these\", then 1, 2, … "
                       "in the order printed."), italic=True, size=7.5))
    if card.digest:
        tail.append(cell(_("Scorecard digest (SHA-256): {digest}").format(digest=card.digest), size=7.5))
    tail.append(cell(_("I confirm that this summary is the sheet I scored."), italic=True, size=8.5))
    tail.append(signature_block([("", ""), (_("Council member"), card.member.name)], width))
    room = frame_height() - _height(head, width) - _height(tail, width) - 3 * mm
    table: Flowable = _grid(cs, card, marks, width)
    if table.wrap(width, room)[1] > room:
        table = ColumnFlow(_grid(cs, card, marks, (width - _GAP) / 2), _GAP)
    return head + [table, Spacer(1, 1.5 * mm), KeepTogether(tail)]


def write_tick_lists(out: str | os.PathLike[str] | BinaryIO, items: Iterable[tuple[CriteriaSet, FilledScorecard]],
                     *, council: CouncilInfo | None = None, on_mark: Callable[[str], None] | None = None) -> int:
    """One page per (criteria set, member's sheet); the page count is returned."""
    story: list[Flowable] = []
    for cs, card in items:
        if story:
            story.append(PageBreak())
        label = " — ".join(x for x in (_("Tick list"), card.product.code, card.product.name, card.member.name)
                           if x)
        story.append(FooterMark(label))
        story += tick_list_story(cs, card, council)
    return build_pdf(out, story, title=_("OCOP tick lists of the members' sheets"), on_mark=on_mark)
