"""Results are recomputed from stored choices and agree with the scoring engine."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import pytest

from ocop_desk.catalogue import criteria_set_by_pk
from ocop_desk.errors import SessionLocked
from ocop_desk.results import results_json, session_results
from ocop_desk.scoring.totals import member_total
from ocop_desk.sessions import get_session, record_choice, session_choices, set_state


def test_demo_results_show_conflict_absence_knockout_and_discrepancy(store, demo):
    res = session_results(store, demo.session_id)
    d = res.session
    absent = [m.code for m in d.members if not m.present]
    assert absent
    first, second, third = res.products[:3]
    reasons = {m.member: m.reason for m in second.result.members}
    assert reasons[second.item.conflicts[0]] == "conflict"
    assert all(reasons[a] == "absent" for a in absent)
    assert third.result.status == "knocked_out" and third.result.star is None
    assert any(f.kind == "discrepancy" for f in first.result.flags)
    assert res.products[-1].result.status == "not_rankable"


def test_totals_equal_the_sum_of_ticked_points(store, demo):
    res = session_results(store, demo.session_id)
    choices = session_choices(store, demo.session_id)
    for p in res.products:
        for m in p.result.members:
            if m.total is not None:
                assert m.total == member_total(p.criteria_set, choices[(p.code, m.member)])
        if p.result.status == "ranked":
            counted = [m.total for m in p.result.members if m.total is not None]
            mean = (sum(counted, Decimal(0)) / len(counted)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
            assert p.result.mean == mean


def test_scoring_a_product_completely_makes_it_rankable(store, demo):
    d = get_session(store, demo.session_id)
    item = d.items[-1]
    cs = criteria_set_by_pk(store, item.criteria_set_pk)
    from tests.core_fixtures import sheet_at

    for m in d.members:
        if m.present and m.code not in item.conflicts:
            for key, value in sheet_at(cs, 1).items():
                record_choice(store, d.id, item.product_code, m.code, key, value, toggle=False)
    out = session_results(store, d.id).product(item.product_code).result
    assert out.status == "ranked" and out.mean == Decimal("100.00") and out.star == 5


def test_closed_session_refuses_choices_and_reopen_is_audited(store, demo):
    from ocop_desk.audit import entries

    d = get_session(store, demo.session_id)
    item = d.items[0]
    member = next(m.code for m in d.members if m.present and m.code not in item.conflicts)
    cs = criteria_set_by_pk(store, item.criteria_set_pk)
    crit = next(cs.criteria())
    set_state(store, d.id, "closed", acknowledge_unfinished="unfinished on purpose")
    with pytest.raises(SessionLocked):
        record_choice(store, d.id, item.product_code, member, crit.id, crit.options[0].id)
    with pytest.raises(SessionLocked):
        set_state(store, d.id, "scoring", reason="  ")
    set_state(store, d.id, "scoring", reason="Thành viên phát hiện nhập nhầm phiếu sản phẩm 1")
    last = entries(store, limit=1)[0]
    assert last["action"] == "session_state" and "nhập nhầm" in last["detail"]["reason"]
    record_choice(store, d.id, item.product_code, member, crit.id, crit.options[0].id)


def test_conflicted_member_cannot_score(store, demo):
    d = get_session(store, demo.session_id)
    item = d.items[1]
    cs = criteria_set_by_pk(store, item.criteria_set_pk)
    crit = next(cs.criteria())
    with pytest.raises(SessionLocked, match="conflict"):
        record_choice(store, d.id, item.product_code, item.conflicts[0], crit.id, crit.options[0].id)


def test_results_json_shape(store, demo):
    out = results_json(session_results(store, demo.session_id))
    p = out["products"][0]
    assert set(p) >= {"code", "name", "criteria_set", "status", "mean", "star", "parts", "members", "flags"}
    assert isinstance(p["mean"], str)


def test_forwarded_follow_the_profile(store, demo):
    res = session_results(store, demo.session_id)
    rule = res.profile.level("district")
    for p in res.forwarded():
        assert p.result.mean >= rule.forwards_min
    for p in res.recognised():
        assert p.result.star in rule.recognises


def test_record_scorecards_is_all_or_nothing(store, demo, take_snapshot):
    from ocop_desk.errors import ImportRefused
    from ocop_desk.sessions import SheetEntry, load_scorecard, record_scorecards

    d = get_session(store, demo.session_id)
    item = d.items[-1]
    cs = criteria_set_by_pk(store, item.criteria_set_pk)
    members = [m.code for m in d.members if m.present and m.code not in item.conflicts][:2]
    full = {c.id: c.options[-1].id for c in cs.criteria()}
    good = SheetEntry(item.product_code, members[0], full, {next(iter(full)): "Thiếu phiếu kiểm nghiệm"})
    bad = SheetEntry(item.product_code, members[1], {next(iter(full)): "không-có"}, {})
    before = take_snapshot(store)
    with pytest.raises(ImportRefused):
        record_scorecards(store, d.id, [good, bad])
    assert take_snapshot(store) == before
    assert record_scorecards(store, d.id, [good]) == len(full)
    card = load_scorecard(store, d.id, item.product_code, members[0])
    assert card.choices == full and card.notes == {next(iter(full)): "Thiếu phiếu kiểm nghiệm"}
    assert record_scorecards(store, d.id, [good]) == 0
