"""Councils, members, sessions, agendas and scorecards.

Every function here is a complete use case that the GUI, the CLI and the
tests call alike.  A score choice is committed in its own transaction,
together with its audit entry, before the function returns: once a caller
has seen it return, a crash or power cut cannot take the choice back.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Iterable, Mapping

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from ocop_desk import audit
from ocop_desk.catalogue import criteria_set_by_pk, resolve_criteria_set
from ocop_desk.errors import ImportRefused, NotFound, Problem, SessionLocked
from ocop_desk.i18n import _
from ocop_desk.identifiers import check_id, check_name
from ocop_desk.scoring.criteria import CriteriaSet
from ocop_desk.scoring.criteria import join_checklist, split_choice
from ocop_desk.scoring.totals import check_choices
from ocop_desk.scoring.totals import progress as answers_progress
from ocop_desk.store.engine import Store
from ocop_desk.store.models import (
    AdminUnit,
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
from ocop_desk.vocabulary import ROLES, SESSION_STATES


@dataclass(frozen=True)
class MemberInfo:
    code: str
    name: str
    role: str
    present: bool


@dataclass(frozen=True)
class KnockoutInfo:
    id: str
    reason: str


@dataclass(frozen=True)
class AgendaInfo:
    pk: int
    position: int
    product_code: str
    product_name: str
    producer_name: str
    producer_kind: str
    commune: str
    address: str
    phone: str
    criteria_set_pk: int
    criteria_set_id: str
    criteria_set_hash: str
    conflicts: tuple[str, ...]
    knockouts: tuple[KnockoutInfo, ...]


@dataclass(frozen=True)
class CouncilInfo:
    id: str
    name: str
    level: str
    admin_unit: str | None
    profile_id: str


@dataclass(frozen=True)
class SessionDetail:
    id: str
    date: dt.date
    place: str
    state: str
    council: CouncilInfo
    members: tuple[MemberInfo, ...]
    items: tuple[AgendaInfo, ...]

    def item(self, product_code: str) -> AgendaInfo:
        for it in self.items:
            if it.product_code == product_code:
                return it
        raise NotFound(_("product {code} is not on the agenda of session {sid}").format(
            code=product_code, sid=self.id), place="product")

    def member(self, code: str) -> MemberInfo:
        for m in self.members:
            if m.code == code:
                return m
        raise NotFound(_("member {code} is not in council {council}").format(code=code, council=self.council.id),
                       place="member")


@dataclass(frozen=True)
class SessionSummary:
    id: str
    council_id: str
    council_name: str
    date: dt.date
    place: str
    state: str
    products: int
    members: int


@dataclass(frozen=True)
class ScorecardData:
    choices: Mapping[str, str]
    notes: Mapping[str, str]


@dataclass(frozen=True)
class ChoiceSaved:
    """What changed, so a view can refresh just the one scorecard."""

    session_id: str
    product_code: str
    member: str
    criterion_id: str
    option_id: str | None
    audit_seq: int


# ---------------------------------------------------------------- reading


def list_sessions(store: Store) -> list[SessionSummary]:
    with store.read() as s:
        n_items = (select(AgendaItem.session_id, func.count().label("n")).group_by(AgendaItem.session_id)
                   .subquery())
        n_members = (select(Member.council_id, func.count().label("n")).group_by(Member.council_id).subquery())
        rows = s.execute(
            select(SessionRow.id, SessionRow.council_id, Council.name, SessionRow.date, SessionRow.place,
                   SessionRow.state, func.coalesce(n_items.c.n, 0), func.coalesce(n_members.c.n, 0))
            .join(Council, Council.id == SessionRow.council_id)
            .outerjoin(n_items, n_items.c.session_id == SessionRow.id)
            .outerjoin(n_members, n_members.c.council_id == SessionRow.council_id)
            .order_by(SessionRow.date.desc(), SessionRow.id)
        ).all()
    return [SessionSummary(*r) for r in rows]


def sessions_with_product(store: Store, product_code: str) -> list[str]:
    """Ids of the sessions whose agenda holds the product, newest first."""
    with store.read() as s:
        return list(s.scalars(
            select(SessionRow.id).join(AgendaItem, AgendaItem.session_id == SessionRow.id)
            .join(Product, Product.id == AgendaItem.product_id).where(Product.code == product_code)
            .order_by(SessionRow.date.desc(), SessionRow.id.desc())))


def get_session(store: Store, session_id: str) -> SessionDetail:
    with store.read() as s:
        return _detail(s, session_id)


def _detail(s: Session, session_id: str) -> SessionDetail:
    row = s.get(SessionRow, session_id)
    if row is None:
        raise NotFound(_("no session '{sid}'").format(sid=session_id), place="session")
    council = s.get(Council, row.council_id)
    assert council is not None
    present = dict(s.execute(select(Attendance.member_pk, Attendance.present)
                             .where(Attendance.session_id == session_id)).all())
    members = s.execute(select(Member).where(Member.council_id == council.id).order_by(Member.pk)).scalars().all()
    code_of = {m.pk: m.code for m in members}
    conflicts: dict[int, list[str]] = {}
    for agenda_pk, member_pk in s.execute(
        select(Conflict.agenda_pk, Conflict.member_pk).join(AgendaItem, AgendaItem.pk == Conflict.agenda_pk)
        .where(AgendaItem.session_id == session_id)
    ):
        conflicts.setdefault(agenda_pk, []).append(code_of[member_pk])
    knockouts: dict[int, list[KnockoutInfo]] = {}
    for agenda_pk, kid, reason in s.execute(
        select(KnockoutFinding.agenda_pk, KnockoutFinding.knockout_id, KnockoutFinding.reason)
        .join(AgendaItem, AgendaItem.pk == KnockoutFinding.agenda_pk).where(AgendaItem.session_id == session_id)
    ):
        knockouts.setdefault(agenda_pk, []).append(KnockoutInfo(kid, reason))
    items = []
    for it, prod, prodr, cs in s.execute(
        select(AgendaItem, Product, Producer, CriteriaSetRow)
        .join(Product, Product.id == AgendaItem.product_id)
        .join(Producer, Producer.id == Product.producer_id)
        .join(CriteriaSetRow, CriteriaSetRow.pk == AgendaItem.criteria_set_pk)
        .where(AgendaItem.session_id == session_id)
        .order_by(AgendaItem.position, AgendaItem.pk)
    ):
        items.append(AgendaInfo(
            pk=it.pk, position=it.position, product_code=prod.code, product_name=prod.name,
            producer_name=prodr.name, producer_kind=prodr.kind, commune=prodr.commune,
            address=prodr.address or "", phone=prodr.phone or "",
            criteria_set_pk=cs.pk, criteria_set_id=cs.set_id, criteria_set_hash=cs.content_hash,
            conflicts=tuple(sorted(conflicts.get(it.pk, ()))),
            knockouts=tuple(sorted(knockouts.get(it.pk, ()), key=lambda k: k.id)),
        ))
    return SessionDetail(
        id=row.id, date=row.date, place=row.place, state=row.state,
        council=CouncilInfo(council.id, council.name, council.level, council.admin_unit_code, council.profile_id),
        members=tuple(MemberInfo(m.code, m.name, m.role, bool(present.get(m.pk, False))) for m in members),
        items=tuple(items),
    )


def agenda_criteria_sets(store: Store, detail: SessionDetail) -> dict[int, CriteriaSet]:
    """Criteria-set key -> the set, for every set the session's agenda scores with (each read once)."""
    sets: dict[int, CriteriaSet] = {}
    for item in detail.items:
        if item.criteria_set_pk not in sets:
            sets[item.criteria_set_pk] = criteria_set_by_pk(store, item.criteria_set_pk)
    return sets


