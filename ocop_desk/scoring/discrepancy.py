"""Large gaps between members, flagged for discussion before a result closes.

A member is flagged when their total is more than the profile's threshold
from the median of the *other* members' totals.  The median of the others
(not of everyone) keeps one outlier from pulling the reference towards
itself; with fewer than two others there is no meaningful reference, so
nobody is flagged.  Flags never change a score: no total is dropped.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Sequence

MIN_OTHERS = 2


@dataclass(frozen=True)
class Gap:
    index: int               # position of the member in the totals given
    total: Decimal
    median_of_others: Decimal
    gap: Decimal             # |total - median_of_others|, exact


def median(values: Sequence[Decimal]) -> Decimal:
    if not values:
        raise ValueError("median of no values")
    ordered = sorted(values)
    mid = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[mid]
    return (ordered[mid - 1] + ordered[mid]) / 2


def discrepancies(totals: Sequence[Decimal], threshold: Decimal) -> list[Gap]:
    """The members whose total is more than `threshold` from the median of the others."""
    if len(totals) < MIN_OTHERS + 1:
        return []
    out = []
    for i, total in enumerate(totals):
        others = [t for j, t in enumerate(totals) if j != i]
        ref = median(others)
        gap = abs(total - ref)
        if gap > threshold:
            out.append(Gap(index=i, total=total, median_of_others=ref, gap=gap))
    return out
