"""What the scoring screen shows for one sheet, asked of `ocop_desk.scoring` (no arithmetic here)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Mapping

from ocop_desk.scoring.criteria import CriteriaSet
from ocop_desk.scoring.profiles import Profile
from ocop_desk.scoring.ranking import rank_product, sheet_star
from ocop_desk.scoring.requirements import RequirementCheck, sheet_effects, sheet_requirements
from ocop_desk.scoring.totals import applicable, is_complete, member_total, part_subtotals, progress


@dataclass(frozen=True)
class SheetTotals:
    parts: Mapping[str, Decimal]
    total: Decimal
    star: int | None  # the star this sheet would give on its own, caps included; None while incomplete
    unanswered: int
    cap_reasons: tuple[str, ...] = ()
    knockouts: tuple[str, ...] = ()  # the product's knock-outs: then no star at all
    complete: bool = False
    applies: frozenset[str] = frozenset()  # rows whose answer counts (leaves and case sections)
    stopped: tuple[str, ...] = ()  # leaves a chosen "stop" option leaves unscored
    sheet_knockouts: tuple[tuple[str, str], ...] = ()  # (leaf id, label) of chosen knock-out options
    requirements: tuple[RequirementCheck, ...] = ()
    missing: tuple[str, ...] = ()  # rows still to answer, sheet order


@dataclass(frozen=True)
class SheetProgress:
    """How far one sheet is: rows answered of the rows it needs (a case section counts as one)."""

    done: int
    needed: int

    @property
    def complete(self) -> bool:
        return self.needed > 0 and self.done >= self.needed


def _needed(cs: CriteriaSet, choices: Mapping[str, str]) -> tuple[str, ...]:
    """The rows a complete sheet answers (every case section, the leaves that apply): where to go next."""
    return tuple(s.id for s in cs.case_sections()) + applicable(cs, choices)


def sheet_progress(cs: CriteriaSet, choices: Mapping[str, str]) -> SheetProgress:
    done, needed = progress(cs, choices)
    return SheetProgress(done, needed)


def sheet_totals(cs: CriteriaSet, profile: Profile, choices: Mapping[str, str],
                 knockouts: tuple[str, ...] = ()) -> SheetTotals:
    parts = part_subtotals(cs, choices)
    total = member_total(cs, choices)
    needed = _needed(cs, choices)
    missing = tuple(key for key in needed if key not in choices)
    star, reasons = sheet_star(cs, profile, choices)
    found = rank_product(cs, profile, (), knockouts).knockouts if knockouts else ()
    if found:
        star, reasons = None, ()
    effects = sheet_effects(cs, choices)
    return SheetTotals(parts=parts, total=total, star=star, unanswered=len(missing), cap_reasons=reasons,
                       knockouts=found, complete=is_complete(cs, choices), applies=frozenset(needed),
                       stopped=effects.stopped, sheet_knockouts=effects.knockouts,
                       requirements=sheet_requirements(cs, choices), missing=missing)

