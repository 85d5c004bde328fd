"""Decision 148/QĐ-TTg (24 Feb 2023): parts A 40, B 25, C 35.

Known from public sources: the three parts and their points; the section
names of each part (A: production organisation, product development,
community strength; B: marketing, product story; C: sensory/nutrition/
uniqueness, product standards, export capacity); the six product groups; the
rice sheet's section A1 "Tổ chức sản xuất" (18) with criterion "Nguồn gốc
sản phẩm" (5: <50% → 1, 50-<75% → 3, 75-100% → 5) and "Gia tăng giá trị" (3,
from manual pre-processing = 1 upwards); the knock-out conditions quoted in
DOMAIN.md.  Everything else (other criteria wording, the split of sections
B and C, option ladders) is a reconstruction with the right structure and
totals, and every set built here says so in its `uncertain` field.
"""

from __future__ import annotations

from typing import Sequence

from common import PRODUCTION_LINKS, Crit, PartSpec, Sect

REGULATION = "148/QĐ-TTg (2023)"
PROFILE = "148-2023"
SOURCE_BASE = {
    "decision": "Quyết định 148/QĐ-TTg của Thủ tướng Chính phủ",
    "date": "2023-02-24",
    "appendix": "Phụ lục kèm theo Quyết định: Bộ tiêu chí đánh giá, phân hạng sản phẩm OCOP",
}

UNCERTAIN_COMMON = (
    "Khung A 40 / B 25 / C 35, tên các mục, mục A1 (18 điểm) và hai tiêu chí "
    "'Nguồn gốc sản phẩm', 'Gia tăng giá trị' theo tài liệu công khai; "
    "lời văn các tiêu chí khác, điểm từng mục A2, A3, B1, B2, C1, C2, C3 và "
    "thang điểm các phương án là dựng lại (chưa đối chiếu từng dòng với phiếu "
    "chính thức). Tên phụ lục và tên bộ sản phẩm cần đối chiếu văn bản gốc."
)

# ---------------------------------------------------------------- part A --

A1_PRODUCTION_FOOD: Sect = (
    "Tổ chức sản xuất",
    [
        *PRODUCTION_LINKS,
        ("Quy trình sản xuất", [
            ("Chưa có quy trình sản xuất bằng văn bản", 0),
            ("Có quy trình sản xuất bằng văn bản", 1),
            ("Có quy trình bằng văn bản, được áp dụng và ghi chép đầy đủ", 2),
        ]),
        ("Bảo vệ môi trường trong quá trình sản xuất", [
            ("Chưa có hồ sơ về bảo vệ môi trường", 0),
            ("Có cam kết hoặc kế hoạch bảo vệ môi trường theo quy định", 1),
            ("Có hồ sơ và thực hiện đầy đủ quy định về bảo vệ môi trường", 2),
            ("Thực hiện đầy đủ và có giải pháp tái sử dụng phụ phẩm, giảm phát thải", 3),
        ]),
        ("Năng lực cung ứng sản phẩm", [
            ("Sản xuất nhỏ lẻ, không ổn định", 0),
            ("Sản xuất theo mùa vụ, cung ứng một phần trong năm", 1),
            ("Sản xuất ổn định, đáp ứng đơn hàng quanh năm", 2),
        ]),
    ],
)

A2_PRODUCT_DEVELOPMENT: Sect = (
    "Phát triển sản phẩm",
    [
        ("Tính sáng tạo, cải tiến sản phẩm", [
            ("Không có cải tiến so với sản phẩm cùng loại", 0),
            ("Có cải tiến về mẫu mã, bao bì", 1),
            ("Có cải tiến về chất lượng, công dụng", 2),
            ("Sản phẩm mới, có giá trị khác biệt rõ rệt", 3),
        ]),
        ("Bao bì sản phẩm", [
            ("Bao bì đơn giản, chưa bảo đảm bảo quản sản phẩm", 0),
            ("Bao bì bảo đảm bảo quản, thiết kế đơn giản", 1),
            ("Bao bì bảo đảm bảo quản, thiết kế đẹp, thuận tiện", 2),
            ("Bao bì thân thiện môi trường, thiết kế chuyên nghiệp, thể hiện bản sắc địa phương", 3),
        ]),
        ("Hồ sơ phát triển sản phẩm", [
            ("Không có", 0),
            ("Có ghi chép quá trình phát triển sản phẩm", 1),
            ("Có kế hoạch phát triển sản phẩm", 2),
            ("Có kế hoạch và có sự tham gia của cơ quan tư vấn, nghiên cứu", 3),
        ]),
    ],
)

