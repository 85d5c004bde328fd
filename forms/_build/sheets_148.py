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

from common import Crit, PartSpec, Sect

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
        ("Nguồn gốc sản phẩm (nguyên liệu sản xuất tại địa phương)", [
            ("Nguyên liệu sản xuất tại xã dưới 50%", 1),
            ("Nguyên liệu sản xuất tại xã từ 50% đến dưới 75%", 3),
            ("Nguyên liệu sản xuất tại xã từ 75% đến 100%", 5),
        ]),
        ("Gia tăng giá trị", [
            ("Sơ chế thủ công", 1),
            ("Sơ chế, chế biến có sử dụng máy móc, thiết bị", 2),
            ("Chế biến sâu, ứng dụng công nghệ tiên tiến", 3),
        ]),
        ("Liên kết sản xuất", [
            ("Không có liên kết", 0),
            ("Có liên kết nhưng không có hợp đồng", 1),
            ("Có hợp đồng liên kết cung ứng nguyên liệu", 2),
            ("Có hợp đồng liên kết theo chuỗi giá trị (nguyên liệu và tiêu thụ), thực hiện ổn định", 3),
        ]),
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


def sets() -> list[dict]:
    """(file path under forms/criteria, keyword arguments for criteria_file)."""
    out = []
    out.append(dict(
        set_id="148-2023-thuc-pham-gao-ngu-coc",
        title="Phiếu đánh giá sản phẩm OCOP: Gạo, ngũ cốc",
        group_id="thuc-pham", group="Thực phẩm",
        product_set="Gạo, ngũ cốc",
        product_types=["gạo", "ngũ cốc", "hạt sơ chế"],
        parts=product_sheet(RICE_SENSORY, standards_section(FOOD_CERTIFICATES, RAW_MATERIAL_ZONE)),
        knockouts=FOOD_KNOCKOUTS,
    ))
    out.append(dict(
        set_id="148-2023-do-uong-khong-con",
        title="Phiếu đánh giá sản phẩm OCOP: Đồ uống không cồn",
        group_id="do-uong", group="Đồ uống",
        product_set="Đồ uống không cồn",
        product_types=["nước ép", "nước giải khát", "trà uống liền", "nước uống đóng chai"],
        parts=product_sheet(SOFT_DRINK_SENSORY, standards_section(FOOD_CERTIFICATES, RAW_MATERIAL_ZONE)),
        knockouts=DRINK_KNOCKOUTS,
    ))
    return out
