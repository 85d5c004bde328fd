"""The examples in docs/criteria-format.md are valid files, and say what the text says of them."""

from __future__ import annotations

import re
from decimal import Decimal

from scoring_helpers import REPO

from ocop_desk.scoring.criteria import load_json_text
from ocop_desk.scoring.requirements import sheet_requirements
from ocop_desk.scoring.totals import is_complete, member_total
from ocop_desk.scoring.validate import validate_criteria, validate_profile

DOC = REPO / "docs" / "criteria-format.md"


def _json_blocks() -> list[dict]:
    text = DOC.read_text(encoding="utf-8")
    return [load_json_text(block) for block in re.findall(r"```json\n(.*?)```", text, flags=re.S)]


def test_documented_examples_validate() -> None:
    criteria, criteria2, profile = _json_blocks()
    p = validate_profile(profile, "docs/criteria-format.md")
    assert (p.star_marker_rule, p.criterion_knockout_rule) == ("mean", "majority")
    cs = validate_criteria(criteria, "docs/criteria-format.md", profile=p)
    assert cs.criterion("B1a").options[1].points == load_json_text("12.5")
    assert cs.star_conditions[0].label == "Phần C đạt từ 20 điểm trở lên"
    v2 = validate_criteria(criteria2, "docs/criteria-format.md", profile=p)
    assert v2.to_dict()["format"] == "ocop-desk/criteria@2"


def test_the_documented_v2_sheet_scores_as_the_text_says() -> None:
    v2 = validate_criteria(_json_blocks()[1], "docs/criteria-format.md")
    text = DOC.read_text(encoding="utf-8")
    sheet = re.search(r"a complete sheet is, for instance, `(\{.*?\})`", text, flags=re.S).group(1)
    choices = load_json_text(sheet.replace("\n", " "))
    assert is_complete(v2, choices)
    assert member_total(v2, choices) == Decimal(67)
    missed = [c.requirement.criterion_id for c in sheet_requirements(v2, choices) if c.met is False]
    assert missed == ["A1a", "A1b"]
