"""Producer feedback: one page a product, to hand over for next year's cycle.

Part scores against their maxima (a chart and a table), the criteria where
most points were lost, and which option would have raised the score; when
the producer sent a self-assessment, a page beside it puts the producer's
points next to the council's mean on every criterion.

Pages are numbered per product, not per document: each product's pages are
handed to its own producer (one file a producer, or cut out of the session's
file), so "page 2" must mean the second page of that producer's feedback.  The
footer already restarts the count at each product; the product's page total
is written in the footer label, from a first layout pass.
"""

from __future__ import annotations

import io
import os
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import TYPE_CHECKING, BinaryIO, Iterable

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Spacer

from ocop_desk.i18n import _, ngettext
from ocop_desk.printing.fonts import FONTS, register_fonts
from ocop_desk.printing.grid import Grid, GridCell, GridRow
from ocop_desk.printing.layout import CELL, SHADE_PART, FooterMark, build_pdf, cell, frame_width, national_header
from ocop_desk.printing.self_assessment import comparison_story
from ocop_desk.printing.values import CouncilInfo, ProductInfo, fmt_mean, fmt_points
from ocop_desk.vocabulary import status_name

if TYPE_CHECKING:
    from ocop_desk.papers import Comparison


@dataclass(frozen=True)
class PartScore:
    id: str
    title: str
    score: Decimal  # the members' mean for this part
    max: Decimal


@dataclass(frozen=True)
class LostPoints:
    criterion: str  # title
    section: str
    achieved: Decimal  # the members' mean for this criterion
    max: Decimal
    better_option: str = ""  # the next option up that the producer can aim for
    better_points: Decimal | None = None

    @property
    def lost(self) -> Decimal:
        return self.max - self.achieved


@dataclass(frozen=True)
class FeedbackPage:
    product: ProductInfo
    criteria_set: str  # title of the set the product was scored with
    mean: Decimal | None
    star: int | None
    status: str
    parts: tuple[PartScore, ...]
    losses: tuple[LostPoints, ...]  # most points lost first
    session_id: str = ""
    comparison: Comparison | None = None  # None: the producer sent no self-assessment on this sheet


def part_chart(parts: tuple[PartScore, ...], width: float, height: float = 48 * mm) -> Flowable:
    """Horizontal bars: each part's score drawn over its maximum."""
    register_fonts()
    drawing = Drawing(width, height)
    chart = HorizontalBarChart()
    # in whole points, as reportlab's chart types declare a plot area's place and size
    chart.x, chart.y = round(70 * mm), round(8 * mm)
    chart.width, chart.height = round(width - chart.x - 12 * mm), round(height - 16 * mm)
    # Two series drawn over each other: the maximum (light) and the score (dark).
    rows = list(reversed(parts))
    chart.data = [[float(p.max) for p in rows], [float(p.score) for p in rows]]
    chart.groupSpacing = 6
    chart.barSpacing = 0
    chart.bars[0].fillColor = colors.HexColor("#dddddd")
    chart.bars[1].fillColor = colors.HexColor("#2e6b3f")
    chart.bars.strokeColor = None
    chart.valueAxis.valueMin = 0
    top = max((float(p.max) for p in parts), default=10)
    chart.valueAxis.valueMax = top
    chart.valueAxis.valueStep = 5 if top <= 50 else 10
    chart.valueAxis.labels.fontName = FONTS.regular
    chart.valueAxis.labels.fontSize = 7.5
    chart.categoryAxis.categoryNames = [f"{p.id}. {p.title}"[:48] for p in rows]
    chart.categoryAxis.labels.fontName = FONTS.regular
    chart.categoryAxis.labels.fontSize = 8
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.categoryAxis.labels.dx = -4
    chart.barLabelFormat = None
    drawing.add(chart)
    for i, p in enumerate(rows):
        band = chart.height / len(rows)
        y = chart.y + band * (i + 0.5) - 3
        drawing.add(String(chart.x + chart.width + 3, y,
                           f"{fmt_points(p.score)}/{fmt_points(p.max)}", fontName=FONTS.bold, fontSize=8))
    return drawing


def footer_label(page: FeedbackPage, pages: int | None = None) -> str:
    label = " — ".join(x for x in (_("Feedback"), page.product.code, page.product.name) if x)
    if pages is None:
        return label
    return ngettext("{label} ({n} page)", "{label} ({n} pages)", pages).format(label=label, n=pages)


