"""Print jobs over a real store (the demo session) and the `print` / `excel` commands."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from printing_proof import pdf_fonts, pdf_pages, pdf_text, pdf_text_flat

from ocop_desk import print_jobs as jobs
from ocop_desk.printing.member_sheet import scorecard_digest
from ocop_desk.sessions import get_session, session_choices


def test_blank_sheets_one_per_agenda_product(tmp_path: Path, store, demo) -> None:
    done: list[tuple[int, int]] = []
    outcome = jobs.print_session(store, demo.session_id, "blank", tmp_path,
                                 progress=lambda d, t: done.append((d, t)))
    detail = get_session(store, demo.session_id)
    assert outcome.path == tmp_path / f"{demo.session_id}-blank.pdf"
    assert outcome.items == len(detail.items)
    assert outcome.pages == pdf_pages(outcome.path)
    assert done[-1] == (len(detail.items), len(detail.items))
    flat = pdf_text_flat(outcome.path)
    assert detail.council.name.upper() in flat
    for item in detail.items:
        assert item.product_code in flat
        assert all(word in flat for word in item.product_name.split())
    assert all(f.embedded for f in pdf_fonts(outcome.path))


def test_filled_sheets_carry_each_scorecard_and_its_digest(tmp_path: Path, store, demo) -> None:
    ticks: list[tuple[int, int]] = []
    outcome = jobs.print_session(store, demo.session_id, "sheets", tmp_path,
                                 progress=lambda d, t: ticks.append((d, t)))
    choices = session_choices(store, demo.session_id)
    detail = get_session(store, demo.session_id)
    cards = [(p, m) for (p, m), picked in choices.items() if picked]
    assert outcome.items == len(cards)
    assert ticks[-1] == (len(cards), len(cards))
    flat = pdf_text_flat(outcome.path)
    for product, member in cards[:5]:
        item = detail.item(product)
        digest = scorecard_digest(session=demo.session_id, product=product, member=member,
                                  criteria_set_hash=item.criteria_set_hash, choices=choices[(product, member)])
        assert digest in flat


def test_one_members_sheets_only(tmp_path: Path, store, demo) -> None:
    member = get_session(store, demo.session_id).members[0]
    outcome = jobs.print_session(store, demo.session_id, "sheets", tmp_path, member=member.code)
    text = pdf_text(outcome.path, first=1, last=outcome.pages)
    assert member.name in text
    others = [m.name for m in get_session(store, demo.session_id).members[1:]]
    assert not any(f"— {name}" in text for name in others)


def test_cancel_leaves_no_file(tmp_path: Path, store, demo) -> None:
    calls = {"n": 0}

    def cancelled() -> bool:
        calls["n"] += 1
        return calls["n"] > 3

    out = tmp_path / "pdf"
    with pytest.raises(jobs.PrintCancelled):
        jobs.print_session(store, demo.session_id, "sheets", out, cancelled=cancelled)
    assert list(out.iterdir()) == []


def test_print_command(tmp_path: Path, store, demo, run_cli, tmp_store_url: str) -> None:
    code, out, err = run_cli("--db", tmp_store_url, "print", demo.session_id, "--what", "blank",
                             "--out", str(tmp_path / "pdf"))
    assert code == 0, err
    pdf = tmp_path / "pdf" / f"{demo.session_id}-blank.pdf"
    assert pdf.is_file() and str(pdf) in out and "trang" in out
    code, out, err = run_cli("--db", tmp_store_url, "print", "--criteria-set",
                             "148-2023-thuc-pham-gao-ngu-coc", "--what", "blank", "--out", str(tmp_path))
    assert code == 0, err
    assert "Gạo, ngũ cốc" in pdf_text_flat(tmp_path / "148-2023-thuc-pham-gao-ngu-coc-blank.pdf")
    code, out, err = run_cli("--db", tmp_store_url, "print", "NO-SUCH", "--what", "blank", "--out",
                             str(tmp_path))
    assert code != 0 and "NO-SUCH" in err


def test_excel_commands_round_trip(tmp_path: Path, store, demo, run_cli, tmp_store_url: str) -> None:
    from ocop_desk.excel.member_workbook import COL_CHOICE, COL_CODE, HEADER_ROW, option_display
    from ocop_desk.workbooks import template_info
    from ocop_desk.sessions import load_scorecard

    member = "tv05"
    path = tmp_path / "t.xlsx"
    code, out, err = run_cli("--db", tmp_store_url, "excel", "export", "template", demo.session_id,
                             "--member", member, "--out", str(path))
    assert code == 0, err
    info = template_info(store, demo.session_id, member)
    product = info.products[-1]
    wb = load_workbook(path)
    ws = wb[product.code]
    picks = {}
    for r in range(HEADER_ROW + 1, ws.max_row + 1):
        crit = product.criteria_set.criterion(ws.cell(r, COL_CODE).value or "")
        if crit:
            ws.cell(r, COL_CHOICE).value = option_display(crit)[crit.options[-1].id]
            picks[crit.id] = crit.options[-1].id
    wb.save(path)
    code, out, err = run_cli("--db", tmp_store_url, "excel", "import", "scores", str(path))
    assert code == 0, err
    assert dict(load_scorecard(store, demo.session_id, product.code, member).choices) == picks
    code, out, err = run_cli("--db", tmp_store_url, "excel", "export", "products", "--out",
                             str(tmp_path / "p.xlsx"))
    assert code == 0 and (tmp_path / "p.xlsx").is_file(), err


def test_blank_sheets_for_one_member_leave_out_their_conflicts(tmp_path: Path, store, demo) -> None:
    detail = get_session(store, demo.session_id)
    item = next(it for it in detail.items if it.conflicts)
    member = next(m for m in detail.members if m.code == item.conflicts[0])
    outcome = jobs.print_session(store, demo.session_id, "blank", tmp_path, member=member.code)
    assert outcome.items == len(detail.items) - 1
    flat = pdf_text_flat(outcome.path)
    assert member.name in flat
    assert item.product_code not in flat


def test_templates_for_every_member_into_a_folder(tmp_path: Path, store, demo, run_cli,
                                                  tmp_store_url: str) -> None:
    code, out, err = run_cli("--db", tmp_store_url, "excel", "export", "template", demo.session_id,
                             "--out", str(tmp_path / "tpl"))
    assert code == 0, err
    members = get_session(store, demo.session_id).members
    assert sorted(p.name for p in (tmp_path / "tpl").iterdir()) == sorted(
        f"{demo.session_id}-{m.code}.xlsx" for m in members)
