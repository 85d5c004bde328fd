from __future__ import annotations

import copy
from decimal import Decimal
from typing import Any, Callable

import pytest

from ocop_desk.errors import CriteriaError
from ocop_desk.scoring.criteria import criteria_set_from_dict, load_json_text
from ocop_desk.scoring.validate import validate_criteria, validate_profile

from scoring_helpers import make_profile, profile_dict, shipped_profiles, shipped_set_files, tiny_set_dict


def problems_of(data: Any, **kw: Any) -> list[tuple[str, str]]:
    with pytest.raises(CriteriaError) as info:
        validate_criteria(data, "bo-tieu-chi.json", **kw)
    assert info.value.file == "bo-tieu-chi.json"
    return [(p.place, p.message) for p in info.value.problems]


def places_of(data: Any, **kw: Any) -> list[str]:
    return [place for place, _msg in problems_of(data, **kw)]


def opt(d: dict, part: int, section: int, crit: int, option: int) -> dict:
    return d["parts"][part]["sections"][section]["criteria"][crit]["options"][option]


def crit(d: dict, part: int, section: int, c: int) -> dict:
    return d["parts"][part]["sections"][section]["criteria"][c]


# --- valid input -------------------------------------------------------------------------------

def test_tiny_set_validates_and_keeps_vietnamese_text() -> None:
    cs = validate_criteria(tiny_set_dict(), "tiny.json", profile=make_profile())
    assert [p.id for p in cs.parts] == ["A", "B", "C"]
    assert cs.max_total == Decimal(100)
    assert cs.parts[0].title == "Sản phẩm và sức mạnh cộng đồng"
    assert cs.criterion("C2a").options[3].points == Decimal(20)
    assert cs.knockout("K2").label == "Không có giấy chứng nhận an toàn thực phẩm"


def test_to_dict_of_a_valid_set_validates_to_the_same_set() -> None:
    cs = validate_criteria(tiny_set_dict(), "tiny.json")
    again = validate_criteria(cs.to_dict(), "again.json")
    assert again == cs
    assert again.content_hash == cs.content_hash


@pytest.mark.parametrize("path", shipped_set_files(), ids=lambda p: p.name)
def test_every_shipped_set_validates_against_its_profile(path) -> None:
    profiles = shipped_profiles()
    data = load_json_text(path.read_text(encoding="utf-8"))
    cs = validate_criteria(data, str(path), profile=profiles[data["profile"]])
    assert cs.max_total == Decimal(100)
    assert {p.id: p.max for p in cs.parts} == dict(profiles[cs.profile].parts)
    assert validate_criteria(cs.to_dict(), str(path)) == cs


def test_shipped_sets_are_there() -> None:
    # issue 2 §3: at least two real sets under 148/QĐ-TTg (2023)
    assert len([p for p in shipped_set_files() if p.parent.name == "148-2023"]) >= 2


def test_numbers_from_a_workbook_are_read_exactly() -> None:
    d = tiny_set_dict()
    crit(d, 0, 0, 0)["options"] = [
        {"id": "A1a-1", "label": "Thấp", "points": 0.1},
        {"id": "A1a-2", "label": "Vừa", "points": "10"},
        {"id": "A1a-3", "label": "Cao", "points": 20.0},
    ]
    cs = validate_criteria(d, "sheet.xlsx")
    assert [o.points for o in cs.criterion("A1a").options] == [Decimal("0.1"), Decimal(10), Decimal(20)]


def test_json_decimals_stay_exact() -> None:
    d = tiny_set_dict()
    crit(d, 0, 0, 1)["options"][1]["points"] = Decimal("2.5")
    cs = validate_criteria(d, "x.json")
    assert cs.criterion("A1b").options[1].points == Decimal("2.5")


# --- single mutations: each is rejected with a problem at the right place -------------------------

def _set(path: list[Any], value: Any) -> Callable[[dict], None]:
    def mutate(d: dict) -> None:
        node = d
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = value
    return mutate


OPT_A1A_1 = ["parts", 0, "sections", 0, "criteria", 0, "options", 1]

