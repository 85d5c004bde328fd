"""The dossier's evidence files for a product, as links the scoring screen opens with one click."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ocop_desk import dossiers
from ocop_desk.errors import NotFound

if TYPE_CHECKING:
    from ocop_desk.store.engine import Store


@dataclass(frozen=True)
class EvidenceLink:
    label: str
    path: Path


def evidence_for(store: Store, product_code: str) -> list[EvidenceLink]:
    """The product's evidence files in the managed folder, as the dossier service lists them."""
    try:
        product = dossiers.get_product(store, product_code)
    except NotFound:
        return []
    return [EvidenceLink(f"{ev.kind}: {ev.original_name}" if ev.kind else ev.original_name, ev.path)
            for ev in product.evidence]
