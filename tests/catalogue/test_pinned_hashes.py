"""A shipped set never changes silently: its content hash is pinned here.

A corrected sheet is a new set (new id, new file), so sessions scored with the
old one keep it.  To add a set, add its hash to pinned_hashes.json in the same
commit (`python -m tests.catalogue.test_pinned_hashes` prints the table).
"""

from __future__ import annotations

import json
from pathlib import Path

from ocop_desk.scoring.criteria import criteria_set_from_dict, load_json_text

FORMS = Path(__file__).resolve().parents[2] / "forms"
PINNED = Path(__file__).resolve().parent / "pinned_hashes.json"


def current_hashes() -> dict[str, str]:
    out = {}
    for path in sorted((FORMS / "criteria").rglob("*.json")):
        data = load_json_text(path.read_text(encoding="utf-8"))
        out[data["id"]] = criteria_set_from_dict(data).content_hash
    return out


def test_every_shipped_set_is_pinned_and_unchanged() -> None:
    pinned = json.loads(PINNED.read_text(encoding="utf-8"))
    current = current_hashes()
    changed = sorted(k for k in current if k in pinned and pinned[k] != current[k])
    assert changed == [], f"shipped sets edited in place (make a new set id instead): {changed}"
    assert sorted(set(current) - set(pinned)) == [], "new set: pin its hash in pinned_hashes.json"
    assert sorted(set(pinned) - set(current)) == [], "a pinned set was removed from forms/"


def test_hash_is_over_content_not_file_layout() -> None:
    path = FORMS / "criteria" / "148-2023" / "148-2023-thuc-pham-gao-ngu-coc.json"
    data = load_json_text(path.read_text(encoding="utf-8"))
    again = load_json_text(json.dumps(json.loads(path.read_text(encoding="utf-8")), indent=None))
    assert criteria_set_from_dict(data).content_hash == criteria_set_from_dict(again).content_hash
    data["parts"][0]["sections"][0]["criteria"][0]["options"][0]["label"] += "."
    assert criteria_set_from_dict(data).content_hash != current_hashes()[data["id"]]


if __name__ == "__main__":
    print(json.dumps(current_hashes(), indent=2, ensure_ascii=False))
