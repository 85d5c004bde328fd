"""Fixtures for the bundle tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from bundle_helpers import Party, make_party
from ocop_desk.bundles import trust


@pytest.fixture
def council() -> Party:
    return make_party()


@pytest.fixture
def trust_store(tmp_path: Path, council: Party) -> trust.TrustStore:
    store = trust.load_trust(tmp_path / "trust.json")
    store, _entry = trust.add_key(store, council.stored.public)
    return store


@pytest.fixture(autouse=True)
def _english_messages():  # type: ignore[no-untyped-def]
    """Tests here match English message text; test_vietnamese_* switch back explicitly."""
    from ocop_desk import i18n

    i18n.set_language("en")
    yield
    i18n.set_language(None)
