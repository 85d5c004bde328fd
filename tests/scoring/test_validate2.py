"""The criteria@2 rules of the validator, each on one mutation of a valid @2 set."""

from __future__ import annotations

import copy
from decimal import Decimal
from typing import Any, Iterator

import pytest
from scoring_helpers import tiny_set_dict, v2_set_dict

from ocop_desk import i18n
from ocop_desk.errors import CriteriaError
from ocop_desk.scoring.validate import gap_problems, validate_criteria


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    """Messages are compared in English here; test_vietnamese_gap_wording checks the default language."""
    i18n.set_language("en")
    yield
    i18n.set_language(None)


def problems_of(data: Any) -> list[tuple[str, str]]:
    with pytest.raises(CriteriaError) as info:
        validate_criteria(data, "bo-tieu-chi.json")
    return [(p.place, p.message) for p in info.value.problems]


def case2(d: dict) -> dict:
    return d["parts"][0]["sections"][0]["cases"][1]


def parent(d: dict) -> dict:
    return case2(d)["criteria"][0]


def checklist(d: dict) -> dict:
    return parent(d)["subcriteria"][1]


def c1a(d: dict) -> dict:
    return d["parts"][2]["sections"][0]["criteria"][0]


def test_the_v2_set_validates() -> None:
    cs = validate_criteria(v2_set_dict(), "v2.json")
    assert cs.max_total == Decimal(100)


def test_v2_fields_in_a_v1_file_name_the_format_they_need() -> None:
    d = tiny_set_dict()
    d["parts"][0]["sections"][0]["criteria"][0]["options"][2]["star_marker"] = 4
    d["notes"] = "sửa"
    found = problems_of(d)
    assert ("A/A1/A1a/options[2].star_marker", 'is a criteria@2 field; the file must say "format": '
            '"ocop-desk/criteria@2"') in found
    assert any(place == "notes" for place, _m in found)


def test_incomplete_source_needs_v2() -> None:
    assert [p for p, _m in problems_of(tiny_set_dict(status="incomplete-source"))] == ["status"]


def mutate(path_fn, key: str, value: Any) -> dict:
    d = v2_set_dict()
    target = path_fn(d)
    if value is None:
        target.pop(key)
    else:
        target[key] = value
    return d


@pytest.mark.parametrize("name, data, place, words", [
    ("sub maxima do not add up", mutate(lambda d: parent(d)["subcriteria"][0], "max", 15),
     "A/A1/A1-k2/A1y.max", "sub-criteria add up to 35"),
    ("case sum", mutate(lambda d: case2(d)["criteria"][0], "max", 30),
     "A/A1/A1-k2", "add up to 30"),
    ("checklist max above its options", mutate(lambda d: checklist(d), "max", 30),
     "A/A1/A1-k2/A1y/A1y2.max", "give only 25"),
    ("checklist option above max", mutate(lambda d: checklist(d)["options"][1], "points", 25),
     "A/A1/A1-k2/A1y/A1y2/options[1].points", "more than the criterion maximum"),
    ("unknown kind", mutate(lambda d: c1a(d), "kind", "multi"), "A/A1/A1-k2/A1y/A1y2/kind", None),
    ("none gives points", mutate(lambda d: c1a(d)["options"][0], "points", 5),
     "C/C1/C1a/options[0].points", "0 points"),
    ("none not boolean", mutate(lambda d: c1a(d)["options"][0], "none", "yes"), "C/C1/C1a/options[0].none", None),
    ("marker out of range", mutate(lambda d: c1a(d)["options"][1], "star_marker", 6),
     "C/C1/C1a/options[1].star_marker", "between 3 and 5"),
    ("criterion marker out of range", mutate(lambda d: c1a(d), "star_marker", 2), "C/C1/C1a.star_marker", None),
    ("effect kind", mutate(lambda d: c1a(d)["options"][1], "effect", {"kind": "bonus", "label": "x"}),
     "C/C1/C1a/options[1].effect.kind", None),
    ("effect label", mutate(lambda d: c1a(d)["options"][1], "effect", {"kind": "stop"}),
     "C/C1/C1a/options[1].effect.label", None),
    ("sub-sub-criteria", mutate(lambda d: parent(d)["subcriteria"][0], "subcriteria", []),
     "A/A1/A1-k2/A1y/A1y1.subcriteria", None),
    ("parent with options", mutate(lambda d: parent(d), "options", []), "A/A1/A1-k2/A1y.options", None),
    ("one case only", mutate(lambda d: d["parts"][0]["sections"][0], "cases",
                             [v2_set_dict()["parts"][0]["sections"][0]["cases"][0]]), "A/A1.cases", "two"),
    ("cases and criteria", mutate(lambda d: d["parts"][0]["sections"][0], "criteria", []), "A/A1", "both"),
])
def test_one_v2_mutation_is_rejected_at_its_place(name: str, data: dict, place: str, words: str | None) -> None:
    found = problems_of(data)
    if name == "unknown kind":
        place = "C/C1/C1a.kind"
    assert place in [p for p, _m in found], found
    if words:
        assert any(words in m for p, m in found if p == place), found


def test_two_none_options() -> None:
    d = v2_set_dict()
    c1a(d)["options"][1]["points"] = 0
    c1a(d)["options"][1]["none"] = True
    c1a(d)["options"][1].pop("star_marker")
    assert ("C/C1/C1a.options", "has more than one none option") in problems_of(d)


