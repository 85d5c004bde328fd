"""Two small criteria@2 sheets for the printing tests, and a one-product session on the second.

`rules_sheet()` has one of each rule of issue 12 (cases, a checklist,
sub-criteria, none options, star markers on options and on a criterion,
requirement and note texts, a stop option and a knock-out option).
`marked_sheet()` has only single-choice criteria (star markers, a knock-out
option, a stop option), so its choices can be keyed through the session
services as they are today.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ocop_desk.scoring.criteria import CriteriaSet

SESSION = "IN-2026-01"
PRODUCT = "02-011-007-2026"
MEMBERS = ("m1", "m2", "m3", "m4")


def _o(oid: str, label: str, points: int, **more: Any) -> dict[str, Any]:
    return {"id": oid, "label": label, "points": points, **more}


def _nothing(oid: str) -> dict[str, Any]:
    return _o(oid, "Không đạt", 0, none=True)


def _set(set_id: str, title: str, parts: list[dict[str, Any]]) -> dict[str, Any]:
    return {"format": "ocop-desk/criteria@2", "id": set_id, "title": title, "regulation": "148/QĐ-TTg (2023)",
            "profile": "148-2023", "group_id": "thuc-pham", "group": "Thực phẩm", "product_set": "Chè búp khô",
            "product_types": [], "status": "transcribed", "checked": None, "uncertain": None, "notes": None,
            "source": None, "parts": parts,
            "knockouts": [{"id": "KO1", "label": "Hồ sơ tự công bố không đúng quy định"}], "star_conditions": []}


RULES = _set("in-thu-quy-tac", "Phiếu in thử: mọi quy tắc", [
    {"id": "A", "title": "Sản phẩm và sức mạnh cộng đồng", "max": 40, "sections": [
        {"id": "A1", "title": "Nguyên liệu", "max": 15, "cases": [
            {"id": "A1-t1", "title": "Chủ thể tự trồng chè", "criteria": [
                {"id": "A1a", "title": "Diện tích vùng chè", "max": 15, "options": [
                    _o("A1a-1", "Dưới 5 ha", 5), _o("A1a-2", "Từ 5 ha trở lên", 15)]}]},
            {"id": "A1-t2", "title": "Chủ thể thu mua búp chè", "criteria": [
                {"id": "A1b", "title": "Hợp đồng thu mua với hộ trồng chè", "max": 15, "options": [
                    _o("A1b-0", "Không có hợp đồng", 0), _o("A1b-1", "Có hợp đồng dưới 1 năm", 8),
                    _o("A1b-2", "Có hợp đồng từ 1 năm", 15)]}]}]},
        {"id": "A2", "title": "Tổ chức sản xuất", "max": 25, "criteria": [
            {"id": "A2a", "title": "Chứng nhận của vùng chè", "max": 10, "kind": "checklist",
             "description": "Yêu cầu: giấy chứng nhận còn hiệu lực", "options": [
                 _o("A2a-1", "VietGAP", 5), _o("A2a-2", "Hữu cơ", 5), _o("A2a-3", "Rainforest", 5),
                 _nothing("A2a-0")]},
            {"id": "A2b", "title": "Sử dụng lao động", "max": 15, "note": "Ghi chú: tính theo bảng lương 6 tháng",
             "subcriteria": [
                 {"id": "A2b1", "title": "Lao động địa phương", "max": 10, "options": [
                     _nothing("A2b1-0"), _o("A2b1-1", "Dưới một nửa", 5), _o("A2b1-2", "Từ một nửa", 10)]},
                 {"id": "A2b2", "title": "Lao động nữ", "max": 5, "options": [
                     _nothing("A2b2-0"), _o("A2b2-1", "Có", 5)]}]}]}]},
    {"id": "B", "title": "Khả năng tiếp thị", "max": 25, "sections": [
        {"id": "B1", "title": "Thị trường", "max": 25, "criteria": [
            {"id": "B1a", "title": "Kênh phân phối", "max": 15, "options": [
                _nothing("B1a-0"), _o("B1a-1", "Trong huyện", 5), _o("B1a-2", "Trong tỉnh", 10, star_marker=4),
                _o("B1a-3", "Toàn quốc", 15, star_marker=5)]},
            {"id": "B1b", "title": "Hồ sơ pháp lý của chủ thể", "max": 10, "options": [
                _o("B1b-0", "Giả mạo", 0, effect={"kind": "knockout", "label": "Bị loại nếu giả mạo hồ sơ"}),
                _o("B1b-1", "Đầy đủ", 10)]}]}]},
    {"id": "C", "title": "Chất lượng sản phẩm", "max": 35, "sections": [
        {"id": "C1", "title": "An toàn thực phẩm", "max": 35, "criteria": [
            {"id": "C1a", "title": "Chứng nhận cơ sở đủ điều kiện ATTP", "max": 15, "options": [
                _o("C1a-0", "Không phù hợp", 0, effect={
                    "kind": "stop", "label": "Không đánh giá các bước tiếp theo nếu chứng nhận không phù hợp"}),
                _o("C1a-1", "Phù hợp", 15)]},
            {"id": "C1b", "title": "Chỉ tiêu cảm quan", "max": 20, "star_marker": 3, "options": [
                _nothing("C1b-0"), _o("C1b-1", "Đạt", 10), _o("C1b-2", "Đặc sắc", 20)]}]}]}])

MARKED = _set("in-thu-dau-sao", "Phiếu in thử: dấu sao", [
    {"id": "A", "title": "Sản phẩm", "max": 40, "sections": [
        {"id": "A1", "title": "Sản xuất", "max": 40, "criteria": [
            {"id": "A1a", "title": "Vùng nguyên liệu", "max": 20, "options": [
                _o("A1a-1", "Trong xã", 10), _o("A1a-2", "Trong tỉnh", 20, star_marker=4), _nothing("A1a-0")]},
            {"id": "A1b", "title": "Hồ sơ pháp lý", "max": 20, "options": [
                _o("A1b-0", "Giả mạo", 0, effect={"kind": "knockout", "label": "Bị loại nếu giả mạo hồ sơ"}),
                _o("A1b-1", "Đầy đủ", 20)]}]}]},
    {"id": "B", "title": "Tiếp thị", "max": 25, "sections": [
        {"id": "B1", "title": "Thị trường", "max": 25, "criteria": [
            {"id": "B1a", "title": "Kênh bán hàng", "max": 25, "options": [
                _nothing("B1a-0"), _o("B1a-1", "Trong tỉnh", 20), _o("B1a-2", "Toàn quốc", 25)]}]}]},
    {"id": "C", "title": "Chất lượng", "max": 35, "sections": [
        {"id": "C1", "title": "Cảm quan", "max": 35, "criteria": [
            {"id": "C1a", "title": "Màu nước", "max": 35, "options": [
                _nothing("C1a-0"), _o("C1a-1", "Đạt", 30), _o("C1a-2", "Đặc sắc", 35)]}]}]}])

# rules_sheet: case 1, all three certificates ticked (15 capped to 10), 100 points
BEST = {"A1": "A1-t1", "A1a": "A1a-2", "A2a": "A2a-1+A2a-2+A2a-3", "A2b1": "A2b1-2", "A2b2": "A2b2-1",
        "B1a": "B1a-3", "B1b": "B1b-1", "C1a": "C1a-1", "C1b": "C1b-2"}
# case 2, nothing ticked on the checklist, stopped at C1a: 8 + 0 + 5 + 0 + 10 + 10 + 0 = 33
CASE2_STOPPED = {"A1": "A1-t2", "A1b": "A1b-1", "A2a": "A2a-0", "A2b1": "A2b1-1", "A2b2": "A2b2-0",
                 "B1a": "B1a-2", "B1b": "B1b-1", "C1a": "C1a-0"}


def _validated(data: dict[str, Any]) -> CriteriaSet:
    from ocop_desk.catalogue import shipped_profiles
    from ocop_desk.scoring.validate import validate_criteria

    return validate_criteria(data, "tests/printing/rule_sheets.py", profile=shipped_profiles()["148-2023"])


def rules_sheet() -> CriteriaSet:
    return _validated(RULES)


def marked_sheet() -> CriteriaSet:
    return _validated(MARKED)


def marked_session(store, *, state: str = "scoring") -> CriteriaSet:  # type: ignore[no-untyped-def]
    """A council of four present members scoring one product on `marked_sheet()`."""
    from ocop_desk.catalogue import add_criteria_set, sync_catalogue
    from ocop_desk.interchange import SESSION_FORMAT, import_session_data
    from ocop_desk.sessions import set_state

    sync_catalogue(store)
    cs = marked_sheet()
    add_criteria_set(store, cs)
    import_session_data(store, {
        "format": SESSION_FORMAT,
        "council": {"id": "HD-IN", "name": "Hội đồng đánh giá, phân hạng sản phẩm OCOP huyện Bạch Thông",
                    "level": "district", "admin_unit": "011", "profile": "148-2023"},
        "members": [{"id": m, "name": name, "role": role} for m, name, role in zip(
            MEMBERS, ("Đinh Thị Ngọc Ánh", "Hà Văn Lực", "Lục Thị Thuỷ", "Ma Đức Thịnh"),
            ("chair", "secretary", "member", "member"))],
        "session": {"id": SESSION, "date": dt.date(2026, 10, 2).isoformat(), "place": "Hội trường xã Phủ Thông",
                    "present": list(MEMBERS)},
        "products": [{"code": PRODUCT, "name": "Chè búp Phủ Thông", "criteria_set": cs.content_hash,
                      "producer": {"name": "HTX Chè Phủ Thông", "kind": "HTX", "commune": "Xã Phủ Thông"},
                      "conflicts": [], "knockouts": []}],
    })
    if state != "preparing":
        set_state(store, SESSION, "scoring")
    if state == "closed":
        set_state(store, SESSION, "closed")
    return cs
