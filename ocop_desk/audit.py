"""The append-only audit log, hash-chained so that editing the past shows.

Entry n stores `hash = sha256(prev_hash || "\\n" || canonical(entry))`, where
`prev_hash` is entry n-1's hash (64 zeros for the first).  The chain's tip is
also kept in `audit_head`; appending updates that row in the same
transaction as the change it records, which serialises concurrent writers
and lets `verify` notice a deleted tail as well as an edited entry.

Facts, not only log lines: an entry that changes what a session recorded
(attendance, agenda, conflicts, knock-outs, choices and notes, its state)
carries in its detail the digest of that session's facts as they stand after
the change (`facts_sha256`).  `verify` recomputes every session's digest from
the tables and compares it with the last entry that wrote it, so a choice
edited in the database without going through ocop-desk shows.

A chain that was rewritten whole (an entry changed and every later hash
recomputed) or cut short is still self-consistent; only something kept
outside the database can show it: the chain head (`chain_head`), printed on
the minutes and signed into each exported bundle, and checkpoints written to
a file beside the store, signed with the council key when one is used.
`verify` compares the log with every anchor it is given and says from which
entry on the history is no longer proven.
"""

from __future__ import annotations

import base64
import datetime as dt
import getpass
import hashlib
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Mapping, Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from ocop_desk.bundles import keys, trust
from ocop_desk.canonical import canonical_json
from ocop_desk.errors import OcopError
from ocop_desk.i18n import _
from ocop_desk.store.engine import Store
from ocop_desk.store.models import (
    AgendaItem,
    Attendance,
    AuditEntry,
    AuditHead,
    Choice,
    Conflict,
    CriteriaSetRow,
    KnockoutFinding,
    Member,
    Product,
    Scorecard,
    SessionRow,
)

if TYPE_CHECKING:
    from ocop_desk.bundles.keys import SigningKey

GENESIS = "0" * 64
FACTS_KEY = "facts_sha256"
CARDS_KEY = "cards_sha256"
# Entities start with the session id ("S1", "S1/product", "S1/product/member"); identifiers.py
# keeps "/" out of session and member ids and product codes, so the segments can be split.
CARD_ACTIONS = frozenset({"choice", "sheet", "note", "scorecard_clear"})
SESSION_ACTIONS = frozenset({"attendance", "conflict", "knockout", "agenda_add", "agenda_remove",
                             "session_create", "session_import", "session_state"})
_EMPTY_CARD = hashlib.sha256(b"[]").hexdigest()
CHECKPOINT_FORMAT = "ocop-desk/audit-checkpoint@1"
CHECKPOINTS_FILE = "audit-checkpoints.jsonl"
_ANCHOR = re.compile(r"^\s*(\d{1,12})\s*[:@ ]\s*([0-9a-fA-F]{16,64})\s*$")


class AuditError(OcopError):
    """An anchor or checkpoint that cannot be read or does not verify."""

    exit_code = 8


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


def fact_session(action: str, entity: str) -> str | None:
    """The session whose facts an entry of this action changed, or None."""
    return entity.split("/", 1)[0] if action in CARD_ACTIONS or action in SESSION_ACTIONS else None


def _rows(result: Any) -> list[tuple[Any, ...]]:
    return sorted(tuple(r) for r in result)


def _digest(value: Any) -> str:
    return hashlib.sha256(json.dumps(value, ensure_ascii=True, separators=(",", ":")).encode("ascii")).hexdigest()


def session_digest(s: Session, session_id: str) -> str:
    """SHA-256 of what a session recorded apart from the choices: state, attendance, agenda,
    conflicts and knock-outs, keyed by codes (never row ids) and sorted here, not in SQL, so that
    SQLite and PostgreSQL give the same digest whatever their collation."""
    row = s.get(SessionRow, session_id)
    if row is None:
        return _digest(None)
    att = _rows(s.execute(select(Member.code, Attendance.present).select_from(Attendance)
                          .join(Member, Member.pk == Attendance.member_pk).where(Attendance.session_id == session_id)))
    agenda = _rows(s.execute(select(Product.code, CriteriaSetRow.content_hash).select_from(AgendaItem)
                             .join(Product, Product.id == AgendaItem.product_id)
                             .join(CriteriaSetRow, CriteriaSetRow.pk == AgendaItem.criteria_set_pk)
                             .where(AgendaItem.session_id == session_id)))
    conflicts = _rows(s.execute(select(Product.code, Member.code, Conflict.reason).select_from(Conflict)
                                .join(AgendaItem, AgendaItem.pk == Conflict.agenda_pk)
                                .join(Product, Product.id == AgendaItem.product_id)
                                .join(Member, Member.pk == Conflict.member_pk)
                                .where(AgendaItem.session_id == session_id)))
    knockouts = _rows(s.execute(select(Product.code, KnockoutFinding.knockout_id, KnockoutFinding.reason)
                                .select_from(KnockoutFinding)
                                .join(AgendaItem, AgendaItem.pk == KnockoutFinding.agenda_pk)
                                .join(Product, Product.id == AgendaItem.product_id)
                                .where(AgendaItem.session_id == session_id)))
    return _digest([row.council_id, row.date.isoformat(), row.place, row.state, att, agenda, conflicts, knockouts])


