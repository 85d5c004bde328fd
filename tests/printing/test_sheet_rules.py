"""The criteria@2 rules on paper: blank and filled sheets, tick lists, the sheet's star, page counts."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from printing_proof import (column_text, ink_fraction, pdf_image_pages, pdf_pages, pdf_text, pdf_text_flat,
                            reads, render_png)
from rule_sheets import BEST, CASE2_STOPPED, MEMBERS, PRODUCT, SESSION, marked_session, rules_sheet

from ocop_desk.i18n import set_language
from ocop_desk import print_jobs as jobs
from ocop_desk.printing.blank_sheet import write_blank_sheet
from ocop_desk.printing.member_sheet import write_member_sheets
from ocop_desk.printing.ticklist import ticked_keys, write_tick_lists
from ocop_desk.printing.values import FilledScorecard, MemberInfo, ProductInfo
from ocop_desk.scoring.ranking import sheet_star


@pytest.fixture(autouse=True)
def vietnamese():
    set_language("vi")
    yield
    set_language("en")


@pytest.fixture(scope="module")
def rules():
    return rules_sheet()


def _profile():
    from ocop_desk.catalogue import shipped_profiles

    return shipped_profiles()["148-2023"]


def _card(cs, choices, *, knockouts=(), member="Hoàng Thị Mến") -> FilledScorecard:
    star, reasons = sheet_star(cs, _profile(), choices)
    return FilledScorecard(product=ProductInfo(name="Chè búp Phủ Thông", code=PRODUCT),
                           member=MemberInfo(member, "Thành viên"), choices=dict(choices), star=star,
                           star_reasons=reasons, knockouts=tuple(knockouts), digest="c" * 64)


def _fold(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def test_blank_sheet_prints_every_rule_of_the_sheet(tmp_path: Path, rules) -> None:
    pdf = tmp_path / "blank.pdf"
    pages = write_blank_sheet(pdf, rules)
    assert pages == pdf_pages(pdf) == 1
    flat = " ".join(column_text(pdf))
    # requirement and note texts under their criterion
    assert "Chứng nhận của vùng chè (10) Yêu cầu: giấy chứng nhận còn hiệu lực" in flat
    assert "Sử dụng lao động (15) Ghi chú: tính theo bảng lương 6 tháng" in flat
    # star markers beside the options and the criterion
    assert "Trong tỉnh (****) 10" in flat and "Toàn quốc (*****) 15" in flat
    assert "Chỉ tiêu cảm quan (***)" in flat
    # the explicit none option, 0 points, on every criterion that has one
    assert flat.count("Không đạt 0") == 5
    # the cases: a box to tick per case, each case's criteria under it
    assert "Chọn một trong 2 trường hợp" in flat
    assert flat.index("Trường hợp 1: Chủ thể tự trồng chè") < flat.index("Diện tích vùng chè") < flat.index(
        "Trường hợp 2: Chủ thể thu mua búp chè") < flat.index("Hợp đồng thu mua với hộ trồng chè")
    # checklist, sub-criteria, stop and knock-out effects
    assert "đánh dấu mọi mức đạt; điểm được cộng dồn, tối đa 10" in flat
    assert flat.index("Sử dụng lao động") < flat.index("Lao động địa phương") < flat.index("Lao động nữ")
    assert "Giả mạo 0 (Bị loại nếu giả mạo hồ sơ)" in flat
    assert "(Không đánh giá các bước tiếp theo nếu chứng nhận không phù hợp)" in flat
    for crit in rules.criteria():
        for opt in crit.options:
            assert opt.label in flat, opt.label


def test_filled_sheet_marks_the_case_the_stop_and_the_unmet_requirement(tmp_path: Path, rules) -> None:
    card = _card(rules, CASE2_STOPPED)
    pdf = tmp_path / "filled.pdf"
    write_member_sheets(pdf, [(rules, card)])
    flat = " ".join(column_text(pdf))
    assert reads(flat, "Trường hợp 1: Chủ thể tự trồng chè — không chọn: các tiêu chí của trường hợp này "
                        "không áp dụng")
    assert reads(flat, "Diện tích vùng chè — không áp dụng")
    assert "Dưới 5 ha" not in flat  # the other case's options are not offered again
    assert reads(flat, "Chỉ tiêu cảm quan (***) — không chấm tiếp")
    assert "TỔNG ĐIỂM (tối đa 100) 33" in flat
    assert card.star == 2  # 33 points: the 2-star band
    assert "Hạng sao của phiếu: 2 sao" in flat
    under = pdf_text_flat(pdf)  # the lines under the table run the full width
    assert "Yêu cầu hạng sao chưa đạt:" in under
    assert "Tiêu chí B1a «Kênh phân phối» chưa đạt mức (*****): đạt 10, cần ít nhất 15 điểm" in under
    assert "Bị loại" not in under.replace("(Bị loại nếu giả mạo hồ sơ)", "")


def test_filled_checklist_shows_its_capped_points_and_every_tick(tmp_path: Path, rules) -> None:
    card = _card(rules, BEST)
    assert card.star == 5
    pdf = tmp_path / "best.pdf"
    write_member_sheets(pdf, [(rules, card)])
    flat = " ".join(column_text(pdf))
    assert "Chứng nhận của vùng chè 10/10" in flat
    assert "Sử dụng lao động 15/15" in flat
    assert "TỔNG ĐIỂM (tối đa 100) 100" in flat and "Hạng sao của phiếu: 5 sao" in flat
    assert reads(flat, "Hợp đồng thu mua với hộ trồng chè — không áp dụng")
    assert "Yêu cầu hạng sao chưa đạt" not in flat
    # one tick per chosen option, one for the case: drawn boxes are checked on the rendered page
    pngs = render_png(pdf, tmp_path, dpi=40)
    assert len(pngs) == 1 and ink_fraction(pngs[0]) > 0.02


def test_a_knock_out_option_prints_knocked_out_and_no_star(tmp_path: Path, rules) -> None:
    choices = dict(BEST, B1b="B1b-0")
    card = _card(rules, choices)
    assert card.star is None
    pdf = tmp_path / "ko.pdf"
    write_member_sheets(pdf, [(rules, card)])
    assert "Hạng sao của phiếu: bị loại" in " ".join(column_text(pdf))
    flat = pdf_text_flat(pdf)
    assert "Bị loại: Bị loại nếu giả mạo hồ sơ (Hồ sơ pháp lý của chủ thể) — không chấm tiếp." in flat
    assert not re.search(r"\d sao", flat)


def test_an_incomplete_sheet_prints_no_star(tmp_path: Path, rules) -> None:
    choices = {k: v for k, v in BEST.items() if k not in ("C1a", "C1b")}
    card = _card(rules, choices)
    assert card.star is None
    pdf = tmp_path / "part.pdf"
    write_member_sheets(pdf, [(rules, card)])
    flat = " ".join(column_text(pdf))
    assert "Hạng sao của phiếu: — (phiếu chưa chấm đủ)" in flat
    assert not re.search(r"\d sao", flat)


def test_tick_list_gives_option_numbers_points_and_a_signature(tmp_path: Path, rules) -> None:
    a2a = rules.criterion("A2a")
    assert ticked_keys(a2a, "A2a-1+A2a-3") == "1+3" and ticked_keys(a2a, "A2a-0") == "0"
    assert ticked_keys(a2a, None) == ""
    cards = [(rules, _card(rules, BEST, member="Hoàng Thị Mến")),
             (rules, _card(rules, CASE2_STOPPED, member="Lương Văn Tú"))]
    pdf = tmp_path / "ticks.pdf"
    pages = write_tick_lists(pdf, cards)
    assert pages == pdf_pages(pdf) == 2
    first, second = (_fold(pdf_text(pdf, first=n, last=n)) for n in (1, 2))
    assert "BẢNG TỔNG HỢP PHIẾU ĐÁNH GIÁ CỦA THÀNH VIÊN" in first
    assert "Hoàng Thị Mến" in first and "Lương Văn Tú" in second
    assert re.search(r"A2a\s+Chứng nhận của vùng chè\s+1\+2\+3\s+10\s+10", first)
    assert re.search(r"A2b1\s+Sử dụng lao động / Lao động địa phương\s+2\s+10\s+10", first)
    assert re.search(r"A1\s+Nguyên liệu — trường hợp 1: Chủ thể tự trồng chè\s+1\s+15\s+15", first)
    assert re.search(r"A2a\s+Chứng nhận của vùng chè\s+0\s+0\s+10", second)
    assert re.search(r"C1b\s+Chỉ tiêu cảm quan — không chấm tiếp\s+—\s+—\s+20", second)
    assert "Diện tích vùng chè" not in second  # case 1 was not chosen on the second sheet
    assert "TỔNG ĐIỂM (tối đa 100) 100" in first and "TỔNG ĐIỂM (tối đa 100) 33" in second
    assert "(Ký, ghi rõ họ tên)" in first and "(Ký, ghi rõ họ tên)" in second


def _shipped_sets():
    from ocop_desk.catalogue import forms_dir
    from ocop_desk.scoring.criteria import criteria_set_from_dict, load_json_text

    files = sorted((forms_dir() / "criteria").rglob("*.json"))
    return [criteria_set_from_dict(load_json_text(f.read_text(encoding="utf-8"))) for f in files]


def test_every_shipped_sheet_keeps_to_three_pages_filled_or_blank(tmp_path: Path, long_product, member) -> None:
    """A filled sheet takes no more pages than the blank one, at most three (the 36-criterion tourism
    sheet included), its tick list one: whatever was ticked — every best option, every worst (twenty
    unmet star requirements), a random mix — in both languages (English runs longer on the long sheets)."""
    import random

    sets = _shipped_sets()
    assert len(sets) >= 27
    longest = sorted(sets, key=lambda cs: len(cs.criterion_ids()))[-4:]
    for language, chosen in (("vi", sets), ("en", longest)):
        set_language(language)
        for cs in chosen:
            blank = write_blank_sheet(tmp_path / "b.pdf", cs, product=long_product)
            rnd = random.Random(cs.id)
            for pick in (lambda options: options[-1], lambda options: options[0], rnd.choice):
                choices = {section.id: section.cases[0].id for section in cs.case_sections()}
                choices.update({c.id: pick(c.options).id for c in cs.criteria()})
                card = FilledScorecard(product=long_product, member=member, choices=choices, star=5,
                                       digest="d" * 64, notes="Cần bổ sung hồ sơ công bố chất lượng.")
                filled = write_member_sheets(tmp_path / "f.pdf", [(cs, card)])
                ticks = write_tick_lists(tmp_path / "t.pdf", [(cs, card)])
                assert filled <= blank <= 3 and ticks == 1, (language, cs.id, blank, filled, ticks)


# ---------------------------------------------------------------- through the store


def _score(store, choices_by_member) -> None:  # type: ignore[no-untyped-def]
    from ocop_desk.sessions import SheetEntry, record_scorecards

    record_scorecards(store, SESSION, [SheetEntry(PRODUCT, m, c, {}) for m, c in choices_by_member.items()])


CAPPED = {"A1a": "A1a-1", "A1b": "A1b-1", "B1a": "B1a-2", "C1a": "C1a-2"}  # 90 points, misses (****)
TOP = {"A1a": "A1a-2", "A1b": "A1b-1", "B1a": "B1a-2", "C1a": "C1a-2"}  # 100
KNOCKED = {"A1a": "A1a-2", "A1b": "A1b-0", "B1a": "B1a-2", "C1a": "C1a-2"}
PARTIAL = {"A1a": "A1a-2", "A1b": "A1b-1"}


def test_printed_star_is_the_screens_sheet_star(tmp_path: Path, store) -> None:
    """Incomplete: no star (not 5); capped by a (****) marker: 3 (not 5); knocked out: none."""
    from ocop_desk.catalogue import get_profile
    from ocop_desk.sessions import get_session

    cs = marked_session(store)
    _score(store, dict(zip(MEMBERS, (CAPPED, TOP, KNOCKED, PARTIAL))))
    profile = get_profile(store, get_session(store, SESSION).council.profile_id)
    cards = jobs.filled_scorecards(store, SESSION)
    stars = {card.member.name: card.star for _cs, card in cards}
    for _cs, card in cards:
        assert card.star == sheet_star(cs, profile, card.choices)[0]
    names = [m.name for m in get_session(store, SESSION).members]
    assert [stars[n] for n in names] == [3, 5, None, None]
    outcome = jobs.print_session(store, SESSION, "sheets", tmp_path)
    assert outcome.pages == pdf_pages(outcome.path) == len(cards)  # a small sheet: one page each
    by_member = {}
    for page in range(1, outcome.pages + 1):
        text = _fold(pdf_text(outcome.path, first=page, last=page))
        by_member[next(n for n in names if n in text)] = text
    capped, top, knocked, partial = (by_member[n] for n in names)
    assert "Hạng sao của phiếu: 3 sao" in capped
    assert "Hạ hạng sao:" in capped and "A1a" in capped.split("Hạ hạng sao:", 1)[1]
    assert "Hạng sao của phiếu: 5 sao" in top
    assert "Hạng sao của phiếu: bị loại" in knocked and "Bị loại: Bị loại nếu giả mạo hồ sơ" in knocked
    assert "Hạng sao của phiếu: — (phiếu chưa chấm đủ)" in partial
    assert not re.search(r"\d sao", partial + knocked)


def test_tick_list_job_one_page_per_sheet(tmp_path: Path, store, demo) -> None:
    ticks: list[tuple[int, int]] = []
    outcome = jobs.print_session(store, demo.session_id, "ticklist", tmp_path,
                                 progress=lambda d, t: ticks.append((d, t)))
    cards = jobs.filled_scorecards(store, demo.session_id)
    assert outcome.what == "ticklist" and outcome.path.name == f"{demo.session_id}-ticklist.pdf"
    assert outcome.items == len(cards) and outcome.pages == pdf_pages(outcome.path) == len(cards)
    assert ticks[-1] == (len(cards), len(cards))
    text = _fold(pdf_text(outcome.path))
    for _cs, card in cards[:3]:
        assert card.member.name in text and card.product.code in text and "Tối đa" in text


def test_demo_sheets_take_at_most_three_pages_each(tmp_path: Path, store, demo) -> None:
    outcome = jobs.print_session(store, demo.session_id, "sheets", tmp_path)
    assert outcome.pages == pdf_pages(outcome.path)
    assert outcome.pages <= 3 * outcome.items, (outcome.pages, outcome.items)


# ---------------------------------------------------------------- drafts


def test_minutes_and_summary_of_an_open_session_say_draft_on_every_page(tmp_path: Path, store, demo) -> None:
    from ocop_desk.sessions import get_session

    assert get_session(store, demo.session_id).state != "closed"
    for what in ("minutes", "summary"):
        outcome = jobs.print_session(store, demo.session_id, what, tmp_path)
        assert outcome.pages == pdf_pages(outcome.path)
        for page in range(1, outcome.pages + 1):
            text = pdf_text(outcome.path, first=page, last=page)
            assert "DỰ THẢO" in text, (what, page)
        flat = pdf_text_flat(outcome.path)
        assert "nhất trí thông qua" not in flat
        assert "DỰ THẢO — phiên đánh giá chưa kết thúc" in flat
        # and the large diagonal DRAFT, a picture drawn on every page
        assert set(pdf_image_pages(outcome.path)) >= set(range(1, outcome.pages + 1))


def test_minutes_of_a_closed_session_are_final(tmp_path: Path, store) -> None:
    from ocop_desk.sessions import set_state

    marked_session(store)
    _score(store, {m: TOP for m in MEMBERS})
    set_state(store, SESSION, "closed")
    minutes = jobs.print_session(store, SESSION, "minutes", tmp_path)
    summary = jobs.print_session(store, SESSION, "summary", tmp_path)
    assert "nhất trí thông qua" in pdf_text_flat(minutes.path)
    for outcome in (minutes, summary):
        assert "DỰ THẢO" not in pdf_text_flat(outcome.path)
    assert pdf_image_pages(summary.path) == []


def test_the_watermark_does_not_break_the_text(tmp_path: Path, store, demo) -> None:
    """The diagonal DRAFT is a picture: the page's own lines read back whole."""
    from ocop_desk.sessions import get_session

    outcome = jobs.print_session(store, demo.session_id, "minutes", tmp_path)
    flat = pdf_text_flat(outcome.path)
    assert flat.count("DỰ THẢO") == outcome.pages + 1  # the margin line of every page, and the title
    for m in get_session(store, demo.session_id).members:
        assert m.name in flat


