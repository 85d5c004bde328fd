"""The province screen: many district bundles merged off the GUI thread, the products table, conflicts.

Two district stores are made from the demo session moved to other councils;
the third council's product codes collide with the first's, so merging gives
conflicts for a person to decide.
"""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from ocop_desk import i18n
from ocop_desk.bundles import keys, trust

from ocop_desk.ui.province_products_panel import ProductsModel as M
from tests.bundles.bundle_helpers import sealed
from tests.core_fixtures import close_session
from tests.ui.conftest import wait_idle


def _district_bundle(tmp: Path, *, council: str, district: str, session: str, seed: int, products: int = 6,
                     code_district: str | None = None) -> tuple[Path, keys.PublicKeyInfo]:
    from ocop_desk.exchange.session_results import export_session_results
    from ocop_desk.demo import DISTRICT_CODE, demo_data
    from ocop_desk.interchange import import_session_data
    from ocop_desk.store.engine import open_store

    store = open_store(f"sqlite:///{tmp / f'{council}.sqlite3'}")
    data = demo_data(store, products=products, members=5, seed=seed)
    data["council"].update(id=council, admin_unit=district, name=f"Hội đồng OCOP huyện {district}")
    data["session"]["id"] = session
    old, new = f"-{DISTRICT_CODE}-", f"-{code_district or district}-"
    for p in data["products"]:
        p["code"] = p["code"].replace(old, new)
    for c in data["scorecards"]:
        c["product"] = c["product"].replace(old, new)
    import_session_data(store, data, file="test")
    stored, signer = keys.new_key("council", council, "mật khẩu đủ dài", name=f"Hội đồng {district}",
                                  level="district", admin_unit=district, scrypt_n=2 ** 10)
    out = tmp / f"{council}-{session}.ocop"
    close_session(store, session)
    first = export_session_results(store, session, signer, out)
    # the same results sent again, naming the first bundle as the one it replaces
    export_session_results(store, session, signer, tmp / f"{council}-{session}-v2.ocop",
                           supersedes=first.envelope_id)
    store.dispose()
    return out, stored.public


@pytest.fixture(scope="module")
def bundles(tmp_path_factory) -> dict[str, object]:  # type: ignore[no-untyped-def]
    tmp = tmp_path_factory.mktemp("districts")
    a, ka = _district_bundle(tmp, council="HD-065", district="065", session="2026-CM-01", seed=1)
    b, kb = _district_bundle(tmp, council="HD-066", district="066", session="2026-BB-01", seed=2)
    c, kc = _district_bundle(tmp, council="HD-067", district="065", session="2026-NR-01", seed=3,
                             code_district="065")
    return {"files": (a, b, c), "keys": (ka, kb, kc)}


