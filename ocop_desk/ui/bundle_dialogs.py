"""Small dialogs of the signed-bundle screens: a passphrase, a new key, trusting a key.

The passphrase never outlives the call that asked for it: the dialog hands
it back once and empties its field, and no screen keeps it in an attribute.
Checks on the values (length of a passphrase, owner kinds) stay in
`ocop_desk.bundles.keys`; these dialogs only ask and hand over.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)
from PySide6.QtCore import Qt

from ocop_desk.i18n import _
from ocop_desk.vocabulary import level_name, owner_kind_name  # noqa: F401  (used by the bundle screen too)

LEVELS = ("district", "province", "central", "commune")


def fingerprint_label(fingerprint: str = "", *, point_size: int = 18) -> QLabel:
    """A fingerprint shown big, in a fixed-width font, selectable, for reading out over the phone."""
    label = QLabel(fingerprint)
    font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
    font.setPointSize(point_size)
    font.setWeight(QFont.Weight.Bold)
    label.setFont(font)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                  | Qt.TextInteractionFlag.TextSelectableByKeyboard)
    label.setWordWrap(True)
    label.setObjectName("fingerprint")
    return label


def spoken_fingerprint(fingerprint: str) -> str:
    """Two lines of four groups: easier to read out and compare than one long line."""
    groups = fingerprint.split()
    if len(groups) <= 4:
        return fingerprint
    half = (len(groups) + 1) // 2
    return " ".join(groups[:half]) + "\n" + " ".join(groups[half:])


def _buttons(dialog: QDialog) -> QDialogButtonBox:
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    box.button(QDialogButtonBox.StandardButton.Ok).setText(_("OK"))
    box.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
    box.accepted.connect(dialog.accept)
    box.rejected.connect(dialog.reject)
    return box


def _fit(dialog: QDialog, width: int) -> None:
    """Tall enough for its wrapped texts: a dialog's minimum height ignores height-for-width otherwise."""
    layout = dialog.layout()
    if layout is None:
        return
    layout.activate()
    w = max(width, layout.minimumSize().width())
    h = layout.totalHeightForWidth(w) if layout.hasHeightForWidth() else layout.sizeHint().height()
    dialog.setMinimumSize(w, max(h, layout.minimumSize().height()))
    dialog.resize(dialog.minimumSize())


class PassphraseDialog(QDialog):
    """Asks for the passphrase that unlocks one key (twice when a key is made)."""

    def __init__(self, parent: QWidget | None, what: str, *, confirm: bool = False) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Passphrase"))
        layout = QVBoxLayout(self)
        intro = QLabel(what)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.first = QLineEdit()
        self.first.setEchoMode(QLineEdit.EchoMode.Password)
        self.first.setObjectName("passphrase")
        label = QLabel(_("&Passphrase:"))
        label.setBuddy(self.first)
        form.addRow(label, self.first)
        self.second: QLineEdit | None = None
        if confirm:
            self.second = QLineEdit()
            self.second.setEchoMode(QLineEdit.EchoMode.Password)
            self.second.setObjectName("passphraseAgain")
            again = QLabel(_("&Again:"))
            again.setBuddy(self.second)
            form.addRow(again, self.second)
        layout.addLayout(form)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #b03a2e;")
        self.problem.setMinimumHeight(self.problem.fontMetrics().lineSpacing() * 2)  # room for a refusal
        layout.addWidget(self.problem)
        self.buttons = _buttons(self)
        layout.addWidget(self.buttons)
        _fit(self, 460)

    def accept(self) -> None:
        if self.second is not None and self.second.text() != self.first.text():
            self.problem.setText(_("The two passphrases differ."))
            self.second.setFocus()
            return
        super().accept()

    def take(self) -> str:
        """The passphrase, once; the fields are emptied so it stays nowhere."""
        text = self.first.text()
        self.first.clear()
        if self.second is not None:
            self.second.clear()
        return text


