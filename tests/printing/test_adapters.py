"""The adapters from session results to the summary, minutes and feedback values.

Results are built here in the shape `ocop_desk.results` documents
(SessionResults -> ProductOutcome -> ProductResult), over the real demo
session, so these tests do not depend on the ranking rules themselves.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from printing_proof import pdf_pages, pdf_text_flat

from ocop_desk.catalogue import criteria_set_by_pk, get_profile
from ocop_desk.printing import jobs
from ocop_desk.printing.feedback import write_feedback
from ocop_desk.printing.minutes import write_minutes
from ocop_desk.printing.summary import write_summary
from ocop_desk.scoring.totals import member_total
from ocop_desk.sessions import get_session, session_choices


@dataclass(frozen=True)
class _Flag:
    kind: str
    detail: str

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "detail": self.detail}


@dataclass
class _Results:
    session: Any
    profile: Any
    products: tuple[Any, ...] = field(default_factory=tuple)

    def recognised(self) -> tuple[Any, ...]:
        rule = self.profile.level(self.session.council.level)
        return tuple(p for p in self.products if p.result.status == "ranked" and p.result.star in rule.recognises)

    def forwarded(self) -> tuple[Any, ...]:
        rule = self.profile.level(self.session.council.level)
        return tuple(p for p in self.products if p.result.status == "ranked" and p.result.mean is not None
                     and rule.forwards_min is not None and p.result.mean >= rule.forwards_min)


def _results(store, session_id: str) -> _Results:
    detail = get_session(store, session_id)
    profile = get_profile(store, detail.council.profile_id)
    choices = session_choices(store, session_id)
    products = []
    for i, item in enumerate(detail.items):
        cs = criteria_set_by_pk(store, item.criteria_set_pk)
        members = []
        for m in detail.members:
            picked = choices.get((item.product_code, m.code), {})
            reason = "conflict" if m.code in item.conflicts else None if m.present else "absent"
            total = member_total(cs, picked) if picked and not reason else None
            members.append(SimpleNamespace(member=m.code, total=total, reason=reason if reason or total
                                           else "incomplete"))
        totals = [m.total for m in members if m.total is not None]
        mean = (sum(totals, Decimal(0)) / len(totals)).quantize(Decimal("0.01")) if totals else None
        status = "knocked_out" if item.knockouts else "ranked" if mean is not None else "unscored"
        star = None if status != "ranked" else (3 if mean < 70 else 4)
        flags = (_Flag("discrepancy", "chênh lệch 21 điểm"),) if i == 0 else ()
        result = SimpleNamespace(status=status, mean=mean, star=star, members=tuple(members), flags=flags)
        products.append(SimpleNamespace(item=item, criteria_set=cs, result=result, code=item.product_code))
    return _Results(detail, profile, tuple(products))


def test_summary_from_results(tmp_path: Path, store, demo) -> None:
    res = _results(store, demo.session_id)
    data = jobs.summary_data(res)
    assert len(data.rows) == len(res.products)
    first = data.rows[0]
    assert first.mean == res.products[0].result.mean
    counted = [m for m in res.products[0].result.members if m.total is not None]
    assert all(first.totals[m.member] == m.total for m in counted)
    assert "kind: discrepancy, detail: chênh lệch 21 điểm" in first.flags
    conflicted = next(p for p in res.products if p.item.conflicts)
    row = next(r for r in data.rows if r.code == conflicted.code)
    assert row.totals[conflicted.item.conflicts[0]] == "conflict"
    pdf = tmp_path / "s.pdf"
    write_summary(pdf, data)
    flat = pdf_text_flat(pdf)
    assert "xung đột lợi ích" in flat and "vắng mặt" in flat
    assert str(first.mean).replace(".", ",") in flat


def test_minutes_from_results(tmp_path: Path, store, demo) -> None:
    res = _results(store, demo.session_id)
    data = jobs.minutes_data(res, bundle_digest="ab" * 32, key_fingerprint="ABCD EFGH IJKL MNOP QRST UVWX YZ23 4567")
    assert data.forwards_min == Decimal(70) and data.recognised_stars == (3,)
    assert {r.code for r in data.recognised} == {p.code for p in res.recognised()}
    assert {r.code for r in data.forwarded} == {p.code for p in res.forwarded()}
    chair = next(m for m in res.session.members if m.role == "chair")
    pdf = tmp_path / "m.pdf"
    write_minutes(pdf, data)
    flat = pdf_text_flat(pdf)
    assert chair.name in flat and res.session.council.name in flat
    assert "ab" * 32 in flat
    assert "chênh lệch 21 điểm" in flat
    assert "ABCD EFGH IJKL MNOP QRST UVWX YZ23 4567" in flat


def test_council_key_fingerprint_is_found_on_this_machine(store, demo) -> None:
    from ocop_desk.bundles.keys import new_key, save_key

    council = get_session(store, demo.session_id).council
    assert jobs.council_key_fingerprint(council.id) == ""
    stored, _signing = new_key("council", council.id, "mật khẩu đủ dài 123", name=council.name,
                               level="district", scrypt_n=2**12)
    save_key(stored)
    assert jobs.council_key_fingerprint(council.id) == stored.public.fingerprint


def test_feedback_from_results(tmp_path: Path, store, demo) -> None:
    res = _results(store, demo.session_id)
    choices = session_choices(store, demo.session_id)
    scored = res.products[0]
    counted = [choices.get((scored.code, m.member), {}) for m in scored.result.members if not m.reason]
    page = jobs.feedback_page(scored, counted)
    exact = sum((member_total(scored.criteria_set, c) for c in counted), Decimal(0)) / len(counted)
    n_criteria = len(list(scored.criteria_set.criteria()))
    # each criterion mean is rounded to 0.01, so the parts add up to the mean within that
    assert abs(sum(p.score for p in page.parts) - exact) <= Decimal("0.005") * n_criteria
    assert page.losses == tuple(sorted(page.losses, key=lambda loss: (-loss.lost, loss.criterion)))
    for loss in page.losses:
        if loss.better_points is not None:
            assert loss.better_points > loss.achieved
    pdf = tmp_path / "f.pdf"
    assert write_feedback(pdf, [page]) == 1 == pdf_pages(pdf)
    assert scored.item.product_name.split()[0] in pdf_text_flat(pdf)
