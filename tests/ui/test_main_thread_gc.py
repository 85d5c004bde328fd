"""The cyclic collector runs on the GUI thread only while a window is open."""

from __future__ import annotations

import gc
import threading
import weakref

from PySide6.QtWidgets import QApplication


class _Cycle:
    def __init__(self) -> None:
        self.me = self


def test_automatic_collection_is_off_and_the_gui_thread_collects(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    assert not gc.isenabled()
    seen: list[str] = []

    class Watched(_Cycle):
        def __del__(self) -> None:
            seen.append(threading.current_thread().name)

    def make_garbage() -> weakref.ref:
        obj = Watched()
        return weakref.ref(obj)

    ref = make_garbage()
    for _ in range(20000):  # enough allocations to trip the threshold if collection were automatic
        _Cycle()
    assert ref() is not None
    qtbot.waitUntil(lambda: ref() is None, timeout=5000)
    assert seen[-1] == threading.main_thread().name


def test_window_teardown_gives_the_collector_back(qtbot) -> None:  # type: ignore[no-untyped-def]
    from ocop_desk.ui import main_thread_gc

    app = QApplication.instance()
    main_thread_gc.install(app)
    assert not gc.isenabled()
    main_thread_gc.uninstall(app)
    assert gc.isenabled()
