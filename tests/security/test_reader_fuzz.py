"""Structure-aware fuzzing of the session file, product list and member workbook readers.

Each case starts from a valid input and breaks it where a careless user or an
attacker would: a value of another JSON type, text with control and bidi
characters, numbers of thousands of digits, deep nesting, a missing or
duplicated key; in workbooks, formulas, numbers, dates, booleans, over-long
and invisible text in any cell a reader looks at.  The only outcomes allowed:
accepted, or an OcopError with a one-line message naming the file, and then
every table unchanged.

Cases per reader: OCOP_DESK_FUZZ_EXAMPLES (default 60; `OCOP_DESK_FUZZ_EXAMPLES=10000`
for a local campaign).  CI replays the same cases every run (the "ci" profile
in tests/conftest.py is derandomized).
"""

from __future__ import annotations

import copy
import json
import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from openpyxl.utils.exceptions import IllegalCharacterError

from ocop_desk.errors import OcopError
from tests.core_fixtures import snapshot

# What openpyxl refuses to put in a cell (illegal characters, a merged cell): never written, never read.
_UNSETTABLE = (ValueError, TypeError, AttributeError, IllegalCharacterError)
EXAMPLES = int(os.environ.get("OCOP_DESK_FUZZ_EXAMPLES", "60"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.function_scoped_fixture])

NASTY_CHARS = ["\x00", "\x07", "\x1b", "\u202e", "\u2066", "\u200b", "\ufeff", "\ud800", "/", "\\", "..", " ",
               "\n", "=", "'", '"', "Đ", "ệ", "\u0301"]
text = st.one_of(
    st.text(max_size=20),
    st.lists(st.sampled_from(NASTY_CHARS + ["a", "tv01", "-"]), max_size=12).map("".join),
    st.integers(min_value=1, max_value=400).map(lambda n: "Đ" * n),
)
scalar = st.one_of(st.none(), st.booleans(), st.integers(), st.integers(min_value=10 ** 30, max_value=10 ** 40),
                   st.floats(allow_nan=True, allow_infinity=True), text)
json_value = st.recursive(scalar, lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                          st.dictionaries(text, inner, max_size=3)), max_leaves=8)


def _paths(value: Any, at: tuple = ()) -> list[tuple]:
    out = [at]
    if isinstance(value, dict):
        for k, v in value.items():
            out += _paths(v, at + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value[:2]):
            out += _paths(v, at + (i,))
    return out


def _mutate(data: Any, at: tuple, how: str, value: Any) -> Any:
    if not at:
        return value if how == "set" else data
    parent = data
    for k in at[:-1]:
        parent = parent[k]
    key = at[-1]
    if how == "set":
        parent[key] = value
    elif how == "delete":
        del parent[key]
    elif how == "wrap":
        parent[key] = [parent[key]] * 2 if isinstance(parent, list) else {"x": parent[key]}
    return data


@pytest.fixture(scope="module")
def fuzz_store(tmp_path_factory):  # type: ignore[no-untyped-def]
    from ocop_desk.demo import create_demo
    from ocop_desk.i18n import set_language
    from ocop_desk.store.engine import open_store

    set_language("en")
    root = tmp_path_factory.mktemp("fuzz")
    store = open_store(f"sqlite:///{root / 'fuzz.sqlite3'}")
    demo = create_demo(store, products=3, members=5, seed=6)
    yield store, demo, root
    store.dispose()


def _refused_cleanly(store, exc: OcopError, file: str, before) -> None:  # type: ignore[no-untyped-def]
    line = exc.one_line()
    assert line and file in line, line
    assert snapshot(store) == before, f"refused but changed the store: {line}"


# ------------------------------------------------------------------ session file


@pytest.fixture(scope="module")
def session_base(fuzz_store):  # type: ignore[no-untyped-def]
    from ocop_desk.demo import demo_data

    store, _demo, _root = fuzz_store
    data = demo_data(store, products=2, members=3, seed=8)
    data["session"]["id"] = "FUZZ-1"
    data["scorecards"] = data["scorecards"][:2]
    for sc in data["scorecards"]:
        sc["choices"] = dict(list(sc["choices"].items())[:3])
    return data, _paths(data)


@FUZZ
@given(st.data())
def test_fuzz_session_file(fuzz_store, session_base, data) -> None:
    from ocop_desk.interchange import import_session

    store, _demo, root = fuzz_store
    base, paths = session_base
    doc = copy.deepcopy(base)
    for _ in range(data.draw(st.integers(1, 3))):
        live = [p for p in paths if _exists(doc, p)]
        at = data.draw(st.sampled_from(live))
        how = data.draw(st.sampled_from(["set", "set", "delete", "wrap"]))
        doc = _mutate(doc, at, how, data.draw(json_value))
    raw = json.dumps(doc, ensure_ascii=data.draw(st.booleans())).encode("utf-8", "surrogatepass")
    if data.draw(st.integers(0, 9)) == 0:
        depth = data.draw(st.integers(1, 50_000))
        raw = b"[" * depth + raw + b"]" * depth
    path = root / "fuzz-session.json"
    path.write_bytes(raw)
    before = snapshot(store)
    try:
        import_session(store, path)
    except OcopError as exc:
        _refused_cleanly(store, exc, str(path), before)


