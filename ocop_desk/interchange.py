"""The session interchange file (`ocop-desk/session@2`, and @1 still read): import and export.

Import is all-or-nothing: the whole file is read and checked against the
store (criteria sets, members, conflicts, options) before one write
transaction applies it.  Applying is a diff against what is stored, so
importing the same file again changes nothing and writes no audit entry.
The file is authoritative for what it lists (a listed scorecard ends up with
exactly the listed choices); what it does not list is left alone.
The format is documented in docs/session-format.md; its JSON Schemas ship
as ocop_desk/schemas/session-2.json and session-1.json.  @2 adds the
answers of criteria@2 sheets: a checklist as a list of option ids, and the
case chosen in a "choose one of two cases" section keyed by the section id
(`choices_to_file` / `choices_from_file` convert, for every file format
that carries choices).
"""

from __future__ import annotations

import builtins
import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator, Mapping, Sequence, TypeVar

from sqlalchemy import bindparam, delete, insert, select, update
from sqlalchemy.orm import Session

from ocop_desk import audit
from ocop_desk.catalogue import get_profile, resolve_criteria_set, sync_catalogue
from ocop_desk.errors import ImportRefused, NotFound, Problem
from ocop_desk.i18n import _
from ocop_desk.identifiers import id_problem, name_problem
from ocop_desk.scoring.criteria import CriteriaSet
from ocop_desk.scoring.criteria import CHECKLIST_SEPARATOR, join_checklist, split_choice
from ocop_desk.scoring.totals import check_choices
from ocop_desk.sessions import _ensure_admin_unit
from ocop_desk.sessions import agenda_criteria_sets, choice_problem, get_session, session_choices, session_notes
from ocop_desk.store.engine import Store
from ocop_desk.vocabulary import COUNCIL_LEVELS, PRODUCER_KINDS, ROLES
from ocop_desk.store.models import (
    AgendaItem,
    Attendance,
    Choice,
    Conflict,
    Council,
    CriteriaSetRow,
    Dossier,
    KnockoutFinding,
    Member,
    Producer,
    Product,
    Scorecard,
    SessionRow,
)

SESSION_FORMAT = "ocop-desk/session@2"
SESSION_FORMAT_1 = "ocop-desk/session@1"
READ_FORMATS = (SESSION_FORMAT, SESSION_FORMAT_1)


@dataclass
class ImportSummary:
    session_id: str
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    choices_written: int = 0
    choices_removed: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.choices_written or self.choices_removed)

    def bump(self, kind: str, what: str, n: int = 1) -> None:
        target = self.created if kind == "created" else self.updated
        target[what] = target.get(what, 0) + n


