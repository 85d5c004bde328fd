"""Every refused import leaves every table unchanged, the audit log and its head included."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from ocop_desk.errors import ImportRefused, OcopError
from ocop_desk.interchange import import_session


def _write(path: Path, data: object) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def _demo_file(store, tmp_path: Path, name: str = "s.json") -> tuple[dict, Path]:  # type: ignore[no-untyped-def]
    from ocop_desk.demo import demo_data

    data = demo_data(store, products=4, members=5, seed=3)
    data["session"]["id"] = "PHIEN-2"
    return data, tmp_path / name


@pytest.mark.parametrize("spoil", [
    lambda d: d["members"][0].update(id=" tv01"),
    lambda d: d["members"][0].update(id="tv/01"),
    lambda d: d["session"].update(id="../../etc"),
    lambda d: d["session"].update(id="S\u202e1"),
    lambda d: d["products"][0].update(code="x" * 41),
    lambda d: d["council"].update(name="H" * 301),
    lambda d: d["scorecards"][0]["choices"].update({"nope": "a"}),
    lambda d: d["session"]["present"].append({"id": "tv01"}),
    lambda d: d["products"][0]["conflicts"].append(["tv01"]),
], ids=["blank-id", "slash-id", "dotdot-session", "bidi-session", "long-code", "long-name", "bad-criterion",
        "object-in-present", "list-in-conflicts"])
def test_a_refused_session_file_changes_nothing(store, demo, tmp_path, unchanged, spoil) -> None:
    data, path = _demo_file(store, tmp_path)
    spoil(data)
    _write(path, data)
    with unchanged(store), pytest.raises(ImportRefused) as caught:
        import_session(store, path)
    assert caught.value.file == str(path) and caught.value.problems


def test_names_are_cleaned_not_refused(store, tmp_path) -> None:
    from ocop_desk.sessions import get_session

    data, path = _demo_file(store, tmp_path)
    data["members"][0]["name"] = "Nguyễn\x00 Văn\u202e\tA "
    data["products"][0]["name"] = "Gạo\r\nséng cù"
    import_session(store, _write(path, data))
    detail = get_session(store, "PHIEN-2")
    assert detail.member(data["members"][0]["id"]).name == "Nguyễn Văn A"
    assert detail.item(data["products"][0]["code"]).product_name == "Gạo séng cù"


def test_a_refused_product_list_changes_nothing(store, demo, unchanged) -> None:
    from ocop_desk.dossiers import export_products, import_products

    data = export_products(store)
    data["products"][0]["code"] = "06/065"
    data["products"][1]["producer"]["phone"] = 12345
    data["products"][2]["year"] = 10 ** 30
    with unchanged(store), pytest.raises(ImportRefused) as caught:
        import_products(store, data, file="products.json")
    places = {p.place for p in caught.value.problems}
    assert {"products[0].code", "products[1].producer.phone", "products[2].year"} <= places


def test_a_refused_product_workbook_changes_nothing(store, demo, tmp_path, unchanged) -> None:
    from ocop_desk.workbooks import export_product_workbook, import_product_workbook

    path = export_product_workbook(store, tmp_path / "p.xlsx")
    wb = load_workbook(path)
    ws = wb.worksheets[0]
    ws.cell(ws.max_row, 1).value = "..\\..\\x"
    wb.save(path)
    with unchanged(store), pytest.raises(ImportRefused) as caught:
        import_product_workbook(store, path)
    assert caught.value.file == str(path)
    assert any("!" in p.place for p in caught.value.problems), caught.value.lines()


def test_a_refused_member_workbook_changes_nothing(store, demo, tmp_path, unchanged) -> None:
    from ocop_desk.workbooks import export_member_template, import_member_workbook, template_info

    path = export_member_template(store, demo.session_id, "tv05", tmp_path / "t.xlsx")
    info = template_info(store, demo.session_id, "tv05")
    wb = load_workbook(path)
    from ocop_desk.excel.member_workbook import COL_CHOICE, COL_CODE, HEADER_ROW

    product = info.products[-1]
    ws = wb[product.code]
    first = next(product.criteria_set.criteria()).id
    row = next(r for r in range(HEADER_ROW + 1, ws.max_row + 1) if ws.cell(r, COL_CODE).value == first)
    ws.cell(row, COL_CHOICE).value = "không có mức này"
    wb.save(path)
    with unchanged(store), pytest.raises(ImportRefused):
        import_member_workbook(store, path)


def test_a_refused_dossier_package_changes_nothing(tmp_path) -> None:
    """Evidence for a criterion the dossier's set lacks: the producer and product are not written either."""
    from ocop_desk.bundles import trust
    from ocop_desk.exchange.dossier_packages import import_dossier_package
    from ocop_desk.bundles.envelope import Issuer, build_manifest, write_envelope
    from ocop_desk.canonical import canonical_json
    from ocop_desk.store.engine import open_store
    from tests.bundles.bundle_helpers import make_party
    from tests.core_fixtures import snapshot

    officer = make_party("member", "can-bo-xa", "02089")
    t, _e = trust.add_key(trust.load_trust(tmp_path / "trust.json"), officer.stored.public)
    content = b"%PDF-1.4 evidence"
    doc = {"format": "ocop-desk/dossier-package@1",
           "producer": {"name": "Tổ hợp tác Miến dong", "kind": "THT", "commune": "Xã Côn Minh",
                        "address": "", "phone": ""},
           "product": {"code": "06-066-003-2026", "name": "Miến dong Côn Minh", "year": 2026,
                       "stage": "evaluation", "criteria_set": None, "criteria_set_hash": None},
           "evidence": [{"path": "evidence/a.pdf", "name": "a.pdf", "sha256": hashlib.sha256(content).hexdigest(),
                         "size": len(content), "kind": None, "criterion_id": "A1.9"}]}
    payload = {"dossier.json": canonical_json(doc), "evidence/a.pdf": content}
    manifest = build_manifest("dossier-package", Issuer("02089", "can-bo-xa", officer.signer.key_id), payload)
    out = tmp_path / "pkg.ocop"
    write_envelope(out, manifest, payload, [officer.signer])
    district = open_store(f"sqlite:///{tmp_path / 'huyen.sqlite3'}")
    before = snapshot(district)
    with pytest.raises(OcopError) as caught:
        import_dossier_package(district, out, t)
    # refused at the criterion, or earlier because the key's unit cannot speak for this product
    assert "A1.9" in caught.value.one_line() or "does not belong to admin unit" in caught.value.one_line()
    assert snapshot(district) == before