def criteria_set_for(store: Store, session_id: str, product_code: str) -> CriteriaSet:
    return criteria_set_by_pk(store, get_session(store, session_id).item(product_code).criteria_set_pk)


def load_scorecard(store: Store, session_id: str, product_code: str, member: str) -> ScorecardData:
    with store.read() as s:
        agenda, m = _agenda_and_member(s, session_id, product_code, member)
        sc = s.scalar(select(Scorecard.pk).where(Scorecard.agenda_pk == agenda.pk, Scorecard.member_pk == m.pk))
        if sc is None:
            return ScorecardData({}, {})
        rows = s.execute(select(Choice.criterion_id, Choice.option_id, Choice.note)
                         .where(Choice.scorecard_pk == sc)).all()
    return ScorecardData({c: o for c, o, _n in rows if o is not None}, {c: n for c, _o, n in rows if n})


def session_choices(store: Store, session_id: str) -> dict[tuple[str, str], dict[str, str]]:
    """(product code, member code) -> {criterion: option} for a whole session, in one query."""
    with store.read() as s:
        rows = s.execute(
            select(Product.code, Member.code, Choice.criterion_id, Choice.option_id)
            .select_from(Choice)
            .join(Scorecard, Scorecard.pk == Choice.scorecard_pk)
            .join(AgendaItem, AgendaItem.pk == Scorecard.agenda_pk)
            .join(Product, Product.id == AgendaItem.product_id)
            .join(Member, Member.pk == Scorecard.member_pk)
            .where(AgendaItem.session_id == session_id, Choice.option_id.is_not(None))
        )
        out: dict[tuple[str, str], dict[str, str]] = {}
        for pcode, mcode, cid, oid in rows:
            if oid is not None:  # the query keeps answered criteria only
                out.setdefault((pcode, mcode), {})[cid] = oid
    return out


