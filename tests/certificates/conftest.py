"""A closed demo session of Chợ Mới (three products recognised at 3 stars), ready for a decision."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.core_fixtures import demo, english_messages, store, take_snapshot  # noqa: F401

COUNCIL = "HD-OCOP-065"
AUTHORITY = "Ủy ban nhân dân huyện Chợ Mới"
DECISION_DAY = dt.date(2026, 9, 15)


@pytest.fixture
def closed(store, demo):  # type: ignore[no-untyped-def]
    from ocop_desk import certificates, sessions

    sessions.set_state(store, demo.session_id, "closed", acknowledge_unfinished="kiểm thử: phiếu chưa chấm đủ")
    certificates.set_council_paper_details(store, COUNCIL, parent_authority=AUTHORITY, place_name="Chợ Mới")
    return demo.session_id


@pytest.fixture
def recognised(store, closed):  # type: ignore[no-untyped-def]
    from ocop_desk.certificates import recognise

    return recognise(store, closed, "125", DECISION_DAY)


def rescore_later(store, product_code: str, quality: float, session_id: str = "2029-CM-01",  # type: ignore[no-untyped-def]
                  day: dt.date = dt.date(2029, 8, 20)) -> str:
    """A later session of the same council re-scoring one product, every member ticking the same options.

    `quality` 0..1 picks the option that far up each criterion's scale (0 the lowest, 1 the best).
    """
    from ocop_desk import sessions
    from ocop_desk.results import session_results

    first = session_results(store, sessions.list_sessions(store)[-1].id)
    set_id = first.product(product_code).criteria_set.id
    sessions.create_session(store, session_id, COUNCIL, day, "Chợ Mới")
    sessions.add_to_agenda(store, session_id, product_code, set_id)
    cs = sessions.criteria_set_for(store, session_id, product_code)
    from tests.core_fixtures import sheet_at

    choices = sheet_at(cs, quality)
    detail = sessions.get_session(store, session_id)
    sessions.set_state(store, session_id, "scoring")
    sessions.record_scorecards(store, session_id, [sessions.SheetEntry(product_code, m.code, choices, {})
                                                   for m in detail.members])
    sessions.set_state(store, session_id, "closed", acknowledge_unfinished="kiểm thử: phiếu chưa chấm đủ")
    return session_id
