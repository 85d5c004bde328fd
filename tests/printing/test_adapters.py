"""Summary, minutes and feedback from the real session results of the demo session."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from openpyxl import load_workbook
from printing_proof import pdf_fonts, pdf_pages, pdf_text, pdf_text_flat

from ocop_desk import print_jobs as jobs
from ocop_desk.results import member_sheets, session_results
from ocop_desk.scoring.feedback import product_feedback
from ocop_desk.sessions import get_session, session_choices


def test_summary_from_results(tmp_path: Path, store, demo) -> None:
    res = session_results(store, demo.session_id)
    data = jobs.summary_data(res)
    assert [r.code for r in data.rows] == [p.code for p in res.products]
    for row, p in zip(data.rows, res.products):
        assert row.mean == p.result.mean and row.star == p.result.star and row.status == p.result.status
        for m in p.result.members:
            if m.total is not None and not m.reason:
                assert row.totals[m.member] == m.total
            else:
                assert row.totals[m.member] == m.reason
    outcome = jobs.print_session(store, demo.session_id, "summary", tmp_path)
    flat = pdf_text_flat(outcome.path)
    ranked = [p for p in res.products if p.result.status == "ranked"]
    assert ranked
    for p in ranked:
        assert format(p.result.mean, "f").replace(".", ",") in flat  # the mean exactly as ranked
    assert "xung đột lợi ích" in flat and "vắng mặt" in flat and "bị loại" in flat
    flagged = next(p for p in res.products if any(f.kind == "discrepancy" for f in p.result.flags))
    who = next(f.member for f in flagged.result.flags if f.kind == "discrepancy")
    name = next(m.name for m in res.session.members if m.code == who)
    assert all(w in flat for w in name.split())
    assert all(f.embedded for f in pdf_fonts(outcome.path))


def test_minutes_from_results(tmp_path: Path, store, demo) -> None:
    res = session_results(store, demo.session_id)
    data = jobs.minutes_data(res, bundle_digest="ab" * 32,
                             key_fingerprint="ABCD EFGH IJKL MNOP QRST UVWX YZ23 4567")
    rule = res.profile.level(res.session.council.level)
    assert data.forwards_min == rule.forwards_min and data.recognised_stars == rule.recognises
    assert [r.code for r in data.recognised] == [p.code for p in res.recognised()]
    assert [r.code for r in data.forwarded] == [p.code for p in res.forwarded()]
    assert any("chênh" in d for d in data.discrepancies)
    outcome = jobs.print_session(store, demo.session_id, "minutes", tmp_path, bundle_digest="ab" * 32,
                                 key_fingerprint="ABCD EFGH IJKL MNOP QRST UVWX YZ23 4567")
    flat = pdf_text_flat(outcome.path)
    chair = next(m for m in res.session.members if m.role == "chair")
    secretary = next(m for m in res.session.members if m.role == "secretary")
    for text in (chair.name, secretary.name, res.session.council.name, "ab" * 32,
                 "ABCD EFGH IJKL MNOP QRST UVWX YZ23 4567", "BIÊN BẢN", "CHỦ TỊCH HỘI ĐỒNG", "THƯ KÝ"):
        assert text in flat, text
    for p in res.products:
        assert p.code in flat


def test_council_key_fingerprint_is_found_on_this_machine(store, demo) -> None:
    from ocop_desk.bundles.keys import new_key, save_key

    council = get_session(store, demo.session_id).council
    assert jobs.council_key_fingerprint(council.id) == ""
    stored, _signing = new_key("council", council.id, "mật khẩu đủ dài 123", name=council.name,
                               level="district", scrypt_n=2**12)
    save_key(stored)
    assert jobs.council_key_fingerprint(council.id) == stored.public.fingerprint


def test_feedback_one_page_a_product_from_scoring_feedback(tmp_path: Path, store, demo) -> None:
    res = session_results(store, demo.session_id)
    choices = session_choices(store, demo.session_id)
    outcome = jobs.print_session(store, demo.session_id, "feedback", tmp_path)
    # a page a product; an official sheet with many criteria losing points may take a second
    assert len(res.products) <= outcome.pages == pdf_pages(outcome.path) <= 2 * len(res.products)
    first = res.products[0]
    fb = product_feedback(first.criteria_set, res.profile, member_sheets(res.session, first.item, choices))
    page = jobs.feedback_page(first, fb)
    assert [p.score for p in page.parts] == [p.mean for p in fb.parts]
    assert [loss.criterion for loss in page.losses] == [c.title for c in fb.losing()]
    text = pdf_text(outcome.path, first=1, last=1)
    flat = " ".join(text.split())
    assert first.item.product_name in flat
    worst = fb.losing()[0]
    assert " ".join(worst.title.split()[:3]) in flat
    if worst.next_better:
        assert " ".join(worst.next_better.label.split()[:3]) in flat
    assert abs(sum(p.mean for p in fb.parts) - first.result.mean) <= Decimal("0.05")


def test_summary_workbook_from_results(tmp_path: Path, store, demo, run_cli, tmp_store_url: str) -> None:
    path = tmp_path / "summary.xlsx"
    code, out, err = run_cli("--db", tmp_store_url, "excel", "export", "summary", demo.session_id,
                             "--out", str(path))
    assert code == 0, err
    res = session_results(store, demo.session_id)
    ws = load_workbook(path).active
    headers = [c.value for c in ws[4]]
    mean_col = headers.index("Điểm TB")
    for i, p in enumerate(res.products):
        row = [c.value for c in ws[5 + i]]
        assert row[1] == p.code
        if p.result.mean is not None:
            assert Decimal(str(row[mean_col])) == p.result.mean


def test_print_command_for_every_document(tmp_path: Path, store, demo, run_cli, tmp_store_url: str) -> None:
    for what in ("summary", "minutes", "feedback"):
        code, out, err = run_cli("--db", tmp_store_url, "print", demo.session_id, "--what", what, "--out",
                                 str(tmp_path))
        assert code == 0, err
        assert (tmp_path / f"{demo.session_id}-{what}.pdf").is_file()
    code, out, err = run_cli("--db", tmp_store_url, "--lang", "en", "print", demo.session_id, "--what",
                             "minutes", "--out", str(tmp_path / "en"))
    assert code == 0, err
    assert "MINUTES" in pdf_text_flat(tmp_path / "en" / f"{demo.session_id}-minutes.pdf")


def test_a_far_total_is_marked_in_the_summary(tmp_path: Path, store, demo) -> None:
    res = session_results(store, demo.session_id)
    data = jobs.summary_data(res)
    p = next(p for p in res.products if any(m.flagged for m in p.result.members))
    row = next(r for r in data.rows if r.code == p.code)
    member = next(m for m in p.result.members if m.flagged)
    assert row.flagged == (member.member,)
    outcome = jobs.print_session(store, demo.session_id, "summary", tmp_path)
    total = format(member.total, "f").replace(".", ",")
    text = pdf_text_flat(outcome.path)
    # the table marks the total, or (a product not ranked) the discrepancy note names it
    assert f"{total} *" in text or f"tổng điểm {total}, chênh" in text