class _Checker:
    """Collects every problem with its place before anything is written."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[Problem] = []

    def add(self, place: str, message: str) -> None:
        self.problems.append(Problem(place, message))

    def str(self, obj: Mapping[str, Any], key: str, place: str, required: bool = True) -> str:
        value = obj.get(key) if isinstance(obj, Mapping) else None
        if value is None:
            if required:
                self.add(f"{place}.{key}", _("missing"))
            return ""
        if not isinstance(value, str) or (required and not value.strip()):
            self.add(f"{place}.{key}", _("must be non-empty text"))
            return ""
        return value.strip()

    # From here on `str` in this class body is the method above, hence builtins.str.
    def id(self, obj: Mapping[builtins.str, Any], key: builtins.str, place: builtins.str,
           kind: builtins.str) -> builtins.str:
        """An id by the one boundary rule (ocop_desk.identifiers); "" after recording why not."""
        value = obj.get(key) if isinstance(obj, Mapping) else None
        why = _("missing") if value is None else id_problem(value, kind)
        if why is not None or value is None:
            self.add(f"{place}.{key}" if place else key, why or _("missing"))
            return ""
        return value

    def name(self, obj: Mapping[builtins.str, Any], key: builtins.str, place: builtins.str, kind: builtins.str,
             required: bool = True) -> builtins.str:
        """A name cleaned by the one boundary rule, written back so that what is stored is the clean one."""
        value = obj.get(key) if isinstance(obj, Mapping) else None
        text, why = name_problem(value, kind, required=required)
        if why is not None:
            self.add(f"{place}.{key}", why)
        elif value is not None and text != value:
            obj[key] = text  # type: ignore[index]
        return text

    def list(self, obj: Mapping[builtins.str, Any], key: builtins.str, place: builtins.str) -> list[Any]:
        value = obj.get(key, []) if isinstance(obj, Mapping) else []
        if not isinstance(value, list):
            self.add(f"{place}.{key}", _("must be a list"))
            return []
        return value

    def obj(self, value: Any, place: builtins.str) -> Mapping[builtins.str, Any]:
        if not isinstance(value, Mapping):
            self.add(place, _("must be an object"))
            return {}
        return value

    def fail(self) -> None:
        if self.problems:
            raise ImportRefused(_("the session file was not imported; nothing was changed"), file=self.file,
                                problems=self.problems)


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    seen: dict[str, Any] = {}
    for k, v in pairs:
        if k in seen:
            raise _DuplicateKey(k)
        seen[k] = v
    return seen


class _DuplicateKey(ValueError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def read_session_file(path: Path) -> tuple[dict[str, Any], str]:
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ImportRefused(_("cannot read the file: {detail}").format(detail=exc.strerror), file=str(path)) from exc
    digest = hashlib.sha256(raw).hexdigest()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportRefused(_("not UTF-8 text"), file=str(path), place=f"byte {exc.start}") from exc
    try:
        data = json.loads(text, object_pairs_hook=_no_duplicate_keys)
    except _DuplicateKey as exc:
        raise ImportRefused(_("the key '{key}' appears twice in one object (for a criterion: two options "
                              "chosen)").format(key=exc.key), file=str(path)) from exc
    except json.JSONDecodeError as exc:
        raise ImportRefused(_("malformed JSON: {detail}").format(detail=exc.msg), file=str(path),
                            place=_("line {line}, column {col}").format(line=exc.lineno, col=exc.colno)) from exc
    except (RecursionError, ValueError) as exc:  # nesting too deep; a number of thousands of digits
        raise ImportRefused(_("malformed JSON: nested too deep or a number too long"), file=str(path)) from exc
    if not isinstance(data, dict):
        raise ImportRefused(_("the file must hold one JSON object"), file=str(path))
    return data, digest


@dataclass
class _Plan:
    council: Mapping[str, Any]
    members: list[Mapping[str, Any]]
    session: Mapping[str, Any]
    products: list[Mapping[str, Any]]
    scorecards: list[Mapping[str, Any]]
    sets: dict[str, tuple[int, CriteriaSet]]


def _check(store: Store, data: Mapping[str, Any], file: str) -> _Plan:
    c = _Checker(file)
    if not isinstance(data, Mapping) or data.get("format") not in READ_FORMATS:
        c.add("format", _("expected \"{fmt}\"").format(fmt=SESSION_FORMAT))
        c.fail()
    lists = data["format"] != SESSION_FORMAT_1
    council = c.obj(data.get("council"), "council")
    cid = c.id(council, "id", "council", "council")
    c.name(council, "name", "council", "council")
    level = c.str(council, "level", "council")
    if level and level not in COUNCIL_LEVELS:
        c.add("council.level", _("must be one of {values}").format(values=", ".join(COUNCIL_LEVELS)))
    profile_id = c.str(council, "profile", "council")
    if profile_id:
        try:
            get_profile(store, profile_id)
        except NotFound:
            c.add("council.profile", _("unknown regulation profile '{id}'").format(id=profile_id))
    if council.get("admin_unit"):
        c.id(council, "admin_unit", "council", "admin_unit")

    members = []
    member_codes: set[str] = set()
    for i, m in enumerate(c.list(data, "members", "")):
        place = f"members[{i}]"
        m = c.obj(m, place)
        code = c.id(m, "id", place, "member")
        c.name(m, "name", place, "member")
        role = c.str(m, "role", place)
        if role and role not in ROLES:
            c.add(f"{place}.role", _("must be one of {values}").format(values=", ".join(ROLES)))
        if code in member_codes:
            c.add(f"{place}.id", _("duplicate member id '{id}'").format(id=code))
        member_codes.add(code)
        members.append(m)
    if cid:
        with store.read() as s:
            member_codes |= set(s.scalars(select(Member.code).where(Member.council_id == cid)))

    session = c.obj(data.get("session"), "session")
    sid = c.id(session, "id", "session", "session")
    date = c.str(session, "date", "session")
    if date:
        try:
            dt.date.fromisoformat(date)
        except ValueError:
            c.add("session.date", _("must be a date written YYYY-MM-DD"))
    c.name(session, "place", "session", "place", required=False)
    present = c.list(session, "present", "session")
    for i, code in enumerate(present):
        if not isinstance(code, str) or code not in member_codes:
            c.add(f"session.present[{i}]", _("unknown member '{id}'").format(id=code))
    present_set = {code for code in present if isinstance(code, str)}
    if sid:
        with store.read() as s:
            row = s.get(SessionRow, sid)
            if row is not None and cid and row.council_id != cid:
                c.add("session.id", _("session {sid} belongs to council {other}").format(sid=sid,
                                                                                           other=row.council_id))
            if row is not None and row.state == "closed":
                c.add("session.id", _("session {sid} is closed; reopen it (with a reason) to change it")
                      .format(sid=sid))

    sets: dict[str, tuple[int, CriteriaSet]] = {}
    products = []
    codes: dict[str, Mapping[str, Any]] = {}
    for i, p in enumerate(c.list(data, "products", "")):
        place = f"products[{i}]"
        p = c.obj(p, place)
        code = c.id(p, "code", place, "product")
        c.name(p, "name", place, "product")
        prod = c.obj(p.get("producer"), f"{place}.producer")
        c.name(prod, "name", f"{place}.producer", "producer")
        kind = c.str(prod, "kind", f"{place}.producer")
        if kind and kind not in PRODUCER_KINDS:
            c.add(f"{place}.producer.kind", _("must be one of {values}").format(values=", ".join(PRODUCER_KINDS)))
        c.name(prod, "commune", f"{place}.producer", "commune", required=False)
        ref = c.str(p, "criteria_set", place)
        if ref and ref not in sets:
            try:
                sets[ref] = resolve_criteria_set(store, ref)
            except NotFound:
                c.add(f"{place}.criteria_set", _("unknown criteria set '{id}'").format(id=ref))
        for j, mc in enumerate(c.list(p, "conflicts", place)):
            if not isinstance(mc, str) or mc not in member_codes:
                c.add(f"{place}.conflicts[{j}]", _("unknown member '{id}'").format(id=mc))
        kos = c.list(p, "knockouts", place)
        if ref in sets:
            for j, k in enumerate(kos):
                if not isinstance(k, str) or sets[ref][1].knockout(k) is None:
                    c.add(f"{place}.knockouts[{j}]", _("unknown knock-out condition '{id}'").format(id=k))
        if code in codes:
            c.add(f"{place}.code", _("duplicate product code '{code}'").format(code=code))
        codes[code] = p
        products.append(p)

    scorecards: list[Mapping[str, Any]] = []
    seen_cards: set[tuple[str, str]] = set()
    for i, sc in enumerate(c.list(data, "scorecards", "")):
        place = f"scorecards[{i}]"
        sc = c.obj(sc, place)
        mc = c.str(sc, "member", place)
        pc = c.str(sc, "product", place)
        if mc and mc not in member_codes:
            c.add(f"{place}.member", _("unknown member '{id}'").format(id=mc))
        if pc and pc not in codes:
            c.add(f"{place}.product", _("product '{code}' is not in this file's products").format(code=pc))
            continue
        if (mc, pc) in seen_cards:
            c.add(place, _("a second scorecard of member {m} for product {p}").format(m=mc, p=pc))
        seen_cards.add((mc, pc))
        p = codes.get(pc, {})
        if isinstance(p.get("conflicts"), list) and mc in p["conflicts"]:
            c.add(place, _("member {m} has a conflict of interest with product {p} and may not score it")
                  .format(m=mc, p=pc))
        if mc and mc not in present_set:
            c.add(place, _("member {m} is not in session.present").format(m=mc))
        choices = c.obj(sc.get("choices", {}), f"{place}.choices")
        notes = c.obj(sc.get("notes", {}) or {}, f"{place}.notes")
        set_ref = p.get("criteria_set")
        cs = sets[set_ref][1] if isinstance(set_ref, str) and set_ref in sets else None
        converted: dict[str, str] = {}
        if cs is not None:
            converted, bad = choices_from_file(cs, choices, lists=lists)
            for crit in choices:
                if crit in bad:
                    c.add(f"{place}.choices.{crit}", bad[crit])
            for crit, note in notes.items():
                if cs.criterion(crit) is None:
                    c.add(f"{place}.notes.{crit}", _("unknown criterion '{id}' in set {set}").format(
                        id=crit, set=cs.id))
                elif not isinstance(note, str):
                    c.add(f"{place}.notes.{crit}", _("must be text"))
        sc = {**sc, "choices": converted}
        scorecards.append(sc)
    c.fail()
    return _Plan(council, members, session, products, scorecards, sets)


def choices_to_file(cs: CriteriaSet, choices: Mapping[str, str]) -> dict[str, str | list[str]]:
    """A scorecard's choices as every file carries them: a checklist as the list of its ticked ids."""
    out: dict[str, str | list[str]] = {}
    for key in sorted(choices):
        crit = cs.criterion(key)
        out[key] = list(split_choice(choices[key])) if crit is not None and crit.kind == "checklist" \
            else choices[key]
    return out


