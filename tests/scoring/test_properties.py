"""Invariants of the scoring rules, over generated criteria sets and councils."""

from __future__ import annotations

import copy
from decimal import Decimal
from fractions import Fraction
from typing import Any

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from scoring_helpers import make_profile, profile_dict

from ocop_desk.errors import CriteriaError
from ocop_desk.scoring.criteria import CriteriaSet
from ocop_desk.scoring.ranking import MemberSheet, rank_product
from ocop_desk.scoring.stars import star_for_mean
from ocop_desk.scoring.totals import member_total, part_subtotals
from ocop_desk.scoring.validate import validate_criteria, validate_profile

SETTINGS = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
HALF = Decimal("0.5")


@st.composite
def splits(draw: st.DrawFn, total: int, most: int) -> list[int]:
    """`total` as a sum of 1..most positive integers."""
    k = draw(st.integers(1, max(1, min(most, total))))
    cuts = sorted(draw(st.sets(st.integers(1, total - 1), min_size=k - 1, max_size=k - 1))) if k > 1 else []
    bounds = [0, *cuts, total]
    return [b - a for a, b in zip(bounds, bounds[1:])]


@st.composite
def criteria_dicts(draw: st.DrawFn) -> dict[str, Any]:
    """A valid set: parts 40/25/35, points counted in half points."""
    parts = []
    for part_id, part_max in (("A", 40), ("B", 25), ("C", 35)):
        sections = []
        for si, section_halves in enumerate(draw(splits(part_max * 2, 3))):
            criteria = []
            for ci, halves in enumerate(draw(splits(section_halves, 4))):
                cid = f"{part_id}{si + 1}{chr(97 + ci)}"
                lower = draw(st.sets(st.integers(0, halves - 1), max_size=3)) if halves > 0 else set()
                points = sorted(lower | {halves})
                if len(points) == 1:
                    points = [0, halves] if halves else [0]
                order = draw(st.permutations(points))
                criteria.append({
                    "id": cid, "title": f"Tiêu chí {cid}", "max": Decimal(halves) * HALF,
                    "options": [{"id": f"{cid}-{i}", "label": f"Mức {i}: {p * HALF} điểm", "points": Decimal(p) * HALF}
                                for i, p in enumerate(order)],
                })
            sections.append({"id": f"{part_id}{si + 1}", "title": f"Nhóm {part_id}{si + 1}",
                             "max": Decimal(section_halves) * HALF, "criteria": criteria})
        parts.append({"id": part_id, "title": f"Phần {part_id}", "max": part_max, "sections": sections})
    return {
        "format": "ocop-desk/criteria@1", "id": "sinh-ngau-nhien", "title": "Bộ sinh ngẫu nhiên",
        "regulation": "148/QĐ-TTg (2023)", "profile": "148-2023", "group_id": "thuc-pham", "group": "Thực phẩm",
        "product_set": "Gạo, ngũ cốc", "product_types": [], "status": "reconstructed", "checked": None,
        "uncertain": None, "source": None, "parts": parts,
        "knockouts": [{"id": "K1", "label": "Hồ sơ có tài liệu giả mạo"}], "star_conditions": [],
    }


@st.composite
def councils(draw: st.DrawFn) -> tuple[CriteriaSet, list[MemberSheet]]:
    cs = validate_criteria(draw(criteria_dicts()), "gen.json")
    crits = list(cs.criteria())
    sheets = []
    for m in range(draw(st.integers(0, 11))):
        choices = {c.id: draw(st.sampled_from(c.options)).id for c in crits}
        kind = draw(st.sampled_from(["complete"] * 6 + ["incomplete", "conflict", "absent"]))
        if kind == "incomplete":
            drop = draw(st.sets(st.sampled_from([c.id for c in crits]), min_size=1))
            choices = {k: v for k, v in choices.items() if k not in drop}
        excluded = kind if kind in ("conflict", "absent") else None
        sheets.append(MemberSheet(f"tv{m}", choices, excluded))
    return cs, sheets


def _summary(r) -> tuple:
    return (r.status, r.mean, r.star, r.uncapped_star, r.cap_reasons, dict(r.parts), r.knockouts, r.counted,
            sorted(tuple(sorted(f.to_dict().items(), key=str)) for f in r.flags),
            sorted((m.member, m.total, m.reason, m.answered, m.flagged) for m in r.members))


@SETTINGS
@given(councils(), st.randoms(use_true_random=False), st.integers(1, 5))
def test_member_order_does_not_matter(council, rnd, minimum) -> None:
    cs, sheets = council
    profile = make_profile(min_scorecards=minimum)
    shuffled = list(sheets)
    rnd.shuffle(shuffled)
    assert _summary(rank_product(cs, profile, sheets)) == _summary(rank_product(cs, profile, shuffled))


@SETTINGS
@given(councils())
def test_totals_and_parts_stay_within_their_maxima(council) -> None:
    cs, sheets = council
    r = rank_product(cs, make_profile(min_scorecards=1), sheets)
    for m in r.members:
        if m.total is not None:
            assert 0 <= m.total <= cs.max_total == 100
            assert sum(m.parts.values()) == m.total
            for part in cs.parts:
                assert 0 <= m.parts[part.id] <= part.max
    if r.mean is not None:
        assert 0 <= r.mean <= 100
    for sheet in sheets:
        assert 0 <= member_total(cs, sheet.choices) <= 100
        assert sum(part_subtotals(cs, sheet.choices).values()) == member_total(cs, sheet.choices)