MUTATIONS: list[tuple[str, Callable[[dict], None], str, str]] = [
    ("points over max", _set(OPT_A1A_1 + ["points"], 25), "A/A1/A1a/options[1].points", "25"),
    ("text points", _set(OPT_A1A_1 + ["points"], "5 điểm"), "A/A1/A1a/options[1].points", "5 điểm"),
    ("bool points", _set(OPT_A1A_1 + ["points"], True), "A/A1/A1a/options[1].points", "True"),
    ("negative points", _set(OPT_A1A_1 + ["points"], -5), "A/A1/A1a/options[1].points", "-5"),
    ("null points", _set(OPT_A1A_1 + ["points"], None), "A/A1/A1a/options[1].points", ""),
    ("empty option label", _set(OPT_A1A_1 + ["label"], ""), "A/A1/A1a/options[1].label", ""),
    ("blank criterion title", _set(["parts", 0, "sections", 0, "criteria", 1, "title"], "   "), "A/A1/A1b.title", ""),
    ("empty part title", _set(["parts", 1, "title"], ""), "B.title", ""),
    ("missing section title", lambda d: d["parts"][2]["sections"][0].pop("title"), "C/C1.title", ""),
    ("duplicate criterion id", _set(["parts", 2, "sections", 0, "criteria", 0, "id"], "A1a"), "A1a", "2"),
    ("duplicate option id", _set(["parts", 1, "sections", 0, "criteria", 0, "options", 0, "id"], "A1a-1"),
     "A1a-1", "2"),
    ("duplicate knock-out id", _set(["knockouts", 1, "id"], "K1"), "K1", "2"),
    ("knock-out id equal to a part id", _set(["knockouts", 1, "id"], "B"), "B", "2"),
    ("best option below max", _set(["parts", 0, "sections", 0, "criteria", 0, "options", 2, "points"], 15),
     "A/A1/A1a.max", "15"),
    ("criteria do not sum to the section", _set(["parts", 0, "sections", 0, "max"], 35), "A/A1.max", "35"),
    ("sections do not sum to the part", _set(["parts", 2, "max"], 30), "C.max", "30"),
    ("grand total is not 100", lambda d: _grow_b(d, 5), "parts", "105"),
    ("wrong format tag", _set(["format"], "ocop-desk/criteria@9"), "format", "ocop-desk/criteria@9"),
    ("missing id", lambda d: d.pop("id"), "id", ""),
    ("empty product set", _set(["product_set"], ""), "product_set", ""),
    ("unknown status", _set(["status"], "draft"), "status", "draft"),
    ("misspelt field", lambda d: d.update(knockout=[]), "knockout", ""),
    ("no options", _set(["parts", 1, "sections", 0, "criteria", 0, "options"], []), "B/B1/B1a.options", ""),
    ("criteria not a list", _set(["parts", 1, "sections", 0, "criteria"], "B1a"), "B/B1.criteria", ""),
    ("empty knock-out label", _set(["knockouts", 0, "label"], ""), "knockouts[0].label", ""),
    ("star condition on an unknown ref",
     _set(["star_conditions"], [{"star": 4, "ref": "Z9", "min": 5, "label": "Phần Z"}]),
     "star_conditions[0].ref", "Z9"),
    ("star condition for star 6",
     _set(["star_conditions"], [{"star": 6, "ref": "C", "min": 5, "label": "Phần C"}]),
     "star_conditions[0].star", "6"),
    ("star condition above what its ref can give",
     _set(["star_conditions"], [{"star": 5, "ref": "C1a", "min": 16, "label": "C1a"}]),
     "star_conditions[0].min", "16"),
    ("product type not text", _set(["product_types"], ["Gạo", 3]), "product_types[1]", ""),
]


def _grow_b(d: dict, extra: int) -> None:
    part = d["parts"][1]
    part["max"] += extra
    part["sections"][0]["max"] += extra
    c = part["sections"][0]["criteria"][0]
    c["max"] += extra
    c["options"][-1]["points"] += extra


@pytest.mark.parametrize("name,mutate,place,mentions", MUTATIONS, ids=[m[0] for m in MUTATIONS])
def test_single_mutation_is_rejected_at_its_place(name: str, mutate: Callable[[dict], None], place: str,
                                                   mentions: str) -> None:
    d = copy.deepcopy(tiny_set_dict())
    mutate(d)
    found = problems_of(d)
    assert place in [p for p, _m in found], found
    if mentions:
        assert any(mentions in m for p, m in found if p == place), found


