"""Star markers, criterion knock-outs and stop options in the ranking of a product."""

from __future__ import annotations

from decimal import Decimal
from typing import Iterator

import pytest
from scoring_helpers import make_profile, make_v2_set

from ocop_desk import i18n
from ocop_desk.scoring.criteria import CriteriaSet
from ocop_desk.scoring.ranking import MemberSheet, rank_product, sheet_star
from ocop_desk.scoring.requirements import (
    StarRequirement,
    knockout_label,
    requirement_reason,
    sheet_requirements,
    star_requirements,
)


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    i18n.set_language("en")
    yield
    i18n.set_language(None)


@pytest.fixture
def v2() -> CriteriaSet:
    return make_v2_set()


# Full marks: case 2, both sub-criteria at the top, every marker met.
BEST = {"A1": "A1-k2", "A1y1": "A1y1-1", "A1y2": "A1y2-1+A1y2-2", "B1a": "B1a-3", "C1a": "C1a-2", "C2a": "C2a-4"}


def sheets(*choices: dict) -> list[MemberSheet]:
    return [MemberSheet(f"tv{i}", c) for i, c in enumerate(choices)]


def test_requirements_come_from_option_and_criterion_markers(v2: CriteriaSet) -> None:
    reqs = star_requirements(v2)
    assert [(r.star, r.criterion_id, r.min) for r in reqs] == [
        (4, "A1y1", Decimal(20)), (3, "C1a", Decimal(10)), (5, "C1a", Decimal(15)), (5, "C2a", Decimal(5))]
    assert reqs[0].label == "Criterion A1y1 «Hợp đồng» reaches the (****) level"


def test_requirements_on_one_sheet(v2: CriteriaSet) -> None:
    checks = sheet_requirements(v2, {"A1": "A1-k2", "A1y1": "A1y1-1", "C1a": "C1a-0"})
    assert [(c.requirement.criterion_id, c.points, c.met) for c in checks] == [
        ("A1y1", Decimal(20), True), ("C1a", Decimal(0), False), ("C1a", Decimal(0), False), ("C2a", None, None)]
    other_case = sheet_requirements(v2, {"A1": "A1-k1", "A1y1": "A1y1-1"})
    assert other_case[0].met is None  # not applicable


def test_the_reason_names_the_criterion_and_the_star(v2: CriteriaSet) -> None:
    req = StarRequirement(5, "C2a", Decimal(5), "")
    assert requirement_reason(v2, req) == "Criterion C2a «Tiêu chí C2a — chất lượng đồng đều» does not reach the " \
                                          "(*****) level"


def test_vietnamese_reason(v2: CriteriaSet) -> None:
    i18n.set_language("vi")
    req = StarRequirement(5, "C2a", Decimal(5), "")
    assert requirement_reason(v2, req).startswith("Tiêu chí C2a «")
    assert requirement_reason(v2, req).endswith("» chưa đạt mức (*****)")


def test_a_missed_marker_caps_the_star_below_it(v2: CriteriaSet) -> None:
    profile = make_profile(min_scorecards=1)
    # 95 points, but C1a gives 10, short of its (*****) option: 4 stars, the reason names C1a.
    r = rank_product(v2, profile, sheets({**BEST, "C1a": "C1a-1"}))
    assert (r.mean, r.uncapped_star, r.star) == (Decimal("95.00"), 5, 4)
    assert r.cap_reasons == ("Criterion C1a «Tiêu chí C1a — chất lượng đồng đều» does not reach the (*****) level",)
    assert [f.kind for f in r.flags] == ["star_capped"]
    # 85 points is 4 stars by the band already: a missed (*****) changes nothing and says nothing.
    r = rank_product(v2, profile, sheets({**BEST, "C1a": "C1a-1", "A1y2": "A1y2-2"}))
    assert (r.uncapped_star, r.star, r.cap_reasons) == (4, 4, ())
    # 90 points without (***) on C1a: capped to 2, and only the (***) reason is given.
    r = rank_product(v2, profile, sheets({**BEST, "C1a": "C1a-0"}))
    assert (r.uncapped_star, r.star) == (4, 2) and len(r.cap_reasons) == 1 and "(***)" in r.cap_reasons[0]


def test_markers_judged_by_the_mean_of_the_members(v2: CriteriaSet) -> None:
    profile = make_profile(min_scorecards=1)
    low = {**BEST, "C1a": "C1a-1"}  # C1a = 10, short of (*****) 15
    high = dict(BEST)  # C1a = 15
    # 15, 15, 15, 10, 10: mean 13 < 15 -> capped by the mean; 3 of 5 reach it -> a majority.
    council = sheets(high, high, high, low, low)
    assert rank_product(v2, profile, council).star == 4
    majority = make_profile(min_scorecards=1, star_marker_rule="majority")
    assert rank_product(v2, majority, council).star == 5
    every = make_profile(min_scorecards=1, star_marker_rule="every")
    assert rank_product(v2, every, council).star == 4
    # 15 x 9 and 10 x 1: the mean 14.5 misses 15; the majority is met; "every" is not.
    council = sheets(*([high] * 9 + [low]))
    assert [rank_product(v2, p, council).star for p in (profile, majority, every)] == [4, 5, 4]
    assert rank_product(v2, every, sheets(high, high)).star == 5


