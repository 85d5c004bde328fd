"""Results, council/session, dossiers, criteria sets and settings, driven through their widgets."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog, QMessageBox

from ocop_desk import dossiers, results, sessions
from ocop_desk.ui.format import mean_text, stars_text

from tests.ui.conftest import wait_idle


def _show(qtbot, window, key: str):  # type: ignore[no-untyped-def]
    window.navigate(key)
    wait_idle(qtbot)
    return window.pages[key]


def test_results_table_and_detail_show_the_engine_numbers(qtbot, window) -> None:
    page = _show(qtbot, window, "results")
    qtbot.waitUntil(lambda: page.results is not None, timeout=10000)
    expected = results.session_results(window.ctx.store, page.session_id)
    assert page.table.rowCount() == len(expected.products)
    for row in range(page.table.rowCount()):
        code = page.table.item(row, 0).text()
        r = expected.product(code).result
        assert page.table.item(row, 4).text() == mean_text(r.mean)
        assert page.table.item(row, 5).text() == stars_text(r.star)
    # sorting by mean puts the lowest first; products without a mean come before any number
    page.table.sortByColumn(4, Qt.SortOrder.AscendingOrder)
    means = [expected.product(page.table.item(r, 0).text()).result.mean for r in range(page.table.rowCount())]
    numbers = [m for m in means if m is not None]
    assert numbers == sorted(numbers) and means[: means.count(None)] == [None] * means.count(None)
    # the detail of a product with a discrepancy highlights the flagged member
    flagged = next(p for p in expected.products if any(m.flagged for m in p.result.members))
    page.select_product(flagged.code)
    names = {m.code: m.name for m in expected.session.members}
    bad = next(m for m in flagged.result.members if m.flagged)
    row = next(r for r in range(page.detail.rowCount()) if page.detail.item(r, 0).text() == names[bad.member])
    assert page.detail.item(row, 0).background().color().name() == "#fde2e1"
    assert page.detail.item(row, 1).text().replace(",", ".") == format(bad.total, "f")
    assert len(page.parts_chart.bars) == len(flagged.criteria_set.parts)
    assert sum(int(b.value) for b in page.star_chart.bars) == sum(
        1 for p in expected.products if p.result.status == "ranked")


def test_results_follow_a_choice_made_on_the_scoring_screen(qtbot, window) -> None:
    page = _show(qtbot, window, "results")
    qtbot.waitUntil(lambda: page.results is not None, timeout=10000)
    scoring = _show(qtbot, window, "scoring")
    last = scoring.view.detail.items[-1].product_code
    scoring.set_member("tv01")
    scoring.open_product(last)
    from PySide6.QtWidgets import QApplication

    for _n in scoring.sheet.order:
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_1)
    page = _show(qtbot, window, "results")
    qtbot.waitUntil(lambda: page.results is not None and any(
        m.total is not None for m in page.results.product(last).result.members), timeout=10000)


def test_session_states_close_and_reopen_with_a_reason(qtbot, window, monkeypatch) -> None:
    page = _show(qtbot, window, "council")
    sid = page.session_id
    assert page.close_button.isEnabled() and not page.reopen_button.isEnabled()

    def acknowledge(dialog):  # type: ignore[no-untyped-def]
        dialog.reason_edit.setText("Hai sản phẩm cuối chấm vào phiên sau")
        dialog.close_button.click()
        return dialog.result()

    monkeypatch.setattr(page, "exec_dialog", acknowledge)  # the demo leaves its last products unscored
    qtbot.mouseClick(page.close_button, Qt.MouseButton.LeftButton)
    assert sessions.get_session(window.ctx.store, sid).state == "closed"
    assert page.reopen_button.isEnabled() and not page.add_product.isEnabled()
    # an empty reason is refused by the service and the refusal is shown
    from ocop_desk.ui import operations

    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("", True))
    qtbot.mouseClick(page.reopen_button, Qt.MouseButton.LeftButton)
    assert sessions.get_session(window.ctx.store, sid).state == "closed"
    assert operations.last_errors()
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Bổ sung phiếu của thành viên vắng", True))
    qtbot.mouseClick(page.reopen_button, Qt.MouseButton.LeftButton)
    assert sessions.get_session(window.ctx.store, sid).state == "scoring"
    from ocop_desk.audit import verify

    assert verify(window.ctx.store).ok


def test_conflict_and_attendance_are_recorded_from_the_lists(qtbot, window) -> None:
    page = _show(qtbot, window, "council")
    sid = page.session_id
    last = page.detail.items[-1].product_code  # nobody has scored it yet
    page.agenda.selectRow(len(page.detail.items) - 1)
    item = next(page.conflicts.item(i) for i in range(page.conflicts.count())
                if page.conflicts.item(i).data(Qt.ItemDataRole.UserRole) == "tv02")
    item.setCheckState(Qt.CheckState.Checked)
    assert "tv02" in sessions.get_session(window.ctx.store, sid).item(last).conflicts
    present = next(page.members.item(r, 2) for r in range(page.members.rowCount())
                   if page.members.item(r, 2).data(Qt.ItemDataRole.UserRole) == "tv03")
    present.setCheckState(Qt.CheckState.Unchecked)
    assert not sessions.get_session(window.ctx.store, sid).member("tv03").present
    # the scoring screen now refuses tv02 on that product
    scoring = _show(qtbot, window, "scoring")
    qtbot.waitUntil(lambda: "tv02" in scoring.view.detail.item(last).conflicts, timeout=10000)
    scoring.set_member("tv02")
    scoring.open_product(last)
    assert scoring.locked_reason() is not None


def test_dossiers_search_and_save_a_product(qtbot, window) -> None:
    page = _show(qtbot, window, "dossiers")
    total = page.table.rowCount()
    qtbot.keyClicks(page.search, "Mai")
    assert 0 < page.table.rowCount() < total
    page.search.clear()
    page.table.selectRow(0)
    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(page.code, "06-065-099-2026")
    page.name.setText("Mật ong bạc hà Yên Đĩnh")
    page.criteria_set.setCurrentIndex(1)
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    saved = dossiers.get_product(window.ctx.store, "06-065-099-2026")
    assert saved.name == "Mật ong bạc hà Yên Đĩnh" and saved.criteria_set_id
    assert page.table.rowCount() == total + 1


def test_attach_evidence_and_see_it_on_the_scoring_screen(qtbot, window, tmp_path: Path) -> None:
    page = _show(qtbot, window, "dossiers")
    code = page.products[0].code
    page.show_product(dossiers.get_product(window.ctx.store, code))
    file = tmp_path / "Giấy chứng nhận ATTP.pdf"
    file.write_bytes(b"%PDF-1.4 test")
    page.attach(str(file))
    wait_idle(qtbot)
    assert page.evidence.count() == 1
    scoring = _show(qtbot, window, "scoring")
    scoring.open_product(code)
    assert scoring.evidence_button.isEnabled()
    assert [a.text() for a in scoring.evidence_menu.actions()] == ["Giấy chứng nhận ATTP.pdf"]


def test_a_bad_product_list_is_refused_with_its_place(qtbot, window, tmp_path: Path) -> None:
    from ocop_desk.ui import operations

    page = _show(qtbot, window, "dossiers")
    bad = tmp_path / "products.json"
    bad.write_text(json.dumps({"format": "ocop-desk/products@1", "products": [{"code": ""}]}), encoding="utf-8")
    before = len(dossiers.list_products(window.ctx.store))
    page.import_list(str(bad))
    wait_idle(qtbot)
    assert operations.last_errors() and "products.json" in operations.last_errors()[-1]
    assert len(dossiers.list_products(window.ctx.store)) == before


def test_criteria_validation_shows_every_error(qtbot, window, tmp_path: Path) -> None:
    page = _show(qtbot, window, "criteria")
    assert page.table.rowCount() > 1
    groups = page.group_box.count()
    page.group_box.setCurrentIndex(groups - 1)
    assert 0 < page.table.rowCount()
    assert page.tree.topLevelItemCount() >= 3
    out = tmp_path / "set.json"
    page.export_current(str(out))
    wait_idle(qtbot)
    data = json.loads(out.read_text(encoding="utf-8"))
    page.validate(str(out))
    wait_idle(qtbot)
    assert "✓" in page.messages.toPlainText() or data["id"] in page.messages.toPlainText()
    crit = data["parts"][0]["sections"][0]["criteria"][0]
    crit["options"][0]["points"] = 99
    data["parts"][1]["sections"][0]["criteria"][0]["options"][0]["label"] = ""
    out.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    page.validate(str(out))
    wait_idle(qtbot)
    text = page.messages.toPlainText()
    assert "set.json" in text and len(text.splitlines()) >= 2


def test_settings_font_size_and_backup(qtbot, window, tmp_path: Path) -> None:
    page = _show(qtbot, window, "settings")
    page.font_box.setCurrentIndex(page.font_box.findData(14))
    from PySide6.QtWidgets import QApplication

    assert QApplication.instance().font().pointSize() == 14
    from ocop_desk.ui.preferences import load_preferences

    assert load_preferences().font_size == 14
    page.font_box.setCurrentIndex(page.font_box.findData(11))
    target = tmp_path / "backup.sqlite3"
    page.backup_now(str(target))
    wait_idle(qtbot)
    import sqlite3

    with sqlite3.connect(target) as conn:
        assert conn.execute("select count(*) from sessions").fetchone()[0] >= 1


def test_printing_a_summary_and_blank_sheets_writes_pdfs(qtbot, window, tmp_path: Path) -> None:
    page = _show(qtbot, window, "printing")
    page.folder.setText(str(tmp_path / "pdf"))
    assert page.jobs.count() == 8  # blank, sheets, ticklist, summary, minutes, recognition, feedback, per producer
    page.print_selected("summary")
    wait_idle(qtbot)
    from ocop_desk.ui import operations

    assert operations.last_errors() == []
    assert page.last_pdf is not None and page.last_pdf.read_bytes()[:5] == b"%PDF-"
    preview = page.preview.pixmap()
    assert preview is not None and not preview.isNull()
    image = preview.toImage()
    assert image.height() >= 200 and image.width() > image.height()  # the summary is landscape
    colours = {image.pixel(x, y) for x in range(0, image.width(), 7) for y in range(0, image.height(), 7)}
    assert len(colours) > 2, "the preview shows the page, not a blank"
    page.member_box.setCurrentIndex(1)
    page.jobs.setCurrentRow(0)
    qtbot.keyClick(page.jobs, Qt.Key.Key_Return)
    wait_idle(qtbot)
    assert page.last_pdf.name.endswith("blank.pdf") and page.last_pdf.exists()
    assert str(page.last_pdf) in page.result.text()


def test_enter_on_a_result_opens_that_product_on_the_scoring_screen(qtbot, window) -> None:
    page = _show(qtbot, window, "results")
    qtbot.waitUntil(lambda: page.results is not None, timeout=10000)
    page.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    page.table.setCurrentCell(3, 0)
    code = page.table.item(3, 0).text()
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    scoring = window.pages["scoring"]
    qtbot.waitUntil(lambda: window.current_key() == "scoring" and scoring.product == code, timeout=10000)


def test_the_dossier_editor_shows_the_selected_product_in_both_languages(qtbot, window) -> None:
    page = _show(qtbot, window, "dossiers")
    for lang in ("en", "vi"):
        window.set_language(lang)
        p = page.current
        assert p is not None and page.code.text() == p.code
        assert page.stage.currentData() == p.stage
        assert page.criteria_set.currentData() == p.criteria_set_id
        assert page.producer.currentData() == p.producer.id


def test_the_dossier_form_offers_the_council_regulation_and_a_type_picks_the_set(qtbot, window) -> None:
    page = _show(qtbot, window, "dossiers")
    offered = [page.criteria_set.itemData(i) for i in range(1, page.criteria_set.count())]
    assert offered and all(s.startswith("148-2023-") for s in offered)
    assert "148-2023-do-uong-co-con" not in offered  # reconstructed: still readable, no longer offered
    index = next(i for i in range(page.product_type.count()) if page.product_type.itemText(i).endswith("Rượu trắng"))
    page.product_type.setCurrentIndex(index)
    page.product_type.activated.emit(index)
    assert page.criteria_set.currentData() == "148-2023-14-ruou-trang"


def test_knock_out_findings_are_reached_from_the_dossier(qtbot, window) -> None:
    page = _show(qtbot, window, "dossiers")
    row = next(r for r in range(page.table.rowCount()) if page.table.item(r, 0).text().startswith("06-065-003"))
    page.table.selectRow(row)
    qtbot.waitUntil(lambda: page.code.text().startswith("06-065-003"), timeout=5000)
    page.open_knockouts()
    council = window.pages["council"]
    qtbot.waitUntil(lambda: window.current_key() == "council", timeout=5000)
    qtbot.waitUntil(lambda: council._current_item() is not None
                    and council._current_item().product_code == page.code.text(), timeout=10000)
