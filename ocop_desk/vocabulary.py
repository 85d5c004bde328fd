"""The codes of states, roles and kinds, and the word a person reads for each.

Data, the store and the files keep the codes (`scoring`, `vice_chair`,
`knocked_out`, `HTX`); a screen, a paper or a CLI line that shows one to a
person asks here, so all of them say the same word in the user's language.
The tuples are the codes a service accepts; the `*_name` functions are the
words (an unknown code is shown as it is, a missing one as `empty`).
"""

from __future__ import annotations

from typing import Mapping

from ocop_desk.i18n import N_, _
from ocop_desk.scoring.profiles import LEVELS as COUNCIL_LEVELS  # noqa: F401  (the levels a regulation knows)

SESSION_STATES = ("preparing", "scoring", "closed")
ROLES = ("chair", "vice_chair", "secretary", "member")
STAGES = ("registration", "business_plan", "implementation", "evaluation", "promotion")
PRODUCER_KINDS = ("DN", "HTX", "THT", "HO")
# what `print` makes, and the papers also written as Word for the secretary to edit before signing
PRINT_KINDS = ("blank", "sheets", "ticklist", "summary", "minutes", "recognition", "feedback")
WORD_PAPERS = ("summary", "minutes", "recognition")
# the papers a council numbers, and the suffix of their document number ("Số: 12/BB-HĐ")
PAPER_SUFFIX = {"minutes": "/BB-HĐ", "summary": "/BTH-HĐ", "recognition": "/DS-HĐ"}
RESULT_STATUSES = ("ranked", "knocked_out", "not_rankable")  # as scoring.ranking names them

_STATES = {"preparing": N_("preparing"), "scoring": N_("scoring"), "closed": N_("closed")}
_ROLES = {"chair": N_("Chair"), "vice_chair": N_("Vice-chair"), "secretary": N_("Secretary"),
          "member": N_("Member")}
_LEVELS = {"commune": N_("commune"), "district": N_("district"), "province": N_("province"),
           "central": N_("central")}
_STAGES = {"registration": N_("registration"), "business_plan": N_("business plan"),
           "implementation": N_("implementation"), "evaluation": N_("evaluation"), "promotion": N_("promotion")}
_PRODUCER_KINDS = {"DN": N_("enterprise (DN)"), "HTX": N_("cooperative (HTX)"),
                   "THT": N_("cooperative group (THT)"), "HO": N_("household business")}
_RESULT_STATUSES = {"ranked": N_("ranked"), "knocked_out": N_("knocked out"), "not_rankable": N_("not rankable")}
_CRITERIA_STATUSES = {"transcribed": N_("transcribed"), "reconstructed": N_("reconstructed"),
                      "incomplete-source": N_("incomplete source")}
# Why a member's sheet does not count (scoring.ranking's member reasons).
_SHEET_REASONS = {"conflict": N_("conflict"), "absent": N_("absent"), "incomplete": N_("incomplete"),
                  "excluded": N_("excluded")}
_RESULT_FLAGS = {"discrepancy": N_("discrepancy"), "star_capped": N_("star capped"),
                 "too_few_scorecards": N_("too few scorecards")}
_CERTIFICATE_STATUSES = {"valid": N_("valid"), "due": N_("expiring"), "expired": N_("expired"),
                         "superseded": N_("superseded")}
_BUNDLE_KINDS = {"session-results": N_("session results (council → province)"),
                 "member-scorecards": N_("member scorecards (member → secretary)"),
                 "dossier-package": N_("dossier package (commune → district)")}
_CONFLICT_KINDS = {"duplicate-product": N_("same product code from two councils"),
                   "unknown-criteria-set": N_("criteria set unknown to this store"),
                   "member-signature": N_("a member's signed scorecards do not match")}
_OWNER_KINDS = {"council": N_("council"), "member": N_("member")}
# What became of a received bundle (imported, already there, merged at the province).
_OUTCOMES = {"imported": N_("imported"), "unchanged": N_("unchanged"), "merged": N_("merged")}


def _name(table: Mapping[str, str], code: str | None, empty: str) -> str:
    return _(table[code]) if code is not None and code in table else (code or empty)


def state_name(state: str | None, empty: str = "—") -> str:
    """A session's state (preparing, scoring, closed)."""
    return _name(_STATES, state, empty)


def role_name(role: str | None, empty: str = "—") -> str:
    """A council member's role (chair, vice-chair, secretary, member)."""
    return _name(_ROLES, role, empty)


def level_name(level: str | None, empty: str = "—") -> str:
    return _name(_LEVELS, level, empty)


def attendance_name(present: bool) -> str:
    """A member's attendance at a session, as the minutes and the council screen write it."""
    return _("present") if present else _("absent")


def stage_name(stage: str | None, empty: str = "") -> str:
    """A product's OCOP cycle stage."""
    return _name(_STAGES, stage, empty)


def producer_kind_name(kind: str | None, empty: str = "") -> str:
    return _name(_PRODUCER_KINDS, kind, empty)


def status_name(status: str | None, empty: str = "—") -> str:
    """A product's result status (ranked, knocked out, not rankable)."""
    return _name(_RESULT_STATUSES, status, empty)


def reason_name(reason: str | None, empty: str = "") -> str:
    """Why a member's sheet does not count (conflict, absent, incomplete, excluded)."""
    return _name(_SHEET_REASONS, reason, empty)


def flag_name(flag: str | None, empty: str = "—") -> str:
    """A result flag (discrepancy, star capped, too few scorecards)."""
    return _name(_RESULT_FLAGS, flag, empty)


def criteria_status_name(status: str | None, empty: str = "—") -> str:
    """How a criteria set was taken from its source (transcribed, reconstructed, incomplete source)."""
    return _name(_CRITERIA_STATUSES, status, empty)


def certificate_status_name(status: str | None, empty: str = "—") -> str:
    return _name(_CERTIFICATE_STATUSES, status, empty)


def kind_name(kind: str | None, empty: str = "—") -> str:
    """A signed bundle's kind."""
    return _name(_BUNDLE_KINDS, kind, empty)


def conflict_kind_name(kind: str | None, empty: str = "—") -> str:
    """A province merge conflict's kind."""
    return _name(_CONFLICT_KINDS, kind, empty)


def owner_kind_name(kind: str | None, empty: str = "—") -> str:
    """Whose signing key (a council's or a member's)."""
    return _name(_OWNER_KINDS, kind, empty)


def outcome_name(status: str | None, empty: str = "—") -> str:
    """What became of a received bundle: imported, unchanged (already there), merged."""
    return _name(_OUTCOMES, status, empty)
