"""The producer's self-assessment beside the council's mean, per criterion, as PDF pages.

`comparison_story` is a block of flowables, so the producer feedback page can
carry it under its own text; `write_comparisons` prints one page group per
product.  Numbers come from `self_assessment.compare` (the scoring rules).
"""

from __future__ import annotations

import os
from decimal import Decimal
from typing import BinaryIO, Sequence

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Spacer

from ocop_desk.i18n import _
from ocop_desk.printing.fonts import FONTS, register_fonts
from ocop_desk.printing.grid import Grid, GridCell, GridRow
from ocop_desk.printing.layout import CELL, SHADE_PART, SHADE_SECTION, FooterMark, build_pdf, cell, frame_width
from ocop_desk.printing.values import fmt_mean, fmt_points
from ocop_desk.papers import Comparison


def _signed(value: Decimal | None) -> str:
    if value is None:
        return ""
    return ("+" if value > 0 else "") + fmt_mean(value)


def comparison_story(c: Comparison, *, only_differences: bool = True, draft: bool = False) -> list[Flowable]:
    """`draft`: the session is not closed, so the council's star is given as provisional."""
    register_fonts()
    width = frame_width()
    bold, reg = FONTS.bold, FONTS.regular
    rows = c.differing() if only_differences else c.rows
    summary = (_("Self-assessment: {own} points ({own_star} star); council mean so far: {council} "
                 "(provisional star: {star}), from {n} scorecards.") if draft else
               _("Self-assessment: {own} points ({own_star} star); council mean: {council} ({star} star), "
                 "from {n} scorecards."))
    story: list[Flowable] = [
        cell(_("SELF-ASSESSMENT AND THE COUNCIL'S RESULT"), bold=True, size=12, align="center"),
        cell(f"{c.product_name} ({c.product_code})", bold=True, size=11, align="center"),
        Spacer(1, 2 * mm),
        cell(summary.format(own=fmt_points(c.self_total), own_star=c.self_star or "—",
                            council=fmt_mean(c.council_mean) or "—", star=c.council_star or "—",
                            n=c.counted), size=10.5),
        cell(_("Criteria where the council's mean differs from the self-assessment:") if only_differences
             else _("Every criterion of the sheet:"), italic=True, size=10),
        Spacer(1, 2 * mm),
    ]
    cols = [16 * mm, 0.0, 24 * mm, 24 * mm, 20 * mm]
    cols[1] = width - sum(cols)
    head = [GridRow(tuple(GridCell(t, bold, CELL, "center") for t in (
        _("Criterion"), _("Title"), _("Self-assessment"), _("Council mean"), _("Difference"))), SHADE_PART)]
    body = [GridRow((GridCell(r.criterion_id, reg, CELL), GridCell(r.title, reg, CELL),
                     GridCell(fmt_points(r.self_points), reg, CELL, "center"),
                     GridCell(fmt_mean(r.council_mean), reg, CELL, "center"),
                     GridCell(_signed(r.difference), bold, CELL, "center")),
                    SHADE_SECTION if r.differs else None) for r in rows]
    if not body:
        body = [GridRow((GridCell(_("none"), FONTS.italic, CELL, span=5),))]
    story.append(Grid(cols, body, head))
    return story


def write_comparisons(out: str | os.PathLike[str] | BinaryIO, comparisons: Sequence[Comparison], *,
                      only_differences: bool = True) -> int:
    story: list[Flowable] = []
    for i, c in enumerate(comparisons):
        if i:
            story.append(PageBreak())
        story.append(FooterMark(_("Self-assessment — {code}").format(code=c.product_code)))
        story += comparison_story(c, only_differences=only_differences)
    if not story:
        story = [cell(_("none"), italic=True)]
    return build_pdf(out, story, title=_("SELF-ASSESSMENT AND THE COUNCIL'S RESULT"))
