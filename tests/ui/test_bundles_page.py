"""The signed-bundles screen driven through its widgets: keys, trust, export, verdicts, member import.

Dialogs are the real ones; `page.exec_dialog` is replaced by a function that
fills them as a person would and presses OK (tests cannot click a modal loop).
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from ocop_desk import i18n
from ocop_desk.ui.bundle_dialogs import NewKeyDialog, PassphraseDialog, TrustConfirmDialog, spoken_fingerprint

from tests.core_fixtures import close_session
from tests.ui.conftest import wait_idle

PASS = "mật khẩu hội đồng Chợ Mới"


@pytest.fixture
def page(qtbot, window):  # type: ignore[no-untyped-def]
    from ocop_desk.ui.bundles_page import BundlesPage

    i18n.set_language("en")
    p = BundlesPage(window.ctx)
    qtbot.addWidget(p)
    p.resize(1150, 720)
    p.show()
    qtbot.waitExposed(p)
    wait_idle(qtbot)
    yield p
    wait_idle(qtbot)


def type_text(qtbot, widget, text: str) -> None:  # type: ignore[no-untyped-def]
    """Key by key where QTest can (ASCII); Vietnamese text goes in as an input method would put it."""
    if text.isascii():
        qtbot.keyClicks(widget, text)
    else:
        widget.insert(text)


class Person:
    """Answers each dialog the page opens, in order, like someone at the keyboard."""

    def __init__(self, qtbot, page) -> None:  # type: ignore[no-untyped-def]
        self.qtbot = qtbot
        self.answers: list[Callable[[QDialog], bool]] = []
        self.seen: list[QDialog] = []
        page.exec_dialog = self._exec

    def _exec(self, dialog: QDialog) -> bool:
        self.seen.append(dialog)
        answer = self.answers.pop(0)
        ok = answer(dialog)
        if ok:
            dialog.accept()
        return ok and dialog.result() == QDialog.DialogCode.Accepted

    def passphrase(self, text: str) -> None:
        def fill(d: QDialog) -> bool:
            assert isinstance(d, PassphraseDialog)
            type_text(self.qtbot, d.first, text)
            return True
        self.answers.append(fill)

    def new_key(self, kind: str, owner: str, passphrase: str, again: str | None = None) -> None:
        def fill(d: QDialog) -> bool:
            assert isinstance(d, NewKeyDialog)
            d.kind.setCurrentIndex(d.kind.findData(kind))
            d.owner.setCurrentIndex(max(d.owner.findText(owner), 0))
            assert d.owner.currentText() == owner
            type_text(self.qtbot, d.first, passphrase)
            type_text(self.qtbot, d.second, passphrase if again is None else again)
            return True
        self.answers.append(fill)

    def trust(self, typed: str | None, note: str = "") -> None:
        def fill(d: QDialog) -> bool:
            assert isinstance(d, TrustConfirmDialog)
            if typed is not None:
                type_text(self.qtbot, d.typed, typed)
            if note:
                d.note.setText(note)
            return True
        self.answers.append(fill)


def _make_key(qtbot, page, person: Person, kind: str, owner: str, passphrase: str = PASS):  # type: ignore[no-untyped-def]
    before = len(page.own_keys)
    person.new_key(kind, owner, passphrase)
    qtbot.mouseClick(page.new_key_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot)
    assert len(page.own_keys) == before + 1
    return next(k for k in page.own_keys if k.public.owner_id == owner)


def _trust_own_key(qtbot, page, person: Person, key, tmp_path: Path,  # type: ignore[no-untyped-def]
                   admin_passphrase: str = PASS) -> None:
    pub = tmp_path / f"{key.public.owner_id}.pub.json"
    row = next(r for r in range(page.keys_table.rowCount())
               if page.keys_table.item(r, 0).data(Qt.ItemDataRole.UserRole) == key.key_id)
    page.keys_table.selectRow(row)
    assert page.key_fp.text() == spoken_fingerprint(key.public.fingerprint)
    page.export_public(str(pub))
    # the fingerprint as the owner reads it out: lower case, groups run together
    person.trust(key.public.fingerprint.replace(" ", "").lower(), note=f"Hội đồng {key.public.owner_id}")
    person.passphrase(admin_passphrase)  # the change is sealed with the trust store administrator's key
    page.add_trust(str(pub))
    assert any(e.key_id == key.key_id for e in page.trusted)


def test_export_results_verify_good_and_tampered(qtbot, page, tmp_path: Path) -> None:
    from ocop_desk.ui import operations

    person = Person(qtbot, page)
    assert not page.export_button.isEnabled()  # no council key yet
    council = page.detail.council.id
    key = _make_key(qtbot, page, person, "council", council)
    assert page.export_button.isEnabled() and page.council_key.currentData() == key.key_id
    _trust_own_key(qtbot, page, person, key, tmp_path)
    assert page.trust_table.rowCount() == 1
    assert page.trust_table.item(0, 2).text() == f"Hội đồng {council}"

    # a session still being scored is not signed: the export says so and writes nothing
    out = tmp_path / "kết quả.ocop"
    person.passphrase(PASS)
    page.export_results(str(out))
    wait_idle(qtbot)
    assert not out.exists() and "not closed" in operations.last_errors()[-1]
    close_session(page.ctx.store, page.detail.id)
    page.reload()
    wait_idle(qtbot)

    # a wrong passphrase is refused and writes nothing
    person.passphrase("not the passphrase")
    page.export_results(str(out))
    wait_idle(qtbot)
    assert not out.exists() and "passphrase" in operations.last_errors()[-1]

    person.passphrase(PASS)
    page.export_results(str(out))
    wait_idle(qtbot)
    assert out.exists()
    outcome = page.last_outcome
    assert outcome.envelope_id in page.export_result.text()
    assert not any(PASS in repr(v) for v in vars(page).values())  # the passphrase is kept nowhere

    page.verify(str(out))
    wait_idle(qtbot)
    v = page.verdict
    assert v.ok and v.kind == "session-results"
    panel = page.panel
    assert panel.headline.text().startswith("✔ VALID")
    assert "session results" in panel.fields["kind"].text()
    assert council in panel.fields["issuer"].text()
    assert f"products {outcome.counts['products']}" in panel.fields["counts"].text()
    fps = [panel.signers.itemAt(i).widget().text() for i in range(panel.signers.count())]
    assert spoken_fingerprint(key.public.fingerprint) in fps
    assert page.merge_verified.isEnabled() and not page.import_verified.isEnabled()
    assert "#1e8449" in panel.styleSheet()

    # one byte of the signed results changed: red, tampered, naming the entry
    bad = tmp_path / "sửa.ocop"
    data = bytearray(out.read_bytes())
    at = data.index(b'"format":"ocop-desk/session-results@1"')
    data[at + 10] ^= 0x01
    bad.write_bytes(bytes(data))
    page.verify(str(bad))
    wait_idle(qtbot)
    v = page.verdict
    assert not v.ok and v.verdict == "tampered" and v.exit_code == 12
    assert panel.headline.text().startswith("✘ REFUSED: tampered")
    assert "payload/results.json" in panel.reason.text() and str(bad) in panel.reason.text()
    assert "#b03a2e" in panel.styleSheet()
    assert not page.merge_verified.isEnabled() and not page.import_verified.isEnabled()

    # a signer revoked from the trust store: red, untrusted signer
    page.trust_table.selectRow(0)
    person.passphrase(PASS)
    page.revoke_trust(confirmed=True)
    assert page.trusted[0].revoked and "revoked" in page.trust_table.item(0, 7).text()
    page.verify(str(out))
    wait_idle(qtbot)
    assert page.verdict.verdict == "untrusted" and "revoked" in page.panel.reason.text()

    # not a zip at all: malformed, and the panel still says which file
    junk = tmp_path / "junk.ocop"
    junk.write_bytes(b"not a bundle")
    page.verify(str(junk))
    wait_idle(qtbot)
    assert page.verdict.verdict == "malformed" and str(junk) in page.panel.fields["file"].text()


def test_member_scorecards_export_and_import(qtbot, page, tmp_path: Path, monkeypatch) -> None:
    person = Person(qtbot, page)
    member = "tv01"
    page.member_box.setCurrentIndex(page.member_box.findData(member))
    assert not page.export_member_button.isEnabled()
    key = _make_key(qtbot, page, person, "member", member, "mật khẩu của tv01")
    page.member_box.setCurrentIndex(page.member_box.findData(member))
    assert page.export_member_button.isEnabled()
    _trust_own_key(qtbot, page, person, key, tmp_path, "mật khẩu của tv01")
    # trusting a member's key also registered it with the member's council (the box is ticked by default)
    confirm = next(d for d in reversed(person.seen) if isinstance(d, TrustConfirmDialog))
    assert confirm.register is not None and confirm.register.isChecked()
    from sqlalchemy import select

    from ocop_desk.store.models import Member

    with page.ctx.store.read() as s:
        registered = s.scalar(select(Member.public_key).where(Member.council_id == page.detail.council.id,
                                                               Member.code == member))
    assert registered and key.key_id in registered
    out = tmp_path / "tv01.ocop"
    person.passphrase("mật khẩu của tv01")
    page.export_member(str(out))
    wait_idle(qtbot)
    assert out.exists() and page.last_outcome.kind == "member-scorecards"

    page.verify(str(out))
    wait_idle(qtbot)
    assert page.verdict.ok and page.import_verified.isEnabled()
    qtbot.mouseClick(page.import_verified, Qt.MouseButton.LeftButton)
    wait_idle(qtbot)
    assert "imported" in page.import_result.text() and "tv01" in page.import_result.text()
    page.import_files([str(out)])
    wait_idle(qtbot)
    assert "unchanged" in page.import_result.text()
    # Cancel between two files: the first stays taken in and the screen says the rest was not
    import threading

    from ocop_desk.exchange import receive

    started, go = threading.Event(), threading.Event()
    real = receive.take_member_scorecards

    def slow(*args, **kwargs):  # type: ignore[no-untyped-def]
        started.set()
        go.wait(10)
        return real(*args, **kwargs)

    monkeypatch.setattr(receive, "take_member_scorecards", slow)
    page.import_files([str(out), str(out)])
    qtbot.waitUntil(started.is_set, timeout=10000)
    page.import_op.progress.cancel()  # what the progress dialog's Cancel does
    go.set()
    wait_idle(qtbot)
    lines = page.import_result.text().splitlines()
    assert len(lines) == 2 and "unchanged" in lines[0] and lines[1].startswith("REFUSED: cancelled before")
    # the store marks the member's scorecards as signed by that envelope
    from ocop_desk.store.models import Scorecard

    with page.ctx.store.read() as s:
        signed = s.scalars(select(Scorecard.signed_envelope).where(Scorecard.signed_envelope.is_not(None))).all()
    assert signed and set(signed) == {page.verdict.envelope_id}


def test_untrusted_member_file_is_refused_by_name(qtbot, page, tmp_path: Path) -> None:
    person = Person(qtbot, page)
    _make_key(qtbot, page, person, "member", "tv02", "mật khẩu của tv02")
    page.member_box.setCurrentIndex(page.member_box.findData("tv02"))
    out = tmp_path / "tv02.ocop"
    person.passphrase("mật khẩu của tv02")
    page.export_member(str(out))
    wait_idle(qtbot)
    page.import_files([str(out)])
    wait_idle(qtbot)
    text = page.import_result.text()
    assert text.startswith("REFUSED") and str(out) in text and "trust store" in text


def test_new_key_dialog_and_trust_dialog_refuse_mistakes(qtbot, page, tmp_path: Path) -> None:
    person = Person(qtbot, page)
    person.new_key("member", "tv03", "mật khẩu một", again="mật khẩu hai")
    qtbot.mouseClick(page.new_key_button, Qt.MouseButton.LeftButton)
    dialog = person.seen[-1]
    assert dialog.result() != QDialog.DialogCode.Accepted and "differ" in dialog.problem.text()
    assert page.own_keys == []
    # too short a passphrase: the key service refuses and says why
    from ocop_desk.ui import operations

    person.new_key("member", "tv03", "ngắn")
    qtbot.mouseClick(page.new_key_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot)
    assert page.own_keys == [] and "8 characters" in operations.last_errors()[-1]

    key = _make_key(qtbot, page, person, "member", "tv03", "mật khẩu của tv03")
    pub = tmp_path / "tv03.pub.json"
    page.export_public(str(pub))
    person.trust("AAAA BBBB CCCC DDDD EEEE FFFF GGGG HHHH")
    page.add_trust(str(pub))
    assert "does not match" in person.seen[-1].problem.text()
    person.trust(None)  # neither typed nor ticked
    page.add_trust(str(pub))
    assert "Compare" in person.seen[-1].problem.text()
    assert page.trusted == []
    # revoking the own key: it can no longer be chosen to sign
    page.revoke_key(confirmed=True)
    assert page.own_keys[0].revoked_at and not page.revoke_key_button.isEnabled()
    page.member_box.setCurrentIndex(page.member_box.findData("tv03"))
    assert page.member_key.currentData() is None and not page.export_member_button.isEnabled()
    assert key.key_id in page.keys_table.item(0, 5).text()


def test_keyboard_reaches_the_tabs_and_buttons(qtbot, page) -> None:
    from PySide6.QtWidgets import QApplication

    page.activateWindow()
    page.session_box.setFocus()
    qtbot.keyClick(page.tabs, Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)
    assert page.tabs.currentIndex() == 1
    qtbot.keyClick(page.tabs, Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)
    assert page.tabs.currentIndex() == 2
    page.new_key_button.setFocus()
    assert QApplication.focusWidget() is page.new_key_button
    for button in (page.export_button, page.verify_button, page.new_key_button, page.add_trust_button):
        assert button.focusPolicy() & Qt.FocusPolicy.TabFocus
        assert "&" in button.text()


def _vietnamese_catalogue(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """This area's .po compiled with the others, so the test does not depend on the committed .mo being fresh."""
    from tools import i18n as tool

    tool.compile_catalog(tool.PO_DIR, tmp_path / "locale" / "vi" / "LC_MESSAGES" / "ocop_desk.mo")
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path / "locale")