def test_part_split_must_match_the_profile() -> None:
    d = tiny_set_dict()
    # move 5 points from C to A: still 100 in all, sums consistent, but not 40/25/35
    _grow_b(d, 0)
    a = d["parts"][0]
    a["max"] += 5
    a["sections"][0]["max"] += 5
    a["sections"][0]["criteria"][0]["max"] += 5
    a["sections"][0]["criteria"][0]["options"][-1]["points"] += 5
    c = d["parts"][2]
    c["max"] -= 5
    c["sections"][1]["max"] -= 5
    c["sections"][1]["criteria"][0]["max"] -= 5
    c["sections"][1]["criteria"][0]["options"][-1]["points"] -= 5
    assert validate_criteria(d, "x.json").max_total == 100  # fine without a profile
    found = places_of(d, profile=make_profile())
    assert found == ["A.max", "C.max"]


def test_part_missing_from_the_profile_is_named() -> None:
    d = tiny_set_dict()
    d["parts"][2]["id"] = "D"
    found = places_of(d, profile=make_profile())
    assert "parts" in found and "D" in found


def test_every_problem_is_listed_not_only_the_first() -> None:
    d = tiny_set_dict()
    opt(d, 0, 0, 0, 1)["points"] = "mười"
    opt(d, 1, 0, 0, 0)["label"] = ""
    d["title"] = ""
    d["knockouts"][0]["label"] = ""
    with pytest.raises(CriteriaError) as info:
        validate_criteria(d, "nhiều-lỗi.json")
    err = info.value
    assert {p.place for p in err.problems} >= {"A/A1/A1a/options[1].points", "B/B1/B1a/options[0].label",
                                               "title", "knockouts[0].label"}
    lines = err.lines()
    assert lines[0].startswith("nhiều-lỗi.json: ")
    assert len(lines) == len(err.problems)
    assert all("nhiều-lỗi.json" in line for line in lines)
    assert "mười" in " ".join(lines)


def test_duplicate_ids_are_named_by_position() -> None:
    d = tiny_set_dict()
    crit(d, 2, 0, 0)["id"] = "A1a"
    crit(d, 2, 0, 0)["title"] = ""
    found = places_of(d)
    assert "C/C1/criteria[0].title" in found
    assert "A/A1/criteria[0].title" not in found


def test_not_an_object() -> None:
    with pytest.raises(CriteriaError) as info:
        validate_criteria([1, 2, 3], "list.json")
    assert info.value.file == "list.json"


def test_a_part_that_is_not_an_object() -> None:
    d = tiny_set_dict()
    d["parts"][1] = "B"
    assert "parts[1]" in places_of(d)


def test_nan_and_infinity_are_not_points() -> None:
    for bad in (Decimal("NaN"), float("inf"), Decimal("Infinity")):
        d = tiny_set_dict()
        opt(d, 0, 0, 0, 0)["points"] = bad
        assert "A/A1/A1a/options[0].points" in places_of(d)


def test_valid_star_condition_is_kept() -> None:
    d = tiny_set_dict(star_conditions=[{"star": 4, "ref": "C", "min": 20, "label": "Phần C từ 20 điểm"}])
    cs = validate_criteria(d, "x.json")
    assert cs.star_conditions[0].min == Decimal(20)
    assert cs.star_conditions[0].star == 4


def test_validator_agrees_with_from_dict_on_valid_input() -> None:
    d = tiny_set_dict()
    assert validate_criteria(d, "x.json") == criteria_set_from_dict(d)


# --- profiles -------------------------------------------------------------------------------------

def profile_places(data: Any) -> list[str]:
    with pytest.raises(CriteriaError) as info:
        validate_profile(data, "profile.json")
    return [p.place for p in info.value.problems]


def test_profile_validates() -> None:
    p = validate_profile(profile_dict(), "p.json")
    assert p.places == 2 and p.min_scorecards == 3 and p.discrepancy_threshold == Decimal(15)
    assert [b.min for b in p.star_bands] == [0, 30, 50, 70, 90]
    assert p.level("district").forwards_min == Decimal(70)


def test_shipped_profiles_validate() -> None:
    profiles = shipped_profiles()
    assert "148-2023" in profiles
    assert dict(profiles["148-2023"].parts) == {"A": 40, "B": 25, "C": 35}


