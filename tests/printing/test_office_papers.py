"""The papers an office signs — minutes, summary, recognition list — read back from the PDF and the Word file.

Both files come from one `meeting_papers.OfficePaper`; these tests read each
back (pdftotext, python-docx) in Vietnamese and in English.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path

import docx
import pytest
from printing_proof import pdf_pages, pdf_text, pdf_text_flat

from ocop_desk import print_jobs as jobs
from ocop_desk.docx.writer import write_paper_docx
from ocop_desk.i18n import set_language
from ocop_desk.printing.meeting_papers import (Attendee, MinutesData, ResultLine, minutes_text, recognition_text,
                                      summary_text)
from ocop_desk.printing.minutes import write_minutes, write_recognition_list
from ocop_desk.printing.values import CouncilInfo

NBSP = "\u00a0"
COUNCIL = CouncilInfo(council="Hội đồng đánh giá, phân hạng sản phẩm OCOP huyện Chợ Mới",
                      authority="Ủy ban nhân dân huyện Chợ Mới", place="Chợ Mới", day=dt.date(2026, 9, 15))
WORDS = {
    "vi": dict(authority="UBND HUYỆN CHỢ MỚI", council="HỘI ĐỒNG ĐÁNH GIÁ, PHÂN HẠNG SẢN PHẨM OCOP HUYỆN CHỢ MỚI",
               number="Số: 12/BB-HĐ", date="Chợ Mới, ngày 15 tháng 9 năm 2026",
               opening="Vào hồi 8 giờ 00 ngày 15 tháng 9 năm 2026", ended="kết thúc vào hồi 11 giờ 30",
               page="Trang {n}/{total}", secretary="THƯ KÝ", adopted="nhất trí thông qua", draft="DỰ THẢO",
               closing_final="Biên bản đã được đọc lại", closing_draft="Đây là bản dự thảo",
               gap="chênh lệch", gap_heading="VI."),
    "en": dict(authority="UBND HUYỆN CHỢ MỚI", council="HỘI ĐỒNG ĐÁNH GIÁ, PHÂN HẠNG SẢN PHẨM OCOP HUYỆN CHỢ MỚI",
               number="No.: 12/BB-HĐ", date="Chợ Mới, 15/9/2026", opening="At 8:00 on 15/9/2026",
               ended="ended at 11:30", page="Page {n}/{total}", secretary="SECRETARY", adopted="agreed with them",
               draft="DRAFT", closing_final="The minutes were read", closing_draft="This is a draft",
               gap="discrepancy", gap_heading="VI."),
}


@pytest.fixture(params=["vi", "en"])
def lang(request):  # type: ignore[no-untyped-def]
    set_language(request.param)
    yield request.param
    set_language()


def _line(i: int) -> ResultLine:
    return ResultLine(f"06-065-{i:03d}-2026", f"Miến dong Côn Minh loại {i}", "HTX Nông nghiệp Thanh Vận",
                      Decimal("63.25"), 3, "ranked", address="Xã Yên Đĩnh")


def _minutes(*, products: int = 3, draft: bool = False, discrepancies: tuple[str, ...] = (),
             compared: int | None = None) -> MinutesData:
    lines = tuple(_line(i) for i in range(1, products + 1))
    return MinutesData(
        council=COUNCIL, session_id="2026-CM-01", date=dt.date(2026, 9, 15),
        place="Hội trường UBND huyện Chợ Mới", start_time="08:00", end_time="11:30",
        attendees=(Attendee("Trần Ngọc Cường", "chair", True), Attendee("Bế Thanh Thắng", "secretary", True),
                   Attendee("Phạm Thanh Nga", "member", True), Attendee("Lý Thị Hương", "member", False)),
        criteria_sets=("Phiếu đánh giá sản phẩm OCOP: Gạo, ngũ cốc — 148/QĐ-TTg (2023)",),
        results=lines, recognised=lines, forwarded=(), forwards_min=Decimal(70), recognised_stars=(3,),
        discrepancies=discrepancies, compared=products if compared is None else compared,
        numbers={"minutes": "12/BB-HĐ", "recognition": "4/DS-HĐ"}, draft=draft)


def _docx_text(path: Path) -> tuple[str, list[str], "docx.document.Document"]:
    """The header table's text, every paragraph (in tables too), and the document."""
    d = docx.Document(str(path))
    header = "\n".join(c.text for c in d.tables[0].rows[0].cells)
    paragraphs = [p.text for p in d.paragraphs]
    for t in d.tables:
        for row in t.rows:
            for c in row.cells:
                paragraphs += [p.text for p in c.paragraphs]
    return header, paragraphs, d


