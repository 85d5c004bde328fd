"""Invariants of the criteria@2 rules over generated choices and generated star markers."""

from __future__ import annotations

import copy
from typing import Any

from hypothesis import assume, given
from hypothesis import strategies as st
from scoring_helpers import make_profile, make_v2_set
from test_properties import SETTINGS, criteria_dicts

from ocop_desk.scoring.criteria import CriteriaSet, join_checklist
from ocop_desk.scoring.ranking import MemberSheet, rank_product, sheet_star
from ocop_desk.scoring.totals import applicable, criterion_points, is_complete, leaf_points, member_total
from ocop_desk.scoring.validate import validate_criteria

V2 = make_v2_set()


@st.composite
def v2_choices(draw: st.DrawFn, cs: CriteriaSet = V2) -> dict[str, str]:
    choices: dict[str, str] = {}
    for section in cs.case_sections():
        case = draw(st.sampled_from([None, *section.cases]))
        if case is not None:
            choices[section.id] = case.id
    for crit in cs.criteria():
        if draw(st.booleans()) and draw(st.booleans()):
            continue  # left unanswered (a quarter of the time)
        if crit.kind == "checklist":
            ticked = draw(st.sets(st.sampled_from([o.id for o in crit.options if not o.none])))
            choices[crit.id] = join_checklist(crit, ticked)
        else:
            choices[crit.id] = draw(st.sampled_from(crit.options)).id
    return choices


@SETTINGS
@given(v2_choices())
def test_no_leaf_gives_more_than_its_max(choices: dict[str, str]) -> None:
    for leaf_id, points in leaf_points(V2, choices).items():
        assert 0 <= points <= V2.criterion(leaf_id).max
    assert 0 <= member_total(V2, choices) <= V2.max_total
    points = criterion_points(V2, choices, "A1y2")
    assert points is None or points <= V2.criterion("A1y2").max


@SETTINGS
@given(v2_choices())
def test_applicable_leaves_are_leaves_in_sheet_order(choices: dict[str, str]) -> None:
    order = list(V2.criterion_ids())
    found = applicable(V2, choices)
    assert set(found) <= set(order)
    assert [order.index(c) for c in found] == sorted(order.index(c) for c in found)
    assert is_complete(V2, choices) == ("A1" in choices and all(c in choices for c in found))


@SETTINGS
@given(v2_choices(), v2_choices())
def test_the_case_not_chosen_never_changes_the_total(choices: dict[str, str], other: dict[str, str]) -> None:
    chosen = choices.get("A1")
    if chosen is None:
        elsewhere = {k: v for k, v in other.items() if V2.case_of(k) is not None}
    else:
        elsewhere = {k: v for k, v in other.items() if V2.case_of(k) is not None and V2.case_of(k)[1].id != chosen}
    mixed = {**choices, **elsewhere}
    assert member_total(V2, mixed) == member_total(V2, choices)
    assert is_complete(V2, mixed) == is_complete(V2, choices)


@SETTINGS
@given(v2_choices())
def test_the_none_option_counts_zero_and_still_answers(choices: dict[str, str]) -> None:
    for crit in V2.criteria():
        none = crit.none_option
        if none is None or crit.id not in choices:
            continue
        changed = {**choices, crit.id: none.id}
        assert leaf_points(V2, changed).get(crit.id, 0) == 0
        assert is_complete(V2, changed) == is_complete(V2, choices)
        assert member_total(V2, changed) <= member_total(V2, choices)


MARKS = st.sampled_from([None, None, None, 3, 4, 5])


@st.composite
def marked_councils(draw: st.DrawFn) -> tuple[dict[str, Any], list[list[int]], list[dict[str, int]]]:
    """A plain generated set, markers to put on its options, and complete sheets (option index per criterion)."""
    data = draw(criteria_dicts())
    crits = [c for p in data["parts"] for s in p["sections"] for c in s["criteria"]]
    markers = [[draw(MARKS) for _o in c["options"]] for c in crits]
    sheets = [{c["id"]: draw(st.integers(0, len(c["options"]) - 1)) for c in crits}
              for _m in range(draw(st.integers(1, 6)))]
    return data, markers, sheets


def _with_markers(data: dict[str, Any], markers: list[list[int | None]]) -> CriteriaSet:
    out = copy.deepcopy(data)
    out["format"] = "ocop-desk/criteria@2"
    crits = [c for p in out["parts"] for s in p["sections"] for c in s["criteria"]]
    for crit, marks in zip(crits, markers):
        for opt, mark in zip(crit["options"], marks):
            if mark is not None:
                opt["star_marker"] = mark
    return validate_criteria(out, "marked.json")


def _sheets(cs: CriteriaSet, picks: list[dict[str, int]]) -> list[MemberSheet]:
    return [MemberSheet(f"tv{i}", {cid: cs.criterion(cid).options[k].id for cid, k in p.items()})
            for i, p in enumerate(picks)]


@SETTINGS
@given(marked_councils(), st.sampled_from(["mean", "majority", "every"]))
def test_markers_only_ever_lower_the_star(council, rule: str) -> None:
    data, markers, picks = council
    profile = make_profile(min_scorecards=1, star_marker_rule=rule)
    plain = validate_criteria(copy.deepcopy(data), "plain.json")
    marked = _with_markers(data, markers)
    without = rank_product(plain, profile, _sheets(plain, picks))
    with_ = rank_product(marked, profile, _sheets(marked, picks))
    assert (with_.mean, with_.uncapped_star) == (without.mean, without.uncapped_star)
    assert with_.star <= without.star
    assert (with_.star < without.star) == bool(with_.cap_reasons)
    for sheet in _sheets(marked, picks):
        assert sheet_star(marked, profile, sheet.choices)[0] <= sheet_star(plain, profile, sheet.choices)[0]


@SETTINGS
@given(marked_councils(), st.data(), st.sampled_from(["mean", "majority", "every"]))
def test_adding_a_marker_never_raises_the_star(council, data, rule: str) -> None:
    """A new requirement only adds a hurdle.

    Not covered: a second marker of the same star on a *lower* option of the
    same criterion, which by design lowers "the least a product must reach"
    for that star (either marked option is enough).
    """
    base, markers, picks = council
    profile = make_profile(min_scorecards=1, star_marker_rule=rule)
    ci = data.draw(st.integers(0, len(markers) - 1))
    unmarked = [i for i, m in enumerate(markers[ci]) if m is None]
    assume(unmarked)
    oi = data.draw(st.sampled_from(unmarked))
    star = data.draw(st.sampled_from([3, 4, 5]))
    options = [c for p in base["parts"] for s in p["sections"] for c in s["criteria"]][ci]["options"]
    same_star = [options[i]["points"] for i, m in enumerate(markers[ci]) if m == star]
    assume(not same_star or options[oi]["points"] >= min(same_star))
    more = copy.deepcopy(markers)
    more[ci][oi] = star
    fewer_set, more_set = _with_markers(base, markers), _with_markers(base, more)
    before = rank_product(fewer_set, profile, _sheets(fewer_set, picks)).star
    after = rank_product(more_set, profile, _sheets(more_set, picks)).star
    assert after <= before
