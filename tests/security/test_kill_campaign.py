"""SIGKILL campaign: every long operation is all-or-nothing, and the store opens and verifies after a kill.

Each trial forks a child (milliseconds, not an interpreter start) that runs
one operation on a fresh copy of a prepared store; the parent kills it with
SIGKILL at a random moment within the operation's measured duration, then
reopens the store, runs `audit verify`, and checks that the operation left
either nothing or everything.  The operations: `session import` of a large
file, a province `merge`, an `excel import` of a member workbook, a results
`bundle export`, a `backup`, and the first creation of a store.
"""

from __future__ import annotations

import multiprocessing
import os
import random
import shutil
import signal
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pytest
from sqlalchemy import func, select

from ocop_desk.audit import verify
from ocop_desk.store.engine import open_store
from ocop_desk.store.models import Choice, SessionRow

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL and fork are POSIX")]

TRIALS = {"session_import": 40, "merge": 35, "excel_import": 35, "bundle_export": 30, "backup": 30,
          "store_creation": 35}


def _url(path: Path) -> str:
    return f"sqlite:///{path}"


def _count(store, table) -> int:  # type: ignore[no-untyped-def]
    with store.read() as s:
        return s.scalar(select(func.count()).select_from(table))


def _copy_store(src: Path, dest: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(str(dest) + suffix).unlink(missing_ok=True)
        if Path(str(src) + suffix).exists():
            shutil.copyfile(str(src) + suffix, str(dest) + suffix)


def _run_killed(op: Callable[[], None], delay: float) -> bool:
    """Runs `op` in a forked child and kills it after `delay` seconds; True if it finished first."""
    ctx = multiprocessing.get_context("fork")

    def child() -> None:
        op()
        os._exit(0)

    proc = ctx.Process(target=child)
    proc.start()
    proc.join(delay)
    finished = proc.exitcode == 0
    if proc.exitcode is None:
        os.kill(proc.pid, signal.SIGKILL)
        proc.join()
    assert proc.exitcode in (0, -signal.SIGKILL), f"the operation failed on its own ({proc.exitcode})"
    return finished


def _timed(op: Callable[[], None]) -> float:
    t = time.perf_counter()
    assert _run_killed(op, 120.0)
    return time.perf_counter() - t


@dataclass
class Campaign:
    name: str
    prepare: Callable[[], None]
    op: Callable[[], None]
    check: Callable[[bool], None]

    def run(self, rng: random.Random) -> tuple[int, int]:
        self.prepare()
        duration = _timed(self.op)
        self.check(True)
        killed = 0
        for _ in range(TRIALS[self.name]):
            self.prepare()
            finished = _run_killed(self.op, rng.uniform(0.0, duration * 1.1))
            killed += not finished
            self.check(finished)
        return TRIALS[self.name], killed


def _verified(path: Path):  # type: ignore[no-untyped-def]
    store = open_store(_url(path))
    report = verify(store)
    assert report.ok, report.message
    return store


@pytest.fixture(scope="module")
def base(tmp_path_factory):  # type: ignore[no-untyped-def]
    """Prepared stores and files, built once: an empty store, a scored district, a large session file."""
    import json

    from ocop_desk.catalogue import sync_catalogue
    from ocop_desk.demo import create_demo, demo_data
    from ocop_desk.i18n import set_language

    set_language("en")
    root = tmp_path_factory.mktemp("kill")
    empty = root / "empty.sqlite3"
    store = open_store(_url(empty))
    sync_catalogue(store)
    big = demo_data(store, products=24, members=9, seed=4)
    big["session"]["id"] = "2026-LON"
    (root / "big.json").write_text(json.dumps(big, ensure_ascii=False), encoding="utf-8")
    store.dispose()
    district = root / "district.sqlite3"
    store = open_store(_url(district))
    demo = create_demo(store, products=8, members=9, seed=4)
    store.dispose()
    return root, empty, district, demo.session_id, len([c for sc in big["scorecards"] for c in sc["choices"]])


def _session_import(root: Path, empty: Path, choices: int) -> Campaign:
    from ocop_desk.interchange import import_session

    work = root / "import.sqlite3"

    def op() -> None:
        import_session(open_store(_url(work)), root / "big.json")

    def check(finished: bool) -> None:
        store = _verified(work)
        n, sessions = _count(store, Choice), _count(store, SessionRow)
        store.dispose()
        assert (n, sessions) in ((0, 0), (choices, 1)), f"half an import: {n} choices, {sessions} sessions"
        assert not finished or n == choices

    return Campaign("session_import", lambda: _copy_store(empty, work), op, check)


def _store_creation(root: Path) -> Campaign:
    work = root / "new.sqlite3"

    def prepare() -> None:
        _copy_store(root / "absent", work)

    def check(finished: bool) -> None:
        store = _verified(work)  # opening finishes (or redoes) an interrupted creation
        assert _count(store, SessionRow) == 0
        store.dispose()

    return Campaign("store_creation", prepare, lambda: open_store(_url(work)).dispose(), check)


def _backup(root: Path, district: Path) -> Campaign:
    from ocop_desk.backup import backup_store, check_backup

    dest = root / "backups" / "copy.sqlite3"
    expected: list[int] = []

    def prepare() -> None:
        dest.unlink(missing_ok=True)
        if not expected:
            store = open_store(_url(district))
            expected.append(_count(store, Choice))
            store.dispose()

    def check(finished: bool) -> None:
        _verified(district).dispose()
        if dest.exists():
            check_backup(dest)
            copy = _verified(dest)
            assert _count(copy, Choice) == expected[0]
            copy.dispose()
        assert not finished or dest.exists()

    return Campaign("backup", prepare, lambda: backup_store(open_store(_url(district)), dest) and None, check)


def _excel_import(root: Path, district: Path, session_id: str) -> Campaign:
    from openpyxl import load_workbook

    from ocop_desk.excel.member_workbook import COL_CHOICE, COL_CODE, HEADER_ROW, option_display
    from ocop_desk.workbooks import export_member_template, import_member_workbook, template_info
    from ocop_desk.sessions import load_scorecard

    work = root / "excel.sqlite3"
    book = root / "tv05.xlsx"
    store = open_store(_url(district))
    export_member_template(store, session_id, "tv05", book)
    info = template_info(store, session_id, "tv05")
    wb = load_workbook(book)
    filled: dict[str, dict[str, str]] = {}
    for product in info.products:
        if product.conflicted:
            continue
        ws = wb[product.code]
        rows = {ws.cell(r, COL_CODE).value: r for r in range(HEADER_ROW + 1, ws.max_row + 1)}
        filled[product.code] = {}
        for crit in product.criteria_set.criteria():
            opt = crit.options[0]
            ws.cell(rows[crit.id], COL_CHOICE).value = option_display(crit)[opt.id]
            filled[product.code][crit.id] = opt.id
    wb.save(book)
    before = {code: dict(load_scorecard(store, session_id, code, "tv05").choices) for code in filled}
    store.dispose()
    assert any(before[c] != filled[c] for c in filled)

    def check(finished: bool) -> None:
        store = _verified(work)
        now = {code: dict(load_scorecard(store, session_id, code, "tv05").choices) for code in filled}
        store.dispose()
        after = {c: {**before[c], **filled[c]} for c in filled}
        assert now in (before, after), "half a workbook was imported"
        assert not finished or now == after

    return Campaign("excel_import", lambda: _copy_store(district, work),
                    lambda: import_member_workbook(open_store(_url(work)), book) and None, check)


def _bundles(root: Path, district: Path, empty: Path, session_id: str) -> tuple[Campaign, Campaign]:
    from ocop_desk.bundles import trust
    from ocop_desk.exchange.session_results import export_session_results
    from ocop_desk.bundles.verify import verify_bundle
    from ocop_desk.sessions import get_session, set_state
    from ocop_desk.store.province import EnvelopeReceived, MergedResult
    from tests.bundles.bundle_helpers import make_party

    closed = root / "closed.sqlite3"
    _copy_store(district, closed)
    district = closed
    store = open_store(_url(district))
    council = get_session(store, session_id).council
    set_state(store, session_id, "closed", acknowledge_unfinished="kiểm thử")
    store.dispose()
    party = make_party("council", council.id, council.admin_unit or "065")
    trusted, _e = trust.add_key(trust.load_trust(root / "trust.json"), party.stored.public)
    trusted = trust.save_trust(trusted, party.signer)  # the province laptop's trust store, sealed
    work = root / "export.sqlite3"
    out = root / "results.ocop"

    def export_prepare() -> None:
        _copy_store(district, work)
        out.unlink(missing_ok=True)

    def export_check(finished: bool) -> None:
        _verified(work).dispose()
        if out.exists():
            verify_bundle(out, trusted)
        assert not finished or out.exists()

    export = Campaign("bundle_export", export_prepare,
                      lambda: export_session_results(open_store(_url(work)), session_id, party.signer, out) and None,
                      export_check)

    from ocop_desk.exchange.merge import merge_bundle

    bundle = root / "to-merge.ocop"
    export_session_results(open_store(_url(district)), session_id, party.signer, bundle)
    province = root / "province.sqlite3"

    def merge_check(finished: bool) -> None:
        store = _verified(province)
        received, merged = _count(store, EnvelopeReceived), _count(store, MergedResult)
        store.dispose()
        assert (received == 0) == (merged == 0), f"half a merge: {received} envelopes, {merged} results"
        assert not finished or received == 1

    merge = Campaign("merge", lambda: _copy_store(empty, province),
                     lambda: merge_bundle(open_store(_url(province)), bundle, trusted) and None, merge_check)
    return export, merge


def test_sigkill_campaign_every_operation_all_or_nothing(base) -> None:
    root, empty, district, session_id, choices = base
    rng = random.Random(20261201)
    export, merge = _bundles(root, district, empty, session_id)
    campaigns = [_session_import(root, empty, choices), _store_creation(root), _backup(root, district),
                 _excel_import(root, district, session_id), export, merge]
    started = time.perf_counter()
    figures = {c.name: c.run(rng) for c in campaigns}
    total = sum(t for t, _k in figures.values())
    killed = sum(k for _t, k in figures.values())
    print(f"\nSIGKILL campaign: {total} trials ({killed} killed mid-operation) in "
          f"{time.perf_counter() - started:.0f} s: {figures}")
    assert total >= 200
    for name, (trials, k) in figures.items():
        assert k >= trials // 4, f"{name}: the kills must land in the middle of the operation ({k}/{trials})"
