"""The Export tab of the signed-bundles screen: the session's results signed by the council, a member's own
scorecards signed by the member, and the button that takes in the members' files."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ocop_desk.bundles import keys
from ocop_desk.exchange.member_scorecards import export_member_scorecards
from ocop_desk.exchange.session_results import ExportOutcome, export_session_results
from ocop_desk.i18n import _
from ocop_desk.ui import file_dialogs
from ocop_desk.ui.bundles_host import BAD, BUNDLE_FILTER, BundlesHost, passphrase_prompt, wrapped
from ocop_desk.ui.operations import Progress, run_op
from ocop_desk.ui.session_chooser import SessionChooser
from ocop_desk.vocabulary import kind_name
from ocop_desk.words import counts_text

if TYPE_CHECKING:
    from ocop_desk.sessions import SessionDetail


class ExportPanel(QWidget):
    """Asks for the key, the file and the passphrase; the passphrase lives only inside the one signing call."""

    exported = Signal(object)  # the outcome of a bundle written
    import_asked = Signal()

    def __init__(self, host: BundlesHost) -> None:
        super().__init__()
        self.host = host
        self.own_keys: list[keys.StoredKey] = []
        tx = host.texts.bind
        top = QHBoxLayout()
        self.session_box = SessionChooser(host.texts, name="bundleSession", min_chars=24)
        top.addWidget(self.session_box.label)
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
        hint = wrapped()
        tx(hint.setText, lambda: _("Each file is verified against the trusted keys before anything is written; "
                                   "a file already taken in changes nothing, a newer one from the same member "
                                   "replaces the older."))
        il.addWidget(hint)
        self.import_button = QPushButton()
        self.import_button.setObjectName("importFiles")
        tx(self.import_button.setText, lambda: _("&Import signed files…"))
        self.import_button.clicked.connect(self.import_asked)
        il.addWidget(self.import_button, 0, Qt.AlignmentFlag.AlignLeft)

        self.export_result = wrapped()
        self.export_result.setObjectName("exportResult")
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.results_group)
        layout.addWidget(self.member_group)
        layout.addWidget(self.import_group)
        layout.addWidget(self.export_result)
        layout.addStretch(1)

    # what the page hands over ------------------------------------------------------
    def show_session(self, detail: SessionDetail | None) -> None:
        """The chosen session's members (None: no session)."""
        self.member_box.blockSignals(True)
        self.member_box.clear()
        for m in detail.members if detail else ():
            self.member_box.addItem(f"{m.code} — {m.name}", m.code)
        self.member_box.blockSignals(False)
        self._fill_council_keys()
        self._fill_member_keys()

    def set_keys(self, own_keys: list[keys.StoredKey]) -> None:
        self.own_keys = own_keys
        self._fill_council_keys()
        self._fill_member_keys()

    def show_import(self, text: str, refused: bool) -> None:
        self.export_result.setText(text)
        self.export_result.setStyleSheet(f"color: {BAD[1]};" if refused else "")

    # keys --------------------------------------------------------------------------
    def _usable_keys(self, kind: str, owner: str | None) -> list[keys.StoredKey]:
        return [k for k in self.own_keys if k.public.owner_kind == kind and k.public.owner_id == owner
                and not k.revoked_at]

    def _fill_key_box(self, box: QComboBox, found: list[keys.StoredKey]) -> None:
        box.clear()
        for k in found:
            box.addItem(f"{k.public.name or k.public.owner_id} · {k.public.fingerprint}", k.key_id)
        if not found:
            box.addItem(_("no key yet: make one on the My keys tab"), None)

    def _fill_council_keys(self) -> None:
        detail = self.host.detail
        found = self._usable_keys("council", detail.council.id if detail else None)
        self._fill_key_box(self.council_key, found)
        self.export_button.setEnabled(bool(found) and detail is not None)

    def _fill_member_keys(self) -> None:
        found = self._usable_keys("member", self.member_box.currentData())
        self._fill_key_box(self.member_key, found)
        self.export_member_button.setEnabled(bool(found) and self.host.detail is not None)

    def _key_text(self, key_id: str) -> str:
        return passphrase_prompt(next(k for k in self.own_keys if k.key_id == key_id))

    # export ------------------------------------------------------------------------
    def _choose_minutes(self) -> None:
        path = file_dialogs.open_file(self, _("Signed minutes"), _("PDF (*.pdf)"))
        if path:
            self.minutes.setText(path)

    def export_results(self, out: str | None = None) -> None:
        detail = self.host.detail
        key_id = self.council_key.currentData()
        if detail is None or not key_id:
            return
        sid = detail.id
        if not out:
            out = file_dialogs.save_file(self, _("Export the results bundle"), f"{sid}-{detail.council.id}.ocop",
                                         _(BUNDLE_FILTER))
        if not out:
            return
        passphrase = self.host.ask_passphrase(self._key_text(key_id))
        if passphrase is None:
            return
        minutes = Path(self.minutes.text().strip()) if self.minutes.text().strip() else None
        supersedes = self.supersedes.text().strip() or None
        store, folder, target = self.host.ctx.store, self.host.keys_folder, Path(out)

        def work(progress: Progress) -> ExportOutcome:
            signer = keys.unlock(keys.find_key(key_id, folder), passphrase)
            return export_session_results(store, sid, signer, target, minutes_pdf=minutes, supersedes=supersedes,
                                          progress=lambda i, n: progress.report(i, n))

        run_op(self.host.busy_view(), work, title=_("Signing the results bundle"), on_success=self._exported)

    def export_member(self, out: str | None = None) -> None:
        detail = self.host.detail
        key_id, member = self.member_key.currentData(), self.member_box.currentData()
        if detail is None or not key_id or not member:
            return
        sid = detail.id
        if not out:
            out = file_dialogs.save_file(self, _("Export my scorecards"), f"{sid}-{member}.ocop", _(BUNDLE_FILTER))
        if not out:
            return
        passphrase = self.host.ask_passphrase(self._key_text(key_id))
        if passphrase is None:
            return
        store, folder, target = self.host.ctx.store, self.host.keys_folder, Path(out)

        def work(progress: Progress) -> ExportOutcome:
            signer = keys.unlock(keys.find_key(key_id, folder), passphrase)
            return export_member_scorecards(store, sid, member, signer, target)

        run_op(self.host.busy_view(), work, title=_("Signing my scorecards"), on_success=self._exported)

    def _exported(self, outcome: ExportOutcome) -> None:
        text = _("Written: {file}\n{kind}, bundle {id} ({counts})").format(
            file=outcome.path, kind=kind_name(outcome.kind), id=outcome.envelope_id,
            counts=counts_text(outcome.counts))
        self.export_result.setText(text)
        self.exported.emit(outcome)
        self.host.ctx.status(_("Bundle written to {file}").format(file=outcome.path))