def test_ids_may_not_contain_plus() -> None:
    d = v2_set_dict()
    c1a(d)["options"][2]["id"] = "C1a+2"
    assert [p for p, _m in problems_of(d)] == ["C1a+2"]


def test_ids_are_unique_across_cases_and_sub_criteria() -> None:
    d = v2_set_dict()
    parent(d)["subcriteria"][0]["id"] = "A1-k1"
    assert "A1-k1" in [p for p, _m in problems_of(d)]


def test_star_conditions_may_name_cases_parents_and_sub_criteria() -> None:
    conds = [{"star": 4, "ref": ref, "min": 10, "label": "x"} for ref in ("A1-k2", "A1y", "A1y2")]
    validate_criteria(v2_set_dict(star_conditions=conds), "v2.json")


def test_a_checklist_max_may_be_below_the_sum_of_its_options() -> None:
    d = v2_set_dict()
    checklist(d)["options"][1]["points"] = 20  # 20 + 10 > 20: fine, and best option = max too
    validate_criteria(d, "v2.json")


# --- incomplete-source sets: the exact gaps ----------------------------------------------------

def short_c2(**extra: Any) -> dict:
    """C2 declares 20 but its criterion gives 19 (a source that does not add up)."""
    d = v2_set_dict(status="incomplete-source", **extra)
    c2 = d["parts"][2]["sections"][1]
    c2["criteria"][0]["max"] = 19
    c2["criteria"][0]["options"][-1]["points"] = 19
    return d


def test_declared_gaps_validate_and_are_worded_as_warnings() -> None:
    cs = validate_criteria(short_c2(gaps=[{"ref": "C2", "declared": 20, "computed": 19}]), "v2.json")
    assert not cs.offered
    [warning] = gap_problems(cs)
    assert warning.place == "C/C2"
    assert warning.message == "short by 1 (criteria give 19, declared 20)"


def test_vietnamese_gap_wording(monkeypatch: pytest.MonkeyPatch) -> None:
    import gettext
    import io

    from scoring_helpers import REPO

    from tools import i18n as tool

    catalog = tool.read_po_file(REPO / "resources" / "locale" / "vi" / "scoring.po")
    monkeypatch.setattr(i18n, "_current", gettext.GNUTranslations(io.BytesIO(tool.mo_bytes(catalog))))
    cs = validate_criteria(short_c2(gaps=[{"ref": "C2", "declared": 20, "computed": 19}]), "v2.json")
    assert gap_problems(cs)[0].message == "thiếu 1 điểm (các tiêu chí cộng lại 19, khai báo 20)"


def test_an_unlisted_sum_failure_is_an_error_with_its_gap_wording() -> None:
    found = problems_of(short_c2(gaps=[]))
    assert ("C/C2", "short by 1 (criteria give 19, declared 20) — not listed in gaps") in found


def test_a_listed_gap_that_adds_up_is_an_error() -> None:
    gaps = [{"ref": "C2", "declared": 20, "computed": 19}, {"ref": "B1", "declared": 25, "computed": 24}]
    assert [p for p, _m in problems_of(short_c2(gaps=gaps))] == ["gaps[1].ref"]


def test_a_gap_with_wrong_numbers_is_an_error() -> None:
    found = problems_of(short_c2(gaps=[{"ref": "C2", "declared": 20, "computed": 18}]))
    assert found == [("gaps[0]", "C2: declared 20 and computed 19, not 20 and 18")]


def test_gaps_without_incomplete_source_are_an_error() -> None:
    d = v2_set_dict(gaps=[{"ref": "C2", "declared": 20, "computed": 19}])
    assert "gaps" in [p for p, _m in problems_of(d)]


def test_incomplete_source_without_a_real_gap_is_an_error() -> None:
    assert [p for p, _m in problems_of(v2_set_dict(status="incomplete-source"))] == ["status"]


def test_other_sums_stay_errors_in_their_v1_wording() -> None:
    d = short_c2(gaps=[{"ref": "C2", "declared": 20, "computed": 19}])
    d["status"] = "transcribed"
    d.pop("gaps")
    assert ("C/C2.max", "is 20 but its criteria add up to 19") in problems_of(d)


def test_gap_at_criterion_and_part_level() -> None:
    d = v2_set_dict(status="incomplete-source")
    crit = c1a(d)
    crit["options"][-1]["points"] = 12  # C1a declares 15, best option 12
    d["gaps"] = [{"ref": "C1a", "declared": 15, "computed": 12}]
    cs = validate_criteria(copy.deepcopy(d), "v2.json")
    assert [(w.place, w.message) for w in gap_problems(cs)] == [
        ("C/C1/C1a", "short by 3 (the best option gives 12, declared 15)")]


def test_gap_of_a_part_and_of_the_total() -> None:
    d = short_c2()
    d["parts"][2]["sections"][1]["max"] = 19  # C2 adds up now; part C (35) gets 15 + 19
    d["gaps"] = [{"ref": "C", "declared": 35, "computed": 34}]
    cs = validate_criteria(copy.deepcopy(d), "v2.json")
    assert [(w.place, w.message) for w in gap_problems(cs)] == [
        ("C", "short by 1 (sections give 34, declared 35)")]
    d["parts"][2]["max"] = 34  # now the parts give 99
    d["gaps"] = [{"ref": "thu-nghiem-gao", "declared": 100, "computed": 99}]
    cs = validate_criteria(copy.deepcopy(d), "v2.json")
    assert [(w.place, w.message) for w in gap_problems(cs)] == [
        ("parts", "short by 1 (parts give 99, declared 100)")]
