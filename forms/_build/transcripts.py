"""Official score sheets: one `ocop-desk/criteria@2` set per research transcript.

Reads `<shared>/sources/criteria/{148-2023,1048-2019}/*.json` (format
`ocop-research/criteria-transcript@1`, see the README there) and writes
`forms/criteria/<profile>/<set id>.json` plus `forms/classification/<profile>.json`.
The build only runs this when the shared folder is there (`OCOP_CRITERIA_SOURCES`
names it, else `<repo>/../shared/sources/criteria`); without it the shipped
JSON files stay as they are, and the reconstructed sets are rebuilt as before.

Everything the transcript says is kept: titles, option texts and points as
given, sections and criteria in source order, `description` and `note`.  The
mechanical changes (each one listed in the set's `notes`) are:

- the star marker at the end of a text ("…quy mô trung bình****") becomes
  `star_marker` and is cut from the label (with the blank before it);
- a criterion that has no title in the source takes its section's title;
- a criterion without a 0-point option gets an explicit `none` option
  ("Không đạt"/"Không có mục nào phù hợp", 0 points) as its first option;
- an unreadable point value is replaced by the transcript's `probable_points`.

Ids: part A/B/C; section = part + the source's section number (`B4`); criterion
= section + the source's letter (`A3đ` is written `A3dd`) or its position;
sub-criterion = criterion + position (`C6a1`); case = section + `-th<n>`
(`C8-th1`, its criterion `C8-th1a`); option = criterion + `-<n>`, the none
option `-0`.
"""

from __future__ import annotations

import json
import os
import re
from decimal import Decimal
from pathlib import Path
from typing import Any, Iterable

from common import FORMS, write_json

CHECKED = "2026-12-01"
FORMAT = "ocop-desk/criteria@2"
CLASSIFICATION_FORMAT = "ocop-desk/classification@1"
NONE_SINGLE = "Không đạt"
NONE_CHECKLIST = "Không có mục nào phù hợp"

REGULATIONS = {
    "148-2023": {
        "regulation": "148/QĐ-TTg (2023)",
        "decision": "Quyết định 148/QĐ-TTg của Thủ tướng Chính phủ",
        "date": "2023-02-24",
        "appendix": "Phụ lục kèm theo Quyết định: Bộ tiêu chí đánh giá, phân hạng sản phẩm OCOP",
    },
    "1048-2019": {
        "regulation": "1048/QĐ-TTg (2019)",
        "decision": "Quyết định 1048/QĐ-TTg của Thủ tướng Chính phủ",
        "date": "2019-08-21",
        "appendix": "Phụ lục kèm theo Quyết định: Bộ tiêu chí đánh giá, phân hạng sản phẩm Chương trình Mỗi xã một sản phẩm",
    },
}
# The tourism sheet of 1048 as amended in 2020 (the decision is not named by its source).
AMENDED_1048 = {
    "decision": "Quyết định 1048/QĐ-TTg của Thủ tướng Chính phủ, phụ lục sửa đổi năm 2020 (có lẽ Quyết định "
                "781/QĐ-TTg; nguồn không ghi số và ngày của quyết định sửa đổi)",
}

GROUP_IDS = {
    "Thực phẩm": "thuc-pham",
    "Đồ uống": "do-uong",
    "Dược liệu và sản phẩm từ dược liệu": "duoc-lieu",
    "Thảo dược": "thao-duoc",
    "Hàng thủ công mỹ nghệ": "thu-cong-my-nghe",
    "Thủ công mỹ nghệ, trang trí": "thu-cong-my-nghe",
    "Vải, may mặc": "vai-may-mac",
    "Sinh vật cảnh": "sinh-vat-canh",
    "Dịch vụ du lịch cộng đồng, du lịch sinh thái và điểm du lịch": "du-lich",
    "Dịch vụ du lịch nông thôn và bán hàng": "du-lich",
}

