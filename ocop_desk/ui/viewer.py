"""Handing a file to the system's own viewer (PDF reader, image viewer, Excel)."""

from __future__ import annotations

from pathlib import Path, PurePath, PureWindowsPath

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices


def file_url(path: PurePath | str) -> QUrl:
    """A file:// URL for `path`, drive letters and Vietnamese names included.

    Qt reads backslashes only on Windows; a Windows path is written with
    forward slashes first so the URL is the same whichever machine made it.
    """
    text = PureWindowsPath(path).as_posix() if isinstance(path, PureWindowsPath) else str(path)
    return QUrl.fromLocalFile(text)


def open_with_system_viewer(path: Path | str) -> bool:
    """False when the desktop has no program for the file (the caller says so)."""
    return QDesktopServices.openUrl(file_url(path))
