"""Write the recognition decision and the register to files: PDF, Word, or both.

One entry point for the CLI and the GUI.  Each file is written beside its
target and moved into place, so a failure never leaves a half-written paper.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from ocop_desk.certificates import decision_paper, due_for_reevaluation, get_recognition, list_recognitions, register
from ocop_desk.docx.writer import write_decision_docx, write_register_docx
from ocop_desk.errors import ImportRefused, NotFound
from ocop_desk.i18n import _
from ocop_desk.identifiers import child_path
from ocop_desk.printing.decision import write_decision, write_register
from ocop_desk.printing.self_assessment import write_comparisons
from ocop_desk.recognition_paper import decision_text, register_text
from ocop_desk.self_assessment import compare
from ocop_desk.sessions import get_session
from ocop_desk.store.engine import Store

if TYPE_CHECKING:
    from ocop_desk.certificates import RegisterFilter

FORMATS = ("pdf", "docx", "both")


def paper_kinds(fmt: str) -> tuple[str, ...]:
    """The formats a `--format` value writes: "pdf", "docx", or both for "both"."""
    if fmt not in FORMATS:
        raise ImportRefused(_("unknown format '{format}'").format(format=fmt), place="--format")
    return ("pdf", "docx") if fmt == "both" else (fmt,)


def _write_paper(stem: Path, kinds: tuple[str, ...], pdf: Callable[[Any], int],
                 docx: Callable[[Path], Path]) -> list[tuple[Path, int]]:
    """`pdf(tmp_path)` written atomically and/or `docx(path)`: (path, pages) each, 0 pages for Word."""
    out: list[tuple[Path, int]] = []
    if "pdf" in kinds:
        path = stem.with_suffix(".pdf")
        # print_jobs imports this module (the paper formats), so its writer is imported here
        from ocop_desk.print_jobs import write_atomically

        out.append((path, write_atomically(path, pdf)))
    if "docx" in kinds:
        out.append((docx(stem.with_suffix(".docx")), 0))
    return out


def write_decision_files(store: Store, ref: str, out_dir: Path, fmt: str = "pdf") -> list[tuple[Path, int]]:
    """(path, pages) per file written; pages is 0 for Word, whose pages the reader lays out."""
    kinds = paper_kinds(fmt)
    paper = decision_paper(store, ref)
    text = decision_text(paper)
    stem = child_path(out_dir, paper.session_id, "decision", suffix=".pdf")  # the one output-path rule
    return _write_paper(stem, kinds, lambda tmp: write_decision(tmp, text), lambda p: write_decision_docx(p, text))


def default_authority(store: Store) -> str:
    """The authority of the latest decision: who keeps the register."""
    latest = list_recognitions(store)
    return get_recognition(store, latest[0][0]).authority if latest else ""


def write_register_files(store: Store, out_dir: Path, fmt: str = "pdf", flt: RegisterFilter | None = None, *,
                         due_within: int | None = None, today: dt.date | None = None,
                         authority: str = "") -> list[tuple[Path, int]]:
    """The register (current certificates under `flt`), or with `due_within` the re-evaluation list."""
    kinds = paper_kinds(fmt)
    today = today or dt.date.today()
    authority = authority or default_authority(store)
    if due_within is not None:
        text = register_text(authority, [], due=due_for_reevaluation(store, due_within, today, flt), today=today,
                             within_months=due_within)
        stem = out_dir / f"certificates-due-{today.isoformat()}"
    else:
        text = register_text(authority, register(store, flt), today=today)
        stem = out_dir / f"certificates-register-{today.isoformat()}"
    return _write_paper(stem, kinds, lambda tmp: write_register(tmp, text), lambda p: write_register_docx(p, text))


def write_self_assessment_pdf(store: Store, session_id: str, out_dir: Path, *, product: str | None = None,
                              only_differences: bool = True) -> tuple[Path, int, int]:
    """Every product of the session with a self-assessment (or one), one page group each: (path, pages, products)."""
    detail = get_session(store, session_id)
    codes = [product] if product else [it.product_code for it in detail.items]
    comparisons = []
    for code in codes:
        try:
            comparisons.append(compare(store, session_id, code))
        except NotFound:
            if product:
                raise
    if not comparisons:
        raise NotFound(_("no product of session {sid} has a self-assessment").format(sid=session_id),
                       place="session")
    path = child_path(out_dir, session_id, "self-assessment", *([product] if product else []), suffix=".pdf")
    # print_jobs imports this module (the paper formats), so its writer is imported here
    from ocop_desk.print_jobs import write_atomically

    pages = write_atomically(path, lambda tmp: write_comparisons(tmp, comparisons, only_differences=only_differences))
    return path, pages, len(comparisons)
