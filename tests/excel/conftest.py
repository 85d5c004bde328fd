"""Excel tests use the core fixtures: a store and the demo session."""

from tests.core_fixtures import demo, store, take_snapshot  # noqa: F401
