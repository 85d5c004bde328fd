"""Checking a criteria set or a regulation profile before anything uses it.

Every problem in the input is collected, not just the first, each with the
place it was found: criteria are named by their ids where those are usable
(`A/A1/A1a/options[1].points`), by position where not (`parts[2].title`,
`A/sections[0]`).  A set that passes can be turned into values without any
further check; `validate_criteria` returns those values.

The format is described in docs/criteria-format.md.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Mapping, NoReturn

from ocop_desk.errors import CriteriaError, Problem
from ocop_desk.i18n import N_, _
from ocop_desk.scoring.criteria import (
    CHECKLIST_SEPARATOR,
    CRITERIA_FORMAT_1,
    CRITERIA_FORMAT_2,
    CRITERIA_FORMATS,
    EFFECTS,
    KINDS,
    MARKER_STARS,
    CriteriaSet,
    criteria_set_from_dict,
)
from ocop_desk.scoring.criteria import STATUSES as CRITERIA_STATUSES
from ocop_desk.scoring.numbers import as_decimal, as_int
from ocop_desk.scoring.profiles import (
    CRITERION_KNOCKOUT_RULES,
    LEVELS,
    PROFILE_FORMAT,
    STAR_MARKER_RULES,
    Profile,
    profile_from_dict,
)

PROFILE_STATUSES = ("transcribed", "reconstructed")
# Kept under its old name: the statuses a profile may have.
STATUSES = PROFILE_STATUSES
SET_STATUSES = CRITERIA_STATUSES
GRAND_TOTAL = Decimal(100)
STARS = (1, 2, 3, 4, 5)
MAX_PLACES = 4

_SET_FIELDS = frozenset({
    "format", "id", "title", "regulation", "profile", "group_id", "group", "product_set",
    "product_types", "status", "checked", "uncertain", "source", "parts", "knockouts",
    "star_conditions",
})
_PART_FIELDS = frozenset({"id", "title", "max", "sections"})
_SECTION_FIELDS = frozenset({"id", "title", "max", "criteria"})
_CRITERION_FIELDS = frozenset({"id", "title", "max", "options"})
_OPTION_FIELDS = frozenset({"id", "label", "points"})
_KNOCKOUT_FIELDS = frozenset({"id", "label"})
_CONDITION_FIELDS = frozenset({"star", "ref", "min", "label"})
_SOURCE_FIELDS = frozenset({"decision", "date", "appendix", "set_name"})
# What criteria@2 adds, per node.
_SET_FIELDS_2 = frozenset({"notes", "gaps"})
_PART_FIELDS_2 = frozenset({"description"})
_SECTION_FIELDS_2 = frozenset({"description", "note", "cases"})
_CRITERION_FIELDS_2 = frozenset({"kind", "description", "note", "star_marker", "subcriteria"})
_OPTION_FIELDS_2 = frozenset({"star_marker", "none", "effect"})
_SOURCE_FIELDS_2 = frozenset({"transcript"})
_CASE_FIELDS = frozenset({"id", "title", "description", "criteria"})
_EFFECT_FIELDS = frozenset({"kind", "label"})
_GAP_FIELDS = frozenset({"ref", "declared", "computed"})
_PROFILE_FIELDS = frozenset({
    "format", "id", "title", "regulation", "parts", "star_bands", "rounding", "min_scorecards",
    "discrepancy_threshold", "levels", "status", "notes", "star_marker_rule", "criterion_knockout_rule",
})
_BAND_FIELDS = frozenset({"star", "min"})
_ROUNDING_FIELDS = frozenset({"places", "mode"})
_LEVEL_FIELDS = frozenset({"recognises", "forwards_min"})


def _join(base: str, key: str) -> str:
    if not base:
        return key
    return f"{base}{key}" if key.startswith("[") else f"{base}.{key}"


def _fmt(value: Decimal) -> str:
    return format(value.normalize(), "f") if value == value.to_integral_value() else format(value, "f")


class _Collector:
    """Accumulates problems and reads typed fields, each read naming its place."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, place: str, message: str) -> None:
        self.problems.append(Problem(place, message))

    def mapping(self, value: Any, place: str) -> Mapping[str, Any] | None:
        if isinstance(value, Mapping):
            return value
        self.add(place, _("must be an object"))
        return None

    def unknown_fields(self, obj: Mapping[str, Any], allowed: frozenset[str], place: str) -> None:
        for key in obj:
            if key not in allowed:
                self.add(_join(place, str(key)), _("unknown field (a misspelling?)"))

    def text(self, obj: Mapping[str, Any], key: str, place: str, *, required: bool = True) -> str | None:
        where = _join(place, key)
        if key not in obj or obj[key] is None:
            if required:
                self.add(where, _("is missing"))
            return None
        value = obj[key]
        if not isinstance(value, str):
            self.add(where, _("must be text"))
            return None
        if required and not value.strip():
            self.add(where, _("must not be empty"))
            return None
        return value

    def items(self, obj: Mapping[str, Any], key: str, place: str, *, required: bool = True) -> list[Any]:
        where = _join(place, key)
        if key not in obj or obj[key] is None:
            if required:
                self.add(where, _("is missing"))
            return []
        value = obj[key]
        if not isinstance(value, (list, tuple)):
            self.add(where, _("must be a list"))
            return []
        if required and not value:
            self.add(where, _("must not be empty"))
        return list(value)

    def number(self, obj: Mapping[str, Any], key: str, place: str, *, required: bool = True,
               positive: bool = False) -> Decimal | None:
        where = _join(place, key)
        if key not in obj or obj[key] is None:
            if required:
                self.add(where, _("is missing"))
            return None
        value = as_decimal(obj[key])
        if value is None:
            self.add(where, _("must be a number, not {value!r}").format(value=obj[key]))
            return None
        if value < 0:
            self.add(where, _("must not be negative ({value})").format(value=_fmt(value)))
            return None
        if positive and value == 0:
            self.add(where, _("must be greater than 0"))
            return None
        return value

    def whole(self, obj: Mapping[str, Any], key: str, place: str, low: int, high: int | None,
              *, required: bool = True) -> int | None:
        where = _join(place, key)
        if key not in obj or obj[key] is None:
            if required:
                self.add(where, _("is missing"))
            return None
        value = as_int(obj[key])
        if value is None:
            self.add(where, _("must be a whole number, not {value!r}").format(value=obj[key]))
            return None
        if value < low or (high is not None and value > high):
            if high is None:
                self.add(where, _("must be at least {low} (found {value})").format(low=low, value=value))
            else:
                self.add(where, _("must be between {low} and {high} (found {value})").format(
                    low=low, high=high, value=value))
            return None
        return value

    def fail(self, message: str, file: str) -> None:
        if self.problems:
            self.abort(message, file)

    def abort(self, message: str, file: str) -> NoReturn:
        raise CriteriaError(message, file=file, problems=self.problems)


