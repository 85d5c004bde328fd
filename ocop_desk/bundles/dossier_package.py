"""The `dossier-package` payload: a producer's dossier, from a commune to the district.

Payload: `dossier.json` = {"format": "ocop-desk/dossier-package@1", "producer": {name, kind,
commune, address, phone}, "product": {code, name, year, stage, criteria_set}, "evidence":
[{path, name, sha256, size, kind, criterion_id}]} and each evidence file under `evidence/`.
Making and taking in packages against a store is `exchange/dossier_packages.py`.
"""

from __future__ import annotations

import hashlib
from typing import Any

from ocop_desk.bundles.envelope import Envelope
from ocop_desk.bundles.errors import BundleMalformed, BundleTampered
from ocop_desk.i18n import _

KIND = "dossier-package"
PAYLOAD_FORMAT = "ocop-desk/dossier-package@1"
FILE = "dossier.json"
EVIDENCE_DIR = "evidence/"


def safe_name(name: str) -> str:
    """A file name that is safe on every system, for an evidence file in the archive or on disk."""
    keep = "".join(ch if ch.isalnum() or ch in "-_. " else "_" for ch in name).strip(" .")
    return keep[:120] or "file"


def evidence_path(sha256: str, name: str) -> str:
    """Where an evidence file travels in the payload: its digest keeps two same-named files apart."""
    return f"{EVIDENCE_DIR}{sha256[:16]}-{safe_name(name)}"


def dossier_doc(env: Envelope) -> dict[str, Any]:
    """The checked `dossier.json`, every evidence file it lists present and matching its SHA-256."""
    env.require_kind(KIND)
    doc = env.json_payload(FILE)
    try:
        assert isinstance(doc, dict) and doc["format"] == PAYLOAD_FORMAT
        pr, p = doc["producer"], doc["product"]
        assert all(isinstance(pr[k], str) for k in ("name", "kind", "commune", "address", "phone"))
        assert isinstance(pr.get("commune_code", ""), str)
        assert isinstance(p["code"], str) and isinstance(p["name"], str) and isinstance(p["year"], int)
        assert isinstance(p["stage"], str) and (p["criteria_set"] is None or isinstance(p["criteria_set"], str))
        for ev in doc["evidence"]:
            assert isinstance(ev["path"], str) and isinstance(ev["name"], str) and isinstance(ev["sha256"], str)
            assert ev["kind"] is None or isinstance(ev["kind"], str)
            assert ev["criterion_id"] is None or isinstance(ev["criterion_id"], str)
    except (AssertionError, KeyError, TypeError) as exc:
        raise BundleMalformed(_("not a dossier package file"), file=env.file, place=FILE) from exc
    for ev in doc["evidence"]:
        data = env.payload.get(ev["path"])
        if data is None or hashlib.sha256(data).hexdigest() != ev["sha256"]:
            raise BundleTampered(_("evidence file missing or not matching its SHA-256"), file=env.file,
                                 place=ev["path"])
    return doc
