"""A product's result from its members' sheets: mean, star, status, flags.

Rules (DOMAIN.md, issue 2 §4), each applied here and nowhere else:
- only complete scorecards of members who are neither absent nor in conflict
  count; the others are listed with the reason they do not;
- the mean is exact, then rounded half-up to the profile's places once, and
  the star band is applied to that rounded value (`stars.py`);
- a knock-out finding makes the product "knocked_out": no mean, no star;
- fewer counted scorecards than the profile's minimum make it
  "not_rankable": no mean and no star, because a mean of too few sheets is
  not a result the council may publish;
- an unmet per-star condition caps the star below that condition's star,
  and so does an unmet star marker of the sheet, judged across the counted
  members by the profile's `star_marker_rule` (`requirements.py`);
- a knock-out option chosen on the counted sheets knocks the product out
  under the profile's `criterion_knockout_rule` (ids `opt:<option id>`);
- a member more than the threshold from the median of the *other* counted
  members is flagged for discussion (`discrepancy.py`); no score is ever
  dropped.

`parts` (part means, rounded like the mean) are given whenever at least one
scorecard counts, knocked-out and not-rankable products included: the
producer still learns where points were lost.  An unknown criterion, option
or knock-out id, an unknown exclusion or two sheets of one member are
ValueError: the services check input before calling, so this is a bug.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Mapping, Sequence

from ocop_desk.scoring.criteria import CriteriaSet, StarCondition
from ocop_desk.scoring.discrepancy import discrepancies
from ocop_desk.scoring.profiles import Profile
from ocop_desk.scoring.stars import mean_of, round_mean, star_for_mean
from ocop_desk.scoring.requirements import StarRequirement, requirement_reason, sheet_effects, star_requirements
from ocop_desk.scoring.totals import (
    _complete,
    check_choices,
    part_subtotals,
    progress,
    ref_subtotal,
    scoring_table,
    sheet_view,
    view_points,
)

EXCLUSIONS = ("conflict", "absent")


@dataclass(frozen=True)
class MemberSheet:
    member: str
    choices: Mapping[str, str]
    excluded: str | None = None  # None | "conflict" | "absent"


@dataclass(frozen=True)
class MemberResult:
    member: str
    total: Decimal | None
    parts: Mapping[str, Decimal]
    reason: str | None  # None | "conflict" | "absent" | "incomplete"
    answered: int  # answers given that count toward completeness (`totals.progress`)
    flagged: bool


@dataclass(frozen=True)
class Flag:
    kind: str  # "discrepancy" | "star_capped" | "too_few_scorecards"
    member: str | None
    detail: Mapping[str, str]

    def to_dict(self) -> dict[str, str | None]:
        return {"kind": self.kind, "member": self.member, **dict(self.detail)}


@dataclass(frozen=True)
class ProductResult:
    status: str  # "ranked" | "knocked_out" | "not_rankable"
    mean: Decimal | None
    star: int | None
    uncapped_star: int | None
    cap_reasons: tuple[str, ...]
    parts: Mapping[str, Decimal]
    members: tuple[MemberResult, ...]
    flags: tuple[Flag, ...]
    knockouts: tuple[str, ...]
    counted: int


def discrepancy_flags(totals: Mapping[str, Decimal], threshold: Decimal, places: int = 2) -> tuple[Flag, ...]:
    """A "discrepancy" flag per member too far from the median of the others (`discrepancy.py`)."""
    members = list(totals)
    gaps = discrepancies([totals[m] for m in members], threshold)
    return tuple(
        Flag("discrepancy", members[g.index], {
            "total": format(g.total, "f"),
            "median_of_others": format(round_mean(g.median_of_others, places), "f"),
            "gap": format(round_mean(g.gap, places), "f"),
        })
        for g in gaps
    )


def rank_product(cs: CriteriaSet, profile: Profile, sheets: Sequence[MemberSheet],
                 knockouts: Sequence[str] = ()) -> ProductResult:
    for k in knockouts:
        if cs.knockout(k) is None:
            raise ValueError(f"criteria set {cs.id} has no knock-out condition {k!r}")
    counted: dict[str, Mapping[str, str]] = {}
    member_rows: list[tuple[str, Decimal | None, Mapping[str, Decimal], str | None, int]] = []
    seen: set[str] = set()
    plain = scoring_table(cs).plain
    for sheet in sheets:
        if sheet.member in seen:
            raise ValueError(f"member {sheet.member!r} has two sheets for one product")
        seen.add(sheet.member)
        if sheet.excluded is not None and sheet.excluded not in EXCLUSIONS:
            raise ValueError(f"unknown exclusion {sheet.excluded!r}")
        answered = len(sheet.choices) if plain else progress(cs, sheet.choices)[0]
        if sheet.excluded is not None:
            check_choices(cs, sheet.choices)
            member_rows.append((sheet.member, None, {}, sheet.excluded, answered))
            continue
        parts = part_subtotals(cs, sheet.choices)  # raises ValueError on an unknown id
        if not _complete(cs, sheet.choices):
            member_rows.append((sheet.member, None, {}, "incomplete", answered))
        else:
            counted[sheet.member] = sheet.choices
            member_rows.append((sheet.member, sum(parts.values(), Decimal(0)), parts, None, answered))

    totals = {m: t for m, t, _p, r, _a in member_rows if r is None and t is not None}
    flags = list(discrepancy_flags(totals, profile.discrepancy_threshold, profile.places))
    flagged = {f.member for f in flags}
    members = tuple(MemberResult(m, t, p, r, a, m in flagged) for m, t, p, r, a in member_rows)

    part_means: dict[str, Decimal] = {}
    if counted:
        for part in cs.parts:
            part_means[part.id] = mean_of((dict(r.parts)[part.id] for r in members if r.total is not None),
                                          profile.places)

    found = tuple(dict.fromkeys((*knockouts, *_criterion_knockouts(cs, profile, list(counted.values())))))
    if found:
        return ProductResult("knocked_out", None, None, None, (), part_means, members, tuple(flags), found,
                             len(counted))
    if len(counted) < max(1, profile.min_scorecards):
        flags.append(Flag("too_few_scorecards", None, {"counted": str(len(counted)),
                                                        "minimum": str(profile.min_scorecards)}))
        return ProductResult("not_rankable", None, None, None, (), part_means, members, tuple(flags), (),
                             len(counted))

    mean = mean_of(totals.values(), profile.places)
    uncapped = star_for_mean(mean, profile)
    star, reasons = _capped(cs, profile, uncapped, list(counted.values()))
    if star != uncapped:
        flags.append(Flag("star_capped", None, {"from": str(uncapped), "to": str(star),
                                                "reasons": "; ".join(reasons)}))
    return ProductResult("ranked", mean, star, uncapped, tuple(reasons), part_means, members, tuple(flags), (),
                         len(counted))


def _criterion_knockouts(cs: CriteriaSet, profile: Profile, sheets: Sequence[Mapping[str, str]]) -> tuple[str, ...]:
    """The `opt:<id>` knock-outs chosen on the counted sheets, when they knock the product out.

    Judged per sheet: a sheet knocks out when any of its applicable answers is
    a knock-out option.  "majority": more than half of the counted sheets do;
    "any": one does.  The ids are those of every knock-out chosen on them.
    """
    if not sheets or not scoring_table(cs).knockout_options:
        return ()
    per_sheet = [sheet_effects(cs, ch).knockout_ids for ch in sheets]
    knocking = sum(1 for ids in per_sheet if ids)
    rule = profile.criterion_knockout_rule
    if knocking == 0 or (rule != "any" and 2 * knocking <= len(sheets)):
        return ()
    return tuple(dict.fromkeys(i for ids in per_sheet for i in ids))


def _requirement_met(values: Sequence[Decimal], minimum: Decimal, profile: Profile) -> bool:
    """One star marker across the counted sheets it applies to, per the profile's `star_marker_rule`."""
    rule = profile.star_marker_rule
    if rule == "every":
        return all(v >= minimum for v in values)
    if rule == "majority":
        return 2 * sum(1 for v in values if v >= minimum) > len(values)
    return mean_of(values, profile.places) >= minimum


