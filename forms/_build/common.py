"""Helpers that turn compact sheet descriptions into `ocop-desk/criteria@1` files.

The JSON files under forms/ are the source of truth and are what ships; these
scripts only produced them (and can re-produce them byte for byte).  A set's
maxima are derived from its options (criterion max = best option; section and
part max = sum below), so a transcription typo cannot make the totals drift.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any, Sequence

FORMS = Path(__file__).resolve().parent.parent
CHECKED = "2026-11-23"

# A criterion: (title, [(option label, points), ...])
Crit = tuple[str, Sequence[tuple[str, int | str]]]
# A section: (title, [criteria])
Sect = tuple[str, Sequence[Crit]]
# A part: (id, title, [sections])
PartSpec = tuple[str, str, Sequence[Sect]]


def _n(value: int | str | Decimal) -> int | Decimal:
    d = Decimal(str(value))
    return int(d) if d == d.to_integral_value() else d


def build_parts(parts: Sequence[PartSpec]) -> list[dict[str, Any]]:
    out = []
    for pid, ptitle, sections in parts:
        sect_out = []
        for si, (stitle, crits) in enumerate(sections, start=1):
            sid = f"{pid}{si}"
            crit_out = []
            for ci, (ctitle, options) in enumerate(crits):
                cid = f"{sid}{chr(ord('a') + ci)}"
                opts = [
                    {"id": f"{cid}-{oi}", "label": label, "points": _n(points)}
                    for oi, (label, points) in enumerate(options, start=1)
                ]
                cmax = max(Decimal(str(o["points"])) for o in opts)
                crit_out.append({"id": cid, "title": ctitle, "max": _n(cmax), "options": opts})
            smax = sum((Decimal(str(c["max"])) for c in crit_out), Decimal(0))
            sect_out.append({"id": sid, "title": stitle, "max": _n(smax), "criteria": crit_out})
        pmax = sum((Decimal(str(s["max"])) for s in sect_out), Decimal(0))
        out.append({"id": pid, "title": ptitle, "max": _n(pmax), "sections": sect_out})
    return out


def criteria_file(
    *,
    set_id: str,
    title: str,
    regulation: str,
    profile: str,
    group_id: str,
    group: str,
    product_set: str,
    product_types: Sequence[str],
    status: str,
    uncertain: str | None,
    source: dict[str, str],
    parts: Sequence[PartSpec],
    knockouts: Sequence[str],
    star_conditions: Sequence[dict[str, Any]] = (),
) -> dict[str, Any]:
    return {
        "format": "ocop-desk/criteria@1",
        "id": set_id,
        "title": title,
        "regulation": regulation,
        "profile": profile,
        "group_id": group_id,
        "group": group,
        "product_set": product_set,
        "product_types": list(product_types),
        "status": status,
        "checked": CHECKED,
        "uncertain": uncertain,
        "source": dict(source),
        "parts": build_parts(parts),
        "knockouts": [{"id": f"K{i}", "label": label} for i, label in enumerate(knockouts, start=1)],
        "star_conditions": list(star_conditions),
    }


def write_json(path: Path, data: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


# The first three criteria of "Tổ chức sản xuất", worded alike in the 2019 and 2023 sheets as far as
# the public material shows (origin of raw material and value added are the ones DOMAIN.md quotes).
PRODUCTION_LINKS: list[Crit] = [
    ("Nguồn gốc sản phẩm (nguyên liệu sản xuất tại địa phương)", [
        ("Nguyên liệu sản xuất tại xã dưới 50%", 1),
        ("Nguyên liệu sản xuất tại xã từ 50% đến dưới 75%", 3),
        ("Nguyên liệu sản xuất tại xã từ 75% đến 100%", 5),
    ]),
    ("Gia tăng giá trị", [
        ("Sơ chế thủ công", 1),
        ("Sơ chế, chế biến có sử dụng máy móc, thiết bị", 2),
        ("Chế biến sâu, ứng dụng công nghệ tiên tiến", 3),
    ]),
    ("Liên kết sản xuất", [
        ("Không có liên kết", 0),
        ("Có liên kết nhưng không có hợp đồng", 1),
        ("Có hợp đồng liên kết cung ứng nguyên liệu", 2),
        ("Có hợp đồng liên kết theo chuỗi giá trị (nguyên liệu và tiêu thụ), thực hiện ổn định", 3),
    ]),
]
