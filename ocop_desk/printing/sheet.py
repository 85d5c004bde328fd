"""The score sheet (phiếu đánh giá): blank, pre-filled for a product, or filled by a member.

One layout for all three so a filled sheet lines up with the blank one the
member saw: header fields, knock-out conditions, then parts -> sections ->
(cases ->) criteria (-> sub-criteria) -> options with the points and a box,
subtotals and the total.  The table runs in two columns of compact type so a
35-criterion sheet takes two or three A4 pages, as the official sheet does.

What the rules of the sheet say (star markers, the explicit "none" option,
checklists, cases, stop and knock-out options) is printed from the criteria
set; what a member's choices imply (which criteria apply, what was knocked
out, which star requirements are unmet, the sheet's star) comes from
`ocop_desk.scoring`, the functions the scoring screen calls.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal
from typing import TYPE_CHECKING, Mapping, Sequence

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer

from ocop_desk.i18n import _, language
from ocop_desk.printing.fonts import FONTS, register_fonts
from ocop_desk.printing.grid import PAD_X, ColumnFlow, Grid, GridCell, GridRow
from ocop_desk.printing.layout import (SHADE_PART, SHADE_SECTION, Beside, Columns, Stack, TextLine, cell, date_line,
                                       frame_width, national_header, signature_block)
from ocop_desk.printing.qr import QrFlowable, QrWithCaption
from ocop_desk.printing.text import text_width
from ocop_desk.printing.values import CouncilInfo, FilledScorecard, ProductInfo, fmt_points
from ocop_desk.scoring.criteria import CriteriaSet, Criterion, Option, Section, split_choice
from ocop_desk.scoring.requirements import (knockout_label, requirement_reason, sheet_effects, sheet_requirements,
                                            stars_text)
from ocop_desk.scoring.totals import applicable, criterion_points, is_complete, member_total, ref_subtotal

if TYPE_CHECKING:
    from ocop_desk.scoring.requirements import RequirementCheck

DOTS = "." * 60
COLUMN_GAP = 3.5 * mm
FIELD_LABEL_W = 30 * mm  # the labels of the product's fields
_COL_POINTS = 7 * mm
_COL_BOX = 6.5 * mm
S_OPTION = 7.6
S_CRITERION = 7.8
S_HEADING = 8.0
S_NOTE = 7.0
S_SMALL_HEAD = 6.3
_BOX = 7.0
_PAD_X = 1.6
_PAD_Y = 0.35
_LEADING = 1.12


def _with_marker(text: str, star: int | None) -> str:
    """`text` with its star marker as the regulation prints it: "… (****)"."""
    return f"{text} {stars_text(star)}" if star else text


def _field_rows(product: ProductInfo, width: float) -> Grid:
    """The product's fields, two to a line where they are short (name, then code and phone, ...)."""
    register_fonts()
    bold, reg = FONTS.bold, FONTS.regular
    size = 9.0
    label_w, label2_w = FIELD_LABEL_W, 25 * mm
    half = (width - label_w - label2_w) / 2

    def value(text: str, dots: int = 60) -> GridCell:
        return GridCell(text or "." * dots, bold if text else reg, size)

    rows = [GridRow((GridCell(_("Product name:"), bold, size), GridCell(product.name or DOTS, bold if product.name
                                                                         else reg, size, span=3))),
            GridRow((GridCell(_("Product code:"), bold, size), value(product.code, 40),
                     GridCell(_("Phone:"), bold, size), value(product.phone, 40))),
            GridRow((GridCell(_("Producer:"), bold, size), GridCell(product.producer or DOTS,
                                                                    bold if product.producer else reg, size,
                                                                    span=3))),
            GridRow((GridCell(_("Address:"), bold, size), GridCell(product.address or DOTS,
                                                                   bold if product.address else reg, size,
                                                                   span=3)))]
    return Grid([label_w, half, label2_w, half], _shift(rows), rules=False, pad_y=0.3)


def _shift(rows: list[GridRow]) -> list[GridRow]:
    """Unruled grids sit flush with the frame's left edge, like the paragraphs around them."""
    return [GridRow(tuple(replace(c, indent=c.indent - PAD_X) if i == 0 else c
                          for i, c in enumerate(r.cells)), r.shade) for r in rows]


