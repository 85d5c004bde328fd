"""Province merge: verified district bundles into the province store.

Rules (issue 5): every result is recomputed from the scorecards and the
criteria sets, and a bundle whose stated results disagree is refused whole;
the same bundle twice changes nothing; per council and session the newest
bundle wins, the earlier results stay as history (not current); an older
bundle after a newer one is refused, so results never roll back; the same
product code from two councils, or a criteria set the province does not
know, becomes a conflict row for a person to decide, and such a product's
result is held (kept, shown, not counted as current-and-clear).
Each bundle is merged in its own transaction: a refusal leaves the store as
it was before that bundle.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Sequence

from sqlalchemy import insert, select, update
from sqlalchemy.exc import SQLAlchemyError

from ocop_desk.bundles.envelope import Envelope
from ocop_desk.bundles.errors import BundleMalformed, BundleTampered, ResultsDisagree
from ocop_desk.bundles.session_results import (SESSION_FILE, MemberSignatureProblem, SessionResultsPayload,
                                               check_member_envelopes, mean_text, parse_session_results)
from ocop_desk.bundles.trust import TrustStore, load_trust
from ocop_desk.bundles.verify import authorise, newer_than_current, verify_bundle
from ocop_desk.catalogue import sync_catalogue
from ocop_desk.errors import OcopError, Problem
from ocop_desk.exchange.authority import unit_ancestors
from ocop_desk.i18n import _
from ocop_desk.interchange import choices_from_file
from ocop_desk.scoring.criteria import CriteriaSet
from ocop_desk.scoring.ranking import MemberSheet, rank_product
from ocop_desk.store.engine import Store
from ocop_desk.store.models import CriteriaSetRow
from ocop_desk.store.province import EnvelopeReceived, MergeConflict, MergedResult


@dataclass(frozen=True)
class MergeOutcome:
    file: str
    envelope_id: str
    council: str
    session: str
    status: str  # merged | unchanged
    products: int
    superseded: str | None = None
    conflicts: int = 0


@dataclass
class MergeReport:
    outcomes: list[MergeOutcome] = field(default_factory=list)
    refused: list[OcopError] = field(default_factory=list)  # mostly BundleRejected; each names its file

    @property
    def exit_code(self) -> int:
        return self.refused[0].exit_code if self.refused else 0


def session_file_choices(cs: CriteriaSet, raw: Any, env: Envelope, product: str, *, lists: bool = True) -> dict[str, str]:
    """A scorecard's `choices` from the carried session file, in the internal representation.

    Read as the session file is (`interchange.choices_from_file`): a checklist's
    list of ticks joined, a case by its section id (no lists in a session@1
    file); anything else is malformed.
    """
    out, problems = choices_from_file(cs, raw if isinstance(raw, dict) else {}, lists=lists)
    if problems:
        key, problem = next(iter(problems.items()))
        raise BundleMalformed(_("the scorecards cannot be scored: {reason}").format(reason=problem),
                              file=env.file, place=f"{SESSION_FILE}: {product}/{key}")
    return out


def recompute(payload: SessionResultsPayload) -> dict[str, tuple[str, str | None, int | None, int]]:
    """product code -> (status, mean, star, scorecards) recomputed from the scorecards alone."""
    env = payload.envelope
    session = payload.session
    try:
        present = set(session["session"].get("present") or ())
        members = [m["id"] for m in session.get("members") or ()]
        by_product: dict[str, dict[str, Any]] = {}
        for card in session["scorecards"]:
            by_product.setdefault(card["product"], {})[card["member"]] = card.get("choices") or {}
        listed = {p["code"]: p for p in session["products"]}
    except (KeyError, TypeError, AttributeError) as exc:
        raise BundleMalformed(_("the session file is incomplete"), file=env.file, place=SESSION_FILE) from exc
    lists = session.get("format") != "ocop-desk/session@1"
    out: dict[str, tuple[str, str | None, int | None, int]] = {}
    for sp in payload.products:
        item = listed.get(sp.code)
        if item is None:
            raise BundleTampered(_("a stated result has no scorecards in the session file"),
                                 file=env.file, place=f"{SESSION_FILE}: {sp.code}")
        conflicted = set(item.get("conflicts") or ())
        cards = by_product.get(sp.code, {})
        cs = payload.criteria_sets[sp.criteria_set_hash]
        sheets = [MemberSheet(member=m, choices=session_file_choices(cs, cards.get(m, {}), env, sp.code, lists=lists),
                              excluded="conflict" if m in conflicted else None if m in present else "absent")
                  for m in members]
        try:
            r = rank_product(cs, payload.profile, sheets,
                             list(item.get("knockouts") or ()))
        except OcopError as exc:
            raise BundleMalformed(_("the scorecards cannot be scored: {reason}").format(reason=exc.message),
                                  file=env.file, place=f"{SESSION_FILE}: {sp.code}") from exc
        out[sp.code] = (r.status, mean_text(r.mean), r.star, len(cards))
    return out


def check_stated_results(payload: SessionResultsPayload) -> None:
    recomputed = recompute(payload)
    problems = []
    for sp in payload.products:
        status, mean, star, _n = recomputed[sp.code]
        if (sp.status, sp.mean, sp.star) != (status, mean, star):
            problems.append(Problem(sp.code, _("stated {s_status} {s_mean} ({s_star}★), recomputed {status} {mean} ({star}★)")
                                    .format(s_status=sp.status, s_mean=sp.mean, s_star=sp.star,
                                            status=status, mean=mean, star=star)))
    if problems:
        raise ResultsDisagree(_("the stated results disagree with the scorecards"),
                              file=payload.envelope.file, place="results.json", problems=problems)


def merge_bundle(store: Store, path: Path | str, trust: TrustStore, *, sync: bool = True) -> MergeOutcome:
    """`sync`: bring the store's criteria catalogue up to date first (merge_files does it once)."""
    if sync:
        sync_catalogue(store)
    verified = verify_bundle(path, trust)
    merged_session = _already_merged(store, verified.envelope.envelope_id)
    if merged_session is not None:
        env = verified.envelope
        return MergeOutcome(file=env.file, envelope_id=env.envelope_id, council=env.issuer.council,
                            session=merged_session, status="unchanged",
                            products=int(env.manifest["counts"].get("products", 0)))
    payload = parse_session_results(verified.envelope)
    authorise(verified, payload.claims(), unit_ancestors=unit_ancestors(store))
    check_stated_results(payload)
    member_problems = check_member_envelopes(payload)
    return _apply(store, payload, verified.envelope.sha256, member_problems)


