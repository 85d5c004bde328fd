"""The score sheet (phiếu đánh giá): blank, pre-filled for a product, or filled by a member.

One layout for all three so a filled sheet lines up with the blank one the
member saw: header fields, knock-out conditions, then parts -> sections ->
criteria -> options with the points and a box, subtotals and the total.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table

from ocop_desk.i18n import _
from ocop_desk.printing.layout import (SHADE_PART, SHADE_SECTION, TickBox, cell, date_line,
                                       frame_width, grid_style, national_header, signature_block,
                                       tstyle)
from ocop_desk.printing.values import CouncilInfo, FilledScorecard, ProductInfo, fmt_points
from ocop_desk.scoring.criteria import CriteriaSet

DOTS = "." * 60
_COL_POINTS = 20 * mm
_COL_BOX = 17 * mm


def _field_rows(product: ProductInfo, width: float) -> Table:
    fields = [
        (_("Product name:"), product.name),
        (_("Product code:"), product.code),
        (_("Producer:"), product.producer),
        (_("Phone:"), product.phone),
        (_("Address:"), product.address),
    ]
    label_w = 32 * mm
    rows = [[cell(label, bold=True), cell(value or DOTS, bold=bool(value))] for label, value in fields]
    table = Table(rows, colWidths=[label_w, width - label_w])
    table.setStyle(tstyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 1),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
    ]))
    return table


def _knockout_table(cs: CriteriaSet, marked: tuple[str, ...], width: float) -> list[Flowable]:
    if not cs.knockouts:
        return []
    head = cell(_("Knock-out conditions (the dossier is rejected when any of these applies):"),
                bold=True)
    rows = [[TickBox(k.id in marked), cell(k.label)] for k in cs.knockouts]
    table = Table(rows, colWidths=[8 * mm, width - 8 * mm])
    table.setStyle(tstyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
    ]))
    return [head, Spacer(1, 1.5 * mm), table]


def _score_table(cs: CriteriaSet, filled: FilledScorecard | None, width: float) -> Table:
    label_w = width - _COL_POINTS - _COL_BOX
    header_right = _("Chosen") if filled else _("Tick one")
    rows: list[list[Any]] = [[cell(_("Criteria and options"), bold=True, align="center"),
                              cell(_("Points"), bold=True, align="center"),
                              cell(header_right, bold=True, align="center")]]
    style: list[tuple[Any, ...]] = [
        ("BACKGROUND", (0, 0), (-1, 0), SHADE_PART),
        ("ALIGN", (1, 0), (-1, -1), "CENTER"),
    ]
    choices = filled.choices if filled else {}
    blank_sum = "" if filled else "......"
    grand = Decimal(0)
    for part in cs.parts:
        r = len(rows)
        rows.append([cell(_("PART {id}: {title}").format(id=part.id, title=part.title).upper(),
                          bold=True), cell(fmt_points(part.max), bold=True,
                                                             align="center"), ""])
        style += [("BACKGROUND", (0, r), (-1, r), SHADE_PART), ("SPAN", (1, r), (2, r))]
        part_sum = Decimal(0)
        for section in part.sections:
            r = len(rows)
            rows.append([cell(f"{section.id}. {section.title}", bold=True),
                         cell(fmt_points(section.max), bold=True, align="center"), ""])
            style += [("BACKGROUND", (0, r), (-1, r), SHADE_SECTION), ("SPAN", (1, r), (2, r))]
            section_sum = Decimal(0)
            for crit in section.criteria:
                r = len(rows)
                rows.append([cell(crit.title, italic=True),
                             cell(f"({fmt_points(crit.max)})", italic=True, align="center"), ""])
                style.append(("LEFTPADDING", (0, r), (0, r), 8))
                chosen = choices.get(crit.id)
                for opt in crit.options:
                    ticked = opt.id == chosen
                    if ticked:
                        section_sum += opt.points
                    r = len(rows)
                    rows.append([cell(opt.label, bold=ticked),
                                 cell(fmt_points(opt.points), bold=ticked, align="center"),
                                 TickBox(ticked)])
                    style.append(("LEFTPADDING", (0, r), (0, r), 18))
            r = len(rows)
            achieved = fmt_points(section_sum) if filled else blank_sum
            rows.append([cell(_("Subtotal: {title}").format(title=section.title), italic=True,
                              align="right"),
                         cell(achieved, bold=True, align="center"), ""])
            style.append(("SPAN", (1, r), (2, r)))
            part_sum += section_sum
        r = len(rows)
        rows.append([cell(_("Total of {title}").format(title=part.title), bold=True, align="right"),
                     cell(fmt_points(part_sum) if filled else blank_sum, bold=True, align="center"),
                     ""])
        style += [("SPAN", (1, r), (2, r)), ("BACKGROUND", (0, r), (-1, r), SHADE_SECTION)]
        grand += part_sum
    r = len(rows)
    rows.append([cell(_("TOTAL SCORE (maximum {max})").format(max=fmt_points(cs.max_total)),
                      bold=True, align="right"),
                 cell(fmt_points(grand) if filled else blank_sum, bold=True, size=11, align="center"),
                 ""])
    style += [("SPAN", (1, r), (2, r)), ("BACKGROUND", (0, r), (-1, r), SHADE_PART)]
    if filled:
        r = len(rows)
        star = "—" if filled.star is None else _("{n} star(s)").format(n=filled.star)
        rows.append([cell(_("Star implied by this total"), bold=True, align="right"),
                     cell(star, bold=True, align="center"), ""])
        style.append(("SPAN", (1, r), (2, r)))
    table = Table(rows, colWidths=[label_w, _COL_POINTS, _COL_BOX], repeatRows=1)
    table.setStyle(grid_style(style))
    return table


def _qr_block(digest: str, width: float) -> Table:
    from reportlab.graphics.barcode.qr import QrCodeWidget
    from reportlab.graphics.shapes import Drawing

    size = 26 * mm
    widget = QrCodeWidget(digest, barLevel="M")
    x0, y0, x1, y1 = widget.getBounds()
    drawing = Drawing(size, size, transform=[size / (x1 - x0), 0, 0, size / (y1 - y0), 0, 0])
    drawing.add(widget)
    text = [cell(_("Scorecard digest (SHA-256), to check this sheet against the store:"),
                 italic=True, size=8),
            cell(digest, size=8)]
    table = Table([[drawing, text]], colWidths=[size + 4 * mm, width - size - 4 * mm])
    table.setStyle(tstyle([("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                               ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    return table


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
