"""Pages known before printing: `print_jobs.plan_job` counts what `print_session` writes, for every kind."""

from __future__ import annotations

from pathlib import Path

import pytest
from printing_proof import pdf_pages

from ocop_desk import print_jobs as jobs
from ocop_desk.errors import NotFound
from ocop_desk.sessions import get_session


def test_planned_pages_are_the_printed_pages_for_every_kind(tmp_path: Path, store, demo, monkeypatch) -> None:
    here = tmp_path / "cwd"
    here.mkdir()
    monkeypatch.chdir(here)
    member = get_session(store, demo.session_id).members[0].code
    for what in jobs.WHATS:
        plan = jobs.plan_job(store, demo.session_id, what)
        assert list(here.iterdir()) == [], what  # nothing written while planning
        outcome = jobs.print_session(store, demo.session_id, what, tmp_path / "out" / what)
        assert (plan.what, plan.pages, plan.items) == (what, outcome.pages, outcome.items), what
        assert plan.pages == pdf_pages(outcome.path) >= 1, what
    for what in ("sheets", "ticklist"):  # one member's sheets: the count follows the choice
        plan = jobs.plan_job(store, demo.session_id, what, member=member)
        outcome = jobs.print_session(store, demo.session_id, what, tmp_path / "one" / what, member=member)
        assert (plan.pages, plan.items) == (outcome.pages, outcome.items) == (pdf_pages(outcome.path), plan.items)
        assert plan.pages < jobs.plan_job(store, demo.session_id, what).pages, what


def test_a_plan_fails_as_the_job_would(store, demo) -> None:
    with pytest.raises(NotFound):
        jobs.plan_job(store, demo.session_id, "sheets", member="NOBODY")


def test_planning_counts_without_drawing_the_grids(store, demo, monkeypatch) -> None:
    """The page counter skips the costly drawing; the written job draws every grid."""
    from ocop_desk.printing import grid

    drawn: list[bool] = []
    real = grid.Grid.draw

    def spy(self):  # type: ignore[no-untyped-def]
        drawn.append(isinstance(self.canv, grid.PageCounter))
        real(self)

    monkeypatch.setattr(grid.Grid, "draw", spy)
    jobs.plan_job(store, demo.session_id, "ticklist")
    assert drawn and all(drawn)


def test_print_pages_counts_without_writing(tmp_path: Path, store, demo, run_cli, tmp_store_url: str,
                                            monkeypatch) -> None:
    here = tmp_path / "cwd"
    here.mkdir()
    monkeypatch.chdir(here)
    plan = jobs.plan_job(store, demo.session_id, "ticklist")
    code, out, err = run_cli("--db", tmp_store_url, "print", demo.session_id, "--what", "ticklist", "--pages")
    assert code == 0, err
    assert out.strip() == f"sẽ in {plan.pages} trang, {plan.items} phiếu; chưa ghi tệp nào"
    code, out, err = run_cli("--db", tmp_store_url, "--lang", "en", "print", "--criteria-set",
                             "148-2023-thuc-pham-gao-ngu-coc", "--what", "blank", "--pages")
    assert code == 0, err
    assert list(here.iterdir()) == []
    printed = jobs.print_criteria_set(store, "148-2023-thuc-pham-gao-ngu-coc", tmp_path / "set.pdf")
    assert out.strip() == f"would print {pdf_pages(printed.path)} pages, 1 sheets; nothing written"
    code, out, err = run_cli("--db", tmp_store_url, "print", demo.session_id, "--what", "blank", "--pages",
                             "--out", str(tmp_path))
    assert code == 2 and "--out" in err  # one or the other
