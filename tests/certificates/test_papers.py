"""The decision and the register as PDF and Word, read back in Vietnamese and in English."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from ocop_desk import i18n
from ocop_desk.papers_out import write_decision_files, write_register_files

from tests.certificates.conftest import AUTHORITY


def pdf_pages(path: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
    return [" ".join(page.split()) for page in text.split("\f") if page.strip()]


def docx_text(path: Path) -> str:
    import docx

    doc = docx.Document(str(path))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts += [c.text for c in row.cells]
    return " ".join(" ".join(parts).replace("\u00a0", " ").split())


EXPECT = {
    "vi": ["ỦY BAN NHÂN DÂN", "HUYỆN CHỢ MỚI", "Số: 125/QĐ-UBND", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
           "Độc lập - Tự do - Hạnh phúc", "Chợ Mới, ngày 15 tháng 9 năm 2026", "QUYẾT ĐỊNH",
           "Về việc công nhận kết quả đánh giá, phân hạng sản phẩm OCOP huyện Chợ Mới năm 2026",
           "Căn cứ Quyết định 148/QĐ-TTg (2023)", "Điều 1.", "Điều 2.", "Điều 3.", "Nơi nhận:",
           "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "PHỤ LỤC", "Số giấy chứng nhận", "3 sao", "15/09/2029"],
    "en": ["ỦY BAN NHÂN DÂN", "No.: 125/QĐ-UBND", "SOCIALIST REPUBLIC OF VIET NAM", "Chợ Mới, 15/9/2026",
           "DECISION", "of Chợ Mới district in 2026", "Article 1.", "Recipients:",
           "ON BEHALF OF THE PEOPLE'S COMMITTEE", "ANNEX", "Certificate No.", "3 star", "15/09/2029"],
}


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_decision_pdf_and_docx_say_the_same(store, recognised, tmp_path, lang) -> None:
    i18n.set_language(lang)
    files = dict((p.suffix, (p, n)) for p, n in write_decision_files(store, "125", tmp_path, "both"))
    pdf, pages = files[".pdf"]
    assert pages == 2
    text = pdf_pages(pdf)
    assert len(text) == 2
    whole = " ".join(text)
    word = docx_text(files[".docx"][0])
    for want in EXPECT[lang]:
        assert want in whole, want
        assert want in word, want
    annex_words = set(text[1].split())
    for c in recognised.certificates:
        assert c.number in text[1] and c.number not in text[0]  # the number's column is wide enough to fit it
        for value in (c.product_name, c.producer_name):
            assert set(value.split()) <= annex_words  # the annex cell may wrap the name
            assert value in word
    # the closing stays with the last article, on the first page; the annex opens the second
    assert ("Điều 3." if lang == "vi" else "Article 3.") in text[0]
    assert ("Nơi nhận" if lang == "vi" else "Recipients") in text[0]
    assert text[1].startswith("PHỤ LỤC" if lang == "vi" else "ANNEX")


def test_the_date_line_is_never_broken(store, recognised, tmp_path) -> None:
    i18n.set_language("vi")
    pdf, _n = write_decision_files(store, "125", tmp_path, "pdf")[0]
    lines = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                           check=True).stdout.splitlines()
    assert any("ngày 15 tháng 9 năm 2026" in " ".join(line.split()) for line in lines)


def test_a_long_place_goes_above_a_whole_date() -> None:
    from ocop_desk.printing.decision import place_date_lines
    from ocop_desk.printing.fonts import FONTS, register_fonts
    from ocop_desk.printing.text import split_lines

    register_fonts()
    width = 90.0 * 2.83465
    date = "ngày 15 tháng 9 năm 2026"
    assert [t.text for t in place_date_lines("Chợ Mới,", date, width, FONTS.italic)] == [f"Chợ Mới, {date}"]
    long_place = "Thị trấn Đồng Tâm thuộc huyện Chợ Mới tỉnh Bắc Kạn,"
    lines = place_date_lines(long_place, date, width, FONTS.italic)
    assert [t.text for t in lines] == [long_place, date]
    narrow = place_date_lines("X,", date, 100.0, FONTS.italic)
    assert len(split_lines(narrow[-1].text, narrow[-1].font, narrow[-1].size, 96.0)) == 1


def test_two_digit_day_and_month_where_the_style_wants_them() -> None:
    import datetime as dt

    i18n.set_language("vi")
    from ocop_desk.recognition_paper import long_date

    assert long_date(dt.date(2027, 1, 5)) == "ngày 05 tháng 01 năm 2027"
    assert long_date(dt.date(2026, 9, 15)) == "ngày 15 tháng 9 năm 2026"


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_register_and_due_list(store, recognised, tmp_path, lang) -> None:
    import datetime as dt

    i18n.set_language(lang)
    today = dt.date(2029, 8, 1)
    reg = dict((p.suffix, p) for p, _n in write_register_files(store, tmp_path, "both", today=today))
    text = " ".join(pdf_pages(reg[".pdf"]))
    word = docx_text(reg[".docx"])
    title = "SỔ THEO DÕI GIẤY CHỨNG NHẬN SẢN PHẨM OCOP" if lang == "vi" else "REGISTER OF OCOP CERTIFICATES"
    for body in (text, word):
        assert title in body and "HUYỆN CHỢ MỚI" in body
        for c in recognised.certificates:
            assert c.number in body and set(c.product_name.split()) <= set(body.split())
    due = write_register_files(store, tmp_path, "pdf", due_within=2, today=today)[0][0]
    text = " ".join(pdf_pages(due))
    assert ("ĐẾN HẠN ĐÁNH GIÁ LẠI" if lang == "vi" else "DUE FOR RE-EVALUATION") in text
    assert ("sắp hết hạn" if lang == "vi" else "expiring") in text
    assert all(c.number in text for c in recognised.certificates)
    none = write_register_files(store, tmp_path, "pdf", due_within=1, today=dt.date(2027, 1, 1))[0][0]
    assert all(c.number not in " ".join(pdf_pages(none)) for c in recognised.certificates)
    assert AUTHORITY.upper().split()[-1] in " ".join(pdf_pages(none))