def _unbroken(text: str, wanted: str) -> bool:
    """`wanted` on one line of `text` (pdftotext -layout keeps lines)."""
    return any(wanted in re.sub(r" +", " ", line) for line in text.splitlines())


# ---------------------------------------------------------------- PDF


def test_minutes_pdf_office_layout(tmp_path: Path, lang: str) -> None:
    w = WORDS[lang]
    pdf = tmp_path / "bb.pdf"
    pages = write_minutes(pdf, _minutes())
    first = pdf_text(pdf, first=1, last=1)
    lines = [re.sub(r" +", " ", x).strip() for x in first.splitlines() if x.strip()]
    top = next(i for i, x in enumerate(lines) if w["authority"] in x)
    assert "HỘI ĐỒNG" in lines[top + 1]  # the parent authority right above the council's name
    flat = pdf_text_flat(pdf)
    assert w["council"] in flat and w["number"] in flat
    assert _unbroken(first, w["date"]), first
    assert w["opening"] in flat and w["ended"] in flat
    assert w["adopted"] in flat and w["draft"] not in flat
    for n in range(1, pages + 1):
        assert w["page"].format(n=n, total=pages) in pdf_text(pdf, first=n, last=n)


def test_signatures_stay_with_the_text_they_close(tmp_path: Path, lang: str) -> None:
    """Whatever the agenda's length, the last page holds the closing sentence and the signatures together."""
    w = WORDS[lang]
    seen_pages = set()
    for products in range(14, 40, 3):
        pdf = tmp_path / f"bb-{products}.pdf"
        pages = write_minutes(pdf, _minutes(products=products))
        seen_pages.add(pages)
        last = pdf_text(pdf, first=pages, last=pages)
        assert w["secretary"] in last and w["closing_final"] in last, (products, pages)
        assert pdf_pages(pdf) == pages
    assert len(seen_pages) > 1  # the agendas tried do cross a page


def test_draft_minutes_before_closing(tmp_path: Path, lang: str) -> None:
    w = WORDS[lang]
    pdf, word = tmp_path / "bb.pdf", tmp_path / "bb.docx"
    data = _minutes(draft=True)
    write_minutes(pdf, data)
    write_paper_docx(word, minutes_text(data))
    flat = pdf_text_flat(pdf)
    assert w["draft"] in flat and w["adopted"] not in flat and w["closing_draft"] in flat
    _header, paragraphs, d = _docx_text(word)
    text = "\n".join(paragraphs)
    assert w["draft"] in text and w["adopted"] not in text
    assert w["draft"] in d.sections[0].header.paragraphs[0].text  # on every page


def test_no_gap_talk_without_two_counted_sheets(tmp_path: Path, lang: str) -> None:
    w = WORDS[lang]
    pdf = tmp_path / "bb.pdf"
    write_minutes(pdf, _minutes(compared=0))
    flat = pdf_text_flat(pdf)
    assert w["gap"] not in flat.lower() and f" {w['gap_heading']} " not in flat
    real = tmp_path / "real.pdf"
    write_minutes(real, _minutes(discrepancies=("06-065-001-2026: Phạm Thanh Nga 18 điểm",)))
    assert "Phạm Thanh Nga 18 điểm" in pdf_text_flat(real)


