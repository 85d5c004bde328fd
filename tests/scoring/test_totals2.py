"""Totals on criteria@2 sheets: cases, sub-criteria, checklists, none options, stop and knock-out options."""

from __future__ import annotations

from decimal import Decimal

import pytest
from scoring_helpers import make_v2_set

from ocop_desk.scoring.criteria import CriteriaSet
from ocop_desk.scoring.requirements import sheet_effects
from ocop_desk.scoring.totals import (
    applicable,
    check_choices,
    criterion_points,
    is_complete,
    member_total,
    part_subtotals,
    progress,
    ref_subtotal,
    scoring_table,
    stopped,
)


@pytest.fixture
def v2() -> CriteriaSet:
    return make_v2_set()


REST = {"B1a": "B1a-3", "C1a": "C1a-2", "C2a": "C2a-4"}  # 25 + 15 + 20


def test_a_v2_set_with_structures_leaves_the_fast_path(v2: CriteriaSet) -> None:
    assert not scoring_table(v2).plain
    assert scoring_table(v2).case_sections == {"A1": {"A1-k1": ("A1x",), "A1-k2": ("A1y1", "A1y2")}}


def test_the_case_key_chooses_which_criteria_apply(v2: CriteriaSet) -> None:
    assert applicable(v2, {}) == ("B1a", "C1a", "C2a")
    assert applicable(v2, {"A1": "A1-k1"}) == ("A1x", "B1a", "C1a", "C2a")
    assert applicable(v2, {"A1": "A1-k2"}) == ("A1y1", "A1y2", "B1a", "C1a", "C2a")


def test_answers_of_the_other_case_are_ignored_not_errors(v2: CriteriaSet) -> None:
    choices = {"A1": "A1-k1", "A1x": "A1x-1", "A1y1": "A1y1-1", "A1y2": "A1y2-1", **REST}
    assert member_total(v2, choices) == Decimal(100)
    assert is_complete(v2, choices)
    assert criterion_points(v2, choices, "A1y1") is None
    assert ref_subtotal(v2, choices, "A1-k2") == 0
    assert ref_subtotal(v2, choices, "A1-k1") == 40


def test_without_a_case_no_criterion_of_the_section_counts_and_the_sheet_is_incomplete(v2: CriteriaSet) -> None:
    choices = {"A1x": "A1x-1", **REST}
    assert member_total(v2, choices) == Decimal(60)
    assert not is_complete(v2, choices)


def test_a_checklist_sums_its_ticks_up_to_its_max(v2: CriteriaSet) -> None:
    base = {"A1": "A1-k2", "A1y1": "A1y1-1", **REST}
    assert criterion_points(v2, {**base, "A1y2": "A1y2-2"}, "A1y2") == 10
    assert criterion_points(v2, {**base, "A1y2": "A1y2-1+A1y2-2"}, "A1y2") == 20  # 25 capped at 20
    assert criterion_points(v2, {**base, "A1y2": "A1y2-0"}, "A1y2") == 0
    assert is_complete(v2, {**base, "A1y2": "A1y2-0"})


def test_a_parent_has_points_once_its_sub_criteria_are_answered(v2: CriteriaSet) -> None:
    choices = {"A1": "A1-k2", "A1y1": "A1y1-1"}
    assert criterion_points(v2, choices, "A1y") is None
    assert ref_subtotal(v2, choices, "A1y") == 20
    choices["A1y2"] = "A1y2-1"
    assert criterion_points(v2, choices, "A1y") == 35
    assert part_subtotals(v2, choices) == {"A": Decimal(35), "B": Decimal(0), "C": Decimal(0)}


def test_a_stop_option_leaves_the_rest_of_its_case_unscored(v2: CriteriaSet) -> None:
    choices = {"A1": "A1-k2", "A1y1": "A1y1-0", "A1y2": "A1y2-1", **REST}
    assert applicable(v2, choices) == ("A1y1", "B1a", "C1a", "C2a")
    assert stopped(v2, choices) == ("A1y2",)
    assert sheet_effects(v2, choices).stopped == ("A1y2",)
    assert ref_subtotal(v2, choices, "A1") == 0
    assert criterion_points(v2, choices, "A1y") == 0
    del choices["A1y2"]
    assert is_complete(v2, choices)


def test_knock_out_options_are_reported_with_their_option_id(v2: CriteriaSet) -> None:
    choices = {"A1": "A1-k1", "A1x": "A1x-0", "B1a": "B1a-1"}
    effects = sheet_effects(v2, choices)
    assert effects.knockouts == (("B1a", "Bị loại nếu không có hồ sơ"),)
    assert effects.knockout_ids == ("opt:B1a-1",)
    assert sheet_effects(v2, {"B1a": "B1a-2"}).knockouts == ()


def test_none_counts_zero_but_answers(v2: CriteriaSet) -> None:
    choices = {"A1": "A1-k1", "A1x": "A1x-0", "B1a": "B1a-3", "C1a": "C1a-0", "C2a": "C2a-4"}
    assert is_complete(v2, choices)
    assert member_total(v2, choices) == Decimal(45)
    assert criterion_points(v2, choices, "C1a") == 0
    del choices["C1a"]
    assert not is_complete(v2, choices)


@pytest.mark.parametrize("choices, words", [
    ({"A1": "A1-k9"}, "no case 'A1-k9'"),
    ({"A1y": "A1y1-1"}, "no criterion 'A1y'"),
    ({"A1y2": "A1y2-1+A1y2-9"}, "A1y2-9"),
    ({"A1y2": "A1y2-1+A1y2-1"}, "twice"),
    ({"A1y2": "A1y2-0+A1y2-1"}, "none"),
    ({"A1y1": "A1y1-0+A1y1-1"}, "no option"),
    ({"A1-k1": "A1x-1"}, "no criterion"),
])
def test_bad_choices_name_the_key_or_value(v2: CriteriaSet, choices: dict, words: str) -> None:
    with pytest.raises(ValueError, match=words):
        check_choices(v2, choices)
    with pytest.raises(ValueError):
        member_total(v2, choices)


def test_unknown_refs_are_errors(v2: CriteriaSet) -> None:
    with pytest.raises(ValueError):
        ref_subtotal(v2, {}, "Z9")
    with pytest.raises(ValueError):
        criterion_points(v2, {}, "A1")


def test_progress_counts_the_case_and_the_applicable_answers_only(v2: CriteriaSet) -> None:
    assert progress(v2, {}) == (0, 4)
    assert progress(v2, {"A1": "A1-k2", "A1x": "A1x-1"}) == (1, 6)
    assert progress(v2, {"A1": "A1-k2", "A1y1": "A1y1-0", "A1y2": "A1y2-1"}) == (2, 5)
    assert progress(v2, {"A1": "A1-k1", "A1x": "A1x-1", **REST}) == (5, 5)
