"""What the scoring screen shows for one sheet, asked of `ocop_desk.scoring` (no arithmetic here)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Mapping

from ocop_desk.scoring.criteria import CriteriaSet
from ocop_desk.scoring.profiles import Profile
from ocop_desk.scoring.ranking import rank_product, sheet_star
from ocop_desk.scoring.totals import member_total, part_subtotals


@dataclass(frozen=True)
class SheetTotals:
    parts: Mapping[str, Decimal]
    total: Decimal
    star: int | None  # the star this sheet would give on its own, caps included; None while incomplete
    unanswered: int
    cap_reasons: tuple[str, ...] = ()
    knockouts: tuple[str, ...] = ()  # the product's knock-outs: then no star at all


def sheet_totals(cs: CriteriaSet, profile: Profile, choices: Mapping[str, str],
                 knockouts: tuple[str, ...] = ()) -> SheetTotals:
    parts = part_subtotals(cs, choices)
    total = member_total(cs, choices)
    unanswered = len(cs.criterion_ids()) - len(choices)
    star, reasons = sheet_star(cs, profile, choices)
    found = rank_product(cs, profile, (), knockouts).knockouts if knockouts else ()
    if found:
        star, reasons = None, ()
    return SheetTotals(parts=parts, total=total, star=star, unanswered=unanswered, cap_reasons=reasons,
                       knockouts=found)
