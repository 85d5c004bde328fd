"""The official sheets: every shipped set is its transcript, option by option.

The transcripts live outside the repository, in `<repo>/../shared/sources/criteria`
(or where `OCOP_CRITERIA_SOURCES` says).  Where they are, every set is compared
with its transcript; where they are not, each set is held to its pinned hash
(the same set the comparison passed on).
"""

from __future__ import annotations

import json
import os
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from ocop_desk.catalogue import load_criteria_file, shipped_profiles
from ocop_desk.scoring.criteria import criteria_set_from_dict

from .conftest import CRITERIA_FILES, FORMS, load

REPO = FORMS.parent
PINNED = json.loads((Path(__file__).parent / "pinned_hashes.json").read_text(encoding="utf-8"))
OFFICIAL = [p for p in CRITERIA_FILES if load(p)["format"] == "ocop-desk/criteria@2"]

# The places where the sources do not add up (shared/sources/criteria/README.md), and nowhere else.
EXPECTED_GAPS = {
    "148-2023-07-che-bien-tu-rau-cu-qua-hat": [("C6d", 4, 3)],
    "148-2023-11-che-tuoi-che-che-bien": [("C", 35, 32)],
    "148-2023-12-san-pham-tra-tu-thuc-vat-khac": [("C", 35, 32)],
    "148-2023-13-san-pham-ca-phe-ca-cao": [("C", 35, 33)],
    "1048-2019-19-thuc-pham-chuc-nang-thuoc-tu-duoc-lieu-thuoc-y-hoc-co-truyen": [("C", 40, 38)],
    "1048-2019-26-dich-vu-du-lich-truyen-thong-le-hoi": [("A", 35, 34)],
}


def sources_root() -> Path | None:
    env = os.environ.get("OCOP_CRITERIA_SOURCES")
    root = Path(env) if env else REPO.parent / "shared" / "sources" / "criteria"
    return root if (root / "product-sets.json").is_file() else None


def _d(value: Any) -> Decimal:
    return Decimal(str(value))


def _unstar(text: str, marker: int | None) -> str:
    if marker is None:
        return text
    out, n = re.subn(r"\s*\*{%d}(?=\.?$|\n)" % marker, "", text, count=1)
    assert n == 1, text
    return out


def _transcript(data: dict[str, Any], root: Path) -> dict[str, Any]:
    rel = data["source"]["transcript"].split(" ", 1)[0]
    assert rel.startswith("sources/criteria/")
    return json.loads((root / rel[len("sources/criteria/"):]).read_text(encoding="utf-8"))


def _compare_leaf(crit: dict[str, Any], src: dict[str, Any], title: str) -> int:
    """One criterion against the transcript's; returns how many options were compared."""
    assert crit["title"] == _unstar(title, src.get("stars_marker")), crit["id"]
    assert crit.get("star_marker") == src.get("stars_marker"), crit["id"]
    assert crit.get("description") == src.get("description"), crit["id"]
    assert crit.get("note") == src.get("note"), crit["id"]
    listed = [o for o in crit["options"] if not o.get("none")]
    assert len(listed) == len(src["options"]), crit["id"]
    for mine, theirs in zip(listed, src["options"]):
        assert mine["label"] == _unstar(theirs["text"], theirs.get("stars_marker")), mine["id"]
        points = theirs["points"] if theirs["points"] is not None else theirs["probable_points"]
        assert _d(mine["points"]) == _d(points), mine["id"]
        assert mine.get("star_marker") == theirs.get("stars_marker"), mine["id"]
    has_zero = any(_d(o["points"]) == 0 for o in listed)
    nones = [o for o in crit["options"] if o.get("none")]
    assert len(nones) == (0 if has_zero else 1), crit["id"]
    assert all(o is crit["options"][0] and _d(o["points"]) == 0 for o in nones), crit["id"]
    if crit.get("kind") == "checklist":
        assert _d(crit["max"]) == _d(src["sum_of_options"]), crit["id"]
    elif src.get("max_declared") is not None:
        assert _d(crit["max"]) == _d(src["max_declared"]), crit["id"]
    return len(listed)


def _compare(data: dict[str, Any], t: dict[str, Any]) -> int:
    compared = 0
    assert data["product_set"] == t["product_set"] and data["group"] == t["group"]
    assert len(data["parts"]) == len(t["parts"])
    for part, tpart in zip(data["parts"], t["parts"]):
        assert (part["id"], part["title"]) == (tpart["id"], tpart["title"])
        if tpart["max_declared"] is not None:
            assert _d(part["max"]) == _d(tpart["max_declared"])
        assert len(part["sections"]) == len(tpart["sections"]), part["id"]
        for sect, tsect in zip(part["sections"], tpart["sections"]):
            assert sect["title"] == tsect["title"], sect["id"]
            assert sect.get("description") == tsect.get("description"), sect["id"]
            assert sect.get("note") == tsect.get("note"), sect["id"]
            if tsect.get("choose_one_case"):
                assert [c["title"] for c in sect["cases"]] == [c["title"] for c in tsect["criteria"]]
                for case, tcrit in zip(sect["cases"], tsect["criteria"]):
                    assert tcrit.get("alternative_case")
                    (leaf,) = case["criteria"]
                    assert case.get("description") == tcrit.get("description")
                    compared += _compare_leaf(leaf, {**tcrit, "description": None}, tcrit["title"])
                continue
            assert len(sect["criteria"]) == len(tsect["criteria"]), sect["id"]
            for crit, tcrit in zip(sect["criteria"], tsect["criteria"]):
                title = tcrit["title"] or tsect["title"]
                if tcrit.get("subcriteria"):
                    assert crit["title"] == title and "options" not in crit
                    assert crit.get("description") == tcrit.get("description")
                    assert crit.get("note") == tcrit.get("note")
                    assert len(crit["subcriteria"]) == len(tcrit["subcriteria"])
                    for sub, tsub in zip(crit["subcriteria"], tcrit["subcriteria"]):
                        compared += _compare_leaf(sub, tsub, tsub["title"])
                else:
                    compared += _compare_leaf(crit, tcrit, title)
    return compared


