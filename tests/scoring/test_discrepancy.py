from __future__ import annotations

from decimal import Decimal

from ocop_desk.scoring.discrepancy import discrepancies, median

D = Decimal


def test_median() -> None:
    assert median([D(3), D(1), D(2)]) == 2
    assert median([D(4), D(1), D(2), D(3)]) == D("2.5")


def test_far_member_is_flagged_against_the_median_of_the_others() -> None:
    gaps = discrepancies([D(70), D(72), D(71), D(40)], D(15))
    assert [(g.index, g.total, g.median_of_others, g.gap) for g in gaps] == [(3, 40, 71, 31)]


def test_exactly_the_threshold_is_not_flagged() -> None:
    assert discrepancies([D(70), D(70), D(55)], D(15)) == []
    assert [g.index for g in discrepancies([D(70), D(70), D("54.99")], D(15))] == [2]


def test_needs_two_others() -> None:
    assert discrepancies([D(100), D(0)], D(15)) == []
    assert discrepancies([D(100)], D(15)) == []
    # with three members the others of a 0 are {100, 0}, median 50: the rule as
    # specified flags all three, so the council discusses the whole product
    assert [g.index for g in discrepancies([D(100), D(0), D(0)], D(15))] == [0, 1, 2]
    assert [g.index for g in discrepancies([D(100), D(0), D(0), D(0)], D(15))] == [0]


def test_two_camps_flag_everyone_far_from_the_others() -> None:
    gaps = discrepancies([D(90), D(90), D(40), D(40)], D(15))
    # the median of the others is 40 for a 90 and 90 for a 40: everyone is discussed
    assert [g.index for g in gaps] == [0, 1, 2, 3]
