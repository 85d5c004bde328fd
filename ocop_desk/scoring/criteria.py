"""Criteria sets as immutable values.

A criteria set (bộ tiêu chí, one score sheet) is parts -> sections -> criteria
-> options.  A criterion may be split into sub-criteria, a section may offer
alternative cases (the scorer picks one), a criterion may be a checklist
(tick any).  The same value is read from `forms/*.json`, from an Excel
workbook and from the store; its identity is the content hash of its
canonical form, so a corrected sheet is always a new set.

Two formats are read: `ocop-desk/criteria@1` and `ocop-desk/criteria@2`
(docs/criteria-format.md).  A set is written in @1 whenever it uses nothing
of @2, so every set read from an @1 file keeps its content hash.

A scorecard's choices are `Mapping[str, str]`: a leaf criterion id -> an
option id (a checklist: the ticked ids joined with `+`), and a case
section id -> the chosen case id.

Shape validation lives in `scoring/validate.py`; this module assumes a dict
that passed it.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Iterable, Iterator, Mapping

from ocop_desk.canonical import canonical_json

CRITERIA_FORMAT_1 = "ocop-desk/criteria@1"
CRITERIA_FORMAT_2 = "ocop-desk/criteria@2"
CRITERIA_FORMATS = (CRITERIA_FORMAT_1, CRITERIA_FORMAT_2)
# The format written for sets that need nothing of @2 (kept for callers of the @1 name).
CRITERIA_FORMAT = CRITERIA_FORMAT_1

KINDS = ("single", "checklist")
EFFECTS = ("knockout", "stop")
MARKER_STARS = (3, 4, 5)
CHECKLIST_SEPARATOR = "+"
STATUSES = ("transcribed", "incomplete-source", "reconstructed")


@dataclass(frozen=True)
class Effect:
    """What choosing an option does beyond its points.

    `knockout`: the product is knocked out (bị loại);
    `stop`: the rest of the section (or case) is not scored.
    """

    kind: str
    label: str


@dataclass(frozen=True)
class Option:
    id: str
    label: str
    points: Decimal
    star_marker: int | None = None
    none: bool = False
    effect: Effect | None = None


@dataclass(frozen=True)
class Criterion:
    """A criterion; a parent has `subcriteria` (leaves with options) and no options."""

    id: str
    title: str
    max: Decimal
    options: tuple[Option, ...]
    kind: str = "single"
    description: str | None = None
    note: str | None = None
    star_marker: int | None = None
    subcriteria: tuple["Criterion", ...] = ()

    def option(self, option_id: str) -> Option | None:
        for opt in self.options:
            if opt.id == option_id:
                return opt
        return None

    @property
    def is_parent(self) -> bool:
        return bool(self.subcriteria)

    @property
    def none_option(self) -> Option | None:
        for opt in self.options:
            if opt.none:
                return opt
        return None

    def leaves(self) -> Iterator["Criterion"]:
        if self.subcriteria:
            yield from self.subcriteria
        else:
            yield self


@dataclass(frozen=True)
class Case:
    """One of the alternatives of a "choose one of two cases" section."""

    id: str
    title: str
    criteria: tuple[Criterion, ...]
    description: str | None = None

    def leaves(self) -> Iterator[Criterion]:
        for crit in self.criteria:
            yield from crit.leaves()


@dataclass(frozen=True)
class Section:
    """A section holds `criteria`, or `cases` (then `criteria` is empty)."""

    id: str
    title: str
    max: Decimal
    criteria: tuple[Criterion, ...]
    cases: tuple[Case, ...] = ()
    description: str | None = None
    note: str | None = None

    def case(self, case_id: str) -> Case | None:
        for case in self.cases:
            if case.id == case_id:
                return case
        return None

    def groups(self) -> tuple[tuple[Criterion, ...], ...]:
        """The runs of criteria a "stop" option ends: the section itself, or each case."""
        return tuple(c.criteria for c in self.cases) if self.cases else (self.criteria,)

    def all_criteria(self) -> Iterator[Criterion]:
        """Top-level criteria (parents included) in sheet order, every case's too."""
        for group in self.groups():
            yield from group

    def leaves(self) -> Iterator[Criterion]:
        for crit in self.all_criteria():
            yield from crit.leaves()