def _count_options(t: dict[str, Any]) -> int:
    n = 0
    for part in t["parts"]:
        for sect in part["sections"]:
            for crit in sect["criteria"]:
                for node in crit.get("subcriteria") or [crit]:
                    n += len(node["options"])
    return n


@pytest.mark.parametrize("path", OFFICIAL, ids=lambda p: p.stem)
def test_set_is_its_transcript_option_by_option(path: Path) -> None:
    data = load(path)
    assert PINNED[data["id"]] == criteria_set_from_dict(data).content_hash
    root = sources_root()
    if root is None:
        return  # no transcripts in this checkout: the pinned hash above is the check
    t = _transcript(data, root)
    assert _compare(data, t) == _count_options(t)
    primary = next(s for s in t["sources"] if s["role"] == "primary")
    assert f"{primary['repository']}@{primary['commit']}" in data["source"]["transcript"]
    assert data["status"] == ("transcribed" if t["completeness"] == "complete" else "incomplete-source")


def test_every_transcript_is_shipped() -> None:
    root = sources_root()
    shipped = {load(p)["source"]["transcript"].split(" ", 1)[0] for p in OFFICIAL}
    if root is None:
        assert len(shipped) == 53
        return
    transcripts = {f"sources/criteria/{p.parent.name}/{p.name}" for p in root.glob("*/*.json")}
    assert shipped == transcripts


@pytest.mark.parametrize("path", OFFICIAL, ids=lambda p: p.stem)
def test_set_validates_against_its_profile(path: Path) -> None:
    profiles = shipped_profiles(FORMS)
    cs = load_criteria_file(path, profiles)
    assert cs.profile in profiles
    assert cs.offered == (cs.status == "transcribed")


def test_incomplete_sources_have_exactly_the_known_gaps() -> None:
    found = {}
    for path in OFFICIAL:
        data = load(path)
        if data["status"] == "incomplete-source":
            found[data["id"]] = [(g["ref"], g["declared"], g["computed"]) for g in data["gaps"]]
        else:
            assert "gaps" not in data
    assert found == EXPECTED_GAPS


def test_typo_fixes_are_listed_in_the_notes() -> None:
    by_id = {load(p)["id"]: load(p) for p in OFFICIAL}
    for set_id, ref in (("148-2023-17-do-uong-khong-con-khac", "«l»"),
                        ("148-2023-18-thuc-pham-chuc-nang-thuoc-duoc-lieu-thuoc-y-hoc-co-truyen", "«t»")):
        assert ref in by_id[set_id]["notes"]


@pytest.mark.parametrize("profile", ["148-2023", "1048-2019"])
def test_classification_covers_the_26_sets(profile: str) -> None:
    plan = json.loads((FORMS / "classification" / f"{profile}.json").read_text(encoding="utf-8"))
    assert plan["profile"] == profile
    shipped = {load(p)["id"]: load(p) for p in OFFICIAL}
    items = [item for g in plan["groups"] for item in g["sets"]]
    assert [i["set_no"] for i in items] == list(range(1, 27))
    for group in plan["groups"]:
        for item in group["sets"]:
            data = shipped[item["set_id"]]
            assert (data["profile"], data["group_id"], data["status"]) == (profile, group["id"], item["status"])
            assert item["product_types"] == data["product_types"]
    offered = {i["set_id"] for i in items if i["status"] == "transcribed"}
    assert len(offered) == (22 if profile == "148-2023" else 25)
    if profile == "1048-2019":
        tourism = items[-1]
        assert tourism["set_id"].startswith("1048-2019-26b-")
        assert tourism["also_shipped"] == ["1048-2019-26-dich-vu-du-lich-truyen-thong-le-hoi"]


def _effects(data: dict[str, Any]) -> list[tuple[dict[str, Any], dict[str, Any], dict[str, Any] | None]]:
    """(option, its criterion, the parent criterion or None) for every option with an effect."""
    out = []
    for part in data["parts"]:
        for sect in part["sections"]:
            crits = sect.get("criteria") or [c for case in sect.get("cases", ()) for c in case["criteria"]]
            for crit in crits:
                for leaf in crit.get("subcriteria") or [crit]:
                    parent = crit if leaf is not crit else None
                    out += [(o, leaf, parent) for o in leaf["options"] if "effect" in o]
    return out


@pytest.mark.parametrize("path", OFFICIAL, ids=lambda p: p.stem)
def test_every_condition_in_a_criterion_is_an_effect_or_a_sheet_knockout(path: Path) -> None:
    data = load(path)
    root = sources_root()
    effects = _effects(data)
    for opt, crit, parent in effects:
        text = opt["effect"]["label"]
        assert opt["effect"]["kind"] in ("knockout", "stop")
        written = [crit.get("description"), crit.get("note")] + (
            [parent.get("description"), parent.get("note")] if parent else [])
        assert any(w and text in w for w in written), opt["id"]  # the note stays on the sheet too
        assert _d(opt["points"]) == 0, opt["id"]  # only a "nothing acceptable" answer triggers one
    if root is None:
        return
    conditions = [c["text"] for c in _transcript(data, root)["conditions_in_criteria"]]
    placed = {opt["effect"]["label"] for opt, _crit, _parent in effects}
    sheet = [k["label"] for k in data["knockouts"]]
    for cond in conditions:
        assert cond in placed or any(label in cond for label in sheet), cond
