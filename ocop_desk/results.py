"""A session's results, recomputed from the stored choices every time.

Nothing here stores a number: the store keeps only which option each member
ticked, and this module asks `scoring.ranking` for totals, means and stars,
so the screen, the printed sheets and the bundles can never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping

from ocop_desk.catalogue import get_profile
from ocop_desk.scoring.criteria import CriteriaSet
from ocop_desk.scoring.profiles import Profile
from ocop_desk.scoring.ranking import MemberSheet, ProductResult, rank_product
from ocop_desk.scoring.requirements import (KNOCKOUT_PREFIX, knockout_label, requirement_reason, sheet_effects,
                                            sheet_requirements, star_requirements)
from ocop_desk.scoring.totals import applicable
from ocop_desk.sessions import AgendaInfo, SessionDetail, agenda_criteria_sets, get_session, session_choices
from ocop_desk.store.engine import Store


@dataclass(frozen=True)
class ProductOutcome:
    item: AgendaInfo
    criteria_set: CriteriaSet
    result: ProductResult

    @property
    def code(self) -> str:
        return self.item.product_code


@dataclass(frozen=True)
class SessionResults:
    session: SessionDetail
    profile: Profile
    products: tuple[ProductOutcome, ...]
    choices: Mapping[tuple[str, str], Mapping[str, str]] = field(default_factory=dict)
    """(product code, member code) -> the stored choices the results were computed from."""

    def product(self, code: str) -> ProductOutcome:
        for p in self.products:
            if p.code == code:
                return p
        raise KeyError(code)

    def forwarded(self) -> tuple[ProductOutcome, ...]:
        """Ranked products whose mean reaches this level's forwarding threshold."""
        rule = self.profile.level(self.session.council.level)
        if rule.forwards_min is None:
            return ()
        return tuple(p for p in self.products if p.result.status == "ranked" and p.result.mean is not None
                     and p.result.mean >= rule.forwards_min)

    def recognised(self) -> tuple[ProductOutcome, ...]:
        rule = self.profile.level(self.session.council.level)
        return tuple(p for p in self.products if p.result.status == "ranked" and p.result.star in rule.recognises)


def member_sheets(detail: SessionDetail, item: AgendaInfo,
                  choices: dict[tuple[str, str], dict[str, str]]) -> list[MemberSheet]:
    conflicted = set(item.conflicts)
    sheets = []
    for m in detail.members:
        excluded = "conflict" if m.code in conflicted else None if m.present else "absent"
        sheets.append(MemberSheet(member=m.code, choices=choices.get((item.product_code, m.code), {}),
                                  excluded=excluded))
    return sheets


def session_results(store: Store, session_id: str) -> SessionResults:
    detail = get_session(store, session_id)
    profile = get_profile(store, detail.council.profile_id)
    choices = session_choices(store, session_id)
    sets = agenda_criteria_sets(store, detail)
    out = []
    for item in detail.items:
        cs = sets[item.criteria_set_pk]
        result = rank_product(cs, profile, member_sheets(detail, item, choices),
                              [k.id for k in item.knockouts])
        out.append(ProductOutcome(item=item, criteria_set=cs, result=result))
    return SessionResults(session=detail, profile=profile, products=tuple(out), choices=choices)


def _s(value: Any) -> str | None:
    return None if value is None else format(value, "f")


def sheet_rules_json(cs: CriteriaSet, choices: Mapping[str, str]) -> dict[str, Any]:
    """What the sheet's own rules say about one member's sheet (criteria@2; empty lists on @1 sets).

    `requirements`: every star-marker requirement with the member's points on
    it and whether it is met (null while unanswered or not applicable);
    `knockouts`: the options chosen that knock the product out; `stopped`:
    the criteria a "stop" option leaves unscored; `ignored`: answers kept in
    the store that do not count (the other case's, or after a stop);
    `unanswered`: the criteria still to be answered.
    """
    must = applicable(cs, choices)
    wanted = set(must)
    effects = sheet_effects(cs, choices)
    return {
        "requirements": [{"star": c.requirement.star, "criterion": c.requirement.criterion_id,
                          "min": _s(c.requirement.min), "points": _s(c.points), "met": c.met}
                         for c in sheet_requirements(cs, choices)],
        "knockouts": [{"criterion": leaf, "label": label} for leaf, label in effects.knockouts],
        "stopped": list(effects.stopped),
        "ignored": [key for key in _sheet_order(cs, choices) if key not in wanted],
        "unanswered": [leaf for leaf in must if leaf not in choices],
    }


def _sheet_order(cs: CriteriaSet, choices: Mapping[str, str]) -> list[str]:
    """The answered leaf criteria, in sheet order."""
    return [c.id for c in cs.criteria() if c.id in choices]


def criterion_knockouts(cs: CriteriaSet, result: ProductResult) -> list[dict[str, str]]:
    """The knock-outs written in criteria (`opt:<option id>`), with the option's effect label."""
    out = []
    for kid in result.knockouts:
        if not kid.startswith(KNOCKOUT_PREFIX):
            continue
        out.append({"id": kid, "option": kid[len(KNOCKOUT_PREFIX):], "label": knockout_label(cs, kid) or ""})
    return out


def requirements_unmet(cs: CriteriaSet, result: ProductResult) -> list[dict[str, Any]]:
    """The star-marker requirements that capped the product's star, with the reason the result gives."""
    reasons = set(result.cap_reasons)
    return [{"star": req.star, "criterion": req.criterion_id, "min": _s(req.min), "reason": reason}
            for req in star_requirements(cs) if (reason := requirement_reason(cs, req)) in reasons]


def results_json(res: SessionResults) -> dict[str, Any]:
    """The documented `ocop-desk results --json` shape (docs/cli.md)."""
    choices = res.choices
    products = []
    for p in res.products:
        r = p.result
        cs = p.criteria_set
        sheets = {m.member: choices.get((p.code, m.member), {}) for m in r.members}
        products.append({
            "code": p.code,
            "name": p.item.product_name,
            "criteria_set": p.criteria_set.id,
            "status": r.status,
            "mean": _s(r.mean),
            "star": r.star,
            "parts": {k: _s(v) for k, v in r.parts.items()},
            "members": [{"member": m.member, "total": _s(m.total), "reason": m.reason,
                         **sheet_rules_json(cs, sheets[m.member])} for m in r.members],
            "flags": [f.to_dict() for f in r.flags],
            "knockouts": list(r.knockouts),
            "criterion_knockouts": criterion_knockouts(cs, r),
            "cap_reasons": list(r.cap_reasons),
            "requirements_unmet": requirements_unmet(cs, r),
        })
    return {"session": res.session.id, "council": res.session.council.id, "state": res.session.state,
            "products": products}
