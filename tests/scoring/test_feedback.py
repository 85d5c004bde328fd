from __future__ import annotations

from decimal import Decimal

import pytest
from scoring_helpers import best, choose, make_profile

from ocop_desk.scoring.criteria import CriteriaSet
from ocop_desk.scoring.feedback import product_feedback
from ocop_desk.scoring.profiles import Profile
from ocop_desk.scoring.ranking import MemberSheet, rank_product

D = Decimal


def test_points_lost_per_criterion_most_first(tiny: CriteriaSet, profile: Profile) -> None:
    sheets = [
        MemberSheet("a", choose(tiny, {"A1a": 10, "A1b": 20, "B1a": 10, "C1a": 15, "C2a": 5})),
        MemberSheet("b", choose(tiny, {"A1a": 10, "A1b": 20, "B1a": 0, "C1a": 15, "C2a": 5})),
        MemberSheet("c", choose(tiny, {"A1a": 20, "A1b": 20, "B1a": 10, "C1a": 15, "C2a": 10})),
        MemberSheet("x", best(tiny), excluded="conflict"),        # never counted
        MemberSheet("y", choose(tiny, {"A1a": 0})),              # incomplete: not counted
    ]
    fb = product_feedback(tiny, profile, sheets)
    assert fb.counted == 3
    by_id = {c.criterion_id: c for c in fb.criteria}
    assert [c.criterion_id for c in fb.criteria] == ["B1a", "C2a", "A1a", "A1b", "C1a"]
    b1a = by_id["B1a"]
    assert (b1a.mean, b1a.max, b1a.lost) == (D("6.67"), D(25), D("18.33"))
    assert b1a.common.id == "B1a-2" and b1a.next_better is not None and b1a.next_better.id == "B1a-3"
    c2a = by_id["C2a"]
    assert c2a.mean == D("6.67") and c2a.lost == D("13.33")
    assert c2a.common.points == 5 and c2a.next_better.points == 10
    a1a = by_id["A1a"]
    assert a1a.common.points == 10 and a1a.next_better.points == 20
    assert by_id["A1b"].lost == 0 and by_id["A1b"].next_better is None
    assert [c.criterion_id for c in fb.losing()] == ["B1a", "C2a", "A1a"]
    assert [(p.part_id, p.mean, p.max, p.lost) for p in fb.parts] == [
        ("A", D("33.33"), D(40), D("6.67")), ("B", D("6.67"), D(25), D("18.33")), ("C", D("21.67"), D(35), D("13.33"))]
    # same figures as the result
    result = rank_product(tiny, profile, sheets)
    assert {p.part_id: p.mean for p in fb.parts} == dict(result.parts)


def test_ties_in_the_common_choice_go_to_the_lower_option(tiny: CriteriaSet) -> None:
    sheets = [MemberSheet("a", choose(tiny, {"A1a": 0, "A1b": 20, "B1a": 25, "C1a": 15, "C2a": 20})),
              MemberSheet("b", choose(tiny, {"A1a": 20, "A1b": 20, "B1a": 25, "C1a": 15, "C2a": 20}))]
    fb = product_feedback(tiny, make_profile(), sheets)
    a1a = next(c for c in fb.criteria if c.criterion_id == "A1a")
    assert a1a.common.points == 0 and a1a.next_better.points == 10
    assert a1a.mean == 10


def test_nothing_counted_means_no_feedback(tiny: CriteriaSet, profile: Profile) -> None:
    fb = product_feedback(tiny, profile, [MemberSheet("a", best(tiny), excluded="absent")])
    assert fb.counted == 0 and fb.parts == () and fb.criteria == ()


def test_unknown_choice_is_an_error(tiny: CriteriaSet, profile: Profile) -> None:
    with pytest.raises(ValueError):
        product_feedback(tiny, profile, [MemberSheet("a", {"A1a": "nope"})])


def test_vietnamese_titles_are_carried(tiny: CriteriaSet, profile: Profile) -> None:
    fb = product_feedback(tiny, profile, [MemberSheet("a", best(tiny))])
    assert fb.parts[0].title == "Sản phẩm và sức mạnh cộng đồng"
    assert fb.criteria[0].common.label.startswith("Mức")
