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
from decimal import Decimal
from typing import Any, Mapping, NoReturn

from ocop_desk.errors import CriteriaError, Problem
from ocop_desk.i18n import _
from ocop_desk.scoring.criteria import CRITERIA_FORMAT, CriteriaSet, criteria_set_from_dict
from ocop_desk.scoring.numbers import as_decimal, as_int
from ocop_desk.scoring.profiles import LEVELS, PROFILE_FORMAT, Profile, profile_from_dict

STATUSES = ("transcribed", "reconstructed")
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
_PROFILE_FIELDS = frozenset({
    "format", "id", "title", "regulation", "parts", "star_bands", "rounding", "min_scorecards",
    "discrepancy_threshold", "levels", "status", "notes",
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


def _count_ids(data: Mapping[str, Any]) -> Counter[str]:
    ids: Counter[str] = Counter()

    def take(node: Any) -> None:
        if isinstance(node, Mapping) and isinstance(node.get("id"), str) and node["id"].strip():
            ids[node["id"]] += 1

    def listed(node: Any, key: str) -> list[Any]:
        value = node.get(key) if isinstance(node, Mapping) else None
        return list(value) if isinstance(value, (list, tuple)) else []

    for part in listed(data, "parts"):
        take(part)
        for section in listed(part, "sections"):
            take(section)
            for crit in listed(section, "criteria"):
                take(crit)
                for opt in listed(crit, "options"):
                    take(opt)
    for ko in listed(data, "knockouts"):
        take(ko)
    return ids


def validate_criteria(data: Any, file: str = "<input>", profile: Profile | None = None) -> CriteriaSet:
    """The criteria set in `data`, or CriteriaError listing every problem in it.

    With `profile`, the part maxima must also be the profile's split (40/25/35
    under 148/QĐ-TTg).
    """
    col = _Collector()
    top = col.mapping(data, "")
    if top is None:
        col.abort(_("a criteria set must be a JSON object"), file)
    col.unknown_fields(top, _SET_FIELDS, "")
    fmt = top.get("format")
    if fmt != CRITERIA_FORMAT:
        col.add("format", _("must be \"{expected}\" (found {found!r})").format(expected=CRITERIA_FORMAT, found=fmt))
    for key in ("id", "title", "regulation", "profile", "group_id", "group", "product_set"):
        col.text(top, key, "")
    for key in ("checked", "uncertain"):
        col.text(top, key, "", required=False)
    status = top.get("status")
    if status is not None and status not in STATUSES:
        col.add("status", _("must be one of {allowed} (found {found!r})").format(
            allowed=", ".join(STATUSES), found=status))
    for i, kind in enumerate(col.items(top, "product_types", "", required=False)):
        if not isinstance(kind, str) or not kind.strip():
            col.add(f"product_types[{i}]", _("must be non-empty text"))
    if top.get("source") is not None:
        source = col.mapping(top["source"], "source")
        if source is not None:
            col.unknown_fields(source, _SOURCE_FIELDS, "source")
            for key in sorted(_SOURCE_FIELDS):
                col.text(source, key, "source", required=False)

    counts = _count_ids(top)
    ids = _Ids()
    ids.duplicates = {i for i, n in counts.items() if n > 1}
    for dup in sorted(ids.duplicates):
        col.add(dup, _("id used {n} times; every part, section, criterion, option and knock-out "
                       "needs its own id").format(n=counts[dup]))

    ref_max: dict[str, Decimal | None] = {}
    part_maxima: dict[str, Decimal] = {}
    part_sum = Decimal(0)
    parts_ok = True
    for pi, raw_part in enumerate(col.items(top, "parts", "")):
        part_place = ids.label(raw_part.get("id") if isinstance(raw_part, Mapping) else None, f"parts[{pi}]")
        part = col.mapping(raw_part, part_place)
        if part is None:
            parts_ok = False
            continue
        col.unknown_fields(part, _PART_FIELDS, part_place)
        part_id = col.text(part, "id", part_place)
        col.text(part, "title", part_place)
        part_max = col.number(part, "max", part_place)
        section_sum = Decimal(0)
        sections_ok = True
        for si, raw_section in enumerate(col.items(part, "sections", part_place)):
            section_place = part_place + "/" + ids.label(
                raw_section.get("id") if isinstance(raw_section, Mapping) else None, f"sections[{si}]")
            section = col.mapping(raw_section, section_place)
            if section is None:
                sections_ok = False
                continue
            col.unknown_fields(section, _SECTION_FIELDS, section_place)
            section_id = col.text(section, "id", section_place)
            col.text(section, "title", section_place)
            section_max = col.number(section, "max", section_place)
            crit_sum = Decimal(0)
            crits_ok = True
            for ci, raw_crit in enumerate(col.items(section, "criteria", section_place)):
                crit_place = section_place + "/" + ids.label(
                    raw_crit.get("id") if isinstance(raw_crit, Mapping) else None, f"criteria[{ci}]")
                crit_max = _check_criterion(col, raw_crit, crit_place, ref_max)
                if crit_max is None:
                    crits_ok = False
                else:
                    crit_sum += crit_max
            if section_id is not None:
                ref_max[section_id] = section_max
            if section_max is None:
                sections_ok = False
                continue
            section_sum += section_max
            if crits_ok and crit_sum != section_max:
                col.add(_join(section_place, "max"), _(
                    "is {max} but its criteria add up to {sum}").format(max=_fmt(section_max), sum=_fmt(crit_sum)))
        if part_id is not None:
            ref_max[part_id] = part_max
        if part_max is None:
            parts_ok = False
            continue
        part_sum += part_max
        if part_id is not None:
            part_maxima[part_id] = part_max
        if sections_ok and section_sum != part_max:
            col.add(_join(part_place, "max"), _(
                "is {max} but its sections add up to {sum}").format(max=_fmt(part_max), sum=_fmt(section_sum)))
    if parts_ok and isinstance(top.get("parts"), (list, tuple)) and top["parts"] and part_sum != GRAND_TOTAL:
        col.add("parts", _("the parts add up to {sum}, not {total}").format(sum=_fmt(part_sum), total=_fmt(GRAND_TOTAL)))

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
        if ref not in ref_max:
            col.add(_join(place, "ref"), _("{ref!r} is not a part, section or criterion of this set").format(ref=ref))
            continue
        ceiling = ref_max[ref]
        if minimum is not None and ceiling is not None and minimum > ceiling:
            col.add(_join(place, "min"), _("{min} is more than the {max} points {ref} can give").format(
                min=_fmt(minimum), max=_fmt(ceiling), ref=ref))

    col.fail(_("invalid criteria set"), file)
    return criteria_set_from_dict(_normalised(top))


def _check_criterion(col: _Collector, raw: Any, place: str, ref_max: dict[str, Decimal | None]) -> Decimal | None:
    """Checks one criterion and its options; returns its maximum when that is usable."""
    crit = col.mapping(raw, place)
    if crit is None:
        return None
    col.unknown_fields(crit, _CRITERION_FIELDS, place)
    crit_id = col.text(crit, "id", place)
    col.text(crit, "title", place)
    crit_max = col.number(crit, "max", place)
    if crit_id is not None:
        ref_max[crit_id] = crit_max
    best: Decimal | None = None
    options_ok = True
    options = col.items(crit, "options", place)
    for oi, raw_opt in enumerate(options):
        opt_place = f"{place}/options[{oi}]"
        opt = col.mapping(raw_opt, opt_place)
        if opt is None:
            options_ok = False
            continue
        col.unknown_fields(opt, _OPTION_FIELDS, opt_place)
        col.text(opt, "id", opt_place)
        col.text(opt, "label", opt_place)
        points = col.number(opt, "points", opt_place)
        if points is None:
            options_ok = False
            continue
        if crit_max is not None and points > crit_max:
            col.add(_join(opt_place, "points"), _("{points} is more than the criterion maximum {max}").format(
                points=_fmt(points), max=_fmt(crit_max)))
        best = points if best is None or points > best else best
    if crit_max is not None and options_ok and best is not None and best < crit_max:
        col.add(_join(place, "max"), _("is {max} but the best option gives only {best}").format(
            max=_fmt(crit_max), best=_fmt(best)))
    return crit_max


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

    out = nums(dict(top), frozenset({"max", "points", "min"}))
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
    if status is not None and status not in STATUSES:
        col.add("status", _("must be one of {allowed} (found {found!r})").format(
            allowed=", ".join(STATUSES), found=status))

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
