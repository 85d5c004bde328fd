"""Producers, products, dossiers and evidence files."""

from __future__ import annotations

import pytest

from ocop_desk.dossiers import (
    attach_evidence,
    get_product,
    list_products,
    save_producer,
    save_product,
    verify_evidence,
)
from ocop_desk.errors import ImportRefused, NotFound


def test_register_product_with_evidence(store, tmp_path):
    pid = save_producer(store, "Hợp tác xã Nông nghiệp Thanh Mai", "HTX", "Xã Thanh Mai", phone="0209 3870 123")
    info = save_product(store, "06-065-101-2026", "Miến dong Thanh Mai", pid, year=2026,
                        criteria_set_ref="148-2023-thuc-pham-gao-ngu-coc")
    assert info.group_id == "thuc-pham" and info.criteria_set_id == "148-2023-thuc-pham-gao-ngu-coc"
    f = tmp_path / "Giấy chứng nhận ATTP.pdf"
    f.write_bytes(b"%PDF-1.4 chung nhan")
    ev = attach_evidence(store, "06-065-101-2026", f, kind="food_safety")
    f.write_bytes(b"changed afterwards on the stick")
    product = get_product(store, "06-065-101-2026")
    assert [e.original_name for e in product.evidence] == ["Giấy chứng nhận ATTP.pdf"]
    assert product.evidence[0].path.read_bytes() == b"%PDF-1.4 chung nhan"
    assert verify_evidence(store, "06-065-101-2026") == [(product.evidence[0], True)]
    ev.path.write_bytes(b"tampered")
    assert verify_evidence(store, "06-065-101-2026")[0][1] is False


def test_search_and_filter(store):
    a = save_producer(store, "Hộ kinh doanh Nông Văn Sơn", "HO", "Xã Yên Đĩnh")
    b = save_producer(store, "Công ty TNHH Trà Shan", "DN", "Xã Như Cố")
    save_product(store, "06-065-201-2026", "Mật ong bạc hà", a, year=2026,
                 criteria_set_ref="148-2023-thuc-pham-gao-ngu-coc")
    save_product(store, "06-065-202-2026", "Trà Shan tuyết Như Cố", b, year=2026,
                 criteria_set_ref="148-2023-do-uong-khong-con", stage="registration")
    assert [p.code for p in list_products(store, search="shan")] == ["06-065-202-2026"]
    assert [p.code for p in list_products(store, search="Yên Đĩnh")] == ["06-065-201-2026"]
    assert [p.code for p in list_products(store, group_id="do-uong")] == ["06-065-202-2026"]
    assert [p.code for p in list_products(store, stage="registration")] == ["06-065-202-2026"]


def test_bad_input_refused(store, tmp_path):
    with pytest.raises(ImportRefused):
        save_producer(store, "  ", "HTX")
    with pytest.raises(ImportRefused):
        save_producer(store, "Tổ hợp tác", "XX")
    pid = save_producer(store, "Tổ hợp tác Mây tre", "THT", "Xã Cao Kỳ")
    with pytest.raises(NotFound):
        save_product(store, "06-065-301-2026", "Giỏ mây", pid, year=2026, criteria_set_ref="khong-co")
    with pytest.raises(ImportRefused) as info:
        attach_evidence(store, "06-065-301-2026", tmp_path / "không-có.pdf")
    assert "không-có.pdf" in info.value.one_line()


def test_sets_offered_follow_the_council_profile(store):
    from ocop_desk.catalogue import list_criteria_sets

    sets = list_criteria_sets(store, profile="148-2023")
    assert sets and all(s.profile == "148-2023" for s in sets)
    assert all(s.group_id == "do-uong" for s in list_criteria_sets(store, profile="148-2023", group_id="do-uong"))


def test_product_list_round_trip_and_refusal(store, tmp_path, take_snapshot):
    from ocop_desk.dossiers import export_products, import_products

    pid = save_producer(store, "Hợp tác xã Bình Văn", "HTX", "Xã Bình Văn")
    save_product(store, "06-065-401-2026", "Bánh gio Bình Văn", pid, year=2026,
                 criteria_set_ref="148-2023-thuc-pham-gao-ngu-coc")
    data = export_products(store)
    data["products"].append({**data["products"][0], "code": "06-065-402-2026", "name": "Bún khô Bình Văn"})
    assert import_products(store, data) == 2
    assert [p.code for p in list_products(store)] == ["06-065-401-2026", "06-065-402-2026"]
    bad = export_products(store)
    bad["products"][1]["producer"]["kind"] = "??"
    bad["products"][0]["year"] = "2026"
    before = take_snapshot(store)
    with pytest.raises(ImportRefused) as info:
        import_products(store, bad, file="danh-sách.json")
    assert {p.place for p in info.value.problems} == {"products[1].producer.kind", "products[0].year"}
    assert take_snapshot(store) == before


def test_product_type_picks_the_set_of_the_council_regulation(store):
    from ocop_desk.catalogue import product_type_choices

    choices = product_type_choices(store, "148-2023")
    assert choices and all(c.set_id.startswith("148-2023-") for c in choices)
    assert len({c.set_id for c in choices}) == len(choices)
    assert not any("reconstructed" in c.set_id or c.set_id.count("-") < 3 for c in choices)
    by_type = {c.product_type: c.set_id for c in product_type_choices(store, "148-2023", group_id="do-uong")}
    assert by_type["Rượu trắng"] == "148-2023-14-ruou-trang"
    assert by_type["Đồ uống không cồn khác"] == "148-2023-17-do-uong-khong-con-khac"
    assert "148-2023-do-uong-co-con" not in by_type.values()  # reconstructed: readable, not offered
    assert all(c.set_id.startswith("1048-2019-") for c in product_type_choices(store, "1048-2019"))