class _Ids:
    """Every id of one set, in one namespace: a star condition or a choice names any of them."""

    def __init__(self) -> None:
        self.seen: dict[str, str] = {}
        self.duplicates: set[str] = set()

    def label(self, raw: Any, fallback: str) -> str:
        """The name of a node in places: its id when usable, else its position."""
        if isinstance(raw, str) and raw.strip() and raw not in self.duplicates:
            return raw
        return fallback


def _count_ids(data: Mapping[str, Any]) -> tuple[Counter[str], list[str]]:
    """How often each id occurs (every node that takes an id), and the ids that contain `+`."""
    ids: Counter[str] = Counter()

    def take(node: Any) -> None:
        if isinstance(node, Mapping) and isinstance(node.get("id"), str) and node["id"].strip():
            ids[node["id"]] += 1

    def listed(node: Any, key: str) -> list[Any]:
        value = node.get(key) if isinstance(node, Mapping) else None
        return list(value) if isinstance(value, (list, tuple)) else []

    def walk(node: Any) -> None:
        take(node)
        for key in ("sections", "cases", "criteria", "subcriteria", "options"):
            for child in listed(node, key):
                walk(child)

    for part in listed(data, "parts"):
        walk(part)
    for ko in listed(data, "knockouts"):
        take(ko)
    return ids, sorted(i for i in ids if CHECKLIST_SEPARATOR in i)


# What does not add up at a node, named by what its children are (the gap wording).
_GIVERS = {
    "options": N_("the best option gives"),
    "checklist": N_("its options add up to"),
    "subcriteria": N_("sub-criteria give"),
    "criteria": N_("criteria give"),
    "case": N_("the case's criteria give"),
    "sections": N_("sections give"),
    "parts": N_("parts give"),
}


def gap_message(kind: str, declared: Decimal, computed: Decimal) -> str:
    """"short by 1 (criteria give 15, declared 16)": the wording of a sum that does not add up."""
    what = _(_GIVERS[kind])
    if computed < declared:
        return _("short by {n} ({what} {computed}, declared {declared})").format(
            n=_fmt(declared - computed), what=what, computed=_fmt(computed), declared=_fmt(declared))
    return _("over by {n} ({what} {computed}, declared {declared})").format(
        n=_fmt(computed - declared), what=what, computed=_fmt(computed), declared=_fmt(declared))


