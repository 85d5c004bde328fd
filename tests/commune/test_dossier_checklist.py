"""The documents each regulation asks for (data) and the checklist of a dossier against them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ocop_desk import i18n
from ocop_desk.dossier_checklist import (dossier_checklist, dossier_checklists, normalize_kind, requirement_sets,
                                         requirements_for)
from ocop_desk.dossiers import attach_evidence
from ocop_desk.errors import CriteriaError

REPO = Path(__file__).resolve().parents[2]
NINE = {"registration-form", "business-registration", "product-description", "self-assessment", "food-safety",
        "self-declared-standard", "label", "product-story", "photos"}


def test_each_regulation_lists_the_nine_documents_in_both_languages_for_its_own_groups() -> None:
    sets = {rs.profile: rs for rs in requirement_sets()}
    assert set(sets) == {"148-2023", "1048-2019"}
    assert [rs.profile for rs in sets.values() if rs.current] == ["148-2023"]
    for profile, rs in sets.items():
        assert NINE <= {d.id for d in rs.documents}
        classification = json.loads((REPO / "forms" / "classification" / f"{profile}.json").read_text("utf-8"))
        assert set(rs.groups) == {g["id"] for g in classification["groups"]}
        for d in rs.documents:
            assert d.label_vi != d.label_en and d.label_vi.strip() and d.label_en.strip()
    food = sets["148-2023"].documents[[d.id for d in sets["148-2023"].documents].index("food-safety")]
    assert food.applies_to("thuc-pham") and food.applies_to("duoc-lieu")
    assert not food.applies_to("du-lich") and not food.applies_to("thu-cong-my-nghe") and not food.applies_to(None)


def test_a_label_follows_the_language() -> None:
    doc = requirements_for("148-2023").documents[0]
    i18n.set_language("en")
    try:
        assert doc.label == doc.label_en
    finally:
        i18n.set_language("vi")
    assert doc.label == doc.label_vi == "Phiếu đăng ký sản phẩm OCOP"


def test_kinds_compare_without_case_blanks_or_underscores() -> None:
    assert normalize_kind(" Food_Safety ") == normalize_kind("food safety") == "food-safety"
    rs = requirements_for("148-2023")
    assert rs.requirement_for_kind("FOOD_SAFETY").id == "food-safety"
    assert rs.requirement_for_kind("attp").id == "food-safety"
    assert rs.requirement_for_kind("tu_cong_bo").id == "self-declared-standard"
    assert rs.requirement_for_kind("invoice") is None and rs.requirement_for_kind(None) is None


def test_missing_shrinks_as_evidence_of_each_kind_is_attached(commune, evidence) -> None:
    code = "06-065-001-2026"
    before = dossier_checklist(commune, code)
    assert before.group_id == "thuc-pham" and before.profile == "148-2023"
    assert {r.id for r in before.missing} == NINE  # food: all nine are required
    assert not before.complete
    attach_evidence(commune, code, evidence("Giấy chứng nhận ATTP.pdf"), kind="food_safety")
    attach_evidence(commune, code, evidence("Hóa đơn.pdf"), kind="invoice")
    attach_evidence(commune, code, evidence("Ảnh 1.jpg"), kind="photos")
    attach_evidence(commune, code, evidence("Ảnh 2.jpg"), kind="Photo")
    after = dossier_checklist(commune, code)
    assert {r.id for r in after.missing} == NINE - {"food-safety", "photos"}
    by_id = {d.requirement.id: d for d in after.documents}
    assert by_id["photos"].files == ("Ảnh 1.jpg", "Ảnh 2.jpg")
    assert by_id["food-safety"].present and not by_id["label"].present
    assert after.unmatched == ("Hóa đơn.pdf",)
    for rid in sorted(NINE - {"food-safety", "photos"}):
        attach_evidence(commune, code, evidence(f"{rid}.pdf"), kind=rid)
    done = dossier_checklist(commune, code)
    assert done.missing == () and done.complete
    assert not by_id["business-plan"].requirement.required and not done.documents[-1].present  # optional stays


def test_group_specific_documents_apply_only_to_their_groups(commune) -> None:
    tourism, basket, honey = dossier_checklists(commune, ["06-065-002-2026", "06-065-003-2026", "06-065-004-2026"])
    assert tourism.group_id == "du-lich"
    assert {r.id for r in tourism.missing} == NINE - {"food-safety", "self-declared-standard", "label"}
    assert basket.profile == "1048-2019" and basket.group_id == "thu-cong-my-nghe"
    assert {r.id for r in basket.missing} == NINE - {"food-safety"}
    # no criteria set yet: the current regulation, only what every group needs, and it cannot be complete
    assert honey.group_id is None and honey.needs_group and honey.profile == "148-2023"
    assert "food-safety" not in {d.requirement.id for d in honey.documents}
    assert not honey.complete


def test_the_district_view_lists_every_product_in_code_order(commune) -> None:
    assert [c.code for c in dossier_checklists(commune)] == [f"06-065-00{i}-2026" for i in (1, 2, 3, 4)]


def _forms_with(tmp_path: Path, doc: dict) -> Path:
    root = tmp_path / "forms"
    (root / "dossier-requirements").mkdir(parents=True)
    (root / "dossier-requirements" / "x.json").write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return root


@pytest.mark.parametrize("change,place", [
    (lambda d: d.update(format="nope"), "format"),
    (lambda d: d["documents"][1].update(id="registration-form"), "documents[1].id"),
    (lambda d: d["documents"][4].update(groups=["thuc-pham", "hai-san"]), "documents[4].groups"),
    (lambda d: d["documents"][0]["label"].pop("en"), "documents[0].label"),
    (lambda d: d["documents"][2].update(required="yes"), "documents[2].required"),
])
def test_a_bad_requirements_file_is_refused_naming_the_file_and_place(tmp_path: Path, change, place) -> None:
    doc = json.loads((REPO / "forms" / "dossier-requirements" / "148-2023.json").read_text("utf-8"))
    change(doc)
    root = _forms_with(tmp_path, doc)
    with pytest.raises(CriteriaError) as ei:
        requirements_for("148-2023", root)
    assert ei.value.file.endswith("x.json") and ei.value.place == place
