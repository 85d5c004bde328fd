"""A secretary's whole meeting with the app alone: set up a session, key every sheet, see results, close."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from ocop_desk import results, sessions
from ocop_desk.ui.council_page import SessionDialog
from ocop_desk.ui.format import mean_text, stars_text

from tests.ui.conftest import wait_idle


def test_set_up_key_every_sheet_see_results_and_close(qtbot, window, monkeypatch) -> None:
    store = window.ctx.store
    council = window.pages["scoring"].view.detail.council.id

    # 1. a new session of the demo council, with two products on its agenda
    window.navigate("council")
    wait_idle(qtbot)
    page = window.pages["council"]

    def fill(dialog: SessionDialog) -> int:
        dialog.sid.setText("2026-CM-02")
        dialog.date.setText("2026-10-02")
        dialog.place.setText("Hội trường UBND huyện")
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(SessionDialog, "exec", fill)
    qtbot.mouseClick(page.new_session, Qt.MouseButton.LeftButton)
    assert page.session_id == "2026-CM-02"
    wanted = []
    for _n in range(2):
        wanted.append(page.product_box.currentData())
        qtbot.mouseClick(page.add_product, Qt.MouseButton.LeftButton)
    detail = sessions.get_session(store, "2026-CM-02")
    assert [it.product_code for it in detail.items] == wanted and detail.council.id == council
    qtbot.mouseClick(page.to_scoring, Qt.MouseButton.LeftButton)
    assert sessions.get_session(store, "2026-CM-02").state == "scoring"

    # 2. every member's sheet keyed on the scoring screen, by keyboard only
    qtbot.mouseClick(page.score_button, Qt.MouseButton.LeftButton)
    scoring = window.pages["scoring"]
    qtbot.waitUntil(lambda: scoring.view is not None and scoring.view.detail.id == "2026-CM-02", timeout=10000)
    wait_idle(qtbot)
    for m_index, member in enumerate(scoring.view.detail.members):
        scoring.set_member(member.code)
        for p_index, code in enumerate(wanted):
            scoring.open_product(code)
            for n in range(len(scoring.sheet.order)):
                if scoring.sheet_totals().complete:
                    break
                row = QApplication.focusWidget()
                keys = [e.key for e in row.entries if e.key is not None]
                key = 0 if row.multi else keys[(n + m_index + p_index) % len(keys)]  # a checklist: none
                qtbot.keyClick(row, Qt.Key(Qt.Key.Key_0 + key))
            assert scoring.sheet_totals().complete
    choices = sessions.session_choices(store, "2026-CM-02")
    assert len(choices) == len(wanted) * len(scoring.view.detail.members)

    # 3. the results screen shows what the engine computes
    window.navigate("results")
    res_page = window.pages["results"]
    res_page.open_with(session_id="2026-CM-02")
    res_page.reload()
    qtbot.waitUntil(lambda: res_page.results is not None and res_page.results.session.id == "2026-CM-02",
                    timeout=10000)
    expected = results.session_results(store, "2026-CM-02")
    for row in range(res_page.table.rowCount()):
        code = res_page.table.item(row, 0).text()
        r = expected.product(code).result
        assert r.status == "ranked"
        assert res_page.table.item(row, 4).text() == mean_text(r.mean)
        assert res_page.table.item(row, 5).text() == stars_text(r.star)

    # 4. closing locks every scorecard
    window.navigate("council")
    page.load("2026-CM-02")
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    qtbot.mouseClick(page.close_button, Qt.MouseButton.LeftButton)
    assert sessions.get_session(store, "2026-CM-02").state == "closed"
    window.navigate("scoring")
    qtbot.waitUntil(lambda: scoring.view.detail.state == "closed", timeout=10000)
    wait_idle(qtbot)
    scoring.open_product(wanted[0])
    before = sessions.session_choices(store, "2026-CM-02")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_1)
    assert sessions.session_choices(store, "2026-CM-02") == before
    from ocop_desk.ui import operations

    assert operations.last_errors() == []
