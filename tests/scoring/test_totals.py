from __future__ import annotations

from decimal import Decimal

import pytest
from scoring_helpers import best, choose, worst

from ocop_desk.scoring.criteria import CriteriaSet
from ocop_desk.scoring.totals import (check_choices, is_complete, member_total, part_subtotals, ref_subtotal,
                                      scoring_table)


def test_total_is_the_sum_of_the_chosen_options(tiny: CriteriaSet) -> None:
    choices = choose(tiny, {"A1a": 10, "A1b": 5, "B1a": 25, "C1a": 0, "C2a": 10})
    assert member_total(tiny, choices) == Decimal(50)
    assert part_subtotals(tiny, choices) == {"A": 15, "B": 25, "C": 10}
    assert is_complete(tiny, choices)


def test_best_and_worst(tiny: CriteriaSet) -> None:
    assert member_total(tiny, best(tiny)) == 100
    assert member_total(tiny, worst(tiny)) == 0


def test_incomplete_sheet(tiny: CriteriaSet) -> None:
    choices = choose(tiny, {"A1a": 20, "C2a": 5})
    assert not is_complete(tiny, choices)
    assert member_total(tiny, choices) == 25
    assert part_subtotals(tiny, choices) == {"A": 20, "B": 0, "C": 5}
    assert not is_complete(tiny, {})


def test_ref_subtotal_of_a_part_a_section_and_a_criterion(tiny: CriteriaSet) -> None:
    choices = choose(tiny, {"A1a": 10, "A1b": 20, "B1a": 10, "C1a": 15, "C2a": 20})
    assert ref_subtotal(tiny, choices, "A") == 30
    assert ref_subtotal(tiny, choices, "C2") == 20
    assert ref_subtotal(tiny, choices, "C1a") == 15
    with pytest.raises(ValueError):
        ref_subtotal(tiny, choices, "Z")


@pytest.mark.parametrize("choices,needle", [
    ({"A9z": "A9z-1"}, "A9z"),
    ({"A1a": "A1a-9"}, "A1a-9"),
    ({"A1a": "A1b-1"}, "A1b-1"),  # an option of another criterion
])
def test_unknown_ids_are_an_error(tiny: CriteriaSet, choices: dict[str, str], needle: str) -> None:
    for call in (member_total, part_subtotals, is_complete, check_choices):
        with pytest.raises(ValueError, match=needle):
            call(tiny, choices)


def test_table_is_built_once_per_set(tiny: CriteriaSet) -> None:
    assert scoring_table(tiny) is scoring_table(tiny)
    assert scoring_table(tiny).size == 5
    assert scoring_table(tiny).maxima["C"] == 35


def test_decimal_points_stay_exact() -> None:
    from scoring_helpers import layout_dict

    from ocop_desk.scoring.validate import validate_criteria

    layout = {"A": {"A1": {"A1a": [Decimal("0.1"), Decimal("0.2"), Decimal(40)]}},
              "B": {"B1": {"B1a": [Decimal("0.1"), Decimal(25)]}},
              "C": {"C1": {"C1a": [Decimal("0.1"), Decimal(35)]}}}
    cs = validate_criteria(layout_dict(layout), "x.json")
    choices = {"A1a": "A1a-2", "B1a": "B1a-1", "C1a": "C1a-1"}
    assert member_total(cs, choices) == Decimal("0.4")
    assert str(member_total(cs, choices)) == "0.4"


def test_table_cache_evicts_without_mixing_sets() -> None:
    from scoring_helpers import make_set

    sets = [make_set(id=f"bo-{i}") for i in range(70)]
    for cs in sets + sets[:3]:
        assert scoring_table(cs).size == 5
        assert member_total(cs, best(cs)) == 100
