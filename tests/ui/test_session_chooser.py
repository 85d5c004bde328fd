"""The one session chooser of every screen: what it lists, what it keeps chosen, when it says a session was picked."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from PySide6.QtCore import Qt

from ocop_desk import i18n
from ocop_desk.ui.session_chooser import SessionChooser
from ocop_desk.ui.texts import Texts


@dataclass(frozen=True)
class Summary:
    id: str
    date: dt.date
    council_name: str
    state: str = "scoring"


SESSIONS = [Summary("2026-CM-01", dt.date(2026, 9, 15), "Hội đồng huyện Chợ Mới"),
            Summary("2026-CM-02", dt.date(2026, 10, 2), "Hội đồng huyện Chợ Mới", "closed"),
            Summary("2026-BB-01", dt.date(2026, 11, 20), "Hội đồng huyện Ba Bể")]


def test_refilling_keeps_the_chosen_session_and_never_reports_a_pick(qtbot) -> None:
    texts = Texts()
    chooser = SessionChooser(texts, name="someSession")
    qtbot.addWidget(chooser)
    picked: list[str] = []
    chooser.chosen.connect(picked.append)
    assert chooser.fill(SESSIONS, keep="2026-BB-01") == ["2026-CM-01", "2026-CM-02", "2026-BB-01"]
    assert chooser.current_id() == "2026-BB-01" and picked == []
    assert chooser.itemText(0) == "2026-CM-01 · 15/09/2026"
    assert chooser.itemData(2, Qt.ItemDataRole.ToolTipRole) == "Hội đồng huyện Ba Bể"
    assert chooser.objectName() == "someSession" and chooser.label.buddy() is chooser
    # the kept session is gone: the first one is chosen, still without a pick reported
    chooser.fill(SESSIONS[:2], keep="2026-BB-01")
    assert chooser.current_id() == "2026-CM-01" and picked == []
    chooser.fill([], keep="2026-CM-01")
    assert chooser.current_id() is None and chooser.count() == 0 and picked == []
    # a person's pick (or another screen's, through select) is reported once
    chooser.fill(SESSIONS)
    chooser.setCurrentIndex(1)
    chooser.select("2026-BB-01")
    assert picked == ["2026-CM-02", "2026-BB-01"]


def test_its_label_follows_the_language(qtbot) -> None:
    texts = Texts()
    i18n.set_language("en")
    try:
        chooser = SessionChooser(texts)
        qtbot.addWidget(chooser)
        assert chooser.label.text() == "&Session:"
        i18n.set_language("vi")
        texts.apply()
        assert chooser.label.text() == "&Phiên họp:"
    finally:
        i18n.set_language("en")


def test_refresh_reads_the_store_and_lists_only_what_the_screen_asks_for(qtbot, window) -> None:
    from ocop_desk.sessions import list_sessions

    store = window.ctx.store
    every = [s.id for s in list_sessions(store)]
    chooser = SessionChooser(Texts())
    qtbot.addWidget(chooser)
    assert chooser.refresh(chooser, store) == every and every
    assert chooser.refresh(chooser, store, only=lambda s: s.state == "closed") == []
    assert chooser.count() == 0