@dataclass(frozen=True)
class _Failure:
    """A sum that does not add up: a gap of the source, or an error."""

    ref: str | None
    place: str
    kind: str
    declared: Decimal
    computed: Decimal
    legacy: Problem  # the @1 wording, used when the set does not declare its gaps


class _SetChecker:
    """The walk over one criteria-set dict: fields, ids, maxima, and the sums that fail."""

    def __init__(self, col: _Collector, ids: _Ids, v2: bool) -> None:
        self.col = col
        self.ids = ids
        self.v2 = v2
        self.ref_max: dict[str, Decimal | None] = {}
        self.failures: list[_Failure] = []

    def fields(self, obj: Mapping[str, Any], allowed: frozenset[str], extra: frozenset[str], place: str) -> None:
        """Unknown fields are errors; @2 fields in an @1 file say which format they need."""
        for key in obj:
            if key in allowed:
                continue
            if key in extra:
                if not self.v2:
                    self.col.add(_join(place, str(key)), _("is a criteria@2 field; the file must say "
                                                           "\"format\": \"{format}\"").format(format=CRITERIA_FORMAT_2))
                continue
            self.col.add(_join(place, str(key)), _("unknown field (a misspelling?)"))

    def fail(self, ref: str | None, place: str, kind: str, declared: Decimal, computed: Decimal,
             legacy: Problem) -> None:
        self.failures.append(_Failure(ref, place, kind, declared, computed, legacy))

    def label(self, raw: Any, fallback: str) -> str:
        return self.ids.label(raw.get("id") if isinstance(raw, Mapping) else None, fallback)

    def optional_texts(self, obj: Mapping[str, Any], place: str, keys: tuple[str, ...]) -> None:
        for key in keys:
            self.col.text(obj, key, place, required=False)

    def part(self, raw_part: Any, place: str) -> tuple[str | None, Decimal | None]:
        col = self.col
        part = col.mapping(raw_part, place)
        if part is None:
            return None, None
        self.fields(part, _PART_FIELDS, _PART_FIELDS_2, place)
        part_id = col.text(part, "id", place)
        col.text(part, "title", place)
        self.optional_texts(part, place, ("description",))
        part_max = col.number(part, "max", place)
        section_sum = Decimal(0)
        sections_ok = True
        for si, raw_section in enumerate(col.items(part, "sections", place)):
            section_max = self.section(raw_section, place + "/" + self.label(raw_section, f"sections[{si}]"))
            if section_max is None:
                sections_ok = False
            else:
                section_sum += section_max
        if part_id is not None:
            self.ref_max[part_id] = part_max
        if part_max is not None and sections_ok and section_sum != part_max:
            self.fail(part_id, place, "sections", part_max, section_sum, Problem(_join(place, "max"), _(
                "is {max} but its sections add up to {sum}").format(max=_fmt(part_max), sum=_fmt(section_sum))))
        return part_id, part_max

    def section(self, raw: Any, place: str) -> Decimal | None:
        col = self.col
        section = col.mapping(raw, place)
        if section is None:
            return None
        self.fields(section, _SECTION_FIELDS, _SECTION_FIELDS_2, place)
        section_id = col.text(section, "id", place)
        col.text(section, "title", place)
        self.optional_texts(section, place, ("description", "note"))
        section_max = col.number(section, "max", place)
        if section_id is not None:
            self.ref_max[section_id] = section_max
        has_cases = section.get("cases") is not None and self.v2
        if has_cases and section.get("criteria") is not None:
            col.add(place, _("has both criteria and cases; a section holds one or the other"))
            return section_max
        if has_cases:
            cases = col.items(section, "cases", place)
            if 0 < len(cases) < 2:
                col.add(_join(place, "cases"), _("must offer at least two cases to choose from"))
            for ki, raw_case in enumerate(cases):
                self.case(raw_case, place + "/" + self.label(raw_case, f"cases[{ki}]"), section_max)
            return section_max
        crit_sum = self.criteria(section, place)
        if section_max is not None and crit_sum is not None and crit_sum != section_max:
            self.fail(section_id, place, "criteria", section_max, crit_sum, Problem(_join(place, "max"), _(
                "is {max} but its criteria add up to {sum}").format(max=_fmt(section_max), sum=_fmt(crit_sum))))
        return section_max

    def case(self, raw: Any, place: str, section_max: Decimal | None) -> None:
        col = self.col
        case = col.mapping(raw, place)
        if case is None:
            return
        col.unknown_fields(case, _CASE_FIELDS, place)
        case_id = col.text(case, "id", place)
        col.text(case, "title", place)
        self.optional_texts(case, place, ("description",))
        if case_id is not None:
            self.ref_max[case_id] = section_max
        crit_sum = self.criteria(case, place)
        if section_max is not None and crit_sum is not None and crit_sum != section_max:
            self.fail(case_id, place, "case", section_max, crit_sum, Problem(place, _(
                "the criteria of this case add up to {sum}, but the section is worth {max}").format(
                sum=_fmt(crit_sum), max=_fmt(section_max))))

    def criteria(self, holder: Mapping[str, Any], place: str) -> Decimal | None:
        """The sum of the maxima of `holder`'s criteria, or None when one is unusable."""
        total = Decimal(0)
        ok = True
        for ci, raw_crit in enumerate(self.col.items(holder, "criteria", place)):
            crit_max = self.criterion(raw_crit, place + "/" + self.label(raw_crit, f"criteria[{ci}]"), sub=False)
            if crit_max is None:
                ok = False
            else:
                total += crit_max
        return total if ok else None

    def criterion(self, raw: Any, place: str, *, sub: bool) -> Decimal | None:
        """Checks one criterion (its options or sub-criteria); returns its maximum when that is usable."""
        col = self.col
        crit = col.mapping(raw, place)
        if crit is None:
            return None
        self.fields(crit, _CRITERION_FIELDS, _CRITERION_FIELDS_2, place)
        crit_id = col.text(crit, "id", place)
        col.text(crit, "title", place)
        self.optional_texts(crit, place, ("description", "note"))
        crit_max = col.number(crit, "max", place)
        if crit_id is not None:
            self.ref_max[crit_id] = crit_max
        marker = col.whole(crit, "star_marker", place, MARKER_STARS[0], MARKER_STARS[-1], required=False)
        kind = crit.get("kind")
        if kind is not None and kind not in KINDS:
            col.add(_join(place, "kind"), _("must be one of {allowed} (found {found!r})").format(
                allowed=", ".join(KINDS), found=kind))
            kind = None
        if self.v2 and crit.get("subcriteria") is not None:
            if sub:
                col.add(_join(place, "subcriteria"), _("a sub-criterion cannot have sub-criteria of its own"))
                return crit_max
            if crit.get("options") is not None:
                col.add(_join(place, "options"), _("a criterion with sub-criteria has no options of its own"))
            if kind not in (None, "single"):
                col.add(_join(place, "kind"), _("a criterion with sub-criteria cannot be a checklist; "
                                                "mark its sub-criteria"))
            self.parent(crit, crit_id, place, crit_max, marker)
            return crit_max
        self.options(crit, place, crit_max, kind or "single", marker)
        return crit_max

    def parent(self, crit: Mapping[str, Any], crit_id: str | None, place: str, crit_max: Decimal | None,
               marker: int | None) -> None:
        total = Decimal(0)
        ok = True
        positive = False
        for si, raw_sub in enumerate(self.col.items(crit, "subcriteria", place)):
            sub_max = self.criterion(raw_sub, place + "/" + self.label(raw_sub, f"subcriteria[{si}]"), sub=True)
            if sub_max is None:
                ok = False
            else:
                total += sub_max
                positive = positive or sub_max > 0
        if marker is not None and ok and not positive:
            self.col.add(_join(place, "star_marker"), _("marks a criterion that cannot give any points"))
        if crit_max is not None and ok and total != crit_max:
            self.fail(crit_id, place, "subcriteria", crit_max, total, Problem(_join(place, "max"), _(
                "is {max} but its sub-criteria add up to {sum}").format(max=_fmt(crit_max), sum=_fmt(total))))

    def options(self, crit: Mapping[str, Any], place: str, crit_max: Decimal | None, kind: str,
                marker: int | None) -> None:
        col = self.col
        best: Decimal | None = None
        total = Decimal(0)
        options_ok = True
        nones = 0
        for oi, raw_opt in enumerate(col.items(crit, "options", place)):
            opt_place = f"{place}/options[{oi}]"
            opt = col.mapping(raw_opt, opt_place)
            if opt is None:
                options_ok = False
                continue
            self.fields(opt, _OPTION_FIELDS, _OPTION_FIELDS_2, opt_place)
            col.text(opt, "id", opt_place)
            col.text(opt, "label", opt_place)
            col.whole(opt, "star_marker", opt_place, MARKER_STARS[0], MARKER_STARS[-1], required=False)
            points = col.number(opt, "points", opt_place)
            none = opt.get("none", False)
            if not isinstance(none, bool):
                col.add(_join(opt_place, "none"), _("must be true or false"))
            elif none:
                nones += 1
                if nones == 2:
                    col.add(_join(place, "options"), _("has more than one none option"))
                if points is not None and points != 0:
                    col.add(_join(opt_place, "points"), _("a none option gives 0 points (found {points})").format(
                        points=_fmt(points)))
            if opt.get("effect") is not None:
                self.effect(opt["effect"], _join(opt_place, "effect"))
            if points is None:
                options_ok = False
                continue
            if crit_max is not None and points > crit_max:
                col.add(_join(opt_place, "points"), _("{points} is more than the criterion maximum {max}").format(
                    points=_fmt(points), max=_fmt(crit_max)))
            best = points if best is None or points > best else best
            total += points
        if not options_ok or best is None:
            return
        if marker is not None and best == 0:
            col.add(_join(place, "star_marker"), _("marks a criterion that cannot give any points"))
        if crit_max is None:
            return
        crit_id = crit.get("id") if isinstance(crit.get("id"), str) else None
        if kind == "checklist":
            if total < crit_max:
                self.fail(crit_id, place, "checklist", crit_max, total, Problem(_join(place, "max"), _(
                    "is {max} but all its options together give only {sum}").format(
                    max=_fmt(crit_max), sum=_fmt(total))))
        elif best < crit_max:
            self.fail(crit_id, place, "options", crit_max, best, Problem(_join(place, "max"), _(
                "is {max} but the best option gives only {best}").format(max=_fmt(crit_max), best=_fmt(best))))

    def effect(self, raw: Any, place: str) -> None:
        effect = self.col.mapping(raw, place)
        if effect is None:
            return
        self.col.unknown_fields(effect, _EFFECT_FIELDS, place)
        kind = effect.get("kind")
        if kind not in EFFECTS:
            self.col.add(_join(place, "kind"), _("must be one of {allowed} (found {found!r})").format(
                allowed=", ".join(EFFECTS), found=kind))
        self.col.text(effect, "label", place)

    def gaps(self, top: Mapping[str, Any], status: Any) -> None:
        """Sums that fail are errors, except the gaps an `incomplete-source` set declares exactly."""
        col = self.col
        raw_gaps = col.items(top, "gaps", "", required=False) if self.v2 else []
        if status != "incomplete-source" or not self.v2:
            if raw_gaps:
                col.add("gaps", _("only a set with status \"incomplete-source\" lists gaps"))
            for failure in self.failures:
                col.problems.append(failure.legacy)
            return
        real = {f.ref: f for f in self.failures if f.ref is not None}
        listed: set[str] = set()
        for gi, raw_gap in enumerate(raw_gaps):
            place = f"gaps[{gi}]"
            gap = col.mapping(raw_gap, place)
            if gap is None:
                continue
            col.unknown_fields(gap, _GAP_FIELDS, place)
            ref = col.text(gap, "ref", place)
            declared = col.number(gap, "declared", place)
            computed = col.number(gap, "computed", place)
            if ref is None:
                continue
            if ref in listed:
                col.add(_join(place, "ref"), _("{ref!r} is listed twice").format(ref=ref))
                continue
            listed.add(ref)
            gap_failure = real.get(ref)
            if gap_failure is None:
                col.add(_join(place, "ref"), _("{ref!r} adds up (or is not in this set); it is not a gap").format(
                    ref=ref))
            elif (declared, computed) != (gap_failure.declared, gap_failure.computed):
                col.add(place, _("{ref}: declared {declared} and computed {computed}, not {d} and {c}").format(
                    ref=ref, declared=_fmt(gap_failure.declared), computed=_fmt(gap_failure.computed),
                    d="?" if declared is None else _fmt(declared), c="?" if computed is None else _fmt(computed)))
        unlisted = [f for f in self.failures if f.ref not in listed]
        for failure in unlisted:
            col.add(failure.place, gap_message(failure.kind, failure.declared, failure.computed) + " — " + _(
                "not listed in gaps"))
        if not self.failures:
            col.add("status", _("is \"incomplete-source\" but every sum adds up"))


