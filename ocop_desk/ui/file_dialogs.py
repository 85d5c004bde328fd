"""File dialogs that open where the user last was, or in the Documents folder.

Qt's static dialogs start in the process's working directory when given no
folder — for an installed application that is the program's own folder, where
no council keeps its files.  Every screen asks through these functions instead;
the last folder a file was opened from or saved to is remembered (beside the
preferences, in the user data folder) across screens and sessions.
"""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QFileDialog, QWidget

from ocop_desk.paths import user_data_dir

FILENAME = "gui-last-folder.json"


def _state_path() -> Path:
    return user_data_dir() / FILENAME


def documents_folder() -> Path:
    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    path = Path(found) if found else Path.home()
    return path if path.is_dir() else Path.home()


def start_folder() -> Path:
    """The folder a dialog opens in: the last one used if it still exists, else Documents."""
    try:
        last = Path(json.loads(_state_path().read_text(encoding="utf-8"))["folder"])
    except (OSError, ValueError, KeyError, TypeError):
        return documents_folder()
    return last if last.is_dir() else documents_folder()


def remember(path: str | Path) -> None:
    """Note the folder of `path` (or `path` itself when it is a folder) as the place to start next time."""
    p = Path(path)
    folder = p if p.is_dir() else p.parent
    try:
        _state_path().parent.mkdir(parents=True, exist_ok=True)
        _state_path().write_text(json.dumps({"folder": str(folder)}, ensure_ascii=False), encoding="utf-8")
    except OSError:
        pass  # a convenience: never block the work on it


def open_file(parent: QWidget, title: str, filters: str = "") -> str:
    path, _f = QFileDialog.getOpenFileName(parent, title, str(start_folder()), filters)
    if path:
        remember(path)
    return path


def open_files(parent: QWidget, title: str, filters: str = "") -> list[str]:
    paths, _f = QFileDialog.getOpenFileNames(parent, title, str(start_folder()), filters)
    if paths:
        remember(paths[0])
    return list(paths)


def save_file(parent: QWidget, title: str, name: str = "", filters: str = "") -> str:
    """`name` is the suggested file name; it is offered in the start folder unless it is a full path."""
    suggested = Path(name) if name and Path(name).is_absolute() else start_folder() / name
    path, _f = QFileDialog.getSaveFileName(parent, title, str(suggested), filters)
    if path:
        remember(path)
    return path


def choose_folder(parent: QWidget, title: str, current: str = "") -> str:
    start = current if current and Path(current).is_dir() else str(start_folder())
    folder = QFileDialog.getExistingDirectory(parent, title, start)
    if folder:
        remember(folder)
    return folder