def card_digests(s: Session, session_id: str | None = None, product: str | None = None,
                 member: str | None = None) -> dict[str, str]:
    """"session/product/member" -> SHA-256 of that scorecard's choices and notes (a card with
    none, or no card, is the digest of an empty list and is left out)."""
    q = (select(AgendaItem.session_id, Product.code, Member.code, Choice.criterion_id, Choice.option_id, Choice.note)
         .select_from(Choice).join(Scorecard, Scorecard.pk == Choice.scorecard_pk)
         .join(AgendaItem, AgendaItem.pk == Scorecard.agenda_pk)
         .join(Product, Product.id == AgendaItem.product_id).join(Member, Member.pk == Scorecard.member_pk))
    if session_id is not None:
        q = q.where(AgendaItem.session_id == session_id)
    if product is not None:
        q = q.where(Product.code == product, Member.code == member)
    cards: dict[str, list[tuple[Any, ...]]] = {}
    for sid, pc, mc, crit, opt, note in s.execute(q):
        cards.setdefault(f"{sid}/{pc}/{mc}", []).append((crit, opt, note))
    return {k: _digest(sorted(v, key=lambda c: c[0])) for k, v in cards.items()}


def _facts(s: Session, action: str, entity: str) -> dict[str, Any]:
    """What an entry records of the rows its change left behind."""
    sid = fact_session(action, entity)
    if sid is None:
        return {}
    s.flush()
    if action in CARD_ACTIONS:
        parts = entity.split("/")
        if len(parts) != 3:
            return {}
        return {FACTS_KEY: card_digests(s, *parts).get(entity, _EMPTY_CARD)}
    out: dict[str, Any] = {FACTS_KEY: session_digest(s, sid)}
    if action == "session_import":  # a bulk write: every card of the session, as it now stands
        out[CARDS_KEY] = {k[len(sid) + 1:]: v[:32] for k, v in sorted(card_digests(s, sid).items())}
    return out


def append(session: Session, action: str, entity: str, detail: Mapping[str, Any] | None = None,
           actor: str | None = None) -> AuditEntry:
    """Add one entry inside the caller's write transaction, with the digests of the facts it wrote."""
    head = session.execute(select(AuditHead).where(AuditHead.id == 1).with_for_update()).scalar_one_or_none()
    if head is None:
        head = AuditHead(id=1, seq=0, hash=GENESIS)
        session.add(head)
    seq = head.seq + 1
    at = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
    actor = actor or default_actor()
    detail_text = canonical_json({**dict(detail or {}), **_facts(session, action, entity)}).decode("utf-8")
    digest = _entry_hash(head.hash, seq, at, actor, action, entity, detail_text)
    entry = AuditEntry(seq=seq, at=at, actor=actor, action=action, entity=entity, detail=detail_text,
                       prev_hash=head.hash, hash=digest)
    session.add(entry)
    head.seq, head.hash = seq, digest
    return entry


# ------------------------------------------------------------------ anchors


@dataclass(frozen=True)
class ChainHead:
    """Where the chain stood: entry `seq` had hash `hash` (a prefix of ≥ 16 hex digits for a typed anchor)."""

    seq: int
    hash: str

    def text(self) -> str:
        return f"{self.seq}:{self.hash}"

    def short(self) -> str:
        """For paper: entry number and the first 16 hex digits, enough to catch a rewrite."""
        return f"{self.seq}:{self.hash[:16]}"


def chain_head(store: Store) -> ChainHead:
    """The chain's tip now: print it, sign it, keep it somewhere the database is not."""
    with store.read() as s:
        head = s.get(AuditHead, 1)
    return ChainHead(0, GENESIS) if head is None else ChainHead(head.seq, head.hash)


def parse_anchor(text: str) -> ChainHead:
    """`SEQ:HEX` (as `ChainHead.text()` or `.short()` write it)."""
    m = _ANCHOR.match(text or "")
    if m is None:
        raise AuditError(_("an anchor is written ENTRY:HASH, e.g. 42:3f9a0c1d2e4b5a69"), place=text)
    return ChainHead(int(m.group(1)), m.group(2).lower())


