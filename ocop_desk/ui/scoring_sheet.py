"""One member's score sheet on screen: parts, sections, criteria as rows of large radio options.

The sheet is built once per criteria set and reused for every product scored
with that set (only the ticks change), which keeps opening a product quick.
It shows and emits; saving and arithmetic happen in the page, through the
services and `ocop_desk.scoring`.

What a criteria@2 sheet carries is shown as on paper: the requirement and
note texts, the star markers beside the options, the explicit "none" option
(key 0), sub-criteria under their criterion, the case chooser of a "choose
one of two cases" section (its own row, keys 1-2), checklists (digits
toggle ticks), and rows greyed when they do not count (the other case, or
after a "stop" option).

Keys on a row: 0-9 pick the option with that key (and move on; on a
checklist they toggle), Left/Right and Space pick by moving, Up/Down/Tab
move between rows, Enter goes to the criterion still to answer, Delete
clears, N edits the note.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent, QMouseEvent
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
from ocop_desk.scoring.criteria import (CriteriaSet, Criterion, Option, Section, join_checklist, option_key,
                                        split_choice)
from ocop_desk.scoring.requirements import stars_text as marker_text
from ocop_desk.ui.format import points_text

SHEET_STYLE = """
QFrame#criterion { border: 1px solid palette(mid); border-radius: 4px; background: palette(base); }
QFrame#criterion[answered="false"] { border-left: 5px solid #c0392b; }
QFrame#criterion[answered="true"] { border-left: 5px solid #2e8b57; }
QFrame#criterion[mismatch="true"] { background: #fff1c2; }
QFrame#criterion[applies="false"] { border: 1px dashed palette(mid); background: palette(window); }
QFrame#criterion:focus { border: 2px solid palette(highlight); }
QFrame#criterion[answered="false"]:focus { border: 2px solid palette(highlight); border-left: 5px solid #c0392b; }
QLabel#option { padding: 4px 6px; border-radius: 3px; }
QLabel#option[cursor="true"] { background: palette(alternate-base); border: 1px dotted palette(highlight); }
QLabel#partHeader { font-weight: bold; font-size: 120%; padding: 8px 2px 2px 2px; }
QLabel#sectionHeader { font-weight: bold; padding: 4px 2px 0 2px; }
QLabel#caseHeader { font-weight: bold; font-style: italic; padding: 4px 2px 0 14px; }
QLabel#parentHeader { font-weight: bold; padding: 4px 2px 0 8px; }
QLabel#requirement { color: palette(dark); padding: 0 2px 0 2px; }
QLabel#unanswered { color: #c0392b; font-weight: bold; }
QLabel#notScored { color: palette(dark); font-style: italic; }
"""

# a title that carries its own number ("a) …", "a. …", "1.2. …") is shown as it is
_NUMBERED = re.compile(r"^\s*([a-zđ]\d*[).]|\d+(\.\d+)*\.?\s)", re.IGNORECASE)


@dataclass(frozen=True)
class _Entry:
    """One pickable line of a row: an option of a criterion, or a case of a section."""

    id: str
    key: int | None  # the digit that picks it (None: past 9)
    none: bool
    text: object  # () -> str, so the language can change


class CriterionRow(QFrame):
    """A row that takes one answer: a leaf criterion (single or checklist) or a section's case choice."""

    picked = Signal(str, object, bool)  # key (leaf or case section id), value or None, advance afterwards
    note_edited = Signal(str, str)
    step = Signal(str, int)  # key, +1 / -1
    next_unanswered = Signal(str)
    focused = Signal(str)

    def __init__(self, number: str, crit: Criterion | None, *, section: Section | None = None,
                 indent: int = 0) -> None:
        super().__init__()
        self.crit = crit
        self.section = section
        self.key = crit.id if crit is not None else section.id  # type: ignore[union-attr]
        self.multi = crit is not None and crit.kind == "checklist"
        self.setObjectName("criterion")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setProperty("answered", False)
        self.setProperty("mismatch", False)
        self.setProperty("applies", True)
        self._cursor = 0
        self._selected: str | None = None
        self._ticked: tuple[str, ...] = ()
        self._note_text = ""
        self._not_scored = ""
        self._number = number
        self.entries = self._entries()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(10 + indent, 6, 8, 6)
        layout.setSpacing(2)
        head = QHBoxLayout()
        self.title = QLabel()
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
        self.requirement = QLabel()
        self.requirement.setObjectName("requirement")
        self.requirement.setWordWrap(True)
        self.requirement.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.requirement)

        # one label per option (a drawn mark, the key, the text wrapped): a sheet has ~150
        # options, and three widgets each made opening a new sheet three times slower
        self.option_rows: list[_OptionRow] = []
        for i, entry in enumerate(self.entries):
            line = _OptionRow(i, entry.id, entry.key, self.multi)
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

    def _entries(self) -> list[_Entry]:
        if self.crit is None:
            assert self.section is not None
            return [_Entry(case.id, n + 1 if n < 9 else None, False, lambda c=case: c.title)
                    for n, case in enumerate(self.section.cases)]
        crit = self.crit
        out = []
        for opt in crit.options:
            key = option_key(crit, opt)

            def text(o: Option = opt) -> str:
                body = f"{o.label}  —  {_('{points} pts').format(points=points_text(o.points))}"
                if o.star_marker is not None:
                    body += f"   {marker_text(o.star_marker)}"
                if o.effect is not None:
                    body += "   ⚠ " + (_("knocks the product out") if o.effect.kind == "knockout"
                                       else _("the rest of the section is not scored"))
                return body

            out.append(_Entry(opt.id, key if key <= 9 else None, opt.none, text))
        return out

    def retranslate(self) -> None:
        if self.crit is not None:
            title = self.crit.title if _NUMBERED.match(self.crit.title) else f"{self._number} {self.crit.title}"
            if self.crit.star_marker is not None:
                title += f"   {marker_text(self.crit.star_marker)}"
            self.title.setText(title)
            self.max_label.setText(_("max {points}").format(points=points_text(self.crit.max)))
            texts = [t for t in (self.crit.description, self.crit.note) if t]
            if self.multi:
                texts.append(_("Tick every option that applies (digits toggle; 0: none of these); "
                               "points add up to at most {max}.").format(max=points_text(self.crit.max)))
            self.note.setPlaceholderText(_("Note on this criterion (Enter to save, Esc to cancel)"))
            self.setToolTip(_("1-9: pick an option · 0: none · Enter: next unanswered · Delete: clear · N: note"))
        else:
            assert self.section is not None
            self.title.setText(_("Which case applies?"))
            self.max_label.setText("")
            texts = [_("Choose one of the two cases; the other case's criteria do not count.")]
            texts += [f"{case.title}: {case.description}" for case in self.section.cases if case.description]
            self.setToolTip(_("1-2: choose the case · Enter: next unanswered"))
        self.requirement.setText("\n".join(texts))
        self.requirement.setVisible(bool(texts))
        for line, entry in zip(self.option_rows, self.entries):
            line.set_body(entry.text())  # type: ignore[operator]
        self._show_marker()

    # showing ----------------------------------------------------------------
    def show_choice(self, value: str | None) -> None:
        self._selected = value
        self._ticked = () if value is None else (split_choice(value) if self.multi else (value,))
        for i, line in enumerate(self.option_rows):
            mine = line.option_id in self._ticked
            if line.checked != mine:
                line.set_checked(mine)
            if mine:
                self._cursor = i
        answered = value is not None
        if self.property("answered") != answered:
            self.setProperty("answered", answered)
            self._restyle()
        self._show_marker()
        self._show_cursor(self.hasFocus())

    def show_applies(self, applies: bool, not_scored: str = "") -> None:
        """Grey the row out (and let no key reach it) when its answer does not count."""
        self._not_scored = "" if applies else not_scored
        if self.property("applies") != applies:
            self.setProperty("applies", applies)
            self.setEnabled(applies)
            self._restyle()
        self._show_marker()

    def applies(self) -> bool:
        return bool(self.property("applies"))

    def _show_marker(self) -> None:
        if not self.applies():
            self.marker.setObjectName("notScored")
            self.marker.setText(self._not_scored)
        else:
            self.marker.setObjectName("unanswered")
            self.marker.setText("" if self._selected is not None else _("not answered"))
        self.marker.style().unpolish(self.marker)
        self.marker.style().polish(self.marker)

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
    def _value_after(self, index: int) -> str | None:
        """The answer after picking entry `index`: the entry itself, or on a checklist the ticks toggled."""
        entry = self.entries[index]
        if not self.multi or entry.none:
            return entry.id
        assert self.crit is not None
        ticked = [t for t in self._ticked if not self.crit.option(t).none]  # type: ignore[union-attr]
        ticked = [t for t in ticked if t != entry.id] if entry.id in ticked else ticked + [entry.id]
        return join_checklist(self.crit, ticked) if ticked else None  # nothing ticked: unanswered again

    def _pick(self, index: int, advance: bool) -> None:
        self._cursor = index
        value = self._value_after(index)
        multi_tick = self.multi and not self.entries[index].none
        self.picked.emit(self.key, value, advance and not multi_tick)

    def _clicked(self, index: int) -> None:
        if not self.isEnabled():
            return
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        self._pick(index, False)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if mods == Qt.KeyboardModifier.NoModifier and Qt.Key.Key_0 <= key <= Qt.Key.Key_9:
            digit = key - Qt.Key.Key_0
            index = next((i for i, e in enumerate(self.entries) if e.key == digit), None)
            if index is not None:
                self._pick(index, True)
            return
        if mods != Qt.KeyboardModifier.NoModifier and key not in (Qt.Key.Key_Backtab,):
            super().keyPressEvent(event)
            return
        if key == Qt.Key.Key_Down:
            self.step.emit(self.key, +1)
        elif key == Qt.Key.Key_Up:
            self.step.emit(self.key, -1)
        elif key in (Qt.Key.Key_Left, Qt.Key.Key_Right):
            step = -1 if key == Qt.Key.Key_Left else 1
            self._cursor = max(0, min(len(self.option_rows) - 1, self._cursor + step))
            self._show_cursor(True)
        elif key == Qt.Key.Key_Space:
            if self.entries:
                self._pick(self._cursor, False)
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.next_unanswered.emit(self.key)
        elif key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            if self._selected is not None:
                self.picked.emit(self.key, None, False)
        elif key == Qt.Key.Key_N and self.crit is not None:
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
            self.note_edited.emit(self.key, text)
        if not text:
            self.note.hide()
        if self.note.hasFocus():
            self.setFocus(Qt.FocusReason.OtherFocusReason)

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        self._show_cursor(True)
        self.focused.emit(self.key)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self._show_cursor(False)


