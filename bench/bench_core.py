"""Core benchmarks (issue 2 §6), each reported against a raw baseline from the same run.

    python bench/bench_core.py [--products 1000] [--members 9] [--repeat 3]

- session import of P products × M members: ocop-desk vs raw sqlite3
  `executemany` of the same choice rows into an equivalent table (target ≤ 3×);
- results of that session (the JSON the CLI prints) vs a raw SQL aggregate of
  the same rows (target ≤ 2 s absolute);
- `ocop-desk --help` wall time (target ≤ 0.3 s) and `ocop-desk criteria list`
  vs `python -c "import sqlalchemy.orm"` (target ≤ 1.5×).
Figures are printed; nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def _best(fn, repeat: int) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def _wall(cmd: list[str], repeat: int, env: dict[str, str]) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, env=env)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--products", type=int, default=1000)
    ap.add_argument("--members", type=int, default=9)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()

    from ocop_desk.demo import demo_data
    from ocop_desk.interchange import import_session
    from ocop_desk.results import results_json, session_results
    from ocop_desk.store.engine import open_store

    tmp = Path(tempfile.mkdtemp(prefix="ocop-bench-"))
    seed_store = open_store(f"sqlite:///{tmp / 'seed.sqlite3'}")
    data = demo_data(seed_store, products=args.products, members=args.members, seed=1)
    # Every product scored by every present member: the volume the issue names.
    data["session"]["present"] = present = [m["id"] for m in data["members"]]
    from ocop_desk.catalogue import resolve_criteria_set

    cards = []
    for i, p in enumerate(data["products"]):
        p["conflicts"], p["knockouts"] = [], []
        cs = resolve_criteria_set(seed_store, p["criteria_set"])[1]
        for j, m in enumerate(present):
            choices = {}
            for k, crit in enumerate(cs.criteria()):
                choices[crit.id] = crit.options[(i + j + k) % len(crit.options)].id
            cards.append({"member": m, "product": p["code"], "choices": choices})
    data["scorecards"] = cards
    n_choices = sum(len(c["choices"]) for c in cards)
    session_file = tmp / "session.json"
    session_file.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    size_mb = session_file.stat().st_size / 1e6

    rows = [(ci, crit, opt) for ci, c in enumerate(cards, start=1) for crit, opt in c["choices"].items()]

    def raw_insert() -> None:
        path = tmp / f"raw-{time.perf_counter_ns()}.sqlite3"
        conn = sqlite3.connect(path, isolation_level=None)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=FULL")
        conn.execute("CREATE TABLE choices (scorecard_pk INTEGER NOT NULL, criterion_id VARCHAR(40) NOT NULL, "
                     "option_id VARCHAR(40), note TEXT, PRIMARY KEY (scorecard_pk, criterion_id))")
        conn.execute("BEGIN")
        conn.executemany("INSERT INTO choices (scorecard_pk, criterion_id, option_id) VALUES (?, ?, ?)", rows)
        conn.execute("COMMIT")
        conn.close()

    stores = []

    def ours_import() -> None:
        store = open_store(f"sqlite:///{tmp / f'ours-{time.perf_counter_ns()}.sqlite3'}")
        from ocop_desk.catalogue import sync_catalogue

        sync_catalogue(store)  # first-open catalogue sync is not part of the import
        t0 = time.perf_counter()
        import_session(store, session_file)
        stores.append((store, time.perf_counter() - t0))

    t_raw = _best(raw_insert, args.repeat)
    for _ in range(args.repeat):
        ours_import()
    t_import = min(t for _s, t in stores)
    store = stores[-1][0]

    def raw_aggregate() -> None:
        conn = sqlite3.connect(store.path)
        conn.execute("SELECT s.agenda_pk, s.member_pk, count(*), group_concat(c.option_id) FROM choices c "
                     "JOIN scorecards s ON s.pk = c.scorecard_pk GROUP BY s.agenda_pk, s.member_pk").fetchall()
        conn.close()

    sid = data["session"]["id"]
    t_raw_agg = _best(raw_aggregate, args.repeat)
    t_results = _best(lambda: results_json(session_results(store, sid)), args.repeat)

    env = dict(os.environ, OCOP_DESK_DB=f"sqlite:///{store.path}")
    exe = [sys.executable, "-m", "ocop_desk"]
    _wall(exe + ["criteria", "list"], 1, env)  # warm the file cache and .pyc
    t_help = _wall(exe + ["--help"], 7, env)
    t_list = _wall(exe + ["criteria", "list"], 7, env)
    t_orm = _wall([sys.executable, "-c", "import sqlalchemy.orm"], 7, env)

    print(f"volume: {args.products} products × {len(present)} members, {n_choices} choice rows, "
          f"session file {size_mb:.1f} MB")
    print(f"session import: {t_import:.2f} s; raw sqlite3 executemany {t_raw:.2f} s; "
          f"ratio {t_import / t_raw:.2f}× (target ≤ 3×)")
    print(f"results --json: {t_results:.2f} s (target ≤ 2 s); raw SQL aggregate {t_raw_agg:.2f} s; "
          f"ratio {t_results / t_raw_agg:.1f}×")
    print(f"ocop-desk --help: {t_help:.3f} s wall (target ≤ 0.3 s)")
    print(f"criteria list: {t_list:.3f} s; python -c 'import sqlalchemy.orm' {t_orm:.3f} s; "
          f"ratio {t_list / t_orm:.2f}× (target ≤ 1.5×)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
