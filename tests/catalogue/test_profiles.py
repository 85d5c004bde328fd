"""The shipped regulation profiles."""

from __future__ import annotations

from decimal import Decimal

import pytest

from ocop_desk.canonical import jsonable
from ocop_desk.scoring.profiles import LEVELS, profile_from_dict, profile_to_dict

from .conftest import PROFILE_FILES, load


@pytest.mark.parametrize("path", PROFILE_FILES, ids=lambda p: p.stem)
def test_profile_is_the_canonical_layout(path) -> None:
    data = load(path)
    assert path.stem == data["id"]
    assert jsonable(profile_to_dict(profile_from_dict(data))) == jsonable(data)


@pytest.mark.parametrize("path", PROFILE_FILES, ids=lambda p: p.stem)
def test_profile_numbers_make_sense(path) -> None:
    p = profile_from_dict(load(path))
    assert sum(p.parts.values()) == 100
    assert [b.star for b in p.star_bands] == [1, 2, 3, 4, 5]
    assert p.star_bands[0].min == 0
    assert [b.min for b in p.star_bands] == sorted({b.min for b in p.star_bands})
    assert p.places == 2 and p.discrepancy_threshold == 15
    assert 3 <= p.min_scorecards <= 9
    assert set(p.levels) <= set(LEVELS) and "district" in p.levels
    for rule in p.levels.values():
        assert set(rule.recognises) <= {1, 2, 3, 4, 5}
    assert p.notes and "min_scorecards" in p.notes


def test_2023_profile_is_the_one_the_brief_describes(shipped_profiles) -> None:
    p = profile_from_dict(shipped_profiles["148-2023"])
    assert dict(p.parts) == {"A": 40, "B": 25, "C": 35}
    assert [(b.star, b.min) for b in p.star_bands] == [(1, 0), (2, 30), (3, 50), (4, 70), (5, 90)]
    assert p.level("district").recognises == (3,) and p.level("district").forwards_min == Decimal(70)
    assert 4 in p.level("province").recognises and p.level("province").forwards_min == Decimal(90)
    assert p.level("central").recognises == (5,) and p.level("central").forwards_min is None


def test_older_profiles_have_their_own_splits(shipped_profiles) -> None:
    assert dict(profile_from_dict(shipped_profiles["1048-2019"]).parts) == {"A": 35, "B": 25, "C": 40}
    assert dict(profile_from_dict(shipped_profiles["tinh-35-20-45"]).parts) == {"A": 35, "B": 20, "C": 45}
