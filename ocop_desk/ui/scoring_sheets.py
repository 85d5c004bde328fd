"""The centre of the scoring screen: one score sheet per criteria set, built once and kept, so that opening a
product only swaps sheets; a note stands in its place when there is nothing to score."""

from __future__ import annotations

from typing import Callable, Sequence

from PySide6.QtCore import QTimer, Qt, Signal
from PySide6.QtWidgets import QLabel, QStackedWidget

from ocop_desk.scoring.criteria import CriteriaSet
from ocop_desk.ui.scoring_sheet import ScoreSheet


class SheetStack(QStackedWidget):
    # what the rows of whichever sheet is shown say (see CriterionRow)
    picked = Signal(str, object, bool)  # key, value or None, advance afterwards
    note_edited = Signal(str, str)
    next_unanswered = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        self.empty = QLabel()
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.addWidget(self.empty)
        self.sheets: dict[int, ScoreSheet] = {}  # criteria set pk -> its sheet

    def sheet_for(self, pk: int, cs: CriteriaSet) -> ScoreSheet:
        sheet = self.sheets.get(pk)
        if sheet is None:
            sheet = self.sheets[pk] = ScoreSheet(cs)
            for row in sheet.rows.values():
                row.picked.connect(self.picked)
                row.note_edited.connect(self.note_edited)
                row.next_unanswered.connect(self.next_unanswered)
            self.addWidget(sheet)
        return sheet

    def build_ahead(self, wanted: Callable[[], Sequence[int]], load: Callable[[int], CriteriaSet | None]) -> None:
        """Build the sheets of the sets `wanted()` names while the user works, one per idle moment.

        Building a 40-criteria sheet costs ~100 ms of widget creation and styling; done ahead, opening any
        product of the agenda only swaps sheets. Both callables are asked again at each moment, so a session
        changed meanwhile is followed (`load` gives None to stop).
        """
        pending = [pk for pk in wanted() if pk not in self.sheets]
        if not pending:
            return
        pk = pending[0]

        def build() -> None:
            if pk in self.sheets:
                return
            cs = load(pk)
            if cs is not None:
                self.sheet_for(pk, cs)
                QTimer.singleShot(30, self, lambda: self.build_ahead(wanted, load))

        QTimer.singleShot(30, self, build)  # never fires once the screen is gone

    def retranslate(self) -> None:
        for sheet in self.sheets.values():
            sheet.retranslate()
