"""The My keys tab of the signed-bundles screen: this computer's own signing keys, made, exported, revoked."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QPushButton, QTableWidgetItem, QVBoxLayout, QWidget

from ocop_desk.bundles import keys
from ocop_desk.i18n import _
from ocop_desk.ui import file_dialogs
from ocop_desk.ui.bundle_dialogs import (
    NewKeyDialog,
    fingerprint_label,
    level_name,
    owner_kind_name,
    spoken_fingerprint,
)
from ocop_desk.ui.bundles_host import KEY_FILTER, BundlesHost, key_table, wrapped
from ocop_desk.ui.operations import Progress, call_now, run_op
from ocop_desk.ui.page import cell_key
from ocop_desk.ui.widgets import FlowLayout


class OwnKeysPanel(QWidget):
    """A new key's passphrase is asked in its dialog and used inside the one call that seals the key."""

    keys_changed = Signal(list)  # every own key, revoked ones included, after each reading of the folder

    def __init__(self, host: BundlesHost) -> None:
        super().__init__()
        self.host = host
        self.own_keys: list[keys.StoredKey] = []
        tx = host.texts.bind
        intro = wrapped()
        tx(intro.setText, lambda: _("Your own signing keys on this computer. Give the public key file to whoever "
                                    "receives your bundles, and read them the fingerprint so they can check it."))
        self.keys_table = key_table(8, "keysTable")
        self.keys_table.itemSelectionChanged.connect(self.show_selected)
        self.key_fp_title = QLabel()
        self.key_fp = fingerprint_label()
        self.key_fp.setObjectName("keyFingerprint")
        buttons = FlowLayout()
        self.new_key_button = QPushButton()
        self.new_key_button.setObjectName("newKey")
        tx(self.new_key_button.setText, lambda: _("&New key…"))
        self.new_key_button.clicked.connect(lambda: self.new_key())
        self.export_public_button = QPushButton()
        tx(self.export_public_button.setText, lambda: _("Export &public key…"))
        self.export_public_button.clicked.connect(lambda: self.export_public())
        self.export_private_button = QPushButton()
        tx(self.export_private_button.setText, lambda: _("Export encrypted private key…"))
        self.export_private_button.clicked.connect(lambda: self.export_private())
        self.import_key_button = QPushButton()
        tx(self.import_key_button.setText, lambda: _("Import private key…"))
        self.import_key_button.clicked.connect(lambda: self.import_private())
        self.revoke_key_button = QPushButton()
        tx(self.revoke_key_button.setText, lambda: _("&Revoke…"))
        self.revoke_key_button.clicked.connect(lambda: self.revoke_key())
        for b in (self.new_key_button, self.export_public_button, self.export_private_button,
                  self.import_key_button, self.revoke_key_button):
            buttons.addWidget(b)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(buttons)
        layout.addWidget(self.keys_table, 1)
        layout.addWidget(self.key_fp_title)
        layout.addWidget(self.key_fp)

    def set_headers(self) -> None:
        self.keys_table.setHorizontalHeaderLabels([_("For"), _("Owner id"), _("Name"), _("Level"), _("Admin unit"),
                                                   _("Key id"), _("Created"), _("State")])

    def reload_keys(self) -> None:
        folder = self.host.keys_folder
        ok, found = call_now(self, lambda: keys.list_keys(folder))
        self.own_keys = list(found or [])
        selected = self._selected_key_id()
        t = self.keys_table
        t.setRowCount(len(self.own_keys))
        for row, k in enumerate(self.own_keys):
            p = k.public
            state = _("revoked {date}").format(date=k.revoked_at) if k.revoked_at else _("active")
            for col, text in enumerate((owner_kind_name(p.owner_kind), p.owner_id, p.name,
                                        level_name(p.level) if p.level else "—", p.admin_unit or "—", p.key_id,
                                        p.created_at, state)):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, k.key_id)
                if k.revoked_at:
                    item.setForeground(Qt.GlobalColor.darkGray)
                t.setItem(row, col, item)
        ids = [k.key_id for k in self.own_keys]
        if ids:
            t.selectRow(ids.index(selected) if selected in ids else 0)
        self.show_selected()
        self.keys_changed.emit(self.own_keys)

    def _selected_key_id(self) -> str | None:
        rows = self.keys_table.selectionModel().selectedRows() if self.keys_table.selectionModel() else []
        if not rows:
            return None
        return cell_key(self.keys_table, rows[0].row())

    def _selected_key(self) -> keys.StoredKey | None:
        key_id = self._selected_key_id()
        return next((k for k in self.own_keys if k.key_id == key_id), None)

    def show_selected(self) -> None:
        k = self._selected_key()
        self.key_fp_title.setText(_("Fingerprint of {owner} ({name}):").format(
            owner=k.public.owner_id, name=k.public.name or "—") if k else _("No key yet."))
        self.key_fp.setText(spoken_fingerprint(k.public.fingerprint) if k else "")
        for b in (self.export_public_button, self.export_private_button):
            b.setEnabled(k is not None)
        self.revoke_key_button.setEnabled(k is not None and not k.revoked_at)

    def new_key(self) -> None:
        council = None
        members: list[tuple[str, str]] = []
        detail = self.host.detail
        if detail is not None:
            c = detail.council
            council = (c.id, c.name, c.level, c.admin_unit or "")
            members = [(m.code, m.name) for m in detail.members]
        dialog = NewKeyDialog(self, council=council, members=members)
        try:
            if not self.host.exec_dialog(dialog):
                dialog.take_passphrase()
                return
            req = dialog.request()
            passphrase = dialog.take_passphrase()
        finally:
            dialog.deleteLater()
        folder = self.host.keys_folder

        def work(progress: Progress) -> keys.StoredKey:
            stored, _signer = keys.new_key(req.owner_kind, req.owner_id, passphrase, name=req.name, level=req.level,
                                           admin_unit=req.admin_unit)
            keys.save_key(stored, folder)
            return stored

        run_op(self.host.busy_view(), work, title=_("Making the key"), on_success=self._key_made, cancellable=False)

    def _key_made(self, stored: keys.StoredKey) -> None:
        self.reload_keys()
        for row in range(self.keys_table.rowCount()):
            if cell_key(self.keys_table, row) == stored.key_id:
                self.keys_table.selectRow(row)
        self.host.ctx.status(_("Key made; fingerprint {fp}").format(fp=stored.public.fingerprint))

    def export_public(self, out: str | None = None) -> None:
        k = self._selected_key()
        if k is None:
            return
        if not out:
            out = file_dialogs.save_file(self, _("Export the public key"), f"{k.public.owner_id}.pub.json",
                                         _(KEY_FILTER))
        if not out:
            return
        target = Path(out)
        if call_now(self, lambda: keys.write_json_atomic(target, k.public.to_dict()))[0]:
            self.host.ctx.status(_("Public key written to {file}; fingerprint {fp}").format(
                file=target, fp=k.public.fingerprint))

    def export_private(self, out: str | None = None) -> None:
        k = self._selected_key()
        if k is None:
            return
        if not out:
            out = file_dialogs.save_file(self, _("Export the encrypted private key"), f"{k.public.owner_id}.key.json",
                                         _(KEY_FILTER))
        if not out:
            return
        target = Path(out)
        if call_now(self, lambda: keys.write_json_atomic(target, k.to_dict(), private=True))[0]:
            self.host.ctx.status(_("Encrypted private key written to {file}").format(file=target))

    def import_private(self, path: str | None = None) -> None:
        if not path:
            path = file_dialogs.open_file(self, _("Import a private key"), _(KEY_FILTER))
        if not path:
            return
        folder = self.host.keys_folder
        ok, _stored = call_now(self, lambda: keys.import_key(Path(path), folder))
        if ok:
            self.reload_keys()

    def revoke_key(self, confirmed: bool = False) -> None:
        k = self._selected_key()
        if k is None or k.revoked_at:
            return
        if not confirmed and not self.host.confirm(_("Revoke the key"), _(
                "Revoke the key of {owner} ({fp})? It will no longer sign; tell everyone who trusts it.").format(
                owner=k.public.owner_id, fp=k.public.fingerprint)):
            return
        folder = self.host.keys_folder
        if call_now(self, lambda: keys.revoke_key(k.key_id, folder))[0]:
            self.reload_keys()
