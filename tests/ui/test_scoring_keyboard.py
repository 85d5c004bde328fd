"""Scoring by keyboard on the real widgets: the store holds what was keyed, the screen shows the engine's numbers."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from ocop_desk import sessions
from ocop_desk.scoring.criteria import option_key
from ocop_desk.scoring.ranking import sheet_star
from ocop_desk.scoring.totals import member_total, part_subtotals
from ocop_desk.ui.format import points_text, stars_text

from tests.ui.conftest import wait_idle


def _focused_row(page):  # type: ignore[no-untyped-def]
    focus = QApplication.focusWidget()
    for cid, row in page.sheet.rows.items():
        if row is focus:
            return cid, row
    raise AssertionError(f"focus is on {focus!r}, not on a criterion row")


def _go_to_product(qtbot, page, code: str) -> None:  # type: ignore[no-untyped-def]
    codes = [it.product_code for it in page.view.detail.items]
    while page.product != code:
        step = Qt.Key.Key_PageDown if codes.index(code) > codes.index(page.product) else Qt.Key.Key_PageUp
        qtbot.keyClick(QApplication.focusWidget(), step, Qt.KeyboardModifier.ControlModifier)


def test_a_whole_product_keyed_by_digits_is_stored_and_totalled_by_the_engine(qtbot, window) -> None:
    page = window.pages["scoring"]
    detail = page.view.detail
    last = detail.items[-1].product_code  # no scorecards in the demo
    page.set_member("tv02")
    _go_to_product(qtbot, page, last)
    assert page.product == last
    cs = page.cs
    order = page.sheet.order
    assert page.sheet_totals().unanswered == len(order)

    expected: dict[str, str] = {}
    for n in range(len(order)):
        cid, row = _focused_row(page)
        assert cid == order[n], "each digit moves on to the next criterion"
        pick = row.crit.options[(n * 7 + 3) % len(row.crit.options)]
        qtbot.keyClick(row, Qt.Key(Qt.Key.Key_0 + option_key(row.crit, pick)))
        expected[cid] = pick.id

    stored = sessions.load_scorecard(window.ctx.store, detail.id, last, "tv02").choices
    assert dict(stored) == expected
    total = member_total(cs, expected)
    assert page.total_label.text().endswith(f" {points_text(total)} / {points_text(cs.max_total)}")
    star, _reasons = sheet_star(cs, page.view.profile, expected)
    assert star is not None and stars_text(star) in page.star_label.text()
    for part_id, value in part_subtotals(cs, expected).items():
        assert page.part_labels[part_id][1].text().startswith(points_text(value) + " /")
    assert page.sheet_totals().unanswered == 0
    # the agenda shows the member's progress on that product
    row = [it.product_code for it in detail.items].index(last)
    assert page.agenda.item(row, 1).text().startswith(f"{len(order)}/{len(order)}")


def test_enter_jumps_to_the_next_unanswered_and_delete_clears(qtbot, window) -> None:
    page = window.pages["scoring"]
    last = page.view.detail.items[-1].product_code
    page.set_member("tv03")
    page.open_product(last)
    order = page.sheet.order
    first, row = _focused_row(page)
    assert first == order[0]
    qtbot.keyClick(row, Qt.Key.Key_2)  # answers order[0], moves to order[1]
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Down)  # order[2]
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_1)  # answers order[2], moves to order[3]
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Up)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Up)
    assert _focused_row(page)[0] == order[1]
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    # order[1] itself is unanswered: Enter keeps the member on it (issue 13 §2)
    assert _focused_row(page)[0] == order[1]
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Down)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    # from the answered order[2], Enter goes to the next unanswered: order[3]
    assert _focused_row(page)[0] == order[3]
    page.sheet.focus_criterion(order[2])
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Delete)
    stored = sessions.load_scorecard(window.ctx.store, page.view.detail.id, last, "tv03").choices
    assert set(stored) == {order[0]}
    assert page.sheet.rows[order[2]].property("answered") is False
    assert page.sheet.rows[order[2]].marker.text() != ""


def test_a_note_is_saved_with_the_keyboard(qtbot, window) -> None:
    page = window.pages["scoring"]
    last = page.view.detail.items[-1].product_code
    page.set_member("tv05")
    page.open_product(last)
    cid, row = _focused_row(page)
    qtbot.keyClick(row, Qt.Key.Key_N)
    assert QApplication.focusWidget() is row.note
    qtbot.keyClicks(row.note, "ATTP: ")
    row.note.insert("thiếu giấy chứng nhận")  # an input method's commit (QTest types ASCII only)
    qtbot.keyClick(row.note, Qt.Key.Key_Return)
    notes = sessions.load_scorecard(window.ctx.store, page.view.detail.id, last, "tv05").notes
    assert notes == {cid: "ATTP: thiếu giấy chứng nhận"}
    assert QApplication.focusWidget() is row


def test_a_conflicted_member_cannot_score_that_product(qtbot, window) -> None:
    page = window.pages["scoring"]
    item = next(it for it in page.view.detail.items if it.conflicts)
    member = item.conflicts[0]
    page.set_member(member)
    page.open_product(item.product_code)
    before = sessions.load_scorecard(window.ctx.store, page.view.detail.id, item.product_code, member)
    assert page.locked_reason() is not None
    cid, row = _focused_row(page)
    qtbot.keyClick(row, Qt.Key.Key_1)
    qtbot.mouseClick(row.option_rows[0], Qt.MouseButton.LeftButton)
    after = sessions.load_scorecard(window.ctx.store, page.view.detail.id, item.product_code, member)
    assert after == before and not after.choices
    assert page.banner.isVisible() and page.view.detail.member(member).name in page.banner.text()
    assert row.selected() is None
    assert not row.option_rows[0].checked


def test_a_closed_session_refuses_edits(qtbot, window) -> None:
    page = window.pages["scoring"]
    sid = page.view.detail.id
    last = page.view.detail.items[-1].product_code
    sessions.set_state(window.ctx.store, sid, "closed", acknowledge_unfinished="unfinished on purpose")
    from ocop_desk.ui.operations import Changes

    window.ctx.bus.announce(Changes.SESSIONS)
    qtbot.waitUntil(lambda: page.view.detail.state == "closed", timeout=10000)
    wait_idle(qtbot)
    page.set_member("tv01")
    page.open_product(last)
    cid, row = _focused_row(page)
    qtbot.keyClick(row, Qt.Key.Key_3)
    assert sessions.load_scorecard(window.ctx.store, sid, last, "tv01").choices == {}
    assert page.banner.isVisible()
    assert page.locked_reason() is not None


def test_double_entry_shows_every_mismatch_before_accepting(qtbot, window) -> None:
    page = window.pages["scoring"]
    sid = page.view.detail.id
    last = page.view.detail.items[-1].product_code
    page.set_member("tv06")
    page.open_product(last)
    order = page.sheet.order
    for _n in order:  # first keying: always option 1
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_1)
    first = dict(sessions.load_scorecard(window.ctx.store, sid, last, "tv06").choices)
    assert len(first) == len(order)

    page.double_box.setChecked(True)
    assert page.second == {}, "a complete first keying asks for the second"
    assert page.sheet.rows[order[0]].selected() is None, "the second keying starts blank"
    differ = {order[1], order[4]}
    for cid in order:
        key = Qt.Key.Key_2 if cid in differ else Qt.Key.Key_1
        qtbot.keyClick(QApplication.focusWidget(), key)
    assert {m.criterion_id for m in page.mismatches} == differ
    for cid in order:
        assert page.sheet.rows[cid].property("mismatch") is (cid in differ)
    report = page.mismatch_report()
    for cid in differ:
        assert page.cs.criterion(cid).title in report
    # nothing from the second keying was saved
    assert dict(sessions.load_scorecard(window.ctx.store, sid, last, "tv06").choices) == first
    assert (last, "tv06") not in page.verified
    # resolving: key the right option on each highlighted criterion (saved)
    for cid in sorted(differ, key=order.index):
        assert _focused_row(page)[0] in differ
        page.sheet.focus_criterion(cid)
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_2)
    assert page.mismatches == ()
    stored = sessions.load_scorecard(window.ctx.store, sid, last, "tv06").choices
    assert {c for c in order if stored[c] != first[c]} == differ


def test_identical_keyings_are_accepted(qtbot, window) -> None:
    page = window.pages["scoring"]
    last = page.view.detail.items[-1].product_code
    page.double_box.setChecked(True)
    page.set_member("tv07")
    page.open_product(last)
    assert page.second is None  # nothing keyed yet: the first keying is saved directly
    for _n in page.sheet.order:
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_1)
    page.open_product(last)  # coming back to a complete sheet asks for the second keying
    assert page.second == {}
    for _n in page.sheet.order:
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_1)
    assert page.mismatches == () and (last, "tv07") in page.verified


def test_ctrl_page_down_and_up_move_between_products(qtbot, window) -> None:
    page = window.pages["scoring"]
    codes = [it.product_code for it in page.view.detail.items]
    page.open_product(codes[0])
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert page.product == codes[1]
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_PageUp, Qt.KeyboardModifier.ControlModifier)
    assert page.product == codes[1]
    assert page.agenda.currentRow() == 1


def test_the_shown_totals_of_a_demo_sheet_equal_the_engine(qtbot, window) -> None:
    page = window.pages["scoring"]
    first = page.view.detail.items[0].product_code
    page.set_member("tv01")
    page.open_product(first)
    choices = sessions.load_scorecard(window.ctx.store, page.view.detail.id, first, "tv01").choices
    assert choices, "the demo scored the first product"
    total = member_total(page.cs, choices)
    assert points_text(total) in page.total_label.text()
    assert page.sheet_totals().total == total and isinstance(total, Decimal)


def test_a_note_being_typed_is_saved_when_the_window_closes(qtbot, window) -> None:
    page = window.pages["scoring"]
    last = page.view.detail.items[-1].product_code
    page.set_member("tv08")
    page.open_product(last)
    cid, row = _focused_row(page)
    qtbot.keyClick(row, Qt.Key.Key_N)
    qtbot.keyClicks(row.note, "chua ro nguon goc")
    window.close()
    notes = sessions.load_scorecard(window.ctx.store, page.view.detail.id, last, "tv08").notes
    assert notes == {cid: "chua ro nguon goc"}
