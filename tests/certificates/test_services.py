"""Recognition, the register and the re-evaluation list, computed with calendar months."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from ocop_desk import certificates as C
from ocop_desk.errors import ImportRefused, SessionLocked
from ocop_desk.store.models import AuditEntry

from tests.certificates.conftest import AUTHORITY, DECISION_DAY, rescore_later


@pytest.mark.parametrize(("issued", "until"), [
    (dt.date(2026, 9, 15), dt.date(2029, 9, 15)),
    (dt.date(2026, 1, 31), dt.date(2029, 1, 31)),
    (dt.date(2024, 2, 29), dt.date(2027, 2, 28)),  # no 29 February in 2027
    (dt.date(2025, 12, 31), dt.date(2028, 12, 31)),
])
def test_validity_is_36_calendar_months(issued: dt.date, until: dt.date) -> None:
    assert C.VALIDITY_MONTHS == 36
    assert C.valid_until(issued) == until


@pytest.mark.parametrize(("day", "months", "expected"), [
    (dt.date(2026, 1, 31), 1, dt.date(2026, 2, 28)),
    (dt.date(2028, 1, 31), 1, dt.date(2028, 2, 29)),
    (dt.date(2026, 3, 31), -1, dt.date(2026, 2, 28)),
    (dt.date(2026, 11, 30), 3, dt.date(2027, 2, 28)),
    (dt.date(2026, 5, 15), 0, dt.date(2026, 5, 15)),
])
def test_add_months_is_month_end_safe(day: dt.date, months: int, expected: dt.date) -> None:
    assert C.add_months(day, months) == expected


def test_recognise_numbers_every_recognised_product_in_one_audited_step(store, recognised) -> None:
    from ocop_desk.results import session_results

    res = session_results(store, recognised.session_id)
    want = [p.code for p in res.recognised()]
    assert want, "the demo must recognise something"
    assert [c.product_code for c in recognised.certificates] == want
    assert recognised.decision_number == "125/QĐ-UBND"
    assert recognised.authority == AUTHORITY
    numbers = [c.number for c in recognised.certificates]
    assert numbers == [f"{i:03d}/2026/OCOP-065" for i in range(1, len(want) + 1)]
    for c in recognised.certificates:
        assert c.issued == DECISION_DAY and c.valid_until == dt.date(2029, 9, 15)
        assert c.star in res.profile.level("district").recognises
        assert c.mean == format(res.product(c.product_code).result.mean, "f")
        assert c.district == "065"
    with store.read() as s:
        entry = s.scalars(select(AuditEntry).where(AuditEntry.action == "recognition")).one()
    assert "125/QĐ-UBND" in entry.detail and numbers[0] in entry.detail


def test_only_a_closed_session_is_recognised_and_nothing_is_written(store, demo, take_snapshot) -> None:
    before = take_snapshot(store)
    with pytest.raises(SessionLocked, match="not closed"):
        C.recognise(store, demo.session_id, "125", DECISION_DAY)
    assert take_snapshot(store) == before


@pytest.mark.parametrize(("number", "day", "match"), [
    ("125", DECISION_DAY, "already been recognised"),
    ("126", dt.date(2026, 9, 1), "before the meeting"),
    ("  ", DECISION_DAY, "decision number is needed"),
])
def test_refusals_leave_the_store_unchanged(store, recognised, take_snapshot, number, day, match) -> None:
    before = take_snapshot(store)
    with pytest.raises(ImportRefused, match=match):
        C.recognise(store, recognised.session_id, number, day)
    assert take_snapshot(store) == before


def test_a_decision_number_is_used_once(store, recognised, take_snapshot) -> None:
    code = recognised.certificates[0].product_code
    later = rescore_later(store, code, 0.5)
    before = take_snapshot(store)
    with pytest.raises(ImportRefused, match="already used"):
        C.recognise(store, later, "125/QĐ-UBND", dt.date(2029, 9, 1))
    assert take_snapshot(store) == before


def test_rescoring_keeps_the_history_of_stars(store, recognised) -> None:
    code = recognised.certificates[0].product_code
    first_star = recognised.certificates[0].star
    later = rescore_later(store, code, 0.5)  # a middling option on every criterion
    from ocop_desk.results import session_results

    res = session_results(store, later)
    assert res.product(code).result.star in res.profile.level("district").recognises
    second = C.recognise(store, later, "88/QĐ-UBND", dt.date(2029, 9, 1))
    assert [c.product_code for c in second.certificates] == [code]
    assert second.certificates[0].number == "001/2029/OCOP-065"
    hist = C.history(store, code)
    assert [c.decision_number for c in hist] == ["125/QĐ-UBND", "88/QĐ-UBND"]
    assert [c.star for c in hist] == [first_star, res.product(code).result.star]
    assert hist[1].mean == format(res.product(code).result.mean, "f") != hist[0].mean
    assert hist[0].superseded_by == hist[1].number and hist[1].current
    current = C.register(store)
    assert [c.number for c in current if c.product_code == code] == [hist[1].number]
    assert len(C.register(store, C.RegisterFilter(include_superseded=True))) == len(current) + 1


def test_a_star_this_level_does_not_certify_leaves_the_old_certificate_current(store, recognised,
                                                                              take_snapshot) -> None:
    code = recognised.certificates[0].product_code
    later = rescore_later(store, code, 0.85)  # 4 stars (markers met up to ****): forwarded, not certified here
    before = take_snapshot(store)
    with pytest.raises(ImportRefused, match="recognises no product"):
        C.recognise(store, later, "88", dt.date(2029, 9, 1))
    assert take_snapshot(store) == before
    assert [c.current for c in C.history(store, code)] == [True]


def test_register_filters(store, recognised) -> None:
    certs = recognised.certificates
    group = certs[0].group_id
    assert [c.number for c in C.register(store, C.RegisterFilter(group=group))] == \
        [c.number for c in certs if c.group_id == group]
    assert len(C.register(store, C.RegisterFilter(district="065"))) == len(certs)
    assert C.register(store, C.RegisterFilter(district="066")) == []
    assert C.register(store, C.RegisterFilter(star=5)) == []
    assert len(C.register(store, C.RegisterFilter(star=3, level="district"))) == len(certs)
    assert C.register(store, C.RegisterFilter(level="province")) == []


@pytest.mark.parametrize(("today", "months", "status"), [
    (dt.date(2029, 6, 15), 2, None),  # expires 15 Sep: beyond two months
    (dt.date(2029, 7, 15), 2, "due"),  # exactly two months ahead: included
    (dt.date(2029, 9, 15), 0, "due"),  # the last valid day
    (dt.date(2029, 9, 16), 0, "expired"),
    (dt.date(2031, 1, 1), 6, "expired"),
])
def test_due_windows(store, recognised, today, months, status) -> None:
    due = C.due_for_reevaluation(store, months, today)
    if status is None:
        assert due == []
        return
    assert {d.certificate.number for d in due} == {c.number for c in recognised.certificates}
    assert {d.status for d in due} == {status}
    assert all(d.days_left == (dt.date(2029, 9, 15) - today).days for d in due)


def test_due_list_leaves_out_superseded_certificates(store, recognised) -> None:
    code = recognised.certificates[0].product_code
    C.recognise(store, rescore_later(store, code, 0.5), "88", dt.date(2029, 9, 1))
    due = C.due_for_reevaluation(store, 1, dt.date(2029, 9, 10))
    assert code not in {d.certificate.product_code for d in due}
    assert len(due) == len(recognised.certificates) - 1


def test_negative_months_refused(store, recognised) -> None:
    with pytest.raises(ImportRefused, match="negative"):
        C.due_for_reevaluation(store, -1)


def test_paper_details(store, closed) -> None:
    C.set_session_start(store, closed, "08:00")
    C.set_paper_number(store, closed, "minutes", "12/BB-HĐ", dt.date(2026, 9, 15))
    d = C.paper_details(store, closed)
    assert (d.parent_authority, d.place_name, d.start_time) == (AUTHORITY, "Chợ Mới", "08:00")
    assert d.numbers == {"minutes": ("12/BB-HĐ", dt.date(2026, 9, 15))}
    with pytest.raises(ImportRefused, match="HH:MM"):
        C.set_session_start(store, closed, "8h")
