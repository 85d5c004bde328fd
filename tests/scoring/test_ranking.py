from __future__ import annotations

from decimal import Decimal

import pytest
from scoring_helpers import best, choose, make_profile, make_set, worst

from ocop_desk.scoring.criteria import CriteriaSet
from ocop_desk.scoring.profiles import Profile
from ocop_desk.scoring.ranking import Flag, MemberSheet, rank_product

D = Decimal


def sheet(cs: CriteriaSet, member: str, points: dict[str, int] | None = None, **kw) -> MemberSheet:
    return MemberSheet(member, choose(cs, points) if points is not None else best(cs), **kw)


P70 = {"A1a": 20, "A1b": 20, "B1a": 10, "C1a": 0, "C2a": 20}   # 70: A 40, B 10, C 20
P60 = {"A1a": 10, "A1b": 20, "B1a": 10, "C1a": 0, "C2a": 20}   # 60: A 30, B 10, C 20
P65 = {"A1a": 20, "A1b": 20, "B1a": 10, "C1a": 15, "C2a": 0}   # 65: A 40, B 10, C 15
P75 = {"A1a": 20, "A1b": 20, "B1a": 25, "C1a": 0, "C2a": 10}   # 75: A 40, B 25, C 10


def test_the_sums_these_tests_rely_on(tiny: CriteriaSet) -> None:
    from ocop_desk.scoring.totals import member_total

    assert [member_total(tiny, choose(tiny, p)) for p in (P70, P60, P65, P75)] == [70, 60, 65, 75]


def test_ranked_product(tiny: CriteriaSet, profile: Profile) -> None:
    r = rank_product(tiny, profile, [sheet(tiny, "m1", P70), sheet(tiny, "m2", P65), sheet(tiny, "m3", P75)])
    assert r.status == "ranked"
    assert r.mean == D("70.00") and str(r.mean) == "70.00"
    assert r.star == r.uncapped_star == 4
    assert r.counted == 3
    assert [m.member for m in r.members] == ["m1", "m2", "m3"]
    assert [m.total for m in r.members] == [70, 65, 75]
    assert r.members[1].parts == {"A": 40, "B": 10, "C": 15}
    assert all(m.reason is None and m.answered == 5 and not m.flagged for m in r.members)
    assert r.parts == {"A": D("40.00"), "B": D("15.00"), "C": D("15.00")}
    assert r.flags == () and r.knockouts == () and r.cap_reasons == ()


def test_excluded_and_incomplete_members_are_listed_but_not_counted(tiny: CriteriaSet, profile: Profile) -> None:
    sheets = [
        sheet(tiny, "chair", P70),
        sheet(tiny, "relative", P75, excluded="conflict"),
        sheet(tiny, "away", {}, excluded="absent"),
        sheet(tiny, "late", {"A1a": 20, "B1a": 25}),
        sheet(tiny, "m2", P65),
        sheet(tiny, "m3", P60),
    ]
    r = rank_product(tiny, profile, sheets)
    assert r.counted == 3
    assert r.mean == D("65.00") and r.star == 3
    reasons = {m.member: (m.reason, m.total, m.answered, dict(m.parts)) for m in r.members}
    assert reasons["relative"] == ("conflict", None, 5, {})
    assert reasons["away"] == ("absent", None, 0, {})
    assert reasons["late"] == ("incomplete", None, 2, {})
    assert reasons["chair"][0] is None and reasons["chair"][1] == 70


def _edge_set() -> CriteriaSet:
    from scoring_helpers import layout_dict

    from ocop_desk.scoring.validate import validate_criteria

    layout = {"A": {"A1": {"A1a": [D(0), D("9.99"), D(10), D(40)]}},
              "B": {"B1": {"B1a": [0, 25]}},
              "C": {"C1": {"C1a": [0, 15, 35]}}}
    return validate_criteria(layout_dict(layout), "edge.json")


def test_band_applies_to_the_rounded_mean() -> None:
    # the example: 49.995 -> 50.00 -> 3 stars, never "50.00, 2 stars"
    cs = _edge_set()
    profile = make_profile(min_scorecards=2)
    fifty = MemberSheet("a", {"A1a": "A1a-3", "B1a": "B1a-2", "C1a": "C1a-2"})      # 10 + 25 + 15
    almost = MemberSheet("b", {"A1a": "A1a-2", "B1a": "B1a-2", "C1a": "C1a-2"})     # 9.99 + 25 + 15
    r = rank_product(cs, profile, [fifty, almost])
    assert [m.total for m in r.members] == [D(50), D("49.99")]
    assert str(r.mean) == "50.00" and r.star == 3
    assert str(r.parts["A"]) == "10.00"   # 9.995 rounded the same way


