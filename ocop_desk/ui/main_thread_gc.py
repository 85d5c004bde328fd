"""Garbage collection on the GUI thread only.

Python's cyclic collector runs in whichever thread happens to allocate past
its threshold.  When that is a worker (ui/operations.py runs store work off
the GUI thread) and the garbage holds a Qt wrapper, the C++ object is
destroyed off its thread and Qt crashes the process ("Garbage-collecting"
at the top of the fatal-error trace).  So the automatic collector is turned
off while the window lives and a timer on the GUI thread collects instead:
the young generations every second, everything every half minute.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

_YOUNG_MS = 1000
_FULL_EVERY = 30


class MainThreadCollector(QObject):
    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self._ticks = 0
        self._timer = QTimer(self)
        self._timer.setInterval(_YOUNG_MS)
        self._timer.timeout.connect(self.collect)

    def start(self) -> None:
        gc.disable()
        self._timer.start()

    def collect(self) -> None:
        self._ticks += 1
        gc.collect() if self._ticks % _FULL_EVERY == 0 else gc.collect(1)


    def stop(self) -> None:
        self._timer.stop()
        gc.enable()


def install(app: QObject) -> MainThreadCollector:
    """One collector per application object, started (again) on every call."""
    collector = app.findChild(MainThreadCollector)
    if not isinstance(collector, MainThreadCollector):
        collector = MainThreadCollector(app)
    collector.start()
    return collector


def uninstall(app: QObject) -> None:
    """Back to Python's own collector (tests that go on without a window)."""
    collector = app.findChild(MainThreadCollector)
    if isinstance(collector, MainThreadCollector):
        collector.stop()
