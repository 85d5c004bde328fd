"""Producer feedback for a whole session: one PDF, or one PDF per producer, with the self-assessment."""

from __future__ import annotations

import os
import re
import unicodedata
from pathlib import Path

import pytest
from printing_proof import pdf_pages, pdf_text

from ocop_desk import print_jobs as jobs
from ocop_desk.errors import OcopError
from ocop_desk.i18n import set_language
from ocop_desk.sessions import get_session

SLASHED = "Cơ sở Mật ong/Hoa ban Thanh Mai"  # a '/' cannot be in a file name: the product code is used


@pytest.fixture
def shared(store):  # type: ignore[no-untyped-def]
    """A session where the first producer brings two products and another's name holds a '/'."""
    from ocop_desk.demo import demo_data
    from ocop_desk.interchange import import_session_data

    data = demo_data(store, products=5, members=5, seed=11)
    data["products"][3]["producer"] = dict(data["products"][0]["producer"])
    data["products"][2]["producer"] = {**data["products"][2]["producer"], "name": SLASHED}
    return import_session_data(store, data, file="test").session_id


def _page_texts(pdf: Path) -> list[str]:
    return [pdf_text(pdf, first=n, last=n) for n in range(1, pdf_pages(pdf) + 1)]


def _footer_code(text: str) -> str:
    """The product code the page's footer names."""
    footer = [line for line in text.splitlines() if line.strip()][-1]
    found = re.search(r"\d{2}-\d{3}-\d{3}-\d{4}", footer)
    assert found, footer
    return found.group(0)


def _best(cs) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {c.id: max(c.options, key=lambda o: o.points).id for c in cs.criteria()}


def test_one_pdf_holds_every_product_each_from_a_new_page(tmp_path: Path, store, demo) -> None:
    detail = get_session(store, demo.session_id)
    outcome = jobs.print_session(store, demo.session_id, "feedback", tmp_path / "all.pdf")
    assert outcome.items == len(detail.items)
    pages = _page_texts(outcome.path)
    assert len(pages) == outcome.pages
    codes = [_footer_code(t) for t in pages]
    # agenda order, each product's pages together, and its first page opens with the title
    assert list(dict.fromkeys(codes)) == [it.product_code for it in detail.items]
    for n, text in enumerate(pages):
        first_of_product = n == 0 or codes[n - 1] != codes[n]
        assert ("THÔNG TIN PHẢN HỒI KẾT QUẢ ĐÁNH GIÁ CHO CHỦ THỂ" in text) == first_of_product
    for item in detail.items:
        mine = [t for t, c in zip(pages, codes) if c == item.product_code]
        assert item.product_name in " ".join(mine[0].split())
        # pages counted per product: the footer says how many the product has and which one this is
        for k, text in enumerate(mine, start=1):
            footer = [line for line in text.splitlines() if line.strip()][-1]
            assert f"(gồm {len(mine)} trang)" in footer and footer.rstrip().endswith(f"Trang {k}")


def test_the_producers_self_assessment_beside_the_councils_mean(tmp_path: Path, store, demo) -> None:
    from ocop_desk.printing.values import fmt_mean, fmt_points
    from ocop_desk.results import session_results
    from ocop_desk.self_assessment import compare, record_self_assessment

    first = session_results(store, demo.session_id).products[0]
    cs = first.criteria_set
    choices = _best(cs)
    low = next(iter(cs.criteria()))
    choices[low.id] = min(low.options, key=lambda o: o.points).id
    record_self_assessment(store, first.code, choices)
    c = compare(store, demo.session_id, first.code)
    assert c.differing(), "the lowest option on the first criterion differs from the council's mean"
    outcome = jobs.print_session(store, demo.session_id, "feedback", tmp_path)
    pages = _page_texts(outcome.path)
    mine = [t for t in pages if _footer_code(t) == first.code]
    side = "\n".join(t for t in mine if "SO SÁNH PHIẾU TỰ ĐÁNH GIÁ VỚI KẾT QUẢ CỦA HỘI ĐỒNG" in t)
    assert side, "the comparison page is among the product's pages"
    assert f"Tự đánh giá: {fmt_points(c.self_total)} điểm" in side
    lines = side.splitlines()
    for r in c.rows:
        row = next((ln for ln in lines if ln.split()[:1] == [r.criterion_id]), None)
        assert row is not None, r.criterion_id
        cells = row.split()
        assert fmt_points(r.self_points) in cells and fmt_mean(r.council_mean) in cells
        if r.differs:
            assert ("+" if r.difference > 0 else "") + fmt_mean(r.difference) == cells[-1]
    # a product whose producer sent none says so instead
    others = [t for t in pages if _footer_code(t) != first.code]
    assert "Chủ thể chưa nộp phiếu tự đánh giá" in " ".join(" ".join(others).split())