def _capped(cs: CriteriaSet, profile: Profile, star: int,
            sheets: Sequence[Mapping[str, str]]) -> tuple[int, tuple[str, ...]]:
    """The star after the set's per-star conditions (judged on the mean over `sheets`) and its star markers.

    Both kinds are taken in order of their star, so a product capped below a
    star is not also told about the requirements of the stars above it.
    """
    reasons: list[str] = []
    requirements = star_requirements(cs)
    views = [sheet_view(cs, ch) for ch in sheets] if requirements else []
    checks: list[tuple[int, int, StarCondition | StarRequirement]] = [
        *((c.star, 0, c) for c in cs.star_conditions), *((r.star, 1, r) for r in requirements)]
    checks.sort(key=lambda c: (c[0], c[1]))
    for cap_star, _kind, check in checks:
        if star < cap_star:
            continue
        if isinstance(check, StarCondition):
            value = mean_of((ref_subtotal(cs, ch, check.ref) for ch in sheets), profile.places)
            if value < check.min:
                reasons.append(check.label or f"{check.ref} >= {check.min}")
                star = min(star, check.star - 1)
            continue
        values = [p for p in (view_points(cs, v, check.criterion_id) for v in views) if p is not None]
        if values and not _requirement_met(values, check.min, profile):
            reasons.append(requirement_reason(cs, check))
            star = min(star, check.star - 1)
    return star, tuple(reasons)


def sheet_star(cs: CriteriaSet, profile: Profile, choices: Mapping[str, str]) -> tuple[int | None, tuple[str, ...]]:
    """The star one complete sheet would give on its own, caps included; (None, ()) while incomplete.

    What a member sees while scoring: the same bands, conditions and star
    markers as the product's result, applied as if this sheet were the only
    one.  A sheet with a knock-out answer gives no star either.
    """
    check_choices(cs, choices)
    if not _complete(cs, choices) or sheet_effects(cs, choices).knockouts:
        return None, ()
    total = sum(part_subtotals(cs, choices).values(), Decimal(0))
    return _capped(cs, profile, star_for_mean(mean_of([total], profile.places), profile), [choices])
