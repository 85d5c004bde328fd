"""Small `ocop-desk/criteria@2` sheets for tests: every rule of issue 12 on one page.

Shared by the tests of every consumer (files, bundles, printing, UI), so the
rules can be exercised before the converted official sheets exist.  The
sheet `V2` (profile 148-2023, parts A 40 / B 25 / C 35) holds:

- A1: a "choose one of two cases" section: case A1-k1 (A1a 10 + A1b 10) or
  case A1-k2 (A1c 20);
- A2a: a checklist (4 + 4 + 4, at most 10) with its none option A2a-0;
- A2b: a criterion with two sub-criteria A2b1 (none, 3, 5) and A2b2 (none, 2, 5);
- B1a: options marked (****) and (*****), and a none option;
- B1b: an option that knocks the product out;
- C1a: an option that stops the rest of section C1 (C1b is then not scored);
- C1b: a whole criterion marked (***) (1 and 2 have no 0 option: none added).

`choices_*` give complete sheets in the internal representation
(`Mapping[str, str]`: a case section id -> case id, a checklist -> option
ids joined with "+").
"""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

SET_ID = "test-v2-sheet"
PRODUCT = "01-001-001-2026"
SESSION = "V2-01"
COUNCIL = "HD-V2"
MEMBERS = ("tv01", "tv02", "tv03", "tv04", "tv05")


def _opt(oid: str, label: str, points: int, **extra: Any) -> dict[str, Any]:
    return {"id": oid, "label": label, "points": points, **extra}


def _none(oid: str) -> dict[str, Any]:
    return _opt(oid, "Không đạt", 0, none=True)


_SHEET: dict[str, Any] = {
    "format": "ocop-desk/criteria@2",
    "id": SET_ID,
    "title": "Phiếu thử: mọi quy tắc của phiếu chấm",
    "regulation": "148/QĐ-TTg (2023)",
    "profile": "148-2023",
    "group_id": "thuc-pham",
    "group": "Thực phẩm",
    "product_set": "Phiếu thử",
    "product_types": [],
    "status": "transcribed",
    "checked": None,
    "uncertain": None,
    "notes": None,
    "source": None,
    "parts": [
        {"id": "A", "title": "Sản xuất", "max": 40, "description": None, "sections": [
            {"id": "A1", "title": "Nguồn nguyên liệu", "max": 20, "description": None, "note": None, "cases": [
                {"id": "A1-k1", "title": "Tự sản xuất nguyên liệu", "description": None, "criteria": [
                    {"id": "A1a", "title": "Vùng nguyên liệu", "max": 10, "options": [
                        _opt("A1a-1", "Dưới 50%", 5), _opt("A1a-2", "Từ 50% trở lên", 10)]},
                    {"id": "A1b", "title": "Quy trình", "max": 10, "options": [
                        _opt("A1b-0", "Không có", 0), _opt("A1b-1", "Có quy trình", 10)]},
                ]},
                {"id": "A1-k2", "title": "Thuê gia công", "description": None, "criteria": [
                    {"id": "A1c", "title": "Hợp đồng gia công", "max": 20, "options": [
                        _opt("A1c-0", "Không có hợp đồng", 0), _opt("A1c-1", "Có hợp đồng", 12),
                        _opt("A1c-2", "Có hợp đồng dài hạn", 20)]},
                ]},
            ]},
            {"id": "A2", "title": "Tổ chức sản xuất", "max": 20, "description": None, "note": None, "criteria": [
                {"id": "A2a", "title": "Chứng nhận đã có", "max": 10, "kind": "checklist", "options": [
                    _opt("A2a-1", "VietGAP", 4), _opt("A2a-2", "HACCP", 4), _opt("A2a-3", "ISO 22000", 4),
                    _none("A2a-0")]},
                {"id": "A2b", "title": "Lao động", "max": 10, "subcriteria": [
                    {"id": "A2b1", "title": "Lao động địa phương", "max": 5, "options": [
                        _none("A2b1-0"), _opt("A2b1-1", "Dưới 50%", 3), _opt("A2b1-2", "Từ 50%", 5)]},
                    {"id": "A2b2", "title": "Đào tạo", "max": 5, "options": [
                        _none("A2b2-0"), _opt("A2b2-1", "Có", 2), _opt("A2b2-2", "Thường xuyên", 5)]},
                ]},
            ]},
        ]},
        {"id": "B", "title": "Thị trường", "max": 25, "description": None, "sections": [
            {"id": "B1", "title": "Tiếp thị", "max": 25, "description": None, "note": None, "criteria": [
                {"id": "B1a", "title": "Câu chuyện sản phẩm", "max": 15, "options": [
                    _none("B1a-0"), _opt("B1a-1", "Có", 5), _opt("B1a-2", "Có, ấn tượng", 10, star_marker=4),
                    _opt("B1a-3", "Có, rất ấn tượng", 15, star_marker=5)]},
                {"id": "B1b", "title": "Hồ sơ pháp lý", "max": 10, "options": [
                    _opt("B1b-0", "Giả mạo", 0, effect={"kind": "knockout", "label": "Bị loại nếu hồ sơ giả mạo"}),
                    _opt("B1b-1", "Đủ", 5), _opt("B1b-2", "Đủ và rõ", 10)]},
            ]},
        ]},
        {"id": "C", "title": "Chất lượng", "max": 35, "description": None, "sections": [
            {"id": "C1", "title": "Cảm quan", "max": 35, "description": None, "note": None, "criteria": [
                {"id": "C1a", "title": "Đạt yêu cầu cơ bản", "max": 15, "options": [
                    _opt("C1a-0", "Không đạt", 0, effect={
                        "kind": "stop", "label": "Không đánh giá các bước tiếp theo nếu không đạt"}),
                    _opt("C1a-1", "Đạt", 15)]},
                {"id": "C1b", "title": "Hương vị", "max": 20, "star_marker": 3, "options": [
                    _none("C1b-0"), _opt("C1b-1", "Khá", 10), _opt("C1b-2", "Tốt", 20)]},
            ]},
        ]},
    ],
    "knockouts": [{"id": "K1", "label": "Hồ sơ có tài liệu giả mạo"}],
    "star_conditions": [],
}