def validate_criteria(data: Any, file: str = "<input>", profile: Profile | None = None) -> CriteriaSet:
    """The criteria set in `data`, or CriteriaError listing every problem in it.

    With `profile`, the part maxima must also be the profile's split (40/25/35
    under 148/QĐ-TTg).  A set with status `incomplete-source` passes with sums
    that fail exactly at the places its `gaps` list (`gap_problems` words them).
    """
    col = _Collector()
    top = col.mapping(data, "")
    if top is None:
        col.abort(_("a criteria set must be a JSON object"), file)
    fmt = top.get("format")
    if fmt not in CRITERIA_FORMATS:
        col.add("format", _("must be one of {allowed} (found {found!r})").format(
            allowed=", ".join(CRITERIA_FORMATS), found=fmt))
    counts, plus_ids = _count_ids(top)
    ids = _Ids()
    ids.duplicates = {i for i, n in counts.items() if n > 1}
    check = _SetChecker(col, ids, v2=fmt != CRITERIA_FORMAT_1)
    check.fields(top, _SET_FIELDS, _SET_FIELDS_2, "")
    for key in ("id", "title", "regulation", "profile", "group_id", "group", "product_set"):
        col.text(top, key, "")
    for key in ("checked", "uncertain"):
        col.text(top, key, "", required=False)
    if check.v2:
        col.text(top, "notes", "", required=False)
    status = top.get("status")
    if status is not None and status not in SET_STATUSES:
        col.add("status", _("must be one of {allowed} (found {found!r})").format(
            allowed=", ".join(SET_STATUSES), found=status))
    elif status == "incomplete-source" and not check.v2:
        col.add("status", _("\"incomplete-source\" needs \"format\": \"{format}\"").format(format=CRITERIA_FORMAT_2))
    for i, kind in enumerate(col.items(top, "product_types", "", required=False)):
        if not isinstance(kind, str) or not kind.strip():
            col.add(f"product_types[{i}]", _("must be non-empty text"))
    if top.get("source") is not None:
        source = col.mapping(top["source"], "source")
        if source is not None:
            check.fields(source, _SOURCE_FIELDS, _SOURCE_FIELDS_2, "source")
            for key in sorted(_SOURCE_FIELDS | _SOURCE_FIELDS_2):
                col.text(source, key, "source", required=False)

    for dup in sorted(ids.duplicates):
        col.add(dup, _("id used {n} times; every part, section, criterion, option and knock-out "
                       "needs its own id").format(n=counts[dup]))
    for bad in plus_ids:
        col.add(bad, _("an id must not contain \"+\" (a checklist answer joins option ids with it)"))

    part_maxima: dict[str, Decimal] = {}
    part_sum = Decimal(0)
    parts_ok = True
    for pi, raw_part in enumerate(col.items(top, "parts", "")):
        part_id, part_max = check.part(raw_part, check.label(raw_part, f"parts[{pi}]"))
        if part_max is None:
            parts_ok = False
            continue
        part_sum += part_max
        if part_id is not None:
            part_maxima[part_id] = part_max
    if parts_ok and isinstance(top.get("parts"), (list, tuple)) and top["parts"] and part_sum != GRAND_TOTAL:
        set_id = top.get("id") if isinstance(top.get("id"), str) else None
        check.fail(set_id, "parts", "parts", GRAND_TOTAL, part_sum, Problem("parts", _(
            "the parts add up to {sum}, not {total}").format(sum=_fmt(part_sum), total=_fmt(GRAND_TOTAL))))
    check.gaps(top, status)

    if profile is not None:
        named = top.get("profile")
        if isinstance(named, str) and named.strip() and named != profile.id:
            col.add("profile", _("names profile {named!r} but is being checked against {profile!r}").format(
                named=named, profile=profile.id))
        if parts_ok:
            _check_profile_split(col, part_maxima, profile)

    for ki, raw_ko in enumerate(col.items(top, "knockouts", "", required=False)):
        place = f"knockouts[{ki}]"
        ko = col.mapping(raw_ko, place)
        if ko is None:
            continue
        col.unknown_fields(ko, _KNOCKOUT_FIELDS, place)
        col.text(ko, "id", place)
        col.text(ko, "label", place)

    for qi, raw_cond in enumerate(col.items(top, "star_conditions", "", required=False)):
        place = f"star_conditions[{qi}]"
        cond = col.mapping(raw_cond, place)
        if cond is None:
            continue
        col.unknown_fields(cond, _CONDITION_FIELDS, place)
        col.whole(cond, "star", place, 1, 5)
        col.text(cond, "label", place)
        minimum = col.number(cond, "min", place)
        ref = col.text(cond, "ref", place)
        if ref is None:
            continue
        if ref not in check.ref_max:
            col.add(_join(place, "ref"), _("{ref!r} is not a part, section or criterion of this set").format(ref=ref))
            continue
        ceiling = check.ref_max[ref]
        if minimum is not None and ceiling is not None and minimum > ceiling:
            col.add(_join(place, "min"), _("{min} is more than the {max} points {ref} can give").format(
                min=_fmt(minimum), max=_fmt(ceiling), ref=ref))

    col.fail(_("invalid criteria set"), file)
    return criteria_set_from_dict(_normalised(top))


