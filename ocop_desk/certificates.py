"""After the meeting: the recognition decision, the certificate register, re-evaluation.

A closed session's recognised products (the stars the council's level
certifies, `SessionResults.recognised`) become one draft decision: each gets
a certificate number, allocated with the decision in one transaction and
audited.  A certificate is valid `VALIDITY_MONTHS` calendar months from the
decision date; a product recognised again later gets a new certificate and
the earlier one is marked superseded, so its history of stars stays.

The names printed on a certificate (product, producer, commune, district)
are copied at recognition: the register must read as the decision was
signed, whatever is edited later.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from ocop_desk import audit
from ocop_desk.catalogue import get_profile
from ocop_desk.errors import ImportRefused, NotFound, SessionLocked
from ocop_desk.i18n import N_, _
from ocop_desk.recognition_paper import AnnexRow, DecisionPaper
from ocop_desk.vocabulary import PAPER_SUFFIX
from ocop_desk.results import session_results
from ocop_desk.sessions import get_session
from ocop_desk.store.engine import Store
from ocop_desk.store.models import (
    AdminUnit,
    Certificate,
    Council,
    CouncilPaperDetails,
    Paper,
    Producer,
    Product,
    Recognition,
    SessionPaperDetails,
    SessionRow,
)

VALIDITY_MONTHS = 36
DECISION_SUFFIX = "/QĐ-UBND"
_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


# ---------------------------------------------------------------- dates


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` calendar months later, or that month's last day (31 Jan + 1 = 28/29 Feb)."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


def valid_until(issued: dt.date) -> dt.date:
    return add_months(issued, VALIDITY_MONTHS)


# ---------------------------------------------------------------- paper facts


@dataclass(frozen=True)
class PaperDetails:
    """The facts the office papers of a session print beyond the session itself."""

    parent_authority: str
    place_name: str
    start_time: str | None
    numbers: dict[str, tuple[str, dt.date | None]]  # kind -> (number, date)
    end_time: str | None = None


def set_council_paper_details(store: Store, council_id: str, *, parent_authority: str | None = None,
                              place_name: str | None = None, actor: str | None = None) -> None:
    with store.write() as s:
        if s.get(Council, council_id) is None:
            raise NotFound(_("no council '{id}'").format(id=council_id), place="council")
        row = s.get(CouncilPaperDetails, council_id)
        if row is None:
            row = CouncilPaperDetails(council_id=council_id, parent_authority="", place_name="")
            s.add(row)
        if parent_authority is not None:
            row.parent_authority = parent_authority.strip()
        if place_name is not None:
            row.place_name = place_name.strip()
        audit.append(s, "council_paper_details", council_id,
                     {"parent_authority": row.parent_authority, "place_name": row.place_name}, actor=actor)


# The papers of a session an office numbers, and the suffix a bare number gets ("12" -> "12/BB-HĐ").
PAPER_NUMBER_LABEL = {"minutes": N_("No. of the minutes"), "summary": N_("No. of the summary"),
                      "recognition": N_("No. of the recognition list")}


def paper_number(kind: str, number: str) -> str:
    """A bare "12" gets the paper's suffix; anything else is kept as the office wrote it."""
    number = number.strip()
    return number + PAPER_SUFFIX.get(kind, "") if number.isdigit() else number


def set_session_papers(store: Store, session_id: str, *, start: str | None = None, end: str | None = None,
                       numbers: dict[str, str] | None = None, dates: dict[str, dt.date | None] | None = None,
                       actor: str | None = None) -> None:
    """The hours the meeting opened and ended ("HH:MM"; "" clears one) and the papers' numbers.

    Everything is checked before anything is written: one bad value leaves the store unchanged.
    """
    numbers = numbers or {}
    dates = dates or {}
    for place, value in (("start_time", start), ("end_time", end)):
        if value and not _TIME.match(value):
            raise ImportRefused(_("time '{value}' is not HH:MM").format(value=value), place=place)
    if start and end and end < start:
        raise ImportRefused(_("the meeting cannot end ({end}) before it starts ({start})").format(
            end=end, start=start), place="end_time")
    for kind, number in numbers.items():
        if kind not in PAPER_SUFFIX:
            raise ImportRefused(_("unknown paper '{kind}'").format(kind=kind), place="kind")
        if not number.strip():
            raise ImportRefused(_("a paper number cannot be empty"), place="number")
    with store.write() as s:
        _session_row(s, session_id)
        if start is not None or end is not None:
            row = s.get(SessionPaperDetails, session_id) or SessionPaperDetails(session_id=session_id)
            if start is not None:
                row.start_time = start or None
            if end is not None:
                row.end_time = end or None
            s.add(row)
            audit.append(s, "session_start_time", session_id,
                         {"start_time": row.start_time, "end_time": row.end_time}, actor=actor)
        for kind, number in numbers.items():
            paper = s.get(Paper, (session_id, kind)) or Paper(session_id=session_id, kind=kind)
            paper.number, paper.date = paper_number(kind, number), dates.get(kind)
            s.add(paper)
            audit.append(s, "paper_number", session_id, {"kind": kind, "number": paper.number,
                                                         "date": paper.date.isoformat() if paper.date else None},
                         actor=actor)


