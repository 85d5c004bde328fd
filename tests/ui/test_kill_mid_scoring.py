"""Killing the application mid-scoring loses no choice that the screen had taken."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from ocop_desk import sessions
from ocop_desk.store.engine import open_store

CHILD = textwrap.dedent("""
    import os, sys
    from ocop_desk.ui.app import LaunchOptions, application, open_window
    from ocop_desk.ui import operations
    from PySide6.QtTest import QTest

    application()
    operations.set_show_boxes(False)
    win, lock = open_window(LaunchOptions(db=sys.argv[1]), ask=False)
    win.show()
    page = win.pages["scoring"]
    while page.product is None or operations.running():
        QTest.qWait(10)
    page.set_member("tv02")
    page.open_product(page.view.detail.items[-1].product_code)
    print("ready", page.view.detail.id, page.product, flush=True)
    n = 0
    while True:
        cid = page.sheet.order[n % len(page.sheet.order)]
        options = page.cs.criterion(cid).options
        oid = options[(n // len(page.sheet.order)) % len(options)].id
        page.choose(cid, oid)
        print("chose", cid, oid, flush=True)  # the screen has taken it: it must survive a kill
        n += 1
        QTest.qWait(1)
""")


@pytest.mark.slow
@pytest.mark.parametrize("after", [5, 23, 61])
def test_sigkill_while_keying_keeps_every_taken_choice(tmp_path: Path, after: int) -> None:
    db = tmp_path / "store.sqlite3"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", OCOP_DESK_DATA_DIR=str(tmp_path / "data"))
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(db)], env=env, stdout=subprocess.PIPE,
                             stderr=subprocess.DEVNULL, text=True)
    assert child.stdout is not None
    head = child.stdout.readline().split()
    assert head and head[0] == "ready", head
    session_id, product = head[1], head[2]
    taken: dict[str, str] = {}
    for _i in range(after):
        parts = child.stdout.readline().split()
        assert parts[0] == "chose"
        taken[parts[1]] = parts[2]
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=30)
    for line in child.stdout:  # lines printed before the kill are choices the screen had taken too
        parts = line.split()
        if len(parts) == 3 and parts[0] == "chose":
            taken[parts[1]] = parts[2]
    store = open_store(str(db))
    try:
        stored = sessions.load_scorecard(store, session_id, product, "tv02").choices
        assert set(taken) <= set(stored)
        # at most one choice may be newer than the last line printed (committed, killed before printing)
        assert sum(1 for cid, oid in taken.items() if stored[cid] != oid) <= 1
        from ocop_desk.audit import verify

        assert verify(store).ok
    finally:
        store.dispose()
