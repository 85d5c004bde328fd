"""The floors of ocop_desk, checked from every module's imports.

Every `import` counts: at the top, inside functions, under `if TYPE_CHECKING:`.
From the bottom up:

- helpers, the leaves everyone may use: `ocop_desk` itself (the version),
  `errors`, `i18n`, `canonical`, `paths`, `words`, `identifiers`,
  `vocabulary`, `recognition_paper` (the decision's words) and `papers` (the
  values a paper shows).  A helper imports no other part of ocop_desk but
  helpers and `scoring/` (the vocabulary names the codes the rules use).
- `scoring/`: the rules, pure.  It imports `scoring/`, `errors`, `i18n` and
  `canonical`, and from outside only the standard library, none of it I/O.
- `store/`: tables, engine, migrations.  It imports `store/`, `errors`,
  `i18n`, `paths` and `canonical`.
- formats, `printing/`, `excel/`, `bundles/`, `docx/`: plain data in, PDF,
  XLSX, Word or signed envelopes out, and back.  They import formats,
  `scoring/` and helpers; never the store, a service, a command or a screen.
- everything else (services, `commands/`, `cli`, `ui/`) may import what is
  below it.  Qt (PySide6, shiboken6) is imported under `ui/` only.

Run as a script (`python tests/test_layering.py`) it prints every offending
import as file:line.
"""

from __future__ import annotations

import ast
import functools
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

HELPERS = frozenset({
    "ocop_desk", "ocop_desk.errors", "ocop_desk.i18n", "ocop_desk.canonical", "ocop_desk.paths",
    "ocop_desk.words", "ocop_desk.identifiers", "ocop_desk.vocabulary", "ocop_desk.recognition_paper",
    "ocop_desk.papers",
})
FORMATS = ("printing", "excel", "bundles", "docx")
QT = frozenset({"PySide6", "shiboken6", "PyQt5", "PyQt6", "qtpy"})
IO_MODULES = frozenset({"os", "io", "pathlib", "shutil", "tempfile", "sqlite3", "subprocess", "socket",
                        "urllib", "http", "glob"})


@dataclass(frozen=True)
class Import:
    where: str  # file:line
    importer: str  # the importing module's dotted name
    module: str  # absolute dotted name; for `from pkg import mod`, `pkg.mod` when mod is a module


def module_name(file: Path, root: Path) -> str:
    parts = list(file.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _is_module(dotted: str, root: Path) -> bool:
    path = root.joinpath(*dotted.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def imports_of(file: Path, root: Path = REPO) -> list[Import]:
    """Every import in `file`, relative ones made absolute."""
    name = module_name(file, root)
    where = file.relative_to(root).as_posix()
    package = name if file.name == "__init__.py" else name.rpartition(".")[0]
    out: list[Import] = []
    for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"), str(file))):
        if isinstance(node, ast.Import):
            out += [Import(f"{where}:{node.lineno}", name, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                source = ".".join(base + ([node.module] if node.module else []))
            else:
                source = node.module or ""
            for alias in node.names:
                sub = f"{source}.{alias.name}"
                out.append(Import(f"{where}:{node.lineno}", name,
                                  sub if source.startswith("ocop_desk") and _is_module(sub, root) else source))
    return out


@functools.cache
def all_imports(root: Path = REPO) -> list[Import]:
    """Each module's imports, once per (file:line, module), in file and line order."""
    found = {(imp.where, imp.module): imp for file in sorted((root / "ocop_desk").rglob("*.py"))
             for imp in imports_of(file, root)}
    file_line = [(imp.where.rpartition(":"), imp) for imp in found.values()]
    return [imp for (file, _sep, line), imp in sorted(file_line, key=lambda fl: (fl[0][0], int(fl[0][2])))]


def _within(module: str, *prefixes: str) -> bool:
    return any(module == p or module.startswith(p + ".") for p in prefixes)


def _ours(module: str) -> bool:
    return _within(module, "ocop_desk")


def offences(floor: str, imports: list[Import]) -> list[str]:
    """The imports breaking `floor`'s rule, as 'file:line imports module'."""
    helpers_of = {
        "scoring": ("ocop_desk.scoring", "ocop_desk.errors", "ocop_desk.i18n", "ocop_desk.canonical"),
        "store": ("ocop_desk.store", "ocop_desk.errors", "ocop_desk.i18n", "ocop_desk.paths", "ocop_desk.canonical"),
    }
    bad: list[str] = []
    for imp in imports:
        mine = imp.importer
        if floor == "helpers":
            wrong = (mine in HELPERS and _ours(imp.module) and imp.module not in HELPERS
                     and not _within(imp.module, "ocop_desk.scoring"))
        elif floor == "qt":
            wrong = imp.module.split(".")[0] in QT and not _within(mine, "ocop_desk.ui")
        elif not _within(mine, f"ocop_desk.{floor}"):
            continue
        elif floor in helpers_of:
            wrong = _ours(imp.module) and not _within(imp.module, *helpers_of[floor])
            if floor == "scoring" and not _ours(imp.module):
                top = imp.module.split(".")[0]
                wrong = top not in sys.stdlib_module_names or top in IO_MODULES
        else:
            allowed = tuple(f"ocop_desk.{f}" for f in FORMATS) + ("ocop_desk.scoring",)
            wrong = _ours(imp.module) and imp.module not in HELPERS and not _within(imp.module, *allowed)
        if wrong:
            bad.append(f"{imp.where} imports {imp.module}")
    return bad


FLOORS = ("helpers", "scoring", "store", *FORMATS, "qt")


@pytest.mark.parametrize("floor", FLOORS)
def test_floor_imports_only_what_is_below_it(floor: str) -> None:
    bad = offences(floor, all_imports())
    assert not bad, f"{floor}: imports above the floor (see tests/test_layering.py):\n" + "\n".join(bad)


def test_the_reader_sees_every_kind_of_import(tmp_path: Path) -> None:
    """Late, TYPE_CHECKING and relative imports are all found, with their lines."""
    for package in ("ocop_desk", "ocop_desk/scoring", "ocop_desk/store", "ocop_desk/excel"):
        (tmp_path / package).mkdir()
        (tmp_path / package / "__init__.py").write_text("", encoding="utf-8")
    (tmp_path / "ocop_desk/scoring/totals.py").write_text("import json\n", encoding="utf-8")
    (tmp_path / "ocop_desk/scoring/probe.py").write_text(
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n"
        "    from ocop_desk.store.engine import Store\n"
        "def f():\n"
        "    from . import totals\n"
        "    import PySide6.QtCore\n"
        "    import sqlalchemy\n", encoding="utf-8")
    (tmp_path / "ocop_desk/excel/book.py").write_text(
        "from ocop_desk import store, errors\nfrom ocop_desk.scoring import totals\n", encoding="utf-8")
    imports = all_imports(tmp_path)
    assert offences("scoring", imports) == [
        "ocop_desk/scoring/probe.py:3 imports ocop_desk.store.engine",
        "ocop_desk/scoring/probe.py:6 imports PySide6.QtCore",
        "ocop_desk/scoring/probe.py:7 imports sqlalchemy",
    ]
    assert offences("qt", imports) == ["ocop_desk/scoring/probe.py:6 imports PySide6.QtCore"]
    assert offences("excel", imports) == ["ocop_desk/excel/book.py:1 imports ocop_desk.store"]


if __name__ == "__main__":
    everything = all_imports()
    found = [line for floor in FLOORS for line in offences(floor, everything)]
    print("\n".join(found) or "every floor holds")
    sys.exit(1 if found else 0)