def set_session_start(store: Store, session_id: str, start_time: str, *, actor: str | None = None) -> None:
    """The hour the meeting opened, "HH:MM" (printed "Vào hồi 8 giờ 00")."""
    if not _TIME.match(start_time):
        raise ImportRefused(_("start time '{value}' is not HH:MM").format(value=start_time), place="start_time")
    set_session_papers(store, session_id, start=start_time, actor=actor)


def set_paper_number(store: Store, session_id: str, kind: str, number: str, date: dt.date | None = None,
                     *, actor: str | None = None) -> None:
    """The number an office gives one paper of the session ("12/BB-HĐ" for the minutes)."""
    set_session_papers(store, session_id, numbers={kind: number}, dates={kind: date}, actor=actor)


def paper_details(store: Store, session_id: str) -> PaperDetails:
    with store.read() as s:
        row = _session_row(s, session_id)
        council = s.get(CouncilPaperDetails, row.council_id)
        start = s.get(SessionPaperDetails, session_id)
        numbers = {p.kind: (p.number, p.date) for p in s.scalars(select(Paper).where(Paper.session_id == session_id))}
        authority = council.parent_authority if council and council.parent_authority else ""
        place = council.place_name if council and council.place_name else ""
        if not authority or not place:
            unit = _unit_name(s, s.get(Council, row.council_id).admin_unit_code)  # type: ignore[union-attr]
            place = place or unit
            if not authority and unit:
                authority = _("People's Committee of {unit}").format(unit=unit)
        return PaperDetails(parent_authority=authority, place_name=place,
                            start_time=start.start_time if start else None, numbers=numbers,
                            end_time=start.end_time if start else None)


def _unit_name(s: Any, code: str | None) -> str:
    if not code:
        return ""
    unit = s.get(AdminUnit, code)
    return unit.name if unit is not None else code


def _session_row(s: Any, session_id: str) -> SessionRow:
    row = s.get(SessionRow, session_id)
    if row is None:
        raise NotFound(_("no session '{sid}'").format(sid=session_id), place="session")
    return row


# ---------------------------------------------------------------- recognition


@dataclass(frozen=True)
class CertificateInfo:
    number: str
    product_code: str
    product_name: str
    producer_name: str
    commune: str
    district: str
    group_id: str
    star: int
    mean: str
    level: str
    issued: dt.date
    valid_until: dt.date
    decision_number: str
    session_id: str
    superseded_by: str | None  # the number of the certificate that replaced it

    @property
    def current(self) -> bool:
        return self.superseded_by is None


@dataclass(frozen=True)
class RecognitionInfo:
    session_id: str
    decision_number: str
    decision_date: dt.date
    authority: str
    level: str
    status: str
    certificates: tuple[CertificateInfo, ...]


def normalise_decision_number(number: str) -> str:
    """A bare "125" becomes "125/QĐ-UBND"; anything else is kept as the office wrote it."""
    number = number.strip()
    return number + DECISION_SUFFIX if number.isdigit() else number