def choices_from_file(cs: CriteriaSet, raw: Mapping[str, Any], *,
                      lists: bool = True) -> tuple[dict[str, str], dict[str, str]]:
    """A scorecard's file `choices` -> (internal choices, {key: one-line problem}) for every file format.

    A list is a checklist's ticks (refused on any other criterion, and
    everywhere when `lists` is False: session@1); a lone id on a checklist
    is one tick.  The whole card is checked by `scoring.totals.check_choices`
    at once (the bulk path of a season's import); only when it fails is each
    answer looked at for its own sentence (`sessions.choice_problem`).
    """
    out: dict[str, str] = {}
    problems: dict[str, str] = {}
    for key, value in raw.items():
        internal, problem = _from_file(cs, key, value, lists)
        if problem is not None:
            problems[key] = problem
        else:
            out[key] = internal  # type: ignore[assignment]
    try:
        check_choices(cs, out)
    except ValueError:
        for key in list(out):
            problem = choice_problem(cs, key, out[key])
            if problem is not None:
                problems[key] = problem
                del out[key]
    return out, problems


def _from_file(cs: CriteriaSet, key: str, value: Any, lists: bool) -> tuple[str | None, str | None]:
    """The shape of one file entry: (internal value not yet checked, None) or (None, a problem)."""
    crit = cs.criterion(key)
    if crit is None and not getattr(cs.section(key), "cases", ()):
        return None, _("unknown criterion '{id}' in set {set}").format(id=key, set=cs.id)
    checklist = crit is not None and crit.kind == "checklist"
    if isinstance(value, list):
        if not (lists and checklist):
            return None, _("exactly one option per criterion, not {n}").format(n=len(value))
        if not value:
            return None, _("criterion {crit}: nothing ticked; list its “none of these” option {none}").format(
                crit=key, none=getattr(crit.none_option, "id", "—"))  # type: ignore[union-attr]
        for oid in value:
            if not isinstance(oid, str) or crit.option(oid) is None:  # type: ignore[union-attr]
                return None, _("option '{opt}' is not offered by criterion {crit}").format(opt=oid, crit=key)
        problem = choice_problem(cs, key, CHECKLIST_SEPARATOR.join(value))  # twice, or "none" with others
        if problem is not None:
            return None, problem
        return join_checklist(crit, value), None  # type: ignore[arg-type]
    if not isinstance(value, str) or (checklist and crit.option(value) is None):  # type: ignore[union-attr]
        return None, _("option '{opt}' is not offered by criterion {crit}").format(opt=value, crit=key)
    return value, None