@dataclass(frozen=True)
class Part:
    id: str
    title: str
    max: Decimal
    sections: tuple[Section, ...]
    description: str | None = None

    def criteria(self) -> Iterator[Criterion]:
        """Every leaf criterion of the part in sheet order (all cases)."""
        for section in self.sections:
            yield from section.leaves()


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
    transcript: str | None = None


@dataclass(frozen=True)
class Gap:
    """A place where the source sheet does not add up (status `incomplete-source`)."""

    ref: str
    declared: Decimal
    computed: Decimal


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
    notes: str | None = None
    gaps: tuple[Gap, ...] = ()
    _index: Mapping[str, tuple[Part, Section, Criterion]] = field(init=False, compare=False, repr=False, hash=False)
    _leaves: tuple[str, ...] = field(init=False, compare=False, repr=False, hash=False)
    _cases: Mapping[str, tuple[Section, Case]] = field(init=False, compare=False, repr=False, hash=False)
    _parent: Mapping[str, Criterion] = field(init=False, compare=False, repr=False, hash=False)

    def __post_init__(self) -> None:
        index: dict[str, tuple[Part, Section, Criterion]] = {}
        leaves: list[str] = []
        cases: dict[str, tuple[Section, Case]] = {}
        parent: dict[str, Criterion] = {}
        for part in self.parts:
            for section in part.sections:
                for case in section.cases:
                    for leaf in case.leaves():
                        cases[leaf.id] = (section, case)
                for crit in section.all_criteria():
                    index[crit.id] = (part, section, crit)
                    for leaf in crit.leaves():
                        leaves.append(leaf.id)
                        if leaf is not crit:
                            index[leaf.id] = (part, section, leaf)
                            parent[leaf.id] = crit
        object.__setattr__(self, "_index", index)
        object.__setattr__(self, "_leaves", tuple(leaves))
        object.__setattr__(self, "_cases", cases)
        object.__setattr__(self, "_parent", parent)

    @property
    def max_total(self) -> Decimal:
        return sum((p.max for p in self.parts), Decimal(0))

    @property
    def offered(self) -> bool:
        """Whether new sessions may use this set: only a faithful transcription is offered."""
        return self.status == "transcribed"

    def criteria(self) -> Iterator[Criterion]:
        """Every leaf criterion (one that takes a choice) in sheet order, every case's included."""
        for part in self.parts:
            yield from part.criteria()

    def criterion(self, criterion_id: str) -> Criterion | None:
        """A leaf or a parent criterion by id."""
        found = self._index.get(criterion_id)
        return found[2] if found else None

    def parent_of(self, leaf_id: str) -> Criterion | None:
        return self._parent.get(leaf_id)

    def criterion_ids(self) -> tuple[str, ...]:
        """The leaf criterion ids in sheet order (the keys a choice may carry, with case sections)."""
        return self._leaves

    def case_sections(self) -> tuple[Section, ...]:
        return tuple(s for p in self.parts for s in p.sections if s.cases)

    def case_of(self, leaf_id: str) -> tuple[Section, Case] | None:
        return self._cases.get(leaf_id)

    def section(self, section_id: str) -> Section | None:
        for part in self.parts:
            for section in part.sections:
                if section.id == section_id:
                    return section
        return None

    def points_table(self) -> dict[str, dict[str, Decimal]]:
        """leaf criterion id -> option id -> points; the hot path of bulk scoring."""
        table: dict[str, dict[str, Decimal]] = {}
        for leaf_id in self._leaves:
            crit = self._index[leaf_id][2]
            table[leaf_id] = {o.id: o.points for o in crit.options}
        return table

    def find_option(self, option_id: str) -> tuple[Criterion, Option] | None:
        """The leaf holding option `option_id` and the option (option ids are unique in a set)."""
        for leaf_id in self._leaves:
            crit = self._index[leaf_id][2]
            opt = crit.option(option_id)
            if opt is not None:
                return crit, opt
        return None

    def knockout(self, knockout_id: str) -> Knockout | None:
        for k in self.knockouts:
            if k.id == knockout_id:
                return k
        return None

    def uses_format_2(self) -> bool:
        return _uses_format_2(self)

    def to_dict(self) -> dict[str, Any]:
        return criteria_set_to_dict(self)

    @property
    def content_hash(self) -> str:
        return content_hash(self.to_dict())


