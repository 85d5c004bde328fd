"""The score sheet (phiếu đánh giá): blank, pre-filled for a product, or filled by a member.

One layout for all three so a filled sheet lines up with the blank one the
member saw: header fields, knock-out conditions, then parts -> sections ->
criteria -> options with the points and a box, subtotals and the total.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer

from ocop_desk.i18n import _
from ocop_desk.printing.fonts import FONTS, register_fonts
from ocop_desk.printing.grid import PAD_X, Grid, GridCell, GridRow
from ocop_desk.printing.layout import (CELL, SHADE_PART, SHADE_SECTION, Columns, TextLine, cell,
                                       date_line, frame_width, national_header, signature_block)
from ocop_desk.printing.qr import QrFlowable, QrWithCaption
from ocop_desk.printing.values import CouncilInfo, FilledScorecard, ProductInfo, fmt_points
from ocop_desk.scoring.criteria import CriteriaSet
from ocop_desk.scoring.totals import ref_subtotal

DOTS = "." * 60
_COL_POINTS = 20 * mm
_COL_BOX = 17 * mm


def _field_rows(product: ProductInfo, width: float) -> Grid:
    register_fonts()
    fields = [
        (_("Product name:"), product.name),
        (_("Product code:"), product.code),
        (_("Producer:"), product.producer),
        (_("Phone:"), product.phone),
        (_("Address:"), product.address),
    ]
    label_w = 32 * mm
    rows = [GridRow((GridCell(label, FONTS.bold, CELL), GridCell(value or DOTS, FONTS.bold if value
                                                                  else FONTS.regular, CELL)))
            for label, value in fields]
    return Grid([label_w, width - label_w], _shift(rows), rules=False, pad_y=1)


def _shift(rows: list[GridRow]) -> list[GridRow]:
    """Unruled grids sit flush with the frame's left edge, like the paragraphs around them."""
    return [GridRow(tuple(replace(c, indent=c.indent - PAD_X) if i == 0 else c
                          for i, c in enumerate(r.cells)), r.shade) for r in rows]


def _knockout_table(cs: CriteriaSet, marked: tuple[str, ...], width: float) -> list[Flowable]:
    if not cs.knockouts:
        return []
    register_fonts()
    head = GridRow((GridCell(_("Knock-out conditions (the dossier is rejected when any of these "
                               "applies):"), FONTS.bold, CELL, span=2),))
    rows = [GridRow((GridCell(box=k.id in marked), GridCell(k.label, FONTS.regular, CELL)))
            for k in cs.knockouts]
    return [Grid([8 * mm, width - 8 * mm], _shift([head]) + rows, rules=False, pad_y=1)]