def _knockout_table(cs: CriteriaSet, marked: tuple[str, ...], width: float) -> list[Flowable]:
    if not cs.knockouts:
        return []
    register_fonts()
    head = GridRow((GridCell(_("Knock-out conditions (the dossier is rejected when any of these "
                               "applies):"), FONTS.bold, S_HEADING, span=2),))
    rows = [GridRow((GridCell(box=k.id in marked), GridCell(k.label, FONTS.regular, S_OPTION)))
            for k in cs.knockouts]
    return [Grid([8 * mm, width - 8 * mm], _shift([head]) + rows, rules=False, pad_y=_PAD_Y, box=_BOX)]


def _repeats(section: Section, crit: Criterion) -> bool:
    """A section holding one plain criterion of its own title (the regulation prints the options right
    under the section): the criterion's row would only repeat the section's row, maximum included."""
    def same(text: str) -> bool:
        return " ".join(text.split()).casefold() == " ".join(section.title.split()).casefold()

    return (same(crit.title) and not crit.subcriteria and crit.star_marker is None
            and crit.max == section.max)


def part_heading(part_id: str, title: str) -> str:
    """'PHẦN A: SẢN PHẨM …'; an official title that already says 'Phần A: …' is printed as it is."""
    if title.split(" ", 1)[0].lower().rstrip(":") in (_("PART {id}: {title}").split(" ", 1)[0].lower(), "phần"):
        return title.upper()
    return _("PART {id}: {title}").format(id=part_id, title=title).upper()


def section_heading(section_id: str, title: str) -> str:
    """'A1. Tổ chức sản xuất'; an official title numbered by the regulation ('1. TỔ CHỨC …') keeps its number."""
    return title if title[:1].isdigit() else f"{section_id}. {title}"


@dataclass(frozen=True)
class _Marks:
    """What a member's choices imply, each from the scoring function the screen uses."""

    choices: Mapping[str, str]
    applicable: frozenset[str]
    stopped: frozenset[str]
    knockouts: tuple[tuple[str, str], ...]  # (leaf id, label) of options that knock the product out
    unmet: tuple[str, ...]  # star requirements not met, as sentences
    complete: bool
    unmet_codes: tuple[str, ...] = ()  # the same, as "A1c (****): 0/2"


def _marks(cs: CriteriaSet, choices: Mapping[str, str]) -> _Marks:
    effects = sheet_effects(cs, choices)
    failed = [check for check in sheet_requirements(cs, choices) if check.met is False]
    return _Marks(choices=choices, applicable=frozenset(applicable(cs, choices)),
                  stopped=frozenset(effects.stopped), knockouts=tuple(effects.knockouts),
                  unmet=tuple(requirement_text(cs, check) for check in failed),
                  complete=is_complete(cs, choices), unmet_codes=tuple(requirement_code(check) for check in failed))


def requirement_text(cs: CriteriaSet, check: "RequirementCheck") -> str:
    """One unmet star requirement: the engine's reason, with the points reached and needed."""
    return _("{reason}: {points} of the {min} points needed").format(
        reason=requirement_reason(cs, check.requirement),
        points=fmt_points(check.points if check.points is not None else Decimal(0)),
        min=fmt_points(check.requirement.min))


def requirement_code(check: "RequirementCheck") -> str:
    """One unmet star requirement in short: "A1c (****): 0/2", the points reached and needed."""
    req = check.requirement
    return _("{id} {stars}: {points}/{min}").format(
        id=req.criterion_id, stars=stars_text(req.star),
        points=fmt_points(check.points if check.points is not None else Decimal(0)), min=fmt_points(req.min))


_FEW_UNMET = 3  # more than this many unmet requirements are listed by criterion code


_OPTION_ROWS: dict[tuple[object, ...], tuple[GridRow, ...]] = {}
_OPTION_ROWS_KEPT = 20_000


