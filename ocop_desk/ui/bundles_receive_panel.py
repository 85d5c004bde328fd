"""The Verify and import tab of the signed-bundles screen: a bundle's verdict, green or red, and taking in
the members' scorecards and the communes' dossier packages."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ocop_desk.bundles.trust import load_trust
from ocop_desk.bundles.verify import BundleVerdict, inspect_bundle
from ocop_desk.errors import OcopError
from ocop_desk.exchange.receive import RECEIVED_KINDS, receive_file
from ocop_desk.i18n import N_, _
from ocop_desk.ui import file_dialogs
from ocop_desk.ui.bundle_dialogs import fingerprint_label, owner_kind_name, spoken_fingerprint
from ocop_desk.ui.bundles_host import BAD, BUNDLE_FILTER, GOOD, BundlesHost, wrapped
from ocop_desk.ui.operations import Cancelled, Changes, Operation, Progress, run_op
from ocop_desk.ui.widgets import FlowLayout, empty_layout
from ocop_desk.vocabulary import kind_name
from ocop_desk.words import counts_text

_VERDICT_NAMES = {"valid": N_("VALID: every signature checks out and the signer is trusted"),
                  "malformed": N_("REFUSED: not a well-formed bundle"),
                  "tampered": N_("REFUSED: tampered (the content or the signature does not match)"),
                  "untrusted": N_("REFUSED: unknown or revoked signer"),
                  "refused": N_("REFUSED")}


def verdict_name(verdict: str) -> str:
    return _(_VERDICT_NAMES.get(verdict, _VERDICT_NAMES["refused"]))


class VerdictPanel(QFrame):
    """Green or red: what the bundle is, who signed it, and the exact reason when refused."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("verdictPanel")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.verdict: BundleVerdict | None = None
        self.headline = QLabel()
        self.headline.setObjectName("verdictHeadline")
        self.headline.setWordWrap(True)
        font = self.headline.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.headline.setFont(font)
        self.reason = wrapped()
        self.reason.setObjectName("verdictReason")
        # a grid, not a QFormLayout: wrapped values there get one line's height and lose the rest
        self.form = QGridLayout()
        self.form.setColumnStretch(1, 1)
        self.fields: dict[str, QLabel] = {}
        self._labels: dict[str, QLabel] = {}
        for row, key in enumerate(("file", "kind", "issuer", "envelope", "counts")):
            self._labels[key] = QLabel()
            self._labels[key].setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
            self.fields[key] = wrapped()
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

    def show_verdict(self, v: BundleVerdict | None) -> None:
        self.verdict = v
        titles = {"file": _("File:"), "kind": _("Kind:"), "issuer": _("Issuer:"), "envelope": _("Envelope:"),
                  "counts": _("Counts:")}
        for key, label in self._labels.items():
            label.setText(titles[key])
        empty_layout(self.signers)
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


class ReceivePanel(QWidget):
    """Every file is verified against the trust store before anything is written."""

    imported = Signal(object)  # (lines taken in, lines refused)
    import_text = Signal(str, bool)  # what the import said, and whether anything was refused

    def __init__(self, host: BundlesHost) -> None:
        super().__init__()
        self.host = host
        self.verdict: BundleVerdict | None = None
        self.import_op: Operation[tuple[list[str], list[str]]] | None = None  # the running or last import, for Cancel
        tx = host.texts.bind
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
        self.import_result = wrapped()
        self.import_result.setObjectName("importResult")
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.panel)
        layout.addWidget(self.import_result)
        layout.addStretch(1)
        self._update_verdict_buttons()

    # verify ----------------------------------------------------------------------------
    def verify(self, path: str | None = None) -> bool:
        """Verify `path` (asked for when None) off the GUI thread; False when no file was chosen."""
        if not path:
            path = file_dialogs.open_file(self, _("Verify a bundle"), _(BUNDLE_FILTER))
        if not path:
            return False
        trust_path = self.host.trust_path
        run_op(self.host.busy_view(), lambda progress: inspect_bundle(path, load_trust(trust_path)),
               title=_("Verifying the bundle"), on_success=self.show_verdict)
        return True

    def show_verdict(self, verdict: BundleVerdict | None) -> None:
        self.verdict = verdict
        self.import_result.setText("")
        self.panel.show_verdict(verdict)
        self._update_verdict_buttons()

    def _update_verdict_buttons(self) -> None:
        v = self.verdict
        kind = v.kind if v is not None and v.ok else None  # the kind of a valid bundle
        read_only = self.host.ctx.read_only
        self.import_verified.setEnabled(kind is not None and kind in RECEIVED_KINDS and not read_only)
        self.merge_verified.setEnabled(kind == "session-results" and not read_only)

    def _import_verified(self) -> None:
        if self.verdict is not None:
            self.import_files([self.verdict.file])

    def _merge_verified(self) -> None:
        if self.verdict is not None:
            self.host.ctx.navigate("province", files=[self.verdict.file])

    # import ----------------------------------------------------------------------------
    def import_files(self, paths: list[str] | None = None) -> None:
        """Member scorecards and dossier packages, each verified then taken in; one refusal stops no other."""
        ctx = self.host.ctx
        if ctx.read_only:
            return
        if paths is None:
            paths = file_dialogs.open_files(self, _("Import signed files"), _(BUNDLE_FILTER))
        if not paths:
            return
        store, trust_path = ctx.store, self.host.trust_path
        files = [str(p) for p in paths]

        def work(progress: Progress) -> tuple[list[str], list[str]]:
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
                    done.append(f"{Path(f).name}: {receive_file(store, f, trust).summary()}")
                except OcopError as exc:
                    refused.append(exc.one_line())
            return done, refused

        self.import_op = run_op(self.host.busy_view(), work, title=_("Importing signed files"), bus=ctx.bus,
                                changes=Changes.SCORES | Changes.DOSSIERS, origin=self.host,
                                on_success=self._imported)

    def _imported(self, outcome: tuple[list[str], list[str]]) -> None:
        done, refused = outcome
        text = "\n".join(list(done) + [_("REFUSED: {reason}").format(reason=r) for r in refused])
        self.imported.emit(outcome)
        self.import_result.setText(text)
        self.import_result.setStyleSheet(f"color: {BAD[1]};" if refused else "")
        self.import_text.emit(text, bool(refused))

    def retranslate(self) -> None:
        self.panel.show_verdict(self.verdict)
