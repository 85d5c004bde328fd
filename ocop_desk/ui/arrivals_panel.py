"""Hồ sơ đã nhận: the dossier packages the district took in — from whom, when, which product,
and what the dossier still lacks by its regulation's list of documents.

Packages are taken in here too (verified against the trust store, then imported; one refusal
stops no other), the same services as the signed-bundles screen.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPlainTextEdit, QPushButton, QTableWidgetItem, QVBoxLayout, QWidget

from ocop_desk.bundles.trust import load_trust
from ocop_desk.errors import OcopError
from ocop_desk.exchange.dossier_packages import import_dossier_package
from ocop_desk.exchange.dossier_sending import received_dossiers
from ocop_desk.i18n import _
from ocop_desk.ui import file_dialogs
from ocop_desk.ui.operations import Changes, Progress, call_now, run_op
from ocop_desk.ui.page import record_table
from ocop_desk.ui.texts import Texts

MISSING_COLOUR = QColor("#b03a2e")


class ArrivalsPanel(QWidget):
    def __init__(self, ctx: Any, *, trust_path: Callable[[], Path | None] = lambda: None) -> None:
        super().__init__()
        self.ctx = ctx
        self.trust_path = trust_path
        self.texts = Texts()
        self.rows: list[Any] = []
        self.last_messages: list[str] = []
        tx = self.texts.bind
        intro = QLabel()
        intro.setWordWrap(True)
        tx(intro.setText, lambda: _("Dossier packages taken in from the communes, newest first."))
        tx(intro.setToolTip, lambda: _("The key is the commune's as your trust store knows it; what is missing "
                                       "is checked against the dossier as it stands now."))
        self.import_button = QPushButton()
        self.import_button.setObjectName("receivePackages")
        tx(self.import_button.setText, lambda: _("&Receive packages…"))
        self.import_button.clicked.connect(lambda: self.receive())
        buttons = QHBoxLayout()
        buttons.addWidget(self.import_button)
        buttons.addStretch(1)
        self.table = record_table(5, "arrivals", stretch=(3,))
        self.table.setWordWrap(True)
        self.table.itemSelectionChanged.connect(self._selected)
        # the selected package in full: the key's fingerprint to compare, every document still missing
        self.detail = QPlainTextEdit()
        self.detail.setReadOnly(True)
        self.detail.setObjectName("arrivalDetail")
        self.detail.setMaximumHeight(self.detail.fontMetrics().lineSpacing() * 5 + 12)
        self.result = QLabel()
        self.result.setWordWrap(True)
        self.result.setObjectName("receiveResult")
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.detail)
        layout.addWidget(self.result)

    def reload(self) -> None:
        ok, rows = call_now(self, lambda: received_dossiers(self.ctx.store, self.trust_path()))
        if not ok:
            return
        self.rows = rows or []
        self.table.setHorizontalHeaderLabels([_("Received"), _("From"), _("Commune"), _("Product"),
                                              _("Still missing")])
        self.table.setRowCount(len(self.rows))
        for r, a in enumerate(self.rows):
            when = a.received_at.strftime("%d/%m/%Y %H:%M") if a.received_at else a.created_at
            who = f"{a.sender_name} ({a.sender})" if a.sender_name else a.sender
            still = self._still(a, short=True)
            cells = (when, who, a.admin_unit or "—", f"{a.product_code} {a.product_name}".strip(), still)
            tips = (f"{when} UTC · {a.file_name}", f"{who}\n{a.fingerprint or ''}", a.admin_unit,
                    cells[3], self._still(a, short=False))
            for col, value in enumerate(cells):
                item = QTableWidgetItem(value)
                item.setToolTip(tips[col])
                item.setData(Qt.ItemDataRole.UserRole, a.envelope_id)
                if col == 4 and (a.missing or a.needs_group):
                    item.setForeground(QBrush(MISSING_COLOUR))
                self.table.setItem(r, col, item)
        self.table.resizeRowsToContents()
        self.import_button.setEnabled(not self.ctx.read_only)
        if self.rows and not self.table.selectionModel().selectedRows():
            self.table.selectRow(0)
        self._selected()

    @staticmethod
    def _still(a: Any, *, short: bool) -> str:
        if a.missing:
            still = _("{n} documents").format(n=len(a.missing)) if short else ", ".join(a.missing)
        elif a.needs_group:
            still = _("product type not chosen")
        else:
            still = _("complete")
        return still if a.current else _("replaced by a later package") + " · " + still

    def _selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows or rows[0].row() >= len(self.rows):
            self.detail.setPlainText("")
            return
        a = self.rows[rows[0].row()]
        self.detail.setPlainText(_("{product} — from {sender}, commune {unit}, key fingerprint {fp}.\n"
                              "Still missing: {missing}").format(
            product=f"{a.product_code} {a.product_name}".strip(),
            sender=f"{a.sender_name} ({a.sender})" if a.sender_name else a.sender, unit=a.admin_unit or "—",
            fp=a.fingerprint or _("(key not in the trust store)"), missing=self._still(a, short=False)))

    def receive(self, paths: list[str] | None = None) -> None:
        if not paths:
            paths = file_dialogs.open_files(self, _("Receive dossier packages"),
                                             _("Signed bundle (*.ocop);;All files (*)"))
        if not paths:
            return
        store, trust_path, files = self.ctx.store, self.trust_path(), [Path(p) for p in paths]

        def work(progress: Progress) -> list[str]:
            trust = load_trust(trust_path)
            lines = []
            for i, f in enumerate(files):
                progress.report(i, len(files), f.name)
                try:
                    d = import_dossier_package(store, f, trust)
                except OcopError as exc:
                    lines.append(exc.one_line())
                    continue
                lines.append(_("{file}: dossier of product {code}: {status} ({n} evidence files added)").format(
                    file=f.name, code=d.product, status=_(d.status), n=d.evidence_added))
            return lines

        run_op(self, work, title=_("Receiving {n} packages").format(n=len(files)), bus=self.ctx.bus,
               changes=Changes.DOSSIERS, on_success=self._received)

    def _received(self, lines: list[str]) -> None:
        self.last_messages = lines
        self.result.setText("\n".join(lines))
        self.reload()

    def retranslate(self) -> None:
        self.texts.apply()
        self.reload()