def _gap_kinds(cs: CriteriaSet) -> dict[str, tuple[str, str]]:
    """Every id a gap may name -> (its place as the validator writes it, the kind of sum it has)."""
    out: dict[str, tuple[str, str]] = {cs.id: ("parts", "parts")}

    def crit_places(crit: Any, base: str) -> None:
        place = f"{base}/{crit.id}"
        if crit.subcriteria:
            out[crit.id] = (place, "subcriteria")
            for sub in crit.subcriteria:
                crit_places(sub, place)
        else:
            out[crit.id] = (place, "checklist" if crit.kind == "checklist" else "options")

    for part in cs.parts:
        out[part.id] = (part.id, "sections")
        for section in part.sections:
            section_place = f"{part.id}/{section.id}"
            out[section.id] = (section_place, "criteria")
            for case in section.cases:
                out[case.id] = (f"{section_place}/{case.id}", "case")
                for crit in case.criteria:
                    crit_places(crit, f"{section_place}/{case.id}")
            for crit in section.criteria:
                crit_places(crit, section_place)
    return out


def gap_problems(cs: CriteriaSet) -> tuple[Problem, ...]:
    """The declared gaps of an `incomplete-source` set as warnings: "C/C6: short by 1 (criteria give 15, declared 16)"."""
    kinds = _gap_kinds(cs)
    out = []
    for gap in cs.gaps:
        place, kind = kinds.get(gap.ref, (gap.ref, "criteria"))
        out.append(Problem(place, gap_message(kind, gap.declared, gap.computed)))
    return tuple(out)


