"""Member score workbooks: a member scores a session's products offline in Excel.

One workbook per member: a sheet per product (named by the product code)
with a row per criterion and a dropdown of that criterion's options, plus an
"About" sheet that names the template format, the session, the member and
the criteria set (by content hash) each product is scored with.

Reading back checks everything first and records nothing when anything is
wrong: a template of another format or version, another session or member,
a criteria set that changed since export, a typed "5 điểm", a formula, a
merged cell, an option the criterion does not offer, a missing row.  Each
problem names its `Sheet!Cell`.  A blank choice leaves the stored choice as
it is, so a member can send a partly filled workbook more than once.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Mapping

from ocop_desk.errors import ImportRefused, NotFound, SessionLocked
from ocop_desk.i18n import _
from ocop_desk.identifiers import check_id
from ocop_desk.scoring.criteria import CriteriaSet, Criterion
from ocop_desk.scoring.numbers import as_decimal

if TYPE_CHECKING:
    from ocop_desk.store.engine import Store

TEMPLATE_FORMAT = "ocop-desk/member-scores@1"
ABOUT_SHEET = "About"
LISTS_SHEET = "Lists"
HEADER_ROW = 5
COL_CODE, COL_TITLE, COL_MAX, COL_CHOICE, COL_NOTE = 1, 2, 3, 4, 5
_ABOUT_FIRST = 3  # first key row of the About sheet


@dataclass(frozen=True)
class TemplateProduct:
    code: str
    name: str
    producer: str
    criteria_set: CriteriaSet
    conflicted: bool = False


@dataclass(frozen=True)
class TemplateInfo:
    session_id: str
    council: str
    member_code: str
    member_name: str
    products: tuple[TemplateProduct, ...]
    date: dt.date | None = None


@dataclass(frozen=True)
class MemberScores:
    """What a filled workbook says: product code -> criterion -> option (and notes)."""

    session_id: str
    member_code: str
    choices: Mapping[str, Mapping[str, str]]
    notes: Mapping[str, Mapping[str, str]] = field(default_factory=dict)


@dataclass(frozen=True)
class ScoresImported:
    session_id: str
    member_code: str
    products: int
    choices: int
    notes: int


def option_display(crit: Criterion) -> dict[str, str]:
    """Option id -> the text shown in the dropdown (unique within the criterion).

    Points first, then the wording: "3 – Nguyên liệu …".  No translated word
    in it, so a workbook exported in one language imports in the other.
    """
    shown: dict[str, str] = {}
    used: set[str] = set()
    for opt in crit.options:
        points = opt.points
        number = str(int(points)) if points == points.to_integral_value() else format(points, "f")
        text = f"{number} – {opt.label}"
        if text in used:
            text = f"{text} [{opt.id}]"
        used.add(text)
        shown[opt.id] = text
    return shown


# ------------------------------------------------------------------ writing


def write_member_template(path: str | os.PathLike[str], info: TemplateInfo) -> Path:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, PatternFill, Protection
    from openpyxl.worksheet.datavalidation import DataValidation

    from ocop_desk.excel.conventions import (BAND_FILL, BOLD, THIN_BORDER, WRAP, set_widths,
                                             write_header, write_text, write_title)

    wb = Workbook()
    lists = wb.active
    lists.title = LISTS_SHEET
    lists.sheet_state = "hidden"
    ranges: dict[tuple[str, str], str] = {}
    list_row = 1
    for product in info.products:
        cs = product.criteria_set
        for crit in cs.criteria():
            key = (cs.content_hash, crit.id)
            if key in ranges:
                continue
            first = list_row
            for text in option_display(crit).values():
                write_text(lists.cell(row=list_row, column=2), text)
                lists.cell(row=list_row, column=1).value = crit.id
                list_row += 1
            ranges[key] = f"{LISTS_SHEET}!$B${first}:$B${list_row - 1}"

    choice_fill = PatternFill("solid", fgColor="FFF6D5")
    unlocked = Protection(locked=False)
    for product in info.products:
        cs = product.criteria_set
        ws = wb.create_sheet(product.code[:31])
        write_title(ws, 1, _("OCOP PRODUCT EVALUATION AND RANKING SHEET") + " — " + product.name, 5)
        write_title(ws, 2, f"{product.code} — {product.producer} — {cs.title}", 5, subtitle=True)
        write_title(ws, 3, _("Member: {name}").format(name=info.member_name), 5, subtitle=True)
        if product.conflicted:
            write_title(ws, 4, _("Conflict of interest: you do not score this product."), 5, subtitle=True)
        write_header(ws, HEADER_ROW, [_("Code"), _("Criteria and options"), _("Maximum"),
                                      _("Your choice"), _("Note")])
        row = HEADER_ROW + 1
        for part in cs.parts:
            for col, value in ((COL_CODE, part.id), (COL_TITLE, part.title.upper()), (COL_MAX, part.max)):
                cell = ws.cell(row=row, column=col)
                write_text(cell, value) if isinstance(value, str) else setattr(cell, "value", value)
                cell.font = BOLD
                cell.fill = BAND_FILL
            row += 1
            for section in part.sections:
                for col, value in ((COL_CODE, section.id), (COL_TITLE, section.title),
                                   (COL_MAX, section.max)):
                    cell = ws.cell(row=row, column=col)
                    write_text(cell, value) if isinstance(value, str) else setattr(cell, "value", value)
                    cell.font = BOLD
                row += 1
                for crit in section.criteria:
                    write_text(ws.cell(row=row, column=COL_CODE), crit.id)
                    write_text(ws.cell(row=row, column=COL_TITLE), crit.title)
                    ws.cell(row=row, column=COL_MAX).value = crit.max
                    choice = ws.cell(row=row, column=COL_CHOICE)
                    note = ws.cell(row=row, column=COL_NOTE)
                    for c in (choice, note):
                        c.border = THIN_BORDER
                        c.alignment = WRAP
                        if not product.conflicted:
                            c.protection = unlocked
                            c.fill = choice_fill
                    ws.cell(row=row, column=COL_TITLE).alignment = WRAP
                    if not product.conflicted:
                        dv = DataValidation(type="list", formula1="=" + ranges[(cs.content_hash, crit.id)],
                                            allow_blank=True, showDropDown=False, showErrorMessage=True,
                                            errorTitle=_("Not an option"),
                                            error=_("Choose one of the options in the list."))
                        ws.add_data_validation(dv)
                        dv.add(choice)
                    row += 1
        set_widths(ws, [9, 60, 9, 48, 30])
        ws.protection.sheet = True  # codes and labels stay as exported; choice and note cells are open
        ws.protection.formatColumns = False
        ws.protection.formatRows = False
        for r in range(HEADER_ROW + 1, row):
            ws.cell(row=r, column=COL_MAX).alignment = Alignment(horizontal="center", vertical="top")

    about = wb.create_sheet(ABOUT_SHEET)
    write_title(about, 1, _("About this workbook (read on import; do not change)"), 3)
    write_header(about, 2, [_("Key"), _("Field"), _("Value")])
    rows = [("format", _("Template format"), TEMPLATE_FORMAT),
            ("session", _("Session"), info.session_id),
            ("council", _("Council"), info.council),
            ("member", _("Member code"), info.member_code),
            ("member_name", _("Member"), info.member_name),
            ("date", _("Session date"), info.date.isoformat() if info.date else "")]
    rows += [(f"product:{p.code}", p.name, p.criteria_set.content_hash) for p in info.products]
    for i, (key, label, value) in enumerate(rows, start=_ABOUT_FIRST):
        write_text(about.cell(row=i, column=1), key)
        write_text(about.cell(row=i, column=2), label)
        write_text(about.cell(row=i, column=3), value)
    set_widths(about, [28, 40, 70])
    about.protection.sheet = True
    wb.active = 1 if len(wb.sheetnames) > 1 else 0
    out = Path(path)
    wb.save(out)
    return out


# ------------------------------------------------------------------ reading


def read_member_workbook(path: str | os.PathLike[str], expected: TemplateInfo) -> MemberScores:
    """Everything the member filled in, checked against the session as it is now.

    Raises ImportRefused listing every problem (with its `Sheet!Cell`) when
    anything is wrong; returns only when the whole workbook can be taken in.
    """
    from ocop_desk.excel.conventions import Problems, SheetReader, open_workbook, place

    file = str(path)
    wb = open_workbook(path, ImportRefused)
    problems = Problems()
    if ABOUT_SHEET not in wb.sheetnames:
        raise ImportRefused(_("not an ocop-desk member score workbook: the sheet “{name}” is missing")
                            .format(name=ABOUT_SHEET), file=file)
    about = wb[ABOUT_SHEET]
    about_reader = SheetReader(about, problems)
    keys: dict[str, tuple[int, str | None]] = {}
    for r in range(_ABOUT_FIRST, about.max_row + 1):
        key = about_reader.text(r, 1)
        if key:
            keys[key.strip()] = (r, about_reader.text(r, 3))
    fmt_row, fmt = keys.get("format", (_ABOUT_FIRST, None))
    if fmt != TEMPLATE_FORMAT:
        raise ImportRefused(_("wrong template or version: expected “{expected}”, found “{found}”; "
                              "export a new template").format(expected=TEMPLATE_FORMAT, found=fmt or ""),
                            file=file, place=place(about, fmt_row, 3))
    row, session = keys.get("session", (_ABOUT_FIRST + 1, None))
    if session != expected.session_id:
        raise ImportRefused(_("this workbook is for session “{found}”, not “{expected}”").format(
            found=session or "", expected=expected.session_id), file=file, place=place(about, row, 3))
    row, member = keys.get("member", (_ABOUT_FIRST + 3, None))
    if member != expected.member_code:
        raise ImportRefused(_("this workbook is for member “{found}”, not “{expected}”").format(
            found=member or "", expected=expected.member_code), file=file, place=place(about, row, 3))

    by_code = {p.code: p for p in expected.products}
    choices: dict[str, dict[str, str]] = {}
    notes: dict[str, dict[str, str]] = {}
    for key, (row, value) in keys.items():
        if not key.startswith("product:"):
            continue
        code = key.split(":", 1)[1]
        product = by_code.get(code)
        if product is None:
            problems.add(place(about, row, 1),
                         _("product {code} is no longer on the session's agenda").format(code=code))
            continue
        if value != product.criteria_set.content_hash:
            problems.add(place(about, row, 3),
                         _("product {code} is now scored with another version of its criteria set; "
                           "export a new template").format(code=code))
            continue
        sheet_name = code[:31]
        if sheet_name not in wb.sheetnames:
            problems.add(sheet_name, _("the sheet for product {code} is missing").format(code=code))
            continue
        picked, noted = _read_product_sheet(wb[sheet_name], product, problems)
        if product.conflicted and (picked or noted):
            problems.add(f"{sheet_name}!D{HEADER_ROW + 1}",
                         _("the member has a conflict of interest with product {code} and may not score it")
                         .format(code=code))
            continue
        if picked:
            choices[code] = picked
        if noted:
            notes[code] = noted
    problems.raise_if_any(file, _("the workbook has problems; no score was imported"), ImportRefused)
    return MemberScores(expected.session_id, expected.member_code, choices, notes)


def _read_product_sheet(ws, product: TemplateProduct,  # type: ignore[no-untyped-def]
                        problems) -> tuple[dict[str, str], dict[str, str]]:
    from ocop_desk.excel.conventions import SheetReader, place

    cs = product.criteria_set
    reader = SheetReader(ws, problems)
    structural = {p.id for p in cs.parts} | {s.id for p in cs.parts for s in p.sections}
    seen: dict[str, int] = {}
    picked: dict[str, str] = {}
    noted: dict[str, str] = {}
    for r in range(HEADER_ROW + 1, ws.max_row + 1):
        code = reader.text(r, COL_CODE)
        code = code.strip() if code else None
        if not code:
            if not reader.is_blank(r, COL_CHOICE):
                problems.at(ws, r, COL_CHOICE, _("a choice on a row without a criterion code"))
            continue
        if code in structural:
            continue
        crit = cs.criterion(code)
        if crit is None:
            problems.at(ws, r, COL_CODE, _("“{code}” is not a criterion of this sheet").format(code=code))
            continue
        if code in seen:
            problems.at(ws, r, COL_CODE, _("criterion {code} appears twice (first in row {row})").format(
                code=code, row=seen[code]))
            continue
        seen[code] = r
        text = reader.text(r, COL_CHOICE)
        if text is not None:
            option = _match_option(crit, text.strip())
            if option is None:
                problems.at(ws, r, COL_CHOICE, _("“{text}” is not an option of criterion {code}: "
                                                 "choose one from the list").format(text=text, code=code))
            else:
                picked[code] = option
        note = reader.text(r, COL_NOTE)
        if note and note.strip():
            noted[code] = note.strip()
    for crit in cs.criteria():
        if crit.id not in seen:
            problems.add(place(ws, HEADER_ROW + 1, COL_CODE),
                         _("the row of criterion {code} is missing").format(code=crit.id))
    return picked, noted


def _match_option(crit: Criterion, text: str) -> str | None:
    """The option a cell names: its dropdown text, its id, or its points when they are unique."""
    for opt_id, shown in option_display(crit).items():
        if text == shown or text == opt_id:
            return opt_id
    number = as_decimal(text)
    if number is not None:
        hits = [o.id for o in crit.options if o.points == number]
        if len(hits) == 1:
            return hits[0]
    return None


# ------------------------------------------------------------------ store


def template_info(store: "Store", session_id: str, member_code: str) -> TemplateInfo:
    from ocop_desk.catalogue import criteria_set_by_pk
    from ocop_desk.errors import NotFound
    from ocop_desk.sessions import get_session

    detail = get_session(store, session_id)
    member = next((m for m in detail.members if m.code == member_code), None)
    if member is None:
        raise NotFound(_("member {code} is not in council {council}").format(
            code=member_code, council=detail.council.id), place="member")
    sets: dict[int, CriteriaSet] = {}
    products = []
    for item in detail.items:
        cs = sets.get(item.criteria_set_pk)
        if cs is None:
            cs = sets[item.criteria_set_pk] = criteria_set_by_pk(store, item.criteria_set_pk)
        products.append(TemplateProduct(item.product_code, item.product_name, item.producer_name, cs,
                                        member_code in item.conflicts))
    return TemplateInfo(detail.id, detail.council.name, member.code, member.name, tuple(products),
                        detail.date)


def export_member_template(store: "Store", session_id: str, member_code: str,
                           path: str | os.PathLike[str]) -> Path:
    return write_member_template(path, template_info(store, session_id, member_code))


def member_of_workbook(path: str | os.PathLike[str]) -> tuple[str, str]:
    """(session id, member code) a template was exported for, read from its About sheet."""
    from ocop_desk.excel.conventions import Problems, SheetReader, open_workbook

    wb = open_workbook(path, ImportRefused)
    if ABOUT_SHEET not in wb.sheetnames:
        raise ImportRefused(_("not an ocop-desk member score workbook: the sheet “{name}” is missing")
                            .format(name=ABOUT_SHEET), file=str(path))
    reader = SheetReader(wb[ABOUT_SHEET], Problems())
    found = {}
    for r in range(_ABOUT_FIRST, wb[ABOUT_SHEET].max_row + 1):
        key = reader.text(r, 1)
        if key:
            found[key.strip()] = reader.text(r, 3) or ""
    return found.get("session", ""), found.get("member", "")


def import_member_workbook(store: "Store", path: str | os.PathLike[str], *, session_id: str | None = None,
                           member_code: str | None = None, actor: str | None = None) -> ScoresImported:
    """Check the whole workbook, then record every filled choice and note in one transaction."""
    from ocop_desk import sessions

    file = str(path)
    found_session, found_member = member_of_workbook(path)
    session_id = check_id(session_id or found_session, "session", file=file, place=f"{ABOUT_SHEET}: session")
    member_code = check_id(member_code or found_member, "member", file=file, place=f"{ABOUT_SHEET}: member")
    try:
        info = template_info(store, session_id, member_code)
    except NotFound as exc:
        raise ImportRefused(exc.message, file=file, place=exc.place) from exc
    scores = read_member_workbook(path, info)
    detail = sessions.get_session(store, session_id)
    if detail.state != "scoring":
        raise SessionLocked(_("session {sid} is not open for scoring (it is “{state}”); nothing was imported")
                            .format(sid=session_id, state=detail.state), file=file, place="session")
    member = next(m for m in detail.members if m.code == member_code)
    if not member.present and (scores.choices or scores.notes):
        raise SessionLocked(_("member {code} is not recorded as present; nothing was imported").format(
            code=member_code), file=file, place="member")
    codes = sorted(set(scores.choices) | set(scores.notes))
    sessions.record_scorecards(store, session_id, [
        sessions.SheetEntry(code, member_code, scores.choices.get(code, {}), scores.notes.get(code, {}))
        for code in codes], actor=actor)
    n_choices = sum(len(v) for v in scores.choices.values())
    n_notes = sum(len(v) for v in scores.notes.values())
    products = len(set(scores.choices) | set(scores.notes))
    return ScoresImported(session_id, member_code, products, n_choices, n_notes)
