"""Core fixtures (a store, a demo session, table snapshots), shared by tests/core and tests/store."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any, Callable

import pytest
from sqlalchemy import inspect, text

from ocop_desk.store.engine import Store, open_store


@pytest.fixture
def store(tmp_store_url: str) -> Store:
    s = open_store(tmp_store_url)
    yield s
    s.dispose()


@pytest.fixture
def demo(store: Store):  # type: ignore[no-untyped-def]
    from ocop_desk.demo import create_demo

    return create_demo(store, products=6, members=9, seed=7)


@pytest.fixture
def demo_data(store: Store) -> Callable[..., dict[str, Any]]:
    """A fresh interchange dict each call (tests mutate it to make it bad)."""
    from ocop_desk.demo import demo_data as make

    cache: dict[tuple, dict[str, Any]] = {}

    def get(products: int = 6, members: int = 9, seed: int = 7) -> dict[str, Any]:
        key = (products, members, seed)
        if key not in cache:
            cache[key] = make(store, products=products, members=members, seed=seed)
        return copy.deepcopy(cache[key])

    return get


def snapshot(store: Store) -> dict[str, list[tuple]]:
    """Every row of every table, to prove that a refused input changed nothing."""
    out = {}
    with store.engine.connect() as conn:
        for table in sorted(inspect(conn).get_table_names()):
            out[table] = sorted(tuple(map(str, r)) for r in conn.execute(text(f'SELECT * FROM "{table}"')))
    return out


@pytest.fixture
def take_snapshot() -> Callable[[Store], dict[str, list[tuple]]]:
    return snapshot


def write_json(path: Path, data: Any) -> Path:
    import json

    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


@pytest.fixture(autouse=True)
def english_messages():
    """Service tests read English messages; the CLI tests choose their language per call."""
    from ocop_desk.i18n import set_language

    set_language("en")
    yield
    set_language()


def close_session(store: Store, session_id: str) -> None:
    """Close a session as the council does before signing its results (unfinished sheets acknowledged)."""
    from ocop_desk.sessions import get_session, set_state

    if get_session(store, session_id).state == "preparing":
        set_state(store, session_id, "scoring")
    set_state(store, session_id, "closed", acknowledge_unfinished="test: sheets left unfinished on purpose")


def reopen_session(store: Store, session_id: str) -> None:
    from ocop_desk.sessions import set_state

    set_state(store, session_id, "scoring", reason="test: the session changes after its export")


def sheet_at(cs, quality: float) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """A complete sheet: in each criterion the option `quality` (0..1) up its points scale.

    Case sections take their first case (only its criteria are answered);
    a checklist at quality 1 ticks every option but "none", below 1 the
    option of that rank alone.
    """
    from ocop_desk.scoring.criteria import join_checklist

    choices: dict[str, str] = {}
    skipped: set[str] = set()
    for section in cs.case_sections():
        choices[section.id] = section.cases[0].id
        skipped |= {leaf.id for case in section.cases[1:] for leaf in case.leaves()}
    for crit in cs.criteria():
        if crit.id in skipped:
            continue
        ordered = sorted((o for o in crit.options if not (crit.kind == "checklist" and o.none)),
                         key=lambda o: o.points) or list(crit.options)
        if crit.kind == "checklist" and quality >= 1:
            choices[crit.id] = join_checklist(crit, [o.id for o in ordered])
        else:
            choices[crit.id] = ordered[round(quality * (len(ordered) - 1))].id
    return choices
