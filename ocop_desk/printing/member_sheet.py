"""Filled member sheets: what each member ticked, with totals, star and digest QR code."""

from __future__ import annotations

import hashlib
import os
from typing import Any, BinaryIO, Callable, Iterable, Mapping

from reportlab.platypus import Flowable, PageBreak

from ocop_desk.canonical import canonical_json
from ocop_desk.i18n import _
from ocop_desk.printing.layout import FooterMark, build_pdf
from ocop_desk.printing.sheet import sheet_story
from ocop_desk.printing.values import CouncilInfo, FilledScorecard
from ocop_desk.scoring.criteria import CriteriaSet


def scorecard_digest(*, session: Any, product: Any, member: Any, criteria_set_hash: str,
                     choices: Mapping[str, str]) -> str:
    """SHA-256 of the canonical JSON of what a member scored; printed so paper can be checked."""
    payload = {"session": session, "product": product, "member": member,
               "criteria_set": criteria_set_hash, "choices": dict(choices)}
    return hashlib.sha256(canonical_json(payload)).hexdigest()


def member_sheets_story(items: Iterable[tuple[CriteriaSet, FilledScorecard]], *,
                        council: CouncilInfo | None = None) -> list[Flowable]:
    story: list[Flowable] = []
    for cs, card in items:
        if story:
            story.append(PageBreak())
        label = " — ".join(x for x in (card.product.code, card.product.name, card.member.name) if x)
        story.append(FooterMark(label))
        story += sheet_story(cs, council=council, filled=card)
    return story


def write_member_sheets(out: str | os.PathLike[str] | BinaryIO, items: Iterable[tuple[CriteriaSet, FilledScorecard]],
                        *, council: CouncilInfo | None = None, on_mark: Callable[[str], None] | None = None) -> int:
    """All filled sheets in one PDF, each starting on a new page; page count returned."""
    story = member_sheets_story(items, council=council)
    return build_pdf(out, story, title=_("OCOP member score sheets"), on_mark=on_mark)
