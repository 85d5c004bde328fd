"""Every shipped criteria set is well formed, sums right and matches its profile."""

from __future__ import annotations

import re
from collections import Counter
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from ocop_desk.scoring.criteria import criteria_set_from_dict, criteria_set_to_dict

from .conftest import CRITERIA_FILES, FORMS, load

# The first catalogue (criteria@1, invented wording): the shape rules below were written for it.
RECONSTRUCTED = [p for p in CRITERIA_FILES if load(p)["status"] == "reconstructed"]
TRANSCRIBED = [p for p in CRITERIA_FILES if load(p)["status"] != "reconstructed"]

GROUP_IDS_148 = {"thuc-pham", "do-uong", "duoc-lieu", "thu-cong-my-nghe", "sinh-vat-canh", "du-lich"}
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _d(value: Any) -> Decimal:
    return Decimal(str(value))


def test_the_catalogue_is_not_empty() -> None:
    by_regulation = Counter(p.parent.name for p in CRITERIA_FILES)
    assert by_regulation["148-2023"] >= 12
    assert by_regulation["1048-2019"] >= 2
    assert by_regulation["tinh-35-20-45"] >= 1


@pytest.mark.parametrize("path", RECONSTRUCTED, ids=lambda p: p.stem)
def test_set_sums_and_best_options(path: Path) -> None:
    data = load(path)
    total = Decimal(0)
    for part in data["parts"]:
        assert sum(_d(s["max"]) for s in part["sections"]) == _d(part["max"]), part["id"]
        total += _d(part["max"])
        for section in part["sections"]:
            assert sum(_d(c["max"]) for c in section["criteria"]) == _d(section["max"]), section["id"]
            for crit in section["criteria"]:
                points = [_d(o["points"]) for o in crit["options"]]
                assert len(points) >= 2, crit["id"]
                assert max(points) == _d(crit["max"]), crit["id"]
                assert min(points) >= 0, crit["id"]
                assert all(o["label"].strip() for o in crit["options"]), crit["id"]
    assert total == 100


@pytest.mark.parametrize("path", CRITERIA_FILES, ids=lambda p: p.stem)
def test_set_matches_its_profile_split(path: Path, shipped_profiles: dict[str, dict]) -> None:
    data = load(path)
    profile = shipped_profiles[data["profile"]]
    assert data["regulation"] == profile["regulation"]
    split = {p["id"]: _d(p["max"]) for p in data["parts"]}
    assert split == {k: _d(v) for k, v in profile["parts"].items()}
    assert path.parent.name == data["profile"]


@pytest.mark.parametrize("path", RECONSTRUCTED, ids=lambda p: p.stem)
def test_ids_follow_the_scheme_and_are_unique_within_a_set(path: Path) -> None:
    data = load(path)
    assert path.stem == data["id"]
    assert data["id"].startswith(data["profile"] + "-" + data["group_id"])
    seen: list[str] = []
    for part in data["parts"]:
        assert re.fullmatch(r"[A-Z]", part["id"])
        seen.append(part["id"])
        for section in part["sections"]:
            assert re.fullmatch(re.escape(part["id"]) + r"\d+", section["id"])
            seen.append(section["id"])
            for crit in section["criteria"]:
                assert re.fullmatch(re.escape(section["id"]) + r"[a-z]", crit["id"])
                seen.append(crit["id"])
                for opt in crit["options"]:
                    assert re.fullmatch(re.escape(crit["id"]) + r"-\d+", opt["id"])
                    seen.append(opt["id"])
    seen += [k["id"] for k in data["knockouts"]]
    assert len(seen) == len(set(seen))


@pytest.mark.parametrize("path", TRANSCRIBED, ids=lambda p: p.stem)
def test_transcribed_ids_follow_the_sheet(path: Path) -> None:
    """A1 / A1a (A3dd for "đ)") / C6a1 sub-criteria / C8-th1 cases / A1a-1 options, A1a-0 the none option."""
    data = load(path)
    assert path.stem == data["id"]
    assert re.fullmatch(re.escape(data["profile"]) + r"-\d\d[b]?-[a-z0-9-]+", data["id"])
    seen: list[str] = []

    def crit_ids(crit: dict, holder: str) -> None:
        assert re.fullmatch(re.escape(holder) + r"([a-z]|dd)", crit["id"]) or re.fullmatch(
            re.escape(holder) + r"\d", crit["id"]), crit["id"]
        if "subcriteria" in crit:
            seen.append(crit["id"])
        for i, sub in enumerate(crit.get("subcriteria", ()), start=1):
            assert sub["id"] == f"{crit['id']}{i}"
            crit_ids_leaf(sub)
        if "options" in crit:
            crit_ids_leaf(crit)

    def crit_ids_leaf(crit: dict) -> None:
        seen.append(crit["id"])
        for opt in crit["options"]:
            assert re.fullmatch(re.escape(crit["id"]) + r"-\d+", opt["id"])
            assert (opt["id"] == crit["id"] + "-0") == bool(opt.get("none"))
            seen.append(opt["id"])

    for part in data["parts"]:
        assert re.fullmatch(r"[A-C]", part["id"])
        seen.append(part["id"])
        for section in part["sections"]:
            assert re.fullmatch(re.escape(part["id"]) + r"\d+", section["id"])
            seen.append(section["id"])
            for i, case in enumerate(section.get("cases", ()), start=1):
                assert case["id"] == f"{section['id']}-th{i}"
                seen.append(case["id"])
                for crit in case["criteria"]:
                    crit_ids(crit, case["id"])
            for crit in section.get("criteria", ()):
                crit_ids(crit, section["id"])
    seen += [k["id"] for k in data["knockouts"]]
    assert all("+" not in i for i in seen)
    assert len(seen) == len(set(seen))