def ask_passphrase(parent: QWidget | None, what: str, *, confirm: bool = False) -> str | None:
    dialog = PassphraseDialog(parent, what, confirm=confirm)
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted:
            dialog.take()
            return None
        return dialog.take()
    finally:
        dialog.deleteLater()


@dataclass(frozen=True)
class NewKeyRequest:
    owner_kind: str
    owner_id: str
    name: str
    level: str
    admin_unit: str


class NewKeyDialog(QDialog):
    """Whose key to make: a member (by code) or the council (by id), with the passphrase twice."""

    def __init__(self, parent: QWidget | None, *, council: tuple[str, str, str, str] | None = None,
                 members: Sequence[tuple[str, str]] = ()) -> None:
        """`council` = (id, name, level, admin unit) of the current session's council; `members` = (code, name)."""
        super().__init__(parent)
        self.setWindowTitle(_("New signing key"))
        self._council = council
        self._members = list(members)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.kind = QComboBox()
        self.kind.setObjectName("ownerKind")
        self.kind.addItem(owner_kind_name("member"), "member")
        self.kind.addItem(owner_kind_name("council"), "council")
        self.owner = QComboBox()
        self.owner.setEditable(True)
        self.owner.setObjectName("ownerId")
        self.name = QLineEdit()
        self.level = QComboBox()
        for lv in LEVELS:
            self.level.addItem(level_name(lv), lv)
        self.admin_unit = QLineEdit()
        self.first = QLineEdit()
        self.first.setEchoMode(QLineEdit.EchoMode.Password)
        self.first.setObjectName("passphrase")
        self.second = QLineEdit()
        self.second.setEchoMode(QLineEdit.EchoMode.Password)
        self.second.setObjectName("passphraseAgain")
        for text, field in ((_("Key &for:"), self.kind), (_("&Owner id:"), self.owner),
                            (_("&Name (whose key, as people say it):"), self.name), (_("&Level:"), self.level),
                            (_("&Admin unit code:"), self.admin_unit), (_("&Passphrase:"), self.first),
                            (_("&Again:"), self.second)):
            label = QLabel(text)
            label.setBuddy(field)
            form.addRow(label, field)
        hint = QLabel(_("The private key is kept encrypted with this passphrase (at least 8 characters). "
                        "It cannot be recovered if the passphrase is lost; make a new key then."))
        hint.setWordWrap(True)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #b03a2e;")
        self.problem.setMinimumHeight(self.problem.fontMetrics().lineSpacing() * 2)  # room for a refusal
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(self.problem)
        layout.addWidget(_buttons(self))
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.owner.currentIndexChanged.connect(self._owner_changed)
        self._kind_changed()
        _fit(self, 560)

    def _kind_changed(self) -> None:
        self.owner.blockSignals(True)
        self.owner.clear()
        if self.kind.currentData() == "council":
            if self._council:
                self.owner.addItem(self._council[0], self._council[1])
        else:
            for code, name in self._members:
                self.owner.addItem(code, name)
        self.owner.blockSignals(False)
        if self._council:
            self.level.setCurrentIndex(max(self.level.findData(self._council[2]), 0))
            self.admin_unit.setText(self._council[3])
        self._owner_changed()

    def _owner_changed(self) -> None:
        name = self.owner.currentData()
        if isinstance(name, str):
            self.name.setText(name)

    def accept(self) -> None:
        if not self.owner.currentText().strip():
            self.problem.setText(_("Give the member code or the council id."))
            self.owner.setFocus()
            return
        if self.second.text() != self.first.text():
            self.problem.setText(_("The two passphrases differ."))
            self.second.setFocus()
            return
        super().accept()

    def request(self) -> NewKeyRequest:
        return NewKeyRequest(owner_kind=self.kind.currentData(), owner_id=self.owner.currentText().strip(),
                             name=self.name.text().strip(), level=self.level.currentData(),
                             admin_unit=self.admin_unit.text().strip())

    def take_passphrase(self) -> str:
        text = self.first.text()
        self.first.clear()
        self.second.clear()
        return text


