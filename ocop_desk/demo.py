"""A realistic demo district session, for trying the application.

The demo is built as an ordinary interchange file and imported through
`interchange.import_session_data`, so it exercises the same path as real
data: a council of Chợ Mới district (Bắc Kạn), Vietnamese names and
communes, products across the shipped 2023 sets, one conflict of interest,
one knock-out, one member far from the others, one member absent, and the
last products left unscored for the user to score.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

from ocop_desk.catalogue import CriteriaSetInfo, list_criteria_sets, resolve_criteria_set
from ocop_desk.certificates import set_council_paper_details, set_session_papers
from ocop_desk.interchange import SESSION_FORMAT, import_session_data
from ocop_desk.scoring.criteria import CriteriaSet
from ocop_desk.scoring.totals import applicable
from ocop_desk.sessions import list_sessions
from ocop_desk.store.engine import Store

PROVINCE_CODE = "06"  # Bắc Kạn
DISTRICT_CODE = "065"  # Chợ Mới
COMMUNES = ("Yên Đĩnh", "Thanh Mai", "Như Cố", "Cao Kỳ", "Hòa Mục", "Nông Hạ", "Thanh Vận", "Quảng Chu",
            "Bình Văn", "Yên Hân", "Thanh Thịnh", "Mai Lạp", "Tân Sơn", "Đồng Tâm")
FAMILY = ("Nguyễn", "Trần", "Hoàng", "Nông", "Hà", "Lường", "Triệu", "Đinh", "Lý", "Bế", "Ma", "Lục", "Phạm")
MIDDLE = ("Văn", "Thị", "Đức", "Minh", "Thu", "Ngọc", "Quang", "Hồng", "Thanh")
GIVEN = ("Hùng", "Lan", "Tuấn", "Hương", "Dũng", "Mai", "Thắng", "Thảo", "Cường", "Hà", "Quyết", "Nga", "Sơn")
ROLE_TITLES = ("chair", "vice_chair", "secretary")
DEMO_AUTHORITY = "Ủy ban nhân dân huyện Chợ Mới"

# Keyed by a part of a set id (first match wins): product names a Chợ Mới council would plausibly see.
PRODUCT_NAMES: dict[str, tuple[str, ...]] = {
    "rau-cu-qua-hat-tuoi": ("Cam sành", "Bí xanh thơm"),
    "che-bien-tu-thit": ("Thịt lợn gác bếp", "Lạp xưởng hun khói"),
    "thit-thuy-san-trung-sua-tuoi": ("Thịt lợn đen", "Gà thả đồi"),
    "che-bien-tu-gao-ngu-coc": ("Bún khô", "Miến dong", "Bánh gio"),
    "gao-ngu-coc": ("Gạo Bao Thai", "Gạo nếp vải"),
    "mat-ong": ("Mật ong bạc hà", "Mật ong hoa rừng"),
    "do-an-nhanh": ("Bánh cuốn khô",),
    "tuong-nuoc-mam": ("Tương ớt bản",),
    "gia-vi": ("Gừng khô", "Ớt bột"),
    "ruou-trang": ("Rượu men lá", "Rượu ngô"),
    "do-uong-co-con": ("Rượu mơ rừng",),
    "nuoc-khoang": ("Nước suối khoáng Nặm Cắt",),
    "do-uong-khong-con": ("Nước cốt gừng mật ong", "Nước mơ ngâm"),
    "thuc-pham-chuc-nang": ("Cao dây thìa canh", "Trà giảo cổ lam"),
    "my-pham": ("Dầu gội thảo dược",),
    "tinh-dau": ("Tinh dầu quế", "Tinh dầu sả chanh"),
    "thu-cong-my-nghe": ("Giỏ mây tre đan", "Chổi chít"),
    "vai-may-mac": ("Khăn thổ cẩm Tày",),
    "cay-canh": ("Cây cảnh bonsai",),
    "dong-vat-canh": ("Cá chép cảnh",),
    "hoa": ("Lan kim tuyến",),
    "du-lich": ("Homestay bản", "Điểm du lịch cộng đồng"),
}
PRODUCER_KINDS = ("HTX", "HTX", "THT", "HO", "DN")
PRODUCER_PREFIX = {"HTX": "Hợp tác xã", "THT": "Tổ hợp tác", "HO": "Hộ kinh doanh", "DN": "Công ty TNHH"}


@dataclass(frozen=True)
class DemoOutcome:
    session_id: str
    products: int
    members: int


GROUP_ORDER = ("thuc-pham", "do-uong", "duoc-lieu", "thu-cong-my-nghe", "sinh-vat-canh", "du-lich")


def _round_robin_by_group(sets: list[CriteriaSetInfo]) -> list[CriteriaSetInfo]:
    """Food first, then one set of each group in turn, so a short agenda spans every group."""
    groups: dict[str, list[CriteriaSetInfo]] = {}
    for s in sorted(sets, key=lambda s: s.id):
        groups.setdefault(s.group_id, []).append(s)
    order = sorted(groups, key=lambda g: GROUP_ORDER.index(g) if g in GROUP_ORDER else len(GROUP_ORDER))
    for g in order:  # the rice sheet leads: it is the one DOMAIN.md quotes
        groups[g].sort(key=lambda s: ("-gao-ngu-coc" not in s.id or "che-bien" in s.id, s.id))
    out = []
    while any(groups.values()):
        for g in order:
            if groups[g]:
                out.append(groups[g].pop(0))
    return out


def _demo_choices(cs: CriteriaSet, quality: float, rng: random.Random) -> dict[str, Any]:
    """One member's complete sheet as a session file carries it (a checklist as a list of ids).

    The case of a "choose one of two cases" section is drawn; options that knock the
    product out or stop the section are never drawn, so every leaf of the case applies.
    """
    choices: dict[str, Any] = {s.id: s.cases[rng.randrange(len(s.cases))].id for s in cs.case_sections()}
    for leaf_id in applicable(cs, choices):
        crit = cs.criterion(leaf_id)
        assert crit is not None
        plain = [o for o in crit.options if o.effect is None]
        if crit.kind == "checklist":
            ticked = [o.id for o in plain if not o.none and rng.random() < quality]
            choices[leaf_id] = ticked or [crit.none_option.id if crit.none_option else plain[0].id]
            continue
        ordered = sorted(plain, key=lambda o: o.points)
        pos = quality * (len(ordered) - 1) + rng.gauss(0, 0.45)
        choices[leaf_id] = ordered[min(len(ordered) - 1, max(0, round(pos)))].id
    return choices


def _person(rng: random.Random, used: set[str]) -> str:
    while True:
        name = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
        if name not in used:
            used.add(name)
            return name


def demo_data(store: Store, *, products: int = 12, members: int = 9, seed: int = 2026,
              year: int = 2026) -> dict[str, Any]:
    rng = random.Random(seed)
    # the official sheets a new session may use (criteria@2 transcripts), else whatever the store has
    available = list_criteria_sets(store, profile="148-2023", offered_only=True) or list_criteria_sets(store)
    if not available:
        raise RuntimeError("no criteria sets in the catalogue")
    sets = _round_robin_by_group(available)
    members = max(3, members)
    used: set[str] = set()
    member_rows = []
    for i in range(members):
        role = ROLE_TITLES[i] if i < len(ROLE_TITLES) else "member"
        member_rows.append({"id": f"tv{i + 1:02d}", "name": _person(rng, used), "role": role})
    absent = member_rows[-1]["id"] if members >= 7 else None
    present = [m["id"] for m in member_rows if m["id"] != absent]

    product_rows: list[dict[str, Any]] = []
    for i in range(products):
        info = sets[i % len(sets)]
        commune = COMMUNES[i % len(COMMUNES)]
        pool = next((names for part, names in PRODUCT_NAMES.items() if part in info.id),
                    (info.product_set,))
        base = pool[(i // len(sets)) % len(pool)]
        name = f"{base} {commune}"
        kind = PRODUCER_KINDS[i % len(PRODUCER_KINDS)]
        product_rows.append({
            "code": f"{PROVINCE_CODE}-{DISTRICT_CODE}-{i + 1:03d}-{year}",
            "name": name,
            "producer": {"name": f"{PRODUCER_PREFIX[kind]} {base} {commune}" if kind != "HO"
                         else f"{PRODUCER_PREFIX[kind]} {_person(rng, used)}",
                         "kind": kind, "commune": f"Xã {commune}"},
            "criteria_set": info.id,
            "conflicts": [],
            "knockouts": [],
        })
    if products >= 2:
        product_rows[1]["conflicts"] = [present[3 % len(present)]]
    if products >= 3:
        ko_set = resolve_criteria_set(store, product_rows[2]["criteria_set"])[1]
        if ko_set.knockouts:
            product_rows[2]["knockouts"] = [ko_set.knockouts[0].id]

    scored = max(1, products - 2) if products > 3 else products
    discrepant = (present[-1], product_rows[0]["code"]) if present else None
    scorecards = []
    for i, p in enumerate(product_rows[:scored]):
        cs = resolve_criteria_set(store, p["criteria_set"])[1]
        quality = rng.uniform(0.35, 0.95)
        for mid in present:
            if mid in p["conflicts"]:
                continue
            q = 0.05 if discrepant == (mid, p["code"]) else quality
            choices = _demo_choices(cs, q, rng)
            card: dict[str, Any] = {"member": mid, "product": p["code"], "choices": choices}
            if rng.random() < 0.15:
                crit = next(iter(cs.criteria()))
                card["notes"] = {crit.id: "Cần bổ sung minh chứng về nguồn nguyên liệu."}
            scorecards.append(card)
    return {
        "format": SESSION_FORMAT,
        "council": {"id": f"HD-OCOP-{DISTRICT_CODE}", "name": "Hội đồng đánh giá, phân hạng sản phẩm OCOP "
                    "huyện Chợ Mới", "level": "district", "admin_unit": DISTRICT_CODE, "profile": "148-2023"},
        "members": member_rows,
        "session": {"id": f"{year}-CM-01", "date": f"{year}-09-15",
                    "place": "Hội trường UBND huyện Chợ Mới, tỉnh Bắc Kạn", "present": present},
        "products": product_rows,
        "scorecards": scorecards,
    }


def create_demo(store: Store, *, products: int = 12, members: int = 9, seed: int = 2026) -> DemoOutcome:
    data = demo_data(store, products=products, members=members, seed=seed)
    summary = import_session_data(store, data, file="demo", actor="demo")
    # what the district office prints above and in its papers: its People's Committee, the town, the hours
    set_council_paper_details(store, data["council"]["id"], parent_authority=DEMO_AUTHORITY, place_name="Chợ Mới",
                              actor="demo")
    set_session_papers(store, summary.session_id, start="08:00", end="11:30", actor="demo")
    return DemoOutcome(summary.session_id, len(data["products"]), len(data["members"]))


def ensure_demo(store: Store) -> DemoOutcome | None:
    """Create the demo council when the store has no session at all (first start)."""
    if list_sessions(store):
        return None
    return create_demo(store)

