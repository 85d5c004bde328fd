"""Running service calls off the GUI thread, and telling views what changed.

Every screen goes through `run_op` for anything that may take long (opening
a session's results, importing, printing, backup): the service runs in a
`QThreadPool` worker, a progress bar with Cancel appears in the window's
status bar if it lasts more than a moment, a failure is reported the one way
(`report_error`), and on success the `ChangeBus` announces *what kind* of
data changed so that only the views showing that data reload.  The
background function never touches a widget; it gets a `Progress` to report
on and to poll for cancellation.

No modal dialog: the rest of the window stays usable while the work runs.
Only the view that asked (`parent`) takes no input meanwhile, and what is
typed or clicked into it is dropped, not queued, so nothing acts on data
about to be replaced (issue 13 §2).
"""

from __future__ import annotations

import enum
import threading
import traceback
from dataclasses import dataclass
from typing import Any, Callable, Generic, TypeVar

import shiboken6
from PySide6.QtCore import QEvent, QObject, QRunnable, Qt, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QWidget,
)

from ocop_desk.errors import OcopError
from ocop_desk.i18n import _

T = TypeVar("T")


class Changes(enum.Flag):
    NONE = 0
    DOSSIERS = enum.auto()
    COUNCILS = enum.auto()
    SESSIONS = enum.auto()
    SCORES = enum.auto()
    CRITERIA = enum.auto()
    STORE = enum.auto()  # the whole store was replaced (restore) or reopened
    ALL = DOSSIERS | COUNCILS | SESSIONS | SCORES | CRITERIA | STORE


class ChangeBus(QObject):
    """One per window. `origin` lets the view that made a change skip its own reload."""

    changed = Signal(object, object)  # Changes, origin

    def announce(self, changes: Changes, origin: object = None) -> None:
        if changes:
            self.changed.emit(changes, origin)


class Cancelled(Exception):
    """Raised inside a background function when the user pressed Cancel."""


class Progress:
    """Handed to the background function: report progress, poll for Cancel."""

    def __init__(self, signals: "_Signals") -> None:
        self._signals = signals
        self._cancel = threading.Event()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def check(self) -> None:
        if self._cancel.is_set():
            raise Cancelled()

    def report(self, done: int, total: int, label: str | None = None) -> None:
        self._signals.progress.emit(int(done), int(total), label or "")
        self.check()

    def cancel(self) -> None:
        self._cancel.set()


class _Signals(QObject):
    progress = Signal(int, int, str)
    # one object, never a bare None: queued None arguments have crashed PySide6
    finished = Signal(object)  # _Outcome


@dataclass(frozen=True)
class _Outcome:
    result: Any
    error: BaseException | None


class _Worker(QRunnable):
    def __init__(self, fn: Callable[[Progress], Any], progress: Progress, signals: _Signals) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self._fn = fn
        self._progress = progress
        self._signals = signals

    def run(self) -> None:
        try:
            result = self._fn(self._progress)
        except BaseException as exc:  # reported on the GUI thread
            exc.__traceback_text__ = traceback.format_exc()  # type: ignore[attr-defined]
            self._signals.finished.emit(_Outcome(None, exc))
        else:
            self._signals.finished.emit(_Outcome(result, None))


class ProgressIndicator(QWidget):
    """Title, progress bar and Cancel of one running operation, shown in the window's status bar."""

    def __init__(self, title: str, cancellable: bool, progress: Progress) -> None:
        super().__init__()
        self.setObjectName("operationProgress")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 0, 4, 0)
        self.label = QLabel(title)
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)
        self.bar.setMaximumWidth(160)
        self.bar.setTextVisible(False)
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        self.cancel_button: QPushButton | None = None
        if cancellable:
            self.cancel_button = QPushButton(_("Cancel"))
            self.cancel_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            self.cancel_button.clicked.connect(progress.cancel)
            self.cancel_button.clicked.connect(lambda: self.cancel_button.setEnabled(False))
            layout.addWidget(self.cancel_button)

    def show_progress(self, done: int, total: int, label: str) -> None:
        self.bar.setRange(0, max(total, 0))
        self.bar.setValue(min(done, total) if total else 0)
        if label:
            self.label.setText(label)


def _place_indicator(parent: QWidget, indicator: ProgressIndicator) -> None:
    window = parent.window()
    if isinstance(window, QMainWindow):
        window.statusBar().insertPermanentWidget(0, indicator)
    else:  # a dialog or a bare widget: a small window of its own, never modal
        indicator.setParent(window, Qt.WindowType.Tool)
    indicator.show()


_INPUT_EVENTS = frozenset({
    QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonRelease, QEvent.Type.MouseButtonDblClick,
    QEvent.Type.KeyPress, QEvent.Type.KeyRelease, QEvent.Type.Wheel, QEvent.Type.Shortcut,
    QEvent.Type.ShortcutOverride, QEvent.Type.ContextMenu,
})