def recognise(store: Store, session_id: str, decision_number: str, decision_date: dt.date, *,
              authority: str | None = None, actor: str | None = None) -> RecognitionInfo:
    """Draft the decision recognising a closed session's recognised products, numbering their certificates.

    Refused, with nothing written, when the session is not closed, was already
    recognised, recognises no product, the number is taken, or the decision
    would predate the meeting.
    """
    number = normalise_decision_number(decision_number)
    if not number:
        raise ImportRefused(_("a decision number is needed"), place="--decision-number")
    res = session_results(store, session_id)
    detail = res.session
    if detail.state != "closed":
        raise SessionLocked(_("session {sid} is not closed; only a closed session's results can be recognised")
                            .format(sid=session_id), place="session")
    if decision_date < detail.date:
        raise ImportRefused(_("the decision date {date} is before the meeting ({meeting})").format(
            date=decision_date.isoformat(), meeting=detail.date.isoformat()), place="--date")
    recognised = res.recognised()
    if not recognised:
        raise ImportRefused(_("session {sid} recognises no product at this level").format(sid=session_id),
                            place="session")
    details = paper_details(store, session_id)
    authority = (authority or details.parent_authority).strip()
    with store.write() as s:
        if s.scalar(select(Recognition).where(Recognition.session_id == session_id)) is not None:
            raise ImportRefused(_("session {sid} has already been recognised").format(sid=session_id),
                                place="session")
        if s.scalar(select(Recognition).where(Recognition.decision_number == number)) is not None:
            raise ImportRefused(_("decision number {number} is already used").format(number=number),
                                place="--decision-number")
        rec = Recognition(session_id=session_id, decision_number=number, decision_date=decision_date,
                          authority=authority, level=detail.council.level, status="draft")
        s.add(rec)
        s.flush()
        suffix = f"/{decision_date.year}/OCOP-{detail.council.admin_unit or detail.council.id}"
        seq = _last_sequence(s, suffix)
        numbers = []
        for outcome in recognised:
            seq += 1
            product = s.scalar(select(Product).where(Product.code == outcome.code))
            assert product is not None
            producer = s.get(Producer, product.producer_id)
            cert = Certificate(
                number=f"{seq:03d}{suffix}", recognition_id=rec.id, product_code=outcome.code,
                product_name=outcome.item.product_name, producer_name=outcome.item.producer_name,
                producer_kind=outcome.item.producer_kind, commune=outcome.item.commune,
                district=_district(s, producer, detail.council.level, detail.council.admin_unit),
                group_id=product.group_id or outcome.criteria_set.group_id,
                star=outcome.result.star, mean=format(outcome.result.mean, "f"), level=detail.council.level,
                issued=decision_date, valid_until=valid_until(decision_date))
            s.add(cert)
            s.flush()
            for old in s.scalars(select(Certificate).where(Certificate.product_code == outcome.code,
                                                           Certificate.superseded_by.is_(None),
                                                           Certificate.id != cert.id)):
                old.superseded_by = cert.id
            numbers.append(cert.number)
        audit.append(s, "recognition", session_id, {"decision": number, "date": decision_date.isoformat(),
                                                    "authority": authority, "certificates": numbers},
                     actor=actor)
    return get_recognition(store, number)


def _last_sequence(s: Any, suffix: str) -> int:
    last = 0
    for number in s.scalars(select(Certificate.number).where(Certificate.number.like(f"%{suffix}"))):
        head = number[: -len(suffix)]
        if head.isdigit():
            last = max(last, int(head))
    return last


def _district(s: Any, producer: Producer | None, level: str, council_unit: str | None) -> str:
    """The district code of the producer's commune when known, else the district council's own unit."""
    if producer is not None and producer.commune_code:
        commune = s.get(AdminUnit, producer.commune_code)
        if commune is not None and commune.parent_code:
            return commune.parent_code
    return (council_unit or "") if level == "district" else ""


def _info(cert: Certificate, rec: Recognition, numbers: dict[int, str]) -> CertificateInfo:
    return CertificateInfo(
        number=cert.number, product_code=cert.product_code, product_name=cert.product_name,
        producer_name=cert.producer_name, commune=cert.commune, district=cert.district,
        group_id=cert.group_id, star=cert.star, mean=cert.mean, level=cert.level, issued=cert.issued,
        valid_until=cert.valid_until, decision_number=rec.decision_number, session_id=rec.session_id,
        superseded_by=numbers.get(cert.superseded_by) if cert.superseded_by else None)


def _all_certificates(s: Any) -> list[CertificateInfo]:
    rows = s.execute(select(Certificate, Recognition).join(Recognition, Recognition.id == Certificate.recognition_id)
                     .order_by(Certificate.issued, Certificate.id)).all()
    numbers = {c.id: c.number for c, _r in rows}
    return [_info(c, r, numbers) for c, r in rows]


def get_recognition(store: Store, ref: str) -> RecognitionInfo:
    """By decision number (or a bare number) or by the session it recognised."""
    with store.read() as s:
        rec = s.scalar(select(Recognition).where(Recognition.decision_number == normalise_decision_number(ref)))
        if rec is None:
            rec = s.scalar(select(Recognition).where(Recognition.session_id == ref))
        if rec is None:
            raise NotFound(_("no recognition decision '{ref}'").format(ref=ref), place="decision")
        certs = tuple(c for c in _all_certificates(s) if c.decision_number == rec.decision_number)
        return RecognitionInfo(session_id=rec.session_id, decision_number=rec.decision_number,
                               decision_date=rec.decision_date, authority=rec.authority, level=rec.level,
                               status=rec.status, certificates=certs)