def _score_table(cs: CriteriaSet, filled: FilledScorecard | None, width: float) -> Grid:
    register_fonts()
    reg, bold, ital = FONTS.regular, FONTS.bold, FONTS.italic
    label_w = width - _COL_POINTS - _COL_BOX

    def row(label: GridCell, points: str, third: GridCell | None = None, *, pfont: str = bold,
            shade: object = None) -> GridRow:
        if third is None:
            return GridRow((label, GridCell(points, pfont, CELL, "center", span=2)), shade)
        return GridRow((label, GridCell(points, pfont, CELL, "center"), third), shade)

    header_right = _("Chosen") if filled else _("Tick one")
    header = [GridRow((GridCell(_("Criteria and options"), bold, CELL, "center"),
                       GridCell(_("Points"), bold, CELL, "center"),
                       GridCell(header_right, bold, CELL, "center")), SHADE_PART)]
    rows: list[GridRow] = []
    choices = filled.choices if filled else {}
    blank_sum = "" if filled else "......"
    grand = Decimal(0)
    for part in cs.parts:
        title = _("PART {id}: {title}").format(id=part.id, title=part.title).upper()
        rows.append(row(GridCell(title, bold, CELL), fmt_points(part.max), shade=SHADE_PART))
        part_sum = Decimal(0)
        for section in part.sections:
            rows.append(row(GridCell(f"{section.id}. {section.title}", bold, CELL),
                            fmt_points(section.max), shade=SHADE_SECTION))
            for crit in section.criteria:
                rows.append(row(GridCell(crit.title, ital, CELL, indent=6),
                                f"({fmt_points(crit.max)})", pfont=ital))
                chosen = choices.get(crit.id)
                for opt in crit.options:
                    ticked = opt.id == chosen
                    font = bold if ticked else reg
                    rows.append(row(GridCell(opt.label, font, CELL, indent=14),
                                    fmt_points(opt.points), GridCell(box=ticked), pfont=font))
            section_sum = ref_subtotal(cs, choices, section.id)
            achieved = fmt_points(section_sum) if filled else blank_sum
            rows.append(row(GridCell(_("Subtotal: {title}").format(title=section.title), ital, CELL,
                                     "right"), achieved))
            part_sum += section_sum
        rows.append(row(GridCell(_("Total of {title}").format(title=part.title), bold, CELL, "right"),
                        fmt_points(part_sum) if filled else blank_sum, shade=SHADE_SECTION))
        grand += part_sum
    total_label = _("TOTAL SCORE (maximum {max})").format(max=fmt_points(cs.max_total))
    rows.append(GridRow((GridCell(total_label, bold, CELL, "right"),
                         GridCell(fmt_points(grand) if filled else blank_sum, bold, 11, "center", span=2)),
                        SHADE_PART))
    if filled:
        if filled.knockouts:
            star = _("knocked out")
        else:
            star = "—" if filled.star is None else _("{n} star(s)").format(n=filled.star)
        rows.append(row(GridCell(_("Star implied by this total"), bold, CELL, "right"), star))
    return Grid([label_w, _COL_POINTS, _COL_BOX], rows, header)


def _qr_block(digest: str, width: float) -> Flowable:
    size = 26 * mm
    caption = [TextLine(_("Scorecard digest (SHA-256), to check this sheet against the store:"),
                     FONTS.italic, 8), TextLine(digest, FONTS.regular, 8)]
    return QrWithCaption(QrFlowable(digest, size), Columns([caption], [width - size - 6 * mm]))


def sheet_story(cs: CriteriaSet, *, product: ProductInfo | None = None,
                council: CouncilInfo | None = None, filled: FilledScorecard | None = None,
                member_name: str = "") -> list[Flowable]:
    """Flowables of one score sheet; `filled` ticks the member's choices and adds totals."""
    width = frame_width()
    council = council or CouncilInfo()
    product = filled.product if filled else (product or ProductInfo())
    day = council.day
    story: list[Flowable] = [
        national_header(council.authority_lines(), width,
                        date_line(council.place, day.day if day else None,
                                  day.month if day else None, day.year if day else None)),
        Spacer(1, 3 * mm),
        cell(_("OCOP PRODUCT EVALUATION AND RANKING SHEET"), bold=True, size=13.5, align="center"),
        cell(_("Product set: {name}").format(name=cs.product_set), bold=True, size=10.5,
             align="center"),
        cell(_("Group: {group} — {title}").format(group=cs.group, title=cs.title), italic=True,
             size=9, align="center"),
        Spacer(1, 3 * mm),
        _field_rows(product, width),
        Spacer(1, 2 * mm),
    ]
    story += _knockout_table(cs, filled.knockouts if filled else (), width)
    story += [Spacer(1, 3 * mm), _score_table(cs, filled, width), Spacer(1, 3 * mm)]
    if filled:
        member = filled.member
        notes = filled.notes or "—"
        tail: list[Flowable] = [cell(_("Notes: {text}").format(text=notes)), Spacer(1, 2 * mm)]
        if filled.digest:
            tail.append(_qr_block(filled.digest, width))
        tail.append(signature_block([("", ""), (_("Council member"), member.name)], width))
        story.append(KeepTogether(tail))
    else:
        story.append(KeepTogether([
            cell(_("Notes:") + " " + DOTS * 2),
            Spacer(1, 2 * mm),
            signature_block([("", ""), (_("Council member"), member_name)], width),
        ]))
    return story
