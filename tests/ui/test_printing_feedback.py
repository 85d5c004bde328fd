"""The printing page: producer feedback in one PDF and one PDF per producer into the chosen folder."""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path

from PySide6.QtCore import Qt

from tests.ui.conftest import wait_idle


def _wait_printed(qtbot) -> None:  # type: ignore[no-untyped-def]
    """Twelve producers' files on a machine shared with other test runs take longer than a click."""
    from ocop_desk.ui import operations

    qtbot.waitUntil(lambda: operations.running() == 0, timeout=90000)


def _printing(qtbot, window):  # type: ignore[no-untyped-def]
    window.navigate("printing")
    wait_idle(qtbot)
    return window.pages["printing"]


def _job_row(page, key: str) -> int:  # type: ignore[no-untyped-def]
    return next(i for i in range(page.jobs.count()) if page.jobs.item(i).data(Qt.ItemDataRole.UserRole) == key)


def test_feedback_per_producer_into_the_chosen_folder(qtbot, window, tmp_path: Path, monkeypatch) -> None:
    from ocop_desk.sessions import get_session
    from ocop_desk.ui import file_dialogs, operations

    page = _printing(qtbot, window)
    row = _job_row(page, "feedback-per-producer")
    assert page.jobs.item(row).text() == "Phản hồi cho chủ thể, mỗi chủ thể một tệp PDF (vào thư mục đã chọn)"
    assert page.jobs.item(_job_row(page, "feedback")).text().startswith("Phản hồi cho chủ thể")
    folder = tmp_path / "phản hồi"
    folder.mkdir()
    monkeypatch.setattr(file_dialogs, "choose_folder", lambda parent, title, current="": str(folder))
    page.browse.click()
    assert page.folder.text() == str(folder)
    page.jobs.setCurrentRow(row)
    qtbot.keyClick(page.jobs, Qt.Key.Key_Return)
    _wait_printed(qtbot)
    assert operations.last_errors() == []
    detail = get_session(window.ctx.store, page.session_box.currentData())
    producers = list(dict.fromkeys(it.producer_name for it in detail.items))
    names = sorted(unicodedata.normalize("NFC", n) for n in os.listdir(folder))
    assert names == sorted(f"{p}.pdf" for p in producers)
    assert page.last_pdf == folder / f"{producers[0]}.pdf"
    assert f"{len(producers)} tệp" in page.result.text()
    assert not page.preview.pixmap().isNull()

    # printing again asks before replacing; a No leaves the files as they were
    first = folder / f"{producers[0]}.pdf"
    first.write_bytes(b"kept")
    asked: list[list[str]] = []
    page.confirm_replace = lambda names: asked.append(names) or False
    page.print_selected("feedback-per-producer")
    wait_idle(qtbot)
    assert asked and asked[0][0] == first.name and len(asked[0]) == len(producers)
    assert first.read_bytes() == b"kept"
    page.confirm_replace = lambda names: True
    page.print_selected("feedback-per-producer")
    _wait_printed(qtbot)
    assert operations.last_errors() == []
    assert first.read_bytes()[:5] == b"%PDF-"


def test_a_file_as_the_folder_is_refused_with_its_name(qtbot, window, tmp_path: Path) -> None:
    from ocop_desk.ui import operations

    page = _printing(qtbot, window)
    a_file = tmp_path / "ghi chú.txt"
    a_file.write_text("x", encoding="utf-8")
    page.folder.setText(str(a_file))
    page.print_selected("feedback-per-producer")
    wait_idle(qtbot)
    errors = operations.last_errors()
    assert errors and str(a_file) in str(errors[-1])
    assert a_file.read_text(encoding="utf-8") == "x"


def test_the_dialog_puts_the_self_assessment_beside_the_councils_mean(qtbot, window) -> None:
    from ocop_desk.results import session_results
    from ocop_desk.self_assessment import compare, record_self_assessment
    from ocop_desk.ui.format import points_text
    from ocop_desk.ui.self_assessment_dialog import HIGHER, LOWER, SelfAssessmentDialog

    store = window.ctx.store
    sid = _printing(qtbot, window).session_box.currentData()
    first = session_results(store, sid).products[0]
    cs = first.criteria_set
    choices = {c.id: max(c.options, key=lambda o: o.points).id for c in cs.criteria()}
    low = next(iter(cs.criteria()))
    choices[low.id] = min(low.options, key=lambda o: o.points).id
    record_self_assessment(store, first.code, choices)
    c = compare(store, sid, first.code)
    dialog = SelfAssessmentDialog(store, sid, first.code)
    qtbot.addWidget(dialog)
    table = dialog.table
    assert table.rowCount() == len(c.rows)
    for row, r in enumerate(c.rows):
        assert table.item(row, 0).text() == r.criterion_id
        assert table.item(row, dialog.POINTS).text() == points_text(r.self_points)
        assert table.item(row, dialog.COUNCIL).text() == points_text(r.council_mean)
        diff = table.item(row, dialog.DIFF)
        if r.differs:
            assert diff.text() == ("+" if r.difference > 0 else "") + points_text(r.difference)
            assert diff.background().color() == (HIGHER if r.difference > 0 else LOWER)
    assert any(r.differs and r.difference < 0 for r in c.rows)  # the lowest option the producer ticked


def test_the_results_page_opens_the_selected_products_self_assessment(qtbot, window) -> None:
    window.navigate("results")
    wait_idle(qtbot)
    page = window.pages["results"]
    qtbot.waitUntil(lambda: page.results is not None, timeout=10000)
    code = page.results.products[2].code
    page.select_product(code)
    page.self_button.click()
    dialog = page.dialog
    assert dialog.isVisible() and dialog.product_box.currentData() == code
    assert dialog.table.rowCount() == len(list(page.results.product(code).criteria_set.criteria()))
    dialog.reject()
