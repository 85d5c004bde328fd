"""Criteria sets as immutable values.

A criteria set (bộ tiêu chí, one score sheet) is parts -> sections -> criteria
-> options.  The same value is read from `forms/*.json`, from an Excel
workbook and from the store; its identity is the content hash of its
canonical form, so a corrected sheet is always a new set.

Shape validation lives in `scoring/validate.py`; this module assumes a dict
that passed it.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Iterator, Mapping

from ocop_desk.canonical import canonical_json

CRITERIA_FORMAT = "ocop-desk/criteria@1"


@dataclass(frozen=True)
class Option:
    id: str
    label: str
    points: Decimal


@dataclass(frozen=True)
class Criterion:
    id: str
    title: str
    max: Decimal
    options: tuple[Option, ...]

    def option(self, option_id: str) -> Option | None:
        for opt in self.options:
            if opt.id == option_id:
                return opt
        return None


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    max: Decimal
    criteria: tuple[Criterion, ...]


@dataclass(frozen=True)
class Part:
    id: str
    title: str
    max: Decimal
    sections: tuple[Section, ...]

    def criteria(self) -> Iterator[Criterion]:
        for section in self.sections:
            yield from section.criteria


@dataclass(frozen=True)
class Knockout:
    id: str
    label: str


@dataclass(frozen=True)
class StarCondition:
    """A minimum that must be met to reach `star` (e.g. part C >= 20 for 4 stars).

    `ref` names a part, section or criterion id of the same set.
    """

    star: int
    ref: str
    min: Decimal
    label: str


@dataclass(frozen=True)
class Source:
    decision: str
    date: str
    appendix: str
    set_name: str


@dataclass(frozen=True)
class CriteriaSet:
    id: str
    title: str
    regulation: str
    profile: str
    group_id: str
    group: str
    product_set: str
    parts: tuple[Part, ...]
    knockouts: tuple[Knockout, ...] = ()
    star_conditions: tuple[StarCondition, ...] = ()
    product_types: tuple[str, ...] = ()
    source: Source | None = None
    status: str = "reconstructed"
    checked: str | None = None
    uncertain: str | None = None
    _index: Mapping[str, tuple[Part, Section, Criterion]] = field(
        default=None, compare=False, repr=False, hash=False  # type: ignore[assignment]
    )

    def __post_init__(self) -> None:
        index: dict[str, tuple[Part, Section, Criterion]] = {}
        for part in self.parts:
            for section in part.sections:
                for crit in section.criteria:
                    index[crit.id] = (part, section, crit)
        object.__setattr__(self, "_index", index)

    @property
    def max_total(self) -> Decimal:
        return sum((p.max for p in self.parts), Decimal(0))

    def criteria(self) -> Iterator[Criterion]:
        for part in self.parts:
            yield from part.criteria()

    def criterion(self, criterion_id: str) -> Criterion | None:
        found = self._index.get(criterion_id)
        return found[2] if found else None

    def locate(self, criterion_id: str) -> tuple[Part, Section, Criterion] | None:
        return self._index.get(criterion_id)

    def criterion_ids(self) -> tuple[str, ...]:
        return tuple(self._index)

    def points_table(self) -> dict[str, dict[str, Decimal]]:
        """criterion id -> option id -> points; the hot path of bulk scoring."""
        return {
            cid: {o.id: o.points for o in crit.options}
            for cid, (_, _, crit) in self._index.items()
        }

    def knockout(self, knockout_id: str) -> Knockout | None:
        for k in self.knockouts:
            if k.id == knockout_id:
                return k
        return None

    def to_dict(self) -> dict[str, Any]:
        return criteria_set_to_dict(self)

    @property
    def content_hash(self) -> str:
        return content_hash(self.to_dict())


def _num(value: Decimal) -> int | Decimal:
    """Points are written as integers where they are whole, so JSON stays readable."""
    return int(value) if value == value.to_integral_value() else value


def criteria_set_to_dict(cs: CriteriaSet) -> dict[str, Any]:
    data: dict[str, Any] = {
        "format": CRITERIA_FORMAT,
        "id": cs.id,
        "title": cs.title,
        "regulation": cs.regulation,
        "profile": cs.profile,
        "group_id": cs.group_id,
        "group": cs.group,
        "product_set": cs.product_set,
        "product_types": list(cs.product_types),
        "status": cs.status,
        "checked": cs.checked,
        "uncertain": cs.uncertain,
        "source": None
        if cs.source is None
        else {
            "decision": cs.source.decision,
            "date": cs.source.date,
            "appendix": cs.source.appendix,
            "set_name": cs.source.set_name,
        },
        "parts": [
            {
                "id": p.id,
                "title": p.title,
                "max": _num(p.max),
                "sections": [
                    {
                        "id": s.id,
                        "title": s.title,
                        "max": _num(s.max),
                        "criteria": [
                            {
                                "id": c.id,
                                "title": c.title,
                                "max": _num(c.max),
                                "options": [
                                    {"id": o.id, "label": o.label, "points": _num(o.points)}
                                    for o in c.options
                                ],
                            }
                            for c in s.criteria
                        ],
                    }
                    for s in p.sections
                ],
            }
            for p in cs.parts
        ],
        "knockouts": [{"id": k.id, "label": k.label} for k in cs.knockouts],
        "star_conditions": [
            {"star": sc.star, "ref": sc.ref, "min": _num(sc.min), "label": sc.label}
            for sc in cs.star_conditions
        ],
    }
    return data


def _dec(value: Any) -> Decimal:
    """Exact points in one normal form, so 2.50 and 2.5 are the same point value (and hash)."""
    d = value if isinstance(value, Decimal) else Decimal(str(value))
    return d.quantize(Decimal(1)) if d == d.to_integral_value() else d.normalize()


def criteria_set_from_dict(data: Mapping[str, Any]) -> CriteriaSet:
    src = data.get("source")
    return CriteriaSet(
        id=data["id"],
        title=data["title"],
        regulation=data["regulation"],
        profile=data["profile"],
        group_id=data["group_id"],
        group=data["group"],
        product_set=data["product_set"],
        product_types=tuple(data.get("product_types") or ()),
        status=data.get("status") or "reconstructed",
        checked=data.get("checked"),
        uncertain=data.get("uncertain"),
        source=None
        if not src
        else Source(
            decision=src.get("decision", ""),
            date=src.get("date", ""),
            appendix=src.get("appendix", ""),
            set_name=src.get("set_name", ""),
        ),
        parts=tuple(
            Part(
                id=p["id"],
                title=p["title"],
                max=_dec(p["max"]),
                sections=tuple(
                    Section(
                        id=s["id"],
                        title=s["title"],
                        max=_dec(s["max"]),
                        criteria=tuple(
                            Criterion(
                                id=c["id"],
                                title=c["title"],
                                max=_dec(c["max"]),
                                options=tuple(
                                    Option(id=o["id"], label=o["label"], points=_dec(o["points"]))
                                    for o in c["options"]
                                ),
                            )
                            for c in s["criteria"]
                        ),
                    )
                    for s in p["sections"]
                ),
            )
            for p in data["parts"]
        ),
        knockouts=tuple(Knockout(id=k["id"], label=k["label"]) for k in data.get("knockouts") or ()),
        star_conditions=tuple(
            StarCondition(star=int(sc["star"]), ref=sc["ref"], min=_dec(sc["min"]), label=sc.get("label", ""))
            for sc in data.get("star_conditions") or ()
        ),
    )


def content_hash(data: Mapping[str, Any]) -> str:
    return hashlib.sha256(canonical_json(data)).hexdigest()


def load_json_text(text: str) -> Any:
    """Parse JSON keeping every number exact (points are never floats)."""
    return json.loads(text, parse_float=Decimal)
