"""Fixtures from tests/core_fixtures.py."""

from tests.core_fixtures import demo, demo_data, english_messages, store, take_snapshot  # noqa: F401