A3_COMMUNITY: Sect = (
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
        ("Vai trò của phụ nữ trong quản lý, điều hành", [
            ("Không có phụ nữ tham gia quản lý", 0),
            ("Có phụ nữ tham gia quản lý", 1),
            ("Phụ nữ giữ vị trí lãnh đạo chủ chốt", 2),
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

# ---------------------------------------------------------------- part B --

B1_MARKETING: Sect = (
    "Tiếp thị",
    [
        ("Kênh phân phối", [
            ("Chỉ bán tại địa phương", 1),
            ("Phân phối trong tỉnh", 2),
            ("Phân phối tại từ 3 tỉnh, thành phố trở lên", 3),
            ("Phân phối toàn quốc, có hệ thống siêu thị hoặc sàn thương mại điện tử", 4),
        ]),
        ("Quảng bá sản phẩm", [
            ("Không có hoạt động quảng bá", 0),
            ("Có tờ rơi, ấn phẩm giới thiệu", 1),
            ("Có trang thông tin điện tử hoặc mạng xã hội", 2),
            ("Có kế hoạch truyền thông, tham gia hội chợ, xúc tiến thương mại thường xuyên", 3),
        ]),
        ("Truy xuất nguồn gốc", [
            ("Không có", 0),
            ("Có ghi chép sổ sách", 1),
            ("Có tem truy xuất nguồn gốc (mã QR)", 2),
            ("Có hệ thống truy xuất nguồn gốc điện tử, cập nhật đầy đủ", 3),
        ]),
        ("Bảo hộ sở hữu trí tuệ", [
            ("Chưa đăng ký nhãn hiệu", 0),
            ("Đã nộp đơn đăng ký nhãn hiệu", 1),
            ("Có giấy chứng nhận đăng ký nhãn hiệu", 2),
            ("Sử dụng nhãn hiệu tập thể, nhãn hiệu chứng nhận hoặc chỉ dẫn địa lý", 3),
        ]),
        ("Hồ sơ bán hàng", [
            ("Không có hợp đồng, chứng từ bán hàng", 0),
            ("Có chứng từ bán hàng", 1),
            ("Có hợp đồng tiêu thụ với nhà phân phối", 2),
        ]),
    ],
)

B2_STORY: Sect = (
    "Câu chuyện về sản phẩm",
    [
        ("Câu chuyện sản phẩm", [
            ("Không có câu chuyện sản phẩm", 0),
            ("Có câu chuyện nhưng chưa rõ ràng", 1),
            ("Có câu chuyện sản phẩm bằng văn bản", 2),
            ("Có câu chuyện hấp dẫn, gắn với văn hóa, lịch sử địa phương", 3),
        ]),
        ("Nội dung câu chuyện", [
            ("Không thể hiện giá trị của sản phẩm", 0),
            ("Thể hiện được nguồn gốc sản phẩm", 1),
            ("Thể hiện nguồn gốc và giá trị văn hóa của sản phẩm", 2),
            ("Thể hiện đầy đủ nguồn gốc, giá trị văn hóa, con người và cộng đồng", 3),
        ]),
        ("Hình thức truyền tải câu chuyện", [
            ("Không có", 0),
            ("Truyền tải bằng lời", 1),
            ("Có ấn phẩm (tờ rơi, sách ảnh)", 2),
            ("Thể hiện trên bao bì, ấn phẩm và phương tiện điện tử", 3),
            ("Truyền tải đa phương tiện, được sử dụng thường xuyên trong tiếp thị", 4),
        ]),
    ],
)

# ---------------------------------------------------------------- part C --

C3_EXPORT: Sect = (
    "Khả năng xuất khẩu, phân phối tại thị trường quốc tế",
    [
        ("Sản phẩm đã xuất khẩu, phân phối tại thị trường quốc tế", [
            ("Chưa xuất khẩu", 0),
            ("Đã xuất khẩu tiểu ngạch hoặc không thường xuyên", 1),
            ("Xuất khẩu chính ngạch", 2),
            ("Xuất khẩu chính ngạch thường xuyên, ổn định", 3),
        ]),
        ("Đáp ứng yêu cầu của thị trường nhập khẩu", [
            ("Chưa đáp ứng", 0),
            ("Đáp ứng một phần yêu cầu", 1),
            ("Có chứng nhận đáp ứng yêu cầu thị trường nhập khẩu", 2),
        ]),
    ],
)


def standards_section(certificate_options: Sequence[tuple[str, int]], origin_crit: Crit) -> Sect:
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
            ("Chứng nhận hệ thống quản lý chất lượng", list(certificate_options)),
            origin_crit,
            ("Hạn sử dụng và điều kiện bảo quản", [
                ("Hạn sử dụng không có căn cứ", 0),
                ("Có căn cứ xác định hạn sử dụng", 1),
                ("Có căn cứ, ghi rõ điều kiện bảo quản", 2),
                ("Có thử nghiệm xác định hạn sử dụng, ghi rõ điều kiện bảo quản", 3),
            ]),
        ],
    )


FOOD_CERTIFICATES = [
    ("Chưa có chứng nhận", 0),
    ("Đang áp dụng hệ thống quản lý chất lượng (VietGAP, HACCP, ISO 22000...), chưa được chứng nhận", 2),
    ("Được chứng nhận VietGAP hoặc tương đương", 3),
    ("Được chứng nhận HACCP, ISO 22000 hoặc tương đương", 4),
    ("Được chứng nhận hữu cơ hoặc GlobalGAP, hoặc tương đương", 5),
]

RAW_MATERIAL_ZONE: Crit = (
    "Vùng nguyên liệu",
    [
        ("Không có vùng nguyên liệu ổn định", 0),
        ("Có vùng nguyên liệu, chưa được chứng nhận", 1),
        ("Vùng nguyên liệu áp dụng quy trình sản xuất an toàn", 2),
        ("Vùng nguyên liệu được cấp mã số vùng trồng hoặc được chứng nhận", 4),
    ],
)

FOOD_KNOCKOUTS = [
    "Hồ sơ có tài liệu giả mạo",
    "Không có Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm hoặc giấy tờ tương đương theo quy định",
    "Không có bản tự công bố sản phẩm hoặc công bố chưa đúng quy định của pháp luật",
    "Nhãn hàng hóa không đúng quy định của pháp luật",
    "Hồ sơ đăng ký không đầy đủ theo quy định",
]


def product_sheet(part_c_sensory: Sect, part_c_standards: Sect) -> list[PartSpec]:
    return [
        ("A", "Sản phẩm và sức mạnh cộng đồng",
         [A1_PRODUCTION_FOOD, A2_PRODUCT_DEVELOPMENT, A3_COMMUNITY]),
        ("B", "Khả năng tiếp thị", [B1_MARKETING, B2_STORY]),
        ("C", "Chất lượng sản phẩm", [part_c_sensory, part_c_standards, C3_EXPORT]),
    ]


RICE_SENSORY: Sect = (
    "Chỉ tiêu cảm quan, dinh dưỡng, tính độc đáo của sản phẩm",
    [
        ("Tính độc đáo của sản phẩm", [
            ("Sản phẩm thông thường", 0),
            ("Giống, sản phẩm có nét riêng của địa phương", 1),
            ("Giống đặc sản, sản phẩm đặc trưng của vùng", 2),
            ("Sản phẩm đặc sản độc đáo, gắn với chỉ dẫn địa lý hoặc giống bản địa", 3),
        ]),
        ("Màu sắc, trạng thái hạt", [
            ("Không đồng đều, có nhiều hạt gãy, tạp chất", 0),
            ("Tương đối đồng đều", 1),
            ("Đồng đều, ít hạt gãy", 2),
            ("Rất đồng đều, đặc trưng của giống", 3),
        ]),
        ("Mùi, vị của sản phẩm sau chế biến (cơm, sản phẩm nấu chín)", [
            ("Không đặc trưng", 0),
            ("Tương đối đặc trưng", 1),
            ("Đặc trưng, hài hòa", 2),
            ("Rất đặc trưng, hấp dẫn", 3),
        ]),
        ("Giá trị dinh dưỡng công bố", [
            ("Không có thông tin dinh dưỡng", 0),
            ("Có thông tin dinh dưỡng trên nhãn", 1),
            ("Có kết quả phân tích chỉ tiêu dinh dưỡng", 2),
            ("Có kết quả phân tích, có chỉ tiêu dinh dưỡng nổi trội", 3),
        ]),
    ],
)

SOFT_DRINK_SENSORY: Sect = (
    "Chỉ tiêu cảm quan, dinh dưỡng, tính độc đáo của sản phẩm",
    [
        ("Tính độc đáo của sản phẩm", [
            ("Sản phẩm thông thường", 0),
            ("Sản phẩm có nét riêng của địa phương", 1),
            ("Sản phẩm đặc trưng của vùng", 2),
            ("Sản phẩm độc đáo, gắn với nguyên liệu bản địa hoặc bí quyết truyền thống", 3),
        ]),
        ("Màu sắc, trạng thái", [
            ("Không đặc trưng, có cặn lạ", 0),
            ("Tương đối đặc trưng", 1),
            ("Đặc trưng, đồng nhất", 2),
            ("Rất đặc trưng, hấp dẫn", 3),
        ]),
        ("Mùi, vị", [
            ("Không đặc trưng", 0),
            ("Tương đối đặc trưng", 1),
            ("Đặc trưng, hài hòa", 2),
            ("Rất đặc trưng, hấp dẫn, dư vị tốt", 3),
        ]),
        ("Giá trị dinh dưỡng hoặc công dụng công bố", [
            ("Không có thông tin", 0),
            ("Có thông tin trên nhãn", 1),
            ("Có kết quả phân tích chỉ tiêu", 2),
            ("Có kết quả phân tích, có chỉ tiêu nổi trội", 3),
        ]),
    ],
)

DRINK_KNOCKOUTS = FOOD_KNOCKOUTS


# ------------------------------------------------ sensory blocks per set --


def sensory(uniqueness: Sequence[str], looks: tuple[str, Sequence[str]],
            taste: tuple[str, Sequence[str]], value: tuple[str, Sequence[str]]) -> Sect:
    """Section C1: four criteria of 0-3 points each (12)."""
    def crit(title: str, labels: Sequence[str]) -> Crit:
        return (title, [(label, i) for i, label in enumerate(labels)])
    return (
        "Chỉ tiêu cảm quan, dinh dưỡng, tính độc đáo của sản phẩm",
        [crit("Tính độc đáo của sản phẩm", uniqueness), crit(*looks), crit(*taste), crit(*value)],
    )


UNIQUE_FOOD = [
    "Sản phẩm thông thường",
    "Sản phẩm có nét riêng của địa phương",
    "Sản phẩm đặc trưng của vùng",
    "Sản phẩm đặc sản độc đáo, gắn với chỉ dẫn địa lý, giống bản địa hoặc bí quyết truyền thống",
]
GRADE = ["Không đặc trưng", "Tương đối đặc trưng", "Đặc trưng, hài hòa", "Rất đặc trưng, hấp dẫn"]
NUTRITION = (
    "Giá trị dinh dưỡng công bố",
    ["Không có thông tin dinh dưỡng", "Có thông tin dinh dưỡng trên nhãn",
     "Có kết quả phân tích chỉ tiêu dinh dưỡng", "Có kết quả phân tích, có chỉ tiêu dinh dưỡng nổi trội"],
)

FRESH_SENSORY = sensory(
    UNIQUE_FOOD,
    ("Hình thái, màu sắc, độ tươi", ["Không đồng đều, kém tươi", "Tương đối đồng đều",
                                       "Đồng đều, tươi", "Rất đồng đều, tươi, đặc trưng của giống"]),
    ("Mùi, vị", GRADE),
    NUTRITION,
)
PROCESSED_SENSORY = sensory(
    UNIQUE_FOOD,
    ("Màu sắc, trạng thái, cấu trúc", GRADE),
    ("Mùi, vị", GRADE),
    NUTRITION,
)
SPICE_SENSORY = sensory(
    UNIQUE_FOOD,
    ("Màu sắc, trạng thái", GRADE),
    ("Mùi, vị đặc trưng của gia vị", GRADE),
    NUTRITION,
)
TEA_SENSORY = sensory(
    UNIQUE_FOOD,
    ("Ngoại hình và màu nước", GRADE),
    ("Hương và vị", ["Không đặc trưng", "Tương đối đặc trưng", "Đặc trưng, hài hòa",
                     "Rất đặc trưng, hậu vị tốt"]),
    ("Thành phần, chất lượng nguyên liệu công bố", NUTRITION[1]),
)
COFFEE_SENSORY = sensory(
    UNIQUE_FOOD,
    ("Ngoại hình (hạt, bột) và màu nước", GRADE),
    ("Hương và vị", ["Không đặc trưng", "Tương đối đặc trưng", "Đặc trưng, hài hòa",
                     "Rất đặc trưng, hậu vị tốt"]),
    ("Thành phần, chất lượng nguyên liệu công bố", NUTRITION[1]),
)
HONEY_SENSORY = sensory(
    UNIQUE_FOOD,
    ("Màu sắc, trạng thái, độ trong", GRADE),
    ("Mùi, vị", GRADE),
    ("Các chỉ tiêu chất lượng (độ ẩm, HMF, đường khử) công bố", NUTRITION[1]),
)
ALCOHOL_SENSORY = sensory(
    ["Sản phẩm thông thường", "Sản phẩm có nét riêng của địa phương",
     "Sản phẩm đặc trưng của vùng",
     "Sản phẩm độc đáo, gắn với men truyền thống, nguyên liệu bản địa hoặc bí quyết truyền thống"],
    ("Màu sắc, độ trong", GRADE),
    ("Mùi, vị", ["Không đặc trưng, có mùi lạ", "Tương đối đặc trưng", "Đặc trưng, hài hòa",
                 "Rất đặc trưng, êm dịu, hậu vị tốt"]),
    ("Hàm lượng các chất ảnh hưởng sức khỏe (methanol, aldehyde...) công bố", [
        "Không có kết quả phân tích", "Có kết quả phân tích, đạt giới hạn cho phép",
        "Đạt, thấp hơn đáng kể giới hạn cho phép",
        "Đạt, thấp hơn đáng kể giới hạn cho phép, kiểm tra định kỳ"]),
)
HERBAL_SENSORY = sensory(
    ["Sản phẩm thông thường", "Sản phẩm có nét riêng của địa phương",
     "Sản phẩm từ dược liệu đặc trưng của vùng",
     "Sản phẩm từ dược liệu quý, bản địa hoặc bài thuốc truyền thống"],
    ("Cảm quan (màu sắc, mùi, trạng thái)", GRADE),
    ("Công dụng được chứng minh", ["Chưa có căn cứ", "Có tài liệu tham khảo",
                                   "Có kết quả nghiên cứu, đánh giá", "Có nghiên cứu, được cơ quan có thẩm quyền xác nhận"]),
    ("Hàm lượng hoạt chất chính công bố", ["Không công bố", "Công bố trên nhãn",
                                            "Có kết quả phân tích", "Có kết quả phân tích, hàm lượng nổi trội"]),
)

# ------------------------------------------ non-food product groups: C1/C2 --

HANDICRAFT_LOOKS: Sect = (
    "Tính thẩm mỹ, độc đáo, công năng của sản phẩm",
    [
        ("Tính độc đáo, bản sắc văn hóa", [
            ("Sản phẩm thông thường", 0), ("Có nét riêng của địa phương", 1),
            ("Thể hiện bản sắc văn hóa vùng miền", 2),
            ("Độc đáo, gắn với làng nghề, nghệ nhân hoặc kỹ thuật truyền thống", 3)]),
        ("Tính thẩm mỹ, kỹ thuật chế tác", [
            ("Thô, chưa hoàn thiện", 0), ("Tương đối hoàn thiện", 1),
            ("Hoàn thiện, đẹp", 2), ("Tinh xảo, thẩm mỹ cao", 3)]),
        ("Công năng sử dụng", [
            ("Công năng hạn chế", 0), ("Có công năng sử dụng", 1),
            ("Công năng tốt, tiện dụng", 2), ("Đa công năng, tiện dụng, bền", 3)]),
        ("Thân thiện môi trường của nguyên liệu", [
            ("Nguyên liệu không thân thiện môi trường", 0), ("Một phần nguyên liệu thân thiện môi trường", 1),
            ("Phần lớn nguyên liệu tự nhiên, thân thiện môi trường", 2),
            ("Nguyên liệu tự nhiên, tái chế hoặc có chứng nhận nguồn gốc bền vững", 3)]),
    ],
)

HANDICRAFT_STANDARDS: Sect = (
    "Tiêu chuẩn sản phẩm",
    [
        ("Công bố tiêu chuẩn chất lượng sản phẩm", [
            ("Có tiêu chuẩn cơ sở", 1), ("Công bố theo tiêu chuẩn quốc gia (TCVN)", 2),
            ("Công bố theo tiêu chuẩn khu vực hoặc quốc tế", 3)]),
        ("Kiểm tra chất lượng sản phẩm", [
            ("Không kiểm tra", 0), ("Tự kiểm tra theo tiêu chuẩn cơ sở", 1),
            ("Kiểm tra định kỳ", 2), ("Kiểm tra định kỳ tại phòng thử nghiệm được công nhận", 3)]),
        ("An toàn của vật liệu, hóa chất sử dụng (sơn, chất tẩy, chất bảo quản)", [
            ("Không kiểm soát", 0), ("Có kiểm soát", 1), ("Có kết quả thử nghiệm đạt yêu cầu", 2),
            ("Có kết quả thử nghiệm đạt yêu cầu, dùng vật liệu an toàn được chứng nhận", 3)]),
        ("Chứng nhận hệ thống quản lý chất lượng", [
            ("Chưa áp dụng", 0), ("Đang áp dụng, chưa được chứng nhận", 2),
            ("Được chứng nhận ISO 9001 hoặc tương đương", 4), ("Được chứng nhận và duy trì ổn định", 5)]),
        ("Nguồn gốc hợp pháp của nguyên liệu", [
            ("Không có hồ sơ", 0), ("Có hồ sơ một phần", 1), ("Có hồ sơ đầy đủ", 2),
            ("Có chứng nhận nguồn gốc bền vững (FSC hoặc tương đương)", 4)]),
    ],
)

ORNAMENTAL_LOOKS: Sect = (
    "Giá trị thẩm mỹ, tính độc đáo của sản phẩm",
    [
        ("Tính độc đáo, quý hiếm", [
            ("Loài, giống phổ biến", 0), ("Giống có nét riêng của địa phương", 1),
            ("Giống đặc trưng của vùng", 2), ("Giống bản địa quý, độc đáo", 3)]),
        ("Hình dáng, màu sắc", [
            ("Không cân đối", 0), ("Tương đối cân đối", 1), ("Cân đối, đẹp", 2),
            ("Rất đẹp, đặc trưng của giống", 3)]),
        ("Tình trạng sinh trưởng, sức khỏe", [
            ("Sinh trưởng kém, có sâu bệnh", 0), ("Sinh trưởng trung bình", 1),
            ("Sinh trưởng tốt", 2), ("Sinh trưởng rất tốt, không sâu bệnh", 3)]),
        ("Giá trị văn hóa, ý nghĩa", [
            ("Không có", 0), ("Có ý nghĩa phổ thông", 1), ("Gắn với văn hóa địa phương", 2),
            ("Gắn với văn hóa, lễ hội, tín ngưỡng đặc sắc của địa phương", 3)]),
    ],
)

ORNAMENTAL_STANDARDS: Sect = (
    "Tiêu chuẩn sản phẩm",
    [
        ("Nguồn gốc giống", [
            ("Không rõ nguồn gốc", 0), ("Có hồ sơ nguồn gốc", 2),
            ("Giống được công nhận hoặc tự công bố lưu hành", 3), ("Giống được bảo hộ", 4)]),
        ("Quy trình sản xuất, chăm sóc", [
            ("Không có quy trình", 0), ("Có quy trình bằng văn bản", 1),
            ("Có quy trình, ghi chép đầy đủ", 2), ("Áp dụng quy trình được chứng nhận (VietGAP...)", 4)]),
        ("Kiểm dịch, an toàn sinh học", [
            ("Không kiểm soát", 0), ("Có kiểm soát sâu bệnh", 1), ("Có giấy kiểm dịch khi vận chuyển", 2),
            ("Có giấy kiểm dịch, cơ sở an toàn dịch bệnh", 3)]),
        ("Tiêu chuẩn sản phẩm công bố", [
            ("Có tiêu chuẩn cơ sở", 1), ("Công bố theo tiêu chuẩn quốc gia", 2),
            ("Công bố theo tiêu chuẩn khu vực hoặc quốc tế", 3)]),
        ("Giá thể, vật tư, bao gói khi vận chuyển", [
            ("Không bảo đảm", 0), ("Bảo đảm cơ bản", 1), ("Bảo đảm, thân thiện môi trường", 2),
            ("Bảo đảm, thân thiện môi trường, có hướng dẫn chăm sóc kèm theo", 4)]),
    ],
)

HERBAL_CERTIFICATES = [
    ("Chưa có chứng nhận", 0),
    ("Vùng trồng dược liệu áp dụng GACP-WHO, chưa được chứng nhận", 2),
    ("Được chứng nhận VietGAP hoặc tương đương cho vùng nguyên liệu", 3),
    ("Cơ sở sản xuất đạt GMP (thực phẩm bảo vệ sức khỏe, dược, mỹ phẩm)", 4),
    ("Vùng trồng đạt GACP-WHO và cơ sở sản xuất đạt GMP", 5),
]

# ------------------------------------------------------ tourism services --

TOURISM_A1: Sect = (
    "Tổ chức kinh doanh dịch vụ",
    [
        ("Gắn kết với tài nguyên du lịch địa phương", [
            ("Sử dụng ít tài nguyên địa phương", 1), ("Khai thác một phần tài nguyên địa phương", 3),
            ("Dựa chủ yếu vào tài nguyên tự nhiên, văn hóa địa phương", 5)]),
        ("Gia tăng giá trị trải nghiệm", [
            ("Chỉ tham quan", 1), ("Tham quan kết hợp trải nghiệm", 2),
            ("Trải nghiệm đa dạng, khách tham gia vào hoạt động sản xuất, sinh hoạt của cộng đồng", 3)]),
        ("Liên kết cung ứng dịch vụ", [
            ("Không có liên kết", 0), ("Có liên kết, không có hợp đồng", 1),
            ("Có hợp đồng với cơ sở lưu trú, ăn uống, vận chuyển", 2),
            ("Có hợp đồng với doanh nghiệp lữ hành, liên kết tour tuyến ổn định", 3)]),
        ("Quy trình cung cấp dịch vụ", [
            ("Chưa có quy trình bằng văn bản", 0), ("Có quy trình bằng văn bản", 1),
            ("Có quy trình, nhân viên được hướng dẫn và thực hiện", 2)]),
        ("Bảo vệ môi trường, cảnh quan", [
            ("Chưa có biện pháp", 0), ("Có thu gom rác thải", 1),
            ("Có thu gom, phân loại rác, nhà vệ sinh đạt chuẩn", 2),
            ("Có kế hoạch bảo vệ môi trường, hạn chế đồ nhựa dùng một lần", 3)]),
        ("Năng lực đón khách", [
            ("Quy mô nhỏ, theo mùa", 0), ("Đón khách thường xuyên, quy mô nhỏ", 1),
            ("Đón khách quanh năm, đáp ứng đoàn khách", 2)]),
    ],
)

TOURISM_A2: Sect = (
    "Phát triển sản phẩm dịch vụ",
    [
        ("Tính sáng tạo của sản phẩm dịch vụ", [
            ("Không có điểm mới", 0), ("Có cải tiến nhỏ", 1), ("Có sản phẩm dịch vụ mới", 2),
            ("Sản phẩm dịch vụ mới, khác biệt rõ rệt", 3)]),
        ("Cơ sở vật chất phục vụ khách", [
            ("Đơn sơ", 0), ("Đáp ứng cơ bản", 1), ("Đầy đủ, tiện nghi", 2),
            ("Đầy đủ, tiện nghi, hài hòa kiến trúc địa phương", 3)]),
        ("Kế hoạch phát triển sản phẩm dịch vụ", [
            ("Không có", 0), ("Có ghi chép", 1), ("Có kế hoạch", 2),
            ("Có kế hoạch và có sự tham gia của cơ quan tư vấn", 3)]),
    ],
)

TOURISM_B1: Sect = (
    "Tiếp thị",
    [
        ("Kênh bán dịch vụ", [
            ("Khách tự đến", 1), ("Qua doanh nghiệp lữ hành trong tỉnh", 2),
            ("Qua doanh nghiệp lữ hành ngoài tỉnh", 3), ("Qua doanh nghiệp lữ hành và nền tảng đặt dịch vụ trực tuyến", 4)]),
        ("Quảng bá dịch vụ", [
            ("Không có", 0), ("Có tờ rơi, biển hiệu", 1), ("Có trang thông tin điện tử hoặc mạng xã hội", 2),
            ("Có kế hoạch truyền thông, tham gia hội chợ, liên hoan du lịch", 3)]),
        ("Thông tin, chỉ dẫn cho khách", [
            ("Không có", 0), ("Có biển chỉ dẫn", 1), ("Có biển chỉ dẫn, bản đồ, thuyết minh", 2),
            ("Có thuyết minh song ngữ, mã QR giới thiệu", 3)]),
        ("Bảo hộ sở hữu trí tuệ, thương hiệu dịch vụ", [
            ("Chưa đăng ký nhãn hiệu", 0), ("Đã nộp đơn đăng ký nhãn hiệu", 1),
            ("Có giấy chứng nhận đăng ký nhãn hiệu", 2), ("Nhãn hiệu tập thể hoặc thương hiệu điểm đến", 3)]),
        ("Hồ sơ khách hàng", [
            ("Không ghi chép", 0), ("Có sổ theo dõi khách", 1), ("Có hợp đồng, hóa đơn, sổ góp ý của khách", 2)]),
    ],
)

TOURISM_C1: Sect = (
    "Chất lượng, tính độc đáo của dịch vụ",
    [
        ("Tính độc đáo của dịch vụ, điểm du lịch", [
            ("Thông thường", 0), ("Có nét riêng của địa phương", 1), ("Đặc trưng của vùng", 2),
            ("Độc đáo, gắn với di sản văn hóa, cảnh quan đặc sắc", 3)]),
        ("Chất lượng phục vụ", [
            ("Chưa đáp ứng", 0), ("Đáp ứng cơ bản", 1), ("Tốt", 2), ("Rất tốt, chuyên nghiệp", 3)]),
        ("Kỹ năng của người phục vụ, thuyết minh", [
            ("Chưa được đào tạo", 0), ("Được tập huấn", 1), ("Có chứng chỉ nghiệp vụ", 2),
            ("Có chứng chỉ, sử dụng được ngoại ngữ", 3)]),
        ("Mức độ hài lòng của khách", [
            ("Không đánh giá", 0), ("Có ghi nhận ý kiến", 1), ("Phần lớn khách hài lòng", 2),
            ("Khách hài lòng cao, quay lại", 3)]),
    ],
)

TOURISM_C2: Sect = (
    "Tiêu chuẩn dịch vụ",
    [
        ("Công nhận, xếp hạng dịch vụ", [
            ("Chưa được công nhận", 0), ("Đạt tiêu chuẩn cơ sở của địa phương", 1),
            ("Được công nhận điểm du lịch hoặc đạt tiêu chuẩn quốc gia về du lịch cộng đồng", 3)]),
        ("An ninh, an toàn cho khách", [
            ("Có biện pháp cơ bản", 1), ("Có phương án an toàn, sơ cứu", 2), ("Có phương án, trang thiết bị, bảo hiểm cho khách", 3)]),
        ("Vệ sinh, an toàn thực phẩm trong dịch vụ ăn uống", [
            ("Chưa kiểm soát", 0), ("Có cam kết", 1), ("Có giấy chứng nhận cơ sở đủ điều kiện", 2),
            ("Có chứng nhận, nguyên liệu có nguồn gốc rõ ràng", 3)]),
        ("Chứng nhận hệ thống quản lý chất lượng dịch vụ", [
            ("Chưa áp dụng", 0), ("Đang áp dụng, chưa được chứng nhận", 2),
            ("Được chứng nhận (ISO 9001, nhãn du lịch bền vững...)", 5)]),
        ("Tiếp cận cho người khuyết tật, người cao tuổi", [
            ("Không có", 0), ("Có một phần", 2), ("Bảo đảm tiếp cận", 4)]),
    ],
)

TOURISM_C3: Sect = (
    "Khả năng thu hút khách quốc tế",
    [
        ("Khách quốc tế đã phục vụ", [
            ("Chưa có", 0), ("Có, không thường xuyên", 1), ("Thường xuyên", 2), ("Thường xuyên, ổn định qua nhiều năm", 3)]),
        ("Đáp ứng yêu cầu của khách quốc tế", [
            ("Chưa đáp ứng", 0), ("Đáp ứng một phần", 1), ("Đáp ứng (ngoại ngữ, thanh toán, thông tin)", 2)]),
    ],
)

# ----------------------------------------------------------- knock-outs --

HERBAL_KNOCKOUTS = [
    "Hồ sơ có tài liệu giả mạo",
    "Không có giấy chứng nhận đủ điều kiện sản xuất theo quy định của loại sản phẩm "
    "(an toàn thực phẩm, GMP thực phẩm bảo vệ sức khỏe, sản xuất mỹ phẩm hoặc thuốc)",
    "Không có số đăng ký lưu hành, bản công bố hoặc phiếu công bố sản phẩm theo quy định",
    "Nhãn hàng hóa không đúng quy định của pháp luật",
    "Hồ sơ đăng ký không đầy đủ theo quy định",
]
HANDICRAFT_KNOCKOUTS = [
    "Hồ sơ có tài liệu giả mạo",
    "Chủ thể không có đăng ký kinh doanh theo quy định",
    "Nguyên liệu có nguồn gốc không hợp pháp (gỗ, lâm sản, động vật hoang dã...)",
    "Sản phẩm thuộc diện phải công bố hợp quy nhưng chưa công bố; nhãn hàng hóa không đúng quy định",
    "Hồ sơ đăng ký không đầy đủ theo quy định",
]
ORNAMENTAL_KNOCKOUTS = [
    "Hồ sơ có tài liệu giả mạo",
    "Chủ thể không có đăng ký kinh doanh theo quy định",
    "Giống, loài không có nguồn gốc hợp pháp hoặc thuộc danh mục cấm kinh doanh",
    "Không có giấy chứng nhận kiểm dịch khi pháp luật yêu cầu",
    "Hồ sơ đăng ký không đầy đủ theo quy định",
]
TOURISM_KNOCKOUTS = [
    "Hồ sơ có tài liệu giả mạo",
    "Chủ thể không có đăng ký kinh doanh dịch vụ theo quy định",
    "Không bảo đảm điều kiện an ninh, trật tự, an toàn cho khách và phòng cháy, chữa cháy theo quy định",
    "Dịch vụ ăn uống không có giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm hoặc bản cam kết theo quy định",
    "Hồ sơ đăng ký không đầy đủ theo quy định",
]

UNCERTAIN_SET_NAME = (
    " Các tiêu chí đã biết là của phiếu Gạo, ngũ cốc; bộ này dùng lại cùng khung. Danh mục bộ sản phẩm của Quyết định 148/QĐ-TTg chưa đối chiếu được: tên và "
    "phạm vi bộ sản phẩm này là dựng lại. Điều kiện loại hồ sơ là dựng lại theo "
    "các điều kiện chung (giả mạo, giấy phép điều kiện sản xuất, công bố, nhãn, hồ sơ "
    "đầy đủ). Không tìm thấy điều kiện riêng theo hạng sao nên không ghi."
)


def _food_standards() -> Sect:
    return standards_section(FOOD_CERTIFICATES, RAW_MATERIAL_ZONE)


def _herbal_standards() -> Sect:
    return standards_section(HERBAL_CERTIFICATES, (
        "Vùng nguyên liệu dược liệu",
        [("Không có vùng nguyên liệu ổn định", 0), ("Có vùng nguyên liệu, chưa được chứng nhận", 1),
         ("Vùng nguyên liệu áp dụng quy trình trồng, thu hái tốt", 2),
         ("Vùng nguyên liệu được chứng nhận hoặc dược liệu được công bố đạt GACP", 4)],
    ))


G_FOOD = ("thuc-pham", "Thực phẩm")
G_DRINK = ("do-uong", "Đồ uống")
G_HERB = ("duoc-lieu", "Dược liệu và sản phẩm từ dược liệu")
G_CRAFT = ("thu-cong-my-nghe", "Hàng thủ công mỹ nghệ")
G_ORNAMENTAL = ("sinh-vat-canh", "Sinh vật cảnh")
G_TOURISM = ("du-lich", "Dịch vụ du lịch cộng đồng, du lịch sinh thái và điểm du lịch")


def _spec(slug: str, group: tuple[str, str], product_set: str, types: Sequence[str],
          parts: list[PartSpec], knockouts: Sequence[str], extra_uncertain: str = "") -> dict:
    return dict(
        set_id=f"148-2023-{group[0]}-{slug}" if not slug.startswith(group[0]) else f"148-2023-{slug}",
        title=f"Phiếu đánh giá sản phẩm OCOP: {product_set}",
        group_id=group[0], group=group[1], product_set=product_set,
        product_types=list(types), parts=parts, knockouts=list(knockouts),
        extra_uncertain=extra_uncertain,
    )


def sets() -> list[dict]:
    """Every 148/QĐ-TTg set shipped, in catalogue order."""
    food = lambda c1: product_sheet(c1, _food_standards())  # noqa: E731
    herb = lambda c1: product_sheet(c1, _herbal_standards())  # noqa: E731
    out = [
        # The two first sets keep their committed wording (hash-pinned).
        dict(set_id="148-2023-thuc-pham-gao-ngu-coc",
             title="Phiếu đánh giá sản phẩm OCOP: Gạo, ngũ cốc",
             group_id="thuc-pham", group="Thực phẩm", product_set="Gạo, ngũ cốc",
             product_types=["gạo", "ngũ cốc", "hạt sơ chế"],
             parts=product_sheet(RICE_SENSORY, _food_standards()), knockouts=FOOD_KNOCKOUTS,
             extra_uncertain=""),
        dict(set_id="148-2023-do-uong-khong-con",
             title="Phiếu đánh giá sản phẩm OCOP: Đồ uống không cồn",
             group_id="do-uong", group="Đồ uống", product_set="Đồ uống không cồn",
             product_types=["nước ép", "nước giải khát", "trà uống liền", "nước uống đóng chai"],
             parts=product_sheet(SOFT_DRINK_SENSORY, _food_standards()), knockouts=DRINK_KNOCKOUTS,
             extra_uncertain=""),
        _spec("tuoi-song", G_FOOD, "Nông sản, thủy sản tươi sống",
              ["rau", "củ", "quả tươi", "thịt", "trứng", "thủy sản tươi"], food(FRESH_SENSORY),
              FOOD_KNOCKOUTS, UNCERTAIN_SET_NAME),
        _spec("che-bien", G_FOOD, "Thực phẩm chế biến",
              ["bánh", "kẹo", "mứt", "giò chả", "thịt chế biến", "thủy sản chế biến", "rau quả chế biến"],
              food(PROCESSED_SENSORY), FOOD_KNOCKOUTS, UNCERTAIN_SET_NAME),
        _spec("gia-vi", G_FOOD, "Gia vị",
              ["nước mắm", "tương", "mắm", "muối", "hạt tiêu", "ớt", "gia vị khô"],
              food(SPICE_SENSORY), FOOD_KNOCKOUTS, UNCERTAIN_SET_NAME),
        _spec("che", G_FOOD, "Chè (trà) và sản phẩm từ chè",
              ["chè búp khô", "trà xanh", "trà ô long", "chè túi lọc"],
              food(TEA_SENSORY), FOOD_KNOCKOUTS, UNCERTAIN_SET_NAME),
        _spec("ca-phe-ca-cao", G_FOOD, "Cà phê, ca cao",
              ["cà phê hạt", "cà phê bột", "ca cao", "sô cô la"],
              food(COFFEE_SENSORY), FOOD_KNOCKOUTS, UNCERTAIN_SET_NAME),
        _spec("mat-ong", G_FOOD, "Mật ong và sản phẩm từ mật ong",
              ["mật ong", "phấn hoa", "sáp ong"],
              food(HONEY_SENSORY), FOOD_KNOCKOUTS, UNCERTAIN_SET_NAME),
        _spec("co-con", G_DRINK, "Đồ uống có cồn",
              ["rượu trắng", "rượu ngâm", "rượu vang", "bia"],
              food(ALCOHOL_SENSORY),
              FOOD_KNOCKOUTS + ["Không có giấy phép sản xuất rượu theo quy định"],
              UNCERTAIN_SET_NAME),
        _spec("thuc-pham-chuc-nang", G_HERB,
              "Thực phẩm bảo vệ sức khỏe, thuốc dược liệu, thuốc y học cổ truyền",
              ["thực phẩm bảo vệ sức khỏe", "thuốc dược liệu", "thuốc y học cổ truyền", "cao dược liệu"],
              herb(HERBAL_SENSORY), HERBAL_KNOCKOUTS, UNCERTAIN_SET_NAME),
        _spec("my-pham", G_HERB, "Mỹ phẩm có thành phần từ dược liệu",
              ["dầu gội thảo dược", "xà phòng thảo dược", "kem dưỡng từ dược liệu"],
              herb(HERBAL_SENSORY), HERBAL_KNOCKOUTS, UNCERTAIN_SET_NAME),
        _spec("tinh-dau-duoc-lieu-khac", G_HERB, "Tinh dầu, trà dược liệu và dược liệu khác",
              ["tinh dầu", "trà dược liệu", "dược liệu khô", "túi chườm thảo dược"],
              herb(HERBAL_SENSORY), HERBAL_KNOCKOUTS, UNCERTAIN_SET_NAME),
        _spec("do-thu-cong", G_CRAFT, "Thủ công mỹ nghệ, đồ lưu niệm, trang trí, gia dụng",
              ["mây tre đan", "gốm", "đồ gỗ mỹ nghệ", "sơn mài", "đồ lưu niệm"],
              product_sheet(HANDICRAFT_LOOKS, HANDICRAFT_STANDARDS), HANDICRAFT_KNOCKOUTS,
              UNCERTAIN_SET_NAME),
        _spec("vai-may-mac", G_CRAFT, "Vải, may mặc",
              ["thổ cẩm", "lụa", "vải dệt thủ công", "trang phục"],
              product_sheet(HANDICRAFT_LOOKS, HANDICRAFT_STANDARDS), HANDICRAFT_KNOCKOUTS,
              UNCERTAIN_SET_NAME),
        _spec("hoa", G_ORNAMENTAL, "Hoa",
              ["hoa lan", "hoa đào", "hoa cắt cành", "hoa chậu"],
              product_sheet(ORNAMENTAL_LOOKS, ORNAMENTAL_STANDARDS), ORNAMENTAL_KNOCKOUTS,
              UNCERTAIN_SET_NAME),
        _spec("cay-canh", G_ORNAMENTAL, "Cây cảnh",
              ["bonsai", "cây thế", "cây cảnh chậu", "quất cảnh"],
              product_sheet(ORNAMENTAL_LOOKS, ORNAMENTAL_STANDARDS), ORNAMENTAL_KNOCKOUTS,
              UNCERTAIN_SET_NAME),
        _spec("dong-vat-canh", G_ORNAMENTAL, "Động vật cảnh",
              ["cá cảnh", "chim cảnh", "gà cảnh"],
              product_sheet(ORNAMENTAL_LOOKS, ORNAMENTAL_STANDARDS), ORNAMENTAL_KNOCKOUTS,
              UNCERTAIN_SET_NAME),
        _spec("dich-vu-du-lich", G_TOURISM,
              "Dịch vụ du lịch cộng đồng, du lịch sinh thái và điểm du lịch",
              ["homestay", "du lịch cộng đồng", "du lịch sinh thái", "điểm du lịch", "trải nghiệm làng nghề"],
              [("A", "Sản phẩm và sức mạnh cộng đồng", [TOURISM_A1, TOURISM_A2, A3_COMMUNITY]),
               ("B", "Khả năng tiếp thị", [TOURISM_B1, B2_STORY]),
               ("C", "Chất lượng sản phẩm", [TOURISM_C1, TOURISM_C2, TOURISM_C3])],
              TOURISM_KNOCKOUTS, UNCERTAIN_SET_NAME + " Phiếu dịch vụ du lịch: toàn bộ mục A1, A2,"
              " B1, C1, C2, C3 (tên mục và tiêu chí) là dựng lại theo tính chất dịch vụ."),
    ]
    return out
