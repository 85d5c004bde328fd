"""Issue 13: the scoring screen's keyboard flow, the progress of long work, no star for a knocked-out product.

Every test drives the real window by mouse and keyboard and reads back what
the store holds and what the screen shows.
"""

from __future__ import annotations

import threading

import shiboken6

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPushButton

from ocop_desk import sessions
from ocop_desk.scoring.criteria import option_for_key
from ocop_desk.ui import operations

from tests.ui.conftest import wait_idle


def _click_agenda_row(qtbot, page, row: int) -> None:  # type: ignore[no-untyped-def]
    table = page.agenda
    table.scrollToItem(table.item(row, 0))
    rect = table.visualItemRect(table.item(row, 0))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def _stored(window, page, product: str, member: str) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return dict(sessions.load_scorecard(window.ctx.store, page.view.detail.id, product, member).choices)


def _unscored(page) -> tuple[int, str]:  # type: ignore[no-untyped-def]
    row = len(page.view.detail.items) - 1  # the demo leaves the last products unscored
    return row, page.view.detail.items[row].product_code


def test_enter_then_a_digit_on_an_unscored_product_scores_its_first_criterion(qtbot, window) -> None:
    page = window.pages["scoring"]
    page.set_member("tv02")
    row, code = _unscored(page)
    _click_agenda_row(qtbot, page, row)
    assert page.product == code
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_1)
    first = page.sheet.order[0]
    assert _stored(window, page, code, "tv02") == {first: option_for_key(page.cs.criterion(first), 1).id}


def test_a_digit_typed_in_the_product_list_scores_the_current_criterion(qtbot, window) -> None:
    page = window.pages["scoring"]
    page.set_member("tv02")
    row, code = _unscored(page)
    _click_agenda_row(qtbot, page, row)
    page.agenda.setFocus(Qt.FocusReason.MouseFocusReason)
    assert QApplication.focusWidget() is page.agenda
    qtbot.keyClick(page.agenda, Qt.Key.Key_2)
    assert page.product == code, "a digit in the list does not jump to another product"
    assert page.agenda.currentRow() == row
    first = page.sheet.order[0]
    assert _stored(window, page, code, "tv02") == {first: option_for_key(page.cs.criterion(first), 2).id}
    # the digit went to the sheet, which moved on: the next digit scores the next criterion
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_1)
    second = page.sheet.order[1]
    assert _stored(window, page, code, "tv02")[second] == option_for_key(page.cs.criterion(second), 1).id


def test_double_entry_starts_the_second_keying_as_soon_as_the_first_is_complete(qtbot, window) -> None:
    page = window.pages["scoring"]
    page.set_member("tv05")
    row, code = _unscored(page)
    _click_agenda_row(qtbot, page, row)
    qtbot.mouseClick(page.double_box, Qt.MouseButton.LeftButton)
    assert page.double_box.isChecked()
    page.sheet.focus_criterion(page.sheet.order[0])
    for _n in page.sheet.order:
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_1)
    assert page.second == {}, "the second keying starts without leaving the product"
    assert page.banner.isVisible()
    assert page.sheet.rows[page.sheet.order[0]].selected() is None
    assert QApplication.focusWidget() is page.sheet.rows[page.sheet.order[0]]
    for _n in page.sheet.order:
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_1)
    assert page.second is None and page.mismatches == ()
    assert (code, "tv05") in page.verified


def test_long_work_keeps_the_window_responsive_and_queues_no_input(qtbot, window) -> None:
    page = window.pages["scoring"]
    page.set_member("tv03")
    row, code = _unscored(page)
    _click_agenda_row(qtbot, page, row)
    crit_row = page.sheet.rows[page.sheet.order[0]]
    release = threading.Event()

    def long(progress: operations.Progress) -> int:
        while not release.wait(0.02):
            progress.check()
        return 1

    done: list[int] = []
    op = operations.run_op(page, long, title="long", on_success=done.append, show_after_ms=0)
    qtbot.waitUntil(lambda: op.dialog is not None and op.dialog.isVisible(), timeout=5000)
    assert QApplication.activeModalWidget() is None, "no modal dialog"
    assert window.statusBar().isAncestorOf(op.dialog), "the progress sits in the status bar"
    assert op.dialog.findChild(QPushButton).isVisible(), "with its Cancel button"
    # the affected view takes no input while the work runs, and keeps none for later
    qtbot.mouseClick(crit_row.option_rows[0], Qt.MouseButton.LeftButton)
    qtbot.keyClick(crit_row, Qt.Key.Key_2)
    assert _stored(window, page, code, "tv03") == {}
    # the rest of the window answers at once
    nav = window.nav
    qtbot.mouseClick(nav.viewport(), Qt.MouseButton.LeftButton, pos=nav.visualItemRect(nav.item(0)).center())
    assert window.current_key() == "dossiers"
    qtbot.mouseClick(nav.viewport(), Qt.MouseButton.LeftButton, pos=nav.visualItemRect(nav.item(2)).center())
    assert window.current_key() == "scoring"
    release.set()
    wait_idle(qtbot)
    assert done == [1]
    assert not shiboken6.isValid(op.dialog) or not op.dialog.isVisible()
    assert _stored(window, page, code, "tv03") == {}, "nothing typed during the work was queued"
    # the first click after the work is taken
    qtbot.mouseClick(crit_row.option_rows[1], Qt.MouseButton.LeftButton)
    assert _stored(window, page, code, "tv03") == {crit_row.key: crit_row.option_rows[1].option_id}


def test_cancel_in_the_status_bar_stops_the_work(qtbot, window) -> None:
    page = window.pages["scoring"]
    started = threading.Event()

    def long(progress: operations.Progress) -> int:
        started.set()
        while True:
            progress.report(1, 10, "step")
            threading.Event().wait(0.02)

    done: list[int] = []
    op = operations.run_op(page, long, title="long", on_success=done.append, show_after_ms=0)
    qtbot.waitUntil(lambda: op.dialog is not None and op.dialog.isVisible(), timeout=5000)
    qtbot.mouseClick(op.dialog.findChild(QPushButton), Qt.MouseButton.LeftButton)
    wait_idle(qtbot)
    assert op.done and done == []
    assert not shiboken6.isValid(op.dialog) or not op.dialog.isVisible()


def test_a_knocked_out_product_shows_no_star_on_the_scoring_panel(qtbot, window) -> None:
    page = window.pages["scoring"]
    index, item = next((i, it) for i, it in enumerate(page.view.detail.items) if it.knockouts)
    page.set_member("tv01")
    _click_agenda_row(qtbot, page, index)
    assert page.product == item.product_code
    assert page.sheet_totals().unanswered == 0, "the demo scored this product completely"
    assert "★" not in page.star_label.text()
    assert page.sheet_totals().star is None
    assert item.knockouts[0].id in page.star_label.text()