@dataclass(frozen=True)
class Checkpoint:
    head: ChainHead
    at: str
    key_id: str | None = None
    signature: str | None = None

    def signed_bytes(self) -> bytes:
        return canonical_json({"format": CHECKPOINT_FORMAT, "seq": self.head.seq, "hash": self.head.hash,
                               "at": self.at})

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"format": CHECKPOINT_FORMAT, "seq": self.head.seq, "hash": self.head.hash,
                             "at": self.at}
        if self.key_id:
            d.update({"key_id": self.key_id, "signature": self.signature})
        return d


def checkpoints_path(store: Store) -> Path:
    return store.data_dir / CHECKPOINTS_FILE


def write_checkpoint(store: Store, key: "SigningKey | None" = None, path: Path | None = None) -> Checkpoint:
    """Appends the current head to the checkpoints file (signed when a council key is given)."""
    head = chain_head(store)
    at = dt.datetime.now(dt.timezone.utc).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")
    cp = Checkpoint(head, at)
    if key is not None:
        cp = Checkpoint(head, at, key.key_id, base64.b64encode(key.sign(cp.signed_bytes())).decode("ascii"))
    path = Path(path) if path else checkpoints_path(store)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "ab") as fh:
        fh.write(canonical_json(cp.to_dict()) + b"\n")
        fh.flush()
        os.fsync(fh.fileno())
    return cp


def read_checkpoints(path: Path, *, public_key: Any = None) -> list[Checkpoint]:
    """Every checkpoint of the file; a signed one must verify (with `public_key`, or a known key)."""
    path = Path(path)
    try:
        lines = path.read_bytes().splitlines()
    except OSError as exc:
        raise AuditError(_("cannot read the checkpoints: {detail}").format(detail=exc.strerror),
                         file=str(path)) from exc
    out = []
    for n, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        place = _("line {n}").format(n=n)
        try:
            d = json.loads(line)
            cp = Checkpoint(ChainHead(int(d["seq"]), str(d["hash"]).lower()), str(d["at"]),
                            d.get("key_id"), d.get("signature"))
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise AuditError(_("not a checkpoint"), file=str(path), place=place) from exc
        if d.get("format") != CHECKPOINT_FORMAT or not re.fullmatch(r"[0-9a-f]{64}", cp.head.hash):
            raise AuditError(_("not a checkpoint"), file=str(path), place=place)
        if cp.key_id:
            _check_signature(cp, public_key, str(path), place)
        out.append(cp)
    return out


def _check_signature(cp: Checkpoint, public_key: Any, file: str, place: str) -> None:
    key = public_key if public_key is not None and public_key.key_id == cp.key_id else _known_key(cp.key_id)
    if key is None:
        raise AuditError(_("signed by key {key}, which this computer does not know").format(key=cp.key_id),
                         file=file, place=place)
    try:
        ok = key.verify(base64.b64decode(cp.signature or "", validate=True), cp.signed_bytes())
    except ValueError:
        ok = False
    if not ok:
        raise AuditError(_("the signature does not match (the checkpoint was altered)"), file=file, place=place)


def _known_key(key_id: str | None) -> Any:
    for stored in keys.list_keys():
        if stored.key_id == key_id:
            return stored.public
    known = trust.load_trust().get(key_id or "")
    return known.key if known is not None else None


# ------------------------------------------------------------------ verify


@dataclass(frozen=True)
class AuditReport:
    ok: bool
    entries: int
    bad_seq: int | None
    message: str
    unproven_from: int | None = None
    anchors_matched: int = 0
    sessions_checked: int = 0