# ---------------------------------------------------------------- --out


def test_print_out_names_a_pdf_file_or_a_folder(tmp_path: Path, store, demo, run_cli, tmp_store_url: str) -> None:
    target = tmp_path / "giay to" / "bienban.pdf"
    code, out, err = run_cli("--db", tmp_store_url, "print", demo.session_id, "--what", "minutes", "--out",
                             str(target))
    assert code == 0, err
    assert target.is_file() and str(target) in out and "trang" in out
    first = target.read_bytes()
    # printing again over the same PDF replaces it
    code, out, err = run_cli("--db", tmp_store_url, "print", demo.session_id, "--what", "summary", "--out",
                             str(target))
    assert code == 0, err
    assert target.read_bytes() != first and "TỔNG HỢP" in pdf_text_flat(target)
    # an existing folder: the default name inside it
    code, out, err = run_cli("--db", tmp_store_url, "print", demo.session_id, "--what", "ticklist", "--out",
                             str(tmp_path))
    assert code == 0, err
    assert (tmp_path / f"{demo.session_id}-ticklist.pdf").is_file()
    assert list(target.parent.iterdir()) == [target]  # no temporary file left beside it


def test_print_out_refuses_a_file_that_is_not_a_pdf(tmp_path: Path, store, demo, run_cli,
                                                    tmp_store_url: str) -> None:
    notes = tmp_path / "ghi-chu.txt"
    notes.write_text("đừng ghi đè", encoding="utf-8")
    code, out, err = run_cli("--db", tmp_store_url, "print", demo.session_id, "--what", "minutes", "--out",
                             str(notes))
    assert code == 1 and "Traceback" not in err
    assert str(notes) in err and ".pdf" in err and len(err.strip().splitlines()) == 1
    assert notes.read_text(encoding="utf-8") == "đừng ghi đè"
    # a folder that cannot be made (a file stands in the way)
    code, out, err = run_cli("--db", tmp_store_url, "print", demo.session_id, "--what", "minutes", "--out",
                             str(notes / "bienban.pdf"))
    assert code == 1 and "Traceback" not in err and str(notes) in err
    assert "có một tệp trùng tên ở chỗ cần một thư mục" in err and "File exists" not in err
    assert notes.read_text(encoding="utf-8") == "đừng ghi đè"