class _InputBlock(QObject):
    """Drops input aimed at the views whose work is running (an application event filter)."""

    def __init__(self) -> None:
        super().__init__()
        self.views: dict[QWidget, int] = {}

    def block(self, view: QWidget) -> None:
        if not self.views:
            QApplication.instance().installEventFilter(self)  # type: ignore[union-attr]
        self.views[view] = self.views.get(view, 0) + 1

    def release(self, view: QWidget) -> None:
        left = self.views.get(view, 0) - 1
        if left > 0:
            self.views[view] = left
        else:
            self.views.pop(view, None)
        if not self.views:
            QApplication.instance().removeEventFilter(self)  # type: ignore[union-attr]

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() not in _INPUT_EVENTS:
            return False
        target = obj if isinstance(obj, QWidget) else obj.parent()
        if not isinstance(target, QWidget) or not shiboken6.isValid(target):
            return False
        w: QWidget | None = target
        while w is not None:
            if isinstance(w, ProgressIndicator):
                return False  # Cancel always answers
            w = w.parentWidget()
        for view in list(self.views):
            if not shiboken6.isValid(view):
                self.views.pop(view, None)
            elif target is view or view.isAncestorOf(target):
                return True
        return False


_block: _InputBlock | None = None


def _input_block() -> _InputBlock:
    global _block
    if _block is None:
        _block = _InputBlock()
    return _block


@dataclass
class Operation(Generic[T]):
    """A running background call; tests and callers may wait on `done`.

    `dialog` is the status-bar indicator (named for the callers that once had a dialog).
    """

    title: str
    progress: Progress
    dialog: ProgressIndicator | None
    done: bool = False
    result: Any = None
    error: BaseException | None = None


_running: list[Operation[Any]] = []
_pool: QThreadPool | None = None


def running() -> int:
    """How many operations have not finished yet (tests wait for 0)."""
    return len(_running)


def _thread_pool() -> QThreadPool:
    global _pool
    if _pool is None:
        _pool = QThreadPool()
        _pool.setMaxThreadCount(2)
    return _pool


def run_op(
    parent: QWidget | None,
    fn: Callable[[Progress], T],
    *,
    title: str,
    changes: Changes = Changes.NONE,
    bus: ChangeBus | None = None,
    origin: object = None,
    on_success: Callable[[T], None] | None = None,
    on_failure: Callable[[BaseException], None] | None = None,
    cancellable: bool = True,
    show_after_ms: int = 400,
) -> Operation[T]:
    """Run `fn(progress)` on a worker thread; back on the GUI thread, report or announce."""
    signals = _Signals()
    progress = Progress(signals)
    indicator: ProgressIndicator | None = None
    if parent is not None:
        indicator = ProgressIndicator(title, cancellable, progress)
        _input_block().block(parent)
    op: Operation[T] = Operation(title=title, progress=progress, dialog=indicator)
    _running.append(op)

    def show_indicator() -> None:
        if not op.done and indicator is not None and parent is not None and shiboken6.isValid(parent):
            _place_indicator(parent, indicator)

    if indicator is not None:
        QTimer.singleShot(max(show_after_ms, 0), indicator, show_indicator)

    def on_progress(done: int, total: int, label: str) -> None:
        if indicator is not None and shiboken6.isValid(indicator):
            indicator.show_progress(done, total, label)

    def on_finished(outcome: _Outcome) -> None:
        result, error = outcome.result, outcome.error
        op.done, op.result, op.error = True, result, error
        if op in _running:
            _running.remove(op)
        if parent is not None:
            _input_block().release(parent)
        if indicator is not None and shiboken6.isValid(indicator):
            indicator.hide()
            indicator.deleteLater()
        signals.deleteLater()
        if parent is not None and not shiboken6.isValid(parent):
            return  # the screen that asked is gone; nothing to show the result on
        if isinstance(error, Cancelled) or (error is None and progress.cancelled and result is None):
            return
        if error is not None:
            if on_failure is not None:
                on_failure(error)
            else:
                report_error(parent, error)
            return
        if bus is not None:
            bus.announce(changes, origin)
        if on_success is not None:
            on_success(result)

    signals.progress.connect(on_progress)
    signals.finished.connect(on_finished)
    _thread_pool().start(_Worker(fn, progress, signals))
    return op


def error_text(error: BaseException) -> str:
    """The one line a user reads for any failure."""
    if isinstance(error, OcopError):
        return error.one_line()
    return _("Unexpected error: {detail}").format(detail=f"{type(error).__name__}: {error}")


def report_error(parent: QWidget | None, error: BaseException) -> None:
    """The one consistent way a failure reaches the user: a message box with its line(s)."""
    text = error_text(error)
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning if isinstance(error, OcopError) else QMessageBox.Icon.Critical)
    box.setWindowTitle(_("ocop-desk"))
    box.setText(text)
    if isinstance(error, OcopError) and len(error.problems) > 1:
        box.setDetailedText("\n".join(error.lines()))
    elif not isinstance(error, OcopError):
        box.setDetailedText(getattr(error, "__traceback_text__", "") or "")
    _last_errors.append(text)
    if _show_boxes:
        box.open()
        QTimer.singleShot(0, box.raise_)
    else:
        box.deleteLater()


# Tests read `_last_errors` instead of clicking message boxes away.
_last_errors: list[str] = []
_show_boxes = True


def last_errors() -> list[str]:
    return _last_errors


def boxes_shown() -> bool:
    return _show_boxes


def set_show_boxes(show: bool) -> None:
    global _show_boxes
    _show_boxes = show


def call_now(parent: QWidget | None, fn: Callable[[], T]) -> tuple[bool, T | None]:
    """A quick service call on the GUI thread (one choice, one note): same error reporting.

    Used where the write must be acknowledged before the next keystroke is
    taken (a choice is committed in its own transaction when made).
    """
    try:
        return True, fn()
    except Exception as exc:  # noqa: BLE001 - every failure reaches the user the same way
        report_error(parent, exc)
        return False, None
