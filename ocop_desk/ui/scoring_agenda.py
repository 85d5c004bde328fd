"""The scoring screen's left side: the agenda with the chosen member's progress, and every member on one product.

Shows what the session records (conflicts, attendance, how many criteria each
sheet answers); it decides nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from ocop_desk.i18n import _
from ocop_desk.ui.page import cell, cell_key, record_table
from ocop_desk.vocabulary import reason_name

if TYPE_CHECKING:
    from ocop_desk.sessions import AgendaInfo
    from ocop_desk.ui.scoring_math import SheetProgress
    from ocop_desk.ui.scoring_page import SessionView


class AgendaPanel(QWidget):
    product_chosen = Signal(str)
    # a digit typed in the product list: it is meant for the sheet, not a search for "1. …"
    digit_typed = Signal(QKeyEvent)

    def __init__(self) -> None:
        super().__init__()
        self.view: SessionView | None = None
        self.member: str | None = None
        self.product: str | None = None
        self._quiet = False
        self.agenda = record_table(3, "agenda", stretch=(0,))
        self.agenda.itemSelectionChanged.connect(self._selected)
        self.agenda.installEventFilter(self)
        self.members = QTableWidget(0, 2)
        self.members.setObjectName("memberProgress")
        self.members.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.members.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.members.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.members.verticalHeader().hide()
        self.members.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.members.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.agenda_title = QLabel()
        self.members_title = QLabel()
        self.members_title.setWordWrap(True)  # "Các thành viên với 06-065-001-2026" wraps in a narrow agenda
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.agenda_title)
        layout.addWidget(self.agenda, 3)
        layout.addWidget(self.members_title)
        layout.addWidget(self.members, 2)
        self.setMinimumWidth(220)
        self.retranslate()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if obj is self.agenda and isinstance(event, QKeyEvent) and event.type() == QEvent.Type.KeyPress \
                and is_digit_key(event):
            self.digit_typed.emit(QKeyEvent(event))
            return True
        return super().eventFilter(obj, event)

    # what to show ------------------------------------------------------------
    def show_session(self, view: SessionView, member: str | None) -> None:
        self.view, self.member = view, member
        self._fill_agenda()

    def clear(self) -> None:
        self.view = None
        self.product = None
        self.agenda.setRowCount(0)
        self.members.setRowCount(0)
        self.members_title.setText("")

    def set_member(self, member: str | None) -> None:
        self.member = member
        if self.view is not None:
            for row in range(self.agenda.rowCount()):
                self._update_row(row)
        self._fill_members()

    def set_product(self, product: str) -> None:
        self.product = product
        if self.view is not None:
            row = [it.product_code for it in self.view.detail.items].index(product)
            self._quiet = True
            self.agenda.selectRow(row)
            self._quiet = False
        self._fill_members()
        self._title_members()

    def progress_changed(self) -> None:
        """The current member's sheet on the current product changed."""
        if self.view is None or self.product is None:
            return
        self._update_row([it.product_code for it in self.view.detail.items].index(self.product))
        self._fill_members()

    def retranslate(self) -> None:
        self.agenda_title.setText(_("Agenda"))
        self.agenda.setHorizontalHeaderLabels([_("Product"), _("This member"), _("Complete")])
        self.members.setHorizontalHeaderLabels([_("Member"), _("Progress")])
        if self.view is not None:
            self._fill_agenda()
            self._fill_members()
            self._title_members()

    # filling -----------------------------------------------------------------
    def _title_members(self) -> None:
        self.members_title.setText(_("Members on {code}").format(code=self.product) if self.product else "")

    def _fill_agenda(self) -> None:
        if self.view is None:
            return
        detail = self.view.detail
        self._quiet = True
        self.agenda.setRowCount(len(detail.items))
        for row, it in enumerate(detail.items):
            cells = [f"{it.position}. {it.product_name}\n{it.product_code}", "", ""]
            for col, text in enumerate(cells):
                item = cell(self.agenda, row, col)
                item.setText(text)
                item.setData(Qt.ItemDataRole.UserRole, it.product_code)
            self._update_row(row)
        self.agenda.resizeRowsToContents()
        self._quiet = False

    def _progress(self, view: SessionView, it: AgendaInfo, member: str | None) -> SheetProgress:
        """The member's progress on the item's sheet; a blank sheet's when they have not started it."""
        return view.progress.get((it.product_code, member or ""), view.set_sizes[it.criteria_set_pk])

    def _update_row(self, row: int) -> None:
        view = self.view
        if view is None:
            return
        detail = view.detail
        it = detail.items[row]
        reason = self.excluded(it, self.member)
        if reason is not None:
            cell(self.agenda, row, 1).setText(reason)
        else:
            p = self._progress(view, it, self.member)
            cell(self.agenda, row, 1).setText(f"{p.done}/{p.needed}" + (" ✓" if p.complete else ""))
        eligible = [m for m in detail.members if self.excluded(it, m.code) is None]
        complete = sum(1 for m in eligible if self._progress(view, it, m.code).complete)
        cell(self.agenda, row, 2).setText(f"{complete}/{len(eligible)}")
        # the whole name in the tooltip: a narrow list (150 % scaling) elides it
        name = cell(self.agenda, row, 0)
        tip = name.text()
        if it.knockouts:
            tip += "\n" + _("Knocked out: {ids}").format(
                ids=", ".join(f"{k.id} ({k.reason})" if k.reason else k.id for k in it.knockouts))
        name.setToolTip(tip)

    def _fill_members(self) -> None:
        if self.view is None or self.product is None:
            self.members.setRowCount(0)
            return
        detail = self.view.detail
        it = detail.item(self.product)
        self.members.setRowCount(len(detail.members))
        for row, m in enumerate(detail.members):
            reason = self.excluded(it, m.code)
            p = self._progress(self.view, it, m.code)
            for col, text in enumerate((m.name, reason if reason is not None else f"{p.done}/{p.needed}")):
                item = cell(self.members, row, col)
                item.setText(text)
                font = item.font()
                font.setBold(m.code == self.member)
                item.setFont(font)

    def excluded(self, item: AgendaInfo, member: str | None) -> str | None:
        """A short word for why a member's sheet does not count, as the session records it."""
        if self.view is None or member is None:
            return None
        if member in item.conflicts:
            return reason_name("conflict")
        m = next((m for m in self.view.detail.members if m.code == member), None)
        if m is not None and not m.present:
            return reason_name("absent")
        return None

    def _selected(self) -> None:
        if self._quiet:
            return
        rows = self.agenda.selectionModel().selectedRows()
        if rows:
            code = cell_key(self.agenda, rows[0].row())
            if code is not None and code != self.product:
                self.product_chosen.emit(code)


def is_digit_key(event: QKeyEvent) -> bool:
    """0-9 on the main row or the keypad, without Ctrl/Alt/Shift."""
    mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
    return mods == Qt.KeyboardModifier.NoModifier and Qt.Key.Key_0 <= event.key() <= Qt.Key.Key_9
