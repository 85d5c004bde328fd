"""Session summary workbook and product list workbook."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from ocop_desk.dossiers import export_products
from ocop_desk.errors import ImportRefused
from ocop_desk.excel.product_list import HEADER_ROW
from ocop_desk.excel.session_workbook import write_summary_workbook
from ocop_desk.printing.summary import MemberColumn, SummaryData, SummaryRow
from ocop_desk.printing.values import CouncilInfo
from ocop_desk.store.engine import open_store
from ocop_desk.workbooks import export_product_workbook, import_product_workbook


def _summary() -> SummaryData:
    members = (MemberColumn("tv01", "Hoàng Thị Lụa"), MemberColumn("tv02", "Nông Văn Tâm"),
               MemberColumn("tv03", "Lý Thị Mai"))
    rows = (SummaryRow("06-065-001-2026", "Gạo Bao Thai Yên Đĩnh", "HTX Yên Đĩnh",
                       {"tv01": Decimal("72.5"), "tv02": Decimal(70), "tv03": "conflict"},
                       Decimal("71.25"), 4, "ranked", ("chênh lệch 18 điểm",)),
            SummaryRow("06-065-002-2026", "Miến dong Côn Minh", "Hộ Nguyễn Văn Thành",
                       {}, None, None, "knocked_out"))
    return SummaryData(CouncilInfo(council="Hội đồng đánh giá, phân hạng sản phẩm OCOP huyện Chợ Mới"),
                       "2026-CM-01", dt.date(2026, 9, 15), "Chợ Mới", members, rows)


def test_summary_workbook_numbers_are_numbers(tmp_path: Path) -> None:
    path = write_summary_workbook(tmp_path / "summary.xlsx", _summary())
    wb = load_workbook(path)
    ws = wb.active
    assert ws.title == "Tổng hợp"
    headers = [c.value for c in ws[4]]
    assert headers[:4] == ["TT", "Mã sản phẩm", "Sản phẩm", "Chủ thể"]
    assert "Hoàng Thị Lụa" in headers and "Điểm TB" in headers and "Hạng sao" in headers
    assert ws.freeze_panes == "A5"
    assert ws.auto_filter.ref == "A4:K6"
    row = [c.value for c in ws[5]]
    assert row[1] == "06-065-001-2026" and row[2] == "Gạo Bao Thai Yên Đĩnh"
    assert isinstance(row[4], (int, float)) and Decimal(str(row[4])) == Decimal("72.5")
    assert row[5] == 70
    assert row[6] == "xung đột lợi ích"
    assert Decimal(str(row[7])) == Decimal("71.25") and row[8] == 4
    assert row[9] == "đã xếp hạng"
    assert [c.value for c in ws[6]][9] == "bị loại"
    assert "BẢNG TỔNG HỢP" in ws["A1"].value


def test_product_list_round_trip(tmp_path: Path, store, demo, tmp_store_url: str) -> None:
    path = export_product_workbook(store, tmp_path / "products.xlsx")
    other = open_store("sqlite:///" + (tmp_path / "other.sqlite3").as_posix())
    try:
        assert import_product_workbook(other, path) == len(export_products(store)["products"])
        assert export_products(other) == export_products(store)
    finally:
        other.dispose()


@pytest.mark.parametrize("col, value, words", [
    ("C", "2026 năm", ("số", "number")),
    ("G", "XYZ", ("XYZ", "DN")),
    ("A", None, ("",)),
])
def test_product_list_problems_name_the_cell(tmp_path: Path, store, demo, take_snapshot, col: str,
                                             value: str | None, words: tuple[str, ...]) -> None:
    path = export_product_workbook(store, tmp_path / "products.xlsx")
    wb = load_workbook(path)
    ws = wb.active
    row = HEADER_ROW + 2
    ws[f"{col}{row}"].value = value
    ws[f"B{row}"].value = "Tên mới có dấu: Miến dong Côn Minh"
    wb.save(path)
    before = take_snapshot(store)
    with pytest.raises(ImportRefused) as caught:
        import_product_workbook(store, path)
    places = [p.place for p in caught.value.problems] + [caught.value.place]
    assert f"{ws.title}!{col}{row}" in places, caught.value.lines()
    assert any(w in " ".join(caught.value.lines()) for w in words)
    assert take_snapshot(store) == before
