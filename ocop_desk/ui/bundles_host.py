"""What the panels of the signed-bundles screen share: the page that hosts them and a few small widgets."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLabel, QTableWidget, QWidget

from ocop_desk.i18n import N_, _
from ocop_desk.ui.context import AppContext
from ocop_desk.ui.page import record_table
from ocop_desk.ui.texts import Texts
from ocop_desk.vocabulary import owner_kind_name

if TYPE_CHECKING:
    from ocop_desk.bundles.keys import StoredKey
    from ocop_desk.sessions import SessionDetail

BUNDLE_FILTER = N_("Signed bundle (*.ocop);;All files (*)")
KEY_FILTER = N_("Key file (*.json);;All files (*)")
GOOD = ("#e3f4e1", "#1e8449")
BAD = ("#fde2e1", "#b03a2e")


class BundlesHost(Protocol):
    """The page: the folders it works in, the chosen session, and the dialogs (tests answer them in its place)."""

    ctx: AppContext
    texts: Texts
    # None means the user's own folders (keys/ and trust.json in the user data folder)
    keys_folder: Path | None
    trust_path: Path | None
    detail: SessionDetail | None  # the chosen session

    def busy_view(self) -> QWidget:
        """What a panel's background work blocks until it is done: the whole page, its tabs included."""

    def exec_dialog(self, dialog: QDialog) -> bool: ...

    def ask_passphrase(self, what: str) -> str | None: ...

    def confirm(self, title: str, text: str) -> bool: ...

    @property
    def own_keys(self) -> list[StoredKey]: ...

    def selected_key_id(self) -> str | None: ...


def key_table(columns: int, name: str) -> QTableWidget:
    return record_table(columns, name, stretch_last=True, tab_keys=False)


def wrapped(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def passphrase_prompt(k: StoredKey) -> str:
    """What the passphrase dialog asks, naming the key so the right person types."""
    return _("Passphrase of the key of {name} ({kind} {owner}), fingerprint {fp}:").format(
        name=k.public.name or "—", kind=owner_kind_name(k.public.owner_kind), owner=k.public.owner_id,
        fp=k.public.fingerprint)
