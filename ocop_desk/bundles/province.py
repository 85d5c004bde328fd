"""The province's view of merged results: `report province --json` and the GUI lists."""

from __future__ import annotations

from typing import Any


def province_report(store) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """Current results of every council, and the conflicts no one has decided yet."""
    from sqlalchemy import select

    from ocop_desk.store.province import MergeConflict, MergedResult

    with store.read() as s:
        rows = s.execute(select(MergedResult).where(MergedResult.current.is_(True))
                         .order_by(MergedResult.admin_unit, MergedResult.product_code, MergedResult.council_id)
                         ).scalars().all()
        conflicts = s.execute(select(MergeConflict).where(MergeConflict.resolved.is_(False))
                              .order_by(MergeConflict.product_code, MergeConflict.id)).scalars().all()
    return {
        "products": [{"code": r.product_code, "name": r.product_name, "council": r.council_id,
                      "admin_unit": r.admin_unit, "criteria_set": r.criteria_set_id, "mean": r.mean,
                      "star": r.star, "status": r.status, "bundle": r.envelope_id} for r in rows],
        "conflicts": [{"kind": c.kind, "product": c.product_code, "council": c.council_id,
                       "other_council": c.other_council_id, "criteria_set_hash": c.criteria_set_hash,
                       "bundle": c.envelope_id, "detail": c.detail} for c in conflicts],
    }


def result_history(store, product_code: str) -> list[dict[str, Any]]:  # type: ignore[no-untyped-def]
    """Every result any bundle gave a product, oldest bundle first (superseded ones included)."""
    from sqlalchemy import select

    from ocop_desk.store.province import EnvelopeReceived, MergedResult

    with store.read() as s:
        rows = s.execute(select(MergedResult, EnvelopeReceived.created_at)
                         .join(EnvelopeReceived, EnvelopeReceived.envelope_id == MergedResult.envelope_id)
                         .where(MergedResult.product_code == product_code)
                         .order_by(EnvelopeReceived.created_at)).all()
    return [{"bundle": r.envelope_id, "created_at": at, "council": r.council_id, "mean": r.mean,
             "star": r.star, "status": r.status, "current": r.current} for r, at in rows]


def forwarded_products(store) -> list[dict[str, Any]]:  # type: ignore[no-untyped-def]
    """Current, clear results that reach the forwarding threshold of their council's level.

    The threshold comes from the regulation profile each council scored under
    (e.g. >= 50 or >= 70 points for district results), never from code.
    Held results (open conflicts) are left out until a person decides.
    """
    from decimal import Decimal

    from sqlalchemy import select

    from ocop_desk.catalogue import get_profile
    from ocop_desk.errors import NotFound
    from ocop_desk.store.province import MergedResult

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
