"""Blank score sheets: for a criteria set alone, or one per product of a session."""

from __future__ import annotations

import os

from typing import BinaryIO, Callable, Iterable, Sequence

from reportlab.platypus import Flowable, PageBreak

from ocop_desk.i18n import _
from ocop_desk.printing.layout import FooterMark, build_pdf
from ocop_desk.printing.sheet import sheet_story
from ocop_desk.printing.values import CouncilInfo, ProductInfo
from ocop_desk.scoring.criteria import CriteriaSet

def write_blank_sheet(out: str | os.PathLike[str] | BinaryIO, cs: CriteriaSet, *, council: CouncilInfo | None = None,
                      product: ProductInfo | None = None) -> int:
    """One blank sheet for `cs`; returns the page count."""
    return write_blank_sheets(out, [(cs, product or ProductInfo())], council=council)


def write_blank_sheets(out: str | os.PathLike[str] | BinaryIO, items: Sequence[tuple[CriteriaSet, ProductInfo]] |
                       Iterable[tuple[CriteriaSet, ProductInfo]], *,
                       council: CouncilInfo | None = None, member_name: str = "",
                       on_mark: Callable[[str], None] | None = None) -> int:
    """One sheet per (criteria set, product), header fields pre-filled; page count returned.

    `member_name` goes under the signature line (sheets handed to one member).
    """
    story: list[Flowable] = []
    for cs, product in items:
        if story:
            story.append(PageBreak())
        label = " — ".join(x for x in (_("Evaluation sheet"), product.code, product.name) if x)
        story.append(FooterMark(label))
        story += sheet_story(cs, product=product, council=council, member_name=member_name)
    return build_pdf(out, story, title=_("OCOP evaluation sheets"), on_mark=on_mark)