def import_session(store: Store, path: Path | str, *, actor: str | None = None) -> ImportSummary:
    data, digest = read_session_file(Path(path))
    return import_session_data(store, data, file=str(path), digest=digest, actor=actor)


def import_session_data(store: Store, data: Mapping[str, Any], *, file: str = "<data>",
                        digest: str | None = None, actor: str | None = None) -> ImportSummary:
    sync_catalogue(store)
    plan = _check(store, data, file)
    with store.write() as s:
        summary = _apply(s, plan)
        if summary.changed:
            audit.append(s, "session_import", summary.session_id, {
                "file": Path(file).name, "sha256": digest, "created": summary.created,
                "updated": summary.updated, "choices_written": summary.choices_written,
                "choices_removed": summary.choices_removed}, actor=actor)
    return summary


def _apply(s: Session, plan: _Plan) -> ImportSummary:
    c, sess = plan.council, plan.session
    summary = ImportSummary(session_id=sess["id"])

    council = s.get(Council, c["id"])
    admin_unit = c.get("admin_unit") or None
    if admin_unit:
        _ensure_admin_unit(s, admin_unit, c["level"])
    if council is None:
        s.add(Council(id=c["id"], name=c["name"], level=c["level"], profile_id=c["profile"],
                      admin_unit_code=admin_unit))
        s.flush()
        summary.bump("created", "councils")
    elif (council.name, council.level, council.profile_id, council.admin_unit_code) != (
            c["name"], c["level"], c["profile"], admin_unit):
        council.name, council.level, council.profile_id, council.admin_unit_code = (
            c["name"], c["level"], c["profile"], admin_unit)
        summary.bump("updated", "councils")

    members = {m.code: m for m in s.scalars(select(Member).where(Member.council_id == c["id"]))}
    for m in plan.members:
        row = members.get(m["id"])
        if row is None:
            row = Member(council_id=c["id"], code=m["id"], name=m["name"], role=m["role"])
            s.add(row)
            members[m["id"]] = row
            summary.bump("created", "members")
        elif (row.name, row.role) != (m["name"], m["role"]):
            row.name, row.role = m["name"], m["role"]
            summary.bump("updated", "members")
    s.flush()

    date = dt.date.fromisoformat(sess["date"])
    srow = s.get(SessionRow, sess["id"])
    place = sess.get("place") or ""
    if srow is None:
        srow = SessionRow(id=sess["id"], council_id=c["id"], date=date, place=place,
                          state="scoring" if plan.scorecards else "preparing")
        s.add(srow)
        s.flush()
        summary.bump("created", "sessions")
    else:
        if (srow.date, srow.place) != (date, place):
            srow.date, srow.place = date, place
            summary.bump("updated", "sessions")
        if plan.scorecards and srow.state == "preparing":
            srow.state = "scoring"
            summary.bump("updated", "sessions")

    present = set(sess.get("present") or [])
    attendance = {a.member_pk: a for a in s.scalars(select(Attendance).where(Attendance.session_id == srow.id))}
    for code, member in members.items():
        want = code in present
        a = attendance.get(member.pk)
        if a is None:
            s.add(Attendance(session_id=srow.id, member_pk=member.pk, present=want))
            summary.bump("created", "attendance")
        elif a.present != want:
            a.present = want
            summary.bump("updated", "attendance")

    agenda_pk = _apply_products(s, plan, srow, date, members, summary)
    if plan.scorecards:
        _apply_scorecards(s, plan, srow.id, agenda_pk, members, summary)
    return summary


