"""A main window over a fresh store holding the demo council (9 members, 12 products).

The demo session is in the scoring state; member tv09 is absent; tv04 has a
conflict with the second product; the last two products have no scorecards.
Message boxes are not opened in tests: failures are read from
`operations.last_errors()` instead.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

import pytest

from ocop_desk import i18n


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    return tmp_path / "store" / "ocop.sqlite3"


@pytest.fixture
def window(qtbot, store_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[object]:
    from PySide6.QtWidgets import QApplication

    from ocop_desk.ui import main_thread_gc, operations
    from ocop_desk.ui.app import LaunchOptions, open_window

    monkeypatch.setenv("OCOP_DESK_DATA_DIR", str(store_path.parent / "data"))
    operations.set_show_boxes(False)
    operations.last_errors().clear()
    win, lock = open_window(LaunchOptions(db=str(store_path), lang="vi"), ask=False)
    qtbot.addWidget(win)
    win.resize(1366, 768)
    win.show()
    qtbot.waitExposed(win)
    win.activateWindow()
    page = win.pages["scoring"]
    qtbot.waitUntil(lambda: operations.running() == 0 and page.product is not None, timeout=10000)
    yield win
    qtbot.waitUntil(lambda: operations.running() == 0, timeout=10000)
    if lock is not None:
        lock.release()
    win.ctx.store.dispose()
    main_thread_gc.uninstall(QApplication.instance())
    operations.set_show_boxes(True)
    i18n.set_language(None)


def wait_idle(qtbot) -> None:  # type: ignore[no-untyped-def]
    from ocop_desk.ui import operations

    qtbot.waitUntil(lambda: operations.running() == 0, timeout=10000)
