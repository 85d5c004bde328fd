"""A criteria set as an Excel workbook laid out like the printed score sheet.

Four sheets (layout documented in docs/criteria-excel.md):

1. criteria: a merged title block, then one row per part, section, case,
   criterion, sub-criterion and option — code | content | maximum points |
   option points | star marker | kind (checklist / none) | effect | effect
   wording | requirement | note — and a closing total row;
2. knock-outs: code | condition;
3. star conditions: star | part/section/criterion code | minimum | wording;
4. about this set: key | label | value (id, regulation, group, set, source,
   status...).

`read_criteria_workbook` returns a dict in the `ocop-desk/criteria@1` layout
(`@2` when the workbook uses anything of it)
for the caller to pass to `validate_criteria`; it reports every cell-level
problem at once (`Sheet!Cell`) in one `CriteriaError` and returns nothing
when there is any.  Writing then reading gives back the same content hash.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment
from openpyxl.worksheet.worksheet import Worksheet

from ocop_desk.excel.conventions import (BAND_FILL, BOLD, THIN_BORDER, WRAP, Problems, SheetReader,
                                         open_workbook, set_widths, write_header, write_text,
                                         write_title)
from ocop_desk.i18n import N_, _
from ocop_desk.scoring.numbers import as_decimal
from ocop_desk.scoring.criteria import CRITERIA_FORMAT_1, CRITERIA_FORMAT_2, Criterion, CriteriaSet, Section

# Sheet names: the msgid (English) and its Vietnamese translation are both
# recognised on import, whatever language the workbook was exported in.
SHEET_CRITERIA = (N_("Criteria"), "Tiêu chí")
SHEET_KNOCKOUTS = (N_("Knock-outs"), "Điều kiện loại")
SHEET_STARS = (N_("Star conditions"), "Điều kiện hạng sao")
SHEET_ABOUT = (N_("About this set"), "Thông tin bộ tiêu chí")
TOTAL_LABELS = (N_("Total"), "Tổng cộng", "Tổng điểm", "Tổng")

HEADER_ROW = 3
FIRST_ROW = HEADER_ROW + 1
# Column-A header words that mark the header row of a sheet an officer laid
# out with more title lines (searched in the first rows; else HEADER_ROW).
HEADER_WORDS = (N_("Code"), "Mã", "Mã số", "Mã tiêu chí", "STT", "TT", N_("Stars"), "Hạng sao",
                N_("Key"), "Khóa")
_HEADER_SEARCH_ROWS = 15
COL_CODE, COL_TEXT, COL_MAX, COL_POINTS = 1, 2, 3, 4
COL_MARKER, COL_KIND, COL_EFFECT, COL_EFFECT_TEXT, COL_DESCRIPTION, COL_NOTE = 5, 6, 7, 8, 9, 10
LAST_COL = COL_NOTE

_PART = re.compile(r"[A-Z]")
_SECTION = re.compile(r"[A-Z]\d+")
_CASE = re.compile(r"[A-Z]\d+-th\d+")
_CRITERION = re.compile(r"[A-Z]\d+(?:-th\d+)?[a-z]+")
_SUBCRITERION = re.compile(r"[A-Z]\d+(?:-th\d+)?[a-z]+\d+")
_OPTION = re.compile(r"[A-Z]\d+(?:-th\d+)?[a-z]+\d*-\d+")

# The criteria@2 columns, recognised on import by their header (either language), so
# an officer's notes in columns after D are still ignored.
EXTRA_HEADERS = (
    (COL_MARKER, N_("Star marker"), "Dấu sao"),
    (COL_KIND, N_("Kind"), "Loại hình"),
    (COL_EFFECT, N_("Effect"), "Tác động"),
    (COL_EFFECT_TEXT, N_("Effect wording"), "Lời của tác động"),
    (COL_DESCRIPTION, N_("Requirement"), "Yêu cầu"),
    (COL_NOTE, N_("Note"), "Ghi chú"),
)

# Words of the kind and effect columns: (value in the file, msgid, Vietnamese).
KIND_CHECKLIST = ("checklist", N_("checklist"), "chọn nhiều")
KIND_NONE = ("none", N_("none of these"), "không đạt")
EFFECT_WORDS = (("knockout", N_("knock-out"), "loại"), ("stop", N_("stop"), "dừng"))

# (key, label msgid) of the about sheet, in order; `required` keys must be filled.
_ABOUT_FIELDS = (
    ("id", N_("Set code")),
    ("title", N_("Sheet title")),
    ("regulation", N_("Regulation")),
    ("profile", N_("Regulation profile")),
    ("group_id", N_("Product group code")),
    ("group", N_("Product group")),
    ("product_set", N_("Product set")),
    ("product_types", N_("Product types (separated by ;)")),
    ("status", N_("Status (transcribed / incomplete-source / reconstructed)")),
    ("checked", N_("Date checked")),
    ("uncertain", N_("What is uncertain")),
    ("source.decision", N_("Source: decision")),
    ("source.date", N_("Source: date")),
    ("source.appendix", N_("Source: appendix")),
    ("source.set_name", N_("Source: set name on the official sheet")),
    ("source.transcript", N_("Source: transcript")),
    ("notes", N_("Changes made to the source")),
    ("gaps", N_("Where the source does not add up (code declared computed; …)")),
    ("content_hash", N_("Content hash (information only, not imported)")),
)
_REQUIRED = ("id", "title", "regulation", "profile", "group_id", "group", "product_set")
_TYPES_SEPARATOR = "; "
_GAPS_SEPARATOR = "; "


def _num(value: Decimal) -> int | Decimal:
    return int(value) if value == value.to_integral_value() else value


# ------------------------------------------------------------------ write --


def write_criteria_workbook(cs: CriteriaSet, path: str | Path) -> None:
    wb = Workbook()
    ws = wb.worksheets[0]  # a new workbook: its one sheet
    ws.title = _(SHEET_CRITERIA[0])
    _write_criteria_sheet(ws, cs)
    _write_knockouts(wb.create_sheet(_(SHEET_KNOCKOUTS[0])), cs)
    _write_stars(wb.create_sheet(_(SHEET_STARS[0])), cs)
    _write_about(wb.create_sheet(_(SHEET_ABOUT[0])), cs)
    wb.properties.title = cs.title
    wb.properties.creator = "ocop-desk"
    wb.save(str(path))


def _word(entry: tuple[str, str, str]) -> str:
    return _(entry[1])


def _write_criteria_sheet(ws: Worksheet, cs: CriteriaSet) -> None:
    """A criteria@1 set keeps the four columns of the printed sheet; @2 adds six."""
    last = LAST_COL if cs.uses_format_2() else COL_POINTS
    write_title(ws, 1, cs.title, last)
    write_title(ws, 2, f"{cs.regulation} — {cs.group} — {cs.product_set} ({cs.id})", last, subtitle=True)
    write_header(ws, HEADER_ROW, [_("Code"), _("Evaluation content"), _("Maximum points"), _("Points"),
                                  _("Star marker"), _("Kind"), _("Effect"), _("Effect wording"),
                                  _("Requirement"), _("Note")][:last])
    set_widths(ws, [10, 90, 12, 10, 10, 14, 12, 40, 40, 40][:last])
    row = FIRST_ROW

    def put(code: str, text: str, max_: Decimal | None, points: Decimal | None,
            *, bold: bool = False, band: bool = False, indent: int = 0, marker: int | None = None,
            kind: str | None = None, effect: tuple[str, str] | None = None,
            description: str | None = None, note: str | None = None) -> None:
        nonlocal row
        cells = [ws.cell(row=row, column=c) for c in range(1, last + 1)]
        write_text(cells[0], code)
        write_text(cells[1], text)
        cells[2].value = None if max_ is None else _num(max_)
        cells[3].value = None if points is None else _num(points)
        if last == LAST_COL:
            cells[COL_MARKER - 1].value = marker
            write_text(cells[COL_KIND - 1], kind)
            write_text(cells[COL_EFFECT - 1], effect[0] if effect else None)
            write_text(cells[COL_EFFECT_TEXT - 1], effect[1] if effect else None)
            write_text(cells[COL_DESCRIPTION - 1], description)
            write_text(cells[COL_NOTE - 1], note)
        for c in cells:
            c.border = THIN_BORDER
            if bold:
                c.font = BOLD
            if band:
                c.fill = BAND_FILL
        cells[1].alignment = Alignment(wrap_text=True, vertical="top", indent=indent)
        for c in cells[COL_EFFECT_TEXT - 1:]:
            c.alignment = WRAP
        row += 1

    def put_criterion(crit: Criterion, indent: int) -> None:
        kind = _word(KIND_CHECKLIST) if crit.kind == "checklist" else None
        put(crit.id, crit.title, crit.max, None, indent=indent, marker=crit.star_marker, kind=kind,
            description=crit.description, note=crit.note)
        for sub in crit.subcriteria:
            put_criterion(sub, indent + 1)
        for opt in crit.options:
            effect = None
            if opt.effect is not None:
                word = next(e for e in EFFECT_WORDS if e[0] == opt.effect.kind)
                effect = (_word(word), opt.effect.label)
            put(opt.id, opt.label, None, opt.points, indent=indent + 2, marker=opt.star_marker,
                kind=_word(KIND_NONE) if opt.none else None, effect=effect)

    def put_section(section: Section) -> None:
        put(section.id, section.title, section.max, None, bold=True, indent=1,
            description=section.description, note=section.note)
        for case in section.cases:
            put(case.id, case.title, None, None, bold=True, indent=2, description=case.description)
            for crit in case.criteria:
                put_criterion(crit, 3)
        for crit in section.criteria:
            put_criterion(crit, 2)

    for part in cs.parts:
        put(part.id, part.title, part.max, None, bold=True, band=True, description=part.description)
        for section in part.sections:
            put_section(section)
    put("", _(TOTAL_LABELS[0]), cs.max_total, None, bold=True, band=True)


def _write_knockouts(ws: Worksheet, cs: CriteriaSet) -> None:
    write_title(ws, 1, _("Knock-out conditions: the dossier is rejected when…"), 2)
    write_title(ws, 2, cs.title, 2, subtitle=True)
    write_header(ws, HEADER_ROW, [_("Code"), _("Condition")])
    set_widths(ws, [10, 100])
    for i, k in enumerate(cs.knockouts):
        a, b = ws.cell(row=FIRST_ROW + i, column=1), ws.cell(row=FIRST_ROW + i, column=2)
        write_text(a, k.id)
        write_text(b, k.label)
        b.alignment = WRAP
        a.border = b.border = THIN_BORDER


def _write_stars(ws: Worksheet, cs: CriteriaSet) -> None:
    write_title(ws, 1, _("Conditions to reach a star rating"), 4)
    write_title(ws, 2, cs.title, 4, subtitle=True)
    write_header(ws, HEADER_ROW, [_("Stars"), _("Part, section or criterion code"),
                                  _("Minimum points"), _("Condition")])
    set_widths(ws, [10, 22, 14, 80])
    for i, sc in enumerate(cs.star_conditions):
        r = FIRST_ROW + i
        ws.cell(row=r, column=1).value = sc.star
        write_text(ws.cell(row=r, column=2), sc.ref)
        ws.cell(row=r, column=3).value = _num(sc.min)
        write_text(ws.cell(row=r, column=4), sc.label)
        for c in range(1, 5):
            ws.cell(row=r, column=c).border = THIN_BORDER


def _about_values(cs: CriteriaSet) -> dict[str, str | None]:
    src = cs.source
    return {
        "id": cs.id, "title": cs.title, "regulation": cs.regulation, "profile": cs.profile,
        "group_id": cs.group_id, "group": cs.group, "product_set": cs.product_set,
        "product_types": _TYPES_SEPARATOR.join(cs.product_types) or None,
        "status": cs.status, "checked": cs.checked, "uncertain": cs.uncertain,
        "source.decision": src.decision if src else None,
        "source.date": src.date if src else None,
        "source.appendix": src.appendix if src else None,
        "source.set_name": src.set_name if src else None,
        "source.transcript": src.transcript if src else None,
        "notes": cs.notes,
        "gaps": _GAPS_SEPARATOR.join(f"{g.ref} {_plain(g.declared)} {_plain(g.computed)}" for g in cs.gaps) or None,
        "content_hash": cs.content_hash,
    }


def _write_about(ws: Worksheet, cs: CriteriaSet) -> None:
    write_title(ws, 1, _("About this criteria set"), 3)
    write_title(ws, 2, _("Column A is read on import; do not change it."), 3, subtitle=True)
    write_header(ws, HEADER_ROW, [_("Key"), _("Field"), _("Value")])
    set_widths(ws, [18, 42, 90])
    values = _about_values(cs)
    for i, (key, label) in enumerate(_ABOUT_FIELDS):
        r = FIRST_ROW + i
        write_text(ws.cell(row=r, column=1), key)
        write_text(ws.cell(row=r, column=2), _(label))
        value_cell = ws.cell(row=r, column=3)
        write_text(value_cell, values[key])
        value_cell.number_format = "@"
        value_cell.alignment = WRAP
        for c in range(1, 4):
            ws.cell(row=r, column=c).border = THIN_BORDER


# ------------------------------------------------------------------- read --


@dataclass
class _Node:
    data: dict[str, Any]
    row: int
    children: list["_Node"] = field(default_factory=list)


def _find_sheet(wb: Any, names: tuple[str, ...], index: int) -> Worksheet | None:
    wanted = {n.casefold() for n in names} | {_(names[0]).casefold()}
    for ws in wb.worksheets:
        if ws.title.strip().casefold() in wanted:
            return ws
    return wb.worksheets[index] if index < len(wb.worksheets) else None


def _first_data_row(r: SheetReader) -> int:
    """The row after the header; a header merged over several rows counts as one."""
    words = {w.casefold() for w in HEADER_WORDS} | {_(w).casefold() for w in HEADER_WORDS}
    header = None
    for row in range(1, min(r.ws.max_row, _HEADER_SEARCH_ROWS) + 1):
        value = r.raw(row, 1)
        if isinstance(value, str) and value.strip().casefold() in words:
            header = row
    if header is None:
        return FIRST_ROW
    last = header
    for rng in r.ws.merged_cells.ranges:
        if rng.min_row == header and rng.max_row > last:
            last = rng.max_row
    return last + 1


def read_criteria_workbook(path: str | Path) -> dict[str, Any]:
    wb = open_workbook(path)
    problems = Problems()
    sheets: dict[str, Worksheet] = {}
    for key, names, index in (("criteria", SHEET_CRITERIA, 0), ("knockouts", SHEET_KNOCKOUTS, 1),
                              ("stars", SHEET_STARS, 2), ("about", SHEET_ABOUT, 3)):
        ws = _find_sheet(wb, names, index)
        if ws is None:
            problems.add(names[1], _("sheet missing: “{name}”").format(name=_(names[0])))
        else:
            sheets[key] = ws
    if problems:
        problems.raise_if_any(path)
    about = _read_about(SheetReader(sheets["about"], problems))
    gaps = _read_gaps(SheetReader(sheets["about"], problems), about.get("gaps"))
    reader = _CriteriaReader(SheetReader(sheets["criteria"], problems), {g["ref"] for g in gaps})
    parts, ids = reader.read()
    knockouts = _read_knockouts(SheetReader(sheets["knockouts"], problems))
    stars = _read_stars(SheetReader(sheets["stars"], problems), ids)
    problems.raise_if_any(path)

    src_keys = ("decision", "date", "appendix", "set_name")
    source: dict[str, Any] | None = None
    if any(about.get(f"source.{k}") for k in src_keys + ("transcript",)):
        source = {k: about.get(f"source.{k}") or "" for k in src_keys}
        if about.get("source.transcript"):
            source["transcript"] = about["source.transcript"]
    types = about.get("product_types") or ""
    status = about.get("status") or "reconstructed"
    v2 = reader.uses_2 or bool(gaps) or bool(about.get("notes")) or status not in ("transcribed", "reconstructed") \
        or bool(source and "transcript" in source)
    data: dict[str, Any] = {
        "format": CRITERIA_FORMAT_2 if v2 else CRITERIA_FORMAT_1,
        "id": about["id"],
        "title": about["title"],
        "regulation": about["regulation"],
        "profile": about["profile"],
        "group_id": about["group_id"],
        "group": about["group"],
        "product_set": about["product_set"],
        "product_types": [t.strip() for t in types.split(";") if t.strip()],
        "status": status,
        "checked": about.get("checked"),
        "uncertain": about.get("uncertain"),
        "source": source,
        "parts": parts,
        "knockouts": knockouts,
        "star_conditions": stars,
    }
    if about.get("notes"):
        data["notes"] = about["notes"]
    if gaps:
        data["gaps"] = gaps
    return data


def _read_gaps(r: SheetReader, text: str | None) -> list[dict[str, Any]]:
    """`C6d 4 3; C 35 32` -> the gaps list (code, declared, computed)."""
    out: list[dict[str, Any]] = []
    for item in (text or "").split(";"):
        if not item.strip():
            continue
        bits = item.split()
        numbers = [as_decimal(b) for b in bits[1:]]
        if len(bits) != 3 or any(n is None for n in numbers):
            r.problems.add(f"{r.ws.title}!C", _(
                "gap “{item}” not understood: write the code, the declared and the computed maximum "
                "(e.g. “C6d 4 3”)").format(item=item.strip()))
            continue
        out.append({"ref": bits[0], "declared": _num(numbers[0]), "computed": _num(numbers[1])})  # type: ignore[arg-type]
    return out


def _match_word(text: str | None, entries: tuple[tuple[str, str, str], ...]) -> str | None | bool:
    """The file value of a kind/effect word (any language); False when the word is unknown."""
    if text is None:
        return None
    folded = text.strip().casefold()
    for entry in entries:
        if folded in {entry[0].casefold(), entry[1].casefold(), entry[2].casefold(), _(entry[1]).casefold()}:
            return entry[0]
    return False


class _CriteriaReader:
    """The criteria sheet, row by row: each code says its level, and it must sit under its parent."""

    def __init__(self, r: SheetReader, gap_refs: set[str]) -> None:
        self.r = r
        self.gap_refs = gap_refs
        self.uses_2 = False
        self.columns: set[int] = set()

    def _find_columns(self, header_row: int) -> None:
        """The @2 columns whose header names them, in the header row (or the row above it)."""
        for col, msgid, vi in EXTRA_HEADERS:
            names = {msgid.casefold(), _(msgid).casefold(), vi.casefold()}
            for row in (header_row, header_row - 1):
                value = self.r.raw(row, col) if row >= 1 else None
                if isinstance(value, str) and value.strip().casefold() in names:
                    self.columns.add(col)

    def _blank(self, row: int, col: int) -> bool:
        return col not in self.columns or self.r.is_blank(row, col)

    def _text(self, row: int, col: int) -> str | None:
        return self.r.text(row, col) if col in self.columns else None

    def _extras(self, row: int, node: dict[str, Any], *, marker: bool = False,
                kinds: tuple[tuple[str, str, str], ...] = (), effect: bool = False) -> None:
        r = self.r
        if marker:
            value = r.number(row, COL_MARKER, required=False) if COL_MARKER in self.columns else None
            if value is not None:
                if value != value.to_integral_value() or int(value) not in (3, 4, 5):
                    r.problems.at(r.ws, row, COL_MARKER, _("a star marker is 3, 4 or 5"))
                else:
                    node["star_marker"] = int(value)
        elif not self._blank(row, COL_MARKER):
            r.problems.at(r.ws, row, COL_MARKER, _("only a criterion or an option carries a star marker"))
        word = _match_word(self._text(row, COL_KIND), kinds) if kinds else None
        if word is False or (not kinds and not self._blank(row, COL_KIND)):
            r.problems.at(r.ws, row, COL_KIND, _("kind not understood here: a criterion may be “{checklist}”, "
                                                 "an option “{none}”").format(
                checklist=_(KIND_CHECKLIST[1]), none=_(KIND_NONE[1])))
        elif word == "checklist":
            node["kind"] = "checklist"
        elif word == "none":
            node["none"] = True
        if effect:
            kind = _match_word(self._text(row, COL_EFFECT), EFFECT_WORDS)
            label = self._text(row, COL_EFFECT_TEXT)
            if kind is False:
                r.problems.at(r.ws, row, COL_EFFECT, _("effect is “{knockout}” or “{stop}”").format(
                    knockout=_(EFFECT_WORDS[0][1]), stop=_(EFFECT_WORDS[1][1])))
            elif kind is not None:
                node["effect"] = {"kind": kind, "label": label or ""}
            elif label is not None:
                r.problems.at(r.ws, row, COL_EFFECT, _("effect wording without an effect"))
        for col in (COL_EFFECT, COL_EFFECT_TEXT):
            if not effect and not self._blank(row, col):
                r.problems.at(r.ws, row, col, _("only an option has an effect"))
        if set(node) & {"star_marker", "kind", "none", "effect"}:
            self.uses_2 = True

    def _texts(self, row: int, node: dict[str, Any], *, note: bool = True) -> None:
        description = self._text(row, COL_DESCRIPTION)
        if description is not None:
            node["description"] = description
            self.uses_2 = True
        value = self._text(row, COL_NOTE)
        if value is not None:
            if note:
                node["note"] = value
                self.uses_2 = True
            else:
                self.r.problems.at(self.r.ws, row, COL_NOTE, _("no note here: write it in the requirement column"))

    def read(self) -> tuple[list[dict[str, Any]], set[str]]:
        r = self.r
        ws, problems = r.ws, r.problems
        parts: list[_Node] = []
        part = section = case = crit = sub = None
        seen: dict[str, int] = {}
        total: tuple[int, Decimal | None] | None = None
        total_labels = {t.casefold() for t in TOTAL_LABELS} | {_(TOTAL_LABELS[0]).casefold()}

        start = _first_data_row(r)
        self._find_columns(start - 1)
        for row in range(start, ws.max_row + 1):
            if not seen and r.is_blank(row, COL_CODE) and not any(
                    isinstance(r.raw(row, c), (int, float, Decimal)) for c in (COL_MAX, COL_POINTS)):
                continue  # the rest of a header that spans several rows
            code = r.text(row, COL_CODE)
            content = r.text(row, COL_TEXT)
            if code is None and content is None and r.is_blank(row, COL_MAX) and r.is_blank(row, COL_POINTS):
                continue
            if code is None:
                if content is not None and content.strip().casefold() in total_labels:
                    total = (row, r.number(row, COL_MAX))
                else:
                    problems.at(ws, row, COL_CODE, _("this row has no code (A, A1, A1a or A1a-1)"))
                continue
            code = code.strip()
            if code in seen:
                problems.at(ws, row, COL_CODE, _("code {code} is used twice (first in row {row})").format(
                    code=code, row=seen[code]))
                continue
            seen[code] = row
            if content is None:
                problems.at(ws, row, COL_TEXT, _("the content of {code} is empty").format(code=code))
            if _PART.fullmatch(code):
                part = _Node({"id": code, "title": content or "", "max": r.number(row, COL_MAX)}, row)
                self._texts(row, part.data, note=False)
                self._extras(row, part.data)
                parts.append(part)
                section = case = crit = sub = None
            elif _SECTION.fullmatch(code):
                if part is None or not code.startswith(part.data["id"]):
                    problems.at(ws, row, COL_CODE, _("section {code} is not under its part").format(code=code))
                    section = case = crit = sub = None
                    continue
                section = _Node({"id": code, "title": content or "", "max": r.number(row, COL_MAX)}, row)
                self._texts(row, section.data)
                self._extras(row, section.data)
                part.children.append(section)
                case = crit = sub = None
            elif _CASE.fullmatch(code):
                if section is None or not code.startswith(section.data["id"] + "-th") or (
                        section.children and section.data.get("cases") is None):
                    problems.at(ws, row, COL_CODE, _("case {code} is not under its section").format(code=code))
                    case = crit = sub = None
                    continue
                case = _Node({"id": code, "title": content or ""}, row)
                self._texts(row, case.data, note=False)
                self._extras(row, case.data)
                section.data["cases"] = True
                section.children.append(case)
                self.uses_2 = True
                crit = sub = None
            elif _CRITERION.fullmatch(code):
                holder = case if case is not None and code.startswith(case.data["id"]) else section
                if holder is None or not re.fullmatch(re.escape(holder.data["id"]) + r"[a-z]+", code):
                    problems.at(ws, row, COL_CODE, _("criterion {code} is not under its section").format(code=code))
                    crit = sub = None
                    continue
                crit = _Node({"id": code, "title": content or "", "max": r.number(row, COL_MAX)}, row)
                self._texts(row, crit.data)
                self._extras(row, crit.data, marker=True, kinds=(KIND_CHECKLIST,))
                holder.children.append(crit)
                sub = None
            elif _SUBCRITERION.fullmatch(code):
                if crit is None or not re.fullmatch(re.escape(crit.data["id"]) + r"\d+", code) or (
                        crit.children and not crit.data.get("parent")):
                    problems.at(ws, row, COL_CODE, _("sub-criterion {code} is not under its criterion").format(
                        code=code))
                    sub = None
                    continue
                sub = _Node({"id": code, "title": content or "", "max": r.number(row, COL_MAX)}, row)
                self._texts(row, sub.data)
                self._extras(row, sub.data, marker=True, kinds=(KIND_CHECKLIST,))
                crit.data["parent"] = True
                crit.children.append(sub)
                self.uses_2 = True
            elif _OPTION.fullmatch(code):
                owner = sub if sub is not None and code.startswith(sub.data["id"] + "-") else crit
                if owner is None or not code.startswith(owner.data["id"] + "-") or owner.data.get("parent"):
                    problems.at(ws, row, COL_CODE, _("option {code} is not under its criterion").format(code=code))
                    continue
                if not r.is_blank(row, COL_MAX) and r.merged_range(row, COL_MAX) is None:
                    problems.at(ws, row, COL_MAX, _(
                        "an option's points go in the points column, not the maximum column"))
                opt = {"id": code, "label": content or "", "points": r.number(row, COL_POINTS)}
                self._extras(row, opt, marker=True, kinds=(KIND_NONE,), effect=True)
                for col in (COL_DESCRIPTION, COL_NOTE):
                    if not self._blank(row, col):
                        problems.at(ws, row, col, _("an option has no requirement or note of its own"))
                owner.children.append(_Node(opt, row))
            else:
                problems.at(ws, row, COL_CODE, _(
                    "code “{code}” not understood: expected a part (A), section (A1), criterion (A1a) "
                    "or option (A1a-1)").format(code=code))

        if not parts:
            problems.at(ws, start, COL_CODE, _("no parts, sections and criteria found"))
        out = [self._part(p) for p in parts]
        if total is not None and total[1] is not None:
            maxima = [p.data["max"] for p in parts]
            if all(m is not None for m in maxima) and sum(maxima, Decimal(0)) != total[1] \
                    and not self.gap_refs:
                problems.at(ws, total[0], COL_MAX, _(
                    "total {written} does not match the sum of the parts ({computed})").format(
                        written=_plain(total[1]), computed=_plain(sum(maxima, Decimal(0)))))
        return out, set(seen)

    def _sum(self, node: _Node, parts_of: list[Decimal | None], message: str) -> None:
        if node.data["id"] in self.gap_refs:
            return  # a place where the source itself does not add up (listed in gaps)
        _check_sum(self.r.ws, self.r.problems, node, "max", parts_of, message)

    def _part(self, part: _Node) -> dict[str, Any]:
        ws, problems = self.r.ws, self.r.problems
        sections = [self._section(s) for s in part.children]
        if not part.children:
            problems.at(ws, part.row, COL_CODE, _("part {code} has no sections").format(code=part.data["id"]))
        self._sum(part, [s.data["max"] for s in part.children],
                  _("{code}: maximum {written} does not match the sum of its sections ({computed})"))
        return {**part.data, "max": _maybe_num(part.data["max"]), "sections": sections}

    def _section(self, section: _Node) -> dict[str, Any]:
        ws, problems = self.r.ws, self.r.problems
        data = {k: v for k, v in section.data.items() if k != "cases"}
        if not section.children:
            problems.at(ws, section.row, COL_CODE, _("section {code} has no criteria").format(
                code=section.data["id"]))
        if section.data.get("cases"):
            cases = []
            for case in section.children:
                crits = [self._criterion(c) for c in case.children]
                if not case.children:
                    problems.at(ws, case.row, COL_CODE, _("case {code} has no criteria").format(
                        code=case.data["id"]))
                probe = _Node({"id": section.data["id"], "max": section.data["max"]}, section.row)
                self._sum(probe, [c.data["max"] for c in case.children],
                          _("{code}: maximum {written} does not match the sum of the criteria of a case "
                            "({computed})"))
                cases.append({**case.data, "criteria": crits})
            return {**data, "max": _maybe_num(data["max"]), "cases": cases}
        criteria = [self._criterion(c) for c in section.children]
        self._sum(section, [c.data["max"] for c in section.children],
                  _("{code}: maximum {written} does not match the sum of its criteria ({computed})"))
        return {**data, "max": _maybe_num(data["max"]), "criteria": criteria}

    def _criterion(self, crit: _Node) -> dict[str, Any]:
        ws, problems = self.r.ws, self.r.problems
        code = crit.data["id"]
        data = {k: v for k, v in crit.data.items() if k != "parent"}
        if crit.data.get("parent"):
            subs = [self._criterion(s) for s in crit.children]
            self._sum(crit, [s.data["max"] for s in crit.children],
                      _("{code}: maximum {written} does not match the sum of its sub-criteria ({computed})"))
            return {**data, "max": _maybe_num(data["max"]), "subcriteria": subs}
        options = crit.children
        if len(options) < 2:
            problems.at(ws, crit.row, COL_CODE, _(
                "criterion {code} has {count} option(s): a criterion offers at least two — "
                "is an option row missing?").format(code=code, count=len(options)))
        points = [o.data["points"] for o in options]
        written = data["max"]
        if options and written is not None and all(p is not None for p in points) \
                and data.get("kind") != "checklist" and code not in self.gap_refs:
            best = max(points)
            if best != written:
                problems.at(ws, crit.row, COL_MAX, _(
                    "{code}: maximum {written} but the best option gives {best} — is an option "
                    "missing or a number mistyped?").format(code=code, written=_plain(written), best=_plain(best)))
        return {**data, "max": _maybe_num(written),
                "options": [{**o.data, "points": _maybe_num(o.data["points"])} for o in options]}


def _plain(value: Decimal) -> str:
    return format(_num(value), "f") if isinstance(_num(value), Decimal) else str(_num(value))


def _check_sum(ws: Worksheet, problems: Problems, node: _Node, key: str, parts_of: list[Decimal | None],
               message: str) -> None:
    written = node.data[key]
    given = [v for v in parts_of if v is not None]
    if written is None or len(given) != len(parts_of) or not parts_of:
        return
    computed = sum(given, Decimal(0))
    if computed != written:
        problems.at(ws, node.row, COL_MAX, message.format(
            code=node.data["id"], written=_plain(written), computed=_plain(computed)))


def _maybe_num(value: Decimal | None) -> int | Decimal | None:
    return None if value is None else _num(value)


def _read_knockouts(r: SheetReader) -> list[dict[str, str]]:
    out: list[dict[str, str]] = []
    seen: set[str] = set()
    for row in range(_first_data_row(r), r.ws.max_row + 1):
        code, label = r.text(row, 1), r.text(row, 2)
        if code is None and label is None:
            continue
        if code is None:
            r.problems.at(r.ws, row, 1, _("this knock-out condition has no code"))
            continue
        if label is None:
            r.problems.at(r.ws, row, 2, _("the knock-out condition {code} has no wording").format(code=code))
            continue
        if code.strip() in seen:
            r.problems.at(r.ws, row, 1, _("code {code} is used twice").format(code=code))
            continue
        seen.add(code.strip())
        out.append({"id": code.strip(), "label": label})
    return out


def _read_stars(r: SheetReader, ids: set[str]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for row in range(_first_data_row(r), r.ws.max_row + 1):
        if all(r.is_blank(row, c) for c in range(1, 5)):
            continue
        star = r.number(row, 1)
        ref = r.text(row, 2, required=True)
        minimum = r.number(row, 3)
        label = r.text(row, 4) or ""
        if star is not None and (star != star.to_integral_value() or not 1 <= star <= 5):
            r.problems.at(r.ws, row, 1, _("stars must be a whole number from 1 to 5"))
            continue
        if ref is not None and ref.strip() not in ids:
            r.problems.at(r.ws, row, 2, _("no part, section or criterion has the code {code}").format(
                code=ref))
            continue
        if star is None or ref is None or minimum is None:
            continue
        out.append({"star": int(star), "ref": ref.strip(), "min": _num(minimum), "label": label})
    return out


def _read_about(r: SheetReader) -> dict[str, str | None]:
    known = {key for key, _label in _ABOUT_FIELDS}
    values: dict[str, str | None] = {}
    rows: dict[str, int] = {}
    for row in range(_first_data_row(r), r.ws.max_row + 1):
        key = r.text(row, 1)
        if key is None:
            if r.text(row, 3) is not None:
                r.problems.at(r.ws, row, 1, _("a value without a key in column A"))
            continue
        key = key.strip()
        if key not in known:
            r.problems.at(r.ws, row, 1, _("unknown key “{key}”").format(key=key))
            continue
        rows[key] = row
        values[key] = r.text(row, 3)
    for key in _REQUIRED:
        if not values.get(key):
            where = rows.get(key)
            if where is None:
                r.problems.add(f"{r.ws.title}!A", _("the row “{key}” is missing").format(key=key))
            else:
                r.problems.at(r.ws, where, 3, _("a value is required here"))
    values.pop("content_hash", None)
    for key in _REQUIRED:
        values.setdefault(key, "")
    return values
