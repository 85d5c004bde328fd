"""criteria@2 values: reading, writing, hash stability of @1 sets, and the choice helpers."""

from __future__ import annotations

import copy
import json
from decimal import Decimal

import pytest
from scoring_helpers import make_set, make_v2_set, tiny_set_dict, v2_set_dict

from ocop_desk.scoring.criteria import (
    CRITERIA_FORMAT_1,
    CRITERIA_FORMAT_2,
    Effect,
    criteria_set_from_dict,
    join_checklist,
    option_for_key,
    option_key,
    split_choice,
)
from ocop_desk.scoring.validate import validate_criteria


def test_a_plain_set_writes_exactly_its_criteria1_dict() -> None:
    data = tiny_set_dict()
    cs = make_set()
    assert cs.to_dict() == json.loads(json.dumps(data))
    assert cs.to_dict()["format"] == CRITERIA_FORMAT_1
    assert not cs.uses_format_2()


def test_v2_set_round_trips_to_the_same_value_and_hash() -> None:
    cs = make_v2_set()
    out = cs.to_dict()
    assert out["format"] == CRITERIA_FORMAT_2
    again = validate_criteria(copy.deepcopy(out), "again.json")
    assert again == cs
    assert again.content_hash == cs.content_hash


def test_v2_writes_only_keys_that_say_something() -> None:
    out = make_v2_set().to_dict()
    b1a = out["parts"][1]["sections"][0]["criteria"][0]
    assert set(b1a) == {"id", "title", "max", "options"}
    assert set(b1a["options"][1]) == {"id", "label", "points"}
    assert b1a["options"][0]["effect"] == {"kind": "knockout", "label": "Bị loại nếu không có hồ sơ"}
    a1 = out["parts"][0]["sections"][0]
    assert "criteria" not in a1 and [c["id"] for c in a1["cases"]] == ["A1-k1", "A1-k2"]
    parent = a1["cases"][1]["criteria"][0]
    assert "options" not in parent and [s["id"] for s in parent["subcriteria"]] == ["A1y1", "A1y2"]
    assert parent["subcriteria"][1]["kind"] == "checklist"
    assert "kind" not in parent["subcriteria"][0]
    assert "gaps" not in out and out["notes"] == "Sửa lỗi chính tả ở A1x"


def test_any_v2_feature_alone_makes_the_file_v2() -> None:
    base = tiny_set_dict()
    marked = copy.deepcopy(base)
    marked["parts"][0]["sections"][0]["criteria"][0]["options"][2]["star_marker"] = 4
    assert criteria_set_from_dict(marked).to_dict()["format"] == CRITERIA_FORMAT_2
    described = copy.deepcopy(base)
    described["parts"][2]["description"] = "Yêu cầu: chất lượng"
    assert criteria_set_from_dict(described).to_dict()["format"] == CRITERIA_FORMAT_2
    noted = copy.deepcopy(base)
    noted["notes"] = "Sửa: «bao bi» → «bao bì»"
    assert criteria_set_from_dict(noted).content_hash != criteria_set_from_dict(base).content_hash


def test_a_v2_file_using_nothing_of_v2_is_the_same_set_as_its_v1_file() -> None:
    as_v2 = criteria_set_from_dict(tiny_set_dict(format=CRITERIA_FORMAT_2))
    assert as_v2.content_hash == make_set().content_hash


def test_leaves_in_sheet_order_across_cases_and_parents() -> None:
    cs = make_v2_set()
    assert [c.id for c in cs.criteria()] == ["A1x", "A1y1", "A1y2", "B1a", "C1a", "C2a"]
    assert cs.criterion_ids() == ("A1x", "A1y1", "A1y2", "B1a", "C1a", "C2a")
    assert cs.criterion("A1y").subcriteria and cs.criterion("A1y").options == ()
    assert cs.criterion("A1y2").kind == "checklist"
    assert cs.parent_of("A1y2").id == "A1y" and cs.parent_of("A1x") is None
    assert [s.id for s in cs.case_sections()] == ["A1"]
    section, case = cs.case_of("A1y1")
    assert (section.id, case.id) == ("A1", "A1-k2")
    assert cs.case_of("B1a") is None
    assert cs.criterion("B1a").options[0].effect == Effect("knockout", "Bị loại nếu không có hồ sơ")
    assert cs.criterion("C2a").star_marker == 5
    assert set(cs.points_table()) == set(cs.criterion_ids())


def test_offered_only_when_transcribed() -> None:
    assert make_v2_set().offered
    assert not make_set().offered  # reconstructed


def test_checklist_join_and_split() -> None:
    crit = make_v2_set().criterion("A1y2")
    assert join_checklist(crit, ["A1y2-2", "A1y2-1"]) == "A1y2-1+A1y2-2"
    assert join_checklist(crit, []) == "A1y2-0"
    assert join_checklist(crit, ["A1y2-0"]) == "A1y2-0"
    assert split_choice("A1y2-1+A1y2-2") == ("A1y2-1", "A1y2-2")
    assert split_choice("A1y2-0") == ("A1y2-0",)
    with pytest.raises(ValueError, match="A1y2-9"):
        join_checklist(crit, ["A1y2-9"])
    with pytest.raises(ValueError, match="none"):
        join_checklist(crit, ["A1y2-0", "A1y2-1"])
    with pytest.raises(ValueError, match="no none option"):
        join_checklist(make_v2_set().criterion("A1y1"), [])


def test_option_keys_put_the_none_option_at_zero() -> None:
    crit = make_v2_set().criterion("C1a")
    keys = {o.id: option_key(crit, o) for o in crit.options}
    assert keys == {"C1a-0": 0, "C1a-1": 1, "C1a-2": 2}
    assert all(option_for_key(crit, k).id == oid for oid, k in keys.items())
    assert option_for_key(crit, 3) is None
    plain = make_set().criterion("A1a")
    assert [option_key(plain, o) for o in plain.options] == [1, 2, 3]
    assert option_for_key(plain, 0) is None


def test_gaps_and_transcript_are_read_and_written() -> None:
    data = v2_set_dict(status="incomplete-source",
                       gaps=[{"ref": "C2", "declared": 20, "computed": Decimal("19.5")}])
    data["source"]["transcript"] = "148-2023/01-rau.json (augustine-tran/ocop@d76e5ad)"
    cs = criteria_set_from_dict(data)
    assert cs.gaps[0].computed == Decimal("19.5") and not cs.offered
    out = cs.to_dict()
    assert out["gaps"] == [{"ref": "C2", "declared": 20, "computed": Decimal("19.5")}]
    assert out["source"]["transcript"].startswith("148-2023/")
