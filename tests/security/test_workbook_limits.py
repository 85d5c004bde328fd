"""Workbooks are zips too: bounded before openpyxl sees them, XML read safely, hidden sheets refused."""

from __future__ import annotations

import struct
import tracemalloc
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from ocop_desk.errors import ImportRefused


def _product_list(store, tmp_path: Path) -> Path:  # type: ignore[no-untyped-def]
    from ocop_desk.workbooks import export_product_workbook

    return export_product_workbook(store, tmp_path / "products.xlsx")


def _rebuild(src: Path, dest: Path, replace: dict[str, bytes] | None = None, extra: int = 0,
             padding_mb: int = 0) -> Path:
    """A copy of the workbook with some parts replaced, `extra` tiny parts added, or a padded sheet."""
    replace = replace or {}
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            name = info.filename
            if padding_mb and name == "xl/worksheets/sheet1.xml":
                xml = zin.read(name)
                cut = xml.rindex(b"</worksheet>")
                big = zipfile.ZipInfo(name)
                big.compress_type = zipfile.ZIP_DEFLATED
                with zout.open(big, "w", force_zip64=True) as fh:
                    fh.write(xml[:cut])
                    block = b" " * (1 << 20)
                    for _ in range(padding_mb):
                        fh.write(block)
                    fh.write(xml[cut:])
                continue
            zout.writestr(info, replace.get(name, zin.read(name)), compress_type=zipfile.ZIP_DEFLATED,
                          compresslevel=9)
        for i in range(extra):
            zout.writestr(f"customXml/item{i}.xml", b"")
    return dest


def test_defusedxml_is_what_openpyxl_parses_with() -> None:
    import openpyxl

    assert openpyxl.DEFUSEDXML is True


def test_a_zip_bomb_workbook_is_refused_cheaply(store, demo, tmp_path, unchanged) -> None:
    from ocop_desk.workbooks import import_product_workbook

    bomb = _rebuild(_product_list(store, tmp_path), tmp_path / "bomb.xlsx", padding_mb=400)
    assert bomb.stat().st_size < 600_000, "a small file ..."
    tracemalloc.start()
    try:
        with unchanged(store), pytest.raises(ImportRefused) as caught:
            import_product_workbook(store, bomb)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert "xl/worksheets/sheet1.xml" in caught.value.one_line()
    assert peak < 64 << 20, f"... that would expand to 400 MB may not cost {peak >> 20} MB"


def test_too_many_parts_are_refused_before_the_directory_is_parsed(store, demo, tmp_path) -> None:
    from ocop_desk.excel.safe_open import WORKBOOK_LIMITS, bounded_copy

    many = _rebuild(_product_list(store, tmp_path), tmp_path / "many.xlsx", extra=WORKBOOK_LIMITS.max_entries + 1)
    with pytest.raises(ImportRefused, match="too many parts"):
        bounded_copy(many, ImportRefused)


def test_a_million_entries_claimed_by_zip64_are_refused_from_the_end_record(tmp_path) -> None:
    from ocop_desk.excel.safe_open import bounded_copy

    body = b"PK\x03\x04" + b"\0" * 100
    z64_at = len(body)
    z64 = b"PK\x06\x06" + struct.pack("<QHHIIQQQQ", 44, 45, 45, 0, 0, 10 ** 6, 10 ** 6, 46 * 10 ** 6, 0)
    locator = b"PK\x06\x07" + struct.pack("<IQI", 0, z64_at, 1)
    eocd = b"PK\x05\x06" + struct.pack("<HHHHIIH", 0, 0, 0xFFFF, 0xFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 0)
    path = tmp_path / "million.xlsx"
    path.write_bytes(body + z64 + locator + eocd)
    with pytest.raises(ImportRefused, match="1000000"):
        bounded_copy(path, ImportRefused)


def test_an_entity_expansion_bomb_is_refused(store, demo, tmp_path, unchanged) -> None:
    from ocop_desk.workbooks import import_product_workbook

    lol = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
           + b"".join(b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
                      for i in range(1, 10))
           + b']><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
             b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData></worksheet>')
    bad = _rebuild(_product_list(store, tmp_path), tmp_path / "lol.xlsx", replace={"xl/worksheets/sheet1.xml": lol})
    with unchanged(store), pytest.raises(ImportRefused) as caught:
        import_product_workbook(store, bad)
    assert caught.value.file == str(bad)
    chain, exc = [], caught.value.__cause__
    while exc is not None:
        chain.append(type(exc).__module__)
        exc = exc.__cause__ or exc.__context__
    assert any(m.startswith("defusedxml") for m in chain), chain


@pytest.mark.parametrize("state", ["hidden", "veryHidden"])
def test_a_hidden_product_sheet_in_a_member_workbook_is_refused(store, demo, tmp_path, unchanged, state) -> None:
    from ocop_desk.workbooks import export_member_template, import_member_workbook, template_info

    path = export_member_template(store, demo.session_id, "tv05", tmp_path / "t.xlsx")
    code = template_info(store, demo.session_id, "tv05").products[0].code
    wb = load_workbook(path)
    wb[code].sheet_state = state
    wb.active = wb.sheetnames.index("About")
    wb.save(path)
    with unchanged(store), pytest.raises(ImportRefused) as caught:
        import_member_workbook(store, path)
    assert code in [p.place for p in caught.value.problems], caught.value.lines()


def test_a_hidden_product_list_sheet_is_refused(store, demo, tmp_path, unchanged) -> None:
    from ocop_desk.workbooks import import_product_workbook

    path = _product_list(store, tmp_path)
    wb = load_workbook(path)
    wb.create_sheet("Ghi chú")
    wb.worksheets[0].sheet_state = "hidden"
    wb.active = 1
    wb.save(path)
    with unchanged(store), pytest.raises(ImportRefused) as caught:
        import_product_workbook(store, path)
    assert any("hidden" in p.message for p in caught.value.problems), caught.value.lines()


def test_a_merge_over_the_whole_sheet_is_refused_before_openpyxl_loads_it(store, demo, tmp_path, unchanged) -> None:
    from ocop_desk.workbooks import import_product_workbook

    src = _product_list(store, tmp_path)
    with zipfile.ZipFile(src) as z:
        xml = z.read("xl/worksheets/sheet1.xml")
    assert b"<mergeCells" not in xml or b"</mergeCells>" in xml
    merged = b'<mergeCells count="1"><mergeCell ref="A200:XFD1048576"/></mergeCells>'
    at = xml.index(b"</sheetData>") + len(b"</sheetData>")
    bad = _rebuild(src, tmp_path / "merge.xlsx", replace={"xl/worksheets/sheet1.xml": xml[:at] + merged + xml[at:]})
    with unchanged(store), pytest.raises(ImportRefused, match="cells"):
        import_product_workbook(store, bad)
