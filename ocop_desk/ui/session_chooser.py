"""The session chooser every screen opens a session with: a "Session:" label and a list of the store's sessions."""

from __future__ import annotations

from typing import Any, Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QLabel, QWidget

from ocop_desk import sessions
from ocop_desk.i18n import _
from ocop_desk.ui.operations import call_now
from ocop_desk.ui.texts import Texts


class SessionChooser(QComboBox):
    """Each session reads "id · dd/mm/yyyy" with its council as the tooltip; `label` is its buddy.

    The screen places `label` and the chooser in its own layout. `chosen` carries the id of a session
    the person picked; refilling the list never emits it.
    """

    chosen = Signal(str)

    def __init__(self, texts: Texts, *, name: str = "", min_chars: int = 20,
                 label: Callable[[], str] = lambda: _("&Session:"), adjust_to_min: bool = False) -> None:
        super().__init__()
        if name:
            self.setObjectName(name)
        self.setMinimumContentsLength(min_chars)
        if adjust_to_min:
            self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.label = QLabel()
        texts.bind(self.label.setText, label)
        self.label.setBuddy(self)
        self._filling = False
        self.currentIndexChanged.connect(self._picked)

    def refresh(self, owner: QWidget, store: Any, keep: str | None = None, *,
                only: Callable[[Any], bool] | None = None) -> list[str] | None:
        """Re-read the sessions (those `only` accepts) and keep `keep` chosen if still listed, else the first.

        None when the list could not be read (the error is shown to the person; the list stays as it was).
        """
        ok, summaries = call_now(owner, lambda: sessions.list_sessions(store))
        if not ok:
            return None
        return self.fill([s for s in summaries or [] if only is None or only(s)], keep)

    def fill(self, summaries: list[Any], keep: str | None = None) -> list[str]:
        self._filling = True
        try:
            self.clear()
            for s in summaries:
                self.addItem(f"{s.id} · {s.date.strftime('%d/%m/%Y')}", s.id)
                self.setItemData(self.count() - 1, s.council_name, Qt.ItemDataRole.ToolTipRole)
            ids = [s.id for s in summaries]
            if ids:
                self.setCurrentIndex(ids.index(keep) if keep in ids else 0)
        finally:
            self._filling = False
        return ids

    def current_id(self) -> str | None:
        value = self.currentData()
        return value if isinstance(value, str) else None

    def select(self, session_id: str) -> None:
        """Choose `session_id` as the person would (emits `chosen`); the first session if it is not listed."""
        self.setCurrentIndex(max(self.findData(session_id), 0))

    def _picked(self, index: int) -> None:
        if not self._filling and index >= 0:
            value = self.itemData(index)
            if isinstance(value, str):
                self.chosen.emit(value)