def _exists(doc: Any, at: tuple) -> bool:
    for k in at:
        try:
            doc = doc[k]
        except (KeyError, IndexError, TypeError):
            return False
    return True


# ------------------------------------------------------------------ product list (workbook)

cell_value = st.one_of(st.none(), text, st.integers(-10 ** 6, 10 ** 6), st.floats(allow_nan=False, width=32),
                       st.booleans(), st.sampled_from(["=1+1", "=A1", "2026", "HTX", "DN", "evaluation", "06-065-001-2026"]),
                       st.dates())


@pytest.fixture(scope="module")
def product_book(fuzz_store):  # type: ignore[no-untyped-def]
    from ocop_desk.workbooks import export_product_workbook

    store, _demo, root = fuzz_store
    path = export_product_workbook(store, root / "products-base.xlsx")
    return path.read_bytes()


@FUZZ
@given(st.data())
def test_fuzz_product_list_workbook(fuzz_store, product_book, data) -> None:
    from io import BytesIO

    from openpyxl import load_workbook

    from ocop_desk.workbooks import import_product_workbook

    store, _demo, root = fuzz_store
    wb = load_workbook(BytesIO(product_book))
    ws = wb.worksheets[0]
    for _ in range(data.draw(st.integers(1, 6))):
        row = data.draw(st.integers(1, ws.max_row + 2))
        col = data.draw(st.integers(1, ws.max_column + 1))
        value = data.draw(cell_value)
        try:
            ws.cell(row, col).value = value
        except _UNSETTABLE:  # openpyxl itself refuses to hold it: nothing to read back
            continue
    if data.draw(st.integers(0, 9)) == 0:
        ws.sheet_state = "hidden"
        wb.create_sheet("visible")
        wb.active = 1
    path = root / "fuzz-products.xlsx"
    try:
        wb.save(path)
    except UnicodeEncodeError:  # a lone surrogate no spreadsheet program can write either
        return
    before = snapshot(store)
    try:
        import_product_workbook(store, path)
    except OcopError as exc:
        _refused_cleanly(store, exc, str(path), before)


# ------------------------------------------------------------------ member workbook


@pytest.fixture(scope="module")
def member_book(fuzz_store):  # type: ignore[no-untyped-def]
    from ocop_desk.workbooks import export_member_template, template_info

    store, demo, root = fuzz_store
    path = export_member_template(store, demo.session_id, "tv04", root / "member-base.xlsx")
    info = template_info(store, demo.session_id, "tv04")
    labels = [label for p in info.products for c in p.criteria_set.criteria()
              for label in __import__("ocop_desk.excel.member_workbook", fromlist=["x"]).option_display(c).values()]
    return path.read_bytes(), [p.code[:31] for p in info.products], labels


@FUZZ
@given(st.data())
def test_fuzz_member_workbook(fuzz_store, member_book, data) -> None:
    from io import BytesIO

    from openpyxl import load_workbook

    from ocop_desk.excel.member_workbook import ABOUT_SHEET, COL_CHOICE, COL_NOTE, HEADER_ROW
    from ocop_desk.workbooks import import_member_workbook

    store, demo, root = fuzz_store
    raw, sheets, labels = member_book
    wb = load_workbook(BytesIO(raw))
    for _ in range(data.draw(st.integers(1, 8))):
        name = data.draw(st.sampled_from(sheets + [ABOUT_SHEET]))
        ws = wb[name]
        if name == ABOUT_SHEET:
            row, col = data.draw(st.integers(1, ws.max_row + 1)), data.draw(st.integers(1, 3))
        else:
            row = data.draw(st.integers(HEADER_ROW, ws.max_row + 1))
            col = data.draw(st.sampled_from([COL_CHOICE, COL_CHOICE, COL_NOTE, 1]))
        value = data.draw(st.one_of(cell_value, st.sampled_from(labels)))
        try:
            ws.cell(row, col).value = value
        except _UNSETTABLE:
            continue
    if data.draw(st.integers(0, 9)) == 0:
        wb[data.draw(st.sampled_from(sheets))].sheet_state = data.draw(st.sampled_from(["hidden", "veryHidden"]))
        wb.active = wb.sheetnames.index(ABOUT_SHEET)
    path = root / "fuzz-member.xlsx"
    try:
        wb.save(path)
    except UnicodeEncodeError:  # a lone surrogate no spreadsheet program can write either
        return
    before = snapshot(store)
    try:
        import_member_workbook(store, path)
    except OcopError as exc:
        _refused_cleanly(store, exc, str(path), before)
