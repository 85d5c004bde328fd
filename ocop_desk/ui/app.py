"""Start the desktop application: language, the one-instance lock, the store, the window."""

from __future__ import annotations

import os
import sys
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QMessageLogContext, QTimer, QtMsgType, qInstallMessageHandler
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QMessageBox

from ocop_desk import demo, i18n
from ocop_desk.errors import OcopError
from ocop_desk.i18n import _
from ocop_desk.paths import sqlite_path
from ocop_desk.store.engine import open_store, resolve_url
from ocop_desk.ui import main_thread_gc
from ocop_desk.ui.context import AppContext
from ocop_desk.ui.instance_lock import InstanceLock
from ocop_desk.ui.main_window import MainWindow
from ocop_desk.ui.operations import ChangeBus, error_text
from ocop_desk.ui.preferences import load_preferences
from ocop_desk.ui.qt_texts import install_qt_texts

if TYPE_CHECKING:
    from ocop_desk.store.engine import Store


@dataclass(frozen=True)
class LaunchOptions:
    db: str | None = None
    lang: str | None = None
    read_only: bool = False
    exit_after: float | None = None
    start: str = "scoring"


def _quiet_offscreen(mode: QtMsgType, context: QMessageLogContext, message: str) -> None:
    # the offscreen platform (CI, screenshots) warns on every window; real warnings still get through
    if "propagateSizeHints" in message:
        return
    print(message, file=sys.stderr)


def application() -> QApplication:
    if os.environ.get("QT_QPA_PLATFORM") == "offscreen":
        qInstallMessageHandler(_quiet_offscreen)
    app = QApplication.instance()
    if app is None:
        app = QApplication(sys.argv[:1])
    app.setApplicationName("ocop-desk")
    app.setOrganizationName("ocop-desk")
    main_thread_gc.install(app)
    return app  # type: ignore[return-value]


def open_window(opts: LaunchOptions, *, ask: bool = True) -> tuple[MainWindow, InstanceLock | None]:
    """Open the store and build the main window (no event loop); raises OcopError on failure."""
    prefs = load_preferences()
    if opts.lang:
        prefs = prefs.with_(language=opts.lang)
    elif os.environ.get("OCOP_DESK_LANG"):
        prefs = prefs.with_(language=os.environ["OCOP_DESK_LANG"][:2])
    i18n.set_language(prefs.language)

    app = application()
    install_qt_texts(app, i18n.language())
    font = QFont(app.font())
    font.setPointSize(prefs.font_size)
    app.setFont(font)

    url = resolve_url(opts.db)
    db_path = sqlite_path(url)
    read_only = opts.read_only
    lock: InstanceLock | None = None
    if not read_only:
        lock = InstanceLock(db_path)
        if not lock.acquire():
            read_only = _second_instance(lock, ask=ask)
            lock = None
    store = open_store(url, upgrade=not read_only)
    _first_run_demo(store, read_only)
    ctx = AppContext(store=store, bus=ChangeBus(), read_only=read_only, prefs=prefs)
    window = MainWindow(ctx, start=opts.start)
    return window, lock


def _second_instance(lock: InstanceLock, *, ask: bool) -> bool:
    """Another window holds the store: open read-only, or quit."""
    text = _("This store is already open in another ocop-desk window ({owner}). "
             "Two windows writing one store would show each other stale totals.").format(owner=lock.owner())
    if not ask:
        print(f"ocop-desk: {text} " + _("Opening read-only."), file=sys.stderr)
        return True
    box = QMessageBox(QMessageBox.Icon.Warning, _("Store in use"), text)
    read_only = box.addButton(_("Open read-only"), QMessageBox.ButtonRole.AcceptRole)
    box.addButton(_("Quit"), QMessageBox.ButtonRole.RejectRole)
    box.exec()
    if box.clickedButton() is not read_only:
        raise SystemExit(3)
    return True


def _first_run_demo(store: Store, read_only: bool) -> None:
    """A demo council appears when the store is empty, so a first start has something to try."""
    if read_only:
        return
    try:
        demo.ensure_demo(store)
    except OcopError as exc:  # an empty store is still usable; say why there is no demo
        print(f"ocop-desk: {exc.one_line()}", file=sys.stderr)


def run(opts: LaunchOptions) -> int:
    started = time.perf_counter()
    app = application()
    try:
        window, lock = open_window(opts, ask=opts.exit_after is None)
    except OcopError as exc:
        if opts.exit_after is None:
            QMessageBox.critical(None, "ocop-desk", error_text(exc))
        raise
    window.show_fitted()
    window.statusBar().showMessage(
        _("Ready in {seconds:.2f} s").format(seconds=time.perf_counter() - started), 5000)
    if opts.exit_after is not None:
        QTimer.singleShot(int(opts.exit_after * 1000), app.quit)
    try:
        return int(app.exec())
    finally:
        if lock is not None:
            lock.release()
        window.ctx.store.dispose()