_T = TypeVar("_T")


def _chunks(items: Sequence[_T], size: int = 500) -> Iterator[Sequence[_T]]:
    for i in range(0, len(items), size):
        yield items[i:i + size]


def _apply_products(s: Session, plan: _Plan, srow: SessionRow, date: dt.date,
                    members: dict[str, Member], summary: ImportSummary) -> dict[str, int]:
    """Producers, products, dossiers, agenda, conflicts and knock-outs, read and written in bulk."""
    codes = [p["code"] for p in plan.products]
    names = {p["producer"]["name"] for p in plan.products}
    producers: dict[tuple[str, str], Producer] = {}
    for chunk in _chunks(sorted(names)):
        for known in s.scalars(select(Producer).where(Producer.name.in_(chunk))):
            producers[(known.name, known.commune)] = known
    for p in plan.products:
        key = (p["producer"]["name"], p["producer"].get("commune") or "")
        row = producers.get(key)
        if row is None:
            row = producers[key] = Producer(name=key[0], kind=p["producer"]["kind"], commune=key[1])
            s.add(row)
            summary.bump("created", "producers")
        elif row.kind != p["producer"]["kind"]:
            row.kind = p["producer"]["kind"]
            summary.bump("updated", "producers")
    s.flush()

    products: dict[str, Product] = {}
    for chunk in _chunks(codes):
        for prod in s.scalars(select(Product).where(Product.code.in_(chunk))):
            products[prod.code] = prod
    for p in plan.products:
        producer = producers[(p["producer"]["name"], p["producer"].get("commune") or "")]
        cs = plan.sets[p["criteria_set"]][1]
        product = products.get(p["code"])
        if product is None:
            product = products[p["code"]] = Product(code=p["code"], name=p["name"], producer_id=producer.id,
                                                    group_id=cs.group_id)
            s.add(product)
            summary.bump("created", "products")
        elif (product.name, product.producer_id) != (p["name"], producer.id):
            product.name, product.producer_id = p["name"], producer.id
            summary.bump("updated", "products")
    s.flush()

    product_ids = [products[c].id for c in codes]
    with_dossier: set[int] = set()
    for chunk in _chunks(product_ids):
        with_dossier.update(s.scalars(select(Dossier.product_id).where(Dossier.product_id.in_(chunk),
                                                                       Dossier.year == date.year)))
    items = {it.product_id: it for it in s.scalars(select(AgendaItem).where(AgendaItem.session_id == srow.id))}
    set_ids = dict(s.execute(select(CriteriaSetRow.pk, CriteriaSetRow.set_id).where(
        CriteriaSetRow.pk.in_({it.criteria_set_pk for it in items.values()} or {-1}))).all())
    for position, p in enumerate(plan.products, start=1):
        set_pk, cs = plan.sets[p["criteria_set"]]
        prod = products[p["code"]]
        if prod.id not in with_dossier:
            s.add(Dossier(product_id=prod.id, year=date.year, stage="evaluation", criteria_set_pk=set_pk))
            summary.bump("created", "dossiers")
        item = items.get(prod.id)
        if item is None:
            item = items[prod.id] = AgendaItem(session_id=srow.id, product_id=prod.id, criteria_set_pk=set_pk,
                                               position=position)
            s.add(item)
            summary.bump("created", "agenda")
        elif item.criteria_set_pk != set_pk and not (p["criteria_set"] == cs.id
                                                      and set_ids.get(item.criteria_set_pk) == cs.id):
            # Named by id, a session keeps the version it was scored with; a hash moves it,
            # but only while nobody has scored the product against the old one.
            if s.scalar(select(Scorecard.pk).where(Scorecard.agenda_pk == item.pk).limit(1)) is not None:
                raise ImportRefused(
                    _("product {code} was scored with another version of its criteria set; it keeps that "
                      "version").format(code=p["code"]), place=f"products[{position - 1}].criteria_set")
            item.criteria_set_pk = set_pk
            summary.bump("updated", "agenda")
        if item.position != position:
            item.position = position
    s.flush()

    agenda_pk = {p["code"]: items[products[p["code"]].id].pk for p in plan.products}
    have_conf: dict[int, set[int]] = {}
    for a, m in s.execute(select(Conflict.agenda_pk, Conflict.member_pk).join(
            AgendaItem, AgendaItem.pk == Conflict.agenda_pk).where(AgendaItem.session_id == srow.id)):
        have_conf.setdefault(a, set()).add(m)
    have_ko: dict[int, set[str]] = {}
    for a, k in s.execute(select(KnockoutFinding.agenda_pk, KnockoutFinding.knockout_id).join(
            AgendaItem, AgendaItem.pk == KnockoutFinding.agenda_pk).where(AgendaItem.session_id == srow.id)):
        have_ko.setdefault(a, set()).add(k)
    for p in plan.products:
        apk = agenda_pk[p["code"]]
        want_conf = {members[mc].pk for mc in p.get("conflicts") or []}
        got_conf = have_conf.get(apk, set())
        for mpk in want_conf - got_conf:
            s.add(Conflict(agenda_pk=apk, member_pk=mpk, reason=""))
            summary.bump("created", "conflicts")
        if got_conf - want_conf:
            s.execute(delete(Conflict).where(Conflict.agenda_pk == apk, Conflict.member_pk.in_(got_conf - want_conf)))
            summary.bump("updated", "conflicts", len(got_conf - want_conf))
        want_ko = set(p.get("knockouts") or [])
        got_ko = have_ko.get(apk, set())
        for k in want_ko - got_ko:
            s.add(KnockoutFinding(agenda_pk=apk, knockout_id=k, reason=""))
            summary.bump("created", "knockouts")
        if got_ko - want_ko:
            s.execute(delete(KnockoutFinding).where(KnockoutFinding.agenda_pk == apk,
                                                    KnockoutFinding.knockout_id.in_(got_ko - want_ko)))
            summary.bump("updated", "knockouts", len(got_ko - want_ko))
    s.flush()
    return agenda_pk