def test_set_ids_and_titles_are_unique_across_the_catalogue(shipped_sets: dict) -> None:
    ids = Counter(d["id"] for d in shipped_sets.values())
    assert [i for i, n in ids.items() if n > 1] == []
    for generation in (("reconstructed",), ("transcribed", "incomplete-source")):
        keys = Counter((d["regulation"], d["group_id"], d["product_set"]) for d in shipped_sets.values()
                       if d["status"] in generation)
        assert [k for k, n in keys.items() if n > 1] == []


@pytest.mark.parametrize("path", CRITERIA_FILES, ids=lambda p: p.stem)
def test_provenance_is_recorded(path: Path) -> None:
    data = load(path)
    assert data["status"] in ("transcribed", "incomplete-source", "reconstructed")
    assert ISO_DATE.fullmatch(data["checked"] or "")
    assert len(data["uncertain"] or "") > 40
    if data["status"] != "reconstructed":
        assert data["source"]["transcript"].startswith("sources/criteria/" + data["profile"] + "/")
        assert "@" in data["source"]["transcript"]
    src = data["source"]
    assert all(src[k].strip() for k in ("decision", "date", "appendix", "set_name"))
    assert src["set_name"] == data["product_set"]
    assert data["knockouts"], "every sheet lists its knock-out conditions"
    assert data["product_types"]


def test_2023_sets_cover_the_six_groups(shipped_sets: dict) -> None:
    groups = {d["group_id"] for d in shipped_sets.values() if d["profile"] == "148-2023"}
    assert groups == GROUP_IDS_148


def test_2019_sets_cover_food_and_drinks(shipped_sets: dict) -> None:
    groups = {d["group_id"] for d in shipped_sets.values() if d["profile"] == "1048-2019"}
    assert {"thuc-pham", "do-uong"} <= groups


@pytest.mark.parametrize("path", CRITERIA_FILES, ids=lambda p: p.stem)
def test_file_is_exactly_the_canonical_layout(path: Path) -> None:
    """No field is silently dropped by the value type, and nothing is \\u-escaped."""
    text = path.read_text(encoding="utf-8")
    data = load(path)
    assert criteria_set_to_dict(criteria_set_from_dict(data)) == data
    assert "\\u" not in text
    assert any(ch in text for ch in "ảạấầệểộớờụứừ")
    assert text.endswith("\n") and not text.startswith("\ufeff")


def test_the_build_scripts_reproduce_every_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """forms/_build regenerates the shipped files byte for byte (script and data never drift)."""
    import importlib
    import sys

    monkeypatch.syspath_prepend(str(FORMS / "_build"))
    for name in ("common", "sheets_148", "sheets_1048", "profiles", "build_catalogue", "transcripts"):
        sys.modules.pop(name, None)
    common = importlib.import_module("common")
    monkeypatch.setattr(common, "FORMS", tmp_path)
    build = importlib.import_module("build_catalogue")
    monkeypatch.setattr(build, "FORMS", tmp_path)
    written = build.build_profiles() + build.build_148() + build.build_older()
    assert len(written) == len(RECONSTRUCTED) + len(list((FORMS / "profiles").glob("*.json")))
    transcripts = importlib.import_module("transcripts")
    root = transcripts.sources_dir()
    if root is not None:  # the shared transcripts: the official sets and the classification too
        monkeypatch.setattr(transcripts, "FORMS", tmp_path)
        more = transcripts.build(root)
        assert len(more) == len(TRANSCRIBED) + len(list((FORMS / "classification").glob("*.json")))
        written += more
    for new in written:
        shipped = FORMS / new.relative_to(tmp_path)
        assert shipped.read_bytes() == new.read_bytes(), shipped
    for name in ("common", "sheets_148", "sheets_1048", "profiles", "build_catalogue", "transcripts"):
        sys.modules.pop(name, None)


def test_a_product_type_points_to_one_set_per_regulation(shipped_sets: dict) -> None:
    """A dossier's set is chosen from its group and product type, so a type must not be ambiguous."""
    owners: dict[tuple[str, str, bool], list[str]] = {}
    for d in shipped_sets.values():
        for t in d["product_types"]:
            owners.setdefault((d["profile"], t.casefold(), d["status"] == "reconstructed"), []).append(d["id"])
    assert {k: v for k, v in owners.items() if len(v) > 1} == {}
