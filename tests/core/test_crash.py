"""Nothing acknowledged is lost: a scorer process killed with SIGKILL at random moments.

A child process (forked, so each trial costs milliseconds, not an interpreter
start) records choices through the service layer and reports each one on a
pipe only after `record_choice` has returned.  The parent kills it with
SIGKILL at a random moment, reopens the store and checks that every
acknowledged choice is there (or was overwritten by a later attempt of the
same trial), and that the audit chain still verifies.
"""

from __future__ import annotations

import multiprocessing
import os
import random
import signal
import sys
import time

import pytest

from ocop_desk.audit import verify
from ocop_desk.catalogue import criteria_set_by_pk
from ocop_desk.demo import create_demo
from ocop_desk.sessions import get_session, load_scorecard, record_choice
from ocop_desk.store.engine import open_store

TRIALS = 200


def _scorer(url: str, session_id: str, plan: list[tuple[str, str, str, str]], fd: int) -> None:
    store = open_store(url)
    for i, (product, member, crit, option) in enumerate(plan):
        record_choice(store, session_id, product, member, crit, option)
        os.write(fd, f"{i}\n".encode())
    os._exit(0)


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL and fork are POSIX")
def test_sigkill_never_loses_an_acknowledged_choice(tmp_path):
    url = f"sqlite:///{tmp_path / 'crash.sqlite3'}"
    store = open_store(url)
    demo = create_demo(store, products=6, members=9, seed=11)
    detail = get_session(store, demo.session_id)
    keys = []
    for item in detail.items:
        cs = criteria_set_by_pk(store, item.criteria_set_pk)
        for m in detail.members:
            if m.present and m.code not in item.conflicts:
                for crit in cs.criteria():
                    keys.append((item.product_code, m.code, crit.id, tuple(o.id for o in crit.options)))
    rng = random.Random(20261123)
    expected: dict[tuple[str, str, str], str] = {}
    ctx = multiprocessing.get_context("fork")
    killed_mid_run = 0
    for trial in range(TRIALS):
        plan = []
        for _ in range(rng.randint(5, 40)):
            product, member, crit, options = rng.choice(keys)
            plan.append((product, member, crit, rng.choice(options)))
        read_fd, write_fd = os.pipe()
        store.dispose()
        child = ctx.Process(target=_scorer, args=(url, demo.session_id, plan, write_fd))
        child.start()
        os.close(write_fd)
        time.sleep(rng.uniform(0.0, 0.25))
        os.kill(child.pid, signal.SIGKILL)
        child.join()
        acked_text = b""
        while chunk := os.read(read_fd, 65536):
            acked_text += chunk
        os.close(read_fd)
        acked = [int(x) for x in acked_text.split()]
        assert acked == list(range(len(acked))), "acknowledgements arrive in order"
        if len(acked) < len(plan):
            killed_mid_run += 1
        # The first unacknowledged write may or may not have committed before the kill.
        in_doubt = plan[len(acked)] if len(acked) < len(plan) else None
        for i in acked:
            product, member, crit, option = plan[i]
            expected[(product, member, crit)] = option
        store = open_store(url)
        stored_cards: dict[tuple[str, str], dict[str, str]] = {}
        for (product, member, crit), option in expected.items():
            card = stored_cards.get((product, member))
            if card is None:
                card = stored_cards[(product, member)] = dict(load_scorecard(store, demo.session_id, product,
                                                                              member).choices)
            got = card.get(crit)
            if in_doubt is not None and in_doubt[:3] == (product, member, crit) and got == in_doubt[3]:
                expected[(product, member, crit)] = got
                continue
            assert got == option, f"trial {trial}: {product}/{member}/{crit} lost (want {option}, got {got})"
        if in_doubt is not None:
            card = load_scorecard(store, demo.session_id, in_doubt[0], in_doubt[1]).choices
            if card.get(in_doubt[2]) == in_doubt[3]:
                expected[in_doubt[:3]] = in_doubt[3]
        report = verify(store)
        assert report.ok, f"trial {trial}: {report.message}"
    assert killed_mid_run >= TRIALS // 4, "the kills must land in the middle of runs"