def test_rounding_places_come_from_the_profile() -> None:
    cs = _edge_set()
    fifty = MemberSheet("a", {"A1a": "A1a-3", "B1a": "B1a-2", "C1a": "C1a-2"})
    almost = MemberSheet("b", {"A1a": "A1a-2", "B1a": "B1a-2", "C1a": "C1a-2"})
    r = rank_product(cs, make_profile(min_scorecards=2, rounding={"places": 3}), [fifty, almost])
    assert str(r.mean) == "49.995" and r.star == 2


def test_knock_out_gives_no_mean_and_no_star(tiny: CriteriaSet, profile: Profile) -> None:
    sheets = [sheet(tiny, f"m{i}") for i in range(5)]
    r = rank_product(tiny, profile, sheets, knockouts=["K2"])
    assert r.status == "knocked_out"
    assert r.mean is None and r.star is None and r.uncapped_star is None
    assert r.knockouts == ("K2",)
    assert [m.total for m in r.members] == [100] * 5  # members still listed with their totals
    assert r.counted == 5


def test_knock_out_wins_over_too_few_scorecards(tiny: CriteriaSet, profile: Profile) -> None:
    r = rank_product(tiny, profile, [sheet(tiny, "m1")], knockouts=["K1", "K1"])
    assert r.status == "knocked_out" and r.knockouts == ("K1",)


def test_unknown_knock_out_is_an_error(tiny: CriteriaSet, profile: Profile) -> None:
    with pytest.raises(ValueError, match="K9"):
        rank_product(tiny, profile, [sheet(tiny, "m1")], knockouts=["K9"])


def test_too_few_complete_scorecards(tiny: CriteriaSet, profile: Profile) -> None:
    sheets = [sheet(tiny, "m1"), sheet(tiny, "m2"), sheet(tiny, "m3", {"A1a": 20}),
              sheet(tiny, "m4", excluded="conflict")]
    r = rank_product(tiny, profile, sheets)
    assert r.status == "not_rankable"
    assert r.mean is None and r.star is None
    assert r.counted == 2
    assert [f.to_dict() for f in r.flags] == [
        {"kind": "too_few_scorecards", "member": None, "counted": "2", "minimum": "3"}]


def test_no_sheets_at_all(tiny: CriteriaSet, profile: Profile) -> None:
    r = rank_product(tiny, profile, [])
    assert r.status == "not_rankable" and r.counted == 0 and r.members == () and r.parts == {}


def test_minimum_comes_from_the_profile(tiny: CriteriaSet) -> None:
    sheets = [sheet(tiny, "m1", P70), sheet(tiny, "m2", P60)]
    assert rank_product(tiny, make_profile(min_scorecards=2), sheets).status == "ranked"
    assert rank_product(tiny, make_profile(min_scorecards=3), sheets).status == "not_rankable"


def test_unmet_star_condition_caps_the_star_with_its_reason() -> None:
    cs = make_set(star_conditions=[{"star": 4, "ref": "C", "min": 25, "label": "Phần C đạt từ 25 điểm"}])
    profile = make_profile()
    # totals 70 / 70 / 75, part C 20 for everyone: 4 stars by the mean, capped at 3
    r = rank_product(cs, profile, [sheet(cs, "m1", P70), sheet(cs, "m2", P70), sheet(cs, "m3", P75)])
    assert r.mean == D("71.67")
    assert r.uncapped_star == 4 and r.star == 3
    assert r.cap_reasons == ("Phần C đạt từ 25 điểm",)
    assert [f.to_dict() for f in r.flags] == [
        {"kind": "star_capped", "member": None, "from": "4", "to": "3", "reasons": "Phần C đạt từ 25 điểm"}]


def test_met_or_irrelevant_star_condition_does_not_cap() -> None:
    cs = make_set(star_conditions=[
        {"star": 4, "ref": "C2a", "min": 15, "label": "C2a từ 15 điểm"},
        {"star": 5, "ref": "B", "min": 25, "label": "Phần B đạt tối đa"},   # the product is not a 5 anyway
    ])
    r = rank_product(cs, make_profile(), [sheet(cs, "m1", P70), sheet(cs, "m2", P70), sheet(cs, "m3", P75)])
    assert r.star == r.uncapped_star == 4 and r.cap_reasons == () and r.flags == ()