def _check_profile_split(col: _Collector, part_maxima: Mapping[str, Decimal], profile: Profile) -> None:
    for part_id, expected in profile.parts.items():
        found = part_maxima.get(part_id)
        if found is None:
            col.add("parts", _("profile {profile} expects a part {part} worth {max}").format(
                profile=profile.id, part=part_id, max=_fmt(expected)))
        elif found != expected:
            col.add(_join(part_id, "max"), _("is {found} but profile {profile} gives part {part} {max}").format(
                found=_fmt(found), profile=profile.id, part=part_id, max=_fmt(expected)))
    for part_id in part_maxima:
        if profile.parts and part_id not in profile.parts:
            col.add(part_id, _("profile {profile} has no part {part}").format(profile=profile.id, part=part_id))


def _normalised(top: Mapping[str, Any]) -> dict[str, Any]:
    """A copy of validated input with every number as an exact Decimal."""

    def nums(node: Any, keys: frozenset[str]) -> Any:
        if isinstance(node, Mapping):
            return {k: (as_decimal(v) if k in keys and v is not None else nums(v, keys)) for k, v in node.items()}
        if isinstance(node, (list, tuple)):
            return [nums(v, keys) for v in node]
        return node

    out: dict[str, Any] = nums(dict(top), frozenset({"max", "points", "min", "declared", "computed"}))
    for cond in out.get("star_conditions") or ():
        cond["star"] = as_int(cond["star"])
    return out