# The sheet header printed on the 148 sheet of set 1 (the only sheet-level text found) and the
# variant of the OCOP_SCORE template that is probably the header of the herbal sheets.
HEADER_148 = (
    "Bị loại khi: Giả mạo hồ sơ hoặc không tuân thủ đầy đủ các quy định về giấy chứng nhận cơ sở đủ "
    "điều kiện ATTP (hoặc tương đương); hoặc Hồ sơ tự công bố sản phẩm, ghi nhãn sản phẩm không đúng "
    "theo quy định; hoặc không đáp ứng quy định Hồ sơ dự thi theo quy định."
)
HEADER_HERBAL = (
    "Giả mạo hồ sơ hoặc không đủ điều kiện bắt buộc để sản xuất sản phẩm theo quy định quản lí chuyên "
    "ngành của bộ Y Tế hoặc không có bản công bố sản phẩm (hoặc tương đương)"
)
# The same conditions one by one, for sheets whose source prints none (DOMAIN.md: the common ones).
COMMON_FOOD = [
    "Giả mạo hồ sơ",
    "Không tuân thủ đầy đủ các quy định về giấy chứng nhận cơ sở đủ điều kiện ATTP (hoặc tương đương)",
    "Hồ sơ tự công bố sản phẩm, ghi nhãn sản phẩm không đúng theo quy định",
    "Không đáp ứng quy định Hồ sơ dự thi theo quy định",
]
COMMON_OTHER = [COMMON_FOOD[0], COMMON_FOOD[2], COMMON_FOOD[3]]
FOOD_LIKE = {"thuc-pham", "do-uong", "duoc-lieu", "thao-duoc"}

# Part maxima where the transcript records none (1048: the sources' page template prints them).
SPLITS = {"148-2023": {"A": 40, "B": 25, "C": 35}, "1048-2019": {"A": 35, "B": 25, "C": 40}}

# What the transcripts' README says about the sheets that do not add up.
GAP_REMARKS = {
    ("148-2023", "07"): "Tiêu chí «d) Mùi» ghi 4 điểm nhưng các phương án là 1/2/3: có lẽ thiếu hoặc ghi sai một "
                        "phương án.",
    ("148-2023", "11"): "So với bộ số 3, phiếu này không có mục «Dinh dưỡng» (2 điểm) và mục «8. Công bố chất lượng…» "
                        "là 4 (2+2) thay vì 5.",
    ("148-2023", "12"): "So với bộ số 3, phiếu này không có mục «Dinh dưỡng» (2 điểm) và mục «8. Công bố chất lượng…» "
                        "là 4 (2+2) thay vì 5.",
    ("148-2023", "13"): "Các mục của Phần C cộng được 14+5+4+5+2+3 = 33.",
    ("1048-2019", "19"): "Cả hai nguồn đều cho Phần C 38 điểm.",
    ("1048-2019", "26"): "Đọc Phần A, B là chọn một phương án và Phần C là danh sách chọn nhiều thì Phần C đúng 40, "
                         "Phần A thiếu 1 điểm.",
}

STAR_TAIL = re.compile(r"\s*(\*{3,5})(?=\.?$|\n)")


def sources_dir() -> Path | None:
    """The shared transcripts folder, when this checkout has it."""
    env = os.environ.get("OCOP_CRITERIA_SOURCES")
    path = Path(env) if env else FORMS.parent.parent / "shared" / "sources" / "criteria"
    return path if (path / "product-sets.json").is_file() else None


def strip_star(text: str, marker: int | None) -> str:
    """The text without its trailing star marker (only a marker the transcript also gives as a number)."""
    if marker is None:
        return text
    m = STAR_TAIL.search(text)
    if m is None or len(m.group(1)) != marker:
        raise ValueError(f"star marker {marker} not found at the end of {text!r}")
    return text[: m.start()] + text[m.end():]


def _num(value: Decimal) -> int | Decimal:
    return int(value) if value == value.to_integral_value() else value


def _d(value: Any) -> Decimal:
    return Decimal(str(value))


def _points(opt: dict[str, Any], fixes: list[str], where: str) -> Decimal:
    if opt.get("points") is None:
        fixes.append(
            f"{where}: điểm «{opt['points_in_source']}» trong nguồn không phải con số (lỗi gõ), ghi "
            f"{opt['probable_points']} — giá trị bản chép cho là đúng, suy từ vị trí trong thang điểm"
        )
        return _d(opt["probable_points"])
    return _d(opt["points"])


