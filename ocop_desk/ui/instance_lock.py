"""One writer per store: a lock file beside the SQLite file.

SQLite itself would serialise two writers, but two windows scoring the same
session would show each other stale totals; the second instance is told so and
may open the store read-only instead.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QLockFile


class InstanceLock:
    def __init__(self, db_path: Path | None) -> None:
        self.path = None if db_path is None else db_path.with_name(db_path.name + ".lock")
        self._lock = None if self.path is None else QLockFile(str(self.path))
        if self._lock is not None:
            self._lock.setStaleLockTime(0)  # a crashed instance's lock is detected by pid instead

    def acquire(self) -> bool:
        if self._lock is None:
            return True  # a server database has its own concurrency control
        self.path.parent.mkdir(parents=True, exist_ok=True)  # type: ignore[union-attr]
        return bool(self._lock.tryLock(100))

    def owner(self) -> str:
        if self._lock is None:
            return ""
        info = self._lock.getLockInfo()  # PySide6 returns (pid, host, app); C++ adds a bool first
        if isinstance(info, tuple) and len(info) >= 3:
            pid, host, app = info[-3:]
            if pid:
                return f"{app or 'ocop-desk'}, pid {pid}, {host}"
        return ""

    def release(self) -> None:
        if self._lock is not None and self._lock.isLocked():
            self._lock.unlock()
