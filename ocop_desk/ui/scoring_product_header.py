"""Above the score sheet: the product being scored, its dossier's evidence files, and the banner that says why
a sheet is locked, what a chosen option does, or where double entry stands."""

from __future__ import annotations

from typing import Any, Sequence

from PySide6.QtCore import QUrl, Qt
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QGridLayout, QLabel, QMenu, QToolButton, QVBoxLayout, QWidget

from ocop_desk.i18n import _
from ocop_desk.ui.texts import Texts

WARN = "#fde2e1"
INFO = "#e3f1fb"


class ProductHeader(QWidget):
    def __init__(self, texts: Texts) -> None:
        super().__init__()
        tx = texts.bind
        self.product_title = QLabel()
        self.product_title.setObjectName("productTitle")
        self.product_title.setWordWrap(True)
        self.product_title.setStyleSheet("font-weight: bold; font-size: 115%;")
        self.product_info = QLabel()
        self.product_info.setWordWrap(True)
        self.evidence_button = QToolButton()
        self.evidence_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.evidence_menu = QMenu(self)
        self.evidence_button.setMenu(self.evidence_menu)
        tx(self.evidence_button.setText, lambda: _("&Evidence"))
        tx(self.evidence_button.setToolTip, lambda: _("Open the dossier's evidence files (Ctrl+E)"))
        self._evidence: Sequence[Any] = ()
        head = QGridLayout()
        head.addWidget(self.product_title, 0, 0)
        head.addWidget(self.evidence_button, 0, 1, Qt.AlignmentFlag.AlignTop)
        head.addWidget(self.product_info, 1, 0, 1, 2)
        head.setColumnStretch(0, 1)
        self.banner = QLabel()
        self.banner.setObjectName("banner")
        self.banner.setWordWrap(True)
        self.banner.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(head)
        layout.addWidget(self.banner)

    def show_product(self, item: Any) -> None:
        """The agenda item being scored (sessions.AgendaItem), or None."""
        if item is None:
            self.product_title.setText("")
            self.product_info.setText("")
            return
        self.product_title.setText(f"{item.product_code} — {item.product_name}")
        info = _("{producer} ({kind}), {commune} · criteria set {set}").format(
            producer=item.producer_name, kind=item.producer_kind, commune=item.commune, set=item.criteria_set_id)
        if item.knockouts:
            info += " · " + _("knocked out: {ids}").format(ids=", ".join(k.id for k in item.knockouts))
        self.product_info.setText(info)

    # evidence ----------------------------------------------------------------
    def show_evidence(self, files: Sequence[Any]) -> None:
        """The dossier's evidence files (each with `.label` and `.path`), opened with the system's viewer."""
        self.evidence_menu.clear()
        for f in files:
            action = self.evidence_menu.addAction(f.label)
            action.triggered.connect(lambda _c=False, p=f.path: QDesktopServices.openUrl(QUrl.fromLocalFile(str(p))))
        self.evidence_button.setEnabled(bool(files))
        self._evidence = files

    def open_evidence(self) -> None:
        if self._evidence:
            self.evidence_button.showMenu()

    # banner ------------------------------------------------------------------
    def show_banner(self, text: str | None, *, warn: bool = False) -> None:
        self.banner.setVisible(text is not None)
        if text is not None:
            self.banner.setText(text)
            self.banner.setStyleSheet("padding: 6px; border-radius: 3px; background: %s;" % (WARN if warn else INFO))

    def flash(self, text: str) -> None:
        self.banner.setText(text)
        self.banner.setStyleSheet(f"padding: 6px; border-radius: 3px; background: {WARN};")
        self.banner.show()