def _section_number(title: str) -> str | None:
    m = re.match(r"\s*(\d+)\s*\.", title)
    return m.group(1) if m else None


def _criterion_letter(title: str | None) -> str | None:
    if not title:
        return None
    m = re.match(r"\s*([a-zđ])\s*[\).]", title)
    if m is None:
        return None
    return "dd" if m.group(1) == "đ" else m.group(1)


class Converter:
    """One transcript -> one criteria@2 dict (plus what the classification needs)."""

    def __init__(self, profile: str, data: dict[str, Any]) -> None:
        self.profile = profile
        self.t = data
        self.fixes: list[str] = []
        self.star_cuts = 0
        self.untitled = 0
        self.nones = 0
        self.checklist_nones = 0
        self.effects: list[str] = []
        self.split_filled = False
        self.conditions = [c["text"] for c in data.get("conditions_in_criteria") or ()]
        self.placed: set[str] = set()

    # ----------------------------------------------------------- sheet --
    def parts(self) -> list[dict[str, Any]]:
        out = []
        numbers_seen: set[str] = set()
        for part in self.t["parts"]:
            pid = part["id"]
            sections = []
            for si, sect in enumerate(part["sections"], start=1):
                num = _section_number(sect["title"])
                sid = f"{pid}{num}" if num and f"{pid}{num}" not in numbers_seen else f"{pid}{si}"
                numbers_seen.add(sid)
                sections.append(self.section(sid, sect, checklist=self._is_checklist_part(part)))
            if part.get("max_declared") is not None:
                pmax = _d(part["max_declared"])
            else:
                pmax = _d(SPLITS[self.profile][pid])
                self.split_filled = True
            node: dict[str, Any] = {"id": pid, "title": part["title"], "max": _num(pmax)}
            if part.get("description"):
                node["description"] = part["description"]
            node["sections"] = sections
            out.append(node)
        return out

    def _is_checklist_part(self, part: dict[str, Any]) -> bool:
        """The original 1048 tourism sheet: Part C's options add up (the transcript's reading)."""
        reading = self.t.get("checks_additive_reading")
        return bool(reading) and part["id"] == "C"

    def section(self, sid: str, sect: dict[str, Any], *, checklist: bool) -> dict[str, Any]:
        node: dict[str, Any] = {"id": sid, "title": sect["title"]}
        for key in ("description", "note"):
            if sect.get(key):
                node[key] = sect[key]
        if sect.get("choose_one_case"):
            cases = []
            for ci, crit in enumerate(sect["criteria"], start=1):
                case_id = f"{sid}-th{ci}"
                leaf = self.criterion(f"{case_id}a", crit, sect, checklist=False)
                case: dict[str, Any] = {"id": case_id, "title": crit["title"]}
                if crit.get("description"):
                    case["description"] = crit["description"]
                    leaf.pop("description", None)
                case["criteria"] = [leaf]
                cases.append(case)
            smax = max(sum((_d(c["max"]) for c in case["criteria"]), Decimal(0)) for case in cases)
            node["max"] = _num(_d(sect["max_declared"]) if sect.get("max_declared") is not None else smax)
            node["cases"] = cases
        else:
            crits = []
            used: set[str] = set()
            for ci, crit in enumerate(sect["criteria"]):
                letter = _criterion_letter(crit.get("title"))
                if letter is None or letter in used:
                    letter = chr(ord("a") + ci)
                used.add(letter)
                crits.append(self.criterion(f"{sid}{letter}", crit, sect, checklist=checklist))
            smax = sum((_d(c["max"]) for c in crits), Decimal(0))
            node["max"] = _num(_d(sect["max_declared"]) if sect.get("max_declared") is not None else smax)
            node["criteria"] = crits
        # keep the key order readable: id, title, max, description, note, criteria|cases
        order = ["id", "title", "max", "description", "note", "criteria", "cases"]
        return {k: node[k] for k in order if k in node}

    def criterion(self, cid: str, crit: dict[str, Any], sect: dict[str, Any], *,
                  checklist: bool) -> dict[str, Any]:
        title = crit.get("title")
        if not title:
            title = sect["title"]
            self.untitled += 1
        marker = crit.get("stars_marker")
        if marker is not None:
            title = strip_star(title, marker)
            self.star_cuts += 1
        node: dict[str, Any] = {"id": cid, "title": title}
        kind_checklist = checklist and crit.get("sum_of_options") is not None
        if crit.get("subcriteria"):
            subs = [self.leaf(f"{cid}{i}", sub, sub["title"], checklist=False)
                    for i, sub in enumerate(crit["subcriteria"], start=1)]
            computed = sum((_d(s["max"]) for s in subs), Decimal(0))
            node["max"] = _num(_d(crit["max_declared"]) if crit.get("max_declared") is not None else computed)
            self._meta(node, crit, marker)
            node["subcriteria"] = subs
            self._place_parent_conditions(crit, subs)
            return node
        leaf = self.leaf(cid, crit, title, checklist=kind_checklist, marker=marker)
        return leaf

    def _meta(self, node: dict[str, Any], src: dict[str, Any], marker: int | None) -> None:
        for key in ("description", "note"):
            if src.get(key):
                node[key] = src[key]
        if marker is not None:
            node["star_marker"] = marker

    def leaf(self, cid: str, crit: dict[str, Any], title: str, *, checklist: bool,
             marker: int | None = None) -> dict[str, Any]:
        if marker is None and crit.get("stars_marker") is not None:
            marker = crit["stars_marker"]
            title = strip_star(title, marker)
            self.star_cuts += 1
        node: dict[str, Any] = {"id": cid, "title": title}
        options = []
        for oi, opt in enumerate(crit["options"], start=1):
            omarker = opt.get("stars_marker")
            label = strip_star(opt["text"], omarker)
            if omarker is not None:
                self.star_cuts += 1
            o: dict[str, Any] = {"id": f"{cid}-{oi}", "label": label,
                                 "points": _num(_points(opt, self.fixes, f"{cid}-{oi}"))}
            if omarker is not None:
                o["star_marker"] = omarker
            options.append(o)
        if not any(_d(o["points"]) == 0 for o in options):
            options.insert(0, {"id": f"{cid}-0", "label": NONE_CHECKLIST if checklist else NONE_SINGLE,
                               "points": 0, "none": True})
            if checklist:
                self.checklist_nones += 1
            else:
                self.nones += 1
        if checklist:
            cmax = _d(crit["sum_of_options"])
        elif crit.get("max_declared") is not None:
            cmax = _d(crit["max_declared"])
        else:
            cmax = max(_d(o["points"]) for o in options)
        node["max"] = _num(cmax)
        if checklist:
            node["kind"] = "checklist"
        self._meta(node, crit, marker)
        node["options"] = options
        self._place_conditions(node, crit)
        return node

    # ------------------------------------------------------ conditions --
    def _place_conditions(self, node: dict[str, Any], src: dict[str, Any]) -> None:
        """Turn the criterion's own "Bị loại nếu…/Không đánh giá…" note into an option effect."""
        texts = [src.get("description") or "", src.get("note") or ""]
        texts += [o["text"] for o in src.get("options") or ()]
        for cond in self.conditions:
            if cond in self.placed or not any(cond in t for t in texts):
                continue
            if "options" not in node:
                continue  # a parent: its sub-criteria are checked below it
            trigger, kind = trigger_for(cond, node)
            if trigger is None:
                continue  # left for the sheet-level list
            trigger["effect"] = {"kind": kind, "label": cond}
            self.placed.add(cond)
            self.effects.append(f"{trigger['id']} ({kind})")

    def _place_parent_conditions(self, src: dict[str, Any], subs: list[dict[str, Any]]) -> None:
        """A condition written on a parent criterion applies to the sub-criterion it describes."""
        texts = [src.get("description") or "", src.get("note") or ""]
        for cond in self.conditions:
            if cond in self.placed or not any(cond in t for t in texts):
                continue
            for sub in subs:
                trigger, kind = trigger_for(cond, sub)
                if trigger is not None:
                    trigger["effect"] = {"kind": kind, "label": cond}
                    self.placed.add(cond)
                    self.effects.append(f"{trigger['id']} ({kind})")
                    break

    def sheet_knockouts(self, group_id: str) -> tuple[list[dict[str, str]], str]:
        items = [k["label"] for k in (self.t.get("knockouts") or {}).get("items") or ()]
        if items:
            basis = "Điều kiện loại của đầu phiếu lấy từ nguồn đối chiếu (phiếu in của OCOP_SCORE)."
        elif self.profile == "148-2023" and group_id in ("thuc-pham", "do-uong"):
            items = [HEADER_148]
            basis = ("Nguồn của bộ này không có điều kiện loại ở đầu phiếu; ghi theo đầu phiếu 148 của bộ số 1 "
                     "(nhóm thực phẩm), chưa đối chiếu với phiếu của bộ này.")
        elif self.profile == "148-2023" and group_id == "duoc-lieu":
            items = [HEADER_HERBAL]
            basis = ("Nguồn của bộ này không có điều kiện loại ở đầu phiếu; ghi theo biến thể trong mẫu phiếu "
                     "OCOP_SCORE, có lẽ là đầu phiếu nhóm dược liệu (chưa đối chiếu).")
        else:
            items = list(COMMON_FOOD if group_id in FOOD_LIKE else COMMON_OTHER)
            basis = ("Nguồn của bộ này không có điều kiện loại ở đầu phiếu; ghi các điều kiện loại chung của "
                     "quy định (giả mạo hồ sơ, " + ("giấy chứng nhận ATTP, " if group_id in FOOD_LIKE else "")
                     + "công bố và nhãn, hồ sơ dự thi), chưa đối chiếu với phiếu của bộ này.")
        left = [c for c in self.conditions if c not in self.placed]
        for cond in left:
            label = condition_label(cond)
            if label not in items:
                items.append(label)
        if left:
            basis += (" Điều kiện ghi trong tiêu chí mà không phương án nào thể hiện được (hội đồng ghi nhận "
                      "khi xảy ra) được thêm vào danh sách điều kiện loại: " + str(len(left)) + ".")
        return [{"id": f"K{i}", "label": label} for i, label in enumerate(items, start=1)], basis


