"""Giấy chứng nhận: draft the recognition decision, the certificate register, the re-evaluation list.

Everything shown and written comes from `ocop_desk.certificates` and
`ocop_desk.papers_out` (the same calls as `ocop-desk certificates ...`);
the screen only filters and picks the folder.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from PySide6.QtCore import QDate
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDateEdit, QLabel, QLineEdit, QPushButton, QSpinBox,
                               QTableWidgetItem, QTabWidget, QVBoxLayout, QWidget)

from ocop_desk.certificates import RegisterFilter, due_for_reevaluation, list_recognitions, recognise, register
from ocop_desk.i18n import _
from ocop_desk.papers_out import write_decision_files, write_register_files
from ocop_desk.recognition_paper import short_date
from ocop_desk.ui import file_dialogs
from ocop_desk.ui.context import AppContext
from ocop_desk.ui.format import stars_text
from ocop_desk.ui.operations import Changes, call_now
from ocop_desk.ui.page import Page, record_table
from ocop_desk.ui.self_assessment_dialog import SelfAssessmentDialog
from ocop_desk.ui.session_chooser import SessionChooser
from ocop_desk.ui.widgets import FlowLayout
from ocop_desk.vocabulary import certificate_status_name

if TYPE_CHECKING:
    from ocop_desk.certificates import CertificateInfo, RegisterFilter

EXPIRED = QColor("#f8d7da")
DUE = QColor("#fff3cd")
ALL = ""


def _choose_folder(parent: QWidget) -> Path | None:
    folder = file_dialogs.choose_folder(parent, _("Choose the folder to write into"))
    return Path(folder) if folder else None


class CertificatesPage(Page):
    key = "certificates"
    watches = Changes.SESSIONS | Changes.SCORES | Changes.STORE | Changes.DOSSIERS

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        self.choose_folder: Callable[[QWidget], Path | None] = _choose_folder  # tests replace it
        self.today: dt.date | None = None  # None: the real today
        self.written: list[Path] = []
        t = self.texts
        layout = QVBoxLayout(self)

        # --- drafting a decision
        draft = FlowLayout()  # wraps on a narrow (150%) screen
        self.session_box = SessionChooser(t, name="cert_session", min_chars=0, label=lambda: _("Closed session:"))
        self.number_edit = QLineEdit()
        self.number_edit.setObjectName("cert_number")
        t.bind(self.number_edit.setPlaceholderText, lambda: _("decision number, e.g. 125/QĐ-UBND"))
        self.date_edit = QDateEdit(QDate.currentDate())
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("dd/MM/yyyy")
        self.recognise_button = QPushButton()
        self.recognise_button.setObjectName("cert_recognise")
        t.bind(self.recognise_button.setText, lambda: _("Draft recognition decision"))
        self.recognise_button.clicked.connect(self.recognise)
        for w in (self.session_box.label, self.session_box, self.number_edit, self.date_edit, self.recognise_button):
            draft.addWidget(w)
        layout.addLayout(draft)

        # --- filters
        filters = FlowLayout()  # wraps on a narrow (150%) screen
        self.district_box, self.group_box, self.star_box = QComboBox(), QComboBox(), QComboBox()
        self.district_box.setObjectName("cert_district")
        self.group_box.setObjectName("cert_group")
        self.star_box.setObjectName("cert_star")
        self.superseded_check = QCheckBox()
        t.bind(self.superseded_check.setText, lambda: _("include superseded"))
        labels = (lambda: _("District:"), lambda: _("Group:"), lambda: _("Star:"))
        for text, box in zip(labels, (self.district_box, self.group_box, self.star_box)):
            label = QLabel()
            t.bind(label.setText, text)
            filters.addWidget(label)
            filters.addWidget(box)
            box.currentIndexChanged.connect(self.refresh_tables)
        self.superseded_check.toggled.connect(self.refresh_tables)
        filters.addWidget(self.superseded_check)
        layout.addLayout(filters)

        # --- the two lists
        self.tabs = QTabWidget()
        self.register_table = record_table(8, "cert_register", stretch=(2,))
        self.due_table = record_table(7, "cert_due", stretch=(2,))
        due_page = QWidget()
        due_layout = QVBoxLayout(due_page)
        due_row = FlowLayout()  # wraps on a narrow (150%) screen
        self.months_label = QLabel()
        t.bind(self.months_label.setText, lambda: _("Expired, or expiring within (months):"))
        self.months_spin = QSpinBox()
        self.months_spin.setObjectName("cert_months")
        self.months_spin.setRange(0, 120)
        self.months_spin.setValue(6)
        self.months_spin.valueChanged.connect(self.refresh_tables)
        due_row.addWidget(self.months_label)
        due_row.addWidget(self.months_spin)
        due_layout.addLayout(due_row)
        due_layout.addWidget(self.due_table)
        self.tabs.addTab(self.register_table, "")
        self.tabs.addTab(due_page, "")
        t.bind(lambda s: self.tabs.setTabText(0, s), lambda: _("Certificate register"))
        t.bind(lambda s: self.tabs.setTabText(1, s), lambda: _("Due for re-evaluation"))
        layout.addWidget(self.tabs, 1)

        # --- papers
        buttons = FlowLayout()  # wraps on a narrow (150%) screen
        self.decision_pdf = QPushButton()
        self.decision_docx = QPushButton()
        self.register_pdf = QPushButton()
        self.register_docx = QPushButton()
        self.due_pdf = QPushButton()
        self.self_button = QPushButton()
        specs = ((self.decision_pdf, lambda: _("Decision (PDF)"), lambda: self.print_decision("pdf")),
                 (self.decision_docx, lambda: _("Decision (Word)"), lambda: self.print_decision("docx")),
                 (self.register_pdf, lambda: _("Register (PDF)"), lambda: self.print_register("pdf")),
                 (self.register_docx, lambda: _("Register (Word)"), lambda: self.print_register("docx")),
                 (self.due_pdf, lambda: _("Re-evaluation list (PDF)"), lambda: self.print_register("pdf", due=True)),
                 (self.self_button, lambda: _("Self-assessment…"), self.open_self_assessment))
        for button, text, slot in specs:
            t.bind(button.setText, text)
            button.clicked.connect(lambda _checked=False, fn=slot: fn())
            buttons.addWidget(button)
        layout.addLayout(buttons)
        self.message = QLabel()
        self.message.setObjectName("cert_message")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        self._certs: list[CertificateInfo] = []


    # ------------------------------------------------------------ data

    def reload(self) -> None:
        store = self.ctx.store
        done = {sid for _n, sid, _d in list_recognitions(store)}
        self.session_box.refresh(self, store, self.session_box.current_id(),
                                 only=lambda s: s.state == "closed" and s.id not in done)
        everything = register(store, _all())
        self._refill(self.district_box, sorted({c.district for c in everything if c.district}))
        self._refill(self.group_box, sorted({c.group_id for c in everything if c.group_id}))
        self._refill(self.star_box, [str(s) for s in sorted({c.star for c in everything})])
        self.refresh_tables()

    def _refill(self, box: QComboBox, values: list[str]) -> None:
        keep = box.currentData()
        box.blockSignals(True)
        box.clear()
        box.addItem(_("all"), ALL)
        for v in values:
            box.addItem(v, v)
        index = box.findData(keep) if keep is not None else 0
        box.setCurrentIndex(max(index, 0))
        box.blockSignals(False)

    def current_filter(self) -> RegisterFilter:
        star = self.star_box.currentData()
        return RegisterFilter(district=self.district_box.currentData() or None,
                              group=self.group_box.currentData() or None, star=int(star) if star else None,
                              include_superseded=self.superseded_check.isChecked())

    def refresh_tables(self, *_args: object) -> None:
        flt = self.current_filter()
        self._certs = register(self.ctx.store, flt)
        self.register_table.setRowCount(len(self._certs))
        for row, c in enumerate(self._certs):
            values: tuple[str, ...] = (c.number, c.product_code, c.product_name, stars_text(c.star), c.decision_number,
                      short_date(c.issued), short_date(c.valid_until),
                      certificate_status_name("valid" if c.current else "superseded"))
            for col, v in enumerate(values):
                self.register_table.setItem(row, col, QTableWidgetItem(v))
        due = due_for_reevaluation(self.ctx.store, self.months_spin.value(), self.today, flt)
        self.due_table.setRowCount(len(due))
        for row, d in enumerate(due):
            c = d.certificate
            values = (c.number, c.product_code, c.product_name, stars_text(c.star), short_date(c.valid_until),
                      certificate_status_name(d.status), str(d.days_left))
            for col, v in enumerate(values):
                item = QTableWidgetItem(v)
                item.setBackground(QBrush(EXPIRED if d.status == "expired" else DUE))
                self.due_table.setItem(row, col, item)
        self.retranslate_dynamic()

    def retranslate_dynamic(self) -> None:
        self.register_table.setHorizontalHeaderLabels(
            [_("Certificate No."), _("Code"), _("Product name"), _("Star"), _("Decision"), _("Issued"),
             _("Valid until"), _("Status")])
        self.due_table.setHorizontalHeaderLabels(
            [_("Certificate No."), _("Code"), _("Product name"), _("Star"), _("Valid until"), _("Status"),
             _("Days left")])

    def selected_certificate(self) -> CertificateInfo | None:
        row = self.register_table.currentRow()
        if 0 <= row < len(self._certs):
            return self._certs[row]
        return self._certs[0] if self._certs else None

    # ------------------------------------------------------------ actions

    def recognise(self) -> None:
        sid = self.session_box.currentData()
        if not sid:
            self.message.setText(_("No closed session is waiting for a decision."))
            return
        q = self.date_edit.date()
        day = dt.date(q.year(), q.month(), q.day())
        ok, rec = call_now(self, lambda: recognise(self.ctx.store, sid, self.number_edit.text(), day))
        if ok and rec is not None:
            self.message.setText(_("decision {number} of {date}: {n} certificates").format(
                number=rec.decision_number, date=rec.decision_date.isoformat(), n=len(rec.certificates)))
            self.ctx.bus.announce(Changes.SESSIONS, self)
            self.reload()

    def _written(self, files: list[tuple[Path, int]]) -> None:
        self.written = [p for p, _pages in files]
        self.message.setText("; ".join(
            _("wrote {path} ({pages} pages)").format(path=p, pages=n) if n else _("wrote {path}").format(path=p)
            for p, n in files))

    def print_decision(self, fmt: str) -> None:
        cert = self.selected_certificate()
        if cert is None:
            self.message.setText(_("no certificate"))
            return
        folder = self.choose_folder(self)
        if folder is None:
            return
        ok, files = call_now(self, lambda: write_decision_files(self.ctx.store, cert.decision_number, folder, fmt))
        if ok and files:
            self._written(files)

    def print_register(self, fmt: str, *, due: bool = False) -> None:
        folder = self.choose_folder(self)
        if folder is None:
            return
        ok, files = call_now(self, lambda: write_register_files(
            self.ctx.store, folder, fmt, self.current_filter(), due_within=self.months_spin.value() if due else None,
            today=self.today))
        if ok and files:
            self._written(files)

    def open_self_assessment(self) -> None:
        cert = self.selected_certificate()
        if cert is None:
            self.message.setText(_("no certificate"))
            return
        self.dialog = SelfAssessmentDialog(self.ctx.store, cert.session_id, cert.product_code, self)
        self.dialog.open()


def _all() -> RegisterFilter:
    return RegisterFilter(include_superseded=True)