def test_a_session_not_closed_prints_a_draft_with_provisional_stars(tmp_path: Path, store, demo) -> None:
    from ocop_desk.results import session_results
    from tests.core_fixtures import close_session

    star = next(p.result.star for p in session_results(store, demo.session_id).products
                if p.result.star is not None)
    draft = jobs.print_session(store, demo.session_id, "feedback", tmp_path / "draft.pdf")
    text = " ".join(" ".join(_page_texts(draft.path)).split())
    assert "DỰ THẢO — phiên đánh giá chưa kết thúc" in text
    assert f"{star} sao — dự kiến, chưa chính thức" in text
    close_session(store, demo.session_id)
    final = jobs.print_session(store, demo.session_id, "feedback", tmp_path / "final.pdf")
    text = " ".join(" ".join(_page_texts(final.path)).split())
    assert "DỰ THẢO" not in text and "dự kiến" not in text
    assert f"{star} sao" in text


def test_one_pdf_per_producer_named_after_the_producer(tmp_path: Path, store, shared) -> None:
    detail = get_session(store, shared)
    by_producer: dict[str, list[str]] = {}
    for item in detail.items:
        by_producer.setdefault(item.producer_name, []).append(item.product_code)
    assert any(len(codes) == 2 for codes in by_producer.values())
    ticks: list[tuple[int, int]] = []
    files = jobs.print_feedback_per_producer(store, shared, tmp_path / "out",
                                             progress=lambda d, t: ticks.append((d, t)))
    assert ticks[-1][0] == ticks[-1][1]
    assert [f.producer for f in files] == list(by_producer)
    names = sorted(unicodedata.normalize("NFC", n) for n in os.listdir(tmp_path / "out"))
    expected = sorted(f"{name}.pdf" for name in by_producer if name != SLASHED)
    expected.append(f"{by_producer[SLASHED][0]}.pdf")
    assert names == sorted(expected)
    for f in files:
        assert f.products == tuple(by_producer[f.producer])
        pages = _page_texts(f.path)
        assert f.pages == len(pages)
        assert list(dict.fromkeys(_footer_code(t) for t in pages)) == list(f.products)
        flat = " ".join(" ".join(pages).split())
        assert f.producer in flat


def test_existing_files_are_refused_unless_replaced(tmp_path: Path, store, shared) -> None:
    out = tmp_path / "out"
    files = jobs.print_feedback_per_producer(store, shared, out)
    before = {f.path: f.path.read_bytes() for f in files}
    files[0].path.write_bytes(b"kept")
    with pytest.raises(OcopError) as refused:
        jobs.print_feedback_per_producer(store, shared, out)
    assert files[0].path.name in refused.value.message and refused.value.file == str(out)
    assert files[0].path.read_bytes() == b"kept"
    again = jobs.print_feedback_per_producer(store, shared, out, replace=True)
    assert [f.path for f in again] == list(before)
    assert again[0].path.read_bytes()[:5] == b"%PDF-"
    assert not [p for p in out.iterdir() if p.name.startswith(".")]  # no temporary file left