def validate_profile(data: Any, file: str = "<input>") -> Profile:
    """The regulation profile in `data`, or CriteriaError listing every problem in it."""
    col = _Collector()
    top = col.mapping(data, "")
    if top is None:
        col.abort(_("a regulation profile must be a JSON object"), file)
    col.unknown_fields(top, _PROFILE_FIELDS, "")
    fmt = top.get("format")
    if fmt != PROFILE_FORMAT:
        col.add("format", _("must be \"{expected}\" (found {found!r})").format(expected=PROFILE_FORMAT, found=fmt))
    col.text(top, "id", "")
    col.text(top, "regulation", "")
    col.text(top, "title", "", required=False)
    col.text(top, "notes", "", required=False)
    status = top.get("status")
    if status is not None and status not in PROFILE_STATUSES:
        col.add("status", _("must be one of {allowed} (found {found!r})").format(
            allowed=", ".join(PROFILE_STATUSES), found=status))

    parts = col.mapping(top.get("parts"), "parts") if "parts" in top else None
    if "parts" not in top:
        col.add("parts", _("is missing"))
    if parts is not None:
        if not parts:
            col.add("parts", _("must not be empty"))
        total = Decimal(0)
        all_ok = True
        for part_id in parts:
            value = col.number(parts, part_id, "parts", positive=True)
            if value is None:
                all_ok = False
            else:
                total += value
        if parts and all_ok and total != GRAND_TOTAL:
            col.add("parts", _("the parts add up to {sum}, not {total}").format(sum=_fmt(total), total=_fmt(GRAND_TOTAL)))

    _check_bands(col, top)

    if top.get("rounding") is not None:
        rounding = col.mapping(top["rounding"], "rounding")
        if rounding is not None:
            col.unknown_fields(rounding, _ROUNDING_FIELDS, "rounding")
            col.whole(rounding, "places", "rounding", 0, MAX_PLACES, required=False)
            mode = rounding.get("mode")
            if mode is not None and mode != "half_up":
                col.add("rounding.mode", _("only \"half_up\" is supported (found {found!r})").format(found=mode))
    col.whole(top, "min_scorecards", "", 1, None, required=False)
    for key, allowed in (("star_marker_rule", STAR_MARKER_RULES), ("criterion_knockout_rule", CRITERION_KNOCKOUT_RULES)):
        rule = top.get(key)
        if rule is not None and rule not in allowed:
            col.add(key, _("must be one of {allowed} (found {found!r})").format(allowed=", ".join(allowed), found=rule))
    col.number(top, "discrepancy_threshold", "", required=False, positive=True)

    if top.get("levels") is not None:
        levels = col.mapping(top["levels"], "levels")
        for name, raw_rule in (levels or {}).items():
            place = f"levels.{name}"
            if name not in LEVELS:
                col.add(place, _("unknown council level; use {allowed}").format(allowed=", ".join(LEVELS)))
                continue
            rule = col.mapping(raw_rule, place)
            if rule is None:
                continue
            col.unknown_fields(rule, _LEVEL_FIELDS, place)
            for i, star in enumerate(col.items(rule, "recognises", place, required=False)):
                if as_int(star) not in STARS or isinstance(star, bool):
                    col.add(f"{place}.recognises[{i}]", _("must be a star from 1 to 5 (found {found!r})").format(
                        found=star))
            col.number(rule, "forwards_min", place, required=False)

    col.fail(_("invalid regulation profile"), file)
    return profile_from_dict(_normalised_profile(top))


