"""The producer's self-assessment (phiếu tự đánh giá), and where the council saw it differently.

The dossier carries the producer's own ticks on the same sheet the council
scores with; they are stored like a scorecard (criterion -> option, for one
criteria-set version) and checked by `scoring.totals.check_choices`.  The
comparison asks `scoring` for every number: the self-assessment's points per
criterion and total from the choices, the council's per-criterion means from
`scoring.feedback.product_feedback` (only the scorecards that count), so it
can never disagree with the result or the feedback page.

Import file (`ocop-desk/self-assessment@1`, UTF-8 JSON)::

    {"format": "ocop-desk/self-assessment@1",
     "assessments": [{"product": "06-065-001-2026", "criteria_set": "<set id or hash>",
                      "choices": {"A1": "A1.3", ...}}]}

`criteria_set` may be left out when the product is on a session's agenda:
the sheet of its latest session is used.  A file is taken in whole or not at all.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, Mapping

from sqlalchemy import delete, select

from ocop_desk import audit
from ocop_desk.catalogue import criteria_set_by_pk, read_json_file, resolve_criteria_set
from ocop_desk.errors import CriteriaError, ImportRefused, NotFound
from ocop_desk.i18n import _
from ocop_desk.papers import Comparison, CriterionComparison
from ocop_desk.results import member_sheets, session_results
from ocop_desk.scoring.criteria import CriteriaSet
from ocop_desk.scoring.feedback import product_feedback
from ocop_desk.scoring.ranking import sheet_star
from ocop_desk.scoring.totals import check_choices, member_total, ref_subtotal
from ocop_desk.sessions import session_choices
from ocop_desk.store.engine import Store
from ocop_desk.store.models import (
    AgendaItem,
    CriteriaSetRow,
    Product,
    SelfAssessment,
    SelfAssessmentChoice,
    SessionRow,
)

FORMAT = "ocop-desk/self-assessment@1"


@dataclass(frozen=True)
class SelfAssessmentInfo:
    product_code: str
    criteria_set_id: str
    criteria_set_hash: str
    choices: Mapping[str, str]
    source: str
    recorded_at: dt.datetime


# ---------------------------------------------------------------- recording


def _criteria_set(store: Store, product_code: str, ref: str | None, file: str, place: str) -> tuple[int, CriteriaSet]:
    if ref:
        try:
            return resolve_criteria_set(store, ref)
        except NotFound as exc:
            raise ImportRefused(exc.message, file=file, place=f"{place}.criteria_set") from exc
    with store.read() as s:
        pk = s.scalar(select(AgendaItem.criteria_set_pk).join(Product, Product.id == AgendaItem.product_id)
                      .join(SessionRow, SessionRow.id == AgendaItem.session_id)
                      .where(Product.code == product_code)
                      .order_by(SessionRow.date.desc(), AgendaItem.pk.desc()).limit(1))
    if pk is None:
        raise ImportRefused(_("product {code} is on no session's agenda: name its criteria set").format(
            code=product_code), file=file, place=f"{place}.criteria_set")
    return pk, criteria_set_by_pk(store, pk)


def _checked_choices(cs: CriteriaSet, raw: Any, file: str, place: str) -> dict[str, str]:
    if not isinstance(raw, Mapping) or not raw:
        raise ImportRefused(_("choices must be an object of criterion: option"), file=file, place=f"{place}.choices")
    choices: dict[str, str] = {}
    for crit_id, opt_id in raw.items():
        where = f"{place}.choices.{crit_id}"
        if not isinstance(opt_id, str):
            raise ImportRefused(_("the option must be text"), file=file, place=where)
        try:
            check_choices(cs, {crit_id: opt_id})
        except ValueError as exc:
            raise ImportRefused(_("not a criterion and option of set {set}: {option}").format(
                set=cs.id, option=opt_id), file=file, place=where) from exc
        choices[crit_id] = opt_id
    return choices


def _prepare(store: Store, entry: Any, file: str, place: str) -> tuple[str, int, CriteriaSet, dict[str, str]]:
    if not isinstance(entry, Mapping):
        raise ImportRefused(_("an assessment must be an object"), file=file, place=place)
    code = entry.get("product")
    if not isinstance(code, str) or not code:
        raise ImportRefused(_("the product code is missing"), file=file, place=f"{place}.product")
    with store.read() as s:
        if s.scalar(select(Product.id).where(Product.code == code)) is None:
            raise ImportRefused(_("no product '{code}'").format(code=code), file=file, place=f"{place}.product")
    ref = entry.get("criteria_set")
    pk, cs = _criteria_set(store, code, ref if isinstance(ref, str) else None, file, place)
    return code, pk, cs, _checked_choices(cs, entry.get("choices"), file, place)


def _store_prepared(store: Store, prepared: list[tuple[str, int, CriteriaSet, dict[str, str]]], source: str,
                    actor: str | None) -> None:
    with store.write() as s:
        for code, pk, cs, choices in prepared:
            content_hash = s.get(CriteriaSetRow, pk).content_hash  # type: ignore[union-attr]
            row = s.scalar(select(SelfAssessment).where(SelfAssessment.product_code == code,
                                                        SelfAssessment.criteria_set_hash == content_hash))
            if row is None:
                row = SelfAssessment(product_code=code, criteria_set_hash=content_hash, source=source)
                s.add(row)
                s.flush()
            else:
                s.execute(delete(SelfAssessmentChoice).where(SelfAssessmentChoice.assessment_id == row.id))
                row.source = source
                row.recorded_at = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
            s.add_all(SelfAssessmentChoice(assessment_id=row.id, criterion_id=c, option_id=o)
                      for c, o in choices.items())
            audit.append(s, "self_assessment", code, {"criteria_set": cs.id, "hash": content_hash,
                                                      "choices": choices, "source": source}, actor=actor)


def record_self_assessment(store: Store, product_code: str, choices: Mapping[str, str], *,
                           criteria_set: str | None = None, source: str = "", actor: str | None = None
                           ) -> SelfAssessmentInfo:
    """Record (or replace) the producer's ticks for one product."""
    entry = {"product": product_code, "choices": dict(choices), "criteria_set": criteria_set}
    prepared = _prepare(store, entry, source or "<input>", "assessment")
    _store_prepared(store, [prepared], source, actor)
    recorded = get_self_assessment(store, product_code, prepared[2].content_hash)
    assert recorded is not None  # written just above, in its own transaction
    return recorded


