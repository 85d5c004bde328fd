"""Gói kết quả ký số: export signed bundles, verify and import them, own keys, trusted keys.

Every action is a call into `ocop_desk.bundles` (the same functions as the
`bundle`, `keys` and `trust` commands); this screen asks for files and
passphrases, shows verdicts, and adds no rule of its own.  A passphrase is
asked for each signing, used inside that one background call, and kept
nowhere.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QDialog, QFrame, QMessageBox, QScrollArea, QTabWidget, QVBoxLayout, QWidget

from ocop_desk import sessions
from ocop_desk.bundles import keys, trust
from ocop_desk.bundles.verify import BundleVerdict
from ocop_desk.i18n import _
from ocop_desk.ui.bundle_dialogs import PassphraseDialog
from ocop_desk.ui.bundles_export_panel import ExportPanel
from ocop_desk.ui.bundles_keys_panel import OwnKeysPanel
from ocop_desk.ui.bundles_receive_panel import ReceivePanel
from ocop_desk.ui.bundles_trust_panel import TrustPanel
from ocop_desk.ui.context import AppContext
from ocop_desk.ui.operations import Changes, Operation, call_now
from ocop_desk.ui.page import Page


class BundlesPage(Page):
    """Four tabs, one panel each; the page holds what they share (the folders, the chosen session, the dialogs)."""

    key = "bundles"
    watches = Changes.SESSIONS | Changes.COUNCILS | Changes.STORE

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        # None means the user's own folders (keys/ and trust.json in the user data folder)
        self.keys_folder: Path | None = None
        self.trust_path: Path | None = None
        self.session_id: str | None = None
        self.detail: sessions.SessionDetail | None = None  # the chosen session
        self.last_outcome = None
        tx = self.texts.bind

        self.exporting = ExportPanel(self)
        self.receiving = ReceivePanel(self)
        self.own_keys_panel = OwnKeysPanel(self)
        self.trust_panel = TrustPanel(self)
        self.exporting.session_box.chosen.connect(self._load_session)
        self.exporting.import_asked.connect(lambda: self.import_files())
        self.exporting.exported.connect(self._outcome)
        self.receiving.imported.connect(self._outcome)
        self.receiving.import_text.connect(self.exporting.show_import)
        self.own_keys_panel.keys_changed.connect(self.exporting.set_keys)

        self.tabs = QTabWidget()
        self.tabs.setObjectName("bundleTabs")
        self.tabs.addTab(self._scrolled(self.exporting), "")
        self.tabs.addTab(self._scrolled(self.receiving), "")
        self.tabs.addTab(self.own_keys_panel, "")
        self.tabs.addTab(self.trust_panel, "")
        for i, text in enumerate((lambda: _("E&xport"), lambda: _("&Verify and import"), lambda: _("My &keys"),
                                  lambda: _("&Trusted keys"))):
            tx(partial(self.tabs.setTabText, i), text)
        root = QVBoxLayout(self)
        root.addWidget(self.tabs)

        # the widgets other screens and the tests address, each held by its panel
        ex, rc, ok, tr = self.exporting, self.receiving, self.own_keys_panel, self.trust_panel
        self.session_box = ex.session_box
        self.council_key, self.member_box, self.member_key = ex.council_key, ex.member_box, ex.member_key
        self.export_button, self.export_member_button = ex.export_button, ex.export_member_button
        self.import_button, self.export_result = ex.import_button, ex.export_result
        self.verify_button, self.import_verified, self.merge_verified = (rc.verify_button, rc.import_verified,
                                                                         rc.merge_verified)
        self.panel, self.import_result = rc.panel, rc.import_result
        self.keys_table, self.key_fp = ok.keys_table, ok.key_fp
        self.new_key_button, self.revoke_key_button = ok.new_key_button, ok.revoke_key_button
        self.trust_table, self.trust_fp, self.add_trust_button = tr.trust_table, tr.trust_fp, tr.add_trust_button
        self.retranslate_dynamic()

    @staticmethod
    def _scrolled(inner: QWidget) -> QScrollArea:
        area = QScrollArea()
        area.setWidgetResizable(True)
        area.setFrameShape(QFrame.Shape.NoFrame)
        area.setWidget(inner)
        return area

    # what the panels share -----------------------------------------------------------
    def busy_view(self) -> QWidget:
        return self

    # dialogs go through here so tests can fill the real dialog instead of a person
    def exec_dialog(self, dialog: QDialog) -> bool:
        return dialog.exec() == QDialog.DialogCode.Accepted

    def ask_passphrase(self, what: str) -> str | None:
        dialog = PassphraseDialog(self, what)
        try:
            ok = self.exec_dialog(dialog)
            text = dialog.take()
            return text if ok else None
        finally:
            dialog.deleteLater()

    def confirm(self, title: str, text: str) -> bool:
        answer = QMessageBox.question(self, title, text)
        return answer == QMessageBox.StandardButton.Yes

    @property
    def own_keys(self) -> list[keys.StoredKey]:
        return self.own_keys_panel.own_keys

    def selected_key_id(self) -> str | None:
        return self.own_keys_panel._selected_key_id()

    @property
    def trusted(self) -> list[trust.TrustedKey]:
        return self.trust_panel.trusted

    @property
    def verdict(self) -> BundleVerdict | None:
        return self.receiving.verdict

    @property
    def import_op(self) -> Operation[tuple[list[str], list[str]]] | None:
        """The running or last import, for Cancel."""
        return self.receiving.import_op

    def _outcome(self, outcome: Any) -> None:
        self.last_outcome = outcome

    # loading -----------------------------------------------------------------------
    def reload(self) -> None:
        listed = self.session_box.refresh(self, self.ctx.store, self.session_id)
        target = self.session_box.current_id() if listed else None
        if target is not None:
            self._load_session(target)
        else:
            self.session_id, self.detail = None, None
        self.import_button.setEnabled(not self.ctx.read_only)
        self.reload_keys()
        self.reload_trust()

    def _load_session(self, session_id: str) -> None:
        self.session_id = session_id
        ok, detail = call_now(self, lambda: sessions.get_session(self.ctx.store, session_id))
        self.detail = detail if ok else None
        self.exporting.show_session(self.detail)

    def reload_keys(self) -> None:
        self.own_keys_panel.reload_keys()

    def reload_trust(self) -> None:
        self.trust_panel.reload_trust()

    # actions, each done by the panel that holds its buttons ---------------------------
    def export_results(self, out: str | None = None) -> None:
        self.exporting.export_results(out)

    def export_member(self, out: str | None = None) -> None:
        self.exporting.export_member(out)

    def verify(self, path: str | None = None) -> None:
        if self.receiving.verify(path):
            self.tabs.setCurrentIndex(1)

    def show_verdict(self, verdict: BundleVerdict | None) -> None:
        self.receiving.show_verdict(verdict)

    def import_files(self, paths: list[str] | None = None) -> None:
        self.receiving.import_files(paths)

    def new_key(self) -> None:
        self.own_keys_panel.new_key()

    def export_public(self, out: str | None = None) -> None:
        self.own_keys_panel.export_public(out)

    def export_private(self, out: str | None = None) -> None:
        self.own_keys_panel.export_private(out)

    def import_private(self, path: str | None = None) -> None:
        self.own_keys_panel.import_private(path)

    def revoke_key(self, confirmed: bool = False) -> None:
        self.own_keys_panel.revoke_key(confirmed)

    def add_trust(self, path: str | None = None) -> None:
        self.trust_panel.add_trust(path)

    def revoke_trust(self, confirmed: bool = False, note: str = "") -> None:
        self.trust_panel.revoke_trust(confirmed, note)

    # language -------------------------------------------------------------------------
    def retranslate_dynamic(self) -> None:
        self.own_keys_panel.set_headers()
        self.trust_panel.set_headers()
        self.receiving.retranslate()
        if self.own_keys or self.trusted:
            self.reload_keys()
            self.reload_trust()
        else:
            self.own_keys_panel.show_selected()