class _Rows:
    """The rows of the score table, in sheet order."""

    def __init__(self, cs: CriteriaSet, marks: _Marks | None) -> None:
        self.cs = cs
        self.marks = marks
        self.rows: list[GridRow] = []
        self.reg, self.bold, self.ital = FONTS.regular, FONTS.bold, FONTS.italic

    # one row ------------------------------------------------------------
    def add(self, label: GridCell, points: str = "", box: bool | None = None, *, pfont: str | None = None,
            shade: object = None, keep_next: bool = False, psize: float = S_OPTION, own: bool = False) -> None:
        """`own`: the points are this member's (a subtotal, a criterion's points reached), not the sheet's."""
        pf = pfont or self.bold
        if box is None:
            cells: tuple[GridCell, ...] = (label, GridCell(points, pf, psize, "center", span=2, own=own))
        else:
            cells = (label, GridCell(points, pf, psize, "center", own=own), GridCell(box=box))
        self.rows.append(GridRow(cells, shade, keep_next))

    def note(self, text: str | None, indent: float, *, keep_next: bool = True) -> None:
        if text:
            self.add(GridCell(text, self.ital, S_NOTE, indent=indent), keep_next=keep_next)

    # the sheet ------------------------------------------------------------
    def build(self) -> list[GridRow]:
        cs, filled = self.cs, self.marks is not None
        blank_sum = "" if filled else "......"
        choices = self.marks.choices if self.marks else {}
        for part in cs.parts:
            title = part_heading(part.id, part.title)
            self.add(GridCell(title, self.bold, S_HEADING), fmt_points(part.max), shade=SHADE_PART,
                     keep_next=True)
            self.note(part.description, 0)
            for section in part.sections:
                self.section(section)
                achieved = fmt_points(ref_subtotal(cs, choices, section.id)) if filled else blank_sum
                self.add(GridCell(_("Subtotal: {title}").format(title=section.title), self.ital, S_OPTION,
                                  "right"), achieved, own=filled)
            achieved = fmt_points(ref_subtotal(cs, choices, part.id)) if filled else blank_sum
            self.add(GridCell(_("Total of {title}").format(title=part.title), self.bold, S_OPTION, "right"),
                     achieved, shade=SHADE_SECTION, own=filled)
        return self.rows

    def section(self, section: Section) -> None:
        self.add(GridCell(section_heading(section.id, section.title), self.bold, S_HEADING), fmt_points(section.max),
                 shade=SHADE_SECTION, keep_next=True)
        self.note(section.description, 0)
        self.note(section.note, 0)
        if not section.cases:
            if len(section.criteria) == 1 and _repeats(section, section.criteria[0]):
                self.leaf(section.criteria[0], 0, title_row=False)
                return
            for crit in section.criteria:
                self.criterion(crit, 0)
            return
        chosen = self.marks.choices.get(section.id) if self.marks else None
        self.note(_("Choose one of the {n} cases (tick the case that applies, then score only its "
                    "criteria):").format(n=len(section.cases)), 0)
        for number, case in enumerate(section.cases, 1):
            ticked = case.id == chosen
            other = self.marks is not None and not ticked
            title = _("Case {n}: {title}").format(n=number, title=case.title)
            if other:
                title += " — " + (_("not chosen: its criteria do not apply") if chosen
                                  else _("no case chosen yet"))
            self.add(GridCell(title, self.bold if ticked or self.marks is None else self.ital, S_CRITERION),
                     fmt_points(section.max), box=ticked, keep_next=True)
            self.note(case.description, 4)
            for crit in case.criteria:
                self.criterion(crit, 4)

    def criterion(self, crit: Criterion, indent: float) -> None:
        cs = self.cs
        title = _with_marker(crit.title, crit.star_marker)
        if crit.subcriteria:
            points = f"({fmt_points(crit.max)})"
            if self.marks is not None:
                got = criterion_points(cs, self.marks.choices, crit.id)
                if got is not None:
                    points = f"{fmt_points(got)}/{fmt_points(crit.max)}"
            self.add(GridCell(title, self.bold, S_CRITERION, indent=indent), points, pfont=self.ital,
                     keep_next=True, own=self.marks is not None)
            self.note(crit.description, indent + 4)
            self.note(crit.note, indent + 4)
            for sub in crit.subcriteria:
                self.leaf(sub, indent + 6)
            return
        self.leaf(crit, indent, title=title)

    def leaf(self, crit: Criterion, indent: float, *, title: str | None = None, title_row: bool = True) -> None:
        """`title_row=False`: the section's own row already names the criterion (see `_repeats`)."""
        title = title or _with_marker(crit.title, crit.star_marker)
        marks = self.marks
        if marks is not None and crit.id not in marks.applicable:
            reason = (_("not scored: an earlier answer stops this section") if crit.id in marks.stopped
                      else _("not applicable"))
            self.add(GridCell(f"{title} — {reason}", self.ital, S_CRITERION, indent=indent), "—",
                     pfont=self.ital)
            return
        points = f"({fmt_points(crit.max)})"
        value = marks.choices.get(crit.id) if marks else None
        if marks is not None and crit.kind == "checklist" and value is not None:
            got = criterion_points(self.cs, marks.choices, crit.id)
            points = f"{fmt_points(got)}/{fmt_points(crit.max)}" if got is not None else points
        if title_row or crit.kind == "checklist":
            self.add(GridCell(title, self.ital, S_CRITERION, indent=indent), points, pfont=self.ital,
                     keep_next=True, own=marks is not None and crit.kind == "checklist")
        self.note(crit.description, indent + 4)
        self.note(crit.note, indent + 4)
        if crit.kind == "checklist":
            self.note(_("(tick every option that applies; the points add up to at most {max})").format(
                max=fmt_points(crit.max)), indent + 4)
        ticked = set(split_choice(value)) if value is not None else set()
        for i, opt in enumerate(crit.options):
            self.option(opt, opt.id in ticked, indent + 8, last=i == len(crit.options) - 1)

    def option(self, opt: Option, ticked: bool, indent: float, *, last: bool) -> None:
        """An option's row (and its effect's note), built once per look: every sheet of a set repeats
        them, and the grid lays a row object it has seen before out for free."""
        key = (opt, ticked, indent, last, self.reg, language())
        rows = _OPTION_ROWS.get(key)
        if rows is None:
            start = len(self.rows)
            self._option(opt, ticked, indent, last=last)
            if len(_OPTION_ROWS) >= _OPTION_ROWS_KEPT:
                _OPTION_ROWS.clear()
            _OPTION_ROWS[key] = tuple(self.rows[start:])
        else:
            self.rows.extend(rows)

    def _option(self, opt: Option, ticked: bool, indent: float, *, last: bool) -> None:
        # The label and its points keep their regular weight when ticked (bold would wrap the label
        # differently from the blank sheet's, and the row would no longer be the one every sheet of the
        # set shares, see `grid._reused_form`); the tick shows the choice.
        self.add(GridCell(_with_marker(opt.label, opt.star_marker), self.reg, S_OPTION, indent=indent),
                 fmt_points(opt.points), ticked, pfont=self.reg, keep_next=not last or opt.effect is not None)
        if opt.effect is not None:
            self.note(f"({opt.effect.label})", indent + 4, keep_next=False)


