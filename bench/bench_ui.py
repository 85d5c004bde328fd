"""Benchmarks of the desktop application (figures for the issue note, not timed tests).

    python bench/bench_ui.py [--repeat N]

- cold start: wall time of `ocop-desk gui --exit-after 0` in a fresh process
  (interpreter, imports, store open, window built and shown, then quit), on
  a store that already holds the demo; the first start, which also creates
  the demo council, is shown separately.  Target ≤ 2 s.
- opening a product: `ScoringPage.open_product` for the agenda item with the
  most criteria — the first time its criteria set is shown (the sheet's
  widgets are built) and again for another product of a set already built.
  Target ≤ 100 ms for ~40 criteria.
- a choice: `ScoringPage.choose` end to end (service call committing one
  transaction with synchronous=FULL, audit entry, then totals redrawn), and
  the on-screen part alone (engine totals + labels).  Target ≤ 16 ms.
Runs offscreen on a throw-away store.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def _ms(values: list[float]) -> str:
    values = sorted(values)
    p95 = values[min(len(values) - 1, int(len(values) * 0.95))]
    return f"median {statistics.median(values) * 1000:7.1f} ms   p95 {p95 * 1000:7.1f} ms   (n={len(values)})"


def cold_start(work: Path, repeat: int) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", OCOP_DESK_DATA_DIR=str(work / "cold-data"))
    db = str(work / "cold.sqlite3")
    cmd = [sys.executable, "-m", "ocop_desk", "--db", db, "gui", "--exit-after", "0"]
    t = time.perf_counter()
    subprocess.run(cmd, env=env, check=True, capture_output=True)
    first = time.perf_counter() - t
    times = []
    for _i in range(repeat):
        t = time.perf_counter()
        subprocess.run(cmd, env=env, check=True, capture_output=True)
        times.append(time.perf_counter() - t)
    print(f"cold start, first run (creates the demo)   {first * 1000:7.1f} ms")
    print(f"cold start, existing store                 {_ms(times)}")


def _add_forty_criteria_product(store, session_id: str) -> None:  # type: ignore[no-untyped-def]
    """The shipped sheets have at most 34 criteria: add a 40-criteria variant of one (bench store only)."""
    import copy

    from ocop_desk import catalogue, dossiers, sessions
    from ocop_desk.scoring.criteria import criteria_set_from_dict

    info = max(catalogue.list_criteria_sets(store),
               key=lambda s: len(catalogue.criteria_set_by_pk(store, s.pk).criterion_ids()))
    data = copy.deepcopy(catalogue.criteria_set_by_pk(store, info.pk).to_dict())
    data["id"] = "bench-40"
    # a section of choose-one cases holds "cases", not "criteria": grow a plain one
    plain = [s for p in data["parts"] for s in p["sections"] if "criteria" in s]
    crits = [c for s in plain for c in s["criteria"]]
    section = plain[0]
    n = 0
    while len(crits) + n < 40:
        extra = copy.deepcopy(crits[n % len(crits)])
        extra["id"] = f"{extra['id']}-x{n}"
        section["criteria"].append(extra)
        n += 1
    catalogue.add_criteria_set(store, criteria_set_from_dict(data), origin="bench")
    pid = dossiers.save_producer(store, "Hợp tác xã Bench", "HTX", "Xã Yên Đĩnh")
    dossiers.save_product(store, "06-065-040-2026", "Sản phẩm 40 tiêu chí", pid, year=2026,
                          criteria_set_ref="bench-40")
    sessions.add_to_agenda(store, session_id, "06-065-040-2026", "bench-40")


def in_window(work: Path, repeat: int) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["OCOP_DESK_DATA_DIR"] = str(work / "data")
    from PySide6.QtTest import QTest

    from ocop_desk import catalogue, sessions
    from ocop_desk.ui import operations
    from ocop_desk.ui.app import LaunchOptions, application, open_window

    application()
    operations.set_show_boxes(False)
    from ocop_desk import demo
    from ocop_desk.store.engine import open_store

    seed = open_store(str(work / "store.sqlite3"))
    _add_forty_criteria_product(seed, demo.create_demo(seed).session_id)
    seed.dispose()
    win, lock = open_window(LaunchOptions(db=str(work / "store.sqlite3")), ask=False)
    win.resize(1366, 768)
    win.show()
    page = win.pages["scoring"]
    while page.product is None or operations.running():
        QTest.qWait(20)
    store = win.ctx.store
    detail = page.view.detail
    sizes = {it.product_code: len(catalogue.criteria_set_by_pk(store, it.criteria_set_pk).criterion_ids())
             for it in detail.items}
    biggest = max(detail.items, key=lambda it: sizes[it.product_code])
    same_set = [it for it in detail.items
                if it.criteria_set_pk == biggest.criteria_set_pk and it.product_code != biggest.product_code]
    member = next(m.code for m in detail.members if m.present and m.code not in biggest.conflicts)
    page.set_member(member)
    other = next(it for it in detail.items if it.criteria_set_pk != biggest.criteria_set_pk)
    page.open_product(other.product_code)
    QTest.qWait(2000)  # the screen builds the agenda's sheets while idle

    if biggest.criteria_set_pk in page.sheets:  # measure a cold build too: forget the prebuilt sheet
        page.sheet_stack.removeWidget(page.sheets.pop(biggest.criteria_set_pk))
    t = time.perf_counter()
    page.open_product(biggest.product_code)
    first = time.perf_counter() - t
    QTest.qWait(20)
    warm = []
    for _i in range(repeat):
        page.open_product(other.product_code)
        QTest.qWait(5)
        t = time.perf_counter()
        page.open_product((same_set[0] if same_set else biggest).product_code)
        warm.append(time.perf_counter() - t)
        QTest.qWait(5)
    print(f"open a product of {sizes[biggest.product_code]} criteria, sheet not prebuilt  {first * 1000:7.1f} ms")
    print(f"open a product of {sizes[biggest.product_code]} criteria (sheet prebuilt)  {_ms(warm)}")

    # choices: clear one product's card for this member and key it again, many times over
    code = biggest.product_code
    page.open_product(code)
    # keys of plain criteria with options (case sections and checklists are keyed otherwise)
    order = [c for c in page.sheet.order if (crit := page.cs.criterion(c)) is not None and crit.options]
    full, screen = [], []
    for n in range(repeat * 2):
        cid = order[n % len(order)]
        opts = page.cs.criterion(cid).options
        opt = opts[n % len(opts)].id
        t = time.perf_counter()
        page.choose(cid, opt)
        full.append(time.perf_counter() - t)
        t = time.perf_counter()
        page.sheet.rows[cid].show_choice(opt)
        page._update_totals()
        screen.append(time.perf_counter() - t)
        if n % 10 == 0:
            QTest.qWait(1)
    assert sessions.load_scorecard(store, detail.id, code, member).choices
    print(f"choice -> saved (own transaction) + totals  {_ms(full)}")
    print(f"choice -> totals on screen (no save)        {_ms(screen)}")
    assert not operations.last_errors(), operations.last_errors()
    if lock is not None:
        lock.release()
    store.dispose()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="ocop-desk-bench-ui-"))
    cold_start(work, max(3, args.repeat // 4))
    in_window(work, args.repeat)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
