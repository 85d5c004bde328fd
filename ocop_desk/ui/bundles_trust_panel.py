"""The Trusted keys tab of the signed-bundles screen: the public keys whose signatures this computer accepts."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton, QTableWidgetItem, QVBoxLayout, QWidget

from ocop_desk.bundles import keys, trust
from ocop_desk.exchange.member_scorecards import register_member_key
from ocop_desk.errors import OcopError
from ocop_desk.i18n import _
from ocop_desk.ui import file_dialogs
from ocop_desk.ui.bundle_dialogs import (
    TrustConfirmDialog,
    fingerprint_label,
    level_name,
    owner_kind_name,
    spoken_fingerprint,
)
from ocop_desk.ui.bundles_host import KEY_FILTER, BundlesHost, key_table, passphrase_prompt, wrapped
from ocop_desk.ui.operations import Changes, call_now, report_error
from ocop_desk.ui.page import cell_key
from ocop_desk.ui.widgets import FlowLayout


class TrustPanel(QWidget):
    """A key is added only after its fingerprint is compared with the one its owner reads out; a revoked key stays
    listed."""

    def __init__(self, host: BundlesHost) -> None:
        super().__init__()
        self.host = host
        self.trusted: list[trust.TrustedKey] = []
        tx = host.texts.bind
        intro = wrapped()
        tx(intro.setText, lambda: _("Public keys whose signatures this computer accepts. Add a key only after its "
                                    "owner has read you the same fingerprint. A revoked key stays listed."))
        self.trust_table = key_table(8, "trustTable")
        self.trust_table.itemSelectionChanged.connect(self._trust_selected)
        self.trust_fp = fingerprint_label()
        self.trust_fp.setObjectName("trustFingerprint")
        buttons = FlowLayout()
        self.add_trust_button = QPushButton()
        self.add_trust_button.setObjectName("addTrust")
        tx(self.add_trust_button.setText, lambda: _("&Add a public-key file…"))
        self.add_trust_button.clicked.connect(lambda: self.add_trust())
        self.revoke_trust_button = QPushButton()
        tx(self.revoke_trust_button.setText, lambda: _("&Stop trusting…"))
        self.revoke_trust_button.clicked.connect(lambda: self.revoke_trust())
        buttons.addWidget(self.add_trust_button)
        buttons.addWidget(self.revoke_trust_button)
        self.trust_where = wrapped()
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(buttons)
        layout.addWidget(self.trust_table, 1)
        layout.addWidget(self.trust_fp)
        layout.addWidget(self.trust_where)

    def set_headers(self) -> None:
        self.trust_table.setHorizontalHeaderLabels([_("For"), _("Owner id"), _("Whose key"), _("Level"),
                                                    _("Admin unit"), _("Fingerprint"), _("Added"), _("State")])

    def _trust(self) -> trust.TrustStore:
        return trust.load_trust(self.host.trust_path)

    def reload_trust(self) -> None:
        ok, store = call_now(self, self._trust)
        self.trusted = list(store.keys) if ok and store is not None else []
        where = _("Trust store: {file}").format(file=store.path) if ok and store is not None else ""
        if ok and store is not None and store.admin is not None:
            where += "  " + _("sealed by {owner}, fingerprint {fp}").format(
                owner=store.admin.name or store.admin.owner_id, fp=store.admin.fingerprint)
        self.trust_where.setText(where)
        t = self.trust_table
        t.setRowCount(len(self.trusted))
        for row, e in enumerate(self.trusted):
            k = e.key
            state = _("revoked {date}").format(date=e.revoked_at) if e.revoked else _("trusted")
            for col, text in enumerate((owner_kind_name(k.owner_kind), k.owner_id, e.note or k.name,
                                        level_name(k.level) if k.level else "—", k.admin_unit or "—",
                                        k.fingerprint, e.added_at, state)):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, e.key_id)
                if e.revoked:
                    item.setForeground(Qt.GlobalColor.darkGray)
                t.setItem(row, col, item)
        if self.trusted and not t.selectionModel().selectedRows():
            t.selectRow(0)
        self._trust_selected()

    def _selected_trusted(self) -> trust.TrustedKey | None:
        rows = self.trust_table.selectionModel().selectedRows() if self.trust_table.selectionModel() else []
        if not rows:
            return None
        key_id = cell_key(self.trust_table, rows[0].row())
        return next((e for e in self.trusted if e.key_id == key_id), None)

    def _trust_selected(self) -> None:
        e = self._selected_trusted()
        self.trust_fp.setText(spoken_fingerprint(e.key.fingerprint) if e else "")
        self.revoke_trust_button.setEnabled(e is not None and not e.revoked)

    def add_trust(self, path: str | None = None) -> None:
        if not path:
            path = file_dialogs.open_file(self, _("Trust a public-key file"), _(KEY_FILTER))
        if not path:
            return
        ok, key = call_now(self, lambda: keys.read_public_key(Path(path)))
        if not ok or key is None:
            return
        ctx, detail = self.host.ctx, self.host.detail
        council = None
        if (key.owner_kind == "member" and detail is not None and not ctx.read_only
                and any(m.code == key.owner_id for m in detail.members)):
            council = detail.council.id
        register_text = None if council is None else _(
            "Also &register it as member {member}'s key in council {council}").format(member=key.owner_id,
                                                                                   council=council)
        dialog = TrustConfirmDialog(self, key_id=key.key_id, owner_kind=key.owner_kind, owner_id=key.owner_id,
                                    name=key.name, level=key.level, admin_unit=key.admin_unit,
                                    fingerprint=key.fingerprint, file=str(path), register_text=register_text)
        try:
            if not self.host.exec_dialog(dialog):
                return
            note = dialog.note.text().strip()
            register = dialog.register is not None and dialog.register.isChecked()
        finally:
            dialog.deleteLater()
        store = self._trust_for_change()
        signer = self._trust_admin(store) if store is not None else None
        if store is None or signer is None:
            return
        ok, result = call_now(self, lambda: trust.add_key(store, key, note=note, signer=signer))
        if not ok or result is None:
            return
        _store, entry = result
        if entry.revoked:
            report_error(self, OcopError(_("this key is in the trust store but was revoked on {date}; "
                                           "it stays revoked").format(date=entry.revoked_at), file=str(path)))
        elif register and council is not None:
            if call_now(self, lambda: register_member_key(ctx.store, council, key))[0]:
                ctx.bus.announce(Changes.COUNCILS, self.host)
                ctx.status(_("Registered as the key of member {member} of council {council}").format(
                    member=key.owner_id, council=council))
        self.reload_trust()

    def revoke_trust(self, confirmed: bool = False, note: str = "") -> None:
        e = self._selected_trusted()
        if e is None or e.revoked:
            return
        if not confirmed and not self.host.confirm(_("Stop trusting a key"), _(
                "Stop trusting the key of {owner} ({fp})? Bundles it signed will be refused from now on.").format(
                owner=e.key.owner_id, fp=e.key.fingerprint)):
            return
        store = self._trust_for_change()
        signer = self._trust_admin(store) if store is not None else None
        if (store is not None and signer is not None
                and call_now(self, lambda: trust.revoke(store, e.key_id, note=note, signer=signer))[0]):
            self.reload_trust()

    def _trust_for_change(self) -> trust.TrustStore | None:
        ok, store = call_now(self, self._trust)
        return store if ok else None

    def _trust_admin(self, store: trust.TrustStore) -> keys.SigningKey | None:
        """The trust store administrator's unlocked key: every change to the store is sealed with it."""
        ok, ref = call_now(self, lambda: trust.administrator_ref(store, self.host.selected_key_id(),
                                                                 self.host.keys_folder))
        if not ok or ref is None:
            return None
        mine = next((k for k in self.host.own_keys if k.key_id == ref), None)
        passphrase = self.host.ask_passphrase(passphrase_prompt(mine) if mine is not None else _(
            "Passphrase of the trust store administrator's key {key}:").format(key=ref))
        if passphrase is None:
            return None
        ok, signer = call_now(self, lambda: keys.unlock(keys.find_key(ref, self.host.keys_folder), passphrase))
        return signer if ok else None
