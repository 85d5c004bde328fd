"""Regulation profiles: the numbers a council applies that differ by regulation.

Star bands, rounding of the mean, the minimum number of complete scorecards,
the discrepancy threshold, and what each council level recognises and
forwards upward all come from `forms/profiles/*.json`, never from code.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Mapping

PROFILE_FORMAT = "ocop-desk/profile@1"
LEVELS = ("district", "province", "central")
# How a star marker of the sheet is judged across the counted members (docs/criteria-format.md):
# "mean": the mean of their points on the criterion, rounded like the printed mean, reaches the
# marked points; "majority": more than half of them reach it; "every": all of them do.
STAR_MARKER_RULES = ("mean", "majority", "every")
# How a knock-out option chosen on members' sheets knocks the product out: "majority": on more
# than half of the counted sheets; "any": on one counted sheet.
CRITERION_KNOCKOUT_RULES = ("majority", "any")


@dataclass(frozen=True)
class StarBand:
    star: int
    min: Decimal  # inclusive lower bound of the rounded mean


@dataclass(frozen=True)
class LevelRule:
    """What a council of one level does with its ranked products.

    `recognises`: stars this level certifies itself.
    `forwards_min`: products whose rounded mean is at least this go to the next
    level (None: nothing is forwarded).
    """

    recognises: tuple[int, ...]
    forwards_min: Decimal | None


@dataclass(frozen=True)
class Profile:
    id: str
    title: str
    regulation: str
    parts: Mapping[str, Decimal]
    star_bands: tuple[StarBand, ...]
    places: int = 2
    min_scorecards: int = 3
    discrepancy_threshold: Decimal = Decimal(15)
    levels: Mapping[str, LevelRule] = field(default_factory=dict)
    status: str = "reconstructed"
    notes: str | None = None
    star_marker_rule: str = "mean"
    criterion_knockout_rule: str = "majority"

    def level(self, level: str) -> LevelRule:
        return self.levels.get(level) or LevelRule(recognises=(), forwards_min=None)


DEFAULT_BANDS = (
    StarBand(1, Decimal(0)),
    StarBand(2, Decimal(30)),
    StarBand(3, Decimal(50)),
    StarBand(4, Decimal(70)),
    StarBand(5, Decimal(90)),
)


def _dec(value: Any) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(str(value))


def profile_from_dict(data: Mapping[str, Any]) -> Profile:
    bands = tuple(
        sorted(
            (StarBand(int(b["star"]), _dec(b["min"])) for b in data.get("star_bands") or ()),
            key=lambda b: b.min,
        )
    ) or DEFAULT_BANDS
    rounding = data.get("rounding") or {}
    levels = {
        name: LevelRule(
            recognises=tuple(int(s) for s in rule.get("recognises") or ()),
            forwards_min=None if rule.get("forwards_min") is None else _dec(rule["forwards_min"]),
        )
        for name, rule in (data.get("levels") or {}).items()
    }
    return Profile(
        id=data["id"],
        title=data.get("title", data["id"]),
        regulation=data["regulation"],
        parts={k: _dec(v) for k, v in (data.get("parts") or {}).items()},
        star_bands=bands,
        places=int(rounding.get("places", 2)),
        min_scorecards=int(data.get("min_scorecards", 3)),
        discrepancy_threshold=_dec(data.get("discrepancy_threshold", 15)),
        levels=levels,
        status=data.get("status", "reconstructed"),
        notes=data.get("notes"),
        star_marker_rule=data.get("star_marker_rule") or "mean",
        criterion_knockout_rule=data.get("criterion_knockout_rule") or "majority",
    )


def profile_to_dict(p: Profile) -> dict[str, Any]:
    return {
        "format": PROFILE_FORMAT,
        "id": p.id,
        "title": p.title,
        "regulation": p.regulation,
        "parts": dict(p.parts),
        "star_bands": [{"star": b.star, "min": b.min} for b in p.star_bands],
        "rounding": {"places": p.places, "mode": "half_up"},
        "min_scorecards": p.min_scorecards,
        "discrepancy_threshold": p.discrepancy_threshold,
        "levels": {
            name: {"recognises": list(rule.recognises), "forwards_min": rule.forwards_min}
            for name, rule in p.levels.items()
        },
        "status": p.status,
        "notes": p.notes,
        "star_marker_rule": p.star_marker_rule,
        "criterion_knockout_rule": p.criterion_knockout_rule,
    }
