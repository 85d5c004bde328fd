"""The desktop user's own settings (language, font size, last screen), as a small JSON file.

Kept in the user data folder beside the default store, so `OCOP_DESK_DATA_DIR`
isolates them in tests and portable installs alike.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from ocop_desk.paths import user_data_dir

FILENAME = "gui-preferences.json"
FONT_SIZES = (9, 10, 11, 12, 13, 14, 16)


@dataclass(frozen=True)
class Preferences:
    language: str = "vi"
    font_size: int = 11
    double_entry: bool = False

    def with_(self, **changes: object) -> "Preferences":
        return replace(self, **changes)  # type: ignore[arg-type]


def preferences_path() -> Path:
    return user_data_dir() / FILENAME


def load_preferences(path: Path | None = None) -> Preferences:
    path = path or preferences_path()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return Preferences()
    known = {k: v for k, v in data.items() if k in Preferences.__dataclass_fields__} if isinstance(data, dict) else {}
    prefs = Preferences(**known)
    if prefs.language not in ("vi", "en"):
        prefs = prefs.with_(language="vi")
    if not isinstance(prefs.font_size, int) or prefs.font_size not in FONT_SIZES:
        prefs = prefs.with_(font_size=11)
    return prefs


def save_preferences(prefs: Preferences, path: Path | None = None) -> None:
    path = path or preferences_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(asdict(prefs), ensure_ascii=False, indent=1), encoding="utf-8")
    except OSError:
        pass  # preferences are a convenience; never block the work on them
