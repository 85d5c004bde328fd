"""The province's side of merged results: the report (`report province --json` and the GUI lists),
a product's history, what is forwarded, a person's decision on a conflict, the province session."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from decimal import Decimal
from typing import Any

from sqlalchemy import or_, select

from ocop_desk import audit
from ocop_desk.catalogue import get_profile
from ocop_desk.errors import ImportRefused, NotFound, SessionLocked
from ocop_desk.i18n import _
from ocop_desk.interchange import SESSION_FORMAT, import_session_data
from ocop_desk.store.engine import Store
from ocop_desk.store.models import Council, SessionRow
from ocop_desk.store.province import EnvelopeReceived, MergeConflict, MergedResult


def province_report(store: Store) -> dict[str, Any]:
    """Current results of every council, and the conflicts no one has decided yet."""
    with store.read() as s:
        rows = s.execute(select(MergedResult).where(MergedResult.current.is_(True))
                         .order_by(MergedResult.admin_unit, MergedResult.product_code, MergedResult.council_id)
                         ).scalars().all()
        conflicts = s.execute(select(MergeConflict).where(MergeConflict.resolved.is_(False))
                              .order_by(MergeConflict.product_code, MergeConflict.id)).scalars().all()
    return {
        "products": [{"code": r.product_code, "name": r.product_name, "council": r.council_id,
                      "admin_unit": r.admin_unit, "criteria_set": r.criteria_set_id, "mean": r.mean,
                      "star": r.star, "status": r.status, "bundle": r.envelope_id, "held": r.held,
                      "group_id": r.group_id} for r in rows],
        "conflicts": [{"id": c.id, "kind": c.kind, "product": c.product_code, "council": c.council_id,
                       "other_council": c.other_council_id, "criteria_set_hash": c.criteria_set_hash,
                       "bundle": c.envelope_id, "detail": c.detail} for c in conflicts],
    }


def result_history(store: Store, product_code: str) -> list[dict[str, Any]]:
    """Every result any bundle gave a product, oldest bundle first (superseded ones included)."""
    with store.read() as s:
        rows = s.execute(select(MergedResult, EnvelopeReceived.created_at)
                         .join(EnvelopeReceived, EnvelopeReceived.envelope_id == MergedResult.envelope_id)
                         .where(MergedResult.product_code == product_code)
                         .order_by(EnvelopeReceived.created_at)).all()
    return [{"bundle": r.envelope_id, "created_at": at, "council": r.council_id, "mean": r.mean,
             "star": r.star, "status": r.status, "current": r.current} for r, at in rows]


def forwarded_products(store: Store) -> list[dict[str, Any]]:
    """Current, clear results that reach the forwarding threshold of their council's level.

    The threshold comes from the regulation profile each council scored under
    (e.g. >= 50 or >= 70 points for district results), never from code.
    Held results (open conflicts) are left out until a person decides.
    """
    with store.read() as s:
        rows = s.execute(select(MergedResult).where(MergedResult.current.is_(True), MergedResult.held.is_(False),
                                                    MergedResult.status == "ranked")
                         .order_by(MergedResult.admin_unit, MergedResult.product_code)).scalars().all()
    thresholds: dict[tuple[str, str], Decimal | None] = {}
    out = []
    for r in rows:
        key = (r.profile_id, r.level)
        if key not in thresholds:
            try:
                thresholds[key] = get_profile(store, r.profile_id).level(r.level).forwards_min
            except (NotFound, KeyError):
                thresholds[key] = None
        floor = thresholds[key]
        if floor is not None and r.mean is not None and Decimal(r.mean) >= floor:
            out.append({"code": r.product_code, "name": r.product_name, "council": r.council_id,
                        "admin_unit": r.admin_unit, "criteria_set": r.criteria_set_id, "mean": r.mean,
                        "star": r.star, "status": r.status, "bundle": r.envelope_id})
    return out


PROVINCE_COUNCIL_ID = "HD-OCOP-TINH"
PROVINCE_COUNCIL_NAME = "Hội đồng đánh giá, phân hạng sản phẩm OCOP cấp tỉnh"


def open_province_session(store: Store, codes: list[str], *, council_id: str | None = None,
                          session_id: str | None = None, date: dt.date | None = None, actor: str | None = None) -> str:
    """Opens a province-level session with merged products on its agenda; returns the session id.

    Each product enters with the criteria-set version its district scored it
    against.  The province council is the one named, else the store's only
    province-level council, else a new one under the products' regulation
    profile; its members are added as usual before scoring.  Only current,
    clear results qualify (a held result waits on its conflict).
    """
    wanted = list(dict.fromkeys(codes))
    if not wanted:
        raise ImportRefused(_("no products chosen for the province session"))
    with store.read() as s:
        rows = {r.product_code: r for r in s.execute(select(MergedResult).where(
            MergedResult.current.is_(True), MergedResult.held.is_(False),
            MergedResult.product_code.in_(wanted))).scalars()}
        missing = [c for c in wanted if c not in rows]
        if missing:
            raise ImportRefused(_("product {code} has no current, clear merged result").format(code=missing[0]),
                                place="product")
        if council_id is None:
            provincial = s.execute(select(Council).where(Council.level == "province").order_by(Council.id)
                                   ).scalars().all()
            council = provincial[0] if len(provincial) == 1 else None
        else:
            council = s.get(Council, council_id)
        when = date or dt.date.today()
        sid = session_id
        if sid is None:
            n = 1
            while s.get(SessionRow, f"{when.year}-TINH-{n:02d}") is not None:
                n += 1
            sid = f"{when.year}-TINH-{n:02d}"
    units = {c.split("-", 1)[0] for c in wanted}
    if council is not None:
        council_doc = {"id": council.id, "name": council.name, "level": council.level,
                       "admin_unit": council.admin_unit_code or "", "profile": council.profile_id}
    else:
        profile = Counter(rows[c].profile_id for c in wanted).most_common(1)[0][0]
        council_doc = {"id": council_id or PROVINCE_COUNCIL_ID, "name": PROVINCE_COUNCIL_NAME, "level": "province",
                       "admin_unit": units.pop() if len(units) == 1 else "", "profile": profile}
    products = []
    for code in wanted:
        r = rows[code]
        products.append({"code": code, "name": r.product_name,
                         "producer": {"name": r.producer_name or r.product_name, "kind": r.producer_kind or "HO",
                                      "commune": r.commune},
                         "criteria_set": r.criteria_set_hash, "conflicts": [], "knockouts": []})
    data = {"format": SESSION_FORMAT, "council": council_doc, "members": [],
            "session": {"id": sid, "date": when.isoformat(), "place": "", "present": []},
            "products": products, "scorecards": []}
    return import_session_data(store, data, file="province", actor=actor).session_id


DECISIONS = ("accept", "reject")


def resolve_conflict(store: Store, conflict_id: int, decision: str, reason: str, *,
                     actor: str | None = None) -> None:
    """A person's decision on one conflict, written with its reason into the audit log.

    "accept": the result of the council whose bundle raised the conflict
    stands; for a product code sent by two councils, the other council's
    result for it is set aside.  "reject": that council's result is set
    aside instead (and, for a duplicate, the other council's stands).  A
    result set aside stays in the history, no longer current; one that stands
    is released once no other open conflict holds it.
    """
    if decision not in DECISIONS:
        raise SessionLocked(_("decide with accept or reject"), place="decision")
    if not reason or not reason.strip():
        raise SessionLocked(_("a decision on a conflict needs a written reason"), place="reason")
    with store.write() as s:
        c = s.get(MergeConflict, conflict_id)
        if c is None or c.resolved:
            raise NotFound(_("no open conflict {id}").format(id=conflict_id), place="conflict")
        c.resolved = True
        councils = [c.council_id] + ([c.other_council_id] if c.other_council_id else [])
        stands = c.council_id if decision == "accept" else (c.other_council_id or None)
        for row in s.scalars(select(MergedResult).where(MergedResult.product_code == c.product_code,
                                                        MergedResult.council_id.in_(councils),
                                                        MergedResult.current.is_(True))):
            if row.council_id != stands:
                row.current, row.held = False, False
        s.flush()
        for row in s.scalars(select(MergedResult).where(MergedResult.product_code == c.product_code,
                                                        MergedResult.current.is_(True), MergedResult.held.is_(True))):
            still = s.scalar(select(MergeConflict.id).where(
                MergeConflict.product_code == c.product_code, MergeConflict.resolved.is_(False),
                or_(MergeConflict.council_id == row.council_id, MergeConflict.other_council_id == row.council_id))
                .limit(1))
            row.held = still is not None
        audit.append(s, "conflict_decided", f"{c.product_code}/{c.council_id}", {
            "conflict": c.id, "kind": c.kind, "decision": decision, "stands": stands, "reason": reason.strip(),
            "bundle": c.envelope_id}, actor=actor)