def test_too_few_sheets_are_a_note_not_a_discrepancy(store, demo) -> None:
    """The demo's last products have no sheet: their flag is said under the results, never as a gap."""
    from ocop_desk.certificates import paper_details
    from ocop_desk.results import session_results

    res = session_results(store, demo.session_id)
    data = jobs.minutes_data(res, details=paper_details(store, demo.session_id))
    kinds = {f.kind for p in res.products for f in p.result.flags}
    assert "too_few_scorecards" in kinds
    assert data.notes and all("06-" in n for n in data.notes)
    gaps = sum(1 for p in res.products for f in p.result.flags if f.kind == "discrepancy")
    assert len(data.discrepancies) == gaps
    assert data.compared == sum(1 for p in res.products if p.result.counted >= 2)
    # the demo council's parent authority, town and hours reach the paper
    assert data.council.authority == "Ủy ban nhân dân huyện Chợ Mới" and data.council.place == "Chợ Mới"
    assert (data.start_time, data.end_time) == ("08:00", "11:30")


def test_recognition_list_pdf(tmp_path: Path, lang: str) -> None:
    w = WORDS[lang]
    pdf = tmp_path / "ds.pdf"
    pages = write_recognition_list(pdf, _minutes(products=4))
    flat = pdf_text_flat(pdf)
    assert w["authority"] in flat and w["number"].replace("12/BB", "4/DS") in flat
    assert "Miến dong Côn Minh loại 4" in flat and "12/BB-HĐ" in flat  # attached to the minutes
    assert w["page"].format(n=1, total=pages) in pdf_text(pdf, first=1, last=1)


# ---------------------------------------------------------------- Word


def test_minutes_docx_reads_back(tmp_path: Path, lang: str) -> None:
    w = WORDS[lang]
    path = tmp_path / "bb.docx"
    write_paper_docx(path, minutes_text(_minutes()))
    header, paragraphs, d = _docx_text(path)
    assert header.index(w["authority"]) < header.index(w["council"])
    assert w["number"] in header
    date = next(line for line in header.splitlines() if line.startswith("Chợ Mới"))
    assert date.replace(NBSP, " ") == w["date"]
    assert " " not in date.split(",", 1)[1].strip()  # the date's spaces cannot break
    text = "\n".join(paragraphs)
    assert w["opening"] in text and w["ended"] in text and w["adopted"] in text
    assert "Trần Ngọc Cường" in text and "Bế Thanh Thắng" in text and w["secretary"] in text
    footer = d.sections[0].footer.paragraphs[0]._p.xml
    assert "PAGE" in footer and "NUMPAGES" in footer and w["page"].split("{")[0] in footer
    # the signatures: one row that may not split, and the closing sentence kept with it
    sign = d.tables[-1]
    assert sign.rows[0]._tr.trPr.find(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}cantSplit") is not None
    closing = next(p for p in d.paragraphs if w["closing_final"] in p.text)
    assert closing.paragraph_format.keep_with_next


def test_summary_and_recognition_docx(tmp_path: Path, lang: str) -> None:
    from ocop_desk.printing.summary import MemberColumn, SummaryData, SummaryRow

    w = WORDS[lang]
    data = SummaryData(council=COUNCIL, session_id="2026-CM-01", date=dt.date(2026, 9, 15), place="Chợ Mới",
                       members=(MemberColumn("m1", "Trần Ngọc Cường"), MemberColumn("m2", "Bế Thanh Thắng")),
                       rows=(SummaryRow("06-065-001-2026", "Miến dong", "HTX Thanh Vận",
                                        {"m1": Decimal("63.5"), "m2": "conflict"}, Decimal("63.50"), 3,
                                        "ranked"),), number="3/BTH-HĐ")
    path = tmp_path / "th.docx"
    write_paper_docx(path, summary_text(data))
    header, paragraphs, _d = _docx_text(path)
    text = "\n".join(paragraphs)
    assert w["authority"] in header and w["number"].replace("12/BB", "3/BTH") in header
    assert ("63,50" if lang == "vi" else "63.50") in text and "Miến dong — HTX Thanh Vận" in text
    assert ("xung đột lợi ích" if lang == "vi" else "conflict") in text
    path = tmp_path / "ds.docx"
    write_paper_docx(path, recognition_text(_minutes(products=2)))
    header, paragraphs, d = _docx_text(path)
    assert w["number"].replace("12/BB", "4/DS") in header
    assert "Miến dong Côn Minh loại 2" in "\n".join(paragraphs)
    assert d.sections[0].page_width > d.sections[0].page_height  # landscape, as the PDF


# ---------------------------------------------------------------- jobs and the command line


