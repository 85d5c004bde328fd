"""No label or button shows less than its text, at 1366×768 and at 150% scaling, in both languages.

QT_SCALE_FACTOR must be set before Qt starts, so each case runs in its own process.  A label that
wraps is never clipped; every other visible label and button must be at least as wide as its text,
and every screen must fit the window without scrolling sideways.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

CHECK = textwrap.dedent("""
    import sys
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QAbstractButton, QLabel
    from ocop_desk.ui import operations
    from ocop_desk.ui.app import LaunchOptions, application, open_window
    from ocop_desk.ui.main_window import SCREENS

    application()
    operations.set_show_boxes(False)
    win, lock = open_window(LaunchOptions(db=sys.argv[1]), ask=False)
    win.resize(int(sys.argv[2]), int(sys.argv[3]))
    win.show()

    def settle():
        QTest.qWait(100)
        while operations.running():
            QTest.qWait(20)
        QTest.qWait(50)

    checked = 0
    for lang in ("vi", "en"):
        win.set_language(lang)
        for screen in SCREENS:
            win.navigate(screen.key)
            settle()
            page = win.pages[screen.key]
            room = win._placeholders[screen.key].viewport().size()
            if page.minimumSizeHint().width() > room.width():
                print("CLIPPED", lang, screen.key, "page needs", page.minimumSizeHint().width(), "has", room.width())
            for w in page.findChildren(QLabel) + page.findChildren(QAbstractButton):
                if not w.isVisible() or not w.text() or (isinstance(w, QLabel) and w.wordWrap()):
                    continue
                checked += 1
                if w.width() < w.sizeHint().width() - 1:
                    print("CLIPPED", lang, screen.key, type(w).__name__, repr(w.text()), w.width(),
                          w.sizeHint().width())
    if win.width() > int(sys.argv[2]):
        print("CLIPPED window wider than the screen:", win.width())
    print("checked", checked, "errors", len(operations.last_errors()))
""")


@pytest.mark.slow
@pytest.mark.parametrize("scale,width,height", [("1", 1366, 768), ("1.5", 1280, 720)])
def test_no_text_is_clipped(tmp_path: Path, scale: str, width: int, height: int) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", QT_SCALE_FACTOR=scale,
               OCOP_DESK_DATA_DIR=str(tmp_path / "data"))
    run = subprocess.run([sys.executable, "-c", CHECK, str(tmp_path / "s.sqlite3"), str(width), str(height)],
                         env=env, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-2000:]
    clipped = [line for line in run.stdout.splitlines() if line.startswith("CLIPPED")]
    assert clipped == []
    last = run.stdout.strip().splitlines()[-1].split()
    assert int(last[1]) > 100 and last[3] == "0", run.stdout[-500:]