@pytest.fixture
def page(qtbot, tmp_path: Path, bundles, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    from ocop_desk.store.engine import open_store
    from ocop_desk.ui import operations
    from ocop_desk.ui.context import AppContext
    from ocop_desk.ui.operations import ChangeBus
    from ocop_desk.ui.province_page import ProvincePage

    monkeypatch.setenv("OCOP_DESK_DATA_DIR", str(tmp_path / "data"))
    i18n.set_language("en")
    operations.set_show_boxes(False)
    operations.last_errors().clear()
    store = open_store(f"sqlite:///{tmp_path / 'tinh.sqlite3'}")
    trust_path = tmp_path / "trust.json"
    ts = trust.load_trust(trust_path)
    for k in bundles["keys"]:
        ts, _e = trust.add_key(ts, k)
    sealed(ts)
    p = ProvincePage(AppContext(store=store, bus=ChangeBus()))
    p.trust_path = trust_path
    qtbot.addWidget(p)
    p.resize(1150, 720)
    p.show()
    qtbot.waitExposed(p)
    wait_idle(qtbot)
    yield p
    wait_idle(qtbot)
    store.dispose()
    operations.set_show_boxes(True)
    i18n.set_language(None)


def _visible_codes(page) -> list[str]:  # type: ignore[no-untyped-def]
    proxy = page.proxy
    return [proxy.index(r, M.CODE).data() for r in range(proxy.rowCount())]


def test_merge_two_bundles_shows_products_and_filters(qtbot, page, bundles) -> None:
    from ocop_desk.exchange.province import forwarded_products, province_report

    a, b, _c = bundles["files"]
    assert page.model.rowCount() == 0 and "No merged results" in page.summary.text()
    page.merge([str(a), str(b)])
    qtbot.waitUntil(lambda: page.view is not None and page.model.rowCount() == 12, timeout=20000)
    wait_idle(qtbot)
    report = province_report(page.ctx.store)
    assert sorted(_visible_codes(page)) == sorted(p["code"] for p in report["products"])
    assert "Products: 12 · councils: 2 · districts: 2" in page.summary.text()
    assert page.merge_log.count() == 3 and "2 merged" in page.merge_log.item(0).text()
    # the table shows the service's numbers, and a group for each criteria set
    want = {p["code"]: p for p in report["products"]}
    from ocop_desk.ui.format import mean_text, stars_text
    from decimal import Decimal

    for r in range(page.proxy.rowCount()):
        code = page.proxy.index(r, M.CODE).data()
        mean = want[code]["mean"]
        assert page.proxy.index(r, M.MEAN).data() == mean_text(None if mean is None else Decimal(mean))
        assert page.proxy.index(r, M.STAR).data() == stars_text(want[code]["star"])
        assert page.proxy.index(r, M.GROUP).data() not in ("", "—")
    # filters: district, then star, then status; each narrows to what the report says
    page.set_filter(district="066")
    assert sorted(_visible_codes(page)) == sorted(p["code"] for p in report["products"] if p["admin_unit"] == "066")
    assert "6 of 12 products shown" == page.shown.text()
    page.set_filter(district="\x00all", status="ranked")
    assert len(_visible_codes(page)) == sum(p["status"] == "ranked" for p in report["products"])
    page.set_filter(status="\x00all")
    qtbot.keyClicks(page.search, "065")
    assert all("065" in c for c in _visible_codes(page)) and _visible_codes(page)
    page.search.clear()
    # sorting by mean puts products without a mean first, then the means in order
    page.table.sortByColumn(M.MEAN, Qt.SortOrder.AscendingOrder)
    means = [want[c]["mean"] for c in _visible_codes(page)]
    numbers = [Decimal(m) for m in means if m is not None]
    assert numbers == sorted(numbers) and means[: means.count(None)] == [None] * means.count(None)
    forwarded = forwarded_products(page.ctx.store)
    assert page.forwarded.rowCount() == len(forwarded) > 0
    assert page.conflicts.rowCount() == 0
    # the one action: a province-level session with the forwarded products on its agenda
    from ocop_desk import sessions

    went: list[tuple[str, dict]] = []
    page.ctx.navigate = lambda key, **kw: went.append((key, kw))
    page.tabs.setCurrentIndex(2)
    assert page.open_session_button.isEnabled()
    qtbot.mouseClick(page.open_session_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(went), timeout=20000)
    key, kw = went[0]
    detail = sessions.get_session(page.ctx.store, kw["session_id"])
    assert key == "council" and detail.council.level == "province"
    assert [it.product_code for it in detail.items] == [p["code"] for p in forwarded]


def test_conflicts_are_listed_and_held(qtbot, page, bundles) -> None:
    a, _b, c = bundles["files"]
    page.merge([str(a), str(c)])
    qtbot.waitUntil(lambda: page.view is not None and page.model.rowCount() == 12, timeout=20000)
    wait_idle(qtbot)
    assert page.conflicts.rowCount() == 6
    kinds = {page.conflicts.item(r, 0).text() for r in range(page.conflicts.rowCount())}
    assert kinds == {"same product code from two councils"}
    assert {page.conflicts.item(r, 2).text() for r in range(6)} == {"HD-067"}
    assert {page.conflicts.item(r, 3).text() for r in range(6)} == {"HD-065"}
    assert "Conflicts (6)" == page.tabs.tabText(1)
    # Enter on a conflict shows that product from both councils
    page.tabs.setCurrentIndex(1)
    page.conflicts.setFocus()
    page.conflicts.setCurrentCell(0, 0)
    code = page.conflicts.item(0, 1).text()
    qtbot.keyClick(page.conflicts, Qt.Key.Key_Return)
    assert page.tabs.currentIndex() == 0 and page.search.text() == code
    assert sorted(page.proxy.index(r, M.COUNCIL).data() for r in range(page.proxy.rowCount())) == ["HD-065", "HD-067"]
    page.search.clear()
    page.set_filter(status="held")
    shown = page.proxy.rowCount()
    held = {(page.proxy.index(r, M.CODE).data(), page.proxy.index(r, M.COUNCIL).data()) for r in range(shown)}
    assert all("held" in page.proxy.index(r, M.STATUS).data() for r in range(shown))
    # the rows shown as held are exactly those the store holds (both councils of a clash)
    from sqlalchemy import select

    from ocop_desk.store.province import MergedResult

    with page.ctx.store.read() as s:
        stored = set(s.execute(select(MergedResult.product_code, MergedResult.council_id).where(
            MergedResult.current.is_(True), MergedResult.held.is_(True))).all())
    assert held == stored and {c for _p, c in held} == {"HD-065", "HD-067"}
    # a held product is never in the forwarded list
    forwarded = {(page.forwarded.item(r, 1).text(), page.forwarded.item(r, 3).text())
                 for r in range(page.forwarded.rowCount())}
    assert not held & forwarded


def test_merge_a_folder_and_report_refusals_by_file(qtbot, page, bundles, tmp_path: Path) -> None:
    a, b, _c = bundles["files"]
    usb = tmp_path / "USB"
    (usb / "Chợ Mới").mkdir(parents=True)
    (usb / "Ba Bể").mkdir()
    shutil.copy(a, usb / "Chợ Mới" / a.name)
    shutil.copy(b, usb / "Ba Bể" / b.name)
    bad = usb / "Ba Bể" / "hỏng.ocop"
    bad.write_bytes(a.read_bytes()[:2000])  # truncated on the stick
    page.merge_folder(str(usb))
    qtbot.waitUntil(lambda: page.last_merge is not None, timeout=20000)
    wait_idle(qtbot)
    lines = [page.merge_log.item(i).text() for i in range(page.merge_log.count())]
    assert "3 of 3 files handled: 2 merged, 0 unchanged, 1 refused" == lines[0]
    assert any(line.startswith("REFUSED") and "hỏng.ocop" in line for line in lines)
    assert page.tabs.currentIndex() == 3
    # the same sticks again: nothing changes
    page.merge_folder(str(usb))
    qtbot.waitUntil(lambda: page.last_merge is not None and page.last_merge.report.outcomes
                    and page.last_merge.report.outcomes[0].status == "unchanged", timeout=20000)
    wait_idle(qtbot)
    assert page.model.rowCount() == 12
    # an empty folder is refused by name
    from ocop_desk.ui import operations

    (tmp_path / "empty").mkdir()
    assert page.merge_folder(str(tmp_path / "empty")) is None
    assert "empty" in operations.last_errors()[-1]


def test_cancel_stops_between_bundles_and_keeps_what_was_merged(qtbot, page, bundles, monkeypatch) -> None:
    from ocop_desk.exchange import merge as merge_module

    started, go = threading.Event(), threading.Event()
    real = merge_module.merge_bundle

    def slow_first(*args, **kwargs):  # type: ignore[no-untyped-def]
        if not started.is_set():
            started.set()
            go.wait(10)
        return real(*args, **kwargs)

    monkeypatch.setattr(merge_module, "merge_bundle", slow_first)
    files = [str(f) for f in bundles["files"]]
    op = page.merge(files)
    assert op is not None and op.dialog is not None
    qtbot.waitUntil(started.is_set, timeout=10000)
    assert not page.merge_files_button.isEnabled()  # one merge at a time
    qtbot.waitUntil(lambda: op.dialog.isVisible(), timeout=5000)
    from PySide6.QtWidgets import QPushButton

    cancel = op.dialog.findChild(QPushButton)
    assert cancel.text() == "Cancel"
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    go.set()
    qtbot.waitUntil(lambda: op.done, timeout=20000)
    wait_idle(qtbot)
    run = page.last_merge
    assert run is not None and run.cancelled and len(run.report.outcomes) == 1
    texts = [page.merge_log.item(i).text() for i in range(page.merge_log.count())]
    assert any("Cancelled: 2 files were not merged" in t for t in texts)
    qtbot.waitUntil(lambda: page.model.rowCount() == 6, timeout=10000)
    assert page.merge_files_button.isEnabled()


def test_untrusted_bundle_is_refused_and_changes_nothing(qtbot, page, bundles, tmp_path: Path) -> None:
    page.trust_path = tmp_path / "nobody.json"
    page.merge([str(bundles["files"][0])])
    qtbot.waitUntil(lambda: page.last_merge is not None, timeout=20000)
    wait_idle(qtbot)
    assert page.model.rowCount() == 0
    refused = page.merge_log.item(page.merge_log.count() - 1).text()
    assert refused.startswith("REFUSED") and "trust store" in refused


def test_vietnamese_texts_with_diacritics(qtbot, page, bundles, tmp_path: Path, monkeypatch) -> None:
    from tools import i18n as tool

    mo = tmp_path / "locale" / "vi" / "LC_MESSAGES" / "ocop_desk.mo"
    tool.compile_catalog(tool.PO_DIR, mo)
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path / "locale")
    i18n.set_language("vi")
    page.retranslate()
    assert page.merge_files_button.text() == "Hợp nhất các &tệp gói…"
    assert page.tabs.tabText(0) == "Sản phẩm"
    assert "Chưa có kết quả" in page.summary.text()