class TrustConfirmDialog(QDialog):
    """Shows a public key's owner and fingerprint; trusting needs the fingerprint compared.

    Either the fingerprint read out by the owner is typed (and must match,
    spaces and case aside), or the box saying it was compared is ticked.
    """

    def __init__(self, parent: QWidget | None, *, key_id: str, owner_kind: str, owner_id: str, name: str,
                 level: str, admin_unit: str, fingerprint: str, file: str, register_text: str | None = None) -> None:
        """`register_text`: offer to register a member's key with their council too (ticked by default)."""
        super().__init__(parent)
        self.setWindowTitle(_("Trust a public key"))
        self.fingerprint = fingerprint
        layout = QVBoxLayout(self)
        who = QLabel(_("{kind} {owner} — {name}\nlevel {level}, admin unit {unit}\nkey {key}\nfile {file}").format(
            kind=owner_kind_name(owner_kind), owner=owner_id, name=name or "—", level=level_name(level) if level
            else "—", unit=admin_unit or "—", key=key_id, file=file))
        who.setWordWrap(True)
        who.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(who)
        ask = QLabel(_("Ask the key's owner to read their fingerprint out (by phone, or from the signed minutes) "
                       "and compare it with this one, group by group:"))
        ask.setWordWrap(True)
        layout.addWidget(ask)
        self.shown = fingerprint_label(spoken_fingerprint(fingerprint))
        layout.addWidget(self.shown)
        form = QFormLayout()
        self.typed = QLineEdit()
        self.typed.setObjectName("typedFingerprint")
        typed_label = QLabel(_("&Fingerprint read out (optional):"))
        typed_label.setBuddy(self.typed)
        form.addRow(typed_label, self.typed)
        self.note = QLineEdit()
        self.note.setObjectName("trustNote")
        self.note.setText(name)
        note_label = QLabel(_("&Whose key it is (note):"))
        note_label.setBuddy(self.note)
        form.addRow(note_label, self.note)
        layout.addLayout(form)
        self.compared = QCheckBox(_("I have &compared the fingerprint with its owner"))
        self.compared.setObjectName("compared")
        layout.addWidget(self.compared)
        self.register: QCheckBox | None = None
        if register_text:
            self.register = QCheckBox(register_text)
            self.register.setObjectName("registerMember")
            self.register.setChecked(True)
            layout.addWidget(self.register)
            why = QLabel(_("Then only this key is accepted for the member's scorecards."))
            why.setWordWrap(True)
            layout.addWidget(why)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #b03a2e;")
        self.problem.setMinimumHeight(self.problem.fontMetrics().lineSpacing() * 2)  # room for a refusal
        layout.addWidget(self.problem)
        self.buttons = _buttons(self)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("&Trust this key"))
        layout.addWidget(self.buttons)
        self.typed.textChanged.connect(self._typed)
        _fit(self, 600)

    @staticmethod
    def _plain(text: str) -> str:
        return "".join(text.split()).upper()

    def _typed(self, text: str) -> None:
        if not text.strip():
            self.problem.clear()
        elif self._plain(text) == self._plain(self.fingerprint):
            self.problem.setText("")
            self.compared.setChecked(True)
        elif len(self._plain(text)) >= len(self._plain(self.fingerprint)):
            self.problem.setText(_("The fingerprint read out does not match this key file. Do not trust it."))

    def accept(self) -> None:
        typed = self._plain(self.typed.text())
        if typed and typed != self._plain(self.fingerprint):
            self.problem.setText(_("The fingerprint read out does not match this key file. Do not trust it."))
            return
        if not typed and not self.compared.isChecked():
            self.problem.setText(_("Compare the fingerprint with its owner first."))
            self.compared.setFocus()
            return
        super().accept()