def _bands(*pairs: tuple[Any, Any]) -> list[dict[str, Any]]:
    return [{"star": s, "min": m} for s, m in pairs]


PROFILE_MUTATIONS: list[tuple[str, dict[str, Any], str]] = [
    ("bands not increasing", {"star_bands": _bands((1, 0), (2, 50), (3, 50), (4, 70), (5, 90))}, "star_bands"),
    ("bands decreasing", {"star_bands": _bands((1, 0), (2, 30), (3, 80), (4, 70), (5, 90))}, "star_bands"),
    ("a star missing", {"star_bands": _bands((1, 0), (2, 30), (3, 50), (4, 70))}, "star_bands"),
    ("a star twice", {"star_bands": _bands((1, 0), (2, 30), (2, 50), (4, 70), (5, 90))}, "star_bands"),
    ("star 0", {"star_bands": _bands((0, 0), (2, 30), (3, 50), (4, 70), (5, 90))}, "star_bands[0].star"),
    ("band min as text", {"star_bands": _bands((1, 0), (2, "ba mươi"), (3, 50), (4, 70), (5, 90))},
     "star_bands[1].min"),
    ("first band above 0", {"star_bands": _bands((1, 10), (2, 30), (3, 50), (4, 70), (5, 90))}, "star_bands"),
    ("places 5", {"rounding": {"places": 5, "mode": "half_up"}}, "rounding.places"),
    ("places negative", {"rounding": {"places": -1}}, "rounding.places"),
    ("rounding mode", {"rounding": {"places": 2, "mode": "floor"}}, "rounding.mode"),
    ("min_scorecards 0", {"min_scorecards": 0}, "min_scorecards"),
    ("min_scorecards 2.5", {"min_scorecards": 2.5}, "min_scorecards"),
    ("threshold 0", {"discrepancy_threshold": 0}, "discrepancy_threshold"),
    ("threshold negative", {"discrepancy_threshold": -3}, "discrepancy_threshold"),
    ("unknown level", {"levels": {"commune": {"recognises": [1], "forwards_min": 50}}}, "levels.commune"),
    ("recognises star 6", {"levels": {"district": {"recognises": [3, 6], "forwards_min": 70}}},
     "levels.district.recognises[1]"),
    ("forwards_min as text", {"levels": {"district": {"recognises": [3], "forwards_min": "70 điểm"}}},
     "levels.district.forwards_min"),
    ("parts do not total 100", {"parts": {"A": 40, "B": 25, "C": 30}}, "parts"),
    ("part worth 0", {"parts": {"A": 40, "B": 60, "C": 0}}, "parts.C"),
    ("wrong format", {"format": "ocop-desk/criteria@1"}, "format"),
    ("empty regulation", {"regulation": ""}, "regulation"),
    ("unknown status", {"status": "official"}, "status"),
    ("misspelt field", {"min_scorecard": 3}, "min_scorecard"),
]


@pytest.mark.parametrize("name,change,place", PROFILE_MUTATIONS, ids=[m[0] for m in PROFILE_MUTATIONS])
def test_profile_mutation_is_rejected_at_its_place(name: str, change: dict[str, Any], place: str) -> None:
    assert place in profile_places(profile_dict(**change))


def test_profile_defaults_when_optional_fields_are_left_out() -> None:
    d = profile_dict()
    for key in ("star_bands", "rounding", "min_scorecards", "discrepancy_threshold", "levels", "title", "notes",
                "status"):
        d.pop(key)
    p = validate_profile(d, "p.json")
    assert [b.star for b in p.star_bands] == [1, 2, 3, 4, 5]
    assert p.places == 2 and p.discrepancy_threshold == 15


def test_profile_bands_given_in_any_order_are_sorted() -> None:
    bands = _bands((5, 90), (1, 0), (3, 50), (2, 30), (4, 70))
    p = validate_profile(profile_dict(star_bands=bands), "p.json")
    assert [b.star for b in p.star_bands] == [1, 2, 3, 4, 5]


def test_set_checked_against_another_profile_is_rejected() -> None:
    other = make_profile(id="1048-2019")
    assert "profile" in places_of(tiny_set_dict(), profile=other)


def test_profile_that_is_not_an_object() -> None:
    with pytest.raises(CriteriaError) as info:
        validate_profile("148-2023", "p.json")
    assert info.value.file == "p.json" and info.value.problems