_NOT_ACCEPTED = "không chấp nhận được"
_NOTE_LINE = re.compile(r"^(Ghi chú|Chú ý):", re.MULTILINE)


def condition_label(cond: str) -> str:
    """The condition itself: from its "Ghi chú:"/"Chú ý:" line on when the text has more before it."""
    m = _NOTE_LINE.search(cond)
    return cond[m.start():] if m else cond


def trigger_for(cond: str, node: dict[str, Any]) -> tuple[dict[str, Any] | None, str]:
    """The option whose choice the condition text describes, and the effect kind.

    Read conservatively: an option is the trigger only when its text (or, for
    the explicit none option, the fact that every listed option describes an
    acceptable state) says what the condition says.
    """
    low = cond.lower()
    options = node["options"]
    none = next((o for o in options if o.get("none")), None)
    if "bị loại" in low:
        for o in options:
            t = o["label"].lower()
            if "nhập khẩu" in low and ("nhập khẩu" in t or "không rõ nguồn gốc" in t):
                return o, "knockout"
        return None, "knockout"
    if "không đánh giá các bước tiếp theo" not in low:
        return None, "stop"
    if "tạp chất" in low:
        for o in options:
            if _NOT_ACCEPTED in o["label"].lower():
                return o, "stop"
        for o in options:
            t = o["label"].lower()
            if not o.get("none") and _d(o["points"]) == 0 and "tạp chất" in t and "chấp nhận được" not in t:
                return o, "stop"
        if none is not None and all("chấp nhận được" in o["label"].lower() or "không" in o["label"].lower()
                                    for o in options if not o.get("none")):
            return none, "stop"
        return None, "stop"
    if "nếu bị 0 điểm" in low:
        zero = [o for o in options if _d(o["points"]) == 0]
        return (zero[0] if len(zero) == 1 else None), "stop"
    if "không có" in low and "công bố" in low:
        for o in options:
            if o["label"].lower().startswith("không có") and "công bố" in o["label"].lower():
                return o, "stop"
        if none is not None and all("công bố" in o["label"].lower() for o in options if not o.get("none")):
            return none, "stop"
    return None, "stop"


