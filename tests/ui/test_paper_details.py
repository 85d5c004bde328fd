"""The secretary sets what the signed papers print (council page) and prints the minutes as Word (printing page)."""

from __future__ import annotations

import docx
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from ocop_desk.certificates import paper_details
from ocop_desk.ui import operations
from ocop_desk.ui.paper_details_dialog import PaperDetailsDialog

from tests.ui.conftest import wait_idle


def test_paper_details_dialog_saves_and_refuses_a_bad_hour(qtbot, window, monkeypatch) -> None:
    store = window.ctx.store
    window.navigate("council")
    wait_idle(qtbot)
    page = window.pages["council"]
    sid = page.session_id
    assert page.papers_button.isEnabled()

    def fill(dialog: PaperDetailsDialog) -> int:
        assert dialog.authority.text() == "Ủy ban nhân dân huyện Chợ Mới"  # the demo council's
        dialog.start.setText("07:45")
        dialog.numbers["minutes"].setText("15")
        dialog.place.setText("Chợ Mới, Bắc Kạn")
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(page, "exec_dialog", fill)
    qtbot.mouseClick(page.papers_button, Qt.MouseButton.LeftButton)
    d = paper_details(store, sid)
    assert (d.start_time, d.numbers["minutes"][0], d.place_name) == ("07:45", "15/BB-HĐ", "Chợ Mới, Bắc Kạn")

    def bad(dialog: PaperDetailsDialog) -> int:
        dialog.start.setText("7h")
        dialog.numbers["summary"].setText("3")
        dialog.authority.setText("khác")
        return QDialog.DialogCode.Accepted

    operations.last_errors().clear()
    monkeypatch.setattr(page, "exec_dialog", bad)
    qtbot.mouseClick(page.papers_button, Qt.MouseButton.LeftButton)
    assert any("7h" in str(e) for e in operations.last_errors())
    after = paper_details(store, sid)
    assert after == d  # nothing written


def test_printing_page_offers_word_for_the_papers(qtbot, window, tmp_path) -> None:
    window.navigate("printing")
    wait_idle(qtbot)
    page = window.pages["printing"]
    page.folder.setText(str(tmp_path))

    def formats() -> list[str]:
        return [page.format_box.itemData(i) for i in range(page.format_box.count())]

    for row in range(page.jobs.count()):
        page.jobs.setCurrentRow(row)
        what = page.jobs.item(row).data(Qt.ItemDataRole.UserRole)
        assert formats() == (["pdf", "docx"] if what in ("summary", "minutes", "recognition") else ["pdf"]), what
    minutes = next(r for r in range(page.jobs.count())
                   if page.jobs.item(r).data(Qt.ItemDataRole.UserRole) == "minutes")
    page.jobs.setCurrentRow(minutes)
    page.format_box.setCurrentIndex(page.format_box.findData("docx"))
    page.print_selected()
    wait_idle(qtbot)
    written = list(tmp_path.glob("*-minutes.docx"))
    assert len(written) == 1 and str(written[0]) in page.result.text()
    text = "\n".join(p.text for p in docx.Document(str(written[0])).paragraphs)
    assert "BIÊN BẢN" in text and "DỰ THẢO" in text
