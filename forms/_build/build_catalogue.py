"""Re-create the shipped catalogue files: `python forms/_build/build_catalogue.py`."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import profiles  # noqa: E402
import sheets_148  # noqa: E402
from common import FORMS, criteria_file, write_json  # noqa: E402


def build_148() -> list[Path]:
    written = []
    for spec in sheets_148.sets():
        spec = dict(spec)
        data = criteria_file(
            regulation=sheets_148.REGULATION,
            profile=sheets_148.PROFILE,
            status="reconstructed",
            uncertain=sheets_148.UNCERTAIN_COMMON,
            source={**sheets_148.SOURCE_BASE, "set_name": spec["product_set"]},
            **spec,
        )
        path = FORMS / "criteria" / "148-2023" / f"{spec['set_id']}.json"
        write_json(path, data)
        written.append(path)
    return written


def build_profiles() -> list[Path]:
    written = []
    for data in profiles.PROFILES:
        path = FORMS / "profiles" / f"{data['id']}.json"
        write_json(path, data)
        written.append(path)
    return written


if __name__ == "__main__":
    for p in build_profiles() + build_148():
        print(p.relative_to(FORMS))