def import_self_assessments(store: Store, path: Path | str, *, actor: str | None = None) -> list[str]:
    """Take in every assessment of the file, or none; returns the product codes."""
    path = Path(path)
    file = str(path)
    try:
        data = read_json_file(path)
    except CriteriaError as exc:
        raise ImportRefused(exc.message, file=file, place=exc.place) from exc
    if not isinstance(data, Mapping) or data.get("format") != FORMAT:
        raise ImportRefused(_("not a self-assessment file (format {format})").format(format=FORMAT),
                            file=file, place="format")
    entries = data.get("assessments")
    if not isinstance(entries, list) or not entries:
        raise ImportRefused(_("the file holds no assessment"), file=file, place="assessments")
    prepared = [_prepare(store, e, file, f"assessments[{i}]") for i, e in enumerate(entries)]
    _store_prepared(store, prepared, path.name, actor)
    return [p[0] for p in prepared]


def get_self_assessment(store: Store, product_code: str, criteria_set_hash: str | None = None
                        ) -> SelfAssessmentInfo | None:
    """The product's self-assessment for that set version (the latest recorded when none is named)."""
    with store.read() as s:
        q = select(SelfAssessment).where(SelfAssessment.product_code == product_code)
        if criteria_set_hash:
            q = q.where(SelfAssessment.criteria_set_hash == criteria_set_hash)
        row = s.scalar(q.order_by(SelfAssessment.recorded_at.desc(), SelfAssessment.id.desc()).limit(1))
        if row is None:
            return None
        choices = dict(s.execute(select(SelfAssessmentChoice.criterion_id, SelfAssessmentChoice.option_id)
                                 .where(SelfAssessmentChoice.assessment_id == row.id)).all())
        set_id = s.scalar(select(CriteriaSetRow.set_id).where(CriteriaSetRow.content_hash == row.criteria_set_hash))
        return SelfAssessmentInfo(product_code=row.product_code, criteria_set_id=set_id or "",
                                  criteria_set_hash=row.criteria_set_hash, choices=choices, source=row.source,
                                  recorded_at=row.recorded_at)


# ---------------------------------------------------------------- comparison


def compare(store: Store, session_id: str, product_code: str, *, allow_missing: bool = False) -> Comparison:
    """Per criterion: the producer's points against the council's mean, for the session's sheet.

    With `allow_missing`, a product without a self-assessment compares as all blank (`recorded` False),
    so a screen can show the council's means beside empty boxes to fill in.
    """
    res = session_results(store, session_id)
    try:
        outcome = res.product(product_code)
    except KeyError:
        res.session.item(product_code)  # raises NotFound naming the session
        raise
    cs = outcome.criteria_set
    mine = get_self_assessment(store, product_code, outcome.item.criteria_set_hash)
    if mine is None and not allow_missing:
        raise NotFound(_("product {code} has no self-assessment on the sheet of session {sid}").format(
            code=product_code, sid=session_id), place="product")
    sheets = member_sheets(res.session, outcome.item, session_choices(store, session_id))
    fb = product_feedback(cs, res.profile, sheets)
    council = {c.criterion_id: c.mean for c in fb.criteria}
    own: Mapping[str, str] = mine.choices if mine is not None else {}
    rows = []
    for crit in cs.criteria():
        self_points = ref_subtotal(cs, own, crit.id) if crit.id in own else None
        mean = council.get(crit.id)
        diff = self_points - mean if self_points is not None and mean is not None else None
        rows.append(CriterionComparison(crit.id, crit.title, crit.max, self_points, mean, diff))
    star, _caps = sheet_star(cs, res.profile, own)
    return Comparison(session_id=session_id, product_code=product_code, product_name=outcome.item.product_name,
                      criteria_set_id=cs.id, self_total=member_total(cs, own), self_star=star,
                      council_mean=outcome.result.mean, council_star=outcome.result.star, counted=fb.counted,
                      rows=tuple(rows), choices=dict(own), recorded=mine is not None)


def _s(value: Decimal | None) -> str | None:
    return None if value is None else format(value, "f")


def comparison_json(c: Comparison) -> dict[str, Any]:
    """The `self-assessment show --json` shape (docs/cli.md)."""
    return {"session": c.session_id, "product": c.product_code, "name": c.product_name,
            "criteria_set": c.criteria_set_id, "self_total": _s(c.self_total), "self_star": c.self_star,
            "council_mean": _s(c.council_mean), "council_star": c.council_star, "counted": c.counted,
            "criteria": [{"criterion": r.criterion_id, "title": r.title, "max": _s(r.max),
                          "self": _s(r.self_points), "council": _s(r.council_mean),
                          "difference": _s(r.difference)} for r in c.rows]}
