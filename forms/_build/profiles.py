"""Regulation profiles (`ocop-desk/profile@1`), written through the same shape as
`ocop_desk.scoring.profiles.profile_to_dict`."""

from __future__ import annotations

from typing import Any

BANDS = [
    {"star": 1, "min": 0},
    {"star": 2, "min": 30},
    {"star": 3, "min": 50},
    {"star": 4, "min": 70},
    {"star": 5, "min": 90},
]


def profile(**kw: Any) -> dict[str, Any]:
    return {
        "format": "ocop-desk/profile@1",
        "id": kw["id"],
        "title": kw["title"],
        "regulation": kw["regulation"],
        "parts": kw["parts"],
        "star_bands": BANDS,
        "rounding": {"places": 2, "mode": "half_up"},
        "min_scorecards": kw.get("min_scorecards", 5),
        "discrepancy_threshold": kw.get("discrepancy_threshold", 15),
        "levels": kw["levels"],
        "status": kw.get("status", "reconstructed"),
        "notes": kw["notes"],
        # How the sheet's star markers and knock-out options are judged across the members
        # (docs/criteria-format.md explains why the mean is the default).
        "star_marker_rule": kw.get("star_marker_rule", "mean"),
        "criterion_knockout_rule": kw.get("criterion_knockout_rule", "majority"),
    }


QUORUM_NOTE = (
    "min_scorecards = 5: hội đồng cấp huyện thường có 7-11 thành viên và chỉ họp "
    "hợp lệ khi có mặt ít nhất hai phần ba số thành viên; hai phần ba của hội "
    "đồng nhỏ nhất (7 người) làm tròn lên là 5, nên dưới 5 phiếu đầy đủ thì kết "
    "quả không được xếp hạng. Con số này là lựa chọn của ocop-desk, không trích "
    "từ quyết định; hội đồng có quy chế khác thì sửa hồ sơ này."
)

PROFILES = [
    profile(
        id="148-2023",
        title="Quyết định 148/QĐ-TTg (2023): Bộ tiêu chí và quy trình đánh giá, phân hạng sản phẩm OCOP",
        regulation="148/QĐ-TTg (2023)",
        parts={"A": 40, "B": 25, "C": 35},
        levels={
            "district": {"recognises": [3], "forwards_min": 70},
            "province": {"recognises": [3, 4], "forwards_min": 90},
            "central": {"recognises": [5], "forwards_min": None},
        },
        notes=(
            "Phần A 40, B 25, C 35; hạng sao theo điểm trung bình: dưới 30 → 1 sao, "
            "30 đến dưới 50 → 2, 50 đến dưới 70 → 3, 70 đến dưới 90 → 4, từ 90 → 5. "
            "Cấp huyện công nhận sản phẩm 3 sao và chuyển sản phẩm từ 70 điểm lên cấp "
            "tỉnh; cấp tỉnh công nhận đến 4 sao (kể cả sản phẩm cấp huyện chuyển lên "
            "mà chỉ đạt 3 sao — điểm này chưa đối chiếu văn bản) và đề nghị sản phẩm "
            "từ 90 điểm lên Trung ương; Trung ương công nhận 5 sao. Sản phẩm 1-2 sao "
            "không được cấp giấy chứng nhận. " + QUORUM_NOTE
        ),
    ),
]

PROFILES.append(profile(
    id="1048-2019",
    title="Quyết định 1048/QĐ-TTg (2019): Bộ tiêu chí đánh giá, phân hạng sản phẩm Chương trình OCOP",
    regulation="1048/QĐ-TTg (2019)",
    parts={"A": 35, "B": 25, "C": 40},
    levels={
        "district": {"recognises": [], "forwards_min": 50},
        "province": {"recognises": [3, 4], "forwards_min": 90},
        "central": {"recognises": [5], "forwards_min": None},
    },
    notes=(
        "Phần A 35, B 25, C 40; hạng sao theo điểm trung bình như bộ 2023. Dùng để đánh "
        "giá lại sản phẩm đã xếp hạng theo Quyết định 1048/QĐ-TTg. Cấp huyện đánh giá sơ "
        "bộ và chuyển sản phẩm từ 50 điểm lên cấp tỉnh (ví dụ kế hoạch năm 2021 của Bắc "
        "Kạn); cấp tỉnh công nhận 3 và 4 sao và đề xuất sản phẩm từ 90 điểm lên Trung "
        "ương; Trung ương công nhận 5 sao. Quy định này khác nhau giữa các tỉnh: chưa "
        "đối chiếu với văn bản hướng dẫn quy trình. " + QUORUM_NOTE
    ),
))

PROFILES.append(profile(
    id="tinh-35-20-45",
    title="Bộ tiêu chí tạm thời cấp tỉnh (mô hình Quảng Ninh, A 35 / B 20 / C 45)",
    regulation="Bộ tiêu chí tạm thời cấp tỉnh (A 35 / B 20 / C 45)",
    parts={"A": 35, "B": 20, "C": 45},
    levels={
        "district": {"recognises": [], "forwards_min": 50},
        "province": {"recognises": [3, 4, 5], "forwards_min": None},
    },
    notes=(
        "Khung A 35, B 20, C 45 của các chương trình OCOP cấp tỉnh trước năm 2019 (mô "
        "hình Quảng Ninh). Cấp huyện chấm sơ bộ, sản phẩm đạt từ 3 sao (50 điểm) mới dự "
        "đánh giá cấp tỉnh (như kế hoạch đánh giá cấp tỉnh lần III năm 2018 của Quảng "
        "Ninh); cấp tỉnh công nhận 3 đến 5 sao vì khi đó chưa có hội đồng cấp Trung "
        "ương — điểm này chưa đối chiếu văn bản. " + QUORUM_NOTE
    ),
))
