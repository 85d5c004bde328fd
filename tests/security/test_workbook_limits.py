"""Workbooks are zips too: bounded before openpyxl sees them, XML read safely, hidden sheets, rows and columns refused."""

from __future__ import annotations

import re
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


def _member_choice_in(store, demo, tmp_path: Path, hide: str) -> tuple[Path, str]:  # type: ignore[no-untyped-def]
    """A tv05 workbook with one valid choice, on a product tv05 has not scored, then hidden as `hide` says."""
    from ocop_desk.excel.member_workbook import COL_CHOICE, COL_CODE, HEADER_ROW, option_display
    from ocop_desk.sessions import load_scorecard
    from ocop_desk.workbooks import export_member_template, template_info

    path = export_member_template(store, demo.session_id, "tv05", tmp_path / f"t-{hide}.xlsx")
    product = next(p for p in template_info(store, demo.session_id, "tv05").products
                   if not load_scorecard(store, demo.session_id, p.code, "tv05").choices)
    crit = next(product.criteria_set.criteria())
    wb = load_workbook(path)
    ws = wb[product.code]
    row = next(r for r in range(HEADER_ROW + 1, ws.max_row + 1) if ws.cell(r, COL_CODE).value == crit.id)
    ws.cell(row, COL_CHOICE).value = option_display(crit)[crit.options[0].id]
    if hide == "row":
        ws.row_dimensions[row].hidden = True
    elif hide == "outline":
        ws.row_dimensions.group(row, row + 1, outline_level=1, hidden=True)
    elif hide == "column":
        ws.column_dimensions.group("C", "E", hidden=True)
    wb.save(path)
    if hide in ("zero-height", "zero-width", "rows-hidden-by-default"):
        _edit_sheet_xml(path, product.code, hide, row)
    return path, f"{product.code}!D{row}"


def _edit_sheet_xml(path: Path, sheet: str, how: str, row: int) -> None:
    """What openpyxl will not write but Excel shows as nothing: a zero height or width, rows hidden by default."""
    wb = load_workbook(path)
    part = f"xl/worksheets/sheet{wb.sheetnames.index(sheet) + 1}.xml"
    with zipfile.ZipFile(path) as zin:
        xml = original = zin.read(part).decode()
    if how == "zero-height":
        xml = re.sub(rf'<row r="{row}"( ht="[^"]*")?( customHeight="1")?', f'<row r="{row}" ht="0" customHeight="1"',
                     xml, count=1)
    elif how == "zero-width":
        xml = re.sub(r'<col ([^>]*)min="4" max="4"', '<col min="4" max="4"', xml, count=1)
        xml = xml.replace('<col min="4" max="4"', '<col width="0" customWidth="1" min="4" max="4"', 1)
    else:
        xml = re.sub(r"<sheetFormatPr ", '<sheetFormatPr zeroHeight="1" ', xml, count=1)
    assert xml != original, f"the {how} edit found nothing to change in {part}"
    _rebuild(path, path.with_suffix(".edited.xlsx"), replace={part: xml.encode()}).replace(path)


@pytest.mark.parametrize("hide", ["row", "outline", "column", "zero-height", "zero-width", "rows-hidden-by-default"])
def test_a_choice_in_a_hidden_row_or_column_is_refused(store, demo, tmp_path, unchanged, hide) -> None:
    from ocop_desk.workbooks import import_member_workbook

    path, where = _member_choice_in(store, demo, tmp_path, hide)
    with unchanged(store), pytest.raises(ImportRefused) as caught:
        import_member_workbook(store, path)
    assert [p.place for p in caught.value.problems] == [where], caught.value.lines()
    assert "hidden row or column" in caught.value.problems[0].message


def test_the_same_choice_in_view_is_imported(store, demo, tmp_path) -> None:
    from ocop_desk.workbooks import import_member_workbook

    path, _ = _member_choice_in(store, demo, tmp_path, "none")
    assert import_member_workbook(store, path).choices == 1


def test_a_product_in_a_hidden_row_of_the_product_list_is_refused(store, demo, tmp_path, unchanged) -> None:
    from ocop_desk.excel.product_list import HEADER_ROW
    from ocop_desk.workbooks import import_product_workbook

    path = _product_list(store, tmp_path)
    wb = load_workbook(path)
    ws = wb.worksheets[0]
    ws.row_dimensions[HEADER_ROW + 2].hidden = True
    wb.save(path)
    with unchanged(store), pytest.raises(ImportRefused) as caught:
        import_product_workbook(store, path)
    assert [p.place for p in caught.value.problems] == [f"{ws.title}!A{HEADER_ROW + 2}"], caught.value.lines()


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
