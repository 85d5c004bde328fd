"""What a council's signed papers print beyond the session: the parent authority, the town, the hours, the numbers.

One dialog, opened from the council page; saving calls
`certificates.set_session_papers` (checked whole before anything is
written) and `certificates.set_council_paper_details`, the services the CLI
(`session set-paper`, `certificates details`) calls.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLineEdit, QWidget

from ocop_desk.certificates import PAPER_NUMBER_LABEL, set_council_paper_details, set_session_papers
from ocop_desk.i18n import _

if TYPE_CHECKING:
    from ocop_desk.certificates import PaperDetails
    from ocop_desk.store.engine import Store


class PaperDetailsDialog(QDialog):
    def __init__(self, parent: QWidget | None, details: PaperDetails) -> None:
        super().__init__(parent)
        self.setObjectName("paperDetails")
        self.setWindowTitle(_("Paper details"))
        form = QFormLayout(self)
        self.authority = QLineEdit(details.parent_authority)
        self.authority.setPlaceholderText("Ủy ban nhân dân huyện Chợ Mới")
        self.place = QLineEdit(details.place_name)
        self.place.setPlaceholderText("Chợ Mới")
        self.start = QLineEdit(details.start_time or "")
        self.end = QLineEdit(details.end_time or "")
        for box in (self.start, self.end):
            box.setPlaceholderText("08:00")
            box.setMaxLength(5)
        self.numbers = {k: QLineEdit(details.numbers.get(k, ("", None))[0]) for k in PAPER_NUMBER_LABEL}
        self.numbers["minutes"].setPlaceholderText("12/BB-HĐ")
        form.addRow(_("Parent authority"), self.authority)
        form.addRow(_("Place of the date line"), self.place)
        form.addRow(_("Start time (HH:MM)"), self.start)
        form.addRow(_("End time (HH:MM)"), self.end)
        for kind, box in self.numbers.items():
            form.addRow(_(PAPER_NUMBER_LABEL[kind]), box)
        self.authority.setMinimumWidth(self.fontMetrics().horizontalAdvance("M" * 28))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def save(self, store: Store, session_id: str, council_id: str) -> None:
        """Write what the dialog holds; a bad hour or number refuses the whole, leaving the store unchanged."""
        numbers = {k: box.text().strip() for k, box in self.numbers.items() if box.text().strip()}
        set_session_papers(store, session_id, start=self.start.text().strip(), end=self.end.text().strip(),
                           numbers=numbers)
        set_council_paper_details(store, council_id, parent_authority=self.authority.text(),
                                  place_name=self.place.text())
