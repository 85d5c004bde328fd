"""The commune officer's screen driven as a person would: key, producer, product, evidence, packages;
then the district's panel of what arrived.

Dialogs are the real ones; `page.exec_dialog` is replaced by a function that fills them and presses OK.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from ocop_desk import i18n
from ocop_desk.store.engine import open_store
from ocop_desk.ui.bundle_dialogs import PassphraseDialog, spoken_fingerprint
from tests.commune.conftest import PASS, RICE


def wait_idle(qtbot) -> None:  # type: ignore[no-untyped-def]
    from ocop_desk.ui import operations

    qtbot.waitUntil(lambda: operations.running() == 0, timeout=15000)


def _ctx(url: str):  # type: ignore[no-untyped-def]
    from ocop_desk.ui.context import AppContext
    from ocop_desk.ui.operations import ChangeBus

    return AppContext(store=open_store(url), bus=ChangeBus())


@pytest.fixture
def page(qtbot, tmp_path: Path) -> Iterator[object]:
    from ocop_desk.ui import operations
    from ocop_desk.ui.commune_page import CommunePage

    operations.set_show_boxes(False)
    operations.last_errors().clear()
    ctx = _ctx(f"sqlite:///{tmp_path / 'xa.sqlite3'}")
    p = CommunePage(ctx)
    p.keys_folder = tmp_path / "keys"
    p.trust_path = tmp_path / "trust.json"
    qtbot.addWidget(p)
    p.resize(1366 - 200, 700)
    p.show()
    qtbot.waitExposed(p)
    wait_idle(qtbot)
    yield p
    wait_idle(qtbot)
    ctx.store.dispose()
    operations.set_show_boxes(True)
    i18n.set_language(None)


class Person:
    """Answers each dialog the page opens, in order."""

    def __init__(self, page) -> None:  # type: ignore[no-untyped-def]
        self.answers: list[Callable[[QDialog], bool]] = []
        page.exec_dialog = self._exec

    def _exec(self, dialog: QDialog) -> bool:
        ok = self.answers.pop(0)(dialog)
        if ok:
            dialog.accept()
        return ok and dialog.result() == QDialog.DialogCode.Accepted

    def passphrase(self, first: str, again: str | None = None) -> None:
        def fill(d: QDialog) -> bool:
            assert isinstance(d, PassphraseDialog)
            d.first.setText(first)
            if d.second is not None:
                d.second.setText(first if again is None else again)
            return True
        self.answers.append(fill)

    def fill(self, **fields: object) -> None:
        def answer(d: QDialog) -> bool:
            for name, value in fields.items():
                w = getattr(d, name)
                if hasattr(w, "findData"):
                    w.setCurrentIndex(w.findData(value))
                    assert w.currentData() == value, name
                else:
                    w.setText(str(value))
            return True
        self.answers.append(answer)


def _row_of(page, code: str) -> int:  # type: ignore[no-untyped-def]
    return next(r for r in range(page.table.rowCount()) if page.table.item(r, 0).text() == code)


def _missing_items(page) -> list[str]:  # type: ignore[no-untyped-def]
    return [page.checklist.item(i).data(Qt.ItemDataRole.UserRole) for i in range(page.checklist.count())
            if page.checklist.item(i).text().startswith("✗")]


def test_commune_officer_day_from_key_to_signed_packages(qtbot, page, tmp_path: Path) -> None:
    from ocop_desk.bundles.trust import add_key, load_trust
    from ocop_desk.bundles.verify import inspect_bundle
    from ocop_desk.ui import operations

    person = Person(page)
    assert not page.export_button.isEnabled()  # no key, no product yet

    # the commune's key: its code is the admin unit; the passphrase twice, a mismatch is caught in the dialog
    page.commune_code.setText("02215")
    page.commune_name.setText("UBND xã Tân Lập")
    person.passphrase(PASS)
    qtbot.mouseClick(page.new_key_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot)
    assert operations.last_errors() == []
    (key,) = page.commune_keys
    assert key.public.level == "commune" and key.public.admin_unit == "02215" and key.public.owner_id == "02215"
    assert page.key_fp.text() == spoken_fingerprint(key.public.fingerprint)
    assert len(page.key_fp.text().split()) == 8  # groups of four, read out over the phone

    # a producer (the dossier screen's own dialog) and a product of the rice set
    person.fill(name="Hợp tác xã Nông sản Tân Lập", kind="HTX")
    qtbot.mouseClick(page.producer_button, Qt.MouseButton.LeftButton)
    person.fill(code="06-065-001-2026", name="Gạo Bao Thai Tân Lập", product_type=RICE)
    qtbot.mouseClick(page.product_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot)
    assert operations.last_errors() == []
    row = _row_of(page, "06-065-001-2026")
    assert page.table.item(row, 1).text() == "9 giấy tờ"
    assert page.current.code == "06-065-001-2026" and page.current.producer == "Hợp tác xã Nông sản Tân Lập"
    assert "food-safety" in _missing_items(page) and len(_missing_items(page)) == 9
    red = next(page.checklist.item(i) for i in range(page.checklist.count())
               if page.checklist.item(i).data(Qt.ItemDataRole.UserRole) == "food-safety")
    assert red.foreground().color().name() == "#b03a2e" and red.font().bold()

    # attach the food-safety certificate as that document: the missing list shrinks by one
    cert = tmp_path / "Giấy chứng nhận ATTP.pdf"
    cert.write_bytes(b"%PDF-1.4 chung nhan")
    page.document_box.setCurrentIndex(page.document_box.findData("food-safety"))
    page.attach(str(cert))
    wait_idle(qtbot)
    assert operations.last_errors() == []
    assert "food-safety" not in _missing_items(page) and len(_missing_items(page)) == 8
    assert page.table.item(_row_of(page, "06-065-001-2026"), 1).text() == "8 giấy tờ"
    assert any("Giấy chứng nhận ATTP.pdf" in page.checklist.item(i).text() for i in range(page.checklist.count()))
    assert page.document_box.currentData() == _missing_items(page)[0]  # the next missing one is offered

    # a second product, both selected, exported to the stick with the key's passphrase
    person.fill(code="06-065-002-2026", name="Mật ong bạc hà", product_type=RICE)
    qtbot.mouseClick(page.product_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot)
    page.table.selectAll()
    assert page.selected_codes() == ["06-065-001-2026", "06-065-002-2026"] and page.export_button.isEnabled()
    usb = tmp_path / "USB"
    usb.mkdir()
    person.passphrase("not the passphrase")
    page.export_packages(str(usb))
    wait_idle(qtbot)
    assert "passphrase" in operations.last_errors()[-1].lower() or "mật khẩu" in operations.last_errors()[-1]
    assert list(usb.iterdir()) == []
    person.passphrase(PASS)
    op = page.export_packages(str(usb))
    assert op is not None and op.dialog is not None and op.dialog.label.text()  # progress with Cancel
    wait_idle(qtbot)
    names = sorted(f.name for f in usb.iterdir())
    assert names == ["hoso-06-065-001-2026.ocop", "hoso-06-065-002-2026.ocop"]
    assert all(n in page.export_result.text() for n in names)
    assert not any(PASS in repr(v) for v in vars(page).values())

    trust, _entry = add_key(load_trust(tmp_path / "district-trust.json"), key.public)
    for n in names:
        v = inspect_bundle(usb / n, trust)
        assert v.ok and v.kind == "dossier-package" and v.issuer.admin_unit == "02215"

    # Cancel before the first product: nothing more is written, and the page says it stopped
    other = tmp_path / "USB2"
    other.mkdir()
    person.passphrase(PASS)
    op = page.export_packages(str(other))
    op.progress.cancel()
    wait_idle(qtbot)
    assert list(other.iterdir()) == [] and page.last_summary.stopped


def test_district_panel_lists_what_arrived_from_whom_and_what_is_missing(qtbot, tmp_path: Path, commune,
                                                                         evidence) -> None:
    from ocop_desk.bundles import keys
    from ocop_desk.bundles.trust import add_key, load_trust
    from ocop_desk.exchange.dossier_sending import export_dossier_packages
    from ocop_desk.dossiers import attach_evidence
    from ocop_desk.ui import operations
    from ocop_desk.ui.arrivals_panel import ArrivalsPanel

    operations.set_show_boxes(False)
    operations.last_errors().clear()
    stored, signer = keys.new_key("council", "02215", PASS, name="UBND xã Tân Lập", level="commune",
                                  admin_unit="02215")
    attach_evidence(commune, "06-065-001-2026", evidence("attp.pdf"), kind="food-safety")
    summary = export_dossier_packages(commune, ["06-065-001-2026", "06-065-002-2026"], signer, tmp_path / "usb")
    trust_path = tmp_path / "trust.json"
    add_key(load_trust(trust_path), stored.public, signer=signer)  # the district's administrator, here the same
    ctx = _ctx(f"sqlite:///{tmp_path / 'huyen.sqlite3'}")
    panel = ArrivalsPanel(ctx, trust_path=lambda: trust_path)
    qtbot.addWidget(panel)
    panel.resize(1100, 500)
    panel.show()
    panel.reload()
    assert panel.table.rowCount() == 0
    panel.receive([str(p.path) for p in summary.packages] + [str(tmp_path / "missing.ocop")])
    wait_idle(qtbot)
    try:
        assert panel.table.rowCount() == 2
        assert len(panel.last_messages) == 3 and "missing.ocop" in panel.last_messages[-1]  # one refusal, no stop
        rows = {panel.table.item(r, 3).text().split()[0]: r for r in range(2)}
        rice = rows["06-065-001-2026"]
        assert panel.table.item(rice, 1).text() == "UBND xã Tân Lập (02215)"
        assert panel.table.item(rice, 2).text() == "02215"
        assert panel.table.item(rice, 4).text() == "8 giấy tờ"
        assert panel.table.item(rice, 4).foreground().color().name() == "#b03a2e"
        still = panel.table.item(rice, 4).toolTip()
        assert "Nhãn sản phẩm" in still and "an toàn thực phẩm" not in still
        panel.table.selectRow(rice)
        assert stored.public.fingerprint in panel.detail.toPlainText() and "Nhãn sản phẩm" in panel.detail.toPlainText()
    finally:
        ctx.store.dispose()
        operations.set_show_boxes(True)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_page_fits_a_1366_laptop_beside_the_navigation(page, lang: str) -> None:
    i18n.set_language(lang)
    page.retranslate()
    assert page.minimumSizeHint().width() <= 1366 - 220
    assert page.minimumSizeHint().height() <= 768 - 120
