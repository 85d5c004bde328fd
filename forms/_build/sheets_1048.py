"""Decision 1048/QĐ-TTg (21 Aug 2019): parts A 35, B 25, C 40; and one early
provincial temporary set in the A 35 / B 20 / C 45 split.

Known from public sources: the decision number and date (cited by provincial
plans, e.g. Thừa Thiên Huế plan 115/KH-UBND of 08/05/2020), its part split
(DOMAIN.md), its six product groups, and that under it district councils
forwarded products with at least 50 points to the province, which proposed
products with 90-100 points to the central council (Bắc Kạn 2021 plan).  The
wording and the option ladders of the criteria are reconstructed; 148/QĐ-TTg
(2023) states that it reduced the sensory indicators of the 2019 sheets, so
the 2019 sensory section here is larger.
"""

from __future__ import annotations

from typing import Sequence

from common import PRODUCTION_LINKS, Crit, PartSpec, Sect
from sheets_148 import (A2_PRODUCT_DEVELOPMENT, B1_MARKETING, B2_STORY, C3_EXPORT,
                        FOOD_CERTIFICATES, FOOD_KNOCKOUTS, GRADE, NUTRITION, UNIQUE_FOOD)

REGULATION = "1048/QĐ-TTg (2019)"
PROFILE = "1048-2019"
SOURCE_BASE = {
    "decision": "Quyết định 1048/QĐ-TTg của Thủ tướng Chính phủ",
    "date": "2019-08-21",
    "appendix": "Phụ lục kèm theo Quyết định: Bộ tiêu chí đánh giá, phân hạng sản phẩm Chương trình Mỗi xã một sản phẩm",
}
UNCERTAIN_COMMON = (
    "Số, ngày quyết định và khung A 35 / B 25 / C 40 theo tài liệu công khai; tên "
    "mục theo cấu trúc chung của bộ tiêu chí OCOP. Lời văn tiêu chí, điểm từng mục "
    "và thang điểm các phương án là dựng lại (chưa đối chiếu từng dòng với phiếu "
    "chính thức). Tên và phạm vi bộ sản phẩm cần đối chiếu danh mục của Quyết định. "
    "Điều kiện loại hồ sơ là dựng lại theo các điều kiện chung. Không tìm thấy điều "
    "kiện riêng theo hạng sao nên không ghi."
)

PROV_REGULATION = "Bộ tiêu chí tạm thời cấp tỉnh (A 35 / B 20 / C 45)"
PROV_PROFILE = "tinh-35-20-45"
PROV_SOURCE_BASE = {
    "decision": "Bộ tiêu chí tạm thời cấp tỉnh theo mô hình OCOP Quảng Ninh (không gắn với một quyết định cụ thể)",
    "date": "2018",
    "appendix": "Phiếu đánh giá theo ngành hàng",
}
PROV_UNCERTAIN = (
    "Bộ tiêu chí mô tả chung các bộ tiêu chí tạm thời của các tỉnh trước Quyết định "
    "1048/QĐ-TTg (mô hình Quảng Ninh, ví dụ bộ tạm thời của Bắc Kạn năm 2018) với "
    "khung A 35 / B 20 / C 45 theo DOMAIN.md. Quảng Ninh có ban hành Bộ tiêu chí bằng "
    "Quyết định 3479/QĐ-UBND (05/11/2015) và Quyết định 978/QĐ-UBND (30/03/2018), "
    "nhưng chưa đối chiếu được khung điểm và lời văn với các quyết định đó nên không "
    "ghi là nguồn. Toàn bộ tiêu chí, điểm mục và điều kiện loại là dựng lại."
)

# ---------------------------------------------------------------- part A --

A1_PRODUCTION_2019: Sect = (
    "Tổ chức sản xuất",
    [
        *PRODUCTION_LINKS,
        ("Bảo vệ môi trường trong quá trình sản xuất", [
            ("Chưa có hồ sơ về bảo vệ môi trường", 0),
            ("Có cam kết hoặc kế hoạch bảo vệ môi trường theo quy định", 1),
            ("Có hồ sơ và thực hiện đầy đủ quy định về bảo vệ môi trường", 2),
        ]),
        ("Năng lực cung ứng sản phẩm", [
            ("Sản xuất nhỏ lẻ, không ổn định", 0),
            ("Sản xuất theo mùa vụ, cung ứng một phần trong năm", 1),
            ("Sản xuất ổn định, đáp ứng đơn hàng quanh năm", 2),
        ]),
    ],
)