def verify(store: Store, anchors: Iterable[ChainHead] = (), *, checkpoints: Sequence[Checkpoint] = ()) -> AuditReport:
    """The chain, the facts it covers, and every anchor kept outside the database."""
    wanted = sorted({a.seq: a for a in [*anchors, *(c.head for c in checkpoints)]}.values(), key=lambda a: a.seq)
    prev = GENESIS
    count = 0
    hashes: dict[int, str] = {}
    meta: dict[str, tuple[int, str]] = {}
    cards: dict[str, tuple[int, str]] = {}
    legacy: set[str] = set()
    anchor_seqs = {a.seq for a in wanted}
    with store.read() as s:
        for e in s.execute(select(AuditEntry).order_by(AuditEntry.seq)).scalars():
            count += 1
            if e.seq != count:
                return _broken(count, e.seq, _("entry {seq} is missing").format(seq=count), wanted, hashes)
            if e.prev_hash != prev:
                return _broken(count, e.seq, _("entry {seq} does not follow the one before it").format(seq=e.seq),
                               wanted, hashes)
            if _entry_hash(prev, e.seq, e.at, e.actor, e.action, e.entity, e.detail) != e.hash:
                return _broken(count, e.seq, _("entry {seq} was altered").format(seq=e.seq), wanted, hashes)
            prev = e.hash
            if e.seq in anchor_seqs:
                hashes[e.seq] = e.hash
            sid = fact_session(e.action, e.entity)
            if sid is not None:
                _replay(e, sid, meta, cards, legacy)
        head = s.get(AuditHead, 1)
        if (head is None and count) or (head is not None and (head.seq != count or head.hash != prev)):
            return _broken(count, count + 1, _("entries after {seq} were removed").format(seq=count), wanted, hashes)
        matched = 0
        for a in wanted:
            got = hashes.get(a.seq)
            if got is None or not got.startswith(a.hash):
                why = (_("the log ends at entry {n} but entry {seq} was recorded outside it").format(n=count, seq=a.seq)
                       if got is None else _("entry {seq} is not the one recorded outside the database")
                       .format(seq=a.seq))
                return _broken(count, a.seq, why, wanted, hashes, since=_last_proven(wanted, hashes, a.seq) + 1)
            matched += 1
        bad = _changed_facts(s, meta, cards, legacy)
        checked = len(set(meta) - legacy)
    if bad is not None:
        seq, what = bad
        where = _("since entry {seq}").format(seq=seq) if seq else _("and no entry records them")
        return AuditReport(False, count, seq, _("{what} was changed outside ocop-desk ({where})").format(
            what=what, where=where), unproven_from=seq or 1, anchors_matched=matched, sessions_checked=checked)
    msg = _("audit log intact: {n} entries").format(n=count)
    if matched:
        msg += "; " + _("matches {k} anchor(s) kept outside the database, the last at entry {seq}").format(
            k=matched, seq=wanted[-1].seq)
    return AuditReport(True, count, None, msg, anchors_matched=matched, sessions_checked=checked)


def _replay(e: AuditEntry, sid: str, meta: dict[str, tuple[int, str]], cards: dict[str, tuple[int, str]],
            legacy: set[str]) -> None:
    """Keeps, per session and per scorecard, the digest of the last entry that wrote it."""
    detail = json.loads(e.detail)
    recorded = detail.get(FACTS_KEY)
    if not isinstance(recorded, str):
        legacy.add(sid)  # written by a version before fact digests: the chain is all there is
        return
    if e.action in CARD_ACTIONS:
        cards[e.entity] = (e.seq, recorded)
        return
    meta[sid] = (e.seq, recorded)
    for key, digest in (detail.get(CARDS_KEY) or {}).items():
        cards[f"{sid}/{key}"] = (e.seq, digest)


def _changed_facts(s: Session, meta: Mapping[str, tuple[int, str]], cards: Mapping[str, tuple[int, str]],
                   legacy: set[str]) -> tuple[int | None, str] | None:
    """(entry, what) for the first stored fact that differs from what the log recorded, else None."""
    for sid in sorted((set(meta) | set(s.scalars(select(SessionRow.id)))) - legacy):
        seq, recorded = meta.get(sid, (None, None))
        if recorded != session_digest(s, sid):
            return seq, _("session {sid} (state, attendance, agenda, conflicts or knock-outs)").format(sid=sid)
    current = card_digests(s)
    for key in sorted(set(current) | set(cards)):
        if key.split("/", 1)[0] in legacy:
            continue
        seq, recorded = cards.get(key, (None, _EMPTY_CARD))
        if not current.get(key, _EMPTY_CARD).startswith(recorded):
            return seq, _("scorecard {card}").format(card=key)
    return None


def _last_proven(wanted: Sequence[ChainHead], hashes: Mapping[int, str], before: int) -> int:
    """The last entry before `before` that an outside anchor vouches for (0: none)."""
    proven = 0
    for a in wanted:
        if a.seq >= before or not hashes.get(a.seq, "").startswith(a.hash):
            break
        proven = a.seq
    return proven


def _broken(count: int, bad: int, why: str, wanted: Sequence[ChainHead], hashes: Mapping[int, str],
            since: int | None = None) -> AuditReport:
    """A report for a chain that breaks at `bad` (or, with `since`, whose history is unproven from there)."""
    proven = _last_proven(wanted, hashes, bad)
    if since is None:
        first_bad_anchor = next((a.seq for a in wanted if a.seq < bad and not hashes.get(a.seq, "").startswith(a.hash)),
                                None)
        since = proven + 1 if first_bad_anchor is not None else bad
    msg = why + "; " + _("history is no longer proven from entry {seq} on").format(seq=since)
    return AuditReport(False, count, bad, msg, unproven_from=since,
                       anchors_matched=sum(1 for a in wanted if a.seq <= proven))


def entries(store: Store, limit: int = 200) -> list[dict[str, Any]]:
    with store.read() as s:
        rows = s.execute(select(AuditEntry).order_by(AuditEntry.seq.desc()).limit(limit)).scalars().all()
    return [{"seq": e.seq, "at": e.at.isoformat(), "actor": e.actor, "action": e.action, "entity": e.entity,
             "detail": json.loads(e.detail)} for e in rows]
