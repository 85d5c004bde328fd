"""Blank and filled score sheets: text, fonts, pages, rendering, no overflow."""

from __future__ import annotations

import hashlib
from decimal import Decimal
from pathlib import Path

import pytest

from ocop_desk.canonical import canonical_json
from ocop_desk.i18n import set_language
from ocop_desk.printing import layout
from ocop_desk.printing.blank_sheet import write_blank_sheet, write_blank_sheets
from ocop_desk.printing.member_sheet import scorecard_digest, write_member_sheets
from ocop_desk.printing.sheet import FIELD_LABEL_W
from ocop_desk.printing.values import FilledScorecard, ProductInfo

from printing_proof import (LONG_NAME, column_text, ink_fraction, pdf_fonts, pdf_pages, pdf_text,
                            pdf_text_flat, pdf_words, reads, render_png)


def _all_embedded(pdf: Path) -> None:
    fonts = pdf_fonts(pdf)
    assert fonts, "no fonts at all"
    assert all(f.embedded for f in fonts), fonts
    assert all("NotoSerif" in f.name for f in fonts), fonts


def _inside_page_margins(pdf: Path) -> None:
    pages, words = pdf_words(pdf)
    for w in words:
        box = pages[w.page - 1]
        assert w.x0 >= layout.MARGIN_LEFT - 1, w
        assert w.x1 <= box.width - layout.MARGIN_RIGHT + 1, w


def test_blank_sheet_carries_the_vietnamese_text(tmp_path: Path, rice_set, council, long_product) -> None:
    pdf = tmp_path / "blank.pdf"
    pages = write_blank_sheet(pdf, rice_set, council=council, product=long_product)
    flat = pdf_text_flat(pdf)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in flat
    assert "Độc lập - Tự do - Hạnh phúc" in flat
    assert "PHIẾU ĐÁNH GIÁ, PHÂN HẠNG SẢN PHẨM OCOP" in flat
    assert "HỘI ĐỒNG ĐÁNH GIÁ, PHÂN HẠNG SẢN PHẨM OCOP HUYỆN CHỢ MỚI" in flat
    assert "Chợ Mới, ngày 15 tháng 9 năm 2026" in flat
    assert LONG_NAME in flat
    assert "06-063-012-2026" in flat
    by_column = " ".join(column_text(pdf))
    for crit in rice_set.criteria():
        assert reads(by_column, crit.title), crit.title
        for opt in crit.options:
            assert reads(by_column, opt.label), opt.label
    for k in rice_set.knockouts:
        assert k.label in flat
    assert "TỔNG ĐIỂM (tối đa 100)" in flat
    assert pages == pdf_pages(pdf)
    assert 2 <= pages <= 3  # a full 100-point sheet: two or three pages, as the official sheet
    _all_embedded(pdf)


def test_table_header_repeats_on_every_page(tmp_path: Path, rice_set) -> None:
    pdf = tmp_path / "blank.pdf"
    pages = write_blank_sheet(pdf, rice_set)
    for page in range(1, pages + 1):
        text = pdf_text(pdf, first=page, last=page)
        # one heading atop each of the two columns, and only there: a page's columns take the whole page
        assert text.count("Tiêu chí và mức đánh giá") == 2, page


def test_english_on_request(tmp_path: Path, rice_set) -> None:
    set_language("en")
    pdf = tmp_path / "blank-en.pdf"
    write_blank_sheet(pdf, rice_set)
    flat = pdf_text_flat(pdf)
    assert "SOCIALIST REPUBLIC OF VIET NAM" in flat
    assert "OCOP PRODUCT EVALUATION AND RANKING SHEET" in flat
    # the criteria themselves stay as the regulation words them
    assert next(rice_set.criteria()).title in flat


def test_long_names_stay_inside_their_cell(tmp_path: Path, rice_set, council) -> None:
    unbroken = "Gạo" + "ngũcốc" * 30  # no space to wrap at: must be cut, not overflow
    product = ProductInfo(name=LONG_NAME + " " + unbroken, code="06-063-999-2026",
                          producer="Hộ kinh doanh " + "Nguyễn Văn Thành " * 8)
    pdf = tmp_path / "long.pdf"
    write_blank_sheet(pdf, rice_set, council=council, product=product)
    _inside_page_margins(pdf)
    pages, words = pdf_words(pdf)
    first_words = {w.text for w in words if w.page == 1}
    assert "Mông" in first_words and "Vận" in first_words
    value_col_x = layout.MARGIN_LEFT + FIELD_LABEL_W
    left = [w for w in words if w.page == 1 and abs(w.x0 - layout.MARGIN_LEFT) < 2]
    top = next(w.y0 for w in left if w.text == "Tên")  # "Tên sản phẩm:"
    bottom = next(w.y0 for w in left if w.text == "Mã")  # "Mã sản phẩm:"
    name_words = [w for w in words if w.page == 1 and top - 1 <= w.y0 < bottom - 1
                  and w.x0 > value_col_x - 2]
    assert name_words
    for w in name_words:
        assert w.x0 >= value_col_x - 1
        assert w.x1 <= pages[0].width - layout.MARGIN_RIGHT + 1
    # the product name wraps onto more than one line
    assert len({round(w.y0) for w in name_words}) >= 2


