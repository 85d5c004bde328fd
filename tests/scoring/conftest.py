"""Fixtures of the scoring tests (the builders are in scoring_helpers.py)."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from scoring_helpers import make_profile, make_set, tiny_set_dict

from ocop_desk.scoring.criteria import CriteriaSet
from ocop_desk.scoring.profiles import Profile


@pytest.fixture
def tiny() -> CriteriaSet:
    return make_set()


@pytest.fixture
def profile() -> Profile:
    return make_profile()


@pytest.fixture
def tiny_dict() -> dict[str, Any]:
    return copy.deepcopy(tiny_set_dict())


