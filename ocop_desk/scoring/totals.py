"""One member's scorecard: its total, its part subtotals, whether it is complete.

A scorecard counts only when complete: exactly one option for every
criterion of the set.  Choices naming a criterion or an option the set does
not have are a programming error upstream (the services validate input
first), so they raise ValueError rather than being skipped.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass
from decimal import Decimal
from typing import Mapping

from ocop_desk.scoring.criteria import CriteriaSet

_ZERO = Decimal(0)


@dataclass(frozen=True)
class ScoringTable:
    """A criteria set flattened for bulk scoring.

    `criteria`: criterion id -> (index of its part in `parts`, option id -> points).
    `refs`: every part, section and criterion id -> the criterion ids it covers.
    """

    parts: tuple[str, ...]
    criteria: Mapping[str, tuple[int, Mapping[str, Decimal]]]
    refs: Mapping[str, tuple[str, ...]]
    maxima: Mapping[str, Decimal]

    @property
    def size(self) -> int:
        return len(self.criteria)


_CACHE: "OrderedDict[int, tuple[CriteriaSet, ScoringTable]]" = OrderedDict()
_CACHE_SIZE = 64
# The GUI scores off its own thread while printing may run on another.
_CACHE_LOCK = threading.Lock()


def scoring_table(cs: CriteriaSet) -> ScoringTable:
    """The flattened table of `cs`, built once per set object."""
    key = id(cs)
    with _CACHE_LOCK:
        hit = _CACHE.get(key)
        # The cache holds the set itself, so its id cannot be reused while cached.
        if hit is not None and hit[0] is cs:
            _CACHE.move_to_end(key)
            return hit[1]
    table = _build(cs)
    with _CACHE_LOCK:
        _CACHE[key] = (cs, table)
        if len(_CACHE) > _CACHE_SIZE:
            _CACHE.popitem(last=False)
    return table


def _build(cs: CriteriaSet) -> ScoringTable:
    points = cs.points_table()
    criteria: dict[str, tuple[int, Mapping[str, Decimal]]] = {}
    refs: dict[str, tuple[str, ...]] = {}
    maxima: dict[str, Decimal] = {}
    for index, part in enumerate(cs.parts):
        part_crits: list[str] = []
        for section in part.sections:
            section_crits = tuple(c.id for c in section.criteria)
            for crit in section.criteria:
                criteria[crit.id] = (index, points[crit.id])
                refs[crit.id] = (crit.id,)
                maxima[crit.id] = crit.max
            refs[section.id] = section_crits
            maxima[section.id] = section.max
            part_crits.extend(section_crits)
        refs[part.id] = tuple(part_crits)
        maxima[part.id] = part.max
    return ScoringTable(parts=tuple(p.id for p in cs.parts), criteria=criteria, refs=refs, maxima=maxima)


def check_choices(cs: CriteriaSet, choices: Mapping[str, str]) -> None:
    """ValueError naming the first choice that is not a criterion/option of `cs`."""
    table = scoring_table(cs).criteria
    for crit_id, opt_id in choices.items():
        entry = table.get(crit_id)
        if entry is None:
            raise ValueError(f"criteria set {cs.id} has no criterion {crit_id!r}")
        if opt_id not in entry[1]:
            raise ValueError(f"criterion {crit_id!r} of set {cs.id} has no option {opt_id!r}")


def part_subtotals(cs: CriteriaSet, choices: Mapping[str, str]) -> dict[str, Decimal]:
    """Part id -> points of the chosen options in that part (answered criteria only)."""
    table = scoring_table(cs)
    sums = [_ZERO] * len(table.parts)
    crits = table.criteria
    try:
        for crit_id, opt_id in choices.items():
            index, options = crits[crit_id]
            sums[index] += options[opt_id]
    except KeyError:
        check_choices(cs, choices)
        raise
    return dict(zip(table.parts, sums))


def member_total(cs: CriteriaSet, choices: Mapping[str, str]) -> Decimal:
    """Sum of the chosen options (of the answered criteria, complete or not)."""
    return sum(part_subtotals(cs, choices).values(), _ZERO)


def is_complete(cs: CriteriaSet, choices: Mapping[str, str]) -> bool:
    """True when every criterion of `cs` has a (valid) chosen option."""
    check_choices(cs, choices)
    return len(choices) == scoring_table(cs).size


def ref_subtotal(cs: CriteriaSet, choices: Mapping[str, str], ref: str) -> Decimal:
    """Points of the chosen options under a part, section or criterion id."""
    table = scoring_table(cs)
    crit_ids = table.refs.get(ref)
    if crit_ids is None:
        raise ValueError(f"criteria set {cs.id} has no part, section or criterion {ref!r}")
    total = _ZERO
    for crit_id in crit_ids:
        opt_id = choices.get(crit_id)
        if opt_id is not None:
            options = table.criteria[crit_id][1]
            if opt_id not in options:
                raise ValueError(f"criterion {crit_id!r} of set {cs.id} has no option {opt_id!r}")
            total += options[opt_id]
    return total
