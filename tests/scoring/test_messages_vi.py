"""The validator speaks Vietnamese by default, and the diacritics survive into the error lines."""

from __future__ import annotations

import gettext
import io

import pytest
from scoring_helpers import REPO, tiny_set_dict

from ocop_desk import i18n
from ocop_desk.errors import CriteriaError
from ocop_desk.scoring.validate import validate_criteria
from tools import i18n as tool

PO = REPO / "resources" / "locale" / "vi" / "scoring.po"


@pytest.fixture
def vietnamese(monkeypatch: pytest.MonkeyPatch) -> None:
    # This area's catalogue alone, compiled in memory: the test does not depend on `make i18n`.
    catalog = tool.read_po_file(PO)
    monkeypatch.setattr(i18n, "_current", gettext.GNUTranslations(io.BytesIO(tool.mo_bytes(catalog))))


def test_every_scoring_message_is_translated() -> None:
    extracted = tool.extract()
    ours = {m: w for m, w in extracted.messages.items() if any("ocop_desk/scoring/" in x for x in w)}
    assert ours
    missing = tool.untranslated(tool.Extracted(messages=ours), tool.read_po_file(PO))
    assert not missing, missing


def test_errors_in_vietnamese_keep_diacritics(vietnamese: None) -> None:
    d = tiny_set_dict()
    d["parts"][0]["sections"][0]["criteria"][0]["options"][1]["points"] = "5 điểm"
    d["parts"][1]["title"] = ""
    with pytest.raises(CriteriaError) as info:
        validate_criteria(d, "bộ-tiêu-chí.json")
    text = "\n".join(info.value.lines())
    assert "bộ-tiêu-chí.json: bộ tiêu chí không hợp lệ" in text
    assert "phải là một số, không phải '5 điểm'" in text
    assert "B.title: không được để trống" in text