def feedback_story(page: FeedbackPage, council: CouncilInfo | None = None, *, draft: bool = False,
                   pages: int | None = None) -> list[Flowable]:
    """One product's feedback; `draft` (the session is not closed) shows the star as provisional and
    `pages` is the product's page total for the footer."""
    register_fonts()
    council = council or CouncilInfo()
    width = frame_width()
    bold, reg = FONTS.bold, FONTS.regular
    p = page.product
    if page.star is None:
        star = "—"
    elif draft:
        star = _("{n} star(s), provisional").format(n=page.star)
    else:
        star = _("{n} star(s)").format(n=page.star)
    story: list[Flowable] = [
        FooterMark(footer_label(page, pages)),
        national_header(council.authority_lines(), width),
        Spacer(1, 4 * mm),
        *([cell(_("DRAFT"), bold=True, size=12, align="center")] if draft else []),
        cell(_("EVALUATION FEEDBACK FOR THE PRODUCER"), bold=True, size=13.5, align="center"),
        cell(_("For improving the product in the next OCOP cycle"), italic=True, size=10, align="center"),
        Spacer(1, 3 * mm),
    ]
    info = [(_("Product name:"), p.name), (_("Product code:"), p.code), (_("Producer:"), p.producer),
            (_("Criteria set:"), page.criteria_set),
            (_("Result:"), _("mean {mean} points, {star} ({status})").format(
                mean=fmt_mean(page.mean) or "—", star=star, status=status_name(page.status)))]
    story.append(Grid([32 * mm, width - 32 * mm],
                      [GridRow((GridCell(k, bold, CELL, indent=-3), GridCell(v, reg, CELL))) for k, v in info],
                      rules=False, pad_y=1))
    if draft:
        story.append(cell(_("Draft: the session is not closed yet, so these results are not final."),
                          bold=True, size=9))
    if not page.parts:
        story += [Spacer(1, 4 * mm),
                  cell(_("No complete scorecard counted for this product, so there is no breakdown to "
                         "report."), italic=True, size=10.5)]
        return story + _self_assessment_block(page, draft)
    story += [Spacer(1, 3 * mm), cell(_("Scores by part (mean of the members)"), bold=True, size=11),
              part_chart(page.parts, width)]
    head = [GridRow((GridCell(_("Part"), bold, CELL, "center"), GridCell(_("Points"), bold, CELL, "center"),
                     GridCell(_("Maximum"), bold, CELL, "center"), GridCell(_("Share"), bold, CELL, "center")),
                    SHADE_PART)]
    rows = []
    for part in page.parts:
        share = "" if not part.max else f"{(part.score * 100 / part.max).quantize(Decimal(1))} %"
        rows.append(GridRow((GridCell(f"{part.id}. {part.title}", reg, CELL),
                             GridCell(fmt_points(part.score), bold, CELL, "center"),
                             GridCell(fmt_points(part.max), reg, CELL, "center"),
                             GridCell(share, reg, CELL, "center"))))
    story += [Grid([width - 66 * mm, 22 * mm, 22 * mm, 22 * mm], rows, head), Spacer(1, 4 * mm),
              cell(_("Where most points were lost, and what would have scored higher"), bold=True, size=11),
              Spacer(1, 1.5 * mm)]
    cols = [0.0, 16 * mm, 16 * mm, 0.0]
    rest = width - 32 * mm
    cols[0], cols[3] = rest * 0.48, rest * 0.52
    head = [GridRow((GridCell(_("Criterion"), bold, CELL, "center"),
                     GridCell(_("Points"), bold, CELL, "center"),
                     GridCell(_("Lost"), bold, CELL, "center"),
                     GridCell(_("A higher option to aim for"), bold, CELL, "center")), SHADE_PART)]
    rows = []
    for loss in page.losses:
        better = loss.better_option
        if better and loss.better_points is not None:
            better = _("{option} ({points} points)").format(option=better,
                                                             points=fmt_points(loss.better_points))
        rows.append(GridRow((GridCell(f"{loss.criterion} ({loss.section})" if loss.section else loss.criterion,
                                      reg, CELL),
                             GridCell(f"{fmt_points(loss.achieved)}/{fmt_points(loss.max)}", reg, CELL, "center"),
                             GridCell(fmt_points(loss.lost), bold, CELL, "center"),
                             GridCell(better or "—", reg, CELL))))
    if not rows:
        rows = [GridRow((GridCell(_("No points were lost."), FONTS.italic, CELL, span=4),))]
    story.append(Grid(cols, rows, head))
    return story + _self_assessment_block(page, draft)


def _self_assessment_block(page: FeedbackPage, draft: bool) -> list[Flowable]:
    """Every criterion, the producer's points beside the council's mean, on a page of its own."""
    if page.comparison is None:
        return [Spacer(1, 3 * mm),
                cell(_("The producer sent no self-assessment on this sheet, so there is nothing to set "
                       "beside the council's mean."), italic=True, size=9.5)]
    return [PageBreak(), *comparison_story(page.comparison, only_differences=False, draft=draft)]


def write_feedback(out: str | os.PathLike[str] | BinaryIO, pages: Iterable[FeedbackPage], *,
                   council: CouncilInfo | None = None, top: int = 8, draft: bool = False) -> int:
    """Each product from a new page: its feedback on one page (the losses list is cut to `top` so it
    stays there), then its self-assessment beside the council's mean.

    A first pass lays out each product alone to learn its page total for the footer; `draft` marks
    every page as the minutes' draft is marked.
    """
    trimmed = [replace(page, losses=page.losses[:top]) for page in pages]
    totals = [build_pdf(io.BytesIO(), feedback_story(page, council, draft=draft), title="")
              for page in trimmed]
    story: list[Flowable] = []
    for page, total in zip(trimmed, totals):
        if story:
            story.append(PageBreak())
        story += feedback_story(page, council, draft=draft, pages=total)
    if not story:
        story = [cell(_("none"), italic=True)]
    return build_pdf(out, story, title=_("Producer feedback"), draft=draft)
