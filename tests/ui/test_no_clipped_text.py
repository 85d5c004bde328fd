"""What a person sees on a 1366×768 laptop: at 150% scaling and with the 14 pt font, in both languages.

The real window is opened the way `ocop-desk gui` opens it, on a simulated 1366×768 screen (Qt's
offscreen platform, configured with that screen), in its own process for each case because
QT_SCALE_FACTOR is read once when Qt starts.  It fails on

- a window larger than the screen's available geometry;
- a screen that needs sideways scrolling;
- a label or button narrower than its text (a word-wrapped label lower than its text); a label that
  elides its text must say the whole text in its tooltip;
- a table column narrower than its header; a cell cut short ("…") that would not show its text as a tooltip;
- a navigation entry wider than the sidebar.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

CHECK = textwrap.dedent("""
    import sys
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QAbstractButton, QAbstractItemView, QHeaderView, QLabel, QTabWidget
    from ocop_desk.ui import operations
    from ocop_desk.ui.app import LaunchOptions, application, open_window
    from ocop_desk.ui.main_window import SCREENS
    from ocop_desk.ui.widgets import ElidedLabel, TooltipWhenElided
    from PySide6.QtCore import Qt

    db, lang = sys.argv[1], sys.argv[2]
    application()
    operations.set_show_boxes(False)
    win, lock = open_window(LaunchOptions(db=db, lang=lang), ask=False)
    win.show_fitted()
    problems = []

    def settle():
        QTest.qWait(100)
        while operations.running():
            QTest.qWait(20)
        QTest.qWait(50)

    def report(*what):
        problems.append(" ".join(str(w) for w in what))
        print("CLIPPED", *what)

    def check_window():
        room = win.screen().availableGeometry()
        frame = win.frameGeometry()
        if frame.width() > room.width() or frame.height() > room.height():
            report("window", frame.width(), "x", frame.height(), "on a screen of", room.width(), "x",
                   room.height())

    def check_widgets(where, root):
        for w in root.findChildren(QLabel) + root.findChildren(QAbstractButton):
            if not w.isVisible() or not w.text():
                continue
            if isinstance(w, ElidedLabel):
                if w.is_elided() and w.toolTip() != w.text():
                    report(where, "elided without a tooltip", repr(w.text()))
                continue
            if isinstance(w, QLabel) and w.wordWrap():
                if w.height() < w.heightForWidth(w.width()) - 1:
                    report(where, "wrapped label cut", repr(w.text()[:40]), w.height(), w.heightForWidth(w.width()))
                continue
            checked[0] += 1
            if w.width() < w.sizeHint().width() - 1:
                report(where, type(w).__name__, repr(w.text()), w.width(), "<", w.sizeHint().width())
        for view in root.findChildren(QAbstractItemView):
            header = getattr(view, "horizontalHeader", lambda: None)() or getattr(view, "header", lambda: None)()
            if not view.isVisible() or not isinstance(header, QHeaderView) or header.isHidden():
                continue
            for i in range(header.count()):
                if header.isSectionHidden(i):
                    continue
                need = header.sectionSizeFromContents(i).width()
                checked[0] += 1
                if header.sectionSize(i) < need - 1:
                    text = view.model().headerData(i, header.orientation())
                    report(where, view.objectName() or type(view).__name__, "column", repr(text),
                           header.sectionSize(i), "<", need)
            if view.wordWrap() or isinstance(view.itemDelegate(), TooltipWhenElided):
                continue
            model, metrics = view.model(), view.fontMetrics()
            for row in range(min(model.rowCount(), 30)):
                for col in range(model.columnCount()):
                    index = model.index(row, col)
                    text = index.data()
                    if not isinstance(text, str) or not text or index.data(Qt.ItemDataRole.ToolTipRole):
                        continue
                    if metrics.horizontalAdvance(text) + 8 > view.visualRect(index).width() > 0:
                        report(where, view.objectName(), "cell cut without a tooltip", repr(text[:40]))

    checked = [0]
    nav = win.nav
    for i in range(nav.count()):
        need = nav.visualItemRect(nav.item(i)).left() + nav.fontMetrics().horizontalAdvance(nav.item(i).text())
        if need > nav.viewport().width():
            report("sidebar", repr(nav.item(i).text()), need, ">", nav.viewport().width())
    for screen in SCREENS:
        win.navigate(screen.key)
        settle()
        page = win.pages[screen.key]
        tabs = [t for t in page.findChildren(QTabWidget) if t.isVisible()]
        views = [(t, i) for t in tabs for i in range(t.count())] or [(None, 0)]
        for tab, i in views:
            if tab is not None:
                tab.setCurrentIndex(i)
                settle()
            where = f"{lang}:{screen.key}" + (f"[{i}]" if tab is not None else "")
            room = win._placeholders[screen.key].viewport().width()
            if page.minimumSizeHint().width() > room:
                report(where, "page needs", page.minimumSizeHint().width(), "has", room)
            check_widgets(where, page)
        check_window()
    print("checked", checked[0], "errors", len(operations.last_errors()))
""")

SCREEN = {"screens": [{"name": "laptop", "x": 0, "y": 0, "width": 1366, "height": 768, "logicalDpi": 96,
                       "logicalBaseDpi": 96, "dpr": 1}]}


def run_window(tmp_path: Path, lang: str, scale: str, font: int | None) -> subprocess.CompletedProcess[str]:
    config = tmp_path / "screen.json"
    config.write_text(json.dumps(SCREEN), encoding="utf-8")
    data = tmp_path / "data"
    if font is not None:
        data.mkdir(parents=True, exist_ok=True)
        (data / "gui-preferences.json").write_text(json.dumps({"language": lang, "font_size": font}),
                                                   encoding="utf-8")
    env = dict(os.environ, QT_QPA_PLATFORM=f"offscreen:configfile={config}", QT_SCALE_FACTOR=scale,
               OCOP_DESK_DATA_DIR=str(data))
    return subprocess.run([sys.executable, "-c", CHECK, str(tmp_path / "s.sqlite3"), lang], env=env,
                          capture_output=True, text=True, timeout=600, cwd=Path(__file__).resolve().parents[2])


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("scale,font", [("1.5", None), ("1", 14)], ids=["150-percent", "14pt"])
def test_nothing_is_clipped_on_a_1366x768_laptop(tmp_path: Path, lang: str, scale: str, font: int | None) -> None:
    run = run_window(tmp_path, lang, scale, font)
    assert run.returncode == 0, run.stderr[-3000:]
    clipped = [line for line in run.stdout.splitlines() if line.startswith("CLIPPED")]
    assert clipped == [], "\n".join(clipped)
    last = run.stdout.strip().splitlines()[-1].split()
    assert int(last[1]) > 100 and last[3] == "0", run.stdout[-500:]
