"""Fixtures from tests/core_fixtures.py."""

from tests.core_fixtures import demo, demo_data, store, take_snapshot  # noqa: F401