def list_recognitions(store: Store) -> list[tuple[str, str, dt.date]]:
    """(decision number, session id, date), newest first."""
    with store.read() as s:
        return [(r.decision_number, r.session_id, r.decision_date) for r in
                s.scalars(select(Recognition).order_by(Recognition.decision_date.desc(), Recognition.id.desc()))]


# ---------------------------------------------------------------- register and due list


@dataclass(frozen=True)
class RegisterFilter:
    district: str | None = None
    group: str | None = None
    star: int | None = None
    level: str | None = None
    include_superseded: bool = False

    def accepts(self, c: CertificateInfo) -> bool:
        return ((self.include_superseded or c.current)
                and (not self.district or self.district.casefold() in (c.district.casefold(),))
                and (not self.group or c.group_id == self.group)
                and (self.star is None or c.star == self.star)
                and (not self.level or c.level == self.level))


def register(store: Store, flt: RegisterFilter | None = None) -> list[CertificateInfo]:
    flt = flt or RegisterFilter()
    with store.read() as s:
        return [c for c in _all_certificates(s) if flt.accepts(c)]


def history(store: Store, product_code: str) -> list[CertificateInfo]:
    """Every certificate the product ever had, oldest first."""
    with store.read() as s:
        return [c for c in _all_certificates(s) if c.product_code == product_code]


@dataclass(frozen=True)
class DueItem:
    certificate: CertificateInfo
    status: str  # "expired" | "due"
    days_left: int  # negative once expired


def due_for_reevaluation(store: Store, within_months: int, today: dt.date | None = None,
                         flt: RegisterFilter | None = None) -> list[DueItem]:
    """Current certificates expired, or expiring within `within_months` calendar months of `today`."""
    if within_months < 0:
        raise ImportRefused(_("the number of months cannot be negative"), place="--within-months")
    today = today or dt.date.today()
    horizon = add_months(today, within_months)
    flt = flt or RegisterFilter()
    out = []
    for c in register(store, RegisterFilter(flt.district, flt.group, flt.star, flt.level, False)):
        if c.valid_until <= horizon:
            out.append(DueItem(c, "expired" if c.valid_until < today else "due", (c.valid_until - today).days))
    return sorted(out, key=lambda d: (d.certificate.valid_until, d.certificate.number))


def certificate_json(c: CertificateInfo) -> dict[str, Any]:
    """The `certificates list --json` row (docs/cli.md)."""
    return {"number": c.number, "product": c.product_code, "name": c.product_name, "producer": c.producer_name,
            "commune": c.commune, "district": c.district, "group": c.group_id, "star": c.star, "mean": c.mean,
            "level": c.level, "issued": c.issued.isoformat(), "valid_until": c.valid_until.isoformat(),
            "decision": c.decision_number, "session": c.session_id, "current": c.current,
            "superseded_by": c.superseded_by}


def due_json(d: DueItem) -> dict[str, Any]:
    return {**certificate_json(d.certificate), "status": d.status, "days_left": d.days_left}


def recognition_json(r: RecognitionInfo) -> dict[str, Any]:
    return {"decision": r.decision_number, "date": r.decision_date.isoformat(), "session": r.session_id,
            "authority": r.authority, "level": r.level, "status": r.status,
            "certificates": [certificate_json(c) for c in r.certificates]}


def decision_paper(store: Store, ref: str) -> DecisionPaper:
    """The decision recognised from a session, by decision number or session id."""
    rec = get_recognition(store, ref)
    detail = get_session(store, rec.session_id)
    details = paper_details(store, rec.session_id)
    profile = get_profile(store, detail.council.profile_id)
    rows = tuple(AnnexRow(c.product_code, c.product_name, c.producer_name, c.commune, c.star, c.mean, c.number,
                          c.valid_until) for c in rec.certificates)
    return DecisionPaper(authority=rec.authority, place_name=details.place_name, level=rec.level,
                         number=rec.decision_number, date=rec.decision_date, council=detail.council.name,
                         session_id=detail.id, session_date=detail.date, regulation=profile.regulation,
                         validity_months=VALIDITY_MONTHS, rows=rows, draft=rec.status == "draft")