def _score_table(cs: CriteriaSet, marks: _Marks | None, filled: FilledScorecard | None,
                 width: float) -> list[Flowable]:
    register_fonts()
    bold = FONTS.bold
    col_w = (width - COLUMN_GAP) / 2
    points, tick = _("Points"), _("Tick")
    # as narrow as the column headings allow, in either language
    points_w = max(_COL_POINTS, text_width(points, bold, S_SMALL_HEAD) + 2 * _PAD_X + 1)
    box_w = max(_COL_BOX, text_width(tick, bold, S_SMALL_HEAD) + 2 * _PAD_X + 1)
    label_w = col_w - points_w - box_w
    header = [GridRow((GridCell(_("Criteria and options"), bold, S_OPTION, "center"),
                       GridCell(points, bold, S_SMALL_HEAD, "center"),
                       GridCell(tick, bold, S_SMALL_HEAD, "center")), SHADE_PART)]
    body = _Rows(cs, marks).build()
    blank_sum = "" if filled else "......"
    total = blank_sum
    if marks is not None:
        total = fmt_points(member_total(cs, marks.choices))
    body.append(GridRow((GridCell(_("TOTAL SCORE (maximum {max})").format(max=fmt_points(cs.max_total)),
                                  bold, S_HEADING, "right"),
                         GridCell(total, bold, 9.5, "center", span=2, own=marks is not None)), SHADE_PART))
    star = star_line(filled, marks) if filled is not None and marks is not None else _(
        "Star of this sheet: {star}").format(star=blank_sum)
    body.append(GridRow((GridCell(star, bold, S_HEADING, "right", span=3, own=marks is not None),)))
    grid = Grid([label_w, points_w, box_w], body, header, pad_x=_PAD_X, pad_y=_PAD_Y, box=_BOX,
                leading=_LEADING)
    return [ColumnFlow(grid, COLUMN_GAP)]


def star_text(filled: FilledScorecard, marks: _Marks) -> str:
    """The sheet's star as `scoring.ranking.sheet_star` gave it, or why there is none."""
    if filled.knockouts or marks.knockouts:
        return _("knocked out")
    if not marks.complete:
        return _("— (incomplete)")
    return "—" if filled.star is None else _("{n} star(s)").format(n=filled.star)


def star_line(filled: FilledScorecard, marks: _Marks) -> str:
    return _("Star of this sheet: {star}").format(star=star_text(filled, marks))


