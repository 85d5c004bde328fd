"""Re-create the shipped catalogue files: `python forms/_build/build_catalogue.py`."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import profiles  # noqa: E402
import sheets_148  # noqa: E402
import sheets_1048  # noqa: E402
import transcripts  # noqa: E402
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

Criteria sets (one score sheet each) under `criteria/<regulation>/<set-id>.json`,
regulation profiles (format `ocop-desk/profile@1`) under `profiles/<id>.json`,
and each regulation's product classification (format
`ocop-desk/classification@1`: groups → product sets → product types) under
`classification/<profile>.json`.  The official sheets are in format
`ocop-desk/criteria@2` (docs/criteria-format.md), the older reconstructed ones
in `ocop-desk/criteria@1`; files are UTF-8 JSON with real Vietnamese diacritics.

**Status.** `transcribed` = converted option by option from a transcript of
the official sheet (`../shared/sources/criteria/`, named in each file's
`source.transcript`); these are the sets offered for new sessions.
`incomplete-source` = transcribed exactly, but the source does not add up;
`gaps` lists each place (declared maximum against what the level below
gives), no point is padded, and the set is not offered until a corrected
version is imported.  `reconstructed` = the first catalogue, right in shape
but invented in wording and points; kept so that sessions scored with them
still open, never offered for new sessions.  Each file's `uncertain` says what
is still doubtful, `notes` lists every change made to the transcript.

**What the converter changes** (`_build/transcripts.py`, listed per set in
`notes`): the star marker at the end of a text (`…trung bình****`) becomes
`star_marker` and is cut from the label; a criterion without a title in the
source takes its section's title; a criterion without a 0-point option gets an
explicit none option ("Không đạt", 0 points) first; an unreadable point value
takes the transcript's probable value; 1048 part maxima the data does not
record take the sources' template (35/25/40).  A criterion note that says
"Bị loại nếu…" or "Không đánh giá các bước tiếp theo nếu…" becomes an option
`effect` (knockout / stop) on the option it describes; where no option
describes it, the note stays and the condition joins the sheet's knock-out
list for the council to record.

**Classification** (`classification/<profile>.json`, one per regulation, from
the transcripts' `product-sets.json`): `groups[]` (`id`, `title`) →
`sets[]` in the regulation's numbered order — `set_no`, `product_set`,
`set_id` (the shipped set this number takes), `status`, `subgroup` and
`managing_ministry` where the source gives them, `also_shipped` (another
shipped sheet of the same number: 1048 no. 26 takes the 2020 tourism sheet
`26b`, the original no. 26 stays shipped), `product_types`.  The dossier form
offers each regulation's product types in this order
(`ocop_desk.catalogue.product_type_choices`); only `transcribed` sets are
offered.

**Ids are stable forever** (set, part, section, criterion, option, case and
knock-out ids); `tests/catalogue/pinned_hashes.json` pins each set's content
hash, so a silent edit fails CI.  A corrected sheet is a new file with a new
set id (e.g. suffix `-v2`); never edit a shipped set in place.

`_build/` holds the scripts that produced these files
(`python forms/_build/build_catalogue.py` rewrites them byte for byte; the
transcribed sets and the classification are rebuilt only when the shared
transcripts are there: `OCOP_CRITERIA_SOURCES` or `<repo>/../shared/sources/criteria`).
The JSON files are what ships.

## Profiles

| id | regulation | parts A/B/C | status |
|---|---|---|---|
"""


def _leaf_count(d: dict) -> int:
    n = 0
    for p in d["parts"]:
        for s in p["sections"]:
            crits = s.get("criteria") or [c for case in s.get("cases", ()) for c in case["criteria"]]
            for c in crits:
                n += len(c.get("subcriteria") or ()) or 1
    return n


def write_readme() -> Path:
    import json

    lines = [README_HEAD]
    for data in profiles.PROFILES:
        parts = "/".join(str(v) for v in data["parts"].values())
        lines.append(f"| `{data['id']}` | {data['regulation']} | {parts} | {data['status']} |\n")
    sets = [json.loads(p.read_text(encoding="utf-8")) for p in sorted((FORMS / "criteria").rglob("*.json"))]
    tables = [
        ("Current sets (offered for new sessions)", lambda d: d["status"] == "transcribed"),
        ("Incomplete sources (shipped, not offered)", lambda d: d["status"] == "incomplete-source"),
        ("Reconstructed sets (readable, not offered)", lambda d: d["status"] == "reconstructed"),
    ]
    for heading, keep in tables:
        lines.append(f"\n## {heading}\n\n| regulation | group | set id | product set | criteria | status |\n"
                     "|---|---|---|---|---|---|\n")
        for d in sets:
            if keep(d):
                gaps = "; ".join(f"{g['ref']} {g['computed']}/{g['declared']}" for g in d.get("gaps", ()))
                status = d["status"] + (f" ({gaps})" if gaps else "")
                lines.append(f"| {d['regulation']} | {d['group']} | `{d['id']}` | {d['product_set']} | "
                             f"{_leaf_count(d)} | {status} |\n")
    out = FORMS / "README.md"
    out.write_text("".join(lines), encoding="utf-8")
    return out


def build_transcribed() -> list[Path]:
    root = transcripts.sources_dir()
    if root is None:
        print("shared transcripts not found: transcribed sets and classification left as shipped")
        return []
    return transcripts.build(root)


if __name__ == "__main__":
    for p in build_profiles() + build_148() + build_older() + build_transcribed() + [write_readme()]:
        print(p.relative_to(FORMS))
