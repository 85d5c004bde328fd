"""The Conflicts tab of the province screen: the cases two bundles disagree on, each left to a person to settle."""

from __future__ import annotations

from typing import Any, Sequence

from PySide6.QtCore import Signal
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import QInputDialog, QLabel, QPushButton, QTableWidgetItem, QVBoxLayout, QWidget

from ocop_desk.i18n import _
from ocop_desk.ui.page import record_table
from ocop_desk.ui.province_products_panel import HELD
from ocop_desk.ui.texts import Texts
from ocop_desk.ui.widgets import FlowLayout
from ocop_desk.vocabulary import conflict_kind_name


class ConflictsPanel(QWidget):
    decision_asked = Signal(str)  # "accept" or "reject", for the selected conflict
    product_wanted = Signal(str)  # the code of a conflict's product, to be shown side by side

    def __init__(self, texts: Texts) -> None:
        super().__init__()
        tx = texts.bind
        self.items: Sequence[dict[str, Any]] = ()
        self.conflicts_hint = QLabel()
        self.conflicts_hint.setWordWrap(True)
        tx(self.conflicts_hint.setText, lambda: _(
            "Nothing here is decided by the software. A product in conflict is held: it is listed but not "
            "forwarded. Settle each case with the councils concerned; a corrected bundle that replaces the "
            "earlier one clears its conflicts. Enter on a conflict shows the product's results side by side."))
        self.conflicts = record_table(6, "provinceConflicts", stretch_last=True, tab_keys=False)
        self.conflicts.itemActivated.connect(
            lambda item: self.product_wanted.emit(self.items[item.row()]["product"]))
        self.accept_button = QPushButton()
        self.reject_button = QPushButton()
        tx(self.accept_button.setText, lambda: _("&Keep this council's result…"))
        tx(self.reject_button.setText, lambda: _("Set this council's result &aside…"))
        self.accept_button.clicked.connect(lambda: self.decision_asked.emit("accept"))
        self.reject_button.clicked.connect(lambda: self.decision_asked.emit("reject"))
        decide_row = FlowLayout()
        decide_row.addWidget(self.accept_button)
        decide_row.addWidget(self.reject_button)
        cl = QVBoxLayout(self)
        cl.addWidget(self.conflicts_hint)
        cl.addWidget(self.conflicts, 1)
        cl.addLayout(decide_row)

    def fill(self, items: Sequence[dict[str, Any]]) -> None:
        self.items = items
        t = self.conflicts
        t.setHorizontalHeaderLabels([_("Kind"), _("Product"), _("Council"), _("Other council"), _("Bundle"),
                                     _("Detail")])
        t.setRowCount(len(items))
        for row, c in enumerate(items):
            for col, text in enumerate((conflict_kind_name(c["kind"]), c["product"], c["council"],
                                        c["other_council"] or "—", c["bundle"], c["detail"])):
                item = QTableWidgetItem(text)
                item.setBackground(QBrush(HELD))
                t.setItem(row, col, item)

    def selected(self) -> dict[str, Any] | None:
        row = self.conflicts.currentRow()
        return self.items[row] if 0 <= row < len(self.items) else None

    def ask_reason(self, conflict: dict[str, Any], decision: str) -> str | None:
        """The written reason a person gives for the decision (None: they cancelled)."""
        question = (_("Keep the result of {council} for {product}? Why:") if decision == "accept"
                    else _("Set aside the result of {council} for {product}? Why:"))
        reason, ok = QInputDialog.getText(self, _("Decide a conflict"), question.format(
            council=conflict["council"], product=conflict["product"]))
        return reason if ok else None
