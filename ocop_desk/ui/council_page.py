"""Hội đồng / Phiên họp: members, attendance, the agenda, conflicts, knock-outs, the session's state.

Each action is one call into `ocop_desk.sessions` (or `interchange` for a
session file); the screen reloads what the change bus says changed.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QDialog, QDialogButtonBox, QFormLayout, QGridLayout,
                               QGroupBox, QHeaderView, QInputDialog, QLabel, QLineEdit, QListWidget, QListWidgetItem,
                               QMessageBox, QPushButton, QSplitter, QTableWidget, QTableWidgetItem, QVBoxLayout,
                               QWidget)

from ocop_desk import catalogue, demo, dossiers, interchange, sessions
from ocop_desk.certificates import paper_details
from ocop_desk.errors import ImportRefused
from ocop_desk.i18n import _
from ocop_desk.ui import file_dialogs
from ocop_desk.ui.context import AppContext
from ocop_desk.ui.operations import Changes, call_now, run_op
from ocop_desk.ui.page import Page, cell_key, keep_headers_whole, record_table, width_of_columns
from ocop_desk.ui.paper_details_dialog import PaperDetailsDialog
from ocop_desk.ui.session_chooser import SessionChooser
from ocop_desk.ui.widgets import FlowLayout, ReflowSplitter
from ocop_desk.vocabulary import ROLES, attendance_name, level_name, role_name, state_name

if TYPE_CHECKING:
    from ocop_desk.sessions import AgendaInfo, SessionDetail, UnfinishedSheet


class CouncilPage(Page):
    key = "council"
    watches = Changes.SESSIONS | Changes.COUNCILS | Changes.DOSSIERS | Changes.CRITERIA | Changes.STORE

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        self.detail: SessionDetail | None = None
        self.session_id: str | None = None
        self._loading = False
        tx = self.texts.bind

        top = FlowLayout()
        self.session_box = SessionChooser(self.texts)
        self.new_session = QPushButton()
        self.import_button = QPushButton()
        self.demo_button = QPushButton()
        tx(self.new_session.setText, lambda: _("&New session…"))
        tx(self.import_button.setText, lambda: _("&Import session file…"))
        tx(self.demo_button.setText, lambda: _("Create demo council"))
        self.papers_button = QPushButton()
        tx(self.papers_button.setText, lambda: _("Paper &details…"))
        self.papers_button.setToolTip(_("Parent authority, town, hours and numbers printed on the minutes"))
        for w in (self.session_box.label, self.session_box, self.new_session, self.import_button, self.demo_button,
                  self.papers_button):
            top.addWidget(w)

        # state
        self.state_box = QGroupBox()
        tx(self.state_box.setTitle, lambda: _("State"))
        sl = QVBoxLayout(self.state_box)
        self.state_label = QLabel()
        self.state_label.setWordWrap(True)
        self.to_scoring = QPushButton()
        self.to_preparing = QPushButton()
        self.close_button = QPushButton()
        self.reopen_button = QPushButton()
        self.score_button = QPushButton()
        tx(self.to_scoring.setText, lambda: _("Start &scoring"))
        tx(self.to_preparing.setText, lambda: _("Back to preparing"))
        tx(self.close_button.setText, lambda: _("&Close session"))
        tx(self.reopen_button.setText, lambda: _("&Reopen…"))
        tx(self.score_button.setText, lambda: _("Go to scoring"))
        sl.addWidget(self.state_label)
        state_buttons = FlowLayout()
        for b in (self.to_scoring, self.to_preparing, self.close_button, self.reopen_button, self.score_button):
            state_buttons.addWidget(b)
        sl.addLayout(state_buttons)

        # members and attendance
        self.members_box = QGroupBox()
        tx(self.members_box.setTitle, lambda: _("Members and attendance"))
        ml = QVBoxLayout(self.members_box)
        self.members = QTableWidget(0, 3)
        self.members.setObjectName("members")
        self.members.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.members.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.members.verticalHeader().hide()
        self.members.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.members.horizontalHeader().setStretchLastSection(True)
        self.members.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.members.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        keep_headers_whole(self.members)
        width_of_columns(self.members)
        self.members.itemChanged.connect(self._attendance_changed)
        self.add_member = QPushButton()
        tx(self.add_member.setText, lambda: _("Add &member…"))
        ml.addWidget(self.members, 1)
        ml.addWidget(self.add_member)

        # agenda
        self.agenda_box = QGroupBox()
        tx(self.agenda_box.setTitle, lambda: _("Agenda"))
        al = QVBoxLayout(self.agenda_box)
        self.agenda = record_table(3, "sessionAgenda", stretch=(0,))
        self.agenda.setWordWrap(True)
        # wrapped product names take the lines they need whenever the column narrows or widens
        self.agenda.horizontalHeader().sectionResized.connect(lambda *_a: self.agenda.resizeRowsToContents())
        self.agenda.itemSelectionChanged.connect(self._agenda_selected)
        add_row = FlowLayout()
        self.product_box = QComboBox()
        self.product_box.setMinimumContentsLength(18)
        self.add_product = QPushButton()
        self.remove_product = QPushButton()
        tx(self.add_product.setText, lambda: _("Add to agenda"))
        tx(self.remove_product.setText, lambda: _("Remove from agenda"))
        add_row.addWidget(self.product_box)
        add_row.addWidget(self.add_product)
        add_row.addWidget(self.remove_product)
        al.addWidget(self.agenda, 1)
        al.addLayout(add_row)

        # conflicts and knock-outs of the selected product
        self.item_box = QGroupBox()
        il = QGridLayout(self.item_box)
        self.conflicts_title = QLabel()
        self.knockouts_title = QLabel()
        for title in (self.conflicts_title, self.knockouts_title):
            title.setWordWrap(True)
        tx(self.conflicts_title.setText, lambda: _("Conflicts of interest (checked: does not score)"))
        tx(self.knockouts_title.setText, lambda: _("Knock-out findings (checked: knocked out)"))
        self.conflicts = QListWidget()
        self.conflicts.setObjectName("conflicts")
        self.knockouts = QListWidget()
        self.knockouts.setObjectName("knockouts")
        for lst in (self.conflicts, self.knockouts):
            lst.setWordWrap(True)
            lst.setResizeMode(QListWidget.ResizeMode.Adjust)
            lst.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.conflicts.itemChanged.connect(self._conflict_changed)
        self.knockouts.itemChanged.connect(self._knockout_changed)
        il.addWidget(self.conflicts_title, 0, 0)
        il.addWidget(self.knockouts_title, 0, 1)
        il.addWidget(self.conflicts, 1, 0)
        il.addWidget(self.knockouts, 1, 1)

        upper = ReflowSplitter()
        upper.addWidget(self.members_box)
        upper.addWidget(self.agenda_box)
        upper.setStretchFactor(0, 2)
        upper.setStretchFactor(1, 3)
        root = QVBoxLayout(self)
        root.addLayout(top)
        root.addWidget(self.state_box)
        body = QSplitter(Qt.Orientation.Vertical)
        body.setChildrenCollapsible(False)
        body.addWidget(upper)
        body.addWidget(self.item_box)
        body.setStretchFactor(0, 3)
        body.setStretchFactor(1, 2)
        root.addWidget(body, 1)

        self.session_box.chosen.connect(self.load)
        self.to_scoring.clicked.connect(lambda: self.set_state("scoring"))
        self.to_preparing.clicked.connect(lambda: self.set_state("preparing"))
        self.close_button.clicked.connect(self.close_session)
        self.reopen_button.clicked.connect(self.reopen_session)
        self.score_button.clicked.connect(
            lambda: self.ctx.navigate("scoring", session_id=self.session_id) if self.session_id else None)
        self.add_member.clicked.connect(self._add_member)
        self.add_product.clicked.connect(self._add_product)
        self.remove_product.clicked.connect(self._remove_product)
        self.new_session.clicked.connect(self._new_session)
        self.import_button.clicked.connect(self._import_file)
        self.demo_button.clicked.connect(self._demo)
        self.papers_button.clicked.connect(self.edit_paper_details)

    # loading ----------------------------------------------------------------
    def reload(self) -> None:
        if self.session_box.refresh(self, self.ctx.store, self.session_id) is None:
            return
        self.load(self.session_box.current_id())

    def open_with(self, **kwargs: object) -> None:
        if isinstance(kwargs.get("session_id"), str):
            self.session_id = kwargs["session_id"]  # type: ignore[assignment]
            self._stale = True
        if isinstance(kwargs.get("product"), str):
            self._want_product = kwargs["product"]

    def load(self, session_id: str | None) -> None:
        self.session_id = session_id
        if session_id is None:
            self.detail = None
            self.retranslate_dynamic()
            return
        ok, detail = call_now(self, lambda: sessions.get_session(self.ctx.store, session_id))
        if not ok:
            return
        self.detail = detail
        ok, products = call_now(self, lambda: dossiers.list_products(self.ctx.store))
        self._products = products or []
        self.retranslate_dynamic()

    def _fill(self) -> None:
        d = self.detail
        self._loading = True
        self.members.setRowCount(0 if d is None else len(d.members))
        self.members.setHorizontalHeaderLabels([_("Member"), _("Role"), _("Present")])
        self.agenda.setHorizontalHeaderLabels([_("Product"), _("Conflicts"), _("Knock-outs")])
        if d is None:
            self.agenda.setRowCount(0)
            self.state_label.setText(_("No session yet: create one, import a session file or create the demo."))
            self._loading = False
            self._fill_item()
            return
        editable = not self.ctx.read_only and d.state != "closed"
        for row, m in enumerate(d.members):
            name = QTableWidgetItem(f"{m.name} ({m.code})")
            role = QTableWidgetItem(role_name(m.role))
            present = QTableWidgetItem(attendance_name(m.present))
            flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
            present.setFlags(flags | (Qt.ItemFlag.ItemIsUserCheckable if editable else Qt.ItemFlag.NoItemFlags))
            present.setCheckState(Qt.CheckState.Checked if m.present else Qt.CheckState.Unchecked)
            present.setData(Qt.ItemDataRole.UserRole, m.code)
            for col, item in enumerate((name, role, present)):
                self.members.setItem(row, col, item)
        self.agenda.setRowCount(len(d.items))
        for row, it in enumerate(d.items):
            cells = [f"{it.position}. {it.product_name} ({it.product_code})\n{it.criteria_set_id}",
                     str(len(it.conflicts)) if it.conflicts else "",
                     ", ".join(k.id for k in it.knockouts)]
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, it.product_code)
                self.agenda.setItem(row, col, item)
        self.agenda.resizeRowsToContents()
        self.state_label.setText(_("{council} ({level}) · {date}, {place} · state: {state}").format(
            council=d.council.name, level=level_name(d.council.level), date=d.date.strftime("%d/%m/%Y"),
            place=d.place or "—", state=state_name(d.state)))
        rw = not self.ctx.read_only
        self.to_scoring.setEnabled(rw and d.state == "preparing")
        self.to_preparing.setEnabled(rw and d.state == "scoring")
        self.close_button.setEnabled(rw and d.state == "scoring")
        self.reopen_button.setEnabled(rw and d.state == "closed")
        self.papers_button.setEnabled(rw)  # numbers are given after the meeting too
        for w in (self.add_member, self.add_product, self.remove_product, self.product_box):
            w.setEnabled(editable)
        on_agenda = {it.product_code for it in d.items}
        self.product_box.clear()
        for p in getattr(self, "_products", []):
            if p.code not in on_agenda:
                self.product_box.addItem(f"{p.code} — {p.name}", p.code)
        self._loading = False
        wanted = getattr(self, "_want_product", None)
        if wanted is not None:
            self._want_product = None
            for row in range(self.agenda.rowCount()):
                if cell_key(self.agenda, row) == wanted:
                    self.agenda.selectRow(row)
        if self.agenda.rowCount() and not self.agenda.selectionModel().selectedRows():
            self.agenda.selectRow(0)
        self._fill_item()

    def _current_item(self) -> AgendaInfo | None:
        rows = self.agenda.selectionModel().selectedRows() if self.agenda.selectionModel() else []
        if self.detail is None or not rows:
            return None
        return self.detail.item(cell_key(self.agenda, rows[0].row()))

    def _agenda_selected(self) -> None:
        if not self._loading:
            self._fill_item()

    def _fill_item(self) -> None:
        self._loading = True
        self.conflicts.clear()
        self.knockouts.clear()
        it = self._current_item()
        self.item_box.setTitle(_("Selected product") if it is None
                               else _("Selected product: {code} — {name}").format(code=it.product_code,
                                                                                 name=it.product_name))
        if it is None or self.detail is None:
            self._loading = False
            return
        editable = not self.ctx.read_only and self.detail.state != "closed"
        check = Qt.ItemFlag.ItemIsUserCheckable if editable else Qt.ItemFlag.NoItemFlags
        for m in self.detail.members:
            item = QListWidgetItem(f"{m.name} ({m.code})")
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | check)
            item.setCheckState(Qt.CheckState.Checked if m.code in it.conflicts else Qt.CheckState.Unchecked)
            item.setData(Qt.ItemDataRole.UserRole, m.code)
            self.conflicts.addItem(item)
        cs = catalogue.criteria_set_by_pk(self.ctx.store, it.criteria_set_pk)
        found = {k.id: k.reason for k in it.knockouts}
        for k in cs.knockouts:
            text = k.label + (f" — {found[k.id]}" if found.get(k.id) else "")
            item = QListWidgetItem(text)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | check)
            item.setCheckState(Qt.CheckState.Checked if k.id in found else Qt.CheckState.Unchecked)
            item.setData(Qt.ItemDataRole.UserRole, k.id)
            item.setToolTip(k.label)
            self.knockouts.addItem(item)
        self._loading = False

    # actions ----------------------------------------------------------------
    def _act(self, fn: Callable[[], object], changes: Changes) -> bool:
        ok, _r = call_now(self, fn)
        if ok:
            self.ctx.bus.announce(changes, origin=self)
        keep = self._current_item()
        self.load(self.session_id)
        if keep is not None:
            for row in range(self.agenda.rowCount()):
                if cell_key(self.agenda, row) == keep.product_code:
                    self.agenda.selectRow(row)
        return ok

    def set_state(self, state: str, reason: str | None = None, acknowledgement: str | None = None) -> bool:
        sid = self.session_id
        if sid is None:
            return False
        return self._act(lambda: sessions.set_state(self.ctx.store, sid, state, reason=reason,
                                                    acknowledge_unfinished=acknowledgement), Changes.SESSIONS)

    def close_session(self) -> None:
        """Unfinished sheets are listed first; closing then needs a written reason (kept in the audit log)."""
        sid = self.session_id
        if sid is None:
            return
        ok, unfinished = call_now(self, lambda: sessions.unfinished_sheets(self.ctx.store, sid))
        if not ok:
            return
        if unfinished:
            dialog = UnfinishedSheetsDialog(self, unfinished)
            if self.exec_dialog(dialog) == QDialog.DialogCode.Accepted:
                self.set_state("closed", acknowledgement=dialog.reason())
            return
        answer = QMessageBox.question(self, _("Close session"), _(
            "Closing locks every scorecard of this session. Reopening later needs a written reason. Close now?"))
        if answer == QMessageBox.StandardButton.Yes:
            self.set_state("closed")

    @staticmethod
    def exec_dialog(dialog: QDialog) -> int:
        """Runs a dialog modally (tests replace this with a function that answers it)."""
        return dialog.exec()

    def edit_paper_details(self) -> None:
        sid, detail = self.session_id, self.detail
        if sid is None or detail is None:
            return
        ok, details = call_now(self, lambda: paper_details(self.ctx.store, sid))
        if not ok or details is None:
            return
        dialog = PaperDetailsDialog(self, details)
        if self.exec_dialog(dialog) == QDialog.DialogCode.Accepted:
            self._act(lambda: dialog.save(self.ctx.store, sid, detail.council.id), Changes.SESSIONS | Changes.COUNCILS)

    def reopen_session(self) -> None:
        reason, ok = QInputDialog.getText(self, _("Reopen session"),
                                          _("Why is the session reopened? (kept in the audit log)"))
        if ok:
            self.set_state("scoring", reason=reason)

    def _attendance_changed(self, item: QTableWidgetItem) -> None:
        if self._loading or item.column() != 2 or self.session_id is None:
            return
        code = item.data(Qt.ItemDataRole.UserRole)
        present = item.checkState() == Qt.CheckState.Checked
        sid = self.session_id
        self._act(lambda: sessions.set_attendance(self.ctx.store, sid, code, present), Changes.SESSIONS)

    def _conflict_changed(self, item: QListWidgetItem) -> None:
        it = self._current_item()
        if self._loading or it is None or self.session_id is None:
            return
        member = item.data(Qt.ItemDataRole.UserRole)
        on = item.checkState() == Qt.CheckState.Checked
        sid, code = self.session_id, it.product_code
        self._act(lambda: sessions.set_conflict(self.ctx.store, sid, code, member, on), Changes.SESSIONS)

    def _knockout_changed(self, item: QListWidgetItem) -> None:
        it = self._current_item()
        if self._loading or it is None or self.session_id is None:
            return
        kid = item.data(Qt.ItemDataRole.UserRole)
        on = item.checkState() == Qt.CheckState.Checked
        reason = ""
        if on:
            reason, ok = QInputDialog.getText(self, _("Knock-out finding"),
                                              _("Reason (what the advisory group found):"))
            if not ok:
                self._fill_item()
                return
        sid, code = self.session_id, it.product_code
        self._act(lambda: sessions.set_knockout(self.ctx.store, sid, code, kid, on, reason), Changes.SESSIONS)

    def _add_product(self) -> None:
        code = self.product_box.currentData()
        if code and self.session_id:
            sid = self.session_id
            self._act(lambda: sessions.add_to_agenda(self.ctx.store, sid, code), Changes.SESSIONS)

    def _remove_product(self) -> None:
        it = self._current_item()
        if it is not None and self.session_id:
            sid, code = self.session_id, it.product_code
            self._act(lambda: sessions.remove_from_agenda(self.ctx.store, sid, code), Changes.SESSIONS)

    def _add_member(self) -> None:
        if self.detail is None:
            return
        dialog = MemberDialog(self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        code, name, role = dialog.values()
        council = self.detail.council.id
        self._act(lambda: sessions.add_member(self.ctx.store, council, code, name, role), Changes.COUNCILS)

    def _new_session(self) -> None:
        if self.detail is None:
            QMessageBox.information(self, _("New session"), _("Import a session file or create the demo council "
                                                              "first: a session belongs to a council."))
            return
        dialog = SessionDialog(self, self.detail.council.id)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        ok, values = call_now(self, dialog.values)
        if not ok or values is None:
            return
        sid, date, place = values
        council = self.detail.council.id
        if self._act(lambda: sessions.create_session(self.ctx.store, sid, council, date, place), Changes.SESSIONS):
            self.load(sid)
            self.reload()

    def _import_file(self) -> None:
        path = file_dialogs.open_file(self, _("Import session file"), _("Session files (*.json)"))
        if not path:
            return
        store = self.ctx.store
        run_op(self, lambda progress: interchange.import_session(store, Path(path)),
               title=_("Importing {file}").format(file=Path(path).name), bus=self.ctx.bus,
               changes=Changes.SESSIONS | Changes.COUNCILS | Changes.DOSSIERS | Changes.SCORES,
               on_success=lambda summary: self.ctx.status(_("Imported {file}").format(file=Path(path).name)))

    def _demo(self) -> None:
        store = self.ctx.store
        run_op(self, lambda progress: demo.create_demo(store), title=_("Creating the demo council"),
               bus=self.ctx.bus, changes=Changes.ALL,
               on_success=lambda out: self.ctx.status(_("Demo session {sid} created").format(sid=out.session_id)))

    def retranslate_dynamic(self) -> None:
        self._fill()
        self.demo_button.setEnabled(not self.ctx.read_only)
        self.import_button.setEnabled(not self.ctx.read_only)
        self.new_session.setEnabled(not self.ctx.read_only)


class MemberDialog(QDialog):
    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Add member"))
        form = QFormLayout(self)
        self.code = QLineEdit()
        self.name = QLineEdit()
        self.role = QComboBox()
        for key in ROLES:
            self.role.addItem(role_name(key), key)
        self.role.setCurrentIndex(self.role.count() - 1)
        form.addRow(_("Code"), self.code)
        form.addRow(_("Full name"), self.name)
        form.addRow(_("Role"), self.role)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def values(self) -> tuple[str, str, str]:
        return self.code.text().strip(), self.name.text().strip(), self.role.currentData()


class SessionDialog(QDialog):
    def __init__(self, parent: QWidget, council: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("New session"))
        form = QFormLayout(self)
        self.sid = QLineEdit(f"{dt.date.today().year}-{council}-02")
        self.date = QLineEdit(dt.date.today().isoformat())
        self.place = QLineEdit()
        form.addRow(_("Session id"), self.sid)
        form.addRow(_("Date (YYYY-MM-DD)"), self.date)
        form.addRow(_("Place"), self.place)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def values(self) -> tuple[str, dt.date, str]:
        text = self.date.text().strip()
        try:
            date = dt.date.fromisoformat(text)
        except ValueError:
            raise ImportRefused(_("'{text}' is not a date (YYYY-MM-DD)").format(text=text), place=_("Date")) from None
        return self.sid.text().strip(), date, self.place.text().strip()


class UnfinishedSheetsDialog(QDialog):
    """Closing with unfinished sheets: which ones, and why the council closes all the same."""

    def __init__(self, parent: QWidget, sheets: list[UnfinishedSheet]) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Close session"))
        layout = QVBoxLayout(self)
        intro = QLabel(_("{n} sheets are not finished. They will not count for the results, and closing locks "
                         "every scorecard of this session.").format(n=len(sheets)))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.table = record_table(3, "unfinishedSheets", stretch=(0,))
        self.table.setWordWrap(True)
        self.table.setHorizontalHeaderLabels([_("Product"), _("Member"), _("Answered")])
        self.table.setRowCount(len(sheets))
        for row, u in enumerate(sheets):
            cells = (f"{u.product_code} — {u.product_name}", f"{u.member_name} ({u.member})",
                     f"{u.answered}/{u.size}")
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(row, col, item)
        self.table.resizeRowsToContents()
        layout.addWidget(self.table, 1)
        label = QLabel(_("&Why does the council close all the same? (kept in the audit log)"))
        label.setWordWrap(True)
        self.reason_edit = QLineEdit()
        self.reason_edit.setObjectName("unfinishedReason")
        label.setBuddy(self.reason_edit)
        layout.addWidget(label)
        layout.addWidget(self.reason_edit)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.close_button = self.buttons.addButton(_("Close with these sheets unfinished"),
                                                   QDialogButtonBox.ButtonRole.AcceptRole)
        self.close_button.setEnabled(False)
        self.reason_edit.textChanged.connect(lambda text: self.close_button.setEnabled(bool(text.strip())))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        screen = self.screen().availableGeometry()
        self.resize(min(720, screen.width() - 40), min(480, screen.height() - 40))

    def reason(self) -> str:
        return self.reason_edit.text().strip()
