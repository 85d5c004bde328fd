"""In ấn: a place-holder until the printing engineer's jobs module (`ocop_desk/printing/jobs.py`) lands."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout

from ocop_desk.i18n import _
from ocop_desk.ui.operations import Changes
from ocop_desk.ui.page import Page


class PrintingPage(Page):
    key = "printing"
    watches = Changes.NONE

    @staticmethod
    def nav_title() -> str:
        return _("Printing")

    def __init__(self, ctx) -> None:  # type: ignore[no-untyped-def]
        super().__init__(ctx)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        self.texts.bind(self.note.setText, lambda: _(
            "Printing score sheets, the summary, the minutes and the producers' feedback will appear here. "
            "Until then use the command line: ocop-desk print --help"))