def session_notes(store: Store, session_id: str) -> dict[tuple[str, str], dict[str, str]]:
    with store.read() as s:
        rows = s.execute(
            select(Product.code, Member.code, Choice.criterion_id, Choice.note)
            .select_from(Choice)
            .join(Scorecard, Scorecard.pk == Choice.scorecard_pk)
            .join(AgendaItem, AgendaItem.pk == Scorecard.agenda_pk)
            .join(Product, Product.id == AgendaItem.product_id)
            .join(Member, Member.pk == Scorecard.member_pk)
            .where(AgendaItem.session_id == session_id, Choice.note.is_not(None), Choice.note != "")
        )
        out: dict[tuple[str, str], dict[str, str]] = {}
        for pcode, mcode, cid, note in rows:
            if note is not None:  # the query keeps written notes only
                out.setdefault((pcode, mcode), {})[cid] = note
    return out


# ---------------------------------------------------------------- scoring


def _agenda_and_member(s: Session, session_id: str, product_code: str, member: str) -> tuple[AgendaItem, Member]:
    row = s.get(SessionRow, session_id)
    if row is None:
        raise NotFound(_("no session '{sid}'").format(sid=session_id), place="session")
    agenda = s.scalar(select(AgendaItem).join(Product, Product.id == AgendaItem.product_id)
                      .where(AgendaItem.session_id == session_id, Product.code == product_code))
    if agenda is None:
        raise NotFound(_("product {code} is not on the agenda of session {sid}").format(
            code=product_code, sid=session_id), place="product")
    m = s.scalar(select(Member).where(Member.council_id == row.council_id, Member.code == member))
    if m is None:
        raise NotFound(_("member {code} is not in council {council}").format(code=member, council=row.council_id),
                       place="member")
    return agenda, m


def score_lock(state: str, present: bool, conflicted: bool) -> str | None:
    """Why a member may not score a product now, or None when they may.

    The one rule of who may score: "closed" (the session is closed),
    "preparing" (scoring has not started), "absent" (the member is not
    recorded as present), "conflict" (a conflict of interest with the
    product).  The service refuses with it (`_check_may_score`), a member
    workbook import too, and the scoring screen shows its banner from it.
    """
    if state == "closed":
        return "closed"
    if state != "scoring":
        return "preparing"
    if not present:
        return "absent"
    if conflicted:
        return "conflict"
    return None


def may_score(detail: SessionDetail, product_code: str, member: str) -> str | None:
    """`score_lock` for one product and member of a session as `get_session` read it."""
    return score_lock(detail.state, detail.member(member).present, member in detail.item(product_code).conflicts)


