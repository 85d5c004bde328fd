"""The shipped catalogue, loaded once per test session."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from ocop_desk.scoring.criteria import load_json_text

FORMS = Path(__file__).resolve().parents[2] / "forms"
CRITERIA_FILES = sorted((FORMS / "criteria").rglob("*.json"))
PROFILE_FILES = sorted((FORMS / "profiles").glob("*.json"))


def load(path: Path) -> Any:
    return load_json_text(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def shipped_sets() -> dict[Path, dict[str, Any]]:
    return {path: load(path) for path in CRITERIA_FILES}


@pytest.fixture(scope="session")
def shipped_profiles() -> dict[str, dict[str, Any]]:
    return {load(path)["id"]: load(path) for path in PROFILE_FILES}
