"""Code paths that differ on Windows, exercised here with the platform simulated.

Most district offices run Windows, which CI machines cannot build for; the
release workflow (.github/workflows/release.yml) freezes and smoke-runs the
app there.  These tests keep the parts that branch on the platform honest on
every machine: where the data folder is, how a store URL with a drive letter
is read, which fonts a PDF uses, and how a file is handed to the system viewer.
"""

from __future__ import annotations

from pathlib import Path, PureWindowsPath

import pytest

from ocop_desk import paths

LOCAL_APPDATA = r"C:\Users\Lan\AppData\Local"
ROAMING_APPDATA = r"C:\Users\Lan\AppData\Roaming"


@pytest.fixture
def windows_folders(monkeypatch: pytest.MonkeyPatch) -> None:
    import platformdirs.windows as win

    folders = {"CSIDL_LOCAL_APPDATA": LOCAL_APPDATA, "CSIDL_APPDATA": ROAMING_APPDATA,
               "CSIDL_PERSONAL": r"C:\Users\Lan\Documents"}
    monkeypatch.setattr(win, "get_win_folder", lambda csidl: folders[csidl])
    monkeypatch.setattr("os.path.normpath", lambda p: p)  # ntpath would; posixpath must not touch backslashes


def test_windows_store_lives_in_local_appdata_not_roaming(windows_folders: None,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """A roaming profile would copy the store to every machine the officer logs on to."""
    monkeypatch.delenv(paths.ENV_DATA_DIR, raising=False)
    monkeypatch.setattr(paths.sys, "platform", "win32")
    data = PureWindowsPath(str(paths.user_data_dir()))
    assert data == PureWindowsPath(LOCAL_APPDATA) / "ocop-desk"
    assert "Roaming" not in data.parts


def test_portable_override_wins_on_windows(windows_folders: None, monkeypatch: pytest.MonkeyPatch,
                                           tmp_path: Path) -> None:
    monkeypatch.setattr(paths.sys, "platform", "win32")
    monkeypatch.setenv(paths.ENV_DATA_DIR, str(tmp_path / "usb"))
    assert paths.user_data_dir() == tmp_path / "usb"


def test_documents_folder_per_platform(windows_folders: None, monkeypatch: pytest.MonkeyPatch,
                                       tmp_path: Path) -> None:
    assert PureWindowsPath(str(paths.platform_dirs("win32").user_documents_path)) == \
        PureWindowsPath(r"C:\Users\Lan\Documents")
    monkeypatch.setenv("XDG_DOCUMENTS_DIR", str(tmp_path / "Tài liệu"))
    assert paths.platform_dirs("linux").user_documents_path == tmp_path / "Tài liệu"


@pytest.mark.parametrize("url, drive, tail", [
    ("sqlite:///C:/Users/Lan/ocop-desk.sqlite3", "C:", ("Users", "Lan", "ocop-desk.sqlite3")),
    ("sqlite:///D:/Hội%20đồng/kho.sqlite3?mode=ro", "D:", ("Hội đồng", "kho.sqlite3")),
    ("sqlite+pysqlite:///E:/ocop.sqlite3", "E:", ("ocop.sqlite3",)),
])
def test_drive_letter_store_urls(url: str, drive: str, tail: tuple[str, ...]) -> None:
    path = paths.sqlite_path(url)
    assert path is not None
    win = PureWindowsPath(str(path))
    assert win.drive == drive and win.is_absolute()
    assert win.parts[1:] == tail


def test_drive_letter_and_reserved_names_are_refused_inside_bundles() -> None:
    from ocop_desk.bundles.envelope import check_entry_name  # the one archive-name rule
    from ocop_desk.bundles.errors import BundleMalformed

    for name in ("C:/Windows/win.ini", "C:evil.json", "d:\\x.json", "..\\x.json", "payload/CON.json",
                 "payload/x.json."):
        with pytest.raises(BundleMalformed):
            check_entry_name(name, file="b.ocop")
    check_entry_name("payload/results.json", file="b.ocop")


def test_pdf_fonts_come_from_the_bundle_on_every_platform(monkeypatch: pytest.MonkeyPatch,
                                                           tmp_path: Path) -> None:
    """Windows has no Noto Serif and its Times New Roman may lack glyphs: the shipped files are used."""
    from ocop_desk.printing import fonts

    bundle = tmp_path / "ocop-desk" / "_internal"
    (bundle / "resources" / "fonts").mkdir(parents=True)
    monkeypatch.setattr(paths.sys, "frozen", True, raising=False)
    monkeypatch.setattr(paths.sys, "_MEIPASS", str(bundle), raising=False)
    monkeypatch.setattr(paths.sys, "platform", "win32")
    monkeypatch.delenv(paths.ENV_RESOURCES, raising=False)
    files = fonts.font_files()
    assert set(p.parent for p in files.values()) == {bundle / "resources" / "fonts"}
    assert all(p.suffix == ".ttf" for p in files.values())


def test_system_viewer_gets_a_file_url_for_a_drive_letter_path() -> None:
    pytest.importorskip("PySide6")
    from PySide6.QtCore import QUrl

    from ocop_desk.ui.viewer import file_url

    url = file_url(PureWindowsPath(r"C:\Hồ sơ\nhãn sản phẩm.pdf"))
    assert isinstance(url, QUrl) and url.isLocalFile()
    assert url.toString(QUrl.ComponentFormattingOption.FullyDecoded) == "file:///C:/Hồ sơ/nhãn sản phẩm.pdf"
    assert file_url(Path("/tmp/biên bản.pdf")).toLocalFile() == "/tmp/biên bản.pdf"