A3_COMMUNITY_2019: Sect = (
    "Sức mạnh cộng đồng",
    [
        ("Loại hình tổ chức sản xuất, kinh doanh", [
            ("Hộ gia đình có đăng ký kinh doanh", 1),
            ("Tổ hợp tác", 2),
            ("Doanh nghiệp", 3),
            ("Hợp tác xã, hoặc doanh nghiệp có vốn góp của cộng đồng địa phương", 5),
        ]),
        ("Sử dụng lao động địa phương", [
            ("Dưới 50% lao động là người địa phương", 0),
            ("Từ 50% đến dưới 75% lao động là người địa phương", 1),
            ("Từ 75% lao động trở lên là người địa phương", 2),
        ]),
        ("Kế hoạch kinh doanh", [
            ("Không có kế hoạch kinh doanh", 0),
            ("Có kế hoạch kinh doanh chung", 1),
            ("Có kế hoạch kinh doanh chi tiết, được thực hiện", 2),
        ]),
        ("Kết quả hoạt động kinh doanh", [
            ("Lỗ", 0),
            ("Hòa vốn", 1),
            ("Có lãi", 2),
        ]),
    ],
)

B2_STORY_SHORT: Sect = (
    "Câu chuyện về sản phẩm",
    [
        ("Câu chuyện sản phẩm", [
            ("Không có câu chuyện sản phẩm", 0),
            ("Có câu chuyện nhưng chưa rõ ràng", 1),
            ("Có câu chuyện sản phẩm bằng văn bản", 2),
            ("Có câu chuyện hấp dẫn, gắn với văn hóa, lịch sử địa phương", 3),
        ]),
        ("Hình thức truyền tải câu chuyện", [
            ("Không có", 0),
            ("Truyền tải bằng lời hoặc ấn phẩm", 1),
            ("Thể hiện trên bao bì, ấn phẩm và phương tiện điện tử", 2),
        ]),
    ],
)

# ---------------------------------------------------------------- part C --


def sensory6(looks: tuple[str, Sequence[str]], smell: tuple[str, Sequence[str]],
             taste: tuple[str, Sequence[str]], texture: tuple[str, Sequence[str]]) -> Sect:
    def crit(title: str, labels: Sequence[str]) -> Crit:
        return (title, [(label, i) for i, label in enumerate(labels)])
    return (
        "Chỉ tiêu cảm quan, dinh dưỡng, tính độc đáo của sản phẩm",
        [crit("Tính độc đáo của sản phẩm", UNIQUE_FOOD), crit(*looks), crit(*smell), crit(*taste),
         crit(*texture), crit(*NUTRITION)],
    )


FRESH_2019 = sensory6(("Hình thái, màu sắc", GRADE), ("Độ tươi", GRADE), ("Mùi", GRADE), ("Vị", GRADE))
RAW_2019 = sensory6(("Màu sắc", GRADE), ("Trạng thái, độ đồng đều", GRADE), ("Mùi", GRADE),
                    ("Vị (sau chế biến)", GRADE))
PROCESSED_2019 = sensory6(("Màu sắc", GRADE), ("Trạng thái, cấu trúc", GRADE), ("Mùi", GRADE), ("Vị", GRADE))
SPICE_2019 = sensory6(("Màu sắc", GRADE), ("Trạng thái", GRADE), ("Mùi", GRADE), ("Vị", GRADE))
TEA_2019 = sensory6(("Ngoại hình", GRADE), ("Màu nước", GRADE), ("Hương", GRADE), ("Vị", GRADE))
DRINK_2019 = sensory6(("Màu sắc, độ trong", GRADE), ("Trạng thái", GRADE), ("Mùi", GRADE), ("Vị", GRADE))

ZONE_3 = (
    "Vùng nguyên liệu",
    [("Không có vùng nguyên liệu ổn định", 0), ("Có vùng nguyên liệu, chưa được chứng nhận", 1),
     ("Vùng nguyên liệu áp dụng quy trình sản xuất an toàn", 2),
     ("Vùng nguyên liệu được chứng nhận", 3)],
)


def standards_2019(extra: Sequence[Crit] = ()) -> Sect:
    return (
        "Tiêu chuẩn sản phẩm",
        [
            ("Công bố tiêu chuẩn chất lượng sản phẩm", [
                ("Có tiêu chuẩn cơ sở", 1),
                ("Công bố theo tiêu chuẩn quốc gia (TCVN) hoặc quy chuẩn kỹ thuật (QCVN)", 2),
                ("Công bố theo tiêu chuẩn khu vực hoặc quốc tế", 3),
            ]),
            ("Kiểm tra định kỳ các chỉ tiêu an toàn", [
                ("Không kiểm tra định kỳ", 0),
                ("Có kiểm tra các chỉ tiêu an toàn, không định kỳ", 1),
                ("Kiểm tra định kỳ theo quy định", 2),
                ("Kiểm tra định kỳ tại phòng thử nghiệm được công nhận", 3),
            ]),
            ("Chứng nhận hệ thống quản lý chất lượng", list(FOOD_CERTIFICATES)),
            ZONE_3,
            ("Hạn sử dụng và điều kiện bảo quản", [
                ("Hạn sử dụng không có căn cứ", 0),
                ("Có căn cứ xác định hạn sử dụng", 1),
                ("Có căn cứ, ghi rõ điều kiện bảo quản", 2),
                ("Có thử nghiệm xác định hạn sử dụng, ghi rõ điều kiện bảo quản", 3),
            ]),
            *extra,
        ],
    )


