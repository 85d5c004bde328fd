"""Gói kết quả ký số: export signed bundles, verify and import them, own keys, trusted keys.

Every action is a call into `ocop_desk.bundles` (the same functions as the
`bundle`, `keys` and `trust` commands); this screen asks for files and
passphrases, shows verdicts, and adds no rule of its own.  A passphrase is
asked for each signing, used inside that one background call, and kept
nowhere.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ocop_desk.errors import OcopError
from ocop_desk.i18n import N_, _
from ocop_desk.ui import file_dialogs
from ocop_desk.ui.bundle_dialogs import (
    NewKeyDialog,
    PassphraseDialog,
    TrustConfirmDialog,
    fingerprint_label,
    level_name,
    owner_kind_name,
    spoken_fingerprint,
)
from ocop_desk.ui.operations import Cancelled, Changes, call_now, report_error, run_op
from ocop_desk.ui.page import Page, fill_session_box, record_table
from ocop_desk.ui.widgets import FlowLayout
from ocop_desk.words import counts_text, kind_name

BUNDLE_FILTER = N_("Signed bundle (*.ocop);;All files (*)")
KEY_FILTER = N_("Key file (*.json);;All files (*)")
GOOD = ("#e3f4e1", "#1e8449")
BAD = ("#fde2e1", "#b03a2e")

_VERDICT_NAMES = {"valid": N_("VALID: every signature checks out and the signer is trusted"),
                  "malformed": N_("REFUSED: not a well-formed bundle"),
                  "tampered": N_("REFUSED: tampered (the content or the signature does not match)"),
                  "untrusted": N_("REFUSED: unknown or revoked signer"),
                  "refused": N_("REFUSED")}
_STATUS_NAMES = {"imported": N_("imported"), "unchanged": N_("unchanged")}


def verdict_name(verdict: str) -> str:
    return _(_VERDICT_NAMES.get(verdict, _VERDICT_NAMES["refused"]))




def _table(columns: int, name: str) -> QTableWidget:
    return record_table(columns, name, stretch_last=True, tab_keys=False)


def _wrapped(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class VerdictPanel(QFrame):
    """Green or red: what the bundle is, who signed it, and the exact reason when refused."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("verdictPanel")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.verdict = None
        self.headline = QLabel()
        self.headline.setObjectName("verdictHeadline")
        self.headline.setWordWrap(True)
        font = self.headline.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.headline.setFont(font)
        self.reason = _wrapped()
        self.reason.setObjectName("verdictReason")
        # a grid, not a QFormLayout: wrapped values there get one line's height and lose the rest
        self.form = QGridLayout()
        self.form.setColumnStretch(1, 1)
        self.fields: dict[str, QLabel] = {}
        self._labels: dict[str, QLabel] = {}
        for row, key in enumerate(("file", "kind", "issuer", "envelope", "counts")):
            self._labels[key] = QLabel()
            self._labels[key].setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
            self.fields[key] = _wrapped()
            self.fields[key].setObjectName(f"verdict_{key}")
            self.form.addWidget(self._labels[key], row, 0)
            self.form.addWidget(self.fields[key], row, 1)
        self.signers_title = QLabel()
        self.signers = QVBoxLayout()
        layout = QVBoxLayout(self)
        layout.addWidget(self.headline)
        layout.addWidget(self.reason)
        layout.addLayout(self.form)
        layout.addWidget(self.signers_title)
        layout.addLayout(self.signers)
        layout.addStretch(1)
        self.show_verdict(None)

    def show_verdict(self, v: Any) -> None:  # BundleVerdict | None
        self.verdict = v
        titles = {"file": _("File:"), "kind": _("Kind:"), "issuer": _("Issuer:"), "envelope": _("Envelope:"),
                  "counts": _("Counts:")}
        for key, label in self._labels.items():
            label.setText(titles[key])
        while self.signers.count():
            item = self.signers.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        if v is None:
            self.setStyleSheet("")
            self.headline.setText(_("Open a bundle file to see its verdict."))
            self.reason.setText("")
            self.reason.setVisible(False)
            for f in self.fields.values():
                f.setText("—")
            self.signers_title.setText("")
            return
        bg, fg = GOOD if v.ok else BAD
        self.setStyleSheet(f"QFrame#verdictPanel {{ background: {bg}; border: 2px solid {fg}; }}")
        self.headline.setStyleSheet(f"color: {fg};")
        self.headline.setText(("✔ " if v.ok else "✘ ") + verdict_name(v.verdict))
        self.reason.setText(_("Reason: {reason}").format(reason=v.message) if v.message else "")
        self.reason.setVisible(bool(v.message))
        self.fields["file"].setText(v.file)
        self.fields["kind"].setText(kind_name(v.kind))
        self.fields["issuer"].setText("—" if v.issuer is None else _(
            "council {council}, admin unit {unit}, key {key}").format(
            council=v.issuer.council, unit=v.issuer.admin_unit or "—", key=v.issuer.key_id))
        if v.envelope_id:
            text = _("{id}, created {at}").format(id=v.envelope_id, at=v.created_at)
            if v.supersedes:
                text += "\n" + _("replaces {id}").format(id=v.supersedes)
        else:
            text = "—"
        self.fields["envelope"].setText(text)
        self.fields["counts"].setText(counts_text(v.counts) if v.kind else "—")
        self.signers_title.setText(_("Signed by:") if v.signers else "")
        for s in v.signers:
            who = QLabel(_("{name} ({kind} {owner})").format(name=s.name or "—", kind=owner_kind_name(s.owner_kind or ""),
                                                               owner=s.owner_id) if s.fingerprint
                         else _("a key that is not in this trust store: {key}").format(key=s.key_id))
            who.setWordWrap(True)
            self.signers.addWidget(who)
            if s.fingerprint:
                fp = fingerprint_label(spoken_fingerprint(s.fingerprint), point_size=14)
                self.signers.addWidget(fp)


