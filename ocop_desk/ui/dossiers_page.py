"""Hồ sơ: products and producers, search and filter, edit, evidence files, product-list import/export.

Knock-out findings are recorded per session on the Council / Session screen,
where the advisory group's findings meet the agenda (sessions.set_knockout).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QKeySequence, QShortcut
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFormLayout, QGroupBox, QHBoxLayout, QLabel,
                               QLineEdit, QListWidget, QListWidgetItem, QPushButton, QSpinBox, QTableWidgetItem,
                               QVBoxLayout, QWidget)

from ocop_desk import catalogue, dossiers, sessions
from ocop_desk.canonical import dumps_pretty
from ocop_desk.catalogue import read_json_file
from ocop_desk.errors import ImportRefused, NotFound
from ocop_desk.i18n import _
from ocop_desk.ui import file_dialogs
from ocop_desk.ui.context import AppContext
from ocop_desk.ui.operations import Changes, Progress, call_now, report_error, run_op
from ocop_desk.ui.page import Page, cell_key, record_table
from ocop_desk.ui.widgets import FlowLayout, ReflowSplitter
from ocop_desk.vocabulary import PRODUCER_KINDS, STAGES, producer_kind_name, stage_name

if TYPE_CHECKING:
    from ocop_desk.dossiers import ProductInfo



class DossiersPage(Page):
    key = "dossiers"
    watches = Changes.DOSSIERS | Changes.CRITERIA | Changes.STORE

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        self.products: list = []
        self.current: ProductInfo | None = None
        tx = self.texts.bind
        top = QVBoxLayout()
        self.search = QLineEdit()
        self.search.setObjectName("search")
        self.search.setClearButtonEnabled(True)
        tx(self.search.setPlaceholderText, lambda: _("Search code, name, producer or commune (Ctrl+F)"))
        self.search.textChanged.connect(lambda _t: self.reload())
        self.stage_filter = QComboBox()
        self.stage_filter.currentIndexChanged.connect(lambda _i: self.reload())
        self.new_button = QPushButton()
        self.import_button = QPushButton()
        self.export_button = QPushButton()
        tx(self.new_button.setText, lambda: _("&New product"))
        tx(self.import_button.setText, lambda: _("&Import list…"))
        tx(self.export_button.setText, lambda: _("E&xport list…"))
        top.addWidget(self.search)
        buttons = FlowLayout()
        buttons.addWidget(self.stage_filter)
        for b in (self.new_button, self.import_button, self.export_button):
            buttons.addWidget(b)
        top.addLayout(buttons)
        self.new_button.clicked.connect(self.new_product)
        self.import_button.clicked.connect(lambda: self.import_list())
        self.export_button.clicked.connect(lambda: self.export_list())

        self.table = record_table(5, "products", stretch=(1, 2))
        self.table.setWordWrap(True)
        self.table.itemSelectionChanged.connect(self._selected)

        # the editor
        self.editor = QGroupBox()
        form = QFormLayout(self.editor)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.code = QLineEdit()
        self.name = QLineEdit()
        self.producer = QComboBox()
        self.producer.setMinimumContentsLength(18)
        self.new_producer = QPushButton()
        tx(self.new_producer.setText, lambda: _("New producer…"))
        self.new_producer.clicked.connect(self._new_producer)
        prow = QHBoxLayout()
        prow.addWidget(self.producer, 1)
        prow.addWidget(self.new_producer)
        self.year = QSpinBox()
        self.year.setRange(2013, 2100)
        self.year.setValue(dt.date.today().year)
        self.stage = QComboBox()
        self.criteria_set = QComboBox()
        self.criteria_set.setMinimumContentsLength(18)
        self.product_type = QComboBox()
        self.product_type.setMinimumContentsLength(18)
        self.product_type.activated.connect(self._product_type_chosen)
        self.labels = [QLabel() for _i in range(7)]
        label_texts = [lambda: _("Code"), lambda: _("Name"), lambda: _("Producer"), lambda: _("Year"),
                       lambda: _("Stage"), lambda: _("Criteria set"), lambda: _("Product type")]
        for label, text in zip(self.labels, label_texts):
            tx(label.setText, text)
        form.addRow(self.labels[0], self.code)
        form.addRow(self.labels[1], self.name)
        form.addRow(self.labels[2], prow)
        form.addRow(self.labels[3], self.year)
        form.addRow(self.labels[4], self.stage)
        form.addRow(self.labels[6], self.product_type)
        form.addRow(self.labels[5], self.criteria_set)
        self.save_button = QPushButton()
        tx(self.save_button.setText, lambda: _("&Save"))
        self.save_button.clicked.connect(self.save)
        self.knockout_button = QPushButton()
        tx(self.knockout_button.setText, lambda: _("&Knock-out findings…"))
        self.knockout_button.setToolTip(_("Findings belong to the product on a session's agenda: "
                                          "opens it on the council screen"))
        self.knockout_button.clicked.connect(self.open_knockouts)
        save_row = QHBoxLayout()
        save_row.addWidget(self.save_button, 1)
        save_row.addWidget(self.knockout_button)
        form.addRow(save_row)

        self.evidence_box = QGroupBox()
        el = QVBoxLayout(self.evidence_box)
        self.evidence = QListWidget()
        self.evidence.setObjectName("evidence")
        self.evidence.itemActivated.connect(self._open_evidence)
        erow = QHBoxLayout()
        self.attach_button = QPushButton()
        self.open_button = QPushButton()
        tx(self.attach_button.setText, lambda: _("&Attach file…"))
        tx(self.open_button.setText, lambda: _("&Open"))
        self.attach_button.clicked.connect(lambda: self.attach())
        self.open_button.clicked.connect(lambda: self._open_evidence(self.evidence.currentItem()))
        erow.addWidget(self.attach_button)
        erow.addWidget(self.open_button)
        erow.addStretch(1)
        el.addWidget(self.evidence, 1)
        el.addLayout(erow)
        tx(self.editor.setTitle, lambda: _("Product and dossier"))
        tx(self.evidence_box.setTitle, lambda: _("Evidence files (copied into the managed folder, SHA-256)"))

        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.addWidget(self.editor)
        rl.addWidget(self.evidence_box, 1)
        split = ReflowSplitter()
        split.addWidget(self.table)
        split.addWidget(right)
        split.setSizes([640, 520])
        root = QVBoxLayout(self)
        root.addLayout(top)
        root.addWidget(split, 1)
        QShortcut(QKeySequence("Ctrl+F"), self).activated.connect(lambda: self.search.setFocus())
        self._fill_choices()

    def _fill_choices(self) -> None:
        keep = self.stage_filter.currentData()
        self.stage_filter.blockSignals(True)
        self.stage_filter.clear()
        self.stage_filter.addItem(_("All stages"), None)
        keep_stage = self.stage.currentData()
        self.stage.clear()
        for key in STAGES:
            self.stage_filter.addItem(stage_name(key), key)
            self.stage.addItem(stage_name(key), key)
        self.stage_filter.setCurrentIndex(max(self.stage_filter.findData(keep), 0))
        self.stage_filter.blockSignals(False)
        self.stage.setCurrentIndex(max(self.stage.findData(keep_stage), 0))

    def reload(self) -> None:
        text = self.search.text().strip()
        stage = self.stage_filter.currentData()
        ok, products = call_now(self, lambda: dossiers.list_products(self.ctx.store, search=text, stage=stage))
        if not ok:
            return
        self.products = products or []
        self.table.setHorizontalHeaderLabels([_("Code"), _("Product"), _("Producer"), _("Year"), _("Stage")])
        self.table.setRowCount(len(self.products))
        for row, p in enumerate(self.products):
            cells = (p.code, p.name, f"{p.producer.name} ({p.producer.kind}), {p.producer.commune}",
                     str(p.year or ""), stage_name(p.stage))
            for col, value in enumerate(cells):
                item = QTableWidgetItem(value)
                item.setData(Qt.ItemDataRole.UserRole, p.code)
                self.table.setItem(row, col, item)
        self.table.resizeRowsToContents()
        ok, producers = call_now(self, lambda: dossiers.list_producers(self.ctx.store))
        keep = self.producer.currentData()
        self.producer.clear()
        for pr in producers or []:
            self.producer.addItem(f"{pr.name} — {pr.commune}", pr.id)
        self.producer.setCurrentIndex(max(self.producer.findData(keep), 0))
        # Only the sets of the councils' own regulation are offered; a product type picks its set.
        ok, sets = call_now(self, lambda: catalogue.sets_for_councils(self.ctx.store))
        keep = self.criteria_set.currentData()
        self.criteria_set.clear()
        self.criteria_set.addItem(_("(none yet)"), None)
        for s in sets or []:
            self.criteria_set.addItem(f"{s.group} — {s.product_set} ({s.id})", s.id)
        self.criteria_set.setCurrentIndex(max(self.criteria_set.findData(keep), 0))
        ok, types = call_now(self, lambda: [c for p in catalogue.council_profiles(self.ctx.store)
                                            for c in catalogue.product_type_choices(self.ctx.store, p)])
        self.product_type.clear()
        self.product_type.addItem(_("(choose to pick the set)"), None)
        for c in types or []:
            self.product_type.addItem(f"{c.group} — {c.product_type}", c.set_id)
        if self.products and not self.table.selectionModel().selectedRows():
            self.table.selectRow(0)
        elif self.current is not None:
            self.show_product(self.current)  # the lists were refilled under the editor
        read_only = self.ctx.read_only
        for w in (self.save_button, self.new_button, self.import_button, self.attach_button, self.new_producer):
            w.setEnabled(not read_only)

    def open_knockouts(self) -> None:
        """Record knock-out findings (with a reason) for this product in its newest session."""
        code = self.code.text().strip()
        if not code:
            return
        ok, found = call_now(self, lambda: sessions.sessions_with_product(self.ctx.store, code))
        if not ok:
            return
        if not found:
            report_error(self, NotFound(_("product {code} is on no session's agenda yet; add it on the council "
                                          "screen first").format(code=code), place="product"))
            return
        self.ctx.navigate("council", session_id=found[0], product=code)

    def _product_type_chosen(self, _index: int) -> None:
        set_id = self.product_type.currentData()
        if set_id is not None:
            self.criteria_set.setCurrentIndex(max(self.criteria_set.findData(set_id), 0))

    def _selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return
        code = cell_key(self.table, rows[0].row())
        ok, product = call_now(self, lambda: dossiers.get_product(self.ctx.store, code))
        if ok and product is not None:
            self.show_product(product)

    def show_product(self, p: ProductInfo) -> None:
        self.current = p
        self.code.setText(p.code)
        self.name.setText(p.name)
        self.producer.setCurrentIndex(max(self.producer.findData(p.producer.id), 0))
        if p.year:
            self.year.setValue(p.year)
        self.stage.setCurrentIndex(max(self.stage.findData(p.stage), 0))
        self.criteria_set.setCurrentIndex(max(self.criteria_set.findData(p.criteria_set_id), 0))
        self.evidence.clear()
        for ev in p.evidence:
            item = QListWidgetItem(f"{ev.original_name}  ·  {ev.size:,} B  ·  {ev.sha256[:12]}")
            item.setData(Qt.ItemDataRole.UserRole, str(ev.path))
            item.setToolTip(str(ev.path))
            self.evidence.addItem(item)

    def new_product(self) -> None:
        self.current = None
        self.table.clearSelection()
        self.code.clear()
        self.name.clear()
        self.evidence.clear()
        self.code.setFocus()

    def save(self) -> None:
        producer_id = self.producer.currentData()
        code, name = self.code.text().strip(), self.name.text().strip()
        year, stage, set_ref = self.year.value(), self.stage.currentData(), self.criteria_set.currentData()

        def do() -> ProductInfo:
            if producer_id is None:
                raise ImportRefused(_("choose or create a producer first"), place=_("Producer"))
            return dossiers.save_product(self.ctx.store, code, name, producer_id, year=year, stage=stage,
                                         criteria_set_ref=set_ref)

        ok, product = call_now(self, do)
        if ok and product is not None:
            self.ctx.bus.announce(Changes.DOSSIERS, origin=self)
            self.reload()
            self.show_product(product)
            self.ctx.status(_("Saved {code}").format(code=code))

    def _new_producer(self) -> None:
        dialog = ProducerDialog(self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        name, kind, commune, address, phone = dialog.values()
        ok, pid = call_now(self, lambda: dossiers.save_producer(self.ctx.store, name, kind, commune, address, phone))
        if ok:
            self.ctx.bus.announce(Changes.DOSSIERS, origin=self)
            self.reload()
            self.producer.setCurrentIndex(max(self.producer.findData(pid), 0))

    def attach(self, path: str | None = None) -> None:
        if self.current is None:
            return
        if not path:
            path = file_dialogs.open_file(self, _("Attach an evidence file"))
        if not path:
            return
        store, code, file = self.ctx.store, self.current.code, Path(path)
        run_op(self, lambda progress: dossiers.attach_evidence(store, code, file),
               title=_("Copying {file}").format(file=file.name), bus=self.ctx.bus, changes=Changes.DOSSIERS,
               on_success=lambda _ev: self.show_product(dossiers.get_product(store, code)))

    def _open_evidence(self, item: QListWidgetItem | None) -> None:
        if item is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(item.data(Qt.ItemDataRole.UserRole)))

    def import_list(self, path: str | None = None) -> None:
        if not path:
            path = file_dialogs.open_file(self, _("Import a product list"), _("Product lists (*.json)"))
        if not path:
            return
        store, file = self.ctx.store, Path(path)

        def work(progress: Progress) -> int:
            data = read_json_file(file)
            if not isinstance(data, dict):
                raise ImportRefused(_("expected a JSON object"), file=str(file))
            return dossiers.import_products(store, data, file=str(file))

        run_op(self, work, title=_("Importing {file}").format(file=file.name), bus=self.ctx.bus,
               changes=Changes.DOSSIERS,
               on_success=lambda n: self.ctx.status(_("{n} products imported").format(n=n)))

    def export_list(self, path: str | None = None) -> None:
        if not path:
            path = file_dialogs.save_file(self, _("Export the product list"), "products.json",
                                          _("Product lists (*.json)"))
        if not path:
            return
        store, file = self.ctx.store, Path(path)
        run_op(self, lambda progress: file.write_text(dumps_pretty(dossiers.export_products(store)) + "\n",
                                                      encoding="utf-8"),
               title=_("Exporting the product list"),
               on_success=lambda _n: self.ctx.status(_("wrote {file}").format(file=file)))

    def retranslate_dynamic(self) -> None:
        self._fill_choices()
        self.reload()


class ProducerDialog(QDialog):
    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("New producer"))
        form = QFormLayout(self)
        self.name = QLineEdit()
        self.kind = QComboBox()
        for key in PRODUCER_KINDS:
            self.kind.addItem(producer_kind_name(key), key)
        self.commune = QLineEdit()
        self.address = QLineEdit()
        self.phone = QLineEdit()
        form.addRow(_("Name"), self.name)
        form.addRow(_("Kind"), self.kind)
        form.addRow(_("Commune"), self.commune)
        form.addRow(_("Address"), self.address)
        form.addRow(_("Phone"), self.phone)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def values(self) -> tuple[str, str, str, str, str]:
        return (self.name.text().strip(), self.kind.currentData(), self.commune.text().strip(),
                self.address.text().strip(), self.phone.text().strip())