def _check_may_score(s: Session, session_id: str, agenda: AgendaItem, m: Member) -> None:
    state = s.scalar(select(SessionRow.state).where(SessionRow.id == session_id))
    present = s.scalar(select(Attendance.present).where(Attendance.session_id == session_id,
                                                         Attendance.member_pk == m.pk))
    lock = score_lock(state or "", bool(present), s.get(Conflict, (agenda.pk, m.pk)) is not None)
    if lock == "closed":
        raise SessionLocked(_("session {sid} is closed; reopen it (with a reason) to change scores").format(
            sid=session_id), place="session")
    if lock == "preparing":
        raise SessionLocked(_("session {sid} is still being prepared; start scoring first").format(sid=session_id),
                            place="session")
    if lock == "absent":
        raise SessionLocked(_("member {code} is not recorded as present").format(code=m.code), place="member")
    if lock == "conflict":
        raise SessionLocked(_("member {code} has a conflict of interest with this product and may not score it")
                            .format(code=m.code), place="member")


def choice_problem(cs: CriteriaSet, key: str, value: str) -> str | None:
    """Why `key: value` is not an answer on `cs` (a one-line message), or None when it is one.

    `value` is in the internal representation (scoring/criteria.py): an
    option id, a checklist's ticked ids joined by `join_checklist`, or, keyed
    by a case section, the chosen case id.  The last word is the scoring
    rule `check_choices`; the checks before it only give a clearer sentence.
    """
    crit = cs.criterion(key)
    section = cs.section(key) if crit is None else None
    if section is not None and section.cases:
        if section.case(value) is None:
            return _("“{case}” is not a case of section {section}").format(case=value, section=key)
    else:
        if crit is None:
            return _("unknown criterion '{id}' in set {set}").format(id=key, set=cs.id)
        if crit.subcriteria:
            return _("criterion {crit} is scored by its sub-criteria ({subs})").format(
                crit=key, subs=", ".join(sub.id for sub in crit.subcriteria))
        ids = split_choice(value) if crit.kind == "checklist" else (value,)
        for oid in ids:
            if crit.option(oid) is None:
                return _("option '{opt}' is not offered by criterion {crit}").format(opt=oid, crit=key)
        if len(set(ids)) != len(ids):
            return _("an option of criterion {crit} is ticked twice").format(crit=key)
        if len(ids) > 1 and any(crit.option(oid).none for oid in ids):  # type: ignore[union-attr]
            return _("criterion {crit}: “none of these” cannot be ticked with other options").format(crit=key)
    try:
        check_choices(cs, {key: value})
    except ValueError as exc:
        return str(exc)
    return None


def next_choice(cs: CriteriaSet, criterion_id: str, stored: str | None, option_id: str | None, *,
                toggle: bool = True) -> str | None:
    """The value a criterion holds after the scorer picks `option_id` (None clears it).

    On a checklist a single option id toggles that tick: ticking an option
    drops "none of these", ticking "none of these" clears the others, and
    untoggling the last tick leaves the criterion unanswered (never silently
    "scored 0").  With `toggle=False`, or on any other criterion, the value
    replaces what was stored.
    """
    if option_id is None:
        return None
    crit = cs.criterion(criterion_id)
    if crit is None or crit.kind != "checklist":
        return option_id
    if not toggle or crit.option(option_id) is None:
        ids = split_choice(option_id)
        if len(set(ids)) != len(ids):
            return option_id
        try:
            return join_checklist(crit, ids)  # the ticks in sheet order
        except ValueError:
            return option_id  # choice_problem says what is wrong with it
    ticked = [oid for oid in split_choice(stored) if crit.option(oid) is not None] if stored else []
    if crit.option(option_id).none:  # type: ignore[union-attr]
        return None if ticked == [option_id] else option_id
    ticked = [oid for oid in ticked if not crit.option(oid).none]  # type: ignore[union-attr]
    ticked = [oid for oid in ticked if oid != option_id] if option_id in ticked else ticked + [option_id]
    return join_checklist(crit, ticked) if ticked else None