def split_choice(value: str) -> tuple[str, ...]:
    """The option ids of one choice value (a checklist joins several with `+`)."""
    return tuple(value.split(CHECKLIST_SEPARATOR))


def join_checklist(crit: Criterion, option_ids: Iterable[str]) -> str:
    """The choice value of ticking `option_ids` on `crit`, in sheet order; nothing ticked -> its none option.

    ValueError for an id the criterion does not have, for a none option
    ticked together with others, or for nothing ticked on a criterion
    without a none option.
    """
    ticked = set(option_ids)
    known = {o.id for o in crit.options}
    unknown = sorted(ticked - known)
    if unknown:
        raise ValueError(f"criterion {crit.id!r} has no option {unknown[0]!r}")
    none = crit.none_option
    if none is not None and none.id in ticked:
        if len(ticked) > 1:
            raise ValueError(f"criterion {crit.id!r}: {none.id!r} (none) cannot be ticked with other options")
        return none.id
    if not ticked:
        if none is None:
            raise ValueError(f"criterion {crit.id!r} has no none option for nothing ticked")
        return none.id
    return CHECKLIST_SEPARATOR.join(o.id for o in crit.options if o.id in ticked)


def option_key(crit: Criterion, option: Option) -> int:
    """The key of an option on screen and in Excel: the none option 0, the others 1..n in sheet order."""
    if option.none:
        return 0
    n = 0
    for opt in crit.options:
        if opt.none:
            continue
        n += 1
        if opt.id == option.id:
            return n
    raise ValueError(f"criterion {crit.id!r} has no option {option.id!r}")


def option_for_key(crit: Criterion, key: int) -> Option | None:
    """The option whose key (`option_key`) is `key`, or None."""
    if key == 0:
        return crit.none_option
    n = 0
    for opt in crit.options:
        if opt.none:
            continue
        n += 1
        if n == key:
            return opt
    return None


def _num(value: Decimal) -> int | Decimal:
    """Points are written as integers where they are whole, so JSON stays readable."""
    return int(value) if value == value.to_integral_value() else value


def _crit_uses_2(c: Criterion) -> bool:
    return bool(c.kind != "single" or c.description is not None or c.note is not None
                or c.star_marker is not None or c.subcriteria
                or any(o.star_marker is not None or o.none or o.effect is not None for o in c.options)
                or any(_crit_uses_2(s) for s in c.subcriteria))


def _uses_format_2(cs: CriteriaSet) -> bool:
    if cs.status not in ("transcribed", "reconstructed") or cs.notes is not None or cs.gaps:
        return True
    if cs.source is not None and cs.source.transcript is not None:
        return True
    for part in cs.parts:
        if part.description is not None:
            return True
        for s in part.sections:
            if s.cases or s.description is not None or s.note is not None:
                return True
            if any(_crit_uses_2(c) for c in s.criteria):
                return True
    return False


def _put(data: dict[str, Any], key: str, value: Any) -> None:
    """@2 keeps files readable: a key is written only when it says something."""
    if value is not None and value != () and value is not False:
        data[key] = value


def _option_dict(o: Option, v2: bool) -> dict[str, Any]:
    data: dict[str, Any] = {"id": o.id, "label": o.label, "points": _num(o.points)}
    if v2:
        _put(data, "star_marker", o.star_marker)
        _put(data, "none", o.none)
        if o.effect is not None:
            data["effect"] = {"kind": o.effect.kind, "label": o.effect.label}
    return data


def _criterion_dict(c: Criterion, v2: bool) -> dict[str, Any]:
    data: dict[str, Any] = {"id": c.id, "title": c.title, "max": _num(c.max)}
    if v2:
        if c.kind != "single":
            data["kind"] = c.kind
        _put(data, "description", c.description)
        _put(data, "note", c.note)
        _put(data, "star_marker", c.star_marker)
    if c.subcriteria:
        data["subcriteria"] = [_criterion_dict(s, v2) for s in c.subcriteria]
    else:
        data["options"] = [_option_dict(o, v2) for o in c.options]
    return data


def _section_dict(s: Section, v2: bool) -> dict[str, Any]:
    data: dict[str, Any] = {"id": s.id, "title": s.title, "max": _num(s.max)}
    if v2:
        _put(data, "description", s.description)
        _put(data, "note", s.note)
    if s.cases:
        data["cases"] = [
            {"id": k.id, "title": k.title, **({"description": k.description} if k.description is not None else {}),
             "criteria": [_criterion_dict(c, v2) for c in k.criteria]}
            for k in s.cases
        ]
    else:
        data["criteria"] = [_criterion_dict(c, v2) for c in s.criteria]
    return data


