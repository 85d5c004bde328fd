"""File dialogs open where the user last was, or in the Documents folder — never the program's folder."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog

from ocop_desk.ui import file_dialogs

from tests.ui.conftest import wait_idle

UI = Path(file_dialogs.__file__).resolve().parent


class Asked:
    """Stands in for Qt's static dialogs: records the folder each one was opened in, answers `answer`."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.starts: list[str] = []
        self.answer = ""
        for name in ("getOpenFileName", "getSaveFileName", "getOpenFileNames"):
            monkeypatch.setattr(QFileDialog, name, staticmethod(self._file(name)))
        monkeypatch.setattr(QFileDialog, "getExistingDirectory", staticmethod(self._folder))

    def _file(self, name: str):  # type: ignore[no-untyped-def]
        def ask(parent, title, start="", filters=""):  # type: ignore[no-untyped-def]
            self.starts.append(start)
            if name == "getOpenFileNames":
                return ([self.answer] if self.answer else []), ""
            return self.answer, ""
        return ask

    def _folder(self, parent, title, start=""):  # type: ignore[no-untyped-def]
        self.starts.append(start)
        return self.answer


def test_first_dialog_opens_in_documents_then_where_the_user_last_was(qtbot, window, tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    program = tmp_path / "program"
    program.mkdir()
    monkeypatch.chdir(program)  # an installed app runs from its own folder
    asked = Asked(monkeypatch)
    criteria = window.page("criteria")
    window.navigate("criteria")
    wait_idle(qtbot)
    criteria.validate()  # the person cancels
    assert asked.starts == [str(file_dialogs.documents_folder())]
    assert Path(asked.starts[0]).resolve() != program.resolve()

    usb = tmp_path / "USB" / "phiên họp"
    usb.mkdir(parents=True)
    asked.answer = str(usb / "bộ tiêu chí.json")
    (usb / "bộ tiêu chí.json").write_text("{}", encoding="utf-8")
    criteria.validate()
    wait_idle(qtbot)
    # another screen, another kind of dialog: it starts where the last file came from
    asked.answer = ""
    window.navigate("council")
    wait_idle(qtbot)
    window.pages["council"]._import_file()
    assert asked.starts[-1] == str(usb)
    window.navigate("dossiers")
    wait_idle(qtbot)
    window.pages["dossiers"].export_list()
    assert Path(asked.starts[-1]) == usb / "products.json"  # a save dialog offers its name in that folder


def test_the_last_folder_is_kept_across_starts_and_forgotten_when_gone(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("OCOP_DESK_DATA_DIR", str(tmp_path / "data"))
    folder = tmp_path / "biên bản"
    folder.mkdir()
    file_dialogs.remember(folder / "a.pdf")
    assert file_dialogs.start_folder() == folder
    folder.rmdir()
    assert file_dialogs.start_folder() == file_dialogs.documents_folder()


def test_no_screen_calls_qt_static_file_dialogs_directly() -> None:
    direct = []
    for py in sorted(UI.glob("*.py")):
        if py.name == "file_dialogs.py":
            continue
        for node in ast.walk(ast.parse(py.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "QFileDialog"
                    and node.attr.startswith("get")):
                direct.append(f"{py.name}:{node.lineno}")
    assert direct == []
