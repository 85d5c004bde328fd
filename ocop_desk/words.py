"""The words and numbers a person reads, shared by the screens, the CLI and paper.

Codes stay codes in data and JSON (`products`, `74.13`); what is printed for
a person goes through here, so the terminal says what the screen says, in
the user's language.  The names of states, roles and kinds are in
`vocabulary.py`.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Mapping

from ocop_desk.i18n import N_, _, language

_COUNT_NAMES = {"products": N_("products"), "scorecards": N_("scorecards"), "criteria_sets": N_("criteria sets"),
                "member_envelopes": N_("member envelopes"), "evidence_files": N_("evidence files")}


def count_name(key: str) -> str:
    return _(_COUNT_NAMES[key]) if key in _COUNT_NAMES else (key or "—")


def counts_text(counts: Mapping[str, int], sep: str = " · ") -> str:
    """`{"products": 12, "scorecards": 81}` -> "sản phẩm 12 · phiếu chấm 81"."""
    return sep.join(f"{count_name(k)} {n}" for k, n in counts.items()) or "—"


def decimal_text(value: Decimal | int | str | None, empty: str = "—") -> str:
    """A number as people of the language write it: 74,13 in Vietnamese, 74.13 in English (JSON keeps 74.13)."""
    if value is None or value == "":
        return empty
    text = value if isinstance(value, str) else format(Decimal(value), "f")
    return text.replace(".", ",") if language() == "vi" else text


def points_text(value: Decimal | int | None, empty: str = "—") -> str:
    """Points as people write them: whole points without decimals (5), others without trailing zeros (2,5)."""
    if value is None:
        return empty
    d = Decimal(value)
    return decimal_text(d.quantize(Decimal(1)) if d == d.to_integral_value() else d.normalize())


def supersession_text(old_bundle: str) -> str:
    """What a province is told when a merged bundle replaces an earlier one of the same session."""
    return _("replaces bundle {old}: the session was sent again (reopened or corrected); "
             "its earlier results are kept as history").format(old=old_bundle)
