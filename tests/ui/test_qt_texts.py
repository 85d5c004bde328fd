"""Qt's own buttons and file dialogs speak the user's language (issue 13 §4)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication, QDialogButtonBox, QFileDialog, QLabel, QMessageBox, QPushButton

from ocop_desk import i18n
from ocop_desk.ui.qt_texts import QT_TEXTS, install_qt_texts


def test_qt_ships_no_vietnamese_catalogue_so_ours_is_used() -> None:
    from PySide6.QtCore import QLibraryInfo

    folder = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))
    assert not list(folder.glob("qtbase_vi*.qm"))  # if Qt ever ships one, install_qt_texts loads it first


def test_message_box_buttons_in_vietnamese_and_back_in_english(qtbot, window) -> None:
    app = QApplication.instance()
    box = QMessageBox(QMessageBox.Icon.Question, "t", "x",
                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No | QMessageBox.StandardButton.Cancel)
    qtbot.addWidget(box)
    assert {b.text() for b in box.buttons()} == {"&Có", "&Không", "Hủy"}
    window.set_language("en")
    box2 = QMessageBox(QMessageBox.Icon.Question, "t", "x",
                       QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
    qtbot.addWidget(box2)
    assert {b.text() for b in box2.buttons()} == {"&Yes", "&No"}
    install_qt_texts(app, i18n.language())


def test_file_dialog_in_vietnamese(qtbot, window) -> None:
    dialog = QFileDialog(window, "x")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    qtbot.addWidget(dialog)
    dialog.show()
    labels = {w.text() for w in dialog.findChildren(QLabel)}
    assert {"&Tìm trong:", "&Tên tệp:", "&Loại tệp:"} <= labels
    buttons = dialog.findChild(QDialogButtonBox).buttons()
    assert {"&Lưu", "Hủy"} <= {b.text() for b in buttons if isinstance(b, QPushButton)}


def test_every_qt_text_has_a_vietnamese_translation() -> None:
    i18n.set_language("vi")
    try:
        missing = [t for texts in QT_TEXTS.values() for t in texts if i18n._(t) == t]
    finally:
        i18n.set_language(None)
    assert missing == []
