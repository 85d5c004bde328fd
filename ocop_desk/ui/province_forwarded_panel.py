"""The Forwarded tab of the province screen: the products whose result goes on to the province-level evaluation."""

from __future__ import annotations

from typing import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QPushButton, QTableWidgetItem, QVBoxLayout, QWidget

from ocop_desk.i18n import _
from ocop_desk.ui.format import mean_text, stars_text
from ocop_desk.ui.page import record_table
from ocop_desk.ui.province_products_panel import ProvinceRow
from ocop_desk.ui.texts import Texts


class ForwardedPanel(QWidget):
    open_session_asked = Signal()

    def __init__(self, texts: Texts) -> None:
        super().__init__()
        tx = texts.bind
        self.forwarded_hint = QLabel()
        self.forwarded_hint.setWordWrap(True)
        tx(self.forwarded_hint.setText, lambda: _(
            "Products whose result reaches the forwarding threshold of the regulation profile their council "
            "scored under; products held by a conflict are left out until it is settled."))
        self.forwarded = record_table(7, "provinceForwarded", stretch_last=True, tab_keys=False)
        self.open_session_button = QPushButton()
        self.open_session_button.setObjectName("openProvinceSession")
        tx(self.open_session_button.setText, lambda: _("Open a province-level &session with these products…"))
        self.open_session_button.clicked.connect(self.open_session_asked)
        self.open_session_note = QLabel()
        self.open_session_note.setWordWrap(True)
        fl = QVBoxLayout(self)
        fl.addWidget(self.forwarded_hint)
        fl.addWidget(self.forwarded, 1)
        fl.addWidget(self.open_session_button, 0, Qt.AlignmentFlag.AlignLeft)
        fl.addWidget(self.open_session_note)

    def fill(self, rows: Sequence[ProvinceRow], *, available: bool, read_only: bool) -> None:
        """`available`: this version has the service that opens a province-level session."""
        t = self.forwarded
        t.setHorizontalHeaderLabels([_("District"), _("Code"), _("Product"), _("Council"), _("Group"), _("Mean"),
                                     _("Star")])
        t.setRowCount(len(rows))
        for row, r in enumerate(rows):
            for col, text in enumerate((r.admin_unit, r.code, r.name, r.council, r.group or "—", mean_text(r.mean),
                                        stars_text(r.star))):
                item = QTableWidgetItem(text)
                if col >= 5:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                t.setItem(row, col, item)
        self.open_session_button.setEnabled(bool(rows) and available and not read_only)
        self.open_session_note.setText("" if available else _(
            "Opening a province-level session from this list is not available in this version yet."))