# Complete sheets, internal representation.
CHOICES_BEST = {"A1": "A1-k1", "A1a": "A1a-2", "A1b": "A1b-1", "A2a": "A2a-1+A2a-2+A2a-3",
                "A2b1": "A2b1-2", "A2b2": "A2b2-2", "B1a": "B1a-3", "B1b": "B1b-2", "C1a": "C1a-1",
                "C1b": "C1b-2"}
"""100 points: case 1, all three certificates ticked (12 capped to 10)."""

CHOICES_CASE2 = {"A1": "A1-k2", "A1c": "A1c-1", "A2a": "A2a-0", "A2b1": "A2b1-1", "A2b2": "A2b2-0",
                 "B1a": "B1a-1", "B1b": "B1b-1", "C1a": "C1a-1", "C1b": "C1b-1"}
"""Case 2, nothing ticked on the checklist: 12 + 0 + 3 + 0 + 5 + 5 + 15 + 10 = 50."""


def sheet_v2_dict() -> dict[str, Any]:
    """A fresh copy of the V2 sheet (tests may mutate it)."""
    return copy.deepcopy(_SHEET)


def sheet_v2():  # type: ignore[no-untyped-def]
    """The V2 sheet as a CriteriaSet (built directly; the validator's own tests check such files)."""
    from ocop_desk.scoring.criteria import criteria_set_from_dict

    return criteria_set_from_dict(sheet_v2_dict())


def add_sheet_v2(store):  # type: ignore[no-untyped-def]
    """Adds the V2 sheet to the store's catalogue; returns the CriteriaSet."""
    from ocop_desk.catalogue import add_criteria_set, sync_catalogue

    sync_catalogue(store)
    cs = sheet_v2()
    add_criteria_set(store, cs)
    return cs


def v2_session(store, *, state: str = "scoring"):  # type: ignore[no-untyped-def]
    """A council of five present members, one session, one product on the V2 sheet; returns the set."""
    from ocop_desk.interchange import SESSION_FORMAT, import_session_data
    from ocop_desk.sessions import set_state

    cs = add_sheet_v2(store)
    import_session_data(store, {
        "format": SESSION_FORMAT,
        "council": {"id": COUNCIL, "name": "Hội đồng thử", "level": "district", "admin_unit": "001",
                    "profile": "148-2023"},
        "members": [{"id": m, "name": f"Thành viên {m}", "role": "chair" if i == 0 else "member"}
                    for i, m in enumerate(MEMBERS)],
        "session": {"id": SESSION, "date": dt.date(2026, 9, 15).isoformat(), "place": "Hội trường",
                    "present": list(MEMBERS)},
        "products": [{"code": PRODUCT, "name": "Sản phẩm thử", "criteria_set": cs.content_hash,
                      "producer": {"name": "HTX Thử", "kind": "HTX", "commune": "Xã Thử"},
                      "conflicts": [], "knockouts": []}],
    })
    if state != "preparing":
        set_state(store, SESSION, "scoring")
    if state == "closed":
        set_state(store, SESSION, "closed")
    return cs