def _already_merged(store: Store, envelope_id: str) -> str | None:
    """The session an already merged bundle carried, None if it was never merged."""
    with store.read() as s:
        row = s.get(EnvelopeReceived, envelope_id)
        return None if row is None else row.subject


def _apply(store: Store, payload: SessionResultsPayload, sha256: str,
           member_problems: Sequence[MemberSignatureProblem] = ()) -> MergeOutcome:
    env = payload.envelope
    eid = env.envelope_id
    file = env.file
    with store.write() as s:
        existing = s.get(EnvelopeReceived, eid)
        if existing is not None:
            # Same id means the same signed manifest, hence the same payload hashes.
            return MergeOutcome(file=file, envelope_id=eid, council=payload.council, session=payload.session_id,
                                status="unchanged", products=len(payload.products))
        rows = s.execute(select(EnvelopeReceived).where(
            EnvelopeReceived.kind == env.kind, EnvelopeReceived.council_id == payload.council,
            EnvelopeReceived.subject == payload.session_id)).scalars().all()
        current = newer_than_current(rows, env, _("session {session}").format(session=payload.session_id))
        s.add(EnvelopeReceived(envelope_id=eid, kind=env.kind, admin_unit=payload.admin_unit,
                               council_id=payload.council, signer_key_id=env.issuer.key_id,
                               subject=payload.session_id, created_at=env.created_at,
                               supersedes=env.supersedes, sha256=sha256, file_name=Path(file).name))
        s.flush()
        if current is not None:
            current.superseded_by = eid
            s.execute(update(MergedResult).where(MergedResult.envelope_id == current.envelope_id)
                      .values(current=False))
            s.execute(update(MergeConflict).where(MergeConflict.envelope_id == current.envelope_id,
                                                  MergeConflict.resolved.is_(False)).values(resolved=True))
        hashes = sorted(payload.criteria_sets)
        known = set(s.scalars(select(CriteriaSetRow.content_hash).where(CriteriaSetRow.content_hash.in_(hashes))))
        codes = [p.code for p in payload.products]
        others: dict[str, list[str]] = {}
        for i in range(0, len(codes), 500):
            for code, council in s.execute(select(MergedResult.product_code, MergedResult.council_id).where(
                    MergedResult.current.is_(True), MergedResult.product_code.in_(codes[i:i + 500]),
                    ~((MergedResult.council_id == payload.council)
                      & (MergedResult.session_id == payload.session_id)))):
                others.setdefault(code, []).append(council)
        conflicts = []
        results = []
        unsigned = {m.product for m in member_problems}
        for m in member_problems:
            conflicts.append({"kind": "member-signature", "product_code": m.product, "council_id": payload.council,
                              "other_council_id": None, "envelope_id": eid, "criteria_set_hash": None,
                              "detail": m.detail, "resolved": False})
        producers = {}
        for item in payload.session.get("products") or ():
            if isinstance(item, dict) and isinstance(item.get("producer"), dict):
                producers[item.get("code")] = item["producer"]
        for p in payload.products:
            held = p.code in unsigned or "" in unsigned
            producer = producers.get(p.code, {})
            if p.criteria_set_hash not in known:
                held = True
                conflicts.append({"kind": "unknown-criteria-set", "product_code": p.code,
                                  "council_id": payload.council, "other_council_id": None, "envelope_id": eid,
                                  "criteria_set_hash": p.criteria_set_hash,
                                  "detail": _("criteria set {id} ({hash}) is not known to this store").format(
                                      id=p.criteria_set, hash=p.criteria_set_hash[:12]), "resolved": False})
            for other in sorted(set(others.get(p.code, ()))):
                held = True
                conflicts.append({"kind": "duplicate-product", "product_code": p.code,
                                  "council_id": payload.council, "other_council_id": other, "envelope_id": eid,
                                  "criteria_set_hash": None,
                                  "detail": _("product code {code} also comes from council {other}").format(
                                      code=p.code, other=other), "resolved": False})
            results.append({"envelope_id": eid, "council_id": payload.council, "admin_unit": payload.admin_unit,
                            "session_id": payload.session_id, "product_code": p.code, "product_name": p.name,
                            "producer_name": p.producer, "group_id": p.group_id,
                            "producer_kind": str(producer.get("kind") or ""),
                            "commune": str(producer.get("commune") or ""), "criteria_set_id": p.criteria_set,
                            "profile_id": payload.profile.id, "level": payload.level,
                            "criteria_set_hash": p.criteria_set_hash, "status": p.status, "mean": p.mean,
                            "star": p.star, "scorecards": p.scorecards, "current": True, "held": held})
        clashing = sorted(others)
        for i in range(0, len(clashing), 500):
            # the earlier council's result of a clashing code waits on the same decision
            s.execute(update(MergedResult).where(MergedResult.current.is_(True),
                                                 MergedResult.product_code.in_(clashing[i:i + 500]))
                      .values(held=True))
        if results:
            s.execute(insert(MergedResult), results)
        if conflicts:
            s.execute(insert(MergeConflict), conflicts)
    return MergeOutcome(file=file, envelope_id=eid, council=payload.council, session=payload.session_id,
                        status="merged", products=len(payload.products),
                        superseded=current.envelope_id if current is not None else None, conflicts=len(conflicts))


def merge_files(store: Store, files: Sequence[Path | str], trust: TrustStore | Path | None = None, *,
                progress: Callable[[int, int], None] | None = None,
                cancelled: Callable[[], bool] | None = None) -> MergeReport:
    """Merges each file in turn; a refused file is reported and the rest go on."""
    store_trust = trust if isinstance(trust, TrustStore) else load_trust(trust)
    sync_catalogue(store)
    report = MergeReport()
    for i, f in enumerate(files):
        if cancelled and cancelled():
            break
        try:
            report.outcomes.append(merge_bundle(store, f, store_trust, sync=False))
        except OcopError as exc:
            if not exc.file:  # e.g. a store error: still reported by the name of the file it happened on
                exc.file = str(f)
            report.refused.append(exc)
        except SQLAlchemyError as exc:
            # e.g. a value the database refuses: that file's transaction is rolled back, the rest go on
            report.refused.append(BundleMalformed(_("the bundle could not be stored: {reason}").format(
                reason=type(exc).__name__), file=str(f)))
        if progress:
            progress(i + 1, len(files))
    return report