def _outcome_lines(cs: CriteriaSet, filled: FilledScorecard, marks: _Marks) -> list[Flowable]:
    """Under the table: what knocked the product out, why the star is capped, which requirements failed."""
    out: list[Flowable] = []
    for kid in filled.knockouts:
        out.append(cell(_("Knocked out: {reason} — not scored further.").format(
            reason=knockout_label(cs, kid) or kid), bold=True, size=S_HEADING))
    for leaf_id, label in marks.knockouts:
        crit = cs.criterion(leaf_id)
        out.append(cell(_("Knocked out: {reason} ({criterion}) — not scored further.").format(
            reason=label, criterion=crit.title if crit else leaf_id), bold=True, size=S_HEADING))
    for reason in filled.star_reasons:
        out.append(cell(_("Star lowered: {reason}").format(reason=reason), size=S_HEADING))
    if marks.unmet:
        # one run-on paragraph, by code when long: a sheet scored low on a long official set misses twenty
        # requirements, and a sentence each would push the filled sheet past the blank one's pages
        if len(marks.unmet) > _FEW_UNMET:
            text = _("Star requirements not met (criterion, level: points reached/needed):") + " " + "; ".join(
                marks.unmet_codes)
        else:
            text = _("Star requirements not met:") + " " + "; ".join(marks.unmet)
        out.append(cell(text + ".", size=S_OPTION))
    return out


def _qr_block(digest: str, width: float, beside: Sequence[Flowable] = ()) -> Flowable:
    """The digest's QR code with its caption and `beside` to its right; the digest itself is printed whole
    on a line below."""
    size = 19 * mm
    caption = [TextLine(_("Scorecard digest (SHA-256), to check this sheet against the store:"),
                        FONTS.italic, 7.5)]
    text: Flowable = Columns([caption], [width - size - 6 * mm])
    if beside:
        text = Stack([text, Spacer(1, 1 * mm), *beside])
    return QrWithCaption(QrFlowable(digest, size), text)


def sheet_header(cs: CriteriaSet, product: ProductInfo, council: CouncilInfo, width: float,
                 title: str | None = None) -> list[Flowable]:
    """National header, the sheet's title and product set, and the product's fields."""
    day = council.day
    return [
        national_header(council.authority_lines(), width,
                        date_line(council.place, day.day if day else None,
                                  day.month if day else None, day.year if day else None)),
        Spacer(1, 1.2 * mm),
        cell(title or _("OCOP PRODUCT EVALUATION AND RANKING SHEET"), bold=True, size=12.5, align="center"),
        cell(_("Product set: {name}").format(name=cs.product_set), bold=True, size=10, align="center"),
        cell(_("Group: {group} — {title}").format(group=cs.group, title=cs.title), italic=True,
             size=8.5, align="center"),
        Spacer(1, 1.2 * mm),
        _field_rows(product, width),
        Spacer(1, 1 * mm),
    ]


def sheet_story(cs: CriteriaSet, *, product: ProductInfo | None = None,
                council: CouncilInfo | None = None, filled: FilledScorecard | None = None,
                member_name: str = "") -> list[Flowable]:
    """Flowables of one score sheet; `filled` ticks the member's choices and adds totals."""
    width = frame_width()
    council = council or CouncilInfo()
    product = filled.product if filled else (product or ProductInfo())
    marks = _marks(cs, filled.choices) if filled else None
    story = sheet_header(cs, product, council, width)
    story += _knockout_table(cs, filled.knockouts if filled else (), width)
    story += [Spacer(1, 1.2 * mm), *_score_table(cs, marks, filled, width), Spacer(1, 2 * mm)]
    if filled and marks is not None:
        member = filled.member
        notes = filled.notes or "—"
        outcome = _outcome_lines(cs, filled, marks) + [cell(_("Notes: {text}").format(text=notes),
                                                             size=S_HEADING)]
        left_w = width * 0.56
        signature = signature_block([(_("Council member"), member.name)], width - left_w)
        tail: list[Flowable] = []
        if filled.digest:
            # What the choices imply and the notes beside the QR code, the digest whole on one line under
            # it, all beside the signature: the blank sheet's notes line and signature are no shorter.
            size = min(7.0, (left_w - 4) / text_width(filled.digest, FONTS.regular, 1))
            left = Stack([_qr_block(filled.digest, left_w - 3 * mm, outcome), Spacer(1, 1 * mm),
                          cell(filled.digest, size=size)])
            tail.append(Beside([(left, left_w), (signature, width - left_w)]))
        else:
            tail += outcome + [Spacer(1, 1.5 * mm), Beside([(Spacer(1, 1), left_w), (signature, width - left_w)])]
        story.append(KeepTogether(tail))
    else:
        story.append(KeepTogether([
            cell(_("Notes:") + " " + DOTS * 2, size=S_HEADING),
            Spacer(1, 1.5 * mm),
            signature_block([("", ""), (_("Council member"), member_name)], width),
        ]))
    return story