def test_pages_render_with_ink(tmp_path: Path, rice_set, council, long_product) -> None:
    pdf = tmp_path / "blank.pdf"
    pages = write_blank_sheet(pdf, rice_set, council=council, product=long_product)
    pngs = render_png(pdf, tmp_path)
    assert len(pngs) == pages
    for png in pngs:
        assert ink_fraction(png) > 0.01, png


def test_one_blank_sheet_per_product_each_starting_a_page(tmp_path: Path, rice_set, drinks_set,
                                                          council) -> None:
    one = write_blank_sheet(tmp_path / "one.pdf", rice_set)
    products = [ProductInfo(name=f"Sản phẩm số {i}", code=f"06-063-{i:03d}-2026") for i in range(1, 4)]
    pdf = tmp_path / "many.pdf"
    pages = write_blank_sheets(pdf, [(rice_set, p) for p in products], council=council)
    assert pages == 3 * one == pdf_pages(pdf)
    for i, p in enumerate(products):
        first_page = pdf_text(pdf, first=i * one + 1, last=i * one + 1)
        assert p.name in first_page and p.code in first_page


def _choose_best(cs) -> dict[str, str]:
    return {c.id: max(c.options, key=lambda o: o.points).id for c in cs.criteria()}


def test_filled_sheet_ticks_totals_and_digest(tmp_path: Path, rice_set, council, long_product,
                                              member) -> None:
    choices = {c.id: c.options[0].id for c in rice_set.criteria()}
    expected_total = sum((c.options[0].points for c in rice_set.criteria()), Decimal(0))
    digest = scorecard_digest(session=7, product=12, member=3,
                              criteria_set_hash=rice_set.content_hash, choices=choices)
    card = FilledScorecard(product=long_product, member=member, choices=choices,
                           notes="Nhãn chưa ghi hạn sử dụng; đề nghị bổ sung.", star=1, digest=digest)
    pdf = tmp_path / "filled.pdf"
    pages = write_member_sheets(pdf, [(rice_set, card)], council=council)
    flat = pdf_text_flat(pdf)
    assert member.name in flat
    assert "Nhãn chưa ghi hạn sử dụng; đề nghị bổ sung." in flat
    assert digest in flat
    assert "1 sao" in flat
    total_text = str(int(expected_total)) if expected_total == int(expected_total) else str(expected_total)
    assert f"TỔNG ĐIỂM (tối đa 100) {total_text.replace('.', ',')}" in flat
    for part in rice_set.parts:
        assert f"Tổng phần {part.title}" in flat
    assert pages == pdf_pages(pdf)
    _all_embedded(pdf)
    _inside_page_margins(pdf)


def test_digest_is_sha256_of_the_canonical_scorecard(rice_set) -> None:
    choices = _choose_best(rice_set)
    digest = scorecard_digest(session=1, product=2, member=3, criteria_set_hash="ab", choices=choices)
    expected = hashlib.sha256(canonical_json({"session": 1, "product": 2, "member": 3,
                                              "criteria_set": "ab", "choices": choices})).hexdigest()
    assert digest == expected
    changed = dict(choices)
    first = next(rice_set.criteria())
    changed[first.id] = first.options[0].id
    assert scorecard_digest(session=1, product=2, member=3, criteria_set_hash="ab",
                            choices=changed) != digest


def test_qr_code_is_drawn_on_the_filled_sheet(tmp_path: Path, rice_set, long_product, member) -> None:
    choices = _choose_best(rice_set)
    with_qr = FilledScorecard(product=long_product, member=member, choices=choices, star=5,
                              digest="f" * 64)
    without = FilledScorecard(product=long_product, member=member, choices=choices, star=5)
    a, b = tmp_path / "qr.pdf", tmp_path / "noqr.pdf"
    pages_a = write_member_sheets(a, [(rice_set, with_qr)])
    pages_b = write_member_sheets(b, [(rice_set, without)])
    last_a = render_png(a, tmp_path / "a" if (tmp_path / "a").mkdir() is None else tmp_path)[-1]
    last_b = render_png(b, tmp_path / "b" if (tmp_path / "b").mkdir() is None else tmp_path)[-1]
    assert pages_a >= pages_b
    assert ink_fraction(last_a) > ink_fraction(last_b) + 0.005