PROVINCIAL_EXTRA: list[Crit] = [
    ("Ghi nhãn hàng hóa", [
        ("Nhãn thiếu nội dung bắt buộc", 0), ("Nhãn đủ nội dung bắt buộc", 1),
        ("Nhãn đủ nội dung, rõ ràng", 2), ("Nhãn đủ nội dung, rõ ràng, có thông tin truy xuất", 3)]),
    ("Kiểm soát chất lượng nội bộ", [
        ("Không có", 0), ("Có ghi chép kiểm soát chất lượng", 1),
        ("Có quy trình kiểm soát chất lượng từng lô sản phẩm", 2)]),
]


def sheet_2019(c1: Sect) -> list[PartSpec]:
    return [
        ("A", "Sản phẩm và sức mạnh cộng đồng", [A1_PRODUCTION_2019, A2_PRODUCT_DEVELOPMENT, A3_COMMUNITY_2019]),
        ("B", "Khả năng tiếp thị", [B1_MARKETING, B2_STORY]),
        ("C", "Chất lượng sản phẩm", [c1, standards_2019(), C3_EXPORT]),
    ]


def sheet_provincial(c1: Sect) -> list[PartSpec]:
    return [
        ("A", "Sản phẩm và sức mạnh cộng đồng", [A1_PRODUCTION_2019, A2_PRODUCT_DEVELOPMENT, A3_COMMUNITY_2019]),
        ("B", "Khả năng tiếp thị", [B1_MARKETING, B2_STORY_SHORT]),
        ("C", "Chất lượng sản phẩm", [c1, standards_2019(PROVINCIAL_EXTRA), C3_EXPORT]),
    ]


def _spec(prefix: str, group: tuple[str, str], slug: str, product_set: str,
          types: Sequence[str], parts: list[PartSpec], knockouts: Sequence[str] = FOOD_KNOCKOUTS) -> dict:
    return dict(
        set_id=f"{prefix}-{group[0]}" if slug == group[0] else f"{prefix}-{group[0]}-{slug}",
        title=f"Phiếu đánh giá sản phẩm OCOP: {product_set}",
        group_id=group[0], group=group[1], product_set=product_set,
        product_types=list(types), parts=parts, knockouts=list(knockouts),
    )


G_FOOD = ("thuc-pham", "Thực phẩm")
G_DRINK = ("do-uong", "Đồ uống")


def sets_1048() -> list[dict]:
    p = "1048-2019"
    return [
        _spec(p, G_FOOD, "tuoi-song", "Nông sản, thủy sản tươi sống",
              ["rau", "củ", "quả tươi", "thịt", "trứng", "thủy sản tươi"], sheet_2019(FRESH_2019)),
        _spec(p, G_FOOD, "so-che", "Nông sản, thủy sản thô, sơ chế",
              ["gạo", "ngũ cốc", "hạt khô", "thủy sản khô"], sheet_2019(RAW_2019)),
        _spec(p, G_FOOD, "che-bien", "Thực phẩm chế biến",
              ["bánh", "kẹo", "mứt", "giò chả", "thịt chế biến", "thủy sản chế biến"], sheet_2019(PROCESSED_2019)),
        _spec(p, G_FOOD, "gia-vi", "Gia vị",
              ["nước mắm", "tương", "muối", "hạt tiêu", "gia vị khô"], sheet_2019(SPICE_2019)),
        _spec(p, G_FOOD, "che", "Chè",
              ["chè búp khô", "trà xanh", "chè túi lọc"], sheet_2019(TEA_2019)),
        _spec(p, G_DRINK, "co-con", "Đồ uống có cồn",
              ["rượu trắng", "rượu ngâm", "rượu vang"], sheet_2019(DRINK_2019),
              FOOD_KNOCKOUTS + ["Không có giấy phép sản xuất rượu theo quy định"]),
        _spec(p, G_DRINK, "khong-con", "Đồ uống không cồn",
              ["nước ép", "nước giải khát", "nước uống đóng chai"], sheet_2019(DRINK_2019)),
    ]


def sets_provincial() -> list[dict]:
    p = "tinh-35-20-45"
    return [
        _spec(p, G_FOOD, "thuc-pham", "Thực phẩm",
              ["nông sản tươi", "nông sản sơ chế", "thực phẩm chế biến", "gia vị", "chè"],
              sheet_provincial(PROCESSED_2019)),
        _spec(p, G_DRINK, "do-uong", "Đồ uống",
              ["rượu", "nước ép", "nước giải khát"], sheet_provincial(DRINK_2019),
              FOOD_KNOCKOUTS + ["Không có giấy phép sản xuất rượu theo quy định (đối với rượu)"]),
    ]
