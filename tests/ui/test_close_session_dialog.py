"""Kết thúc phiên with unfinished sheets: the dialog lists them and closes only with a written reason."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QMessageBox

from ocop_desk import sessions
from ocop_desk.audit import entries

from tests.ui.conftest import wait_idle


def _council(qtbot, window):  # type: ignore[no-untyped-def]
    window.navigate("council")
    wait_idle(qtbot)
    return window.pages["council"]


def test_dialog_lists_every_unfinished_sheet_and_needs_a_reason(qtbot, window, monkeypatch) -> None:
    page = _council(qtbot, window)
    sid = page.session_id
    expected = sessions.unfinished_sheets(window.ctx.store, sid)
    assert expected
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    seen = []

    def cancel(dialog):  # type: ignore[no-untyped-def]
        seen.append([(dialog.table.item(r, 0).text(), dialog.table.item(r, 1).text())
                     for r in range(dialog.table.rowCount())])
        assert not dialog.close_button.isEnabled()  # no reason, no closing
        dialog.reason_edit.setText("   ")
        assert not dialog.close_button.isEnabled()
        dialog.reject()
        return dialog.result()

    monkeypatch.setattr(page, "exec_dialog", cancel)
    qtbot.mouseClick(page.close_button, Qt.MouseButton.LeftButton)
    assert sessions.get_session(window.ctx.store, sid).state == "scoring"  # the plain question was not asked
    rows = seen[0]
    assert len(rows) == len(expected)
    for (product, member), u in zip(rows, expected):
        assert product.startswith(u.product_code) and f"({u.member})" in member

    def acknowledge(dialog):  # type: ignore[no-untyped-def]
        dialog.reason_edit.setText("Sản phẩm 11 và 12 chấm vào phiên sau")
        assert dialog.close_button.isEnabled()
        dialog.close_button.click()
        return dialog.result()

    monkeypatch.setattr(page, "exec_dialog", acknowledge)
    qtbot.mouseClick(page.close_button, Qt.MouseButton.LeftButton)
    assert sessions.get_session(window.ctx.store, sid).state == "closed"
    last = entries(window.ctx.store, limit=1)[0]
    assert last["detail"]["acknowledgement"] == "Sản phẩm 11 và 12 chấm vào phiên sau"
    assert len(last["detail"]["unfinished"]) == len(expected)


def test_dialog_fits_a_small_screen(qtbot, window) -> None:
    from ocop_desk.ui.council_page import UnfinishedSheetsDialog

    page = _council(qtbot, window)
    dialog = UnfinishedSheetsDialog(page, sessions.unfinished_sheets(window.ctx.store, page.session_id))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    room = dialog.screen().availableGeometry()
    assert dialog.width() <= room.width() and dialog.height() <= room.height()
    header = dialog.table.horizontalHeader()
    for i in range(header.count()):
        assert header.sectionSize(i) >= header.sectionSizeFromContents(i).width() - 1
    assert isinstance(dialog, QDialog)