def _clipped(page) -> list[str]:  # type: ignore[no-untyped-def]
    """Visible texts narrower than they need: buttons, check boxes, tabs, one-line labels."""
    from PySide6.QtWidgets import QCheckBox, QLabel, QPushButton, QTabBar

    bad = []
    for w in page.findChildren(QPushButton) + page.findChildren(QCheckBox) + page.findChildren(QLabel):
        if not w.isVisible() or (isinstance(w, QLabel) and w.wordWrap()):
            continue
        if w.width() < w.sizeHint().width() or w.height() < w.minimumSizeHint().height():
            bad.append(f"{type(w).__name__} {w.text()!r}: {w.width()}x{w.height()} < {w.sizeHint().toTuple()}")
    for bar in page.findChildren(QTabBar):
        for i in range(bar.count()):
            if bar.isVisible() and bar.tabRect(i).width() < bar.tabSizeHint(i).width():
                bad.append(f"tab {bar.tabText(i)!r}")
    # a page wider than the frame's stack is cut off at the right edge, whatever its own layout says
    hint, room = page.minimumSizeHint(), page.window().stack.size()
    if hint.width() > room.width() or hint.height() > room.height():
        bad.append(f"page needs {hint.toTuple()}, the window has {room.toTuple()}")
    return bad