class BundlesPage(Page):
    key = "bundles"
    watches = Changes.SESSIONS | Changes.COUNCILS | Changes.STORE

    @staticmethod
    def nav_title() -> str:
        return _("Signed bundles")

    def __init__(self, ctx) -> None:  # type: ignore[no-untyped-def]
        super().__init__(ctx)
        # None means the user's own folders (keys/ and trust.json in the user data folder)
        self.keys_folder: Path | None = None
        self.trust_path: Path | None = None
        self.session_id: str | None = None
        self.detail = None  # sessions.SessionDetail of the chosen session
        self.own_keys: list[Any] = []
        self.trusted: list[Any] = []
        self.verdict = None
        self.last_outcome = None
        self.import_op = None  # the running or last import, for Cancel
        self._loading = False
        tx = self.texts.bind

        self.tabs = QTabWidget()
        self.tabs.setObjectName("bundleTabs")
        self.tabs.addTab(self._build_export(tx), "")
        self.tabs.addTab(self._build_verify(tx), "")
        self.tabs.addTab(self._build_keys(tx), "")
        self.tabs.addTab(self._build_trust(tx), "")
        for i, text in enumerate((lambda: _("E&xport"), lambda: _("&Verify and import"), lambda: _("My &keys"),
                                  lambda: _("&Trusted keys"))):
            tx(lambda t, i=i: self.tabs.setTabText(i, t), text)
        root = QVBoxLayout(self)
        root.addWidget(self.tabs)
        self.retranslate_dynamic()

    # building -----------------------------------------------------------------
    def _build_export(self, tx: Callable[..., None]) -> QWidget:
        w = QWidget()
        top = QHBoxLayout()
        self.session_label = QLabel()
        tx(self.session_label.setText, lambda: _("&Session:"))
        self.session_box = QComboBox()
        self.session_box.setObjectName("bundleSession")
        self.session_box.setMinimumContentsLength(24)
        self.session_label.setBuddy(self.session_box)
        self.session_box.currentIndexChanged.connect(self._session_chosen)
        top.addWidget(self.session_label)
        top.addWidget(self.session_box, 1)

        self.results_group = QGroupBox()
        tx(self.results_group.setTitle, lambda: _("The session's results, signed by the council (to the province)"))
        form = QFormLayout(self.results_group)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.council_key = QComboBox()
        self.council_key.setObjectName("councilKey")
        self.council_key_label = QLabel()
        tx(self.council_key_label.setText, lambda: _("&Council key:"))
        self.council_key_label.setBuddy(self.council_key)
        form.addRow(self.council_key_label, self.council_key)
        self.minutes = QLineEdit()
        self.minutes.setObjectName("minutesPdf")
        self.minutes_browse = QPushButton()
        tx(self.minutes_browse.setText, lambda: _("Choose…"))
        self.minutes_browse.clicked.connect(self._choose_minutes)
        row = QHBoxLayout()
        row.addWidget(self.minutes, 1)
        row.addWidget(self.minutes_browse)
        self.minutes_label = QLabel()
        tx(self.minutes_label.setText, lambda: _("Signed &minutes PDF (optional):"))
        self.minutes_label.setBuddy(self.minutes)
        form.addRow(self.minutes_label, row)
        self.supersedes = QLineEdit()
        self.supersedes.setObjectName("supersedes")
        self.supersedes_label = QLabel()
        tx(self.supersedes_label.setText, lambda: _("Re&places bundle (id, optional):"))
        self.supersedes_label.setBuddy(self.supersedes)
        form.addRow(self.supersedes_label, self.supersedes)
        self.export_button = QPushButton()
        self.export_button.setObjectName("exportResults")
        tx(self.export_button.setText, lambda: _("Export the &results bundle…"))
        self.export_button.clicked.connect(lambda: self.export_results())
        form.addRow(self.export_button)

        self.member_group = QGroupBox()
        tx(self.member_group.setTitle, lambda: _("My scorecards, signed by me (to the secretary)"))
        mform = QFormLayout(self.member_group)
        mform.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.member_box = QComboBox()
        self.member_box.setObjectName("exportMember")
        self.member_label = QLabel()
        tx(self.member_label.setText, lambda: _("M&ember:"))
        self.member_label.setBuddy(self.member_box)
        self.member_box.currentIndexChanged.connect(lambda _i: self._fill_member_keys())
        mform.addRow(self.member_label, self.member_box)
        self.member_key = QComboBox()
        self.member_key.setObjectName("memberKey")
        self.member_key_label = QLabel()
        tx(self.member_key_label.setText, lambda: _("Member ke&y:"))
        self.member_key_label.setBuddy(self.member_key)
        mform.addRow(self.member_key_label, self.member_key)
        self.export_member_button = QPushButton()
        self.export_member_button.setObjectName("exportMember")
        tx(self.export_member_button.setText, lambda: _("Export my sc&orecards…"))
        self.export_member_button.clicked.connect(lambda: self.export_member())
        mform.addRow(self.export_member_button)

        self.import_group = QGroupBox()
        tx(self.import_group.setTitle, lambda: _("Members' scorecards and dossier packages received"))
        il = QVBoxLayout(self.import_group)
        hint = _wrapped()
        tx(hint.setText, lambda: _("Each file is verified against the trusted keys before anything is written; "
                                   "a file already taken in changes nothing, a newer one from the same member "
                                   "replaces the older."))
        il.addWidget(hint)
        self.import_button = QPushButton()
        self.import_button.setObjectName("importFiles")
        tx(self.import_button.setText, lambda: _("&Import signed files…"))
        self.import_button.clicked.connect(lambda: self.import_files())
        il.addWidget(self.import_button, 0, Qt.AlignmentFlag.AlignLeft)

        self.export_result = _wrapped()
        self.export_result.setObjectName("exportResult")
        layout = QVBoxLayout(w)
        layout.addLayout(top)
        layout.addWidget(self.results_group)
        layout.addWidget(self.member_group)
        layout.addWidget(self.import_group)
        layout.addWidget(self.export_result)
        layout.addStretch(1)
        return self._scrolled(w)

    def _build_verify(self, tx: Callable[..., None]) -> QWidget:
        w = QWidget()
        buttons = FlowLayout()
        self.verify_button = QPushButton()
        self.verify_button.setObjectName("verifyBundle")
        tx(self.verify_button.setText, lambda: _("&Open and verify a bundle…"))
        self.verify_button.clicked.connect(lambda: self.verify())
        self.import_verified = QPushButton()
        self.import_verified.setObjectName("importVerified")
        tx(self.import_verified.setText, lambda: _("&Import into this store"))
        self.import_verified.clicked.connect(self._import_verified)
        self.merge_verified = QPushButton()
        self.merge_verified.setObjectName("mergeVerified")
        tx(self.merge_verified.setText, lambda: _("&Merge on the Province screen"))
        self.merge_verified.clicked.connect(self._merge_verified)
        buttons.addWidget(self.verify_button)
        buttons.addWidget(self.import_verified)
        buttons.addWidget(self.merge_verified)
        self.panel = VerdictPanel()
        self.import_result = _wrapped()
        self.import_result.setObjectName("importResult")
        layout = QVBoxLayout(w)
        layout.addLayout(buttons)
        layout.addWidget(self.panel)
        layout.addWidget(self.import_result)
        layout.addStretch(1)
        self._update_verdict_buttons()
        return self._scrolled(w)

    def _build_keys(self, tx: Callable[..., None]) -> QWidget:
        w = QWidget()
        intro = _wrapped()
        tx(intro.setText, lambda: _("Your own signing keys on this computer. Give the public key file to whoever "
                                    "receives your bundles, and read them the fingerprint so they can check it."))
        self.keys_table = _table(8, "keysTable")
        self.keys_table.itemSelectionChanged.connect(self._key_selected)
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
        layout = QVBoxLayout(w)
        layout.addWidget(intro)
        layout.addLayout(buttons)
        layout.addWidget(self.keys_table, 1)
        layout.addWidget(self.key_fp_title)
        layout.addWidget(self.key_fp)
        return w

    def _build_trust(self, tx: Callable[..., None]) -> QWidget:
        w = QWidget()
        intro = _wrapped()
        tx(intro.setText, lambda: _("Public keys whose signatures this computer accepts. Add a key only after its "
                                    "owner has read you the same fingerprint. A revoked key stays listed."))
        self.trust_table = _table(8, "trustTable")
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
        self.trust_where = _wrapped()
        layout = QVBoxLayout(w)
        layout.addWidget(intro)
        layout.addLayout(buttons)
        layout.addWidget(self.trust_table, 1)
        layout.addWidget(self.trust_fp)
        layout.addWidget(self.trust_where)
        return w

    @staticmethod
    def _scrolled(inner: QWidget) -> QScrollArea:
        area = QScrollArea()
        area.setWidgetResizable(True)
        area.setFrameShape(QFrame.Shape.NoFrame)
        area.setWidget(inner)
        return area

    # dialogs go through here so tests can fill the real dialog instead of a person
    def exec_dialog(self, dialog: QDialog) -> bool:
        return dialog.exec() == QDialog.DialogCode.Accepted

    def _ask_passphrase(self, what: str) -> str | None:
        dialog = PassphraseDialog(self, what)
        try:
            ok = self.exec_dialog(dialog)
            text = dialog.take()
            return text if ok else None
        finally:
            dialog.deleteLater()

    def _confirm(self, title: str, text: str) -> bool:
        answer = QMessageBox.question(self, title, text)
        return answer == QMessageBox.StandardButton.Yes

    # loading -----------------------------------------------------------------------
    def _trust(self):  # type: ignore[no-untyped-def]
        from ocop_desk.bundles.trust import load_trust

        return load_trust(self.trust_path)

    def reload(self) -> None:
        from ocop_desk import sessions

        ok, summaries = call_now(self, lambda: sessions.list_sessions(self.ctx.store))
        self._loading = True
        ids = fill_session_box(self.session_box, summaries)
        self._loading = False
        if ids:
            target = self.session_id if self.session_id in ids else ids[0]
            self._loading = True
            self.session_box.setCurrentIndex(ids.index(target))
            self._loading = False
            self._load_session(target)
        else:
            self.session_id, self.detail = None, None
        self.import_button.setEnabled(not self.ctx.read_only)
        self.reload_keys()
        self.reload_trust()

    def _session_chosen(self, index: int) -> None:
        if not self._loading and index >= 0:
            self._load_session(self.session_box.itemData(index))

    def _load_session(self, session_id: str) -> None:
        from ocop_desk import sessions

        self.session_id = session_id
        ok, detail = call_now(self, lambda: sessions.get_session(self.ctx.store, session_id))
        self.detail = detail if ok else None
        self.member_box.blockSignals(True)
        self.member_box.clear()
        for m in self.detail.members if self.detail else ():
            self.member_box.addItem(f"{m.code} — {m.name}", m.code)
        self.member_box.blockSignals(False)
        self._fill_council_keys()
        self._fill_member_keys()

    def reload_keys(self) -> None:
        from ocop_desk.bundles import keys

        ok, found = call_now(self, lambda: keys.list_keys(self.keys_folder))
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
        self._key_selected()
        self._fill_council_keys()
        self._fill_member_keys()

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

    def _usable_keys(self, kind: str, owner: str | None) -> list[Any]:
        return [k for k in self.own_keys if k.public.owner_kind == kind and k.public.owner_id == owner
                and not k.revoked_at]

    def _fill_key_box(self, box: QComboBox, found: list[Any]) -> None:
        box.clear()
        for k in found:
            box.addItem(f"{k.public.name or k.public.owner_id} · {k.public.fingerprint}", k.key_id)
        if not found:
            box.addItem(_("no key yet: make one on the My keys tab"), None)

    def _fill_council_keys(self) -> None:
        council = self.detail.council.id if self.detail else None
        found = self._usable_keys("council", council)
        self._fill_key_box(self.council_key, found)
        self.export_button.setEnabled(bool(found) and self.detail is not None)

    def _fill_member_keys(self) -> None:
        member = self.member_box.currentData()
        found = self._usable_keys("member", member)
        self._fill_key_box(self.member_key, found)
        self.export_member_button.setEnabled(bool(found) and self.detail is not None)

    # export ------------------------------------------------------------------------
    def _choose_minutes(self) -> None:
        path = file_dialogs.open_file(self, _("Signed minutes"), _("PDF (*.pdf)"))
        if path:
            self.minutes.setText(path)

    def _key_text(self, key_id: str) -> str:
        k = next(k for k in self.own_keys if k.key_id == key_id)
        return _("Passphrase of the key of {name} ({kind} {owner}), fingerprint {fp}:").format(
            name=k.public.name or "—", kind=owner_kind_name(k.public.owner_kind), owner=k.public.owner_id,
            fp=k.public.fingerprint)

    def export_results(self, out: str | None = None) -> None:
        from ocop_desk.bundles import keys
        from ocop_desk.bundles.session_results import export_session_results

        key_id = self.council_key.currentData()
        if self.detail is None or not key_id:
            return
        sid = self.detail.id
        if not out:
            out = file_dialogs.save_file(self, _("Export the results bundle"), f"{sid}-{self.detail.council.id}.ocop",
                                         _(BUNDLE_FILTER))
        if not out:
            return
        passphrase = self._ask_passphrase(self._key_text(key_id))
        if passphrase is None:
            return
        minutes = Path(self.minutes.text().strip()) if self.minutes.text().strip() else None
        supersedes = self.supersedes.text().strip() or None
        store, folder, target = self.ctx.store, self.keys_folder, Path(out)

        def work(progress):  # type: ignore[no-untyped-def]
            signer = keys.unlock(keys.find_key(key_id, folder), passphrase)
            return export_session_results(store, sid, signer, target, minutes_pdf=minutes, supersedes=supersedes,
                                          progress=lambda i, n: progress.report(i, n))

        run_op(self, work, title=_("Signing the results bundle"), on_success=self._exported)

    def export_member(self, out: str | None = None) -> None:
        from ocop_desk.bundles import keys
        from ocop_desk.bundles.member_scorecards import export_member_scorecards

        key_id, member = self.member_key.currentData(), self.member_box.currentData()
        if self.detail is None or not key_id or not member:
            return
        sid = self.detail.id
        if not out:
            out = file_dialogs.save_file(self, _("Export my scorecards"), f"{sid}-{member}.ocop", _(BUNDLE_FILTER))
        if not out:
            return
        passphrase = self._ask_passphrase(self._key_text(key_id))
        if passphrase is None:
            return
        store, folder, target = self.ctx.store, self.keys_folder, Path(out)

        def work(progress):  # type: ignore[no-untyped-def]
            signer = keys.unlock(keys.find_key(key_id, folder), passphrase)
            return export_member_scorecards(store, sid, member, signer, target)

        run_op(self, work, title=_("Signing my scorecards"), on_success=self._exported)

    def _exported(self, outcome: Any) -> None:
        self.last_outcome = outcome
        text = _("Written: {file}\n{kind}, bundle {id} ({counts})").format(
            file=outcome.path, kind=kind_name(outcome.kind), id=outcome.envelope_id,
            counts=counts_text(outcome.counts))
        self.export_result.setText(text)
        self.ctx.status(_("Bundle written to {file}").format(file=outcome.path))

    # verify and import ------------------------------------------------------------------
    def verify(self, path: str | None = None) -> None:
        from ocop_desk.bundles.verify import inspect_bundle

        if not path:
            path = file_dialogs.open_file(self, _("Verify a bundle"), _(BUNDLE_FILTER))
        if not path:
            return
        self.tabs.setCurrentIndex(1)
        trust_path = self.trust_path

        def work(progress):  # type: ignore[no-untyped-def]
            from ocop_desk.bundles.trust import load_trust

            return inspect_bundle(path, load_trust(trust_path))

        run_op(self, work, title=_("Verifying the bundle"), on_success=self.show_verdict)

    def show_verdict(self, verdict: Any) -> None:
        self.verdict = verdict
        self.import_result.setText("")
        self.panel.show_verdict(verdict)
        self._update_verdict_buttons()

    def _update_verdict_buttons(self) -> None:
        v = self.verdict
        ok = v is not None and v.ok
        self.import_verified.setEnabled(ok and v.kind in ("member-scorecards", "dossier-package")
                                        and not self.ctx.read_only)
        self.merge_verified.setEnabled(ok and v.kind == "session-results" and not self.ctx.read_only)

    def _import_verified(self) -> None:
        if self.verdict is not None:
            self.import_files([self.verdict.file])

    def _merge_verified(self) -> None:
        if self.verdict is not None:
            self.ctx.navigate("province", files=[self.verdict.file])

    def import_files(self, paths: list[str] | None = None) -> None:
        """Member scorecards and dossier packages, each verified then taken in; one refusal stops no other."""
        if self.ctx.read_only:
            return
        if paths is None:
            paths = file_dialogs.open_files(self, _("Import signed files"), _(BUNDLE_FILTER))
        if not paths:
            return
        store, trust_path = self.ctx.store, self.trust_path
        files = [str(p) for p in paths]

        def work(progress):  # type: ignore[no-untyped-def]
            from ocop_desk.bundles.envelope import read_envelope
            from ocop_desk.bundles.trust import load_trust

            trust = load_trust(trust_path)
            done: list[str] = []
            refused: list[str] = []
            for i, f in enumerate(files):
                try:
                    progress.report(i, len(files), Path(f).name)
                except Cancelled:
                    # what was taken in stays; say so, and let the views refresh for it
                    refused.append(_("cancelled before {file}").format(file=f))
                    break
                try:
                    kind = read_envelope(f).kind
                    if kind == "member-scorecards":
                        from ocop_desk.bundles.member_scorecards import import_member_scorecards

                        r = import_member_scorecards(store, f, trust)
                        done.append(_("{file}: scorecards of member {member}, session {session}: {status} "
                                      "({n} sheets, {w} choices written)").format(
                            file=Path(f).name, member=r.member, session=r.session, status=_(_STATUS_NAMES[r.status]),
                            n=r.scorecards, w=r.choices_written))
                    elif kind == "dossier-package":
                        from ocop_desk.bundles.dossier_package import import_dossier_package

                        d = import_dossier_package(store, f, trust)
                        done.append(_("{file}: dossier of product {code}: {status} ({n} evidence files added)").format(
                            file=Path(f).name, code=d.product, status=_(_STATUS_NAMES[d.status]),
                            n=d.evidence_added))
                    else:
                        raise OcopError(_("session results are merged on the Province screen, not imported"),
                                        file=f)
                except OcopError as exc:
                    refused.append(exc.one_line())
            return done, refused

        self.import_op = run_op(self, work, title=_("Importing signed files"), bus=self.ctx.bus,
                                changes=Changes.SCORES | Changes.DOSSIERS, origin=self, on_success=self._imported)

    def _imported(self, outcome: tuple[list[str], list[str]]) -> None:
        done, refused = outcome
        lines = list(done) + [_("REFUSED: {reason}").format(reason=r) for r in refused]
        self.last_outcome = outcome
        self.import_result.setText("\n".join(lines))
        self.export_result.setText("\n".join(lines))
        self.import_result.setStyleSheet(f"color: {BAD[1]};" if refused else "")
        self.export_result.setStyleSheet(f"color: {BAD[1]};" if refused else "")

    # own keys -------------------------------------------------------------------------
    def _selected_key_id(self) -> str | None:
        rows = self.keys_table.selectionModel().selectedRows() if self.keys_table.selectionModel() else []
        if not rows:
            return None
        return self.keys_table.item(rows[0].row(), 0).data(Qt.ItemDataRole.UserRole)

    def _selected_key(self) -> Any:
        key_id = self._selected_key_id()
        return next((k for k in self.own_keys if k.key_id == key_id), None)

    def _key_selected(self) -> None:
        k = self._selected_key()
        self.key_fp_title.setText(_("Fingerprint of {owner} ({name}):").format(
            owner=k.public.owner_id, name=k.public.name or "—") if k else _("No key yet."))
        self.key_fp.setText(spoken_fingerprint(k.public.fingerprint) if k else "")
        for b in (self.export_public_button, self.export_private_button):
            b.setEnabled(k is not None)
        self.revoke_key_button.setEnabled(k is not None and not k.revoked_at)

    def new_key(self) -> None:
        from ocop_desk.bundles import keys

        council = None
        members: list[tuple[str, str]] = []
        if self.detail is not None:
            c = self.detail.council
            council = (c.id, c.name, c.level, c.admin_unit or "")
            members = [(m.code, m.name) for m in self.detail.members]
        dialog = NewKeyDialog(self, council=council, members=members)
        try:
            if not self.exec_dialog(dialog):
                dialog.take_passphrase()
                return
            req = dialog.request()
            passphrase = dialog.take_passphrase()
        finally:
            dialog.deleteLater()
        folder = self.keys_folder

        def work(progress):  # type: ignore[no-untyped-def]
            stored, _signer = keys.new_key(req.owner_kind, req.owner_id, passphrase, name=req.name, level=req.level,
                                           admin_unit=req.admin_unit)
            keys.save_key(stored, folder)
            return stored

        run_op(self, work, title=_("Making the key"), on_success=self._key_made, cancellable=False)

    def _key_made(self, stored: Any) -> None:
        self.reload_keys()
        for row in range(self.keys_table.rowCount()):
            if self.keys_table.item(row, 0).data(Qt.ItemDataRole.UserRole) == stored.key_id:
                self.keys_table.selectRow(row)
        self.ctx.status(_("Key made; fingerprint {fp}").format(fp=stored.public.fingerprint))

    def export_public(self, out: str | None = None) -> None:
        from ocop_desk.bundles import keys

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
            self.ctx.status(_("Public key written to {file}; fingerprint {fp}").format(
                file=target, fp=k.public.fingerprint))

    def export_private(self, out: str | None = None) -> None:
        from ocop_desk.bundles import keys

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
            self.ctx.status(_("Encrypted private key written to {file}").format(file=target))

    def import_private(self, path: str | None = None) -> None:
        from ocop_desk.bundles import keys

        if not path:
            path = file_dialogs.open_file(self, _("Import a private key"), _(KEY_FILTER))
        if not path:
            return
        folder = self.keys_folder
        ok, _stored = call_now(self, lambda: keys.import_key(Path(path), folder))
        if ok:
            self.reload_keys()

    def revoke_key(self, confirmed: bool = False) -> None:
        from ocop_desk.bundles import keys

        k = self._selected_key()
        if k is None or k.revoked_at:
            return
        if not confirmed and not self._confirm(_("Revoke the key"), _(
                "Revoke the key of {owner} ({fp})? It will no longer sign; tell everyone who trusts it.").format(
                owner=k.public.owner_id, fp=k.public.fingerprint)):
            return
        folder = self.keys_folder
        if call_now(self, lambda: keys.revoke_key(k.key_id, folder))[0]:
            self.reload_keys()

    # trusted keys ------------------------------------------------------------------------
    def _selected_trusted(self) -> Any:
        rows = self.trust_table.selectionModel().selectedRows() if self.trust_table.selectionModel() else []
        if not rows:
            return None
        key_id = self.trust_table.item(rows[0].row(), 0).data(Qt.ItemDataRole.UserRole)
        return next((e for e in self.trusted if e.key_id == key_id), None)

    def _trust_selected(self) -> None:
        e = self._selected_trusted()
        self.trust_fp.setText(spoken_fingerprint(e.key.fingerprint) if e else "")
        self.revoke_trust_button.setEnabled(e is not None and not e.revoked)

    def add_trust(self, path: str | None = None) -> None:
        from ocop_desk.bundles import keys, trust

        if not path:
            path = file_dialogs.open_file(self, _("Trust a public-key file"), _(KEY_FILTER))
        if not path:
            return
        ok, key = call_now(self, lambda: keys.read_public_key(Path(path)))
        if not ok or key is None:
            return
        council = None
        if (key.owner_kind == "member" and self.detail is not None and not self.ctx.read_only
                and any(m.code == key.owner_id for m in self.detail.members)):
            council = self.detail.council.id
        register_text = None if council is None else _(
            "Also &register it as member {member}'s key in council {council}").format(member=key.owner_id,
                                                                                   council=council)
        dialog = TrustConfirmDialog(self, key_id=key.key_id, owner_kind=key.owner_kind, owner_id=key.owner_id,
                                    name=key.name, level=key.level, admin_unit=key.admin_unit,
                                    fingerprint=key.fingerprint, file=str(path), register_text=register_text)
        try:
            if not self.exec_dialog(dialog):
                return
            note = dialog.note.text().strip()
            register = dialog.register is not None and dialog.register.isChecked()
        finally:
            dialog.deleteLater()
        store = self._trust_for_change()
        signer = self._trust_admin(store) if store is not None else None
        if signer is None:
            return
        ok, result = call_now(self, lambda: trust.add_key(store, key, note=note, signer=signer))
        if not ok or result is None:
            return
        _store, entry = result
        if entry.revoked:
            report_error(self, OcopError(_("this key is in the trust store but was revoked on {date}; "
                                           "it stays revoked").format(date=entry.revoked_at), file=str(path)))
        elif register and council is not None:
            from ocop_desk.bundles.member_scorecards import register_member_key

            if call_now(self, lambda: register_member_key(self.ctx.store, council, key))[0]:
                self.ctx.bus.announce(Changes.COUNCILS, self)
                self.ctx.status(_("Registered as the key of member {member} of council {council}").format(
                    member=key.owner_id, council=council))
        self.reload_trust()

    def revoke_trust(self, confirmed: bool = False, note: str = "") -> None:
        from ocop_desk.bundles import trust

        e = self._selected_trusted()
        if e is None or e.revoked:
            return
        if not confirmed and not self._confirm(_("Stop trusting a key"), _(
                "Stop trusting the key of {owner} ({fp})? Bundles it signed will be refused from now on.").format(
                owner=e.key.owner_id, fp=e.key.fingerprint)):
            return
        store = self._trust_for_change()
        signer = self._trust_admin(store) if store is not None else None
        if signer is not None and call_now(self, lambda: trust.revoke(store, e.key_id, note=note, signer=signer))[0]:
            self.reload_trust()

    def _trust_for_change(self):  # type: ignore[no-untyped-def]
        ok, store = call_now(self, self._trust)
        return store if ok else None

    def _trust_admin(self, store):  # type: ignore[no-untyped-def]
        """The trust store administrator's unlocked key: every change to the store is sealed with it."""
        from ocop_desk.bundles import keys, trust

        ok, ref = call_now(self, lambda: trust.administrator_ref(store, self._selected_key_id(), self.keys_folder))
        if not ok or ref is None:
            return None
        known = any(k.key_id == ref for k in self.own_keys)
        passphrase = self._ask_passphrase(self._key_text(ref) if known else _(
            "Passphrase of the trust store administrator's key {key}:").format(key=ref))
        if passphrase is None:
            return None
        ok, signer = call_now(self, lambda: keys.unlock(keys.find_key(ref, self.keys_folder), passphrase))
        return signer if ok else None

    # language -------------------------------------------------------------------------
    def retranslate_dynamic(self) -> None:
        self.keys_table.setHorizontalHeaderLabels([_("For"), _("Owner id"), _("Name"), _("Level"), _("Admin unit"),
                                                   _("Key id"), _("Created"), _("State")])
        self.trust_table.setHorizontalHeaderLabels([_("For"), _("Owner id"), _("Whose key"), _("Level"),
                                                    _("Admin unit"), _("Fingerprint"), _("Added"), _("State")])
        self.panel.show_verdict(self.verdict)
        if self.own_keys or self.trusted:
            self.reload_keys()
            self.reload_trust()
        else:
            self._key_selected()