def _check_bands(col: _Collector, top: Mapping[str, Any]) -> None:
    bands: list[tuple[int, Decimal]] = []
    raw_bands = col.items(top, "star_bands", "", required=False)
    if "star_bands" in top and top["star_bands"] is not None and not raw_bands:
        return
    for bi, raw_band in enumerate(raw_bands):
        place = f"star_bands[{bi}]"
        band = col.mapping(raw_band, place)
        if band is None:
            return
        col.unknown_fields(band, _BAND_FIELDS, place)
        star = col.whole(band, "star", place, 1, 5)
        minimum = col.number(band, "min", place)
        if star is None or minimum is None:
            return
        bands.append((star, minimum))
    if not bands:
        return
    stars = Counter(star for star, _min in bands)
    for star in STARS:
        if stars[star] != 1:
            col.add("star_bands", _("star {star} must have exactly one band (found {n})").format(
                star=star, n=stars[star]))
    if any(stars[s] != 1 for s in STARS):
        return
    ordered = sorted(bands)
    if ordered[0][1] != 0:
        col.add("star_bands", _("the 1-star band must start at 0 (found {min})").format(min=_fmt(ordered[0][1])))
    for (low_star, low_min), (high_star, high_min) in zip(ordered, ordered[1:]):
        if high_min <= low_min:
            col.add("star_bands", _("the {high}-star band must start above the {low}-star band "
                                    "({high_min} is not more than {low_min})").format(
                high=high_star, low=low_star, high_min=_fmt(high_min), low_min=_fmt(low_min)))


def _normalised_profile(top: Mapping[str, Any]) -> dict[str, Any]:
    out = dict(top)
    out["parts"] = {k: as_decimal(v) for k, v in (top.get("parts") or {}).items()}
    if top.get("star_bands"):
        out["star_bands"] = [{"star": as_int(b["star"]), "min": as_decimal(b["min"])} for b in top["star_bands"]]
    if top.get("discrepancy_threshold") is not None:
        out["discrepancy_threshold"] = as_decimal(top["discrepancy_threshold"])
    if top.get("min_scorecards") is not None:
        out["min_scorecards"] = as_int(top["min_scorecards"])
    if top.get("rounding") and top["rounding"].get("places") is not None:
        out["rounding"] = {**top["rounding"], "places": as_int(top["rounding"]["places"])}
    if top.get("levels"):
        out["levels"] = {
            name: {
                "recognises": [as_int(s) for s in (rule.get("recognises") or ())],
                "forwards_min": None if rule.get("forwards_min") is None else as_decimal(rule["forwards_min"]),
            }
            for name, rule in top["levels"].items()
        }
    return out
