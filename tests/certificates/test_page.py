"""The certificates screen: draft a decision, filter the register, the due list, papers, the self-assessment."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from PySide6.QtCore import QDate

from ocop_desk import i18n


@pytest.fixture
def page(qtbot, store, closed):  # type: ignore[no-untyped-def]
    from ocop_desk.ui import operations
    from ocop_desk.ui.certificates_page import CertificatesPage
    from ocop_desk.ui.context import AppContext
    from ocop_desk.ui.operations import ChangeBus

    i18n.set_language("vi")
    operations.set_show_boxes(False)
    operations.last_errors().clear()
    p = CertificatesPage(AppContext(store=store, bus=ChangeBus()))
    qtbot.addWidget(p)
    p.retranslate()
    p.show()
    qtbot.waitExposed(p)
    yield p
    operations.set_show_boxes(True)


def _draft(page, number: str, day: dt.date) -> None:  # type: ignore[no-untyped-def]
    page.number_edit.setText(number)
    page.date_edit.setDate(QDate(day.year, day.month, day.day))
    page.recognise_button.click()


def test_draft_decision_then_register_and_due_list(page, tmp_path) -> None:
    from ocop_desk.ui import operations

    assert page.session_box.count() == 1 and page.register_table.rowCount() == 0
    _draft(page, "125", dt.date(2026, 9, 1))  # before the meeting: refused, one line
    assert operations.last_errors() and "trước ngày họp" in operations.last_errors()[-1]
    assert page.register_table.rowCount() == 0
    _draft(page, "125", dt.date(2026, 9, 15))
    n = page.register_table.rowCount()
    assert n >= 1 and page.session_box.count() == 0  # the demo's 3-star products (a district recognises 3)
    assert page.register_table.item(0, 0).text() == "001/2026/OCOP-065"
    assert page.register_table.item(0, 7).text() == "còn hiệu lực"
    assert "125/QĐ-UBND" in page.message.text()

    assert page.group_box.count() == 1 + n  # the demo's three products are of three groups
    page.group_box.setCurrentIndex(1)
    assert page.register_table.rowCount() == 1
    assert page.selected_certificate().group_id == page.group_box.currentData()
    page.group_box.setCurrentIndex(0)
    page.star_box.setCurrentIndex(page.star_box.findData("3"))
    assert page.register_table.rowCount() == n
    page.district_box.setCurrentIndex(page.district_box.findData("065"))
    assert page.register_table.rowCount() == n

    page.today = dt.date(2029, 7, 1)
    page.months_spin.setValue(1)
    assert page.due_table.rowCount() == 0
    page.months_spin.setValue(3)
    assert page.due_table.rowCount() == n
    assert page.due_table.item(0, 5).text() == "sắp hết hạn"
    page.today = dt.date(2029, 10, 1)
    page.months_spin.setValue(0)
    assert page.due_table.item(0, 5).text() == "đã hết hạn"

    page.choose_folder = lambda _parent: tmp_path
    page.decision_pdf.click()
    page.decision_docx.click()
    page.due_pdf.click()
    assert (tmp_path / "2026-CM-01-decision.pdf").exists() and (tmp_path / "2026-CM-01-decision.docx").exists()
    assert (tmp_path / "certificates-due-2029-10-01.pdf").exists()
    assert page.written == [tmp_path / "certificates-due-2029-10-01.pdf"]

    i18n.set_language("en")
    page.retranslate()
    assert page.recognise_button.text() == "Draft recognition decision"
    assert page.register_table.horizontalHeaderItem(0).text() == "Certificate No."


def test_self_assessment_side_by_side(page, store, tmp_path) -> None:
    from ocop_desk.self_assessment import FORMAT

    _draft(page, "125", dt.date(2026, 9, 15))
    page.register_table.selectRow(0)
    cert = page.selected_certificate()
    page.self_button.click()
    dialog = page.dialog
    assert dialog.product_box.currentData() == cert.product_code
    assert dialog.comparison is not None and not dialog.comparison.recorded
    assert dialog.table.rowCount() == len(dialog.comparison.rows)
    assert all(box.currentData() is None for box in dialog.boxes.values())
    from ocop_desk.sessions import criteria_set_for

    cs = criteria_set_for(store, cert.session_id, cert.product_code)
    choices = {c.id: max(c.options, key=lambda o: o.points).id for c in cs.criteria()}
    path = tmp_path / "sa.json"
    path.write_text(json.dumps({"format": FORMAT, "assessments": [{"product": cert.product_code,
                                                                   "choices": choices}]}), encoding="utf-8")
    dialog.choose_file = lambda _parent: path
    dialog.import_button.click()
    c = dialog.comparison
    assert c is not None and dialog.table.rowCount() == len(c.rows)
    assert "tự đánh giá" in dialog.summary.text()
    differing = [r for r in range(len(c.rows)) if c.rows[r].differs]
    assert differing, "best options everywhere differ from a 3-star mean somewhere"
    r = differing[0]
    assert dialog.table.item(r, dialog.DIFF).text().startswith("+")
    assert dialog.boxes[c.rows[0].criterion_id].currentData() == choices[c.rows[0].criterion_id]

    # ticks changed on screen are saved on the same sheet
    first = next(iter(cs.criteria()))
    lowest = min(first.options, key=lambda o: o.points)
    box = dialog.boxes[first.id]
    box.setCurrentIndex(box.findData(lowest.id))
    dialog.save_button.click()
    from ocop_desk.self_assessment import get_self_assessment

    saved = get_self_assessment(store, cert.product_code)
    assert saved is not None and saved.choices[first.id] == lowest.id and saved.choices != choices
    assert dialog.comparison.choices[first.id] == lowest.id
    dialog.close()