def record_choice(store: Store, session_id: str, product_code: str, member: str, criterion_id: str,
                  option_id: str | None, *, toggle: bool = True, actor: str | None = None) -> ChoiceSaved:
    """Tick one option (or clear it with None); committed before returning.

    `criterion_id` is a leaf criterion or a case section (then `option_id`
    is the chosen case; the other case's answers stay stored and are
    ignored).  On a checklist, an option toggles (`next_choice`); the
    returned `option_id` is the value now stored.
    """
    with store.write() as s:
        agenda, m = _agenda_and_member(s, session_id, product_code, member)
        _check_may_score(s, session_id, agenda, m)
        cs = criteria_set_by_pk(store, agenda.criteria_set_pk)
        if cs.criterion(criterion_id) is None and criterion_id not in {x.id for x in cs.case_sections()}:
            raise ImportRefused(_("unknown criterion '{id}' in set {set}").format(id=criterion_id, set=cs.id),
                                place="criterion")
        sc = _scorecard(s, agenda.pk, m.pk)
        choice = s.get(Choice, (sc, criterion_id))
        value = next_choice(cs, criterion_id, choice.option_id if choice else None, option_id, toggle=toggle)
        problem = None if value is None else choice_problem(cs, criterion_id, value)
        if problem is not None:
            raise ImportRefused(problem, place="option")
        if choice is None:
            s.add(Choice(scorecard_pk=sc, criterion_id=criterion_id, option_id=value))
        else:
            choice.option_id = value
        entry = audit.append(s, "choice", f"{session_id}/{product_code}/{member}",
                             {"criterion": criterion_id, "option": value}, actor=actor)
        seq = entry.seq
    return ChoiceSaved(session_id, product_code, member, criterion_id, value, seq)


@dataclass(frozen=True)
class SheetEntry:
    """One member's filled sheet for one product, as keyed from paper or a workbook."""

    product_code: str
    member: str
    choices: Mapping[str, str]
    notes: Mapping[str, str]


def record_scorecards(store: Store, session_id: str, entries: Iterable[SheetEntry], *,
                      actor: str | None = None) -> int:
    """Record many choices and notes in ONE transaction: all of them, or none.

    The same checks as `record_choice` apply to every entry; a blank (absent)
    criterion leaves what is stored alone.  Returns the number of choices written.
    """
    written = 0
    with store.write() as s:
        for e in entries:
            agenda, m = _agenda_and_member(s, session_id, e.product_code, e.member)
            _check_may_score(s, session_id, agenda, m)
            cs = criteria_set_by_pk(store, agenda.criteria_set_pk)
            for crit_id, opt_id in e.choices.items():
                problem = choice_problem(cs, crit_id, opt_id)
                if problem is not None:
                    raise ImportRefused(problem, place=f"{e.product_code}/{crit_id}")
            for crit_id in e.notes:
                if cs.criterion(crit_id) is None:
                    raise ImportRefused(_("unknown criterion '{id}'").format(id=crit_id),
                                        place=f"{e.product_code}/{crit_id}")
            sc = _scorecard(s, agenda.pk, m.pk)
            stored = {c.criterion_id: c for c in s.scalars(select(Choice).where(Choice.scorecard_pk == sc))}
            changed: dict[str, object] = {}
            for crit_id in set(e.choices) | set(e.notes):
                row = stored.get(crit_id)
                opt = e.choices.get(crit_id, row.option_id if row else None)
                note = (e.notes[crit_id].strip() or None) if crit_id in e.notes else (row.note if row else None)
                if row is None:
                    s.add(Choice(scorecard_pk=sc, criterion_id=crit_id, option_id=opt, note=note))
                elif (row.option_id, row.note) != (opt, note):
                    row.option_id, row.note = opt, note
                else:
                    continue
                changed[crit_id] = opt
                written += crit_id in e.choices
            if changed:
                audit.append(s, "sheet", f"{session_id}/{e.product_code}/{e.member}", {"choices": changed},
                             actor=actor)
    return written


def set_note(store: Store, session_id: str, product_code: str, member: str, criterion_id: str, note: str,
             *, actor: str | None = None) -> None:
    with store.write() as s:
        agenda, m = _agenda_and_member(s, session_id, product_code, member)
        _check_may_score(s, session_id, agenda, m)
        if criteria_set_by_pk(store, agenda.criteria_set_pk).criterion(criterion_id) is None:
            raise ImportRefused(_("unknown criterion '{id}'").format(id=criterion_id), place="criterion")
        sc = _scorecard(s, agenda.pk, m.pk)
        choice = s.get(Choice, (sc, criterion_id))
        text = note.strip() or None
        if choice is None:
            s.add(Choice(scorecard_pk=sc, criterion_id=criterion_id, option_id=None, note=text))
        else:
            choice.note = text
        audit.append(s, "note", f"{session_id}/{product_code}/{member}", {"criterion": criterion_id,
                                                                            "note": text}, actor=actor)