def test_a_replacing_bundle_keeps_the_history_shown(qtbot, page, bundles) -> None:
    a = bundles["files"][0]
    again = a.with_name(a.stem + "-v2.ocop")
    page.merge([str(a), str(again)])
    qtbot.waitUntil(lambda: page.last_merge is not None and page.model.rowCount() == 6, timeout=20000)
    wait_idle(qtbot)
    assert [o.status for o in page.last_merge.report.outcomes] == ["merged", "merged"]
    assert page.last_merge.report.outcomes[1].superseded == page.last_merge.report.outcomes[0].envelope_id
    page.tabs.setCurrentIndex(0)
    page.table.setFocus()
    page.table.selectRow(0)
    code = page.proxy.index(0, M.CODE).data()
    qtbot.waitUntil(lambda: page.history.rowCount() == 2, timeout=5000)
    assert code in page.history_title.text()
    assert [page.history.item(r, 5).text() for r in range(2)] == ["no, replaced", "yes"]
    # keyboard: the next row's history follows the cursor
    qtbot.keyClick(page.table, Qt.Key.Key_Down)
    assert page.proxy.index(1, M.CODE).data() in page.history_title.text()


def test_a_conflict_is_decided_with_a_reason(qtbot, page, bundles) -> None:
    a, _b, c = bundles["files"]
    page.merge([str(a), str(c)])
    qtbot.waitUntil(lambda: page.view is not None and page.conflicts.rowCount() == 6, timeout=20000)
    wait_idle(qtbot)
    page.tabs.setCurrentIndex(1)
    page.conflicts.setCurrentCell(0, 0)
    code = page.conflicts.item(0, 1).text()
    page.decide_conflict("reject", reason="Mã của huyện Na Rì ghi nhầm")
    qtbot.waitUntil(lambda: page.conflicts.rowCount() == 5, timeout=20000)
    wait_idle(qtbot)
    page.search.setText(code)
    rows = [(page.proxy.index(r, M.COUNCIL).data(), page.proxy.index(r, M.STATUS).data())
            for r in range(page.proxy.rowCount())]
    assert len(rows) == 1 and rows[0][0] == "HD-065" and "held" not in rows[0][1]


def test_a_bundle_sent_again_shows_what_it_replaces(qtbot, page, bundles) -> None:
    a, _b, _c = bundles["files"]
    again = a.with_name(a.stem + "-v2.ocop")  # the same session sent again, naming the first bundle
    page.merge([str(a)])
    qtbot.waitUntil(lambda: page.last_merge is not None and not page.last_merge.report.refused
                    and len(page.last_merge.report.outcomes) == 1, timeout=20000)
    wait_idle(qtbot)
    first_id = page.last_merge.report.outcomes[0].envelope_id
    page.merge([str(again)])
    qtbot.waitUntil(lambda: tuple(page.last_merge.files) == (str(again),)
                    and len(page.last_merge.report.outcomes) == 1, timeout=20000)
    wait_idle(qtbot)
    page._fill_merge_log()
    lines = [page.merge_log.item(i).text() for i in range(page.merge_log.count())]
    assert any(f"replaces bundle {first_id}" in line for line in lines), lines
