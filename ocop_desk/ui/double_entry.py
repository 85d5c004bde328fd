"""Comparing two keyings of one paper sheet.

TODO(lead): this is a scoring rule, not presentation — move it to
`ocop_desk/scoring/double_entry.py` (pure, no Qt) and import it from there;
it lives here only until the scoring package has it.
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
