"""Security tests: hostile and careless inputs, kills, fuzzing.

`unchanged(store)` is the one snapshot check every refusal test uses: every
row of every table, the audit log and its head included, is the same after
the block as before it.
"""

from __future__ import annotations

import contextlib
from typing import Iterator

import pytest

from tests.core_fixtures import demo, english_messages, snapshot, store  # noqa: F401


@contextlib.contextmanager
def _unchanged(store) -> Iterator[None]:  # type: ignore[no-untyped-def]
    before = snapshot(store)
    yield
    after = snapshot(store)
    changed = sorted(t for t in set(before) | set(after) if before.get(t) != after.get(t))
    assert not changed, f"a refused input changed the tables {changed}"


@pytest.fixture
def unchanged():  # type: ignore[no-untyped-def]
    return _unchanged