class _OptionRow(QLabel):
    """One option: a radio (or tick) mark, its key and its text, wrapped to the width (never clipped)."""

    clicked = Signal(int)

    def __init__(self, index: int, option_id: str, key: int | None, multi: bool) -> None:
        super().__init__()
        self.index = index
        self.option_id = option_id
        self.key = key
        self.multi = multi
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
        key = f"{self.key}   " if self.key is not None else "    "
        mark = ("☑" if self.checked else "☐") if self.multi else ("◉" if self.checked else "○")
        self.setText(f"{mark}   {key}{self._body}")

    def mousePressEvent(self, event: QMouseEvent) -> None:
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


class _Body(QWidget):
    """The sheet's page: a click on a greyed row or between rows leaves the member on their row.

    Without it the click would give the focus to the scroll area around the
    screen, and the next digit would go nowhere.
    """

    def __init__(self, sheet: "ScoreSheet") -> None:
        super().__init__()
        self._sheet = sheet
        self.setFocusPolicy(Qt.FocusPolicy.ClickFocus)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        event.accept()

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        self._sheet.refocus()


def _text_label(name: str, text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


class ScoreSheet(QScrollArea):
    """All rows of one criteria set; `rows` maps a leaf criterion or case section id to its row.

    `order` is every row in sheet order (a case section's chooser before its cases).
    """

    def __init__(self, cs: CriteriaSet) -> None:
        super().__init__()
        self.cs = cs
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        body = _Body(self)
        body.setStyleSheet(SHEET_STYLE)
        self._layout = layout = QVBoxLayout(body)
        layout.setContentsMargins(8, 4, 8, 12)
        layout.setSpacing(6)
        self.rows: dict[str, CriterionRow] = {}
        self.order: list[str] = []
        self.current: str | None = None  # the row the member is on (the last one focused)
        self.part_headers: dict[str, QLabel] = {}
        self.case_headers: dict[str, QLabel] = {}
        for part in cs.parts:
            header = _text_label("partHeader", "")
            self.part_headers[part.id] = header
            layout.addWidget(header)
            if part.description:
                layout.addWidget(_text_label("requirement", part.description))
            for section in part.sections:
                layout.addWidget(_text_label("sectionHeader", f"{section.title} ({points_text(section.max)})"))
                texts = [t for t in (section.description, section.note) if t]
                if texts:
                    layout.addWidget(_text_label("requirement", "\n".join(texts)))
                if section.cases:
                    self._add_row(CriterionRow("", None, section=section))
                    for case in section.cases:
                        head = _text_label("caseHeader", case.title)
                        self.case_headers[case.id] = head
                        layout.addWidget(head)
                        self._add_criteria(case.criteria, indent=14)
                else:
                    self._add_criteria(section.criteria, indent=0)
        layout.addStretch(1)
        self.setWidget(body)
        rows = [self.rows[c] for c in self.order]
        for a, b in zip(rows, rows[1:]):
            QWidget.setTabOrder(a, b)
        self.retranslate()

    def _add_criteria(self, criteria: tuple[Criterion, ...], indent: int) -> None:
        for number, crit in enumerate(criteria):
            if not crit.subcriteria:
                self._add_row(CriterionRow(_letter(number), crit, indent=indent))
                continue
            title = crit.title if _NUMBERED.match(crit.title) else f"{_letter(number)} {crit.title}"
            if crit.star_marker is not None:
                title += f"   {marker_text(crit.star_marker)}"
            self._layout.addWidget(_text_label("parentHeader", f"{title} ({points_text(crit.max)})"))
            texts = [t for t in (crit.description, crit.note) if t]
            if texts:
                self._layout.addWidget(_text_label("requirement", "\n".join(texts)))
            for sub_number, sub in enumerate(crit.subcriteria):
                self._add_row(CriterionRow(f"{_letter(number)[:-1]}{sub_number + 1})", sub, indent=indent + 18))

    def _add_row(self, row: CriterionRow) -> None:
        row.step.connect(self._move)
        row.focused.connect(self._focused)
        self.rows[row.key] = row
        self.order.append(row.key)
        self._layout.addWidget(row)

    def retranslate(self) -> None:
        for part in self.cs.parts:
            self.part_headers[part.id].setText(
                _("Part {id}. {title} ({points} pts)").format(id=part.id, title=part.title,
                                                              points=points_text(part.max)))
        for row in self.rows.values():
            row.retranslate()

    def show_cases(self, chosen: dict[str, str | None]) -> None:
        """Grey the header of every case not chosen (section id -> chosen case id)."""
        for section in self.cs.case_sections():
            for case in section.cases:
                head = self.case_headers[case.id]
                head.setEnabled(chosen.get(section.id) in (None, case.id))

    def _focused(self, key: str) -> None:
        self.current = key

    def refocus(self) -> None:
        """Back to the row the member is on (or the first row that counts)."""
        keys = ([self.current] if self.current in self.rows else []) + self.order
        target = next((k for k in keys if self.rows[k].applies()), None)
        if target is not None:
            self.focus_criterion(target)

    def focus_criterion(self, key: str) -> None:
        self.current = key
        row = self.rows[key]
        row.setFocus(Qt.FocusReason.OtherFocusReason)
        self.ensureWidgetVisible(row, 0, 60)

    def _move(self, key: str, step: int) -> None:
        """To the next (or previous) row whose answer counts."""
        i = self.order.index(key) + step
        while 0 <= i < len(self.order):
            if self.rows[self.order[i]].applies():
                self.focus_criterion(self.order[i])
                return
            i += step


def _letter(index: int) -> str:
    letters = "abcdefghijklmnopqrstuvwxyz"
    return f"{letters[index]})" if index < len(letters) else f"{index + 1})"
