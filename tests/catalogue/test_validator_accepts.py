"""The real validator accepts every shipped file, each set against its own profile."""

from __future__ import annotations

from pathlib import Path

import pytest

from ocop_desk.scoring.validate import validate_criteria, validate_profile

from .conftest import CRITERIA_FILES, PROFILE_FILES, load


@pytest.mark.parametrize("path", PROFILE_FILES, ids=lambda p: p.stem)
def test_profile_validates(path: Path) -> None:
    assert validate_profile(load(path), str(path)).id == path.stem


@pytest.mark.parametrize("path", CRITERIA_FILES, ids=lambda p: p.stem)
def test_set_validates_against_its_profile(path: Path) -> None:
    data = load(path)
    profile = validate_profile(load(path.parents[2] / "profiles" / f"{data['profile']}.json"), data["profile"])
    cs = validate_criteria(data, str(path), profile)
    assert cs.id == data["id"] and cs.max_total == 100
