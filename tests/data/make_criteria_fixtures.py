"""Write the criteria workbooks under tests/data/ the way a district officer lays them out.

    python tests/data/make_criteria_fixtures.py

Not the application's own export: four title lines, a two-row header with
merged cells ("Điểm" over "Tối đa" | "Chấm"), Vietnamese sheet names and
labels, bold part rows.  One good workbook (the 148/QĐ-TTg rice sheet) and
four faulty copies, each with one mistake an officer makes:

- criteria_total_typo.xlsx      the total row says 110
- criteria_text_points.xlsx     an option's points typed as "5 điểm"
- criteria_merged_value.xlsx    two options' point cells merged into one
- criteria_missing_option.xlsx  the best option row of a criterion deleted
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path
from typing import Any, Callable

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

HERE = Path(__file__).resolve().parent
RICE = HERE.parent.parent / "forms" / "criteria" / "148-2023" / "148-2023-thuc-pham-gao-ngu-coc.json"
THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
BOLD = Font(bold=True, name="Times New Roman", size=12)
NORMAL = Font(name="Times New Roman", size=12)
GREY = PatternFill("solid", fgColor="D9D9D9")
FIXED_TIME = dt.datetime(2026, 11, 23, 8, 0, 0)


def _n(v: Any) -> int | float:
    d = Decimal(str(v))
    return int(d) if d == d.to_integral_value() else float(d)


def build(data: dict[str, Any], mutate: Callable[[list[list[Any]]], None] | None = None,
          merge_points_of: tuple[str, str] | None = None) -> Workbook:
    wb = Workbook()
    ws = wb.active
    ws.title = "Tiêu chí"
    titles = [
        "HỘI ĐỒNG ĐÁNH GIÁ, PHÂN HẠNG SẢN PHẨM OCOP CẤP HUYỆN",
        "PHIẾU ĐÁNH GIÁ SẢN PHẨM OCOP",
        f"Bộ sản phẩm: {data['product_set']} ({data['regulation']})",
    ]
    for i, t in enumerate(titles, start=1):
        ws.cell(row=i, column=1, value=t).font = BOLD if i < 3 else Font(italic=True, name="Times New Roman")
        ws.cell(row=i, column=1).alignment = Alignment(horizontal="center")
        ws.merge_cells(start_row=i, start_column=1, end_row=i, end_column=4)
    ws["A5"], ws["B5"], ws["C5"] = "Mã", "Nội dung đánh giá", "Điểm"
    ws["C6"], ws["D6"] = "Tối đa", "Chấm"
    ws.merge_cells("A5:A6")
    ws.merge_cells("B5:B6")
    ws.merge_cells("C5:D5")
    for row in ws["A5:D6"]:
        for c in row:
            c.font, c.border, c.fill = BOLD, BOX, GREY
            c.alignment = Alignment(horizontal="center", vertical="center")

    rows: list[list[Any]] = []
    for p in data["parts"]:
        rows.append([p["id"], p["title"], _n(p["max"]), None, "part"])
        for s in p["sections"]:
            rows.append([s["id"], s["title"], _n(s["max"]), None, "section"])
            for c in s["criteria"]:
                rows.append([c["id"], c["title"], _n(c["max"]), None, "criterion"])
                for o in c["options"]:
                    rows.append([o["id"], o["label"], None, _n(o["points"]), "option"])
    rows.append([None, "Tổng cộng", sum(_n(p["max"]) for p in data["parts"]), None, "part"])
    if mutate:
        mutate(rows)
    where: dict[str, int] = {}
    for i, (code, text, mx, pts, kind) in enumerate(rows, start=7):
        for col, value in enumerate((code, text, mx, pts), start=1):
            cell = ws.cell(row=i, column=col, value=value)
            cell.border = BOX
            cell.font = BOLD if kind in ("part", "section") else NORMAL
            cell.alignment = Alignment(wrap_text=True, vertical="top", indent=4 if kind == "option" and col == 2 else 0)
        if code:
            where[code] = i
    if merge_points_of:
        a, b = merge_points_of
        ws.merge_cells(start_row=where[a], start_column=4, end_row=where[b], end_column=4)
    ws.column_dimensions["A"].width = 9
    ws.column_dimensions["B"].width = 85
    ws.column_dimensions["C"].width = 9
    ws.column_dimensions["D"].width = 9

    ko = wb.create_sheet("Điều kiện loại")
    ko["A1"] = "CÁC TRƯỜNG HỢP HỒ SƠ BỊ LOẠI"
    ko.merge_cells("A1:B1")
    ko["A1"].font = BOLD
    ko["A3"], ko["B3"] = "Mã", "Điều kiện"
    for i, k in enumerate(data["knockouts"], start=4):
        ko.cell(row=i, column=1, value=k["id"])
        ko.cell(row=i, column=2, value=k["label"])

    st = wb.create_sheet("Điều kiện hạng sao")
    st["A1"] = "ĐIỀU KIỆN ĐỂ ĐẠT HẠNG SAO"
    st.merge_cells("A1:D1")
    st["A3"], st["B3"], st["C3"], st["D3"] = "Hạng sao", "Mã phần/mục/tiêu chí", "Điểm tối thiểu", "Nội dung"

    ab = wb.create_sheet("Thông tin bộ tiêu chí")
    ab["A1"] = "THÔNG TIN BỘ TIÊU CHÍ"
    ab.merge_cells("A1:C1")
    ab["A3"], ab["B3"], ab["C3"] = "Khóa", "Trường", "Giá trị"
    src = data["source"] or {}
    about = [
        ("id", "Mã bộ tiêu chí", data["id"]), ("title", "Tên phiếu", data["title"]),
        ("regulation", "Văn bản quy định", data["regulation"]), ("profile", "Hồ sơ quy định", data["profile"]),
        ("group_id", "Mã nhóm sản phẩm", data["group_id"]), ("group", "Nhóm sản phẩm", data["group"]),
        ("product_set", "Bộ sản phẩm", data["product_set"]),
        ("product_types", "Loại sản phẩm", "; ".join(data["product_types"])),
        ("status", "Trạng thái", data["status"]),
        # An officer's date cell: a real Excel date, not text.
        ("checked", "Ngày kiểm tra", dt.datetime.fromisoformat(data["checked"])),
        ("uncertain", "Điểm chưa chắc chắn", data["uncertain"]),
        ("source.decision", "Nguồn: quyết định", src.get("decision")),
        ("source.date", "Nguồn: ngày", src.get("date")),
        ("source.appendix", "Nguồn: phụ lục", src.get("appendix")),
        ("source.set_name", "Nguồn: tên bộ", src.get("set_name")),
    ]
    for i, (k, label, value) in enumerate(about, start=4):
        ab.cell(row=i, column=1, value=k)
        ab.cell(row=i, column=2, value=label)
        ab.cell(row=i, column=3, value=value)
    wb.properties.created = wb.properties.modified = FIXED_TIME
    wb.properties.creator = "Văn phòng Điều phối NTM"
    return wb


def _set(code: str, index: int, value: Any) -> Callable[[list[list[Any]]], None]:
    def mutate(rows: list[list[Any]]) -> None:
        for r in rows:
            if r[0] == code or (code == "TOTAL" and r[0] is None):
                r[index] = value
    return mutate


def _drop(code: str) -> Callable[[list[list[Any]]], None]:
    def mutate(rows: list[list[Any]]) -> None:
        rows[:] = [r for r in rows if r[0] != code]
    return mutate


def main() -> None:
    data = json.loads(RICE.read_text(encoding="utf-8"))
    build(data).save(HERE / "criteria_officer_rice.xlsx")
    build(data, _set("TOTAL", 2, 110)).save(HERE / "criteria_total_typo.xlsx")
    build(data, _set("A1a-3", 3, "5 điểm")).save(HERE / "criteria_text_points.xlsx")
    build(data, merge_points_of=("A1b-1", "A1b-2")).save(HERE / "criteria_merged_value.xlsx")
    build(data, _drop("A1c-4")).save(HERE / "criteria_missing_option.xlsx")


if __name__ == "__main__":
    main()