def _scorecard(s: Session, agenda_pk: int, member_pk: int) -> int:
    sc = s.scalar(select(Scorecard.pk).where(Scorecard.agenda_pk == agenda_pk, Scorecard.member_pk == member_pk))
    if sc is None:
        row = Scorecard(agenda_pk=agenda_pk, member_pk=member_pk)
        s.add(row)
        s.flush()
        sc = row.pk
    return sc


# ---------------------------------------------------------------- state and set-up


def set_state(store: Store, session_id: str, state: str, *, reason: str | None = None,
              acknowledge_unfinished: str | None = None, actor: str | None = None) -> str:
    """preparing <-> scoring -> closed; closed -> scoring needs a written reason (audited).

    Closing while sheets are unfinished (`unfinished_sheets`) needs `acknowledge_unfinished`, a
    written reason; the list of those sheets and the reason go into the audit entry.
    """
    if state not in SESSION_STATES:
        raise ImportRefused(_("unknown session state '{state}'").format(state=state), place="state")
    unfinished = _close_check(store, session_id, acknowledge_unfinished) if state == "closed" else []
    with store.write() as s:
        row = s.get(SessionRow, session_id)
        if row is None:
            raise NotFound(_("no session '{sid}'").format(sid=session_id), place="session")
        old = row.state
        if old == state:
            return state
        allowed = {("preparing", "scoring"), ("scoring", "preparing"), ("scoring", "closed"),
                   ("closed", "scoring")}
        if (old, state) not in allowed:
            raise SessionLocked(_("a session cannot go from {old} to {new}").format(old=old, new=state),
                                place="state")
        if old == "closed" and not (reason and reason.strip()):
            raise SessionLocked(_("reopening a closed session needs a written reason"), place="reason")
        row.state = state
        entry: dict[str, object] = {"from": old, "to": state, "reason": reason}
        if unfinished:
            entry["unfinished"] = [f"{u.product_code}/{u.member}" for u in unfinished]
            entry["acknowledgement"] = (acknowledge_unfinished or "").strip()
        audit.append(s, "session_state", session_id, entry, actor=actor)
    return state


# ------------------------------------------------------------------ closing with unfinished sheets


@dataclass(frozen=True)
class UnfinishedSheet:
    """A present member, not in conflict, whose sheet for a product is not complete."""

    product_code: str
    product_name: str
    member: str
    member_name: str
    answered: int
    size: int


class UnfinishedSheets(SessionLocked):
    """Closing refused: sheets are unfinished and nobody acknowledged it in writing."""

    def __init__(self, session_id: str, sheets: list[UnfinishedSheet]) -> None:
        self.sheets = tuple(sheets)
        super().__init__(
            _("session {sid} has {n} unfinished sheets; closing it needs a written acknowledgement").format(
                sid=session_id, n=len(sheets)), place="acknowledgement",
            problems=[Problem(f"{u.product_code} / {u.member}", _("{answered} of {size} criteria answered").format(
                answered=u.answered, size=u.size)) for u in sheets])


def unfinished_sheets(store: Store, session_id: str) -> list[UnfinishedSheet]:
    """Sheets that would not count if the session closed now, by product (agenda order) then member.

    Absent and conflicted members are not listed: their sheets never count.  The rule for what
    is "incomplete" is `scoring.ranking.rank_product`'s, read through `results.session_results`.
    """
    from ocop_desk.results import session_results  # results is built on this module

    res = session_results(store, session_id)
    names = {m.code: m.name for m in res.session.members}
    out = []
    for p in res.products:
        for m in p.result.members:
            if m.reason == "incomplete":
                given, needed = answers_progress(p.criteria_set, res.choices.get((p.code, m.member), {}))
                out.append(UnfinishedSheet(p.code, p.item.product_name, m.member, names.get(m.member, ""),
                                           given, needed))
    return out


def _close_check(store: Store, session_id: str, acknowledgement: str | None) -> list[UnfinishedSheet]:
    with store.read() as s:
        row = s.get(SessionRow, session_id)
        if row is None or row.state == "closed":
            return []  # set_state reports the missing session / does nothing
    unfinished = unfinished_sheets(store, session_id)
    if unfinished and not (acknowledgement and acknowledgement.strip()):
        raise UnfinishedSheets(session_id, unfinished)
    return unfinished


