"""The `member-scorecards` payload: one member's sheets, from their laptop to the secretary's.

Payload: `scorecards.json` = {"format": "ocop-desk/member-scorecards@2", "session", "council",
"member", "scorecards": [{"product", "criteria_set_hash", "choices", "notes"}]}; `choices` as in the
session file @2 (a checklist as the list of its ticked option ids, a case keyed by its section id).
Payloads of `@1` (every choice one option id) are still read.
Taking them into a store is `exchange/member_scorecards.py`.
"""

from __future__ import annotations

from typing import Any

from ocop_desk.bundles.envelope import Envelope
from ocop_desk.bundles.errors import BundleMalformed
from ocop_desk.bundles.verify import Claims
from ocop_desk.i18n import _

KIND = "member-scorecards"
PAYLOAD_FORMAT = "ocop-desk/member-scorecards@2"
PAYLOAD_FORMATS = (PAYLOAD_FORMAT, "ocop-desk/member-scorecards@1")
FILE = "scorecards.json"


def scorecards_payload(session: str, council: str, member: str, cards: list[dict[str, Any]]) -> dict[str, Any]:
    """The `scorecards.json` document of one member's sheets (each card as the module docstring says)."""
    return {"format": PAYLOAD_FORMAT, "session": session, "council": council, "member": member, "scorecards": cards}


def scorecards_doc(env: Envelope) -> dict[str, Any]:
    """The checked `scorecards.json` of a member's envelope."""
    env.require_kind(KIND)
    doc = env.json_payload(FILE)
    ok = (isinstance(doc, dict) and doc.get("format") in PAYLOAD_FORMATS and isinstance(doc.get("scorecards"), list)
          and all(isinstance(doc.get(k), str) for k in ("session", "council", "member")))
    if ok:
        for c in doc["scorecards"]:
            ok = ok and isinstance(c, dict) and isinstance(c.get("product"), str) \
                and isinstance(c.get("criteria_set_hash"), str) and isinstance(c.get("choices"), dict) \
                and isinstance(c.get("notes", {}), dict) and _card_values_ok(c, doc["format"] == PAYLOAD_FORMAT)
    if not ok:
        raise BundleMalformed(_("not a member scorecards file"), file=env.file, place=FILE)
    return doc


def claims_of(doc: dict[str, Any], env: Envelope) -> Claims:
    """A member's envelope speaks for one member of one council, in one session."""
    return Claims(council=doc["council"], admin_unit=env.issuer.admin_unit, session=doc["session"],
                  member=doc["member"])


def _card_values_ok(card: dict[str, Any], lists: bool) -> bool:
    """Notes are text; a choice is an option id, or (@2) a non-empty list of them: a checklist's ticks."""
    def choice_ok(v: Any) -> bool:
        return isinstance(v, str) or (lists and isinstance(v, list) and bool(v) and all(isinstance(x, str) for x in v))

    return all(isinstance(k, str) and choice_ok(v) for k, v in card["choices"].items()) \
        and all(isinstance(k, str) and isinstance(v, str) for k, v in card.get("notes", {}).items())
