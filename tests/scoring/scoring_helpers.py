"""Builders for the scoring tests: small hand-built criteria sets and profiles.

`tiny_set_dict()` is a valid 148/QĐ-TTg-shaped set (parts 40/25/35) small
enough to reason about by hand: five criteria, options with round points.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from ocop_desk.scoring.criteria import CriteriaSet, load_json_text
from ocop_desk.scoring.profiles import Profile
from ocop_desk.scoring.validate import validate_criteria, validate_profile

REPO = Path(__file__).resolve().parents[2]
FORMS = REPO / "forms"

# part -> section -> criterion -> option points (the last is the maximum)
TINY_LAYOUT: dict[str, dict[str, dict[str, list[int]]]] = {
    "A": {"A1": {"A1a": [0, 10, 20], "A1b": [0, 5, 20]}},
    "B": {"B1": {"B1a": [0, 10, 25]}},
    "C": {"C1": {"C1a": [0, 15]}, "C2": {"C2a": [0, 5, 10, 20]}},
}
PART_TITLES = {"A": "Sản phẩm và sức mạnh cộng đồng", "B": "Khả năng tiếp thị", "C": "Chất lượng sản phẩm"}


def layout_dict(layout: dict[str, dict[str, dict[str, list[Any]]]], **extra: Any) -> dict[str, Any]:
    """A criteria-set dict whose maxima are the sums of `layout` (so it validates when they total 100)."""
    parts = []
    for part_id, sections in layout.items():
        secs = []
        for section_id, crits in sections.items():
            criteria = []
            for crit_id, points in crits.items():
                criteria.append({
                    "id": crit_id,
                    "title": f"Tiêu chí {crit_id} — chất lượng đồng đều",
                    "max": max(points),
                    "options": [{"id": f"{crit_id}-{i + 1}", "label": f"Mức {i + 1}: đạt {p} điểm", "points": p}
                                for i, p in enumerate(points)],
                })
            secs.append({"id": section_id, "title": f"Nhóm {section_id}", "max": sum(c["max"] for c in criteria),
                         "criteria": criteria})
        parts.append({"id": part_id, "title": PART_TITLES.get(part_id, f"Phần {part_id}"),
                      "max": sum(s["max"] for s in secs), "sections": secs})
    data: dict[str, Any] = {
        "format": "ocop-desk/criteria@1",
        "id": "thu-nghiem-gao",
        "title": "Bộ thử nghiệm: gạo, ngũ cốc",
        "regulation": "148/QĐ-TTg (2023)",
        "profile": "148-2023",
        "group_id": "thuc-pham",
        "group": "Thực phẩm",
        "product_set": "Gạo, ngũ cốc",
        "product_types": ["Gạo", "Ngũ cốc"],
        "status": "reconstructed",
        "checked": None,
        "uncertain": None,
        "source": {"decision": "148/QĐ-TTg", "date": "2023-02-24", "appendix": "Phụ lục II", "set_name": "Gạo"},
        "parts": parts,
        "knockouts": [{"id": "K1", "label": "Hồ sơ có tài liệu giả mạo"},
                      {"id": "K2", "label": "Không có giấy chứng nhận an toàn thực phẩm"}],
        "star_conditions": [],
    }
    data.update(extra)
    return data


def tiny_set_dict(**extra: Any) -> dict[str, Any]:
    return layout_dict(TINY_LAYOUT, **extra)


def profile_dict(**extra: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "format": "ocop-desk/profile@1",
        "id": "148-2023",
        "title": "Quyết định 148/QĐ-TTg",
        "regulation": "148/QĐ-TTg (2023)",
        "parts": {"A": 40, "B": 25, "C": 35},
        "star_bands": [{"star": s, "min": m} for s, m in ((1, 0), (2, 30), (3, 50), (4, 70), (5, 90))],
        "rounding": {"places": 2, "mode": "half_up"},
        "min_scorecards": 3,
        "discrepancy_threshold": 15,
        "levels": {"district": {"recognises": [3], "forwards_min": 70},
                   "province": {"recognises": [3, 4], "forwards_min": 90},
                   "central": {"recognises": [5], "forwards_min": None}},
        "status": "reconstructed",
        "notes": "Hồ sơ thử nghiệm",
    }
    data.update(extra)
    return data


def make_profile(**extra: Any) -> Profile:
    return validate_profile(profile_dict(**extra), "profile.json")


def make_set(**extra: Any) -> CriteriaSet:
    return validate_criteria(tiny_set_dict(**extra), "tiny.json")


def choose(cs: CriteriaSet, points: dict[str, int]) -> dict[str, str]:
    """Choices giving each criterion the named points (criteria not named are left out)."""
    out = {}
    for crit_id, wanted in points.items():
        crit = cs.criterion(crit_id)
        assert crit is not None
        out[crit_id] = next(o.id for o in crit.options if o.points == Decimal(wanted))
    return out


def best(cs: CriteriaSet) -> dict[str, str]:
    return {c.id: max(c.options, key=lambda o: o.points).id for c in cs.criteria()}


def worst(cs: CriteriaSet) -> dict[str, str]:
    return {c.id: min(c.options, key=lambda o: o.points).id for c in cs.criteria()}


def shipped_profiles() -> dict[str, Profile]:
    out = {}
    for path in sorted((FORMS / "profiles").glob("*.json")):
        p = validate_profile(load_json_text(path.read_text(encoding="utf-8")), str(path))
        out[p.id] = p
    return out


def shipped_set_files() -> list[Path]:
    return sorted((FORMS / "criteria").rglob("*.json"))


def _o(oid: str, points: int, **extra: Any) -> dict[str, Any]:
    return {"id": oid, "label": f"Mức {oid}: {points} điểm", "points": points, **extra}


def v2_set_dict(**extra: Any) -> dict[str, Any]:
    """A valid criteria@2 set using every @2 structure once, small enough to reason about by hand.

    A1 (40) offers two cases: A1-k1 = A1x (single, 0/none or 40); A1-k2 = A1y,
    a parent of A1y1 (0 stops the rest of the case, 20 marked ****) and
    A1y2 (a checklist: none, 15, 10; max 20).  B1a (25) has a knock-out
    option.  C1a (15) has no 0-point option but an explicit none, 10 marked
    (***) and 15 marked (*****); C2a (20) is marked (*****) as a whole criterion.
    """
    data = tiny_set_dict(format="ocop-desk/criteria@2", status="transcribed", notes="Sửa lỗi chính tả ở A1x")
    a1 = data["parts"][0]["sections"][0]
    a1.pop("criteria")
    a1["description"] = "Yêu cầu: chọn một trong hai trường hợp"
    a1["cases"] = [
        {"id": "A1-k1", "title": "Trường hợp 1: tự sản xuất", "criteria": [
            {"id": "A1x", "title": "Nguồn nguyên liệu", "max": 40,
             "options": [_o("A1x-0", 0, none=True), _o("A1x-1", 40)]}]},
        {"id": "A1-k2", "title": "Trường hợp 2: liên kết", "description": "Yêu cầu: có hợp đồng liên kết",
         "criteria": [
             {"id": "A1y", "title": "Liên kết sản xuất", "max": 40, "note": "Ghi chú: hợp đồng còn hiệu lực",
              "subcriteria": [
                  {"id": "A1y1", "title": "Hợp đồng", "max": 20, "options": [
                      _o("A1y1-0", 0, effect={"kind": "stop", "label": "Không đánh giá các bước tiếp theo"}),
                      _o("A1y1-1", 20, star_marker=4)]},
                  {"id": "A1y2", "title": "Các hình thức liên kết", "max": 20, "kind": "checklist", "options": [
                      _o("A1y2-0", 0, none=True), _o("A1y2-1", 15), _o("A1y2-2", 10)]}]}]}]
    b1a = data["parts"][1]["sections"][0]["criteria"][0]
    b1a["options"][0]["effect"] = {"kind": "knockout", "label": "Bị loại nếu không có hồ sơ"}
    c1a = data["parts"][2]["sections"][0]["criteria"][0]
    c1a["options"] = [_o("C1a-0", 0, none=True), _o("C1a-1", 10, star_marker=3), _o("C1a-2", 15, star_marker=5)]
    c2a = data["parts"][2]["sections"][1]["criteria"][0]
    c2a["star_marker"] = 5
    data.update(extra)
    return data


def make_v2_set(**extra: Any) -> CriteriaSet:
    return validate_criteria(v2_set_dict(**extra), "v2.json")