def _apply_scorecards(s: Session, plan: _Plan, session_id: str, agenda_pk: dict[str, int],
                      members: dict[str, Member], summary: ImportSummary) -> None:
    """The bulk path: one read of what is stored, then executemany of the difference."""
    cards = {(a, m): pk for pk, a, m in s.execute(
        select(Scorecard.pk, Scorecard.agenda_pk, Scorecard.member_pk)
        .join(AgendaItem, AgendaItem.pk == Scorecard.agenda_pk).where(AgendaItem.session_id == session_id))}
    wanted_keys = [(agenda_pk[sc["product"]], members[sc["member"]].pk) for sc in plan.scorecards]
    new_cards = [{"agenda_pk": a, "member_pk": m} for a, m in wanted_keys if (a, m) not in cards]
    conn = s.connection()
    if new_cards:
        conn.execute(insert(Scorecard), new_cards)
        summary.bump("created", "scorecards", len(new_cards))
        cards = {(a, m): pk for pk, a, m in s.execute(
            select(Scorecard.pk, Scorecard.agenda_pk, Scorecard.member_pk)
            .join(AgendaItem, AgendaItem.pk == Scorecard.agenda_pk).where(AgendaItem.session_id == session_id))}
    touched = {cards[k] for k in wanted_keys}
    stored: dict[int, dict[str, tuple[str | None, str | None]]] = {}
    if len(new_cards) < len(wanted_keys):
        for pk, crit, opt, note in s.execute(
            select(Choice.scorecard_pk, Choice.criterion_id, Choice.option_id, Choice.note)
            .join(Scorecard, Scorecard.pk == Choice.scorecard_pk)
            .join(AgendaItem, AgendaItem.pk == Scorecard.agenda_pk).where(AgendaItem.session_id == session_id)
        ):
            if pk in touched:
                stored.setdefault(pk, {})[crit] = (opt, note)
    inserts: list[tuple[int, str, str | None, str | None]] = []
    updates: list[dict[str, Any]] = []
    removals: list[tuple[int, str]] = []
    for sc, key in zip(plan.scorecards, wanted_keys):
        pk = cards[key]
        have = stored.get(pk)
        notes = sc.get("notes") or {}
        choices = sc.get("choices") or {}
        if not have and not notes:  # a new sheet: the common case of a season's import
            inserts.extend((pk, crit, opt, None) for crit, opt in choices.items())
            continue
        have = have or {}
        for crit in set(choices) | set(notes):
            want = (choices.get(crit), notes.get(crit) or None)
            got = have.get(crit)
            if got is None:
                inserts.append((pk, crit, want[0], want[1]))
            elif got != want:
                updates.append({"pk": pk, "crit": crit, "option_id": want[0], "note": want[1]})
        for crit in set(have) - set(choices) - set(notes):
            removals.append((pk, crit))
    if inserts:
        # The hot path of a season's import: straight to the driver's executemany.
        marks = ", ".join(["?"] * 4 if conn.dialect.paramstyle == "qmark" else ["%s"] * 4)
        conn.exec_driver_sql(
            f"INSERT INTO choices (scorecard_pk, criterion_id, option_id, note) VALUES ({marks})", inserts)
    if updates:
        conn.execute(
            update(Choice).where(Choice.scorecard_pk == bindparam("pk"), Choice.criterion_id == bindparam("crit"))
            .values(option_id=bindparam("option_id"), note=bindparam("note")), updates)
    for pk, crit in removals:
        s.execute(delete(Choice).where(Choice.scorecard_pk == pk, Choice.criterion_id == crit))
    summary.choices_written = len(inserts) + len(updates)
    summary.choices_removed = len(removals)


