"""Qt's own words (standard buttons, file dialogs, edit menus) in the user's language.

Qt ships no Vietnamese catalogue (there is no `qtbase_vi.qm` among PySide6's
translations), so for Vietnamese these texts are translated through the
application's own catalogue: `QtTexts` is a `QTranslator` that answers the Qt
source texts listed here with `_()`.  A language for which Qt does ship a
catalogue gets Qt's own file first.  The list is what Qt asks for when it
builds a message box, a file dialog, an input dialog or a line edit's menu.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QTranslator

from ocop_desk import i18n
from ocop_desk.i18n import N_, _

QT_TEXTS: dict[str, tuple[str, ...]] = {
    "QPlatformTheme": (N_("OK"), N_("Cancel"), N_("&Yes"), N_("&No"), N_("Yes to &All"), N_("N&o to All"),
                       N_("Open"), N_("Save"), N_("Save All"), N_("Close"), N_("Discard"), N_("Apply"),
                       N_("Reset"), N_("Restore Defaults"), N_("Help"), N_("Abort"), N_("Retry"),
                       N_("Ignore")),
    "QMessageBox": (N_("Show Details..."), N_("Hide Details...")),
    "QFileDialog": (N_("&Look in:"), N_("File &name:"), N_("Files of &type:"), N_("&Open"), N_("&Save"),
                    N_("&Choose"), N_("All Files (*)"), N_("Back"), N_("Forward"), N_("Parent Directory"),
                    N_("Create New Folder"), N_("Create a New Folder"), N_("List View"), N_("Detail View"),
                    N_("Change to list view mode"), N_("Change to detail view mode"), N_("Go back"),
                    N_("Go forward"), N_("Go to the parent directory"), N_("&New Folder"), N_("&Delete"),
                    N_("&Rename"), N_("Show &hidden files"), N_("New Folder"), N_("Directory:"),
                    N_("Sidebar"), N_("Files"), N_("List of places and bookmarks"), N_("Recent Places"),
                    N_("My Computer"),
                    N_("%1 already exists.\nDo you want to replace it?"),
                    N_("%1\nFile not found.\nPlease verify the correct file name was given."),
                    N_("Are you sure you want to delete '%1'?")),
    "QFileSystemModel": (N_("Name"), N_("Size"), N_("Type"), N_("Date Modified"), N_("Computer")),
    "QAbstractFileIconProvider": (N_("Drive"), N_("Folder"), N_("File")),
    "QInputDialog": (N_("Enter a value:"),),
    "QLineEdit": (N_("&Undo"), N_("&Redo"), N_("Cu&t"), N_("&Copy"), N_("&Paste"), N_("Delete"),
                  N_("Select All")),
    "QWidgetTextControl": (N_("&Undo"), N_("&Redo"), N_("Cu&t"), N_("&Copy"), N_("Copy &Link Location"),
                           N_("&Paste"), N_("Delete"), N_("Select All")),
}
_KNOWN = {ctx: frozenset(texts) for ctx, texts in QT_TEXTS.items()}


class QtTexts(QTranslator):
    """Answers Qt's own texts from the application's catalogue, in the language in force."""

    def translate(self, context: str, source: str, disambiguation: str | None = None,
                  n: int = -1) -> str | None:
        # None (a null string, unlike "") lets Qt ask the next translator, then use its own English text
        if i18n.language() == "en" or source not in _KNOWN.get(context, ()):
            return None
        text = _(source)
        return None if text == source else text

    def isEmpty(self) -> bool:
        return False


_installed: list[QTranslator] = []


def install_qt_texts(app: QCoreApplication, language: str) -> None:
    """(Re)install the translators for `language`; safe to call after every language switch."""
    for old in _installed:
        app.removeTranslator(old)
    _installed.clear()
    shipped = QTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if language != "en" and shipped.load(f"qtbase_{language}", folder):
        app.installTranslator(shipped)
        _installed.append(shipped)
    ours = QtTexts(app)
    app.installTranslator(ours)  # installed last, asked first
    _installed.append(ours)
