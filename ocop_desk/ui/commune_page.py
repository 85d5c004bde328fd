"""Cán bộ xã: the commune officer's day — the commune's key, producers, products, evidence,
the documents each dossier still lacks, and signed packages for the district on a USB stick.

A second tab shows the district's side: the dossier packages received (arrivals_panel.py).
Rules stay in the services: the checklist in `dossier_checklist`, the packages in
`exchange.dossier_sending`, keys in `bundles.keys`; dialogs are those of the dossier and bundle screens.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QDialog, QDialogButtonBox, QFormLayout, QGroupBox,
                               QHBoxLayout, QLabel, QLineEdit, QListWidget, QListWidgetItem, QPushButton, QSpinBox,
                               QSplitter, QTableWidgetItem, QTabWidget, QVBoxLayout, QWidget)

from ocop_desk import catalogue, dossiers
from ocop_desk.bundles import keys
from ocop_desk.dossier_checklist import document_choices, dossier_checklists, requirements_for
from ocop_desk.errors import ImportRefused
from ocop_desk.exchange.dossier_sending import export_dossier_packages
from ocop_desk.i18n import _
from ocop_desk.ui import file_dialogs
from ocop_desk.ui.arrivals_panel import ArrivalsPanel
from ocop_desk.ui.bundle_dialogs import PassphraseDialog, fingerprint_label, spoken_fingerprint
from ocop_desk.ui.context import AppContext
from ocop_desk.ui.dossiers_page import ProducerDialog
from ocop_desk.ui.operations import Changes, Progress, call_now, report_error, run_op
from ocop_desk.ui.page import Page, cell_key, record_table

if TYPE_CHECKING:
    from ocop_desk.bundles.keys import StoredKey
    from ocop_desk.dossiers import ProductInfo
    from ocop_desk.exchange.dossier_sending import SendSummary

MISSING_COLOUR = QColor("#b03a2e")
PRESENT_COLOUR = QColor("#1e7b34")


def _wrapped(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class ProductDialog(QDialog):
    """A compact product form: code, name, producer, year, and the product type that picks the set."""

    def __init__(self, parent: QWidget | None, producers: list[Any], types: list[Any], *,
                 producer_id: int | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("New product"))
        form = QFormLayout(self)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.code = QLineEdit()
        self.code.setObjectName("productCode")
        self.code.setPlaceholderText("T-H-STT-YYYY")
        self.name = QLineEdit()
        self.name.setObjectName("productName")
        self.producer = QComboBox()
        for p in producers:
            self.producer.addItem(f"{p.name} — {p.commune}", p.id)
        self.producer.setCurrentIndex(max(self.producer.findData(producer_id), 0))
        self.year = QSpinBox()
        self.year.setRange(2013, 2100)
        self.year.setValue(dt.date.today().year)
        self.product_type = QComboBox()
        self.product_type.setObjectName("productType")
        self.product_type.setMinimumContentsLength(24)
        self.product_type.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.product_type.addItem(_("(choose the product type)"), None)
        for c in types:
            self.product_type.addItem(f"{c.group} — {c.product_type}", c.set_id)
            self.product_type.setItemData(self.product_type.count() - 1, c.set_id, Qt.ItemDataRole.ToolTipRole)
        for text, field in ((_("&Code:"), self.code), (_("&Name:"), self.name), (_("&Producer:"), self.producer),
                            (_("&Year:"), self.year), (_("Product &type:"), self.product_type)):
            label = QLabel(text)
            label.setBuddy(field)
            form.addRow(label, field)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("OK"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.setMinimumWidth(min(620, max(460, self.sizeHint().width())))

    def values(self) -> tuple[str, str, int | None, int, str | None]:
        return (self.code.text().strip(), self.name.text().strip(), self.producer.currentData(),
                self.year.value(), self.product_type.currentData())


class _Tabs(QTabWidget):
    """Tabs whose height does not follow their width: the screen's scroll area then gives them the
    window's height instead of the height their wrapped texts would like (which scrolled at 150%)."""

    def hasHeightForWidth(self) -> bool:
        return False


