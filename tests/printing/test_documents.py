"""Session summary, minutes and producer feedback PDFs."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

from printing_proof import (LONG_NAME, ink_fraction, pdf_fonts, pdf_pages, pdf_text, pdf_text_flat,
                            pdf_words, render_png)

from ocop_desk.printing.feedback import FeedbackPage, LostPoints, PartScore, write_feedback
from ocop_desk.printing.minutes import Attendee, MinutesData, ResultLine, write_minutes
from ocop_desk.printing.summary import MemberColumn, SummaryData, SummaryRow, write_summary
from ocop_desk.printing.values import ProductInfo

MEMBERS = ("Nguyễn Văn An", "Trần Thị Bình", "Lê Hoàng Cường", "Phạm Thị Dung", "Hoàng Văn Đức",
           "Vũ Thị Giang", "Đặng Quốc Hùng", "Bùi Thị Lan", "Đỗ Minh Khoa")


def _summary(council, n_products: int = 3, n_members: int = 9) -> SummaryData:
    members = tuple(MemberColumn(f"m{i}", name) for i, name in enumerate(MEMBERS[:n_members]))
    rows = []
    for p in range(n_products):
        totals: dict[str, Decimal | str | None] = {m.code: Decimal(60 + p % 30) + Decimal("0.5")
                                                   for m in members}
        totals["m1"] = "conflict"
        name = LONG_NAME if p == 0 else f"Trà shan tuyết cổ thụ số {p}"
        rows.append(SummaryRow(code=f"06-063-{p + 1:03d}-2026", name=name, producer="HTX Thanh Vận",
                               totals=totals, mean=Decimal("60.50") + p % 30, star=3, status="ranked",
                               flags=("chênh lệch 18 điểm giữa thành viên",) if p == 0 else ()))
    return SummaryData(council=council, session_id="CM-2026-01", date=dt.date(2026, 9, 15),
                       place="Chợ Mới", members=members, rows=tuple(rows))


def test_summary_is_landscape_with_every_value(tmp_path: Path, council) -> None:
    pdf = tmp_path / "summary.pdf"
    pages = write_summary(pdf, _summary(council))
    assert pages == pdf_pages(pdf) == 1
    boxes, words = pdf_words(pdf)
    assert boxes[0].width > boxes[0].height  # landscape for nine members
    flat = pdf_text_flat(pdf)
    assert "BẢNG TỔNG HỢP KẾT QUẢ ĐÁNH GIÁ, PHÂN HẠNG SẢN PHẨM OCOP" in flat
    assert "HỘI ĐỒNG ĐÁNH GIÁ, PHÂN HẠNG SẢN PHẨM OCOP HUYỆN CHỢ MỚI" in flat
    assert all(word in flat for word in LONG_NAME.split())
    assert "60,50" in flat and "60,5" in flat
    assert "xung đột lợi ích" in flat
    assert "chênh lệch 18 điểm giữa thành viên" in flat
    for name in MEMBERS:
        for part in name.split():
            assert part in flat
    assert all(f.embedded for f in pdf_fonts(pdf))
    for w in words:
        assert w.x1 <= boxes[0].width - 15 * 72 / 25.4 + 1, w
    # the long product name wraps inside its own column: right of the code, left of the first member
    mm = 72 / 25.4
    product_left = 25 * mm + 36 * mm
    first_member_x = min(w.x0 for w in words if w.text == "Nguyễn")
    next_row = min(w.y0 for w in words if w.text.startswith("06-063-002"))
    header_bottom = max(w.y1 for w in words if w.text in ("TB", "sao", "thái") and w.y0 < next_row)
    name_words = [w for w in words if w.text in LONG_NAME.split() and header_bottom < w.y0 < next_row - 12]
    assert len(name_words) >= len(LONG_NAME.split()) - 2
    for w in name_words:
        assert product_left - 1 <= w.x0 and w.x1 <= first_member_x, w


def test_summary_header_repeats_on_every_page(tmp_path: Path, council) -> None:
    pdf = tmp_path / "summary.pdf"
    pages = write_summary(pdf, _summary(council, n_products=60))
    assert pages >= 2
    for page in range(1, pages + 1):
        text = pdf_text(pdf, first=page, last=page)
        assert "Điểm" in text and "Hạng" in text and "Trạng thái" in text, page
    flat = pdf_text_flat(pdf)
    assert "06-063-060-2026" in flat


def test_summary_portrait_for_a_small_council(tmp_path: Path, council) -> None:
    pdf = tmp_path / "small.pdf"
    write_summary(pdf, _summary(council, n_members=5))
    boxes, _ = pdf_words(pdf)
    assert boxes[0].width < boxes[0].height


def _minutes(council, digest: str = "") -> MinutesData:
    lines = (ResultLine("06-063-001-2026", "Gạo nếp cẩm Bắc Hà", "HTX Thanh Vận", Decimal("72.40"), 4,
                        "ranked"),
             ResultLine("06-063-002-2026", "Miến dong Côn Minh", "Hộ Nguyễn Văn Thành", Decimal("55.10"),
                        3, "ranked"),
             ResultLine("06-063-003-2026", "Mật ong bạc hà", "THT Đồng Tâm", None, None, "knocked_out"))
    return MinutesData(
        council=council, session_id="CM-2026-01", date=dt.date(2026, 9, 15), place="Hội trường UBND huyện",
        start_time="8 giờ 00",
        attendees=(Attendee("Hoàng Thị Lụa", "chair", True), Attendee("Nông Văn Tâm", "secretary", True),
                   Attendee("Lý Thị Mai", "member", True), Attendee("Đinh Văn Sơn", "member", False)),
        criteria_sets=("Phiếu đánh giá sản phẩm OCOP: Gạo, ngũ cốc — 148/QĐ-TTg (2023)",),
        results=lines, recognised=(lines[1],), forwarded=(lines[0],), forwards_min=Decimal(70),
        recognised_stars=(3,), discrepancies=("06-063-001-2026: chênh lệch 18 điểm, đã thảo luận và giữ kết quả",),
        bundle_digest=digest, profile_title="Quyết định 148/QĐ-TTg (2023)")


def test_minutes_carry_attendance_results_and_signatures(tmp_path: Path, council) -> None:
    pdf = tmp_path / "minutes.pdf"
    pages = write_minutes(pdf, _minutes(council))
    assert pages == pdf_pages(pdf)
    flat = pdf_text_flat(pdf)
    for text in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "BIÊN BẢN", "Hoàng Thị Lụa", "Nông Văn Tâm",
                 "Có mặt: 3 trên 4 thành viên", "vắng mặt", "Gạo nếp cẩm Bắc Hà", "Miến dong Côn Minh",
                 "72,40", "bị loại", "Gạo, ngũ cốc", "chênh lệch 18 điểm", "CHỦ TỊCH HỘI ĐỒNG", "THƯ KÝ",
                 "Chủ tịch", "Thư ký", "từ 70 điểm"):
        assert text in flat, text
    assert all(f.embedded for f in pdf_fonts(pdf))


def test_minutes_print_the_bundle_digest_with_a_qr_code(tmp_path: Path, council) -> None:
    digest = "3f" * 32
    with_digest, without = tmp_path / "a.pdf", tmp_path / "b.pdf"
    write_minutes(with_digest, _minutes(council, digest))
    write_minutes(without, _minutes(council))
    assert digest in pdf_text_flat(with_digest)
    assert digest not in pdf_text_flat(without)
    (tmp_path / "ra").mkdir()
    (tmp_path / "rb").mkdir()
    ink_a = sum(ink_fraction(p) for p in render_png(with_digest, tmp_path / "ra"))
    ink_b = sum(ink_fraction(p) for p in render_png(without, tmp_path / "rb"))
    assert ink_a > ink_b + 0.004  # the QR code is a dark block


def _feedback(i: int) -> FeedbackPage:
    return FeedbackPage(
        product=ProductInfo(name=f"Trà hoa vàng Ba Chẽ {i}", code=f"22-201-{i:03d}-2026",
                            producer="HTX Trà hoa vàng Ba Chẽ"),
        criteria_set="Phiếu đánh giá sản phẩm OCOP: Đồ uống không cồn", mean=Decimal("63.25"), star=3,
        status="ranked",
        parts=(PartScore("A", "Sản phẩm và sức mạnh cộng đồng", Decimal("28.5"), Decimal(40)),
               PartScore("B", "Khả năng tiếp thị", Decimal("14"), Decimal(25)),
               PartScore("C", "Chất lượng sản phẩm", Decimal("20.75"), Decimal(35))),
        losses=tuple(LostPoints(f"Tiêu chí số {k}: truy xuất nguồn gốc sản phẩm", "B1", Decimal(1), Decimal(5),
                                "Có hệ thống truy xuất nguồn gốc bằng mã QR", Decimal(3)) for k in range(12)))


def test_feedback_is_one_page_a_product_with_a_chart(tmp_path: Path, council) -> None:
    pdf = tmp_path / "feedback.pdf"
    pages = write_feedback(pdf, [_feedback(1), _feedback(2), _feedback(3)], council=council)
    assert pages == 3 == pdf_pages(pdf)
    for n in (1, 2, 3):
        text = pdf_text(pdf, first=n, last=n)
        assert f"Trà hoa vàng Ba Chẽ {n}" in text
    flat = pdf_text_flat(pdf)
    for text in ("Sản phẩm và sức mạnh cộng đồng", "28,5/40", "Có hệ thống truy xuất nguồn gốc bằng mã QR",
                 "63,25", "3 sao"):
        assert text in flat, text
    assert all(f.embedded for f in pdf_fonts(pdf))
    pngs = render_png(pdf, tmp_path)
    assert all(ink_fraction(p) > 0.02 for p in pngs)
    _, words = pdf_words(pdf)
    assert all(w.x1 <= 595.3 - 15 * 72 / 25.4 + 1 for w in words)
