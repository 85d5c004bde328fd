"""Issue 12 on screen: a criteria@2 sheet keyed by keyboard and mouse on the real widgets.

The small sheet of `tests/sheets_v2.py` holds every rule (a case section, a
checklist, sub-criteria, star markers, a knock-out and a stop option); the
official sheets of the demo are checked for their requirement texts and
their "choose one of two cases" section (148 set 26).
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel

from ocop_desk import i18n, sessions
from ocop_desk.scoring.criteria import option_for_key
from ocop_desk.scoring.totals import criterion_points, member_total
from ocop_desk.ui.format import points_text

from tests.sheets_v2 import PRODUCT, SESSION, v2_session


@pytest.fixture
def v2_window(qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[object]:
    from ocop_desk.store.engine import open_store, resolve_url
    from ocop_desk.ui import operations
    from ocop_desk.ui.app import LaunchOptions, open_window

    db = tmp_path / "store" / "ocop.sqlite3"
    db.parent.mkdir(parents=True)
    monkeypatch.setenv("OCOP_DESK_DATA_DIR", str(tmp_path / "data"))
    store = open_store(resolve_url(str(db)))
    v2_session(store)
    store.dispose()
    operations.set_show_boxes(False)
    operations.last_errors().clear()
    win, lock = open_window(LaunchOptions(db=str(db), lang="vi"), ask=False)
    qtbot.addWidget(win)
    win.resize(1366, 768)
    win.show()
    qtbot.waitExposed(win)
    win.activateWindow()
    page = win.pages["scoring"]
    qtbot.waitUntil(lambda: operations.running() == 0 and page.product == PRODUCT, timeout=10000)
    yield win
    qtbot.waitUntil(lambda: operations.running() == 0, timeout=10000)
    if lock is not None:
        lock.release()
    win.ctx.store.dispose()
    operations.set_show_boxes(True)
    i18n.set_language(None)


def _stored(window, member: str = "tv01") -> dict[str, str]:  # type: ignore[no-untyped-def]
    return dict(sessions.load_scorecard(window.ctx.store, SESSION, PRODUCT, member).choices)


def _focus(page) -> str:  # type: ignore[no-untyped-def]
    focus = QApplication.focusWidget()
    for key, row in page.sheet.rows.items():
        if row is focus:
            return key
    raise AssertionError(f"focus is on {focus!r}, not on a row of the sheet")


def _key(qtbot, digit: int) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key(Qt.Key.Key_0 + digit))


def _up(qtbot) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Up)


def test_a_criteria_2_sheet_keyed_by_keyboard(qtbot, v2_window) -> None:
    window = v2_window
    page = window.pages["scoring"]
    page.set_member("tv01")
    page.open_product(PRODUCT)
    rows = page.sheet.rows
    cs = page.cs
    # no case chosen yet: the case chooser takes the first key, both cases' criteria wait greyed
    assert _focus(page) == "A1"
    assert not rows["A1a"].isEnabled() and not rows["A1c"].isEnabled()

    _key(qtbot, 2)  # case 2: "Thuê gia công"
    assert _stored(window) == {"A1": "A1-k2"}
    assert rows["A1c"].isEnabled() and not rows["A1a"].isEnabled() and not rows["A1b"].isEnabled()
    assert not page.sheet.case_headers["A1-k1"].isEnabled() and page.sheet.case_headers["A1-k2"].isEnabled()
    assert _focus(page) == "A1c", "the next row that counts takes the next key"
    qtbot.mouseClick(rows["A1a"].option_rows[1], Qt.MouseButton.LeftButton)  # a greyed row takes no click
    assert "A1a" not in _stored(window)

    assert _focus(page) == "A1c"
    _key(qtbot, 2)  # A1c: the second option (12 points)
    assert _stored(window)["A1c"] == "A1c-1"
    assert _focus(page) == "A2a"

    # the checklist: digits toggle ticks, the points are capped at the criterion's max
    _key(qtbot, 1)
    _key(qtbot, 3)
    assert _stored(window)["A2a"] == "A2a-1+A2a-3" and _focus(page) == "A2a"
    assert rows["A2a"].option_rows[0].checked and rows["A2a"].option_rows[2].checked
    _key(qtbot, 1)
    assert _stored(window)["A2a"] == "A2a-3"
    _key(qtbot, 1)
    _key(qtbot, 2)
    assert _stored(window)["A2a"] == "A2a-1+A2a-2+A2a-3"
    assert criterion_points(cs, _stored(window), "A2a") == Decimal(10)
    _key(qtbot, 0)  # none of these: the ticks go, the member moves on
    assert _stored(window)["A2a"] == "A2a-0"
    assert not any(line.checked for line in rows["A2a"].option_rows[:3])
    assert _focus(page) == "A2b1"

    # sub-criteria under their criterion, each scored
    parents = [w.text() for w in page.sheet.findChildren(QLabel) if w.objectName() == "parentHeader"]
    assert any("Lao động" in t for t in parents)
    _key(qtbot, 2)
    _key(qtbot, 0)
    assert _stored(window)["A2b1"] == "A2b1-2" and _stored(window)["A2b2"] == "A2b2-0"

    # a star marker: the member's own sheet says whether it is met
    assert "(****)" in rows["B1a"].option_rows[2].text()
    assert rows["B1a"].option_rows[0].text().split()[1] == "0", "the none option has key 0"
    _key(qtbot, 1)  # B1a-1: 5 points, short of (****) and (*****)
    lines = page.requirements_label.text().splitlines()
    assert any(line.startswith("✗") and "B1a" in line for line in lines)
    _up(qtbot)
    _key(qtbot, 3)  # B1a-3: 15 points, (*****)
    lines = page.requirements_label.text().splitlines()
    assert all(line.startswith("✓") for line in lines if "B1a" in line)

    # a knock-out option: the banner names the criterion at once, no star is shown
    assert _focus(page) == "B1b"
    _key(qtbot, 1)  # B1b-0 "Giả mạo"
    assert page.banner.isVisible() and "B1b" in page.banner.text() and "giả mạo" in page.banner.text()
    assert "★" not in page.star_label.text()
    _up(qtbot)
    _key(qtbot, 2)  # corrected
    assert "B1b" not in page.banner.text() if page.banner.isVisible() else True

    # a stop option: the rest of the section is greyed "không chấm" and not required
    assert _focus(page) == "C1a"
    _key(qtbot, 1)  # C1a-0 stops section C1
    assert not rows["C1b"].isEnabled() and rows["C1b"].marker.text() == "không chấm"
    assert page.banner.isVisible() and "C1a" in page.banner.text()
    stored = _stored(window)
    assert page.sheet_totals().complete and page.unanswered_label.text() == "Phiếu đã chấm đủ"
    assert page.total_label.text().endswith(f" {points_text(member_total(cs, stored))} / 100")
    page.sheet.focus_criterion("C1a")
    _key(qtbot, 2)  # C1a-1: C1b counts again and waits for its answer
    assert rows["C1b"].isEnabled() and _focus(page) == "C1b"
    assert page.sheet_totals().unanswered == 1
    _key(qtbot, option_key_of(cs, "C1b", "C1b-2"))
    stored = _stored(window)
    assert page.sheet_totals().complete
    assert page.total_label.text().endswith(f" {points_text(member_total(cs, stored))} / 100")
    assert page.sheet_totals().star is not None
    for part_id, (_name, value) in page.part_labels.items():
        assert value.text().startswith(points_text(page.sheet_totals().parts[part_id]))


def option_key_of(cs, crit_id: str, option_id: str) -> int:  # type: ignore[no-untyped-def]
    from ocop_desk.scoring.criteria import option_key

    crit = cs.criterion(crit_id)
    return option_key(crit, crit.option(option_id))


def test_switching_case_keeps_the_other_answers_but_stops_counting_them(qtbot, v2_window) -> None:
    window = v2_window
    page = window.pages["scoring"]
    page.set_member("tv02")
    page.open_product(PRODUCT)
    rows = page.sheet.rows
    qtbot.mouseClick(rows["A1"].option_rows[0], Qt.MouseButton.LeftButton)  # case 1 by mouse
    qtbot.mouseClick(rows["A1a"].option_rows[1], Qt.MouseButton.LeftButton)  # 10 points
    assert page.sheet_totals().parts["A"] == Decimal(10)
    page.sheet.focus_criterion("A1")
    _key(qtbot, 2)  # case 2: A1a's answer stays stored and counts 0
    assert _stored(window, "tv02") == {"A1": "A1-k2", "A1a": "A1a-2"}
    assert page.sheet_totals().parts["A"] == Decimal(0)
    assert not rows["A1a"].isEnabled() and rows["A1a"].selected() == "A1a-2"


def test_the_demo_case_sheet_and_requirement_texts(qtbot, window) -> None:
    page = window.pages["scoring"]
    page.set_member("tv03")
    items = page.view.detail.items
    index = next(i for i, it in enumerate(items) if "148-2023-26" in it.criteria_set_id)
    page.open_product(items[index].product_code)
    cs = page.cs
    section = cs.case_sections()[0]
    stored = dict(sessions.load_scorecard(window.ctx.store, page.view.detail.id, page.product, "tv03").choices)
    chosen = section.case(stored[section.id])
    other = next(c for c in section.cases if c is not chosen)
    for leaf in other.leaves():
        assert not page.sheet.rows[leaf.id].isEnabled()
    page.sheet.focus_criterion(section.id)
    _key(qtbot, section.cases.index(other) + 1)
    for leaf in other.leaves():
        assert page.sheet.rows[leaf.id].isEnabled()
    for leaf in chosen.leaves():
        assert not page.sheet.rows[leaf.id].isEnabled()
    assert _focus(page) == next(iter(other.leaves())).id
    leaf = next(iter(other.leaves()))
    _key(qtbot, 1)
    stored = dict(sessions.load_scorecard(window.ctx.store, page.view.detail.id, page.product, "tv03").choices)
    assert stored[leaf.id] == option_for_key(leaf, 1).id
    assert page.total_label.text().startswith(f"Tổng {points_text(member_total(cs, stored))} ")
    # the requirement text of an official criterion is on screen
    rice = next(i for i, it in enumerate(items) if "148-2023-01-" in it.criteria_set_id)
    page.open_product(items[rice].product_code)
    described = next(c for c in page.cs.criteria() if c.description)
    assert described.description in page.sheet.rows[described.id].requirement.text()
    assert page.sheet.rows[described.id].requirement.isVisible()