@pytest.mark.parametrize("n_products", [2])
def test_many_filled_sheets_in_one_pdf(tmp_path: Path, rice_set, drinks_set, member,
                                       n_products: int) -> None:
    cards = []
    for i, cs in enumerate([rice_set, drinks_set][:n_products]):
        product = ProductInfo(name=f"Sản phẩm thử {i}", code=f"06-063-{i:03d}-2026")
        cards.append((cs, FilledScorecard(product=product, member=member, choices=_choose_best(cs),
                                          star=5)))
    pdf = tmp_path / "all.pdf"
    pages = write_member_sheets(pdf, cards)
    assert pages == pdf_pages(pdf)
    flat = pdf_text_flat(pdf)
    assert "Sản phẩm thử 0" in flat and "Sản phẩm thử 1" in flat
    assert drinks_set.product_set in flat and rice_set.product_set in flat


def test_the_printed_qr_image_is_the_code_of_the_digest(tmp_path: Path, rice_set, long_product,
                                                        member) -> None:
    """The image in the PDF holds exactly the modules reportlab's encoder makes for the digest.

    (Decoding was also checked by hand with zbarimg; poppler's pdfimages is
    what CI has, so the proof here is module for module.)
    """
    import subprocess

    from PIL import Image

    from ocop_desk.printing.qr import qr_modules

    digest = hashlib.sha256(b"ocop").hexdigest()
    card = FilledScorecard(product=long_product, member=member, choices=_choose_best(rice_set), star=5,
                           digest=digest)
    pdf = tmp_path / "qr.pdf"
    write_member_sheets(pdf, [(rice_set, card)])
    subprocess.run(["pdfimages", "-png", str(pdf), str(tmp_path / "img")], check=True)
    images = sorted(tmp_path.glob("img-*.png"))
    assert len(images) == 1
    modules = qr_modules(digest)
    with Image.open(images[0]) as img:
        grey = img.convert("L")
        side = grey.size[0]
        quiet = (side - len(modules)) // 2
        assert quiet == 4 and grey.size == (side, side)
        printed = [[grey.getpixel((quiet + c, quiet + r)) < 128 for c in range(len(modules))]
                   for r in range(len(modules))]
    assert printed == modules


def test_a_knocked_out_sheet_ticks_the_condition_and_gives_no_star(tmp_path: Path, rice_set,
                                                                   long_product, member) -> None:
    ko = rice_set.knockouts[0]
    card = FilledScorecard(product=long_product, member=member, choices=_choose_best(rice_set),
                           knockouts=(ko.id,), star=None)
    pdf = tmp_path / "ko.pdf"
    write_member_sheets(pdf, [(rice_set, card)])
    flat = pdf_text_flat(pdf)
    assert "Hạng sao của phiếu: bị loại" in flat
    assert "Bị loại: " + ko.label in flat
    assert "5 sao" not in flat


def test_two_column_flow_fills_a_page_then_starts_the_next() -> None:
    """Column 1, then column 2, then the next page; headings never end a column; the last page balanced."""
    from ocop_desk.printing.fonts import FONTS, register_fonts
    from ocop_desk.printing.grid import ColumnFlow, Grid, GridCell, GridRow

    register_fonts()
    rows = [GridRow((GridCell("Tiêu chí " + "dài " * (i % 7 * 6), FONTS.regular, 8),), keep_next=i % 5 == 0)
            for i in range(120)]
    flow = ColumnFlow(Grid([200], rows, [GridRow((GridCell("Đầu cột", FONTS.bold, 8),))]), 10)
    parts, avail, pages = [], 600.0, 0
    while True:
        _w, h = flow.wrap(410, avail)
        if h <= avail:
            parts.append(flow)
            break
        first, *rest = flow.split(410, avail)
        assert first.wrap(410, avail)[1] == avail  # the page's part takes the page: nothing below it
        for k in (first._break, len(first.body)):
            assert not first.body[k - 1].row.keep_next
        parts.append(first)
        flow = rest[0]
        pages += 1
    assert pages >= 2
    assert sum(len(p.body) for p in parts) == len(rows)
    last = parts[-1]
    left, right = last.body[:last._balanced()], last.body[last._balanced():]
    assert abs(sum(r.height for r in left) - sum(r.height for r in right)) <= max(r.height for r in last.body)
