"""Member score workbooks: a member scores a session's products offline in Excel.

One workbook per member: a sheet per product (named by the product code)
with a row per criterion, every option listed under it with its number and
points, plus an "About" sheet that names the template format, the session,
the member and the criteria set (by content hash) each product is scored with.

A choice cell means what the same key means on the scoring screen: the
option's number (`scoring.criteria.option_key`: 1, 2, … in sheet order, 0
for "none of these"), with the option's points shown beside it; the
dropdown offers "2 – <wording>", and the option id is accepted too.  A
checklist criterion takes the numbers of every ticked option, separated by
commas ("1, 3"; "0" for none of them), in a text cell.  A "choose one of two
cases" section takes the case's number (1 or 2) on the section's row; the
criteria of the other case may stay blank.  An exported template is
pre-filled with what is already saved for the member.

Reading back checks everything first, against the session as the caller
describes it (`TemplateInfo`): a template of another format or version,
another session or member, a criteria set that changed since export, a typed
"5 điểm", a formula, a merged cell, a number that is not an option, a
missing row.  Each problem names its `Sheet!Cell`.  A blank choice leaves
the stored choice as it is, so a member can send a partly filled workbook
more than once.  This module knows no store: `ocop_desk.workbooks` builds
the `TemplateInfo` of a session and records what was read.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Callable, Mapping

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from ocop_desk.errors import ImportRefused
from ocop_desk.excel.conventions import (BAND_FILL, BOLD, THIN_BORDER, WRAP, Problems, SheetReader, open_workbook,
                                         place, set_widths, write_header, write_text, write_title)
from ocop_desk.i18n import _
from ocop_desk.scoring.criteria import CHECKLIST_SEPARATOR, CriteriaSet, Criterion, Option, Section, \
    join_checklist, option_for_key, option_key, split_choice
from ocop_desk.scoring.numbers import as_decimal

TEMPLATE_FORMAT = "ocop-desk/member-scores@2"
# Workbooks exported by ocop-desk 0.1.0: points-first dropdown texts, the note in column E.
TEMPLATE_FORMAT_1 = "ocop-desk/member-scores@1"
_COL_NOTE_1 = 5
ABOUT_SHEET = "About"
LISTS_SHEET = "Lists"
HEADER_ROW = 5
COL_CODE, COL_TITLE, COL_MAX, COL_CHOICE, COL_POINTS, COL_NOTE = 1, 2, 3, 4, 5, 6
_LAST_COL = COL_NOTE
_ABOUT_FIRST = 3  # first key row of the About sheet
_TICK_SEPARATORS = re.compile(r"[,;+\s]+")

ChoiceCheck = Callable[[CriteriaSet, str, str], str | None]
"""Why `key: value` is not an answer on a set, or None: the caller passes `sessions.choice_problem`."""


@dataclass(frozen=True)
class TemplateProduct:
    code: str
    name: str
    producer: str
    criteria_set: CriteriaSet
    conflicted: bool = False
    saved: Mapping[str, str] = field(default_factory=dict)
    """What is already stored for the member (internal representation): written into the template."""
    saved_notes: Mapping[str, str] = field(default_factory=dict)


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


def option_display(crit: Criterion) -> dict[str, str]:
    """Option id -> the text shown in the dropdown: its number, then its wording ("2 – Có quy trình").

    The number is the key of the scoring screen (`option_key`), so it is
    unique within the criterion.  No translated word in it, so a workbook
    exported in one language imports in the other.
    """
    return {opt.id: f"{option_key(crit, opt)} – {opt.label}" for opt in crit.options}


def case_display(section: Section) -> dict[str, str]:
    """Case id -> "1 – <case title>", the cases numbered from 1 in sheet order."""
    return {case.id: f"{i} – {case.title}" for i, case in enumerate(section.cases, start=1)}


def choice_cell_text(cs: CriteriaSet, key: str, value: str) -> str:
    """What a template cell shows for a stored answer, read back by `_read_product_sheet` as the same."""
    section = cs.section(key)
    if section is not None and section.cases:
        return case_display(section).get(value, value)
    crit = cs.criterion(key)
    if crit is None:
        return value
    if crit.kind == "checklist":
        opts = [crit.option(oid) for oid in split_choice(value)]
        return ", ".join(str(option_key(crit, o)) for o in opts if o is not None)
    return option_display(crit).get(value, value)


def _marks(opt: Option) -> str:
    """The star marker and effect of an option, as printed after its wording."""
    text = f" ({'*' * opt.star_marker})" if opt.star_marker else ""
    if opt.effect is not None and opt.effect.label:
        text += f" — {opt.effect.label}"
    return text


# ------------------------------------------------------------------ writing


def write_member_template(path: str | os.PathLike[str], info: TemplateInfo) -> Path:
    wb = Workbook()
    lists = wb.worksheets[0]  # a new workbook: its one sheet
    lists.title = LISTS_SHEET
    lists.sheet_state = "hidden"
    ranges: dict[tuple[str, str], tuple[int, int]] = {}
    list_row = 1

    def add_list(key: tuple[str, str], rows: list[tuple[str, Decimal | None, int]]) -> None:
        nonlocal list_row
        if key in ranges:
            return
        first = list_row
        for text, points, number in rows:
            lists.cell(row=list_row, column=1).value = key[1]
            write_text(lists.cell(row=list_row, column=2), text)
            lists.cell(row=list_row, column=3).value = points
            lists.cell(row=list_row, column=4).value = number
            list_row += 1
        ranges[key] = (first, list_row - 1)

    for product in info.products:
        cs = product.criteria_set
        for section in cs.case_sections():
            add_list((cs.content_hash, section.id),
                     [(text, None, i) for i, text in enumerate(case_display(section).values(), start=1)])
        for crit in cs.criteria():
            if crit.kind != "checklist":
                shown = option_display(crit)
                add_list((cs.content_hash, crit.id),
                         [(shown[o.id], o.points, option_key(crit, o)) for o in crit.options])

    choice_fill = PatternFill("solid", fgColor="FFF6D5")
    option_font = Font(italic=True, color="555555")
    unlocked = Protection(locked=False)
    for product in info.products:
        cs = product.criteria_set
        ws = wb.create_sheet(product.code[:31])
        write_title(ws, 1, _("OCOP PRODUCT EVALUATION AND RANKING SHEET") + " — " + product.name, _LAST_COL)
        write_title(ws, 2, f"{product.code} — {product.producer} — {cs.title}", _LAST_COL, subtitle=True)
        write_title(ws, 3, _("Member: {name}").format(name=info.member_name), _LAST_COL, subtitle=True)
        if product.conflicted:
            write_title(ws, 4, _("Conflict of interest: you do not score this product."), _LAST_COL,
                        subtitle=True)
        else:
            write_title(ws, 4, _("Write the number of the option (0 = none of these); on a checklist, the "
                                 "numbers of every option ticked: 1, 3"), _LAST_COL, subtitle=True)
        write_header(ws, HEADER_ROW, [_("Code"), _("Criteria and options"), _("Maximum"),
                                      _("Your choice (number)"), _("Points"), _("Note")])
        row = HEADER_ROW + 1

        def heading(code: str, title: str, maximum: object, *, band: bool = False) -> None:
            nonlocal row
            for col, value in ((COL_CODE, code), (COL_TITLE, title), (COL_MAX, maximum)):
                cell = ws.cell(row=row, column=col)
                write_text(cell, value) if isinstance(value, str) else setattr(cell, "value", value)
                cell.font = BOLD
                if band:
                    cell.fill = BAND_FILL
            row += 1

        def choice_row(key: str, title: str, maximum: object, dropdown: tuple[str, str] | None,
                       points_of: tuple[str, str] | None, as_text: bool, *, with_note: bool = True) -> None:
            nonlocal row
            write_text(ws.cell(row=row, column=COL_CODE), key)
            write_text(ws.cell(row=row, column=COL_TITLE), title)
            ws.cell(row=row, column=COL_TITLE).alignment = WRAP
            ws.cell(row=row, column=COL_MAX).value = maximum
            choice = ws.cell(row=row, column=COL_CHOICE)
            note = ws.cell(row=row, column=COL_NOTE)
            for c in (choice, note) if with_note else (choice,):
                c.border = THIN_BORDER
                c.alignment = WRAP
                if not product.conflicted:
                    c.protection = unlocked
                    c.fill = choice_fill
            if as_text:
                choice.number_format = "@"  # "1, 3" stays text, whatever the decimal separator
            if key in product.saved:
                write_text(choice, choice_cell_text(cs, key, product.saved[key]))
            if key in product.saved_notes:
                write_text(note, product.saved_notes[key])
            if not product.conflicted and dropdown is not None:
                first, last = ranges[dropdown]
                # No error box: a typed number is as good as a pick from the list; the import checks both.
                dv = DataValidation(type="list", formula1=f"={LISTS_SHEET}!$B${first}:$B${last}",
                                    allow_blank=True, showDropDown=False, showErrorMessage=False)
                ws.add_data_validation(dv)
                dv.add(choice)
            if points_of is not None:
                first, last = ranges[points_of]
                d = f"{choice.coordinate}"
                texts, pts, nums = (f"{LISTS_SHEET}!${c}${first}:${c}${last}" for c in "BCD")
                ws.cell(row=row, column=COL_POINTS).value = (
                    f'=IF({d}="","",IFERROR(INDEX({pts},MATCH({d},{texts},0)),'
                    f'IFERROR(INDEX({pts},MATCH(VALUE({d}),{nums},0)),"?")))')
            row += 1

        def option_rows(lines: list[tuple[str, object]]) -> None:
            nonlocal row
            for text, points in lines:
                cell = ws.cell(row=row, column=COL_TITLE)
                write_text(cell, "    " + text)
                cell.font = option_font
                cell.alignment = WRAP
                if points is not None:
                    ws.cell(row=row, column=COL_POINTS).value = points
                    ws.cell(row=row, column=COL_POINTS).font = option_font
                row += 1

        def criterion_rows(crit: Criterion, prefix: str = "") -> None:
            if crit.is_parent:
                heading(crit.id, prefix + crit.title + _marker_text(crit), crit.max)
                for sub in crit.subcriteria:
                    criterion_rows(sub, "    ")
                return
            title = prefix + crit.title + _marker_text(crit)
            checklist = crit.kind == "checklist"
            if checklist:
                title += " " + _("(tick all that apply: write their numbers, e.g. 1, 3)")
            key = (cs.content_hash, crit.id)
            choice_row(crit.id, title, crit.max, None if checklist else key, None if checklist else key,
                       checklist)
            shown = option_display(crit)
            option_rows([(shown[o.id] + _marks(o), o.points) for o in crit.options])

        for part in cs.parts:
            heading(part.id, part.title.upper(), part.max, band=True)
            for section in part.sections:
                if not section.cases:
                    heading(section.id, section.title, section.max)
                    for crit in section.criteria:
                        criterion_rows(crit)
                    continue
                choice_row(section.id, section.title + " — " + _("choose the case that applies (1 or 2)"),
                           section.max, (cs.content_hash, section.id), None, False, with_note=False)
                ws.cell(row=row - 1, column=COL_TITLE).font = BOLD
                shown = case_display(section)
                for case in section.cases:
                    heading(case.id, shown[case.id], None)
                    for crit in case.criteria:
                        criterion_rows(crit)
        set_widths(ws, [9, 60, 9, 30, 9, 30])
        ws.protection.sheet = True  # codes and labels stay as exported; choice and note cells are open
        ws.protection.formatColumns = False
        ws.protection.formatRows = False
        for r in range(HEADER_ROW + 1, row):
            for col in (COL_MAX, COL_POINTS):
                ws.cell(row=r, column=col).alignment = Alignment(horizontal="center", vertical="top")

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


def read_member_workbook(path: str | os.PathLike[str], expected: TemplateInfo,
                         choice_problem: ChoiceCheck) -> MemberScores:
    """Everything the member filled in, checked against the session as it is now.

    Raises ImportRefused listing every problem (with its `Sheet!Cell`) when
    anything is wrong; returns only when the whole workbook can be taken in.
    """
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
    if fmt not in (TEMPLATE_FORMAT, TEMPLATE_FORMAT_1):
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
        picked, noted = _read_product_sheet(wb[sheet_name], product, problems, choice_problem,
                                            version=1 if fmt == TEMPLATE_FORMAT_1 else 2)
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


def _marker_text(crit: Criterion) -> str:
    return f" ({'*' * crit.star_marker})" if crit.star_marker else ""


def _read_product_sheet(ws: Worksheet, product: TemplateProduct,
                        problems: Problems, choice_problem: ChoiceCheck,
                        version: int = 2) -> tuple[dict[str, str], dict[str, str]]:
    cs = product.criteria_set
    reader = SheetReader(ws, problems)
    case_sections = {s.id: s for s in cs.case_sections()}
    structural = ({p.id for p in cs.parts} | {s.id for p in cs.parts for s in p.sections if not s.cases}
                  | {c.id for s in case_sections.values() for c in s.cases}
                  | {c.id for s in cs.parts for sec in s.sections for c in sec.all_criteria() if c.is_parent})
    answered = list(case_sections) + list(cs.criterion_ids())
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
        if code not in case_sections and cs.criterion(code) is None:
            problems.at(ws, r, COL_CODE, _("“{code}” is not a criterion of this sheet").format(code=code))
            continue
        if code in seen:
            problems.at(ws, r, COL_CODE, _("criterion {code} appears twice (first in row {row})").format(
                code=code, row=seen[code]))
            continue
        seen[code] = r
        note_col = COL_NOTE if version == 2 else _COL_NOTE_1
        filled = [c for c in (COL_CHOICE, note_col) if not reader.is_blank(r, c)]
        if not reader.require_seen(r, filled):
            continue
        text = reader.text(r, COL_CHOICE)
        if text is not None:
            value, problem = (cell_choice(cs, code, text.strip(), choice_problem) if version == 2
                              else _cell_choice_1(cs, code, text.strip()))
            if problem is None:
                problem = choice_problem(cs, code, value)  # type: ignore[arg-type]
            if problem is not None:
                problems.at(ws, r, COL_CHOICE, problem)
            else:
                picked[code] = value  # type: ignore[assignment]
        note = reader.text(r, note_col) if code not in case_sections else None  # notes belong to criteria
        if note and note.strip():
            noted[code] = note.strip()
    for code in answered:
        if code not in seen:
            problems.add(place(ws, HEADER_ROW + 1, COL_CODE),
                         _("the row of criterion {code} is missing").format(code=code))
    return picked, noted


def _number(text: str) -> int | None:
    """A whole number written alone ("2", "2.0"), or None."""
    number = as_decimal(text)
    if number is None or number != number.to_integral_value() or number < 0:
        return None
    return int(number)


def cell_choice(cs: CriteriaSet, key: str, text: str,
                choice_problem: ChoiceCheck) -> tuple[str | None, str | None]:
    """What a filled choice cell says, in the internal representation: (value, None) or (None, problem).

    A number is an option's key (`option_key`), never its points.
    """
    section = cs.section(key)
    if section is not None and section.cases:
        for case_id, shown in case_display(section).items():
            if text in (shown, case_id):
                return case_id, None
        n = _number(text)
        if n is not None and 1 <= n <= len(section.cases):
            return section.cases[n - 1].id, None
        return None, _("“{text}” is not a case of section {code}: write 1 or 2").format(text=text, code=key)
    crit = cs.criterion(key)
    assert crit is not None
    keys = ", ".join(str(option_key(crit, o)) for o in crit.options)
    for opt_id, shown in option_display(crit).items():
        if text in (shown, opt_id):
            return opt_id, None
    not_option = _("“{text}” is not an option of criterion {code}: write its number ({keys}) or choose one "
                   "from the list").format(text=text, code=key, keys=keys)
    if crit.kind != "checklist":
        n = _number(text)
        opt = option_for_key(crit, n) if n is not None else None
        return (opt.id, None) if opt is not None else (None, not_option)
    ticked = []
    for token in _TICK_SEPARATORS.split(text):
        if not token:
            continue
        n = _number(token)
        opt = option_for_key(crit, n) if n is not None and token.isdigit() else crit.option(token)
        if opt is None:
            return None, _("“{text}” is not a list of options of criterion {code}: write the numbers of "
                           "the options ticked, separated by commas ({keys})").format(
                text=text, code=key, keys=keys)
        ticked.append(opt.id)
    if not ticked:
        return None, not_option
    problem = choice_problem(cs, key, CHECKLIST_SEPARATOR.join(ticked))  # twice, or "none" with others
    return (None, problem) if problem is not None else (join_checklist(crit, ticked), None)


def _cell_choice_1(cs: CriteriaSet, key: str, text: str) -> tuple[str | None, str | None]:
    """A choice cell of a 0.1.0 workbook: "3 – wording" (points first), the option id, or unique points.

    Those workbooks were only ever made for single-choice sheets, so no
    checklist or case rule applies.
    """
    crit = cs.criterion(key)
    assert crit is not None
    for opt in crit.options:
        points = opt.points
        number = str(int(points)) if points == points.to_integral_value() else format(points, "f")
        if text in (f"{number} – {opt.label}", f"{number} – {opt.label} [{opt.id}]", opt.id):
            return opt.id, None
    typed = as_decimal(text)
    hits = [o.id for o in crit.options if typed is not None and o.points == typed]
    if len(hits) == 1:
        return hits[0], None
    return None, _("“{text}” is not an option of criterion {code}: choose one from the list").format(
        text=text, code=key)


def member_of_workbook(path: str | os.PathLike[str]) -> tuple[str, str]:
    """(session id, member code) a template was exported for, read from its About sheet."""
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
