"""The examples in docs/criteria-format.md are valid files."""

from __future__ import annotations

import re

from scoring_helpers import REPO

from ocop_desk.scoring.criteria import load_json_text
from ocop_desk.scoring.validate import validate_criteria, validate_profile

DOC = REPO / "docs" / "criteria-format.md"


def _json_blocks() -> list[dict]:
    text = DOC.read_text(encoding="utf-8")
    return [load_json_text(block) for block in re.findall(r"```json\n(.*?)```", text, flags=re.S)]


def test_documented_examples_validate() -> None:
    criteria, profile = _json_blocks()
    p = validate_profile(profile, "docs/criteria-format.md")
    cs = validate_criteria(criteria, "docs/criteria-format.md", profile=p)
    assert cs.criterion("B1a").options[1].points == load_json_text("12.5")
    assert cs.star_conditions[0].label == "Phần C đạt từ 20 điểm trở lên"