def _require_open(s: Session, session_id: str) -> SessionRow:
    row = s.get(SessionRow, session_id)
    if row is None:
        raise NotFound(_("no session '{sid}'").format(sid=session_id), place="session")
    if row.state == "closed":
        raise SessionLocked(_("session {sid} is closed; reopen it (with a reason) to change it").format(
            sid=session_id), place="session")
    return row


def set_attendance(store: Store, session_id: str, member: str, present: bool, *, actor: str | None = None) -> None:
    with store.write() as s:
        row = _require_open(s, session_id)
        m = s.scalar(select(Member).where(Member.council_id == row.council_id, Member.code == member))
        if m is None:
            raise NotFound(_("member {code} is not in council {council}").format(code=member,
                                                                                  council=row.council_id))
        att = s.get(Attendance, (session_id, m.pk))
        if att is None:
            s.add(Attendance(session_id=session_id, member_pk=m.pk, present=present))
        else:
            att.present = present
        audit.append(s, "attendance", session_id, {"member": member, "present": present}, actor=actor)


def set_conflict(store: Store, session_id: str, product_code: str, member: str, conflicted: bool,
                 reason: str = "", *, actor: str | None = None) -> None:
    with store.write() as s:
        _require_open(s, session_id)
        agenda, m = _agenda_and_member(s, session_id, product_code, member)
        existing = s.get(Conflict, (agenda.pk, m.pk))
        if conflicted and existing is None:
            has_choices = s.scalar(select(func.count()).select_from(Choice).join(
                Scorecard, Scorecard.pk == Choice.scorecard_pk).where(
                Scorecard.agenda_pk == agenda.pk, Scorecard.member_pk == m.pk, Choice.option_id.is_not(None)))
            if has_choices:
                raise SessionLocked(_("member {code} has already scored this product; clear the scorecard "
                                      "before recording a conflict").format(code=member), place="member")
            s.add(Conflict(agenda_pk=agenda.pk, member_pk=m.pk, reason=reason))
        elif not conflicted and existing is not None:
            s.delete(existing)
        else:
            return
        audit.append(s, "conflict", f"{session_id}/{product_code}", {"member": member, "conflict": conflicted,
                                                                     "reason": reason}, actor=actor)


def set_knockout(store: Store, session_id: str, product_code: str, knockout_id: str, found: bool,
                 reason: str = "", *, actor: str | None = None) -> None:
    with store.write() as s:
        _require_open(s, session_id)
        agenda = s.scalar(select(AgendaItem).join(Product, Product.id == AgendaItem.product_id)
                          .where(AgendaItem.session_id == session_id, Product.code == product_code))
        if agenda is None:
            raise NotFound(_("product {code} is not on the agenda of session {sid}").format(
                code=product_code, sid=session_id), place="product")
        cs = criteria_set_by_pk(store, agenda.criteria_set_pk)
        if cs.knockout(knockout_id) is None:
            raise ImportRefused(_("unknown knock-out condition '{id}' in set {set}").format(id=knockout_id,
                                                                                             set=cs.id))
        existing = s.get(KnockoutFinding, (agenda.pk, knockout_id))
        if found and existing is None:
            s.add(KnockoutFinding(agenda_pk=agenda.pk, knockout_id=knockout_id, reason=reason))
        elif found and existing is not None:
            existing.reason = reason
        elif not found and existing is not None:
            s.delete(existing)
        else:
            return
        audit.append(s, "knockout", f"{session_id}/{product_code}", {"knockout": knockout_id, "found": found,
                                                                     "reason": reason}, actor=actor)


