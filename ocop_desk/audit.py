"""The append-only audit log, hash-chained so that editing the past shows.

Entry n stores `hash = sha256(prev_hash || "\\n" || canonical(entry))`, where
`prev_hash` is entry n-1's hash (64 zeros for the first).  The chain's tip is
also kept in `audit_head`; appending updates that row in the same
transaction as the change it records, which serialises concurrent writers
and lets `verify` notice a deleted tail as well as an edited entry.
"""

from __future__ import annotations

import datetime as dt
import getpass
import hashlib
import json
from dataclasses import dataclass
from typing import Any, Mapping

from sqlalchemy import select
from sqlalchemy.orm import Session

from ocop_desk.canonical import canonical_json
from ocop_desk.i18n import _
from ocop_desk.store.engine import Store
from ocop_desk.store.models import AuditEntry, AuditHead

GENESIS = "0" * 64


def default_actor() -> str:
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no user name on some frozen Windows set-ups
        return "unknown"


def _entry_hash(prev_hash: str, seq: int, at: dt.datetime, actor: str, action: str, entity: str,
                detail: str) -> str:
    body = canonical_json({"seq": seq, "at": at.isoformat(timespec="microseconds"), "actor": actor,
                           "action": action, "entity": entity, "detail": detail})
    return hashlib.sha256(prev_hash.encode("ascii") + b"\n" + body).hexdigest()


def append(session: Session, action: str, entity: str, detail: Mapping[str, Any] | None = None,
           actor: str | None = None) -> AuditEntry:
    """Add one entry inside the caller's write transaction."""
    head = session.execute(select(AuditHead).where(AuditHead.id == 1).with_for_update()).scalar_one_or_none()
    if head is None:
        head = AuditHead(id=1, seq=0, hash=GENESIS)
        session.add(head)
    seq = head.seq + 1
    at = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
    actor = actor or default_actor()
    detail_text = canonical_json(dict(detail or {})).decode("utf-8")
    digest = _entry_hash(head.hash, seq, at, actor, action, entity, detail_text)
    entry = AuditEntry(seq=seq, at=at, actor=actor, action=action, entity=entity, detail=detail_text,
                       prev_hash=head.hash, hash=digest)
    session.add(entry)
    head.seq, head.hash = seq, digest
    return entry


@dataclass(frozen=True)
class AuditReport:
    ok: bool
    entries: int
    bad_seq: int | None
    message: str


def verify(store: Store) -> AuditReport:
    prev = GENESIS
    count = 0
    with store.read() as s:
        rows = s.execute(select(AuditEntry).order_by(AuditEntry.seq)).scalars()
        for e in rows:
            count += 1
            if e.seq != count:
                return AuditReport(False, count, e.seq, _("entry {seq} is missing").format(seq=count))
            if e.prev_hash != prev:
                return AuditReport(False, count, e.seq, _("entry {seq} does not follow the one before it")
                                   .format(seq=e.seq))
            if _entry_hash(prev, e.seq, e.at, e.actor, e.action, e.entity, e.detail) != e.hash:
                return AuditReport(False, count, e.seq, _("entry {seq} was altered").format(seq=e.seq))
            prev = e.hash
        head = s.get(AuditHead, 1)
    if (head is None and count) or (head is not None and (head.seq != count or head.hash != prev)):
        return AuditReport(False, count, count + 1, _("entries after {seq} were removed").format(seq=count))
    return AuditReport(True, count, None, _("audit log intact: {n} entries").format(n=count))


def entries(store: Store, limit: int = 200) -> list[dict[str, Any]]:
    with store.read() as s:
        rows = s.execute(select(AuditEntry).order_by(AuditEntry.seq.desc()).limit(limit)).scalars().all()
    return [{"seq": e.seq, "at": e.at.isoformat(), "actor": e.actor, "action": e.action, "entity": e.entity,
             "detail": json.loads(e.detail)} for e in rows]