def test_both_screens_fit_1366x768_in_both_languages_and_hand_over_a_bundle(qtbot, window, tmp_path: Path,
                                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """At 150% scaling Qt lays out in the same logical pixels, so 1366×768 logical is the case to check."""
    from ocop_desk.bundles import keys, trust
    from ocop_desk.exchange.session_results import export_session_results

    _vietnamese_catalogue(tmp_path, monkeypatch)
    assert window.size().toTuple() == (1366, 768)
    bundles = window.page("bundles")
    window.navigate("bundles")
    wait_idle(qtbot)
    council = bundles.detail.council
    stored, signer = keys.new_key("council", council.id, PASS, name=council.name, level="district",
                                  admin_unit=council.admin_unit or "", scrypt_n=2 ** 10)
    keys.save_key(stored)
    trust.add_key(trust.load_trust(), stored.public, note=council.name, signer=signer)
    out = tmp_path / "kết quả huyện.ocop"
    close_session(window.ctx.store, bundles.detail.id)
    export_session_results(window.ctx.store, bundles.detail.id, signer, out)
    bundles.reload()
    bundles.verify(str(out))
    wait_idle(qtbot)
    for lang, headline in (("vi", "✔ HỢP LỆ"), ("en", "✔ VALID")):
        window.set_language(lang)
        assert bundles.panel.headline.text().startswith(headline)
        for key in ("bundles", "province"):
            window.navigate(key)
            wait_idle(qtbot)
            page = window.pages[key]
            for i in range(page.tabs.count()):
                page.tabs.setCurrentIndex(i)
                qtbot.wait(20)
                assert _clipped(page) == [], (lang, key, i)
                assert window.size().toTuple() == (1366, 768)
    # a valid results bundle goes from the verdict panel to the province screen, which merges it
    window.navigate("bundles")
    bundles.tabs.setCurrentIndex(1)
    assert bundles.merge_verified.isEnabled()
    qtbot.mouseClick(bundles.merge_verified, Qt.MouseButton.LeftButton)
    province = window.pages["province"]
    qtbot.waitUntil(lambda: province.last_merge is not None and province.model.rowCount() > 0, timeout=20000)
    wait_idle(qtbot)
    assert window.current_key() == "province"
    assert province.model.rowCount() == len(bundles.detail.items)
    assert province.last_merge.report.outcomes[0].status == "merged"


def test_dossier_package_import_and_private_key_round_trip(qtbot, page, tmp_path: Path) -> None:
    """A commune officer's signed dossier package goes in; an encrypted private key moves to another machine."""
    from ocop_desk.bundles import keys
    from ocop_desk.exchange.dossier_packages import export_dossier_package
    from ocop_desk.dossiers import get_product, list_products

    person = Person(qtbot, page)
    key = _make_key(qtbot, page, person, "member", "tv05", "mật khẩu cán bộ xã")
    _trust_own_key(qtbot, page, person, key, tmp_path, "mật khẩu cán bộ xã")
    code = list_products(page.ctx.store)[0].code
    package = tmp_path / "hồ sơ.ocop"
    signer = keys.unlock(keys.find_key(key.key_id), "mật khẩu cán bộ xã")
    export_dossier_package(page.ctx.store, code, signer, package)
    page.import_files([str(package)])
    wait_idle(qtbot)
    assert f"hồ sơ.ocop: Dossier of product {code}" in page.import_result.text()
    assert get_product(page.ctx.store, code) is not None
    # the private key file stays encrypted, and another machine's key folder takes it in
    exported = tmp_path / "tv05.key.json"
    page.export_private(str(exported))
    text = exported.read_text(encoding="utf-8")
    assert "sealed_seed" in text and "mật khẩu" not in text
    page.keys_folder = tmp_path / "other-machine"
    page.reload_keys()
    assert page.keys_table.rowCount() == 0
    page.import_private(str(exported))
    assert [k.key_id for k in page.own_keys] == [key.key_id]
    assert keys.unlock(page.own_keys[0], "mật khẩu cán bộ xã").key_id == key.key_id


def _dialog_clipped(d) -> list[str]:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QCheckBox, QLabel, QPushButton

    bad = [] if d.width() <= 1366 and d.height() <= 768 else [f"dialog {d.size().toTuple()}"]
    for w in d.findChildren(QLabel) + d.findChildren(QPushButton) + d.findChildren(QCheckBox):
        if not w.isVisible() or not w.text():
            continue
        if isinstance(w, QLabel) and w.wordWrap():
            if w.height() < w.heightForWidth(w.width()):
                bad.append(f"{w.text()!r}: {w.height()} high < {w.heightForWidth(w.width())}")
        elif w.width() < w.sizeHint().width() or w.height() < w.sizeHint().height():
            bad.append(f"{w.text()!r}: {w.size().toTuple()} < {w.sizeHint().toTuple()}")
    return bad


def _sample_dialogs() -> list[QDialog]:
    council = ("HD-OCOP-065", "Hội đồng đánh giá, phân hạng sản phẩm OCOP huyện Chợ Mới", "district", "065")
    return [
        NewKeyDialog(None, council=council, members=[("tv01", "Trần Ngọc Cường")]),
        TrustConfirmDialog(None, key_id="c7acd1b14dd646c3115f33fd63cad5f6", owner_kind="member", owner_id="tv01",
                           name="Trần Ngọc Cường", level="district", admin_unit="065",
                           fingerprint="Y6WN DMKN 2ZDM GEK7 GP6W HSWV 63K3 QBGJ",
                           file="/media/usb/Chợ Mới/tv01.pub.json",
                           register_text=i18n._("Also &register it as member {member}'s key in council {council}")
                           .format(member="tv01", council=council[0])),
        PassphraseDialog(None, i18n._("Passphrase of the key of {name} ({kind} {owner}), fingerprint {fp}:").format(
            name=council[1], kind="hội đồng", owner=council[0], fp="Y6WN DMKN 2ZDM GEK7 GP6W HSWV 63K3 QBGJ"),
            confirm=True),
    ]


def test_dialogs_show_every_text_whole_in_vietnamese(qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtWidgets import QPushButton

    _vietnamese_catalogue(tmp_path, monkeypatch)
    i18n.set_language("vi")
    try:
        dialogs = _sample_dialogs()
        for d in dialogs:
            qtbot.addWidget(d)
            d.show()
            qtbot.waitExposed(d)
            assert _dialog_clipped(d) == []
        assert dialogs[1].register is not None and dialogs[1].register.text().startswith("Đồng thời đăng &ký")
        assert "Hủy" in [b.text() for b in dialogs[2].findChildren(QPushButton)]
    finally:
        i18n.set_language("en")


def scaled_check(work: str) -> int:
    """Run in a child process with QT_SCALE_FACTOR set: both screens and the dialogs, both languages."""
    import os

    from PySide6.QtTest import QTest

    from ocop_desk.bundles import keys, trust
    from ocop_desk.exchange.session_results import export_session_results
    from ocop_desk.ui import operations
    from ocop_desk.ui.app import LaunchOptions, application, open_window
    from tools import i18n as tool

    root = Path(work)
    os.environ["OCOP_DESK_DATA_DIR"] = str(root / "data")
    tool.compile_catalog(tool.PO_DIR, root / "locale" / "vi" / "LC_MESSAGES" / "ocop_desk.mo")
    i18n.LOCALE_DIR = root / "locale"
    application()
    operations.set_show_boxes(False)

    def settle() -> None:
        QTest.qWait(50)
        while operations.running():
            QTest.qWait(20)

    win, lock = open_window(LaunchOptions(db=str(root / "store.sqlite3"), lang="vi"), ask=False)
    win.resize(1366, 768)
    win.show()
    settle()
    bundles = win.page("bundles")
    win.navigate("bundles")
    settle()
    c = bundles.detail.council
    stored, signer = keys.new_key("council", c.id, PASS, name=c.name, level="district", admin_unit=c.admin_unit or "",
                                  scrypt_n=2 ** 10)
    keys.save_key(stored)
    trust.add_key(trust.load_trust(), stored.public, note=c.name, signer=signer)
    out = root / "kết quả.ocop"
    close_session(win.ctx.store, bundles.detail.id)
    export_session_results(win.ctx.store, bundles.detail.id, signer, out)
    bundles.reload()
    bundles.verify(str(out))
    settle()
    win.navigate("province")
    win.pages["province"].merge([str(out)])
    settle()
    problems: list[str] = []
    for lang in ("vi", "en"):
        win.set_language(lang)
        for key in ("bundles", "province"):
            win.navigate(key)
            settle()
            page = win.pages[key]
            for i in range(page.tabs.count()):
                page.tabs.setCurrentIndex(i)
                QTest.qWait(20)
                problems += [f"{lang} {key} tab {i}: {p}" for p in _clipped(page)]
        for d in _sample_dialogs():
            d.show()
            QTest.qWait(20)
            problems += [f"{lang} {type(d).__name__}: {p}" for p in _dialog_clipped(d)]
            d.close()
    print("\n".join(problems))
    win.ctx.store.dispose()
    if lock is not None:
        lock.release()
    return 1 if problems else 0


def test_screens_and_dialogs_fit_at_150_percent(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "QT_SCALE_FACTOR": "1.5"}
    code = ("import sys; from tests.ui.test_bundles_page import scaled_check; "
            f"sys.exit(scaled_check({str(tmp_path)!r}))")
    done = subprocess.run([sys.executable, "-c", code], cwd=Path(__file__).resolve().parents[2], env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr[-2000:]