def add_to_agenda(store: Store, session_id: str, product_code: str, criteria_set_ref: str | None = None,
                  *, actor: str | None = None) -> None:
    """Put a registered product on the agenda with a criteria set (default: its dossier's)."""
    pk = resolve_criteria_set(store, criteria_set_ref)[0] if criteria_set_ref else None
    with store.write() as s:
        row = _require_open(s, session_id)
        product = s.scalar(select(Product).where(Product.code == product_code))
        if product is None:
            raise NotFound(_("no product with code {code}").format(code=product_code), place="product")
        if pk is None:
            pk = s.scalar(select(Dossier.criteria_set_pk).where(Dossier.product_id == product.id)
                          .order_by(Dossier.year.desc()).limit(1))
        if pk is None:
            raise ImportRefused(_("choose a criteria set for product {code}").format(code=product_code),
                                place="criteria_set")
        if s.scalar(select(AgendaItem.pk).where(AgendaItem.session_id == session_id,
                                                AgendaItem.product_id == product.id)) is not None:
            return
        pos = (s.scalar(select(func.max(AgendaItem.position)).where(AgendaItem.session_id == session_id)) or 0) + 1
        s.add(AgendaItem(session_id=row.id, product_id=product.id, criteria_set_pk=pk, position=pos))
        audit.append(s, "agenda_add", session_id, {"product": product_code, "criteria_set_pk": pk}, actor=actor)


def remove_from_agenda(store: Store, session_id: str, product_code: str, *, actor: str | None = None) -> None:
    with store.write() as s:
        _require_open(s, session_id)
        agenda = s.scalar(select(AgendaItem).join(Product, Product.id == AgendaItem.product_id)
                          .where(AgendaItem.session_id == session_id, Product.code == product_code))
        if agenda is None:
            return
        scored = s.scalar(select(func.count()).select_from(Scorecard).where(Scorecard.agenda_pk == agenda.pk))
        if scored:
            raise SessionLocked(_("product {code} has scorecards and cannot leave the agenda").format(
                code=product_code), place="product")
        s.execute(delete(Conflict).where(Conflict.agenda_pk == agenda.pk))
        s.execute(delete(KnockoutFinding).where(KnockoutFinding.agenda_pk == agenda.pk))
        s.delete(agenda)
        audit.append(s, "agenda_remove", session_id, {"product": product_code}, actor=actor)


def _ensure_admin_unit(s: Session, code: str, level: str, name: str | None = None) -> None:
    if s.get(AdminUnit, code) is None:
        s.add(AdminUnit(code=code, name=name or code, level=level))
        s.flush()


def add_member(store: Store, council_id: str, code: str, name: str, role: str = "member",
               *, actor: str | None = None) -> None:
    if role not in ROLES:
        raise ImportRefused(_("unknown role '{role}'").format(role=role), place="role")
    code, name = check_id(code, "member"), check_name(name, "member")
    with store.write() as s:
        if s.get(Council, council_id) is None:
            raise NotFound(_("no council '{id}'").format(id=council_id), place="council")
        m = s.scalar(select(Member).where(Member.council_id == council_id, Member.code == code))
        if m is None:
            s.add(Member(council_id=council_id, code=code, name=name, role=role))
        else:
            m.name, m.role = name, role
        audit.append(s, "member", council_id, {"code": code, "name": name, "role": role}, actor=actor)


def create_session(store: Store, session_id: str, council_id: str, date: dt.date, place: str = "",
                   *, all_present: bool = True, actor: str | None = None) -> None:
    session_id, place = check_id(session_id, "session"), check_name(place, "place", required=False)
    with store.write() as s:
        if s.get(Council, council_id) is None:
            raise NotFound(_("no council '{id}'").format(id=council_id), place="council")
        if s.get(SessionRow, session_id) is not None:
            raise ImportRefused(_("session {sid} exists already").format(sid=session_id), place="session")
        s.add(SessionRow(id=session_id, council_id=council_id, date=date, place=place, state="preparing"))
        s.flush()
        for m in s.scalars(select(Member).where(Member.council_id == council_id)):
            s.add(Attendance(session_id=session_id, member_pk=m.pk, present=all_present))
        audit.append(s, "session_create", session_id, {"council": council_id, "date": date.isoformat(),
                                                        "place": place}, actor=actor)


def progress(store: Store, session_id: str) -> dict[tuple[str, str], int]:
    """(product code, member code) -> answers given that count (`scoring.totals.progress`: case
    choices and applicable criteria; answers of the other case or after a stop are not progress)."""
    detail = get_session(store, session_id)
    sets = {it.product_code: it.criteria_set_pk for it in detail.items}
    loaded = agenda_criteria_sets(store, detail)
    return {(product, member): answers_progress(loaded[sets[product]], choices)[0]
            for (product, member), choices in session_choices(store, session_id).items()}
