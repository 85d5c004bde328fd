"""Cài đặt: language (switched live), font size, where the store is, backup now and restore."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
)

from ocop_desk.backup import backup_store, restore_store, suggested_backup_path
from ocop_desk.errors import StoreError
from ocop_desk.i18n import _, language
from ocop_desk.ui import file_dialogs
from ocop_desk.ui.context import AppContext
from ocop_desk.ui.operations import Changes, report_error, run_op
from ocop_desk.ui.page import Page
from ocop_desk.ui.preferences import FONT_SIZES, save_preferences


class SettingsPage(Page):
    key = "settings"
    watches = Changes.STORE

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        tx = self.texts.bind
        self.language_box = QGroupBox()
        tx(self.language_box.setTitle, lambda: _("Language"))
        ll = QHBoxLayout(self.language_box)
        self.vi = QRadioButton("Tiếng Việt")
        self.en = QRadioButton("English")
        self.vi.setObjectName("lang_vi")
        self.en.setObjectName("lang_en")
        group = QButtonGroup(self)
        group.addButton(self.vi)
        group.addButton(self.en)
        (self.vi if language() == "vi" else self.en).setChecked(True)
        self.vi.toggled.connect(lambda on: self.switch_language("vi") if on else None)
        self.en.toggled.connect(lambda on: self.switch_language("en") if on else None)
        ll.addWidget(self.vi)
        ll.addWidget(self.en)
        ll.addStretch(1)

        self.display_box = QGroupBox()
        tx(self.display_box.setTitle, lambda: _("Display"))
        dl = QFormLayout(self.display_box)
        dl.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        self.font_label = QLabel()
        tx(self.font_label.setText, lambda: _("&Font size"))
        self.font_box = QComboBox()
        for size in FONT_SIZES:
            self.font_box.addItem(f"{size} pt", size)
        self.font_box.setCurrentIndex(FONT_SIZES.index(ctx.prefs.font_size))
        self.font_label.setBuddy(self.font_box)
        self.font_box.currentIndexChanged.connect(self._font_chosen)
        dl.addRow(self.font_label, self.font_box)

        self.store_box = QGroupBox()
        tx(self.store_box.setTitle, lambda: _("Store"))
        sl = QVBoxLayout(self.store_box)
        self.store_where = QLabel()
        self.store_where.setWordWrap(True)
        self.store_where.setObjectName("storeWhere")
        self.store_hint = QLabel()
        self.store_hint.setWordWrap(True)
        tx(self.store_hint.setText, lambda: _(
            "To work on another store, start the application with --db PATH (or set OCOP_DESK_DB). "
            "Evidence files are kept in a folder beside the store file."))
        buttons = QHBoxLayout()
        self.backup_button = QPushButton()
        self.restore_button = QPushButton()
        tx(self.backup_button.setText, lambda: _("&Back up now…"))
        tx(self.restore_button.setText, lambda: _("&Restore from a backup…"))
        self.backup_button.clicked.connect(self.backup_now)
        self.restore_button.clicked.connect(self.restore)
        buttons.addWidget(self.backup_button)
        buttons.addWidget(self.restore_button)
        buttons.addStretch(1)
        sl.addWidget(self.store_where)
        sl.addWidget(self.store_hint)
        sl.addLayout(buttons)

        root = QVBoxLayout(self)
        root.addWidget(self.language_box)
        root.addWidget(self.display_box)
        root.addWidget(self.store_box)
        root.addStretch(1)
        self.retranslate_dynamic()

    def switch_language(self, lang: str) -> None:
        """Re-translates every visible text at once; the choice is kept for the next start."""
        self.ctx.prefs = self.ctx.prefs.with_(language=lang)
        save_preferences(self.ctx.prefs)
        win = self.window()
        if hasattr(win, "set_language"):
            win.set_language(lang)

    def _font_chosen(self, index: int) -> None:
        size = self.font_box.itemData(index)
        self.ctx.prefs = self.ctx.prefs.with_(font_size=size)
        save_preferences(self.ctx.prefs)
        win = self.window()
        if hasattr(win, "apply_font_size"):
            win.apply_font_size(size)

    def backup_now(self, target: str | None = None) -> None:
        store = self.ctx.store
        try:
            suggested = suggested_backup_path(store)
        except StoreError as exc:
            report_error(self, exc)
            return
        if not target:
            target = file_dialogs.save_file(self, _("Back up the store"), str(suggested),
                                            _("SQLite store (*.sqlite3 *.sqlite *.db)"))
        if not target:
            return
        path = Path(target)
        run_op(self, lambda progress: backup_store(store, path), title=_("Backing up the store"),
               on_success=lambda dest: self.ctx.status(_("Backup written to {file}").format(file=dest)))

    def restore(self) -> None:
        """The service checks the backup and keeps the replaced store aside before copying it in."""
        source = file_dialogs.open_file(self, _("Restore from a backup"), _("SQLite store (*.sqlite3 *.sqlite *.db)"))
        if not source:
            return
        store = self.ctx.store
        run_op(self, lambda progress: restore_store(store, Path(source)), title=_("Restoring the store"),
               bus=self.ctx.bus, changes=Changes.ALL)

    def retranslate_dynamic(self) -> None:
        for button, lang in ((self.vi, "vi"), (self.en, "en")):
            if language() == lang and not button.isChecked():
                button.blockSignals(True)
                button.setChecked(True)
                button.blockSignals(False)
        store = self.ctx.store
        where = store.path or store.url
        self.store_where.setText(_("The store in use: {where}").format(where=where)
                                 + ("\n" + _("Opened read-only.") if self.ctx.read_only else ""))
        self.backup_button.setEnabled(store.path is not None)
        self.restore_button.setEnabled(not self.ctx.read_only)
