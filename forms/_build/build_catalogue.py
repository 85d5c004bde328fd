"""Re-create the shipped catalogue files: `python forms/_build/build_catalogue.py`."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import profiles  # noqa: E402
import sheets_148  # noqa: E402
import sheets_1048  # noqa: E402
from common import FORMS, criteria_file, write_json  # noqa: E402


def build_148() -> list[Path]:
    written = []
    for spec in sheets_148.sets():
        spec = dict(spec)
        data = criteria_file(
            regulation=sheets_148.REGULATION,
            profile=sheets_148.PROFILE,
            status="reconstructed",
            uncertain=sheets_148.UNCERTAIN_COMMON + spec.pop("extra_uncertain"),
            source={**sheets_148.SOURCE_BASE, "set_name": spec["product_set"]},
            **spec,
        )
        path = FORMS / "criteria" / "148-2023" / f"{spec['set_id']}.json"
        write_json(path, data)
        written.append(path)
    return written


def build_older() -> list[Path]:
    written = []
    groups = [
        (sheets_1048.sets_1048(), "1048-2019", sheets_1048.REGULATION, sheets_1048.PROFILE,
         sheets_1048.SOURCE_BASE, sheets_1048.UNCERTAIN_COMMON),
        (sheets_1048.sets_provincial(), "tinh-35-20-45", sheets_1048.PROV_REGULATION,
         sheets_1048.PROV_PROFILE, sheets_1048.PROV_SOURCE_BASE, sheets_1048.PROV_UNCERTAIN),
    ]
    for specs, folder, regulation, profile, source, uncertain in groups:
        for spec in specs:
            data = criteria_file(
                regulation=regulation, profile=profile, status="reconstructed",
                uncertain=uncertain, source={**source, "set_name": spec["product_set"]}, **spec,
            )
            path = FORMS / "criteria" / folder / f"{spec['set_id']}.json"
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


README_HEAD = """# forms/ — the criteria catalogue

Criteria sets (one score sheet each, format `ocop-desk/criteria@1`) under
`criteria/<regulation>/<set-id>.json`, and regulation profiles (format
`ocop-desk/profile@1`) under `profiles/<id>.json`.  The format is the one
`ocop_desk.scoring.criteria.criteria_set_to_dict` and
`ocop_desk.scoring.profiles.profile_to_dict` write; files are UTF-8 JSON with
real Vietnamese diacritics.

**Status.** `transcribed` = checked line by line against the official sheet;
`reconstructed` = structure and totals right (parts sum to 100 in the
regulation's split, sections and criteria sum, best option = maximum), wording
and point ladders still to be checked.  Each file's `uncertain` field says
what exactly is unsure, `checked` is the date it was last reviewed, `source`
names the decision, date, appendix and set.  No set is `transcribed` yet: the
official appendix text could not be consulted while building the catalogue.

**Ids are stable forever** (set, part, section, criterion, option and
knock-out ids); `tests/catalogue/pinned_hashes.json` pins each set's content
hash, so a silent edit fails CI.  A corrected sheet is a new file with a new
set id (e.g. suffix `-v2`); never edit a shipped set in place.

`_build/` holds the scripts that produced these files
(`python forms/_build/build_catalogue.py` rewrites them byte for byte); the
JSON files are what ships.

## Profiles

| id | regulation | parts A/B/C | status |
|---|---|---|---|
"""


def write_readme() -> Path:
    import json

    lines = [README_HEAD]
    for data in profiles.PROFILES:
        parts = "/".join(str(v) for v in data["parts"].values())
        lines.append(f"| `{data['id']}` | {data['regulation']} | {parts} | {data['status']} |\n")
    lines.append("\n## Criteria sets\n\n| regulation | group | set id | product set | criteria | status |\n|---|---|---|---|---|---|\n")
    for path in sorted((FORMS / "criteria").rglob("*.json")):
        d = json.loads(path.read_text(encoding="utf-8"))
        n = sum(len(s["criteria"]) for p in d["parts"] for s in p["sections"])
        lines.append(
            f"| {d['regulation']} | {d['group']} | `{d['id']}` | {d['product_set']} | {n} | {d['status']} |\n"
        )
    out = FORMS / "README.md"
    out.write_text("".join(lines), encoding="utf-8")
    return out


if __name__ == "__main__":
    for p in build_profiles() + build_148() + build_older() + [write_readme()]:
        print(p.relative_to(FORMS))