def test_a_cancelled_job_writes_no_file(tmp_path: Path, store, shared) -> None:
    calls = {"n": 0}

    def cancelled() -> bool:
        calls["n"] += 1
        return calls["n"] > 4

    with pytest.raises(jobs.PrintCancelled):
        jobs.print_feedback_per_producer(store, shared, tmp_path / "out", cancelled=cancelled)
    assert not (tmp_path / "out").exists() or list((tmp_path / "out").iterdir()) == []


def test_in_english(tmp_path: Path, store, shared) -> None:
    set_language("en")
    try:
        files = jobs.print_feedback_per_producer(store, shared, tmp_path / "en")
        text = " ".join(" ".join(_page_texts(files[0].path)).split())
    finally:
        set_language()
    assert "EVALUATION FEEDBACK FOR THE PRODUCER" in text
    assert "DRAFT — the session is not closed" in text
    assert "(1 page) Page 1" in text  # each of the producer's two products takes one page
    assert "The producer sent no self-assessment on this sheet" in text


def test_command_per_producer_and_its_refusals(tmp_path: Path, store, shared, run_cli,
                                               tmp_store_url: str) -> None:
    base = ("--db", tmp_store_url, "print", shared, "--what", "feedback")
    out = tmp_path / "giấy phản hồi"
    code, stdout, err = run_cli(*base, "--per-producer", "--out", str(out))
    assert code == 0, err
    written = sorted(out.iterdir())
    assert len(written) == len({it.producer_name for it in get_session(store, shared).items})
    assert all(str(p) in stdout for p in written) and "trang" in stdout
    code, _o, err = run_cli(*base, "--per-producer", "--out", str(out))
    assert code == 1 and str(out) in err and "--replace" in err
    code, _o, err = run_cli(*base, "--per-producer", "--replace", "--out", str(out))
    assert code == 0, err
    a_file = tmp_path / "note.txt"
    a_file.write_text("x", encoding="utf-8")
    code, _o, err = run_cli(*base, "--per-producer", "--out", str(a_file))
    assert code == 1 and str(a_file) in err and a_file.read_text(encoding="utf-8") == "x"
    code, _o, err = run_cli(*base, "--per-producer", "--out", str(tmp_path / "one.pdf"))
    assert code == 1 and "one.pdf" in err and not (tmp_path / "one.pdf").exists()
    code, _o, err = run_cli("--db", tmp_store_url, "print", shared, "--what", "minutes", "--per-producer",
                            "--out", str(tmp_path / "m"))
    assert code == 1 and "--what" in err
    code, _o, err = run_cli("--db", tmp_store_url, "--lang", "en", "print", shared, "--what", "feedback",
                            "--per-producer", "--out", str(a_file))
    assert code == 1 and "one PDF per producer is written into a folder" in err


def test_names_too_long_or_shared_by_two_producers_still_give_one_file_each(tmp_path: Path, store) -> None:
    from ocop_desk.demo import demo_data
    from ocop_desk.interchange import import_session_data

    data = demo_data(store, products=4, members=3, seed=5)
    products = data["products"]
    long_name = ("Hợp tác xã Dịch vụ Nông nghiệp " + "Sản xuất Kinh doanh Tổng hợp " * 12)[:300]
    products[0]["producer"] = {**products[0]["producer"], "name": long_name}
    products[2]["producer"] = {**products[1]["producer"], "commune": "Xã Khác"}  # same name, another commune
    sid = import_session_data(store, data, file="test").session_id
    files = jobs.producer_feedback_files(store, sid, tmp_path)
    assert len(files) == 4 and len({f.path.name.casefold() for f in files}) == 4
    assert files[0].path.name == f"{products[0]['code']}.pdf"
    shared_name = products[1]["producer"]["name"]
    assert files[1].path.name == f"{shared_name}.pdf"
    assert files[2].path.name == f"{shared_name}-{products[2]['code']}.pdf"
    written = jobs.print_feedback_per_producer(store, sid, tmp_path)
    assert all(f.path.is_file() and f.pages >= 1 for f in written)
