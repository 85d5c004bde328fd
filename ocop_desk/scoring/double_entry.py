"""Comparing two keyings of one paper sheet (double entry by the secretary).

A sheet keyed twice is accepted only when both keyings agree on every
criterion; a criterion answered in one keying and not the other counts as a
mismatch, so nothing left blank slips through.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Mapping


@dataclass(frozen=True)
class Mismatch:
    criterion_id: str
    first: str | None
    second: str | None


def compare_keyings(criterion_ids: Iterable[str], first: Mapping[str, str],
                    second: Mapping[str, str]) -> tuple[Mismatch, ...]:
    """Every criterion whose two keyings differ (a missing answer counts as a difference), in sheet order."""
    return tuple(
        Mismatch(cid, first.get(cid), second.get(cid))
        for cid in criterion_ids
        if first.get(cid) != second.get(cid)
    )
