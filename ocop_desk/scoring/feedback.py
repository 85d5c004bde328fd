"""What a producer is told after the session: where the points were lost.

Values (all frozen; points are Decimal, means rounded half-up to the
profile's places like every printed mean):

- `CriterionFeedback`: one criterion — `mean` points over the counted
  members against its `max`, `lost` = max - mean, the option most members
  chose (`common`, ties go to the lower-scoring option, the cautious
  reading), and `next_better`: the next option up from that one, i.e. what
  the producer should aim for next year (None when the common choice is
  already the best option).
- `PartFeedback`: one part — mean subtotal over the counted members against
  the part maximum.
- `ProductFeedback`: `parts` in sheet order, `criteria` sorted by points
  lost, most first (ties keep sheet order), and `counted`, the number of
  scorecards the figures come from.

Only the scorecards that count for the mean are used (complete, member
neither absent nor in conflict), so the feedback never disagrees with the
result.  With no such scorecard there is nothing to say: `parts` and
`criteria` are empty.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from typing import Mapping, Sequence

from ocop_desk.scoring.criteria import CriteriaSet, Option
from ocop_desk.scoring.profiles import Profile
from ocop_desk.scoring.ranking import MemberSheet
from ocop_desk.scoring.stars import mean_of
from ocop_desk.scoring.totals import check_choices, part_subtotals, scoring_table


@dataclass(frozen=True)
class CriterionFeedback:
    part_id: str
    section_id: str
    criterion_id: str
    title: str
    mean: Decimal
    max: Decimal
    lost: Decimal
    common: Option
    next_better: Option | None


@dataclass(frozen=True)
class PartFeedback:
    part_id: str
    title: str
    mean: Decimal
    max: Decimal

    @property
    def lost(self) -> Decimal:
        return self.max - self.mean


@dataclass(frozen=True)
class ProductFeedback:
    counted: int
    parts: tuple[PartFeedback, ...]
    criteria: tuple[CriterionFeedback, ...]

    def losing(self) -> tuple[CriterionFeedback, ...]:
        """The criteria where points were lost, most first."""
        return tuple(c for c in self.criteria if c.lost > 0)


def counted_choices(cs: CriteriaSet, sheets: Sequence[MemberSheet]) -> list[Mapping[str, str]]:
    """The choices of the scorecards that count for the mean (the rule of `ranking.rank_product`)."""
    size = scoring_table(cs).size
    out = []
    for sheet in sheets:
        check_choices(cs, sheet.choices)
        if sheet.excluded is None and len(sheet.choices) == size:
            out.append(sheet.choices)
    return out


def _common(options: Sequence[Option], chosen: Counter[str]) -> Option:
    return max(options, key=lambda o: (chosen[o.id], -o.points))


def _next_better(options: Sequence[Option], than: Option) -> Option | None:
    above = [o for o in options if o.points > than.points]
    return min(above, key=lambda o: o.points) if above else None


def product_feedback(cs: CriteriaSet, profile: Profile, sheets: Sequence[MemberSheet]) -> ProductFeedback:
    counted = counted_choices(cs, sheets)
    if not counted:
        return ProductFeedback(counted=0, parts=(), criteria=())
    places = profile.places
    subtotals = [part_subtotals(cs, choices) for choices in counted]
    parts = tuple(
        PartFeedback(part.id, part.title, mean_of((s[part.id] for s in subtotals), places), part.max)
        for part in cs.parts
    )
    criteria = []
    for part in cs.parts:
        for section in part.sections:
            for crit in section.criteria:
                points = {o.id: o.points for o in crit.options}
                chosen = Counter(choices[crit.id] for choices in counted)
                mean = mean_of((points[choices[crit.id]] for choices in counted), places)
                common = _common(crit.options, chosen)
                criteria.append(CriterionFeedback(
                    part_id=part.id, section_id=section.id, criterion_id=crit.id, title=crit.title,
                    mean=mean, max=crit.max, lost=crit.max - mean, common=common,
                    next_better=_next_better(crit.options, common),
                ))
    criteria.sort(key=lambda c: -c.lost)  # stable: ties keep sheet order
    return ProductFeedback(counted=len(counted), parts=parts, criteria=tuple(criteria))