def test_print_jobs_in_both_formats(tmp_path: Path, store, demo) -> None:
    from ocop_desk.certificates import set_session_papers

    set_session_papers(store, demo.session_id, numbers={"minutes": "12", "summary": "3"})
    for what in ("minutes", "summary", "recognition"):
        pdf = jobs.print_session(store, demo.session_id, what, tmp_path)
        word = jobs.print_session(store, demo.session_id, what, tmp_path, fmt="docx")
        assert pdf.path.suffix == ".pdf" and pdf.pages == pdf_pages(pdf.path)
        assert word.path == tmp_path / f"{demo.session_id}-{what}.docx" and word.pages == 0
        header, paragraphs, _d = _docx_text(word.path)
        assert "UBND HUYỆN CHỢ MỚI" in header and "UBND HUYỆN CHỢ MỚI" in pdf_text_flat(pdf.path)
        assert "DỰ THẢO" in "\n".join(paragraphs) and "DỰ THẢO" in pdf_text_flat(pdf.path)
    assert "Số: 12/BB-HĐ" in pdf_text_flat(tmp_path / f"{demo.session_id}-minutes.pdf")
    assert "Số: 3/BTH-HĐ" in pdf_text_flat(tmp_path / f"{demo.session_id}-summary.pdf")
    from ocop_desk.errors import OcopError

    with pytest.raises(OcopError, match="Word"):
        jobs.print_session(store, demo.session_id, "sheets", tmp_path, fmt="docx")


def test_cli_set_paper_and_print_word(tmp_path: Path, store, demo, run_cli) -> None:
    import json

    sid = demo.session_id
    code, out, err = run_cli("--db", store.url, "session", "set-paper", sid, "--start", "07:30", "--end", "11:00",
                             "--minutes-number", "12", "--recognition-number", "4/DS-HĐ", "--json")
    assert code == 0, err
    shown = json.loads(out)
    assert (shown["start"], shown["end"], shown["numbers"]) == ("07:30", "11:00",
                                                              {"minutes": "12/BB-HĐ", "recognition": "4/DS-HĐ"})
    assert shown["parent_authority"] == "Ủy ban nhân dân huyện Chợ Mới"
    # one bad value: refused whole, with the place named, the store unchanged
    code, out, err = run_cli("--db", store.url, "session", "set-paper", sid, "--start", "7h",
                             "--minutes-number", "99")
    assert code == 4 and "start_time" in err and "7h" in err
    code, out, err = run_cli("--db", store.url, "--lang", "en", "session", "set-paper", sid)
    assert code == 0 and "12/BB-HĐ" in out and "07:30" in out and "No. of the minutes" in out
    target = tmp_path / "bien ban.docx"
    code, out, err = run_cli("--db", store.url, "print", sid, "--what", "minutes", "--format", "docx",
                             "--out", str(target))
    assert code == 0, err
    assert target.is_file() and str(target) in out
    header, paragraphs, _d = _docx_text(target)
    assert "Số: 12/BB-HĐ" in header and "Vào hồi 7 giờ 30" in "\n".join(paragraphs)
    code, out, err = run_cli("--db", store.url, "print", sid, "--what", "recognition", "--out", str(tmp_path))
    assert code == 0 and "Số: 4/DS-HĐ" in pdf_text_flat(tmp_path / f"{sid}-recognition.pdf")
    code, out, err = run_cli("--db", store.url, "print", sid, "--what", "blank", "--format", "docx",
                             "--out", str(tmp_path))
    assert code != 0 and "--format" in err


def test_out_names_a_file_of_the_format_asked(tmp_path: Path) -> None:
    from ocop_desk.errors import OcopError

    assert jobs.output_path(tmp_path / "bb.docx", "s-minutes.docx") == tmp_path / "bb.docx"
    assert jobs.output_path(tmp_path, "s-minutes.docx") == tmp_path / "s-minutes.docx"
    with pytest.raises(OcopError, match=r"\.pdf.*\.docx") as caught:
        jobs.output_path(tmp_path / "bb.pdf", "s-minutes.docx")
    assert caught.value.place == "--out" and not (tmp_path / "bb.pdf").exists()
