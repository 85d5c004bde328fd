"""The words and numbers a person reads, shared by the screens, the CLI and paper.

Codes stay codes in data and JSON (`ranked`, `products`, `district`, `74.13`);
what is printed for a person goes through here, so the terminal says what the
screen says, in the user's language.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Mapping

from ocop_desk.i18n import N_, _, language

_KIND_NAMES = {"session-results": N_("session results (council → province)"),
               "member-scorecards": N_("member scorecards (member → secretary)"),
               "dossier-package": N_("dossier package (commune → district)")}
_COUNT_NAMES = {"products": N_("products"), "scorecards": N_("scorecards"), "criteria_sets": N_("criteria sets"),
                "member_envelopes": N_("member envelopes"), "evidence_files": N_("evidence files")}
_RESULT_STATUS = {"ranked": N_("ranked"), "knocked_out": N_("knocked out"), "not_rankable": N_("not rankable")}
_CONFLICT_KINDS = {"duplicate-product": N_("same product code from two councils"),
                   "unknown-criteria-set": N_("criteria set unknown to this store"),
                   "member-signature": N_("a member's signed scorecards do not match")}
_LEVELS = {"commune": N_("commune"), "district": N_("district"), "province": N_("province"),
           "central": N_("central")}
_OWNER_KINDS = {"council": N_("council"), "member": N_("member")}


def _name(table: Mapping[str, str], code: str | None) -> str:
    return _(table[code]) if code is not None and code in table else (code or "—")


def kind_name(kind: str | None) -> str:
    return _name(_KIND_NAMES, kind)


def count_name(key: str) -> str:
    return _name(_COUNT_NAMES, key)


def counts_text(counts: Mapping[str, int], sep: str = " · ") -> str:
    """`{"products": 12, "scorecards": 81}` -> "sản phẩm 12 · phiếu chấm 81"."""
    return sep.join(f"{count_name(k)} {n}" for k, n in counts.items()) or "—"


def status_name(status: str) -> str:
    """A product's result status (ranked, knocked out, not rankable)."""
    return _name(_RESULT_STATUS, status)


def conflict_kind_name(kind: str) -> str:
    return _name(_CONFLICT_KINDS, kind)


def level_name(level: str | None) -> str:
    return _name(_LEVELS, level)


def owner_kind_name(kind: str | None) -> str:
    return _name(_OWNER_KINDS, kind)


def decimal_text(value: Decimal | int | str | None, empty: str = "—") -> str:
    """A number as people of the language write it: 74,13 in Vietnamese, 74.13 in English (JSON keeps 74.13)."""
    if value is None or value == "":
        return empty
    text = value if isinstance(value, str) else format(Decimal(value), "f")
    return text.replace(".", ",") if language() == "vi" else text


def supersession_text(old_bundle: str) -> str:
    """What a province is told when a merged bundle replaces an earlier one of the same session."""
    return _("replaces bundle {old}: the session was sent again (reopened or corrected); "
             "its earlier results are kept as history").format(old=old_bundle)