@SETTINGS
@given(councils(), st.integers(0, 4))
def test_the_star_is_the_band_of_the_printed_mean(council, places) -> None:
    cs, sheets = council
    profile = make_profile(min_scorecards=1, rounding={"places": places})
    r = rank_product(cs, profile, sheets)
    if r.status != "ranked":
        assert r.mean is None and r.star is None
        return
    printed = format(r.mean, "f")
    assert len(printed.partition(".")[2]) == places
    assert r.star == r.uncapped_star == star_for_mean(Decimal(printed), profile)
    totals = [m.total for m in r.members if m.total is not None]
    exact = sum((Fraction(t) for t in totals), Fraction(0)) / len(totals)
    # the printed mean is the exact mean rounded half-up once (means are never negative)
    scaled = exact * 10**places + Fraction(1, 2)
    expected = Decimal(scaled.numerator // scaled.denominator).scaleb(-places)
    assert r.mean == expected


@SETTINGS
@given(councils(), st.decimals(min_value=Decimal("0.01"), max_value=100, places=2))
def test_discrepancy_flags_never_change_the_result(council, threshold) -> None:
    cs, sheets = council
    strict = rank_product(cs, make_profile(min_scorecards=1, discrepancy_threshold=threshold), sheets)
    lax = rank_product(cs, make_profile(min_scorecards=1, discrepancy_threshold=1000), sheets)
    assert not any(f.kind == "discrepancy" for f in lax.flags)
    assert (strict.status, strict.mean, strict.star, dict(strict.parts), strict.counted) == \
        (lax.status, lax.mean, lax.star, dict(lax.parts), lax.counted)
    assert [m.total for m in strict.members] == [m.total for m in lax.members]


@SETTINGS
@given(councils())
def test_knocked_out_never_has_a_star(council) -> None:
    cs, sheets = council
    r = rank_product(cs, make_profile(min_scorecards=1), sheets, knockouts=["K1"])
    assert r.status == "knocked_out" and r.star is None and r.mean is None and r.uncapped_star is None


@st.composite
def band_profiles(draw: st.DrawFn):
    mins = sorted(draw(st.sets(st.decimals(min_value=1, max_value=99, places=2), min_size=4, max_size=4)))
    bands = [{"star": 1, "min": 0}] + [{"star": s, "min": m} for s, m in zip((2, 3, 4, 5), mins)]
    return validate_profile(profile_dict(star_bands=bands), "bands.json")


@SETTINGS
@given(band_profiles(), st.decimals(min_value=0, max_value=100, places=2),
       st.decimals(min_value=0, max_value=100, places=2))
def test_star_is_monotone_in_the_mean(profile, a, b) -> None:
    low, high = sorted((a, b))
    assert star_for_mean(low, profile) <= star_for_mean(high, profile)
    for band in profile.star_bands:
        assert star_for_mean(band.min, profile) == band.star


@SETTINGS
@given(criteria_dicts())
def test_validator_accepts_the_dict_of_every_valid_set(data) -> None:
    cs = validate_criteria(data, "gen.json", profile=make_profile())
    assert validate_criteria(cs.to_dict(), "again.json", profile=make_profile()) == cs


def _options(data: dict) -> list[tuple[str, dict, dict]]:
    out = []
    for part in data["parts"]:
        for section in part["sections"]:
            for crit in section["criteria"]:
                for i, opt in enumerate(crit["options"]):
                    out.append((f"{part['id']}/{section['id']}/{crit['id']}/options[{i}]", crit, opt))
    return out


def _rejected_at(data: dict, place: str) -> bool:
    try:
        validate_criteria(data, "mutant.json")
    except CriteriaError as exc:
        return place in [p.place for p in exc.problems]
    return False


@SETTINGS
@given(criteria_dicts(), st.data())
def test_validator_rejects_each_single_mutation_at_its_place(data, draw) -> None:
    options = _options(data)
    kind = draw.draw(st.sampled_from(["over_max", "text", "empty_label", "duplicate", "total", "negative"]))
    mutant = copy.deepcopy(data)
    index = draw.draw(st.integers(0, len(options) - 1))
    place, crit, opt = _options(mutant)[index]
    if kind == "over_max":
        opt["points"] = crit["max"] + HALF
        assert _rejected_at(mutant, place + ".points")
    elif kind == "text":
        opt["points"] = f"{opt['points']} điểm"
        assert _rejected_at(mutant, place + ".points")
    elif kind == "negative":
        opt["points"] = -HALF
        assert _rejected_at(mutant, place + ".points")
    elif kind == "empty_label":
        opt["label"] = draw.draw(st.sampled_from(["", " ", "\t"]))
        assert _rejected_at(mutant, place + ".label")
    elif kind == "duplicate":
        other = draw.draw(st.integers(0, len(options) - 1))
        assume(other != index)
        opt["id"] = _options(mutant)[other][2]["id"]
        assert _rejected_at(mutant, opt["id"])
    else:  # the grand total moves away from 100, every inner sum kept consistent
        part = mutant["parts"][1]
        section = part["sections"][0]
        crit = section["criteria"][0]
        for node in (part, section, crit):
            node["max"] += 1
        top = max(crit["options"], key=lambda o: o["points"])
        top["points"] += 1
        assert _rejected_at(mutant, "parts")
