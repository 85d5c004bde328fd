"""Plain values a paper shows that a service computes, so `printing/` never imports the service.

`self_assessment.compare` fills a `Comparison`; `printing/self_assessment.py`
lays it out.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Mapping


@dataclass(frozen=True)
class CriterionComparison:
    criterion_id: str
    title: str
    max: Decimal
    self_points: Decimal | None  # None: the producer left it blank
    council_mean: Decimal | None  # None: no scorecard counts yet
    difference: Decimal | None  # self - council

    @property
    def differs(self) -> bool:
        return self.difference is not None and self.difference != 0


@dataclass(frozen=True)
class Comparison:
    session_id: str
    product_code: str
    product_name: str
    criteria_set_id: str
    self_total: Decimal
    self_star: int | None
    council_mean: Decimal | None
    council_star: int | None
    counted: int
    rows: tuple[CriterionComparison, ...]
    choices: Mapping[str, str]  # the producer's ticks (criterion -> option)
    recorded: bool = True

    def differing(self) -> tuple[CriterionComparison, ...]:
        return tuple(r for r in self.rows if r.differs)
