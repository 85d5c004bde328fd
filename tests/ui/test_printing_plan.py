"""The Printing screen tells how many pages the chosen job will take before it starts."""

from __future__ import annotations

from pathlib import Path

from ocop_desk import print_jobs as jobs
from tests.ui.conftest import wait_idle


def _settled(qtbot, page) -> str:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: not page._plan_timer.isActive() and page._plan_op is None, timeout=20000)
    wait_idle(qtbot)
    return page.plan_label.text()


def test_the_page_count_beside_print_follows_the_choice_and_matches_the_pdf(qtbot, window, tmp_path: Path) -> None:
    window.navigate("printing")
    wait_idle(qtbot)
    page = window.pages["printing"]
    store, sid = window.ctx.store, page.session_box.currentData()
    page.jobs.setCurrentRow(list(jobs.WHATS).index("sheets"))
    every = jobs.plan_job(store, sid, "sheets")
    assert _settled(qtbot, page) == f"Sẽ in {every.pages} trang, {every.items} phiếu"
    page.member_box.setCurrentIndex(1)  # one member's sheets: fewer pages, and the label says so
    member = page.member_box.currentData()
    one = jobs.plan_job(store, sid, "sheets", member=member)
    assert one.pages < every.pages
    assert _settled(qtbot, page) == f"Sẽ in {one.pages} trang, {one.items} phiếu"
    page.folder.setText(str(tmp_path))
    page.print_selected()
    wait_idle(qtbot)
    assert page.last_pdf is not None and f"({one.pages} trang)" in page.result.text()
    page.jobs.setCurrentRow(list(jobs.WHATS).index("minutes"))
    minutes = jobs.plan_job(store, sid, "minutes")
    assert _settled(qtbot, page) == f"Sẽ in {minutes.pages} trang"
