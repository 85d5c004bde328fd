"""Where things are: data shipped with the app, and the user's own store.

Three layouts must work: a source checkout (also an editable install, where
`forms/` and `resources/` sit beside the package), a PyInstaller one-folder
bundle (everything under `sys._MEIPASS`), and tests or odd installs that
point at other folders through environment variables.  Only the standard
library and platformdirs are imported here: the CLI imports this module
before it knows whether it needs anything heavy.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote

if TYPE_CHECKING:
    from platformdirs.api import PlatformDirsABC

APP_NAME = "ocop-desk"
STORE_FILENAME = "ocop-desk.sqlite3"
FILES_SUFFIX = "-files"

ENV_FORMS = "OCOP_DESK_FORMS"
ENV_RESOURCES = "OCOP_DESK_RESOURCES"
ENV_DATA_DIR = "OCOP_DESK_DATA_DIR"

_PACKAGE_DIR = Path(__file__).resolve().parent


def bundle_root() -> Path | None:
    """The folder PyInstaller unpacked the app into, when frozen."""
    meipass = getattr(sys, "_MEIPASS", None)
    if getattr(sys, "frozen", False) and meipass:
        return Path(meipass)
    return None


def app_root() -> Path:
    """The folder holding `forms/` and `resources/` (checkout root or bundle)."""
    return bundle_root() or _PACKAGE_DIR.parent


def package_dir() -> Path:
    """The `ocop_desk` package folder (schemas, migrations, compiled locale)."""
    root = bundle_root()
    return root / "ocop_desk" if root else _PACKAGE_DIR


def forms_dir() -> Path:
    """Criteria sets (`criteria/`) and regulation profiles (`profiles/`)."""
    override = os.environ.get(ENV_FORMS)
    return Path(override).expanduser() if override else app_root() / "forms"


def resources_dir() -> Path:
    """Fonts, icons and translation sources."""
    override = os.environ.get(ENV_RESOURCES)
    return Path(override).expanduser() if override else app_root() / "resources"


def schemas_dir() -> Path:
    return package_dir() / "schemas"


def migrations_dir() -> Path:
    return package_dir() / "store" / "migrations"


def locale_dir() -> Path:
    return package_dir() / "locale"


def user_data_dir() -> Path:
    """Per-user folder for the default store, its evidence and backups.

    platformdirs follows XDG_DATA_HOME on Linux, %LOCALAPPDATA% on Windows;
    `OCOP_DESK_DATA_DIR` wins over both (portable installs on a USB stick).
    The folder is not created here; whoever writes into it does that.
    """
    override = os.environ.get(ENV_DATA_DIR)
    if override:
        return Path(override).expanduser()
    return platform_dirs().user_data_path


def platform_dirs(platform: str | None = None) -> PlatformDirsABC:
    """platformdirs' folders for `platform` (default: this one), chosen at call time.

    platformdirs picks its class once, at import; choosing here lets the
    Windows and macOS layouts be tested on any machine.
    """
    platform = platform or sys.platform
    Dirs: type[PlatformDirsABC]
    if platform == "win32":
        from platformdirs.windows import Windows as Dirs
    elif platform == "darwin":
        from platformdirs.macos import MacOS as Dirs
    else:
        from platformdirs.unix import Unix as Dirs
    return Dirs(APP_NAME, appauthor=False, roaming=False)


def default_db_path() -> Path:
    return user_data_dir() / STORE_FILENAME


def default_db_url() -> str:
    """The embedded store: one SQLite file in the user data folder."""
    return sqlite_url(default_db_path())


def sqlite_url(path: Path | str) -> str:
    """A SQLAlchemy URL for a SQLite file (absolute, so cwd does not matter)."""
    return "sqlite:///" + Path(path).expanduser().resolve().as_posix()


def sqlite_path(db_url: str) -> Path | None:
    """The file behind a SQLite URL; None for other databases and `:memory:`."""
    scheme, _sep, rest = db_url.partition("://")
    if not scheme.split("+", 1)[0] == "sqlite":
        return None
    # sqlite:///relative, sqlite:////absolute, sqlite:///C:/x; query string dropped
    path = rest[1:] if rest.startswith("/") else rest
    path = unquote(path.split("?", 1)[0])
    if path.startswith("file:"):  # an SQLite URI filename (…?uri=true), e.g. for mode=ro
        path = path[len("file:"):]
        if path.startswith("//"):  # file://host/path: only the empty host or localhost exist
            host, _slash, rest_path = path[2:].partition("/")
            path = "/" + rest_path if host in ("", "localhost") else ""
    if path in ("", ":memory:"):
        return None
    return Path(path)


def managed_files_dir(db_url: str | None = None) -> Path:
    """The folder of files a store manages (evidence, keys it copies in).

    For a SQLite file it sits beside the file (`x.sqlite3` → `x-files/`), so
    copying the two together moves a store.  Server databases use one folder
    in the user data dir; its content is addressed by SHA-256, so two
    databases sharing it never collide.  `ocop_desk.store.engine.Store.data_dir`
    follows the same rule.
    """
    path = sqlite_path(db_url or default_db_url())
    if path is not None:
        path = path.expanduser().resolve()
        return path.parent / (path.stem + FILES_SUFFIX)
    return user_data_dir() / "files"


def evidence_dir(db_url: str | None = None) -> Path:
    """Where a store's evidence files live (`<files>/evidence/ab/abcdef…`)."""
    return managed_files_dir(db_url) / "evidence"