def test_star_condition_is_on_the_mean_over_counted_members() -> None:
    cs = make_set(star_conditions=[{"star": 5, "ref": "B1", "min": 20, "label": "Nhóm B1 từ 20"}])
    high = {"A1a": 20, "A1b": 20, "B1a": 25, "C1a": 15, "C2a": 20}          # 100
    lower_b = {"A1a": 20, "A1b": 20, "B1a": 10, "C1a": 15, "C2a": 20}       # 85
    # B1 mean (25 + 25 + 10) / 3 = 20.00: met; the mean 95 stays 5 stars
    r = rank_product(cs, make_profile(), [sheet(cs, "a", high), sheet(cs, "b", high), sheet(cs, "c", lower_b),
                                          sheet(cs, "x", {**high, "B1a": 0}, excluded="conflict")])
    assert r.mean == 95 and r.star == 5
    r2 = rank_product(cs, make_profile(), [sheet(cs, "a", high), sheet(cs, "b", lower_b), sheet(cs, "c", lower_b)])
    assert r2.mean == 90 and r2.uncapped_star == 5 and r2.star == 4 and r2.cap_reasons == ("Nhóm B1 từ 20",)


def test_discrepancy_is_flagged_and_nothing_is_dropped(tiny: CriteriaSet) -> None:
    profile = make_profile()
    outlier = {"A1a": 0, "A1b": 20, "B1a": 10, "C1a": 0, "C2a": 10}    # 40
    sheets = [sheet(tiny, "m1", P70), sheet(tiny, "m2", P75), sheet(tiny, "m3", P70), sheet(tiny, "m4", outlier)]
    r = rank_product(tiny, profile, sheets)
    assert r.mean == D("63.75")                # (70 + 75 + 70 + 40) / 4: the 40 counts
    assert [m.flagged for m in r.members] == [False, False, False, True]
    assert [f.to_dict() for f in r.flags] == [
        {"kind": "discrepancy", "member": "m4", "total": "40", "median_of_others": "70.00", "gap": "30.00"}]


def test_flag_to_dict_has_strings_only() -> None:
    f = Flag("discrepancy", "m1", {"total": "40", "median_of_others": "71.00", "gap": "31.00"})
    d = f.to_dict()
    assert d["kind"] == "discrepancy" and d["member"] == "m1"
    assert all(isinstance(v, str) for k, v in d.items() if k != "member")


@pytest.mark.parametrize("bad", [
    MemberSheet("m1", {"A1a": "nope"}),
    MemberSheet("m1", {"Z1": "Z1-1"}),
    MemberSheet("m1", {"Z1": "Z1-1"}, excluded="conflict"),
    MemberSheet("m1", {}, excluded="sick"),
])
def test_bad_sheets_are_an_error(tiny: CriteriaSet, profile: Profile, bad: MemberSheet) -> None:
    with pytest.raises(ValueError):
        rank_product(tiny, profile, [bad])


def test_two_sheets_of_one_member_are_an_error(tiny: CriteriaSet, profile: Profile) -> None:
    with pytest.raises(ValueError, match="m1"):
        rank_product(tiny, profile, [sheet(tiny, "m1"), sheet(tiny, "m1", P70)])


def test_worst_sheets_give_one_star(tiny: CriteriaSet, profile: Profile) -> None:
    r = rank_product(tiny, profile, [MemberSheet(f"m{i}", worst(tiny)) for i in range(3)])
    assert r.mean == 0 and r.star == 1


def test_part_means_are_kept_for_feedback_when_there_is_no_star(tiny: CriteriaSet, profile: Profile) -> None:
    out = rank_product(tiny, profile, [sheet(tiny, "m1", P70), sheet(tiny, "m2", P60)], knockouts=["K1"])
    assert out.status == "knocked_out" and out.parts == {"A": D("35.00"), "B": D("10.00"), "C": D("20.00")}
    few = rank_product(tiny, profile, [sheet(tiny, "m1", P70), sheet(tiny, "m2", P60)])
    assert few.status == "not_rankable" and few.mean is None and few.parts == out.parts



def test_sheet_star_applies_the_caps_of_the_set() -> None:
    from ocop_desk.scoring.ranking import sheet_star

    cs = make_set(star_conditions=[{"star": 4, "ref": "C", "min": 25, "label": "Phần C đạt từ 25 điểm"}])
    profile = make_profile()
    assert sheet_star(cs, profile, {}) == (None, ())
    assert sheet_star(cs, profile, best(cs)) == (5, ())
    assert sheet_star(cs, profile, sheet(cs, "m1", P75).choices) == (3, ("Phần C đạt từ 25 điểm",))
