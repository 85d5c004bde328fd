"""One member's score sheet on screen: parts, sections, criteria as rows of large radio options.

The sheet is built once per criteria set and reused for every product scored
with that set (only the ticks change), which keeps opening a product quick.
It shows and emits; saving and arithmetic happen in the page, through the
services and `ocop_desk.scoring`.

Keys on a criterion row: 1-9 pick the n-th option (and move on), Left/Right
and Space pick by moving, Up/Down/Tab move between criteria, Enter jumps to
the next unanswered criterion, Delete clears, N edits the note.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from ocop_desk.i18n import _
from ocop_desk.scoring.criteria import CriteriaSet, Criterion
from ocop_desk.ui.format import points_text

SHEET_STYLE = """
QFrame#criterion { border: 1px solid palette(mid); border-radius: 4px; background: palette(base); }
QFrame#criterion[answered="false"] { border-left: 5px solid #c0392b; }
QFrame#criterion[answered="true"] { border-left: 5px solid #2e8b57; }
QFrame#criterion[mismatch="true"] { background: #fff1c2; }
QFrame#criterion:focus { border: 2px solid palette(highlight); }
QFrame#criterion[answered="false"]:focus { border: 2px solid palette(highlight); border-left: 5px solid #c0392b; }
QLabel#option { padding: 4px 6px; border-radius: 3px; }
QLabel#option[cursor="true"] { background: palette(alternate-base); border: 1px dotted palette(highlight); }
QLabel#partHeader { font-weight: bold; font-size: 120%; padding: 8px 2px 2px 2px; }
QLabel#sectionHeader { font-weight: bold; padding: 4px 2px 0 2px; }
QLabel#unanswered { color: #c0392b; font-weight: bold; }
"""


class CriterionRow(QFrame):
    picked = Signal(str, object, bool)  # criterion id, option id or None, advance afterwards
    note_edited = Signal(str, str)
    move = Signal(str, int)  # criterion id, +1 / -1
    next_unanswered = Signal(str)
    focused = Signal(str)

    def __init__(self, number: str, crit: Criterion) -> None:
        super().__init__()
        self.crit = crit
        self.setObjectName("criterion")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setProperty("answered", False)
        self.setProperty("mismatch", False)
        self._cursor = 0
        self._selected: str | None = None
        self._note_text = ""

        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 8, 6)
        layout.setSpacing(2)
        head = QHBoxLayout()
        self.title = QLabel(f"{number} {crit.title}")
        self.title.setWordWrap(True)
        self.title.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.max_label = QLabel()
        self.max_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        self.marker = QLabel()
        self.marker.setObjectName("unanswered")
        head.addWidget(self.title, 1)
        head.addWidget(self.marker)
        head.addWidget(self.max_label)
        layout.addLayout(head)

        # one label per option (a drawn radio mark, the key, the text wrapped): a sheet has ~150
        # options, and three widgets each made opening a new sheet three times slower
        self.option_rows: list[_OptionRow] = []
        for i, opt in enumerate(crit.options):
            line = _OptionRow(i, opt.id)
            line.clicked.connect(self._clicked)
            layout.addWidget(line)
            self.option_rows.append(line)

        self.note = _NoteEdit(self)
        self.note.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.note.setClearButtonEnabled(True)
        self.note.editingFinished.connect(self._note_done)
        layout.addWidget(self.note)
        self.note.hide()
        self.retranslate()

    def retranslate(self) -> None:
        self.max_label.setText(_("max {points}").format(points=points_text(self.crit.max)))
        self.note.setPlaceholderText(_("Note on this criterion (Enter to save, Esc to cancel)"))
        for line, opt in zip(self.option_rows, self.crit.options):
            line.set_body(f"{opt.label}  —  {_('{points} pts').format(points=points_text(opt.points))}")
        self.marker.setText(_("not answered") if self._selected is None else "")
        self.setToolTip(_("1-9: pick an option · Enter: next unanswered · Delete: clear · N: note"))

    # showing ----------------------------------------------------------------
    def show_choice(self, option_id: str | None) -> None:
        self._selected = option_id
        for i, line in enumerate(self.option_rows):
            mine = line.option_id == option_id
            if line.checked != mine:
                line.set_checked(mine)
            if mine:
                self._cursor = i
        answered = option_id is not None
        if self.property("answered") != answered:
            self.setProperty("answered", answered)
            self._restyle()
        self.marker.setText("" if answered else _("not answered"))
        self._show_cursor(self.hasFocus())

    def show_note(self, text: str) -> None:
        self._note_text = text
        self.note.setText(text)
        self.note.setVisible(bool(text))

    def show_mismatch(self, on: bool, tip: str = "") -> None:
        if self.property("mismatch") != on:
            self.setProperty("mismatch", on)
            self._restyle()
        self.title.setToolTip(tip)

    def selected(self) -> str | None:
        return self._selected

    def _restyle(self) -> None:
        self.style().unpolish(self)
        self.style().polish(self)

    def _show_cursor(self, on: bool) -> None:
        for i, line in enumerate(self.option_rows):
            want = on and i == self._cursor
            if bool(line.property("cursor")) != want:
                line.setProperty("cursor", want)
                line.style().unpolish(line)
                line.style().polish(line)

    # input ----------------------------------------------------------------
    def _clicked(self, index: int) -> None:
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        option = self.crit.options[index].id
        self.picked.emit(self.crit.id, option, False)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if mods == Qt.KeyboardModifier.NoModifier and Qt.Key.Key_1 <= key <= Qt.Key.Key_9:
            index = key - Qt.Key.Key_1
            if index < len(self.crit.options):
                self._cursor = index
                self.picked.emit(self.crit.id, self.crit.options[index].id, True)
            return
        if mods != Qt.KeyboardModifier.NoModifier and key not in (Qt.Key.Key_Backtab,):
            super().keyPressEvent(event)
            return
        if key == Qt.Key.Key_Down:
            self.move.emit(self.crit.id, +1)
        elif key == Qt.Key.Key_Up:
            self.move.emit(self.crit.id, -1)
        elif key in (Qt.Key.Key_Left, Qt.Key.Key_Right):
            step = -1 if key == Qt.Key.Key_Left else 1
            self._cursor = max(0, min(len(self.option_rows) - 1, self._cursor + step))
            self._show_cursor(True)
        elif key == Qt.Key.Key_Space:
            self.picked.emit(self.crit.id, self.crit.options[self._cursor].id, False)
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.next_unanswered.emit(self.crit.id)
        elif key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            if self._selected is not None:
                self.picked.emit(self.crit.id, None, False)
        elif key == Qt.Key.Key_N:
            self.edit_note()
        else:
            super().keyPressEvent(event)

    def edit_note(self) -> None:
        self.note.show()
        self.note.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.note.selectAll()

    def _note_done(self) -> None:
        text = self.note.text().strip()
        if text != self._note_text:
            self._note_text = text
            self.note_edited.emit(self.crit.id, text)
        if not text:
            self.note.hide()
        if self.note.hasFocus():
            self.setFocus(Qt.FocusReason.OtherFocusReason)

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        self._show_cursor(True)
        self.focused.emit(self.crit.id)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self._show_cursor(False)



class _OptionRow(QLabel):
    """One option: a radio mark, its key and its text, wrapped to the width (never clipped)."""

    clicked = Signal(int)

    def __init__(self, index: int, option_id: str) -> None:
        super().__init__()
        self.index = index
        self.option_id = option_id
        self.checked = False
        self._body = ""
        self.setObjectName("option")
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setCursor(Qt.CursorShape.PointingHandCursor)

    def set_body(self, text: str) -> None:
        self._body = text
        self._render()

    def set_checked(self, on: bool) -> None:
        self.checked = on
        font = self.font()
        font.setBold(on)
        self.setFont(font)
        self._render()

    def _render(self) -> None:
        key = f"{self.index + 1}   " if self.index < 9 else "    "
        self.setText(f"{'◉' if self.checked else '○'}   {key}{self._body}")

    def mousePressEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        if event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit(self.index)
            return
        super().mousePressEvent(event)


class _NoteEdit(QLineEdit):
    """Enter saves the note, Esc puts back what was there; both return to the row."""

    def __init__(self, row: CriterionRow) -> None:
        super().__init__()
        self._row = row

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.setText(self._row._note_text)
            self._row.setFocus(Qt.FocusReason.OtherFocusReason)
            if not self._row._note_text:
                self.hide()
            return
        super().keyPressEvent(event)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.accept()  # the row must not take this Enter as "next unanswered"


class ScoreSheet(QScrollArea):
    """All criteria of one criteria set; `rows` maps criterion id to its row."""

    def __init__(self, cs: CriteriaSet) -> None:
        super().__init__()
        self.cs = cs
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        body = QWidget()
        body.setStyleSheet(SHEET_STYLE)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(8, 4, 8, 12)
        layout.setSpacing(6)
        self.rows: dict[str, CriterionRow] = {}
        self.order: list[str] = []
        self.current: str | None = None  # the criterion the member is on (the last one focused)
        self.part_headers: dict[str, QLabel] = {}
        for part in cs.parts:
            header = QLabel()
            header.setObjectName("partHeader")
            header.setWordWrap(True)
            self.part_headers[part.id] = header
            layout.addWidget(header)
            for section in part.sections:
                sec = QLabel(f"{section.title} ({points_text(section.max)})")
                sec.setObjectName("sectionHeader")
                sec.setWordWrap(True)
                layout.addWidget(sec)
                for number, crit in enumerate(section.criteria):
                    row = CriterionRow(_letter(number), crit)
                    row.move.connect(self._move)
                    row.focused.connect(self._focused)
                    self.rows[crit.id] = row
                    self.order.append(crit.id)
                    layout.addWidget(row)
        layout.addStretch(1)
        self.setWidget(body)
        rows = [self.rows[c] for c in self.order]
        for a, b in zip(rows, rows[1:]):
            QWidget.setTabOrder(a, b)
        self.retranslate()

    def retranslate(self) -> None:
        for part in self.cs.parts:
            self.part_headers[part.id].setText(
                _("Part {id}. {title} ({points} pts)").format(id=part.id, title=part.title,
                                                              points=points_text(part.max)))
        for row in self.rows.values():
            row.retranslate()

    def _focused(self, criterion_id: str) -> None:
        self.current = criterion_id

    def focus_criterion(self, criterion_id: str) -> None:
        self.current = criterion_id
        row = self.rows[criterion_id]
        row.setFocus(Qt.FocusReason.OtherFocusReason)
        self.ensureWidgetVisible(row, 0, 60)

    def _move(self, criterion_id: str, step: int) -> None:
        i = self.order.index(criterion_id) + step
        if 0 <= i < len(self.order):
            self.focus_criterion(self.order[i])


def _letter(index: int) -> str:
    letters = "abcdefghijklmnopqrstuvwxyz"
    return f"{letters[index]})" if index < len(letters) else f"{index + 1})"
