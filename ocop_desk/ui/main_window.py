"""The application frame: navigation on the left, one screen at a time, a status bar."""

from __future__ import annotations

import importlib

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QCloseEvent, QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (QApplication, QFrame, QHBoxLayout, QLabel, QLineEdit, QListWidget, QListWidgetItem,
                               QMainWindow, QScrollArea, QStackedWidget, QWidget)

from ocop_desk import i18n
from ocop_desk.i18n import _
from ocop_desk.ui.context import AppContext
from ocop_desk.ui.page import Page
from ocop_desk.ui.qt_texts import install_qt_texts
from ocop_desk.ui.screens import SCREENS, Screen  # noqa: F401  (Screen re-exported)
from ocop_desk.ui.widgets import ElidedLabel

PREFERRED_SIZE = QSize(1366, 768)


class MainWindow(QMainWindow):
    def __init__(self, ctx: AppContext, start: str = "scoring") -> None:
        super().__init__()
        self.ctx = ctx
        ctx.navigate = self.navigate
        ctx.status = lambda text: self.statusBar().showMessage(text, 6000)
        self.pages: dict[str, Page] = {}
        self._placeholders: dict[str, QScrollArea] = {}

        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setIconSize(QSize(20, 20))
        self.nav.setSpacing(2)
        self.nav.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.stack = QStackedWidget()
        for index, screen in enumerate(SCREENS):
            item = QListWidgetItem(screen.title())
            item.setData(Qt.ItemDataRole.UserRole, screen.key)
            if index < 10:  # Ctrl+1 … Ctrl+9, Ctrl+0 for the tenth; later screens by the list only
                item.setToolTip(f"Ctrl+{(index + 1) % 10}")
            self.nav.addItem(item)
            # a screen wider than the window scrolls instead of pushing the window off a small screen
            holder = QScrollArea()
            holder.setWidgetResizable(True)
            holder.setFrameShape(QFrame.Shape.NoFrame)
            self._placeholders[screen.key] = holder
            self.stack.addWidget(holder)
            if index < 10:
                shortcut = QShortcut(QKeySequence(f"Ctrl+{(index + 1) % 10}"), self)
                shortcut.activated.connect(lambda key=screen.key: self.navigate(key))
        self.nav.currentRowChanged.connect(self._on_nav)
        self._fit_nav_width()

        body = QWidget()
        layout = QHBoxLayout(body)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(body)

        self.store_label = ElidedLabel()
        self.store_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.mode_label = QLabel()
        self.statusBar().addPermanentWidget(self.mode_label)
        self.statusBar().addPermanentWidget(self.store_label, 1)  # takes what room is left, elided
        self.retranslate_frame()
        self.navigate(start)

    # navigation -----------------------------------------------------------
    def page(self, key: str) -> Page:
        """The screen for `key`, built the first time it is needed (keeps start-up quick)."""
        if key not in self.pages:
            screen = next(s for s in SCREENS if s.key == key)
            cls = getattr(importlib.import_module(screen.module), screen.cls)
            page: Page = cls(self.ctx)
            self.pages[key] = page
            self._placeholders[key].setWidget(page)
        return self.pages[key]

    def navigate(self, key: str, **kwargs: object) -> None:
        row = next(i for i, s in enumerate(SCREENS) if s.key == key)
        page = self.page(key)
        if kwargs:
            page.open_with(**kwargs)
        if self.nav.currentRow() != row:
            self.nav.setCurrentRow(row)
        else:
            self._on_nav(row)

    def current_key(self) -> str:
        return SCREENS[max(self.nav.currentRow(), 0)].key

    def _on_nav(self, row: int) -> None:
        if row < 0:
            return
        key = SCREENS[row].key
        self.page(key)
        self.stack.setCurrentWidget(self._placeholders[key])

    def _fit_nav_width(self) -> None:
        metrics = self.nav.fontMetrics()
        widest = max(metrics.horizontalAdvance(self.nav.item(i).text()) for i in range(self.nav.count()))
        self.nav.setFixedWidth(widest + 48)

    # language -------------------------------------------------------------
    def set_language(self, lang: str) -> None:
        i18n.set_language(lang)
        install_qt_texts(QApplication.instance(), i18n.language())  # type: ignore[arg-type]
        self.retranslate_frame()
        for page in self.pages.values():
            page.retranslate()

    def retranslate_frame(self) -> None:
        self.setWindowTitle(_("ocop-desk — OCOP product evaluation"))
        for i, screen in enumerate(SCREENS):
            self.nav.item(i).setText(screen.title())
        self._fit_nav_width()
        where = self.ctx.store.path or self.ctx.store.url
        self.store_label.setText(_("Store: {where}").format(where=where))
        self.mode_label.setText(_("Read-only") if self.ctx.read_only else "")

    def apply_font_size(self, size: int) -> None:
        font = self.font()
        font.setPointSize(size)
        QApplication.instance().setFont(font)  # type: ignore[union-attr]
        self._fit_nav_width()

    def show_fitted(self, preferred: QSize = PREFERRED_SIZE) -> None:
        """Open at `preferred`, or maximised within the screen's available area when that is smaller.

        At 150% scaling a 1366×768 laptop offers 911×512 device-independent pixels: the window must
        never be larger than that, or its edges (and the status bar) fall off the screen.
        """
        screen = self.screen() or QGuiApplication.primaryScreen()
        room = screen.availableGeometry()
        self.resize(min(preferred.width(), room.width()), min(preferred.height(), room.height()))
        self.show()
        frame = self.frameGeometry().size() - self.geometry().size()  # known once shown
        if self.width() + frame.width() > room.width() or self.height() + frame.height() > room.height():
            self.resize(room.width() - frame.width(), room.height() - frame.height())
            self.move(room.topLeft())
            self.showMaximized()

    def closeEvent(self, event: QCloseEvent) -> None:
        # every choice was committed when made; a note still being typed is saved by leaving its field
        focus = QApplication.focusWidget()
        if isinstance(focus, QLineEdit):
            focus.editingFinished.emit()
        super().closeEvent(event)
