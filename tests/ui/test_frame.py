"""The frame: navigation by keyboard, live language switch, every screen renders, one writer per store."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QPushButton

from ocop_desk.ui.main_window import SCREENS

from tests.ui.conftest import wait_idle


def _visible_texts(widget) -> set[str]:  # type: ignore[no-untyped-def]
    out = set()
    for w in widget.findChildren(QLabel) + widget.findChildren(QPushButton):
        if w.isVisibleTo(widget) and w.text():
            out.add(w.text())
    return out


def test_ctrl_digits_move_between_screens_and_every_screen_builds(qtbot, window) -> None:
    for index, screen in enumerate(SCREENS):
        if index < 10:
            qtbot.keyClick(window, Qt.Key(Qt.Key.Key_0 + (index + 1) % 10), Qt.KeyboardModifier.ControlModifier)
        else:  # no digit left: the screen list reaches it
            window.nav.setCurrentRow(index)
        wait_idle(qtbot)
        assert window.current_key() == screen.key
        assert window.stack.currentWidget().isVisible()
    from ocop_desk.ui import operations

    assert operations.last_errors() == []


def test_switching_the_language_retranslates_visible_texts_live(qtbot, window) -> None:
    scoring = window.pages["scoring"]
    assert window.nav.item(2).text() == "Chấm điểm"
    assert scoring.totals_title.text() == "Phiếu này"
    vi_texts = _visible_texts(scoring)

    window.navigate("settings")
    settings = window.pages["settings"]
    settings.en.setFocus()
    qtbot.keyClick(settings.en, Qt.Key.Key_Space)
    assert settings.en.isChecked()
    assert window.nav.item(2).text() == "Scoring"
    assert window.nav.item(len(SCREENS) - 1).text() == "Settings"
    assert settings.language_box.title() == "Language"
    assert scoring.totals_title.text() == "This sheet"
    assert scoring.agenda.horizontalHeaderItem(0).text() == "Product"
    assert scoring.total_label.text().startswith("Total ")
    row = next(iter(scoring.sheet.rows.values()))
    assert row.max_label.text().startswith("max ")
    en_texts = _visible_texts(scoring)
    assert len(vi_texts - en_texts) > 5

    settings.vi.setFocus()
    qtbot.keyClick(settings.vi, Qt.Key.Key_Space)
    assert window.nav.item(2).text() == "Chấm điểm"
    assert scoring.total_label.text().startswith("Tổng ")
    assert row.max_label.text().startswith("tối đa ")
    # the choice is kept for the next start
    from ocop_desk.ui.preferences import load_preferences

    assert load_preferences().language == "vi"


def test_a_second_window_on_the_same_store_opens_read_only(qtbot, window, store_path: Path) -> None:
    from ocop_desk import sessions
    from ocop_desk.ui.app import LaunchOptions, open_window

    second, lock = open_window(LaunchOptions(db=str(store_path), lang="vi"), ask=False)
    qtbot.addWidget(second)
    try:
        assert lock is None and second.ctx.read_only
        assert second.mode_label.text() == "Chỉ đọc"
        second.show()
        page = second.pages["scoring"]
        qtbot.waitUntil(lambda: page.product is not None, timeout=10000)
        last = page.view.detail.items[-1].product_code
        page.set_member("tv01")
        page.open_product(last)
        qtbot.keyClick(QApplication.focusWidget() or page.sheet.rows[page.sheet.order[0]], Qt.Key.Key_1)
        assert sessions.load_scorecard(second.ctx.store, page.view.detail.id, last, "tv01").choices == {}
        assert "chỉ đọc" in page.banner.text()
    finally:
        second.close()
        second.ctx.store.dispose()


def test_operations_report_failures_one_way_and_announce_changes(qtbot, window) -> None:
    from ocop_desk.errors import ImportRefused
    from ocop_desk.ui import operations
    from ocop_desk.ui.operations import Changes

    seen = []
    window.ctx.bus.changed.connect(lambda changes, origin: seen.append(changes))

    def fails(progress):  # type: ignore[no-untyped-def]
        raise ImportRefused("bad field", file="x.json", place="products[0].code")

    operations.run_op(window, fails, title="t", bus=window.ctx.bus, changes=Changes.DOSSIERS)
    wait_idle(qtbot)
    assert operations.last_errors()[-1] == "x.json: products[0].code: bad field"
    assert seen == []
    got = []
    operations.run_op(window, lambda progress: 42, title="t", bus=window.ctx.bus, changes=Changes.DOSSIERS,
                      on_success=got.append)
    wait_idle(qtbot)
    assert got == [42] and seen == [Changes.DOSSIERS]


def test_cancel_stops_a_long_operation(qtbot, window) -> None:
    import time

    from ocop_desk.ui import operations

    done = []

    def long(progress):  # type: ignore[no-untyped-def]
        for i in range(1000):
            progress.report(i, 1000)
            time.sleep(0.005)
        return "finished"

    op = operations.run_op(window, long, title="long", on_success=done.append, show_after_ms=0)
    qtbot.wait(50)
    op.dialog.findChild(QPushButton).click()  # the dialog's Cancel button
    wait_idle(qtbot)
    assert done == [] and op.done and isinstance(op.error, operations.Cancelled)
    assert operations.last_errors() == []


def test_gui_command_starts_offscreen_and_exits_by_itself(tmp_path: Path) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", OCOP_DESK_DATA_DIR=str(tmp_path / "data"))
    run = subprocess.run([sys.executable, "-m", "ocop_desk", "--db", str(tmp_path / "s.sqlite3"), "gui",
                          "--exit-after", "1"], env=env, capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    assert (tmp_path / "s.sqlite3").exists()


def test_many_qt_calls_do_not_use_up_none(qtbot, window) -> None:
    """PySide6 6.12.0 on Python 3.11 dropped a reference to None per void call (hence the pin below 6.12)."""
    from PySide6.QtTest import QTest

    import gc

    # The GUI thread's collector (ui/main_thread_gc.py) frees earlier garbage during qWait, and that
    # garbage holds references to None too: collect it first so only the calls below are measured.
    gc.collect()
    before = sys.getrefcount(None)
    label = window.pages["scoring"].total_label
    for _i in range(20000):
        label.setVisible(True)
    QTest.qWait(1)
    gc.collect()
    assert sys.getrefcount(None) >= before - 100



def test_the_14pt_font_setting_never_clips_the_sidebar(qtbot, window) -> None:
    window.apply_font_size(14)
    qtbot.wait(50)
    nav = window.nav
    try:
        for i in range(nav.count()):
            item = nav.item(i)
            need = nav.visualItemRect(item).left() + nav.fontMetrics().horizontalAdvance(item.text())
            assert need <= nav.viewport().width(), (item.text(), need, nav.viewport().width())
        assert nav.font().pointSize() == 14
    finally:
        window.apply_font_size(11)