class CommunePage(Page):
    key = "commune"
    watches = Changes.DOSSIERS | Changes.CRITERIA | Changes.STORE

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        # other folders in tests; None = the user's own key folder and trust store
        self.keys_folder: Path | None = None
        self.trust_path: Path | None = None
        self.commune_keys: list[Any] = []
        self.checklists: list[Any] = []
        self.current: Any = None  # the checklist of the product shown
        self.last_summary: Any = None
        tx = self.texts.bind

        self.tabs = _Tabs()
        self.tabs.setObjectName("communeTabs")
        key_tab = QWidget()
        kl = QVBoxLayout(key_tab)
        kl.addWidget(self._build_key_box(tx))
        kl.addStretch(1)
        self.tabs.addTab(self._build_dossiers(tx), "")
        self.tabs.addTab(key_tab, "")
        self.arrivals = ArrivalsPanel(ctx, trust_path=lambda: self.trust_path)
        self.tabs.addTab(self.arrivals, "")
        tx(lambda t: self.tabs.setTabText(0, t), lambda: _("The commune's dossiers"))
        tx(lambda t: self.tabs.setTabText(1, t), lambda: _("The commune's key"))
        tx(lambda t: self.tabs.setTabText(2, t), lambda: _("Dossiers received (district)"))
        root = QVBoxLayout(self)
        root.addWidget(self.tabs)

    # building ---------------------------------------------------------------------------------
    def _build_key_box(self, tx: Any) -> QGroupBox:
        box = QGroupBox()
        box.setObjectName("communeKey")
        tx(box.setTitle, lambda: _("The commune's signing key"))
        self.commune_code = QLineEdit()
        self.commune_code.setObjectName("communeCode")
        self.commune_code.setMaxLength(16)
        self.commune_name = QLineEdit()
        self.commune_name.setObjectName("communeName")
        self.key_box = QComboBox()
        self.key_box.setObjectName("communeKeyChoice")
        self.key_box.currentIndexChanged.connect(lambda _i: self._key_chosen())
        self.new_key_button = QPushButton()
        self.new_key_button.setObjectName("newCommuneKey")
        tx(self.new_key_button.setText, lambda: _("Create the commune's &key…"))
        self.new_key_button.clicked.connect(lambda: self.new_key())
        self.export_key_button = QPushButton()
        tx(self.export_key_button.setText, lambda: _("Save the &public key for the district…"))
        self.export_key_button.clicked.connect(lambda: self.export_public())
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        labels = [QLabel() for _i in range(3)]
        for label, text, field in zip(labels, (lambda: _("Commune code:"), lambda: _("Commune name:"),
                                               lambda: _("Key:")),
                                      (self.commune_code, self.commune_name, self.key_box)):
            tx(label.setText, text)
            label.setBuddy(field)
            form.addRow(label, field)
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_key_button)
        buttons.addWidget(self.export_key_button)
        buttons.addStretch(1)
        form.addRow(buttons)
        self.fp_intro = _wrapped()
        tx(self.fp_intro.setText, lambda: _("Read this fingerprint to the district, group by group, "
                                            "when they add the commune's key:"))
        self.key_fp = fingerprint_label(point_size=13)
        layout = QVBoxLayout(box)
        layout.addLayout(form)
        layout.addWidget(self.fp_intro)
        layout.addWidget(self.key_fp)
        return box

    def _build_dossiers(self, tx: Any) -> QWidget:
        w = QWidget()
        # the products of the commune, several may be selected for export
        self.table = record_table(3, "communeProducts", stretch=(2,))
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setWordWrap(True)
        self.table.itemSelectionChanged.connect(self._selected)
        self.producer_button = QPushButton()
        self.producer_button.setObjectName("newProducer")
        tx(self.producer_button.setText, lambda: _("Register a &producer…"))
        self.producer_button.clicked.connect(lambda: self.new_producer())
        self.product_button = QPushButton()
        self.product_button.setObjectName("newProduct")
        tx(self.product_button.setText, lambda: _("Register a p&roduct…"))
        self.product_button.clicked.connect(lambda: self.new_product())
        self.export_button = QPushButton()
        self.export_button.setObjectName("exportPackages")
        tx(self.export_button.setText, lambda: _("&Export signed packages…"))
        self.export_button.clicked.connect(lambda: self.export_packages())
        row = QHBoxLayout()
        for b in (self.producer_button, self.product_button):
            row.addWidget(b)
        row.addStretch(1)
        row.addWidget(self.export_button)
        self.export_result = _wrapped()
        self.export_result.setObjectName("exportResult")
        self.signing_with = _wrapped()
        self.signing_with.setObjectName("signingWith")

        # the dossier shown: its documents, missing ones in red, and attaching a file as one of them
        self.dossier_box = QGroupBox()
        tx(self.dossier_box.setTitle, lambda: _("Documents of the dossier"))
        self.dossier_head = _wrapped()
        self.dossier_head.setObjectName("dossierHead")
        self.checklist = QListWidget()
        self.checklist.setObjectName("checklist")
        self.checklist.setWordWrap(True)
        self.missing_label = _wrapped()
        self.missing_label.setObjectName("missingSummary")
        self.document_box = QComboBox()
        self.document_box.setObjectName("documentKind")
        self.document_box.setMinimumContentsLength(10)
        self.document_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.attach_button = QPushButton()
        self.attach_button.setObjectName("attachDocument")
        tx(self.attach_button.setText, lambda: _("&Attach file…"))
        self.attach_button.clicked.connect(lambda: self.attach())
        arow = QHBoxLayout()
        as_label = QLabel()
        tx(as_label.setText, lambda: _("As:"))
        as_label.setBuddy(self.document_box)
        arow.addWidget(as_label)
        arow.addWidget(self.document_box, 1)
        brow = QHBoxLayout()
        brow.addStretch(1)
        brow.addWidget(self.attach_button)
        dl = QVBoxLayout(self.dossier_box)
        dl.addWidget(self.dossier_head)
        dl.addWidget(self.checklist, 1)
        dl.addWidget(self.missing_label)
        dl.addLayout(arow)
        dl.addLayout(brow)

        split = QSplitter()
        split.setChildrenCollapsible(False)
        split.addWidget(self.table)
        split.addWidget(self.dossier_box)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setSizes([700, 460])
        layout = QVBoxLayout(w)
        layout.addLayout(row)
        layout.addWidget(self.signing_with)
        layout.addWidget(split, 1)
        layout.addWidget(self.export_result)
        return w

    # dialogs go through here so tests can fill the real dialog instead of a person
    def exec_dialog(self, dialog: QDialog) -> bool:
        return dialog.exec() == QDialog.DialogCode.Accepted

    def _passphrase(self, what: str, *, confirm: bool = False) -> str | None:
        dialog = PassphraseDialog(self, what, confirm=confirm)
        try:
            ok = self.exec_dialog(dialog)
            text = dialog.take()
            return text if ok else None
        finally:
            dialog.deleteLater()

    # loading ---------------------------------------------------------------------------------
    def reload(self) -> None:
        self.reload_keys()
        ok, rows = call_now(self, lambda: dossier_checklists(self.ctx.store))
        if not ok:
            return
        keep = self.selected_codes() or ([self.current.code] if self.current else [])
        self.checklists = rows or []
        self.table.blockSignals(True)
        headers = [_("Code"), _("Still missing"), _("Product")]
        self.table.setHorizontalHeaderLabels(headers)
        # the stretched column keeps at least its header's width when the page is narrow (150% screens)
        metrics = self.table.horizontalHeader().fontMetrics()
        self.table.horizontalHeader().setMinimumSectionSize(max(metrics.horizontalAdvance(h) for h in headers) + 24)
        self.table.setRowCount(len(self.checklists))
        for r, c in enumerate(self.checklists):
            missing = len(c.missing)
            state = _("complete") if c.complete else (
                _("{n} documents").format(n=missing) if missing else _("product type not chosen"))
            cells = (c.code, state, c.name)
            who = f"{c.producer}, {c.commune}" if c.commune else c.producer
            for col, value in enumerate(cells):
                item = QTableWidgetItem(value)
                item.setData(Qt.ItemDataRole.UserRole, c.code)
                item.setToolTip(f"{c.name}\n{who}" if col == 2 else value)
                if col == 1:
                    item.setForeground(QBrush(PRESENT_COLOUR if c.complete else MISSING_COLOUR))
                self.table.setItem(r, col, item)
        self.table.resizeRowsToContents()
        self.table.clearSelection()
        for r, c in enumerate(self.checklists):
            if c.code in keep:
                self.table.selectionModel().select(
                    self.table.model().index(r, 0),
                    self.table.selectionModel().SelectionFlag.Select | self.table.selectionModel().SelectionFlag.Rows)
        self.table.blockSignals(False)
        if not self.selected_codes() and self.checklists:
            self.table.selectRow(0)
        self._selected()
        read_only = self.ctx.read_only
        for b in (self.producer_button, self.product_button, self.attach_button, self.new_key_button):
            b.setEnabled(not read_only)
        self._update_export()
        self.arrivals.reload()

    def reload_keys(self) -> None:
        ok, found = call_now(self, lambda: keys.list_keys(self.keys_folder))
        self.commune_keys = [k for k in (found or []) if k.public.level == "commune" and not k.revoked_at]
        keep = self.key_box.currentData()
        self.key_box.blockSignals(True)
        self.key_box.clear()
        for k in self.commune_keys:
            self.key_box.addItem(f"{k.public.name or k.public.owner_id} ({k.public.admin_unit}) · {k.key_id[:8]}",
                                 k.key_id)
        if not self.commune_keys:
            self.key_box.addItem(_("(no commune key yet)"), None)
        self.key_box.setCurrentIndex(max(self.key_box.findData(keep), 0))
        self.key_box.blockSignals(False)
        self._key_chosen()

    def _chosen_key(self) -> Any:
        key_id = self.key_box.currentData()
        return next((k for k in self.commune_keys if k.key_id == key_id), None)

    def _key_chosen(self) -> None:
        k = self._chosen_key()
        self.key_fp.setText(spoken_fingerprint(k.public.fingerprint) if k else "")
        self.fp_intro.setVisible(k is not None)
        self.export_key_button.setEnabled(k is not None)
        self.signing_with.setText(
            _("Packages are signed with the key of {name} ({unit}).").format(
                name=k.public.name or k.public.owner_id, unit=k.public.admin_unit)
            if k is not None else _("No commune key yet: create it on the “The commune's key” tab first."))
        if k is not None:
            self.commune_code.setText(k.public.admin_unit)
            self.commune_name.setText(k.public.name)
        self._update_export()

    def _update_export(self) -> None:
        self.export_button.setEnabled(self._chosen_key() is not None and bool(self.selected_codes()))

    def selected_codes(self) -> list[str]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [cell_key(self.table, r) for r in rows if self.table.item(r, 0)]

    def _selected(self) -> None:
        codes = self.selected_codes()
        self._update_export()
        if not codes:
            return
        found = next((c for c in self.checklists if c.code == codes[-1]), None)
        if found is not None:
            self.show_checklist(found)

    def show_checklist(self, c: Any) -> None:
        self.current = c
        self.dossier_head.setText(f"{c.code} — {c.name} · {c.producer}")
        self.checklist.clear()
        bold = QFont(self.checklist.font())
        bold.setBold(True)
        for d in c.documents:
            req = d.requirement
            if d.present:
                text = "✓ " + req.label + "\n    " + ", ".join(d.files)
            elif req.required:
                text = "✗ " + _("{document} — missing").format(document=req.label)
            else:
                text = "○ " + _("{document} (optional)").format(document=req.label)
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, req.id)
            item.setToolTip(text)
            if not d.present and req.required:
                item.setForeground(QBrush(MISSING_COLOUR))
                item.setFont(bold)
            elif d.present:
                item.setForeground(QBrush(PRESENT_COLOUR))
            self.checklist.addItem(item)
        for name in c.unmatched:
            item = QListWidgetItem("· " + _("{file} (another document)").format(file=name))
            item.setToolTip(name)
            self.checklist.addItem(item)
        if c.complete:
            self.missing_label.setText(_("Every required document is in the dossier."))
        else:
            parts = []
            if c.missing:
                parts.append(_("{n} required documents still missing (marked ✗).").format(n=len(c.missing)))
            if c.needs_group:
                parts.append(_("Choose the product type to list the documents of its group."))
            self.missing_label.setText(" ".join(parts))
        self.missing_label.setStyleSheet("" if c.complete else "color: #b03a2e;")
        keep = self.document_box.currentData()
        ok, docs = call_now(self, lambda: document_choices(self.ctx.store, c.code))
        self.document_box.clear()
        first_missing = c.missing[0].id if c.missing else None
        for req in docs or ():
            self.document_box.addItem(req.label, req.id)
        self.document_box.setCurrentIndex(max(self.document_box.findData(first_missing or keep), 0))

    # actions -----------------------------------------------------------------------------------
    def new_key(self) -> None:
        code, name = self.commune_code.text().strip(), self.commune_name.text().strip()
        if not code:
            report_error(self, ImportRefused(_("give the commune's administrative code first"),
                                             place=_("Commune code:").rstrip(":")))
            self.commune_code.setFocus()
            return
        passphrase = self._passphrase(_("The key of commune {code} is kept encrypted with this passphrase "
                                        "(at least 8 characters); type it twice.").format(code=code), confirm=True)
        if passphrase is None:
            return
        folder = self.keys_folder

        def work(progress: Progress) -> StoredKey:
            stored, _signer = keys.new_key("council", code, passphrase, name=name or code, level="commune",
                                           admin_unit=code)
            keys.save_key(stored, folder)
            return stored

        run_op(self, work, title=_("Making the key"), on_success=self._key_made, cancellable=False)

    def _key_made(self, stored: Any) -> None:
        self.reload_keys()
        self.key_box.setCurrentIndex(max(self.key_box.findData(stored.key_id), 0))
        self.ctx.status(_("Key made; fingerprint {fp}").format(fp=stored.public.fingerprint))

    def export_public(self, out: str | None = None) -> None:
        k = self._chosen_key()
        if k is None:
            return
        if not out:
            out = file_dialogs.save_file(self, _("Export the public key"), f"{k.public.owner_id}.pub.json",
                                         _("Key file (*.json);;All files (*)"))
        if not out:
            return
        target = Path(out)
        if call_now(self, lambda: keys.write_json_atomic(target, k.public.to_dict()))[0]:
            self.ctx.status(_("Public key written to {file}; fingerprint {fp}").format(
                file=target, fp=k.public.fingerprint))

    def new_producer(self) -> int | None:
        dialog = ProducerDialog(self)
        dialog.commune.setText(self.commune_name.text().strip())
        try:
            if not self.exec_dialog(dialog):
                return None
            name, kind, commune, address, phone = dialog.values()
        finally:
            dialog.deleteLater()
        ok, pid = call_now(self, lambda: dossiers.save_producer(self.ctx.store, name, kind, commune, address,
                                                                phone))
        if ok:
            self.ctx.bus.announce(Changes.DOSSIERS, origin=self)
            self.ctx.status(_("Producer {name} registered").format(name=name))
        return pid if ok else None

    def _product_types(self) -> list[Any]:
        def find() -> list[Any]:
            profiles = catalogue.council_profiles(self.ctx.store)
            current = requirements_for(None).profile
            order = [current] + [p for p in profiles if p != current]
            return [c for p in order for c in catalogue.product_type_choices(self.ctx.store, p)]

        ok, types = call_now(self, find)
        return types or []

    def new_product(self) -> None:
        ok, producers = call_now(self, lambda: dossiers.list_producers(self.ctx.store))
        dialog = ProductDialog(self, producers or [], self._product_types())
        try:
            if not self.exec_dialog(dialog):
                return
            code, name, producer_id, year, set_id = dialog.values()
        finally:
            dialog.deleteLater()

        def save() -> ProductInfo:
            if producer_id is None:
                raise ImportRefused(_("choose or create a producer first"), place=_("Producer"))
            return dossiers.save_product(self.ctx.store, code, name, producer_id, year=year,
                                         criteria_set_ref=set_id)

        ok, product = call_now(self, save)
        if ok and product is not None:
            self.ctx.bus.announce(Changes.DOSSIERS, origin=self)
            self.current = None
            self.reload()
            self._select_only(product.code)
            self.ctx.status(_("Saved {code}").format(code=product.code))

    def _select_only(self, code: str) -> None:
        for r in range(self.table.rowCount()):
            if cell_key(self.table, r) == code:
                self.table.selectRow(r)

    def attach(self, path: str | None = None) -> None:
        if self.current is None:
            return
        if not path:
            path = file_dialogs.open_file(self, _("Attach an evidence file"))
        if not path:
            return
        store, code, file, kind = self.ctx.store, self.current.code, Path(path), self.document_box.currentData()
        run_op(self, lambda progress: dossiers.attach_evidence(store, code, file, kind=kind),
               title=_("Copying {file}").format(file=file.name), bus=self.ctx.bus, changes=Changes.DOSSIERS,
               origin=self, on_success=lambda _ev: self.reload())

    def export_packages(self, folder: str | None = None) -> Any:
        """Signs one package per selected product into `folder`, off the GUI thread; returns the operation."""
        k, codes = self._chosen_key(), self.selected_codes()
        if k is None or not codes:
            return None
        if not folder:
            folder = file_dialogs.choose_folder(self, _("The folder (USB stick) to write the packages to"))
        if not folder:
            return None
        passphrase = self._passphrase(_("Passphrase of the commune's key ({name}):").format(
            name=k.public.name or k.public.owner_id))
        if passphrase is None:
            return None
        store, target = self.ctx.store, Path(folder)

        def work(progress: Progress) -> SendSummary:
            signer = keys.unlock(k, passphrase)
            return export_dossier_packages(
                store, codes, signer, target, stop=lambda: progress.cancelled,
                progress=lambda done, total, label: None if progress.cancelled else progress.report(
                    done, total, label))

        return run_op(self, work, title=_("Signing {n} dossier packages").format(n=len(codes)),
                      on_success=self._exported)

    def _exported(self, summary: Any) -> None:
        self.last_summary = summary
        self.export_result.setText(summary.line())
        self.ctx.status(summary.line())

    def retranslate_dynamic(self) -> None:
        self.arrivals.texts.apply()
        self.reload()