def criteria_set_to_dict(cs: CriteriaSet) -> dict[str, Any]:
    """The canonical dict of `cs`: exactly the @1 dict when `cs` uses nothing of @2."""
    v2 = _uses_format_2(cs)
    source: dict[str, Any] | None = None
    if cs.source is not None:
        source = {
            "decision": cs.source.decision,
            "date": cs.source.date,
            "appendix": cs.source.appendix,
            "set_name": cs.source.set_name,
        }
        if cs.source.transcript is not None:
            source["transcript"] = cs.source.transcript
    data: dict[str, Any] = {
        "format": CRITERIA_FORMAT_2 if v2 else CRITERIA_FORMAT_1,
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
        "source": source,
        "parts": [
            {
                "id": p.id,
                "title": p.title,
                "max": _num(p.max),
                **({"description": p.description} if v2 and p.description is not None else {}),
                "sections": [_section_dict(s, v2) for s in p.sections],
            }
            for p in cs.parts
        ],
        "knockouts": [{"id": k.id, "label": k.label} for k in cs.knockouts],
        "star_conditions": [
            {"star": sc.star, "ref": sc.ref, "min": _num(sc.min), "label": sc.label}
            for sc in cs.star_conditions
        ],
    }
    if v2:
        _put(data, "notes", cs.notes)
        if cs.gaps:
            data["gaps"] = [{"ref": g.ref, "declared": _num(g.declared), "computed": _num(g.computed)}
                            for g in cs.gaps]
    return data


def _dec(value: Any) -> Decimal:
    """Exact points in one normal form, so 2.50 and 2.5 are the same point value (and hash)."""
    d = value if isinstance(value, Decimal) else Decimal(str(value))
    return d.quantize(Decimal(1)) if d == d.to_integral_value() else d.normalize()


def _marker(value: Any) -> int | None:
    return None if value is None else int(value)


def _option_from(o: Mapping[str, Any]) -> Option:
    eff = o.get("effect")
    return Option(
        id=o["id"], label=o["label"], points=_dec(o["points"]),
        star_marker=_marker(o.get("star_marker")), none=bool(o.get("none", False)),
        effect=None if not eff else Effect(kind=eff["kind"], label=eff.get("label") or ""),
    )


def _criterion_from(c: Mapping[str, Any]) -> Criterion:
    return Criterion(
        id=c["id"], title=c["title"], max=_dec(c["max"]),
        options=tuple(_option_from(o) for o in c.get("options") or ()),
        kind=c.get("kind") or "single",
        description=c.get("description"), note=c.get("note"),
        star_marker=_marker(c.get("star_marker")),
        subcriteria=tuple(_criterion_from(s) for s in c.get("subcriteria") or ()),
    )


def _section_from(s: Mapping[str, Any]) -> Section:
    return Section(
        id=s["id"], title=s["title"], max=_dec(s["max"]),
        criteria=tuple(_criterion_from(c) for c in s.get("criteria") or ()),
        cases=tuple(
            Case(id=k["id"], title=k["title"], description=k.get("description"),
                 criteria=tuple(_criterion_from(c) for c in k.get("criteria") or ()))
            for k in s.get("cases") or ()
        ),
        description=s.get("description"), note=s.get("note"),
    )


def criteria_set_from_dict(data: Mapping[str, Any]) -> CriteriaSet:
    """The set of a criteria@1 or criteria@2 dict (validated first: `validate.validate_criteria`)."""
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
        notes=data.get("notes"),
        gaps=tuple(Gap(ref=g["ref"], declared=_dec(g["declared"]), computed=_dec(g["computed"]))
                   for g in data.get("gaps") or ()),
        source=None
        if not src
        else Source(
            decision=src.get("decision", ""),
            date=src.get("date", ""),
            appendix=src.get("appendix", ""),
            set_name=src.get("set_name", ""),
            transcript=src.get("transcript"),
        ),
        parts=tuple(
            Part(
                id=p["id"],
                title=p["title"],
                max=_dec(p["max"]),
                description=p.get("description"),
                sections=tuple(_section_from(s) for s in p["sections"]),
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