# ------------------------------------------------------------------ checks --

def computed_max(node: dict[str, Any]) -> Decimal:
    if "options" in node:
        if node.get("kind") == "checklist":
            return sum((_d(o["points"]) for o in node["options"]), Decimal(0))
        return max(_d(o["points"]) for o in node["options"])
    if "subcriteria" in node:
        return sum((_d(s["max"]) for s in node["subcriteria"]), Decimal(0))
    if "cases" in node:
        return max(sum((_d(c["max"]) for c in case["criteria"]), Decimal(0)) for case in node["cases"])
    if "criteria" in node:
        return sum((_d(c["max"]) for c in node["criteria"]), Decimal(0))
    return sum((_d(s["max"]) for s in node["sections"]), Decimal(0))


def find_gaps(parts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every place whose declared maximum is not what the level below gives."""
    gaps = []

    def visit(node: dict[str, Any]) -> None:
        for key in ("sections", "cases", "criteria", "subcriteria"):
            for child in node.get(key, ()):
                visit(child)
        if "max" not in node:
            return  # a case: its criteria are checked against the section
        if "cases" in node or "sections" in node or "criteria" in node or "subcriteria" in node \
                or "options" in node:
            comp = computed_max(node)
            if node.get("kind") == "checklist":
                if _d(node["max"]) > comp:
                    gaps.append({"ref": node["id"], "declared": node["max"], "computed": _num(comp)})
                return
            if "cases" in node:
                short = [case for case in node["cases"]
                         if sum((_d(c["max"]) for c in case["criteria"]), Decimal(0)) != _d(node["max"])]
                if short:
                    gaps.append({"ref": node["id"], "declared": node["max"], "computed": _num(comp)})
                return
            if comp != _d(node["max"]):
                gaps.append({"ref": node["id"], "declared": node["max"], "computed": _num(comp)})

    for part in parts:
        visit(part)
    return gaps


# --------------------------------------------------------------- one set --

def uncertain_text(profile: str, t: dict[str, Any], effects_note: str, knock_basis: str,
                   gaps: list[dict[str, Any]]) -> str:
    lines = []
    cc = t.get("cross_check")
    if profile == "148-2023":
        if cc:
            diffs = cc.get("star_marker_differences") or []
            lines.append(
                "Đối chiếu với nguồn thứ hai (phiếu in của quyenncph25762/OCOP_SCORE): khớp toàn bộ phương án và "
                "điểm; hai nguồn có lẽ chép từ cùng một bản điện tử của quyết định (cùng lỗi chính tả)."
                + (f" Dấu sao khác nhau ở {len(diffs)} chỗ (giữ theo nguồn chính): " + "; ".join(diffs) + "."
                   if diffs else "")
            )
        else:
            lines.append(
                "Chỉ có một nguồn (tệp CSV của augustine-tran/ocop); "
                + ("các tổng khớp ở mọi cấp nhưng " if t.get("completeness") == "complete" else "")
                + "lời văn chưa đối chiếu với phụ lục chính thức."
            )
        lines.append("Quy tắc của dấu (***)/(****)/(*****) không được nguồn nêu thành lời; đọc là mức tối "
                     "thiểu của tiêu chí để đạt hạng sao tương ứng.")
        if t.get("cross_check") is None and t.get("subgroup") is None:
            lines.append("Nhóm sản phẩm suy theo vị trí trong danh sách 26 bộ; phân nhóm và bộ quản lý chưa xác nhận.")
    else:
        if cc and cc.get("summary"):
            lines.append("Đối chiếu hai nguồn độc lập (" + ", ".join(
                s["repository"] for s in t["sources"]) + "): " + cc["summary"] + ".")
            pts = [d for d in cc.get("differences") or () if d.get("kind") != "wording"]
            for d in pts:
                lines.append(
                    f"Khác điểm/phương án tại {d['where']}: nguồn chính «{d.get('primary_text')}» "
                    f"{d.get('primary_points')} điểm, nguồn kia «{d.get('secondary_text')}» "
                    f"{d.get('secondary_points')} điểm (giữ theo nguồn chính)."
                )
        else:
            lines.append("Chỉ có một nguồn (" + ", ".join(s["repository"] for s in t["sources"])
                         + "); chưa đối chiếu với nguồn thứ hai.")
        lines.append("Lời văn là bản chép gần đúng (hai nguồn khác nhau về cách viết), điểm đáng tin hơn lời văn.")
        if t.get("note"):
            lines.append("Ghi chú của bản chép: " + t["note"])
    if gaps:
        lines.append("Nguồn không cộng đủ điểm (không bù điểm; bộ này chưa dùng cho phiên mới cho đến khi có bản "
                     "sửa): " + "; ".join(f"{g['ref']} ghi {g['declared']} điểm, cấp dưới cộng được {g['computed']}"
                                         for g in gaps) + ".")
        remark = GAP_REMARKS.get((profile, str(t["set_no"]).zfill(2)))
        if remark:
            lines.append(remark)
    lines.append(knock_basis)
    if effects_note:
        lines.append(effects_note)
    return "\n".join(lines)


def convert(profile: str, path: Path) -> dict[str, Any]:
    t = json.loads(path.read_text(encoding="utf-8"))
    rel = f"sources/criteria/{profile}/{path.name}"  # as under shared/, wherever the copy is
    conv = Converter(profile, t)
    parts = conv.parts()
    group_id = GROUP_IDS[t["group"]]
    knockouts, knock_basis = conv.sheet_knockouts(group_id)
    reg = REGULATIONS[profile]
    stem = path.stem
    set_id = f"{profile}-{stem}"
    primary = next(s for s in t["sources"] if s.get("role") == "primary")
    transcript = f"{rel} (nguồn chính {primary['repository']}@{primary['commit']}: {primary['path']})"
    notes = list(conv.fixes)
    if conv.split_filled:
        split = "/".join(str(v) for v in SPLITS[profile].values())
        notes.append(f"Điểm tối đa của các phần ({split}) lấy theo mẫu phiếu của nguồn; dữ liệu nguồn không ghi.")
    if conv.star_cuts:
        notes.append(f"Dấu sao ở cuối nội dung ({conv.star_cuts} chỗ) được tách thành star_marker; phần lời "
                     "còn lại giữ nguyên.")
    if conv.untitled:
        notes.append(f"{conv.untitled} tiêu chí không có tên trong nguồn (mục chỉ có một tiêu chí) lấy tên của mục.")
    if conv.nones:
        notes.append(f"Thêm phương án «{NONE_SINGLE}» (0 điểm, none) vào {conv.nones} tiêu chí không có phương "
                     "án 0 điểm: trên giấy là không đánh dấu ô nào.")
    if conv.checklist_nones:
        notes.append(f"Thêm phương án «{NONE_CHECKLIST}» (0 điểm, none) vào {conv.checklist_nones} tiêu chí "
                     "chọn nhiều: không đánh dấu mục nào.")
    if t.get("checks_additive_reading"):
        notes.append("Các tiêu chí của Phần C là danh sách chọn nhiều (kind checklist, tối đa = tổng các mục, "
                     "theo cách đọc của bản chép); Phần A và B chọn một phương án.")
    effects_note = ""
    if conv.effects:
        effects_note = ("Điều kiện trong tiêu chí được gắn vào phương án thể hiện nó (effect): "
                        + ", ".join(conv.effects) + "; cách đọc này cần đối chiếu văn bản gốc.")
    status = "transcribed" if t["completeness"] == "complete" else "incomplete-source"
    gaps = find_gaps(parts)
    if status == "transcribed" and gaps:
        raise ValueError(f"{path}: complete transcript but gaps {gaps}")
    source = {
        "decision": reg["decision"],
        "date": reg["date"],
        "appendix": reg["appendix"],
        "set_name": t["product_set"],
        "transcript": transcript,
    }
    if t.get("set_variant") == "781-2020":
        source.update(AMENDED_1048)
    data: dict[str, Any] = {
        "format": FORMAT,
        "id": set_id,
        "title": f"Phiếu đánh giá sản phẩm OCOP: {t['product_set']} ({reg['regulation'].split(' ')[0]})",
        "regulation": reg["regulation"],
        "profile": profile,
        "group_id": group_id,
        "group": t["group"],
        "product_set": t["product_set"],
        "product_types": [t["product_set"]],
        "status": status,
        "checked": CHECKED,
        "uncertain": uncertain_text(profile, t, effects_note, knock_basis, gaps),
        "notes": "\n".join(notes) if notes else None,
        "source": source,
        "parts": parts,
        "knockouts": knockouts,
        "star_conditions": [],
    }
    if status == "incomplete-source":
        data["gaps"] = gaps
    return data


def transcript_files(root: Path, profile: str) -> list[Path]:
    return sorted((root / profile).glob("*.json"))


def build(root: Path) -> list[Path]:
    written = []
    offered: dict[str, list[dict[str, Any]]] = {}
    for profile in REGULATIONS:
        for path in transcript_files(root, profile):
            data = convert(profile, path)
            out = FORMS / "criteria" / profile / f"{data['id']}.json"
            write_json(out, data)
            written.append(out)
            offered.setdefault(profile, []).append(data)
    products = json.loads((root / "product-sets.json").read_text(encoding="utf-8"))
    for profile, sets in offered.items():
        out = FORMS / "classification" / f"{profile}.json"
        write_json(out, classification(profile, sets, products[REGULATIONS[profile]["regulation"]]))
        written.append(out)
    return written


def _set_no(set_id: str, profile: str) -> str:
    return set_id[len(profile) + 1:].split("-", 1)[0]


def classification(profile: str, sets: Iterable[dict[str, Any]], listing: dict[str, Any]) -> dict[str, Any]:
    """groups -> product sets -> product types, in the regulation's numbered order.

    A set number has one offered set: the transcribed one (for 1048 no. 26 the
    2020 tourism sheet `26b`); an incomplete transcript is listed beside it as
    `incomplete` so the dossier form can say why it is not offered.
    """
    by_no: dict[str, list[dict[str, Any]]] = {}
    for d in sets:
        by_no.setdefault(_set_no(d["id"], profile).rstrip("b"), []).append(d)
    groups: list[dict[str, Any]] = []
    index: dict[str, dict[str, Any]] = {}
    for entry in listing["sets"]:
        no = str(entry["set_no"]).rstrip("b")
        if str(entry["set_no"]).endswith("b"):
            continue
        candidates = by_no.get(f"{int(no):02d}", [])
        offered = [d for d in candidates if d["status"] == "transcribed"]
        chosen = offered[0] if offered else candidates[0]
        gid = GROUP_IDS[entry["group"]]
        group = index.get(gid)
        if group is None:
            group = {"id": gid, "title": entry["group"], "sets": []}
            index[gid] = group
            groups.append(group)
        item: dict[str, Any] = {
            "set_no": int(no),
            "product_set": entry["product_set"],
            "set_id": chosen["id"],
            "status": chosen["status"],
        }
        if entry.get("subgroup"):
            item["subgroup"] = entry["subgroup"]
        if entry.get("managing_ministry"):
            ministry = entry["managing_ministry"]
            item["managing_ministry"] = ministry if isinstance(ministry, list) else [ministry]
        others = [d["id"] for d in candidates if d is not chosen]
        if others:
            item["also_shipped"] = others
        item["product_types"] = list(chosen["product_types"])
        group["sets"].append(item)
    return {
        "format": CLASSIFICATION_FORMAT,
        "profile": profile,
        "regulation": REGULATIONS[profile]["regulation"],
        "source": listing.get("sets_source") or listing.get("groups_source"),
        "groups": groups,
    }