def test_the_mean_of_a_marker_is_rounded_like_the_printed_mean(v2: CriteriaSet) -> None:
    """C1a (***) needs 10; the members' mean on C1a is rounded to the profile's places first."""

    def three_star_missed(points: list[str], places: int) -> bool:
        council = sheets(*({**BEST, "C1a": p} for p in points))
        r = rank_product(v2, make_profile(min_scorecards=1, rounding={"places": places}), council)
        return any("(***)" in reason for reason in r.cap_reasons)

    assert three_star_missed(["C1a-2", "C1a-1", "C1a-0", "C1a-1"], 0)  # 8.75 -> 9
    # 5 x 15, 2 x 10, 3 x 0: exactly 9.5, printed 10 with no decimals, 9.50 with two.
    points = ["C1a-2"] * 5 + ["C1a-1"] * 2 + ["C1a-0"] * 3
    assert not three_star_missed(points, 0)
    assert three_star_missed(points, 2)


def test_a_marker_of_the_case_not_chosen_is_left_out_of_the_mean(v2: CriteriaSet) -> None:
    profile = make_profile(min_scorecards=1, star_marker_rule="every")
    case1 = {**BEST, "A1": "A1-k1", "A1x": "A1x-1"}
    missed = {**BEST, "A1y1": "A1y1-0"}
    r = rank_product(v2, profile, sheets(case1, case1, missed))
    # A1y1 applies on one sheet only, where it misses (****): capped at 3 even with "every".
    assert r.star == 3 and any("A1y1" in x for x in r.cap_reasons)
    r = rank_product(v2, profile, sheets(case1, case1))
    assert r.star == 5


def test_criterion_knockouts_follow_the_profile_rule(v2: CriteriaSet) -> None:
    out = {**BEST, "B1a": "B1a-1"}
    majority = make_profile(min_scorecards=1)
    r = rank_product(v2, majority, sheets(out, BEST, BEST))
    assert r.status == "ranked"
    r = rank_product(v2, majority, sheets(out, out, BEST))
    assert r.status == "knocked_out" and r.knockouts == ("opt:B1a-1",) and r.star is None
    r = rank_product(v2, majority, sheets(out, BEST))
    assert r.status == "ranked"  # one of two is not a majority
    anyone = make_profile(min_scorecards=1, criterion_knockout_rule="any")
    r = rank_product(v2, anyone, sheets(out, BEST, BEST), knockouts=["K1"])
    assert r.status == "knocked_out" and r.knockouts == ("K1", "opt:B1a-1")


def test_an_incomplete_sheet_does_not_knock_out(v2: CriteriaSet) -> None:
    partial = {"A1": "A1-k2", "B1a": "B1a-1"}
    r = rank_product(v2, make_profile(min_scorecards=1, criterion_knockout_rule="any"), sheets(partial, BEST))
    assert r.status == "ranked" and r.counted == 1
    ignored = {**BEST, "A1x": "A1x-1"}  # an answer of the case not chosen
    r = rank_product(v2, make_profile(min_scorecards=1), sheets(partial, ignored))
    assert [m.answered for m in r.members] == [2, 6]  # case choice + applicable answers


def test_sheet_star(v2: CriteriaSet) -> None:
    profile = make_profile()
    assert sheet_star(v2, profile, BEST) == (5, ())
    assert sheet_star(v2, profile, {**BEST, "B1a": "B1a-1"}) == (None, ())
    del_case = {k: v for k, v in BEST.items() if k != "A1"}
    assert sheet_star(v2, profile, del_case) == (None, ())
    star, reasons = sheet_star(v2, profile, {**BEST, "C1a": "C1a-1"})
    assert star == 4 and "C1a" in reasons[0]


def test_profile_rules_are_validated() -> None:
    from ocop_desk.errors import CriteriaError

    with pytest.raises(CriteriaError):
        make_profile(star_marker_rule="median")
    with pytest.raises(CriteriaError):
        make_profile(criterion_knockout_rule="all")
    assert make_profile().star_marker_rule == "mean"
    assert make_profile().criterion_knockout_rule == "majority"


def test_knockout_labels_of_both_kinds(v2: CriteriaSet) -> None:
    assert knockout_label(v2, "opt:B1a-1") == "Bị loại nếu không có hồ sơ"
    assert knockout_label(v2, "K1") == "Hồ sơ có tài liệu giả mạo"
    assert knockout_label(v2, "opt:B1a-2") is None
    assert knockout_label(v2, "opt:nope") is None and knockout_label(v2, "K9") is None
