"""What the sheet itself requires beyond the total: star markers, knock-out and stop options.

A star marker `(****)` on an option says: to be ranked 4 stars (or more),
a product must reach at least that option's points on that criterion.  A
marker on a whole criterion says its points must reach its lowest positive
option (for a parent: the lowest positive option of any of its
sub-criteria).  How the requirement is judged across the members is the
profile's `star_marker_rule` (`ranking.py`); on one member's sheet it is
simply met or not.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Mapping

from ocop_desk.i18n import _
from ocop_desk.scoring.criteria import CriteriaSet, Criterion, split_choice
from ocop_desk.scoring.totals import _scope, check_choices, scoring_table, sheet_view, view_points


@dataclass(frozen=True)
class StarRequirement:
    """The least `criterion_id` (a leaf or a parent) must give for the product to reach `star`."""

    star: int
    criterion_id: str
    min: Decimal
    label: str


@dataclass(frozen=True)
class RequirementCheck:
    requirement: StarRequirement
    points: Decimal | None
    met: bool | None  # None while unanswered or not applicable


@dataclass(frozen=True)
class SheetEffects:
    """What the chosen options of one sheet do beyond points.

    `knockouts`: (leaf id, label) of every chosen knock-out option that applies;
    `stopped`: leaf ids left unscored after a chosen stop option;
    `knockout_ids`: the same knock-outs as `opt:<option id>`, the ids a product result carries.
    """

    knockouts: tuple[tuple[str, str], ...]
    stopped: tuple[str, ...]
    knockout_ids: tuple[str, ...] = ()


def stars_text(star: int) -> str:
    """The sheet's own marker: 4 -> "(****)"."""
    return "(" + "*" * star + ")"


def _short_title(crit: Criterion) -> str:
    return crit.title.strip().splitlines()[0].strip() if crit.title.strip() else crit.id


def requirement_label(crit: Criterion, star: int) -> str:
    return _("Criterion {id} «{title}» reaches the {stars} level").format(
        id=crit.id, title=_short_title(crit), stars=stars_text(star))


def requirement_reason(cs: CriteriaSet, req: StarRequirement) -> str:
    """The reason printed when `req` caps the star: "Tiêu chí A1b «Gia tăng giá trị» chưa đạt mức (*****)"."""
    crit = cs.criterion(req.criterion_id)
    title = _short_title(crit) if crit is not None else req.criterion_id
    return _("Criterion {id} «{title}» does not reach the {stars} level").format(
        id=req.criterion_id, title=title, stars=stars_text(req.star))


def _lowest_positive(crit: Criterion) -> Decimal | None:
    points = [o.points for leaf in crit.leaves() for o in leaf.options if o.points > 0]
    return min(points) if points else None


def _criterion_requirements(crit: Criterion) -> list[StarRequirement]:
    out: list[StarRequirement] = []
    if crit.star_marker is not None:
        low = _lowest_positive(crit)
        if low is not None:
            out.append(StarRequirement(crit.star_marker, crit.id, low, requirement_label(crit, crit.star_marker)))
    marked: dict[int, Decimal] = {}
    for opt in crit.options:
        if opt.star_marker is not None:
            marked[opt.star_marker] = min(opt.points, marked.get(opt.star_marker, opt.points))
    for star in sorted(marked):
        out.append(StarRequirement(star, crit.id, marked[star], requirement_label(crit, star)))
    for sub in crit.subcriteria:
        out.extend(_criterion_requirements(sub))
    return out


def star_requirements(cs: CriteriaSet) -> tuple[StarRequirement, ...]:
    """Every requirement the set's markers make, in sheet order (criterion marker first, then by star)."""
    out: list[StarRequirement] = []
    for part in cs.parts:
        for section in part.sections:
            for crit in section.all_criteria():
                out.extend(_criterion_requirements(crit))
    return tuple(out)


def sheet_requirements(cs: CriteriaSet, choices: Mapping[str, str]) -> tuple[RequirementCheck, ...]:
    """Each requirement on one member's sheet: its points there and whether they reach it."""
    view = sheet_view(cs, choices)
    out = []
    for req in star_requirements(cs):
        points = view_points(cs, view, req.criterion_id)
        out.append(RequirementCheck(req, points, None if points is None else points >= req.min))
    return tuple(out)


def sheet_effects(cs: CriteriaSet, choices: Mapping[str, str]) -> SheetEffects:
    """The knock-outs chosen on a sheet and the leaves a stop left unscored (only applicable answers act)."""
    check_choices(cs, choices)
    applies, cut = _scope(cs, choices)
    if not scoring_table(cs).knockout_options:
        return SheetEffects((), cut, ())
    knockouts: list[tuple[str, str]] = []
    ids: list[str] = []
    for leaf_id in applies:
        value = choices.get(leaf_id)
        if value is None:
            continue
        crit = cs.criterion(leaf_id)
        assert crit is not None
        for opt_id in split_choice(value) if crit.kind == "checklist" else (value,):
            opt = crit.option(opt_id)
            if opt is not None and opt.effect is not None and opt.effect.kind == "knockout":
                knockouts.append((leaf_id, opt.effect.label))
                ids.append(knockout_id(opt_id))
    return SheetEffects(tuple(knockouts), cut, tuple(ids))


KNOCKOUT_PREFIX = "opt:"


def knockout_id(option_id: str) -> str:
    """The knock-out id a product result carries for a knock-out option: `opt:<option id>`."""
    return KNOCKOUT_PREFIX + option_id


def knockout_label(cs: CriteriaSet, knockout: str) -> str | None:
    """The text of a knock-out id of a product result: a set's knock-out condition or `opt:<option id>`."""
    if knockout.startswith(KNOCKOUT_PREFIX):
        found = cs.find_option(knockout[len(KNOCKOUT_PREFIX):])
        if found is None or found[1].effect is None:
            return None
        return found[1].effect.label
    k = cs.knockout(knockout)
    return None if k is None else k.label