def test_output_path_rule(tmp_path: Path) -> None:
    assert jobs.output_path(tmp_path, "x.pdf") == tmp_path / "x.pdf"
    assert jobs.output_path(tmp_path / "new", "x.pdf") == tmp_path / "new" / "x.pdf"
    assert jobs.output_path(tmp_path / "Bien Ban.PDF", "x.pdf") == tmp_path / "Bien Ban.PDF"
    (tmp_path / "a.pdf").mkdir()
    assert jobs.output_path(tmp_path / "a.pdf", "x.pdf") == tmp_path / "a.pdf" / "x.pdf"


def test_every_print_kind_reports_its_pages(tmp_path: Path, store, demo) -> None:
    for what in jobs.WHATS:
        outcome = jobs.print_session(store, demo.session_id, what, tmp_path / what)
        assert outcome.pages == pdf_pages(outcome.path) >= 1, what


def test_a_pdf_that_cannot_be_replaced_is_a_sentence_and_leaves_no_temporary_file(tmp_path: Path,
                                                                                    monkeypatch) -> None:
    """As on Windows when the old PDF is still open in a viewer."""
    from ocop_desk.errors import OcopError

    target = tmp_path / "bienban.pdf"
    target.write_bytes(b"%PDF-1.4 old")

    def refuse(src, dst):  # type: ignore[no-untyped-def]
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(jobs.os, "replace", refuse)
    with pytest.raises(OcopError) as caught:
        jobs.write_atomically(target, lambda f: (Path(f).write_bytes(b"%PDF-1.4 new"), 1)[1])
    assert caught.value.file == str(target)
    assert "không có quyền ghi vào đó" in caught.value.message and "Permission denied" not in caught.value.message
    assert target.read_bytes() == b"%PDF-1.4 old"
    assert [p.name for p in tmp_path.iterdir()] == ["bienban.pdf"]