def export_session(store: Store, session_id: str) -> dict[str, Any]:
    """The same interchange shape, from the store (for another laptop, or the tests' round trip)."""
    d = get_session(store, session_id)
    choices = session_choices(store, session_id)
    notes = session_notes(store, session_id)
    sets = agenda_criteria_sets(store, d)
    scorecards = []
    for it in d.items:
        for m in d.members:
            key = (it.product_code, m.code)
            if key in choices or key in notes:
                card: dict[str, Any] = {"member": m.code, "product": it.product_code,
                                        "choices": choices_to_file(sets[it.criteria_set_pk],
                                                                   choices.get(key, {}))}
                if key in notes:
                    card["notes"] = dict(sorted(notes[key].items()))
                scorecards.append(card)
    return {
        "format": SESSION_FORMAT,
        "council": {"id": d.council.id, "name": d.council.name, "level": d.council.level,
                    "admin_unit": d.council.admin_unit or "", "profile": d.council.profile_id},
        "members": [{"id": m.code, "name": m.name, "role": m.role} for m in d.members],
        "session": {"id": d.id, "date": d.date.isoformat(), "place": d.place,
                    "present": [m.code for m in d.members if m.present]},
        "products": [{"code": it.product_code, "name": it.product_name,
                      "producer": {"name": it.producer_name, "kind": it.producer_kind, "commune": it.commune},
                      "criteria_set": it.criteria_set_id, "conflicts": list(it.conflicts),
                      "knockouts": [k.id for k in it.knockouts]} for it in d.items],
        "scorecards": scorecards,
    }
