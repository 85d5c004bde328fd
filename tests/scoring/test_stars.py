from __future__ import annotations

from decimal import Decimal

import pytest
from scoring_helpers import make_profile

from ocop_desk.scoring.stars import mean_of, round_mean, star_for_mean

D = Decimal


@pytest.mark.parametrize("value,places,expected", [
    ("49.995", 2, "50.00"),
    ("49.994999", 2, "49.99"),
    ("69.995", 2, "70.00"),
    ("0.5", 0, "1"),
    ("2.5", 0, "3"),   # half-up, not banker's rounding
    ("89.9949", 2, "89.99"),
    ("100", 2, "100.00"),
    ("63.45", 1, "63.5"),
])
def test_round_mean_is_half_up(value: str, places: int, expected: str) -> None:
    assert str(round_mean(D(value), places)) == expected


def test_mean_of_rounds_the_exact_mean_once() -> None:
    assert str(mean_of([D(50), D("49.99")], 2)) == "50.00"       # exact 49.995
    assert str(mean_of([D(1), D(1), D(0)], 2)) == "0.67"
    assert str(mean_of([D(100), D(100), D(100)], 2)) == "100.00"
    assert str(mean_of([D(0)], 2)) == "0.00"
    assert str(mean_of([D(64), D(63)], 2)) == "63.50"
    # 2/3 -> 0.6666... -> 0.67; a Decimal division at low precision would not matter here,
    # but a sum that is exactly half way must round up however many members there are
    assert str(mean_of([D(1)] * 7 + [D(0)] * 9, 3)) == "0.438"   # 7/16 = 0.4375
    assert str(mean_of([D("70.005")] * 3, 2)) == "70.01"


def test_mean_of_nothing_is_an_error() -> None:
    with pytest.raises(ValueError):
        mean_of([], 2)


@pytest.mark.parametrize("mean,star", [
    ("0", 1), ("29.99", 1), ("30.00", 2), ("49.99", 2), ("50.00", 3), ("69.99", 3),
    ("70.00", 4), ("89.99", 4), ("90.00", 5), ("100.00", 5),
])
def test_default_bands(mean: str, star: int) -> None:
    assert star_for_mean(D(mean), make_profile()) == star


def test_printed_value_and_star_agree_at_the_edge() -> None:
    profile = make_profile()
    rounded = mean_of([D(50), D("49.99")], profile.places)
    assert star_for_mean(rounded, profile) == 3


def test_bands_come_from_the_profile() -> None:
    bands = [{"star": s, "min": m} for s, m in ((1, 0), (2, 40), (3, 55), (4, 75), (5, 92))]
    profile = make_profile(star_bands=bands)
    assert star_for_mean(D("54.99"), profile) == 2
    assert star_for_mean(D("91.99"), profile) == 4
    assert star_for_mean(D("92"), profile) == 5


def test_below_every_band_is_an_error() -> None:
    with pytest.raises(ValueError):
        star_for_mean(D("-1"), make_profile())
