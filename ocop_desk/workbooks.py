"""Excel use cases: a member's score workbook for a session, and the product list.

`ocop_desk.excel` turns plain data into workbooks and back; here the data
comes from the store and what a workbook says goes into it, through the
services (`sessions`, `dossiers`) and their rules.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from ocop_desk import sessions
from ocop_desk.dossiers import PRODUCTS_FORMAT, export_products, import_products
from ocop_desk.errors import ImportRefused, NotFound, SessionLocked
from ocop_desk.excel.member_workbook import (ABOUT_SHEET, TemplateInfo, TemplateProduct, member_of_workbook,
                                             read_member_workbook, write_member_template)
from ocop_desk.excel.product_list import cell_problems, read_product_workbook, write_product_workbook
from ocop_desk.i18n import _
from ocop_desk.identifiers import check_id
from ocop_desk.store.engine import Store


@dataclass(frozen=True)
class ScoresImported:
    session_id: str
    member_code: str
    products: int
    choices: int
    notes: int


def template_info(store: Store, session_id: str, member_code: str) -> TemplateInfo:
    """What a member's workbook for the session holds: each agenda product, its set, what is saved."""
    detail = sessions.get_session(store, session_id)
    member = next((m for m in detail.members if m.code == member_code), None)
    if member is None:
        raise NotFound(_("member {code} is not in council {council}").format(
            code=member_code, council=detail.council.id), place="member")
    saved, notes = sessions.session_choices(store, session_id), sessions.session_notes(store, session_id)
    sets = sessions.agenda_criteria_sets(store, detail)
    products = []
    for item in detail.items:
        key = (item.product_code, member_code)
        products.append(TemplateProduct(item.product_code, item.product_name, item.producer_name,
                                        sets[item.criteria_set_pk], member_code in item.conflicts,
                                        saved.get(key, {}), notes.get(key, {})))
    return TemplateInfo(detail.id, detail.council.name, member.code, member.name, tuple(products),
                        detail.date)


def export_member_template(store: Store, session_id: str, member_code: str,
                           path: str | os.PathLike[str]) -> Path:
    return write_member_template(path, template_info(store, session_id, member_code))


def import_member_workbook(store: Store, path: str | os.PathLike[str], *, session_id: str | None = None,
                           member_code: str | None = None, actor: str | None = None) -> ScoresImported:
    """Check the whole workbook, then record every filled choice and note in one transaction."""
    file = str(path)
    found_session, found_member = member_of_workbook(path)
    session_id = check_id(session_id or found_session, "session", file=file, place=f"{ABOUT_SHEET}: session")
    member_code = check_id(member_code or found_member, "member", file=file, place=f"{ABOUT_SHEET}: member")
    try:
        info = template_info(store, session_id, member_code)
    except NotFound as exc:
        raise ImportRefused(exc.message, file=file, place=exc.place) from exc
    scores = read_member_workbook(path, info, sessions.choice_problem)
    detail = sessions.get_session(store, session_id)
    member = detail.member(member_code)
    # Conflicted products were refused by the reader, cell by cell; here the session and the member.
    lock = sessions.score_lock(detail.state, member.present, conflicted=False)
    if lock in ("closed", "preparing"):
        raise SessionLocked(_("session {sid} is not open for scoring (it is “{state}”); nothing was imported")
                            .format(sid=session_id, state=detail.state), file=file, place="session")
    if lock == "absent" and (scores.choices or scores.notes):
        raise SessionLocked(_("member {code} is not recorded as present; nothing was imported").format(
            code=member_code), file=file, place="member")
    codes = sorted(set(scores.choices) | set(scores.notes))
    # A template is pre-filled with what was saved: count what this import changed.
    n_choices = sessions.record_scorecards(store, session_id, [
        sessions.SheetEntry(code, member_code, scores.choices.get(code, {}), scores.notes.get(code, {}))
        for code in codes], actor=actor)
    saved = {p.code: p for p in info.products}
    changed_notes = {(code, crit) for code, noted in scores.notes.items() for crit, text in noted.items()
                     if saved[code].saved_notes.get(crit) != text}
    changed_choices = {code for code, picked in scores.choices.items()
                       if any(saved[code].saved.get(crit) != value for crit, value in picked.items())}
    products = len(changed_choices | {code for code, _crit in changed_notes})
    return ScoresImported(session_id, member_code, products, n_choices, len(changed_notes))


def export_product_workbook(store: Store, path: str | os.PathLike[str]) -> Path:
    return write_product_workbook(path, export_products(store))


def import_product_workbook(store: Store, path: str | os.PathLike[str], *, actor: str | None = None) -> int:
    """Check the workbook, then import every product through `dossiers.import_products`."""
    sheet = read_product_workbook(path)
    try:
        return import_products(store, {"format": PRODUCTS_FORMAT, "products": sheet.products}, file=str(path),
                               actor=actor)
    except ImportRefused as exc:
        raise ImportRefused(exc.message, file=str(path), place=exc.place,
                            problems=cell_problems(exc.problems, sheet)) from exc
