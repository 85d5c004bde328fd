"""Many filled sheets of one criteria set: what they share is drawn once (a PDF form) and reads the same."""

from __future__ import annotations

import re
from pathlib import Path

from printing_proof import pdf_pages, pdf_text

from ocop_desk.i18n import set_language
from ocop_desk.printing.member_sheet import write_member_sheets
from ocop_desk.printing.values import FilledScorecard, MemberInfo


def test_repeated_sheets_share_their_drawing_and_keep_their_own_ticks(tmp_path: Path, rice_set, long_product) -> None:
    set_language("vi")
    try:
        low = {c.id: c.options[0].id for c in rice_set.criteria()}
        high = {c.id: c.options[-1].id for c in rice_set.criteria()}
        cards = [(rice_set, FilledScorecard(product=long_product, member=MemberInfo(name, "Thành viên"),
                                            choices=choices, star=None, digest=str(i) * 64))
                 for i, (name, choices) in enumerate((("Lò Văn Một", high), ("Lò Văn Hai", low),
                                                      ("Lò Văn Ba", high)), 1)]
        one = write_member_sheets(tmp_path / "one.pdf", cards[:1])
        pdf = tmp_path / "three.pdf"
        pages = write_member_sheets(pdf, cards)
        assert pages == pdf_pages(pdf) == 3 * one
        raw = pdf.read_bytes()
        assert b"/Subtype /Form" in raw and b"/Subtype /Form" not in (tmp_path / "one.pdf").read_bytes()

        def sheet(n: int) -> str:
            text = pdf_text(pdf, first=(n - 1) * one + 1, last=n * one)
            return re.sub(r"\s+", " ", re.sub(r"Lò Văn \w+|\d{64}|Trang \d+", "", text))

        # the third sheet (drawn from the forms of the first) reads exactly as the first, the second differs
        assert sheet(3) == sheet(1) != sheet(2)
        assert "Lò Văn Ba" in pdf_text(pdf, first=2 * one + 1, last=3 * one)
    finally:
        set_language("en")
